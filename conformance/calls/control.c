/*
 * control - the optional control group (VMI_FEAT_CONTROL): dom_info,
 * dom_pause, dom_unpause, dom_destroy, dom_set_sched, hv_log_read, and
 * (ABI 1.3) dom_create, dom_shutdown, dom_console_read/write, hv_info.
 *
 * Without the feature (natively) every call is -VMI_ENOSYS.  With it (pvhv,
 * where this test is the only domain, so the privileged one): dom_info
 * walks the domains - id 0 is this one, runnable, privileged, with its
 * memory, name and weight, and there is no next one; the caller cannot
 * pause or destroy itself (-VMI_EINVAL); unpausing a running domain
 * succeeds; a missing domain is -VMI_ESRCH for every call; dom_set_sched
 * checks its ranges and takes effect (dom_info shows it); hv_log_read
 * returns the hypervisor's log, which names this domain, and 0 at its end.
 * The other domains' side (pause, destroy, -VMI_EPERM for the
 * unprivileged) is system/control_ops and hostile/control_unprivileged.
 * Which case ran goes to an env: line only, so the transcripts match.
 */
#include "../runtime/test.h"

const char test_title[] = "control: ENOSYS without the feature, dom0's calls with it";

static unsigned errors;

#define EXPECT(cond) do { if (!(cond)) { errors++; \
	test_env("failed: %s (line %d)", #cond, __LINE__); } } while (0)

static void without(void)
{
	struct vmi_dom_info info;
	char buf[16];

	EXPECT(vmi_dom_info(0, &info) == -VMI_ENOSYS);
	EXPECT(vmi_dom_pause(0) == -VMI_ENOSYS);
	EXPECT(vmi_dom_unpause(0) == -VMI_ENOSYS);
	EXPECT(vmi_dom_destroy(1) == -VMI_ENOSYS);
	EXPECT(vmi_dom_set_sched(0, 1, 0) == -VMI_ENOSYS);
	EXPECT(vmi_hv_log_read(0, buf, sizeof buf) == -VMI_ENOSYS);
	EXPECT(vmi_dom_create(&(struct vmi_dom_create){ 0 }) == -VMI_ENOSYS);
	EXPECT(vmi_dom_shutdown(1) == -VMI_ENOSYS);
	EXPECT(vmi_dom_console_read(0, &(uint32_t){ 0 }, buf, sizeof buf) == -VMI_ENOSYS);
	EXPECT(vmi_dom_console_write(1, buf, 1) == -VMI_ENOSYS);
	EXPECT(vmi_hv_info(&(struct vmi_hv_info){ 0 }) == -VMI_ENOSYS);
}

/* Nonzero if NEEDLE stands in the first N bytes of HAY. */
static int contains(const char *hay, unsigned n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

static char log[16384];

static void with(void)
{
	struct vmi_dom_info info;
	int n;

	memset(&info, 0xAA, sizeof info);
	EXPECT(vmi_dom_info(0, &info) == 0);
	EXPECT(info.id == 0);
	EXPECT(info.state == VMI_DOM_RUNNABLE);
	EXPECT(info.privileged == 1);
	EXPECT(info.mem_pages == test_bi->nr_pages);
	EXPECT(info.weight == 1);
	EXPECT(info.run_ns > 0);
	EXPECT(info.name[sizeof info.name - 1] == 0);
	EXPECT(vmi_dom_info(1, &info) == -VMI_ESRCH);
	EXPECT(vmi_dom_info(0xFFFFFFFFu, &info) == -VMI_ESRCH);
	EXPECT(vmi_dom_info(0, (struct vmi_dom_info *)0xFC400000u) == -VMI_EFAULT);

	EXPECT(vmi_dom_pause(0) == -VMI_EINVAL);
	EXPECT(vmi_dom_destroy(0) == -VMI_EINVAL);
	EXPECT(vmi_dom_unpause(0) == 0);
	EXPECT(vmi_dom_pause(5) == -VMI_ESRCH);
	EXPECT(vmi_dom_unpause(5) == -VMI_ESRCH);
	EXPECT(vmi_dom_destroy(5) == -VMI_ESRCH);
	EXPECT(vmi_dom_set_sched(5, 1, 0) == -VMI_ESRCH);

	EXPECT(vmi_dom_set_sched(0, 0, 0) == -VMI_EINVAL);
	EXPECT(vmi_dom_set_sched(0, 10001, 0) == -VMI_EINVAL);
	EXPECT(vmi_dom_set_sched(0, 1, 10000001) == -VMI_EINVAL);
	EXPECT(vmi_dom_set_sched(0, 3, 200) == 0);
	EXPECT(vmi_dom_info(0, &info) == 0 && info.weight == 3 && info.warp_us == 200);
	EXPECT(vmi_dom_set_sched(0, 1, 0) == 0);

	n = vmi_hv_log_read(0, log, sizeof log);
	EXPECT(n > 0);
	if (n > 0)
		EXPECT(contains(log, (unsigned)n, "is privileged (dom0)"));
	EXPECT(vmi_hv_log_read(0xFFFFFFF0u, log, sizeof log) == 0);
	EXPECT(vmi_hv_log_read(0, (char *)0xFC400000u, 16) == -VMI_EFAULT);
}

/* The calls of ABI 1.3 with this domain alone: a create that must fail
 * (the full path is system/dom_create), shutdown of self or nobody, this
 * domain's own console ring (it holds what the test printed), input only
 * for others, and hv_info. */
static void with_1_3(void)
{
	static const char not_elf[] = "not an ELF image at all, just text";
	struct vmi_dom_create q = { .image = not_elf, .image_len = sizeof not_elf,
				    .options = "name=bad" };
	struct vmi_hv_info hi;
	uint32_t off = 0;
	int n;

	EXPECT(vmi_dom_create(0) == -VMI_EFAULT);
	EXPECT(vmi_dom_create((const struct vmi_dom_create *)0xFC400000u) == -VMI_EFAULT);
	EXPECT(vmi_dom_create(&q) == -VMI_EINVAL);           /* not an ELF file */
	q.reserved[1] = 1;
	EXPECT(vmi_dom_create(&q) == -VMI_EINVAL);
	q.reserved[1] = 0;
	q.image_len = 0;
	EXPECT(vmi_dom_create(&q) == -VMI_EINVAL);
	q.image_len = sizeof not_elf;
	q.options = (const char *)0xFC400000u;
	EXPECT(vmi_dom_create(&q) == -VMI_EFAULT);
	EXPECT(vmi_dom_info(1, &(struct vmi_dom_info){ 0 }) == -VMI_ESRCH); /* none left */

	EXPECT(vmi_dom_shutdown(0) == -VMI_EINVAL);
	EXPECT(vmi_dom_shutdown(5) == -VMI_ESRCH);

	n = vmi_dom_console_read(0, &off, log, sizeof log);
	EXPECT(n > 0 && off == (uint32_t)n);
	if (n > 0)
		EXPECT(contains(log, (unsigned)n, test_title));
	EXPECT(vmi_dom_console_read(0, &off, log, sizeof log) == 0 && off == (uint32_t)n);
	EXPECT(vmi_dom_console_read(5, &off, log, sizeof log) == -VMI_ESRCH);
	EXPECT(vmi_dom_console_read(0, (uint32_t *)0xFC400000u, log, 1) == -VMI_EFAULT);
	off = 0;
	EXPECT(vmi_dom_console_read(0, &off, (char *)0xFC400000u, 16) == -VMI_EFAULT);
	EXPECT(vmi_dom_console_write(0, "x", 1) == -VMI_EINVAL);   /* owns the keyboard */
	EXPECT(vmi_dom_console_write(5, "x", 1) == -VMI_ESRCH);

	memset(&hi, 0xAA, sizeof hi);
	EXPECT(vmi_hv_info(&hi) == 0);
	EXPECT(hi.total_pages >= test_bi->nr_pages && hi.free_pages < hi.total_pages);
	EXPECT(hi.max_domains >= 1 && hi.nr_domains == 1);
	EXPECT(hi.abi_version == vmi_abi_version());
	EXPECT(vmi_hv_info((struct vmi_hv_info *)0xFC400000u) == -VMI_EFAULT);
}

void test_main(void)
{
	int have = (vmi_features() & VMI_FEAT_CONTROL) != 0;

	test_env("control group %s", have ? "present" : "absent (ENOSYS)");
	if (have) {
		with();
		with_1_3();
	}
	else
		without();
	CHECK_EQ(errors, 0);
}
