/*
 * coredump.c - core files, as Linux writes them: when a signal whose
 * default action is "core" ends a thread group (exit.c's do_signal_exit),
 * the thread that took it writes an ELF32 ET_CORE file of the process,
 * which gdb and readelf read like one from Linux.
 *
 * When: the soft RLIMIT_CORE holds at least a page (Linux's min_coredump)
 * and the process is dumpable (mm->dumpable: not after an exec or id
 * change that gave it other credentials, prctl PR_SET_DUMPABLE).  Where:
 * /proc/sys/kernel/core_pattern expanded (%p %P %i %I %u %g %d %s %t %h
 * %e %E %c %%; core_uses_pid adds ".<pid>" to a pattern without %p),
 * relative to the process's working directory.  A pattern starting with
 * '|' (a program to pipe the core to) is refused, with a kernel line.
 * The file is made as Linux makes it: an old one unlinked (if the caller
 * may), then created anew with O_EXCL and O_NOFOLLOW, mode 0600 - and the
 * dump is abandoned unless the result is a regular file with one link,
 * owned by the filesystem uid, mode 0600.
 *
 * Layout: the ELF header, a PT_NOTE and one PT_LOAD per memory area, the
 * notes, then from the next page boundary each area's dumped bytes.  The
 * notes: NT_PRSTATUS (the dumping thread first), NT_PRPSINFO, NT_SIGINFO,
 * NT_AUXV, then per thread NT_PRFPREG, NT_PRXFPREG and NT_386_TLS, and for
 * every other thread NT_PRSTATUS and the same three.  What an area dumps
 * follows Linux's default coredump_filter (0x33): all of anonymous shared
 * memory and of private areas that were written to (approximated: with a
 * page present, the area met a write fault or lost PROT_WRITE with pages
 * mapped writable (VMA_WRITTEN), is writable, or has a dirty page);
 * of a private file mapping never written only its first page if it is
 * the start of an ELF file; nothing of shared file mappings.  Pages not
 * present in an anonymous area are holes (lseek), as Linux leaves them;
 * those of a file mapping are read in.  The limit counts the bytes
 * written, holes not: a write that would pass RLIMIT_CORE ends the dump
 * there, as one that fails (no space, RLIMIT_FSIZE).  As in Linux, a dump
 * whose file was created counts as dumped even if it was cut short.
 */
#include "proc/proc.h"
#include "proc/elfcore.h"
#include "fs/vfs_abi.h"          /* O_LARGEFILE */
#include "mm/uaccess.h"
#include "kern/kmalloc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

#define RLIMIT_FSIZE  1
#define NAME_MAX_LEN  PAGE_SIZE            /* the expanded name, with its NUL */
#define PF_DUMPCORE   0x200u               /* prpsinfo's pr_flag: Linux's task flags */
#define PF_SIGNALED   0x400u

int signal_dumps_core(int sig)
{
	switch (sig) {
	case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS:
	case SIGFPE: case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
		return 1;
	}
	return 0;
}

/* ---- the file name ---- */

struct name {
	char *buf;
	uint32_t len;
	int overflow;
};

/* Append s; escape: '/' becomes '!' (Linux's cn_esc_printf, for %e). */
static void name_put(struct name *n, const char *s, int escape)
{
	for (; *s; s++) {
		if (n->len + 1 >= NAME_MAX_LEN) {
			n->overflow = 1;
			return;
		}
		n->buf[n->len++] = escape && *s == '/' ? '!' : *s;
	}
	n->buf[n->len] = 0;
}

static void name_num(struct name *n, uint64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
	name_put(n, num, 0);
}

