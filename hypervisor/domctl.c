/*
 * domctl.c - the control plane (HC_DOMCTL, the VMI control group): what a
 * Xen dom0's toolstack asks of the hypervisor at run time - describe the
 * domains, pause, unpause and destroy them, set their BVT parameters, read
 * the hypervisor's log, give them virtual block devices (vbd.c); create
 * domains (domain_create.c), ask them to shut down, read their console
 * output and queue their input (console.c).
 *
 * Only the privileged domain may: the one whose module carries the word
 * dom0, else the first domain built.  Any other gets -VMI_EPERM for every
 * operation, and the first refusal is logged (once per domain, so a domain
 * cannot flood the log with refusals).  The privileged domain cannot pause
 * or destroy itself (it would leave nobody to unpause the others).
 *
 * The domains dom0 creates are its own: when dom0 ends they are destroyed
 * first (domctl_domain_ending), so that a run ends when dom0 does, with
 * dom0's status, as a Xen host goes down with its dom0.
 */
#include "hv.h"
#include "pc.h"
#include "lib/klib.h"

void domctl_choose_privileged(void)
{
	struct domain *p = 0;

	for (int i = 0; i < HV_MAX_DOMAINS && !p; i++)
		if (domain_is_live(&domains[i]) && domains[i].dom0_opt)
			p = &domains[i];
	for (int i = 0; i < HV_MAX_DOMAINS && !p; i++)
		if (domain_is_live(&domains[i]))
			p = &domains[i];
	if (p) {
		p->privileged = 1;
		hv_log("domain %u (%s) is privileged (dom0)", p->id, p->name);
	}
}

static struct domain *live_domain(uint32_t id)
{
	if (id >= HV_MAX_DOMAINS || !domain_is_live(&domains[id]))
		return 0;
	return &domains[id];
}

static int32_t dom_info(uint32_t first, uint32_t va)
{
	struct vmi_dom_info info;

	for (uint32_t id = first; id < HV_MAX_DOMAINS; id++) {
		struct domain *o = &domains[id];
		if (o->state == DOM_FREE)
			continue;
		memset(&info, 0, sizeof info);
		info.id = id;
		info.state = o->state == DOM_DEAD ? VMI_DOM_DEAD :
			     o->paused || o->state == DOM_BUILDING ? VMI_DOM_PAUSED :
			     o->shutdown_asked ? VMI_DOM_SHUTDOWN :
			     o->state == DOM_BLOCKED ? VMI_DOM_BLOCKED : VMI_DOM_RUNNABLE;
		info.mem_pages = o->nr_pages - o->nr_released;   /* ballooned: balloon.c */
		info.weight = o->weight ? o->weight : 1;
		info.warp_us = (uint32_t)(o->warp_ns / 1000);
		info.privileged = (uint32_t)o->privileged;
		info.exit_code = o->state == DOM_DEAD ? o->exit_code : 0;
		info.run_ns = o->run_ns;
		if (o == current)
			info.run_ns += hv_now() - o->sched_in_ns;
		memcpy(info.name, o->name, sizeof info.name);
		info.name[sizeof info.name - 1] = 0;
		if (copy_to_guest(va, &info, sizeof info))
			return -VMI_EFAULT;
		return (int32_t)id;
	}
	return -VMI_ESRCH;
}

static int32_t log_read(uint32_t offset, uint32_t va, uint32_t len)
{
	char chunk[256];
	uint32_t done = 0;

	if (len && !guest_range_ok(va, len))
		return -VMI_EFAULT;
	if (offset < hv_log_oldest())
		offset = hv_log_oldest();           /* older bytes are gone */
	while (done < len) {
		uint32_t want = len - done < sizeof chunk ? len - done : sizeof chunk;
		uint32_t n = hv_log_copy(offset + done, chunk, want);
		if (!n)
			break;
		if (copy_to_guest(va + done, chunk, n))
			return done ? (int32_t)done : -VMI_EFAULT;
		done += n;
		if (n < want)
			break;
	}
	return (int32_t)done;
}

/* Up to len bytes of t's console from *offset (a guest pointer). */
static int32_t console_log_read(struct domain *t, uint32_t offset_va, uint32_t va,
				uint32_t len)
{
	char chunk[256];
	uint32_t offset, done = 0;

	if (copy_from_guest(&offset, offset_va, sizeof offset) ||
	    (len && !guest_range_ok(va, len)))
		return -VMI_EFAULT;
	while (done < len) {
		uint32_t want = len - done < sizeof chunk ? len - done : sizeof chunk;
		uint32_t at = offset;
		uint32_t n = console_log_copy(t, &at, chunk, want);
		if (!n)
			break;
		if (copy_to_guest(va + done, chunk, n))
			return done ? (int32_t)done : -VMI_EFAULT;
		offset = at;
		done += n;
	}
	if (!done) {                        /* where the next byte will be */
		uint32_t at = offset;
		console_log_copy(t, &at, chunk, 0);
		offset = at;
	}
	if (copy_to_guest(offset_va, &offset, sizeof offset))
		return -VMI_EFAULT;
	return (int32_t)done;
}

