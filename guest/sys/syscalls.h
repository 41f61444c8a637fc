/*
 * syscalls.h - the system-call handlers, by the file that implements them.
 * syscall.c puts them in its table; each takes the arguments it uses, in
 * Linux i386 order (ebx, ecx, edx, esi, edi, ebp), and returns the result
 * or a negative errno.
 */
#ifndef GUEST_SYSCALLS_H
#define GUEST_SYSCALLS_H

#include <stdint.h>

/* exit.c */
long sys_exit(int code);
long sys_exit_group(int code);
long sys_wait4(int pid, uint32_t ustatus, uint32_t options, uint32_t urusage);
long sys_waitpid(int pid, uint32_t ustatus, uint32_t options);
long sys_waitid(int idtype, int id, uint32_t uinfo, uint32_t options, uint32_t urusage);

/* pidfd.c */
long sys_pidfd_open(int pid, uint32_t flags);

/* futex.c */
long sys_futex(uint32_t uaddr, int op, uint32_t val, uint32_t utime, uint32_t uaddr2, uint32_t val3);
long sys_futex_time64(uint32_t uaddr, int op, uint32_t val, uint32_t utime, uint32_t uaddr2, uint32_t val3);
long sys_futex_waitv(uint32_t uwaitv, uint32_t nr, uint32_t flags, uint32_t utime, int clockid);

/* fork.c */
long sys_clone(uint32_t flags, uint32_t newsp, uint32_t ptid, uint32_t tls, uint32_t ctid);
long sys_fork(void);
long sys_vfork(void);

/* signal.c */
long sys_rt_sigreturn(void);
long sys_sigreturn(void);

/* sys_file.c */
long sys__llseek(int fd, uint32_t hi, uint32_t lo, uint32_t uresult, int whence);
long sys_close(int fd);
long sys_creat(uint32_t upath, uint32_t mode);
long sys_dup(int fd);
long sys_dup2(int oldfd, int newfd);
long sys_dup3(int oldfd, int newfd, uint32_t flags);
long sys_fcntl(int fd, int cmd, uint32_t arg);
long sys_fcntl64(int fd, int cmd, uint32_t arg);
long sys_getdents64(int fd, uint32_t ubuf, uint32_t n);
long sys_ioctl(int fd, uint32_t cmd, uint32_t arg);
long sys_lseek(int fd, int32_t off, int whence);
long sys_open(uint32_t upath, uint32_t flags, uint32_t mode);
long sys_openat(int dirfd, uint32_t upath, uint32_t flags, uint32_t mode);
long sys_pipe(uint32_t ufds);
long sys_pipe2(uint32_t ufds, uint32_t flags);
long sys_pread64(int fd, uint32_t ubuf, uint32_t n, uint32_t lo, uint32_t hi);
long sys_pwrite64(int fd, uint32_t ubuf, uint32_t n, uint32_t lo, uint32_t hi);
long sys_read(int fd, uint32_t ubuf, uint32_t n);
long sys_readv(int fd, uint32_t uiov, int cnt);
long sys_sendfile(int out_fd, int in_fd, uint32_t uoff, uint32_t count);
long sys_sendfile64(int out_fd, int in_fd, uint32_t uoff, uint32_t count);
long sys_write(int fd, uint32_t ubuf, uint32_t n);
long sys_writev(int fd, uint32_t uiov, int cnt);

/* sys_fs.c */
long sys_statfs(uint32_t upath, uint32_t ubuf);
/* sys_mount.c */
long sys_mount(uint32_t usource, uint32_t utarget, uint32_t utype, uint32_t flags,
	       uint32_t udata);
