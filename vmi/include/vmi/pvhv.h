/*
 * vmi/pvhv.h - the binary interface between backends/pvhv (the guest side) and
 * hypervisor/ (our paravirtual hypervisor): hypercall numbers and arguments,
 * the per-domain shared-info page, the segment layout and the image note.
 *
 * Like Xen's public headers this is the whole contract; guests never include
 * it (they see only vmi/vmi.h).  Hypercall: `int $0x82` from ring 1, EAX =
 * number, arguments in EBX, ECX, EDX, ESI, EDI, result (0 or -VMI_E*, or a
 * value) in EAX.  Ring 3 gets #GP.  Every guest pointer is a guest virtual
 * address checked by the hypervisor; a bad one gives -VMI_EFAULT.
 */
#ifndef VMI_PVHV_H
#define VMI_PVHV_H

#include <vmi/abi.h>

#define PVHV_HYPERCALL_VECTOR 0x82

/* ---- hypercall numbers ---- */
#define HC_SET_TRAP_TABLE  0  /* (const struct vmi_trap_entry *t, count) */
#define HC_MMU_UPDATE      1  /* (const struct vmi_mmu_update *r, count, uint32_t *done)
                               *  ptr is the entry's MACHINE address | command */
#define HC_SET_GDT_ENTRY   2  /* (index, desc_lo, desc_hi) */
#define HC_STACK_SWITCH    3  /* (ss, esp): the ring-1 stack for traps from ring 3 */
#define HC_SET_CALLBACK    4  /* (event callback entry) */
#define HC_FPU_TASKSWITCH  5  /* (set): virtual CR0.TS */
#define HC_CONSOLE_IO      6  /* (CONSOLEIO_*, len, buf) */
#define HC_MULTICALL       7  /* (struct pvhv_multicall *calls, count, 0) */
#define HC_IRET            8  /* jumped to: see backends/pvhv/iret.S */
#define HC_SCHED_OP        9  /* (SCHEDOP_*, a1, a2) */
#define HC_TIMER_OP       10  /* (TIMEROP_*, deadline_lo, deadline_hi) */
#define HC_EVTCHN_OP      11  /* (EVTCHNOP_*, a1, a2) -> port or error */
#define HC_MMUEXT_OP      12  /* (MMUEXT_*, mfn or va) */
#define HC_EVENT_CHECK    13  /* () deliver what is pending on the way back */
#define HC_PTE_WRITE      14  /* (ptr, val): one HC_MMU_UPDATE entry in registers -
                               *  a page fault's update without a list to copy */
#define HC_DOMCTL         15  /* (DOMCTL_*, domid, a1, a2): the control plane,
                               *  privileged domain only (-VMI_EPERM) */
#define HC_BLKIF_OP       16  /* (BLKOP_*, dev, a2): virtual block devices */
#define HC_MEMORY_OP      17  /* (MEMOP_*, a1, a2, a3): ballooning (balloon.c) */
#define HC_NETIF_OP       18  /* (NETOP_*, a1, a2, a3): VIFs and the VFR (hypervisor/vif.c) */
#define HC_EVTCHN_SEND    19  /* (port): EVTCHNOP_SEND with a fast path of its own
                               *  (hypervisor/entry.S).  ECX and EDX are not preserved,
                               *  and the way back may leave this domain's events
                               *  undelivered: the caller enters its callback itself
                               *  when upcall_pending is set and events are enabled */
#define HC_SET_LDT        20  /* (const uint64_t *descs, count): the domain's LDT */
#define HC_NR             21

#define BLKOP_COUNT   0  /* () -> number of VBDs */
#define BLKOP_INFO    1  /* (dev, struct vmi_blk_info *) */
#define BLKOP_ATTACH  2  /* (dev, ring pfn) -> port */
#define BLKOP_NOTIFY  3  /* (dev) */

#define NETOP_COUNT      0  /* () -> number of VIFs (1) */
#define NETOP_INFO       1  /* (dev, struct vmi_net_info *) */
#define NETOP_ATTACH     2  /* (dev, tx pfn, rx pfn) -> port */
#define NETOP_NOTIFY     3  /* (dev) */
#define NETOP_STATS      4  /* (dev, struct vmi_net_stats *) */
/* the control plane's part: privileged domain only (-VMI_EPERM) */
#define NETOP_VIF_INFO   5  /* (domid, index, struct vmi_vif_info *) */
#define NETOP_VIF_SET    6  /* (domid, index, const struct vmi_vif_config *) */
#define NETOP_RULE_GET   7  /* (index, struct vmi_vfr_rule *) -> number of rules */
#define NETOP_RULE_SET   8  /* (VMI_VFR_ADD/DEL/POLICY, index, const struct vmi_vfr_rule *) */

