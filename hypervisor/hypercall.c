/*
 * hypercall.c - `int $0x82` from ring 1: the dispatch table and the
 * hypercalls that belong to no other subsystem.
 *
 * EAX = number, arguments EBX ECX EDX ESI EDI, result in EAX (HC_IRET
 * alone restores the guest's EAX instead).  Every table entry is filled
 * with a designated initializer and the table is checked for holes at
 * build time.  Every guest pointer goes through copy_from/to_guest.
 */
#include "hv.h"
#include "lib/klib.h"

#define CONSOLE_WRITE_MAX 4096   /* bytes per call; the guest loops on a
                                  * short count */
#define EFLAGS_USER_BITS 0x00240DD5u /* CF PF AF ZF SF TF DF OF AC ID */
#define EFLAGS_IF 0x200u

typedef int32_t (*hypercall_t)(struct hv_regs *r);

/* The UART bytes the hypercall being handled may still write: one call, or
 * a whole multicall, writes at most console_call_budget() (console.c). */
#define BUDGET_FRESH 0xFFFFFFFFu
static uint32_t console_budget;

static int32_t hc_set_trap_table(struct hv_regs *r)
{
	struct domain *d = current;
	struct vmi_trap_entry e;
	uint32_t table = r->ebx, count = r->ecx;
	if (count > 256)
		return -VMI_EINVAL;
	for (int pass = 0; pass < 2; pass++)    /* check all, then apply */
		for (uint32_t i = 0; i < count; i++) {
			if (copy_from_guest(&e, table + i * sizeof e, sizeof e))
				return -VMI_EFAULT;
			unsigned slot = e.vector == VMI_SYSCALL_VECTOR ? VMI_NR_EXCEPTIONS : e.vector;
			if ((e.vector >= VMI_NR_EXCEPTIONS && e.vector != VMI_SYSCALL_VECTOR) ||
			    e.cs != PVHV_KERNEL_CS ||
			    e.handler >= VMI_HV_START ||
			    (e.flags & ~(VMI_TRAP_DPL_MASK | VMI_TRAP_MASK_EVENTS)))
				return -VMI_EINVAL;
			if (pass == 1) {
				d->trap_handler[slot] = e.handler;
				d->trap_flags[slot] = e.flags;
			}
		}
	idt_set_syscall_gate(d);
	return 0;
}

/*
 * Outputs are checked before a call acts: an output the guest cannot
 * write would otherwise turn into -VMI_EFAULT after the call took effect
 * (updates applied, input consumed, ports allocated) and the guest could
 * not know.  The check writes back what the buffer holds, so it changes
 * nothing.  (A batch that itself unmaps its output can still end that way.)
 */
static int guest_writable(uint32_t va, uint32_t len)
{
	char buf[64];
	while (len) {
		uint32_t n = len < sizeof buf ? len : sizeof buf;
		if (copy_from_guest(buf, va, n) || copy_to_guest(va, buf, n))
			return 0;
		va += n;
		len -= n;
	}
	return 1;
}

/* Entries read from the guest per copy (on the hypervisor stack). */
#define MMU_CHUNK 32

/* Copy up to n entries at va into buf; fewer when one cannot be read
 * (the entries before it are still applied, as if read one by one).
 * Returns how many, and *fault when it stopped at an unreadable one. */
static uint32_t read_updates(struct vmi_mmu_update *buf, uint32_t va, uint32_t n, int *fault)
{
	uint32_t k = 0;

	*fault = 0;
	if (copy_from_guest(buf, va, n * sizeof *buf) == 0)
		return n;
	while (k < n && copy_from_guest(&buf[k], va + k * sizeof *buf, sizeof *buf) == 0)
		k++;
	*fault = 1;
	return k;
}

