/*
 * hostile/mm_wcount_wrap - attack: wrap a frame's writable-mapping count
 * (65536 writable mappings from 64 L1s), then pin it; containment: -VMI_EBUSY.
 *
 * A 16-bit count would read 0 after exactly 65536 writable mappings, and
 * the frame could then be pinned while the guest still writes it through
 * any of them.  The frame's alias is made read-only first, so the 64 pinned
 * L1s filled with it (1024 writable entries each) hold all of them.  Pin
 * (as L1 and as L2) must be -VMI_EBUSY, and the frame still writable
 * through the mappings (it never became a table).  With every mapping
 * removed the pin succeeds (positive control: the count is exact).
 */
#include "../runtime/test.h"

const char test_title[] = "the writable-mapping count cannot be wrapped";

#define NR_L1 64
#define TEST_VA 0x40000000u

static struct vmi_mmu_update reqs[1024];
static uint32_t l1[NR_L1];

static uint32_t fill(uint32_t table, vmi_pte_t val)
{
	uint32_t done = 0;

	for (uint32_t j = 0; j < 1024; j++)
		reqs[j] = (struct vmi_mmu_update){ (table << VMI_PAGE_SHIFT) | j * 4, val };
	if (vmi_mmu_update(reqs, 1024, &done))
		return 0;
	return done;
}

void test_main(void)
{
	uint32_t x = frame_alloc(), mapped = 0, cleared = 0;
	vmi_pte_t w = vmi_make_pte(x, VMI_PTE_P | VMI_PTE_W);

	CHECK_RET(pt_set_alias_writable(x, 0), 0);
	for (int i = 0; i < NR_L1; i++)
		l1[i] = pt_new_table(1);
	printf("attack: 65536 writable mappings of one frame\n");
	for (int i = 0; i < NR_L1; i++)
		mapped += fill(l1[i], w);
	CHECK_EQ(mapped, 65536);
	CHECK_RET(vmi_pt_pin(x, 1), -VMI_EBUSY);
	CHECK_RET(vmi_pt_pin(x, 2), -VMI_EBUSY);
	CHECK_RET(vmi_pt_unpin(x), -VMI_EINVAL);            /* never pinned */

	/* One more mapping (65537) and one fewer (65535): still busy. */
	CHECK_RET(pt_map(pt_current_l2, TEST_VA, x, VMI_PTE_P | VMI_PTE_W), 0);
	*(volatile uint32_t *)TEST_VA = 0xC0FFEEu;          /* writable, a plain frame */
	CHECK_EQ(*(volatile uint32_t *)pfn_to_va(x), 0xC0FFEEu);
	CHECK_RET(vmi_pt_pin(x, 1), -VMI_EBUSY);
	CHECK_RET(pt_unmap(pt_current_l2, TEST_VA), 0);
	CHECK_RET(vmi_pte_write(l1[0] << VMI_PAGE_SHIFT, 0), 0);
	CHECK_RET(vmi_pt_pin(x, 1), -VMI_EBUSY);

	/* Remove them all: now it pins, and unpins. */
	for (int i = 0; i < NR_L1; i++)
		cleared += fill(l1[i], 0);
	CHECK_EQ(cleared, 65536);
	CHECK_RET(vmi_pt_pin(x, 1), 0);                     /* 0xC0FFEE: not present */
	CHECK_RET(vmi_pt_unpin(x), 0);
}
