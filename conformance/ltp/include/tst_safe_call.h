/* tst_safe_call.h - the engine under every SAFE_* macro of both APIs: run a
 * call, and if its result means failure report TBROK (with errno) through
 * tst_brkm_(), which in the new API ends the test and in the old one runs
 * the given cleanup first. The call's result is handed back either way
 * (tst_brk returns when called from a cleanup function).
 *
 * SAFEC_<NAME>(cleanup, args...) is each call with an explicit cleanup;
 * tst_safe_macros.h (new API) and old/safe_macros.h (old API) name them. */
#ifndef TST_SAFE_CALL_H__
#define TST_SAFE_CALL_H__

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/time.h>
#include <sys/resource.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/xattr.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <pwd.h>
#include <grp.h>
#include <libgen.h>
#include <sched.h>
#include <errno.h>
#include "tst_res_flags.h"

void tst_brkm_(const char *file, const int lineno, int ttype,
	       void (*func)(void), const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#define TST_FAILS_M1_(r)   ((r) == -1)
#define TST_FAILS_NEG_(r)  ((r) < 0)
#define TST_FAILS_NZ_(r)   ((r) != 0)
#define TST_FAILS_NULL_(r) ((r) == NULL)
#define TST_FAILS_MAP_(r)  ((void *)(r) == MAP_FAILED)

#define TST_SAFE_(CLEANUP, EXPR, FAILS, ...) ({ \
	__typeof__(EXPR) tst_sr_ = (EXPR); \
	if (FAILS(tst_sr_)) \
		tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, CLEANUP, __VA_ARGS__); \
	tst_sr_; })

/* Calls returning -1 on failure. */
#define TST_SAFE_M1_(C, EXPR, ...) TST_SAFE_(C, EXPR, TST_FAILS_M1_, __VA_ARGS__)

#define SAFEC_CHDIR(c, p)        TST_SAFE_M1_(c, chdir(p), "chdir(%s) failed", p)
#define SAFEC_CHROOT(c, p)       TST_SAFE_M1_(c, chroot(p), "chroot(%s) failed", p)
#define SAFEC_CREAT(c, p, m)     TST_SAFE_M1_(c, creat(p, m), "creat(%s,%04o) failed", p, (unsigned)(m))
#define SAFEC_DUP(c, fd)         TST_SAFE_M1_(c, dup(fd), "dup(%i) failed", fd)
#define SAFEC_DUP2(c, a, b)      TST_SAFE_M1_(c, dup2(a, b), "dup2(%i,%i) failed", a, b)
#define SAFEC_MKDIR(c, p, m)     TST_SAFE_M1_(c, mkdir(p, m), "mkdir(%s,%04o) failed", p, (unsigned)(m))
#define SAFEC_RMDIR(c, p)        TST_SAFE_M1_(c, rmdir(p), "rmdir(%s) failed", p)
#define SAFEC_MUNMAP(c, a, l)    TST_SAFE_M1_(c, munmap(a, l), "munmap(%p,%zu) failed", (void *)(a), (size_t)(l))
#define SAFEC_MPROTECT(c, a, l, p) TST_SAFE_M1_(c, mprotect(a, l, p), "mprotect(%p,%zu,%d) failed", (void *)(a), (size_t)(l), p)
/* A function, not the macro pattern: tests name variables "pipe". */
int safe_pipe(const char *file, const int lineno, void (*cleanup_fn)(void),
	      int fildes[2]);
