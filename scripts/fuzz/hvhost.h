/*
 * hvhost.h - the machine under the hypervisor's memory code, on the host,
 * for the libFuzzer harnesses of scripts/fuzz/.
 *
 * frames.c, pagetype.c (and domain_build.c, elf.c) are compiled unchanged
 * for a 32-bit Linux process, as in scripts/tests/test_hv_mm.py: the direct
 * map of the hypervisor's heap is recreated with mmap at HV_DIRECT_BASE, so
 * heap pointers are the real ones, and domain frames are separate heap
 * blocks of the host (malloc'd one by one, so AddressSanitizer puts a red
 * zone around every frame).  mapping.c's processor operations are replaced
 * by recording stubs; map_domain_page checks that only domain frames are
 * mapped and that every window is given back.
 *
 * Anything wrong is a finding: hvhost_fail prints "FUZZ FINDING: ..." and
 * aborts, which libFuzzer reports as a crash and saves the input.
 */
#ifndef FUZZ_HVHOST_H
#define FUZZ_HVHOST_H

#include <stdint.h>
#include "hv.h"
#include "mm.h"

#define FIRST_DOMAIN_MFN (HV_RESERVED_TOP >> VMI_PAGE_SHIFT)
#define HVHOST_IDLE_L2_PA 0x00123000u   /* what mm_idle_l2_pa() answers */

/* Map heap_kib of hypervisor heap at the top of the direct map and build
 * the frame table for nr_domain_frames frames above HV_RESERVED_TOP. */
void hvhost_init(uint32_t nr_domain_frames, uint32_t heap_kib);

/* The contents of a domain frame without a window (the harness's view). */
uint32_t *hvhost_frame(uint32_t mfn);
uint32_t hvhost_windows(void);           /* windows mapped right now */

/* CR3 as the stubs of mapping.c see it. */
extern uint32_t hvhost_cr3;

/* Processor events since the last reset: 'F' TLB flush, 'M' map,
 * 'U' unmap, 'C' CR3 load (truncated at HVHOST_TRACE_MAX). */
#define HVHOST_TRACE_MAX 256
void hvhost_trace_reset(void);
const char *hvhost_trace(void);

/* The read-only M2P as guests see it through their slot-1008 L1. */
const uint32_t *hvhost_m2p(void);

void hvhost_fail(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

/* Set FUZZ_VERBOSE=1 in the environment to see what a harness does. */
extern int hvhost_verbose;
void hvhost_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* FUZZ_HVHOST_H */
