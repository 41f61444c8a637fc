/*
 * fs.c - the file layer's start: an empty root directory, /dev with its
 * device nodes (disks too) and /proc, ready for the initramfs to be
 * unpacked on top.
 */
#include "fs/fs.h"
#include "lib/klib.h"
#include "kernel.h"
#include <vmi/vmi.h>

#define NS_PER_SEC 1000000000ull

struct inode *fs_root;

/* Timestamps are whole seconds: the same wall clock on both backends. */
uint32_t fs_now(void)
{
	return (uint32_t)(wall_ns() / (int64_t)NS_PER_SEC);
}

void fs_init(void)
{
	struct inode *proc;

	data_init();
	fs_root = inode_alloc(I_DIR, S_IFDIR | 0755);
	if (!fs_root)
		panic("fs: no memory for the root directory");
	fs_root->parent = fs_root;          /* "/.." is "/" */
	fs_root->nlink = 2;
	fs_root->refs = 1;                  /* never freed */
	dev_init();
	disk_init();
	if (vfs_mkdir(fs_root, "/proc", 0555) < 0 ||
	    fs_lookup(fs_root, "/proc", 0, &proc) < 0)
		panic("fs: cannot create /proc");
	procfs_init(proc);
}