static int32_t hc_mmu_update(struct hv_regs *r)
{
	struct vmi_mmu_update buf[MMU_CHUNK];
	uint32_t i = 0, count = r->ecx;
	int32_t rc = count > VMI_MMU_BATCH_MAX ? -VMI_EINVAL : 0;
	if (r->edx && !guest_writable(r->edx, sizeof i))
		return -VMI_EFAULT;
	while (rc == 0 && i < count) {
		uint32_t want = count - i < MMU_CHUNK ? count - i : MMU_CHUNK, done;
		int fault;
		uint32_t got = read_updates(buf, r->ebx + i * sizeof buf[0], want, &fault);

		rc = mm_update_batch(current, buf, got, &done);
		i += done;
		if (rc == 0 && fault)
			rc = -VMI_EFAULT;
	}
	if (r->edx && copy_to_guest(r->edx, &i, sizeof i))
		return -VMI_EFAULT;
	return rc;
}

/* One entry, in registers: what a demand-zero page fault needs, without
 * HC_MMU_UPDATE's list to read and count to write back. */
static int32_t hc_pte_write(struct hv_regs *r)
{
	return mm_update(current, r->ebx, r->ecx);
}

static int32_t hc_set_gdt_entry(struct hv_regs *r)
{
	return gdt_set_tls(current, r->ebx, ((uint64_t)r->edx << 32) | r->ecx);
}

static int32_t hc_set_ldt(struct hv_regs *r)
{
	return ldt_set(current, r->ebx, r->ecx);
}

static int32_t hc_stack_switch(struct hv_regs *r)
{
	if (r->ebx != PVHV_KERNEL_DS || r->ecx >= VMI_HV_START)
		return -VMI_EINVAL;
	current->kernel_ss = r->ebx;
	current->kernel_esp = r->ecx;
	tss_set_kernel_stack(r->ebx, r->ecx);
	return 0;
}

static int32_t hc_set_callback(struct hv_regs *r)
{
	if (r->ebx == 0 || r->ebx >= VMI_HV_START)
		return -VMI_EINVAL;
	current->event_callback = r->ebx;
	return 0;
}

static int32_t hc_fpu_taskswitch(struct hv_regs *r)
{
	fpu_set_virtual_ts(current, r->ebx != 0);
	return 0;
}

static int32_t console_write(uint32_t len, uint32_t buf)
{
	char chunk[256];
	uint32_t done = 0;
	if (len > CONSOLE_WRITE_MAX)
		len = CONSOLE_WRITE_MAX;
	if (console_budget == BUDGET_FRESH)
		console_budget = console_call_budget();
	while (done < len && console_budget) {
		uint32_t n = len - done < sizeof chunk ? len - done : sizeof chunk;
		if (copy_from_guest(chunk, buf + done, n))
			return done ? (int32_t)done : -VMI_EFAULT;
		uint32_t took = console_put(current, chunk, n, &console_budget);
		done += took;
		if (took < n)
			break;
	}
	return (int32_t)done;
}

static int32_t hc_console_io(struct hv_regs *r)
{
	char chunk[256];
	if (r->ebx == CONSOLEIO_WRITE)
		return console_write(r->ecx, r->edx);
	if (r->ebx != CONSOLEIO_READ)
		return -VMI_EINVAL;
	uint32_t want = r->ecx < sizeof chunk ? r->ecx : sizeof chunk;
	if (!guest_range_ok(r->edx, r->ecx) || !guest_writable(r->edx, want))
		return -VMI_EFAULT;
	int n = console_read(current, chunk, want);
	if (n > 0 && copy_to_guest(r->edx, chunk, (uint32_t)n))
		return -VMI_EFAULT;
	return n;
}

/*
 * HC_IRET: the guest pushed EAX and trapped; its stack holds EAX, then the
 * frame (eip, cs, eflags[, esp, ss]).  Only the guest's own code selectors
 * (or, to ring 3, a code segment of its LDT with eip inside) are accepted,
 * IOPL/VM/NT never come back, and eflags.IF becomes the virtual event flag.
 */
