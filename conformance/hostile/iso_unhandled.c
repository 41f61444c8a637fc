/*
 * hostile/iso_unhandled - attack: the guest kernel (ring 1) reads the
 * hypervisor's text at 0xFC401000 with no handler for the fault that
 * follows (its #GP and #PF entries removed), beside a victim domain.
 * Containment: the access faults (#PF in address-space isolation, #GP
 * where segment limits are enforced), the hypervisor kills the attacker
 * with a logged reason, and the victim runs to its own SUCCESS verdict.
 * Where nothing keeps a guest out (segment limits forced on a processor
 * that does not enforce them) the test SKIPs before the attack.  Run with
 * iso_unhandled.domains.
 */
#include "iso_harness.h"

const char test_title[] = "an unhandled access to the hypervisor kills only its domain";

void test_main(void)
{
	const struct vmi_trap_entry remove[2] = {
		{ 13, 0, (uint16_t)test_bi->kernel_cs, 0 },
		{ 14, 0, (uint16_t)test_bi->kernel_cs, 0 },
	};

	iso_setup();
	CHECK_RET(vmi_set_trap_table(remove, 2), 0);
	printf("attack: read the hypervisor text with no #GP or #PF handler\n");
	uint32_t v = *(volatile uint32_t *)0xFC401000u;
	test_fail(__FILE__, __LINE__, "still running after reading %#x from the hypervisor", v);
}
