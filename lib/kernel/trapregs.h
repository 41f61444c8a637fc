/*
 * trapregs.h - the layout of struct trap_regs (trap.h) as numbers the
 * assembly stubs can use: the asm-offsets of trapentry.S and usermode.S.
 *
 * The stubs build struct trap_regs by pushing, so its layout is the reverse
 * of their push order; these offsets are what that order produces.  trap.c
 * checks every one against offsetof() at compile time, so the struct, this
 * file and the push order cannot drift apart silently.
 */
#ifndef GUEST_TRAPREGS_H
#define GUEST_TRAPREGS_H

#define TR_GS          0   /* pushed last */
#define TR_FS          4
#define TR_ES          8
#define TR_DS         12
#define TR_PUSHA      16   /* edi esi ebp esp ebx edx ecx eax, by pusha */
#define TR_EAX        44
#define TR_VECTOR     48
#define TR_ERROR_CODE 52   /* the VMI frame (struct vmi_trap_frame) starts here */
#define TR_EIP        56   /* where vmi_iret wants ESP */
#define TR_CS         60
#define TR_EFLAGS     64
#define TR_ESP        68   /* only from user mode */
#define TR_SS         72   /* only from user mode */
#define TR_SIZE       76

#define TR_VECTOR_EVENT 0x100  /* TRAP_EVENT of trap.h, for the asm */

#endif /* GUEST_TRAPREGS_H */
