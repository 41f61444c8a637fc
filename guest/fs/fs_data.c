/*
 * fs_data.c - the contents of regular files: a page list indexed like a
 * classic Unix block map.  The inode names the first NDIRECT pages itself,
 * then one table page of PTRS_PER_PAGE frame numbers, then a table of such
 * tables, so small files cost no table and the largest reach past 4 GiB.
 * Frame number 0 is a hole: it reads as zeros and gets a page when written,
 * which is how a write beyond the end (after lseek) leaves zeros behind.
 * As with tmpfs, files may not take all memory: at most three quarters of
 * what they and the free frames hold (a quarter is kept for processes, so
 * that a full filesystem still leaves room to run rm); past that writes
 * fail with ENOSPC.
 * Files of a mounted disk (ip->sb) keep their data there instead (ext2_file.c).
 */
#include "fs/fs.h"
#include "proc/proc.h"            /* page_alloc, page_get, page_put */
#include "ext2/ext2.h"
#include "kern/kmalloc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

#define PAGE_SIZE VMI_PAGE_SIZE

static uint32_t pages_used, pages_max;

/* The quota: three quarters of what the files and the free frames hold
 * together.  Recomputed when reached, since free memory changes after
 * boot (the initramfs's own frames are freed as it is unpacked, the
 * balloon moves memory): counting free frames is too slow for every page. */
static void set_quota(void)
{
	pages_max = (pages_used + frames_free()) / 4 * 3;
}

void data_init(void)
{
	set_quota();
}

/* A zeroed page's frame number, or 0 without memory.  (Frame 0 holds the
 * boot image, never file data, so 0 can mean "none".) */
/* Pages have reference counts (mm/page.c): a shared mapping of the file
 * holds its own on the pages it maps, so a page truncated away while
 * mapped lives on until the mapping goes. */
static uint32_t new_page(struct inode *ip)
{
	uint32_t pfn;

	if (pages_used >= pages_max)
		set_quota();
	pfn = pages_used < pages_max ? page_alloc() : VMI_INVALID_PFN;
	if (pfn == VMI_INVALID_PFN)
		return 0;
	pages_used++;
	ip->nr_pages++;
	return pfn;
}

static void drop_page(struct inode *ip, uint32_t *slot)
{
	page_put(*slot);
	*slot = 0;
	ip->nr_pages--;
	pages_used--;
}

/* Slot i of the table page *table names, creating the table if alloc;
 * NULL if the table is missing (or could not be made). */
static uint32_t *table_slot(struct inode *ip, uint32_t *table, uint32_t i, int alloc)
{
	if (!*table && (!alloc || !(*table = new_page(ip))))
		return NULL;
	return (uint32_t *)pfn_to_va(*table) + i;
}

/* Where page idx's frame number lives; NULL if a table on the way is
 * missing - a hole when reading, no memory when writing. */
static uint32_t *page_slot(struct inode *ip, uint32_t idx, int alloc)
{
	uint32_t *l1;

	if (idx < NDIRECT)
		return &ip->direct[idx];
	idx -= NDIRECT;
	if (idx < PTRS_PER_PAGE)
		return table_slot(ip, &ip->ind, idx, alloc);
	idx -= PTRS_PER_PAGE;
	l1 = table_slot(ip, &ip->dind, idx / PTRS_PER_PAGE, alloc);
	return l1 ? table_slot(ip, l1, idx % PTRS_PER_PAGE, alloc) : NULL;
}

int data_read(struct inode *ip, uint64_t off, void *buf, uint32_t n)
{
	uint32_t done = 0;

	if (ip->sb)
		return ext2_read(ip, off, buf, n);
	if (off >= ip->size)
		return 0;
	if (n > ip->size - off)
		n = (uint32_t)(ip->size - off);
	while (done < n) {
		uint32_t in = (uint32_t)(off % PAGE_SIZE), chunk = PAGE_SIZE - in;
		uint32_t *slot = page_slot(ip, (uint32_t)(off / PAGE_SIZE), 0);

		if (chunk > n - done)
			chunk = n - done;
		if (slot && *slot)
			memcpy((char *)buf + done, (char *)pfn_to_va(*slot) + in, chunk);
		else
			memset((char *)buf + done, 0, chunk);
		done += chunk;
		off += chunk;
	}
	return (int)done;
}

