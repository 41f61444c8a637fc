/*
 * hostile/insn_ring3_io - attack: port I/O from a user program (ring 3):
 * in/out with immediate and %dx ports, byte, word and dword, and the string
 * forms (ins/outs, rep outs), aimed at devices the hypervisor owns: the
 * isa-debug-exit port 0xF4 (a write would end the whole machine), the PIC
 * mask register 0x21, COM1 0x3F8.
 * Containment: each raises #GP(0) at the instruction, reflected to the guest
 * kernel with the user's frame (RPL 3 cs and ss); none takes effect (QEMU
 * still runs, no stray byte reaches the console).
 */
#include "insn_harness.h"

const char test_title[] = "port I/O from ring 3 is contained";

R3_BLOB(io_blob,
	R3_TRY(0, 2, "inb $0x60, %al")
	R3_TRY(1, 2, "outb %al, $0xF4")
	"movl $0x21, %edx\n\tmovl $0xFF, %eax\n\t"
	R3_TRY(2, 1, "outb %al, %dx")
	R3_TRY(3, 1, "inl %dx, %eax")
	"movl $0x3F8, %edx\n\tmovl $0x58, %eax\n\t"
	R3_TRY(4, 2, "outw %ax, %dx")
	R3_TRY(5, 1, "insb")
	R3_TRY(6, 1, "outsl")
	R3_TRY(7, 2, "rep outsb"))

static const char *const what[] = {
	"inb $0x60", "outb $0xF4 (debug exit)", "outb %dx=0x21 (PIC mask)", "inl %dx",
	"outw %dx=0x3F8 (COM1)", "insb", "outsl", "rep outsb",
};

static void finish(struct trap_regs *r)
{
	(void)r;
	r3_expect_all_gp(what, ARRAY_SIZE(what));
}

void test_main(void)
{
	r3_run(io_blob, io_blob_end, finish);
}
