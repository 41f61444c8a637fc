/*
 * vmctl.c - the privileged domain's toolstack, in the style of Xen's xl:
 * list, create, destroy, shutdown, pause, unpause, console, sched, info
 * and dmesg, through /dev/vmctl (guest/fs/vmctl_abi.h).
 *
 *   vmctl list
 *   vmctl create IMAGE [name=N] [mem=MiB] [weight=W] [warp=US]
 *                [initrd=FILE|none] [cmd='...'] [-c]
 *   vmctl destroy|shutdown|pause|unpause ID|NAME
 *   vmctl console ID|NAME
 *   vmctl sched ID|NAME [weight=W] [warp=US]
 *   vmctl mem-set ID|NAME MiB     (the balloon target)
 *   vmctl vif-list                 (every domain's interface and counters)
 *   vmctl vif-set ID|NAME [mac=M] [ip=A.B.C.D/LEN] [credit=BYTES per 10 ms]
 *   vmctl rule list | del N | policy accept|drop
 *   vmctl rule add action=accept|drop|count [proto=..] [src=A.B.C.D/LEN]
 *              [dst=..] [sport=P] [dport=P] [vif=ID|NAME|nic|any] [at=N]
 *   vmctl info
 *   vmctl dmesg
 *   vmctl block-attach ID|NAME START+COUNT[,START+COUNT...] [ro] [disk=N]
 *   vmctl block-detach ID|NAME vdX
 *   vmctl block-list [ID|NAME]
 *
 * create reads IMAGE (a pvhv guest kernel) and the ramdisk (default
 * /boot/initramfs.cpio) into memory; cmd= appends a small cpio archive
 * holding /etc/cmd to the ramdisk, which the new guest's init runs as
 * `make run CMD=...` does at boot.  disk=START+COUNT[,...][:ro] gives it
 * those extents of the first disk as vda (sent as the hypervisor's option
 * vbd=0:START+COUNT[:...][:ro]; vbd= itself names other disks).  Other
 * key=value words go to the hypervisor and the new guest as its options.  On a refusal vmctl prints
 * the hypervisor's reason from its log.
 *
 * console prints the domain's output so far, then follows it: what is
 * typed goes to the domain, Ctrl-] detaches; when standard input is not a
 * terminal, its bytes are sent and its end detaches.  The domain's end
 * ends the command too.
 *
 * Natively there is no hypervisor: every command says so and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "../fs/vmctl_abi.h"

#define DEV "/dev/vmctl"
#define DEFAULT_INITRD "/boot/initramfs.cpio"
#define DETACH_KEY 0x1d                 /* Ctrl-] */

static int dev = -1;

static void die(const char *what)
{
	fprintf(stderr, "vmctl: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: vmctl list | info | dmesg\n"
		"       vmctl create IMAGE [name=N] [mem=MiB] [weight=W] [warp=US]"
		" [initrd=FILE|none] [cmd='...'] [disk=...] [-c]\n"
		"       vmctl destroy|shutdown|pause|unpause|console ID|NAME\n"
		"       vmctl sched ID|NAME [weight=W] [warp=US]\n"
		"       vmctl mem-set ID|NAME MiB\n"
		"       vmctl vif-list | vif-set ID|NAME [mac=M] [ip=A.B.C.D/LEN] [credit=BYTES]\n"
		"       vmctl rule list | del N | policy accept|drop\n"
		"       vmctl rule add action=accept|drop|count [proto=any|arp|ip|icmp|tcp|udp]\n"
		"                [src=A.B.C.D[/LEN]] [dst=..] [sport=P] [dport=P] [vif=ID|NAME|nic|any] [at=N]\n"
		"       vmctl block-attach ID|NAME START+COUNT[,START+COUNT...] [ro] [disk=N]\n"
		"       vmctl block-detach ID|NAME vdX\n"
		"       vmctl block-list [ID|NAME]\n"
		"       (create also takes disk=START+COUNT[,...][:ro])\n");
	exit(2);
}

