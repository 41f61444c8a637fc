/*
 * tls.c - thread-local storage segments: set_thread_area and the per-
 * process TLS descriptors in the GDT.
 *
 * glibc points %gs at its thread control block through a GDT descriptor
 * it asks for with set_thread_area (entry -1: "give me a free one").  VMI
 * lends the guest a few GDT slots (boot info tls_gdt_first/count) through
 * vmi_write_gdt_entry; each process keeps its own descriptors and they are
 * written into those slots whenever a different process is switched in
 * (only the slots that differ).  VMI refuses segments reaching past
 * seg_limit (the hypervisor lives above it), so a 4 GiB TLS segment is
 * clamped there - glibc's negative %gs offsets then work only where limits
 * are not enforced (TCG), as under Xen without its segment fix-ups.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"
#include <vmi/rules.h>

static uint32_t tls_first, tls_count, seg_limit;
static uint64_t loaded[NTLS];       /* what the GDT slots hold now */

void tls_init(const struct vmi_boot_info *bi)
{
	tls_first = bi->tls_gdt_first;
	tls_count = bi->tls_gdt_count < NTLS ? bi->tls_gdt_count : NTLS;
	seg_limit = bi->seg_limit;
}

uint32_t tls_entry(int i)
{
	return tls_first + (uint32_t)i;
}

void tls_load(struct proc *p)
{
	for (uint32_t i = 0; i < tls_count; i++) {
		if (loaded[i] == p->tls[i])
			continue;
		if (vmi_write_gdt_entry(tls_first + i, p->tls[i]))
			panic("tls: vmi_write_gdt_entry refused a checked descriptor");
		loaded[i] = p->tls[i];
	}
}

int tls_selector_ok(uint32_t sel)
{
	uint32_t index = sel >> 3;
	struct proc *p = curproc;

	return (sel & 7) == 3 && index >= tls_first && index < tls_first + tls_count &&
	       p && p->tls[index - tls_first] != 0;
}


/* The descriptor for a user_desc, or 0 for an empty one; -1: invalid. */
static int64_t desc_of(const struct linux_user_desc *u)
{
	uint32_t base = u->base_addr, limit = u->limit, pages = u->limit_in_pages;
	uint32_t room, type, access;

	if (u->seg_not_present || (base == 0 && limit == 0 && u->read_exec_only))
		return 0;
	if (u->contents == 3 || base > seg_limit)
		return -1;
	room = seg_limit - base;            /* the highest offset VMI allows */
	if (pages && ((uint64_t)limit << 12 | 0xFFF) > room) {
		if (room >= 0xFFF)
			limit = (room - 0xFFF) >> 12;
		else {
			limit = room;
			pages = 0;
		}
	} else if (!pages && limit > room) {
		limit = room;
	}
	type = ((u->read_exec_only ^ 1) << 1) | (u->contents << 2) | 1;
	access = 0x80 | 0x60 | 0x10 | type;  /* present, DPL 3, code/data */
	return vmi_seg_desc(base, limit, access,
	                 (pages << 3) | (u->seg_32bit << 2) | u->useable);
}

long sys_set_thread_area(uint32_t uinfo)
{
	struct linux_user_desc u;
	struct proc *p = curproc;
	uint32_t slot;
	int64_t d;

	if (copy_from_user(&u, (void *)uinfo, sizeof(u)))
		return -EFAULT;
	if (u.entry_number == 0xFFFFFFFFu) {
		for (slot = 0; slot < tls_count && p->tls[slot]; slot++)
			;
		if (slot == tls_count)
			return -ESRCH;
		u.entry_number = tls_first + slot;
		if (copy_to_user((void *)uinfo, &u, sizeof(u.entry_number)))
			return -EFAULT;
	}
	if (u.entry_number < tls_first || u.entry_number >= tls_first + tls_count)
		return -EINVAL;
	d = desc_of(&u);
	if (d < 0)
		return -EINVAL;
	p->tls[u.entry_number - tls_first] = (uint64_t)d;
	/* A cleared slot must not stay in a saved selector: reloading it on
	 * the way out would fault in the kernel. */
	if (d == 0 && (p->tf->gs >> 3) == u.entry_number)
		p->tf->gs = 0;
	if (d == 0 && (p->tf->fs >> 3) == u.entry_number)
		p->tf->fs = 0;
	tls_load(p);
	return 0;
}

long sys_get_thread_area(uint32_t uinfo)
{
	struct linux_user_desc u;
	uint64_t d;
	uint32_t lo, hi;

	if (copy_from_user(&u, (void *)uinfo, sizeof(u)))
		return -EFAULT;
	if (u.entry_number < tls_first || u.entry_number >= tls_first + tls_count)
		return -EINVAL;
	d = curproc->tls[u.entry_number - tls_first];
	lo = (uint32_t)d;
	hi = (uint32_t)(d >> 32);
	memset(&u.base_addr, 0, sizeof(u) - sizeof(u.entry_number));
	u.base_addr = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
	u.limit = (lo & 0xFFFF) | (hi & 0xF0000);
	u.seg_32bit = (hi >> 22) & 1;
	u.contents = (hi >> 10) & 3;
	u.read_exec_only = !((hi >> 9) & 1);
	u.limit_in_pages = (hi >> 23) & 1;
	u.seg_not_present = d == 0;
	u.useable = (hi >> 20) & 1;
	return copy_to_user((void *)uinfo, &u, sizeof(u)) ? -EFAULT : 0;
}

/* CLONE_SETTLS: the child's descriptor from a user_desc. */
int tls_set_for(struct proc *p, uint32_t uinfo)
{
	struct linux_user_desc u;
	int64_t d;

	if (copy_from_user(&u, (void *)uinfo, sizeof(u)))
		return -EFAULT;
	if (u.entry_number < tls_first || u.entry_number >= tls_first + tls_count)
		return -EINVAL;
	d = desc_of(&u);
	if (d < 0)
		return -EINVAL;
	p->tls[u.entry_number - tls_first] = (uint64_t)d;
	return 0;
}
