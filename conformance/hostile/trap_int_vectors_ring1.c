/*
 * hostile/trap_int_vectors_ring1 - attack: `int $n` from the guest kernel
 * (ring 1) for every vector 0-255 except the hypercall (0x82): exception
 * vectors (a fake #PF or #DF, with no error code pushed), the hardware
 * interrupt vectors (a fake timer tick), and everything else.
 * Containment: only the gates the guest may use from ring 1 open: int3
 * and into (vectors 3 and 4) reach the guest's handlers as traps, 0x80 its
 * system-call handler; every other vector raises #GP(n * 8 + 2) at the
 * instruction, reflected to the guest kernel; the hypervisor runs on.
 */
#include "../runtime/test.h"

const char test_title[] = "int $n from ring 1 opens only the guest's gates";

static uint8_t code[256 * 4];        /* per vector: int $n; ret */
static volatile uint32_t got_vector, got_error, got_eip, got_cs, got_count;

static void on_trap(struct trap_regs *r)
{
	got_count++;
	got_vector = r->vector;
	got_error = r->f.error_code;
	got_eip = r->f.eip;
	got_cs = r->f.cs;
	if (r->vector == 13)
		r->f.eip += 2;               /* past the refused int */
}

void test_main(void)
{
	unsigned good = 0, tried = 0;

	for (unsigned v = 0; v < VMI_NR_EXCEPTIONS; v++)
		trap_set_handler(v, on_trap);
	trap_set_handler(VMI_SYSCALL_VECTOR, on_trap);
	for (unsigned v = 0; v < 256; v++) {
		code[v * 4] = 0xCD;
		code[v * 4 + 1] = (uint8_t)v;
		code[v * 4 + 2] = 0xC3;
	}
	for (unsigned v = 0; v < 256; v++) {
		uint32_t at = (uint32_t)&code[v * 4], want_v = 13, want_e = v * 8 + 2, want_eip = at;
		if (v == 0x82)
			continue;
		if (v == 3 || v == 4 || v == VMI_SYSCALL_VECTOR) {
			want_v = v;
			want_e = 0;
			want_eip = at + 2;       /* traps: after the instruction */
		}
		got_count = 0;
		((void (*)(void))at)();
		tried++;
		if (got_count == 1 && got_vector == want_v && got_error == want_e &&
		    got_eip == want_eip && got_cs == test_bi->kernel_cs)
			good++;
		else
			test_fail(__FILE__, __LINE__, "int $%#x: %u traps, vector %#x error %#x "
			          "(want vector %#x error %#x)", v, got_count, got_vector, got_error,
			          want_v, want_e);
	}
	CHECK_EQ(tried, 255);
	CHECK_EQ(good, tried);
}
