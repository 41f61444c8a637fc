/*
 * hostile/balloon_overdraw - attack: take more than we own or may hold -
 * give one frame back twice in one list, give back more than a batch,
 * populate a pfn beyond our maximum, populate the released pfn twice in
 * one list, populate pfns that still have memory, write the results of a
 * populate into the hypervisor, and set a target (or another domain's)
 * out of range; containment: -VMI_EINVAL / -VMI_EFAULT, all or nothing,
 * and the hypervisor's count of our frames never exceeds nr_pages
 * (dom_info's mem_pages; this attacker is the first domain, so dom0).
 */
#include "../runtime/test.h"
#include "raw_hypercall.h"

const char test_title[] = "a balloon cannot take more than its maximum";

/* A raw MEMOP_POPULATE of pfns[0] with its result written to out_va
 * (raw_hypercall.h's hc passes no fourth argument). */
static int32_t populate_to(const uint32_t *pfns, uint32_t out_va)
{
	int32_t ret;
	uint32_t b = MEMOP_POPULATE, c = (uint32_t)pfns, d = 1, si = out_va;

	asm volatile("int $0x82" : "=a"(ret), "+b"(b), "+c"(c), "+d"(d), "+S"(si)
		     : "0"(HC_MEMORY_OP) : "memory");
	return ret;
}

static uint32_t held(void)
{
	struct vmi_dom_info info;

	return vmi_dom_info(0, &info) == 0 ? info.mem_pages : 0;
}

void test_main(void)
{
	uint32_t nr = test_bi->nr_pages, p = frame_alloc(), q = frame_alloc();
	static uint32_t list[VMI_BALLOON_BATCH + 1];

	CHECK_EQ(held(), nr);
	CHECK_RET(pt_unmap(pt_current_l2, (uint32_t)pfn_to_va(p)), 0);
	CHECK_RET(pt_unmap(pt_current_l2, (uint32_t)pfn_to_va(q)), 0);
	printf("attack: one frame twice, and more than a batch\n");
	list[0] = list[1] = vmi_pfn_to_mfn(p);
	CHECK_RET(hc(HC_MEMORY_OP, MEMOP_RELEASE, (uint32_t)list, 2), -VMI_EINVAL);
	for (uint32_t i = 0; i <= VMI_BALLOON_BATCH; i++)
		list[i] = vmi_pfn_to_mfn(p);
	CHECK_RET(hc(HC_MEMORY_OP, MEMOP_RELEASE, (uint32_t)list,
		     VMI_BALLOON_BATCH + 1), -VMI_EINVAL);
	CHECK_EQ(held(), nr);
	CHECK_RET(vmi_mem_release(&p, 1), 1);
	CHECK_EQ(held(), nr - 1);
	printf("attack: populate beyond the maximum, twice, and what is backed\n");
	list[0] = nr;
	CHECK_RET(vmi_mem_populate(list, 1), -VMI_EINVAL);
	list[0] = list[1] = p;
	CHECK_RET(vmi_mem_populate(list, 2), -VMI_EINVAL);
	list[0] = p;
	list[1] = q;                                /* q still has memory */
	CHECK_RET(vmi_mem_populate(list, 2), -VMI_EINVAL);
	CHECK_EQ(held(), nr - 1);
	printf("attack: populate with the results aimed at the hypervisor\n");
	CHECK_RET(populate_to(list, PVHV_HV_BASE), -VMI_EFAULT);
	CHECK_EQ(held(), nr - 1);
	CHECK_RET(vmi_mem_populate(&p, 1), 1);     /* positive control */
	CHECK_EQ(held(), nr);
	printf("attack: targets out of range\n");
	CHECK_RET(vmi_mem_set_target(0, nr + 1), -VMI_EINVAL);
	CHECK_RET(vmi_mem_set_target(1, 0xFFFFFFFFu), -VMI_EINVAL);
	CHECK_RET(vmi_mem_set_target(0, 0), -VMI_EINVAL);
}
