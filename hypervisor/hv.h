/*
 * hv.h - the hypervisor's internal interfaces: memory layout, the domain
 * structure, and what each file of hypervisor/ offers the others.
 *
 * Machine memory below HV_RESERVED_TOP belongs to the hypervisor (image,
 * boot information, heap); the frame table and the M2P take the top of
 * memory; boot modules are moved above HV_RESERVED_TOP at boot and freed
 * once their domain is built; the rest is handed to domains one by one.
 * Virtual layout above VMI_HV_START, the same in every address space:
 *
 *   0xFC000000 slot 1008        per domain: M2P (read-only) + shared info (RW)
 *   0xFC400000 slot 1009        hypervisor image (linked here, loaded at 1 MiB)
 *   0xFC800000 slots 1010-1011  boot: the ramdisk module being built
 *   0xFD000000 slots 1012-1015  direct map of machine [0, HV_RESERVED_TOP)
 *   0xFE000000 slots 1016-1020  frame table (HV_FRAMES_VA, 2^20 frames)
 *   0xFF400000 slot 1021        M2P, writable (HV_M2P_HV_VA)
 *   0xFF800000 slot 1022        boot: the image module being built
 *   0xFFC00000 slot 1023        mapping windows (map_domain_page)
 *
 * The guest kernel runs in ring 1 with segments ending at PVHV_SEG_LIMIT.
 * Where the processor enforces that limit (hardware, KVM) it cannot address
 * 0xFC400000 and up; where it does not (QEMU's TCG), a guest runs on a view
 * of its tables that maps nothing above 0xFC400000 but the switcher pages
 * (isolation.c; docs/DESIGN.md, "Isolation").
 */
#ifndef HV_H
#define HV_H

#include <stdint.h>
#include <vmi/vmi.h>
#include <vmi/pvhv.h>

#define HV_RESERVED_TOP  0x01000000u          /* 16 MiB */
#define HV_DIRECT_BASE   0xFD000000u
#define HV_VA(pa)        ((void *)((uint32_t)(pa) + HV_DIRECT_BASE))
#define HV_PA(va)        ((uint32_t)(va) - HV_DIRECT_BASE)
#define HV_IMAGE_BASE    PVHV_HV_BASE
#define HV_FRAMES_VA     0xFE000000u
#define HV_M2P_HV_VA     0xFF400000u
#define HV_MODULE_VA     0xFF800000u          /* a domain's image */
#define HV_MODULE_MAX    0x00400000u          /* ... 4 MiB */
#define HV_MAX_DOMAINS   256
#define HV_DEFAULT_MEM_MB 32
#define OWNER_FREE       0xFFFFu
#define OWNER_HV         0xFFFEu
#define OWNER_IO_ORPHAN  0xFFFDu   /* its domain died during I/O (frame_io.c) */
#define HV_SWITCHER_SLOT (PVHV_HV_BASE >> 22)   /* 1009: the switcher's L1 */
#define HV_VIEWS         16     /* views cached per domain (address spaces) */
/* Hypervisor data the processor reads while a guest runs (IDT, GDT, TSS,
 * what the entry path reads before it switches tables): on the switcher's
 * read-only page (hv.ld). */
#define HV_SWITCHER_DATA __attribute__((section(".switcher.data")))

/* Registers saved on the hypervisor stack at every entry (entry.S builds it). */
struct hv_regs {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;   /* pusha */
	uint32_t vector, error;
	uint32_t eip, cs, eflags, esp, ss;   /* esp/ss only from rings 1 and 3 */
};

static inline int regs_from_guest(const struct hv_regs *r) { return (r->cs & 3) != 0; }

/* DOM_BUILDING: a slot dom0's DOMCTL_CREATE is filling (domain_create.c);
 * not live, never scheduled. */
enum dom_state { DOM_FREE, DOM_RUNNABLE, DOM_BLOCKED, DOM_DEAD, DOM_BUILDING };
enum port_state { PORT_FREE, PORT_VIRQ, PORT_UNBOUND, PORT_INTERDOMAIN, PORT_DEVICE };

struct hv_port {
	uint8_t state, virq;
	uint16_t remote_dom;   /* UNBOUND: who may bind; INTERDOMAIN: peer domain */
	uint16_t remote_port;  /* INTERDOMAIN: peer port */
};

