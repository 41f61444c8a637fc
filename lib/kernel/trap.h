/*
 * trap.h - trap and event entry for guest-side programs.
 *
 * trap_init() registers one assembly stub per vector (0-31 and the system
 * call vector) with vmi_set_trap_table and one for the event callback.  Each
 * stub normalises the VMI frame (pushing 0 where the vector has no error
 * code), saves every register into a struct trap_regs, loads the kernel data
 * selector and calls the C handler registered for the vector; on return it
 * restores the (possibly modified) registers and leaves through vmi_iret.
 */
#ifndef GUEST_TRAP_H
#define GUEST_TRAP_H

#include <stdint.h>
#include <vmi/vmi.h>

#define TRAP_EVENT 0x100u  /* pseudo vector number of the event callback */

/* Built by the stubs in trapentry.S: keep the two in step. */
struct trap_regs {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax; /* pusha order */
	uint32_t vector;                  /* 0-31, 0x80 or TRAP_EVENT */
	struct vmi_trap_frame f;          /* error_code is 0 if the vector has none;
	                                   * f.esp/f.ss only valid from user mode */
};

typedef void (*trap_handler_t)(struct trap_regs *r);

/* Install all stubs and the event callback; selectors from the boot info.
 * Vectors 3, 4 and the system-call vector get DPL 3, the rest DPL 0; every
 * exception masks events on entry, the system call does not. */
void trap_init(const struct vmi_boot_info *bi);

/* Route vector (0-31, VMI_SYSCALL_VECTOR) to h; NULL restores the default,
 * which prints the trap and panics. */
void trap_set_handler(unsigned vector, trap_handler_t h);

static inline int trap_from_user(const struct trap_regs *r)
{
	return (r->f.cs & 3) == 3;
}

/* Enter ring 3 at eip with stack esp and events enabled, through vmi_iret
 * with the boot info's user selectors.  Never returns.  The caller must have
 * declared a kernel stack (vmi_set_kernel_stack) for traps from user mode. */
void enter_user(uint32_t eip, uint32_t esp) __attribute__((noreturn));

#endif /* GUEST_TRAP_H */
