/*
 * console_read - vmi_console_read returns the input bytes the runner feeds
 * (console_read.input: "vmi-console-ok\n"), never blocks, never returns
 * more than asked, and VIRQ_CONSOLE announces input.
 *
 * This is how a shell gets its keystrokes.  The test binds VIRQ_CONSOLE,
 * then reads in small pieces (at most 5 bytes per call) until the line is
 * complete, waiting with safe_halt when nothing is there (checked masked, so
 * no event is lost).  A 20 s timer bounds the wait, so a backend that never
 * signals input fails instead of hanging.  Input bytes may arrive before the
 * port is bound (the runner feeds them after the first console line), in
 * which case no event is owed: the event check allows exactly that case.
 */
#include "../runtime/test.h"

const char test_title[] = "console: console_read returns the fed input";

#define INPUT "vmi-console-ok\n"
#define PIECE 5
#define TIMEOUT_NS 20000000000ull

static volatile unsigned console_events, timeouts;

static void on_console(unsigned port, struct trap_regs *r) { (void)port; (void)r; console_events++; }
static void on_timer(unsigned port, struct trap_regs *r) { (void)port; (void)r; timeouts++; }

void test_main(void)
{
	char buf[64];
	uint32_t len = 0, oversized = 0;
	int cport, tport, n = 0, first = -1;

	if (!(vmi_features() & VMI_FEAT_CONSOLE_IN)) {
		test_skip("no console input (VMI_FEAT_CONSOLE_IN clear)");
		return;
	}
	vmi_irq_disable();
	cport = vmi_evtchn_bind_virq(VMI_VIRQ_CONSOLE);
	tport = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	CHECK_GT(cport, 0);
	CHECK_GT(tport, 0);
	if (cport <= 0 || tport <= 0)
		return;
	event_set_handler(cport, on_console);
	event_set_handler(tport, on_timer);
	CHECK_RET(vmi_timer_set(vmi_time_ns() + TIMEOUT_NS), 0);

	/* Read until the newline (or a full buffer, or the timeout). */
	while (len + PIECE <= sizeof(buf)) {
		n = vmi_console_read(buf + len, PIECE);
		if (first < 0)
			first = n;
		if (n < 0)
			break;
		oversized += n > PIECE;
		len += n;
		if (len && buf[len - 1] == '\n')
			break;
		if (n > 0)
			continue;               /* maybe more is buffered */
		if (timeouts)
			break;
		vmi_safe_halt();                /* enable and wait, atomically */
		vmi_irq_disable();
	}
	vmi_timer_cancel();

	CHECK_GE(n, 0);
	CHECK_EQ(timeouts, 0);
	CHECK_EQ(oversized, 0);
	CHECK_EQ(len, sizeof(INPUT) - 1);
	CHECK(len == sizeof(INPUT) - 1 && memcmp(buf, INPUT, len) == 0);
	CHECK(console_events > 0 || first > 0);   /* announced, unless early */
	/* Everything was taken: a further read returns 0 at once. */
	CHECK_RET(vmi_console_read(buf, sizeof(buf)), 0);
	vmi_irq_enable();
}
