/*
 * hostile/mm_update_bad_cmd - attack: raw HC_MMU_UPDATE with unknown commands
 * (ptr low bits 1-3); containment: -VMI_EINVAL, done counts only what came
 * before.
 *
 * The command lives in the low two bits of ptr; only 0 (normal update) is
 * defined.  Each unknown command, on an entry that a normal update would
 * legally change, is refused with done = 0 and the entry unchanged; in a
 * batch [good, unknown, good] the first is applied, done = 1, and nothing
 * after the refused entry is.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "mmu_update refuses unknown commands";

#define TEST_VA 0x40000000u

static uint32_t maddr(uint32_t paddr)
{
	return (vmi_pfn_to_mfn(paddr >> VMI_PAGE_SHIFT) << VMI_PAGE_SHIFT) | (paddr & 0xFFF);
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2, data = frame_alloc(), done;
	vmi_pte_t good = vmi_make_pte(data, VMI_PTE_P | VMI_PTE_W);
	uint32_t a, b, c;
	const volatile vmi_pte_t *va, *vb, *vc;
	struct vmi_mmu_update u, batch[3];

	CHECK_RET(pt_map(l2, TEST_VA, data, VMI_PTE_P), 0);
	a = pt_entry_paddr(l2, TEST_VA + 1 * VMI_PAGE_SIZE);
	b = pt_entry_paddr(l2, TEST_VA + 2 * VMI_PAGE_SIZE);
	c = pt_entry_paddr(l2, TEST_VA + 3 * VMI_PAGE_SIZE);
	va = (vmi_pte_t *)(VMI_KERNEL_BASE + a);
	vb = (vmi_pte_t *)(VMI_KERNEL_BASE + b);
	vc = (vmi_pte_t *)(VMI_KERNEL_BASE + c);

	for (uint32_t cmd = 1; cmd <= 3; cmd++) {
		printf("attack: command %u\n", cmd);
		u = (struct vmi_mmu_update){ maddr(a) | cmd, good };
		done = 77;
		CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)&u, 1, (uint32_t)&done), -VMI_EINVAL);
		CHECK_EQ(done, 0);
		CHECK_EQ(*va, 0);
	}

	printf("attack: [good, command 3, good]\n");
	batch[0] = (struct vmi_mmu_update){ maddr(a), good };
	batch[1] = (struct vmi_mmu_update){ maddr(b) | 3, good };
	batch[2] = (struct vmi_mmu_update){ maddr(c), good };
	done = 77;
	CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)batch, 3, (uint32_t)&done), -VMI_EINVAL);
	CHECK_EQ(done, 1);
	CHECK_EQ(*va, good);
	CHECK_EQ(*vb, 0);
	CHECK_EQ(*vc, 0);
	/* Through VMI the same is refused before reaching the hypervisor. */
	CHECK_RET(vmi_pte_write(b | 1, good), -VMI_EINVAL);
	CHECK_RET(vmi_pte_write(b | 2, good), -VMI_EINVAL);
	CHECK_EQ(*vb, 0);
}
