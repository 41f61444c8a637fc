/*
 * vectors.S - the backend's 256 IDT entry stubs (drivers/idt_stubs.h)
 * and the common paths they jump to.
 *
 * Each stub pushes 0 where the CPU pushes no error code, then its vector.
 * IRQ vectors (0x20-0x2F) run native_irq and then either return or enter
 * the guest's event callback with the interrupted context's hardware frame
 * still on the stack - exactly what the callback gets on pvhv.  Every other
 * vector, until the guest installs a handler, reports and ends the run.
 */
#include "drivers/idt_stubs.h"
#define KERNEL_DS 0x10

	IDT_STUBS stub, native_default_stubs, irq_common, unhandled_common

	.text
unhandled_common:
	pushal
	movl $KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	pushl %esp                      /* struct stub_frame * */
	call native_unhandled           /* does not return */

/*
 * IRQ path.  Flags survive the pops (pop/popal/lea leave EFLAGS alone), so
 * the decision native_irq returned in EAX is carried in ZF to the end.
 */
irq_common:
	pushal
	pushl %ds
	pushl %es
	movl $KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	pushl 40(%esp)                  /* the vector */
	call native_irq
	testl %eax, %eax                /* ZF clear: deliver an event */
	leal 4(%esp), %esp
	popl %es
	popl %ds
	popal
	leal 8(%esp), %esp              /* vector and fake error code */
	jnz 1f
	iret
1:	jmp *evt_callback               /* events masked: IF=0 in this gate */
