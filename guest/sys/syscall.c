/*
 * syscall.c - the int $0x80 entry: Linux i386 system-call numbers to
 * handlers, and the way back to user mode.
 *
 * Arguments arrive in ebx, ecx, edx, esi, edi, ebp and the result leaves
 * in eax, negative errno on failure.  The handler masks events first: the
 * kernel is not preemptible, and event handlers may then only interrupt
 * user mode or the idle loop.  An unknown number returns -ENOSYS and is
 * logged once, in the kernel log (dmesg), not on the console.  user_return is the common exit of system calls, faults and
 * events that interrupted user mode: switch if the scheduler says the
 * slice is over (sched.c), then deliver signals (which may restart the
 * call or end the process).
 */
#include "proc/proc.h"
#include "sys/syscalls.h"
#include "net/net_linux.h"
#include "net/sys_socket.h"
#include "ipc/sys_ipc.h"
#include "kernel.h"
#include "lib/klib.h"

typedef long (*syscall_fn)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);

/* Handlers take as many arguments as they use; the cast through a
 * generic function pointer says so to the compiler. */
#define SYS(nr, fn) [NR_##nr] = (syscall_fn)(void (*)(void))(fn)

/* Known, deliberately not implemented (glibc copes): no log line. */
static long sys_nosys(void)
{
	return -ENOSYS;
}

