/*
 * hostile/console_flood - attack: one domain floods the console for 1 s of
 * system time with multicalls of 64 console writes of 4096 bytes each, all
 * of them 2-byte lines ("x\n", so the hypervisor's "[name] " prefix makes
 * every guest byte several bytes on the UART).  Beside it a clock domain
 * sleeps 5 ms twenty times and measures how late each wake-up is, and the
 * victim computes its checksum.
 *
 * One such multicall was about a megabyte on the UART, all of it inside a
 * single hypercall with interrupts off: every other domain's timer waited.
 * Containment: console output per hypercall is bounded (a multicall is
 * continued, as Xen does), so is each domain's rate (the flood loses its
 * own excess output); the clock's every wake-up comes no earlier than its
 * deadline and less than 50 ms of system time after it.
 *
 * Roles from the command line (console_flood.domains): role=flood or
 * role=clock.
 */
#include "../runtime/test.h"
#include "raw_hypercall.h"

const char test_title[] = "a console flood does not delay other domains' timers";

#define MS          1000000ull
#define FLOOD_NS    (1000 * MS)
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

static int bind_timer(void)
{
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	if (port > 0)
		event_set_handler((unsigned)port, on_timer);
	return port;
}

/* Sleep until the timer fires at `deadline`; returns when it did. */
static uint64_t sleep_until(uint64_t deadline)
{
	unsigned before = fired;

	vmi_irq_disable();
	vmi_timer_set(deadline);
	while (fired == before)
		vmi_safe_halt();                    /* returns with events enabled */
	vmi_irq_disable();
	return fired_at;
}

static void clock(void)
{
	uint64_t worst = 0;
	unsigned early = 0, late = 0;

	CHECK_GT(bind_timer(), 0);
	for (unsigned i = 0; i < SLEEPS; i++) {
		uint64_t deadline = vmi_time_ns() + SLEEP_NS, at = sleep_until(deadline);
		if (at < deadline)
			early++;
		else if (at - deadline > worst)
			worst = at - deadline;
		if (at >= deadline && at - deadline > LATE_MAX_NS)
			late++;
	}
	test_env("worst lateness %u us", (unsigned)(worst / 1000));
	CHECK_EQ(early, 0);
	CHECK_EQ(late, 0);
}

static char lines[4096];
static struct pvhv_multicall mc[PVHV_MULTICALL_MAX];

static void flood(void)
{
	uint64_t end = vmi_time_ns() + FLOOD_NS;
	unsigned long calls = 0, bad = 0;

	for (unsigned i = 0; i < sizeof lines; i++)
		lines[i] = i & 1 ? '\n' : 'x';
	printf("attack: console flood for %u ms\n", (unsigned)(FLOOD_NS / MS));
	while (vmi_time_ns() < end) {
		for (unsigned i = 0; i < PVHV_MULTICALL_MAX; i++)
			mc[i] = (struct pvhv_multicall){ HC_CONSOLE_IO,
				{ CONSOLEIO_WRITE, sizeof lines, (uint32_t)lines, 0, 0 }, 1 };
		bad += hc(HC_MULTICALL, (uint32_t)mc, PVHV_MULTICALL_MAX, 0) != 0;
		for (unsigned i = 0; i < PVHV_MULTICALL_MAX; i++)
			bad += mc[i].result < 0 || mc[i].result > (int32_t)sizeof lines;
		calls++;
	}
	/* What it says from now on must get through: let its budget refill. */
	CHECK_GT(bind_timer(), 0);
	sleep_until(vmi_time_ns() + 100 * MS);
	printf("\nflood: over\n");
	test_env("%lu multicalls", calls);
	CHECK_GT(calls, 0);
	CHECK_EQ(bad, 0);
}

void test_main(void)
{
	if (test_has_word("role=clock"))
		clock();
	else
		flood();
}