static int32_t hc_iret(struct hv_regs *r)
{
	uint32_t f[6];
	if (copy_from_guest(f, r->esp, 4 * sizeof f[0]))
		goto bad;
	int to_user = f[2] == PVHV_USER_CS;
	if (!to_user && f[2] != PVHV_KERNEL_CS && ldt_user_code_ok(f[2], f[1]))
		to_user = 1;                /* a code segment of its LDT (ldt.c) */
	else if ((f[2] != PVHV_KERNEL_CS && !to_user) || f[1] > PVHV_SEG_LIMIT)
		goto bad;
	if (to_user && (copy_from_guest(&f[4], r->esp + 16, 8) ||
			!gdt_user_stack_selector_ok(f[5] & 0xFFFF)))
		goto bad;
	current->shared->upcall_mask = !(f[3] & EFLAGS_IF);
	r->eax = f[0];
	r->eip = f[1];
	r->cs = f[2];
	r->eflags = (f[3] & EFLAGS_USER_BITS) | EFLAGS_IF | 0x2;
	r->esp = to_user ? f[4] : r->esp + 16;
	r->ss = to_user ? f[5] : PVHV_KERNEL_DS;
	return (int32_t)r->eax;             /* the dispatcher stores it back */
bad:
	trap_reflect(r, 13, 1, 0);          /* what a bad iret does natively */
	return (int32_t)r->eax;
}

static int32_t hc_multicall(struct hv_regs *r);

/* HC_SCHED_OP but yield: out of line, so yield needs no stack frame. */
static __attribute__((noinline)) int32_t sched_op_other(struct hv_regs *r)
{
	switch (r->ebx) {
	case SCHEDOP_BLOCK: sched_block(r); return 0;
	case SCHEDOP_SHUTDOWN: domain_shutdown(current, r->ecx, r->edx); return 0;
	}
	return -VMI_EINVAL;
}

static int32_t hc_sched_op(struct hv_regs *r)
{
	if (r->ebx == SCHEDOP_YIELD)        /* first, a tail call: the null hypercall */
		return sched_yield(r);
	return sched_op_other(r);
}

static int32_t hc_timer_op(struct hv_regs *r)
{
	return timer_op(current, r->ebx, ((uint64_t)r->edx << 32) | r->ecx);
}

static int32_t hc_evtchn_op(struct hv_regs *r)
{
	return evtchn_op(current, r->ebx, r->ecx, r->edx);
}

/* HC_EVTCHN_SEND when it is not on its fast path (entry.S: the guest's
 * segment registers or frame did not allow it, or in a multicall). */
static int32_t hc_evtchn_send(struct hv_regs *r)
{
	return evtchn_send(current, r->ebx);
}

static int32_t hc_mmuext_op(struct hv_regs *r)
{
	switch (r->ebx) {
	case MMUEXT_PIN_L1: return mm_pin(current, r->ecx, 1);
	case MMUEXT_PIN_L2: return mm_pin(current, r->ecx, 2);
	case MMUEXT_UNPIN: return mm_unpin(current, r->ecx);
	case MMUEXT_NEW_BASEPTR: return mm_new_baseptr(current, r->ecx);
	case MMUEXT_TLB_FLUSH:
		mm_flush_tlb();
		return 0;
	case MMUEXT_INVLPG:
#ifdef VMI_COUNTERS
		current->shared->counters.tlb_flush_one++;
#endif
		if (r->ecx < VMI_HV_START)
			asm volatile("invlpg (%0)" : : "r"(r->ecx) : "memory");
		return 0;
	}
	return -VMI_EINVAL;
}

static int32_t hc_event_check(struct hv_regs *r)
{
	(void)r;
	if (evtchn_deliverable(current))
		current->shared->upcall_pending = 1;
	return 0;                           /* the way back delivers */
}

static int32_t hc_domctl(struct hv_regs *r)
{
	return domctl(current, r->ebx, r->ecx, r->edx, r->esi, r->edi);
}

static int32_t hc_blkif_op(struct hv_regs *r)
{
	return blk_op(current, r->ebx, r->ecx, r->edx);
}

static int32_t hc_memory_op(struct hv_regs *r)
{
	return memory_op(current, r->ebx, r->ecx, r->edx, r->esi);
}

static int32_t hc_netif_op(struct hv_regs *r)
{
	return net_op(current, r->ebx, r->ecx, r->edx, r->esi);
}

