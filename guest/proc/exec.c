/*
 * exec.c - execve: replace a process's program.
 *
 * The new address space is built completely while the old one is still in
 * use - the argument and environment strings are read from the old one
 * with the user-copy routines and written into the new stack through the
 * direct map (vm_write) - so that every error up to the "point of no
 * return" leaves the caller intact.  Then the process switches to the new
 * space and the old one is released.
 *
 * The initial stack is Linux's: from the top, an end marker, the file
 * name (AT_EXECFN), the environment and argument strings, the platform
 * string and 16 random bytes (AT_RANDOM), then 16-byte aligned argc, argv[],
 * NULL, envp[], NULL and the auxiliary vector.  A "#!" script runs its
 * interpreter with the script's path as an argument.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

/* Linux's limits: one string up to 32 pages, all of them (with their
 * pointers) up to a quarter of the stack limit. */
#define MAX_ARGS      (1 << 17)      /* strings in argv or envp */
#define MAX_ARG_BYTES (STACK_SIZE / 4)  /* all strings together */
#define MAX_STRLEN    (32 * PAGE_SIZE)
#define X_OK 1
#define NR_AUX 18

/* Where argv or envp strings come from: a few kernel strings first (a
 * script's interpreter line), then a user array or a kernel array. */
struct args {
	const char *pre[3];
	int npre;
	uint32_t uarr;                   /* user char *[], or 0 */
	const char *const *karr;         /* kernel char *[], or 0 */
	int skip;                        /* leading array entries to leave out */
};

struct layout {
	int argc, envc;
	uint32_t argv_bytes, env_bytes;
};


/* A user string's length with the NUL, read a page at a time through buf;
 * -E2BIG beyond MAX_STRLEN. */
static int user_strlen(uint32_t up, char *buf)
{
	for (uint32_t off = 0; off < MAX_STRLEN; off += PAGE_SIZE) {
		int n = strncpy_from_user(buf, (const char *)(up + off), PAGE_SIZE);

		if (n >= 0)
			return off + n + 1 > MAX_STRLEN ? -E2BIG : (int)(off + n + 1);
		if (n != -ENAMETOOLONG)
			return n;
	}
	return -E2BIG;
}

/* Where string i of a is - a kernel string in *ks or a user one at *up -
 * and its length with the NUL; 0 at the end, <0 error. */
static int arg_find(const struct args *a, int i, const char **ks, uint32_t *up, char *buf)
{
	uint32_t j = i - a->npre + a->skip;
	int n;

	*ks = 0;
	*up = 0;
	if (i < a->npre) {
		*ks = a->pre[i];
	} else if (a->karr) {
		*ks = a->karr[j];
	} else if (a->uarr) {
		if (copy_from_user(up, (void *)(a->uarr + 4 * j), 4))
			return -EFAULT;
		return *up ? user_strlen(*up, buf) : 0;
	}
	if (!*ks)
		return 0;
	n = strlen(*ks);
	return n >= (int)MAX_STRLEN ? -E2BIG : n + 1;
}

/* Count a's strings and their bytes. */
static int measure(const struct args *a, char *buf, int *count, uint32_t *bytes)
{
	const char *ks;
	uint32_t up;
	int n;

	*count = 0;
	*bytes = 0;
	while ((n = arg_find(a, *count, &ks, &up, buf)) > 0) {
		*bytes += n;
		if (++*count > MAX_ARGS || *bytes > MAX_ARG_BYTES)
			return -E2BIG;
	}
	return n;
}

/* Copy a user string of n bytes (NUL included) to `at` in mm, a page at a
 * time; the NUL is written by us, in case the string changed meanwhile. */
static int place_user(struct mm *mm, uint32_t at, uint32_t up, uint32_t n, char *buf)
{
	for (uint32_t off = 0; off < n - 1; off += PAGE_SIZE) {
		uint32_t chunk = n - 1 - off < PAGE_SIZE ? n - 1 - off : PAGE_SIZE;

		if (copy_from_user(buf, (void *)(up + off), chunk))
			return -EFAULT;
		if (vm_write(mm, at + off, buf, chunk))
			return -ENOMEM;
	}
	return vm_write(mm, at + n - 1, "", 1) ? -ENOMEM : 0;
}