/* /dev/vmctl, and whether a hypervisor answers behind it. */
static void open_device(void)
{
	struct vmi_hv_info hi;

	if ((dev = open(DEV, O_RDWR)) < 0)
		die(DEV);
	if (ioctl(dev, VMCTL_HV_INFO, &hi) < 0) {
		if (errno == ENOSYS) {
			fprintf(stderr, "vmctl: no hypervisor is present "
				"(this kernel runs on the bare machine)\n");
			exit(1);
		}
		die("hypervisor information");
	}
}

/* ---- domains ---- */

/* The domain with the lowest id >= first, or -1. */
static int dom_next(uint32_t first, struct vmi_dom_info *out)
{
	struct vmctl_dom_info q = { .first_id = first };
	int id = ioctl(dev, VMCTL_DOM_INFO, &q);

	if (id < 0 && errno != ESRCH)
		die("domain information");
	if (id >= 0)
		*out = q.info;
	return id;
}

static char state_letter(const struct vmi_dom_info *d)
{
	static const char letters[] = "rbpds";

	return d->state < sizeof letters - 1 ? letters[d->state] : '?';
}

/* An id, or the name of a domain (a live one before an ended one). */
static uint32_t resolve(const char *arg)
{
	struct vmi_dom_info d;
	char *end;
	long dead = -1;
	unsigned long v = strtoul(arg, &end, 10);

	if (*arg && !*end)
		return (uint32_t)v;
	for (int id = dom_next(0, &d); id >= 0; id = dom_next((uint32_t)id + 1, &d)) {
		if (strcmp(d.name, arg) != 0)
			continue;
		if (d.state != VMI_DOM_DEAD)
			return (uint32_t)id;
		dead = id;
	}
	if (dead >= 0)
		return (uint32_t)dead;
	fprintf(stderr, "vmctl: no domain named '%s'\n", arg);
	exit(1);
}

static int cmd_list(void)
{
	struct vmi_dom_info d;

	printf("%-20s %5s %8s %5s %9s %6s\n", "Name", "ID", "Mem(MiB)", "State", "Time(s)",
	       "Weight");
	for (int id = dom_next(0, &d); id >= 0; id = dom_next((uint32_t)id + 1, &d))
		printf("%-20s %5d %8u %5c %9.1f %6u\n", d.name, id,
		       d.mem_pages / (1048576 / 4096), state_letter(&d),
		       (double)d.run_ns / 1e9, d.weight);
	return 0;
}

static int simple(unsigned long cmd, const char *what, const char *arg)
{
	uint32_t id = resolve(arg);

	if (ioctl(dev, cmd, id) < 0) {
		fprintf(stderr, "vmctl: %s %s: %s\n", what, arg, strerror(errno));
		return 1;
	}
	return 0;
}

/* key=value with a decimal value: 1 and *v set if arg is that key. */
static int keyval(const char *arg, const char *key, uint32_t *v)
{
	size_t n = strlen(key);
	char *end;

	if (strncmp(arg, key, n) != 0 || arg[n] != '=')
		return 0;
	*v = (uint32_t)strtoul(arg + n + 1, &end, 10);
	if (!arg[n + 1] || *end) {
		fprintf(stderr, "vmctl: bad number in '%s'\n", arg);
		exit(2);
	}
	return 1;
}

static int cmd_sched(int argc, char **argv)
{
	struct vmi_dom_info d;
	struct vmctl_sched q;

	if (argc < 1)
		usage();
	q.id = resolve(argv[0]);
	if (dom_next(q.id, &d) != (int)q.id) {
		fprintf(stderr, "vmctl: no domain %u\n", q.id);
		return 1;
	}
	q.weight = d.weight;
	q.warp_us = d.warp_us;
	for (int i = 1; i < argc; i++)
		if (!keyval(argv[i], "weight", &q.weight) && !keyval(argv[i], "warp", &q.warp_us))
			usage();
	if (ioctl(dev, VMCTL_DOM_SCHED, &q) < 0) {
		fprintf(stderr, "vmctl: sched %s: %s\n", argv[0], strerror(errno));
		return 1;
	}
	printf("%s: weight %u, warp %u us\n", d.name, q.weight, q.warp_us);
	return 0;
}

/* The domain's memory target: its balloon driver gives frames back to
 * the hypervisor, or takes them again, until it holds that much. */
