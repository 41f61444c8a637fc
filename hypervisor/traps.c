/*
 * traps.c - everything that enters the hypervisor through the IDT, and the
 * way back out to a guest.
 *
 * A guest exception is reflected: the frame the hardware would have built is
 * written to the guest kernel's stack (switching to the declared kernel stack
 * when the trap came from ring 3) and the guest continues in its registered
 * handler in ring 1, with events masked if its trap entry asked for that.
 * A guest with no handler for a trap is killed with the reason logged.  On
 * every return to a guest, pending unmasked events (upcall_pending set and
 * a port really deliverable) bounce it into its event callback the same
 * way.  Faults of the hypervisor itself are fatal except in the guest-copy
 * routine and the boot-time limit probe, which have fixups.
 */
#include "hv.h"
#include "pc.h"
#include "lib/klib.h"

#define EFLAGS_TF   0x00000100u
#define EFLAGS_IOPL 0x00003000u
#define EFLAGS_NT   0x00004000u
#define EFLAGS_RF   0x00010000u
#define EFLAGS_VM   0x00020000u
#define SYSCALL_SLOT VMI_NR_EXCEPTIONS

struct gate { uint16_t off_lo, sel; uint8_t zero, type; uint16_t off_hi; } __attribute__((packed));

extern const uint32_t hv_stubs[256];
void hv_hypercall_entry(void);          /* entry.S: vector 0x82, with a fast path */
/* On the switcher's read-only page: the processor reads it while guests run. */
static struct gate idt[256] HV_SWITCHER_DATA __attribute__((aligned(8)));

static void set_gate(unsigned v, uint32_t off, uint16_t sel, unsigned dpl, int trap)
{
	idt[v] = (struct gate){ off & 0xFFFF, sel, 0,
				(uint8_t)(0x80 | (dpl << 5) | (trap ? 0xF : 0xE)), off >> 16 };
}

void idt_init(void)
{
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) idtr;
	for (unsigned v = 0; v < 256; v++)
		set_gate(v, hv_stubs[v], PVHV_HV_CS, 0, 0);
	set_gate(3, hv_stubs[3], PVHV_HV_CS, 3, 0);        /* int3, into: user ok */
	set_gate(4, hv_stubs[4], PVHV_HV_CS, 3, 0);
	set_gate(PVHV_HYPERCALL_VECTOR, (uint32_t)hv_hypercall_entry, PVHV_HV_CS, 1, 0);
	idtr.limit = sizeof idt - 1;
	idtr.base = (uint32_t)idt;
	asm volatile("lidt %0" : : "m"(idtr));
}

static unsigned guest_dpl(uint8_t flags)
{
	unsigned dpl = flags & VMI_TRAP_DPL_MASK;
	return dpl < 1 ? 1 : dpl;           /* "kernel only" is ring 1 here */
}

/*
 * The system-call vector is a direct trap gate into the domain's ring-1
 * handler (system calls never enter the hypervisor) unless the guest asked
 * for events to be masked, which only the hypervisor can do.
 */
void idt_set_syscall_gate(struct domain *d)
{
	uint32_t h = d->trap_handler[SYSCALL_SLOT];
	uint8_t fl = d->trap_flags[SYSCALL_SLOT];
	if (h && !(fl & VMI_TRAP_MASK_EVENTS))
		set_gate(VMI_SYSCALL_VECTOR, h, PVHV_KERNEL_CS, guest_dpl(fl), 1);
	else
		set_gate(VMI_SYSCALL_VECTOR, hv_stubs[VMI_SYSCALL_VECTOR], PVHV_HV_CS,
			 h ? guest_dpl(fl) : 3, 0);
	for (unsigned v = 3; v <= 4; v++)
		set_gate(v, hv_stubs[v], PVHV_HV_CS,
			 d->trap_handler[v] ? guest_dpl(d->trap_flags[v]) : 3, 0);
}

