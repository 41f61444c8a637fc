/*
 * note.S - the ELF note that marks an image as a pvhv guest and says which
 * VMI ABI it was built against.  The domain builder (hypervisor/elf.c)
 * refuses an image without it, or whose major version differs from its own
 * or whose minor version is newer.  pvhv.ld gives .note.vmi its own PT_NOTE
 * program header, so the builder finds it without section headers.
 *
 * Layout (ELF gABI): namesz, descsz, type, name padded to 4, desc.
 */
#include <vmi/calls.h>
#include <vmi/pvhv.h>

	.section .note.vmi, "a"
	.balign 4
	.long 4                              /* namesz: "VMI" and its NUL */
	.long 4                              /* descsz: one 32-bit version */
	.long PVHV_NOTE_TYPE
	.asciz PVHV_NOTE_NAME                /* 4 bytes, already aligned */
	/* VMI_ABI_VERSION spelled from its parts: gas rejects the 'u' suffix */
	.long (VMI_ABI_MAJOR << 16) | VMI_ABI_MINOR
