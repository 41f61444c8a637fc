/*
 * counters.c - print the per-call VMI counters at power-off.
 *
 * Compiled only in VMI_COUNTERS=1 builds (the Makefile leaves this file out
 * otherwise).  The table is vmi_call_counts[], which backends/counters.S
 * links into every counter-build image beside the backend: a link-time
 * symbol, not a VMI call - the interface itself is unchanged.  The counts
 * are the guest's calls across the interface (see counters.S).
 */
#ifdef VMI_COUNTERS
#include "kernel.h"
#include "lib/klib.h"

extern uint32_t vmi_call_counts[VMI_NR_CALLS];

#define X(nr, name, group, hot) [nr] = "vmi_" #name,
static const char *const call_names[VMI_NR_CALLS] = { VMI_CALL_LIST(X) };
#undef X

/* Kernel entries from user mode, by kind. */
static uint32_t kentry_syscall, kentry_page_fault, kentry_other_trap, kentry_event;

void counters_kentry(uint32_t vector)
{
	if (vector == 0x80)
		kentry_syscall++;
	else if (vector == 14)
		kentry_page_fault++;
	else if (vector == 0x100)           /* TRAP_EVENT */
		kentry_event++;
	else
		kentry_other_trap++;
}

/* The backend's own counters (backends/native/mmu.c, backends/pvhv/info.c). */
uint32_t vmi_backend_counters(const char **names, uint32_t *vals, uint32_t max);
/* The network stack's (guest/net/net_counters.c). */
uint32_t net_counters(const char **names, uint32_t *vals, uint32_t max);

/* Append "NAME COUNT\n" at *LEN if it fits and COUNT is not 0 (a reader
 * takes a missing counter for 0: the page /proc gives holds the lot). */
static void put(char *buf, uint32_t n, uint32_t *len, const char *prefix, const char *name,
		uint32_t v)
{
	if (!v)
		return;
	int w = snprintf(buf + *len, n - *len, "%s%s %u\n", prefix, name, (unsigned)v);

	if (w > 0 && (uint32_t)w < n - *len)
		*len += (uint32_t)w;
}

int counters_text(char *buf, uint32_t n)
{
	uint32_t snap[VMI_NR_CALLS], vals[32], len = 0;
	const char *names[32];
	uint32_t k = vmi_backend_counters(names, vals, 32);

	for (unsigned i = 0; i < VMI_NR_CALLS; i++)
		snap[i] = vmi_call_counts[i];
	for (unsigned i = 0; i < VMI_NR_CALLS; i++)
		if (snap[i])
			put(buf, n, &len, "", call_names[i], snap[i]);
	put(buf, n, &len, "", "kentry_syscall", kentry_syscall);
	put(buf, n, &len, "", "kentry_page_fault", kentry_page_fault);
	put(buf, n, &len, "", "kentry_other_trap", kentry_other_trap);
	put(buf, n, &len, "", "kentry_event", kentry_event);
	for (uint32_t i = 0; i < k; i++)
		put(buf, n, &len, "be_", names[i], vals[i]);
	k = net_counters(names, vals, 32);
	for (uint32_t i = 0; i < k; i++)
		put(buf, n, &len, "net_", names[i], vals[i]);
	return (int)len;
}

void counters_reset(void)
{
	for (unsigned i = 0; i < VMI_NR_CALLS; i++)
		vmi_call_counts[i] = 0;
}

/*
 * Snapshot first, then print: the printing itself calls console_write
 * (and whatever the console path uses), which must not count.
 */
void counters_print(void)
{
	uint32_t snap[VMI_NR_CALLS];

	for (unsigned i = 0; i < VMI_NR_CALLS; i++)
		snap[i] = vmi_call_counts[i];
	for (unsigned i = 0; i < VMI_NR_CALLS; i++)
		if (snap[i])
			printf("counters: %s %u\n", call_names[i], (unsigned)snap[i]);
}
#endif
