/*
 * procfs_sysctl.c - the writable files of /proc/sys: integer settings the
 * kernel acts on, read as "N\n" and set by root by writing a number
 * (proc_dointvec's format: blanks, an optional sign, digits, a newline;
 * anything else is EINVAL, a value out of range too), and string settings
 * (proc_dostring's: the text up to the first newline replaces the old,
 * cut to the setting's size).  LTP's tests save, set and restore them
 * (fcntl33 shortens the lease break time).
 *
 * Linux's integer handlers answer only a read at offset 0: one from
 * further on is the end of the file, even after a short first read (a
 * shell's read builtin, taking a byte at a time, gets one digit).
 *
 * A setting kept by the process core has accessors instead of a variable:
 * kernel/ns_last_pid, the pid given out last (the next fork tries the one
 * after it), is mode 0666 as on Linux, whose handler asks CAP_SYS_ADMIN
 * of a writer itself (EPERM), as this file does of every such setting.
 */
#include "fs/fs.h"
#include "lib/klib.h"

char core_pattern[CORE_PATTERN_SIZE] = "core";   /* proc/coredump.c reads them */
int core_uses_pid;

static const struct setting {
	const char *path;             /* below /proc */
	int *value;                   /* an integer setting, or null: get and set */
	int min, max;
	uint32_t mode;
	int (*get)(void);
	int (*set)(int v);            /* 0 or -errno */
	char *text;                   /* a string setting of size bytes with its NUL */
	uint32_t size;
} settings[] = {
	{ "sys/fs/lease-break-time", &lease_break_time, 0, 0x7fffffff, 0644, 0, 0, 0, 0 },
	{ "sys/fs/pipe-max-size", &pipe_max_size, 4096, 0x7fffffff, 0644, 0, 0, 0, 0 },
	{ "sys/fs/pipe-user-pages-hard", &pipe_user_pages_hard, 0, 0x7fffffff, 0644, 0, 0, 0, 0 },
	{ "sys/fs/pipe-user-pages-soft", &pipe_user_pages_soft, 0, 0x7fffffff, 0644, 0, 0, 0, 0 },
	{ "sys/kernel/core_pattern", 0, 0, 0, 0644, 0, 0, core_pattern, CORE_PATTERN_SIZE },
	{ "sys/kernel/core_uses_pid", &core_uses_pid, -0x7fffffff - 1, 0x7fffffff, 0644, 0, 0,
	  0, 0 },
	{ "sys/kernel/ns_last_pid", 0, 0, PID_MAX, 0666, pid_last, pid_set_last, 0, 0 },
};
#define NSETTINGS ARRAY_SIZE(settings)

static struct inode *nodes[NSETTINGS];

/* Routes opens to procfs_open, which asks procfs_sysctl_text. */
static int gen_sysctl(char *buf, uint32_t n)
{
	(void)buf, (void)n;
	return 0;
}

static int index_of(const struct inode *ip)
{
	for (uint32_t i = 0; i < NSETTINGS; i++)
		if (nodes[i] == ip)
			return (int)i;
	return -1;
}

void procfs_sysctl_init(struct inode *proc)
{
	for (uint32_t i = 0; i < NSETTINGS; i++) {
		const char *name;
		struct inode *dir = procfs_parent_dir(proc, settings[i].path, &name);

		nodes[i] = procfs_add_node(dir, name, I_REG, S_IFREG | settings[i].mode);
		if (!nodes[i])
			panic("procfs: cannot create /proc/%s", settings[i].path);
		nodes[i]->gen = gen_sysctl;
	}
}

int procfs_sysctl_is(const struct inode *ip)
{
	return index_of(ip) >= 0;
}

int procfs_sysctl_text(const struct inode *ip, char *buf, uint32_t n)
{
	int i = index_of(ip);

	if (i < 0)
		return -ENOENT;
	if (settings[i].text)
		return snprintf(buf, n, "%s\n", settings[i].text);
	return snprintf(buf, n, "%d\n", settings[i].value ? *settings[i].value : settings[i].get());
}

/* A string setting written: the text up to a newline or NUL, at most
 * size - 1 bytes of it kept; the whole write counts as done. */
static int write_text(const struct setting *s, const char *buf, uint32_t n)
{
	uint32_t len = 0;

	while (len < n && len < s->size - 1 && buf[len] != '\n' && buf[len] != 0)
		len++;
	memcpy(s->text, buf, len);
	s->text[len] = 0;
	return (int)n;
}

/* The number in buf[0..n): 0 and *out, or -EINVAL. */
static int parse_int(const char *buf, uint32_t n, long long *out)
{
	uint32_t i = 0;
	int neg = 0, digits = 0;
	long long v = 0;

	while (i < n && (buf[i] == ' ' || buf[i] == '\t'))
		i++;
	if (i < n && (buf[i] == '-' || buf[i] == '+'))
		neg = buf[i++] == '-';
	for (; i < n && buf[i] >= '0' && buf[i] <= '9' && v <= 0x7fffffffLL; i++, digits++)
		v = v * 10 + (buf[i] - '0');
	while (i < n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == 0))
		i++;
	if (!digits || i != n)
		return -EINVAL;
	*out = neg ? -v : v;
	return 0;
}

/* A write of a setting's file: the whole number in one write, as Linux's
 * strict sysctl writes want.  -ENOENT: ip is no setting. */
int procfs_sysctl_write(const struct inode *ip, const char *buf, uint32_t n)
{
	int i = index_of(ip), rc;
	long long v;

	if (i < 0)
		return -ENOENT;
	if (settings[i].set && !capable(CAP_SYS_ADMIN))
		return -EPERM;                /* before the number, as Linux's handler */
	if (settings[i].text)
		return write_text(&settings[i], buf, n);
	if (n > 32 || parse_int(buf, n, &v) || v < settings[i].min || v > settings[i].max)
		return -EINVAL;
	if (settings[i].value) {
		*settings[i].value = (int)v;
		return (int)n;
	}
	rc = settings[i].set((int)v);
	return rc ? rc : (int)n;
}
