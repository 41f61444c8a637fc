/*
 * raw_hypercall.h - a hypercall made directly with `int $0x82`, bypassing
 * the pvhv backend, for attack tests that must hand the hypervisor
 * arguments no VMI call would (vmi/pvhv.h has the numbers).  EBX, ECX and
 * EDX are in-out because the hypervisor may not preserve them.
 */
#ifndef HOSTILE_RAW_HYPERCALL_H
#define HOSTILE_RAW_HYPERCALL_H

#include <stdint.h>
#include <vmi/pvhv.h>

static inline int32_t hc(uint32_t nr, uint32_t a, uint32_t b, uint32_t c)
{
	int32_t ret;
	asm volatile("int $0x82" : "=a"(ret), "+b"(a), "+c"(b), "+d"(c) : "0"(nr) : "memory");
	return ret;
}

#endif /* HOSTILE_RAW_HYPERCALL_H */
