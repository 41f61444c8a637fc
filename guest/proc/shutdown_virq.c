/*
 * shutdown_virq.c - a polite power-off asked by the privileged domain
 * (vmi_dom_shutdown, `vmctl shutdown`): VIRQ_SHUTDOWN becomes a SIGUSR2
 * to init, which is what BusyBox's poweroff sends, so init ends with
 * status 0 and the kernel powers off (proc/exit.c).  Natively the VIRQ
 * binds but never comes.
 */
#include "kernel.h"
#include "proc/proc.h"
#include "sys/linux.h"
#include "lib/kernel/event.h"

static void shutdown_event(unsigned port, struct trap_regs *r)
{
	struct proc *init = proc_find(1);

	(void)port;
	if (init)
		signal_send(init, SIGUSR2, 0);
	if (curproc && trap_from_user(r))
		user_return(r);                   /* deliver it now */
}

/* A backend without the VIRQ (an older ABI) leaves the guest deaf to it. */
void shutdown_virq_init(void)
{
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_SHUTDOWN);

	if (port > 0)
		event_set_handler((unsigned)port, shutdown_event);
}
