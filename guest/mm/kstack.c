/*
 * kstack.c - kernel stacks: 8 KiB per process, mapped in a window of
 * kernel virtual memory with an unmapped guard page below each one.
 *
 * Two frames from the allocator are rarely adjacent, so a stack is made
 * contiguous by mapping rather than by allocation.  The window is as many
 * L1s as the process table's limit needs (341 stacks each), installed in
 * consecutive slots of the kernel's L2 before the first process exists; every
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
#define PER_L1      ((1u << 22) / STRIDE)         /* stacks one L1 maps: 341 */
#define MAX_L1      ((NPROC_MAX + PER_L1 - 1) / PER_L1)
#define L1_INDEX(va) (((uint32_t)(va) >> VMI_PAGE_SHIFT) & 1023u)

static uint32_t window, window_l1[MAX_L1];

/* The lowest of the n highest consecutive kernel slots the direct map
 * left empty (below the backend's), with *n lowered to the run found. */
static uint32_t free_slots(uint32_t *n)
{
	const vmi_pte_t *k = pfn_to_va(kernel_l2);
	uint32_t first = VMI_KERNEL_BASE >> 22, run = 0, slot;

	for (slot = VMI_L2_HV_FIRST - 1; slot >= first && run < *n; slot--)
		if (k[slot] & VMI_PTE_P) {
			if (run)
				break;
		} else {
			run++;
		}
	*n = run;
	return slot + 1;
}

/* The window: enough L1s for proc_limit stacks, if the kernel's half has
 * the room, else as many as it has (and proc_limit follows). */
void kstack_init(void)
{
	uint32_t n = (proc_limit + PER_L1 - 1) / PER_L1;
	uint32_t base = free_slots(&n);

	if (n == 0)
		panic("kstack: no free kernel slot for the stack window");
	if (n * PER_L1 < (uint32_t)proc_limit)
		proc_limit = n * PER_L1;
	window = base << 22;
	for (uint32_t i = 0; i < n; i++) {
		int rc;

		window_l1[i] = pt_new_table(1);
		rc = vmi_pte_write((kernel_l2 << VMI_PAGE_SHIFT) | ((base + i) * 4),
		                   vmi_make_pte(window_l1[i], VMI_PTE_P | VMI_PTE_W));
		if (rc)
			panic("kstack: cannot install the stack window (%d)", rc);
	}
}

/* The L1 entry that maps va, as a machine address for vmi_pte_write. */
static uint32_t entry_of(uint32_t va)
{
	return (window_l1[(va - window) >> 22] << VMI_PAGE_SHIFT) | (L1_INDEX(va) * 4);
}

static vmi_pte_t entry_val(uint32_t va)
{
	return ((const vmi_pte_t *)pfn_to_va(window_l1[(va - window) >> 22]))[L1_INDEX(va)];
}

void kstack_free(uint8_t *stack)
{
	for (uint32_t i = 0; i < STACK_PAGES; i++) {
		uint32_t va = (uint32_t)stack + i * PAGE_SIZE;
		vmi_pte_t e = entry_val(va);

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
