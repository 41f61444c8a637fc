/* tst_safe_macros.h - the new API's SAFE_* macros: the call or TBROK (see
 * tst_safe_call.h); no cleanup argument, the library runs test.cleanup. */
#ifndef TST_SAFE_MACROS_H__
#define TST_SAFE_MACROS_H__

#include "tst_safe_call.h"

#define SAFE_BASENAME(p)        SAFEC_BASENAME(NULL, p)
#define SAFE_DIRNAME(p)         SAFEC_DIRNAME(NULL, p)
#define SAFE_CHDIR(p)           SAFEC_CHDIR(NULL, p)
#define SAFE_CHROOT(p)          SAFEC_CHROOT(NULL, p)
#define SAFE_CLOSE(fd) do { safe_close(__FILE__, __LINE__, NULL, (fd)); fd = -1; } while (0)
#define SAFE_CREAT(p, m)        SAFEC_CREAT(NULL, p, m)
#define SAFE_DUP(fd)            SAFEC_DUP(NULL, fd)
#define SAFE_DUP2(a, b)         SAFEC_DUP2(NULL, a, b)
#define SAFE_GETCWD(b, s)       SAFEC_GETCWD(NULL, b, s)
#define SAFE_GETPWNAM(n)        SAFEC_GETPWNAM(NULL, n)
#define SAFE_GETPWUID(u)        SAFEC_GETPWUID(NULL, u)
#define SAFE_GETGRNAM(n)        SAFEC_GETGRNAM(NULL, n)
#define SAFE_GETGRGID(g)        SAFEC_GETGRGID(NULL, g)
#define SAFE_GETRUSAGE(w, u)    SAFEC_GETRUSAGE(NULL, w, u)
#define SAFE_MALLOC(s)          SAFEC_MALLOC(NULL, s)
#define SAFE_CALLOC(n, s)       SAFEC_CALLOC(NULL, n, s)
#define SAFE_REALLOC(p, s)      SAFEC_REALLOC(NULL, p, s)
#define SAFE_STRDUP(s)          SAFEC_STRDUP(NULL, s)
#define SAFE_MEMALIGN(a, s)     SAFEC_MEMALIGN(NULL, a, s)
#define SAFE_MKDIR(p, m)        SAFEC_MKDIR(NULL, p, m)
#define SAFE_RMDIR(p)           SAFEC_RMDIR(NULL, p)
#define SAFE_MUNMAP(a, l)       SAFEC_MUNMAP(NULL, a, l)
#define SAFE_MPROTECT(a, l, p)  SAFEC_MPROTECT(NULL, a, l, p)
#define SAFE_MMAP(a, l, p, f, fd, o) SAFEC_MMAP(NULL, a, l, p, f, fd, o)
#define SAFE_OPEN(p, fl, ...)   SAFEC_OPEN(NULL, p, fl, ##__VA_ARGS__)
#define SAFE_PIPE(f)            SAFEC_PIPE(NULL, f)
#define SAFE_PIPE2(f, fl)       SAFEC_PIPE2(NULL, f, fl)
#define SAFE_READ(st, fd, b, n) SAFEC_READ(NULL, st, fd, b, n)
#define SAFE_WRITE(st, fd, b, n) SAFEC_WRITE(NULL, st, fd, b, n)
#define SAFE_SETEGID(g)         SAFEC_SETEGID(NULL, g)
#define SAFE_SETEUID(u)         SAFEC_SETEUID(NULL, u)
#define SAFE_SETGID(g)          SAFEC_SETGID(NULL, g)
#define SAFE_SETUID(u)          SAFEC_SETUID(NULL, u)
#define SAFE_SETREUID(r, e)     SAFEC_SETREUID(NULL, r, e)
#define SAFE_SETREGID(r, e)     SAFEC_SETREGID(NULL, r, e)
#define SAFE_SETRESUID(r, e, s) SAFEC_SETRESUID(NULL, r, e, s)
#define SAFE_SETRESGID(r, e, s) SAFEC_SETRESGID(NULL, r, e, s)
#define SAFE_GETRESUID(r, e, s) SAFEC_GETRESUID(NULL, r, e, s)
#define SAFE_GETRESGID(r, e, s) SAFEC_GETRESGID(NULL, r, e, s)
#define SAFE_SETGROUPS(n, l)    SAFEC_SETGROUPS(NULL, n, l)
#define SAFE_GETGROUPS(n, l)    SAFEC_GETGROUPS(NULL, n, l)
#define SAFE_SETPGID(p, g)      SAFEC_SETPGID(NULL, p, g)
#define SAFE_GETPGID(p)         SAFEC_GETPGID(NULL, p)
#define SAFE_SETSID()           SAFEC_SETSID(NULL)
#define SAFE_UNLINK(p)          SAFEC_UNLINK(NULL, p)
#define SAFE_LINK(a, b)         SAFEC_LINK(NULL, a, b)
#define SAFE_LINKAT(d1, a, d2, b, f) SAFEC_LINKAT(NULL, d1, a, d2, b, f)
#define SAFE_READLINK(p, b, s)  SAFEC_READLINK(NULL, p, b, s)
#define SAFE_SYMLINK(a, b)      SAFEC_SYMLINK(NULL, a, b)
#define SAFE_STRTOL(s, lo, hi)  SAFEC_STRTOL(NULL, s, lo, hi)
#define SAFE_STRTOUL(s, lo, hi) SAFEC_STRTOUL(NULL, s, lo, hi)
#define SAFE_STRTOF(s, lo, hi)  SAFEC_STRTOF(NULL, s, lo, hi)
#define SAFE_SYSCONF(n)         SAFEC_SYSCONF(NULL, n)
#define SAFE_CHMOD(p, m)        SAFEC_CHMOD(NULL, p, m)
#define SAFE_FCHMOD(f, m)       SAFEC_FCHMOD(NULL, f, m)
#define SAFE_CHOWN(p, u, g)     SAFEC_CHOWN(NULL, p, u, g)
#define SAFE_LCHOWN(p, u, g)    SAFEC_LCHOWN(NULL, p, u, g)
#define SAFE_FCHOWN(f, u, g)    SAFEC_FCHOWN(NULL, f, u, g)
#define SAFE_WAIT(s)            SAFEC_WAIT(NULL, s)
#define SAFE_WAITPID(p, s, o)   SAFEC_WAITPID(NULL, p, s, o)
#define SAFE_KILL(p, s)         SAFEC_KILL(NULL, p, s)
#define SAFE_MKFIFO(p, m)       SAFEC_MKFIFO(NULL, p, m)
#define SAFE_RENAME(a, b)       SAFEC_RENAME(NULL, a, b)
#define SAFE_MOUNT(s, t, f, fl, d) SAFEC_MOUNT(NULL, s, t, f, fl, d)
#define SAFE_UMOUNT(t)          SAFEC_UMOUNT(NULL, t)
#define SAFE_UMOUNT2(t, f)      SAFEC_UMOUNT2(NULL, t, f)
#define SAFE_OPENDIR(n)         SAFEC_OPENDIR(NULL, n)
#define SAFE_CLOSEDIR(d)        SAFEC_CLOSEDIR(NULL, d)
#define SAFE_READDIR(d)         SAFEC_READDIR(NULL, d)
#define SAFE_IOCTL(fd, r, ...)  SAFEC_IOCTL(NULL, fd, r, ##__VA_ARGS__)
#define SAFE_FCNTL(fd, c, ...)  SAFEC_FCNTL(NULL, fd, c, ##__VA_ARGS__)
#define SAFE_FTRUNCATE(f, l)    SAFEC_FTRUNCATE(NULL, f, l)
#define SAFE_TRUNCATE(p, l)     SAFEC_TRUNCATE(NULL, p, l)
#define SAFE_STAT(p, b)         SAFEC_STAT(NULL, p, b)
#define SAFE_FSTAT(f, b)        SAFEC_FSTAT(NULL, f, b)
#define SAFE_LSTAT(p, b)        SAFEC_LSTAT(NULL, p, b)
#define SAFE_STATFS(p, b)       SAFEC_STATFS(NULL, p, b)
#define SAFE_STATVFS(p, b)      SAFEC_STATVFS(NULL, p, b)
#define SAFE_LSEEK(f, o, w)     SAFEC_LSEEK(NULL, f, o, w)
#define SAFE_GETRLIMIT(r, l)    SAFEC_GETRLIMIT(NULL, r, l)
#define SAFE_SETRLIMIT(r, l)    SAFEC_SETRLIMIT(NULL, r, l)
#define SAFE_SIGNAL(s, h)       SAFEC_SIGNAL(NULL, s, h)
#define SAFE_SIGACTION(s, a, o) SAFEC_SIGACTION(NULL, s, a, o)
#define SAFE_SIGADDSET(s, n)    SAFEC_SIGADDSET(NULL, s, n)
#define SAFE_SIGDELSET(s, n)    SAFEC_SIGDELSET(NULL, s, n)
#define SAFE_SIGEMPTYSET(s)     SAFEC_SIGEMPTYSET(NULL, s)
#define SAFE_SIGFILLSET(s)      SAFEC_SIGFILLSET(NULL, s)
#define SAFE_SIGPROCMASK(h, s, o) SAFEC_SIGPROCMASK(NULL, h, s, o)
#define SAFE_GETPRIORITY(w, i)  SAFEC_GETPRIORITY(NULL, w, i)
#define SAFE_SETPRIORITY(w, i, p) SAFEC_SETPRIORITY(NULL, w, i, p)
#define SAFE_SETXATTR(p, n, v, s, f)  SAFEC_SETXATTR(NULL, p, n, v, s, f)
#define SAFE_LSETXATTR(p, n, v, s, f) SAFEC_LSETXATTR(NULL, p, n, v, s, f)
#define SAFE_FSETXATTR(d, n, v, s, f) SAFEC_FSETXATTR(NULL, d, n, v, s, f)
#define SAFE_GETXATTR(p, n, v, s)     SAFEC_GETXATTR(NULL, p, n, v, s)
#define SAFE_REMOVEXATTR(p, n)  SAFEC_REMOVEXATTR(NULL, p, n)
#define SAFE_LREMOVEXATTR(p, n) SAFEC_LREMOVEXATTR(NULL, p, n)
#define SAFE_FREMOVEXATTR(d, n) SAFEC_FREMOVEXATTR(NULL, d, n)
#define SAFE_FSYNC(f)           SAFEC_FSYNC(NULL, f)
#define SAFE_MKNOD(p, m, d)     SAFEC_MKNOD(NULL, p, m, d)
#define SAFE_MLOCK(a, l)        SAFEC_MLOCK(NULL, a, l)
#define SAFE_MUNLOCK(a, l)      SAFEC_MUNLOCK(NULL, a, l)
#define SAFE_MINCORE(a, l, v)   SAFEC_MINCORE(NULL, a, l, v)
#define SAFE_MADVISE(a, l, adv) SAFEC_MADVISE(NULL, a, l, adv)
#define SAFE_MSYNC(a, l, f)     SAFEC_MSYNC(NULL, a, l, f)
#define SAFE_PERSONALITY(p)     SAFEC_PERSONALITY(NULL, p)
#define SAFE_PRCTL(o, ...)      SAFEC_PRCTL(NULL, o, ##__VA_ARGS__)
#define SAFE_SYSINFO(i)         SAFEC_SYSINFO(NULL, i)
#define SAFE_SETHOSTNAME(n, l)  SAFEC_SETHOSTNAME(NULL, n, l)
#define SAFE_SETDOMAINNAME(n, l) SAFEC_SETDOMAINNAME(NULL, n, l)
#define SAFE_GETHOSTNAME(n, l)  SAFEC_GETHOSTNAME(NULL, n, l)
#define SAFE_UNSHARE(f)         SAFEC_UNSHARE(NULL, f)
#define SAFE_SETNS(f, t)        SAFEC_SETNS(NULL, f, t)
#define SAFE_ACCESS(p, m)       SAFEC_ACCESS(NULL, p, m)

