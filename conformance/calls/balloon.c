/*
 * balloon - the optional balloon group (VMI_FEAT_BALLOON): mem_release,
 * mem_populate, mem_target, mem_set_target.
 *
 * Without the feature (natively) every call is -VMI_ENOSYS.  With it
 * (pvhv, where this test is the only, so the privileged, domain): a frame
 * still mapped cannot go (-VMI_EBUSY); unmapped it goes, its pfn then has
 * no machine frame, and a second release or a release of no pfn, too many
 * or a pfn out of range is -VMI_EINVAL; populate gives it fresh zeroed
 * memory, once (-VMI_EINVAL again, and beyond nr_pages); a pinned table
 * cannot go.  The target is nr_pages until set; setting it (within
 * VMI_BALLOON_MIN_PAGES..nr_pages, on a live domain) takes effect and makes
 * VIRQ_BALLOON pending.  Which case ran goes to an env: line only, so the
 * transcripts match.
 */
#include "../runtime/test.h"

const char test_title[] = "balloon: ENOSYS without the feature, release/populate/target with it";

static unsigned errors;

#define EXPECT(cond) do { if (!(cond)) { errors++; \
	test_env("failed: %s (line %d)", #cond, __LINE__); } } while (0)

static void without(void)
{
	uint32_t pfn = 1;

	EXPECT(vmi_mem_release(&pfn, 1) == -VMI_ENOSYS);
	EXPECT(vmi_mem_populate(&pfn, 1) == -VMI_ENOSYS);
	EXPECT(vmi_mem_target() == -VMI_ENOSYS);
	EXPECT(vmi_mem_set_target(0, 1024) == -VMI_ENOSYS);
}

static void release_and_populate(void)
{
	uint32_t p = frame_alloc(), list[VMI_BALLOON_BATCH + 1], beyond = test_bi->nr_pages;
	uint32_t table = pt_new_table(1);
	volatile uint32_t *w = pfn_to_va(p);

	w[0] = 0x5A5A5A5Au;
	EXPECT(vmi_mem_release(&p, 1) == -VMI_EBUSY);          /* still mapped */
	EXPECT(pt_unmap(pt_current_l2, (uint32_t)pfn_to_va(p)) == 0);
	EXPECT(vmi_mem_release(&p, 1) == 1);
	EXPECT(vmi_pfn_to_mfn(p) == VMI_INVALID_PFN);
	EXPECT(vmi_mem_release(&p, 1) == -VMI_EINVAL);         /* no memory now */
	EXPECT(vmi_mem_release(&p, 0) == -VMI_EINVAL);
	for (uint32_t i = 0; i <= VMI_BALLOON_BATCH; i++)
		list[i] = p;
	EXPECT(vmi_mem_release(list, VMI_BALLOON_BATCH + 1) == -VMI_EINVAL);
	EXPECT(vmi_mem_release(&beyond, 1) == -VMI_EINVAL);
	EXPECT(vmi_mem_populate(&p, 1) == 1);
	EXPECT(vmi_pfn_to_mfn(p) != VMI_INVALID_PFN);
	EXPECT(vmi_mem_populate(&p, 1) == -VMI_EINVAL);        /* backed again */
	EXPECT(vmi_mem_populate(&beyond, 1) == -VMI_EINVAL);   /* the maximum */
	EXPECT(pt_map(pt_current_l2, (uint32_t)pfn_to_va(p), p, VMI_PTE_P | VMI_PTE_W) == 0);
	EXPECT(w[0] == 0);                                     /* fresh memory */
	EXPECT(vmi_mem_release(&table, 1) == -VMI_EBUSY);      /* a pinned table */
}

static void target(void)
{
	uint32_t nr = test_bi->nr_pages;
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_BALLOON);

	EXPECT(port > 0);
	EXPECT(vmi_mem_target() == (int)nr);
	EXPECT(vmi_mem_set_target(0, nr - 16) == 0);
	EXPECT(vmi_mem_target() == (int)nr - 16);
	EXPECT(vmi_evtchn_next_pending() == port);             /* the virq came */
	EXPECT(vmi_mem_set_target(0, VMI_BALLOON_MIN_PAGES - 1) == -VMI_EINVAL);
	EXPECT(vmi_mem_set_target(0, nr + 1) == -VMI_EINVAL);
	EXPECT(vmi_mem_set_target(9, nr) == -VMI_ESRCH);
	EXPECT(vmi_mem_set_target(0, nr) == 0);
	EXPECT(vmi_mem_target() == (int)nr);
}

void test_main(void)
{
	int have = (vmi_features() & VMI_FEAT_BALLOON) != 0;

	test_env("balloon group %s", have ? "present" : "absent (ENOSYS)");
	if (have) {
		release_and_populate();
		target();
	} else {
		without();
	}
	CHECK_EQ(errors, 0);
}