/* Copy a's strings to `at` in mm and their addresses to the vector at `vec`. */
static int place(struct mm *mm, const struct args *a, int count, uint32_t at,
                 uint32_t vec, char *buf)
{
	for (int i = 0; i < count; i++) {
		const char *ks;
		uint32_t up;
		int n = arg_find(a, i, &ks, &up, buf), rc;

		if (n <= 0)
			return n ? n : -EFAULT;   /* changed under us */
		rc = ks ? (vm_write(mm, at, ks, n) ? -ENOMEM : 0) : place_user(mm, at, up, n, buf);
		if (rc)
			return rc;
		if (vm_write(mm, vec + 4 * i, &at, 4))
			return -ENOMEM;
		at += n;
	}
	return vm_write(mm, vec + 4 * count, &(uint32_t){0}, 4) ? -ENOMEM : 0;
}

static uint32_t hwcap(void)
{
	struct vmi_cpuid_regs r;

	vmi_cpuid(1, 0, &r);
	return r.edx;
}

/* The auxiliary vector at `at`. */
static int place_aux(struct mm *mm, uint32_t at, const struct elf_image *img,
                     const struct cred *c, uint32_t random, uint32_t platform,
                     uint32_t execfn)
{
	/* AT_SECURE: a set-id program, which glibc then keeps from trusting
	 * the environment (LD_*, MALLOC_*) */
	uint32_t secure = c->uid[ID_EFF] != c->uid[ID_REAL] || c->gid[ID_EFF] != c->gid[ID_REAL];
	uint32_t aux[NR_AUX * 2] = {
		AT_PHDR, img->phdr, AT_PHENT, img->phent, AT_PHNUM, img->phnum,
		AT_PAGESZ, PAGE_SIZE, AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, img->entry,
		AT_UID, c->uid[ID_REAL], AT_EUID, c->uid[ID_EFF], AT_GID, c->gid[ID_REAL],
		AT_EGID, c->gid[ID_EFF], AT_SECURE, secure,
		AT_HWCAP, hwcap(), AT_CLKTCK, HZ, AT_RANDOM, random,
		AT_PLATFORM, platform, AT_EXECFN, execfn, AT_NULL, 0,
	};

	return vm_write(mm, at, aux, sizeof(aux));
}

/* Build the initial stack in mm; *sp receives the user stack pointer. */
static int build_stack(struct mm *mm, const char *path, const struct args *av,
                       const struct args *ev, const struct elf_image *img,
                       const struct cred *cred, char *buf, uint32_t *sp)
{
	struct layout l;
	uint32_t pathlen = strlen(path) + 1, execfn, strs, random, platform, vec;
	uint8_t rnd[16];
	int rc;

	if ((rc = measure(av, buf, &l.argc, &l.argv_bytes)) < 0 ||
	    (rc = measure(ev, buf, &l.envc, &l.env_bytes)) < 0)
		return rc;
	if (l.argv_bytes + l.env_bytes + pathlen +
	    4 * (l.argc + l.envc + 2) > MAX_ARG_BYTES)
		return -E2BIG;
	execfn = USER_TOP - 4 - pathlen;
	strs = execfn - l.argv_bytes - l.env_bytes;
	random = (strs - 16) & ~3u;
	platform = random - 8;
	vec = ((platform & ~15u) - 4 * (3 + l.argc + l.envc + NR_AUX * 2)) & ~15u;
	random_fill(rnd, sizeof(rnd));
	if (vm_write(mm, USER_TOP - 4, &(uint32_t){0}, 4) ||
	    vm_write(mm, execfn, path, pathlen) || vm_write(mm, random, rnd, 16) ||
	    vm_write(mm, platform, "i686", 5) ||
	    vm_write(mm, vec, &(uint32_t){l.argc}, 4))
		return -ENOMEM;
	if ((rc = place(mm, av, l.argc, strs, vec + 4, buf)) ||
	    (rc = place(mm, ev, l.envc, strs + l.argv_bytes, vec + 8 + 4 * l.argc, buf)))
		return rc;
	rc = place_aux(mm, vec + 12 + 4 * (l.argc + l.envc), img, cred, random, platform,
	               execfn);
	mm->auxv = vec + 12 + 4 * (l.argc + l.envc);
	mm->arg_start = strs;
	mm->arg_end = strs + l.argv_bytes;
	*sp = vec;
	return rc ? -ENOMEM : 0;
}

/* "#!interpreter [arg]" in the file's first line: fills a, 1; 0: not a
 * script; <0: a malformed one. */