static int32_t console_input(struct domain *t, uint32_t va, uint32_t len)
{
	char chunk[256];
	uint32_t n = len < sizeof chunk ? len : sizeof chunk;

	if (t == console_domain())
		return -VMI_EINVAL;         /* its input is the keyboard */
	if (copy_from_guest(chunk, va, n))
		return -VMI_EFAULT;
	return (int32_t)console_input_put(t, chunk, n);
}

static int32_t shutdown_ask(struct domain *d, struct domain *t)
{
	if (t == d)
		return -VMI_EINVAL;
	if (!t->virq_port[VMI_VIRQ_SHUTDOWN])
		return -VMI_ENOTCONN;       /* it cannot hear: destroy it */
	if (!t->shutdown_asked)
		hv_log("domain %u (%s) asked to shut down by domain %u", t->id, t->name, d->id);
	t->shutdown_asked = 1;
	evtchn_raise_virq(t, VMI_VIRQ_SHUTDOWN);
	return 0;
}

static int32_t hv_info(uint32_t va)
{
	struct vmi_hv_info info;

	memset(&info, 0, sizeof info);
	info.total_pages = mm_nr_frames() - (HV_RESERVED_TOP >> VMI_PAGE_SHIFT);
	info.free_pages = mm_free_frames();
	info.max_domains = HV_MAX_DOMAINS;
	info.abi_version = VMI_ABI_VERSION;
	for (int i = 0; i < HV_MAX_DOMAINS; i++)
		info.nr_domains += domain_is_live(&domains[i]);
	return copy_to_guest(va, &info, sizeof info) ? -VMI_EFAULT : 0;
}

/* Called by sched.c before a live domain d ends: dom0's creations go
 * first, and a build dom0 left unfinished is dropped. */
void domctl_domain_ending(struct domain *d)
{
	if (!d->privileged)
		return;
	domain_create_abort(0);
	for (int i = 0; i < HV_MAX_DOMAINS; i++)
		if (domains[i].created && domain_is_live(&domains[i]))
			domain_kill(&domains[i], "its creator, the privileged domain, ended");
}

int32_t domctl(struct domain *d, uint32_t cmd, uint32_t a1, uint32_t a2, uint32_t a3,
	       uint32_t a4)
{
	struct domain *t;

	if (!d->privileged) {
		if (!d->domctl_refused)
			hv_log("domain %u (%s): control operation %u refused: not privileged",
			       d->id, d->name, cmd);
		d->domctl_refused = 1;
		return -VMI_EPERM;
	}
	switch (cmd) {
	case DOMCTL_INFO:
		return dom_info(a1, a2);
	case DOMCTL_LOG_READ:
		return log_read(a1, a2, a3);
	case DOMCTL_CREATE:
		return domain_create(d, a1);
	case DOMCTL_HV_INFO:
		return hv_info(a1);
	case DOMCTL_CONSOLE_READ:
		if (a1 >= HV_MAX_DOMAINS || domains[a1].state == DOM_FREE ||
		    domains[a1].state == DOM_BUILDING)
			return -VMI_ESRCH;
		return console_log_read(&domains[a1], a2, a3, a4);
	case DOMCTL_DESTROY:
		if (a1 < HV_MAX_DOMAINS && domains[a1].state == DOM_BUILDING) {
			domain_create_abort(&domains[a1]);
			return 0;
		}
		break;
	case DOMCTL_SHUTDOWN:
	case DOMCTL_CONSOLE_WRITE:
	case DOMCTL_PAUSE:
	case DOMCTL_UNPAUSE:
	case DOMCTL_SCHED:
	case DOMCTL_VBD_ATTACH:
	case DOMCTL_VBD_DETACH:
	case DOMCTL_VBD_INFO:
		break;
	default:
		return -VMI_EINVAL;
	}
	if (!(t = live_domain(a1)))
		return -VMI_ESRCH;
	switch (cmd) {
	case DOMCTL_SHUTDOWN:
		return shutdown_ask(d, t);
	case DOMCTL_CONSOLE_WRITE:
		return console_input(t, a2, a3);
	case DOMCTL_PAUSE:
		if (t == d)
			return -VMI_EINVAL;
		if (!t->paused)
			hv_log("domain %u (%s) paused by domain %u", t->id, t->name, d->id);
		t->paused = 1;
		return 0;
	case DOMCTL_UNPAUSE:
		if (t->paused)
			hv_log("domain %u (%s) unpaused by domain %u", t->id, t->name, d->id);
		sched_unpause(t);
		return 0;
	case DOMCTL_VBD_ATTACH:
	case DOMCTL_VBD_DETACH:
	case DOMCTL_VBD_INFO:
		return vbd_ctl(t, cmd, a2, a3);
	case DOMCTL_DESTROY:
		if (t == d)
			return -VMI_EINVAL;
		t->paused = 0;
		domain_kill(t, "destroyed by the privileged domain");
		return 0;
	default:                            /* DOMCTL_SCHED */
		if (a2 < 1 || a2 > 10000 || a3 > 10000000)
			return -VMI_EINVAL;
		t->weight = a2;
		t->warp_ns = (uint64_t)a3 * 1000;
		hv_log("domain %u (%s): weight %u, warp %u us (set by domain %u)",
		       t->id, t->name, a2, a3, d->id);
		return 0;
	}
}
