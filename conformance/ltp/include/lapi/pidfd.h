/* lapi/pidfd.h - pidfd_open/pidfd_send_signal/pidfd_getfd (the C library's
 * where configure found them, else raw calls: ENOSYS -> TCONF). */
#ifndef LAPI_PIDFD_H__
#define LAPI_PIDFD_H__

#include <fcntl.h>
#include <signal.h>
#include "config.h"
#ifdef HAVE_SYS_PIDFD_H
# include <sys/pidfd.h>
#endif
#include "lapi/syscalls.h"

#ifndef PIDFD_NONBLOCK
# define PIDFD_NONBLOCK O_NONBLOCK
#endif
#ifndef PIDFD_THREAD
# define PIDFD_THREAD O_EXCL
#endif

/* The ..._supported() probes end the test in TCONF where the call is absent. */
static inline void pidfd_send_signal_supported(void)
{
	tst_syscall(__NR_pidfd_send_signal, -1, 0, NULL, 0);
}

static inline void pidfd_open_supported(void)
{
	tst_syscall(__NR_pidfd_open, -1, 0);
}

static inline void pidfd_getfd_supported(void)
{
	tst_syscall(__NR_pidfd_getfd, -1, -1, 0);
}

#ifndef HAVE_PIDFD_SEND_SIGNAL
static inline int pidfd_send_signal(int pidfd, int sig, siginfo_t *info,
				    unsigned int flags)
{
	return tst_syscall(__NR_pidfd_send_signal, pidfd, sig, info, flags);
}
#endif

#ifndef HAVE_PIDFD_OPEN
static inline int pidfd_open(pid_t pid, unsigned int flags)
{
	return tst_syscall(__NR_pidfd_open, pid, flags);
}
#endif

#ifndef HAVE_PIDFD_GETFD
static inline int pidfd_getfd(int pidfd, int targetfd, unsigned int flags)
{
	return tst_syscall(__NR_pidfd_getfd, pidfd, targetfd, flags);
}
#endif

#endif
