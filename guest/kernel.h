/*
 * kernel.h - the parts of the guest kernel main.c strings together.
 *
 * Each boot step lives in the file named after it and keeps what it
 * observed, so the self-check at the end (selfcheck.c) can judge every step
 * without printing anything that differs between backends.  A check
 * returns 1 if it holds, 0 if not.
 */
#ifndef GUEST_KERNEL_H
#define GUEST_KERNEL_H

#include <stdint.h>
#include <vmi/vmi.h>

/* main.c: called by the backend's entry stub; never returns */
void guest_main(const struct vmi_boot_info *bi) __attribute__((noreturn));

/* env.c: who we are and where we run */
void env_print(const struct vmi_boot_info *bi);
unsigned env_ring(void);
int env_check(void);

/* mm.c: the guest's own page tables (the full direct map) */
void mm_init(const struct vmi_boot_info *bi);
int mm_check(void);

/* mm/balloon.c: the memory target (VIRQ_BALLOON); work in the scheduler loop */
void balloon_init(const struct vmi_boot_info *bi);
int balloon_work(void);                /* 1: more passes to do */
uint32_t balloon_pages_out(void);      /* pfns given back to the hypervisor */
uint32_t mem_total_pages(void);        /* what sysinfo and /proc/meminfo call total */

/* timer.c: one-shot timer events through VIRQ_TIMER */
void timer_demo(void);
int timer_check(void);
int timer_port(void);

/* fault.c: a deliberate page fault and breakpoint, handled and resumed */
void fault_demo(void);
int fault_check(void);

/* clock.c: wall-clock and system time */
void clock_report(void);
/* The guest's wall clock (wallclock.c): VMI's plus what root set. */
int64_t wall_ns(void);
void wall_set_ns(int64_t ns);
int clock_check(void);

/* bootopt.c: the value of a "key=value" word of the kernel command line
 * (bi->cmdline) into val; 1 if the key is there */
/* klog.c: the kernel log (dmesg); KLOG_* are syslog levels.  klog() keeps
 * a line and prints it only if level < the console level (default: 5). */
#define KLOG_WARNING 4
#define KLOG_NOTICE  5
#define KLOG_INFO    6
void klog(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void klog_init(const struct vmi_boot_info *bi);
int boot_option(const struct vmi_boot_info *bi, const char *key, char *val,
		uint32_t size);

/* selfcheck.c: run every named check; returns the number that failed */
unsigned selfcheck_run(void);

/* init.c: with an initramfs module, unpack it and run /sbin/init as pid 1;
 * returns only if there is no module */
void init_run(const struct vmi_boot_info *bi);

#ifdef VMI_COUNTERS
/* counters.c (VMI_COUNTERS=1 builds only): the per-call counts, printed
 * as "counters: vmi_<name> <count>" lines at power-off */
void counters_print(void);
/* zero them: init_run does, just before /sbin/init starts */
void counters_reset(void);
/* a kernel entry from user mode (sched_preempt, on its way back) */
void counters_kentry(uint32_t vector);
/* /proc/vmi_counters: "<name> <count>" lines - the per-call counts, the
 * kernel entries from user mode by kind, and the backend's own counters
 * (vmi_backend_counters: the hypervisor's on pvhv) - for make bench
 * EVENTS=1 (guest/user/bench.c -c) */
int counters_text(char *buf, uint32_t n);
#endif

#endif /* GUEST_KERNEL_H */
