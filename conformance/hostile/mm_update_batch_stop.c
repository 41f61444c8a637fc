/*
 * hostile/mm_update_batch_stop - attack: hide a bad entry deep in a long
 * HC_MMU_UPDATE batch of good ones to the same L1, and let a batch run off
 * the end of mapped memory; containment: the batch stops exactly at the
 * bad entry (-VMI_EINVAL) or at the first unreadable one (-VMI_EFAULT),
 * `done` counts the entries applied, everything before is applied and
 * nothing after.
 *
 * The hypervisor reads a batch in chunks and keeps the table it writes
 * mapped from one entry to the next (hypercall.c, pagetype.c): this catches
 * a chunk or a kept mapping that skips an entry's checks, applies entries
 * past a failure, or gives up on a whole chunk when only its tail is
 * unreadable.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>
#include "raw_hypercall.h"

const char test_title[] = "a long MMU batch stops exactly at its first bad or unreadable entry";

#define TEST_VA 0x40000000u   /* entries 1..N of its L1 are the targets */
#define BUF_VA  0x48000000u   /* one mapped page; the next one is not */
#define N 40                  /* more than one chunk of the hypervisor's */
#define P VMI_PTE_P
#define W VMI_PTE_W

static uint32_t l2, data, host;

static uint32_t target(unsigned i)
{
	uint32_t e = pt_entry_paddr(l2, TEST_VA + (i + 1) * VMI_PAGE_SIZE);

	return (vmi_pfn_to_mfn(e >> VMI_PAGE_SHIFT) << VMI_PAGE_SHIFT) | (e & 0xFFF);
}

/* Clear the N targets again (through the backend: known good). */
static void clear_targets(void)
{
	for (unsigned i = 0; i < N; i++)
		CHECK_RET(vmi_pte_write(pt_entry_paddr(l2, TEST_VA + (i + 1) * VMI_PAGE_SIZE), 0), 0);
}

static void check_applied(unsigned upto)
{
	for (unsigned i = 0; i < N; i++)
		CHECK_EQ(pt_get(l2, TEST_VA + (i + 1) * VMI_PAGE_SIZE) != 0, i < upto);
}

/* N good read-only mappings of data, entry bad_at made evil. */
static void bad_entry(struct vmi_mmu_update *u, unsigned bad_at, vmi_pte_t evil)
{
	uint32_t done = 77;

	for (unsigned i = 0; i < N; i++)
		u[i] = (struct vmi_mmu_update){ target(i), vmi_make_pte(data, P) };
	u[bad_at].val = evil;
	CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)u, N, (uint32_t)&done), -VMI_EINVAL);
	CHECK_EQ(done, bad_at);
	check_applied(bad_at);
	clear_targets();
}

void test_main(void)
{
	static struct vmi_mmu_update u[N];
	uint32_t buf = frame_alloc(), done = 77;
	struct vmi_mmu_update *tail;
	const unsigned readable = 5;

	l2 = pt_current_l2;
	data = frame_alloc();
	CHECK_RET(pt_map(l2, TEST_VA, data, P), 0);
	host = vmi_pte_pfn(((vmi_pte_t *)pfn_to_va(l2))[TEST_VA >> 22]);

	printf("attack: the L1 itself writable, entry 3 and entry 35 of %u\n", N);
	bad_entry(u, 3, vmi_make_pte(host, P | W));
	bad_entry(u, 35, vmi_make_pte(host, P | W));
	printf("attack: a frame past our memory, entry 33 of %u\n", N);
	bad_entry(u, 33, ((test_bi->nr_pages + 0x100000u) << VMI_PAGE_SHIFT) | P);
	printf("attack: an unknown command, entry 39 of %u\n", N);
	for (unsigned i = 0; i < N; i++)
		u[i] = (struct vmi_mmu_update){ target(i), vmi_make_pte(data, P) };
	u[39].ptr |= 3;
	CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)u, N, (uint32_t)&done), -VMI_EINVAL);
	CHECK_EQ(done, 39);
	check_applied(39);
	clear_targets();

	printf("attack: a batch of %u whose entries after the %uth are unmapped\n", N, readable);
	CHECK_RET(pt_map(l2, BUF_VA, buf, P | W), 0);
	CHECK_EQ(pt_get(l2, BUF_VA + VMI_PAGE_SIZE), 0);
	tail = (struct vmi_mmu_update *)(BUF_VA + VMI_PAGE_SIZE) - readable;
	for (unsigned i = 0; i < readable; i++)
		tail[i] = (struct vmi_mmu_update){ target(i), vmi_make_pte(data, P) };
	done = 77;
	CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)tail, N, (uint32_t)&done), -VMI_EFAULT);
	CHECK_EQ(done, readable);
	check_applied(readable);
	clear_targets();

	printf("control: the same %u entries, all good\n", N);
	for (unsigned i = 0; i < N; i++)
		u[i] = (struct vmi_mmu_update){ target(i), vmi_make_pte(data, P) };
	done = 77;
	CHECK_RET(hc(HC_MMU_UPDATE, (uint32_t)u, N, (uint32_t)&done), 0);
	CHECK_EQ(done, N);
	check_applied(N);
	clear_targets();
	check_applied(0);
}
