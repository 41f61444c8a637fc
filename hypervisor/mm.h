/*
 * mm.h - private to the memory-management files of the hypervisor:
 * frames.c (heap, frame table, M2P, domain memory), pagetype.c (the
 * page-table rules) and mapping.c (windows, TLB and CR3).  The rest of the
 * hypervisor uses only the mm_* calls of hv.h.
 *
 * The processor operations sit behind functions of mapping.c rather than
 * inline asm so that frames.c and pagetype.c, which hold every rule, build
 * and run unchanged in the host test (scripts/tests/test_hv_mm.py).
 */
#ifndef HV_MM_H
#define HV_MM_H

#include <stdint.h>

/* What a frame is used as; only the owner can pin a frame. */
enum { PT_NONE, PT_L1, PT_L2 };

/*
 * One entry per machine frame.  The counts are 32 bits on purpose: with
 * 16-bit counts a guest could wrap a frame's writable-mapping count to zero
 * with 65536 mappings (64 L1s) and then pin a frame it can still write.
 */
struct frame {
	/* Packed into one word so that the table stays 20 bytes a frame
	 * (2^20 frames fit slots 1016-1020): a domain holds at most
	 * VBD_MAX rings of BLK_RING_REQS requests of BLK_MAX_PIECES pieces
	 * plus the ring pages, far below ioref's limit (frame_io.c checks). */
	uint32_t owner : 16;  /* domid, OWNER_FREE or OWNER_HV */
	uint32_t type : 2;    /* PT_* */
	uint32_t ioref : 14;  /* held for device I/O (frame_io.c): never pinned,
	                       * given away or freed while nonzero */
	uint32_t maps;     /* mappings from pinned L1s, read-only or writable:
	                    * a frame mapped anywhere is never given back
	                    * (balloon.c) */
	uint32_t wcount;   /* writable mappings from pinned L1s */
	uint32_t l2refs;   /* references from pinned L2s */
	uint32_t tlb_stamp; /* mm_tlb_clock when a writable mapping of it, or an
	                     * L2 entry naming it, last went away */
};

_Static_assert(sizeof(struct frame) * (1u << 20) <= 5u << 22,
	       "the frame table of 2^20 frames fits L2 slots 1016-1020");

extern struct frame *mm_frames;   /* [0, mm_top) */
extern uint32_t mm_top;           /* first frame beyond machine memory we use */

/* Is mfn a frame of d?  Inline: every entry pagetype.c validates asks
 * (twice per single-entry update), and a call cost more than the test. */
static inline int mm_owned_by(const struct domain *d, uint32_t mfn)
{
	return mfn < mm_top && mm_frames[mfn].owner == d->id;
}

/* frames.c: the heap, in whole pages of the direct map (zeroed; NULL when
 * no n contiguous pages are left). */
void *heap_alloc_pages(uint32_t n);
void heap_free_pages(void *va, uint32_t n);
void hv_free_page(void *va);
uint32_t heap_free_count(void);

/* mapping.c: the processor side.  mm_flush_tlb and mm_load_cr3 (hv.h)
 * both drop every TLB entry and cached walk (CR4.PGE stays off), and both
 * advance mm_tlb_clock, after
 * the flush: a frame whose tlb_stamp differs from the clock has had a full
 * flush since its last writable mapping or L2 link went away, so no TLB
 * entry or cached walk can still use it (one processor).  The clock only
 * ever errs towards flushing: after 2^32 flushes an old stamp matches again
 * and costs one needless flush. */
extern uint32_t mm_tlb_clock;
uint32_t mm_read_cr3(void);

#endif /* HV_MM_H */
