/*
 * fault.c - exceptions raised on purpose, handled, and resumed.
 *
 * A page fault: the guest touches an address nothing maps, its #PF handler
 * checks the fault address (vmi_fault_address, the virtual CR2) and error
 * code, maps a fresh frame there and returns; the faulting store is retried
 * and succeeds.  A breakpoint: int3 reaches its handler with eip already past
 * the instruction, so returning simply continues.  Both go through the trap
 * stubs and vmi_iret, which is what the self-check judges.
 */
#include "kernel.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"
#include "lib/kernel/pt.h"
#include "lib/kernel/trap.h"

#define PF_VECTOR 14
#define BP_VECTOR 3
#define PF_ERR_PRESENT 0x1u  /* set: protection fault; clear: not present */
#define PF_ERR_WRITE   0x2u
#define PF_ERR_USER    0x4u

/* In user space, which the kernel leaves empty: certainly unmapped. */
#define FAULT_VA 0x40000000u
#define PATTERN  0x5EA5F00Du

static volatile unsigned pf_count, pf_good, bp_count;
static volatile int value_ok;

/* Expected only for FAULT_VA: a kernel write to a page not present. */
static void pf_handler(struct trap_regs *r)
{
	uint32_t addr = vmi_fault_address();
	int rc;

	pf_count++;
	if ((addr & ~(VMI_PAGE_SIZE - 1)) != FAULT_VA)
		panic("unexpected page fault at 0x%x (eip 0x%x, error 0x%x)",
		      addr, r->f.eip, r->f.error_code);
	if (addr == FAULT_VA &&
	    (r->f.error_code & (PF_ERR_PRESENT | PF_ERR_WRITE | PF_ERR_USER)) == PF_ERR_WRITE)
		pf_good++;
	rc = pt_map(pt_current_l2, FAULT_VA, frame_alloc(), VMI_PTE_P | VMI_PTE_W);
	if (rc)
		panic("cannot map the faulting page (%d)", rc);
	/* Returning retries the store, which now succeeds. */
}

static void bp_handler(struct trap_regs *r)
{
	(void)r;
	bp_count++;
}

void fault_demo(void)
{
	volatile uint32_t *p = (volatile uint32_t *)FAULT_VA;

	trap_set_handler(PF_VECTOR, pf_handler);
	*p = PATTERN;                 /* faults once, is mapped, is retried */
	value_ok = *p == PATTERN;
	trap_set_handler(PF_VECTOR, NULL);
	if (pt_unmap(pt_current_l2, FAULT_VA))
		panic("cannot unmap the fault page");

	trap_set_handler(BP_VECTOR, bp_handler);
	asm volatile("int3");
	trap_set_handler(BP_VECTOR, NULL);
	printf("fault: page fault handled and resumed, breakpoint handled\n");
}

int fault_check(void)
{
	return pf_count == 1 && pf_good == 1 && value_ok && bp_count == 1;
}
