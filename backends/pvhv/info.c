/*
 * info.c - introspection calls and the vmi_table descriptor on pvhv.
 *
 * vmi_table lists every entry point by call number, built from the
 * generated VMI_CALL_LIST so a call missing from this backend is a link
 * error and a hole in the table is impossible.
 */
#include "backend.h"

uint32_t vmi_abi_version(void)
{
	return VMI_ABI_VERSION;
}

const char *vmi_backend_name(void)
{
	return "pvhv";
}

/* Other domains exist, run time excludes descheduled time, the hypervisor
 * owns the console's input, lazy mode batches into one hypercall, and the
 * kernel runs in ring 1; block devices if the hypervisor gave the domain
 * one (it says so in the shared page). */
uint32_t vmi_features(void)
{
	return VMI_FEAT_INTERDOMAIN | VMI_FEAT_VTIME | VMI_FEAT_CONSOLE_IN |
	       VMI_FEAT_LAZY_MMU | VMI_FEAT_DEPRIV | VMI_FEAT_CONTROL | VMI_FEAT_BALLOON |
	       VMI_FEAT_NET |
	       (SHARED->features & VMI_FEAT_BLOCK);
}

const struct vmi_boot_info *vmi_boot_info(void)
{
	return pvhv_bi;
}

#define ENTRY(num, name, group, hot) [num] = (const void *)vmi_##name,
static const void *const entries[VMI_NR_CALLS] = { VMI_CALL_LIST(ENTRY) };
#undef ENTRY

const struct vmi_table vmi_table = {
	.magic = VMI_TABLE_MAGIC,
	.abi_version = VMI_ABI_VERSION,
	.nr_calls = VMI_NR_CALLS,
	.backend = "pvhv",
	.entries = entries,
};

#ifdef VMI_COUNTERS
/* VMI_COUNTERS=1 builds: what the hypervisor counted for this domain (the
 * shared page's counters), for the guest's /proc/vmi_counters (make bench
 * EVENTS=1).  Not a VMI call: a link-time symbol like vmi_call_counts. */
uint32_t vmi_backend_counters(const char **names, uint32_t *vals, uint32_t max);
uint32_t vmi_backend_counters(const char **names, uint32_t *vals, uint32_t max)
{
#define HCN(x) [x] = "hc_" #x
	static const char *const hc[HC_NR] = {
		HCN(HC_SET_TRAP_TABLE), HCN(HC_MMU_UPDATE), HCN(HC_SET_GDT_ENTRY),
		HCN(HC_STACK_SWITCH), HCN(HC_SET_CALLBACK), HCN(HC_FPU_TASKSWITCH),
		HCN(HC_CONSOLE_IO), HCN(HC_MULTICALL), HCN(HC_IRET), HCN(HC_SCHED_OP),
		HCN(HC_TIMER_OP), HCN(HC_EVTCHN_OP), HCN(HC_MMUEXT_OP), HCN(HC_EVENT_CHECK),
		HCN(HC_PTE_WRITE), [HC_BLKIF_OP] = "hc_HC_BLKIF_OP",
		[HC_NETIF_OP] = "hc_HC_NETIF_OP", HCN(HC_EVTCHN_SEND),
	};
#undef HCN
	uint32_t i = 0;

#define PUT(n, v) do { if (i < max) { names[i] = (n); vals[i] = (v); i++; } } while (0)
	PUT("hypercalls", SHARED->hypercalls);
	for (uint32_t nr = 0; nr < HC_NR; nr++)
		PUT(hc[nr] ? hc[nr] : "hc_?", SHARED->counters.hc[nr]);
	PUT("reflected", SHARED->counters.reflected);
	PUT("upcalls", SHARED->counters.upcalls);
	PUT("tlb_flush", SHARED->counters.tlb_flush);
	PUT("tlb_flush_one", SHARED->counters.tlb_flush_one);
	PUT("cr3_loads", SHARED->cr3_loads);
#undef PUT
	return i;
}
#endif
