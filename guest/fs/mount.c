/*
 * mount.c - disks in the file tree: the block device nodes /dev/vda,
 * /dev/vdb ... (one per disk of the VMI block group, major 254 and minor
 * 16 * n as Linux's virtio-blk), the mount table (an ext2 disk's root laid
 * over a directory: fs_path.c crosses it), mount/umount, statfs, sync, the
 * text of /proc/mounts and /proc/filesystems, raw reads and writes of a
 * block device node, and at boot the first disk mounted at /mnt.
 *
 * The whole tree stays the RAM filesystem's; only directories can be
 * mount points, only ext2 is mounted, and a disk is mounted once.  At
 * power-off (vfs_shutdown) every disk is synced and marked clean.
 */
#include "fs/fs.h"
#include "ext2/ext2.h"
#include "kernel.h"
#include "kern/kmalloc.h"
#include "lib/kernel/frames.h"
#include "lib/klib.h"

#define MS_RDONLY  1u
#define MS_REMOUNT 32u
#define MS_BIND    4096u
#define ENOTBLK    15
#define MOUNT_PATH 128

struct mount {
	struct mount *next;
	struct ext2_sb *sb;
	struct inode *covered;
	char path[MOUNT_PATH];
};

static struct mount *mounts;

/* ---- device nodes ---- */
static struct blkdev *dev_of(const struct inode *ip)
{
	uint32_t major = (ip->rdev >> 8) & 0xFFF;
	uint32_t minor = (ip->rdev & 0xFF) | ((ip->rdev >> 12) & 0xFFF00);

	if (ip->type != I_BLK || major != BLK_MAJOR || minor % BLK_MINORS)
		return NULL;
	return blk_dev(minor / BLK_MINORS);
}

static struct mount *mount_of_dev(const struct blkdev *d)
{
	for (struct mount *m = mounts; m; m = m->next)
		if (m->sb->dev == d)
			return m;
	return NULL;
}

void disk_init(void)
{
	char path[32];

	blk_init();
	for (uint32_t i = 0; i < blk_count(); i++) {
		snprintf(path, sizeof(path), "/dev/%s", blk_dev(i)->name);
		if (vfs_mknod(fs_root, path, S_IFBLK | 0660, MKDEV(BLK_MAJOR, i * BLK_MINORS)) < 0)
			klog(KLOG_WARNING, "blk: cannot create %s\n", path);
	}
}

/* Raw access to a disk through its node: whole pages of sectors through
 * a bounce page, uncached (a mounted disk may only be read). */
static int raw_rw(struct file *f, char *buf, uint32_t n, int write)
{
	struct blkdev *d = f->priv;
	uint64_t size = d->sectors * VMI_BLK_SECTOR_SIZE;
	uint8_t *page;
	uint32_t done = 0;
	int err = 0;

	if (f->pos >= size)
		return write && n ? -ENOSPC : 0;
	if (n > size - f->pos)
		n = (uint32_t)(size - f->pos);
	if (write && (d->ro || mount_of_dev(d)))
		return d->ro ? -EROFS : -EBUSY;
	if (!(page = kpage_alloc()))
		return -ENOMEM;
	while (done < n && !err) {
		uint64_t sector = f->pos / VMI_BLK_SECTOR_SIZE;
		uint32_t in = (uint32_t)(f->pos % VMI_BLK_SECTOR_SIZE), nsect = VMI_BLK_SECTORS_PER_PAGE;
		uint32_t chunk;
		struct blk_seg seg;

		if (nsect > d->sectors - sector)
			nsect = (uint32_t)(d->sectors - sector);
		chunk = nsect * VMI_BLK_SECTOR_SIZE - in;
		if (chunk > n - done)
			chunk = n - done;
		seg = (struct blk_seg){ va_to_pfn(page), 0, (uint8_t)(nsect - 1) };
		if ((err = blk_io(d, VMI_BLK_OP_READ, sector, &seg, 1)))
			break;
		if (write) {
			memcpy(page + in, buf + done, chunk);
			if ((err = blk_io(d, VMI_BLK_OP_WRITE, sector, &seg, 1)))
				break;
		} else {
			memcpy(buf + done, page + in, chunk);
		}
		done += chunk;
		f->pos += chunk;
	}
	kpage_free(page);
	return done ? (int)done : err;
}

static int raw_read(struct file *f, char *buf, uint32_t n)
{
	int r;

	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	fs_lock();
	r = raw_rw(f, buf, n, 0);
	fs_unlock();
	return r;
}

static int raw_write(struct file *f, const char *buf, uint32_t n)
{
	int r;

	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	fs_lock();
	r = raw_rw(f, (char *)buf, n, 1);
	fs_unlock();
	return r;
}

static const struct file_ops blkdev_ops = {
	.read = raw_read,
	.write = raw_write,
	.ioctl = file_no_ioctl,
	.poll = file_poll_ready,
	.getdents64 = file_no_getdents,
	.release = file_no_release,
};

int blkdev_open(struct inode *ip, struct file *f)
{
	struct blkdev *d = dev_of(ip);

	if (!d)
		return -ENXIO;
	f->priv = d;
	f->ops = &blkdev_ops;
	return 0;
}

