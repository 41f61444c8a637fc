/*
 * system/dom_create - dom0 creates domains at run time (vmi_dom_create)
 * from its own image, which it got as its ramdisk, and drives them with
 * the rest of the control group while a boot-time domain (the victim)
 * runs its checksum beside them.
 *
 * The child (role=child) gets the image once more as its ramdisk, says
 * what it received, echoes its console input and powers off with status 7
 * when asked (VMI_VIRQ_SHUTDOWN).  dom0 checks: the new domain is listed
 * with its name, memory and no privilege; its console output reaches dom0
 * only (vmi_dom_console_read; the physical console stays dom0's and the
 * victim's); input sent with vmi_dom_console_write comes back; pause shows
 * in dom_info; the polite shutdown ends it with its own status, and its
 * output stays readable; a spinning domain (role=spin) is destroyed; the
 * domain table fills up (-VMI_ENOSPC) and ended domains' slots are reused
 * with fresh consoles.  dom0's own end destroys what it created.  Every
 * wait loops on yield, never on time: a hang is the runner's timeout.
 */
#include "../runtime/test.h"

const char test_title[] = "control: dom0 creates, lists, talks to, pauses, shuts down and destroys domains";

#define STATUS_CHILD 7

static volatile unsigned shutdown_asked;

/* ---- the created domains ---- */

static void child(void)
{
	int con = vmi_evtchn_bind_virq(VMI_VIRQ_CONSOLE);
	int off = vmi_evtchn_bind_virq(VMI_VIRQ_SHUTDOWN);
	const struct vmi_module *m = &test_bi->modules[0];
	char in[64];

	vmi_irq_disable();                  /* ports are drained by hand */
	if (test_bi->nr_modules == 1 && !memcmp((const void *)(VMI_KERNEL_BASE + m->paddr),
						 "\177ELF", 4))
		printf("child: ramdisk of %u bytes, an ELF image\n", m->len);
	printf("child: ready (ports %s)\n", con > 0 && off > 0 ? "bound" : "missing");
	for (;;) {
		vmi_sched_block();
		int p;
		while ((p = vmi_evtchn_next_pending()) > 0) {
			int n = vmi_console_read(in, sizeof in - 1);
			if (n > 0) {
				in[n] = 0;
				printf("child: got %s", in);
			}
			if (p == off)
				vmi_shutdown(VMI_SHUTDOWN_POWEROFF, STATUS_CHILD);
		}
	}
}

/* ---- dom0 ---- */

static const void *image;
static uint32_t image_len;
static char out[8192];
static unsigned out_len;

static int create(const char *options, const void *ramdisk, uint32_t ramdisk_len)
{
	struct vmi_dom_create q = { .image = image, .image_len = image_len,
		.ramdisk = ramdisk, .ramdisk_len = ramdisk_len, .options = options };

	return vmi_dom_create(&q);
}

/* Domain id's whole console output so far, NUL-terminated in out. */
static unsigned console_of(uint32_t id)
{
	uint32_t off = 0;
	unsigned len = 0;
	int n;

	while (len < sizeof out - 1 &&
	       (n = vmi_dom_console_read(id, &off, out + len, sizeof out - 1 - len)) > 0)
		len += (unsigned)n;
	out[len] = 0;
	out_len = len;
	return len;
}

/* Does the output console_of read last hold needle? */
static int seen(const char *needle)
{
	return memmem(out, out_len, needle, strlen(needle)) != NULL;
}

/* id's state (quietly: it is polled); ~0 if it does not exist. */
static uint32_t state_of(uint32_t id, struct vmi_dom_info *info)
{
	return vmi_dom_info(id, info) == (int)id ? info->state : ~0u;
}

/* Until id's console holds needle (or id ended without it). */
static int wait_output(uint32_t id, const char *needle)
{
	struct vmi_dom_info info;

	for (;;) {
		console_of(id);
		if (seen(needle))
			return 1;
		if (state_of(id, &info) == VMI_DOM_DEAD || info.state == ~0u)
			return 0;
		vmi_sched_yield();
	}
}

