/*
 * tcp_absent.c - temporary: removed when tcp merges.
 *
 * TCP itself (guest/net/tcp*.c) is written on another branch against
 * tcp.h; until it is merged these stand-ins keep the kernel linking: no
 * TCP socket can be created (tcp_new returns null: -ENOBUFS), incoming
 * segments are dropped and no timer is ever pending.  The rest are never
 * reached without a pcb.
 */
#include "net/tcp.h"
#include "sys/linux.h"

#define ABSENT_ENOPROTOOPT 92

void tcp_init(void) {}
void tcp_input(uint32_t src, uint32_t dst, const uint8_t *seg, uint32_t len)
{
	(void)src, (void)dst, (void)seg, (void)len;
}
void tcp_tick(uint64_t now_ms) { (void)now_ms; }
int tcp_active(void) { return 0; }
struct tcp_pcb *tcp_new(void) { return 0; }
int tcp_bind(struct tcp_pcb *p, uint32_t a, uint16_t port) { (void)p, (void)a, (void)port; return -EINVAL; }
int tcp_listen(struct tcp_pcb *p, int b) { (void)p, (void)b; return -EINVAL; }
int tcp_connect(struct tcp_pcb *p, uint32_t a, uint16_t port) { (void)p, (void)a, (void)port; return -EINVAL; }
struct tcp_pcb *tcp_accept(struct tcp_pcb *l) { (void)l; return 0; }
int tcp_send(struct tcp_pcb *p, const void *b, uint32_t n) { (void)p, (void)b, (void)n; return -EPIPE; }
int tcp_recv(struct tcp_pcb *p, void *b, uint32_t n, int peek) { (void)p, (void)b, (void)n, (void)peek; return 0; }
int tcp_shutdown(struct tcp_pcb *p, int how) { (void)p, (void)how; return -EINVAL; }
void tcp_close(struct tcp_pcb *p) { (void)p; }
void tcp_abort(struct tcp_pcb *p) { (void)p; }
int tcp_poll(struct tcp_pcb *p) { (void)p; return POLLERR; }
int tcp_error(struct tcp_pcb *p) { (void)p; return 0; }
void tcp_local(struct tcp_pcb *p, uint32_t *a, uint16_t *port) { (void)p; *a = 0; *port = 0; }
void tcp_remote(struct tcp_pcb *p, uint32_t *a, uint16_t *port) { (void)p; *a = 0; *port = 0; }
int tcp_setopt(struct tcp_pcb *p, int l, int o, int v) { (void)p, (void)l, (void)o, (void)v; return -ABSENT_ENOPROTOOPT; }
int tcp_getopt(struct tcp_pcb *p, int l, int o, int *v) { (void)p, (void)l, (void)o, (void)v; return -ABSENT_ENOPROTOOPT; }
int tcp_state(struct tcp_pcb *p) { (void)p; return 7; }
