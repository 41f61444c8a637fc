/*
 * sched.c - the domain table, borrowed-virtual-time scheduling, context
 * switches, the idle loop and the end of domains.
 *
 * BVT (Duda and Cheriton, as in Xen 2.0): each domain has a weight and an
 * actual virtual time (avt) that advances by its run time divided by its
 * weight, charged in minimum units of 100 us.  The runnable domain with
 * the lowest effective virtual time (evt = avt - warp while warping) runs.
 * A context-switch allowance of 5 ms keeps domains with nearly equal evt
 * from thrashing: the running domain keeps the processor until its evt
 * exceeds the next one's by the allowance (the slice end, which timer.c
 * programs into the PIT), and a woken domain preempts at once only if its
 * evt is lower than the running one's by more than the allowance.  A woken
 * domain's avt is raised to the lowest avt of the runnable ones, so time
 * spent blocked is not banked as credit.
 *
 * Warp: a domain given warp=<us> is latency-sensitive; it warps (borrows
 * warp_ns of virtual time) from the moment it is woken until it blocks,
 * yields or reaches the end of its slice, so it runs soon after an event
 * but cannot keep the processor on borrowed time.
 *
 * Scale: the scheduler never walks the domain table.  The runnable domains
 * (paused ones too: pick skips those) are on a circular run queue, and the
 * count of live ones is kept, so a choice costs O(runnable), whatever
 * HV_MAX_DOMAINS is (timer.c keeps the armed timers in a list likewise).
 *
 * Context switches rewrite the trap frame at the top of the hypervisor
 * stack (*r), which entry.S returns through.  With nothing runnable the
 * hypervisor idles inside the hypercall of the domain that blocked: `sti;
 * hlt; cli` on the hypervisor stack, where interrupts nest (the core's
 * IRQ path runs timer_irq/console_irq, which may wake domains, and skips
 * sched_tick for ring-0 frames), until some domain is runnable again.
 */
#include "hv.h"
#include "pc.h"

#define MCU_NS       100000ull              /* minimum charging unit */
#define CTX_ALLOW_NS 5000000ull             /* context-switch allowance */

struct domain domains[HV_MAX_DOMAINS];
struct domain *current;

static struct domain *runq;     /* any runnable domain; NULL: none */
static int nr_live;             /* built, not dead */
static int nr_live_boot;        /* of them, built at boot (not d->created) */

/* ---- the run queue: every DOM_RUNNABLE domain, in a ring ---- */

static void runq_add(struct domain *d)
{
	if (!runq) {
		d->rq_next = d->rq_prev = d;
		runq = d;
		return;
	}
	d->rq_next = runq;
	d->rq_prev = runq->rq_prev;
	runq->rq_prev->rq_next = d;
	runq->rq_prev = d;
}

static void runq_remove(struct domain *d)
{
	if (d->rq_next == d)
		runq = 0;
	else {
		d->rq_prev->rq_next = d->rq_next;
		d->rq_next->rq_prev = d->rq_prev;
		if (runq == d)
			runq = d->rq_next;
	}
	d->rq_next = d->rq_prev = 0;
}

/* d's state becomes s, keeping the run queue and the live count true. */
static void set_state(struct domain *d, enum dom_state s)
{
	int was_live = domain_is_live(d);

	if (d->state == DOM_RUNNABLE && s != DOM_RUNNABLE)
		runq_remove(d);
	if (d->state != DOM_RUNNABLE && s == DOM_RUNNABLE)
		runq_add(d);
	d->state = s;
	nr_live += domain_is_live(d) - was_live;
	if (!d->created)
		nr_live_boot += domain_is_live(d) - was_live;
}

/* A domain just built (boot.c) joins the scheduler. */
void sched_add_domain(struct domain *d)
{
	d->state = DOM_FREE;
	set_state(d, DOM_RUNNABLE);
}

int sched_live_domains(void)
{
	return nr_live;
}

int sched_live_boot_domains(void)
{
	return nr_live_boot;
}


static int running;             /* current's run time is being counted */
static uint64_t slice_end;      /* when current must give way; 0: never */
static uint32_t last_exit_code;

uint64_t sched_slice_end(void)
{
	return running ? slice_end : 0;
}

static uint32_t weight_of(const struct domain *d)
{
	return d->weight ? d->weight : 1;
}

/* avt as of now: the running domain's uncharged time counts too. */
static uint64_t avt_now(const struct domain *d, uint64_t now)
{
	if (d == current && running)
		return d->avt + (now - d->sched_in_ns) / weight_of(d);
	return d->avt;
}

static int64_t evt_of(const struct domain *d, uint64_t now)
{
	int64_t evt = (int64_t)avt_now(d, now);
	return d->warping ? evt - (int64_t)d->warp_ns : evt;
}

/* The lowest avt among the runnable domains other than d (paused ones
 * too unless skip_paused); 0 with *any = 0 if there are none. */
