/*
 * pt.h - page-table helpers on top of VMI (guest-side).
 *
 * Page-table frames are read through the direct map and written only with
 * vmi_pte_write.  Before a frame is pinned its direct-map alias is made
 * read-only (VMI forbids writable mappings of pinned tables), and after it is
 * unpinned the alias is made writable again.
 */
#ifndef GUEST_PT_H
#define GUEST_PT_H

#include <stdint.h>
#include <vmi/vmi.h>

/*
 * Entry e with its flags replaced by `flags` and the same frame.  An
 * entry's flags are its low bits (VMI_PTE_FLAGS, vmi/abi.h); the rest is
 * the frame as vmi_make_pte made it, which a flags-only change keeps - so
 * this is vmi_make_pte(vmi_pte_pfn(e), flags) for an entry of the guest's
 * own tables, without the two calls (fork's copy and mprotect run it for
 * every present page).
 */
static inline vmi_pte_t pte_set_flags(vmi_pte_t e, uint32_t flags)
{
	return (e & ~VMI_PTE_FLAGS) | (flags & VMI_PTE_FLAGS);
}

/* The L2 currently in use (initially the boot info's pt_base_pfn). */
extern uint32_t pt_current_l2;

/* The entry of va's L1 in address space l2_pfn, or 0 if no L1 covers va. */
vmi_pte_t pt_get(uint32_t l2_pfn, uint32_t va);

/* Pseudo-physical address of va's L1 entry in l2_pfn, or 0 if no L1. */
uint32_t pt_entry_paddr(uint32_t l2_pfn, uint32_t va);

/* Set the direct-map alias of pfn writable (1) or read-only (0) in the
 * current address space, with a single-page flush. Returns 0 or -VMI_E*. */
int pt_set_alias_writable(uint32_t pfn, int writable);

/* The same without the flush, for a caller that changes many aliases and
 * then flushes once (fork, exit): until then the TLB may hold the old
 * permission. */
int pt_alias_set_w(uint32_t pfn, int writable);

/* A new pinned, empty L1 or L2 frame (alias made read-only first). */
uint32_t pt_new_table(int level);

/* Map va -> pfn with VMI_PTE_* flags in l2_pfn, adding a pinned L1 (made
 * with pt_new_table, installed with the given user bit) when none covers va.
 * Flushes va's TLB entry if l2_pfn is current. Returns 0 or -VMI_E*. */
int pt_map(uint32_t l2_pfn, uint32_t va, uint32_t pfn, uint32_t flags);

/* Remove va's mapping from l2_pfn (flushing if current). */
int pt_unmap(uint32_t l2_pfn, uint32_t va);

#endif /* GUEST_PT_H */
