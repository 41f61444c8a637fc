/*
 * pt.c - page-table helpers on top of VMI (pt.h).
 *
 * Two-level non-PAE tables.  Tables are read through the direct map (the
 * guest may always read them) and written only through vmi_pte_write, because
 * on a validating backend a pinned table is read-only to the guest and every
 * change must be checked.  Entries are built with vmi_make_pte and decoded
 * with vmi_pte_pfn: pseudo-physical and machine frames may differ, so a pfn
 * is never shifted into an entry by hand.
 */
#include "pt.h"
#include "frames.h"
#include "lib/klib.h"

#define L2_INDEX(va) ((va) >> 22)
#define L1_INDEX(va) (((va) >> VMI_PAGE_SHIFT) & 1023u)

/* Set by frames_init (every program's first step) to the boot L2. */
uint32_t pt_current_l2 = VMI_INVALID_PFN;

/* The L2 entry covering va in l2_pfn. */
static vmi_pte_t l2_entry(uint32_t l2_pfn, uint32_t va)
{
	const vmi_pte_t *l2 = pfn_to_va(l2_pfn);
	return l2[L2_INDEX(va)];
}

/* The L1 frame covering va in l2_pfn, or VMI_INVALID_PFN if there is none
 * (large pages never occur in guest L2s, but are not followed either). */
static uint32_t l1_of(uint32_t l2_pfn, uint32_t va)
{
	vmi_pte_t e = l2_entry(l2_pfn, va);

	if (!(e & VMI_PTE_P) || (e & VMI_PTE_PS))
		return VMI_INVALID_PFN;
	return vmi_pte_pfn(e);
}

vmi_pte_t pt_get(uint32_t l2_pfn, uint32_t va)
{
	uint32_t l1 = l1_of(l2_pfn, va);

	if (l1 == VMI_INVALID_PFN)
		return 0;
	return ((const vmi_pte_t *)pfn_to_va(l1))[L1_INDEX(va)];
}

uint32_t pt_entry_paddr(uint32_t l2_pfn, uint32_t va)
{
	uint32_t l1 = l1_of(l2_pfn, va);

	if (l1 == VMI_INVALID_PFN)
		return 0;
	return (l1 << VMI_PAGE_SHIFT) | (L1_INDEX(va) * sizeof(vmi_pte_t));
}

int pt_alias_set_w(uint32_t pfn, int writable)
{
	uint32_t va = (uint32_t)pfn_to_va(pfn);
	uint32_t paddr = pt_entry_paddr(pt_current_l2, va);
	vmi_pte_t old = paddr ? pt_get(pt_current_l2, va) : 0;
	uint32_t flags;

	/* No alias at all: nothing maps it writable, but it cannot become so. */
	if (!(old & VMI_PTE_P))
		return writable ? -VMI_ENOENT : 0;
	flags = (old & VMI_PTE_FLAGS & ~VMI_PTE_W) | (writable ? VMI_PTE_W : 0);
	return vmi_pte_write(paddr, vmi_make_pte(pfn, flags));
}

int pt_set_alias_writable(uint32_t pfn, int writable)
{
	int rc = pt_alias_set_w(pfn, writable);

	if (rc == 0)
		vmi_tlb_flush_one((uint32_t)pfn_to_va(pfn));
	return rc;
}

uint32_t pt_new_table(int level)
{
	uint32_t pfn = frame_alloc();
	int rc;

	/* A pinned frame may not be writable anywhere, its alias included. */
	rc = pt_set_alias_writable(pfn, 0);
	if (rc)
		panic("pt: cannot make table frame read-only (%d)", rc);
	rc = vmi_pt_pin(pfn, level);
	if (rc)
		panic("pt: cannot pin a new L%d (%d)", level, rc);
	return pfn;
}

/* Make sure va has an L1 in l2_pfn whose L2 entry allows user access if
 * `user`; returns the L1 frame or VMI_INVALID_PFN on error (*rc set). */
static uint32_t ensure_l1(uint32_t l2_pfn, uint32_t va, int user, int *rc)
{
	vmi_pte_t e = l2_entry(l2_pfn, va);
	uint32_t entry = (l2_pfn << VMI_PAGE_SHIFT) | (L2_INDEX(va) * sizeof(vmi_pte_t));
	uint32_t flags = VMI_PTE_P | VMI_PTE_W | (user ? VMI_PTE_U : 0);
	uint32_t l1;

	*rc = 0;
	if ((e & VMI_PTE_P) && (e & VMI_PTE_PS)) {
		*rc = -VMI_EINVAL;
		return VMI_INVALID_PFN;
	}
	if (e & VMI_PTE_P) {
		l1 = vmi_pte_pfn(e);
		/* An existing L1 installed for the kernel must now let user in. */
		if (user && !(e & VMI_PTE_U))
			*rc = vmi_pte_write(entry, vmi_make_pte(l1, (e & VMI_PTE_FLAGS) | VMI_PTE_U));
		return *rc ? VMI_INVALID_PFN : l1;
	}
	/* The L1 is pinned before the L2 refers to it, as validation requires. */
	l1 = pt_new_table(1);
	*rc = vmi_pte_write(entry, vmi_make_pte(l1, flags));
	return *rc ? VMI_INVALID_PFN : l1;
}

int pt_map(uint32_t l2_pfn, uint32_t va, uint32_t pfn, uint32_t flags)
{
	int rc;
	uint32_t l1 = ensure_l1(l2_pfn, va, (flags & VMI_PTE_U) != 0, &rc);

	if (l1 == VMI_INVALID_PFN)
		return rc;
	rc = vmi_pte_write((l1 << VMI_PAGE_SHIFT) | (L1_INDEX(va) * sizeof(vmi_pte_t)),
	                   vmi_make_pte(pfn, flags));
	if (rc == 0 && l2_pfn == pt_current_l2)
		vmi_tlb_flush_one(va);
	return rc;
}

int pt_unmap(uint32_t l2_pfn, uint32_t va)
{
	uint32_t paddr = pt_entry_paddr(l2_pfn, va);
	int rc;

	if (paddr == 0)
		return -VMI_ENOENT;
	rc = vmi_pte_write(paddr, 0);
	if (rc == 0 && l2_pfn == pt_current_l2)
		vmi_tlb_flush_one(va);
	return rc;
}
