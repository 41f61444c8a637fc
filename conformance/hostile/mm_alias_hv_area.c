/*
 * hostile/mm_alias_hv_area - attack: alias the M2P / shared-info area
 * (hypervisor frames) through guest tables; containment: refused, nothing
 * changes.
 *
 * There is no guest-visible descriptor-table frame type on pvhv (the GDT and
 * IDT live in hypervisor memory; guests only set TLS slots with
 * HC_SET_GDT_ENTRY), so the "frame holding a descriptor table" attack
 * becomes an attack on the other hypervisor frames every address space
 * shows: slot 1008, the read-only M2P and the shared-info page.  The guest
 * learns the machine frame of the slot-1008 L1 from its own L2 and tries
 * to map it (read-only and writable) from an L1, to hang it into a guest
 * L2 slot, and to pin an L1 naming it; then it tries every machine frame
 * below 16 MiB (the hypervisor's: image, heap, the M2P pages and every
 * shared-info page among them) read-only: all -VMI_EINVAL.  A direct store
 * into the M2P faults (#PF present|write) and leaves the entry as it was.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "the M2P and shared-info frames cannot be aliased";

#define TEST_VA 0x40000000u
#define HV_FRAMES 0x1000u                /* machine [0, 16 MiB) */

static volatile unsigned pf_count;
static volatile uint32_t pf_error;

static void on_pf(struct trap_regs *r)
{
	pf_count++;
	pf_error = r->f.error_code;
	r->f.eip += 2;                   /* movl %ecx, (%eax) */
}

static int raw_update(uint32_t paddr, vmi_pte_t val)
{
	struct vmi_mmu_update u = {
		(vmi_pfn_to_mfn(paddr >> VMI_PAGE_SHIFT) << VMI_PAGE_SHIFT) | (paddr & 0xFFF), val };
	return hc(HC_MMU_UPDATE, (uint32_t)&u, 1, 0);
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2, data = frame_alloc(), spare_l2 = pt_new_table(2), bad;
	vmi_pte_t slot1008 = ((vmi_pte_t *)pfn_to_va(l2))[VMI_L2_HV_FIRST];
	uint32_t s_mfn = slot1008 >> VMI_PAGE_SHIFT, e, refused = 0;
	volatile vmi_pte_t *e_alias;
	volatile uint32_t *m2p = (volatile uint32_t *)PVHV_M2P_VA;
	uint32_t my_mfn = vmi_pfn_to_mfn(data), m2p_before;

	CHECK(slot1008 & VMI_PTE_P);
	CHECK_LT(s_mfn, HV_FRAMES);                  /* a hypervisor frame */
	CHECK_RET(pt_map(l2, TEST_VA, data, VMI_PTE_P | VMI_PTE_W), 0);
	e = pt_entry_paddr(l2, TEST_VA + VMI_PAGE_SIZE);
	e_alias = (vmi_pte_t *)(VMI_KERNEL_BASE + e);

	printf("attack: map the slot-1008 L1 (M2P + shared info) from an L1\n");
	CHECK_RET(raw_update(e, (s_mfn << VMI_PAGE_SHIFT) | VMI_PTE_P), -VMI_EINVAL);
	CHECK_RET(raw_update(e, (s_mfn << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_W), -VMI_EINVAL);
	CHECK_EQ(*e_alias, 0);

	printf("attack: hang the slot-1008 L1 into guest L2 slots\n");
	CHECK_RET(raw_update((spare_l2 << VMI_PAGE_SHIFT) | 4 * 1007, slot1008), -VMI_EINVAL);
	CHECK_RET(raw_update((l2 << VMI_PAGE_SHIFT) | 4 * ((TEST_VA >> 22) + 1), slot1008),
	          -VMI_EINVAL);
	CHECK_EQ(((vmi_pte_t *)pfn_to_va(spare_l2))[1007], 0);

	printf("attack: pin an L1 naming the slot-1008 L1\n");
	bad = frame_alloc();
	((vmi_pte_t *)pfn_to_va(bad))[0] = (s_mfn << VMI_PAGE_SHIFT) | VMI_PTE_P;
	CHECK_RET(pt_set_alias_writable(bad, 0), 0);
	CHECK_RET(vmi_pt_pin(bad, 1), -VMI_EINVAL);

	printf("attack: map every hypervisor frame (M2P, shared info, heap, image)\n");
	for (uint32_t mfn = 0; mfn < HV_FRAMES; mfn++)
		refused += raw_update(e, (mfn << VMI_PAGE_SHIFT) | VMI_PTE_P) == -VMI_EINVAL;
	CHECK_EQ(refused, HV_FRAMES);
	CHECK_EQ(*e_alias, 0);

	printf("attack: store into the read-only M2P\n");
	trap_set_handler(14, on_pf);
	m2p_before = m2p[my_mfn];
	CHECK_EQ(m2p_before, data);
	asm volatile("movl %%ecx, (%%eax)" : : "a"(&m2p[my_mfn]), "c"(0x1234u) : "memory");
	CHECK_EQ(pf_count, 1);
	CHECK_EQ(pf_error & 3, VMI_PTE_P | VMI_PTE_W);
	CHECK_EQ(m2p[my_mfn], m2p_before);
	CHECK_EQ(vmi_mfn_to_pfn(my_mfn), data);
}
