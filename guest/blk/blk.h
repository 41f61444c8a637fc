/*
 * blk.h - the guest kernel's block layer: the disks the VMI block group
 * offers (blkdev.c) and the buffer cache on top of them (bcache.c).
 *
 * Callers (the ext2 filesystem) never see the ring: they ask for blocks
 * through the buffer cache, which reads and writes whole blocks with
 * blk_io().  blk_io() sleeps the calling process until the backend answers
 * (without a process, at boot, it waits for the event itself), so the file
 * layer calls it only under its lock (fs/fs.h: fs_lock).
 */
#ifndef GUEST_BLK_H
#define GUEST_BLK_H

#include <stdint.h>
#include <vmi/vmi.h>
#include <vmi/blkring.h>

#define BLK_MAJOR 254                /* Linux's virtio-blk: vda 254:0, vdb 254:16 */
#define BLK_MINORS 16                /* minors per disk (no partitions here) */
#define BLK_MAX_DEVS 8

struct blk_pending {                 /* one request in flight */
	uint32_t id;                 /* 0: slot free */
	int done, status;
};

struct blkdev {
	uint32_t index;              /* VMI device number */
	char name[VMI_BLK_NAME_MAX];
	uint64_t sectors;
	int ro;
	int port;                    /* 0: not attached (attach failed) */
	struct vmi_blk_ring *ring;
	uint32_t req_prod, rsp_cons, next_id, inflight;
	struct blk_pending pending[VMI_BLK_RING_SIZE];
	uint32_t reads, writes;      /* requests, for the benchmarks' notes */
};

struct blk_seg {                     /* sectors first..last of frame pfn */
	uint32_t pfn;
	uint8_t first, last;
};

/* ---- blkdev.c ---- */
void blk_init(void);                 /* enumerate and attach every disk */
uint32_t blk_count(void);
struct blkdev *blk_dev(uint32_t i);  /* NULL past the end */
/* One request of 1..VMI_BLK_MAX_SEGMENTS segments (none for a barrier),
 * waited for: 0, -EIO, -EROFS or -EINVAL. */
int blk_io(struct blkdev *d, uint8_t op, uint64_t sector,
	   const struct blk_seg *seg, uint32_t nseg);

/* ---- bcache.c ---- */
struct buf {
	struct buf *hnext;           /* hash chain */
	struct buf *prev, *next;     /* LRU list: most recently used first */
	struct buf *dprev, *dnext;   /* the dirty list */
	struct blkdev *dev;
	uint32_t block, size;        /* block number in units of size */
	uint8_t *data;               /* one page */
	int refs, dirty;
};
/* The block, read from the disk unless cached; NULL with *err set. */
struct buf *bread(struct blkdev *d, uint32_t block, uint32_t size, int *err);
/* The block without reading it, zero-filled unless cached (it is about to
 * be overwritten whole); NULL with *err set. */
struct buf *bzero_get(struct blkdev *d, uint32_t block, uint32_t size, int *err);
/* Start reading blocks block..block+n-1 that are not cached (read-ahead);
 * failures are ignored (a later bread reports them). */
void bprefetch(struct blkdev *d, uint32_t block, uint32_t n, uint32_t size);
void bdirty(struct buf *b);
void brelse(struct buf *b);
/* Write every dirty block of d, then a barrier: 0 or -EIO. */
int bsync(struct blkdev *d);
/* Forget d's blocks (unmount: after bsync; none may be held). */
void binval(struct blkdev *d);

#endif /* GUEST_BLK_H */
