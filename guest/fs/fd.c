/*
 * fd.c - file descriptor tables: per process (or per group of threads
 * sharing one, struct files in share.c), slots of struct file pointers
 * (the file layer's open files, shared by dup and fork through their
 * reference counts) and a close-on-exec bit per slot.
 *
 * A table starts with NOFILE_SMALL slots inside struct files; the first
 * time an fd at or above them is wanted it moves to pages of NOFILE_PAGE
 * slots, as many as the highest fd needs, as Linux's fdtable grows: most
 * processes never pay for thousands of slots (fork copies only the slots
 * there are).
 */
#include "proc/proc.h"
#include "kern/kmalloc.h"
#include "lib/klib.h"

_Static_assert(NOFILE_PAGE * sizeof(struct file *) == 4096, "a slot page is one page");

struct file **fd_slot(struct files *p, int fd)
{
	if (!p->page[0])
		return &p->small[fd];
	return &p->page[fd / NOFILE_PAGE][fd % NOFILE_PAGE];
}

struct file *files_fd(struct files *p, int fd)
{
	if (fd < 0 || fd >= p->nfd)
		return 0;
	return *fd_slot(p, fd);
}

/* Every call that does something with a file: an O_PATH descriptor is
 * EBADF to them, as Linux's fdget. */
struct file *fd_get(int fd)
{
	struct file *f = files_fd(curproc->files, fd);

	return f && !(f->flags & O_PATH) ? f : 0;
}

/* The few that take an O_PATH descriptor too (Linux's fdget_raw): close,
 * dup, some fcntls, fstat, fstatfs, fchdir, and a dirfd of the *at calls. */
struct file *fd_get_raw(int fd)
{
	return files_fd(curproc->files, fd);
}

int fd_cloexec(struct files *p, int fd)
{
	return (p->cloexec[fd / 32] >> (fd % 32)) & 1;
}

void fd_set_cloexec(struct files *p, int fd, int on)
{
	if (on)
		p->cloexec[fd / 32] |= 1u << (fd % 32);
	else
		p->cloexec[fd / 32] &= ~(1u << (fd % 32));
}

/* Room for fd in the table: 0, or -ENOMEM (what was grown stays). */
int files_grow(struct files *p, int fd)
{
	uint32_t want = (uint32_t)fd / NOFILE_PAGE;

	if (fd < p->nfd)
		return 0;
	for (uint32_t i = 0; i <= want; i++) {
		struct file **page;

		if (p->page[i])
			continue;
		if (!(page = kmalloc(NOFILE_PAGE * sizeof(*page))))
			return -ENOMEM;
		if (i == 0)
			memcpy(page, p->small, sizeof(p->small));
		p->page[i] = page;
		p->nfd = (int)(i + 1) * NOFILE_PAGE;
	}
	return 0;
}

/* The soft RLIMIT_NOFILE, within the table's size. */
int fd_limit(void)
{
	uint64_t lim = curproc->leader->rlim[RLIMIT_NOFILE].cur;

	return lim < NOFILE ? (int)lim : NOFILE;
}

int fd_install(struct file *f, int min, int cloexec)
{
	struct files *p = curproc->files;

	for (int fd = min < 0 ? 0 : min; fd < fd_limit(); fd++) {
		if (files_fd(p, fd))
			continue;
		if (files_grow(p, fd))
			return -ENOMEM;
		*fd_slot(p, fd) = f;
		fd_set_cloexec(p, fd, cloexec);
		return fd;
	}
	return -EMFILE;
}

int fd_close(int fd)
{
	struct files *p = curproc->files;
	struct file *f = fd_get_raw(fd);

	if (!f)
		return -EBADF;
	*fd_slot(p, fd) = 0;
	fd_set_cloexec(p, fd, 0);
	if (f->inode)                       /* POSIX: any close drops the locks */
		locks_release(curproc->tgid, f->inode);
	dnotify_close(f, p);                /* and the table's directory watch */
	file_put(f);
	return 0;
}

void fd_close_on_exec(struct files *p)
{
	for (int fd = 0; fd < p->nfd; fd++) {
		struct file *f = *fd_slot(p, fd);

		if (f && fd_cloexec(p, fd)) {
			*fd_slot(p, fd) = 0;
			if (f->inode && curproc)
				locks_release(curproc->tgid, f->inode);
			dnotify_close(f, p);
			file_put(f);
		}
	}
	memset(p->cloexec, 0, sizeof(p->cloexec));
}

struct inode *at_base(int dirfd, int *err)
{
	struct file *f;

	*err = 0;
	if (dirfd == AT_FDCWD)
		return curproc->fs->cwd;
	f = fd_get_raw(dirfd);
	if (!f) {
		*err = -EBADF;
		return 0;
	}
	if (!f->inode || !vfs_is_dir(f->inode)) {
		*err = -ENOTDIR;
		return 0;
	}
	return f->inode;
}