long sys_umount(uint32_t utarget);
long sys_umount2(uint32_t utarget, uint32_t flags);
long sys_sync(void);
long sys_fsync(int fd);
long sys_fstatfs(int fd, uint32_t ubuf);
long sys_statfs64(uint32_t upath, uint32_t size, uint32_t ubuf);
long sys_fstatfs64(int fd, uint32_t size, uint32_t ubuf);
long sys_access(uint32_t upath, uint32_t mode);
long sys_chdir(uint32_t upath);
long sys_chmod(uint32_t upath, uint32_t mode);
long sys_chown(uint32_t upath, uint32_t uid, uint32_t gid);
long sys_faccessat(int dirfd, uint32_t upath, uint32_t mode);
long sys_faccessat2(int dirfd, uint32_t upath, uint32_t mode, uint32_t flags);
long sys_fchdir(int fd);
long sys_fchmod(int fd, uint32_t mode);
long sys_fchmodat(int dirfd, uint32_t upath, uint32_t mode);
long sys_fchown(int fd, uint32_t uid, uint32_t gid);
long sys_fchownat(int dirfd, uint32_t upath, uint32_t uid, uint32_t gid, uint32_t flags);
long sys_fstat64(int fd, uint32_t ubuf);
long sys_fstatat64(int dirfd, uint32_t upath, uint32_t ubuf, uint32_t flags);
long sys_ftruncate(int fd, uint32_t len);
long sys_ftruncate64(int fd, uint32_t lo, uint32_t hi);
long sys_getcwd(uint32_t ubuf, uint32_t size);
long sys_ignore_ok(void);
long sys_getpriority(int which, int who);
/* sys_cred.c: user and group ids (the *16 are i386's first, 16-bit calls) */
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
long sys_getuid16(void);
long sys_geteuid16(void);
long sys_getgid16(void);
long sys_getegid16(void);
long sys_setuid(uint32_t u);
long sys_setgid(uint32_t g);
long sys_setuid16(uint32_t u);
long sys_setgid16(uint32_t g);
long sys_setreuid(uint32_t r, uint32_t e);
long sys_setregid(uint32_t r, uint32_t e);
long sys_setreuid16(uint32_t r, uint32_t e);
long sys_setregid16(uint32_t r, uint32_t e);
long sys_setresuid(uint32_t r, uint32_t e, uint32_t s);
long sys_setresgid(uint32_t r, uint32_t e, uint32_t s);
long sys_setresuid16(uint32_t r, uint32_t e, uint32_t s);
long sys_setresgid16(uint32_t r, uint32_t e, uint32_t s);
long sys_setfsuid(uint32_t u);
long sys_setfsgid(uint32_t g);
long sys_setfsuid16(uint32_t u);
long sys_setfsgid16(uint32_t g);
long sys_getresuid(uint32_t a, uint32_t b, uint32_t c);
long sys_getresgid(uint32_t a, uint32_t b, uint32_t c);
long sys_getresuid16(uint32_t a, uint32_t b, uint32_t c);
long sys_getresgid16(uint32_t a, uint32_t b, uint32_t c);
long sys_getgroups(int n, uint32_t ulist);
long sys_getgroups16(int n, uint32_t ulist);
long sys_setgroups(int n, uint32_t ulist);
long sys_setgroups16(int n, uint32_t ulist);
long sys_syslog(int type, char *ubuf, int len);            /* klog.c */
long sys_lchown(uint32_t upath, uint32_t uid, uint32_t gid);
long sys_link(uint32_t oldp, uint32_t newp);
long sys_linkat(int olddir, uint32_t oldp, int newdir, uint32_t newp, uint32_t flags);
long sys_lstat64(uint32_t upath, uint32_t ubuf);
long sys_mkdir(uint32_t upath, uint32_t mode);
long sys_mkdirat(int dirfd, uint32_t upath, uint32_t mode);
long sys_mknod(uint32_t upath, uint32_t mode, uint32_t dev);
long sys_mknodat(int dirfd, uint32_t upath, uint32_t mode, uint32_t dev);
long sys_readlink(uint32_t upath, uint32_t ubuf, uint32_t n);
long sys_readlinkat(int dirfd, uint32_t upath, uint32_t ubuf, uint32_t n);
long sys_rename(uint32_t oldp, uint32_t newp);
long sys_renameat(int olddir, uint32_t oldp, int newdir, uint32_t newp);
long sys_renameat2(int olddir, uint32_t oldp, int newdir, uint32_t newp, uint32_t flags);
long sys_rmdir(uint32_t upath);
long sys_stat64(uint32_t upath, uint32_t ubuf);
long sys_statx(int dirfd, uint32_t upath, uint32_t flags, uint32_t mask, uint32_t ubuf);
long sys_symlink(uint32_t target, uint32_t linkp);
long sys_symlinkat(uint32_t target, int dirfd, uint32_t linkp);
long sys_truncate(uint32_t upath, uint32_t len);
long sys_truncate64(uint32_t upath, uint32_t lo, uint32_t hi);
long sys_unlink(uint32_t upath);
long sys_unlinkat(int dirfd, uint32_t upath, uint32_t flags);
long sys_utime(uint32_t upath, uint32_t ubuf);
long sys_utimensat(int dirfd, uint32_t upath, uint32_t utimes, uint32_t flags);
long sys_utimensat_time64(int dirfd, uint32_t upath, uint32_t utimes, uint32_t flags);
long sys_utimes(uint32_t upath, uint32_t utv);

