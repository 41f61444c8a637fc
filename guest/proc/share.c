/*
 * share.c - the parts of a process that clone may share between threads:
 * the address space (CLONE_VM), the file descriptor table (CLONE_FILES),
 * the working directory, root and umask (CLONE_FS) and the signal
 * handlers (CLONE_SIGHAND).
 *
 * Each is a separate object with its own reference count, as in Linux,
 * because the flags are independent: posix_spawn shares only the address
 * space, pthread_create all four.  fork makes copies (the *_dup calls and
 * mm_copy); the last reference releases what the object holds.
 */
#include "proc/proc.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

/* ---- address spaces ---- */

_Static_assert(sizeof(struct mm) <= 4096, "kmalloc gives at most a page");

struct mm *mm_new(void)
{
	struct mm *mm = kmalloc(sizeof(*mm));

	if (!mm)
		return 0;
	if (mm_create(mm)) {
		kfree(mm);
		return 0;
	}
	mm->refs = 1;
	return mm;
}

struct mm *mm_get(struct mm *mm)
{
	mm->refs++;
	return mm;
}

void mm_put(struct mm *mm)
{
	if (!mm || --mm->refs > 0)
		return;
	if (vm_loaded(mm))
		mm_activate(0);              /* off the address space we free */
	mm_destroy(mm);
	kfree(mm);
}

/* ---- file descriptor tables ---- */

struct files *files_new(void)
{
	struct files *f = kmalloc(sizeof(*f));

	if (f) {
		f->refs = 1;
		f->nfd = NOFILE_SMALL;
	}
	return f;
}

struct files *files_get(struct files *f)
{
	f->refs++;
	return f;
}

struct files *files_dup(struct files *src)
{
	struct files *f = files_new();

	if (!f)
		return 0;
	if (files_grow(f, src->nfd - 1)) {
		files_put(f);
		return 0;
	}
	for (int fd = 0; fd < src->nfd; fd++)
		if (*fd_slot(src, fd))
			*fd_slot(f, fd) = file_get(*fd_slot(src, fd));
	memcpy(f->cloexec, src->cloexec, sizeof(f->cloexec));
	return f;
}

void files_put(struct files *f)
{
	if (!f || --f->refs > 0)
		return;
	for (int fd = 0; fd < f->nfd; fd++) {
		struct file *file = *fd_slot(f, fd);

		*fd_slot(f, fd) = 0;
		if (file) {
			dnotify_close(file, f);     /* the table's directory watches */
			file_put(file);
		}
	}
	for (uint32_t i = 0; i < ARRAY_SIZE(f->page); i++)
		kfree(f->page[i]);
	kfree(f);
}

/* ---- working directory, root, umask ---- */

struct fs_info *fs_new(struct inode *cwd)
{
	struct fs_info *fs = kmalloc(sizeof(*fs));

	if (!fs)
		return 0;
	fs->refs = 1;
	fs->cwd = cwd;
	fs->umask = 022;
	return fs;
}

struct fs_info *fs_get(struct fs_info *fs)
{
	fs->refs++;
	return fs;
}

struct fs_info *fs_dup(struct fs_info *src)
{
	struct fs_info *fs = fs_new(src->cwd);

	if (!fs)
		return 0;
	if (fs->cwd)
		inode_get(fs->cwd);
	fs->root = src->root;
	if (fs->root)
		inode_get(fs->root);
	fs->umask = src->umask;
	return fs;
}

void fs_put(struct fs_info *fs)
{
	if (!fs || --fs->refs > 0)
		return;
	if (fs->cwd)
		inode_put(fs->cwd);
	if (fs->root)
		inode_put(fs->root);
	kfree(fs);
}

/* ---- signal handlers ---- */

struct sighand *sighand_new(void)
{
	struct sighand *sh = kmalloc(sizeof(*sh));

	if (sh)
		sh->refs = 1;
	return sh;
}

struct sighand *sighand_get(struct sighand *sh)
{
	sh->refs++;
	return sh;
}

struct sighand *sighand_dup(struct sighand *src)
{
	struct sighand *sh = sighand_new();

	if (sh)
		memcpy(sh->action, src->action, sizeof(sh->action));
	return sh;
}

void sighand_put(struct sighand *sh)
{
	if (sh && --sh->refs == 0)
		kfree(sh);
}
