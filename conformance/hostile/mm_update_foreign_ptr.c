/*
 * hostile/mm_update_foreign_ptr - attack: HC_MMU_UPDATE whose ptr names a
 * frame the guest does not own; containment: -VMI_EINVAL, done = 0, nothing
 * written.
 *
 * ptr is a machine address, so the guest can aim it anywhere: at every
 * frame of another domain (the victim's page tables among them; listed
 * through the global M2P), at the slot-1008 L1 (its entry 0 maps the M2P
 * read-only - rewriting it writable would let the guest forge the M2P), at
 * the hypervisor image and frame 0, and beyond memory.  Each update must
 * be refused with done = 0; the M2P still reads as before and is still
 * read-only (the victim's run, judged by the runner, must be intact).
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "mmu_update cannot write tables the guest does not own";

static volatile unsigned pf_count;

static void on_pf(struct trap_regs *r)
{
	pf_count++;
	r->f.eip += 2;                   /* movl (%eax), %ecx / movl %ecx, (%eax) */
}

static int update(uint32_t ptr, vmi_pte_t val)
{
	struct vmi_mmu_update u = { ptr, val };
	uint32_t done = 77;
	int rc = hc(HC_MMU_UPDATE, (uint32_t)&u, 1, (uint32_t)&done);

	return done == 0 ? rc : 1000;
}

static uint32_t m2p_frames(void)
{
	uint32_t pages = 0, v;

	for (; pages < PVHV_M2P_MAX_FRAMES / 1024; pages++) {
		unsigned n = pf_count;
		asm volatile("movl (%%eax), %%ecx" : "=c"(v)
		             : "a"(PVHV_M2P_VA + pages * VMI_PAGE_SIZE) : "memory");
		if (pf_count != n)
			break;
	}
	return pages * 1024;
}

void test_main(void)
{
	volatile uint32_t *m2p = (volatile uint32_t *)PVHV_M2P_VA;
	uint32_t data = frame_alloc(), my_mfn = vmi_pfn_to_mfn(data), limit, foreign = 0, refused = 0;
	uint32_t s_mfn = ((vmi_pte_t *)pfn_to_va(pt_current_l2))[VMI_L2_HV_FIRST] >> VMI_PAGE_SHIFT;
	vmi_pte_t mine_w = (my_mfn << VMI_PAGE_SHIFT) | VMI_PTE_P | VMI_PTE_W;

	trap_set_handler(14, on_pf);
	limit = m2p_frames();

	printf("attack: entry 0 and 1023 of every frame of another domain\n");
	for (uint32_t mfn = 0; mfn < limit; mfn++) {
		if (m2p[mfn] == VMI_INVALID_PFN || vmi_mfn_to_pfn(mfn) != VMI_INVALID_PFN)
			continue;
		foreign++;
		refused += update(mfn << VMI_PAGE_SHIFT, 0) == -VMI_EINVAL;
		refused += update((mfn << VMI_PAGE_SHIFT) | 4092, mine_w) == -VMI_EINVAL;
	}
	test_env("%u frames of other domains", foreign);
	CHECK_GT(foreign, 0);
	CHECK_EQ(refused, 2 * foreign);

	printf("attack: the slot-1008 L1 (remap the M2P writable)\n");
	CHECK_RET(update(s_mfn << VMI_PAGE_SHIFT, (s_mfn << VMI_PAGE_SHIFT) | 3), -VMI_EINVAL);
	CHECK_RET(update(s_mfn << VMI_PAGE_SHIFT, mine_w), -VMI_EINVAL);
	CHECK_RET(update((s_mfn << VMI_PAGE_SHIFT) | 4 * 1023, 0), -VMI_EINVAL);
	printf("attack: the hypervisor image, frame 0, beyond memory\n");
	CHECK_RET(update(0x100000u, mine_w), -VMI_EINVAL);
	CHECK_RET(update(0, mine_w), -VMI_EINVAL);
	CHECK_RET(update(0xFFFFF000u, mine_w), -VMI_EINVAL);
	CHECK_RET(update(limit << VMI_PAGE_SHIFT, mine_w), -VMI_EINVAL);

	/* The M2P is unchanged and still read-only. */
	CHECK_EQ(m2p[my_mfn], data);
	asm volatile("movl %%ecx, (%%eax)" : : "a"(&m2p[my_mfn]), "c"(0u) : "memory");
	CHECK_EQ(pf_count, 2);            /* the probe's end, and this store */
	CHECK_EQ(m2p[my_mfn], data);
}