static const syscall_fn table[NR_SYSCALLS] = {
	SYS(exit, sys_exit), SYS(fork, sys_fork), SYS(read, sys_read),
	SYS(write, sys_write), SYS(open, sys_open), SYS(close, sys_close),
	SYS(waitpid, sys_waitpid), SYS(creat, sys_creat), SYS(unlink, sys_unlink),
	SYS(execve, sys_execve), SYS(chdir, sys_chdir), SYS(time, sys_time),
	SYS(chmod, sys_chmod), SYS(lchown, sys_lchown), SYS(lseek, sys_lseek),
	SYS(getpid, sys_getpid), SYS(setuid, sys_setuid16), SYS(getuid, sys_getuid16),
	SYS(alarm, sys_alarm), SYS(pause, sys_pause), SYS(access, sys_access),
	SYS(sync, sys_sync), SYS(kill, sys_kill), SYS(rename, sys_rename),
	SYS(mkdir, sys_mkdir), SYS(rmdir, sys_rmdir), SYS(dup, sys_dup),
	SYS(pipe, sys_pipe), SYS(times, sys_times), SYS(brk, sys_brk),
	SYS(setgid, sys_setgid16), SYS(getgid, sys_getgid16), SYS(geteuid, sys_geteuid16),
	SYS(getegid, sys_getegid16), SYS(ioctl, sys_ioctl), SYS(fcntl, sys_fcntl),
	SYS(setpgid, sys_setpgid), SYS(umask, sys_umask), SYS(dup2, sys_dup2),
	SYS(getppid, sys_getppid), SYS(getpgrp, sys_getpgrp), SYS(setsid, sys_setsid),
	SYS(setrlimit, sys_setrlimit), SYS(gettimeofday, sys_gettimeofday),
	SYS(symlink, sys_symlink), SYS(readlink, sys_readlink),
	SYS(mmap, sys_old_mmap),
	SYS(munmap, sys_munmap), SYS(truncate, sys_truncate),
	SYS(ftruncate, sys_ftruncate), SYS(fchmod, sys_fchmod), SYS(fchown, sys_fchown),
	SYS(setitimer, sys_setitimer), SYS(getitimer, sys_getitimer), SYS(wait4, sys_wait4),
	SYS(waitid, sys_waitid), SYS(pidfd_open, sys_pidfd_open),
	SYS(pidfd_send_signal, sys_pidfd_send_signal),
	SYS(sysinfo, sys_sysinfo),
	SYS(fsync, sys_fsync), SYS(sigreturn, sys_sigreturn), SYS(clone, sys_clone),
	SYS(uname, sys_uname), SYS(mprotect, sys_mprotect),
	SYS(sigprocmask, sys_sigprocmask), SYS(getpgid, sys_getpgid),
	SYS(fchdir, sys_fchdir), SYS(_llseek, sys__llseek), SYS(_newselect, sys__newselect),
	SYS(readv, sys_readv), SYS(writev, sys_writev), SYS(getsid, sys_getsid),
	SYS(fdatasync, sys_fsync), SYS(sched_yield, sys_sched_yield),
	SYS(nanosleep, sys_nanosleep), SYS(mremap, sys_mremap), SYS(poll, sys_poll),
	SYS(prctl, sys_prctl), SYS(rt_sigreturn, sys_rt_sigreturn),
	SYS(rt_sigaction, sys_rt_sigaction), SYS(rt_sigprocmask, sys_rt_sigprocmask),
	SYS(rt_sigpending, sys_rt_sigpending), SYS(rt_sigsuspend, sys_rt_sigsuspend),
	SYS(pread64, sys_pread64), SYS(pwrite64, sys_pwrite64), SYS(chown, sys_chown),
	SYS(getcwd, sys_getcwd), SYS(sigaltstack, sys_sigaltstack), SYS(vfork, sys_vfork),
	SYS(capget, sys_capget), SYS(capset, sys_capset),
	SYS(ugetrlimit, sys_ugetrlimit), SYS(mmap2, sys_mmap2),
	SYS(truncate64, sys_truncate64), SYS(ftruncate64, sys_ftruncate64),
	SYS(stat64, sys_stat64), SYS(lstat64, sys_lstat64), SYS(fstat64, sys_fstat64),
	SYS(lchown32, sys_lchown), SYS(getuid32, sys_getuid), SYS(getgid32, sys_getgid),
	SYS(geteuid32, sys_geteuid), SYS(getegid32, sys_getegid),
	SYS(setreuid32, sys_setreuid), SYS(setregid32, sys_setregid),
	SYS(getgroups32, sys_getgroups), SYS(setgroups32, sys_setgroups),
	SYS(fchown32, sys_fchown), SYS(setresuid32, sys_setresuid),
	SYS(getresuid32, sys_getresuid), SYS(setresgid32, sys_setresgid),
	SYS(getresgid32, sys_getresgid), SYS(chown32, sys_chown),
	SYS(setuid32, sys_setuid), SYS(setgid32, sys_setgid),
	SYS(madvise, sys_ignore_ok), SYS(getdents64, sys_getdents64),
	SYS(fcntl64, sys_fcntl64), SYS(gettid, sys_gettid), SYS(tkill, sys_tkill),
	SYS(set_thread_area, sys_set_thread_area), SYS(get_thread_area, sys_get_thread_area),
	SYS(modify_ldt, sys_modify_ldt),
	SYS(fadvise64, sys_ignore_ok), SYS(exit_group, sys_exit_group),
	SYS(set_tid_address, sys_set_tid_address), SYS(clock_gettime, sys_clock_gettime),
	SYS(clock_getres, sys_clock_getres), SYS(clock_nanosleep, sys_clock_nanosleep),
	SYS(tgkill, sys_tgkill), SYS(fadvise64_64, sys_ignore_ok),
	SYS(openat, sys_openat), SYS(mkdirat, sys_mkdirat), SYS(fchownat, sys_fchownat),
	SYS(fstatat64, sys_fstatat64), SYS(unlinkat, sys_unlinkat),
	SYS(renameat, sys_renameat), SYS(symlinkat, sys_symlinkat),
	SYS(readlinkat, sys_readlinkat), SYS(fchmodat, sys_fchmodat),
	SYS(faccessat, sys_faccessat), SYS(pselect6, sys_pselect6), SYS(ppoll, sys_ppoll),
	SYS(set_robust_list, sys_set_robust_list), SYS(utimensat, sys_utimensat),
	SYS(dup3, sys_dup3), SYS(pipe2, sys_pipe2), SYS(prlimit64, sys_prlimit64),
	SYS(renameat2, sys_renameat2), SYS(getrandom, sys_getrandom), SYS(statx, sys_statx),
	SYS(clock_gettime64, sys_clock_gettime64), SYS(clock_settime, sys_clock_settime),
	SYS(clock_settime64, sys_clock_settime64), SYS(settimeofday, sys_settimeofday),
	SYS(clock_getres_time64, sys_clock_getres64), SYS(getrusage, sys_getrusage),
	SYS(personality, sys_personality), SYS(select, sys_old_select),
	SYS(msync, sys_msync), SYS(mlock, sys_mlock), SYS(munlock, sys_munlock),
	SYS(mlock2, sys_mlock2),
	SYS(mlockall, sys_mlockall), SYS(munlockall, sys_munlockall),
	SYS(fallocate, sys_fallocate),
	SYS(setxattr, sys_setxattr), SYS(lsetxattr, sys_lsetxattr),
	SYS(fsetxattr, sys_fsetxattr), SYS(getxattr, sys_getxattr),
	SYS(lgetxattr, sys_lgetxattr), SYS(fgetxattr, sys_fgetxattr),
	SYS(listxattr, sys_listxattr), SYS(llistxattr, sys_llistxattr),
	SYS(flistxattr, sys_flistxattr), SYS(removexattr, sys_removexattr),
	SYS(lremovexattr, sys_lremovexattr), SYS(fremovexattr, sys_fremovexattr),
	SYS(clock_nanosleep_time64, sys_clock_nanosleep64),
	SYS(utimensat_time64, sys_utimensat_time64), SYS(pselect6_time64, sys_pselect6_time64),
	SYS(ppoll_time64, sys_ppoll_time64), SYS(faccessat2, sys_faccessat2),
	SYS(syncfs, sys_fsync), SYS(getpriority, sys_getpriority),
	SYS(setpriority, sys_ignore_ok), SYS(rseq, sys_nosys), SYS(clone3, sys_nosys),
	SYS(link, sys_link), SYS(linkat, sys_linkat),
	SYS(mknod, sys_mknod), SYS(mknodat, sys_mknodat), SYS(utime, sys_utime),
	SYS(utimes, sys_utimes),
	SYS(statfs, sys_statfs), SYS(fstatfs, sys_fstatfs), SYS(statfs64, sys_statfs64),
	SYS(fstatfs64, sys_fstatfs64), SYS(syslog, sys_syslog),
	SYS(sendfile, sys_sendfile), SYS(sendfile64, sys_sendfile64),
	SYS(mount, sys_mount), SYS(umount, sys_umount), SYS(umount2, sys_umount2),
	SYS(futex, sys_futex), SYS(futex_time64, sys_futex_time64),
	SYS(futex_waitv, sys_futex_waitv),
	SYS(rt_sigtimedwait, sys_rt_sigtimedwait),
	SYS(rt_sigtimedwait_time64, sys_rt_sigtimedwait_time64),
	SYS(sched_getaffinity, sys_sched_getaffinity),
	SYS(sched_setaffinity, sys_sched_setaffinity),
	SYS(setreuid, sys_setreuid16), SYS(setregid, sys_setregid16),
	SYS(getgroups, sys_getgroups16), SYS(setgroups, sys_setgroups16),
	SYS(setresuid, sys_setresuid16), SYS(getresuid, sys_getresuid16),
	SYS(setresgid, sys_setresgid16), SYS(getresgid, sys_getresgid16),
	SYS(setfsuid, sys_setfsuid16), SYS(setfsgid, sys_setfsgid16),
	SYS(setfsuid32, sys_setfsuid), SYS(setfsgid32, sys_setfsgid),
	SYS(get_robust_list, sys_get_robust_list), SYS(chroot, sys_chroot),
	SYS(restart_syscall, sys_restart_syscall), SYS(flock, sys_flock),
	/* sockets (guest/net/sys_socket.c) */
	SYS(socketcall, sys_socketcall), SYS(socket, sys_socket),
	SYS(socketpair, sys_socketpair), SYS(bind, sys_bind), SYS(connect, sys_connect),
	SYS(listen, sys_listen), SYS(accept4, sys_accept4), SYS(getsockopt, sys_getsockopt),
	SYS(setsockopt, sys_setsockopt), SYS(getsockname, sys_getsockname),
	SYS(getpeername, sys_getpeername), SYS(sendto, sys_sendto), SYS(sendmsg, sys_sendmsg),
	SYS(recvfrom, sys_recvfrom), SYS(recvmsg, sys_recvmsg), SYS(shutdown, sys_shutdown),
	/* System V IPC (guest/ipc/sys_ipc.c) */
	SYS(ipc, sys_ipc), SYS(semget, sys_semget), SYS(semctl, sys_semctl),
	SYS(semtimedop_time64, sys_semtimedop_time64), SYS(shmget, sys_shmget),
	SYS(shmctl, sys_shmctl), SYS(shmat, sys_shmat), SYS(shmdt, sys_shmdt),
	SYS(msgget, sys_msgget), SYS(msgsnd, sys_msgsnd), SYS(msgrcv, sys_msgrcv),
	SYS(msgctl, sys_msgctl),
};