/* One %-specifier of the pattern; unknown ones expand to nothing. */
static void name_spec(struct name *n, char c, int sig, int *pid_seen)
{
	struct proc *p = curproc, *leader = p->leader;
	const struct cred *cr = proc_cred(p);
	uint64_t core = leader->rlim[RLIMIT_CORE].cur;

	switch (c) {
	case '%': name_put(n, "%", 0); break;
	case 'p': case 'P': *pid_seen = 1; name_num(n, (uint32_t)p->tgid); break;
	case 'i': case 'I': name_num(n, (uint32_t)p->pid); break;
	case 'u': name_num(n, cr->uid[ID_REAL]); break;
	case 'g': name_num(n, cr->gid[ID_REAL]); break;
	case 'd': name_num(n, (uint32_t)p->mm->dumpable); break;
	case 's': name_num(n, (uint32_t)sig); break;
	case 't': name_num(n, (uint64_t)clock_now_ns(CLOCK_REALTIME) / 1000000000ull); break;
	case 'h': name_put(n, "vmi", 1); break;       /* uname's nodename */
	case 'e': name_put(n, p->name, 1); break;
	case 'E': name_put(n, p->exe, 1); break;
	case 'c': name_num(n, core > 0xFFFFFFFFull ? 0xFFFFFFFFull : core); break;
	}
}

/* core_pattern expanded into n->buf: 0, or -1 (a pipe, or too long). */
static int core_name(struct name *n, int sig)
{
	const char *s = core_pattern;
	int pid_seen = 0;

	n->len = 0;
	n->buf[0] = 0;
	if (s[0] == '|') {
		printf("kernel: core_pattern '%s' pipes to a program: not supported, "
		       "no core dumped\n", core_pattern);
		return -1;
	}
	for (; *s; s++) {
		char one[2] = { *s, 0 };

		if (*s != '%') {
			name_put(n, one, 0);
			continue;
		}
		if (!*++s)
			break;                       /* a lone '%' at the end */
		name_spec(n, *s, sig, &pid_seen);
	}
	if (!pid_seen && core_uses_pid) {
		name_put(n, ".", 0);
		name_num(n, (uint32_t)curproc->tgid);
	}
	return n->overflow || n->len == 0 ? -1 : 0;
}

/* ---- the file ---- */

struct dump {
	struct file *f;
	uint64_t pos;               /* where the next byte goes */
	uint64_t skip;              /* a hole to leave before it */
	uint64_t written;           /* bytes written (holes not counted) */
	uint64_t limit, fsize;      /* RLIMIT_CORE, RLIMIT_FSIZE */
	int sizing;                 /* only count pos: the notes' size */
	int failed;
	char *page;                 /* a page to build notes in */
};

/* Write n bytes after any pending hole; 0 once the dump has failed. */
static int emit(struct dump *d, const void *buf, uint32_t n)
{
	const char *s = buf;

	if (d->sizing) {
		d->pos += n;
		return 1;
	}
	if (d->failed || d->written + n > d->limit) {
		d->failed = 1;
		return 0;
	}
	d->pos += d->skip;
	d->skip = 0;
	while (n) {
		uint32_t chunk = n;
		int r;

		if (d->pos >= d->fsize)
			break;                       /* EFBIG */
		if (d->pos + chunk > d->fsize)
			chunk = (uint32_t)(d->fsize - d->pos);
		d->f->pos = d->pos;
		r = d->f->ops->write(d->f, s, chunk);
		if (r <= 0)
			break;
		d->pos += (uint32_t)r;
		d->written += (uint32_t)r;
		s += r;
		n -= (uint32_t)r;
	}
	if (n)
		d->failed = 1;
	return !n;
}

static void skip(struct dump *d, uint32_t n)
{
	if (d->sizing)
		d->pos += n;
	else
		d->skip += n;
}

/* Linux's checks after the open: a file we made ourselves, nobody else's. */
static int file_ok(struct file *f)
{
	struct kstat st;

	return vfs_fstat(f, &st) == 0 && (st.mode & S_IFMT) == S_IFREG && st.nlink == 1 &&
	       st.uid == proc_fsuid() && (st.mode & 0677) == 0600;
}

/* Create the core file: 0 and d->f, or -errno. */
static int core_open(struct dump *d, const char *name)
{
	struct inode *cwd = curproc->fs->cwd;
	uint32_t mode = 0600 & ~curproc->fs->umask;
	int rc;

	vfs_unlink(cwd, name);               /* fails harmlessly if it may not */
	rc = vfs_open(cwd, name, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_LARGEFILE,
	              mode, &d->f);
	if (rc)
		return rc;
	if (!file_ok(d->f)) {
		file_put(d->f);
		d->f = 0;
		return -EPERM;
	}
	return 0;
}

/* ---- the notes ---- */

