/*
 * sigio.c - signal-driven I/O: SIGIO (or the signal F_SETSIG chose) to the
 * owner F_SETOWN gave an open file, when the file layer says I/O became
 * possible on it (fs/fasync.c) or its lease must be given up (fs/lease.c).
 *
 * As Linux's send_sigio: without an F_SETSIG signal it is a plain SIGIO
 * (SI_KERNEL); with one, the siginfo carries the reason (si_code POLL_*),
 * the poll bits that go with it (si_band) and the descriptor (si_fd).  The
 * owner is a thread (F_OWNER_TID), a process (F_OWNER_PID, or F_SETOWN's
 * positive id) or every process of a process group (F_OWNER_PGRP).
 */
#include "proc/proc.h"

/* si_band by POLL_* reason (Linux's band_table). */
static const uint32_t band_table[] = {
	0x041,          /* POLL_IN:  POLLIN | POLLRDNORM */
	0x304,          /* POLL_OUT: POLLOUT | POLLWRNORM | POLLWRBAND */
	0x441,          /* POLL_MSG: POLLIN | POLLRDNORM | POLLMSG */
	0x008,          /* POLL_ERR: POLLERR */
	0x082,          /* POLL_PRI: POLLPRI | POLLRDBAND */
	0x018,          /* POLL_HUP: POLLHUP | POLLERR */
};

static int owns(const struct proc *p, int type, int id)
{
	switch (type) {
	case F_OWNER_TID:  return p->pid == id && p->state != P_ZOMBIE;
	case F_OWNER_PID:  return p->pid == id && p->leader->nthreads > 0;
	case F_OWNER_PGRP: return p->pgid == id && p->leader == p && p->nthreads > 0;
	default:           return 0;
	}
}

void proc_send_sigio(int owner_type, int owner_id, int sig, int fd, int reason)
{
	struct ksiginfo info = { .code = SI_KERNEL };

	if (sig && reason >= POLL_IN && reason <= POLL_HUP) {
		info.code = reason;
		info.addr = band_table[reason - POLL_IN];
		info.status = fd;
	}
	for (int i = 0; owner_id > 0 && i < proc_slots; i++) {
		struct proc *p = proc_table[i];

		if (!p || !owns(p, owner_type, owner_id))
			continue;
		if (owner_type == F_OWNER_TID)
			signal_send(p, sig ? sig : SIGIO, &info);
		else
			signal_send_group(p, sig ? sig : SIGIO, &info);
	}
}
