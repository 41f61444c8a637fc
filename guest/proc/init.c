/*
 * init.c - starting user space: with an initramfs module, the file layer
 * is brought up, the archive unpacked, console input wired to the tty, and
 * /sbin/init started as pid 1 with the console as fds 0-2; the first disk,
 * if there is one with ext2 on it, is mounted at /mnt first.  From then on
 * the boot processor runs the scheduler; the guest ends when init exits
 * (exit.c powers off with its status).  Without a module nothing changes:
 * main.c shuts down after the self-check as before.
 */
#include "kernel.h"
#include "proc/proc.h"
#include "tty/tty.h"
#include "net/net.h"
#include "lib/kernel/event.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

static const char *const init_argv[] = { "/sbin/init", 0 };
static const char *const init_envp[] = {
	"PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/", "TERM=vt100", 0,
};

/* Console input into the tty, as much as it can take: the rest stays with
 * the backend (and the sender waits) until a read makes room and calls
 * this again through tty_pull.  Nothing typed or piped is dropped. */
static int console_throttled;

static void console_pull(void)
{
	char buf[64];
	uint32_t room;
	int n;

	console_throttled = 0;
	while ((room = tty_room(&console_tty)) > 0) {
		n = vmi_console_read(buf, room < sizeof(buf) ? room : sizeof(buf));
		if (n <= 0)
			return;
		tty_input(buf, n);
	}
	console_throttled = 1;
}

static void console_pull_if_throttled(void)
{
	if (console_throttled)
		console_pull();
}

static void console_event(unsigned port, struct trap_regs *r)
{
	(void)port;
	console_pull();
	if (curproc && trap_from_user(r))
		user_return(r);                   /* ^C: deliver SIGINT now */
}

static void console_input_init(void)
{
	int port;

	if (!(vmi_features() & VMI_FEAT_CONSOLE_IN))
		return;
	port = vmi_evtchn_bind_virq(VMI_VIRQ_CONSOLE);
	if (port <= 0)
		panic("init: cannot bind VIRQ_CONSOLE (%d)", port);
	event_set_handler(port, console_event);
	tty_pull = console_pull_if_throttled;
}

/* The process core's own setup, in dependency order. */
static void process_core_init(const struct vmi_boot_info *bi)
{
	proc_init(bi);
	page_init(bi);
	mm_activate(0);                       /* records the kernel's L2 */
	kstack_init();
	tls_init(bi);
	ldt_init(bi);
	fpu_init();
	vm_fault_init();
	syscall_init();
	sched_init(bi);
	balloon_init(bi);                     /* after the mode: off in sched=det */
}

/* The archive's frames lie below first_free_pfn, so nothing else uses
 * them; each is freed once the unpacker has read past it (as Linux frees
 * its initrd, but as it goes: the files' pages reuse the archive's, and a
 * domain needs about the archive's size less memory). */
static uint32_t rd_base, rd_freed_to;   /* paddr; next pfn to free */

static void free_ramdisk_below(uint32_t off)
{
	uint32_t end = (rd_base + off) >> VMI_PAGE_SHIFT;

	for (; rd_freed_to < end; rd_freed_to++)
		frame_free(rd_freed_to);
}

void init_run(const struct vmi_boot_info *bi)
{
	const struct vmi_module *m = &bi->modules[0];
	int rc;

	if (bi->nr_modules == 0)
		return;
	process_core_init(bi);
	fs_init();
	rd_base = m->paddr;
	rd_freed_to = (m->paddr + VMI_PAGE_SIZE - 1) >> VMI_PAGE_SHIFT;
	rc = initramfs_unpack_freeing((const void *)(VMI_KERNEL_BASE + m->paddr), m->len,
				      free_ramdisk_below);
	if (rc < 0)
		panic("init: cannot unpack the initramfs (%d)", rc);
	fs_automount();                       /* the first disk at /mnt */
	net_stack_init(bi);                   /* lo, the NICs, ip= and gw= */
	console_input_init();
	shutdown_virq_init();                 /* vmctl shutdown: init ends */
#ifdef VMI_COUNTERS
	counters_reset();          /* count the workload, not the boot */
#endif
	rc = exec_init_process(init_argv[0], init_argv, init_envp);
	if (rc < 0)
		panic("init: cannot run %s (%d)", init_argv[0], rc);
	scheduler();
}