struct domain {
	uint16_t id;
	enum dom_state state;
	char name[32];
	/* memory */
	uint32_t nr_pages;               /* pseudo-physical frames: the maximum */
	uint32_t nr_released;            /* ... of them without memory (ballooned) */
	uint32_t target_pages;           /* set by dom0; 0: nr_pages (balloon.c) */
	uint32_t *mfns;                  /* pfn -> mfn, hypervisor's copy */
	uint32_t cr3_mfn;                /* current L2 */
	/* address-space isolation (pagetype.c): the L2s the guest runs on,
	 * hypervisor pages mirroring the guest slots of recently used L2s;
	 * all NULL in segment mode */
	struct hv_view {
		uint32_t *l2;            /* the view's page */
		uint32_t of;             /* the L2 it mirrors; 0: none */
		uint32_t used;           /* view_clock when last selected */
	} views[HV_VIEWS];
	uint32_t view_clock;             /* LRU stamps */
	uint32_t *view_l2;               /* the view of cr3_mfn */
	uint32_t view_pa;                /* ... its machine address (entry.S) */
	uint32_t slot1008_l1_mfn;        /* per-domain M2P + shared-info L1 */
	struct pvhv_shared_info *shared; /* hypervisor's mapping of it */
	uint32_t shared_mfn;
	/* processor */
	struct hv_regs regs;             /* saved while not running */
	uint32_t kernel_ss, kernel_esp;
	uint32_t trap_handler[VMI_NR_EXCEPTIONS + 1];  /* [32] = syscall vector */
	uint8_t trap_flags[VMI_NR_EXCEPTIONS + 1];
	uint32_t event_callback;
	uint64_t tls[PVHV_TLS_COUNT];
	uint64_t *ldt;                   /* ldt.c: its table (heap pages), or 0 */
	uint32_t ldt_count, ldt_gen;     /* entries; which table (0: none) */
	int vfpu_ts;                     /* guest asked for CR0.TS */
	int fpu_dirty;                   /* the FPU holds this domain's state */
	uint8_t fpu_state[512] __attribute__((aligned(16)));
	/* events */
	struct hv_port ports[VMI_NR_PORTS];
	uint16_t virq_port[VMI_NR_VIRQS];
	/* time */
	uint64_t timer_deadline;
	int timer_armed;                 /* on timer.c's list */
	struct domain *timer_next;       /* ... by deadline */
	struct domain *rq_next, *rq_prev; /* sched.c: the run queue (runnable) */
	uint64_t run_ns, sched_in_ns;
	/* BVT scheduling */
	uint32_t weight;                 /* share: higher runs more */
	uint64_t avt;                    /* actual virtual time */
	uint64_t warp_ns;                /* borrowed while warping */
	int warping;
	/* end */
	uint32_t exit_code;
	int is_console;                  /* receives console input */
	/* control plane (domctl.c) */
	int dom0_opt;                    /* module option "dom0" */
	int privileged;                  /* may use HC_DOMCTL */
	int paused;                      /* not scheduled until unpaused */
	int domctl_refused;              /* its refusal is logged once */
	int created;                     /* by DOMCTL_CREATE: console to its
	                                  * buffer only; ends with dom0 */
	int shutdown_asked;              /* DOMCTL_SHUTDOWN sent VIRQ_SHUTDOWN */
#ifdef VMI_COUNTERS
	/* hypercall histogram (VMI_COUNTERS=1 builds): by number, and the
	 * entries of multicalls by their op */
	uint32_t hc_count[HC_NR];
	uint32_t hc_batched[HC_NR];
#endif
};

extern struct domain domains[HV_MAX_DOMAINS];  /* defined in sched.c */
extern struct domain *current;       /* the domain whose state is loaded */

/* ---- log.c: the hypervisor's own log goes to COM2, never the guest console */
void hv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hv_panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* A log line the user must see: also sent to the launcher's console
 * (the status channel, drivers/statusport.h). */