static void talk_to_child(void)
{
	struct vmi_dom_info info;
	struct vmi_hv_info hi;
	char line[80];
	int id = create("name=child mem=8 role=child", image, image_len);

	CHECK_GT(id, 0);
	if (id <= 0)
		return;
	CHECK_EQ(state_of((uint32_t)id, &info) == VMI_DOM_DEAD, 0);
	CHECK(!strcmp(info.name, "child"));
	CHECK_EQ(info.privileged, 0);
	CHECK_EQ(info.mem_pages, 8u << 8);
	CHECK_RET(vmi_hv_info(&hi), 0);
	CHECK_EQ(hi.nr_domains, 3);         /* dom0, the victim, the child */

	CHECK(wait_output((uint32_t)id, "child: ready (ports bound)"));
	snprintf(line, sizeof line, "child: ramdisk of %u bytes, an ELF image", image_len);
	CHECK(seen(line));
	CHECK_RET(vmi_dom_console_write((uint32_t)id, "ping\n", 5), 5);
	CHECK(wait_output((uint32_t)id, "child: got ping"));

	CHECK_RET(vmi_dom_pause((uint32_t)id), 0);
	CHECK_EQ(state_of((uint32_t)id, &info), VMI_DOM_PAUSED);
	CHECK_RET(vmi_dom_unpause((uint32_t)id), 0);

	CHECK_RET(vmi_dom_shutdown((uint32_t)id), 0);
	while (state_of((uint32_t)id, &info) != VMI_DOM_DEAD) {
		CHECK_EQ(info.state == VMI_DOM_SHUTDOWN || info.state == VMI_DOM_RUNNABLE ||
			 info.state == VMI_DOM_BLOCKED, 1);
		vmi_sched_yield();
	}
	CHECK_EQ(info.exit_code, STATUS_CHILD);     /* its own status: not killed */
	console_of((uint32_t)id);
	CHECK(seen("child: got ping"));   /* kept after its end */
	CHECK_RET(vmi_dom_shutdown((uint32_t)id), -VMI_ESRCH);
}

static void destroy_spinner(void)
{
	struct vmi_dom_info info;
	int id = create("name=spinner mem=4 role=spin", 0, 0);

	CHECK_GT(id, 0);
	if (id <= 0)
		return;
	CHECK(wait_output((uint32_t)id, "Test: "));         /* it runs */
	CHECK_RET(vmi_dom_destroy((uint32_t)id), 0);
	CHECK_EQ(state_of((uint32_t)id, &info), VMI_DOM_DEAD);
	CHECK(info.exit_code & 0x100);                      /* killed */
}

/* A filler, checked: its console is its own (empty: not a predecessor's)
 * and it is not dead.  Returns its id, or the error create gave. */
static int filler(void)
{
	struct vmi_dom_info info;
	int id = create("name=filler mem=4 role=spin", 0, 0);

	if (id <= 0)
		return id;
	console_of((uint32_t)id);
	CHECK(!seen("child:"));
	CHECK_EQ(state_of((uint32_t)id, &info) == VMI_DOM_DEAD, 0);
	return id;
}

/* Every slot of the table once and then dead ones again: each filler is
 * destroyed once checked, so max_domains + 2 creations must reuse at
 * least two slots of ended domains (with 8 slots the old version of this
 * test filled the table with live ones; with 256, memory ends first). */
static void reuse_slots(void)
{
	struct vmi_hv_info hv;
	uint32_t made = 0, reused = 0;
	static uint8_t used[1024];
	int id;

	CHECK_RET(vmi_hv_info(&hv), 0);
	CHECK(hv.max_domains >= 2 && hv.max_domains <= sizeof used);
	while (made < hv.max_domains + 2 && (id = filler()) > 0) {
		made++;
		reused += used[id % sizeof used];
		used[id % sizeof used] = 1;
		CHECK_RET(vmi_dom_destroy((uint32_t)id), 0);
	}
	CHECK_EQ(made, hv.max_domains + 2);
	CHECK_GE(reused, 2);
	test_env("%u fillers in %u slots, %u of them reused", made, hv.max_domains, reused);
}

/* Live fillers until the hypervisor says no: -VMI_ENOSPC when every slot
 * is live, -VMI_ENOMEM when domain memory ends first (256 slots of 4 MiB
 * need more than this machine has) - a clear error either way, and dom0
 * runs on. */
static void fill_table(void)
{
	unsigned made = 0;
	int id;

	while ((id = filler()) > 0)
		made++;
	CHECK(id == -VMI_ENOSPC || id == -VMI_ENOMEM);
	CHECK_GT(made, 2);
	test_env("created %u live fillers until %d", made, id);
}

void test_main(void)
{
	const struct vmi_module *m = &test_bi->modules[0];

	if (test_has_word("role=child"))
		child();
	if (test_has_word("role=spin"))
		for (;;)
			;                       /* destroyed from outside */
	CHECK(vmi_features() & VMI_FEAT_CONTROL);
	CHECK_EQ(test_bi->nr_modules, 1);
	if (test_bi->nr_modules != 1)
		return;
	image = (const void *)(VMI_KERNEL_BASE + m->paddr);
	image_len = m->len;
	talk_to_child();
	destroy_spinner();
	reuse_slots();
	fill_table();
}