#define MEMOP_RELEASE     0  /* (const uint32_t *mfns, count) -> count */
#define MEMOP_POPULATE    1  /* (const uint32_t *pfns, count, uint32_t *mfns_out) -> count */
#define MEMOP_TARGET      2  /* () -> the caller's target in pages */
#define MEMOP_SET_TARGET  3  /* (domid, pages): privileged domain only */

#define DOMCTL_INFO      0  /* (first_id, struct vmi_dom_info *) -> id */
#define DOMCTL_PAUSE     1  /* (id) */
#define DOMCTL_UNPAUSE   2  /* (id) */
#define DOMCTL_DESTROY   3  /* (id) */
#define DOMCTL_SCHED     4  /* (id, weight, warp_us) */
#define DOMCTL_LOG_READ  5  /* (offset, buf, len) -> count */
#define DOMCTL_CREATE    6  /* (struct vmi_dom_create *) -> id, or DOMCTL_CONTINUE */
#define DOMCTL_SHUTDOWN  7  /* (id) */
#define DOMCTL_CONSOLE_READ  8  /* (id, uint32_t *offset, buf, len) -> count */
#define DOMCTL_CONSOLE_WRITE 9  /* (id, buf, len) -> count */
#define DOMCTL_HV_INFO   10 /* (struct vmi_hv_info *) */
/* Virtual block devices (vbd.c); numbered apart from the rest so that
 * other additions to the control plane do not collide with them. */
#define DOMCTL_VBD_ATTACH 20 /* (id, const struct vmi_vbd *) -> dev */
#define DOMCTL_VBD_DETACH 21 /* (id, dev) */
#define DOMCTL_VBD_INFO   22 /* (id, dev, struct vmi_vbd *) */
/* DOMCTL_CREATE does a bounded part of the build per call and answers
 * this until it is done: the caller repeats the same call (with the same
 * request), after which the new id or an error comes back.  Between the
 * calls the hypervisor takes interrupts and may run other domains. */
#define DOMCTL_CONTINUE  0x7FFFFFFF

#define CONSOLEIO_WRITE 0
#define CONSOLEIO_READ  1

#define SCHEDOP_YIELD    0
#define SCHEDOP_BLOCK    1  /* wait until an unmasked port is pending */
#define SCHEDOP_SHUTDOWN 2  /* (reason, code) */

#define TIMEROP_SET    0
#define TIMEROP_CANCEL 1

#define EVTCHNOP_BIND_VIRQ        0  /* (virq) */
#define EVTCHNOP_ALLOC_UNBOUND    1  /* (remote domid or VMI_DOMID_SELF) */
#define EVTCHNOP_BIND_INTERDOMAIN 2  /* (remote domid, remote port) */
#define EVTCHNOP_SEND             3  /* (port) */
#define EVTCHNOP_CLOSE            4  /* (port) */

#define MMUEXT_PIN_L1      0  /* (mfn) */
#define MMUEXT_PIN_L2      1  /* (mfn) */
#define MMUEXT_UNPIN       2  /* (mfn) */
#define MMUEXT_NEW_BASEPTR 3  /* (mfn of a pinned L2): load CR3 */
#define MMUEXT_TLB_FLUSH   4  /* () */
#define MMUEXT_INVLPG      5  /* (va) */

#define PVHV_MULTICALL_MAX 64

/* ---- segments (the hypervisor's GDT; guests get them via the boot info) ---- */
#define PVHV_HV_CS      0x08
#define PVHV_HV_DS      0x10
#define PVHV_KERNEL_CS  0x19  /* ring 1, base 0, limit PVHV_SEG_LIMIT */
#define PVHV_KERNEL_DS  0x21
#define PVHV_USER_CS    0x2B  /* ring 3, same limit */
#define PVHV_USER_DS    0x33
#define PVHV_TSS        0x38
#define PVHV_TLS_FIRST  8     /* GDT slots 8-10: per domain */
#define PVHV_TLS_COUNT  3
#define PVHV_LDT_SLOT   11    /* GDT slot of the current domain's LDT (ldt.c) */
#define PVHV_SEG_LIMIT  0xFC3FFFFFu

