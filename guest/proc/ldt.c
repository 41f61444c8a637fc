/*
 * ldt.c - modify_ldt: each address space's local descriptor table.
 *
 * Linux i386 keeps one LDT per address space (struct mm): CLONE_VM threads
 * share it, fork copies it, exec drops it (the new mm has none).  A
 * program writes entries with modify_ldt(1 or 0x11, struct user_desc) and
 * loads them by selector (entry << 3) | 4 | 3 - LTP's modify_ldt tests,
 * Wine and DOS emulators.  The mm keeps the descriptors exactly as Linux
 * builds them (fill_ldt), which modify_ldt(0) reads back, in pages
 * allocated up to the highest entry written (Linux sizes its table so too).
 *
 * The processor's table belongs to VMI (vmi_set_ldt, a checked copy):
 * ldt_load hands it the table of the address space switched to when that
 * differs from the one loaded - a generation per table, shared by a fork's
 * copy - so switches between processes without an LDT cost nothing.  What
 * VMI gets is each entry made acceptable to its rule: the limit clamped at
 * seg_limit (the hypervisor lives above it, as for TLS in tls.c), expand-
 * down data given as expand-up data reaching as high as it did (the valid
 * offsets still work; the low ones are not refused, which TCG would not
 * enforce anyway), a not-present conforming code entry as non-conforming.
 *
 * A rewritten entry may be named by a selector some thread of the address
 * space has saved in its frame; where it no longer loads, the selector
 * becomes null (what Linux's return path does when reloading faults).
 */
#include "proc/proc.h"
#include "kernel.h"
#include "mm/uaccess.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"
#include <vmi/rules.h>

#define LDT_PER_PAGE  (VMI_PAGE_SIZE / 8)
#define LDT_NPAGES    (VMI_LDT_ENTRIES / LDT_PER_PAGE)
#define DEFAULT_LDT   (5 * 8)      /* modify_ldt(2): Linux i386 reads 5 zero entries */

struct ldt {
	uint32_t count;                /* entries in use: the highest written + 1 */
	uint64_t *page[LDT_NPAGES];    /* LDT_PER_PAGE descriptors each, or null */
};

static uint64_t staging[VMI_LDT_ENTRIES];  /* what vmi_set_ldt is handed */
static uint32_t seg_limit;                  /* the boot info's */
uint32_t ldt_loaded_gen;                    /* the table loaded; 0: none */
static uint32_t next_gen;

static uint32_t new_gen(void)
{
	if (++next_gen == 0)
		next_gen = 1;
	return next_gen;
}

static uint64_t entry(const struct ldt *l, uint32_t i)
{
	const uint64_t *pg = l->page[i / LDT_PER_PAGE];

	return pg ? pg[i % LDT_PER_PAGE] : 0;
}

/* ---- what VMI is given ---- */

/* The descriptor d as vmi_ldt_desc_allowed accepts it (see the top). */
static uint64_t hw_of(uint64_t d)
{
	uint32_t lo = (uint32_t)d, hi = (uint32_t)(d >> 32);
	uint32_t type = (hi >> 8) & 0xF, present = (hi >> 15) & 1, db = (hi >> 22) & 1;
	uint32_t gran = (hi >> 23) & 1, avl = (hi >> 20) & 1;
	uint32_t base = (lo >> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000u);
	uint32_t limit = (lo & 0xFFFF) | (hi & 0xF0000), bytes, room;

	if (d == 0)
		return 0;
	if ((type & 0xC) == 0xC)
		type &= ~4u;                       /* conforming code: never present */
	if (!(type & 8) && (type & 4)) {       /* expand-down: up to its top */
		type &= ~4u;
		bytes = db ? 0xFFFFFFFFu : 0xFFFF;
	} else {
		bytes = gran ? (limit << 12) | 0xFFF : limit;
	}
	if (base > seg_limit)
		return vmi_seg_desc(0, 0, 0x70 | type, 0);   /* unreachable: not present */
	room = seg_limit - base;
	if (bytes > room)
		bytes = room;
	if ((gran || bytes > 0xFFFFF) && bytes >= 0xFFF) {
		gran = 1;
		limit = (bytes - 0xFFF) >> 12;
	} else {
		gran = 0;
		limit = bytes;
	}
	return vmi_seg_desc(base, limit, (present << 7) | 0x70 | type,
	                    (gran << 3) | (db << 2) | avl);
}

/* Can a data segment register hold a selector of this (hw) descriptor? */
static int loadable_data(uint64_t hw)
{
	uint32_t type = (uint32_t)(hw >> 40) & 0xF;

	return (hw >> 47) & 1 && (!(type & 8) || (type & 2));
}