#define SAFEC_PIPE(c, f)         safe_pipe(__FILE__, __LINE__, c, f)
#define SAFEC_PIPE2(c, f, fl)    TST_SAFE_M1_(c, pipe2(f, fl), "pipe2(%d) failed", fl)
#define SAFEC_SETEGID(c, g)      TST_SAFE_M1_(c, setegid(g), "setegid(%u) failed", (unsigned)(g))
#define SAFEC_SETEUID(c, u)      TST_SAFE_M1_(c, seteuid(u), "seteuid(%u) failed", (unsigned)(u))
#define SAFEC_SETGID(c, g)       TST_SAFE_M1_(c, setgid(g), "setgid(%u) failed", (unsigned)(g))
#define SAFEC_SETUID(c, u)       TST_SAFE_M1_(c, setuid(u), "setuid(%u) failed", (unsigned)(u))
#define SAFEC_SETREUID(c, r, e)  TST_SAFE_M1_(c, setreuid(r, e), "setreuid(%d,%d) failed", (int)(r), (int)(e))
#define SAFEC_SETREGID(c, r, e)  TST_SAFE_M1_(c, setregid(r, e), "setregid(%d,%d) failed", (int)(r), (int)(e))
#define SAFEC_SETRESUID(c, r, e, s) TST_SAFE_M1_(c, setresuid(r, e, s), "setresuid(%d,%d,%d) failed", (int)(r), (int)(e), (int)(s))
#define SAFEC_SETRESGID(c, r, e, s) TST_SAFE_M1_(c, setresgid(r, e, s), "setresgid(%d,%d,%d) failed", (int)(r), (int)(e), (int)(s))
#define SAFEC_GETRESUID(c, r, e, s) TST_SAFE_M1_(c, getresuid(r, e, s), "getresuid() failed")
#define SAFEC_GETRESGID(c, r, e, s) TST_SAFE_M1_(c, getresgid(r, e, s), "getresgid() failed")
#define SAFEC_SETGROUPS(c, n, l) TST_SAFE_M1_(c, setgroups(n, l), "setgroups(%d) failed", (int)(n))
#define SAFEC_GETGROUPS(c, n, l) TST_SAFE_M1_(c, getgroups(n, l), "getgroups(%d) failed", (int)(n))
#define SAFEC_SETPGID(c, p, g)   TST_SAFE_M1_(c, setpgid(p, g), "setpgid(%i,%i) failed", (int)(p), (int)(g))
#define SAFEC_GETPGID(c, p)      TST_SAFE_M1_(c, getpgid(p), "getpgid(%i) failed", (int)(p))
#define SAFEC_SETSID(c)          TST_SAFE_M1_(c, setsid(), "setsid() failed")
#define SAFEC_UNLINK(c, p)       TST_SAFE_M1_(c, unlink(p), "unlink(%s) failed", p)
#define SAFEC_LINK(c, a, b)      TST_SAFE_M1_(c, link(a, b), "link(%s,%s) failed", a, b)
#define SAFEC_LINKAT(c, d1, a, d2, b, f) TST_SAFE_M1_(c, linkat(d1, a, d2, b, f), "linkat(%d,%s,%d,%s,%d) failed", d1, a, d2, b, f)
#define SAFEC_SYMLINK(c, a, b)   TST_SAFE_M1_(c, symlink(a, b), "symlink(%s,%s) failed", a, b)
#define SAFEC_CHMOD(c, p, m)     TST_SAFE_M1_(c, chmod(p, m), "chmod(%s,%04o) failed", p, (unsigned)(m))
#define SAFEC_FCHMOD(c, f, m)    TST_SAFE_M1_(c, fchmod(f, m), "fchmod(%d,%04o) failed", f, (unsigned)(m))
#define SAFEC_CHOWN(c, p, u, g)  TST_SAFE_M1_(c, chown(p, u, g), "chown(%s,%d,%d) failed", p, (int)(u), (int)(g))
#define SAFEC_LCHOWN(c, p, u, g) TST_SAFE_M1_(c, lchown(p, u, g), "lchown(%s,%d,%d) failed", p, (int)(u), (int)(g))
#define SAFEC_FCHOWN(c, f, u, g) TST_SAFE_M1_(c, fchown(f, u, g), "fchown(%d,%d,%d) failed", f, (int)(u), (int)(g))
#define SAFEC_WAIT(c, s)         TST_SAFE_M1_(c, wait(s), "wait() failed")
#define SAFEC_WAITPID(c, p, s, o) TST_SAFE_M1_(c, waitpid(p, s, o), "waitpid(%d,%p,%d) failed", (int)(p), (void *)(s), o)
#define SAFEC_KILL(c, p, s)      TST_SAFE_M1_(c, kill(p, s), "kill(%d,%s) failed", (int)(p), tst_strsig(s))
#define SAFEC_MKFIFO(c, p, m)    TST_SAFE_M1_(c, mkfifo(p, m), "mkfifo(%s,%04o) failed", p, (unsigned)(m))
#define SAFEC_RENAME(c, a, b)    TST_SAFE_M1_(c, rename(a, b), "rename(%s,%s) failed", a, b)
#define SAFEC_MKNOD(c, p, m, d)  TST_SAFE_M1_(c, mknod(p, m, d), "mknod(%s,%04o,%lu) failed", p, (unsigned)(m), (unsigned long)(d))
#define SAFEC_FSYNC(c, f)        TST_SAFE_M1_(c, fsync(f), "fsync(%i) failed", f)
#define SAFEC_CLOSEDIR(c, d)     TST_SAFE_M1_(c, closedir(d), "closedir(%p) failed", (void *)(d))
#define SAFEC_UMOUNT(c, t)       TST_SAFE_M1_(c, umount(t), "umount(%s) failed", t)
#define SAFEC_UMOUNT2(c, t, f)   TST_SAFE_M1_(c, umount2(t, f), "umount2(%s,%d) failed", t, f)
#define SAFEC_MLOCK(c, a, l)     TST_SAFE_M1_(c, mlock(a, l), "mlock(%p,%zu) failed", (void *)(a), (size_t)(l))
#define SAFEC_MUNLOCK(c, a, l)   TST_SAFE_M1_(c, munlock(a, l), "munlock(%p,%zu) failed", (void *)(a), (size_t)(l))
#define SAFEC_MINCORE(c, a, l, v) TST_SAFE_M1_(c, mincore(a, l, v), "mincore(%p,%zu) failed", (void *)(a), (size_t)(l))
#define SAFEC_MADVISE(c, a, l, a2) TST_SAFE_M1_(c, madvise(a, l, a2), "madvise(%p,%zu,%d) failed", (void *)(a), (size_t)(l), a2)
#define SAFEC_MSYNC(c, a, l, f)  TST_SAFE_M1_(c, msync(a, l, f), "msync(%p,%zu,%d) failed", (void *)(a), (size_t)(l), f)
#define SAFEC_GETRUSAGE(c, w, u) TST_SAFE_M1_(c, getrusage(w, u), "getrusage(%d) failed", w)
#define SAFEC_SYSINFO(c, i)      TST_SAFE_M1_(c, sysinfo(i), "sysinfo() failed")
#define SAFEC_SETHOSTNAME(c, n, l) TST_SAFE_M1_(c, sethostname(n, l), "sethostname() failed")
#define SAFEC_SETDOMAINNAME(c, n, l) TST_SAFE_M1_(c, setdomainname(n, l), "setdomainname() failed")
#define SAFEC_GETHOSTNAME(c, n, l) TST_SAFE_M1_(c, gethostname(n, l), "gethostname() failed")
#define SAFEC_UNSHARE(c, f)      TST_SAFE_M1_(c, unshare(f), "unshare(%d) failed", f)
#define SAFEC_SETNS(c, f, t)     TST_SAFE_M1_(c, setns(f, t), "setns(%d,%d) failed", f, t)
#define SAFEC_ACCESS(c, p, m)    TST_SAFE_M1_(c, access(p, m), "access(%s,%d) failed", p, m)
#define SAFEC_SETXATTR(c, p, n, v, s, f)  TST_SAFE_M1_(c, setxattr(p, n, v, s, f), "setxattr(%s,%s) failed", p, n)
#define SAFEC_LSETXATTR(c, p, n, v, s, f) TST_SAFE_M1_(c, lsetxattr(p, n, v, s, f), "lsetxattr(%s,%s) failed", p, n)
#define SAFEC_FSETXATTR(c, d, n, v, s, f) TST_SAFE_M1_(c, fsetxattr(d, n, v, s, f), "fsetxattr(%d,%s) failed", d, n)
#define SAFEC_GETXATTR(c, p, n, v, s)     TST_SAFE_M1_(c, getxattr(p, n, v, s), "getxattr(%s,%s) failed", p, n)
#define SAFEC_REMOVEXATTR(c, p, n)  TST_SAFE_M1_(c, removexattr(p, n), "removexattr(%s,%s) failed", p, n)
#define SAFEC_LREMOVEXATTR(c, p, n) TST_SAFE_M1_(c, lremovexattr(p, n), "lremovexattr(%s,%s) failed", p, n)
#define SAFEC_FREMOVEXATTR(c, d, n) TST_SAFE_M1_(c, fremovexattr(d, n), "fremovexattr(%d,%s) failed", d, n)
#define SAFEC_SIGACTION(c, s, a, o) TST_SAFE_M1_(c, sigaction(s, a, o), "sigaction(%s) failed", tst_strsig(s))
#define SAFEC_SIGADDSET(c, s, n)    TST_SAFE_M1_(c, sigaddset(s, n), "sigaddset(%d) failed", n)
#define SAFEC_SIGDELSET(c, s, n)    TST_SAFE_M1_(c, sigdelset(s, n), "sigdelset(%d) failed", n)
#define SAFEC_SIGEMPTYSET(c, s)     TST_SAFE_M1_(c, sigemptyset(s), "sigemptyset() failed")
#define SAFEC_SIGFILLSET(c, s)      TST_SAFE_M1_(c, sigfillset(s), "sigfillset() failed")
#define SAFEC_SIGPROCMASK(c, h, s, o) TST_SAFE_M1_(c, sigprocmask(h, s, o), "sigprocmask(%d) failed", h)
#define SAFEC_FTRUNCATE(c, f, l) TST_SAFE_M1_(c, ftruncate(f, l), "ftruncate(%d,%lld) failed", f, (long long)(l))
#define SAFEC_TRUNCATE(c, p, l)  TST_SAFE_M1_(c, truncate(p, l), "truncate(%s,%lld) failed", p, (long long)(l))
#define SAFEC_STAT(c, p, b)      TST_SAFE_M1_(c, stat(p, b), "stat(%s,%p) failed", p, (void *)(b))
#define SAFEC_FSTAT(c, f, b)     TST_SAFE_M1_(c, fstat(f, b), "fstat(%d,%p) failed", f, (void *)(b))
#define SAFEC_LSTAT(c, p, b)     TST_SAFE_M1_(c, lstat(p, b), "lstat(%s,%p) failed", p, (void *)(b))
#define SAFEC_STATFS(c, p, b)    TST_SAFE_M1_(c, statfs(p, b), "statfs(%s,%p) failed", p, (void *)(b))
#define SAFEC_STATVFS(c, p, b)   TST_SAFE_M1_(c, statvfs(p, b), "statvfs(%s,%p) failed", p, (void *)(b))
#define SAFEC_LSEEK(c, f, o, w)  TST_SAFE_M1_(c, lseek(f, o, w), "lseek(%d,%lld,%d) failed", f, (long long)(o), w)
#define SAFEC_GETRLIMIT(c, r, l) TST_SAFE_M1_(c, getrlimit(r, l), "getrlimit(%d,%p) failed", (int)(r), (void *)(l))
#define SAFEC_SETRLIMIT(c, r, l) TST_SAFE_M1_(c, setrlimit(r, l), "setrlimit(%d,%p) failed", (int)(r), (void *)(l))
#define SAFEC_GETPRIORITY(c, w, i) ({ errno = 0; int tst_p_ = getpriority(w, i); \
	if (errno) tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, c, \
			     "getpriority(%d,%d) failed", w, (int)(i)); tst_p_; })
