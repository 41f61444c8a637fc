/*
 * counters.S - per-call VMI counters (make VMI_COUNTERS=1 only; never
 * built or linked otherwise).
 *
 * One entry stub per call, generated from VMI_CALL_LIST: vmi_counted_<name>
 * adds one to vmi_call_counts[VMI_CALL_<NAME>] and jumps to the backend's
 * vmi_<name>.  In a counter build the Makefile renames every guest-side
 * reference vmi_<name> to vmi_counted_<name> (objcopy --redefine-syms on
 * each object outside backends/ and hypervisor/), so exactly the calls
 * that cross the interface are counted - not the backend's calls to its
 * own entry points, which differ between backends.
 *
 * The stub is a tail jump: the caller's stack and argument registers are
 * untouched (vmi_iret, which is jumped to with a frame on the stack,
 * included); only EFLAGS changes, which no C caller or vmi_iret caller
 * relies on across a call.  `incl` is one instruction, so an event
 * arriving between two counted calls cannot lose an increment on this
 * uniprocessor; on pvhv it is a plain memory write to guest .bss: no
 * call traps because it is counted.
 */
#include <vmi/calls.h>

	.text
#define X(nr, name, group, hot)				\
	.globl vmi_counted_##name;			\
	.type vmi_counted_##name, @function;		\
vmi_counted_##name:					\
	incl vmi_call_counts + 4 * nr;			\
	jmp vmi_##name;					\
	.size vmi_counted_##name, . - vmi_counted_##name;
VMI_CALL_LIST(X)
#undef X

	.bss
	.balign 4
	.globl vmi_call_counts
	.type vmi_call_counts, @object
vmi_call_counts:
	.fill VMI_NR_CALLS, 4, 0
	.size vmi_call_counts, . - vmi_call_counts

	.section .note.GNU-stack, "", @progbits
