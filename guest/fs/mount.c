/*
 * mount.c - disks in the file tree: the block device nodes /dev/vda,
 * /dev/vdb ... (one per disk of the VMI block group, major 254 and minor
 * 16 * n as Linux's virtio-blk), the mount table (an ext2 disk's root laid
 * over a directory: fs_path.c crosses it), mount/umount, statfs, sync, the
 * text of /proc/mounts and /proc/filesystems, raw reads and writes of a
 * block device node, and at boot the first disk mounted at /mnt.
 *
 * The whole tree stays the RAM filesystem's; only directories can be
 * mount points, one mount each; ext2 disks (each mounted once) and tmpfs
 * trees (tmpfs.c) are mounted, and either may be remounted read-only or
 * read-write.  At power-off (vfs_shutdown) every disk is synced and
 * marked clean.
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

#define SOURCE_MAX 64

struct mount {
	struct mount *next;
	struct ext2_sb *sb;         /* a disk's, or NULL ... */
	struct tmpfs *tmpfs;        /* ... a tmpfs tree's */
	struct inode *covered;
	char path[MOUNT_PATH];
	char source[SOURCE_MAX];    /* tmpfs: what mount(2) named as the source */
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
		if (m->sb && m->sb->dev == d)
			return m;
	return NULL;
}

static struct inode *mount_root(const struct mount *m)
{
	return m->sb ? m->sb->root : m->tmpfs->root;
}

static struct mount *mount_of_root(const struct inode *root)
{
	for (struct mount *m = mounts; m; m = m->next)
		if (mount_root(m) == root)
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
/* The new mount's root over dir, listed last (in mount order, as Linux
 * lists them). */
static void mount_add(struct mount *m, struct inode *root, struct inode *dir)
{
	struct mount **pp;

	m->covered = dir;
	if (vfs_getcwd(dir, m->path, sizeof(m->path)) < 0)
		snprintf(m->path, sizeof(m->path), "?");
	root->covered = dir;
	root->parent = dir->parent;
	root->refs++;                   /* the mount's */
	dir->mounted = root;
	dir->refs++;
	for (pp = &mounts; *pp; pp = &(*pp)->next)
		;
	*pp = m;
}

static int mount_point(struct inode *cwd, const char *target, struct inode **dir)
{
	int err;

	if ((err = fs_lookup(cwd, target, 1, dir)))
		return err;
	if ((*dir)->type != I_DIR)
		return -ENOTDIR;
	return (*dir)->covered || (*dir)->mounted ? -EBUSY : 0;
}

static int mount_ext2(struct inode *cwd, const char *source, struct inode *dir,
		      uint32_t flags)
{
	struct inode *dev;
	struct blkdev *d;
	struct ext2_sb *sb;
	struct mount *m;
	int err;

	if (!source)
		return -EFAULT;
	if ((err = fs_lookup(cwd, source, 1, &dev)))
		return err;
	if (dev->type != I_BLK)
		return -ENOTBLK;
	if (!(d = dev_of(dev)))
		return -ENXIO;
	if (mount_of_dev(d))
		return -EBUSY;
	if (!(m = kmalloc(sizeof(*m))))
		return -ENOMEM;
	if ((err = ext2_mount(d, flags & MS_RDONLY, &sb))) {
		kfree(m);
		return err;
	}
	m->sb = sb;
	mount_add(m, sb->root, dir);
	return 0;
}

static int mount_tmpfs(const char *source, struct inode *dir, uint32_t flags,
		       const char *opts)
{
	struct tmpfs *t;
	struct mount *m;
	int err;

	if (!(m = kmalloc(sizeof(*m))))
		return -ENOMEM;
	if ((err = tmpfs_new(opts, flags & MS_RDONLY, &t))) {
		kfree(m);
		return err;
	}
	m->tmpfs = t;
	strncpy(m->source, source ? source : "none", sizeof(m->source) - 1);
	mount_add(m, t->root, dir);
	return 0;
}

/* MS_REMOUNT: the flags of a mount, named by its mount point. */
static int remount(struct inode *cwd, const char *target, uint32_t flags)
{
	struct inode *root;
	struct mount *m;
	int err;

	if ((err = fs_lookup(cwd, target, 1, &root)))
		return err;
	if (!(m = mount_of_root(root)))
		return -EINVAL;             /* not a mount point */
	if (m->sb)
		return ext2_remount(m->sb, flags & MS_RDONLY);
	return tmpfs_remount(m->tmpfs, flags & MS_RDONLY);
}

static int do_mount(struct inode *cwd, const char *source, const char *target,
		    const char *fstype, uint32_t flags, const char *opts)
{
	struct inode *dir;
	int err;

	if (flags & MS_REMOUNT)
		return remount(cwd, target, flags);
	if (flags & MS_BIND)
		return -EINVAL;             /* not supported */
	if (!fstype || (strcmp(fstype, "ext2") != 0 && strcmp(fstype, "tmpfs") != 0))
		return -ENODEV;
	if ((err = mount_point(cwd, target, &dir)))
		return err;
	if (strcmp(fstype, "tmpfs") == 0)
		return mount_tmpfs(source, dir, flags, opts);
	return mount_ext2(cwd, source, dir, flags);
}

int vfs_mount(struct inode *cwd, const char *source, const char *target,
	      const char *fstype, uint32_t flags, const char *opts)
{
	int err;

	fs_lock();
	err = do_mount(cwd, source, target, fstype, flags, opts);
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
	for (pp = &mounts; *pp && mount_root(*pp) != root; pp = &(*pp)->next)
		;
	if (!(m = *pp))
		return -EINVAL;             /* not a mount point */
	covered = root->covered;
	err = m->sb ? ext2_unmount(m->sb) : tmpfs_unmount(m->tmpfs);   /* frees root */
	if (err)
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
	if (!ip || !ip->sb) {
		st->flags = ip && inode_rofs(ip) ? 1 : 0;   /* ST_RDONLY */
		return 1;
	}
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
		if (m->sb && (e = ext2_sync(m->sb)) && !err)
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
		if (m->sb && ext2_shutdown(m->sb))
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
	if ((err = vfs_mount(fs_root, dev, "/mnt", "ext2", 0, NULL)))
		klog(KLOG_WARNING, "mount: %s not mounted at /mnt (%d)\n", dev, err);
	else
		klog(KLOG_INFO, "mount: %s on /mnt (ext2)\n", dev);
}

/* ---- /proc ---- */
int mounts_text(char *buf, uint32_t n)
{
	int len = snprintf(buf, n, "rootfs / rootfs rw 0 0\nproc /proc proc rw 0 0\n");

	for (struct mount *m = mounts; m && (uint32_t)len < n; m = m->next)
		if (m->sb)
			len += snprintf(buf + len, n - len, "/dev/%s %s ext2 %s 0 0\n",
					m->sb->dev->name, m->path, m->sb->ro ? "ro" : "rw");
		else
			len += snprintf(buf + len, n - len, "%s %s tmpfs %s 0 0\n",
					m->source, m->path, m->tmpfs->ro ? "ro" : "rw");
	return len;
}

int filesystems_text(char *buf, uint32_t n)
{
	return snprintf(buf, n, "nodev\trootfs\nnodev\tramfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tpipefs\n\text2\n");
}
