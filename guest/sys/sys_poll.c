/*
 * sys_poll.c - waiting for several files at once: poll, ppoll, the old
 * select, _newselect and pselect6 (with their 64-bit-time variants).
 *
 * All of them become one loop over a kernel array of struct linux_pollfd:
 * ask each file's poll operation, and if nothing is ready sleep on the
 * file layer's poll channel (woken on any readiness change) until the
 * deadline.  Files without a poll operation (regular files) are always
 * ready.  A signal ends the wait with -EINTR; ppoll and pselect6 install
 * their signal mask for the wait and the old one is restored on the way
 * out (after any handler, as sigsuspend does).
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

#define MAX_POLLFD  (PAGE_SIZE / sizeof(struct linux_pollfd))
#define FD_SETSIZE  1024
#define NO_DEADLINE 0xFFFFFFFFFFFFFFFFull
#define SEL_IN  (POLLIN | POLLHUP | POLLERR)
#define SEL_OUT (POLLOUT | POLLERR)
#define SEL_EX  POLLPRI

/* One pass: revents for each entry; the number of ready entries. */
static int scan(struct linux_pollfd *fds, uint32_t n)
{
	int ready = 0;

	for (uint32_t i = 0; i < n; i++) {
		struct file *f;
		int ev;

		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		f = fd_get(fds[i].fd);
		if (!f) {
			fds[i].revents = POLLNVAL;
			ready++;
			continue;
		}
		ev = f->ops->poll ? f->ops->poll(f) : POLLIN | POLLOUT;
		fds[i].revents = ev & (fds[i].events | POLLERR | POLLHUP | POLLNVAL);
		ready += fds[i].revents != 0;
	}
	return ready;
}

/* Scan until something is ready, the deadline passes or a signal comes. */
static int wait_ready(struct linux_pollfd *fds, uint32_t n, uint64_t deadline)
{
	for (;;) {
		int ready = scan(fds, n);

		if (ready)
			return ready;
		if (deadline != NO_DEADLINE && vmi_time_ns() >= deadline)
			return 0;
		if (proc_signal_pending())
			return -EINTR;
		sleep_on(poll_channel(), deadline == NO_DEADLINE ? 0 : deadline);
	}
}

/* A relative timeout in nanoseconds (negative: none) as a deadline. */
static uint64_t deadline_in(int64_t ns)
{
	return ns < 0 ? NO_DEADLINE : vmi_time_ns() + (uint64_t)ns;
}

/* A timespec32/64 timeout from user space: ns, -1 for none, or error. */
static int64_t user_timeout(uint32_t uts, int time64, int *err)
{
	*err = 0;
	if (!uts)
		return -1;
	if (time64) {
		struct linux_timespec64 t;

		if (copy_from_user(&t, (void *)uts, sizeof(t)))
			*err = -EFAULT;
		else if (t.tv_sec < 0 || t.tv_nsec < 0 || t.tv_nsec >= 1000000000)
			*err = -EINVAL;
		return *err ? 0 : t.tv_sec * 1000000000ll + t.tv_nsec;
	} else {
		struct linux_timespec32 t;

		if (copy_from_user(&t, (void *)uts, sizeof(t)))
			*err = -EFAULT;
		else if (t.tv_sec < 0 || t.tv_nsec < 0 || t.tv_nsec >= 1000000000)
			*err = -EINVAL;
		return *err ? 0 : t.tv_sec * 1000000000ll + t.tv_nsec;
	}
}

/* Install a temporary signal mask for the wait (ppoll, pselect6). */
static int wait_mask(uint32_t umask, uint32_t size)
{
	sigset64_t m;

	if (!umask)
		return 0;
	if (size != 8)
		return -EINVAL;
	if (copy_from_user(&m, (void *)umask, 8))
		return -EFAULT;
	curproc->saved_mask = curproc->sig_blocked;
	curproc->has_saved_mask = 1;
	curproc->sig_blocked = m & ~((1ull << (SIGKILL - 1)) | (1ull << (SIGSTOP - 1)));
	return 0;
}

/*
 * What is left of the wait, written back as Linux's select, pselect6 and
 * ppoll do (poll does not): a program that loops on EINTR then waits only
 * what remains.  Not with the STICKY_TIMEOUTS personality, and a write
 * that faults is let go (the call itself succeeded).  kind: 0 timeval32,
 * 1 timespec32, 2 timespec64.
 */