void ldt_init(const struct vmi_boot_info *bi)
{
	seg_limit = bi->seg_limit;
}

/* mm's table becomes the processor's (ldt_load saw another one loaded).
 * The caller has no LDT selector in %fs/%gs (sched.c's switch_in nulls
 * them). */
void ldt_switch(struct mm *mm)
{
	const struct ldt *l = mm ? mm->ldt : 0;
	uint32_t gen = mm ? mm->ldt_gen : 0;
	int rc;

	if (!gen) {
		rc = vmi_set_ldt(0, 0);
	} else {
		for (uint32_t i = 0; i < l->count; i++)
			staging[i] = hw_of(entry(l, i));
		rc = vmi_set_ldt(staging, l->count);
	}
	if (rc && gen) {
		/* Only hypervisor memory can run out: this space runs without
		 * its LDT (its selectors fault) rather than the kernel dying. */
		klog(KLOG_WARNING, "ldt: vmi_set_ldt failed (%d); no LDT loaded", rc);
		rc = vmi_set_ldt(0, 0);
		gen = 0;
	}
	if (rc)
		panic("ldt: vmi_set_ldt refused a checked table (%d)", rc);
	ldt_loaded_gen = gen;
}

/* ---- the mm's table: fork, exec, exit ---- */

static void ldt_destroy(struct ldt *l)
{
	for (uint32_t i = 0; i < LDT_NPAGES; i++)
		if (l->page[i])
			kpage_free(l->page[i]);
	kfree(l);
}

void ldt_free(struct mm *mm)
{
	if (mm->ldt)
		ldt_destroy(mm->ldt);
	mm->ldt = 0;
	mm->ldt_gen = 0;
}

/* fork: the child's copy, the same table to ldt_load (same generation). */
int ldt_copy(struct mm *dst, const struct mm *src)
{
	const struct ldt *s = src->ldt;
	struct ldt *d;

	dst->ldt = 0;
	dst->ldt_gen = 0;
	if (!s)
		return 0;
	if (!(d = kmalloc(sizeof(*d))))
		return -ENOMEM;
	d->count = s->count;
	for (uint32_t i = 0; i < LDT_NPAGES; i++) {
		if (!s->page[i])
			continue;
		if (!(d->page[i] = kpage_alloc())) {
			ldt_destroy(d);
			return -ENOMEM;
		}
		memcpy(d->page[i], s->page[i], VMI_PAGE_SIZE);
	}
	dst->ldt = d;
	dst->ldt_gen = src->ldt_gen;
	return 0;
}

/* Is sel a selector of the current address space's LDT that a data
 * segment register can hold (sigreturn's check)? */
int ldt_selector_ok(uint32_t sel)
{
	const struct ldt *l = curproc && curproc->mm ? curproc->mm->ldt : 0;
	uint32_t idx = sel >> 3;

	return (sel & 7) == 7 && l && idx < l->count &&
	       loadable_data(hw_of(entry(l, idx)));
}

/* ---- modify_ldt ---- */

/* Zeroes to user memory, a page of them at a time. */
static int clear_user(uint32_t udst, uint32_t n)
{
	static const uint8_t zero[512];

	while (n) {
		uint32_t k = n < sizeof(zero) ? n : sizeof(zero);

		if (copy_to_user((void *)udst, zero, k))
			return -EFAULT;
		udst += k;
		n -= k;
	}
	return 0;
}

static long read_ldt(uint32_t ptr, uint32_t bytecount)
{
	const struct ldt *l = curproc->mm->ldt;
	uint32_t size, done = 0;

	if (!l)
		return 0;
	if (bytecount > VMI_LDT_ENTRIES * 8)
		bytecount = VMI_LDT_ENTRIES * 8;
	size = l->count * 8 < bytecount ? l->count * 8 : bytecount;
	while (done < size) {
		uint32_t i = done / 8, pg = i / LDT_PER_PAGE;
		uint32_t k = (pg + 1) * VMI_PAGE_SIZE - done;

		if (k > size - done)
			k = size - done;
		if (l->page[pg] ? copy_to_user((void *)(ptr + done),
		                               (const uint8_t *)l->page[pg] + done % VMI_PAGE_SIZE, k)
		                : clear_user(ptr + done, k))
			return -EFAULT;
		done += k;
	}
	if (clear_user(ptr + size, bytecount - size))
		return -EFAULT;
	return (long)bytecount;
}