static int alive(const struct proc *t)
{
	return t->state == P_RUNNABLE || t->state == P_RUNNING || t->state == P_SLEEPING;
}

/* One note: header, name and data, each padded to 4 bytes. */
static void note(struct dump *d, const char *name, uint32_t type, const void *data,
                 uint32_t size)
{
	struct elfcore_note h = { strlen(name) + 1, size, type };
	static const char zeros[4];
	char padded[8];

	memset(padded, 0, sizeof(padded));
	memcpy(padded, name, h.namesz);
	emit(d, &h, sizeof(h));
	emit(d, padded, (h.namesz + 3) & ~3u);
	emit(d, data, size);
	emit(d, zeros, (4 - (size & 3)) & 3);
}

static struct elfcore_timeval tv_of(uint64_t ticks)
{
	struct elfcore_timeval tv = { (int32_t)(ticks / HZ), (int32_t)(ticks % HZ) * (1000000 / HZ) };

	return tv;
}

/* user_regs_struct from a thread's saved user registers. */
static void fill_regs(uint32_t *reg, const struct proc *t)
{
	const struct trap_regs *r = t->tf;

	reg[R_EBX] = r->ebx; reg[R_ECX] = r->ecx; reg[R_EDX] = r->edx;
	reg[R_ESI] = r->esi; reg[R_EDI] = r->edi; reg[R_EBP] = r->ebp;
	reg[R_EAX] = r->eax; reg[R_DS] = r->ds & 0xFFFF; reg[R_ES] = r->es & 0xFFFF;
	reg[R_FS] = r->fs & 0xFFFF; reg[R_GS] = r->gs & 0xFFFF;
	/* The system call's number if it entered through one; else -1. */
	reg[R_ORIG_EAX] = r->vector == VMI_SYSCALL_VECTOR ? (uint32_t)t->orig_eax : 0xFFFFFFFFu;
	reg[R_EIP] = r->f.eip; reg[R_CS] = r->f.cs & 0xFFFF; reg[R_EFLAGS] = r->f.eflags;
	reg[R_ESP] = r->f.esp; reg[R_SS] = r->f.ss & 0xFFFF;
}

static void note_prstatus(struct dump *d, struct proc *t, int sig)
{
	struct proc *leader = t->leader;
	struct elf_prstatus *s = (struct elf_prstatus *)d->page;
	uint64_t ut = t->utime_ticks, st = t->stime_ticks;

	memset(s, 0, sizeof(*s));
	s->si_signo = sig;
	s->cursig = (int16_t)sig;
	s->sigpend = (uint32_t)t->sig_pending;
	s->sighold = (uint32_t)t->sig_blocked;
	s->pid = t->pid;
	s->ppid = leader->parent ? leader->parent->pid : 0;
	s->pgrp = t->pgid;
	s->sid = t->sid;
	if (t == leader)                     /* the leader's times are the group's */
		for (int i = 0; i < proc_slots; i++) {
			struct proc *o = proc_table[i];

			if (o && o->leader == leader && o != t && o->state != P_UNUSED) {
				ut += o->utime_ticks;
				st += o->stime_ticks;
			}
		}
	s->utime = tv_of(ut);
	s->stime = tv_of(st);
	s->cutime = tv_of(leader->cutime_ticks);
	s->cstime = tv_of(leader->cstime_ticks);
	fill_regs(s->reg, t);
	s->fpvalid = 1;
	note(d, "CORE", NT_PRSTATUS, s, sizeof(*s));
}

static void note_prpsinfo(struct dump *d, int sig)
{
	struct proc *p = curproc, *leader = p->leader;
	const struct cred *cr = proc_cred(p);
	struct elf_prpsinfo *s = (struct elf_prpsinfo *)d->page;
	uint32_t len = p->mm->arg_end - p->mm->arg_start;

	(void)sig;
	memset(s, 0, sizeof(*s));
	s->state = 0;                        /* running: 'R' */
	s->sname = 'R';
	s->flag = PF_DUMPCORE | PF_SIGNALED;
	s->uid = cr->uid[ID_REAL] > 0xFFFF ? OVERFLOW_ID : (uint16_t)cr->uid[ID_REAL];
	s->gid = cr->gid[ID_REAL] > 0xFFFF ? OVERFLOW_ID : (uint16_t)cr->gid[ID_REAL];
	s->pid = p->tgid;
	s->ppid = leader->parent ? leader->parent->pid : 0;
	s->pgrp = p->pgid;
	s->sid = p->sid;
	memcpy(s->fname, p->name, sizeof(s->fname));
	if (len >= sizeof(s->psargs))
		len = sizeof(s->psargs) - 1;
	if (copy_from_user(s->psargs, (const void *)p->mm->arg_start, len))
		len = 0;
	for (uint32_t i = 0; i < len; i++)
		if (!s->psargs[i])
			s->psargs[i] = ' ';
	s->psargs[len] = 0;
	note(d, "CORE", NT_PRPSINFO, s, sizeof(*s));
}

