/*
 * main.c - the guest kernel's boot sequence.
 *
 * The backend's entry stub sets up a minimal address space (the first
 * mapped_pages of pseudo-physical memory at VMI_KERNEL_BASE) and calls
 * guest_main.  From here on everything goes through VMI, so this same file
 * runs bare-metal and on the hypervisor.  Only "env:" lines may differ
 * between backends; every other line must be byte-identical.
 */
#include "kernel.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"
#include "lib/kernel/trap.h"

void guest_main(const struct vmi_boot_info *bi)
{
	unsigned failed;

	klog_init(bi);             /* the kernel log's console level (loglevel=) */
	env_print(bi);             /* banner, then backend/ring/memory as env: lines */
	trap_init(bi);             /* trap stubs and the event callback */
	frames_init(bi);           /* frame allocator above the boot image */
	mm_init(bi);               /* our own page tables: all memory, direct-mapped */
	timer_demo();              /* several one-shot timer events via VIRQ_TIMER */
	fault_demo();              /* a deliberate page fault, handled and resumed */
	clock_report();            /* wall-clock and system time */
	failed = selfcheck_run();  /* every named check, then the summary line */
	if (!failed)
		init_run(bi);      /* with an initramfs: /sbin/init as pid 1, never returns */
	vmi_shutdown(VMI_SHUTDOWN_POWEROFF, failed ? 1 : 0);
}