/* sys_caps.c: capabilities */
long sys_capget(uint32_t uhdr, uint32_t udata);
long sys_capset(uint32_t uhdr, uint32_t udata);
long prctl_caps(int option, uint32_t arg2);    /* the capability options, or -EINVAL */

/* sys_mem.c */
long sys_brk(uint32_t newbrk);
long sys_mmap2(uint32_t addr, uint32_t len, uint32_t prot, uint32_t flags, int fd, uint32_t pgoff);
long sys_mprotect(uint32_t addr, uint32_t len, uint32_t prot);
long sys_mremap(void);
long sys_munmap(uint32_t addr, uint32_t len);
long sys_old_mmap(uint32_t uargs);

/* sys_poll.c */
long sys__newselect(int nfds, uint32_t uin, uint32_t uout, uint32_t uex, uint32_t utv);
long sys_poll(uint32_t ufds, uint32_t n, int timeout_ms);
long sys_ppoll(uint32_t ufds, uint32_t n, uint32_t uts, uint32_t umask, uint32_t size);
long sys_ppoll_time64(uint32_t ufds, uint32_t n, uint32_t uts, uint32_t umask, uint32_t size);
long sys_pselect6(int nfds, uint32_t uin, uint32_t uout, uint32_t uex, uint32_t uts, uint32_t usig);
long sys_pselect6_time64(int nfds, uint32_t uin, uint32_t uout, uint32_t uex, uint32_t uts, uint32_t usig);

/* sys_proc.c */
long sys_chroot(uint32_t upath);
long sys_execve(uint32_t upath, uint32_t uargv, uint32_t uenvp);
long sys_getpgid(int pid);
long sys_getpgrp(void);
long sys_getpid(void);
long sys_getppid(void);
long sys_getrandom(uint32_t ubuf, uint32_t len, uint32_t flags);
long sys_getsid(int pid);
long sys_gettid(void);
long sys_prctl(int option, uint32_t arg2);
long sys_rt_sigtimedwait(uint32_t uset, uint32_t uinfo, uint32_t uts, uint32_t size);
long sys_rt_sigtimedwait_time64(uint32_t uset, uint32_t uinfo, uint32_t uts, uint32_t size);
long sys_prlimit64(int pid, int resource, uint32_t unew, uint32_t uold);
long sys_sched_yield(void);
long sys_set_robust_list(uint32_t head, uint32_t len);
long sys_get_robust_list(int tid, uint32_t uhead, uint32_t ulen);
long sys_sched_getaffinity(int pid, uint32_t len, uint32_t umask);
long sys_sched_setaffinity(int pid, uint32_t len, uint32_t umask);
long sys_set_tid_address(uint32_t uaddr);
long sys_setpgid(int pid, int pgid);
long sys_setrlimit(int resource, uint32_t unew);
long sys_setsid(void);
long sys_sysinfo(uint32_t ubuf);
long sys_times(uint32_t ubuf);
long sys_ugetrlimit(int resource, uint32_t uold);
long sys_umask(uint32_t mask);
long sys_uname(uint32_t ubuf);

