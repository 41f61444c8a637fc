/*
 * hostile/trap_fault_recursion - attack: a #PF handler that is not mapped
 * (an address below hv_start, so the trap table accepts it), then a page
 * fault.  Entering the handler faults again, whose handler faults again:
 * a fault loop, each round pushing one more frame down the guest kernel's
 * stack - the double-fault situation a hypervisor must not turn into a
 * hang or its own crash.
 * Containment: the frames walk down the guest's own memory until the
 * hypervisor cannot write the next one (it reaches an address the guest
 * does not map); the attacker is killed with a logged reason and the
 * victim finishes.  Run with trap_fault_recursion.domains.
 */
#include "../runtime/test.h"

const char test_title[] = "a fault loop in the #PF handler kills only its domain";

#define NOWHERE 0x50000000u           /* mapped by nothing */

void test_main(void)
{
	const struct vmi_trap_entry pf = { 14, 0, (uint16_t)test_bi->kernel_cs, NOWHERE };

	CHECK_EQ(pt_get(pt_current_l2, NOWHERE), 0);
	CHECK_RET(vmi_set_trap_table(&pf, 1), 0);
	printf("attack: page fault with an unmapped #PF handler\n");
	(void)*(volatile uint32_t *)(NOWHERE + 0x1000);
	test_fail(__FILE__, __LINE__, "still running after the fault loop");
}