/* ---- mounting ---- */
static int do_mount(struct inode *cwd, const char *source, const char *target,
		    const char *fstype, uint32_t flags)
{
	struct inode *dev, *dir;
	struct blkdev *d;
	struct ext2_sb *sb;
	struct mount *m, **pp;
	int err;

	if (flags & (MS_REMOUNT | MS_BIND))
		return -EINVAL;             /* neither is supported */
	if (!fstype || strcmp(fstype, "ext2") != 0)
		return -ENODEV;
	if ((err = fs_lookup(cwd, source, 1, &dev)))
		return err;
	if (dev->type != I_BLK)
		return -ENOTBLK;
	if (!(d = dev_of(dev)))
		return -ENXIO;
	if ((err = fs_lookup(cwd, target, 1, &dir)))
		return err;
	if (dir->type != I_DIR)
		return -ENOTDIR;
	if (mount_of_dev(d) || dir->covered || dir->mounted)
		return -EBUSY;
	if (!(m = kmalloc(sizeof(*m))))
		return -ENOMEM;
	if ((err = ext2_mount(d, flags & MS_RDONLY, &sb))) {
		kfree(m);
		return err;
	}
	m->sb = sb;
	m->covered = dir;
	if (vfs_getcwd(dir, m->path, sizeof(m->path)) < 0)
		snprintf(m->path, sizeof(m->path), "?");
	sb->root->covered = dir;
	sb->root->parent = dir->parent;
	sb->root->refs++;               /* the mount's */
	dir->mounted = sb->root;
	dir->refs++;
	for (pp = &mounts; *pp; pp = &(*pp)->next)  /* in mount order, as Linux lists */
		;
	*pp = m;
	return 0;
}

int vfs_mount(struct inode *cwd, const char *source, const char *target,
	      const char *fstype, uint32_t flags)
{
	int err;

	fs_lock();
	err = do_mount(cwd, source, target, fstype, flags);
	fs_unlock();
	return err;
}

static int do_umount(struct inode *cwd, const char *target)
{
	struct mount **pp, *m;
	struct inode *root, *covered;
	int err;

	if ((err = fs_lookup(cwd, target, 1, &root)))
		return err;
	for (pp = &mounts; *pp && (*pp)->sb->root != root; pp = &(*pp)->next)
		;
	if (!(m = *pp))
		return -EINVAL;             /* not a mount point */
	covered = root->covered;
	if ((err = ext2_unmount(m->sb)))    /* frees root */
		return err;
	*pp = m->next;
	covered->mounted = NULL;
	kfree(m);
	inode_put(covered);
	return 0;
}

int vfs_umount(struct inode *cwd, const char *target, uint32_t flags)
{
	int err;

	(void)flags;                    /* MNT_FORCE, MNT_DETACH: as a plain umount */
	fs_lock();
	err = do_umount(cwd, target);
	fs_unlock();
	return err;
}

int vfs_statfs(struct inode *ip, struct kstatfs *st)
{
	if (!ip || !ip->sb)
		return 1;
	fs_lock();
	ext2_statfs(ip->sb, st);
	fs_unlock();
	return 0;
}

int vfs_sync(void)
{
	int err = 0, e;

	fs_lock();
	for (struct mount *m = mounts; m; m = m->next)
		if ((e = ext2_sync(m->sb)) && !err)
			err = e;
	fs_unlock();
	return err;
}

int vfs_fsync(struct file *f)
{
	int err;

	if (!f->inode || !f->inode->sb)
		return 0;
	fs_lock();
	err = ext2_sync(f->inode->sb);
	fs_unlock();
	return err;
}

void vfs_shutdown(void)
{
	fs_lock();
	for (struct mount *m = mounts; m; m = m->next)
		if (ext2_shutdown(m->sb))
			klog(KLOG_WARNING, "ext2: %s: could not write everything back\n",
			     m->sb->dev->name);
	fs_unlock();
}

void fs_automount(void)
{
	struct blkdev *d = blk_dev(0);
	char dev[32];
	int err;

	if (!d)
		return;
	snprintf(dev, sizeof(dev), "/dev/%s", d->name);
	err = vfs_mkdir(fs_root, "/mnt", 0755);
	if (err && err != -EEXIST)
		return;
	if ((err = vfs_mount(fs_root, dev, "/mnt", "ext2", 0)))
		klog(KLOG_WARNING, "mount: %s not mounted at /mnt (%d)\n", dev, err);
	else
		klog(KLOG_INFO, "mount: %s on /mnt (ext2)\n", dev);
}

/* ---- /proc ---- */
int mounts_text(char *buf, uint32_t n)
{
	int len = snprintf(buf, n, "rootfs / rootfs rw 0 0\nproc /proc proc rw 0 0\n");

	for (struct mount *m = mounts; m && (uint32_t)len < n; m = m->next)
		len += snprintf(buf + len, n - len, "/dev/%s %s ext2 %s 0 0\n",
				m->sb->dev->name, m->path, m->sb->ro ? "ro" : "rw");
	return len;
}

int filesystems_text(char *buf, uint32_t n)
{
	return snprintf(buf, n, "nodev\trootfs\nnodev\tramfs\nnodev\tproc\nnodev\tpipefs\n\text2\n");
}