/* sys_signal.c */
long sys_kill(int pid, int sig);
long sys_pidfd_send_signal(int pidfd, int sig, uint32_t uinfo, uint32_t flags);
long sys_pause(void);
long sys_rt_sigaction(int sig, uint32_t uact, uint32_t uold, uint32_t size);
long sys_rt_sigpending(uint32_t uset, uint32_t size);
long sys_rt_sigprocmask(int how, uint32_t uset, uint32_t uold, uint32_t size);
long sys_rt_sigsuspend(uint32_t umask, uint32_t size);
long sys_sigaltstack(uint32_t unew, uint32_t uold);
long sys_sigprocmask(int how, uint32_t uset, uint32_t uold);
long sys_tgkill(int tgid, int tid, int sig);
long sys_tkill(int tid, int sig);

/* sys_time.c */
long sys_alarm(uint32_t seconds);
long sys_clock_getres(int clk, uint32_t uts);
long sys_clock_getres64(int clk, uint32_t uts);
long sys_clock_settime(int clk, uint32_t uts);
long sys_clock_settime64(int clk, uint32_t uts);
long sys_settimeofday(uint32_t utv, uint32_t utz);
long sys_getrusage(int who, uint32_t uru);
long sys_personality(uint32_t persona);
long sys_old_select(uint32_t uargs);
long sys_msync(uint32_t addr, uint32_t len, uint32_t flags);
long sys_mlock(uint32_t addr, uint32_t len);
long sys_mlock2(uint32_t addr, uint32_t len, uint32_t flags);
long sys_munlock(uint32_t addr, uint32_t len);
long sys_mlockall(uint32_t flags);
long sys_munlockall(void);
long sys_fallocate(int fd, int mode, uint32_t off_lo, uint32_t off_hi, uint32_t len_lo,
                   uint32_t len_hi);
long sys_setxattr(uint32_t p, uint32_t n, uint32_t v, uint32_t s, int fl);
long sys_lsetxattr(uint32_t p, uint32_t n, uint32_t v, uint32_t s, int fl);
long sys_fsetxattr(int fd, uint32_t n, uint32_t v, uint32_t s, int fl);
long sys_getxattr(uint32_t p, uint32_t n, uint32_t v, uint32_t s);
long sys_lgetxattr(uint32_t p, uint32_t n, uint32_t v, uint32_t s);
long sys_fgetxattr(int fd, uint32_t n, uint32_t v, uint32_t s);
long sys_listxattr(uint32_t p, uint32_t l, uint32_t s);
long sys_llistxattr(uint32_t p, uint32_t l, uint32_t s);
long sys_flistxattr(int fd, uint32_t l, uint32_t s);
long sys_removexattr(uint32_t p, uint32_t n);
long sys_lremovexattr(uint32_t p, uint32_t n);
long sys_fremovexattr(int fd, uint32_t n);
long sys_clock_gettime(int clk, uint32_t uts);
long sys_clock_gettime64(int clk, uint32_t uts);
long sys_clock_nanosleep(int clk, int flags, uint32_t ureq, uint32_t urem);
long sys_clock_nanosleep64(int clk, int flags, uint32_t ureq, uint32_t urem);
long sys_gettimeofday(uint32_t utv, uint32_t utz);
long sys_nanosleep(uint32_t ureq, uint32_t urem);
long sys_flock(int fd, int op);
long sys_restart_syscall(void);
long sys_setitimer(int which, uint32_t unew, uint32_t uold);
long sys_getitimer(int which, uint32_t uval);
long sys_time(uint32_t ut);

/* tls.c */
long sys_get_thread_area(uint32_t uinfo);
long sys_set_thread_area(uint32_t uinfo);

/* ldt.c */
long sys_modify_ldt(int func, uint32_t ptr, uint32_t bytecount);

#endif /* GUEST_SYSCALLS_H */