#define SAFEC_SETPRIORITY(c, w, i, p) TST_SAFE_M1_(c, setpriority(w, i, p), "setpriority(%d,%d,%d) failed", w, (int)(i), p)
#define SAFEC_PERSONALITY(c, p)  TST_SAFE_M1_(c, personality(p), "personality(%lu) failed", (unsigned long)(p))
#define SAFEC_PRCTL(c, o, ...)   TST_SAFE_M1_(c, prctl(o, ##__VA_ARGS__), "prctl(%d) failed", o)
#define SAFEC_FCNTL(c, fd, cmd, ...) TST_SAFE_M1_(c, fcntl(fd, cmd, ##__VA_ARGS__), "fcntl(%i,%s,...) failed", fd, #cmd)
#define SAFEC_IOCTL(c, fd, req, ...) TST_SAFE_(c, ioctl(fd, req, ##__VA_ARGS__), TST_FAILS_NEG_, "ioctl(%i,%s,...) failed", fd, #req)
#define SAFEC_MOUNT(c, s, t, f, fl, d) TST_SAFE_M1_(c, mount(s, t, f, fl, d), "mount(%s, %s, %s, %lu, %p) failed", s, t, f, (unsigned long)(fl), (const void *)(d))

/* Calls returning NULL on failure. */
#define TST_SAFE_NULL_(C, EXPR, ...) TST_SAFE_(C, EXPR, TST_FAILS_NULL_, __VA_ARGS__)

