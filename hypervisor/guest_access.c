/*
 * guest_access.c - the one guarded path between the hypervisor and guest
 * memory (lguest's rule: a single gate, one error policy).
 *
 * A guest pointer is a virtual address in the current domain's address
 * space, which is loaded whenever the hypervisor runs on its behalf.  It is
 * first checked to lie wholly below VMI_HV_START without wrapping; the copy
 * itself may still fault (unmapped, or read-only for an output - CR0.WP
 * makes ring 0 honour that), and such a fault becomes -VMI_EFAULT, never a
 * hypervisor crash.
 */
#include "hv.h"

int hv_copy(void *dst, const void *src, uint32_t n);

struct fixup { uint32_t insn, target; };
extern const struct fixup __fixup_start[], __fixup_end[];

int copy_from_guest(void *dst, uint32_t guest_va, uint32_t len)
{
	if (!guest_range_ok(guest_va, len))
		return -VMI_EFAULT;
	return hv_copy(dst, (const void *)guest_va, len);
}

int copy_to_guest(uint32_t guest_va, const void *src, uint32_t len)
{
	if (!guest_range_ok(guest_va, len))
		return -VMI_EFAULT;
	return hv_copy((void *)guest_va, src, len);
}

int fixup_find(uint32_t eip, uint32_t *fixup_eip)
{
	for (const struct fixup *f = __fixup_start; f < __fixup_end; f++)
		if (f->insn == eip) {
			*fixup_eip = f->target;
			return 1;
		}
	return 0;
}
