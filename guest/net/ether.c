/*
 * ether.c - Ethernet framing: incoming frames to ARP or IP by type (only
 * those addressed to our MAC or broadcast; AF_PACKET sockets get copies
 * first), outgoing IP packets to the next hop's MAC, which ARP resolves
 * (queueing the packet meanwhile).
 */
#include "net/net.h"
#include "lib/klib.h"

static const uint8_t bcast[ETH_ALEN] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

void ether_input(struct netif *nif, const uint8_t *frame, uint32_t len)
{
	uint16_t type;

	if (len < ETH_HLEN) {
		nif->st.rx_errors++;
		return;
	}
	if (memcmp(frame, nif->mac, ETH_ALEN) != 0 && memcmp(frame, bcast, ETH_ALEN) != 0)
		return;                                  /* not for us */
	packet_input(nif, frame, len);
	type = get16(frame + 12);
	if (type == ETH_P_ARP)
		arp_input(nif, frame + ETH_HLEN, len - ETH_HLEN);
	else if (type == ETH_P_IP)
		ip_input(nif, frame + ETH_HLEN, len - ETH_HLEN);
	else
		nif->st.rx_dropped++;
}

int ether_output(struct netif *nif, uint32_t nh, const void *pkt, uint32_t len)
{
	uint8_t mac[ETH_ALEN];

	if (nif->flags & IFF_LOOPBACK)
		return nif->xmit(nif, bcast, ETH_P_IP, pkt, len);
	if (nh == INADDR_BROADCAST || (nif->mask != 0xFFFFFFFFu && nh == (nif->addr | ~nif->mask)))
		return nif->xmit(nif, bcast, ETH_P_IP, pkt, len);
	if (arp_resolve(nif, nh, mac))
		return nif->xmit(nif, mac, ETH_P_IP, pkt, len);
	return arp_queue(nif, nh, pkt, len);
}