static int cmd_mem_set(const char *who, const char *mib)
{
	char *end;
	unsigned long n = strtoul(mib, &end, 10);
	struct vmctl_mem q = { .id = resolve(who), .pages = (uint32_t)(n * 256) };

	if (!*mib || *end || n == 0 || n > 4096) {
		fprintf(stderr, "vmctl: bad size '%s' (MiB, 1-4096)\n", mib);
		return 2;
	}
	if (ioctl(dev, VMCTL_MEM_SET, &q) < 0) {
		fprintf(stderr, "vmctl: mem-set %s: %s\n", who, strerror(errno));
		return 1;
	}
	printf("%s: memory target %lu MiB\n", who, n);
	return 0;
}

static int cmd_info(void)
{
	struct vmi_hv_info hi;

	if (ioctl(dev, VMCTL_HV_INFO, &hi) < 0)
		die("hypervisor information");
	printf("total_memory : %u MiB\n", hi.total_pages / 256);
	printf("free_memory  : %u MiB\n", hi.free_pages / 256);
	printf("domains      : %u live of %u slots\n", hi.nr_domains, hi.max_domains);
	printf("vmi_abi      : %u.%u\n", hi.abi_version >> 16, hi.abi_version & 0xFFFF);
	return 0;
}

/* ---- virtual block devices: extents of a physical disk ---- */

/* "START+COUNT[,START+COUNT...]" (sectors) into v; 0 if malformed. */
static int parse_extents(const char *s, struct vmi_vbd *v)
{
	char *end;

	for (v->nr_extents = 0; ; v->nr_extents++) {
		struct vmi_vbd_extent *e = &v->ext[v->nr_extents];
		if (v->nr_extents == VMI_VBD_MAX_EXTENTS || *s < '0' || *s > '9')
			return 0;
		e->start = strtoull(s, &end, 10);
		if (*end != '+' || end[1] < '0' || end[1] > '9')
			return 0;
		e->count = strtoull(end + 1, &end, 10);
		if (!*end)
			return ++v->nr_extents;
		if (*end != ',')
			return 0;
		s = end + 1;
	}
}

/* Why the hypervisor refused a VBD, in its words (vmi.spec, vbd_attach). */
static const char *vbd_refusal(int err)
{
	switch (err) {
	case EBUSY: return "overlaps another device's sectors "
			   "(only read-only extents may be shared)";
	case EINVAL: return "an extent is empty or past the disk's end, or too many";
	case ENOENT: return "no such disk";
	case ENOSPC: return "the domain has 4 devices";
	default: return strerror(err);
	}
}

static int cmd_block_attach(int argc, char **argv)
{
	struct vmctl_vbd q = { 0 };
	uint32_t disk = 0;
	int vd;

	if (argc < 2 || !parse_extents(argv[1], &q.vbd))
		usage();
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "ro"))
			q.vbd.flags |= VMI_VBD_RO;
		else if (!keyval(argv[i], "disk", &disk))
			usage();
	q.vbd.disk = disk;
	q.id = resolve(argv[0]);
	if ((vd = ioctl(dev, VMCTL_VBD_ATTACH, &q)) < 0) {
		fprintf(stderr, "vmctl: block-attach %s: %s\n", argv[0], vbd_refusal(errno));
		return 1;
	}
	printf("%s: vd%c = disk %u %s%s\n", argv[0], 'a' + vd, disk, argv[1],
	       q.vbd.flags & VMI_VBD_RO ? " ro" : "");
	return 0;
}

/* "vdb" or "1": a device number. */
static uint32_t device_number(const char *s)
{
	char *end;

	if (s[0] == 'v' && s[1] == 'd' && s[2] >= 'a' && s[2] <= 'z' && !s[3])
		return (uint32_t)(s[2] - 'a');
	unsigned long n = strtoul(s, &end, 10);
	if (!*s || *end)
		usage();
	return (uint32_t)n;
}

static int cmd_block_detach(const char *who, const char *devname)
{
	struct vmctl_vbd q = { .id = resolve(who), .dev = device_number(devname) };

	if (ioctl(dev, VMCTL_VBD_DETACH, &q) < 0) {
		fprintf(stderr, "vmctl: block-detach %s %s: %s\n", who, devname,
			errno == EBUSY ? "in use (the domain attached a ring to it)" :
			errno == ENOENT ? "no such device" : strerror(errno));
		return 1;
	}
	return 0;
}

