/*
 * hostile/insn_harness.h - shared by the hostile instruction tests (insn_*,
 * and cpu_/iret_/trap_ tests that need the same machinery).
 *
 * Ring 1: R1_TRY(setup, insn) runs `insn` in the guest kernel after the
 * (non-faulting) `setup`; r1_on_trap records the trap and resumes after
 * the instruction (ESP restored); r1_expect() checks one trap: count,
 * vector, error code, eip exactly at the instruction and a kernel (RPL 1)
 * cs in the frame.  R1_EXPECT does both.
 *
 * timer_arm()/timer_wait(): a timer event as proof that interrupts and event
 * delivery still work after an attack.
 *
 * Forged frames: iret_forge(frame, n) jumps to vmi_iret with a hand-made
 * frame; iret_refused() checks the #GP a refused one raises.
 *
 * Ring 3: R3_BLOB(name, R3_TRY(...) ...) assembles a position-independent
 * user program; each R3_TRY(k, len, insn) puts k in %edi and the attacked
 * instruction's length in %esi, so r3_on_trap records the trap, checks the
 * frame's eip is exactly at the instruction (the bytes before are the
 * `movl $len, %esi`, the byte after is the `nop` R3_TRY puts there) and
 * resumes after it.  The program ends with `int $0x80`, whose handler
 * calls the test's finish function (which checks r3_traps[]) and
 * test_done().  r3_setup maps it (and declares the kernel stack) without
 * entering it; r3_run does both.
 *
 * Descriptors: seg_desc/gate_desc build them; sel_rights/sel_limit are
 * lar/lsl (what the processor says of a selector), ~0 when not visible.
 */
#ifndef HOSTILE_INSN_HARNESS_H
#define HOSTILE_INSN_HARNESS_H

#include "../runtime/test.h"
#include <vmi/rules.h>

#define EFLAGS_IF   0x00000200u
#define EFLAGS_IOPL 0x00003000u
#define EFLAGS_NT   0x00004000u
#define EFLAGS_VM   0x00020000u

#define UNUSED __attribute__((unused))
#define STR_(x) #x
#define XSTR(x) STR_(x)     /* a macro's value as a string, for asm */

/* ---- ring 1 ---- */

struct r1_trap { unsigned count; uint32_t vector, error, eip, cs; };
static volatile struct r1_trap r1_caught;
static uint32_t r1_resume;

static UNUSED void r1_on_trap(struct trap_regs *r)
{
	r1_caught.count++;
	r1_caught.vector = r->vector;
	r1_caught.error = r->f.error_code;
	r1_caught.eip = r->f.eip;
	r1_caught.cs = r->f.cs;
	r->f.eip = r1_resume;
}

/* Route every exception vector to r1_on_trap. */
static UNUSED void r1_catch_all(void)
{
	for (unsigned v = 0; v < VMI_NR_EXCEPTIONS; v++)
		trap_set_handler(v, r1_on_trap);
}

static UNUSED uint32_t r1_saved_esp;

/* Run insn in ring 1; evaluates to the address of insn.  ESP is restored
 * afterwards, so setup may push what insn pops. */
#define R1_TRY(setup, insn) ({ \
	uint32_t at_; \
	__asm__ volatile("movl %%esp, %2\n\t" setup "\n\tmovl $882f, %1\n\tmovl $881f, %0\n" \
	                 "881:\t" insn "\n882:\tmovl %2, %%esp" \
	                 : "=&b"(at_), "=m"(r1_resume), "+m"(r1_saved_esp) : \
	                 : "memory", "cc", "eax", "ecx", "edx", "esi", "edi"); \
	at_; })

/* One trap (vector, error) exactly at `at`, from the guest kernel. */
static UNUSED void r1_expect(const char *what, unsigned before, uint32_t at,
                             uint32_t vector, uint32_t error)
{
	char msg[160];

	if (r1_caught.count == before + 1 && r1_caught.vector == vector &&
	    r1_caught.error == error && r1_caught.eip == at &&
	    r1_caught.cs == test_bi->kernel_cs) {
		snprintf(msg, sizeof msg, "%s: vector %u error %#x at the instruction, ring-1 frame",
		         what, vector, error);
		test_pass(msg);
	} else {
		test_fail(__FILE__, __LINE__, "%s: %u traps, vector %u error %#x cs %#x, "
		          "eip %s (want vector %u error %#x)", what, r1_caught.count - before,
		          r1_caught.vector, r1_caught.error, r1_caught.cs,
		          r1_caught.eip == at ? "at the instruction" : "elsewhere", vector, error);
	}
}

/* R1_TRY + r1_expect: insn must raise exactly (vector, error). */
#define R1_EXPECT(what, vector, error, setup, insn) do { \
	unsigned n_ = r1_caught.count; \
	uint32_t at_ = R1_TRY(setup, insn); \
	r1_expect(what, n_, at_, vector, error); } while (0)

static inline uint32_t read_eflags(void)
{
	uint32_t f;
	__asm__ volatile("pushfl\n\tpopl %0" : "=r"(f));
	return f;
}

/* ---- the timer event, as proof that interrupts and events still work ---- */

