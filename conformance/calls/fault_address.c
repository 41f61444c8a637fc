/*
 * fault_address - vmi_fault_address is the faulting linear address inside
 * the #PF handler, and the error code tells not-present from protection and
 * read from write.
 *
 * Demand paging, copy-on-write and stack growth all start from these two
 * facts; on pvhv the address is published in shared memory rather than read
 * from CR2, so it must be exactly the address, not the page.  The test
 * touches 0x40000000 + offsets (user space, which the boot address space
 * leaves unmapped), lets the handler map a frame, and the access is retried:
 *   read, not present   -> error 0     (mapped read-only)
 *   write, read-only    -> error P|W   (remapped writable)
 *   write, not present  -> error W
 * Kernel accesses never carry the U bit, whatever ring the kernel runs in.
 */
#include "../runtime/test.h"

const char test_title[] = "cpu: fault_address and the page-fault error code";

#define PF_VECTOR 14
#define PF_P 0x1u
#define PF_W 0x2u
#define PF_U 0x4u
#define BASE 0x40000000u
#define ERR_BITS (PF_P | PF_W | PF_U)

static volatile unsigned faults;
static volatile uint32_t last_addr, last_err, last_cs, map_rc;
static uint32_t frame[2];       /* the frames mapped at BASE, BASE + 4 KiB */

static void pf_handler(struct trap_regs *r)
{
	uint32_t addr = vmi_fault_address();
	uint32_t page = addr & ~(VMI_PAGE_SIZE - 1);
	uint32_t i = (page - BASE) / VMI_PAGE_SIZE;

	faults++;
	last_addr = addr;
	last_err = r->f.error_code;
	last_cs = r->f.cs;
	if (page != BASE && page != BASE + VMI_PAGE_SIZE) {
		map_rc = 1;                     /* not ours: cannot recover */
		panic("unexpected page fault");
	}
	if (!frame[i])
		frame[i] = frame_alloc();
	/* A read gets a read-only page; a write gets a writable one. */
	map_rc = pt_map(pt_current_l2, page, frame[i],
	                VMI_PTE_P | ((r->f.error_code & PF_W) ? VMI_PTE_W : 0));
}

void test_main(void)
{
	volatile uint32_t *p = (volatile uint32_t *)(BASE + 0x124);
	volatile uint32_t *q = (volatile uint32_t *)(BASE + VMI_PAGE_SIZE + 0xFF8);
	uint32_t v;

	CHECK_EQ(pt_get(pt_current_l2, BASE), 0);     /* really unmapped */
	CHECK_EQ(pt_get(pt_current_l2, BASE + VMI_PAGE_SIZE), 0);
	trap_set_handler(PF_VECTOR, pf_handler);

	/* Read of a page not present. */
	v = *p;
	CHECK_EQ(faults, 1);
	CHECK_EQ(last_addr, BASE + 0x124);
	CHECK_EQ(last_err & ERR_BITS, 0);
	CHECK_EQ(last_cs, test_bi->kernel_cs);
	CHECK_EQ(map_rc, 0);
	CHECK_EQ(v, 0);                                /* a zeroed frame */

	/* Write to the same page, now read-only: a protection fault. */
	*p = 0xC0FFEE;
	CHECK_EQ(faults, 2);
	CHECK_EQ(last_addr, BASE + 0x124);
	CHECK_EQ(last_err & ERR_BITS, PF_P | PF_W);
	CHECK_EQ(*p, 0xC0FFEE);                        /* the retried store */
	CHECK_EQ(*(volatile uint32_t *)((uint8_t *)pfn_to_va(frame[0]) + 0x124), 0xC0FFEE);

	/* Write to a page not present, at its last word. */
	*q = 0x5EED;
	CHECK_EQ(faults, 3);
	CHECK_EQ(last_addr, BASE + VMI_PAGE_SIZE + 0xFF8);
	CHECK_EQ(last_err & ERR_BITS, PF_W);
	CHECK_EQ(*q, 0x5EED);

	/* Mapped now: no further faults. */
	*p = 1;
	*q = 2;
	CHECK_EQ(faults, 3);
	trap_set_handler(PF_VECTOR, NULL);
	CHECK_RET(pt_unmap(pt_current_l2, BASE), 0);
	CHECK_RET(pt_unmap(pt_current_l2, BASE + VMI_PAGE_SIZE), 0);
}