/* One domain's devices, a line each. */
static void block_rows(uint32_t id, const char *name)
{
	for (uint32_t d = 0; d < 26; d++) {
		struct vmctl_vbd q = { .id = id, .dev = d };
		if (ioctl(dev, VMCTL_VBD_INFO, &q) < 0) {
			if (errno == ENOENT)
				continue;       /* a hole, or past the last */
			break;
		}
		uint64_t sectors = 0;
		printf("%-20s %5u  vd%c %4u %2s %3s ", name, id, 'a' + d, q.vbd.disk,
		       q.vbd.flags & VMI_VBD_RO ? "ro" : "rw",
		       q.vbd.flags & VMI_VBD_IN_USE ? "yes" : "no");
		for (uint32_t i = 0; i < q.vbd.nr_extents && i < VMI_VBD_MAX_EXTENTS; i++) {
			printf("%s%llu+%llu", i ? "," : "", (unsigned long long)q.vbd.ext[i].start,
			       (unsigned long long)q.vbd.ext[i].count);
			sectors += q.vbd.ext[i].count;
		}
		printf(" (%llu sectors of %llu)\n", (unsigned long long)sectors,
		       (unsigned long long)q.vbd.disk_sectors);
	}
}

static int cmd_block_list(const char *who)
{
	struct vmi_dom_info d;
	int only = who ? (int)resolve(who) : -1;

	printf("%-20s %5s  %3s %4s %2s %3s %s\n", "Name", "ID", "Dev", "Disk", "RW", "Use",
	       "Extents");
	for (int id = dom_next(0, &d); id >= 0; id = dom_next((uint32_t)id + 1, &d))
		if ((only < 0 || id == only) && d.state != VMI_DOM_DEAD)
			block_rows((uint32_t)id, d.name);
	return 0;
}

/* create's disk=START+COUNT[,...][:ro]: the option vbd=0:START+COUNT[:...][:ro]. */
static void disk_option(const char *value, char *options, size_t size)
{
	struct vmi_vbd v;
	char ext[VMI_CMDLINE_MAX];
	size_t n = strlen(value);
	int ro = n > 3 && !strcmp(value + n - 3, ":ro");

	if (n - (ro ? 3 : 0) >= sizeof ext)
		usage();
	memcpy(ext, value, n - (ro ? 3 : 0));
	ext[n - (ro ? 3 : 0)] = 0;
	if (!parse_extents(ext, &v)) {
		fprintf(stderr, "vmctl: bad disk= '%s' (START+COUNT[,...][:ro])\n", value);
		exit(2);
	}
	for (char *c = ext; *c; c++)
		if (*c == ',')
			*c = ':';
	if (strlen(options) + strlen(ext) + 12 > size)
		usage();
	sprintf(options + strlen(options), "%svbd=0:%s%s", *options ? " " : "", ext,
		ro ? ":ro" : "");
}

/* ---- the hypervisor's log ---- */

/* Log bytes from offset on to out (if not NULL); returns the end offset. */
static uint32_t log_copy(uint32_t offset, FILE *out, const char *only)
{
	static char buf[VMCTL_BUF_MAX + 1];
	struct vmctl_buf q = { .buf = buf, .len = VMCTL_BUF_MAX };
	int n;

	for (;;) {
		q.offset = offset;
		if ((n = ioctl(dev, VMCTL_LOG_READ, &q)) < 0)
			die("hypervisor log");
		if (n == 0)
			return offset;
		buf[n] = 0;
		if (out && !only)
			fwrite(buf, 1, (size_t)n, out);
		for (char *l = buf; out && only && l && *l; ) {   /* lines holding `only` */
			char *nl = strchr(l, '\n');
			if (nl)
				*nl = 0;
			if (strstr(l, only))
				fprintf(out, "vmctl: %s\n", l);
			l = nl ? nl + 1 : NULL;
		}
		offset += (uint32_t)n;
	}
}

/* ---- console ---- */

static int console_fetch(uint32_t id, uint32_t *offset)
{
	static char buf[VMCTL_BUF_MAX];
	struct vmctl_buf q = { .id = id, .offset = *offset, .buf = buf, .len = sizeof buf };
	int n, total = 0;

	while ((n = ioctl(dev, VMCTL_CONSOLE_READ, &q)) > 0) {
		fwrite(buf, 1, (size_t)n, stdout);
		total += n;
	}
	if (n < 0)
		die("console");
	fflush(stdout);
	*offset = q.offset;
	return total;
}

