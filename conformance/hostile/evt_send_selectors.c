/*
 * hostile/evt_send_selectors - attack on the send's fast path
 * (hypervisor/entry.S, fast_send): it saves none of the guest's segment
 * registers - it loads the kernel data selector back into ds and es on
 * its way out and never touches fs and gs - which gives the guest back
 * what it had only when ds and es held the kernel data selector; any
 * other send must take the general path.  Here HC_EVTCHN_SEND is made
 * with the user data selector, null and a TLS selector in all four
 * segment registers, with the kernel's in only one of ds and es, and with
 * the kernel's in both and a TLS or null selector in fs and gs (the fast
 * path itself).  Containment: every send succeeds and makes its port
 * pending once, and every segment register comes back as it was.  A fast
 * path that skipped its check of ds or of es would hand back the kernel
 * data selector in it (checked by hand for each).
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "the send's fast path gives back every segment register";

struct segs { uint32_t ds, es, fs, gs; };

/* HC_EVTCHN_SEND(port) with the given ds, es and fs = gs = fg; what the
 * four registers held on the way back.  Only the stack (ss) is used
 * while ds may be null. */
static int32_t send_with(uint32_t port, uint32_t ds_in, uint32_t es_in, uint32_t fg,
			 struct segs *out)
{
	int32_t rc;
	uint32_t ds, es = es_in, fs = fg, gs = ds_in;  /* in: EDX es, ESI fs/gs, EDI ds */

	__asm__ volatile("pushl %%ds\n\tpushl %%es\n\tpushl %%fs\n\tpushl %%gs\n\t"
	                 "movl %%esi, %%fs\n\tmovl %%esi, %%gs\n\t"
	                 "movl %%edx, %%es\n\tmovl %%edi, %%ds\n\t"
	                 "int $0x82\n\t"
	                 "movl %%ds, %%ecx\n\tmovl %%es, %%edx\n\t"
	                 "movl %%fs, %%esi\n\tmovl %%gs, %%edi\n\t"
	                 "popl %%gs\n\tpopl %%fs\n\tpopl %%es\n\tpopl %%ds"
	                 : "=a"(rc), "=c"(ds), "+d"(es), "+S"(fs), "+D"(gs), "+b"(port)
	                 : "a"(HC_EVTCHN_SEND)
	                 : "memory");
	*out = (struct segs){ ds & 0xFFFF, es & 0xFFFF, fs & 0xFFFF, gs & 0xFFFF };
	return rc;
}

static void attack(const char *what, int a, int b, uint32_t ds, uint32_t es, uint32_t fg)
{
	struct segs got;

	printf("attack: %s (ds %#x, es %#x, fs/gs %#x)\n", what, ds, es, fg);
	CHECK_RET(send_with((uint32_t)b, ds, es, fg, &got), 0);
	CHECK_EQ(got.ds, ds);
	CHECK_EQ(got.es, es);
	CHECK_EQ(got.fs, fg);
	CHECK_EQ(got.gs, fg);
	CHECK_EQ(vmi_evtchn_next_pending(), a);
	CHECK_EQ(vmi_evtchn_next_pending(), -1);
}

void test_main(void)
{
	uint32_t first = test_bi->tls_gdt_first, lim = test_bi->seg_limit >> 12;
	uint32_t tls = (first << 3) | 3, kds = test_bi->kernel_ds, uds = test_bi->user_ds;
	int a = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	int b = a > 0 ? vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, (uint32_t)a) : -1;

	CHECK_GT(a, 0);
	CHECK_GT(b, 0);
	CHECK_RET(vmi_write_gdt_entry(first, vmi_seg_desc(0, lim, 0xF2, 0xC)), 0);
	vmi_irq_disable();                  /* pending, taken by hand */
	attack("user data selectors", a, b, uds, uds, uds);
	attack("null selectors", a, b, 0, 0, 0);
	attack("TLS selectors", a, b, tls, tls, tls);
	attack("kernel ds, user es", a, b, kds, uds, kds);
	attack("user ds, kernel es", a, b, uds, kds, kds);
	attack("kernel ds and es, TLS fs and gs", a, b, kds, kds, tls);
	attack("kernel ds and es, null fs and gs", a, b, kds, kds, 0);
	vmi_irq_enable();
}
