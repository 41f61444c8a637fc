/*
 * hostile/insn_ring3_popf - attack: popf in a user program (ring 3) trying
 * to clear IF (keep the processor) and raise IOPL to 3 (allowing port I/O,
 * cli and sti).  popf does not fault: at CPL 3 > IOPL 0 it silently leaves
 * IF and IOPL alone.
 * Containment: no trap at the popf; the flags read back (pushf) still have
 * IF set and IOPL 0; port I/O and cli after it still raise #GP(0), reflected
 * to the guest kernel with the user's frame; the final system call arrives
 * with IF set.
 */
#include "insn_harness.h"

const char test_title[] = "popf in ring 3 changes neither IF nor IOPL";

R3_BLOB(user_blob,
	"pushfl\n\tpopl %eax\n\tandl $~0x200, %eax\n\torl $0x3000, %eax\n\t"
	"pushl %eax\n\tpopfl\n\tpushfl\n\tpopl %ebx\n\t"
	R3_TRY(0, 2, "inb $0x60, %al")
	R3_TRY(1, 1, "cli"))

static void finish(struct trap_regs *r)
{
	CHECK_EQ(r->ebx & EFLAGS_IF, EFLAGS_IF);      /* as the user read them */
	CHECK_EQ(r->ebx & EFLAGS_IOPL, 0);
	CHECK_EQ(r->f.eflags & EFLAGS_IF, EFLAGS_IF);
	CHECK_EQ(r3_count, 2);
	r3_expect(0, "inb after popf(IOPL=3)", 0, 13, 0);
	r3_expect(1, "cli after popf(IOPL=3)", 1, 13, 0);
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