static int console_send(uint32_t id, const char *p, size_t n)
{
	struct vmctl_buf q = { .id = id, .buf = (char *)p, .len = (uint32_t)n };

	while (q.len) {
		int took = ioctl(dev, VMCTL_CONSOLE_WRITE, &q);
		if (took < 0)
			return -1;
		if (took == 0) {                /* its queue is full: let it read */
			struct timespec ts = { 0, 20000000 };
			nanosleep(&ts, 0);
			continue;
		}
		q.buf += took;
		q.len -= (uint32_t)took;
	}
	return 0;
}

static int dom_alive(uint32_t id)
{
	struct vmi_dom_info d;

	return dom_next(id, &d) == (int)id && d.state != VMI_DOM_DEAD;
}

/* One poll of standard input: 0 on, 1 detach (Ctrl-] or its end). */
static int console_input(uint32_t id, int tty)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };
	char buf[256];
	ssize_t n;

	if (poll(&p, 1, 50) <= 0)
		return 0;
	/* From a terminal a byte at a time: what is typed after Ctrl-] stays
	 * in the terminal for the shell. */
	if ((n = read(0, buf, tty ? 1 : sizeof buf)) <= 0)
		return 1;
	char *key = tty ? memchr(buf, DETACH_KEY, (size_t)n) : NULL;
	size_t send = key ? (size_t)(key - buf) : (size_t)n;
	if (send && console_send(id, buf, send) < 0)
		return 1;                       /* it ended, or owns the keyboard */
	return key != NULL;
}

static int cmd_console(const char *arg)
{
	uint32_t id = resolve(arg), offset = 0;
	int tty = isatty(0), detach = 0;
	struct termios saved, raw;

	if (dom_next(id, &(struct vmi_dom_info){0}) != (int)id) {
		fprintf(stderr, "vmctl: no domain %s\n", arg);
		return 1;
	}
	if (tty) {
		tcgetattr(0, &saved);
		raw = saved;
		cfmakeraw(&raw);
		raw.c_oflag |= OPOST;       /* the guest's "\n" still starts a line */
		tcsetattr(0, TCSANOW, &raw);
		fprintf(stderr, "vmctl: console of domain %u; Ctrl-] detaches\r\n", id);
	}
	while (!detach) {
		console_fetch(id, &offset);
		if (!dom_alive(id))
			break;
		detach = console_input(id, tty);
	}
	console_fetch(id, &offset);
	if (tty)
		tcsetattr(0, TCSANOW, &saved);
	return 0;
}

/* ---- create ---- */

struct blob {
	char *data;
	size_t len;
};

static void read_whole(const char *path, struct blob *b, size_t extra)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	size_t done = 0;

	if (fd < 0 || fstat(fd, &st) < 0)
		die(path);
	b->len = (size_t)st.st_size;
	if (!(b->data = malloc(b->len + extra + 1)))
		die("memory");
	while (done < b->len) {
		ssize_t n = read(fd, b->data + done, b->len - done);
		if (n <= 0)
			die(path);
		done += (size_t)n;
	}
	close(fd);
}

