/*
 * dnotify.c - directory notification (fcntl F_NOTIFY), as Linux keeps it:
 * an open directory asks to be told of DN_* events in it, and each comes
 * as SIGIO (or the F_SETSIG signal, with si_code POLL_MSG and si_fd) to
 * the directory file's owner - F_NOTIFY makes the caller the owner if the
 * file has none (proc/sigio.c sends it).
 *
 * A watch belongs to an open directory and the descriptor table that
 * asked (Linux's current->files): asking again adds events to it; any
 * close of a descriptor of that file in that table ends it, as does
 * F_NOTIFY with no events.  Without DN_MULTISHOT it ends after its first
 * signal.
 *
 * The events, as Linux's fsnotify hooks raise them (each hook is called
 * from the one place that makes the change):
 *   - in the directory itself: a name made (DN_CREATE: open O_CREAT,
 *     mkdir, mknod, symlink, link, a socket's bind) or removed (DN_DELETE:
 *     unlink, rmdir); a rename is DN_DELETE in the old directory and then
 *     DN_CREATE in the new one, after a DN_RENAME of its own when both
 *     are the same directory (three events, as Linux's FS_RENAME,
 *     FS_MOVED_FROM and FS_MOVED_TO);
 *   - on an entry of it (a child) and on the directory itself: data read
 *     (DN_ACCESS: read, getdents), data changed (DN_MODIFY: write,
 *     truncate, fallocate) and attributes changed (DN_ATTRIB: chmod,
 *     chown, utimes, xattrs).  Linux tells the parent of the path that was
 *     used; a file has no path here, so every watched directory holding a
 *     name of it is told (they differ only for hard links).
 * A fixed table bounds the kernel memory watches take: beyond it, ENOMEM.
 */
#include "fs/fs.h"
#include "lib/klib.h"

#define NWATCH   32
#define DN_EVENTS (DN_ACCESS | DN_MODIFY | DN_CREATE | DN_DELETE | DN_RENAME | DN_ATTRIB)

static struct watch {
	struct file *f;             /* null: a free slot (no reference: the
	                               closes that end it come first) */
	const void *table;          /* the descriptor table that asked */
	int fd;                     /* si_fd of the signal */
	uint32_t mask;              /* DN_* events, DN_MULTISHOT */
} watches[NWATCH];
int dnotify_watches;             /* slots in use: the hooks return at 0 (vfs.h) */

static void drop(struct watch *w)
{
	w->f = 0;
	dnotify_watches--;
}

static struct watch *find(const struct file *f, const void *table)
{
	for (int i = 0; dnotify_watches && i < NWATCH; i++)
		if (watches[i].f == f && watches[i].table == table)
			return &watches[i];
	return 0;
}

void dnotify_close(struct file *f, const void *table)
{
	struct watch *w = find(f, table);

	if (w)
		drop(w);
}

/* The file's last close: nothing may point at it any more. */
void dnotify_release(struct file *f)
{
	for (int i = 0; dnotify_watches && i < NWATCH; i++)
		if (watches[i].f == f)
			drop(&watches[i]);
}

int vfs_dnotify(struct file *f, int fd, uint32_t arg, const void *table)
{
	struct watch *w;

	if (!(arg & ~DN_MULTISHOT)) {
		dnotify_close(f, table);
		return 0;
	}
	if (!f->inode || f->inode->type != I_DIR)
		return -ENOTDIR;
	w = find(f, table);
	for (int i = 0; !w && i < NWATCH; i++)
		if (!watches[i].f) {
			w = &watches[i];
			*w = (struct watch){ .f = f, .table = table };
			dnotify_watches++;
		}
	if (!w)
		return -ENOMEM;
	w->fd = fd;
	w->mask |= arg & (DN_EVENTS | DN_MULTISHOT);
	if (!f->owner_pid) {
		f->owner_type = F_OWNER_PID;
		f->owner_pid = proc_self();
	}
	return 0;
}

static void fire(struct watch *w)
{
	struct file *f = w->f;

	proc_send_sigio(f->owner_type, f->owner_pid, f->owner_sig, w->fd, POLL_MSG);
	if (!(w->mask & DN_MULTISHOT))
		drop(w);
}

/* An event in directory dir itself: every watch of it that wants it. */
static void notify_dir(struct inode *dir, uint32_t event)
{
	for (int i = 0; dnotify_watches && i < NWATCH; i++) {
		struct watch *w = &watches[i];

		if (w->f && w->f->inode == dir && (w->mask & event))
			fire(w);
	}
}

void dnotify_entry(struct inode *dir, uint32_t event)
{
	notify_dir(dir, event);
}

void dnotify_rename(struct inode *from, struct inode *to)
{
	if (from == to)
		notify_dir(from, DN_RENAME);
	notify_dir(from, DN_DELETE);
	notify_dir(to, DN_CREATE);
}

/* Does directory dir hold a name of ip? */
static int names(struct inode *dir, struct inode *ip)
{
	if (ip == dir)
		return 0;
	if (ip->type == I_DIR)
		return ip->parent == dir;
	for (struct dirent *de = dir->first; de; de = de->next)
		if (de->ip == ip)
			return 1;
	return 0;
}

void dnotify_inode(struct inode *ip, uint32_t event)
{
	for (int i = 0; dnotify_watches && i < NWATCH; i++) {
		struct watch *w = &watches[i];

		if (w->f && (w->mask & event) && names(w->f->inode, ip))
			fire(w);
	}
	if (ip->type == I_DIR)
		notify_dir(ip, event);
}

void dnotify_io(struct file *f, uint32_t event)
{
	fs_lock();                  /* the directory lists hold still */
	dnotify_inode(f->inode, event);
	fs_unlock();
}
