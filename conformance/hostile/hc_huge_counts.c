/*
 * hostile/hc_huge_counts - attack: huge counts in batched hypercalls
 * (mmu_update 0xFFFFFFFF, set_trap_table 0x10000, multicall 0x7FFFFFFF, and
 * their first values past the limit); containment: -VMI_EINVAL, nothing
 * applied.
 *
 * A count multiplied by the entry size can wrap, and a loop bounded only by
 * the count would walk far past the array.  Each batch points at valid
 * entries that would matter if applied (an MMU update, a trap-table entry
 * replacing the #UD handler, a port allocation).  Each call must be
 * -VMI_EINVAL: `done` reports 0, the entry stays empty, the #UD handler is
 * the guest's, no port was allocated, and the hypervisor runs on.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "huge batch counts are refused";

#define TEST_VA 0x40000000u

static volatile unsigned ud_count;

static void on_ud(struct trap_regs *r)
{
	ud_count++;
	r->f.eip += 2;
}

static void evil_ud(void)
{
	test_fail(__FILE__, __LINE__, "a refused trap table was applied");
	test_done();
}

void test_main(void)
{
	static const uint32_t mmu_counts[] = { VMI_MMU_BATCH_MAX + 1, 0x20000000u, 0x80000000u,
	                                       0xFFFFFFFFu };
	static const uint32_t trap_counts[] = { 257, 0x10000, 0x20000000u, 0xFFFFFFFFu };
	static const uint32_t mc_counts[] = { PVHV_MULTICALL_MAX + 1, 0x7FFFFFFF, 0x80000000u,
	                                      0xFFFFFFFFu };
	static struct vmi_trap_entry traps[4];
	static struct pvhv_multicall mc[4];
	uint32_t l2 = pt_current_l2, data = frame_alloc(), e, done;
	struct vmi_mmu_update good;
	int port;

	trap_set_handler(6, on_ud);
	CHECK_RET(pt_map(l2, TEST_VA, data, VMI_PTE_P), 0);
	e = pt_entry_paddr(l2, TEST_VA + VMI_PAGE_SIZE);
	good = (struct vmi_mmu_update){
		(vmi_pfn_to_mfn(e >> VMI_PAGE_SHIFT) << VMI_PAGE_SHIFT) | (e & 0xFFF),
		vmi_make_pte(data, VMI_PTE_P) };
	for (int i = 0; i < 4; i++) {
		traps[i] = (struct vmi_trap_entry){ 6, 0, (uint16_t)test_bi->kernel_cs, (uint32_t)evil_ud };
		mc[i] = (struct pvhv_multicall){ HC_EVTCHN_OP, { EVTCHNOP_ALLOC_UNBOUND, VMI_DOMID_SELF }, 99 };
	}

	for (unsigned i = 0; i < 4; i++) {
		printf("attack: counts %#x, %#x, %#x\n", mmu_counts[i], trap_counts[i], mc_counts[i]);
		done = 77;
		CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)&good, mmu_counts[i], (uint32_t)&done),
		          -VMI_EINVAL);
		CHECK_EQ(done, 0);
		CHECK_RET(hc(HC_SET_TRAP_TABLE, (uint32_t)traps, trap_counts[i], 0), -VMI_EINVAL);
		CHECK_RET(hc(HC_MULTICALL, (uint32_t)mc, mc_counts[i], 0), -VMI_EINVAL);
	}
	CHECK_RET(vmi_mmu_update(&good, 0xFFFFFFFFu, &done), -VMI_EINVAL);
	CHECK_EQ(done, 0);

	/* Nothing applied. */
	CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE), 0);
	asm volatile("ud2");
	CHECK_EQ(ud_count, 1);
	CHECK_EQ(mc[0].result, 99);
	port = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	CHECK_RET(port, 1);
	CHECK_RET(vmi_evtchn_close(port), 0);
}