static void note_siginfo(struct dump *d, int sig, const struct ksiginfo *info)
{
	struct linux_siginfo *si = (struct linux_siginfo *)d->page;

	signal_siginfo(si, sig, info);
	note(d, "CORE", NT_SIGINFO, si, sizeof(*si));
}

/* The auxiliary vector up to and with AT_NULL, read back from the stack
 * exec put it on: Linux keeps a copy in the kernel, which struct mm has no
 * room for, so a process that overwrote its own shows what it wrote. */
static void note_auxv(struct dump *d)
{
	uint32_t *aux = (uint32_t *)d->page, n = 0;

	if (!curproc->mm->auxv)
		return;
	while (n + 2 <= 64) {
		if (copy_from_user(aux + n, (const void *)(curproc->mm->auxv + 4 * n), 8))
			return;
		n += 2;
		if (aux[n - 2] == AT_NULL)
			break;
	}
	note(d, "CORE", NT_AUXV, aux, n * 4);
}

/* The x87 tag word of FSAVE from FXSAVE's abridged one (Linux's
 * twd_fxsr_to_i387): each register's class from its exponent. */
static uint32_t full_tag_word(const uint8_t *fx)
{
	uint32_t tos = (fx[2] | fx[3] << 8) >> 11 & 7, twd = fx[4], ret = 0xFFFF0000u;

	for (int i = 0; i < 8; i++, twd >>= 1) {
		const uint8_t *st = fx + 32 + 16 * ((i - tos) & 7);
		uint32_t exp = (st[8] | st[9] << 8) & 0x7FFF, tag = 3;      /* empty */
		int zero = 1;

		for (int b = 0; b < 8; b++)
			zero &= st[b] == 0;
		if (twd & 1) {
			if (exp == 0x7FFF)
				tag = 2;                 /* special */
			else if (exp == 0)
				tag = zero ? 1 : 2;      /* zero, or denormal */
			else
				tag = st[7] & 0x80 ? 0 : 2;   /* valid, or unnormal */
		}
		ret |= tag << (2 * i);
	}
	return ret;
}

static uint32_t le16(const uint8_t *b) { return b[0] | b[1] << 8; }
static uint32_t le32(const uint8_t *b) { return le16(b) | le16(b + 2) << 16; }

/* NT_PRFPREG (FSAVE layout, converted as Linux's convert_from_fxsr) and
 * NT_PRXFPREG (the FXSAVE image itself). */
static void notes_fpu(struct dump *d, struct proc *t)
{
	struct user_i387 *s = (struct user_i387 *)d->page;
	const uint8_t *fx;

	fpu_save(t);
	fx = t->fpu.image;
	memset(s, 0, sizeof(*s));
	s->cwd = le16(fx) | 0xFFFF0000u;
	s->swd = le16(fx + 2) | 0xFFFF0000u;
	s->twd = full_tag_word(fx);
	s->fip = le32(fx + 8);
	s->fcs = le16(fx + 12) | le16(fx + 6) << 16;     /* fcs and the opcode */
	s->foo = le32(fx + 16);
	s->fos = le16(fx + 20) | 0xFFFF0000u;
	for (int i = 0; i < 8; i++)
		memcpy(s->st + 10 * i, fx + 32 + 16 * i, 10);
	note(d, "CORE", NT_PRFPREG, s, sizeof(*s));
	note(d, "LINUX", NT_PRXFPREG, fx, sizeof(t->fpu.image));
}

