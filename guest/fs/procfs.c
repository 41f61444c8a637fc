/*
 * procfs.c - /proc, as far as the BusyBox commands we run need it: files
 * whose content is generated at open (a snapshot, like Linux's seq_file)
 * and then read like a regular file.  They report size 0, as in Linux.
 *
 *   /proc/mounts   mount, df: the RAM filesystem, /proc and mounted disks
 *   /proc/filesystems   mount without -t: the types it may try (mount.c)
 *   /proc/meminfo  free: total (what the balloon left) and free memory
 *   /proc/vmi_counters   VMI_COUNTERS=1 builds only: the counters so far
 */
#include "fs/fs.h"
#include "kernel.h"          /* counters_text */
#include "kern/kmalloc.h"
#include "lib/kernel/frames.h"  /* frames_free */
#include "lib/klib.h"
#include <vmi/vmi.h>

struct snapshot {
	uint32_t len;
	char text[];
};

#define SNAPSHOT_MAX (VMI_PAGE_SIZE - sizeof(struct snapshot))

/* What BusyBox free reads: memory the guest holds now (the balloon's
 * pages out excluded, mm/balloon.c) and what is free of it. */
static int gen_meminfo(char *buf, uint32_t n)
{
	uint32_t kb = VMI_PAGE_SIZE / 1024;

	return snprintf(buf, n, "MemTotal:       %8u kB\nMemFree:        %8u kB\n"
			"MemAvailable:   %8u kB\nBuffers:               0 kB\n"
			"Cached:                0 kB\nShmem:                 0 kB\n"
			"SwapTotal:             0 kB\nSwapFree:              0 kB\n",
			mem_total_pages() * kb, frames_free() * kb, frames_free() * kb);
}

static const struct {
	const char *name;
	int (*gen)(char *buf, uint32_t n);
} proc_files[] = {
	{ "mounts", mounts_text },
	{ "filesystems", filesystems_text },
	{ "meminfo", gen_meminfo },
#ifdef VMI_COUNTERS
	/* VMI_COUNTERS=1 builds: the counters so far (guest/kern/counters.c) */
	{ "vmi_counters", counters_text },
#endif
};

static int snap_read(struct file *f, char *buf, uint32_t n)
{
	struct snapshot *s = f->priv;

	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (f->pos >= s->len)
		return 0;
	if (n > s->len - f->pos)
		n = s->len - (uint32_t)f->pos;
	memcpy(buf, s->text + f->pos, n);
	f->pos += n;
	return (int)n;
}

static void snap_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops snap_ops = {
	.read = snap_read,
	.write = file_no_write,
	.ioctl = file_no_ioctl,
	.poll = file_poll_ready,
	.getdents64 = file_no_getdents,
	.release = snap_release,
};

int procfs_open(struct inode *ip, struct file *f)
{
	struct snapshot *s = kmalloc(VMI_PAGE_SIZE);
	int len;

	if (!s)
		return -ENOMEM;
	len = ip->gen(s->text, SNAPSHOT_MAX);
	s->len = len < 0 ? 0 : (uint32_t)len < SNAPSHOT_MAX ? (uint32_t)len : SNAPSHOT_MAX - 1;
	f->priv = s;
	f->ops = &snap_ops;
	return 0;
}

void procfs_init(struct inode *proc)
{
	for (uint32_t i = 0; i < ARRAY_SIZE(proc_files); i++) {
		struct inode *ip = inode_alloc(I_REG, S_IFREG | 0444);

		if (!ip || dir_add(proc, proc_files[i].name, strlen(proc_files[i].name), ip))
			panic("procfs: cannot create /proc/%s", proc_files[i].name);
		ip->gen = proc_files[i].gen;
	}
}