/* Push a hardware-style frame on the guest kernel stack and enter handler.
 * Inline in its two callers (a reflected trap, an event upcall): the
 * upcall is on the event-latency path.  A ring-1 frame without an error
 * code (every upcall from the kernel, a kernel int3) is three words stored
 * in place by hv_put_frame3 after the same range check copy_to_guest
 * makes; the rest is built here and copied.  d is current; virtual_if is
 * the saved frame's IF (EFLAGS_IF when events are enabled), which an
 * upcall knows without looking: it only happens with events enabled. */
static inline __attribute__((always_inline)) int bounce(struct hv_regs *r, struct domain *d,
							 uint32_t handler, int has_err, uint32_t err,
							 int mask, uint32_t virtual_if)
{
	uint32_t frame[6], n = 0, sp;
	int from_user = (r->cs & 3) == 3;
	if (from_user && !d->kernel_ss)
		return -1;
	uint32_t flags = (r->eflags & ~EFLAGS_IF) | virtual_if;
	if (!from_user && !has_err) {
		/* The upcall's case: three words stored in place, no copy. */
		sp = r->esp - 12;
		if (!guest_range_ok(sp, 12) ||
		    hv_put_frame3((uint32_t *)sp, r->eip, r->cs, flags))
			return -1;
	} else {
		sp = from_user ? d->kernel_esp : r->esp;
		if (has_err)
			frame[n++] = err;
		frame[n++] = r->eip;
		frame[n++] = r->cs;
		frame[n++] = flags;
		if (from_user) {
			frame[n++] = r->esp;
			frame[n++] = r->ss;
		}
		sp -= n * 4;
		if (copy_to_guest(sp, frame, n * 4))
			return -1;
	}
	r->eip = handler;
	r->cs = PVHV_KERNEL_CS;
	r->esp = sp;
	r->ss = PVHV_KERNEL_DS;
	r->eflags = (r->eflags & ~(EFLAGS_TF | EFLAGS_NT | EFLAGS_RF | EFLAGS_VM | EFLAGS_IOPL)) | EFLAGS_IF;
	if (mask)
		d->shared->upcall_mask = 1;
	return 0;
}

void trap_reflect(struct hv_regs *r, unsigned vector, int has_error, uint32_t error)
{
	struct domain *d = current;
	unsigned slot = vector == VMI_SYSCALL_VECTOR ? SYSCALL_SLOT : vector;
	char why[96];
	if ((vector >= VMI_NR_EXCEPTIONS && vector != VMI_SYSCALL_VECTOR) ||
	    !d->trap_handler[slot]) {
		snprintf(why, sizeof why, "unhandled trap %u (error %#x) at eip %#x",
			 vector, error, r->eip);
		domain_kill(d, why);
		return;
	}
#ifdef VMI_COUNTERS
	d->shared->counters.reflected++;
#endif
	if (bounce(r, d, d->trap_handler[slot], has_error, error,
		   d->trap_flags[slot] & VMI_TRAP_MASK_EVENTS,
		   d->shared->upcall_mask ? 0 : EFLAGS_IF)) {
		snprintf(why, sizeof why, "cannot write the frame of trap %u to its kernel stack", vector);
		domain_kill(d, why);
	}
}

/*
 * Selectors the return's pop may load.  The common cases - null, the user
 * data selector (DPL 3, never rewritten), the data selector of the ring
 * returned to - need no look at the GDT; anything else goes through
 * gdt_data_selector_ok, and what is not loadable becomes null.
 */
static inline __attribute__((always_inline))
void sanitize_selector(uint32_t *sel, uint32_t own_ds, uint32_t cpl)
{
	uint32_t s = *sel & 0xFFFF;

	if (s != own_ds && s != PVHV_USER_DS && s > 3 && !gdt_data_selector_ok(s, cpl))
		*sel = 0;
}

/*
 * The last two frames' selectors found loadable (ds, es, fs, gs and the
 * ring returned to) and the gdt_tls_generation they were checked at.
 * Whether a selector is loadable depends on nothing else: the GDT changes
 * only in its TLS slots, and every write of one advances the generation.
 * When the generation wraps to 0, gdt.c calls selectors_forget, so a
 * remembered generation can never come back.  Two, because a page fault
 * returns twice with different ones: into the guest kernel with the
 * user's selectors, then from its hypercall with the kernel's.
 * hostile/cpu_gdt_remembered_slot rewrites a remembered slot.
 */
