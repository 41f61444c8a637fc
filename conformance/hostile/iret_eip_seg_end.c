/*
 * hostile/iret_eip_seg_end - attack: a hypercall whose return address lies
 * just past the end of the guest's code segment.  The guest's shared-info
 * page is the last page below the segment limit and the guest may write
 * it (no NX without PAE: it may run it too), so it puts `int $0x82` in the
 * page's last two bytes and jumps there.  The hypervisor's way back would
 * then iret to seg_limit + 1: a fault in ring 0 where the processor checks
 * the limit, the hypervisor's own code run in ring 1 where it does not.
 * Containment: natively, the fetch past the limit faults: #GP(0) reflected
 * to the guest kernel with eip = seg_limit + 1 and a ring-1 cs, once per
 * attempt, for a hypercall that switches nothing (HC_EVENT_CHECK), one
 * that may switch domains (a yield) and the send with its own fast path
 * (HC_EVTCHN_SEND, hypervisor/entry.S, which must leave this frame to the
 * general path); events still work afterwards.
 */
#include "insn_harness.h"
#include <vmi/pvhv.h>

const char test_title[] = "a hypercall returning past the segment limit gets #GP";

static uint32_t saved_esp;

static void attempt(const char *what, uint32_t nr, uint32_t arg)
{
	uint32_t at = PVHV_SHARED_INFO_VA + VMI_PAGE_SIZE - 2;
	unsigned before = r1_caught.count;
	char msg[160];

	/* jump there; the #GP handler (r1_on_trap) resumes at 1: */
	__asm__ volatile("movl %%esp, %[sv]\n\tmovl $1f, %[res]\n\tjmp *%%ecx\n"
	                 "1:\tmovl %[sv], %%esp"
	                 : [sv] "+m"(saved_esp), [res] "=m"(r1_resume),
	                   "+a"(nr), "+b"(arg), "+c"(at)
	                 : : "memory", "cc", "edx", "esi", "edi");
	if (r1_caught.count == before + 1 && r1_caught.vector == 13 && r1_caught.error == 0 &&
	    r1_caught.eip == test_bi->seg_limit + 1 && r1_caught.cs == test_bi->kernel_cs) {
		snprintf(msg, sizeof msg, "%s: #GP(0) at seg_limit + 1, ring-1 frame", what);
		test_pass(msg);
	} else {
		test_fail(__FILE__, __LINE__, "%s: %u traps, vector %u error %#x cs %#x eip %#x",
		          what, r1_caught.count - before, r1_caught.vector, r1_caught.error,
		          r1_caught.cs, r1_caught.eip);
	}
}

void test_main(void)
{
	volatile uint8_t *end = (volatile uint8_t *)(PVHV_SHARED_INFO_VA + VMI_PAGE_SIZE - 2);
	unsigned ticks;

	CHECK_EQ(test_bi->seg_limit, PVHV_SHARED_INFO_VA + VMI_PAGE_SIZE - 1);
	CHECK_LE(sizeof(struct pvhv_shared_info), VMI_PAGE_SIZE - 2);
	r1_catch_all();
	end[0] = 0xCD;                              /* int $0x82 */
	end[1] = 0x82;
	attempt("HC_EVENT_CHECK", HC_EVENT_CHECK, 0);
	attempt("SCHEDOP_YIELD", HC_SCHED_OP, SCHEDOP_YIELD);
	attempt("HC_EVTCHN_SEND", HC_EVTCHN_SEND, 0);
	ticks = timer_ticks;
	vmi_irq_enable();
	timer_arm(1000000);
	CHECK_EQ(timer_wait(ticks), 1);
}
