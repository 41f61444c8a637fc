/*
 * hostile/trap_int_vectors_ring3 - attack: `int $n` from a user program
 * (ring 3) for every vector except the three user gates (3, 4, 0x80):
 * exception vectors, the hardware interrupt vectors, the hypercall vector
 * 0x82 and everything else.
 * Containment: each raises #GP(n * 8 + 2) at the instruction, reflected to
 * the guest kernel with the user's frame; the program reaches its final
 * system call.
 */
#include "insn_harness.h"

const char test_title[] = "int $n from ring 3 opens only the user gates";

static unsigned good, bad;

/* The user program, built here: per vector "movl $n, %edi; int $n". */
static uint8_t program[4096];

static void on_trap(struct trap_regs *r)
{
	const uint8_t *p = (const uint8_t *)r->f.eip;
	uint32_t v = r->edi;

	if (!trap_from_user(r) || good + bad > 300) {
		test_fail(__FILE__, __LINE__, "runaway: trap %u from cs %#x", r->vector, r->f.cs);
		test_done();
	}
	if (r->vector == 13 && r->f.error_code == v * 8 + 2 && r->f.cs == test_bi->user_cs &&
	    r->f.ss == test_bi->user_ds && p[0] == 0xCD && p[1] == v)
		good++;
	else if (++bad < 8)
		test_fail(__FILE__, __LINE__, "int $%#x: vector %u error %#x", v, r->vector,
		          r->f.error_code);
	r->f.eip += 2;
}

static void finish(struct trap_regs *r)
{
	(void)r;
	CHECK_EQ(bad, 0);
	CHECK_EQ(good, 253);
}

void test_main(void)
{
	uint8_t *p = program;

	for (unsigned v = 0; v < 256; v++) {
		if (v == 3 || v == 4 || v == VMI_SYSCALL_VECTOR)
			continue;
		*p++ = 0xBF;                 /* movl $v, %edi */
		*(uint32_t *)p = v;
		p += 4;
		*p++ = 0xCD;                 /* int $v */
		*p++ = (uint8_t)v;
	}
	*p++ = 0xBF;                         /* movl $R3_END_INDEX, %edi; int $0x80 */
	*(uint32_t *)p = R3_END_INDEX;
	p += 4;
	*p++ = 0xCD;
	*p++ = VMI_SYSCALL_VECTOR;
	*p++ = 0xEB;                         /* jmp . */
	*p++ = 0xFE;
	r3_setup((const char *)program, (const char *)p - 2, finish);
	for (unsigned v = 0; v < VMI_NR_EXCEPTIONS; v++)
		trap_set_handler(v, on_trap);
	enter_user(R3_CODE_VA, R3_STACK_TOP);
}
