/*
 * net_ioctl.c - the interface and routing ioctls on any socket, as BusyBox
 * ifconfig and route use them: SIOCGIFCONF (the list of addressed
 * interfaces), SIOCGIF* and SIOCSIF{FLAGS,ADDR,NETMASK,MTU} on one interface
 * named in a struct ifreq, and SIOCADDRT/SIOCDELRT with a struct rtentry.
 * Changing anything needs root (we only have root).
 */
#include "net/net.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

static void sa_put(struct linux_sockaddr *sa, uint32_t addr)
{
	struct linux_sockaddr_in *sin = (struct linux_sockaddr_in *)sa;

	memset(sa, 0, sizeof(*sa));
	sin->family = AF_INET;
	sin->addr = bswap32(addr);
}

static int sa_get(const struct linux_sockaddr *sa, uint32_t *addr)
{
	const struct linux_sockaddr_in *sin = (const struct linux_sockaddr_in *)sa;

	if (sin->family != AF_INET)
		return -EINVAL;
	*addr = bswap32(sin->addr);
	return 0;
}

static int ifconf(uint32_t arg)
{
	struct linux_ifconf ifc;
	int32_t len = 0;

	if (copy_from_user(&ifc, (void *)arg, sizeof(ifc)))
		return -EFAULT;
	for (int i = 0; i < NETIF_MAX; i++) {
		struct netif *nif = netif_at(i);
		struct linux_ifreq r;

		if (!nif || !nif->addr)
			continue;
		if (ifc.buf) {
			if (len + (int32_t)sizeof(r) > ifc.len)
				break;
			memset(&r, 0, sizeof(r));
			memcpy(r.name, nif->name, IFNAMSIZ);
			sa_put(&r.u.addr, nif->addr);
			if (copy_to_user((void *)(ifc.buf + (uint32_t)len), &r, sizeof(r)))
				return -EFAULT;
		}
		len += (int32_t)sizeof(r);
	}
	ifc.len = len;
	return copy_to_user((void *)arg, &ifc, sizeof(ifc)) ? -EFAULT : 0;
}

/* The SIOCGIF* that only read.  Like Linux, the address calls of an
 * interface without an address are EADDRNOTAVAIL (ifconfig omits them). */
static int if_get(struct netif *nif, uint32_t cmd, struct linux_ifreq *r)
{
	if (!nif->addr && (cmd == SIOCGIFADDR || cmd == SIOCGIFNETMASK ||
			   cmd == SIOCGIFBRDADDR || cmd == SIOCGIFDSTADDR))
		return -EADDRNOTAVAIL;
	switch (cmd) {
	case SIOCGIFFLAGS: r->u.ivalue = (int32_t)nif->flags; break;
	case SIOCGIFADDR: sa_put(&r->u.addr, nif->addr); break;
	case SIOCGIFNETMASK: sa_put(&r->u.addr, nif->mask); break;
	case SIOCGIFBRDADDR:
		sa_put(&r->u.addr, nif->flags & IFF_BROADCAST ? nif->addr | ~nif->mask : 0);
		break;
	case SIOCGIFDSTADDR: sa_put(&r->u.addr, 0); break;
	case SIOCGIFMTU: r->u.ivalue = (int32_t)nif->mtu; break;
	case SIOCGIFINDEX: r->u.ivalue = nif->index; break;
	case SIOCGIFMETRIC: r->u.ivalue = 0; break;
	case SIOCGIFTXQLEN: r->u.ivalue = nif->flags & IFF_LOOPBACK ? 0 : 1000; break;
	case SIOCGIFMAP: memset(&r->u, 0, sizeof(r->u)); break;
	case SIOCGIFHWADDR:
		memset(&r->u.addr, 0, sizeof(r->u.addr));
		r->u.addr.family = nif->flags & IFF_LOOPBACK ? ARPHRD_LOOPBACK : ARPHRD_ETHER;
		memcpy(r->u.addr.data, nif->mac, ETH_ALEN);
		break;
	default:
		return -ENOTTY;
	}
	return 0;
}

