/*
 * fd.c - file descriptor tables: per process (or per group of threads
 * sharing one, struct files in share.c), NOFILE slots of struct file
 * pointers (the file layer's open files, shared by dup and fork through
 * their reference counts) and a close-on-exec bit per slot.
 */
#include "proc/proc.h"
#include "lib/klib.h"

struct file *fd_get(int fd)
{
	if (fd < 0 || fd >= NOFILE)
		return 0;
	return curproc->files->ofile[fd];
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
	struct files *p = curproc->files;
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	p->ofile[fd] = 0;
	p->cloexec &= ~(1ull << fd);
	if (f->inode)                       /* POSIX: any close drops the locks */
		locks_release(curproc->tgid, f->inode);
	dnotify_close(f, p);                /* and the table's directory watch */
	file_put(f);
	return 0;
}

void fd_close_on_exec(struct files *p)
{
	for (int fd = 0; fd < NOFILE; fd++) {
		if (p->ofile[fd] && (p->cloexec & (1ull << fd))) {
			struct file *f = p->ofile[fd];

			p->ofile[fd] = 0;
			if (f->inode && curproc)
				locks_release(curproc->tgid, f->inode);
			dnotify_close(f, p);
			file_put(f);
		}
	}
	p->cloexec = 0;
}

struct inode *at_base(int dirfd, int *err)
{
	struct file *f;

	*err = 0;
	if (dirfd == AT_FDCWD)
		return curproc->fs->cwd;
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