static void time_left(uint32_t ut, uint64_t deadline, int kind)
{
	uint64_t now = vmi_time_ns(), left = deadline > now ? deadline - now : 0;
	int64_t sec = left / 1000000000ull, ns = left % 1000000000ull;

	if (!ut || deadline == NO_DEADLINE || (curproc->leader->persona & STICKY_TIMEOUTS))
		return;
	if (kind == 0) {
		struct linux_timeval32 tv = { sec, ns / 1000 };

		copy_to_user((void *)ut, &tv, sizeof(tv));
	} else if (kind == 1) {
		struct linux_timespec32 ts = { sec, ns };

		copy_to_user((void *)ut, &ts, sizeof(ts));
	} else {
		struct linux_timespec64 ts = { sec, ns };

		copy_to_user((void *)ut, &ts, sizeof(ts));
	}
}

static long do_poll(uint32_t ufds, uint32_t n, uint64_t deadline)
{
	uint32_t pfn;
	struct linux_pollfd *fds;
	long rc;

	if (n > MAX_POLLFD)
		return -EINVAL;
	pfn = page_alloc();
	if (pfn == VMI_INVALID_PFN)
		return -ENOMEM;
	fds = pfn_to_va(pfn);
	rc = copy_from_user(fds, (void *)ufds, n * sizeof(*fds));
	if (rc == 0)
		rc = wait_ready(fds, n, deadline);
	if (rc >= 0) {
		for (uint32_t i = 0; i < n; i++)
			if (copy_to_user((void *)(ufds + i * sizeof(*fds) + 6), &fds[i].revents, 2))
				rc = -EFAULT;
	}
	page_put(pfn);
	return rc;
}

long sys_poll(uint32_t ufds, uint32_t n, int timeout_ms)
{
	return do_poll(ufds, n, deadline_in(timeout_ms < 0 ? -1 : timeout_ms * 1000000ll));
}

static long ppoll_common(uint32_t ufds, uint32_t n, uint32_t uts, uint32_t umask,
                         uint32_t size, int time64)
{
	uint64_t deadline;
	int err;
	int64_t t = user_timeout(uts, time64, &err);

	if (err)
		return err;
	err = wait_mask(umask, size);
	if (err)
		return err;
	deadline = deadline_in(t);
	err = do_poll(ufds, n, deadline);
	time_left(uts, deadline, time64 ? 2 : 1);
	return err;
}

long sys_ppoll(uint32_t ufds, uint32_t n, uint32_t uts, uint32_t umask, uint32_t size)
{
	return ppoll_common(ufds, n, uts, umask, size, 0);
}

long sys_ppoll_time64(uint32_t ufds, uint32_t n, uint32_t uts, uint32_t umask, uint32_t size)
{
	return ppoll_common(ufds, n, uts, umask, size, 1);
}

/* ---- select: fd_sets to pollfds and back ---- */

struct fdsets { uint32_t in[FD_SETSIZE / 32], out[FD_SETSIZE / 32], ex[FD_SETSIZE / 32]; };

static int get_set(uint32_t *set, uint32_t uset, int nfds)
{
	memset(set, 0, FD_SETSIZE / 8);
	return uset ? copy_from_user(set, (void *)uset, (nfds + 7) / 8) : 0;
}

static int put_set(const uint32_t *set, uint32_t uset, int nfds)
{
	return uset ? copy_to_user((void *)uset, set, (nfds + 7) / 8) : 0;
}

#define IS_SET(s, fd) ((s)[(fd) / 32] & (1u << ((fd) % 32)))

/* The pollfds for select's three sets; their count, or -EBADF. */
static long sets_to_pollfds(const struct fdsets *s, int nfds, struct linux_pollfd *fds)
{
	uint32_t n = 0;

	for (int fd = 0; fd < nfds; fd++) {
		short ev = (IS_SET(s->in, fd) ? SEL_IN : 0) | (IS_SET(s->out, fd) ? SEL_OUT : 0) |
		           (IS_SET(s->ex, fd) ? SEL_EX : 0);

		if (!ev)
			continue;
		if (!fd_get(fd))
			return -EBADF;
		fds[n++] = (struct linux_pollfd){ .fd = fd, .events = ev };
	}
	return n;
}

