/*
 * system/control_ops - the control group between domains: the privileged
 * domain (built first) walks the domain list, pauses the other one (which
 * spins), unpauses it, changes its weight and destroys it.
 *
 * Checked structurally, not by timing: while paused the target's run time
 * does not move however long the controller spins; after unpausing it
 * moves again; after destroying it, dom_info says dead with a crash status
 * and the hypervisor's log (read through hv_log_read) says it was killed.
 * The target itself never finishes: the runner expects it killed.
 */
#include "../runtime/test.h"

const char test_title[] = "control: dom0 pauses, unpauses, tunes and destroys a domain";

#define MS 1000000ull

static uint64_t target_run_ns(struct vmi_dom_info *info)
{
	CHECK_RET(vmi_dom_info(1, info), 1);
	return info->run_ns;
}

static void spin(uint64_t ns)
{
	uint64_t end = vmi_time_ns() + ns;
	while (vmi_time_ns() < end)
		;
}

/* Nonzero if NEEDLE stands in the first N bytes of HAY. */
static int contains(const char *hay, unsigned n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

static char hvlog[16384];

static void control(void)
{
	struct vmi_dom_info info;
	uint64_t before;
	unsigned n = 0;
	int id, len;

	CHECK(vmi_features() & VMI_FEAT_CONTROL);
	for (id = vmi_dom_info(0, &info); id >= 0; id = vmi_dom_info((uint32_t)id + 1, &info))
		n++;
	CHECK_EQ(n, 2);
	CHECK_RET(vmi_dom_info(0, &info), 0);
	CHECK_EQ(info.privileged, 1);
	CHECK(!strcmp(info.name, "dom0"));
	CHECK_RET(vmi_dom_info(1, &info), 1);
	CHECK_EQ(info.privileged, 0);
	CHECK(!strcmp(info.name, "target"));

	/* let the target run at all first */
	while (target_run_ns(&info) == 0)
		vmi_sched_yield();
	CHECK_RET(vmi_dom_pause(1), 0);
	CHECK_RET(vmi_dom_pause(1), 0);             /* again: still fine */
	before = target_run_ns(&info);
	CHECK_EQ(info.state, VMI_DOM_PAUSED);
	spin(50 * MS);
	vmi_sched_yield();
	CHECK_EQ(target_run_ns(&info), before);     /* not run while paused */

	CHECK_RET(vmi_dom_unpause(1), 0);
	CHECK_RET(vmi_dom_info(1, &info), 1);
	CHECK_EQ(info.state, VMI_DOM_RUNNABLE);     /* it never blocks */
	while (target_run_ns(&info) == before)
		vmi_sched_yield();
	CHECK_GT(info.run_ns, before);              /* runs again */

	CHECK_RET(vmi_dom_set_sched(1, 7, 100), 0);
	CHECK_RET(vmi_dom_info(1, &info), 1);
	CHECK_EQ(info.weight, 7);
	CHECK_EQ(info.warp_us, 100);

	CHECK_RET(vmi_dom_destroy(1), 0);
	CHECK_RET(vmi_dom_info(1, &info), 1);
	CHECK_EQ(info.state, VMI_DOM_DEAD);
	CHECK(info.exit_code & 0x100);
	CHECK_RET(vmi_dom_destroy(1), -VMI_ESRCH);  /* gone */
	CHECK_RET(vmi_dom_pause(1), -VMI_ESRCH);
	len = vmi_hv_log_read(0, hvlog, sizeof hvlog);
	CHECK_GT(len, 0);
	CHECK(len > 0 && contains(hvlog, (unsigned)len, "(target) paused by domain 0"));
	CHECK(len > 0 && contains(hvlog, (unsigned)len, "(target) killed"));
}

void test_main(void)
{
	if (test_has_word("role=target"))
		for (;;)
			;                       /* destroyed from outside */
	control();
}