#define SAFEC_MALLOC(c, s)       TST_SAFE_NULL_(c, malloc(s), "malloc(%zu) failed", (size_t)(s))
#define SAFEC_CALLOC(c, n, s)    TST_SAFE_NULL_(c, calloc(n, s), "calloc(%zu,%zu) failed", (size_t)(n), (size_t)(s))
#define SAFEC_REALLOC(c, p, s)   TST_SAFE_NULL_(c, realloc(p, s), "realloc(%zu) failed", (size_t)(s))
#define SAFEC_STRDUP(c, s)       TST_SAFE_NULL_(c, strdup(s), "strdup() failed")
#define SAFEC_MEMALIGN(c, a, s)  TST_SAFE_NULL_(c, memalign(a, s), "memalign(%zu,%zu) failed", (size_t)(a), (size_t)(s))
#define SAFEC_GETCWD(c, b, s)    TST_SAFE_NULL_(c, getcwd(b, s), "getcwd(%p,%zu) failed", (void *)(b), (size_t)(s))
#define SAFEC_BASENAME(c, p)     TST_SAFE_NULL_(c, basename(p), "basename(%s) failed", p)
#define SAFEC_DIRNAME(c, p)      TST_SAFE_NULL_(c, dirname(p), "dirname(%s) failed", p)
#define SAFEC_OPENDIR(c, n)      TST_SAFE_NULL_(c, opendir(n), "opendir(%s) failed", n)
#define SAFEC_GETPWNAM(c, n)     TST_SAFE_NULL_(c, getpwnam(n), "getpwnam(%s) failed", n)
#define SAFEC_GETPWUID(c, u)     TST_SAFE_NULL_(c, getpwuid(u), "getpwuid(%d) failed", (int)(u))
#define SAFEC_GETGRNAM(c, n)     TST_SAFE_NULL_(c, getgrnam(n), "getgrnam(%s) failed", n)
#define SAFEC_GETGRGID(c, g)     TST_SAFE_NULL_(c, getgrgid(g), "getgrgid(%d) failed", (int)(g))
#define SAFEC_MMAP(c, a, l, p, f, fd, o) TST_SAFE_(c, mmap(a, l, p, f, fd, o), TST_FAILS_MAP_, \
	"mmap(%p,%zu,%d,%d,%d,%lld) failed", (void *)(a), (size_t)(l), p, f, fd, (long long)(o))

