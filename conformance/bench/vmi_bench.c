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
 *  - vmi_trap: a ud2 in the kernel, handled by it (skipped) and returned
 *    from with vmi_iret: an exception's round trip, reflected by the
 *    hypervisor on pvhv.
 *  - vmi_pte_write: one vmi_pte_write outside lazy mode (a demand fault's
 *    update: HC_PTE_WRITE on pvhv).
 *  - vmi_set_pagetable: a switch between two L2s mapping the same (a
 *    process switch's address-space change).
 *
 * On pvhv each line is followed by the page-table loads (CR3 writes, each
 * a full TLB flush without PCIDs) one operation cost, from the counter in
 * the shared page (pvhv.h cr3_loads), for make bench's isolation table:
 *
 *   bench-cr3 vmi_<name> per_op=<x>
 *
 * and, for make bench's events table, the same loads and the hypercalls
 * (the shared page's hypercalls counter) over all timed operations:
 *
 *   bench-event vmi_<name> be_cr3_loads <count> <ops>
 *   bench-event vmi_<name> be_hypercalls <count> <ops>
 *
 * Both counters are read outside the timed loops.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>

const char test_title[] = "bench: VMI-level micro-benchmarks (not a test)";

#define REPS        7
#define CALL_OPS    20000
#define EVENT_OPS   2000
#define TIME_OPS    20000
#define TRAP_OPS    5000
#define PTE_OPS     5000
#define SWITCH_OPS  2000
#define TEST_VA     0x40000000u

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

/* pvhv: the shared page's page-table load counter; natively none. */
static volatile const uint32_t *cr3_loads;

/* pvhv: the shared page's hypercall counter. */
static volatile const uint32_t *hypercalls;

static uint32_t hc_now(void)
{
	return hypercalls ? *hypercalls : 0;
}

static void report_cr3(const char *name, uint32_t loads, uint32_t ops, uint32_t hcs)
{
	uint64_t milli = (uint64_t)loads * 1000 / ops;

	if (!cr3_loads)
		return;
	printf("bench-cr3 %s per_op=%llu.%03llu\n", name, (unsigned long long)(milli / 1000),
	       (unsigned long long)(milli % 1000));
	printf("bench-event %s be_cr3_loads %u %u\n", name, (unsigned)loads, (unsigned)ops);
	printf("bench-event %s be_hypercalls %u %u\n", name, (unsigned)hcs, (unsigned)ops);
}

static uint32_t cr3_now(void)
{
	return cr3_loads ? *cr3_loads : 0;
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
	uint32_t loads, hcs;

	fn(n);
	loads = cr3_now();
	hcs = hc_now();
	for (int r = 0; r < REPS; r++) {
		uint64_t t0 = vmi_time_ns();

		fn(n);
		samples[r] = (vmi_time_ns() - t0) * 1000 / n;
	}
	loads = cr3_now() - loads;
	hcs = hc_now() - hcs;
	report(name);
	report_cr3(name, loads, REPS * n, hcs);
}

/* ---- an exception, a page-table entry, an address-space switch ---- */

/* Calls in timed loops are checked without a line each. */
static unsigned mmu_errors;
#define CHECK_RET_QUIET(expr) (mmu_errors += (expr) != 0)

static void skip_ud2(struct trap_regs *r)
{
	r->f.eip += 2;
}

static void batch_trap(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		asm volatile("ud2" : : : "memory");
}

static uint32_t pte_paddr;
static vmi_pte_t pte_vals[2];

static void batch_pte(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		CHECK_RET_QUIET(vmi_pte_write(pte_paddr, pte_vals[i & 1]));
}

static uint32_t l2s[2];

static void batch_switch(unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		CHECK_RET_QUIET(vmi_set_pagetable(l2s[(i + 1) & 1]));
}

/* A second L2 with the current one's guest slots: the same kernel. */
static uint32_t clone_l2(void)
{
	uint32_t l2 = pt_new_table(2);
	const vmi_pte_t *cur = pfn_to_va(pt_current_l2);

	for (uint32_t s = 0; s < VMI_L2_HV_FIRST; s++)
		if (cur[s] & VMI_PTE_P)
			CHECK_RET_QUIET(vmi_pte_write((l2 << VMI_PAGE_SHIFT) | s * 4, cur[s]));
	return l2;
}

static void bench_mmu(void)
{
	uint32_t frame = frame_alloc();

	trap_set_handler(6, skip_ud2);
	bench_loop("vmi_trap", batch_trap, TRAP_OPS);
	CHECK_RET(pt_map(pt_current_l2, TEST_VA, frame, VMI_PTE_P), 0);
	pte_paddr = pt_entry_paddr(pt_current_l2, TEST_VA);
	pte_vals[0] = 0;
	pte_vals[1] = vmi_make_pte(frame, VMI_PTE_P);
	bench_loop("vmi_pte_write", batch_pte, PTE_OPS);
	l2s[0] = pt_current_l2;
	l2s[1] = clone_l2();
	bench_loop("vmi_set_pagetable", batch_switch, SWITCH_OPS);
	CHECK_RET(vmi_set_pagetable(l2s[0]), 0);
	CHECK_EQ(mmu_errors, 0);
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
	uint32_t loads = cr3_now(), hcs = hc_now();
	for (int r = 0; r < REPS; r++) {
		uint64_t sum = batch_event(a, EVENT_OPS);

		lost |= sum == 0;
		samples[r] = sum * 1000 / EVENT_OPS;
	}
	CHECK_EQ(lost, 0);
	vmi_evtchn_close(b);
	vmi_evtchn_close(a);
	if (!lost) {
		report("vmi_event_latency");
		report_cr3("vmi_event_latency", cr3_now() - loads, REPS * EVENT_OPS,
		           hc_now() - hcs);
	}
}

void test_main(void)
{
	test_env("null call is vmi_sched_yield: a hypercall on pvhv, "
	         "a plain return natively");
	if (!strcmp(vmi_backend_name(), "pvhv")) {
		cr3_loads = &((volatile const struct pvhv_shared_info *)PVHV_SHARED_INFO_VA)->cr3_loads;
		hypercalls = &((volatile const struct pvhv_shared_info *)PVHV_SHARED_INFO_VA)->hypercalls;
	}
	bench_loop("vmi_null_call", batch_yield, CALL_OPS);
	bench_loop("vmi_time_read", batch_time, TIME_OPS);
	bench_event();
	bench_mmu();
}
