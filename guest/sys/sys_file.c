/*
 * sys_file.c - system calls on open files: read and write (plain, vector
 * and positioned), open and close, lseek, dup, pipe, fcntl, ioctl,
 * getdents64 and sendfile.
 *
 * The file layer works on kernel buffers, so data moves through the
 * process's bounce page (iobuf) one page at a time.  A read of a file
 * that may block stops after the first chunk (a tty or pipe must not
 * block for more than it has); a write goes on until everything is
 * written.  Blocking calls the
 * file layer interrupts with -EINTR are restarted after a signal handler
 * with SA_RESTART, as Linux does (-ERESTARTSYS).
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

#define IOV_MAX 1024

/* -EINTR from a blocking file operation: restartable. */
static long restartable(long rc)
{
	return rc == -EINTR ? -ERESTARTSYS : rc;
}

static int is_regular(struct file *f)
{
	struct kstat st;

	return f->inode && vfs_fstat(f, &st) == 0 && (st.mode & S_IFMT) == S_IFREG;
}

static long read_chunks(struct file *f, uint32_t ubuf, uint32_t n)
{
	char *buf = curproc->iobuf;
	/* Files that never block (regular ones; devices always ready, like
	 * /dev/zero) are read to the end of the request, a pipe as far as it
	 * has data; others (sockets, terminals) a page's worth at most. */
	int whole = is_regular(f) || f->ops->poll == file_poll_ready;
	long total = 0;

	if (f->inode && vfs_is_dir(f->inode))
		return -EISDIR;
	if (!f->ops->read || (f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (!user_range_ok(ubuf, n))
		return -EFAULT;
	while (n) {
		uint32_t chunk = n < PAGE_SIZE ? n : PAGE_SIZE;
		int got = f->ops->read(f, buf, chunk);

		if (got < 0)
			return total ? total : restartable(got);
		if (got && copy_to_user((void *)ubuf, buf, got))
			return total ? total : -EFAULT;
		total += got;
		ubuf += got;
		n -= got;
		if ((uint32_t)got < chunk || !(whole || pipe_has_data(f)))
			break;
	}
	return total;
}

static long write_chunks(struct file *f, uint32_t ubuf, uint32_t n)
{
	char *buf = curproc->iobuf;
	long total = 0;

	if (!f->ops->write || (f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	while (n) {
		uint32_t chunk = n < PAGE_SIZE ? n : PAGE_SIZE;
		int put;

		if (copy_from_user(buf, (void *)ubuf, chunk))
			return total ? total : -EFAULT;
		put = f->ops->write(f, buf, chunk);
		if (put == -EPIPE)
			signal_send(curproc, SIGPIPE, 0);
		if (put < 0)
			return total ? total : restartable(put);
		total += put;
		ubuf += put;
		n -= put;
		if ((uint32_t)put < chunk)
			break;
	}
	return total;
}

/* Data that moved is an event for dnotify (Linux's fsnotify_access and
 * fsnotify_modify in vfs_read and vfs_write). */
long file_read(struct file *f, uint32_t ubuf, uint32_t n)
{
	long r = read_chunks(f, ubuf, n);

	if (r > 0)
		vfs_notify_io(f, DN_ACCESS);
	return r;
}

long file_write(struct file *f, uint32_t ubuf, uint32_t n)
{
	long r = write_chunks(f, ubuf, n);

	if (r > 0)
		vfs_notify_io(f, DN_MODIFY);
	return r;
}

long sys_read(int fd, uint32_t ubuf, uint32_t n)
{
	struct file *f = fd_get(fd);

	return f ? file_read(f, ubuf, n) : -EBADF;
}

long sys_write(int fd, uint32_t ubuf, uint32_t n)
{
	struct file *f = fd_get(fd);

	return f ? file_write(f, ubuf, n) : -EBADF;
}

/* readv/writev: one iovec at a time, stopping at a short transfer. */
static long vector_io(int fd, uint32_t uiov, int cnt, int write)
{
	struct file *f = fd_get(fd);
	long total = 0;

	if (!f)
		return -EBADF;
	if (cnt < 0 || cnt > IOV_MAX)
		return -EINVAL;
	for (int i = 0; i < cnt; i++) {
		struct linux_iovec v;
		long rc;

		if (copy_from_user(&v, (void *)(uiov + 8 * i), sizeof(v)))
			return total ? total : -EFAULT;
		if (!v.len)
			continue;
		rc = write ? file_write(f, v.base, v.len) : file_read(f, v.base, v.len);
		if (rc < 0)
			return total ? total : rc;
		total += rc;
		if ((uint32_t)rc < v.len)
			break;
	}
	return total;
}

long sys_readv(int fd, uint32_t uiov, int cnt)
{
	return vector_io(fd, uiov, cnt, 0);
}

long sys_writev(int fd, uint32_t uiov, int cnt)
{
	return vector_io(fd, uiov, cnt, 1);
}

/* pread64/pwrite64: at an offset, leaving the file position alone. */
static long positioned_io(int fd, uint32_t ubuf, uint32_t n, uint64_t off, int write)
{
	struct file *f = fd_get(fd);
	uint64_t saved;
	long rc;

	if (!f)
		return -EBADF;
	if (!f->inode || !is_regular(f))
		return -ESPIPE;
	saved = f->pos;
	f->pos = off;
	rc = write ? file_write(f, ubuf, n) : file_read(f, ubuf, n);
	f->pos = saved;
	return rc;
}

long sys_pread64(int fd, uint32_t ubuf, uint32_t n, uint32_t lo, uint32_t hi)
{
	return positioned_io(fd, ubuf, n, ((uint64_t)hi << 32) | lo, 0);
}

long sys_pwrite64(int fd, uint32_t ubuf, uint32_t n, uint32_t lo, uint32_t hi)
{
	return positioned_io(fd, ubuf, n, ((uint64_t)hi << 32) | lo, 1);
}

/* A path argument into a fresh page; null with *err set. */
char *path_get(uint32_t upath, int *err)
{
	uint32_t pfn = page_alloc();
	char *buf;
	int n;

	if (pfn == VMI_INVALID_PFN) {
		*err = -ENOMEM;
		return 0;
	}
	buf = pfn_to_va(pfn);
	n = strncpy_from_user(buf, (const char *)upath, PAGE_SIZE);
	if (n < 0 || n == 0) {
		*err = n < 0 ? n : -ENOENT;
		page_put(pfn);
		return 0;
	}
	*err = 0;
	return buf;
}

char *at_path(int dirfd, uint32_t upath, struct inode **base, int *err)
{
	*base = at_base(dirfd, err);
	return *base ? path_get(upath, err) : 0;
}

void path_put(char *path)
{
	if (path)
		page_put(va_to_pfn(path));
}

long sys_openat(int dirfd, uint32_t upath, uint32_t flags, uint32_t mode)
{
	struct inode *base;
	struct file *f;
	char *path;
	int err, fd;

	path = at_path(dirfd, upath, &base, &err);
	if (!path)
		return err;
	err = vfs_open(base, path, flags & ~O_CLOEXEC, mode & ~curproc->fs->umask, &f);
	path_put(path);
	if (err < 0)
		return restartable(err);
	fd = fd_install(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_open(uint32_t upath, uint32_t flags, uint32_t mode)
{
	return sys_openat(AT_FDCWD, upath, flags, mode);
}

long sys_creat(uint32_t upath, uint32_t mode)
{
	return sys_openat(AT_FDCWD, upath, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

long sys_close(int fd)
{
	return fd_close(fd);
}

long sys_lseek(int fd, int32_t off, int whence)
{
	struct file *f = fd_get(fd);
	int64_t pos;

	if (!f)
		return -EBADF;
	pos = vfs_lseek(f, off, whence);
	if (pos >= 0 && pos > 0x7FFFFFFF)
		return -EOVERFLOW;
	return (long)pos;
}

long sys__llseek(int fd, uint32_t hi, uint32_t lo, uint32_t uresult, int whence)
{
	struct file *f = fd_get(fd);
	int64_t pos;

	if (!f)
		return -EBADF;
	pos = vfs_lseek(f, (int64_t)(((uint64_t)hi << 32) | lo), whence);
	if (pos < 0)
		return (long)pos;
	return copy_to_user((void *)uresult, &pos, sizeof(pos)) ? -EFAULT : 0;
}

long sys_dup(int fd)
{
	struct file *f = fd_get_raw(fd);
	int nfd;

	if (!f)
		return -EBADF;
	nfd = fd_install(file_get(f), 0, 0);
	if (nfd < 0)
		file_put(f);
	return nfd;
}

/* Linux's order: the flags and oldfd == newfd are EINVAL before either
 * descriptor is looked at (dup3(fd, -1, bad flags) is EINVAL). */
long sys_dup3(int oldfd, int newfd, uint32_t flags)
{
	struct file *f;
	int rc;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd < 0 || newfd >= fd_limit())
		return -EBADF;
	f = fd_get_raw(oldfd);
	if (!f)
		return -EBADF;
	file_get(f);
	if (fd_get_raw(newfd))
		fd_close(newfd);
	if ((rc = fd_install(f, newfd, flags & O_CLOEXEC)) < 0)
		file_put(f);                /* only -ENOMEM: newfd is free and allowed */
	return rc;
}

long sys_dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)
		return fd_get_raw(oldfd) ? newfd : -EBADF;
	return sys_dup3(oldfd, newfd, 0);
}

long sys_pipe2(uint32_t ufds, uint32_t flags)
{
	struct file *rd, *wr;
	int fds[2], rc;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	rc = pipe_create(&rd, &wr);
	if (rc < 0)
		return rc;
	if ((flags & O_DIRECT) && (rc = pipe_set_packet(wr))) {
		file_put(rd);
		file_put(wr);
		return rc;
	}
	rd->flags |= flags & O_NONBLOCK;
	wr->flags |= flags & O_NONBLOCK;
	fds[0] = fd_install(rd, 0, flags & O_CLOEXEC);
	fds[1] = fds[0] < 0 ? -EMFILE : fd_install(wr, 0, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		if (fds[0] >= 0)
			fd_close(fds[0]);
		else
			file_put(rd);
		file_put(wr);
		return -EMFILE;
	}
	if (copy_to_user((void *)ufds, fds, sizeof(fds))) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

long sys_pipe(uint32_t ufds)
{
	return sys_pipe2(ufds, 0);
}

/* Is there a process (or, for a group, a process group) with this id? */
static int owner_exists(int type, int id)
{
	for (int i = 0; id && i < proc_slots; i++) {
		struct proc *p = proc_table[i];

		if (!p || p->state == P_ZOMBIE)
			continue;
		if (type == F_OWNER_PGRP ? p->pgid == id : p->pid == id)
			return 1;
	}
	return !id;
}

/*
 * F_SETOWN, F_GETOWN, their _EX forms and F_SETSIG/F_GETSIG: who gets
 * SIGIO (or the F_SETSIG signal) for the file, kept per open file as
 * Linux does; sent with O_ASYNC (fs/fasync.c) and for leases (fs/lease.c).
 */
static long file_owner(struct file *f, int cmd, uint32_t arg)
{
	struct { int32_t type, pid; } ex;

	switch (cmd) {
	case F_SETOWN:
		ex.type = (int32_t)arg < 0 ? F_OWNER_PGRP : F_OWNER_PID;
		ex.pid = (int32_t)arg < 0 ? -(int32_t)arg : (int32_t)arg;
		break;
	case F_GETOWN:
		return f->owner_type == F_OWNER_PGRP ? -f->owner_pid : f->owner_pid;
	case F_GETOWN_EX:
		ex.type = f->owner_type;
		ex.pid = f->owner_pid;
		return copy_to_user((void *)arg, &ex, sizeof(ex)) ? -EFAULT : 0;
	case F_SETOWN_EX:
		if (copy_from_user(&ex, (void *)arg, sizeof(ex)))
			return -EFAULT;
		if (ex.type != F_OWNER_TID && ex.type != F_OWNER_PID && ex.type != F_OWNER_PGRP)
			return -EINVAL;
		break;
	case F_GETSIG:
		return f->owner_sig;
	default:                            /* F_SETSIG */
		if (arg > NSIG)
			return -EINVAL;
		f->owner_sig = (int)arg;
		return 0;
	}
	if (!owner_exists(ex.type, ex.pid))
		return -ESRCH;
	f->owner_type = ex.type;
	f->owner_pid = ex.pid;
	return 0;
}

/* What fcntl may do with an O_PATH descriptor (Linux's check_fcntl_cmd). */
static int path_fcntl(int cmd)
{
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD || cmd == F_SETFD ||
	       cmd == F_GETFL;
}

long sys_fcntl64(int fd, int cmd, uint32_t arg)
{
	struct file *f = fd_get_raw(fd);
	struct proc *p = curproc;
	int nfd, rc;

	if (!f || ((f->flags & O_PATH) && !path_fcntl(cmd)))
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= (uint32_t)fd_limit())
			return -EINVAL;
		nfd = fd_install(file_get(f), arg, cmd == F_DUPFD_CLOEXEC);
		if (nfd < 0)
			file_put(f);
		return nfd;
	case F_GETFD:
		return fd_cloexec(p->files, fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		fd_set_cloexec(p->files, fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		if (((arg ^ f->flags) & O_ASYNC) && (rc = vfs_set_async(f, fd, arg & O_ASYNC)))
			return rc;
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) | (arg & (O_APPEND | O_NONBLOCK));
		return 0;
	case F_GETLK:
	case F_GETLK64:
	case F_SETLK:
	case F_SETLKW:
	case F_SETLK64:
	case F_SETLKW64:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return file_lock(f, cmd, arg);
	case F_SETOWN:
	case F_GETOWN:
	case F_SETOWN_EX:
	case F_GETOWN_EX:
	case F_SETSIG:
	case F_GETSIG:
		return file_owner(f, cmd, arg);
	case F_SETLEASE:
	case F_GETLEASE:
		return vfs_lease(f, fd, cmd, (int)arg);
	case F_NOTIFY:
		return vfs_dnotify(f, fd, arg, p->files);
	case F_SETPIPE_SZ:
	case F_GETPIPE_SZ:
		return pipe_size(f, cmd == F_SETPIPE_SZ, arg);
	case F_CREATED_QUERY:
		return f->created;
	default:
		return -EINVAL;
	}
}

/* fcntl(2) proper: the commands that take a struct flock64 exist only
 * through fcntl64 on i386 (Linux answers EINVAL here, the file unseen). */
long sys_fcntl(int fd, int cmd, uint32_t arg)
{
	switch (cmd) {
	case F_GETLK64:
	case F_SETLK64:
	case F_SETLKW64:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return fd_get(fd) ? -EINVAL : -EBADF;
	default:
		return sys_fcntl64(fd, cmd, arg);
	}
}

long sys_ioctl(int fd, uint32_t cmd, uint32_t arg)
{
	struct file *f = fd_get(fd);

	if (!f)
		return -EBADF;
	if (cmd == FIOCLEX || cmd == FIONCLEX) {
		fd_set_cloexec(curproc->files, fd, cmd == FIOCLEX);
		return 0;
	}
	if (cmd == FIONBIO) {
		int on;

		if (copy_from_user(&on, (void *)arg, sizeof(on)))
			return -EFAULT;
		f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~O_NONBLOCK;
		return 0;
	}
	if (cmd == FIOASYNC) {
		int on;

		if (copy_from_user(&on, (void *)arg, sizeof(on)))
			return -EFAULT;
		return vfs_set_async(f, fd, on != 0);
	}
	if (!f->ops->ioctl)
		return -ENOTTY;
	return restartable(f->ops->ioctl(f, cmd, arg));
}

long sys_getdents64(int fd, uint32_t ubuf, uint32_t n)
{
	struct file *f = fd_get(fd);
	int got;

	if (!f)
		return -EBADF;
	if (!f->ops->getdents64)
		return -ENOTDIR;
	if (!user_range_ok(ubuf, n))
		return -EFAULT;
	got = f->ops->getdents64(f, curproc->iobuf, n < PAGE_SIZE ? n : PAGE_SIZE);
	if (got > 0 && copy_to_user((void *)ubuf, curproc->iobuf, got))
		return -EFAULT;
	return got;
}

/* sendfile: in_fd to out_fd through the bounce page.  With an offset
 * pointer the input is read there and its file position left alone. */
static long do_sendfile(int out_fd, int in_fd, uint32_t uoff, uint32_t count, int off64)
{
	struct file *in = fd_get(in_fd), *out = fd_get(out_fd);
	char *buf = curproc->iobuf;
	uint64_t off = 0, saved = 0;
	long total = 0;

	if (!in || !out || !in->ops->read || !out->ops->write)
		return -EBADF;
	if (uoff) {
		uint32_t lo_hi[2] = { 0, 0 };

		if (copy_from_user(lo_hi, (void *)uoff, off64 ? 8 : 4))
			return -EFAULT;
		off = ((uint64_t)lo_hi[1] << 32) | lo_hi[0];
		saved = in->pos;
		in->pos = off;
	}
	while (count) {
		uint32_t chunk = count < PAGE_SIZE ? count : PAGE_SIZE;
		int got = in->ops->read(in, buf, chunk), put;

		if (got <= 0) {
			if (got < 0 && !total)
				total = restartable(got);
			break;
		}
		put = out->ops->write(out, buf, got);
		if (put == -EPIPE)
			signal_send(curproc, SIGPIPE, 0);
		if (put < 0) {
			if (!total)
				total = restartable(put);
			break;
		}
		total += put;
		count -= put;
		if (put < got || (uint32_t)got < chunk)
			break;
	}
	if (total > 0) {                    /* dnotify, as Linux's do_sendfile */
		vfs_notify_io(in, DN_ACCESS);
		vfs_notify_io(out, DN_MODIFY);
	}
	if (uoff) {
		off = in->pos;
		in->pos = saved;
		if (copy_to_user((void *)uoff, &off, off64 ? 8 : 4))
			return -EFAULT;
	}
	return total;
}

long sys_sendfile(int out_fd, int in_fd, uint32_t uoff, uint32_t count)
{
	return do_sendfile(out_fd, in_fd, uoff, count, 0);
}

long sys_sendfile64(int out_fd, int in_fd, uint32_t uoff, uint32_t count)
{
	return do_sendfile(out_fd, in_fd, uoff, count, 1);
}