#define SAFE_SIGWAIT(set, sig) ({ int tst_e_ = sigwait(set, sig); \
	if (tst_e_) { errno = tst_e_; \
		tst_brk_(__FILE__, __LINE__, TBROK | TERRNO, "sigwait() failed"); } \
	tst_e_; })

#define SAFE_EXECLP(file, arg, ...) do { \
	execlp((file), (arg), ##__VA_ARGS__); \
	tst_brk_(__FILE__, __LINE__, TBROK | TERRNO, \
		 "execlp(%s, %s, ...) failed", file, arg); \
	} while (0)

#define SAFE_EXECL(file, arg, ...) do { \
	execl((file), (arg), ##__VA_ARGS__); \
	tst_brk_(__FILE__, __LINE__, TBROK | TERRNO, \
		 "execl(%s, %s, ...) failed", file, arg); \
	} while (0)

#define SAFE_EXECVP(file, argv) do { \
	execvp((file), (argv)); \
	tst_brk_(__FILE__, __LINE__, TBROK | TERRNO, "execvp(%s) failed", file); \
	} while (0)

#define SAFE_SETENV(name, value, overwrite) do { \
	if (setenv(name, value, overwrite)) \
		tst_brk_(__FILE__, __LINE__, TBROK | TERRNO, \
			 "setenv(%s, %s, %d) failed", name, value, overwrite); \
	} while (0)

int safe_fanotify_init(const char *file, const int lineno,
		       unsigned int flags, unsigned int event_f_flags);
#define SAFE_FANOTIFY_INIT(fan, mode) \
	safe_fanotify_init(__FILE__, __LINE__, (fan), (mode))

/* sscanf that must fill every conversion of FMT. */
#define SAFE_SSCANF(buf, fmt, ...) ({ \
	int tst_n_ = sscanf(buf, fmt, ##__VA_ARGS__); \
	if (tst_n_ != tst_count_scanf_conversions(fmt)) \
		tst_brk_(__FILE__, __LINE__, TBROK, \
			 "sscanf(\"%s\", \"%s\") filled %d", buf, fmt, tst_n_); \
	tst_n_; })
int tst_count_scanf_conversions(const char *fmt);

#include "tst_safe_stdio.h"

#endif
