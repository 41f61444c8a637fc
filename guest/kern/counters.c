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