/* NT_386_TLS: the TLS descriptors as set_thread_area's user_desc, if any
 * is in use (Linux's regset_tls_active). */
static void note_tls(struct dump *d, struct proc *t)
{
	struct user_desc_core *u = (struct user_desc_core *)d->page;
	int used = 0;

	for (int i = 0; i < NTLS; i++) {
		uint32_t lo = (uint32_t)t->tls[i], hi = (uint32_t)(t->tls[i] >> 32);
		uint32_t type = hi >> 8 & 0xF;

		used |= t->tls[i] != 0;
		u[i].entry_number = tls_entry(i);
		u[i].base_addr = lo >> 16 | (hi & 0xFF) << 16 | (hi & 0xFF000000u);
		u[i].limit = (lo & 0xFFFF) | (hi & 0xF0000u);
		u[i].flags = (hi >> 22 & 1) | (type >> 2) << 1 | !(type & 2) << 3 |
		             (hi >> 23 & 1) << 4 | !(hi >> 15 & 1) << 5 | (hi >> 20 & 1) << 6;
	}
	if (used)
		note(d, "LINUX", NT_386_TLS, u, NTLS * sizeof(*u));
}

static void thread_notes(struct dump *d, struct proc *t)
{
	notes_fpu(d, t);
	note_tls(d, t);
}

/* All the notes, the dumping thread first (Linux's order). */
static void notes(struct dump *d, int sig, const struct ksiginfo *info)
{
	struct proc *p = curproc;

	note_prstatus(d, p, sig);
	note_prpsinfo(d, sig);
	note_siginfo(d, sig, info);
	note_auxv(d);
	thread_notes(d, p);
	for (int i = 0; i < proc_slots; i++) {
		struct proc *t = proc_table[i];

		if (t && t != p && t->leader == p->leader && alive(t)) {
			note_prstatus(d, t, sig);
			thread_notes(d, t);
		}
	}
}

/* ---- memory ---- */

/* Is the page at va present (and, for *dirty, written)? */
static int page_present(struct mm *mm, uint32_t va, int *dirty)
{
	vmi_pte_t pte = vm_pte(mm, va);

	if (pte & VMI_PTE_D)
		*dirty = 1;
	return (pte & VMI_PTE_P) != 0;
}

/* Does the file at ip start with an ELF header (or may be run)? */
static int elf_file(struct inode *ip)
{
	struct kstat st;
	uint8_t magic[4];

	if (vfs_stat(ip, &st) == 0 && (st.mode & 0111))
		return 1;
	return vfs_read_at(ip, 0, magic, 4) == 4 && magic[0] == 0x7F && magic[1] == 'E' &&
	       magic[2] == 'L' && magic[3] == 'F';
}

/* Where an area's dump starts (a stack: its lowest page in use, as
 * Linux's stack area reaches only so far) and how many bytes it dumps. */
static uint32_t area_dump(struct mm *mm, const struct vma *v, uint32_t *start)
{
	int any = 0, dirty = 0;

	*start = v->start;
	for (uint32_t va = v->start; va < v->end; va += PAGE_SIZE)
		if (page_present(mm, va, &dirty) && !any++ && (v->flags & VMA_STACK))
			*start = va;
	if (v->flags & (VMA_SHARED | VMA_SHARED_FILE))
		return v->ip ? 0 : v->end - *start;        /* files: MAPPED_SHARED is off */
	if (any && (dirty || (v->prot & PROT_WRITE) || (v->flags & VMA_WRITTEN)))
		return v->end - *start;                    /* written to */
	if (v->ip && v->off == 0 && (v->prot & PROT_READ) && elf_file(v->ip))
		return PAGE_SIZE;
	return 0;
}

static void write_phdrs(struct dump *d, struct mm *mm, uint32_t notes_at,
                        uint32_t notes_size, uint32_t data_at)
{
	struct elf32_phdr ph = { PT_NOTE, notes_at, 0, 0, notes_size, 0, 0, 4 };

	emit(d, &ph, sizeof(ph));
	for (int i = 0; i < mm->nvma; i++) {
		const struct vma *v = &mm->vma[i];
		uint32_t start, size = area_dump(mm, v, &start);

		ph = (struct elf32_phdr){ PT_LOAD, data_at, start, 0, size, v->end - start,
		                            (v->prot & PROT_READ ? PF_R : 0) |
		                            (v->prot & PROT_WRITE ? PF_W : 0) |
		                            (v->prot & PROT_EXEC ? PF_X : 0), PAGE_SIZE };
		emit(d, &ph, sizeof(ph));
		data_at += size;
	}
}

