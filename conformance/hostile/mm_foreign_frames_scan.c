/*
 * hostile/mm_foreign_frames_scan - attack: map every machine frame the M2P
 * covers, and some beyond; containment: only this domain's frames map.
 *
 * A brute-force search for frames of other domains (the victim runs beside
 * this test) and of the hypervisor: for every machine frame from 0 up to
 * the end of the M2P as mapped (probed with loads, a #PF ends it) plus
 * frames beyond memory, a raw HC_MMU_UPDATE tries to install a read-only
 * mapping of it.  Exactly the frames of this domain's P2M must be
 * accepted, every other must be -VMI_EINVAL; the entry is cleared again
 * after each accepted one.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "only the domain's own frames can be mapped";

#define TEST_VA 0x40000000u

static uint8_t owned[PVHV_M2P_MAX_FRAMES / 8];
static volatile unsigned pf_count;

static void on_pf(struct trap_regs *r)
{
	pf_count++;
	r->f.eip += 2;                   /* movl (%eax), %ecx */
}

/* Frames of the M2P visible at PVHV_M2P_VA: load page by page until a #PF. */
static uint32_t m2p_frames(void)
{
	uint32_t pages = 0, v;

	trap_set_handler(14, on_pf);
	for (; pages < PVHV_M2P_MAX_FRAMES / 1024; pages++) {
		unsigned n = pf_count;
		asm volatile("movl (%%eax), %%ecx" : "=c"(v)
		             : "a"(PVHV_M2P_VA + pages * VMI_PAGE_SIZE) : "memory");
		if (pf_count != n)
			break;
	}
	trap_set_handler(14, 0);
	return pages * 1024;
}

void test_main(void)
{
	uint32_t l2 = pt_current_l2, nr = test_bi->nr_pages, limit = m2p_frames();
	static const uint32_t beyond[] = { PVHV_M2P_MAX_FRAMES - 1, PVHV_M2P_MAX_FRAMES,
	                                   0xFFFFEu, 0xFFFFFu };
	struct vmi_mmu_update u;
	uint32_t accepted = 0, wrong = 0, mine = 0, e;

	for (uint32_t pfn = 0; pfn < nr; pfn++) {
		uint32_t mfn = test_bi->p2m[pfn];
		if (mfn < PVHV_M2P_MAX_FRAMES)
			owned[mfn / 8] |= 1u << (mfn % 8);
	}
	CHECK_RET(pt_map(l2, TEST_VA, frame_alloc(), VMI_PTE_P | VMI_PTE_W), 0);
	e = pt_entry_paddr(l2, TEST_VA + VMI_PAGE_SIZE);
	u.ptr = (vmi_pfn_to_mfn(e >> VMI_PAGE_SHIFT) << VMI_PAGE_SHIFT) | (e & 0xFFF);
	CHECK_GT(limit, 0x1000);
	test_env("M2P covers %u frames", limit);

	printf("attack: map each of the M2P's machine frames\n");
	for (uint32_t mfn = 0; mfn < limit; mfn++) {
		int own = (owned[mfn / 8] >> (mfn % 8)) & 1, rc;

		u.val = (mfn << VMI_PAGE_SHIFT) | VMI_PTE_P;
		rc = hc(HC_MMU_UPDATE, (uint32_t)&u, 1, 0);
		mine += own;
		accepted += rc == 0;
		wrong += own ? rc != 0 : rc != -VMI_EINVAL;
		if (rc == 0) {
			u.val = 0;
			wrong += hc(HC_MMU_UPDATE, (uint32_t)&u, 1, 0) != 0;
		}
	}
	CHECK_EQ(wrong, 0);
	CHECK_EQ(mine, nr);
	CHECK_EQ(accepted, nr);

	printf("attack: map frames beyond the M2P\n");
	for (unsigned i = 0; i < ARRAY_SIZE(beyond); i++) {
		u.val = (beyond[i] << VMI_PAGE_SHIFT) | VMI_PTE_P;
		CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)&u, 1, 0), -VMI_EINVAL);
	}
	CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE), 0);
}