void hv_alert(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The end of the run: the status channel says how ("exit N", "crash",
 * "rejected"), then QEMU exits (hv_exit).  A domain's exit code with
 * HV_EXIT_CRASHED set is a crash. */
#define HV_EXIT_CRASHED 0x100u
void hv_poweroff(uint32_t code) __attribute__((noreturn));
void hv_no_domain(void) __attribute__((noreturn));

/* ---- console.c: COM1, owned by the hypervisor, multiplexed by domain */
void console_init(void);
/* Up to len of d's bytes, at most *left bytes on the UART (*left is
 * decreased); returns how many of d's bytes were taken: written, or
 * dropped over d's rate (console.c). */
uint32_t console_put(struct domain *d, const char *buf, uint32_t len, uint32_t *left);
uint32_t console_call_budget(void);              /* *left for one hypercall */
void console_irq(void);
int console_read(struct domain *d, char *buf, uint32_t len);
/* Every domain's output is also kept in a buffer of its own, which dom0
 * reads (DOMCTL_CONSOLE_READ); dom0 queues input for the others. */
uint32_t console_log_copy(struct domain *d, uint32_t *offset, char *buf, uint32_t len);
uint32_t console_input_put(struct domain *d, const char *buf, uint32_t len);
struct domain *console_domain(void);             /* takes the UART's input */
void console_forget(struct domain *d);           /* its slot is reused */
void console_input_ready(struct domain *d);  /* d bound VIRQ_CONSOLE */
void console_hv_line(const char *line);          /* the hypervisor's own, at boot */

/* ---- guest_access.c: the one guarded path to guest memory */
int copy_from_guest(void *dst, uint32_t guest_va, uint32_t len);
int copy_to_guest(uint32_t guest_va, const void *src, uint32_t len);
/* [va, va + len) lies below the hypervisor, without wrapping.  Inline: the
 * event upcall's frame write checks it on the latency path. */
static inline int guest_range_ok(uint32_t va, uint32_t len)
{
	return va < VMI_HV_START && len <= VMI_HV_START - va;
}
/* copy.S: eip, cs, eflags stored at dst (range-checked by the caller);
 * 0 or -VMI_EFAULT. */
__attribute__((regparm(3))) int hv_put_frame3(uint32_t *dst, uint32_t eip, uint32_t cs,
					      uint32_t eflags);
/* Fault fixup: entry.S asks this on a hypervisor-mode page fault. */
int fixup_find(uint32_t eip, uint32_t *fixup_eip);

/* ---- frames.c, pagetype.c, mapping.c (private mm.h): frames, types,
 * validation.  CR4.PGE stays off: guest entries may carry the G bit, and a
 * global entry of one domain must not survive a switch to another. */
void heap_init(uint32_t start_pa, uint32_t end_pa); /* boot.c: free HV memory */
void mm_init(uint32_t top_frame);                 /* frames [HV_RESERVED_TOP>>12, top) free */
void *hv_alloc_page(void);                        /* zeroed, from the hypervisor heap */
void mm_map_fixed(uint32_t va, uint32_t mfn, uint32_t pages); /* mapping.c; mfn 0 unmaps */
void mm_reserve_frames(uint32_t first, uint32_t n); /* boot modules above the direct map */
void mm_release_frames(uint32_t first, uint32_t n); /* ... free for domains again */
uint32_t mm_free_frames(void);                    /* domain frames nobody owns */
uint32_t mm_heap_free_pages(void);                /* the hypervisor's own memory left */
int mm_balloon_release(struct domain *d, const uint32_t *mfns, uint32_t n);
int mm_balloon_populate(struct domain *d, const uint32_t *pfns, uint32_t n,
			uint32_t *mfns_out);
int mm_domain_init(struct domain *d);             /* slot-1008 L1, shared-info page */
int mm_alloc_domain_frames(struct domain *d, uint32_t n); /* zeroed frames into d->mfns, sets nr_pages; 0 or -err */
int mm_take_domain_frames(struct domain *d, uint32_t n);  /* the same, not zeroed yet */
void mm_scrub_frame(uint32_t mfn);
void mm_forget_domain(struct domain *d);          /* release, and the kept HV pages */
void mm_release_domain(struct domain *d);
void *map_domain_page(uint32_t mfn);
void unmap_domain_page(void *va);
void mm_load_cr3(uint32_t pa);                    /* a full flush too: advances the TLB clock */
void mm_flush_tlb(void);                          /* every entry, global ones included */
void m2p_set(uint32_t mfn, uint32_t pfn);
int mm_pin(struct domain *d, uint32_t mfn, int level);
int mm_unpin(struct domain *d, uint32_t mfn);
int mm_update(struct domain *d, uint32_t ptr, uint32_t val);
int mm_update_batch(struct domain *d, const struct vmi_mmu_update *u, uint32_t n, uint32_t *done);
int mm_new_baseptr(struct domain *d, uint32_t mfn);
void mm_fill_hv_slots(struct domain *d, uint32_t *l2);   /* slots 1008-1023 */
void mm_view_select(struct domain *d);             /* view_l2 := cr3_mfn's view */
int mm_view_add(struct domain *d, struct hv_view *v); /* frames.c: one more view page */
void mm_fill_view_slots(struct domain *d, uint32_t *view); /* slots 1008, 1009 */
uint32_t mm_idle_l2_pa(void);
uint32_t mm_nr_frames(void);
/* frame_io.c: frames held for device I/O (DMA straight into guest frames).
 * mm_io_hold takes a reference on a frame d owns that is no page table
 * (0, or -VMI_EINVAL); while any is held the frame cannot be pinned
 * (mm_pin: -VMI_EBUSY), and a domain dying meanwhile leaves it an orphan
 * that mm_io_release frees with the last reference.  Whatever gives a
 * domain's frame away or back to the free pool (ballooning) must first
 * ask mm_frame_io_busy and refuse a busy frame. */
int mm_io_hold(const struct domain *d, uint32_t mfn);
void mm_io_release(uint32_t mfn);
void mm_orphan_freed(uint32_t mfn);               /* frames.c: back to the free pool */
int mm_frame_io_busy(uint32_t mfn);

/* ---- isolation.c: segment limits or address spaces, chosen at boot */
extern uint32_t hv_switcher_l2e;     /* slot 1009 of every view; 0: segment mode */
void isolation_init(const char *cmdline);         /* after idt_init */
uint32_t isolation_mode(void);                    /* PVHV_ISOLATION_* */
void isolation_switch_to(struct domain *d);       /* d's view and counters */

/* ---- domain_build.c: one domain per multiboot module */
int domain_build(struct domain *d, const void *image, uint32_t len, const char *cmdline);
/* A ramdisk (an "initrd" module) copied into the domain as its boot module. */
struct hv_ramdisk {
	const void *data;                /* NULL: the bytes are at machine address mpa */
	uint32_t len;
	const char *cmdline;             /* the module's whole string */
	int in_hv_memory;                /* 0: refused (never at boot now) */
	uint32_t mpa;                    /* a boot module's bytes, copied page by page */
};
int domain_build_with_ramdisk(struct domain *d, const void *image, uint32_t len,
			      const char *cmdline, const struct hv_ramdisk *rd);

/* ---- entry.S: boot tables and the way into a guest */
extern uint32_t hv_idle_l2[1024];                 /* boot L2: slots 1009-1023 */
extern uint32_t hv_window_l1[1024];               /* slot 1023; [1022] maps itself */
#define HV_WINDOW_L1_VA 0xFFFFE000u
#define HV_WINDOW_BASE  0xFFC00000u               /* windows 0..HV_NR_WINDOWS-1 */
#define HV_NR_WINDOWS   16
void hv_enter_guest(const struct hv_regs *r) __attribute__((noreturn));
void hv_exit(uint32_t code) __attribute__((noreturn)); /* QEMU isa-debug-exit */

/* ---- traps.c: reflection and event delivery on the way back to a guest */
void trap_reflect(struct hv_regs *r, unsigned vector, int has_error, uint32_t error);
void return_to_guest_check(struct hv_regs *r);    /* bounce pending events */
void hv_trap(struct hv_regs *r);                  /* called by entry.S */
void idt_init(void);
void idt_set_syscall_gate(struct domain *d);
void gdt_init(void);
void gdt_load_domain(struct domain *d);            /* TLS slots, ss1/esp1 */
int gdt_set_tls(struct domain *d, uint32_t index, uint64_t desc);
int gdt_data_selector_ok(uint32_t sel, uint32_t cpl);
extern uint32_t gdt_tls_generation;               /* advanced at every TLS slot write
                                                    * and LDT change */
void gdt_segments_changed(void);                    /* ... advance it */
void gdt_set_ldt_desc(uint64_t desc);               /* the LDT slot (ldt.c) */
void selectors_forget(void);                        /* traps.c: at its wrap */
int gdt_user_stack_selector_ok(uint32_t sel);
void tss_set_kernel_stack(uint32_t ss, uint32_t esp);
void tss_set_trap_stack(uint32_t esp0);            /* where traps from guests land */
int gdt_limits_enforced(void);                     /* does the CPU check data limits? */

/* ---- ldt.c: each domain's LDT (HC_SET_LDT), loaded by gdt_load_domain */
int ldt_set(struct domain *d, uint32_t va, uint32_t count);
void ldt_load(struct domain *d);
void ldt_release_domain(struct domain *d);
int ldt_type(uint32_t sel);                        /* loaded entry's type, or -1 */
int ldt_user_code_ok(uint32_t sel, uint32_t eip);  /* HC_IRET's CS from the LDT */
void isolation_map_ldt(uint32_t va, uint32_t pages, uint32_t before); /* isolation.c */

/* ---- fpu.c: lazy FPU switching between domains, and the guest's virtual TS */
void fpu_device_not_available(struct hv_regs *r);  /* #NM */
void fpu_context_switch(struct domain *next);
void fpu_set_virtual_ts(struct domain *d, int set);
void fpu_release_domain(struct domain *d);
void fpu_init(void);

/* ---- domctl.c: the control plane of the privileged domain (dom0) */
void domctl_choose_privileged(void);              /* after all domains are built */
int32_t domctl(struct domain *d, uint32_t cmd, uint32_t a1, uint32_t a2, uint32_t a3,
	       uint32_t a4);
void domctl_domain_ending(struct domain *d);      /* sched.c: before d ends */
/* domain_create.c: DOMCTL_CREATE, one bounded step per call */
int32_t domain_create(struct domain *caller, uint32_t req_va);
void domain_create_abort(struct domain *d);       /* d's build, if one runs */
/* log.c keeps the log's last bytes for DOMCTL_LOG_READ */
uint32_t hv_log_copy(uint32_t offset, char *buf, uint32_t len);
uint32_t hv_log_oldest(void);

/* ---- blkdisk.c, vbd.c, blkring.c, elevator.c: virtual block devices
 * (private blk.h; docs/DESIGN.md, "Virtual block devices") */
struct vbd_extent {
	uint64_t start, count;           /* sectors of a physical disk */
};
void blk_init(void);                              /* the disks: before domains */
/* Give d a new VBD (its next name, vda, vdb, ...): n extents of disk,
 * read-only if ro.  The number of the VBD, or -VMI_ENOENT (no such disk),
 * -VMI_EINVAL (an empty or out-of-disk extent, too many), -VMI_EBUSY (an
 * extent overlaps another VBD's where either may write), -VMI_ENOSPC (d
 * has VBD_MAX), -VMI_ENOMEM.  What a control call (vmctl block-attach)
 * calls too. */
int vbd_create(struct domain *d, uint32_t disk, const struct vbd_extent *ext,
	       uint32_t n, int ro);
/* The domain option vbd=DISK[:START+COUNT[:START+COUNT...]][:ro] (the text
 * after "vbd="): 0, or -1 with the reason in why. */
int vbd_option(struct domain *d, const char *s, uint32_t len, char *why, uint32_t why_len);
/* After every domain is built: with no vbd= option anywhere the
 * privileged domain gets every disk whole; VMI_FEAT_BLOCK is published
 * to each domain with a VBD. */
void blk_boot_domains(void);
void blk_release_domain(struct domain *d);        /* death: rings, VBDs */
void vbd_publish(struct domain *d);                /* VMI_FEAT_BLOCK in d->shared */
/* HC_DOMCTL's DOMCTL_VBD_* for live domain t, the caller privileged */
int32_t vbd_ctl(struct domain *t, uint32_t cmd, uint32_t a2, uint32_t a3);
int32_t blk_op(struct domain *d, uint32_t cmd, uint32_t a1, uint32_t a2);
int blk_irq(unsigned line);                       /* nonzero: a disk's line */

/* ---- netdev.c, vif.c, vfr.c, netsw.c: virtual network interfaces and the
 * virtual firewall-router (private net.h; docs/DESIGN.md, "Virtual network
 * interfaces and the VFR") */
void net_init(void);                              /* the NIC, if any: at boot */
int net_irq(unsigned line);                       /* nonzero: the NIC's line */
int32_t net_op(struct domain *d, uint32_t cmd, uint32_t a1, uint32_t a2, uint32_t a3);
/* The domain options ip=A.B.C.D/LEN and mac=xx:xx:xx:xx:xx:xx (the whole
 * word): 0, or -1 with the reason in why. */
int net_option(struct domain *d, const char *w, uint32_t len, char *why, uint32_t why_len);
/* Append " ip=... gw=..." to the guest's command line when the
 * hypervisor gave the domain a default address its guest would not pick. */
void net_boot_cmdline(const struct domain *d, char *cmdline, uint32_t size);
void net_release_domain(struct domain *d);        /* death: rings, the VIF */
uint64_t net_deadline(void);                      /* when the switch wants to run */
void net_timer(uint64_t now);                     /* timer.c: at that deadline */
/* blkring.c: is mfn the ring page of one of d's block devices? */
int blk_is_ring_frame(const struct domain *d, uint32_t mfn);

/* ---- hypercall.c */
void hypercall_dispatch(struct hv_regs *r);
__attribute__((regparm(1))) int32_t hypercall_fast_send(uint32_t port); /* entry.S */
void hypercall_check_table(void);
#ifdef VMI_COUNTERS
void hypercall_histogram(const struct domain *d);
#endif

/* ---- balloon.c: HC_MEMORY_OP */
int32_t memory_op(struct domain *d, uint32_t cmd, uint32_t a1, uint32_t a2, uint32_t a3);

/* ---- events.c */
/* regparm(3): d, cmd and a1 in registers - the send is on the event-latency
 * path, and its handler then needs no copies of them on the stack. */
__attribute__((regparm(3))) int evtchn_op(struct domain *d, uint32_t cmd, uint32_t a1,
					  uint32_t a2);
/* EVTCHNOP_SEND, and HC_EVTCHN_SEND (hypercall.c, its fast path too). */
__attribute__((regparm(2))) int evtchn_send(struct domain *d, uint32_t port);
void evtchn_raise_virq(struct domain *d, uint32_t virq);
void evtchn_set_pending(struct domain *d, uint32_t port);
/* A pending, unmasked port.  Inline: the event upcall's return path asks
 * it for every event. */
static inline int evtchn_deliverable(struct domain *d)
{
	const volatile uint32_t *pending = d->shared->evtchn_pending;
	const volatile uint32_t *mask = d->shared->evtchn_mask;

	for (uint32_t w = 0; w < VMI_NR_PORTS / 32; w++)
		if (pending[w] & ~mask[w])
			return 1;
	return 0;
}
void evtchn_release_domain(struct domain *d);
int evtchn_alloc_device_port(struct domain *d);   /* a port the hypervisor raises */
void evtchn_raise_device_port(struct domain *d, uint32_t port);
void evtchn_forget_id(uint32_t id);               /* no port stays offered to id */

/* ---- time.c / timer.c */
void time_init(void);
uint64_t hv_now(void);
void time_publish(struct domain *d);
int timer_op(struct domain *d, uint32_t cmd, uint64_t deadline);
void timer_irq(void);
void timer_reprogram(void);
int timer_irq_due(void);                          /* a preemption point */

/* ---- sched.c: borrowed virtual time */
void sched_init(void);
void sched_add_domain(struct domain *d);          /* built: runnable, live */
int sched_live_domains(void);                     /* built, not dead */
int sched_live_boot_domains(void);                /* of them, not dom0's creations */
void sched_run(void) __attribute__((noreturn));   /* pick a domain and enter it */
int32_t sched_yield(struct hv_regs *r);   /* 0: HC_SCHED_OP tail-calls it */
void sched_block(struct hv_regs *r);
void sched_wake(struct domain *d);
void sched_unpause(struct domain *d);             /* domctl.c */
void sched_tick(struct hv_regs *r);
/* Neither returns when d == current: the next domain is entered instead. */
void domain_kill(struct domain *d, const char *why);
void domain_shutdown(struct domain *d, uint32_t reason, uint32_t code);
void context_switch(struct hv_regs *r, struct domain *next);

#endif /* HV_H */