/* The frame holding va's bytes, referenced; VMI_INVALID_PFN: a hole.
 * Anonymous pages never touched stay holes; file pages are read in and
 * System V segments' pages looked up, as Linux's get_dump_page does. */
static uint32_t dump_frame(struct mm *mm, struct vma *v, uint32_t va)
{
	vmi_pte_t pte = vm_pte(mm, va);

	if (!(pte & VMI_PTE_P) && (v->flags & VMA_SHM))
		return shm_vma_page(v, va);
	if (!(pte & VMI_PTE_P) && v->ip && vm_fault(mm, va, 0) == 0)
		pte = vm_pte(mm, va);
	if (!(pte & VMI_PTE_P))
		return VMI_INVALID_PFN;
	page_get(vmi_pte_pfn(pte));
	return vmi_pte_pfn(pte);
}

static void write_areas(struct dump *d, struct mm *mm)
{
	for (int i = 0; i < mm->nvma && !d->failed; i++) {
		struct vma *v = &mm->vma[i];
		uint32_t start, size = area_dump(mm, v, &start);

		for (uint32_t va = start; va < start + size && !d->failed; va += PAGE_SIZE) {
			uint32_t pfn = dump_frame(mm, v, va);

			if (pfn == VMI_INVALID_PFN) {
				skip(d, PAGE_SIZE);
				continue;
			}
			emit(d, pfn_to_va(pfn), PAGE_SIZE);
			page_put(pfn);
		}
	}
}

/* The whole file: headers, notes, the areas. */
static void write_core(struct dump *d, int sig, const struct ksiginfo *info)
{
	struct mm *mm = curproc->mm;
	uint32_t phnum = (uint32_t)mm->nvma + 1, notes_at, notes_size, data_at;
	struct elf32_ehdr eh;

	notes_at = sizeof(eh) + phnum * sizeof(struct elf32_phdr);
	d->sizing = 1;
	d->pos = 0;
	notes(d, sig, info);
	notes_size = (uint32_t)d->pos;
	d->sizing = 0;
	d->pos = 0;
	data_at = PAGE_UP(notes_at + notes_size);
	memset(&eh, 0, sizeof(eh));
	memcpy(eh.ident, "\177ELF\1\1\1", 7);  /* 32-bit, little-endian, version 1 */
	eh.type = ET_CORE;
	eh.machine = EM_386;
	eh.version = 1;
	eh.phoff = sizeof(eh);
	eh.ehsize = sizeof(eh);
	eh.phentsize = sizeof(struct elf32_phdr);
	eh.phnum = (uint16_t)phnum;
	emit(d, &eh, sizeof(eh));
	write_phdrs(d, mm, notes_at, notes_size, data_at);
	notes(d, sig, info);
	if (d->pos < data_at)
		skip(d, data_at - (uint32_t)d->pos);
	write_areas(d, mm);
	/* A hole at the end still needs the file to reach that far. */
	if (d->skip && !d->failed) {
		d->skip--;
		emit(d, "", 1);
	}
}

int coredump_write(int sig, const struct ksiginfo *info)
{
	struct proc *p = curproc, *leader = p->leader;
	struct dump d;
	struct name n;
	int dumped = 0;

	memset(&d, 0, sizeof(d));
	d.limit = leader->rlim[RLIMIT_CORE].cur;
	d.fsize = leader->rlim[RLIMIT_FSIZE].cur;
	if (!p->mm || !p->mm->dumpable || d.limit < PAGE_SIZE)
		return 0;
	n.buf = kmalloc(NAME_MAX_LEN);
	d.page = kmalloc(PAGE_SIZE);
	n.overflow = 0;
	if (n.buf && d.page && core_name(&n, sig) == 0 && core_open(&d, n.buf) == 0) {
		write_core(&d, sig, info);
		file_put(d.f);
		dumped = 1;
	}
	kfree(n.buf);
	kfree(d.page);
	return dumped;
}