int data_write(struct inode *ip, uint64_t off, const void *buf, uint32_t n)
{
	const uint64_t max = (uint64_t)MAX_FILE_PAGES * PAGE_SIZE;
	uint32_t done = 0;

	if (ip->sb)
		return ext2_write(ip, off, buf, n);
	if (n && off >= max)
		return -EFBIG;
	if (n > max - off)
		n = (uint32_t)(max - off);
	while (done < n) {
		uint32_t in = (uint32_t)(off % PAGE_SIZE), chunk = PAGE_SIZE - in;
		uint32_t *slot = page_slot(ip, (uint32_t)(off / PAGE_SIZE), 1);

		if (chunk > n - done)
			chunk = n - done;
		if (!slot || (!*slot && !(*slot = new_page(ip))))
			break;
		memcpy((char *)pfn_to_va(*slot) + in, (const char *)buf + done, chunk);
		done += chunk;
		off += chunk;
	}
	if (off > ip->size)
		ip->size = off;
	return done || !n ? (int)done : -ENOSPC;
}

/* Give back the table pages that no longer name any page below keep. */
static void drop_tables(struct inode *ip, uint32_t keep)
{
	uint32_t first = 0, *l1;

	if (keep <= NDIRECT && ip->ind)
		drop_page(ip, &ip->ind);
	if (!ip->dind)
		return;
	if (keep > NDIRECT + PTRS_PER_PAGE)
		first = (keep - NDIRECT - PTRS_PER_PAGE + PTRS_PER_PAGE - 1) / PTRS_PER_PAGE;
	l1 = pfn_to_va(ip->dind);
	for (uint32_t i = first; i < PTRS_PER_PAGE; i++)
		if (l1[i])
			drop_page(ip, &l1[i]);
	if (first == 0)
		drop_page(ip, &ip->dind);
}

/* Shrinking frees whole pages past the end and zeroes the tail of the last
 * one, so growing again (truncate up, or a write past the end) shows zeros. */
int data_truncate(struct inode *ip, uint64_t len)
{
	uint64_t old_pages = (ip->size + PAGE_SIZE - 1) / PAGE_SIZE;
	uint32_t keep = (uint32_t)((len + PAGE_SIZE - 1) / PAGE_SIZE);

	if (ip->sb)
		return ext2_truncate(ip, len);
	if (len > (uint64_t)MAX_FILE_PAGES * PAGE_SIZE)
		return -EFBIG;
	if (len < ip->size) {
		for (uint32_t i = keep; i < old_pages; i++) {
			uint32_t *slot = page_slot(ip, i, 0);
			if (slot && *slot)
				drop_page(ip, slot);
		}
		drop_tables(ip, keep);
		if (len % PAGE_SIZE) {
			uint32_t *slot = page_slot(ip, keep - 1, 0);
			if (slot && *slot)
				memset((char *)pfn_to_va(*slot) + len % PAGE_SIZE, 0,
				       PAGE_SIZE - len % PAGE_SIZE);
		}
	}
	ip->size = len;
	return 0;
}

int vfs_read_at(struct inode *ip, uint64_t off, void *buf, uint32_t n)
{
	if (ip->type == I_DIR)
		return -EISDIR;
	if (ip->type != I_REG)
		return -EINVAL;
	fs_lock();
	n = (uint32_t)data_read(ip, off, buf, n);
	fs_unlock();
	return (int)n;
}

/* Zero bytes [from, to) of page i if the file has it (a hole reads as
 * zeros already). */
static void zero_in_page(struct inode *ip, uint32_t i, uint32_t from, uint32_t to)
{
	uint32_t *slot = page_slot(ip, i, 0);

	if (slot && *slot)
		memset((char *)pfn_to_va(*slot) + from, 0, to - from);
}

/* A hole over [off, end): whole pages go, partial ones are zeroed. */
static void punch_hole(struct inode *ip, uint64_t off, uint64_t end)
{
	if (end > ip->size)
		end = ip->size;
	while (off < end) {
		uint32_t i = (uint32_t)(off / PAGE_SIZE), in = (uint32_t)(off % PAGE_SIZE);
		uint32_t to = end - off < PAGE_SIZE - in ? in + (uint32_t)(end - off) : PAGE_SIZE;
		uint32_t *slot = page_slot(ip, i, 0);

		if (in == 0 && to == PAGE_SIZE && slot && *slot)
			drop_page(ip, slot);
		else
			zero_in_page(ip, i, in, to);
		off += to - in;
	}
}

