/*
 * system/bvt_share - two domains share the processor under borrowed virtual
 * time: both make progress and finish, and each gets CPU in proportion to
 * its weight.  Each domain spins (never blocks) and measures its own run
 * time (vmi_vtime_ns) over a one-second window of system time; its share is
 * run time / elapsed time, expected weight / (weight + others).  The weights
 * come from the domain's command line (bvt_share.domains).  The bound is a
 * share within 0.15 of the expected one - wide, because preemption happens
 * at slice granularity, but narrow enough that 1:2 weights cannot pass as
 * 1:1 (0.33 vs 0.5).
 */
#include "../runtime/test.h"

const char test_title[] = "BVT: both domains progress, shares follow weights";

#define WINDOW_START_NS 300000000ull   /* both domains exist from boot */
#define WINDOW_END_NS  1300000000ull
#define TOLERANCE_PERMILLE 150

/* Spin until system time reaches t; count the work done meanwhile. */
static uint64_t spin_until(uint64_t t, unsigned long *work)
{
	uint64_t now;
	while ((now = vmi_time_ns()) < t)
		(*work)++;
	return now;
}

void test_main(void)
{
	unsigned weight = test_option("weight", 1), others = test_option("others", 1);
	unsigned long work = 0;
	uint64_t t0 = spin_until(WINDOW_START_NS, &work), v0 = vmi_vtime_ns();
	uint64_t t1 = spin_until(WINDOW_END_NS, &work), v1 = vmi_vtime_ns();
	unsigned share = (unsigned)((v1 - v0) * 1000 / (t1 - t0));
	unsigned want = weight * 1000 / (weight + others);
	test_env("weight=%u others=%u share=%u/1000 want=%u/1000 work=%lu",
		 weight, others, share, want, work);
	CHECK_GT(work, 0);
	CHECK_LE(share, want + TOLERANCE_PERMILLE);
	CHECK_GE(share + TOLERANCE_PERMILLE, want);
}
