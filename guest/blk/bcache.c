/*
 * bcache.c - the buffer cache: disk blocks in memory, one page per block,
 * found by (device, block number) in a hash table.
 *
 * Write-back: bdirty() only marks a block and puts it on the dirty list;
 * dirty blocks reach the disk when bsync() is called (sync, fsync, unmount,
 * shutdown) or when the cache is full and the least recently used block
 * that nobody holds is dirty.  Writes go out in runs of consecutive dirty
 * blocks, one request of up to VMI_BLK_MAX_SEGMENTS segments (one per
 * block); reads of several uncached consecutive blocks (bprefetch) likewise.
 *
 * The cache is bounded: at most a quarter of free memory at first use,
 * and never more than BCACHE_MAX blocks.  Held blocks (refs > 0) are never
 * evicted.  Callers hold the file layer's lock, so nothing here runs twice
 * at once even though disk I/O sleeps.
 */
#include "blk/blk.h"
#include "fs/vfs.h"
#include "sys/linux.h"
#include "kernel.h"
#include "kern/kmalloc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

#define BCACHE_MAX  4096            /* 16 MiB of pages */
#define BCACHE_MIN  32
#define HASH_SIZE   512

static struct buf *hash[HASH_SIZE];
static struct buf *lru_head, *lru_tail;
static struct buf *dirty_head;
static uint32_t nbufs, max_bufs;

static uint32_t hash_of(const struct blkdev *d, uint32_t block)
{
	return (block * 31u + d->index) % HASH_SIZE;
}

static struct buf *lookup(struct blkdev *d, uint32_t block, uint32_t size)
{
	for (struct buf *b = hash[hash_of(d, block)]; b; b = b->hnext)
		if (b->dev == d && b->block == block && b->size == size)
			return b;
	return NULL;
}

static void hash_insert(struct buf *b)
{
	struct buf **h = &hash[hash_of(b->dev, b->block)];

	b->hnext = *h;
	*h = b;
}

static void hash_remove(struct buf *b)
{
	struct buf **pp = &hash[hash_of(b->dev, b->block)];

	while (*pp && *pp != b)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = b->hnext;
	b->hnext = NULL;
}

static void lru_unlink(struct buf *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else if (lru_head == b)
		lru_head = b->next;
	if (b->next)
		b->next->prev = b->prev;
	else if (lru_tail == b)
		lru_tail = b->prev;
	b->prev = b->next = NULL;
}

static void lru_front(struct buf *b)
{
	lru_unlink(b);
	b->next = lru_head;
	if (lru_head)
		lru_head->prev = b;
	lru_head = b;
	if (!lru_tail)
		lru_tail = b;
}

static void dirty_unlink(struct buf *b)
{
	if (!b->dirty)
		return;
	if (b->dprev)
		b->dprev->dnext = b->dnext;
	else
		dirty_head = b->dnext;
	if (b->dnext)
		b->dnext->dprev = b->dprev;
	b->dprev = b->dnext = NULL;
	b->dirty = 0;
}

void bdirty(struct buf *b)
{
	if (b->dirty)
		return;
	b->dirty = 1;
	b->dprev = NULL;
	b->dnext = dirty_head;
	if (dirty_head)
		dirty_head->dprev = b;
	dirty_head = b;
}

void brelse(struct buf *b)
{
	if (b->refs <= 0)
		panic("bcache: block %u released without a reference", b->block);
	b->refs--;
}

static struct blk_seg seg_of(const struct buf *b)
{
	return (struct blk_seg){ va_to_pfn(b->data), 0,
				 (uint8_t)(b->size / VMI_BLK_SECTOR_SIZE - 1) };
}

static uint64_t sector_of(const struct buf *b)
{
	return (uint64_t)b->block * (b->size / VMI_BLK_SECTOR_SIZE);
}

/* Write the run of dirty blocks that b belongs to, from its start. */
static int write_run(struct buf *b)
{
	struct buf *run[VMI_BLK_MAX_SEGMENTS];
	struct blk_seg seg[VMI_BLK_MAX_SEGMENTS];
	struct buf *p;
	uint32_t n = 0;
	int err;

	for (uint32_t back = 0; back < VMI_BLK_MAX_SEGMENTS - 1 && b->block > 0; back++) {
		p = lookup(b->dev, b->block - 1, b->size);
		if (!p || !p->dirty)
			break;
		b = p;
	}
	for (p = b; p && p->dirty && n < VMI_BLK_MAX_SEGMENTS;
	     p = lookup(b->dev, b->block + n, b->size)) {
		run[n] = p;
		seg[n++] = seg_of(p);
	}
	err = blk_io(b->dev, VMI_BLK_OP_WRITE, sector_of(b), seg, n);
	/* A failed write is reported once and dropped: keeping the block dirty
	 * would fail every later sync and eviction the same way. */
	for (uint32_t i = 0; i < n; i++)
		dirty_unlink(run[i]);
	return err;
}

/* A buffer for a new block: a fresh one while under the bound, else the
 * least recently used one nobody holds (written first if dirty). */
static struct buf *buf_alloc(void)
{
	struct buf *b;

