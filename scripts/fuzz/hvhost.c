/*
 * hvhost.c - see hvhost.h: the direct map, domain frames, windows and the
 * processor stubs that frames.c and pagetype.c need on the host.
 */
#include "hvhost.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

uint32_t hv_idle_l2[1024];               /* entry.S's boot L2, slots 1009-1023 */
uint32_t hv_switcher_l2e;                /* isolation.c's; 0: segment mode, no views */
uint32_t hvhost_cr3 = HVHOST_IDLE_L2_PA;
int hvhost_verbose;

static uint8_t **frames;                 /* [mfn - FIRST_DOMAIN_MFN] */
static uint32_t nr_frames;
static uint32_t win_mfn[HV_NR_WINDOWS];  /* 0: window free */
static uint32_t windows;
static char trace[HVHOST_TRACE_MAX + 1];
static uint32_t trace_len;
static const uint32_t *m2p_view;

void hvhost_fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "FUZZ FINDING: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

void hvhost_say(const char *fmt, ...)
{
	va_list ap;

	if (!hvhost_verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

/* ---- what the rest of the hypervisor provides to the mm files ---- */

void hv_log(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);   /* formats every message anyway */
	va_end(ap);
	if (hvhost_verbose > 1)
		fprintf(stderr, "hv: %s\n", buf);
}

void hv_panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	hvhost_fail("hv_panic: %s", buf);
}

static void note(char c)
{
	if (trace_len < HVHOST_TRACE_MAX)
		trace[trace_len++] = c;
	trace[trace_len] = 0;
}

void hvhost_trace_reset(void)
{
	trace_len = 0;
	trace[0] = 0;
}

const char *hvhost_trace(void)
{
	return trace;
}

uint32_t *hvhost_frame(uint32_t mfn)
{
	if (mfn < FIRST_DOMAIN_MFN || mfn - FIRST_DOMAIN_MFN >= nr_frames)
		hvhost_fail("harness: frame %#x is not a domain frame", mfn);
	return (uint32_t *)frames[mfn - FIRST_DOMAIN_MFN];
}

uint32_t hvhost_windows(void)
{
	return windows;
}

/* The real one maps any frame; the mm code has no business mapping
 * anything but domain frames, so anything else is a finding here. */
void *map_domain_page(uint32_t mfn)
{
	if (mfn < FIRST_DOMAIN_MFN || mfn - FIRST_DOMAIN_MFN >= nr_frames)
		hvhost_fail("map_domain_page(%#x): not a domain frame", mfn);
	for (uint32_t i = 0; i < HV_NR_WINDOWS; i++) {
		if (win_mfn[i])
			continue;
		win_mfn[i] = mfn;
		windows++;
		note('M');
		return frames[mfn - FIRST_DOMAIN_MFN];
	}
	hvhost_fail("map_domain_page: all %u windows in use (a leak)", HV_NR_WINDOWS);
}

void unmap_domain_page(void *va)
{
	for (uint32_t i = 0; i < HV_NR_WINDOWS; i++) {
		uint32_t m = win_mfn[i];

		/* Like mapping.c: any address inside the window. */
		if (m && (uint8_t *)va >= frames[m - FIRST_DOMAIN_MFN] &&
		    (uint8_t *)va < frames[m - FIRST_DOMAIN_MFN] + VMI_PAGE_SIZE) {
			win_mfn[i] = 0;
			windows--;
			note('U');
			return;
		}
	}
	hvhost_fail("unmap_domain_page(%p): not a mapped window", va);
}

/* The processor: both flush everything, so both advance the TLB clock. */
uint32_t mm_tlb_clock = 1;       /* frames start stamped 0: not stale */
void mm_flush_tlb(void) { mm_tlb_clock++; note('F'); }
void mm_load_cr3(uint32_t pa) { hvhost_cr3 = pa; mm_tlb_clock++; note('C'); }
uint32_t mm_read_cr3(void) { return hvhost_cr3; }
uint32_t mm_idle_l2_pa(void) { return HVHOST_IDLE_L2_PA; }

const uint32_t *hvhost_m2p(void)
{
	return m2p_view;
}

/* ---- setup ---- */

void hvhost_init(uint32_t nr_domain_frames, uint32_t heap_kib)
{
	uint32_t start = HV_RESERVED_TOP - heap_kib * 1024;
	void *want = HV_VA(start);
	void *got = mmap(want, heap_kib * 1024, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	struct domain probe;

	if (sizeof(void *) != 4)
		hvhost_fail("harness: build it with -m32 (the hypervisor is 32-bit)");
	if (got != want)
		hvhost_fail("harness: cannot map the direct map at %p (got %p)", want, got);
	hvhost_verbose = getenv("FUZZ_VERBOSE") ? atoi(getenv("FUZZ_VERBOSE")) : 0;
	for (uint32_t i = 1009; i < 1024; i++)
		hv_idle_l2[i] = 0xA0000063u + (i << VMI_PAGE_SHIFT);
	nr_frames = nr_domain_frames;
	frames = calloc(nr_frames, sizeof *frames);
	for (uint32_t i = 0; frames && i < nr_frames; i++) {
		frames[i] = aligned_alloc(VMI_PAGE_SIZE, VMI_PAGE_SIZE);
		if (!frames[i])
			break;
		memset(frames[i], 0xCC, VMI_PAGE_SIZE);   /* "never scrubbed" */
	}
	if (!frames || !frames[nr_frames - 1])
		hvhost_fail("harness: no host memory for %u frames", nr_frames);
	heap_init(start, HV_RESERVED_TOP);
	mm_init(FIRST_DOMAIN_MFN + nr_frames);
	if (mm_nr_frames() != FIRST_DOMAIN_MFN + nr_frames)
		hvhost_fail("harness: mm_init kept %u frames", mm_nr_frames());
	/* Where the M2P is: the first entry of any domain's slot-1008 L1.  A
	 * throw-away domain finds out; its two heap pages go back. */
	memset(&probe, 0, sizeof probe);
	probe.id = 0x7777;
	if (mm_domain_init(&probe))
		hvhost_fail("harness: mm_domain_init failed on an empty heap");
	uint32_t *l1 = HV_VA(probe.slot1008_l1_mfn << VMI_PAGE_SHIFT);
	m2p_view = HV_VA(l1[0] & ~(VMI_PAGE_SIZE - 1));
	hv_free_page(l1);
	hv_free_page(probe.shared);
}
