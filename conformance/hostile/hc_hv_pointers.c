/*
 * hostile/hc_hv_pointers - attack: hypercall pointers at or above 0xFC000000
 * (M2P, shared-info page, hypervisor image, top of memory); containment:
 * -VMI_EFAULT, nothing applied or written.
 *
 * The shared-info page (0xFC3FF000) and the M2P are mapped in the guest's
 * own address space, so a hypervisor that only relied on the copy faulting
 * would read requests from them and write results into them.  The guest
 * places valid requests in the spare half of its shared page (a trap-table
 * entry, an MMU update, a multicall allocating a port, console text) and
 * points every pointer-taking hypercall there, and at the M2P, the
 * hypervisor image and 0xFFFFF000, for inputs and outputs alike.  Each call
 * must be -VMI_EFAULT (not -VMI_EINVAL: the pointer, not the content, is
 * refused); nothing may be applied (the #UD handler, the page-table entry,
 * the port numbering are unchanged) and the shared page not written.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "hypercall pointers into the hypervisor's range are refused";

#define TEST_VA 0x40000000u
#define SPARE (PVHV_SHARED_INFO_VA + 0x800)   /* unused part of the shared page */

static volatile unsigned ud_count;

static void on_ud(struct trap_regs *r)
{
	ud_count++;
	r->f.eip += 2;
}

/* Entered only if a refused trap table was applied after all. */
static void evil_ud(void)
{
	test_fail(__FILE__, __LINE__, "a trap table from the hypervisor's range was applied");
	test_done();
}

struct spare {
	struct vmi_trap_entry trap;
	struct vmi_mmu_update mmu;
	struct pvhv_multicall mc;
	uint32_t out;
	char text[32];
};

void test_main(void)
{
	static const uint32_t ptrs[] = { SPARE, PVHV_M2P_VA, PVHV_HV_BASE, 0xFFFFF000u };
	volatile struct spare *s = (volatile struct spare *)SPARE;
	uint32_t l2 = pt_current_l2, data = frame_alloc(), e, base;
	struct vmi_mmu_update good;
	int port;

	trap_set_handler(6, on_ud);
	CHECK_RET(pt_map(l2, TEST_VA, data, VMI_PTE_P), 0);
	e = pt_entry_paddr(l2, TEST_VA + VMI_PAGE_SIZE);
	good = (struct vmi_mmu_update){
		(vmi_pfn_to_mfn(e >> VMI_PAGE_SHIFT) << VMI_PAGE_SHIFT) | (e & 0xFFF),
		vmi_make_pte(data, VMI_PTE_P) };
	s->trap = (struct vmi_trap_entry){ 6, 0, (uint16_t)test_bi->kernel_cs, (uint32_t)evil_ud };
	s->mmu = good;
	s->mc = (struct pvhv_multicall){ HC_EVTCHN_OP, { EVTCHNOP_ALLOC_UNBOUND, VMI_DOMID_SELF }, 99 };
	s->out = 0x0DDBA11u;
	memcpy((char *)s->text, "FAIL: printed from 0xFC3FF800\n", 30);

	for (unsigned i = 0; i < ARRAY_SIZE(ptrs); i++) {
		base = ptrs[i];
		printf("attack: pointers at %s\n", i == 0 ? "the shared page" : i == 1 ?
		       "the M2P" : i == 2 ? "the hypervisor image" : "0xFFFFF000");
		CHECK_RET(hc(HC_SET_TRAP_TABLE, base + __builtin_offsetof(struct spare, trap), 1, 0),
		          -VMI_EFAULT);
		CHECK_RET(hc(HC_MMU_UPDATE, base + __builtin_offsetof(struct spare, mmu), 1, 0),
		          -VMI_EFAULT);
		CHECK_RET(hc(HC_MULTICALL, base + __builtin_offsetof(struct spare, mc), 1, 0),
		          -VMI_EFAULT);
		CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_WRITE, 30,
		             base + __builtin_offsetof(struct spare, text)), -VMI_EFAULT);
		CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_READ, 4,
		             base + __builtin_offsetof(struct spare, out)), -VMI_EFAULT);
		/* An output at the pointer, with a valid request. */
		CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)&good, 1,
		             base + __builtin_offsetof(struct spare, out)), -VMI_EFAULT);
		CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE), 0);   /* not applied */
	}

	/* Nothing applied, nothing written. */
	asm volatile("ud2");
	CHECK_EQ(ud_count, 1);
	CHECK_EQ(s->out, 0x0DDBA11u);
	CHECK_EQ(s->mc.result, 99);
	port = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	CHECK_RET(port, 1);
	CHECK_RET(vmi_evtchn_close(port), 0);
}
