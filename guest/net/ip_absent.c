/*
 * guest/net/ip_absent.c - TEMPORARY: removed when the stack merges.
 *
 * The five services tcp.h says IP provides, as an interface with no route
 * and no clock, so this branch's kernel links before the IP layer (branch
 * `stack`) arrives.  Nothing calls TCP yet, so none of this runs.
 */
#include "net/tcp.h"
#include "sys/linux.h"

int ip_output(uint32_t src, uint32_t dst, uint8_t proto, const void *payload, uint32_t len)
{
	(void)src, (void)dst, (void)proto, (void)payload, (void)len;
	return -101;                               /* -ENETUNREACH */
}

uint32_t ip_route_source(uint32_t dst)
{
	(void)dst;
	return 0;
}

uint32_t ip_route_mss(uint32_t dst)
{
	(void)dst;
	return 536;
}

uint16_t inet_pseudo_checksum(uint32_t src, uint32_t dst, uint8_t proto,
			      const void *data, uint32_t len)
{
	(void)src, (void)dst, (void)proto, (void)data, (void)len;
	return 0xffff;                             /* no segment ever checks */
}

uint64_t net_now_ms(void)
{
	return 0;
}
