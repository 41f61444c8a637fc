/*
 * timer.c - every domain's one-shot timer and the scheduler's slice end,
 * multiplexed onto PIT channel 0.
 *
 * The PIT is always programmed for the earliest pending deadline: the
 * armed domain timers and sched_slice_end().  It counts at most 65535
 * periods (about 55 ms), so a far deadline is reached in steps of at most
 * 50 ms; each step is rounded up to whole PIT periods so nothing fires
 * before its deadline (as backends/native/timer.c does).  A step that ends
 * early because of calibration error is simply followed by another one.
 * An IRQ with nothing due - a cancelled timer, a slice given up - is
 * harmless: timer_irq finds nothing expired and reprograms.
 *
 * The PIT is reprogrammed only for a deadline earlier than the one it
 * already counts to (pit_due), never to push that one out: writing the
 * count restarts it, so a domain re-arming its own timer in a tight loop
 * would otherwise keep the PIT from ever reaching zero - no slice end,
 * no other domain's timer (an overdue deadline was reprogrammed as one
 * PIT period from now, every time).  Whoever set which deadline, the
 * interrupt comes at the earliest of them.
 *
 * "Earlier than the one it counts to" compares with the deadline the PIT
 * was programmed for (pit_target), not with when it fires (pit_due): the
 * count is rounded up to whole periods, so pit_due lies up to one period
 * (838 ns) after its deadline, and `pit_due <= next` failed for the very
 * deadline just programmed.  Every timer_set then rewrote the PIT, and
 * once that deadline was overdue (a slice end, or nearer than a period)
 * each write was a fresh 1-period count: a domain re-arming faster than
 * one PIT period (hostile/timer_rearm: ~820 instructions per loop, so
 * under -icount shift=0 less than 838 ns) restarted it before it ever
 * reached zero - 5 IRQs in 485,000 writes, the attacker kept the CPU
 * 400 ms.  Real time hid it under plain TCG (a loop takes longer than a
 * period there); on hardware a hypercall round trip is well under a
 * period, so it is real.  Now the PIT is rewritten only for a deadline
 * before pit_target, so the targets written between two IRQs strictly
 * decrease; a write for a deadline still ahead fires less than a period
 * after it, and a domain's own deadlines are always ahead (timer_op fires
 * an overdue one at once), so no run of sets delays the IRQ past the
 * first target plus one period.  Overdue targets (a slice end, an
 * expired timer before its IRQ) are fixed events, each written once.
 *
 * The armed timers are kept in a list sorted by deadline, so the earliest
 * is at hand and an interrupt fires only the due ones: nothing walks the
 * domain table (256 slots).  A domain's end cancels its timer (sched.c).
 */
#include "hv.h"
#include "pc.h"

#define STEP_MAX_NS 50000000ull             /* 50 ms: well inside 16 bits */
#define NO_DEADLINE 0xFFFFFFFFFFFFFFFFull

static uint64_t pit_due;                    /* the PIT fires then; 0: idle */
static uint64_t pit_target;                 /* the deadline (or step end) it
					       was programmed for; valid
					       while pit_due != 0 */

static struct domain *armed;                /* armed timers, earliest first */

/* Off the list, if it is on it. */
static void disarm(struct domain *d)
{
	struct domain **p = &armed;

	if (!d->timer_armed)
		return;
	while (*p != d)
		p = &(*p)->timer_next;
	*p = d->timer_next;
	d->timer_next = 0;
	d->timer_armed = 0;
}

/* Onto the list in deadline order (after equal ones: first come, first
 * fired). */
static void arm(struct domain *d, uint64_t deadline)
{
	struct domain **p = &armed;

	disarm(d);
	while (*p && (*p)->timer_deadline <= deadline)
		p = &(*p)->timer_next;
	d->timer_deadline = deadline;
	d->timer_next = *p;
	*p = d;
	d->timer_armed = 1;
}

static void fire(struct domain *d)
{
	disarm(d);
	evtchn_raise_virq(d, VMI_VIRQ_TIMER);   /* wakes d if it is blocked */
}

static uint64_t earliest_deadline(void)
{
	uint64_t next = sched_slice_end() ? sched_slice_end() : NO_DEADLINE;

	if (armed && armed->timer_deadline < next)
		next = armed->timer_deadline;
	if (net_deadline() < next)
		next = net_deadline();          /* the network switch's backlog or credit */
	return next;
}

/* Program the PIT for the earliest deadline (or its next 50 ms step). */
void timer_reprogram(void)
{
	uint64_t next = earliest_deadline(), now = hv_now();

	if (next == NO_DEADLINE)
		return;
	if (pit_due && pit_target <= next)
		return;                     /* it already fires in time (not
					       pit_due: see the top) */
	uint64_t delta = next > now ? next - now : 0;
	uint64_t target = next;
	if (delta > STEP_MAX_NS) {
		delta = STEP_MAX_NS;
		target = now + STEP_MAX_NS; /* a step: reprogrammed when it ends */
	}
	uint32_t ticks = (uint32_t)((delta * PIT_HZ + 999999999ull) / 1000000000ull);
	if (ticks == 0)
		ticks = 1;
	pit_oneshot(ticks);
	/* An overdue deadline stays the target (not now): the same one seen
	 * again must not restart the 1-period count. */
	pit_target = target;
	/* when it fires, rounded down: never later than the real one */
	pit_due = now + (uint64_t)ticks * 1000000000ull / PIT_HZ;
	if (!pit_due)
		pit_due = 1;
}

/* Is the PIT's interrupt due (or overdue)?  A preemption point for long
 * hypercalls (hypercall.c): the caller stops and lets it be taken. */
int timer_irq_due(void)
{
	return pit_due && hv_now() >= pit_due;
}

/* IRQ 0 (the core calls sched_tick and acknowledges the PIC afterwards). */
void timer_irq(void)
{
	uint64_t now = hv_now();

	pit_due = 0;                        /* it fired: count anew */
	while (armed && armed->timer_deadline <= now)
		fire(armed);
	net_timer(now);
	timer_reprogram();
}

int timer_op(struct domain *d, uint32_t cmd, uint64_t deadline)
{
	switch (cmd) {
	case TIMEROP_SET:
		arm(d, deadline);               /* replaces any earlier one */
		if (deadline <= hv_now())
			fire(d);                    /* already due: pending at once */
		else
			timer_reprogram();
		return 0;
	case TIMEROP_CANCEL:
		disarm(d);                      /* a pending VIRQ_TIMER stays */
		return 0;
	default:
		return -VMI_EINVAL;
	}
}