/* One newc member (or the trailer) at b's end, 4-byte aligned. */
static void cpio_member(struct blob *b, const char *name, unsigned mode, const char *data,
			size_t size)
{
	size_t namesz = strlen(name) + 1;

	b->len += (size_t)sprintf(b->data + b->len,
		"070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		1u, mode, 0u, 0u, 1u, 1704067200u, size, 0u, 0u, 0u, 0u, namesz, 0u);
	memcpy(b->data + b->len, name, namesz);
	b->len += namesz;
	while (b->len % 4)
		b->data[b->len++] = 0;
	memcpy(b->data + b->len, data, size);
	b->len += size;
	while (b->len % 4)
		b->data[b->len++] = 0;
}

/* cmd= becomes /etc/cmd, in a second archive after the ramdisk's: the
 * guest unpacks concatenated archives as Linux does. */
static void append_cmd(struct blob *rd, const char *cmd)
{
	char *script = malloc(strlen(cmd) + 2);

	if (!script)
		die("memory");
	sprintf(script, "%s\n", cmd);
	while (rd->len % 4)
		rd->data[rd->len++] = 0;
	cpio_member(rd, "etc/cmd", 0100644, script, strlen(script));
	cpio_member(rd, "TRAILER!!!", 0, "", 0);
	free(script);
}

static int cmd_create(int argc, char **argv)
{
	struct blob image, rd = { 0, 0 };
	const char *initrd = DEFAULT_INITRD, *cmd = NULL;
	char options[VMI_CMDLINE_MAX] = "";
	int attach = 0;

	if (argc < 1)
		usage();
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0)
			attach = 1;
		else if (strncmp(argv[i], "initrd=", 7) == 0)
			initrd = argv[i] + 7;
		else if (strncmp(argv[i], "cmd=", 4) == 0)
			cmd = argv[i] + 4;
		else if (strncmp(argv[i], "disk=", 5) == 0)
			disk_option(argv[i] + 5, options, sizeof options);
		else if (!strchr(argv[i], '=') || strchr(argv[i], ' ') ||
			 strlen(options) + strlen(argv[i]) + 2 > sizeof options)
			usage();
		else
			strcat(strcat(options, *options ? " " : ""), argv[i]);
	}
	read_whole(argv[0], &image, 0);
	if (strcmp(initrd, "none") != 0) {
		read_whole(initrd, &rd, cmd ? strlen(cmd) + 512 : 0);
		if (cmd)
			append_cmd(&rd, cmd);
	} else if (cmd) {
		fprintf(stderr, "vmctl: cmd= needs a ramdisk\n");
		return 2;
	}
	struct vmi_dom_create q = {
		.image = image.data, .image_len = (uint32_t)image.len,
		.ramdisk = rd.data, .ramdisk_len = (uint32_t)rd.len, .options = options,
	};
	uint32_t log_end = log_copy(0, NULL, NULL);
	int id = ioctl(dev, VMCTL_DOM_CREATE, &q);
	if (id < 0) {
		int err = errno;
		fprintf(stderr, "vmctl: create %s: %s\n", argv[0], strerror(err));
		log_copy(log_end, stderr, "rejected");
		return 1;
	}
	struct vmi_dom_info d;
	dom_next((uint32_t)id, &d);
	printf("created domain %d (%s)\n", id, d.name);
	fflush(stdout);
	return attach ? cmd_console(d.name) : 0;
}

/* ---- the network: VIFs and the VFR's rules (vmi/vfr.h) ---- */

static void print_ip(uint32_t ip, int prefix)
{
	char s[24];

	snprintf(s, sizeof s, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 0xFF, (ip >> 8) & 0xFF,
		 ip & 0xFF);
	if (prefix >= 0)
		snprintf(s + strlen(s), sizeof s - strlen(s), "/%d", prefix);
	printf(" %-18s", ip || prefix < 0 ? s : "-");
}

static int cmd_vif_list(void)
{
	struct vmi_dom_info d;

	printf("%-12s %3s %-17s  %-18s %8s %3s %9s %9s %7s %7s %6s\n", "Name", "ID", "MAC",
	       "IPv4", "Credit", "Att", "TX pkts", "RX pkts", "RXdrop", "TXdrop", "Spoof");
	for (int id = dom_next(0, &d); id >= 0; id = dom_next((uint32_t)id + 1, &d)) {
		struct vmctl_vif q = { .dom = (uint32_t)id };
		if (d.state == VMI_DOM_DEAD || ioctl(dev, VMCTL_VIF_INFO, &q) < 0)
			continue;
		const struct vmi_vif_info *i = &q.info;
		printf("%-12.12s %3d %02x:%02x:%02x:%02x:%02x:%02x ", d.name, id, i->mac[0],
		       i->mac[1], i->mac[2], i->mac[3], i->mac[4], i->mac[5]);
		print_ip(i->ip, i->prefix);
		printf(" %8u %3s %9llu %9llu %7llu %7llu %6u\n", i->credit,
		       i->flags & VMI_VIF_ATTACHED ? "yes" : "no",
		       (unsigned long long)i->st.tx_packets, (unsigned long long)i->st.rx_packets,
		       (unsigned long long)i->st.rx_dropped, (unsigned long long)i->st.tx_dropped,
		       i->spoofed);
	}
	return 0;
}