/* ---- virtual layout above VMI_HV_START ---- */
#define PVHV_M2P_VA          0xFC000000u /* machine-to-physical, read-only */
#define PVHV_M2P_MAX_FRAMES  0x000FF000u /* entries that fit below the shared page */
#define PVHV_SHARED_INFO_VA  0xFC3FF000u /* this domain's shared-info page, RW */
#define PVHV_HV_BASE         0xFC400000u /* hypervisor text/data and above */

/* ---- the shared-info page: one per domain, at PVHV_SHARED_INFO_VA ---- */
#define PVHV_SHARED_MAGIC 0x50564853u  /* "SHVP" */
#define PVHV_SHARED_VERSION 4   /* 2: hypercalls counter; 3: isolation, cr3_loads;
                                 * 4: features */

/* How the hypervisor keeps guest kernels out of its memory (the shared
 * page's isolation field; docs/DESIGN.md, "Isolation"). */
#define PVHV_ISOLATION_SEGMENTS       1  /* segment limits end at PVHV_SEG_LIMIT */
#define PVHV_ISOLATION_ADDRESS_SPACES 2  /* a guest's page tables map nothing of
                                          * the hypervisor but its entry pages */
/* With address spaces, every return from the hypervisor to a guest loads
 * CR3 (its view): the TLB holds nothing older than the guest's last
 * hypervisor entry, and page tables change only through hypercalls - so a
 * guest's own TLB flushes are already done (backends/pvhv/mmu.c). */

#ifndef __ASSEMBLER__
/* One entry of HC_MULTICALL; result receives the call's EAX. */
struct pvhv_multicall {
	uint32_t op;
	uint32_t args[5];
	int32_t result;
};

struct pvhv_time_info {
	uint32_t version;          /* odd while the hypervisor updates (seqlock) */
	uint32_t pad;
	uint64_t tsc_timestamp;    /* TSC at system_time */
	uint64_t system_time;      /* ns since boot */
	uint32_t tsc_to_system_mul;
	int32_t tsc_shift;         /* ns = ((tsc - stamp) << shift) * mul >> 32 */
	uint64_t wallclock_base;   /* ns since the epoch at system time 0 */
	uint64_t vtime_base;       /* this domain's run time at vtime_stamp */
	uint64_t vtime_stamp;      /* system time it was last scheduled in */
};

struct pvhv_shared_info {
	uint32_t magic;            /* PVHV_SHARED_MAGIC */
	uint32_t version;          /* PVHV_SHARED_VERSION */
	uint8_t upcall_pending;    /* the hypervisor saw deliverable work */
	uint8_t upcall_mask;       /* the virtual interrupt flag, inverted */
	uint16_t domid;
	uint32_t cr2;              /* fault address of the last reflected #PF */
	struct pvhv_time_info time;
	uint32_t evtchn_pending[VMI_NR_PORTS / 32];
	uint32_t evtchn_mask[VMI_NR_PORTS / 32];
	uint32_t hypercalls;       /* this domain's hypercalls so far (for tests
	                            * proving that hot calls never trap) */
	uint32_t isolation;        /* PVHV_ISOLATION_* */
	uint32_t cr3_loads;        /* page-table loads (each a TLB flush) while
	                            * this domain was current: what isolation
	                            * costs, for tests and make bench */
	uint32_t features;         /* VMI_FEAT_* that depend on the domain's
	                            * configuration: VMI_FEAT_BLOCK when it has
	                            * a virtual block device */
#ifdef VMI_COUNTERS
	/* VMI_COUNTERS=1 builds only (hypervisor and guest both built so):
	 * what the hypervisor did for this domain, for make bench EVENTS=1
	 * (read through the guest's /proc/vmi_counters).  Appended: nothing
	 * above moves. */
	struct {
		uint32_t hc[HC_NR];        /* hypercalls by number */
		uint32_t reflected;        /* exceptions reflected to the guest */
		uint32_t upcalls;          /* event callback entries */
		uint32_t tlb_flush;        /* full TLB flushes */
		uint32_t tlb_flush_one;    /* single-page flushes (invlpg) */
	} counters;
#endif
};

#endif /* !__ASSEMBLER__ */

/* ---- the ELF note every pvhv guest image carries ---- */
#define PVHV_NOTE_NAME  "VMI"      /* namesz 4 including the NUL */
#define PVHV_NOTE_TYPE  1          /* desc: uint32_t ABI version (major << 16 | minor) */

#endif /* VMI_PVHV_H */
