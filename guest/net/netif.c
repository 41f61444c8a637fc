/*
 * netif.c - the table of network interfaces: lo and one per VMI network
 * device, with their addresses, flags and counters.
 *
 * An interface's address comes with a connected route (its subnet on it);
 * changing the address or mask (ifconfig, the boot options) replaces that
 * route.  The table is small and fixed; interfaces are never removed.
 * Transmit batches (net.h) are counted here and flushed per interface.
 */
#include "net/net.h"
#include "lib/klib.h"

static struct netif ifs[NETIF_MAX];
static int nifs;
static int batch_depth;                  /* open transmit batches (net.h) */

struct netif *netif_add(const char *name)
{
	struct netif *nif;

	if (nifs == NETIF_MAX)
		return NULL;
	nif = &ifs[nifs++];
	memset(nif, 0, sizeof(*nif));
	snprintf(nif->name, sizeof(nif->name), "%s", name);
	nif->index = nifs;
	return nif;
}

struct netif *netif_at(int i)
{
	return i >= 0 && i < nifs ? &ifs[i] : NULL;
}

struct netif *netif_by_name(const char *name)
{
	for (int i = 0; i < nifs; i++)
		if (strncmp(ifs[i].name, name, IFNAMSIZ) == 0)
			return &ifs[i];
	return NULL;
}

struct netif *netif_by_index(int index)
{
	return netif_at(index - 1);
}

struct netif *netif_by_addr(uint32_t addr)
{
	for (int i = 0; i < nifs; i++)
		if (ifs[i].addr == addr && (ifs[i].flags & IFF_UP))
			return &ifs[i];
	return NULL;
}

/* Addressed to this host: one of our addresses, a subnet's or the
 * limited broadcast, or anything in 127/8 (lo's whole subnet is ours). */
int netif_is_local(uint32_t addr)
{
	if (addr == INADDR_BROADCAST || (addr >> 24) == 127)
		return 1;
	for (int i = 0; i < nifs; i++) {
		struct netif *n = &ifs[i];

		if (!(n->flags & IFF_UP) || !n->addr)
			continue;
		if (addr == n->addr || (n->mask != 0xFFFFFFFFu && addr == (n->addr | ~n->mask)))
			return 1;
	}
	return 0;
}

/* The link's RUNNING is the device's, and the other flags are fixed. */
void netif_set_up(struct netif *nif, int up)
{
	nif->flags = (nif->flags & ~(uint32_t)IFF_UP) | (up ? IFF_UP : 0);
	if (!up)
		arp_flush_netif(nif);
}

int netif_set_mtu(struct netif *nif, uint32_t mtu)
{
	if (mtu < IP_MIN_MTU || mtu > nif->mtu_max)
		return -EINVAL;
	nif->mtu = mtu;
	return 0;
}

void netif_set_addr(struct netif *nif, uint32_t addr, uint32_t mask)
{
	route_del_netif(nif, 1);
	if (nif->addr != addr)
		arp_flush_netif(nif);
	nif->addr = addr;
	nif->mask = mask;
	if (addr)
		route_add(addr & mask, mask, 0, nif, 0);
}

void net_tx_batch_begin(void)
{
	batch_depth++;
}

void net_tx_batch_end(void)
{
	if (--batch_depth > 0)
		return;
	for (int i = 0; i < nifs; i++)
		if (ifs[i].flush)
			ifs[i].flush(&ifs[i]);
}

int net_tx_batching(void)
{
	return batch_depth > 0;
}