struct selectors_ok {
	uint32_t ds, es, fs, gs, cpl, generation;   /* cpl 0: remembers nothing */
};
static struct selectors_ok selectors_ok[2];
static uint32_t selectors_ok_next;

void selectors_forget(void)
{
	for (unsigned i = 0; i < 2; i++)
		selectors_ok[i] = (struct selectors_ok){ 0, 0, 0, 0, 0, 0 };
}

static inline int selectors_remembered(const struct selectors_ok *m, const struct hv_regs *r,
				       uint32_t cpl)
{
	return m->ds == r->ds && m->es == r->es && m->fs == r->fs && m->gs == r->gs &&
	       m->cpl == cpl && m->generation == gdt_tls_generation;
}

/* The look behind a miss: each selector checked, the frame remembered.
 * Out of line, so the common hit needs no registers saved. */
static __attribute__((noinline)) void sanitize_selectors_slow(struct hv_regs *r, uint32_t cpl)
{
	uint32_t own_ds = cpl == 1 ? PVHV_KERNEL_DS : PVHV_USER_DS;

	sanitize_selector(&r->ds, own_ds, cpl);
	sanitize_selector(&r->es, own_ds, cpl);
	sanitize_selector(&r->fs, own_ds, cpl);
	sanitize_selector(&r->gs, own_ds, cpl);
	selectors_ok[selectors_ok_next] = (struct selectors_ok){
		r->ds, r->es, r->fs, r->gs, cpl, gdt_tls_generation };
	selectors_ok_next ^= 1;
}

/* Selectors the return path will pop must be loadable, or the pop faults. */
static inline __attribute__((always_inline)) void sanitize_selectors(struct hv_regs *r)
{
	uint32_t cpl = r->cs & 3;

	if (!selectors_remembered(&selectors_ok[0], r, cpl) &&
	    !selectors_remembered(&selectors_ok[1], r, cpl))
		sanitize_selectors_slow(r, cpl);
}

/*
 * upcall_pending set, events enabled: bounce into the event callback if a
 * port really is deliverable, else the flag was stale and goes.  The flag
 * gates the look at the bitmaps (the pvhv backend keeps "pending and
 * unmasked implies upcall_pending": see evtchn_set_pending and the
 * backend's unmask); it is cleared by the guest's vmi_evtchn_next_pending
 * once it has taken everything, not here, so a callback that returns
 * early is entered again.  A guest that clears it by hand only delays its
 * own events.
 */
static inline __attribute__((always_inline)) void deliver_event(struct hv_regs *r, struct domain *d)
{
	if (!evtchn_deliverable(d)) {
		d->shared->upcall_pending = 0;
		return;
	}
#ifdef VMI_COUNTERS
	d->shared->counters.upcalls++;
#endif
	if (bounce(r, d, d->event_callback, 0, 0, 1, EFLAGS_IF))  /* callers: events enabled */
		domain_kill(d, "cannot write an event frame to its kernel stack");
}

/* A return address the guest's code segment cannot reach (a hypercall or
 * trap at the very end of the segment, whose next instruction lies past
 * the limit): the hypervisor's iret would fault in ring 0, or under TCG
 * run the guest on past its limit.  Natively the fetch there faults:
 * #GP(0) with that eip, which is what the guest gets.  Returns whether
 * the return goes on (the domain may have died). */
static __attribute__((noinline)) int eip_past_limit(struct hv_regs *r, struct domain *d)
{
	trap_reflect(r, 13, 1, 0);
	return current == d && d->state != DOM_DEAD;
}

/* Events to deliver (the eip is reachable): bounce, then the selectors.
 * Out of line, like the rest of the uncommon returns. */
static __attribute__((noinline)) void return_with_event(struct hv_regs *r, struct domain *d)
{
	deliver_event(r, d);
	sanitize_selectors(r);
}