static const hypercall_t hypercalls[HC_NR] = {
	[HC_SET_TRAP_TABLE] = hc_set_trap_table,
	[HC_MMU_UPDATE] = hc_mmu_update,
	[HC_SET_GDT_ENTRY] = hc_set_gdt_entry,
	[HC_STACK_SWITCH] = hc_stack_switch,
	[HC_SET_CALLBACK] = hc_set_callback,
	[HC_FPU_TASKSWITCH] = hc_fpu_taskswitch,
	[HC_CONSOLE_IO] = hc_console_io,
	[HC_MULTICALL] = hc_multicall,
	[HC_IRET] = hc_iret,
	[HC_SCHED_OP] = hc_sched_op,
	[HC_TIMER_OP] = hc_timer_op,
	[HC_EVTCHN_OP] = hc_evtchn_op,
	[HC_MMUEXT_OP] = hc_mmuext_op,
	[HC_EVENT_CHECK] = hc_event_check,
	[HC_PTE_WRITE] = hc_pte_write,
	[HC_DOMCTL] = hc_domctl,
	[HC_BLKIF_OP] = hc_blkif_op,
	[HC_MEMORY_OP] = hc_memory_op,
	[HC_NETIF_OP] = hc_netif_op,
	[HC_EVTCHN_SEND] = hc_evtchn_send,
	[HC_SET_LDT] = hc_set_ldt,
};

/* Calls that switch stacks or domains cannot be batched. */
static int batchable(uint32_t op)
{
	return op < HC_NR && op != HC_MULTICALL && op != HC_IRET && op != HC_SCHED_OP;
}

/* A console write after another one in the same hypercall. */
static int console_write_blocked(const struct pvhv_multicall *mc)
{
	return mc->op == HC_CONSOLE_IO && mc->args[0] == CONSOLEIO_WRITE &&
	       console_budget != BUDGET_FRESH;
}

/*
 * A multicall does bounded work per entry, but 64 of them may still hold
 * the processor long (console output above all).  Before each entry after
 * the first there is a preemption point, as in Xen: if the PIT's interrupt
 * is due, or the entry is a console write after another one, the call
 * becomes a continuation - EBX/ECX name the entries still to do, EIP goes
 * back to the `int $0x82` (2 bytes), EAX is HC_MULTICALL again - and the
 * guest re-issues it after the interrupt was taken (possibly after other
 * domains ran).  The results of the entries done are written already.
 * EBX, ECX and EDX are not preserved (the guest's hypercall helpers say so).
 *
 * The results area is checked writable once, when the call is first made
 * (an output that cannot be written means nothing was done).  The entries
 * may change that (unmap, pin): the continuation carries MC_CONTINUED in
 * EDX (0 in a call as made) so that it does not check again, or a
 * preempted call would refuse entries the same call unpreempted executes -
 * its outcome would depend on when the timer fired.  A guest that passes
 * the value itself only gives up
 * that all-or-nothing check for its own call: every result is still
 * written through copy_to_guest, which faults on a read-only page.
 */
#define MC_CONTINUED 0x434F4E54u        /* "CONT" */

static int32_t hc_multicall(struct hv_regs *r)
{
	struct pvhv_multicall mc;
	uint32_t count = r->ecx;
	if (count > PVHV_MULTICALL_MAX)
		return -VMI_EINVAL;
	if (r->edx != MC_CONTINUED &&
	    !guest_writable(r->ebx, count * sizeof mc))   /* results go there */
		return -VMI_EFAULT;
	for (uint32_t i = 0; i < count; i++) {
		uint32_t va = r->ebx + i * sizeof mc;
		struct hv_regs sub = *r;
		if (copy_from_guest(&mc, va, sizeof mc))
			return -VMI_EFAULT;
		if (i > 0 && (timer_irq_due() || console_write_blocked(&mc))) {
			r->ebx = va;
			r->ecx = count - i;
			r->edx = MC_CONTINUED;
			r->eip -= 2;
			return HC_MULTICALL;
		}
		sub.ebx = mc.args[0]; sub.ecx = mc.args[1]; sub.edx = mc.args[2];
		sub.esi = mc.args[3]; sub.edi = mc.args[4];
#ifdef VMI_COUNTERS
		if (batchable(mc.op))
			current->hc_batched[mc.op]++;
#endif
		mc.result = batchable(mc.op) ? hypercalls[mc.op](&sub) : -VMI_EINVAL;
		if (copy_to_guest(va + __builtin_offsetof(struct pvhv_multicall, result),
				  &mc.result, sizeof mc.result))
			return -VMI_EFAULT;
	}
	return 0;
}

