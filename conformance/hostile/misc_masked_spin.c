/*
 * hostile/misc_masked_spin - attack: spin forever with events masked
 * (vmi_irq_disable), hoping that masking virtual interrupts keeps the
 * processor.  Two copies of this image (a, b) and the victim run at once.
 * Containment: masking events masks only the virtual flag; the real timer
 * interrupt still preempts, so over one second of system time each copy's
 * run time (vmi_vtime_ns) is at most 3/4 of it - it would be ~1 if masking
 * kept the processor - and the victim finishes.  The measurement is
 * bvt_share's.  Run with misc_masked_spin.domains.
 */
#include "../runtime/test.h"

const char test_title[] = "spinning with events masked does not keep the processor";

#define WINDOW_START_NS 300000000ull
#define WINDOW_END_NS  1300000000ull
#define MAX_PERMILLE 750

static uint64_t spin_until(uint64_t t, unsigned long *work)
{
	uint64_t now;
	while ((now = vmi_time_ns()) < t)
		(*work)++;
	return now;
}

void test_main(void)
{
	unsigned long work = 0;

	vmi_irq_disable();
	uint64_t t0 = spin_until(WINDOW_START_NS, &work), v0 = vmi_vtime_ns();
	uint64_t t1 = spin_until(WINDOW_END_NS, &work), v1 = vmi_vtime_ns();
	unsigned share = (unsigned)((v1 - v0) * 1000 / (t1 - t0));
	CHECK_EQ(vmi_irq_save(), 0);                  /* masked throughout */
	test_env("share=%u/1000 work=%lu", share, work);
	CHECK_GT(work, 0);
	CHECK_LE(share, MAX_PERMILLE);
	vmi_irq_enable();
}
