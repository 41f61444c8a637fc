/*
 * hostile/no_handler - attack: raise an exception the guest has no handler
 * for (its #UD entry removed), beside a victim domain.
 * Containment: the hypervisor kills the attacker with a logged reason
 * ("killed: unhandled trap 6 ..."), and the victim domain runs to its own
 * SUCCESS verdict.  Run with no_handler.domains.
 */
#include "../runtime/test.h"

const char test_title[] = "a trap with no handler kills only its domain";

void test_main(void)
{
	const struct vmi_trap_entry remove = { 6, 0, (uint16_t)test_bi->kernel_cs, 0 };
	CHECK_RET(vmi_set_trap_table(&remove, 1), 0);
	printf("attack: ud2 with no #UD handler\n");
	asm volatile("ud2");
	test_fail(__FILE__, __LINE__, "still running after an unhandled #UD");
}
