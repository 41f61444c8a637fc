/*
 * hostile/console_flood_created - attack: a domain dom0 created floods its
 * console (hostile/console_flood's role=flood: 1 s of multicalls of 4 KiB
 * console writes) while another created domain (role=clock) sleeps 5 ms
 * twenty times and measures how late each wake-up is; victim/checksum
 * runs beside them.  Both come from hostile/console_flood's image, which
 * this dom0 got as its ramdisk, so the attack and the measure are that
 * test's own code.
 *
 * A created domain's console is a ring dom0 reads, not the UART: cheap,
 * but unlimited it would fill dom0's view with the flood.  Containment:
 * the clock's every wake-up is on time (its own checks: none early, none
 * 50 ms late; its verdict SUCCESS and status 0); the flood's output is
 * held to its rate - most of it is dropped, and the ring says so with a
 * "[N bytes dropped]" line before what the flooder says once it has
 * stopped ("flood: over"), which gets through whole.  Waits loop on
 * yield; a hang is the runner's timeout.
 */
#include "../runtime/test.h"
#include "raw_hypercall.h"

const char test_title[] = "a created domain's console flood is rate limited and delays no timer";

#define CALL_BYTES (PVHV_MULTICALL_MAX * 4096ull)  /* one of the flood's multicalls */

static char out[16384];
static unsigned out_len;

static int create(const char *options)
{
	const struct vmi_module *m = &test_bi->modules[0];
	struct vmi_dom_create q = { .image = (const void *)(VMI_KERNEL_BASE + m->paddr),
		.image_len = m->len, .options = options };

	return vmi_dom_create(&q);
}

/* The last sizeof out bytes of id's console; returns the total written. */
static uint32_t console_of(uint32_t id)
{
	uint32_t off = 0;
	int n;

	out_len = 0;
	while ((n = vmi_dom_console_read(id, &off, out + out_len, sizeof out - 1 - out_len)) > 0) {
		out_len += (unsigned)n;
		if (out_len == sizeof out - 1)
			out_len = 0;        /* keep the newest only */
	}
	out[out_len] = 0;
	return off;
}

/* The decimal number at s. */
static unsigned long long decimal(const char *s)
{
	unsigned long long v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (unsigned)(*s++ - '0');
	return v;
}

static const char *find(const char *needle)
{
	return memmem(out, out_len, needle, strlen(needle));
}

static uint32_t wait_end(uint32_t id)
{
	struct vmi_dom_info info;

	while (vmi_dom_info(id, &info) == (int)id && info.state != VMI_DOM_DEAD)
		vmi_sched_yield();
	return info.exit_code;
}

void test_main(void)
{
	int clock, flood;

	CHECK_EQ(test_bi->nr_modules, 1);
	if (test_bi->nr_modules != 1)
		return;
	clock = create("name=clock mem=8 role=clock");
	flood = create("name=flood mem=8 role=flood");
	CHECK_GT(clock, 0);
	CHECK_GT(flood, 0);
	if (clock <= 0 || flood <= 0)
		return;
	CHECK_EQ(wait_end((uint32_t)clock), 0);
	console_of((uint32_t)clock);
	CHECK(find("PASS: late == 0") != NULL);
	CHECK(find("Test result: SUCCESS") != NULL);
	const char *worst = find("worst lateness");
	int wlen = 0;
	while (worst && worst[wlen] && worst[wlen] != '\n')
		wlen++;
	if (worst)
		test_env("clock: %.*s", wlen, worst);

	CHECK_EQ(wait_end((uint32_t)flood), 0);
	uint32_t kept = console_of((uint32_t)flood);
	const char *over = find("flood: over"), *mark = NULL;
	for (const char *p = out; (p = memmem(p, out_len - (unsigned)(p - out), " bytes dropped]\n",
					       16)); p++)
		mark = p;
	CHECK(mark != NULL);
	CHECK(over != NULL && mark < over);
	const char *calls = over ? memmem(over, out_len - (unsigned)(over - out), "env: ", 5) :
			    NULL;                       /* "env: N multicalls" */
	unsigned long long attempted = calls ? decimal(calls + 5) * CALL_BYTES : 0;
	CHECK(mark != NULL && mark > out && mark[-1] >= '0' && mark[-1] <= '9');
	CHECK(calls != NULL);
	CHECK(attempted > 0);
	CHECK(kept < attempted / 4);                 /* held to its rate */
	CHECK(find("Test result: SUCCESS") != NULL);
	test_env("flood: %u bytes kept of %llu written", kept, attempted);
}
