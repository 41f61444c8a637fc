/* syscalls_names.h - facts, not code: system call names that exist on other
 * architectures (or only in newer kernels), so that a test naming them
 * compiles here; on i386 they are __LTP__NR_INVALID_SYSCALL, and
 * tst_syscall() answers ENOSYS -> TCONF. Newer i386 calls get their numbers.
 * Generated once from the kernel headers' unistd_{32,64,x32}.h lists. */
#ifndef LAPI_SYSCALLS_NAMES_H__
#define LAPI_SYSCALLS_NAMES_H__

#ifndef __NR_cachestat
# define __NR_cachestat 451
#endif
#ifndef __NR_fchmodat2
# define __NR_fchmodat2 452
#endif
#ifndef __NR_map_shadow_stack
# define __NR_map_shadow_stack 453
#endif
#ifndef __NR_futex_wake
# define __NR_futex_wake 454
#endif
#ifndef __NR_futex_wait
# define __NR_futex_wait 455
#endif
#ifndef __NR_futex_requeue
# define __NR_futex_requeue 456
#endif
#ifndef __NR_statmount
# define __NR_statmount 457
#endif
#ifndef __NR_listmount
# define __NR_listmount 458
#endif
#ifndef __NR_lsm_get_self_attr
# define __NR_lsm_get_self_attr 459
#endif
#ifndef __NR_lsm_set_self_attr
# define __NR_lsm_set_self_attr 460
#endif
#ifndef __NR_lsm_list_modules
# define __NR_lsm_list_modules 461
#endif
#ifndef __NR_mseal
# define __NR_mseal 462
#endif
#ifndef __NR_setxattrat
# define __NR_setxattrat 463
#endif
#ifndef __NR_getxattrat
# define __NR_getxattrat 464
#endif
#ifndef __NR_listxattrat
# define __NR_listxattrat 465
#endif
#ifndef __NR_removexattrat
# define __NR_removexattrat 466
#endif
#ifndef __NR_open_tree_attr
# define __NR_open_tree_attr 467
#endif
#ifndef __NR_file_getattr
# define __NR_file_getattr 468
#endif
#ifndef __NR_file_setattr
# define __NR_file_setattr 469
#endif
#ifndef __NR_accept
# define __NR_accept __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_arch_specific_syscall
# define __NR_arch_specific_syscall __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_arm_fadvise64_64
# define __NR_arm_fadvise64_64 __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_arm_sync_file_range
# define __NR_arm_sync_file_range __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_cacheflush
# define __NR_cacheflush __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_epoll_ctl_old
# define __NR_epoll_ctl_old __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_epoll_wait_old
# define __NR_epoll_wait_old __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_fstatat
# define __NR_fstatat __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_kexec_file_load
# define __NR_kexec_file_load __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_newfstatat
# define __NR_newfstatat __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_oldumount
# define __NR_oldumount __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_pciconfig_iobase
# define __NR_pciconfig_iobase __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_pciconfig_read
# define __NR_pciconfig_read __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_pciconfig_write
# define __NR_pciconfig_write __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_riscv_flush_icache
# define __NR_riscv_flush_icache __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_security
# define __NR_security __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_semop
# define __NR_semop __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_semtimedop
# define __NR_semtimedop __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_spu_run
# define __NR_spu_run __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_subpage_prot
# define __NR_subpage_prot __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_sync_file_range2
# define __NR_sync_file_range2 __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_sys_debug_setcontext
# define __NR_sys_debug_setcontext __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_tuxcall
# define __NR_tuxcall __LTP__NR_INVALID_SYSCALL
#endif
#ifndef __NR_uretprobe
# define __NR_uretprobe __LTP__NR_INVALID_SYSCALL
#endif

#endif
