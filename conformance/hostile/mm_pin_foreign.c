/*
 * hostile/mm_pin_foreign - attack: pin and unpin another domain's frames (the
 * victim's, found through the M2P); containment: -VMI_EINVAL, victim intact.
 *
 * The M2P is global and readable, so a guest can list every machine frame
 * some other domain owns: those with a valid M2P entry that its own P2M
 * does not name back.  For each of them (the victim's page tables among
 * them) raw MMUEXT_PIN_L1, MMUEXT_PIN_L2 and MMUEXT_UNPIN must all be
 * -VMI_EINVAL: only the owner pins.  Had an unpin of the victim's live
 * tables got through, or a pin changed their type, the victim's checksum
 * run (judged by the runner) would not come out right.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "another domain's frames cannot be pinned or unpinned";

static volatile unsigned pf_count;

static void on_pf(struct trap_regs *r)
{
	pf_count++;
	r->f.eip += 2;                   /* movl (%eax), %ecx */
}

/* M2P entries mapped at PVHV_M2P_VA: load page by page until a #PF. */
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
	const volatile uint32_t *m2p = (const volatile uint32_t *)PVHV_M2P_VA;
	uint32_t limit = m2p_frames(), foreign = 0, refused = 0;

	printf("attack: pin L1, pin L2 and unpin every frame of another domain\n");
	for (uint32_t mfn = 0; mfn < limit; mfn++) {
		if (m2p[mfn] == VMI_INVALID_PFN || vmi_mfn_to_pfn(mfn) != VMI_INVALID_PFN)
			continue;
		foreign++;
		refused += hc(HC_MMUEXT_OP, MMUEXT_PIN_L1, mfn, 0) == -VMI_EINVAL;
		refused += hc(HC_MMUEXT_OP, MMUEXT_PIN_L2, mfn, 0) == -VMI_EINVAL;
		refused += hc(HC_MMUEXT_OP, MMUEXT_UNPIN, mfn, 0) == -VMI_EINVAL;
	}
	test_env("%u frames of other domains", foreign);
	CHECK_GT(foreign, 0);
	CHECK_EQ(refused, 3 * foreign);
}
