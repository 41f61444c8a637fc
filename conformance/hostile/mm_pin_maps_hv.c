/*
 * hostile/mm_pin_maps_hv - attack: pin tables whose contents map the
 * hypervisor; containment: -VMI_EINVAL, or the hypervisor's slots overwritten.
 *
 * L1s naming the hypervisor image (frame 0x100), machine frame 0, the
 * slot-1008 L1 (M2P + shared info) or a frame beyond memory, and an L2
 * whose guest slot names the slot-1008 L1, are refused (-VMI_EINVAL; the
 * frame stays unpinned).  An L2 whose slots 1008-1023 hold guest-chosen
 * entries (a writable mapping of a guest frame, a large page over the
 * hypervisor, a self-reference) pins, because those slots are not the
 * guest's: pinning overwrites them with the hypervisor's own entries (equal
 * to the live L2's, the accessed bit aside), so none of the guest's values
 * survives; unpinning clears them again.
 */
#include "../runtime/test.h"

const char test_title[] = "tables mapping the hypervisor are refused or overwritten";

#define P VMI_PTE_P
#define W VMI_PTE_W

/* A frame with entry idx = e, alias read-only: ready to be pinned. */
static uint32_t table_with(uint32_t idx, vmi_pte_t e)
{
	uint32_t pfn = frame_alloc();

	((vmi_pte_t *)pfn_to_va(pfn))[idx] = e;
	CHECK_RET(pt_set_alias_writable(pfn, 0), 0);
	return pfn;
}

static void refuse(const char *what, int level, uint32_t idx, vmi_pte_t e)
{
	uint32_t pfn = table_with(idx, e);

	printf("attack: pin an L%d holding %s\n", level, what);
	CHECK_RET(vmi_pt_pin(pfn, level), -VMI_EINVAL);
	CHECK_RET(vmi_pt_unpin(pfn), -VMI_EINVAL);          /* not pinned */
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2, data = frame_alloc(), evil, differ = 0, left = 0;
	const vmi_pte_t *cur = pfn_to_va(l2), *t;
	vmi_pte_t slot1008 = cur[VMI_L2_HV_FIRST];

	refuse("the hypervisor image, read-only", 1, 0, (0x100u << 12) | P);
	refuse("the hypervisor image, writable", 1, 77, (0x100u << 12) | P | W);
	refuse("machine frame 0", 1, 1023, P);
	refuse("the slot-1008 L1", 1, 3, (slot1008 & ~0xFFFu) | P);
	refuse("a frame beyond memory", 1, 9, 0xFFFFF000u | P);
	refuse("the slot-1008 L1 in a guest slot", 2, 1007, slot1008);
	refuse("a large page over the hypervisor in a guest slot", 2, 1000,
	       0xFC000000u | P | W | VMI_PTE_PS);

	printf("attack: pin an L2 with guest entries in slots 1008-1023\n");
	evil = frame_alloc();
	{
		vmi_pte_t *e = pfn_to_va(evil);
		for (uint32_t s = VMI_L2_HV_FIRST; s < 1024; s++)
			e[s] = (s & 1) ? vmi_make_pte(data, P | W | VMI_PTE_U)
			               : (0x00400000u * (s - VMI_L2_HV_FIRST)) | P | W | VMI_PTE_PS;
		e[1023] = vmi_make_pte(evil, P | W | VMI_PTE_U);
	}
	CHECK_RET(pt_set_alias_writable(evil, 0), 0);
	CHECK_RET(vmi_pt_pin(evil, 2), 0);
	t = pfn_to_va(evil);
	for (uint32_t s = VMI_L2_HV_FIRST; s < 1024; s++)
		differ += ((t[s] ^ cur[s]) & ~VMI_PTE_A) != 0;
	CHECK_EQ(differ, 0);
	CHECK_RET(vmi_pt_unpin(evil), 0);
	for (uint32_t s = VMI_L2_HV_FIRST; s < 1024; s++)
		left += t[s] != 0;
	CHECK_EQ(left, 0);
}