/* "A.B.C.D[/LEN]" (LEN default def): 0, or -1. */
static int parse_ip(const char *s, uint32_t *ip, uint32_t *len, uint32_t def)
{
	unsigned a, b, c, e, l = def;
	char tail;
	int n = sscanf(s, "%u.%u.%u.%u/%u%c", &a, &b, &c, &e, &l, &tail);

	if ((n != 4 && n != 5) || a > 255 || b > 255 || c > 255 || e > 255 || l > 32)
		return -1;
	*ip = a << 24 | b << 16 | c << 8 | e;
	*len = l;
	return 0;
}

static int cmd_vif_set(int argc, char **argv)
{
	struct vmctl_vif q = { 0 };
	unsigned m[6];
	uint32_t len;
	char tail;

	if (argc < 2)
		usage();
	q.dom = resolve(argv[0]);
	for (int i = 1; i < argc; i++) {
		if (sscanf(argv[i], "mac=%x:%x:%x:%x:%x:%x%c", &m[0], &m[1], &m[2], &m[3], &m[4],
			   &m[5], &tail) == 6) {
			for (int k = 0; k < 6; k++)
				q.cfg.mac[k] = (uint8_t)m[k];
			q.cfg.mask |= VMI_VIF_SET_MAC;
		} else if (!strncmp(argv[i], "ip=", 3) && !parse_ip(argv[i] + 3, &q.cfg.ip, &len, 24)) {
			q.cfg.prefix = (uint8_t)len;
			q.cfg.mask |= VMI_VIF_SET_IP;
		} else if (keyval(argv[i], "credit", &q.cfg.credit)) {
			q.cfg.mask |= VMI_VIF_SET_CREDIT;
		} else {
			usage();
		}
	}
	if (ioctl(dev, VMCTL_VIF_SET, &q) < 0)
		die("vif-set");
	return 0;
}

static const char *const protos[] = { "any", "arp", "ip", "icmp", "tcp", "udp" };
static const char *const actions[] = { "accept", "drop", "count" };

static int lookup(const char *s, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	usage();
	return -1;
}

/* One word of `rule add`: 0 if it was understood. */
static int rule_word(const char *w, struct vmctl_rule *q)
{
	struct vmi_vfr_rule *r = &q->rule;
	uint32_t v, len;

	if (!strncmp(w, "proto=", 6))
		r->proto = (uint8_t)lookup(w + 6, protos, 6);
	else if (!strncmp(w, "action=", 7))
		r->action = (uint8_t)lookup(w + 7, actions, 3);
	else if (!strncmp(w, "src=", 4) && !parse_ip(w + 4, &r->src_ip, &len, 32))
		r->src_mask = len ? ~0u << (32 - len) : 0;
	else if (!strncmp(w, "dst=", 4) && !parse_ip(w + 4, &r->dst_ip, &len, 32))
		r->dst_mask = len ? ~0u << (32 - len) : 0;
	else if (keyval(w, "sport", &v) && v <= 0xFFFF)
		r->sport = (uint16_t)v, r->sport_mask = 0xFFFF;
	else if (keyval(w, "dport", &v) && v <= 0xFFFF)
		r->dport = (uint16_t)v, r->dport_mask = 0xFFFF;
	else if (!strcmp(w, "vif=nic"))
		r->vif = VMI_VFR_NIC;
	else if (!strcmp(w, "vif=any"))
		r->vif = VMI_VFR_ANY_VIF;
	else if (!strncmp(w, "vif=", 4))
		r->vif = (uint16_t)resolve(w + 4);
	else if (!keyval(w, "at", &q->index))
		return -1;
	return 0;
}

