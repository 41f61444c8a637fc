/*
 * system/balloon_target - ballooning between domains: the privileged
 * domain (this image, built first) sets the memory target of domain 1, a
 * real guest kernel booted from the initramfs (its balloon driver,
 * guest/mm/balloon.c, does the work), and watches dom_info's mem_pages
 * follow: down by 8 MiB, then back up to the maximum.  Then it destroys
 * the guest (the runner expects it killed).
 *
 * Checked structurally: the controller yields (the guest runs) until the
 * count reaches the target, with no time bound but the runner's timeout;
 * a driver that never moves leaves it waiting, and the run times out.
 * The count never exceeds the guest's maximum at any step.
 */
#include "../runtime/test.h"

const char test_title[] = "balloon: a guest's memory follows the target dom0 sets";

#define DOWN_PAGES 2048u                 /* 8 MiB */

static unsigned info_errors;

/* Domain 1's pages now (silently: this is polled), the most seen in *max. */
static uint32_t held(uint32_t *max)
{
	struct vmi_dom_info info;

	if (vmi_dom_info(1, &info) != 1) {
		info_errors++;
		return 0;
	}
	if (max && info.mem_pages > *max)
		*max = info.mem_pages;
	return info.mem_pages;
}

/* Yield until domain 1 holds exactly pages; the most it held meanwhile. */
static uint32_t wait_for(uint32_t pages)
{
	uint32_t most = 0;

	while (held(&most) != pages && !info_errors)
		vmi_sched_yield();
	return most;
}

/* Option hold_ms=N (none in the suite): let N ms of system time pass
 * with the guest ballooned down, so a demonstration run shows the guest's
 * free before and after (docs/DESIGN.md, "Ballooning"). */
static void hold(uint32_t ms)
{
	uint64_t end = vmi_time_ns() + (uint64_t)ms * 1000000u;

	while (vmi_time_ns() < end)
		vmi_sched_yield();
}

void test_main(void)
{
	uint32_t full = held(0), most;

	test_env("guest holds %u pages", full);
	CHECK_GT(full, DOWN_PAGES + VMI_BALLOON_MIN_PAGES);
	CHECK_RET(vmi_mem_set_target(1, full - DOWN_PAGES), 0);
	most = wait_for(full - DOWN_PAGES);
	CHECK_LE(most, full);
	printf("guest gave back %u pages\n", DOWN_PAGES);
	hold(test_option("hold_ms", 0));
	CHECK_RET(vmi_mem_set_target(1, full), 0);
	most = wait_for(full);
	CHECK_LE(most, full);
	printf("guest took them again\n");
	hold(test_option("hold_ms", 0));
	CHECK_RET(vmi_mem_set_target(1, full + 1), -VMI_EINVAL);   /* its maximum */
	CHECK_EQ(info_errors, 0);
	CHECK_RET(vmi_dom_destroy(1), 0);
}