static long read_default_ldt(uint32_t ptr, uint32_t bytecount)
{
	if (bytecount > DEFAULT_LDT)
		bytecount = DEFAULT_LDT;
	return clear_user(ptr, bytecount) ? -EFAULT : (long)bytecount;
}

/* Linux's LDT_empty for i386: the all-zero "clear this entry" request. */
static int user_desc_empty(const struct linux_user_desc *u)
{
	return u->base_addr == 0 && u->limit == 0 && u->contents == 0 &&
	       u->read_exec_only == 1 && u->seg_32bit == 0 && u->limit_in_pages == 0 &&
	       u->seg_not_present == 1 && u->useable == 0;
}

/* The descriptor Linux's fill_ldt builds (accessed bit set). */
static uint64_t desc_of(const struct linux_user_desc *u, int oldmode)
{
	uint32_t type = ((u->read_exec_only ^ 1) << 1) | (u->contents << 2) | 1;
	uint32_t access = ((u->seg_not_present ^ 1) << 7) | 0x70 | type;
	uint32_t avl = oldmode ? 0 : u->useable;

	return vmi_seg_desc(u->base_addr, u->limit, access,
	                    (u->limit_in_pages << 3) | (u->seg_32bit << 2) | avl);
}

/* Saved selectors of the space's threads that name entry idx and no
 * longer load become null; a code or stack selector cannot be nulled, so
 * that thread gets the SIGSEGV its return to user mode would raise. */
static void fix_saved_selectors(struct mm *mm, uint32_t idx, uint64_t hw)
{
	for (int n = 0; n < proc_slots; n++) {
		struct proc *p = proc_table[n];
		struct trap_regs *tf = p ? p->tf : 0;

		if (!p || p->mm != mm || p->state == P_UNUSED || p->state == P_ZOMBIE || !tf)
			continue;
		uint32_t *data[] = { &tf->ds, &tf->es, &tf->fs, &tf->gs };
		for (unsigned k = 0; k < 4; k++)
			if ((*data[k] & 4) && (*data[k] & 0xFFFF) >> 3 == idx && !loadable_data(hw))
				*data[k] = 0;
		if (((tf->f.cs & 4) && (tf->f.cs & 0xFFFF) >> 3 == idx) ||
		    ((tf->f.ss & 4) && (tf->f.ss & 0xFFFF) >> 3 == idx)) {
			tf->f.cs = user_cs;
			tf->f.ss = user_ds;
			signal_force(p, SIGSEGV, 0, SI_KERNEL);
		}
	}
}

/* Entry idx of mm's table becomes d; 0 or -ENOMEM. */
static int ldt_put(struct mm *mm, uint32_t idx, uint64_t d)
{
	struct ldt *l = mm->ldt;
	uint32_t pg = idx / LDT_PER_PAGE;

	if (!l && !(l = mm->ldt = kmalloc(sizeof(*l))))
		return -ENOMEM;
	if (!l->page[pg] && !(l->page[pg] = kpage_alloc()))
		return -ENOMEM;
	l->page[pg][idx % LDT_PER_PAGE] = d;
	if (idx >= l->count)
		l->count = idx + 1;
	mm->ldt_gen = new_gen();
	return 0;
}

static long write_ldt(uint32_t ptr, uint32_t bytecount, int oldmode)
{
	struct linux_user_desc u;
	struct mm *mm = curproc->mm;
	uint64_t d = 0;
	int rc;

	if (bytecount != sizeof(u))
		return -EINVAL;
	if (copy_from_user(&u, (void *)ptr, sizeof(u)))
		return -EFAULT;
	if (u.entry_number >= VMI_LDT_ENTRIES)
		return -EINVAL;
	if (u.contents == 3 && (oldmode || !u.seg_not_present))
		return -EINVAL;
	if (!((oldmode && !u.base_addr && !u.limit) || user_desc_empty(&u)))
		d = desc_of(&u, oldmode);
	if ((rc = ldt_put(mm, u.entry_number, d)) != 0)
		return rc;
	fix_saved_selectors(mm, u.entry_number, hw_of(d));
	ldt_load(mm);
	return 0;
}

long sys_modify_ldt(int func, uint32_t ptr, uint32_t bytecount)
{
	switch (func) {
	case 0: return read_ldt(ptr, bytecount);
	case 1: return write_ldt(ptr, bytecount, 1);
	case 2: return read_default_ldt(ptr, bytecount);
	case 0x11: return write_ldt(ptr, bytecount, 0);
	}
	return -ENOSYS;
}
