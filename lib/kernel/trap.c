/*
 * trap.c - trap registration and dispatch (trap.h).
 *
 * trap_init hands VMI one trap table covering vectors 0-31 and the system
 * call vector, all pointing at the stubs of trapentry.S, plus the event
 * callback stub.  Every stub ends in trap_dispatch, which routes the vector
 * to the C handler set with trap_set_handler, to event_dispatch for the
 * event callback, or to a default that prints the trap and panics.
 *
 * Selectors are remembered here from the boot info for the assembly
 * (trap_kernel_ds for the stubs, trap_user_cs/ds for enter_user): the guest
 * never assumes a privilege level, which differs between backends.
 */
#include <stddef.h>
#include <vmi/vmi.h>
#include "lib/klib.h"
#include "trap.h"
#include "trapregs.h"
#include "event.h"

/* The asm-offsets check: trapentry.S pushes in the order trapregs.h
 * describes; the struct must agree field by field. */
#define TR_CHECK(field, off) \
	_Static_assert(offsetof(struct trap_regs, field) == (off), #field)
TR_CHECK(gs, TR_GS);
TR_CHECK(fs, TR_FS);
TR_CHECK(es, TR_ES);
TR_CHECK(ds, TR_DS);
TR_CHECK(edi, TR_PUSHA);
TR_CHECK(eax, TR_EAX);
TR_CHECK(vector, TR_VECTOR);
TR_CHECK(f.error_code, TR_ERROR_CODE);
TR_CHECK(f.eip, TR_EIP);
TR_CHECK(f.cs, TR_CS);
TR_CHECK(f.eflags, TR_EFLAGS);
TR_CHECK(f.esp, TR_ESP);
TR_CHECK(f.ss, TR_SS);
_Static_assert(sizeof(struct trap_regs) == TR_SIZE, "trap_regs size");
_Static_assert(TR_VECTOR_EVENT == TRAP_EVENT, "event vector");

#define SYSCALL_SLOT VMI_NR_EXCEPTIONS  /* handlers[] index of vector 0x80 */

/* Defined in trapentry.S. */
extern const uint32_t trap_stubs[VMI_NR_EXCEPTIONS];
void trap_syscall_entry(void);
void trap_event_entry(void);
void trap_dispatch(struct trap_regs *r);

/* Read by trapentry.S and usermode.S. */
uint32_t trap_kernel_ds, trap_user_cs, trap_user_ds;

static trap_handler_t handlers[VMI_NR_EXCEPTIONS + 1];

static const char *const exception_names[VMI_NR_EXCEPTIONS] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound range", "#UD invalid opcode",
	"#NM device not available", "#DF double fault", "coprocessor overrun",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "reserved",
	"#MF x87 error", "#AC alignment check", "#MC machine check",
	"#XM SIMD error", "#VE virtualization",
};

/* One table entry: only the breakpoint, overflow and system-call vectors
 * may be raised from user mode with int n; exceptions run with events
 * masked (interrupt gates), system calls with events as they were. */
static struct vmi_trap_entry trap_entry(unsigned vector, uint32_t handler,
                                        uint32_t kernel_cs)
{
	int user = vector == 3 || vector == 4 || vector == VMI_SYSCALL_VECTOR;
	int mask = vector != VMI_SYSCALL_VECTOR;

	return (struct vmi_trap_entry){
		.vector = vector,
		.flags = (user ? 3 : 0) | (mask ? VMI_TRAP_MASK_EVENTS : 0),
		.cs = kernel_cs,
		.handler = handler,
	};
}

void trap_init(const struct vmi_boot_info *bi)
{
	struct vmi_trap_entry table[VMI_NR_EXCEPTIONS + 1];
	int err;

	/* Before any stub can run: they load trap_kernel_ds. */
	trap_kernel_ds = bi->kernel_ds;
	trap_user_cs = bi->user_cs;
	trap_user_ds = bi->user_ds;

	for (unsigned v = 0; v < VMI_NR_EXCEPTIONS; v++)
		table[v] = trap_entry(v, trap_stubs[v], bi->kernel_cs);
	table[SYSCALL_SLOT] = trap_entry(VMI_SYSCALL_VECTOR,
	                                 (uint32_t)trap_syscall_entry, bi->kernel_cs);
	err = vmi_set_trap_table(table, ARRAY_SIZE(table));
	if (err)
		panic("trap_init: vmi_set_trap_table failed (%d)", err);
	err = vmi_set_event_callback(trap_event_entry);
	if (err)
		panic("trap_init: vmi_set_event_callback failed (%d)", err);
}

/* handlers[] index of a vector, or -1 for one trap_init did not install. */
static int slot(unsigned vector)
{
	if (vector < VMI_NR_EXCEPTIONS)
		return vector;
	return vector == VMI_SYSCALL_VECTOR ? SYSCALL_SLOT : -1;
}

void trap_set_handler(unsigned vector, trap_handler_t h)
{
	int i = slot(vector);

	if (i < 0)
		panic("trap_set_handler: bad vector %u", vector);
	handlers[i] = h;
	/* A trap may come at the very next instruction (a store that faults on
	 * purpose): the handler must be in the table before, even when this
	 * call is inlined (link-time optimisation) next to that store. */
	asm volatile("" : : : "memory");
}

static const char *trap_name(unsigned vector)
{
	if (vector == VMI_SYSCALL_VECTOR)
		return "system call";
	if (vector < ARRAY_SIZE(exception_names) && exception_names[vector])
		return exception_names[vector];
	return "reserved";
}

/* No handler: say everything useful about the trap, then give up. */
static void trap_default(struct trap_regs *r)
{
	printf("trap: vector %u (%s) error %#x eip %#x cs %#x eflags %#x\n",
	       r->vector, trap_name(r->vector), r->f.error_code, r->f.eip, r->f.cs, r->f.eflags);
	if (r->vector == 14)
		printf("trap: fault address %#lx\n", vmi_fault_address());
	if (trap_from_user(r))
		printf("trap: user esp %#x ss %#x\n", r->f.esp, r->f.ss);
	printf("trap: eax %#x ebx %#x ecx %#x edx %#x esi %#x edi %#x ebp %#x\n",
	       r->eax, r->ebx, r->ecx, r->edx, r->esi, r->edi, r->ebp);
	panic("unhandled trap %u at eip %#x", r->vector, r->f.eip);
}

/* Called by trap_common with the saved registers; changes a handler makes
 * to *r take effect when the stub returns. */
void trap_dispatch(struct trap_regs *r)
{
	int i;

	if (r->vector == TRAP_EVENT) {
		event_dispatch(r);
		return;
	}
	i = slot(r->vector);
	if (i >= 0 && handlers[i])
		handlers[i](r);
	else
		trap_default(r);
}
