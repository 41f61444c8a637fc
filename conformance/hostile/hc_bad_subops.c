/*
 * hostile/hc_bad_subops - attack: valid hypercalls with unknown sub-commands
 * (sched, mmuext, evtchn, timer, console); containment: -VMI_EINVAL /
 * -VMI_ENOSYS, state unchanged.
 *
 * Every hypercall that takes a command in EBX gets 0x7FFFFFFF and
 * 0xFFFFFFFF and the first number past its last command, with arguments
 * that would matter to a real command.  Results: -VMI_EINVAL (sched,
 * mmuext, timer, console) and -VMI_ENOSYS (evtchn, as natively).  Nothing
 * happens: no port allocated, an armed timer still fires exactly once at
 * its deadline, the live L2 still pinned, the domain still running.
 * MMUEXT_INVLPG of a hypervisor address is ignored (0).
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "unknown hypercall sub-commands are refused";

#define MS 1000000ull

static volatile unsigned fired;

static void on_timer(unsigned port, struct trap_regs *r)
{
	(void)port; (void)r;
	fired++;
}

void test_main(void)
{
	static const struct { uint32_t nr, first_bad; int32_t want; const char *name; } calls[] = {
		{ HC_SCHED_OP, SCHEDOP_SHUTDOWN + 1, -VMI_EINVAL, "sched_op" },
		{ HC_MMUEXT_OP, MMUEXT_INVLPG + 1, -VMI_EINVAL, "mmuext_op" },
		{ HC_EVTCHN_OP, EVTCHNOP_CLOSE + 1, -VMI_ENOSYS, "evtchn_op" },
		{ HC_TIMER_OP, TIMEROP_CANCEL + 1, -VMI_EINVAL, "timer_op" },
		{ HC_CONSOLE_IO, CONSOLEIO_READ + 1, -VMI_EINVAL, "console_io" },
	};
	static char buf[16];
	uint32_t l2m = vmi_pfn_to_mfn(pt_current_l2);
	uint64_t t;
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);

	CHECK_RET(port, 1);
	event_set_handler(1, on_timer);
	t = vmi_time_ns();
	CHECK_RET(vmi_timer_set(t + 20 * MS), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(calls); i++) {
		uint32_t cmds[3] = { calls[i].first_bad, 0x7FFFFFFF, 0xFFFFFFFFu };
		printf("attack: %s with unknown commands\n", calls[i].name);
		for (unsigned k = 0; k < 3; k++)
			CHECK_RET(hc(calls[i].nr, cmds[k], l2m, (uint32_t)buf), calls[i].want);
	}
	printf("attack: invlpg of hypervisor addresses\n");
	CHECK_RET(hc(HC_MMUEXT_OP, MMUEXT_INVLPG, PVHV_HV_BASE, 0), 0);
	CHECK_RET(hc(HC_MMUEXT_OP, MMUEXT_INVLPG, 0xFFFFF000u, 0), 0);

	/* State unchanged: no port taken, live L2 pinned, the timer fires once. */
	CHECK_RET(vmi_pt_pin(pt_current_l2, 2), -VMI_EBUSY);
	vmi_irq_enable();
	while (!fired && vmi_time_ns() < t + 2000 * MS)
		;
	while (vmi_time_ns() < t + 60 * MS)
		;
	vmi_irq_disable();
	CHECK_EQ(fired, 1);
	port = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	CHECK_RET(port, 2);
	CHECK_RET(vmi_evtchn_close(port), 0);
}
