/*
 * selfcheck.c - the guest kernel's built-in self-check.
 *
 * A list of named checks, one line each ("selfcheck: <name> ok|FAILED"),
 * then "selfcheck: N/N passed".  Most checks judge what a boot step recorded
 * (so the step itself prints nothing backend-dependent); the small ones that
 * belong to no boot step (console, frames, irq flag) live here.
 */
#include "kernel.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

/* vmi_console_write reports every byte written. */
static int console_check(void)
{
	static const char line[] = "console: written with vmi_console_write\n";

	return vmi_console_write(line, sizeof(line) - 1) == (int)(sizeof(line) - 1);
}

/* frame_alloc hands out zeroed, distinct frames and counts them. */
static int frames_check(void)
{
	uint32_t before = frames_free();
	uint32_t a = frame_alloc(), b = frame_alloc();
	const uint32_t *w = pfn_to_va(b);
	int zero = 1;

	for (uint32_t i = 0; i < VMI_PAGE_SIZE / sizeof(*w); i++)
		zero &= w[i] == 0;
	return zero && a != b && frames_free() == before - 2;
}

/* irq_save returns the previous state and masks; restore brings it back. */
static int irq_check(void)
{
	unsigned long outer = vmi_irq_save();
	unsigned long masked, enabled;

	masked = vmi_irq_save();          /* already masked: reports 0 */
	vmi_irq_enable();
	enabled = vmi_irq_save();         /* was enabled: reports ENABLED */
	vmi_irq_restore(outer);
	return masked == 0 && enabled == VMI_IRQ_ENABLED;
}

static const struct check {
	const char *name;
	int (*run)(void);
} checks[] = {
	{ "boot-info",  env_check },
	{ "console",    console_check },
	{ "frames",     frames_check },
	{ "pagetables", mm_check },
	{ "traps",      fault_check },
	{ "irq",        irq_check },
	{ "events",     timer_check },
	{ "time",       clock_check },
};

unsigned selfcheck_run(void)
{
	unsigned passed = 0;

	for (unsigned i = 0; i < ARRAY_SIZE(checks); i++) {
		int ok = checks[i].run();

		printf("selfcheck: %s %s\n", checks[i].name, ok ? "ok" : "FAILED");
		passed += ok != 0;
	}
	printf("selfcheck: %u/%u passed\n", passed, (unsigned)ARRAY_SIZE(checks));
	return ARRAY_SIZE(checks) - passed;
}