static uint64_t min_runnable_avt(const struct domain *d, int skip_paused, uint64_t now,
				 int *any)
{
	uint64_t min_avt = 0;
	struct domain *o = runq;

	*any = 0;
	for (int k = 0; o && (k == 0 || o != runq); k++, o = o->rq_next) {
		uint64_t a = avt_now(o, now);
		if (o != d && !(skip_paused && o->paused) && (!*any || a < min_avt)) {
			min_avt = a;
			*any = 1;
		}
	}
	return min_avt;
}

/* Stop counting current's time: run time exactly, avt in whole MCUs. */
static void charge(uint64_t now)
{
	struct domain *d = current;
	uint64_t ran = now - d->sched_in_ns;

	d->run_ns += ran;
	d->avt += (ran + MCU_NS - 1) / MCU_NS * MCU_NS / weight_of(d);
	d->sched_in_ns = now;
	running = 0;
}

/* The runnable domain with the lowest evt other than skip, or none.  It
 * walks the run queue (runnable domains only, never the 256-slot table),
 * starting after current, so equals take turns. */
static struct domain *pick(const struct domain *skip, uint64_t now)
{
	struct domain *best = 0;
	int64_t best_evt = 0;
	struct domain *start = current && current->rq_next ? current->rq_next : runq;
	struct domain *d = start;

	for (int k = 0; d && (k == 0 || d != start); k++, d = d->rq_next) {
		if (d == skip || d->paused)
			continue;
		int64_t evt = evt_of(d, now);
		if (!best || evt < best_evt) {
			best = d;
			best_evt = evt;
		}
	}
	return best;
}

/* Is any runnable, unpaused domain but d on the run queue?  No clock read,
 * no evt: yield's common case, a domain alone, stops at once. */
static int anyone_else(const struct domain *d)
{
	const struct domain *o = runq;

	for (int k = 0; o && (k == 0 || o != runq); k++, o = o->rq_next)
		if (o != d && !o->paused)
			return 1;
	return 0;
}

/* next may run until its evt passes the runner-up's by the allowance. */
static void set_slice(struct domain *next, uint64_t now)
{
	struct domain *second = pick(next, now);

	if (!second) {
		slice_end = 0;              /* alone: until someone wakes */
		return;
	}
	int64_t gap = evt_of(second, now) - evt_of(next, now);
	if (gap < 0)
		gap = 0;
	slice_end = now + (uint64_t)gap * weight_of(next) + CTX_ALLOW_NS;
}

/* Make next's processor state the live one (not its registers). */
static void load_domain(struct domain *next)
{
	isolation_switch_to(next);          /* its view, its counters */
	mm_load_cr3(next->cr3_mfn << VMI_PAGE_SHIFT);
	tss_set_kernel_stack(next->kernel_ss, next->kernel_esp);
	gdt_load_domain(next);
	idt_set_syscall_gate(next);
	fpu_context_switch(next);
}

/* next is current from now on: start its clock, publish its time. */
static void switch_in(struct domain *next, uint64_t now)
{
	current = next;
	next->sched_in_ns = now;
	running = 1;
	set_slice(next, now);
	time_publish(next);
	timer_reprogram();
}

void context_switch(struct hv_regs *r, struct domain *next)
{
	struct domain *prev = current;
	uint64_t now = hv_now();

	if (running)
		charge(now);
	if (next != prev) {
		if (prev && domain_is_live(prev))
			prev->regs = *r;
		*r = next->regs;
		load_domain(next);
	}
	switch_in(next, now);
}

/* Nothing runnable: halt with interrupts on until something is. */
static struct domain *idle_until_runnable(void)
{
	struct domain *next;

	slice_end = 0;
	timer_reprogram();                  /* domain timers only now */
	while (!(next = pick(0, hv_now())))
		asm volatile("sti; hlt; cli" : : : "memory");
	return next;
}

void sched_init(void)
{
	current = 0;
	running = 0;
	slice_end = 0;
	struct domain *d = runq;

	for (int k = 0; d && (k == 0 || d != runq); k++, d = d->rq_next)
		hv_log("domain %u (%s): weight %u, warp %u us", d->id, d->name,
		       weight_of(d), (uint32_t)(d->warp_ns / 1000));
}

void sched_run(void)
{
	struct domain *first = pick(0, hv_now());

	if (!first)
		hv_no_domain();
	load_domain(first);
	switch_in(first, hv_now());
	hv_enter_guest(&first->regs);
}

/* SCHEDOP_YIELD: the lowest-evt other runnable domain runs, if any.
 * Returns the hypercall's result (0), so the dispatch can tail-call it. */
int32_t sched_yield(struct hv_regs *r)
{
	current->warping = 0;
	if (!anyone_else(current))
		return 0;
	struct domain *next = pick(current, hv_now());
	if (next)
		context_switch(r, next);
	return 0;
}

