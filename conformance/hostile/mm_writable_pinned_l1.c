/*
 * hostile/mm_writable_pinned_l1 - attack: get a writable mapping of a pinned
 * L1; containment: -VMI_EINVAL, nothing changes.
 *
 * Routes tried, for a spare pinned L1 and for the live boot L1 that maps the
 * kernel: a pte_write and a raw HC_MMU_UPDATE of an L1 entry naming it
 * writable; an L1 entry mapping its own table writable; its direct-map
 * alias made writable; pinning a new L1 whose contents map it (or the new
 * table itself) writable.  Every refusal leaves the entry as it was and the
 * pinned frames pinned; the read-only mapping of the same frame is accepted
 * (positive control).
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "no writable mapping of a pinned L1";

#define TEST_VA 0x40000000u
#define P VMI_PTE_P
#define W VMI_PTE_W

/* One raw update at pseudo-physical entry address paddr; done must stay 0. */
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

/* A frame whose entry 0 is e, alias read-only: ready to be pinned. */
static uint32_t table_with(vmi_pte_t e)
{
	uint32_t pfn = frame_alloc();

	((vmi_pte_t *)pfn_to_va(pfn))[0] = e;
	CHECK_RET(pt_set_alias_writable(pfn, 0), 0);
	return pfn;
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2, data = frame_alloc(), spare = pt_new_table(1), host, bad;
	uint32_t boot_l1 = vmi_pte_pfn(((vmi_pte_t *)pfn_to_va(l2))[VMI_KERNEL_BASE >> 22]);
	uint32_t e;

	CHECK_RET(pt_map(l2, TEST_VA, data, P | W), 0);
	host = vmi_pte_pfn(((vmi_pte_t *)pfn_to_va(l2))[TEST_VA >> 22]);
	e = pt_entry_paddr(l2, TEST_VA + VMI_PAGE_SIZE);

	refuse("L1 entry: a spare pinned L1, writable", e, vmi_make_pte(spare, P | W));
	refuse("L1 entry: the live boot L1, writable", e, vmi_make_pte(boot_l1, P | W));
	refuse("L1 entry: its own table, writable", e, vmi_make_pte(host, P | W));
	refuse("L1 entry: its own table, writable and user", e,
	       vmi_make_pte(host, P | W | VMI_PTE_U));

	printf("attack: make the aliases of pinned L1s writable\n");
	CHECK_RET(pt_set_alias_writable(spare, 1), -VMI_EINVAL);
	CHECK_RET(pt_set_alias_writable(boot_l1, 1), -VMI_EINVAL);
	CHECK_EQ(pt_get(l2, (uint32_t)pfn_to_va(spare)) & W, 0);
	CHECK_EQ(pt_get(l2, (uint32_t)pfn_to_va(boot_l1)) & W, 0);

	printf("attack: pin an L1 that maps a pinned L1 writable\n");
	bad = table_with(vmi_make_pte(spare, P | W));
	CHECK_RET(vmi_pt_pin(bad, 1), -VMI_EINVAL);
	CHECK_RET(vmi_pt_unpin(bad), -VMI_EINVAL);          /* nothing was pinned */
	bad = table_with(vmi_make_pte(boot_l1, P | W));
	CHECK_RET(vmi_pt_pin(bad, 1), -VMI_EINVAL);
	printf("attack: pin an L1 that maps itself writable\n");
	bad = table_with(0);
	CHECK_RET(pt_set_alias_writable(bad, 1), 0);
	((vmi_pte_t *)pfn_to_va(bad))[0] = vmi_make_pte(bad, P | W);
	CHECK_RET(pt_set_alias_writable(bad, 0), 0);
	CHECK_RET(vmi_pt_pin(bad, 1), -VMI_EINVAL);

	/* Still pinned; the read-only mapping is what is allowed. */
	CHECK_RET(vmi_pt_pin(spare, 1), -VMI_EBUSY);
	CHECK_RET(vmi_pt_pin(boot_l1, 1), -VMI_EBUSY);
	CHECK_RET(vmi_pte_write(e, vmi_make_pte(spare, P)), 0);
	CHECK_RET(vmi_pte_write(e, vmi_make_pte(host, P)), 0);
}
