/*
 * hostile/hc_wrap_ranges - attack: hypercall buffers that run across
 * 0xFC000000 or wrap around 4 GiB; containment: -VMI_EFAULT, nothing applied.
 *
 * A range check written as `va + len <= limit` passes when the sum wraps.
 * The guest maps its last page below the hypervisor (0xFBFFF000, slot 1007
 * is the guest's) and places requests so that they end beyond 0xFC000000:
 * a trap table whose first entry is valid and whose second lies past the
 * boundary, an MMU update and a `done` word straddling it, a multicall
 * entry straddling it, console buffers crossing it; then buffers starting
 * near 0xFFFFFFFF whose end wraps to low memory, and a huge length from a
 * low address.  Every call is -VMI_EFAULT and nothing is applied: the #UD
 * handler is still the guest's own, the entries stay empty, no port is
 * allocated.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "hypercall ranges across 0xFC000000 or 4 GiB are refused";

#define TEST_VA 0x40000000u
#define TOP 0xFBFFF000u                  /* the guest's last page */
#define END 0xFC000000u

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
	uint32_t l2 = pt_current_l2, data = frame_alloc(), top = frame_alloc(), e;
	struct vmi_trap_entry trap = { 6, 0, (uint16_t)test_bi->kernel_cs, (uint32_t)evil_ud };
	struct pvhv_multicall mc = { HC_EVTCHN_OP, { EVTCHNOP_ALLOC_UNBOUND, VMI_DOMID_SELF }, 99 };
	struct vmi_mmu_update good;
	char line[] = "FAIL: must not be printed\n";
	int port;

	trap_set_handler(6, on_ud);
	CHECK_RET(pt_map(l2, TEST_VA, data, VMI_PTE_P), 0);
	CHECK_RET(pt_map(l2, TOP, top, VMI_PTE_P | VMI_PTE_W), 0);
	e = pt_entry_paddr(l2, TEST_VA + VMI_PAGE_SIZE);
	good = (struct vmi_mmu_update){
		(vmi_pfn_to_mfn(e >> VMI_PAGE_SHIFT) << VMI_PAGE_SHIFT) | (e & 0xFFF),
		vmi_make_pte(data, VMI_PTE_P) };
	memcpy((void *)(END - 8), &trap, 8);
	memcpy((void *)(END - 4), &good, 4);             /* half an update */
	memcpy((void *)(END - 0x40), line, sizeof line - 1);

	printf("attack: across 0xFC000000\n");
	CHECK_RET(hc(HC_SET_TRAP_TABLE, END - 8, 2, 0), -VMI_EFAULT);
	CHECK_RET(hc(HC_MMU_UPDATE, END - 4, 1, 0), -VMI_EFAULT);
	CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)&good, 1, END - 2), -VMI_EFAULT);
	memcpy((void *)(END - 16), &mc, 16);             /* op and args[0..2] */
	CHECK_RET(hc(HC_MULTICALL, END - 16, 1, 0), -VMI_EFAULT);
	CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_WRITE, 0x80, END - 0x40), -VMI_EFAULT);
	CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_READ, 0x80, END - 0x40), -VMI_EFAULT);

	printf("attack: around 4 GiB\n");
	CHECK_RET(hc(HC_SET_TRAP_TABLE, 0xFFFFFFF8u, 2, 0), -VMI_EFAULT);
	CHECK_RET(hc(HC_MMU_UPDATE, 0xFFFFFFF8u, 2, 0), -VMI_EFAULT);
	CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)&good, 1, 0xFFFFFFFEu), -VMI_EFAULT);
	CHECK_RET(hc(HC_MULTICALL, 0xFFFFFFF0u, 2, 0), -VMI_EFAULT);
	CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_WRITE, 0x200, 0xFFFFFF00u), -VMI_EFAULT);
	CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_READ, 0x200, 0xFFFFFF00u), -VMI_EFAULT);
	printf("attack: huge lengths from low addresses\n");
	CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_READ, 0xFFFFFFFFu, (uint32_t)line), -VMI_EFAULT);
	CHECK_RET(hc(HC_CONSOLE_IO, CONSOLEIO_READ, 0xFFFFF000u, 0x2000), -VMI_EFAULT);

	/* Nothing applied. */
	asm volatile("ud2");
	CHECK_EQ(ud_count, 1);
	CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE), 0);
	port = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	CHECK_RET(port, 1);
	CHECK_RET(vmi_evtchn_close(port), 0);
	/* The same requests wholly below the boundary work (positive control). */
	CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)&good, 1, END - 4), 0);
	CHECK_EQ(*(volatile uint32_t *)(END - 4), 1);
	CHECK_EQ(pt_get(l2, TEST_VA + VMI_PAGE_SIZE), good.val);
}
