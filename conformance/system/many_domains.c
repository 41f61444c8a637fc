/*
 * system/many_domains - many small domains at once (many_domains.domains:
 * a hub and 127 others of 4 MiB): every one is built, scheduled and heard
 * from.  The hub (domain 0) offers domain k its port k (ports are handed
 * out lowest first); each other domain, named cK, binds that offer
 * (retrying with a yield until it exists), checks that its port is k,
 * sends one event and ends.  The hub waits until every port has fired
 * exactly once - each domain checked in - and checks that no event came on
 * a port nobody was offered.  Nothing depends on timing: a domain that
 * never runs leaves the hub waiting until the runner's timeout.
 */
#include "../runtime/test.h"

const char test_title[] = "many domains: every one is built, runs and checks in";

#define MAX_OTHERS (VMI_NR_PORTS - 1)

static volatile unsigned fired[VMI_NR_PORTS];
static volatile unsigned checked_in;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)r;
	if (fired[port]++ == 0)
		checked_in++;
}

/* The number after "name=c" in the command line; 0 for the hub. */
static unsigned my_number(void)
{
	const char *s = test_bi->cmdline;
	unsigned n = 0;

	if (strncmp(s, "name=c", 6))
		return 0;
	for (s += 6; *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (unsigned)(*s - '0');
	return n;
}

static void hub(unsigned others)
{
	CHECK_LE(others, MAX_OTHERS);
	for (unsigned k = 1; k <= others && k <= MAX_OTHERS; k++) {
		int port = vmi_evtchn_alloc_unbound(k);
		if (port != (int)k)
			CHECK_RET(port, k);
		event_set_handler(k, on_event);
	}
	vmi_irq_enable();
	while (checked_in < others)
		vmi_safe_halt();
	vmi_irq_disable();
	test_env("domains checked in: %u", checked_in);
	CHECK_EQ(checked_in, others);
	unsigned twice = 0;
	for (unsigned k = 1; k <= others; k++)
		twice += fired[k] != 1;
	CHECK_EQ(twice, 0);
	CHECK_EQ(event_spurious, 0);
}

static void other(unsigned k)
{
	int port;

	while ((port = vmi_evtchn_bind_interdomain(0, k)) == -VMI_EINVAL)
		vmi_sched_yield();      /* the hub has not offered it yet */
	if (port <= 0)
		CHECK_GT(port, 0);
	else
		CHECK_RET(vmi_evtchn_send((unsigned)port), 0);
}

void test_main(void)
{
	unsigned k = my_number();

	if (k == 0)
		hub(test_option("others", 0));
	else
		other(k);
}