/* readdir returns NULL at the end too: only a changed errno is a failure. */
#define SAFEC_READDIR(c, d) ({ int tst_e_ = errno; errno = 0; \
	struct dirent *tst_d_ = readdir(d); \
	if (!tst_d_ && errno) \
		tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, c, "readdir(%p) failed", (void *)(d)); \
	if (tst_d_ || !errno) errno = tst_e_; tst_d_; })

#define SAFEC_SIGNAL(c, s, h) ({ __sighandler_t tst_h_ = signal(s, h); \
	if (tst_h_ == SIG_ERR) \
		tst_brkm_(__FILE__, __LINE__, TBROK | TERRNO, c, "signal(%d,%p) failed", s, (void *)(h)); \
	tst_h_; })

/* open() with an optional mode; static so that a test built with
 * _FILE_OFFSET_BITS=64 gets open64 (O_LARGEFILE) as LTP's would. */
#include <stdarg.h>
static inline __attribute__((unused)) int
safe_open(const char *file, const int lineno, void (*cleanup_fn)(void),
	  const char *pathname, int oflags, ...)
{
	va_list ap;
	mode_t mode;
	int fd;

	va_start(ap, oflags);
	mode = va_arg(ap, int);
	va_end(ap);
	fd = open(pathname, oflags, mode);
	if (fd == -1)
		tst_brkm_(file, lineno, TBROK | TERRNO, cleanup_fn,
			  "open(%s,%d,%04o) failed", pathname, oflags,
			  (unsigned)mode);
	return fd;
}
#define SAFEC_OPEN(c, p, fl, ...) safe_open(__FILE__, __LINE__, c, p, fl, ##__VA_ARGS__)

