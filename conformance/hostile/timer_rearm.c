/*
 * hostile/timer_rearm - attack: one domain re-arms its one-shot timer in a
 * tight loop, each deadline 1 ms ahead (always the earliest of all), for
 * 400 ms of its own run time.  Beside it a sleeper sleeps 5 ms twenty
 * times, and the victim computes its checksum.
 *
 * Each set used to reprogram the PIT from scratch, so the counter never
 * reached zero: no slice end, no other domain's timer, the attacker kept
 * the processor until it stopped.  The PIT must be programmed for the
 * earliest deadline whoever set it, and never pushed out.
 * Containment: every sleep of the sleeper ends, none earlier than its
 * deadline nor more than 50 ms of system time after it (the attacker alone
 * held it 400 ms), while the attacker is still attacking.
 *
 * Roles from the command line (timer_rearm.domains): role=rearm or
 * role=sleeper.
 */
#include "../runtime/test.h"

const char test_title[] = "a domain re-arming its timer starves nobody";

#define MS          1000000ull
#define ATTACK_NS   (400 * MS)              /* the attacker's own run time */
#define SLEEPS      20
#define SLEEP_NS    (5 * MS)
#define LATE_MAX_NS (50 * MS)

static volatile unsigned fired;
static volatile uint64_t fired_at;

static void on_timer(unsigned port, struct trap_regs *r)
{
	(void)port; (void)r;
	fired_at = vmi_time_ns();
	fired++;
}

static void sleeper(void)
{
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	uint64_t worst = 0;
	unsigned early = 0, late = 0;

	CHECK_GT(port, 0);
	if (port <= 0)
		return;
	event_set_handler((unsigned)port, on_timer);
	for (unsigned i = 0; i < SLEEPS; i++) {
		unsigned before = fired;
		uint64_t deadline;

		vmi_irq_disable();
		deadline = vmi_time_ns() + SLEEP_NS;
		vmi_timer_set(deadline);
		while (fired == before)
			vmi_safe_halt();            /* returns with events enabled */
		vmi_irq_disable();
		if (fired_at < deadline)
			early++;
		else if (fired_at - deadline > worst)
			worst = fired_at - deadline;
		if (fired_at - deadline > LATE_MAX_NS)
			late++;
	}
	test_env("worst lateness %u us", (unsigned)(worst / 1000));
	CHECK_EQ(early, 0);
	CHECK_EQ(late, 0);
}

static void rearm(void)
{
	uint64_t start = vmi_vtime_ns();
	unsigned long sets = 0, errors = 0;

	printf("attack: re-arming the timer 1 ms ahead for %u ms of run time\n",
	       (unsigned)(ATTACK_NS / MS));
	while (vmi_vtime_ns() - start < ATTACK_NS) {
		errors += vmi_timer_set(vmi_time_ns() + MS) != 0;
		sets++;
	}
	vmi_timer_cancel();
	test_env("%lu sets", sets);
	CHECK_GT(sets, 0);
	CHECK_EQ(errors, 0);
}

void test_main(void)
{
	if (test_has_word("role=sleeper"))
		sleeper();
	else
		rearm();
}