static void print_rule(int index, const struct vmi_vfr_rule *r)
{
	printf("%4d %-6s %-6s", index, actions[r->action % 3], protos[r->proto % 6]);
	print_ip(r->src_ip, __builtin_popcount(r->src_mask));
	print_ip(r->dst_ip, __builtin_popcount(r->dst_mask));
	char sp[8] = "*", dp[8] = "*";
	if (r->sport_mask)
		snprintf(sp, sizeof sp, "%u", r->sport);
	if (r->dport_mask)
		snprintf(dp, sizeof dp, "%u", r->dport);
	printf(" %5s %6s", sp, dp);
	if (r->vif == VMI_VFR_ANY_VIF)
		printf("  %-5s", "any");
	else if (r->vif == VMI_VFR_NIC)
		printf("  %-5s", "nic");
	else
		printf("  %-5u", r->vif);
	printf(" %10llu\n", (unsigned long long)r->hits);
}

static int cmd_rule(int argc, char **argv)
{
	struct vmctl_rule q = { .index = 0xFFFF, .rule = { .vif = VMI_VFR_ANY_VIF } };

	if (argc == 1 && !strcmp(argv[0], "list")) {
		int n = 0;
		printf("%4s %-6s %-6s %-18s %-18s %5s %6s  %-5s %10s\n", "#", "Action", "Proto",
		       "Source", "Destination", "Sport", "Dport", "VIF", "Hits");
		for (q.index = 0; (n = ioctl(dev, VMCTL_RULE_GET, &q)) >= 0; q.index++)
			print_rule((int)q.index, &q.rule);
		if (errno != ENOENT)
			die("rule list");
		q.index = VMI_VFR_DEFAULT;
		if (ioctl(dev, VMCTL_RULE_GET, &q) < 0)
			die("rule list");
		printf("default %s, %llu frames\n", actions[q.rule.action % 3],
		       (unsigned long long)q.rule.hits);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[0], "del")) {
		q.op = VMI_VFR_DEL;
		q.index = (uint32_t)strtoul(argv[1], NULL, 10);
	} else if (argc == 2 && !strcmp(argv[0], "policy")) {
		q.op = VMI_VFR_POLICY;
		q.rule.action = (uint8_t)lookup(argv[1], actions, 2);
	} else if (argc >= 2 && !strcmp(argv[0], "add")) {
		q.op = VMI_VFR_ADD;
		for (int i = 1; i < argc; i++)
			if (rule_word(argv[i], &q))
				usage();
	} else {
		usage();
	}
	int rc = ioctl(dev, VMCTL_RULE_SET, &q);
	if (rc < 0)
		die("rule");
	if (q.op == VMI_VFR_ADD)
		printf("rule %d added\n", rc);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	open_device();
	const char *c = argv[1];
	if (!strcmp(c, "list") && argc == 2)
		return cmd_list();
	if (!strcmp(c, "info") && argc == 2)
		return cmd_info();
	if (!strcmp(c, "dmesg") && argc == 2)
		return log_copy(0, stdout, NULL), 0;
	if (!strcmp(c, "create"))
		return cmd_create(argc - 2, argv + 2);
	if (!strcmp(c, "sched"))
		return cmd_sched(argc - 2, argv + 2);
	if (!strcmp(c, "mem-set") && argc == 4)
		return cmd_mem_set(argv[2], argv[3]);
	if (!strcmp(c, "vif-list") && argc == 2)
		return cmd_vif_list();
	if (!strcmp(c, "vif-set"))
		return cmd_vif_set(argc - 2, argv + 2);
	if (!strcmp(c, "rule") && argc >= 3)
		return cmd_rule(argc - 2, argv + 2);
	if (!strcmp(c, "block-attach"))
		return cmd_block_attach(argc - 2, argv + 2);
	if (!strcmp(c, "block-detach") && argc == 4)
		return cmd_block_detach(argv[2], argv[3]);
	if (!strcmp(c, "block-list") && argc <= 3)
		return cmd_block_list(argc == 3 ? argv[2] : NULL);
	if (argc != 3)
		usage();
	if (!strcmp(c, "destroy"))
		return simple(VMCTL_DOM_DESTROY, c, argv[2]);
	if (!strcmp(c, "shutdown"))
		return simple(VMCTL_DOM_SHUTDOWN, c, argv[2]);
	if (!strcmp(c, "pause"))
		return simple(VMCTL_DOM_PAUSE, c, argv[2]);
	if (!strcmp(c, "unpause"))
		return simple(VMCTL_DOM_UNPAUSE, c, argv[2]);
	if (!strcmp(c, "console"))
		return cmd_console(argv[2]);
	usage();
	return 2;
}