/* Give [off, end) its pages now (ENOSPC here, not at a later write). */
static int reserve(struct inode *ip, uint64_t off, uint64_t end)
{
	for (uint64_t i = off / PAGE_SIZE; i * PAGE_SIZE < end; i++) {
		uint32_t *slot = page_slot(ip, (uint32_t)i, 1);

		if (!slot || (!*slot && !(*slot = new_page(ip))))
			return -ENOSPC;
	}
	return 0;
}

int vfs_fallocate(struct inode *ip, int mode, uint64_t off, uint64_t len)
{
	uint64_t end = off + len;
	int rc = 0;

	if (ip->sb)
		return -EOPNOTSUPP;            /* ext2 has no fallocate (Linux's neither) */
	if (end > (uint64_t)MAX_FILE_PAGES * PAGE_SIZE)
		return -EFBIG;
	fs_lock();
	if (mode & FALLOC_FL_PUNCH_HOLE) {
		punch_hole(ip, off, end);
	} else {
		rc = reserve(ip, off, end);
		if (rc == 0 && !(mode & FALLOC_FL_KEEP_SIZE) && end > ip->size)
			ip->size = end;
	}
	if (rc == 0) {
		inode_touch(ip, T_MTIME | T_CTIME);
		dnotify_inode(ip, DN_MODIFY);
	}
	fs_unlock();
	return rc;
}

/*
 * SEEK_DATA / SEEK_HOLE, as tmpfs answers them: a page the file has is
 * data, a missing one a hole, and the end of the file is a hole.  -ENXIO
 * at or past the end (or no data after off).  A disk file is all data.
 */
int64_t data_seek(struct inode *ip, int64_t off, int hole)
{
	uint64_t pos;

	if (off < 0 || (uint64_t)off >= ip->size)
		return -ENXIO;
	if (ip->sb)
		return hole ? (int64_t)ip->size : off;
	fs_lock();
	for (pos = (uint64_t)off; pos < ip->size; pos = (pos / PAGE_SIZE + 1) * PAGE_SIZE) {
		uint32_t *slot = page_slot(ip, (uint32_t)(pos / PAGE_SIZE), 0);

		if ((slot && *slot) != hole)
			break;
	}
	fs_unlock();
	if (pos >= ip->size)
		return hole ? (int64_t)ip->size : -ENXIO;
	return (int64_t)pos;
}

int vfs_maps_pages(struct inode *ip)
{
	return ip->type == I_REG && !ip->sb;
}

uint32_t vfs_map_page(struct inode *ip, uint64_t off)
{
	uint32_t *slot, pfn = VMI_INVALID_PFN;

	fs_lock();
	if (vfs_maps_pages(ip) && off < ip->size && off / PAGE_SIZE < MAX_FILE_PAGES) {
		slot = page_slot(ip, (uint32_t)(off / PAGE_SIZE), 1);
		if (slot && (*slot || (*slot = new_page(ip)))) {
			pfn = *slot;
			page_get(pfn);
		}
	}
	fs_unlock();
	return pfn;
}

int vfs_write_at(struct inode *ip, uint64_t off, const void *buf, uint32_t n)
{
	int rc = 0;

	if (ip->type != I_REG)
		return -EINVAL;
	fs_lock();
	if (off < ip->size) {
		if (n > ip->size - off)
			n = (uint32_t)(ip->size - off);
		rc = data_write(ip, off, buf, n);
		ip->mtime = ip->ctime = fs_now();
	}
	fs_unlock();
	return rc;
}

int vfs_truncate(struct inode *ip, uint64_t len)
{
	int err;

	if (ip->type == I_DIR)
		return -EISDIR;
	if (ip->type != I_REG)
		return -EINVAL;
	if (inode_rofs(ip))
		return -EROFS;
	fs_lock();
	err = data_truncate(ip, len);
	if (err == 0) {
		inode_touch(ip, T_MTIME | T_CTIME);
		dnotify_inode(ip, DN_MODIFY);
	}
	fs_unlock();
	return err;
}
