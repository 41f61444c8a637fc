/*
 * hostile/iso_trap_stack - attack: in address-space isolation the trap
 * stack (the page TSS.esp0 names, where the processor leaves a guest's
 * trap frame) is writable in the guest's view, by design.  The guest
 * kernel fills it with forged hypervisor frames - the hypervisor's code
 * selector, eip at a function of its own, IOPL 3 - and then enters the
 * hypervisor every way there is: a hypercall, a reflected exception, a
 * page fault, a refused iret (HC_IRET), a timer interrupt while it spins.
 * Containment: the hypervisor only ever uses the copy of a frame it made
 * on its own stack: every entry comes back as it should, the forged
 * function never runs, eflags never gets IOPL, and the hypervisor and the
 * victim run on.  Only meaningful in address-space mode without enforced
 * limits (elsewhere the trap stack is the hypervisor's own): SKIP there.
 */
#include "iso_harness.h"
#include "raw_hypercall.h"

const char test_title[] = "forged frames on the trap stack are never used";

#define FRAME_WORDS 19                  /* hypervisor/hv.h struct hv_regs */
#define F_EIP 14
#define F_CS 15
#define F_EFLAGS 16

static volatile unsigned landed, traps;

/* Where a forged frame would send the processor. */
static void landing(void)
{
	landed++;
	for (;;)
		;
}

/* The whole trap stack page: forged frames, the last one at its top. */
static void forge(void)
{
	volatile uint32_t *page = (volatile uint32_t *)iso.stack;

	for (uint32_t i = 0; i < VMI_PAGE_SIZE / 4; i++) {
		uint32_t slot = (i + FRAME_WORDS - VMI_PAGE_SIZE / 4 % FRAME_WORDS) % FRAME_WORDS;
		page[i] = slot == F_CS ? PVHV_HV_CS : slot == F_EFLAGS ? EFLAGS_IOPL | 0x2 :
			  (uint32_t)landing;
	}
}

static void on_trap(struct trap_regs *r)
{
	traps++;
	r->f.eip = r1_resume;
}

static void check_back(const char *what, unsigned want_traps)
{
	printf("after %s: back in the guest kernel, nothing forged used\n", what);
	CHECK_EQ(traps, want_traps);
	CHECK_EQ(landed, 0);
	CHECK_EQ(read_eflags() & EFLAGS_IOPL, 0);
}

void test_main(void)
{
	static const uint32_t bad_frame[3] = { 0, PVHV_HV_CS, 0x2 };
	unsigned ticks = timer_ticks;

	iso_setup();
	if (iso.mode != PVHV_ISOLATION_ADDRESS_SPACES || iso.limits) {
		test_skip("the trap stack is in a guest's reach only in address-space mode");
		return;
	}
	for (unsigned v = 0; v < VMI_NR_EXCEPTIONS; v++)
		trap_set_handler(v, on_trap);
	printf("attack: forged frames on the trap stack, then a hypercall\n");
	forge();
	CHECK_RET(hc(HC_EVENT_CHECK, 0, 0, 0), 0);
	check_back("the hypercall", 0);
	printf("attack: forged frames, then a reflected exception (ud2)\n");
	forge();
	R1_TRY("", "ud2");
	check_back("the exception", 1);
	printf("attack: forged frames, then a page fault\n");
	forge();
	R1_TRY("xorl %%eax, %%eax", "movl (%%eax), %%eax");
	check_back("the page fault", 2);
	printf("attack: forged frames, then a refused iret (HC_IRET)\n");
	forge();
	iret_forge(bad_frame, 3);
	check_back("the refused iret", 3);
	printf("attack: forged frames, then a timer interrupt while spinning\n");
	forge();
	vmi_irq_enable();
	timer_arm(1000000);
	CHECK_EQ(timer_wait(ticks), 1);
	check_back("the timer interrupt", 3);
}
