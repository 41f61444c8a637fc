/*
 * fd.c - file descriptor tables: per process, NOFILE slots of struct file
 * pointers (the file layer's open files, shared by dup and fork through
 * their reference counts) and a close-on-exec bit per slot.
 */
#include "proc/proc.h"
#include "lib/klib.h"

struct file *fd_get(int fd)
{
	if (fd < 0 || fd >= NOFILE)
		return 0;
	return curproc->ofile[fd];
}

int fd_install(struct file *f, int min, int cloexec)
{
	struct proc *p = curproc;

	for (int fd = min < 0 ? 0 : min; fd < NOFILE; fd++) {
		if (p->ofile[fd])
			continue;
		p->ofile[fd] = f;
		if (cloexec)
			p->cloexec |= 1ull << fd;
		else
			p->cloexec &= ~(1ull << fd);
		return fd;
	}
	return -EMFILE;
}

int fd_close(int fd)
{
	struct proc *p = curproc;
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	p->ofile[fd] = 0;
	p->cloexec &= ~(1ull << fd);
	file_put(f);
	return 0;
}

void fd_close_all(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if (p->ofile[fd]) {
			struct file *f = p->ofile[fd];

			p->ofile[fd] = 0;
			file_put(f);
		}
	}
	p->cloexec = 0;
}

void fd_close_on_exec(struct proc *p)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if (p->ofile[fd] && (p->cloexec & (1ull << fd))) {
			struct file *f = p->ofile[fd];

			p->ofile[fd] = 0;
			file_put(f);
		}
	}
	p->cloexec = 0;
}

void fd_copy(struct proc *dst, struct proc *src)
{
	for (int fd = 0; fd < NOFILE; fd++)
		if (src->ofile[fd])
			dst->ofile[fd] = file_get(src->ofile[fd]);
	dst->cloexec = src->cloexec;
}

struct inode *at_base(int dirfd, int *err)
{
	struct file *f;

	*err = 0;
	if (dirfd == AT_FDCWD)
		return curproc->cwd;
	f = fd_get(dirfd);
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
