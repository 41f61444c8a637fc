/*
 * kstack.c - kernel stacks: 8 KiB per process, mapped in a window of
 * kernel virtual memory with an unmapped guard page below each one.
 *
 * Two frames from the allocator are rarely adjacent, so a stack is made
 * contiguous by mapping rather than by allocation.  The window is one L1
 * installed in the kernel's L2 before the first process exists; every
 * address space copies the kernel's slots, so every one sees the same
 * stacks, and a stack mapped later needs no change to any L2.  Running off
 * the bottom of a stack hits the guard page: a kernel page fault, reported
 * by the panic in pagefault.c instead of silent corruption.
 */
#include "proc/proc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"
#include "lib/kernel/pt.h"

#define STACK_PAGES (KSTACK_SIZE / PAGE_SIZE)
#define STRIDE      (KSTACK_SIZE + PAGE_SIZE)     /* guard page + stack */
#define L1_INDEX(va) (((uint32_t)(va) >> VMI_PAGE_SHIFT) & 1023u)

_Static_assert(NPROC * STRIDE <= (1u << 22), "the stacks fit one L1");

static uint32_t window, window_l1;

void kstack_init(void)
{
	const vmi_pte_t *k = pfn_to_va(kernel_l2);
	uint32_t slot;
	int rc;

	/* The highest kernel slot the direct map left empty. */
	for (slot = VMI_L2_HV_FIRST - 1; slot >= (VMI_KERNEL_BASE >> 22); slot--)
		if (!(k[slot] & VMI_PTE_P))
			break;
	if (slot < (VMI_KERNEL_BASE >> 22))
		panic("kstack: no free kernel slot for the stack window");
	window_l1 = pt_new_table(1);
	rc = vmi_pte_write((kernel_l2 << VMI_PAGE_SHIFT) | (slot * 4),
	                   vmi_make_pte(window_l1, VMI_PTE_P | VMI_PTE_W));
	if (rc)
		panic("kstack: cannot install the stack window (%d)", rc);
	window = slot << 22;
}

static uint32_t entry_of(uint32_t va)
{
	return (window_l1 << VMI_PAGE_SHIFT) | (L1_INDEX(va) * 4);
}

void kstack_free(uint8_t *stack)
{
	for (uint32_t i = 0; i < STACK_PAGES; i++) {
		uint32_t va = (uint32_t)stack + i * PAGE_SIZE;
		vmi_pte_t e = ((const vmi_pte_t *)pfn_to_va(window_l1))[L1_INDEX(va)];

		if (!(e & VMI_PTE_P))
			continue;
		if (vmi_pte_write(entry_of(va), 0))
			panic("kstack: cannot unmap a stack");
		vmi_tlb_flush_one(va);
		page_put(vmi_pte_pfn(e));
	}
}

uint8_t *kstack_alloc(int slot)
{
	uint8_t *stack = (uint8_t *)(window + slot * STRIDE + PAGE_SIZE);

	for (uint32_t i = 0; i < STACK_PAGES; i++) {
		uint32_t pfn = page_alloc();

		if (pfn == VMI_INVALID_PFN ||
		    vmi_pte_write(entry_of((uint32_t)stack + i * PAGE_SIZE),
		                  vmi_make_pte(pfn, VMI_PTE_P | VMI_PTE_W))) {
			if (pfn != VMI_INVALID_PFN)
				page_put(pfn);
			kstack_free(stack);
			return 0;
		}
	}
	return stack;
}