static int script_args(struct inode *ip, char *line, struct args *a, const char *path)
{
	int n = vfs_read_at(ip, 0, line, 127);
	char *s, *arg = 0;

	if (n < 2 || line[0] != '#' || line[1] != '!')
		return 0;
	line[n] = 0;
	for (s = line; *s && *s != '\n'; s++)
		;
	*s = 0;
	for (s = line + 2; *s == ' ' || *s == '\t'; s++)
		;
	if (!*s)
		return -ENOEXEC;
	a->pre[0] = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s) {
		*s++ = 0;
		while (*s == ' ' || *s == '\t')
			s++;
		arg = *s ? s : 0;
		for (char *e = s + strlen(s); arg && e > arg && (e[-1] == ' ' || e[-1] == '\t'); )
			*--e = 0;
	}
	a->npre = 1;
	if (arg)
		a->pre[a->npre++] = arg;
	a->pre[a->npre++] = path;
	a->skip = 1;
	return 1;
}

/* The program file: a regular, executable file. */
static int open_program(struct proc *p, const char *path, struct inode **ip)
{
	struct kstat st;
	int rc = vfs_lookup(p->fs->cwd, path, 1, ip);

	if (rc < 0)
		return rc;
	rc = vfs_stat(*ip, &st);
	if (rc == 0 && (st.mode & S_IFMT) != S_IFREG)
		rc = -EACCES;
	if (rc == 0 && vfs_access(p->fs->cwd, path, X_OK) == -EACCES)
		rc = -EACCES;
	if (rc < 0)
		inode_put(*ip);
	return rc;
}

/* The new program gets its own file table and handlers if it shared
 * them (a CLONE_FILES or CLONE_SIGHAND child), as Linux's exec does; a
 * failed copy keeps the shared one (kmalloc of one object). */
static void unshare(struct proc *p)
{
	if (p->files->refs > 1) {
		struct files *f = files_dup(p->files);

		if (f) {
			files_put(p->files);
			p->files = f;
		}
	}
	if (p->sighand->refs > 1) {
		struct sighand *sh = sighand_dup(p->sighand);

		if (sh) {
			sighand_put(p->sighand);
			p->sighand = sh;
		}
	}
}

/* Everything after the point of no return.  path is the program loaded
 * (/proc/<pid>/exe), name the file execve was given: for a script the
 * process is known by the script's name, as Linux names it (comm), not the
 * interpreter's - pidof finds scripts so. */
static void commit(struct proc *p, struct mm *new_mm, const char *path,
                   const char *name, const struct elf_image *img,
                   const struct cred *cred, uint32_t sp)
{
	const char *base = name;
	struct mm *old_mm = p->mm;

	if (p == curproc) {
		thread_group_dethread();
		/* The robust locks it held die with the old image (Linux's
		 * exec_mm_release): walked while the old space is loaded. */
		futex_robust_exit(p);
	}
	p->robust_list = p->robust_len = 0;
	*proc_cred(p) = *cred;
	caps_exec(&p->caps, cred);
	cred_publish(p);
	p->mm = new_mm;
	if (p == curproc)
		mm_activate(p->mm);
	mm_put(old_mm);
	p->mm->brk_start = p->mm->brk = img->brk;
	unshare(p);
	fd_close_on_exec(p->files);
	for (int sig = 1; sig <= NSIG; sig++)
		if (p->sighand->action[sig].handler != SIG_IGN)
			memset(&p->sighand->action[sig], 0, sizeof(p->sighand->action[sig]));
	memset(p->tls, 0, sizeof(p->tls));
	if (p == curproc) {
		tls_load(p);
		ldt_load(p->mm);            /* the new space has none */
	}
	fpu_reset(p);
	p->clear_child_tid = 0;
	for (const char *s = name; *s; s++)
		if (*s == '/' && s[1])
			base = s + 1;
	strncpy(p->name, base, sizeof(p->name) - 1);
	proc_set_exe(p, path);
	memset(p->tf, 0, sizeof(*p->tf));
	p->tf->f.eip = img->entry;
	p->tf->f.esp = sp;
	p->tf->f.cs = user_cs;
	p->tf->f.ss = p->tf->ds = p->tf->es = user_ds;
	p->tf->f.eflags = VMI_IRQ_ENABLED | 0x2;
	p->tf->vector = VMI_SYSCALL_VECTOR;
}