/* SCHEDOP_BLOCK: wait for an unmasked pending port, delivering nothing. */
void sched_block(struct hv_regs *r)
{
	if (evtchn_deliverable(current))
		return;
	set_state(current, DOM_BLOCKED);
	current->warping = 0;
	charge(hv_now());
	struct domain *next = pick(0, hv_now());
	if (!next)
		next = idle_until_runnable();
	context_switch(r, next);
}

/* A woken domain while d runs: preempt now, or shorten the slice. */
static void check_preempt(struct domain *d, uint64_t now)
{
	int64_t room = evt_of(d, now) + (int64_t)CTX_ALLOW_NS - evt_of(current, now);
	uint64_t end = room <= 0 ? now : now + (uint64_t)room * weight_of(current);

	if (!slice_end || end < slice_end) {
		slice_end = end;
		timer_reprogram();          /* the slice timer does the switch */
	}
}

void sched_wake(struct domain *d)
{
	uint64_t now = hv_now();
	int any;

	if (d->state != DOM_BLOCKED)
		return;
	uint64_t min_avt = min_runnable_avt(d, 0, now, &any);
	if (any && d->avt < min_avt)
		d->avt = min_avt;           /* sleeping banks no credit */
	d->warping = d->warp_ns != 0;
	set_state(d, DOM_RUNNABLE);
	if (running && current != d && !d->paused)
		check_preempt(d, now);
}

/* A paused domain may run again: as a woken one, its avt is raised to the
 * lowest runnable one's (a pause banks no credit). */
void sched_unpause(struct domain *d)
{
	uint64_t now = hv_now();

	if (!d->paused)
		return;
	d->paused = 0;
	if (d->state != DOM_RUNNABLE)
		return;                     /* blocked: its wake-up decides */
	int any;
	uint64_t min_avt = min_runnable_avt(d, 1, now, &any);
	if (any && d->avt < min_avt)
		d->avt = min_avt;
	if (running && current != d)
		check_preempt(d, now);
}

/* After timer_irq, from a guest frame: the slice is over? */
void sched_tick(struct hv_regs *r)
{
	uint64_t now = hv_now();

	if (!regs_from_guest(r) || !running || !slice_end || now < slice_end)
		return;
	current->warping = 0;               /* borrowed time ends with the slice */
	charge(now);
	context_switch(r, pick(0, now));    /* current is runnable: never none */
}

/*
 * The end of a domain: ports, FPU and memory released, DOM_DEAD.  When no
 * domain is left, QEMU exits with this one's code.  If d was running it
 * is never returned to: the next domain is entered afresh (the hypervisor
 * stack is reset by hv_enter_guest).
 */
static void domain_end(struct domain *d, uint32_t exit_code)
{
	if (!domain_is_live(d))
		return;
	domctl_domain_ending(d);            /* dom0's creations end first */
#ifdef VMI_COUNTERS
	hypercall_histogram(d);
#endif
	d->exit_code = exit_code;
	last_exit_code = exit_code;
	timer_op(d, TIMEROP_CANCEL, 0);
	d->warping = 0;
	evtchn_release_domain(d);
	blk_release_domain(d);              /* before its frames: I/O holds some */
	net_release_domain(d);              /* the same */
	fpu_release_domain(d);
	ldt_release_domain(d);
	if (d == current)
		running = 0;
	set_state(d, DOM_DEAD);
	mm_release_domain(d);               /* leaves the idle CR3 if it was d's */
	if (!nr_live) {
		hv_log("no domain left: exit code %u%s", last_exit_code & 0xFF,
		       last_exit_code & HV_EXIT_CRASHED ? " (crashed)" : "");
		hv_poweroff(last_exit_code);
	}
	if (d != current)
		return;
	struct domain *next = pick(0, hv_now());
	if (!next)
		next = idle_until_runnable();
	load_domain(next);
	switch_in(next, hv_now());
	hv_enter_guest(&next->regs);
}

void domain_shutdown(struct domain *d, uint32_t reason, uint32_t code)
{
	if (!domain_is_live(d))
		return;
	if (reason == VMI_SHUTDOWN_POWEROFF && code <= 255) {
		hv_log("domain %u (%s) shut down: code %u", d->id, d->name, code);
		domain_end(d, code);
	} else {
		/* A crash, or a code no exit status can carry. */
		hv_log("domain %u (%s) crashed (reason %u, code %u)", d->id, d->name,
		       reason, code);
		domain_end(d, HV_EXIT_CRASHED | VMI_EXIT_CRASH);
	}
}

void domain_kill(struct domain *d, const char *why)
{
	if (!domain_is_live(d))
		return;
	hv_log("domain %u (%s) killed: %s", d->id, d->name, why);
	domain_end(d, HV_EXIT_CRASHED | VMI_EXIT_CRASH);
}
