/*
 * shutdown_code - vmi_shutdown(VMI_SHUTDOWN_POWEROFF, 0) ends the guest at
 * once with exit code 0, which the runner sees as QEMU status (0 << 1) | 1.
 *
 * Every test ends through the runtime's test_done, but the runner judges the
 * pair (verdict line, exit code): this test prints its own verdict line and
 * powers off itself, so a backend that mapped the code wrongly, returned
 * from the call, or printed anything after it, fails the run (a return
 * would print a FAIL and a FAILURE verdict after the SUCCESS line, and the
 * runner takes the last one).  Codes other than 0 cannot be shown here:
 * every test must end in SUCCESS.
 */
#include "../runtime/test.h"

const char test_title[] = "sched: shutdown powers off with the given code";

void test_main(void)
{
	/* Through a volatile pointer: the compiler may not assume noreturn,
	 * so the code after the call really exists. */
	void (*volatile shutdown)(uint32_t, uint32_t) = vmi_shutdown;

	test_pass("calling vmi_shutdown(VMI_SHUTDOWN_POWEROFF, 0)");
	printf("Test result: SUCCESS\n");
	shutdown(VMI_SHUTDOWN_POWEROFF, 0);
	test_fail(__FILE__, __LINE__, "vmi_shutdown returned");
	test_done();
}
