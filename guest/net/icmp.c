/*
 * icmp.c - ICMP (RFC 792): echo requests answered, every message shown to
 * raw ICMP sockets (BusyBox ping), echo replies to ping sockets, and
 * destination-unreachable errors turned into a UDP socket's pending error
 * (ECONNREFUSED for a closed port).  We send errors for closed UDP ports
 * and unknown protocols, never about an ICMP error or a broadcast.
 */
#include "net/net.h"
#include "net/tcp.h"
#include "lib/klib.h"

#define ICMP_HLEN 8
#define ICMP_ERR_DATA (IP_HLEN + 8)        /* the offending header + 8 bytes */

static uint8_t msg[NET_PKT_MAX];

static int unreach_errno(int code)
{
	switch (code) {
	case 2: return ENOPROTOOPT;
	case 3: return ECONNREFUSED;
	case 4: return EMSGSIZE;
	case 0: case 6: return ENETUNREACH;
	default: return EHOSTUNREACH;
	}
}

void icmp_input(uint32_t src, uint32_t dst, const uint8_t *ip, uint32_t iplen,
		const uint8_t *m, uint32_t len)
{
	if (len < ICMP_HLEN || inet_checksum(m, len) != 0)
		return;
	raw_input(src, ip, iplen);
	switch (m[0]) {
	case ICMP_ECHO:
		if (len > sizeof(msg) || dst == INADDR_BROADCAST)
			return;
		memcpy(msg, m, len);
		msg[0] = ICMP_ECHOREPLY;
		put16(msg + 2, 0);
		put16(msg + 2, inet_checksum(msg, len));
		ip_output(netif_by_addr(dst) ? dst : 0, src, IPPROTO_ICMP, msg, len);
		break;
	case ICMP_ECHOREPLY:
		ping_input(src, m, len);
		break;
	case ICMP_UNREACH:
		if (len >= ICMP_HLEN + ICMP_ERR_DATA && m[ICMP_HLEN + 9] == IPPROTO_UDP)
			udp_error(m + ICMP_HLEN, len - ICMP_HLEN, unreach_errno(m[1]));
		break;
	default:
		break;
	}
}

void icmp_error(int type, int code, const uint8_t *ip, uint32_t len)
{
	uint32_t hl = (ip[0] & 15u) * 4, n = hl + 8;

	if (ip[9] == IPPROTO_ICMP && len > hl && ip[hl] != ICMP_ECHO && ip[hl] != ICMP_ECHOREPLY)
		return;                            /* never an error about an error */
	if (n > len)
		n = len;
	memset(msg, 0, ICMP_HLEN);
	msg[0] = (uint8_t)type;
	msg[1] = (uint8_t)code;
	memcpy(msg + ICMP_HLEN, ip, n);
	put16(msg + 2, inet_checksum(msg, ICMP_HLEN + n));
	ip_output(0, get32(ip + 12), IPPROTO_ICMP, msg, ICMP_HLEN + n);
}