void vfork_release(struct proc *p);

/* May the program dump core?  Not when exec gave it other effective ids
 * than its real ones, nor when the caller may not read the file (Linux's
 * would_dump; suid_dumpable 0). */
static int dumpable_after_exec(struct inode *ip, const struct cred *c)
{
	return c->uid[ID_EFF] == c->uid[ID_REAL] && c->gid[ID_EFF] == c->gid[ID_REAL] &&
	       inode_permission(ip, MAY_READ) == 0;
}

/* Load path into a new address space; on success the process runs it.
 * name: the file execve was given (the script, when path is its
 * interpreter); it names the process and is AT_EXECFN, as on Linux. */
static int exec_core(struct proc *p, const char *path, const char *name,
                     struct args *av, const struct args *ev, char *buf)
{
	struct elf_image img;
	struct cred cred = *proc_cred(p);
	struct inode *ip;
	struct kstat st;
	struct mm *new_mm;
	uint32_t sp;
	int rc;

	rc = open_program(p, path, &ip);
	if (rc < 0)
		return rc;
	if (vfs_stat(ip, &st) == 0)
		cred_exec(&cred, st.mode, st.uid, st.gid);
	new_mm = mm_new();
	rc = new_mm ? elf_load(new_mm, ip, &img) : -ENOMEM;
	if (rc == 0)
		new_mm->dumpable = dumpable_after_exec(ip, &cred);
	inode_put(ip);
	if (rc == 0) {
		struct vma stack = { .start = USER_TOP - STACK_SIZE, .end = USER_TOP,
		                     .prot = PROT_READ | PROT_WRITE, .flags = VMA_STACK };
		rc = vma_add(new_mm, &stack);
	}
	if (rc == 0)
		rc = build_stack(new_mm, name, av, ev, &img, &cred, buf, &sp);
	if (rc) {
		mm_put(new_mm);
		return rc;
	}
	commit(p, new_mm, path, name, &img, &cred, sp);
	vfork_release(p);
	return 0;
}

/* exec_core, or - for a script - its interpreter with the script. */
static int exec_path(struct proc *p, const char *path, struct args *av,
                     const struct args *ev)
{
	uint32_t page = page_alloc(), line_page = page_alloc();
	char *buf = pfn_to_va(page), *line = pfn_to_va(line_page);
	struct inode *ip;
	int rc;

	if (page == VMI_INVALID_PFN || line_page == VMI_INVALID_PFN) {
		rc = -ENOMEM;
		goto out;
	}
	rc = open_program(p, path, &ip);
	if (rc < 0)
		goto out;
	rc = script_args(ip, line, av, path);
	inode_put(ip);
	if (rc < 0)
		goto out;
	rc = exec_core(p, rc ? av->pre[0] : path, path, av, ev, buf);
	if (rc == -ENOEXEC && av->npre)
		rc = -ENOEXEC;
out:
	if (page != VMI_INVALID_PFN)
		page_put(page);
	if (line_page != VMI_INVALID_PFN)
		page_put(line_page);
	return rc;
}

int exec_init_process(const char *path, const char *const argv[],
                      const char *const envp[])
{
	struct proc *p = proc_alloc();
	struct args av = { .karr = argv }, ev = { .karr = envp };
	int rc;

	if (!p)
		return -EAGAIN;
	p->pgid = p->sid = p->pid;
	p->caps.bnd = CAPS_ALL;          /* root's exec then gives it every capability */
	rlimit_defaults(p);
	p->files = files_new();
	p->fs = fs_new(0);
	p->sighand = sighand_new();
	rc = p->files && p->fs && p->sighand ? 0 : -ENOMEM;
	for (int fd = 0; rc == 0 && fd < 3; fd++)
		*fd_slot(p->files, fd) = file_get(console_file());
	if (rc == 0)
		rc = vfs_lookup(0, "/", 1, &p->fs->cwd);
	if (rc == 0)
		rc = exec_path(p, path, &av, &ev);
	if (rc) {
		files_put(p->files);
		fs_put(p->fs);
		sighand_put(p->sighand);
		proc_free(p);
		return rc;
	}
	proc_start(p);
	return p->pid;
}

int do_execve(const char *path, uint32_t uargv, uint32_t uenvp)
{
	struct args av = { .uarr = uargv }, ev = { .uarr = uenvp };

	return exec_path(curproc, path, &av, &ev);
}
