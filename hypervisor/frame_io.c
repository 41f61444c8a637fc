/*
 * frame_io.c - frames held for device I/O: the block backend DMAs straight
 * into and out of guest frames (no copy), so for the length of a transfer
 * such a frame must stay the domain's, must not become a page table (a
 * device writing a validated table would undo the validation) and must
 * not go back to the free pool or to another domain.
 *
 * Each frame counts its holds (struct frame.ioref, mm.h).  mm_pin refuses
 * a held frame (-VMI_EBUSY), mm_release_domain turns a held frame of a
 * dying domain into an orphan instead of freeing it, and the last
 * mm_io_release frees the orphan.  Anything else that would take a frame
 * from its domain (ballooning) must ask mm_frame_io_busy first.  A hold is
 * refused for a pinned page table; the ring page of an attached block
 * device is held for as long as it is attached, which is what keeps the
 * guest from pinning it.
 */
#include "hv.h"
#include "mm.h"

#define IOREF_MAX ((1u << 14) - 1)   /* struct frame.ioref is 14 bits */

int mm_io_hold(const struct domain *d, uint32_t mfn)
{
	if (!mm_owned_by(d, mfn) || mm_frames[mfn].type != PT_NONE)
		return -VMI_EINVAL;
	if (mm_frames[mfn].ioref == IOREF_MAX)
		return -VMI_EBUSY;      /* never: the rings bound it far below */
	mm_frames[mfn].ioref++;
	return 0;
}

void mm_io_release(uint32_t mfn)
{
	struct frame *f;

	if (mfn >= mm_top || mm_frames[mfn].ioref == 0)
		hv_panic("mm_io_release: frame %#x is not held", mfn);
	f = &mm_frames[mfn];
	if (--f->ioref == 0 && f->owner == OWNER_IO_ORPHAN)
		mm_orphan_freed(mfn);
}

int mm_frame_io_busy(uint32_t mfn)
{
	return mfn < mm_top && mm_frames[mfn].ioref != 0;
}