static int if_set(struct netif *nif, uint32_t cmd, const struct linux_ifreq *r)
{
	uint32_t a;
	int rc;

	switch (cmd) {
	case SIOCSIFFLAGS:
		netif_set_up(nif, r->u.ivalue & IFF_UP);
		return 0;
	case SIOCSIFMTU:
		return r->u.ivalue < 0 ? -EINVAL : netif_set_mtu(nif, (uint32_t)r->u.ivalue);
	case SIOCSIFADDR:
		if ((rc = sa_get(&r->u.addr, &a)) < 0)
			return rc;
		/* Like Linux: a new address brings its class's natural mask. */
		netif_set_addr(nif, a, (a >> 24) < 128 ? 0xFF000000u : (a >> 24) < 192 ?
			       0xFFFF0000u : 0xFFFFFF00u);
		return 0;
	case SIOCSIFNETMASK:
		if ((rc = sa_get(&r->u.addr, &a)) < 0)
			return rc;
		if (~a & (~a + 1))                    /* not a contiguous mask */
			return -EINVAL;
		netif_set_addr(nif, nif->addr, a);
		return 0;
	case SIOCSIFBRDADDR:
		return 0;                             /* always addr | ~mask */
	default:
		return -ENOTTY;
	}
}

static int ifreq_ioctl(uint32_t cmd, uint32_t arg)
{
	struct linux_ifreq r;
	struct netif *nif;
	int rc;

	if (copy_from_user(&r, (void *)arg, sizeof(r)))
		return -EFAULT;
	if (cmd == SIOCGIFNAME) {
		if (!(nif = netif_by_index(r.u.ivalue)))
			return -ENODEV;
		memcpy(r.name, nif->name, IFNAMSIZ);
		return copy_to_user((void *)arg, &r, sizeof(r)) ? -EFAULT : 0;
	}
	r.name[IFNAMSIZ - 1] = 0;
	if (!(nif = netif_by_name(r.name)))
		return -ENODEV;
	if ((rc = if_get(nif, cmd, &r)) == 0)
		return copy_to_user((void *)arg, &r, sizeof(r)) ? -EFAULT : 0;
	return rc == -EADDRNOTAVAIL ? rc : if_set(nif, cmd, &r);
}

static int route_ioctl(uint32_t cmd, uint32_t arg)
{
	struct linux_rtentry rt;
	struct netif *nif = NULL;
	uint32_t dst, gw = 0, mask = 0xFFFFFFFFu;
	char name[IFNAMSIZ];

	if (copy_from_user(&rt, (void *)arg, sizeof(rt)))
		return -EFAULT;
	if (sa_get(&rt.dst, &dst) < 0)
		return -EINVAL;
	if (!(rt.flags & RTF_HOST) && sa_get(&rt.genmask, &mask) < 0)
		mask = dst ? 0xFFFFFFFFu : 0;
	if ((rt.flags & RTF_GATEWAY) && sa_get(&rt.gateway, &gw) < 0)
		return -EINVAL;
	if (rt.dev) {
		if (strncpy_from_user(name, (const char *)rt.dev, IFNAMSIZ) < 0)
			return -EFAULT;
		if (!(nif = netif_by_name(name)))
			return -ENODEV;
	}
	if (cmd == SIOCDELRT)
		return route_del(dst & mask, mask, gw, nif);
	if (!nif) {                               /* the interface that reaches gw */
		const struct route *r = gw ? route_lookup(gw) : NULL;

		if (!r || r->gw)
			return -ENETUNREACH;
		nif = r->nif;
	}
	return route_add(dst & mask, mask, gw, nif, rt.metric > 0 ? rt.metric - 1 : 0);
}

int net_ifioctl(uint32_t cmd, uint32_t arg)
{
	switch (cmd) {
	case SIOCGIFCONF:
		return ifconf(arg);
	case SIOCADDRT:
	case SIOCDELRT:
		return route_ioctl(cmd, arg);
	default:
		if ((cmd & 0xFF00) == 0x8900)
			return ifreq_ioctl(cmd, arg);
		return -ENOTTY;
	}
}
