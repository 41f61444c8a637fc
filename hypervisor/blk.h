/*
 * blk.h - private to the hypervisor's block files: the physical disks
 * (blkdisk.c), virtual block devices (vbd.c), the domains' rings and their
 * requests (blkring.c) and the scheduling of requests onto a disk
 * (elevator.c).  The rest of the hypervisor uses the blk_* and vbd_* calls
 * of hv.h; docs/DESIGN.md, "Virtual block devices", tells the whole story.
 *
 * The life of a request: the guest produces it on its ring and calls
 * HC_BLKIF_OP(NOTIFY); blkring.c copies it off the ring, checks it
 * against the VBD (extents, rights) and its frames (the domain's own, no
 * page table, not a ring), holds the frames (frame_io.c) and cuts it into
 * chunks - runs of consecutive physical sectors, one per extent it
 * touches - queued on the ring in ring order.  elevator.c takes chunks
 * from the rings of a disk in turn, sorts the batch by sector, merges
 * neighbours into one device request and starts them (DMA to and from the
 * guest frames).  The disk's interrupt (blkdisk.c) completes device
 * requests; a request whose chunks are all done gets its response, its
 * frames are released, and the ring's port is raised.
 */
#ifndef HV_BLK_H
#define HV_BLK_H

#include <vmi/blkring.h>
#include "hv.h"
#include "drivers/virtio_blk.h"

#define BLK_MAX_DISKS     4     /* physical disks driven */
#define VBD_MAX           4     /* per domain: vda..vdd */
#define VBD_MAX_EXTENTS   8     /* per VBD */
#define BLK_MAX_CHUNKS    4     /* extents one request may span */
#define BLK_MAX_PIECES    (VMI_BLK_MAX_SEGMENTS + BLK_MAX_CHUNKS - 1)
#define BLK_RING_REQS     VMI_BLK_RING_SIZE  /* requests taken, unanswered */
#define DISK_MAX_IO       32    /* device requests in flight per disk */
#define IO_MAX_CHUNKS     8     /* chunks merged into one device request */
#define BATCH_PER_RING    8     /* chunks one ring gives per round */
#define BATCH_MAX         DISK_MAX_IO
#define DISK_MAX_RINGS    (HV_MAX_DOMAINS * VBD_MAX)

struct blk_ring;

/* A virtual block device: what one domain sees as vdX. */
struct vbd {
	uint8_t disk;                /* physical disk index */
	uint8_t ro;                  /* read-only rights (or a read-only disk) */
	uint8_t nr_ext;
	uint64_t sectors;            /* sum of the extents */
	struct vbd_extent ext[VBD_MAX_EXTENTS];
	struct blk_ring *ring;       /* attached ring, or NULL */
};

/* A DMA buffer: part of one held frame. */
struct blk_piece {
	uint32_t paddr, len;
};

enum { CH_QUEUED, CH_ISSUED, CH_DONE };

/* Consecutive physical sectors of one request: pieces [first, first + n). */
struct blk_chunk {
	uint64_t psect;
	uint32_t nsect;
	uint8_t first, n, state;
};

/* A request taken off a ring (a slot of struct blk_ring). */
struct blk_req {
	uint8_t used, op, nr_chunks, left;   /* left: chunks not yet done */
	uint8_t nr_frames, at_device;
	uint32_t id;
	int32_t status;
	uint32_t frames[VMI_BLK_MAX_SEGMENTS];   /* held mfns */
	struct blk_piece piece[BLK_MAX_PIECES];
	struct blk_chunk chunk[BLK_MAX_CHUNKS];
};

/* One attached ring; lives on after its domain's death until the device
 * has finished with every request taken from it. */
struct blk_ring {
	struct domain *dom;          /* NULL once the domain died */
	struct vbd *vbd;             /* NULL once the domain died */
	uint8_t disk, flush;         /* flush: barriers flush the disk */
	uint8_t barrier;             /* a barrier is at the device */
	uint8_t logged;              /* corruption reported once (BLK_LOG_*) */
	uint32_t ring_mfn, port;
	uint32_t req_cons, rsp_prod;         /* our private indexes */
	uint32_t outstanding;                /* requests taken, unanswered */
	uint32_t at_device;                  /* of those, with chunks issued */
	uint8_t fifo[BLK_RING_REQS];         /* requests with chunks queued */
	uint32_t fifo_head, fifo_len;
	struct blk_req req[BLK_RING_REQS];
};

#define BLK_LOG_AHEAD 1
#define BLK_LOG_ID    2

/* A device request in flight: chunks of one or more requests, or a flush. */
struct blk_io {
	uint8_t used, nr;
	struct blk_ring *ring[IO_MAX_CHUNKS];
	uint8_t req[IO_MAX_CHUNKS], chunk[IO_MAX_CHUNKS];
	struct blk_ring *flush_ring;         /* a barrier's flush */
	uint8_t flush_req;
};

struct blk_disk {
	struct virtio_blk hw;
	struct blk_io io[DISK_MAX_IO];       /* tag = index */
	uint32_t nr_io;
	struct blk_ring *rings[DISK_MAX_RINGS];  /* round-robin order */
	uint32_t nr_rings;
	/* what the elevator did (logged with a ring's end) */
	uint32_t stat_chunks, stat_ios, stat_flushes;
};

extern struct blk_disk blk_disks[BLK_MAX_DISKS];
extern uint32_t blk_nr_disks;

/* vbd.c */
struct vbd *vbd_of(const struct domain *d, uint32_t dev);
uint32_t vbd_count(const struct domain *d);
/* Virtual sector v of the VBD: its physical sector and how many follow
 * contiguously in the same extent (v must be below vbd->sectors). */
uint64_t vbd_map(const struct vbd *v, uint64_t vsect, uint64_t *run);
void vbd_release(struct domain *d);

/* blkring.c */
void ring_chunk_done(struct blk_ring *r, uint32_t req, uint32_t chunk, int ok);
void ring_barrier_done(struct blk_ring *r, uint32_t req, int ok);
void ring_after_completions(struct blk_ring *r);
int ring_barrier_ready(struct blk_ring *r, uint32_t req); /* may it start? */

/* elevator.c */
void elevator_run(struct blk_disk *k);
int elevator_add_ring(struct blk_disk *k, struct blk_ring *r);
void elevator_remove_ring(struct blk_disk *k, struct blk_ring *r);
void elevator_io_done(struct blk_disk *k, uint32_t tag, int ok);

#endif /* HV_BLK_H */
