/*
 * fs_lock.c - the file layer's lock: one process at a time walks and
 * changes the tree (fs.h).  The RAM filesystem never sleeps, but a disk
 * does, and a walk's findings (directory entries, inodes) must not change
 * under it while it waits for a block.  Recursive, so that a locked call
 * may use another (vfs_link -> vfs_linkat, open -> truncate); processes
 * that find it taken sleep until it is free.  Boot code (no process)
 * takes it like anyone.
 */
#include "fs/fs.h"
#include "proc/proc.h"
#include "lib/klib.h"

static struct proc *owner;
static int depth;
static char lock_chan;

void fs_lock(void)
{
	while (depth && owner != curproc)
		proc_sleep(&lock_chan);
	owner = curproc;
	depth++;
}

void fs_unlock(void)
{
	if (depth <= 0 || owner != curproc)
		panic("fs: unlock without the lock");
	if (--depth == 0) {
		owner = NULL;
		proc_wakeup(&lock_chan);
	}
}