/* Every hypercall is counted, the guest's counter visible to it (pvhv.h). */
static inline __attribute__((always_inline)) void count_call(struct domain *d, uint32_t nr)
{
	d->shared->hypercalls++;
#ifdef VMI_COUNTERS
	if (nr < HC_NR) {
		d->hc_count[nr]++;
		d->shared->counters.hc[nr]++;
	}
#else
	(void)nr;
#endif
}

void hypercall_dispatch(struct hv_regs *r)
{
	struct domain *d = current;
	uint32_t nr = r->eax;
	count_call(d, nr);
	if (nr >= HC_NR) {
		r->eax = (uint32_t)-VMI_ENOSYS;
		return;
	}
	r->eax = 0;                         /* what a domain switched away sees */
	console_budget = BUDGET_FRESH;
	int32_t rc = hypercalls[nr](r);
	if (current == d && d->state != DOM_DEAD)
		r->eax = (uint32_t)rc;      /* not when r now holds another domain */
}

/*
 * HC_EVTCHN_SEND from the guest kernel with its kernel data selectors
 * (entry.S's fast path, which saved nothing but what the send needs): the
 * port in EAX, the result back in EAX.  Counted like every hypercall.  A
 * send never switches or kills a domain (sched_wake only shortens the
 * slice), so the frame the fast path returns through stays current's.
 */
__attribute__((regparm(1))) int32_t hypercall_fast_send(uint32_t port)
{
	struct domain *d = current;

	count_call(d, HC_EVTCHN_SEND);
	return evtchn_send(d, port);
}

#ifdef VMI_COUNTERS
#define HC_NAME(n) [n] = #n
static const char *const hc_names[HC_NR] = {
	HC_NAME(HC_SET_TRAP_TABLE), HC_NAME(HC_MMU_UPDATE), HC_NAME(HC_SET_GDT_ENTRY),
	HC_NAME(HC_STACK_SWITCH), HC_NAME(HC_SET_CALLBACK), HC_NAME(HC_FPU_TASKSWITCH),
	HC_NAME(HC_CONSOLE_IO), HC_NAME(HC_MULTICALL), HC_NAME(HC_IRET),
	HC_NAME(HC_SCHED_OP), HC_NAME(HC_TIMER_OP), HC_NAME(HC_EVTCHN_OP),
	HC_NAME(HC_MMUEXT_OP), HC_NAME(HC_EVENT_CHECK), HC_NAME(HC_PTE_WRITE),
	HC_NAME(HC_DOMCTL), HC_NAME(HC_BLKIF_OP), HC_NAME(HC_MEMORY_OP),
	HC_NAME(HC_NETIF_OP), HC_NAME(HC_EVTCHN_SEND), HC_NAME(HC_SET_LDT),
};
#undef HC_NAME

/* VMI_COUNTERS=1 builds: the domain's hypercall histogram to the log, when
 * it ends.  "histogram: domain N (name) HC_X count" for every hypercall
 * made, then "... multicall HC_X count" for the entries of its batches. */
void hypercall_histogram(const struct domain *d)
{
	for (uint32_t nr = 0; nr < HC_NR; nr++)
		if (d->hc_count[nr])
			hv_log("histogram: domain %u (%s) %s %u", d->id, d->name,
			       hc_names[nr] ? hc_names[nr] : "?", d->hc_count[nr]);
	for (uint32_t nr = 0; nr < HC_NR; nr++)
		if (d->hc_batched[nr])
			hv_log("histogram: domain %u (%s) multicall %s %u", d->id, d->name,
			       hc_names[nr] ? hc_names[nr] : "?", d->hc_batched[nr]);
}
#endif

/* Boot-time check that the dispatch table has no hole. */
void hypercall_check_table(void)
{
	for (uint32_t nr = 0; nr < HC_NR; nr++)
		if (!hypercalls[nr])
			hv_panic("hypercall %u has no handler", nr);
}