/* An unreachable eip (#GP reflected), then events, then the selectors
 * checked in full. */
static __attribute__((noinline)) void return_past_limit(struct hv_regs *r, struct domain *d)
{
	if (!eip_past_limit(r, d))
		return;
	if (d->shared->upcall_pending && !d->shared->upcall_mask && d->event_callback)
		deliver_event(r, d);
	sanitize_selectors(r);
}

/* The common return - nothing to deliver, selectors remembered - keeps
 * nothing across a call, so it needs no register saved: everything else
 * is out of line (tail calls). */
void return_to_guest_check(struct hv_regs *r)
{
	struct domain *d = current;
	if (!regs_from_guest(r))
		return;
	if (__builtin_expect(r->eip > PVHV_SEG_LIMIT && !(r->eflags & EFLAGS_VM), 0)) {
		return_past_limit(r, d);
		return;
	}
	if (__builtin_expect(d->shared->upcall_pending && !d->shared->upcall_mask &&
			     d->event_callback, 0)) {
		return_with_event(r, d);
		return;
	}
	sanitize_selectors(r);
}

static void irq(struct hv_regs *r, unsigned line)
{
	if (pic_spurious(line))
		return;
	if (line == IRQ_PIT)
		timer_irq();
	else if (line == IRQ_COM1)
		console_irq();
	else {
		blk_irq(line);          /* both: PCI devices may share a line */
		net_irq(line);
	}
	pic_eoi(line);
	if (line == IRQ_PIT && regs_from_guest(r) && !(r->eflags & EFLAGS_VM))
		sched_tick(r);
}

/* A trap taken in ring 0: an interrupt in the idle loop, or a fault. */
static void hv_mode_trap(struct hv_regs *r)
{
	uint32_t fix;
	if (r->vector >= VEC_IRQ_BASE && r->vector < VEC_IRQ_BASE + 16) {
		irq(r, r->vector - VEC_IRQ_BASE);
		return;
	}
	/* #PF: a guest copy faulted (-VMI_EFAULT); #GP: the boot-time probe of
	 * segment limits (gdt.c).  Only instructions in .fixup_table. */
	if ((r->vector == 14 || r->vector == 13) && fixup_find(r->eip, &fix)) {
		r->eip = fix;
		return;
	}
	hv_panic("fault in the hypervisor: vector %u error %#x eip %#x cr2 %#x",
		 r->vector, r->error, r->eip, read_cr2());
}

void hv_trap(struct hv_regs *r)
{
	unsigned v = r->vector;
	/*
	 * Virtual-8086 mode.  Only ring 0 can enter it (an iret from rings 1-3
	 * ignores VM), but QEMU's TCG honours VM in any iret, so a guest can
	 * get here.  The frame then has four more words and a real-mode cs
	 * (maybe with RPL 0): never take it for a hypervisor fault or resume
	 * it.  Acknowledge an interrupt, then kill the domain.
	 */
	if (r->eflags & EFLAGS_VM) {
		if (v >= VEC_IRQ_BASE && v < VEC_IRQ_BASE + 16)
			irq(r, v - VEC_IRQ_BASE);
		domain_kill(current, "trap in virtual-8086 mode (not supported)");
		return;                     /* not reached: current died */
	}
	if (!regs_from_guest(r)) {
		hv_mode_trap(r);
		return;
	}
	if (v == PVHV_HYPERCALL_VECTOR)
		hypercall_dispatch(r);
	else if (v >= VEC_IRQ_BASE && v < VEC_IRQ_BASE + 16)
		irq(r, v - VEC_IRQ_BASE);
	else if (v == 7)
		fpu_device_not_available(r);
	else if (v == 14) {
		current->shared->cr2 = read_cr2();
		trap_reflect(r, v, 1, r->error);
	} else
		trap_reflect(r, v, v < 32 && ((VMI_EXC_ERRCODE_MASK >> v) & 1), r->error);
	return_to_guest_check(r);
}
