/*
 * hostile/destroy_holding - dom0 destroys a domain it created while that
 * domain holds an inter-domain channel with dom0 and has filled its
 * console ring, then hands the dead domain's id to a new domain.
 *
 * The holder (role=holder) offers dom0 a port, sends on the channel dom0
 * binds to it, writes more output than its console ring holds and spins.
 * Containment after vmi_dom_destroy: dom0's end of the channel is left
 * unbound (send: -VMI_ENOTCONN), not pending forever nor pointing at freed
 * state; the holder's console output is still readable, newest bytes
 * kept; its memory is free again.  Then dom0 creates domains
 * (role=rebind) until one gets the holder's id: that one tries to bind
 * dom0's port that was left offered to the holder, and must be refused
 * (-VMI_EINVAL), and its console starts empty of the holder's output.
 * The victim beside runs its checksum to the end.
 */
#include "../runtime/test.h"

const char test_title[] = "destroying a domain that holds a channel and a full console ring";

#define HOLDER_LINES 400            /* ~12 KiB: more than the ring keeps */

/* The decimal after "key=" in the command line; 0 if none. */
static uint32_t option(const char *key)
{
	const char *s = test_bi->cmdline;
	size_t n = strlen(key);
	uint32_t v = 0;

	for (; *s; s++)
		if ((s == test_bi->cmdline || s[-1] == ' ') && !strncmp(s, key, n)) {
			for (s += n; *s >= '0' && *s <= '9'; s++)
				v = v * 10 + (uint32_t)(*s - '0');
			return v;
		}
	return 0;
}

static void holder(void)
{
	int p = vmi_evtchn_alloc_unbound(0);

	vmi_irq_disable();
	printf("holder: port %d\n", p);
	vmi_sched_block();                  /* dom0 bound and sent */
	for (unsigned i = 0; i < HOLDER_LINES; i++)
		printf("holder: line %u of filler output for the console ring\n", i);
	printf("holder: done\n");
	for (;;)
		;                           /* destroyed from outside */
}

static void rebind(void)
{
	printf("rebind: %d\n", vmi_evtchn_bind_interdomain(0, option("port=")));
	for (;;)
		vmi_sched_yield();
}

/* ---- dom0 ---- */

static const void *image;
static uint32_t image_len;
static char out[16384];
static unsigned out_len;

static int create(const char *options)
{
	struct vmi_dom_create q = { .image = image, .image_len = image_len,
				    .options = options };

	return vmi_dom_create(&q);
}

static void console_of(uint32_t id)
{
	uint32_t off = 0;
	int n;

	out_len = 0;
	while (out_len < sizeof out - 1 &&
	       (n = vmi_dom_console_read(id, &off, out + out_len, sizeof out - 1 - out_len)) > 0)
		out_len += (unsigned)n;
	out[out_len] = 0;
}

static const char *seen(const char *needle)
{
	return memmem(out, out_len, needle, strlen(needle));
}

static void wait_output(uint32_t id, const char *needle)
{
	for (console_of(id); !seen(needle); console_of(id))
		vmi_sched_yield();
}

void test_main(void)
{
	const struct vmi_module *m = &test_bi->modules[0];
	struct vmi_hv_info before, after;
	struct vmi_dom_info info;
	char opts[64];
	const char *at;
	int id, peer = 0, mine, other;

	if (test_has_word("role=holder"))
		holder();
	if (test_has_word("role=rebind"))
		rebind();
	printf("attack: destroy a domain holding a channel and a full console\n");
	CHECK_EQ(test_bi->nr_modules, 1);
	if (test_bi->nr_modules != 1)
		return;
	image = (const void *)(VMI_KERNEL_BASE + m->paddr);
	image_len = m->len;
	CHECK_RET(vmi_hv_info(&before), 0);
	id = create("name=holder mem=4 role=holder");
	CHECK_GT(id, 0);
	if (id <= 0)
		return;
	wait_output((uint32_t)id, "holder: port ");
	at = seen("holder: port ") + 13;
	while (*at >= '0' && *at <= '9')
		peer = peer * 10 + (*at++ - '0');
	mine = vmi_evtchn_bind_interdomain((uint32_t)id, (uint32_t)peer);
	CHECK_GT(mine, 0);
	CHECK_RET(vmi_evtchn_send((uint32_t)mine), 0);
	wait_output((uint32_t)id, "holder: done");
	CHECK(!seen("holder: line 0 "));    /* the ring kept the newest only */

	CHECK_RET(vmi_dom_destroy((uint32_t)id), 0);
	CHECK_RET(vmi_dom_info((uint32_t)id, &info), id);
	CHECK_EQ(info.state, VMI_DOM_DEAD);
	CHECK_RET(vmi_evtchn_send((uint32_t)mine), -VMI_ENOTCONN);
	console_of((uint32_t)id);
	CHECK(seen("holder: done"));        /* still readable after its end */
	CHECK_RET(vmi_hv_info(&after), 0);
	CHECK_EQ(after.free_pages, before.free_pages);

	/* The id again: no channel or output of the holder's comes with it. */
	snprintf(opts, sizeof opts, "name=rebind mem=4 role=rebind port=%d", mine);
	/* Free slots go first, then ended domains' from the lowest
	 * (domain_create.c).  A newcomer in a fresh slot above the holder's is
	 * destroyed at once, so memory lasts until the table (256 slots)
	 * wraps; one in a reused slot below it stays, so the next reuse moves
	 * on towards the holder's slot. */
	while ((other = create(opts)) > 0 && other != id)
		if (other > id)
			CHECK_RET(vmi_dom_destroy((uint32_t)other), 0);
	CHECK_EQ(other, id);
	if (other != id)
		return;
	wait_output((uint32_t)other, "rebind: ");
	CHECK(seen("rebind: -22"));         /* -VMI_EINVAL */
	CHECK(!seen("holder:"));
}