	if (!max_bufs) {
		max_bufs = frames_free() / 4;
		max_bufs = max_bufs > BCACHE_MAX ? BCACHE_MAX :
			   max_bufs < BCACHE_MIN ? BCACHE_MIN : max_bufs;
	}
	if (nbufs < max_bufs && (b = kmalloc(sizeof(*b)))) {
		if ((b->data = kpage_alloc())) {
			nbufs++;
			return b;
		}
		kfree(b);
	}
	for (b = lru_tail; b; b = b->prev) {
		if (b->refs)
			continue;
		if (b->dirty)
			write_run(b);           /* errors were logged by blk_io */
		if (b->refs || b->dirty)        /* cannot happen: we hold the lock */
			continue;
		lru_unlink(b);
		hash_remove(b);
		return b;
	}
	return NULL;
}

static void buf_free(struct buf *b)
{
	kpage_free(b->data);
	kfree(b);
	nbufs--;
}

/* Read n (1..VMI_BLK_MAX_SEGMENTS) uncached blocks from block on into
 * fresh buffers and cache them; the first is returned held, or NULL. */
static struct buf *read_blocks(struct blkdev *d, uint32_t block, uint32_t n,
			       uint32_t size, int *err)
{
	struct buf *run[VMI_BLK_MAX_SEGMENTS];
	struct blk_seg seg[VMI_BLK_MAX_SEGMENTS];
	uint32_t got = 0;

	for (; got < n; got++) {
		if (!(run[got] = buf_alloc()))
			break;
		run[got]->refs = 1;     /* not evicted by the next allocation */
		seg[got] = (struct blk_seg){ va_to_pfn(run[got]->data), 0,
					     (uint8_t)(size / VMI_BLK_SECTOR_SIZE - 1) };
	}
	*err = got ? blk_io(d, VMI_BLK_OP_READ, (uint64_t)block * (size / VMI_BLK_SECTOR_SIZE),
			    seg, got) : -ENOMEM;
	for (uint32_t i = 0; i < got; i++) {
		struct buf *b = run[i];

		if (*err) {
			buf_free(b);
			continue;
		}
		b->dev = d;
		b->block = block + i;
		b->size = size;
		b->dirty = 0;
		b->refs = i == 0;
		hash_insert(b);
		lru_front(b);
	}
	return *err ? NULL : run[0];
}

/* Is block..block+n-1 on the device? */
static int in_range(const struct blkdev *d, uint32_t block, uint32_t n, uint32_t size)
{
	return ((uint64_t)block + n) * (size / VMI_BLK_SECTOR_SIZE) <= d->sectors;
}

struct buf *bread(struct blkdev *d, uint32_t block, uint32_t size, int *err)
{
	struct buf *b = lookup(d, block, size);

	if (b) {
		b->refs++;
		lru_front(b);
		return b;
	}
	if (!in_range(d, block, 1, size)) {
		*err = -EIO;
		return NULL;
	}
	return read_blocks(d, block, 1, size, err);
}

void bprefetch(struct blkdev *d, uint32_t block, uint32_t n, uint32_t size)
{
	struct buf *b;
	uint32_t run = 0;
	int err;

	if (n > VMI_BLK_MAX_SEGMENTS)
		n = VMI_BLK_MAX_SEGMENTS;
	while (run < n && !lookup(d, block + run, size))
		run++;
	if (run < 2 || !in_range(d, block, run, size))
		return;                 /* a single block: bread reads it */
	if ((b = read_blocks(d, block, run, size, &err)))
		brelse(b);
}

struct buf *bzero_get(struct blkdev *d, uint32_t block, uint32_t size, int *err)
{
	struct buf *b = lookup(d, block, size);

	if (b) {
		b->refs++;
		lru_front(b);
		memset(b->data, 0, size);
		return b;
	}
	if (!in_range(d, block, 1, size)) {
		*err = -EIO;
		return NULL;
	}
	if (!(b = buf_alloc())) {
		*err = -ENOMEM;
		return NULL;
	}
	memset(b->data, 0, VMI_PAGE_SIZE);
	b->dev = d;
	b->block = block;
	b->size = size;
	b->dirty = 0;
	b->refs = 1;
	hash_insert(b);
	lru_front(b);
	return b;
}

int bsync(struct blkdev *d)
{
	struct buf *b;
	int err = 0, e;

	for (;;) {
		for (b = dirty_head; b && b->dev != d; b = b->dnext)
			;
		if (!b)
			break;
		if ((e = write_run(b)) && !err)
			err = e;
	}
	if ((e = blk_io(d, VMI_BLK_OP_BARRIER, 0, NULL, 0)) && !err && !d->ro)
		err = e;
	return err;
}

void binval(struct blkdev *d)
{
	struct buf *b, *next;

	for (b = lru_head; b; b = next) {
		next = b->next;
		if (b->dev != d)
			continue;
		if (b->refs)
			panic("bcache: %s block %u held at unmount", d->name, b->block);
		dirty_unlink(b);
		lru_unlink(b);
		hash_remove(b);
		buf_free(b);
	}
}