static uint32_t unknown_logged[(NR_SYSCALLS + 31) / 32];

static long unknown(uint32_t nr)
{
	if (nr >= NR_SYSCALLS || !(unknown_logged[nr / 32] & (1u << (nr % 32)))) {
		if (nr < NR_SYSCALLS)
			unknown_logged[nr / 32] |= 1u << (nr % 32);
		klog(KLOG_INFO, "kernel: unknown system call %u\n", nr);
	}
	return -ENOSYS;
}

void user_return(struct trap_regs *r)
{
	sched_preempt(r);
	signal_deliver(r, 0);
}

static void syscall_entry(struct trap_regs *r)
{
	uint32_t nr = r->eax;
	long ret;

	vmi_irq_disable();
	curproc->orig_eax = (int32_t)nr;      /* a core dump's orig_eax */
	if (nr < NR_SYSCALLS && table[nr])
		ret = table[nr](r->ebx, r->ecx, r->edx, r->esi, r->edi, r->ebp);
	else
		ret = unknown(nr);
	fasync_refresh();                     /* what it drained is not new input */
	r->eax = ret;
	if ((ret == -ERESTARTSYS || ret == -ERESTARTNOHAND || ret == -ERESTART_RESTARTBLOCK) &&
	    nr != NR_sigreturn && nr != NR_rt_sigreturn) {
		signal_deliver(r, nr);            /* restarts, or -EINTR */
		sched_preempt(r);
		return;
	}
	user_return(r);
}

void syscall_init(void)
{
	trap_set_handler(VMI_SYSCALL_VECTOR, syscall_entry);
}
