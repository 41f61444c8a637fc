/*
 * vmi_bench - VMI-level micro-benchmarks for `make bench` (scripts/bench.py).
 *
 * NOT a conformance test: conformance/run.py discovers only the categories
 * calls, system, hostile and fuzz, so nothing here is ever judged.  It is
 * built for both backends with the test runtime (for boot, traps and
 * events) and prints, like guest/user/bench.c, one line per benchmark:
 *
 *   bench vmi_<name> median_us=<x> min_us=<y> max_us=<z> reps=<n>
 *
 * timed with vmi_time_ns (no FPU in kernel code: values are printed as
 * fixed-point microseconds).
 *
 *  - vmi_null_call: vmi_sched_yield.  Under pvhv a hypercall with a single
 *    domain (the hypervisor finds nobody else to run and returns): the
 *    null hypercall round trip.  Natively there is no hypercall at all -
 *    the native backend's yield is a plain function return - so the
 *    native number is a call's cost and the ratio is hypercall vs call.
 *  - vmi_event_latency: a loop-back channel pair, events enabled: the time
 *    from just before vmi_evtchn_send(a) to the entry of b's handler.
 *  - vmi_time_read: one vmi_time_ns call.
 */
#include "../runtime/test.h"

const char test_title[] = "bench: VMI-level micro-benchmarks (not a test)";

#define REPS        7
#define CALL_OPS    20000
#define EVENT_OPS   2000
#define TIME_OPS    20000

static uint64_t samples[REPS];      /* picoseconds per operation */

static void sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* "12.345678" for a picosecond count, in microseconds. */
static void fmt_us(char *buf, size_t len, uint64_t ps)
{
	snprintf(buf, len, "%llu.%06llu", (unsigned long long)(ps / 1000000),
	         (unsigned long long)(ps % 1000000));
}

static void report(const char *name)
{
	char med[32], lo[32], hi[32];

	sort(samples, REPS);
	fmt_us(med, sizeof med, samples[REPS / 2]);
	fmt_us(lo, sizeof lo, samples[0]);
	fmt_us(hi, sizeof hi, samples[REPS - 1]);
	printf("bench %s median_us=%s min_us=%s max_us=%s reps=%d\n", name, med, lo, hi, REPS);
}

static void batch_yield(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		vmi_sched_yield();
}

static volatile uint64_t time_sink;

static void batch_time(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		time_sink += vmi_time_ns();
}

/* Time N calls of FN per sample, after one warm-up batch. */
static void bench_loop(const char *name, void (*fn)(unsigned), unsigned n)
{
	fn(n);
	for (int r = 0; r < REPS; r++) {
		uint64_t t0 = vmi_time_ns();

		fn(n);
		samples[r] = (vmi_time_ns() - t0) * 1000 / n;
	}
	report(name);
}

static volatile unsigned delivered;
static volatile uint64_t delivered_at;

static void on_event(unsigned port, struct trap_regs *r)
{
	(void)port;
	(void)r;
	delivered_at = vmi_time_ns();
	delivered++;
}

#define SPIN_LIMIT 10000000u

/* Sum of send-to-handler latencies over N events, in ns; 0 on a loss. */
static uint64_t batch_event(int a, unsigned n)
{
	uint64_t sum = 0;

	for (unsigned i = 0; i < n; i++) {
		unsigned want = delivered + 1, spin = 0;
		uint64_t t0 = vmi_time_ns();

		vmi_evtchn_send(a);
		while (delivered != want && ++spin < SPIN_LIMIT)
			;
		if (delivered != want)
			return 0;
		sum += delivered_at - t0;
	}
	return sum;
}

static void bench_event(void)
{
	int a = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	int b = a > 0 ? vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, a) : -1;
	int lost = 0;

	CHECK_GT(a, 0);
	CHECK_GT(b, 0);
	if (a <= 0 || b <= 0)
		return;
	event_set_handler(b, on_event);
	vmi_irq_enable();
	batch_event(a, EVENT_OPS);
	for (int r = 0; r < REPS; r++) {
		uint64_t sum = batch_event(a, EVENT_OPS);

		lost |= sum == 0;
		samples[r] = sum * 1000 / EVENT_OPS;
	}
	CHECK_EQ(lost, 0);
	vmi_evtchn_close(b);
	vmi_evtchn_close(a);
	if (!lost)
		report("vmi_event_latency");
}

void test_main(void)
{
	test_env("null call is vmi_sched_yield: a hypercall on pvhv, "
	         "a plain return natively");
	bench_loop("vmi_null_call", batch_yield, CALL_OPS);
	bench_loop("vmi_time_read", batch_time, TIME_OPS);
	bench_event();
}