/* SAFE_WRITE's and SAFE_READ's first argument: is a short count an error? */
enum safe_write_opt {
	SAFE_WRITE_ANY = 0,   /* no: partial writes are fine */
	SAFE_WRITE_ALL = 1,   /* yes: all bytes or TBROK */
	SAFE_WRITE_RETRY = 2, /* retry partial writes until all are written */
};

ssize_t safe_read(const char *file, const int lineno, void (*cleanup_fn)(void),
		  char len_strict, int fildes, void *buf, size_t nbyte);
ssize_t safe_write(const char *file, const int lineno, void (*cleanup_fn)(void),
		   int len_strict, int fildes, const void *buf, size_t nbyte);
int safe_close(const char *file, const int lineno, void (*cleanup_fn)(void),
	       int fildes);
ssize_t safe_readlink(const char *file, const int lineno,
		      void (*cleanup_fn)(void), const char *path, char *buf,
		      size_t bufsize);
long safe_strtol(const char *file, const int lineno, void (*cleanup_fn)(void),
		 char *str, long min, long max);
unsigned long safe_strtoul(const char *file, const int lineno,
			   void (*cleanup_fn)(void), char *str,
			   unsigned long min, unsigned long max);
float safe_strtof(const char *file, const int lineno, void (*cleanup_fn)(void),
		  char *str, float min, float max);
long safe_sysconf(const char *file, const int lineno, void (*cleanup_fn)(void),
		  int name);
pid_t safe_fork(const char *filename, unsigned int lineno);

#define SAFEC_READ(c, strict, fd, b, n)  safe_read(__FILE__, __LINE__, c, strict, fd, b, n)
#define SAFEC_WRITE(c, strict, fd, b, n) safe_write(__FILE__, __LINE__, c, strict, fd, b, n)
#define SAFEC_READLINK(c, p, b, s) safe_readlink(__FILE__, __LINE__, c, p, b, s)
#define SAFEC_STRTOL(c, s, lo, hi)  safe_strtol(__FILE__, __LINE__, c, s, lo, hi)
#define SAFEC_STRTOUL(c, s, lo, hi) safe_strtoul(__FILE__, __LINE__, c, s, lo, hi)
#define SAFEC_STRTOF(c, s, lo, hi)  safe_strtof(__FILE__, __LINE__, c, s, lo, hi)
#define SAFEC_SYSCONF(c, n)         safe_sysconf(__FILE__, __LINE__, c, n)

const char *tst_strsig(int sig);

#endif
