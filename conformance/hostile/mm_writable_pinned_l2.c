/*
 * hostile/mm_writable_pinned_l2 - attack: get a writable mapping of a pinned
 * L2; containment: -VMI_EINVAL, nothing changes.
 *
 * For the live L2 (CR3) and a spare pinned L2: a pte_write and a raw
 * HC_MMU_UPDATE of an L1 entry naming it writable, its direct-map alias
 * made writable, pinning an L1 whose contents map it writable, and using
 * the L2 as an L1 (an L2 entry naming a pinned L2: the classic linear
 * page-table trick, which would expose the L2 through its own entries).
 * Each refusal leaves the entry as it was and the L2 pinned; read-only
 * mappings of the same frames are accepted (positive control).
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "no writable mapping of a pinned L2";

#define TEST_VA 0x40000000u
#define P VMI_PTE_P
#define W VMI_PTE_W

static int raw_update(uint32_t paddr, vmi_pte_t val)
{
	struct vmi_mmu_update u = {
		(vmi_pfn_to_mfn(paddr >> VMI_PAGE_SHIFT) << VMI_PAGE_SHIFT) | (paddr & 0xFFF), val };
	uint32_t done = 77;
	int rc = hc(HC_MMU_UPDATE, (uint32_t)&u, 1, (uint32_t)&done);
	CHECK_EQ(done, rc == 0 ? 1 : 0);
	return rc;
}

static void refuse(const char *what, uint32_t paddr, vmi_pte_t evil)
{
	volatile vmi_pte_t *alias = (vmi_pte_t *)(VMI_KERNEL_BASE + paddr);
	vmi_pte_t before = *alias;

	printf("attack: %s\n", what);
	CHECK_RET(vmi_pte_write(paddr, evil), -VMI_EINVAL);
	CHECK_RET(raw_update(paddr, evil), -VMI_EINVAL);
	CHECK_EQ(*alias, before);
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2, data = frame_alloc(), spare = pt_new_table(2), bad;
	uint32_t e, slot = (l2 << VMI_PAGE_SHIFT) | 4 * (TEST_VA >> 22);

	CHECK_RET(pt_map(l2, TEST_VA, data, P | W), 0);
	e = pt_entry_paddr(l2, TEST_VA + VMI_PAGE_SIZE);

	refuse("L1 entry: the live L2, writable", e, vmi_make_pte(l2, P | W));
	refuse("L1 entry: the live L2, writable and user", e, vmi_make_pte(l2, P | W | VMI_PTE_U));
	refuse("L1 entry: a spare pinned L2, writable", e, vmi_make_pte(spare, P | W));

	printf("attack: make the aliases of pinned L2s writable\n");
	CHECK_RET(pt_set_alias_writable(l2, 1), -VMI_EINVAL);
	CHECK_RET(pt_set_alias_writable(spare, 1), -VMI_EINVAL);
	CHECK_EQ(pt_get(l2, (uint32_t)pfn_to_va(l2)) & W, 0);

	printf("attack: pin an L1 that maps the live L2 writable\n");
	bad = frame_alloc();
	((vmi_pte_t *)pfn_to_va(bad))[5] = vmi_make_pte(l2, P | W);
	CHECK_RET(pt_set_alias_writable(bad, 0), 0);
	CHECK_RET(vmi_pt_pin(bad, 1), -VMI_EINVAL);
	CHECK_RET(vmi_pt_unpin(bad), -VMI_EINVAL);

	/* Linear page tables: an L2 slot naming an L2 (this one or another). */
	refuse("L2 entry: the live L2 itself (self-map)", slot + 4, vmi_make_pte(l2, P | W));
	refuse("L2 entry: the live L2 itself, read-only", slot + 4, vmi_make_pte(l2, P));
	refuse("L2 entry: a spare pinned L2", slot + 4, vmi_make_pte(spare, P));

	CHECK_RET(vmi_pt_pin(l2, 2), -VMI_EBUSY);          /* both still pinned */
	CHECK_RET(vmi_pt_pin(spare, 2), -VMI_EBUSY);
	CHECK_RET(vmi_pte_write(e, vmi_make_pte(l2, P)), 0);
	CHECK_RET(vmi_pte_write(e, vmi_make_pte(spare, P)), 0);
}
