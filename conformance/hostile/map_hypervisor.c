/*
 * hostile/map_hypervisor - attack: map memory that is not the guest's
 * through VMI: the hypervisor's image and heap (machine frames below
 * 16 MiB), a frame beyond memory, an L2 entry in the hypervisor's slots, and
 * a writable mapping of a pinned page table.
 * Containment: each update is refused (-VMI_EINVAL, or -VMI_EPERM for the
 * hypervisor's slots) and the entry stays as it was.
 */
#include "../runtime/test.h"

const char test_title[] = "mapping hypervisor memory is refused";

#define TEST_VA 0x40000000u

static void refuse(const char *what, uint32_t entry_paddr, vmi_pte_t evil, int want)
{
	volatile uint32_t *alias = (uint32_t *)(VMI_KERNEL_BASE + entry_paddr);
	uint32_t before = *alias;
	int rc = vmi_pte_write(entry_paddr, evil);
	printf("attack: %s\n", what);
	CHECK_RET(rc, want);
	CHECK_EQ(*alias, before);
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2, frame = frame_alloc();
	CHECK_RET(pt_map(l2, TEST_VA, frame, VMI_PTE_P | VMI_PTE_W), 0);
	uint32_t pte = pt_entry_paddr(l2, TEST_VA);
	refuse("map the hypervisor image (machine frame 0x100)", pte,
	       (0x100u << 12) | VMI_PTE_P | VMI_PTE_W, -VMI_EINVAL);
	refuse("map the hypervisor heap (machine frame 0xF00)", pte,
	       (0xF00u << 12) | VMI_PTE_P, -VMI_EINVAL);
	refuse("map machine frame 0", pte, VMI_PTE_P, -VMI_EINVAL);
	refuse("map a frame beyond memory", pte, 0xFFFFF000u | VMI_PTE_P, -VMI_EINVAL);
	refuse("map the current L2 writable", pte,
	       vmi_make_pte(l2, VMI_PTE_P | VMI_PTE_W), -VMI_EINVAL);
	refuse("L2 entry in the hypervisor's slot 1009", (l2 << 12) | (1009 * 4),
	       ((vmi_pte_t *)pfn_to_va(l2))[TEST_VA >> 22], -VMI_EPERM);
	refuse("L2 entry over the M2P (slot 1008)", (l2 << 12) | (1008 * 4),
	       ((vmi_pte_t *)pfn_to_va(l2))[TEST_VA >> 22], -VMI_EPERM);
}
