/*
 * hostile/insn_ring3_icebp - attack: ICEBP (int1, opcode 0xF1) from a user
 * program (ring 3).  Unlike `int $1` it ignores the gate's DPL - it is
 * delivered like a hardware debug exception - so on a real processor it
 * enters the hypervisor's vector-1 stub from ring 3 although that gate has
 * DPL 0.  Also `int $1`, which must be refused.
 * Containment: ICEBP is reflected to the guest kernel with the user's
 * frame - as #DB (vector 1) on a real processor, as #UD (vector 6) under
 * QEMU 7.2's TCG, which does not implement it (so there the hypervisor's
 * vector-1 path is not reached); either is accepted.  `int $1` raises
 * #GP(1 * 8 + 2) at the instruction.  Nothing else happens.
 */#include "insn_harness.h"

const char test_title[] = "icebp and int $1 from ring 3 are contained";

R3_BLOB(user_blob,
	R3_TRY(0, 2, "int $1")
	"movl $1, %edi\n\tmovl $1, %esi\n\t.byte 0xF1\n\tnop\n\t"   /* #UD: skip it; #DB: skip the nop */)

static void finish(struct trap_regs *r)
{
	(void)r;
	CHECK_EQ(r3_count, 2);
	r3_expect(0, "int $1", 0, 13, 1 * 8 + 2);
	CHECK_EQ(r3_traps[1].index, 1);
	CHECK(r3_traps[1].vector == 1 || r3_traps[1].vector == 6);
	CHECK_EQ(r3_traps[1].cs, test_bi->user_cs);
}

void test_main(void)
{
	r3_run(user_blob, user_blob_end, finish);
}