/* The sets select returns from the polled results; the bits set. */
static int pollfds_to_sets(struct fdsets *s, const struct linux_pollfd *fds, uint32_t n)
{
	int count = 0;

	memset(s, 0, sizeof(*s));
	for (uint32_t i = 0; i < n; i++) {
		int fd = fds[i].fd, re = fds[i].revents & fds[i].events;
		uint32_t bit = 1u << (fd % 32);

		if (re & SEL_IN) { s->in[fd / 32] |= bit; count++; }
		if (re & SEL_OUT) { s->out[fd / 32] |= bit; count++; }
		if (re & SEL_EX) { s->ex[fd / 32] |= bit; count++; }
	}
	return count;
}

static long do_select(int nfds, uint32_t uin, uint32_t uout, uint32_t uex, uint64_t deadline)
{
	uint32_t pfn;
	struct fdsets *s;
	struct linux_pollfd *fds;
	long rc, n = 0;

	if (nfds < 0 || nfds > FD_SETSIZE)
		return -EINVAL;
	if (nfds > NOFILE)
		nfds = NOFILE;
	pfn = page_alloc();
	if (pfn == VMI_INVALID_PFN)
		return -ENOMEM;
	s = pfn_to_va(pfn);
	fds = (struct linux_pollfd *)(s + 1);
	rc = get_set(s->in, uin, nfds) || get_set(s->out, uout, nfds) ||
	     get_set(s->ex, uex, nfds) ? -EFAULT : 0;
	if (rc == 0)
		rc = n = sets_to_pollfds(s, nfds, fds);
	if (rc >= 0)
		rc = wait_ready(fds, n, deadline);
	if (rc >= 0) {
		int count = pollfds_to_sets(s, fds, n);

		rc = put_set(s->in, uin, nfds) || put_set(s->out, uout, nfds) ||
		     put_set(s->ex, uex, nfds) ? -EFAULT : count;
	}
	page_put(pfn);
	return rc;
}

long sys__newselect(int nfds, uint32_t uin, uint32_t uout, uint32_t uex, uint32_t utv)
{
	struct linux_timeval32 tv;
	uint64_t deadline;
	int64_t t = -1;
	long rc;

	if (utv) {
		if (copy_from_user(&tv, (void *)utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0)
			return -EINVAL;
		t = tv.tv_sec * 1000000000ll + tv.tv_usec * 1000ll;
	}
	deadline = deadline_in(t);
	rc = do_select(nfds, uin, uout, uex, deadline);
	time_left(utv, deadline, 0);
	return rc;
}

/* The old select (82): its five arguments in one block in user memory. */
long sys_old_select(uint32_t uargs)
{
	uint32_t a[5];

	if (copy_from_user(a, (void *)uargs, sizeof(a)))
		return -EFAULT;
	return sys__newselect((int)a[0], a[1], a[2], a[3], a[4]);
}

/* pselect6's sixth argument: { const sigset_t *mask; size_t size; } */
static long pselect_common(int nfds, uint32_t uin, uint32_t uout, uint32_t uex,
                           uint32_t uts, uint32_t usig, int time64)
{
	uint32_t sig[2] = { 0, 0 };
	uint64_t deadline;
	int err;
	int64_t t = user_timeout(uts, time64, &err);

	if (err)
		return err;
	if (usig && copy_from_user(sig, (void *)usig, sizeof(sig)))
		return -EFAULT;
	err = wait_mask(sig[0], sig[1]);
	if (err)
		return err;
	deadline = deadline_in(t);
	err = do_select(nfds, uin, uout, uex, deadline);
	time_left(uts, deadline, time64 ? 2 : 1);
	return err;
}

long sys_pselect6(int nfds, uint32_t uin, uint32_t uout, uint32_t uex, uint32_t uts,
                  uint32_t usig)
{
	return pselect_common(nfds, uin, uout, uex, uts, usig, 0);
}

long sys_pselect6_time64(int nfds, uint32_t uin, uint32_t uout, uint32_t uex,
                         uint32_t uts, uint32_t usig)
{
	return pselect_common(nfds, uin, uout, uex, uts, usig, 1);
}
