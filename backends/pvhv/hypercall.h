/*
 * hypercall.h - the hypercall instruction, wrapped for C.
 *
 * `int $0x82` from ring 1 (its gate has DPL 1, so ring 3 cannot use it):
 * EAX = number (HC_*), arguments in EBX, ECX, EDX, ESI, EDI, result in EAX.
 * The argument registers are declared clobbered as well: the contract only
 * promises EAX, and an event may be delivered on the way back (the callback
 * restores every register, but we do not rely on more than the contract).
 * "memory": the hypervisor reads and writes guest memory we point it at.
 */
#ifndef PVHV_HYPERCALL_H
#define PVHV_HYPERCALL_H

#include <stdint.h>
#include <vmi/pvhv.h>

static inline int hc0(uint32_t op)
{
	int r;

	__asm__ volatile("int %[vec]"
	                 : "=a"(r)
	                 : "a"(op), [vec] "i"(PVHV_HYPERCALL_VECTOR)
	                 : "memory");
	return r;
}

static inline int hc1(uint32_t op, uint32_t a1)
{
	int r;

	__asm__ volatile("int %[vec]"
	                 : "=a"(r), "+b"(a1)
	                 : "a"(op), [vec] "i"(PVHV_HYPERCALL_VECTOR)
	                 : "memory");
	return r;
}

static inline int hc2(uint32_t op, uint32_t a1, uint32_t a2)
{
	int r;

	__asm__ volatile("int %[vec]"
	                 : "=a"(r), "+b"(a1), "+c"(a2)
	                 : "a"(op), [vec] "i"(PVHV_HYPERCALL_VECTOR)
	                 : "memory");
	return r;
}

static inline int hc3(uint32_t op, uint32_t a1, uint32_t a2, uint32_t a3)
{
	int r;

	__asm__ volatile("int %[vec]"
	                 : "=a"(r), "+b"(a1), "+c"(a2), "+d"(a3)
	                 : "a"(op), [vec] "i"(PVHV_HYPERCALL_VECTOR)
	                 : "memory");
	return r;
}

static inline int hc4(uint32_t op, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	int r;

	__asm__ volatile("int %[vec]"
	                 : "=a"(r), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4)
	                 : "a"(op), [vec] "i"(PVHV_HYPERCALL_VECTOR)
	                 : "memory");
	return r;
}

static inline int hc5(uint32_t op, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
                      uint32_t a5)
{
	int r;

	__asm__ volatile("int %[vec]"
	                 : "=a"(r), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4), "+D"(a5)
	                 : "a"(op), [vec] "i"(PVHV_HYPERCALL_VECTOR)
	                 : "memory");
	return r;
}

/* HC_EVTCHN_SEND: its fast path (hypervisor/entry.S) does not preserve
 * ECX and EDX, and may leave this domain's events for the caller. */
static inline int hc_evtchn_send(uint32_t port)
{
	int r;

	__asm__ volatile("int %[vec]"
	                 : "=a"(r), "+b"(port)
	                 : "a"(HC_EVTCHN_SEND), [vec] "i"(PVHV_HYPERCALL_VECTOR)
	                 : "ecx", "edx", "memory");
	return r;
}

#endif /* PVHV_HYPERCALL_H */
