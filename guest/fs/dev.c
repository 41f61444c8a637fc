/*
 * dev.c - character devices: /dev/null, /dev/zero, /dev/full, /dev/random
 * and /dev/urandom (the kernel's generator, kern/random.c), the console
 * terminal as /dev/console and /dev/tty (the controlling terminal of every
 * process without a pty of its own), /dev/ptmx and /dev/pts/ (pty.c, which
 * also opens /dev/tty for a pty's session), and /dev/vmctl, the control plane of the
 * privileged domain (dev_vmctl.c).  Device nodes are ordinary inodes of type I_CHR
 * (the initramfs or mknod may add more); opening one picks its operations
 * by device number, and an unknown number is ENXIO as in Linux.
 */
#include "fs/fs.h"
#include "tty/tty.h"
#include "proc/proc.h"
#include "lib/klib.h"

#define DEV_NULL    MKDEV(1, 3)
#define DEV_ZERO    MKDEV(1, 5)
#define DEV_FULL    MKDEV(1, 7)
#define DEV_RANDOM  MKDEV(1, 8)
#define DEV_URANDOM MKDEV(1, 9)
#define DEV_TTY     MKDEV(5, 0)
#define DEV_CONSOLE MKDEV(5, 1)
#define DEV_VMCTL   MKDEV(10, 60)
#define DEV_PTMX    MKDEV(5, 2)         /* pty.c opens it */

extern const struct file_ops vmctl_ops;    /* dev_vmctl.c */

static struct inode *console_inode, *dev_dir;

static int null_read(struct file *f, char *buf, uint32_t n)
{
	(void)f, (void)buf, (void)n;
	return 0;
}

static int sink_write(struct file *f, const char *buf, uint32_t n)
{
	(void)f, (void)buf;
	return (int)n;
}

static int zero_read(struct file *f, char *buf, uint32_t n)
{
	(void)f;
	memset(buf, 0, n);
	return (int)n;
}

static int full_write(struct file *f, const char *buf, uint32_t n)
{
	(void)f, (void)buf, (void)n;
	return -ENOSPC;
}

/* Both random devices give the generator's bytes at once, as Linux's do
 * once its pool is initialised; what is written is taken and dropped
 * (Linux mixes it in without crediting entropy). */
static int random_read(struct file *f, char *buf, uint32_t n)
{
	(void)f;
	random_fill(buf, n);
	return (int)n;
}

static const struct file_ops random_ops = {
	.read = random_read,
	.write = sink_write,
	.ioctl = file_no_ioctl,
	.poll = file_poll_ready,
	.getdents64 = file_no_getdents,
	.release = file_no_release,
};

static const struct file_ops full_ops = {     /* reads as zeros, never takes data */
	.read = zero_read,
	.write = full_write,
	.ioctl = file_no_ioctl,
	.poll = file_poll_ready,
	.getdents64 = file_no_getdents,
	.release = file_no_release,
};

static const struct file_ops null_ops = {
	.read = null_read,
	.write = sink_write,
	.ioctl = file_no_ioctl,
	.poll = file_poll_ready,
	.getdents64 = file_no_getdents,
	.release = file_no_release,
};

static const struct file_ops zero_ops = {
	.read = zero_read,
	.write = sink_write,
	.ioctl = file_no_ioctl,
	.poll = file_poll_ready,
	.getdents64 = file_no_getdents,
	.release = file_no_release,
};

static const struct {
	uint32_t rdev;
	const struct file_ops *ops;
} devices[] = {
	{ DEV_NULL, &null_ops },
	{ DEV_ZERO, &zero_ops },
	{ DEV_FULL, &full_ops },
	{ DEV_RANDOM, &random_ops },
	{ DEV_URANDOM, &random_ops },
	{ DEV_TTY, &tty_ops },
	{ DEV_CONSOLE, &tty_ops },
	{ DEV_VMCTL, &vmctl_ops },
};

int dev_open(struct inode *ip, struct file *f)
{
	int rc = pty_open(ip, f);

	if (rc <= 0)
		return rc;
	for (uint32_t i = 0; i < ARRAY_SIZE(devices); i++) {
		if (devices[i].rdev != ip->rdev)
			continue;
		f->ops = devices[i].ops;
		if (f->ops == &tty_ops)
			tty_attach(&console_tty);
		return 0;
	}
	return -ENXIO;
}

/* One shared open file of the console, holding its own reference: each
 * user (init's fds 0-2) takes another with file_get. */
struct file *console_file(void)
{
	static struct file *console;

	if (!console && !(console = file_alloc(&tty_ops, console_inode, O_RDWR)))
		panic("dev: no memory for the console file");
	/* Found in /dev, as if opened there: /proc/<pid>/fd/0 of init's
	 * children reads /dev/console, as on Linux, which ttyname() trusts. */
	if (!console->dir) {
		inode_get(dev_dir);
		console->dir = dev_dir;
	}
	return console;
}

void dev_init(void)
{
	static const struct {
		const char *path;
		uint32_t mode, rdev;
	} nodes[] = {
		{ "/dev/console", S_IFCHR | 0600, DEV_CONSOLE },
		{ "/dev/null", S_IFCHR | 0666, DEV_NULL },
		{ "/dev/zero", S_IFCHR | 0666, DEV_ZERO },
		{ "/dev/full", S_IFCHR | 0666, DEV_FULL },
		{ "/dev/random", S_IFCHR | 0666, DEV_RANDOM },
		{ "/dev/urandom", S_IFCHR | 0666, DEV_URANDOM },
		{ "/dev/tty", S_IFCHR | 0666, DEV_TTY },
		{ "/dev/vmctl", S_IFCHR | 0600, DEV_VMCTL },
		{ "/dev/ptmx", S_IFCHR | 0666, DEV_PTMX },
		{ "/dev/pts/ptmx", S_IFCHR | 0666, DEV_PTMX },   /* as devpts has it */
	};

	if (vfs_mkdir(fs_root, "/dev", 0755) < 0 || vfs_mkdir(fs_root, "/dev/pts", 0755) < 0)
		panic("dev: cannot create /dev");
	for (uint32_t i = 0; i < ARRAY_SIZE(nodes); i++)
		if (vfs_mknod(fs_root, nodes[i].path, nodes[i].mode, nodes[i].rdev) < 0)
			panic("dev: cannot create %s", nodes[i].path);
	/* Kept referenced: the console stays usable even if its node goes. */
	if (fs_lookup(fs_root, "/dev/console", 0, &console_inode) < 0 ||
	    fs_lookup(fs_root, "/dev", 0, &dev_dir) < 0)
		panic("dev: no /dev/console");
	inode_get(console_inode);
	inode_get(dev_dir);
}
