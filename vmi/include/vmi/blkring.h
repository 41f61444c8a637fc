/*
 * vmi/blkring.h - the block-device ring: what a guest and a block backend
 * share (the vmi_blk_* calls of vmi/vmi.spec, group "block").
 *
 * One page per attached device, laid out like Xen's blkif ring: a header of
 * four free-running 32-bit indexes and an array of VMI_BLK_RING_SIZE slots,
 * each holding a request (written by the guest) or later its response
 * (written by the backend over the same slot):
 *
 *   req_prod   guest: requests produced (slot = index % VMI_BLK_RING_SIZE)
 *   req_event  backend: "notify me when req_prod passes this"
 *   rsp_prod   backend: responses produced
 *   rsp_event  guest: "raise my port when rsp_prod passes this"
 *
 * Indexes only grow (mod 2^32); the number of outstanding slots is a
 * difference of indexes.  A guest may have at most VMI_BLK_RING_SIZE
 * requests without responses taken.  Notification is the event-index rule
 * (Xen's, virtio's): after moving a producer index from old to new, the
 * producer notifies only if the consumer's event index lies in (old, new],
 * i.e. VMI_BLK_NEED_NOTIFY(event, new, old).  A consumer that has drained the ring
 * sets its event index to the next index it wants (cons + 1), then looks at
 * the producer index once more before waiting (so nothing is missed).
 *
 * Sector numbers are in units of VMI_BLK_SECTOR_SIZE (512) whatever the
 * device; a segment is a part of one guest frame: sectors first_sect to
 * last_sect (0..7) of pseudo-physical frame pfn.  The segments of a request
 * cover consecutive device sectors from `sector` on.
 *
 * Every shared structure starts with a magic and a version.
 */
#ifndef VMI_BLKRING_H
#define VMI_BLKRING_H

#define VMI_BLK_RING_MAGIC   0x564D4252u   /* "VMBR" */
#define VMI_BLK_INFO_MAGIC   0x564D4249u   /* "VMBI" */
#define VMI_BLK_VERSION      1u

#define VMI_BLK_SECTOR_SIZE  512u
#define VMI_BLK_SECTOR_SHIFT 9
#define VMI_BLK_SECTORS_PER_PAGE 8u
#define VMI_BLK_MAX_SEGMENTS 11u          /* as Xen 2.0's blkif */
#define VMI_BLK_RING_SIZE    32u          /* slots: a power of two */
#define VMI_BLK_NAME_MAX     16u

/* Opcodes (struct vmi_blk_request.op). */
#define VMI_BLK_OP_READ      0u
#define VMI_BLK_OP_WRITE     1u
#define VMI_BLK_OP_BARRIER   2u   /* flush + order: no segments */

/* Status of a response: VMI_BLK_OK or a negative VMI_E* (vmi/abi.h). */
#define VMI_BLK_OK           0

/* struct vmi_blk_info.flags */
#define VMI_BLK_INFO_RO      0x1u

/* Producer moved old -> new: must it notify a consumer whose event index
 * is event, i.e. does event lie in (old, new]?  (Xen's RING_PUSH_*_AND_CHECK_NOTIFY,
 * virtio's vring_need_event with event - 1.) */
#define VMI_BLK_NEED_NOTIFY(event, new_idx, old_idx) \
	((uint32_t)((new_idx) - (event)) < (uint32_t)((new_idx) - (old_idx)))

#ifndef __ASSEMBLER__
#include <stdint.h>

/* What vmi_blk_info returns about one device. */
struct vmi_blk_info {
	uint32_t magic;           /* VMI_BLK_INFO_MAGIC */
	uint32_t version;         /* VMI_BLK_VERSION */
	uint64_t sectors;         /* size in 512-byte sectors */
	uint32_t sector_size;     /* VMI_BLK_SECTOR_SIZE */
	uint32_t flags;           /* VMI_BLK_INFO_RO */
	char name[VMI_BLK_NAME_MAX]; /* stable, NUL-terminated: "vda", "vdb", ... */
};

struct vmi_blk_segment {
	uint32_t pfn;             /* pseudo-physical frame of the guest's */
	uint8_t first_sect;       /* first sector of the frame used, 0..7 */
	uint8_t last_sect;        /* last one, first_sect..7 */
	uint16_t pad;
};

struct vmi_blk_request {
	uint32_t id;              /* echoed in the response */
	uint8_t op;               /* VMI_BLK_OP_* */
	uint8_t nr_segments;      /* 1..VMI_BLK_MAX_SEGMENTS; 0 for a barrier */
	uint16_t pad;
	uint64_t sector;          /* first device sector */
	struct vmi_blk_segment seg[VMI_BLK_MAX_SEGMENTS];
};

struct vmi_blk_response {
	uint32_t id;              /* the request's */
	uint8_t op;               /* the request's */
	uint8_t pad[3];
	int32_t status;           /* VMI_BLK_OK or -VMI_E* */
};

union vmi_blk_slot {
	struct vmi_blk_request req;
	struct vmi_blk_response rsp;
};

/* The shared page (vmi_blk_attach). */
struct vmi_blk_ring {
	uint32_t magic;           /* VMI_BLK_RING_MAGIC, set by the guest */
	uint32_t version;         /* VMI_BLK_VERSION */
	volatile uint32_t req_prod, req_event;
	volatile uint32_t rsp_prod, rsp_event;
	uint32_t pad[10];         /* slots start at byte 64 */
	union vmi_blk_slot ring[VMI_BLK_RING_SIZE];
};

_Static_assert(sizeof(struct vmi_blk_request) == 104, "blk request layout");
_Static_assert(sizeof(struct vmi_blk_ring) <= 4096, "blk ring fits a page");

#endif /* !__ASSEMBLER__ */
#endif /* VMI_BLKRING_H */