static volatile unsigned timer_ticks;
static int timer_port;

static UNUSED void timer_tick(unsigned port, struct trap_regs *r)
{
	(void)port; (void)r;
	timer_ticks++;
}

/* Arm the one-shot timer delay_ns ahead (binding VIRQ_TIMER the first time). */
static UNUSED void timer_arm(uint64_t delay_ns)
{
	if (timer_port <= 0) {
		timer_port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
		if (timer_port > 0)
			event_set_handler((unsigned)timer_port, timer_tick);
	}
	vmi_timer_set(vmi_time_ns() + delay_ns);
}

/* Spin (events as they are) until the tick count leaves `before`, at most
 * 2 s of system time; returns how many ticks arrived. */
static UNUSED unsigned timer_wait(unsigned before)
{
	uint64_t give_up = vmi_time_ns() + 2000000000ull;

	while (timer_ticks == before && vmi_time_ns() < give_up)
		;
	return timer_ticks - before;
}

/* ---- forged vmi_iret frames (ring 1) ---- */

static uint32_t iret_saved_esp;
static struct { uint32_t room[1024]; uint32_t frame[8]; } iret_area;
extern const char iret_back[];
void vmi_iret(void);

/*
 * Jump to vmi_iret with ESP at a copy of frame[0..n) (eip, cs, eflags[, esp,
 * ss]).  Control comes back at iret_back either way: after a refused frame,
 * through the #GP handler (r1_on_trap, which resumes at r1_resume), or
 * because the frame's eip was iret_back itself.  Returns the eflags found
 * at iret_back.
 */
static __attribute__((noinline, unused)) uint32_t iret_forge(const uint32_t *frame, unsigned n)
{
	uint32_t fl;

	memcpy(iret_area.frame, frame, n * 4);
	r1_resume = (uint32_t)iret_back;
	__asm__ volatile("movl %%esp, %[sv]\n\tmovl %[fr], %%esp\n\tjmp vmi_iret\n"
	                 ".globl iret_back\niret_back:\n\t"
	                 "movl %[sv], %%esp\n\tpushfl\n\tpopl %[fl]"
	                 : [sv] "+m"(iret_saved_esp), [fl] "=r"(fl)
	                 : [fr] "r"(iret_area.frame)
	                 : "memory", "cc", "eax", "ecx", "edx");
	return fl;
}

/* The forged frame was refused: one #GP(0) reflected to the kernel from
 * inside vmi_iret (the hypercall), as a bad iret faults natively.  The
 * pvhv backend marks the end of vmi_iret with vmi_iret_end. */
extern const char vmi_iret_end[];
static UNUSED void iret_refused(const char *what, unsigned before)
{
	uint32_t in = (uint32_t)vmi_iret, end = (uint32_t)vmi_iret_end;
	char msg[160];

	if (r1_caught.count == before + 1 && r1_caught.vector == 13 && r1_caught.error == 0 &&
	    r1_caught.cs == test_bi->kernel_cs && r1_caught.eip > in && r1_caught.eip <= end) {
		snprintf(msg, sizeof msg, "%s: refused with #GP(0) in vmi_iret, ring-1 frame", what);
		test_pass(msg);
	} else {
		test_fail(__FILE__, __LINE__, "%s: %u traps, vector %u error %#x cs %#x eip %s",
		          what, r1_caught.count - before, r1_caught.vector, r1_caught.error,
		          r1_caught.cs, r1_caught.eip > in && r1_caught.eip <= end ?
		          "in vmi_iret" : "elsewhere");
	}
}

/* ---- ring 3 ---- */

#define R3_CODE_VA   0x40000000u
#define R3_STACK_VA  0x40001000u
#define R3_STACK_TOP (R3_STACK_VA + VMI_PAGE_SIZE)
#define R3_MAX       32
#define R3_END_INDEX 0xFFFF

#define R3_TRY(k, len, insn) "movl $" #k ", %edi\n\tmovl $" #len ", %esi\n\t" insn "\n\tnop\n\t"
#define R3_BLOB(name, body) \
	__asm__(".pushsection .text\n" #name ":\n\t" body \
	        "movl $0xFFFF, %edi\n\tint $0x80\n" #name "_end:\n\tjmp " #name "_end\n" \
	        ".popsection"); \
	extern const char name[], name##_end[];

struct r3_trap { uint32_t index, vector, error, cs, ss, exact, cr2, top; };
static struct r3_trap r3_traps[R3_MAX];
static volatile unsigned r3_count;
static void (*r3_finish)(struct trap_regs *r);
static uint8_t r3_kstack[8192] __attribute__((aligned(16)));
#define R3_KSTACK_TOP ((uint32_t)r3_kstack + sizeof(r3_kstack))

