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
 */
#include "hv.h"
#include "pc.h"

#define STEP_MAX_NS 50000000ull             /* 50 ms: well inside 16 bits */
#define NO_DEADLINE 0xFFFFFFFFFFFFFFFFull

static void fire(struct domain *d)
{
	d->timer_armed = 0;
	evtchn_raise_virq(d, VMI_VIRQ_TIMER);   /* wakes d if it is blocked */
}

static uint64_t earliest_deadline(void)
{
	uint64_t next = sched_slice_end() ? sched_slice_end() : NO_DEADLINE;

	for (int i = 0; i < HV_MAX_DOMAINS; i++) {
		struct domain *d = &domains[i];
		if (domain_is_live(d) && d->timer_armed && d->timer_deadline < next)
			next = d->timer_deadline;
	}
	return next;
}

/* Program the PIT for the earliest deadline (or its next 50 ms step). */
void timer_reprogram(void)
{
	uint64_t next = earliest_deadline(), now = hv_now();

	if (next == NO_DEADLINE)
		return;
	uint64_t delta = next > now ? next - now : 0;
	if (delta > STEP_MAX_NS)
		delta = STEP_MAX_NS;
	pit_oneshot((uint32_t)((delta * PIT_HZ + 999999999ull) / 1000000000ull));
}

/* IRQ 0 (the core calls sched_tick and acknowledges the PIC afterwards). */
void timer_irq(void)
{
	uint64_t now = hv_now();

	for (int i = 0; i < HV_MAX_DOMAINS; i++) {
		struct domain *d = &domains[i];
		if (domain_is_live(d) && d->timer_armed && d->timer_deadline <= now)
			fire(d);
	}
	timer_reprogram();
}

int timer_op(struct domain *d, uint32_t cmd, uint64_t deadline)
{
	switch (cmd) {
	case TIMEROP_SET:
		d->timer_deadline = deadline;   /* replaces any earlier one */
		d->timer_armed = 1;
		if (deadline <= hv_now())
			fire(d);                    /* already due: pending at once */
		else
			timer_reprogram();
		return 0;
	case TIMEROP_CANCEL:
		d->timer_armed = 0;             /* a pending VIRQ_TIMER stays */
		return 0;
	default:
		return -VMI_EINVAL;
	}
}