static UNUSED void r3_on_trap(struct trap_regs *r)
{
	const uint8_t *p = (const uint8_t *)r->f.eip;
	uint32_t len = r->esi;
	int in_blob = r->f.eip >= R3_CODE_VA + 5 && r->f.eip + len < R3_CODE_VA + VMI_PAGE_SIZE;

	if (!trap_from_user(r) || r3_count >= 4 * R3_MAX) {
		test_fail(__FILE__, __LINE__, "runaway: trap %u from cs %#x eip %#x",
		          r->vector, r->f.cs, r->f.eip);
		test_done();
	}
	if (r3_count < R3_MAX)
		r3_traps[r3_count] = (struct r3_trap){
			r->edi, r->vector, r->f.error_code, r->f.cs, r->f.ss,
			in_blob && p[-5] == 0xBE && *(const uint32_t *)(p - 4) == len && p[len] == 0x90,
			r->vector == 14 ? (uint32_t)vmi_fault_address() : 0,
			(uint32_t)(&r->f.ss + 1),      /* where the frame ends */
		};
	r3_count++;
	r->f.eip += len;
}

static UNUSED void r3_on_syscall(struct trap_regs *r)
{
	CHECK_EQ(r->edi, R3_END_INDEX);
	CHECK_EQ(r->f.cs, test_bi->user_cs);
	CHECK_EQ(r->f.ss, test_bi->user_ds);
	r3_finish(r);
	test_done();
}

/* Trap number i was attack k, raised (vector, error) at the instruction
 * with a user frame (RPL 3 cs and ss). */
static UNUSED void r3_expect(unsigned i, const char *what, uint32_t k,
                             uint32_t vector, uint32_t error)
{
	const struct r3_trap *t = &r3_traps[i];
	char msg[160];

	if (i < r3_count && t->index == k && t->vector == vector && t->error == error &&
	    t->cs == test_bi->user_cs && t->ss == test_bi->user_ds && t->exact) {
		snprintf(msg, sizeof msg, "%s from ring 3: vector %u error %#x at the "
		         "instruction, user frame", what, vector, error);
		test_pass(msg);
	} else if (i >= r3_count) {
		test_fail(__FILE__, __LINE__, "%s from ring 3: no trap (only %u)", what, r3_count);
	} else {
		test_fail(__FILE__, __LINE__, "%s from ring 3: attack %u vector %u error %#x "
		          "cs %#x ss %#x exact %u (want attack %u vector %u error %#x)", what,
		          t->index, t->vector, t->error, t->cs, t->ss, t->exact, k, vector, error);
	}
}

/* The common verdict: exactly n attempts, attempt i (what[i]) raised #GP(0)
 * at its own instruction with a ring-3 frame. */
static UNUSED void r3_expect_all_gp(const char *const *what, unsigned n)
{
	CHECK_EQ(r3_count, n);
	for (unsigned i = 0; i < n; i++)
		r3_expect(i, what[i], i, 13, 0);
}

/* Map the user program and its stack, declare r3_kstack as the kernel
 * stack and route the traps; r3_run = r3_setup + enter_user. */
static UNUSED void r3_setup(const char *blob, const char *end, void (*finish)(struct trap_regs *r))
{
	uint32_t code = frame_alloc(), stack = frame_alloc();

	r3_finish = finish;
	CHECK_RET(vmi_set_kernel_stack(test_bi->kernel_ds, R3_KSTACK_TOP), 0);
	memcpy(pfn_to_va(code), blob, (size_t)(end + 2 - blob));
	CHECK_RET(pt_map(pt_current_l2, R3_CODE_VA, code, VMI_PTE_P | VMI_PTE_U), 0);
	CHECK_RET(pt_map(pt_current_l2, R3_STACK_VA, stack, VMI_PTE_P | VMI_PTE_W | VMI_PTE_U), 0);
	for (unsigned v = 0; v < VMI_NR_EXCEPTIONS; v++)
		trap_set_handler(v, r3_on_trap);
	trap_set_handler(VMI_SYSCALL_VECTOR, r3_on_syscall);
}

/* Run the user program at R3_CODE_VA; finish(r) runs at its final int $0x80. */
static UNUSED __attribute__((noreturn)) void
r3_run(const char *blob, const char *end, void (*finish)(struct trap_regs *r))
{
	r3_setup(blob, end, finish);
	enter_user(R3_CODE_VA, R3_STACK_TOP);
}

/* ---- descriptors ---- */


/* A gate descriptor (call, interrupt, trap: type; task gates ignore off). */
static UNUSED uint64_t gate_desc(uint32_t sel, uint32_t off, uint32_t type, uint32_t dpl)
{
	return (off & 0xFFFFull) | ((uint64_t)sel << 16) |
	       ((uint64_t)(0x80 | (dpl << 5) | type) << 40) | ((uint64_t)(off >> 16) << 48);
}

/* What the processor says of a selector from ring 1: lar's access rights
 * and lsl's limit, or ~0 when it is not visible. */
static UNUSED uint32_t sel_rights(uint32_t sel)
{
	uint32_t v = ~0u;
	__asm__ volatile("lar %1, %0" : "+r"(v) : "r"(sel) : "cc");
	return v;
}

static UNUSED uint32_t sel_limit(uint32_t sel)
{
	uint32_t v = ~0u;
	__asm__ volatile("lsl %1, %0" : "+r"(v) : "r"(sel) : "cc");
	return v;
}

#endif /* HOSTILE_INSN_HARNESS_H */
