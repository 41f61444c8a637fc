/*
 * create_time - `make bench-scale`'s measure of domain creation
 * (scripts/bench_scale.py): how long from dom0's create call to the new
 * domain's first console output.
 *
 * NOT a conformance test (run.py never discovers conformance/bench/).
 * It runs as dom0 with a pvhv guest kernel image as its ramdisk (the
 * launcher passes build/guest-pvhv.elf, as `vmctl create` reads it from
 * /boot) and, ROUNDS times: creates a domain from it (mem=16, the image
 * only), polls that domain's console (vmi_dom_console_read between
 * yields) until its first byte, destroys it.  Each round prints
 *
 *   create-time build_ns=<b> first_output_ns=<f> calls=<c> image=<bytes>
 *
 * build_ns: system time vmi_dom_create took (its bounded steps: copy,
 * check, page tables, load - calls hypercalls); first_output_ns: from the
 * create call to the first console byte (the build plus the new kernel's
 * start).  Under icount (1 ns = 1 instruction) the numbers are
 * deterministic.  What vmctl adds before its create call (reading the
 * files) is the guest's file system, not the hypervisor, and not counted.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>

const char test_title[] = "bench-scale: domain creation to first console output";

#define ROUNDS 5

/* vmi_dom_create's loop, counting its hypercalls (backends/pvhv/control.c). */
static int create_counted(const struct vmi_dom_create *q, uint32_t *calls)
{
	int32_t rc;

	*calls = 0;
	do {
		__asm__ volatile("int $0x82" : "=a"(rc)
				 : "0"(HC_DOMCTL), "b"(DOMCTL_CREATE), "c"((uint32_t)q)
				 : "memory");
		(*calls)++;
	} while (rc == DOMCTL_CONTINUE);
	return rc;
}

static void round_once(const struct vmi_dom_create *q)
{
	char c;
	uint32_t off = 0, calls;
	uint64_t t0 = vmi_time_ns(), built;
	int id = create_counted(q, &calls);

	built = vmi_time_ns();
	CHECK_GT(id, 0);
	if (id <= 0)
		return;
	while (vmi_dom_console_read((uint32_t)id, &off, &c, 1) == 0)
		vmi_sched_yield();
	printf("create-time build_ns=%llu first_output_ns=%llu calls=%u image=%u\n",
	       (unsigned long long)(built - t0), (unsigned long long)(vmi_time_ns() - t0),
	       calls, q->image_len);
	CHECK_RET(vmi_dom_destroy((uint32_t)id), 0);
}

void test_main(void)
{
	const struct vmi_module *m = &test_bi->modules[0];
	struct vmi_dom_create q = { .options = "name=timed mem=16" };

	CHECK_EQ(test_bi->nr_modules, 1);
	if (test_bi->nr_modules != 1)
		return;
	q.image = (const void *)(VMI_KERNEL_BASE + m->paddr);
	q.image_len = m->len;
	for (int r = 0; r < ROUNDS; r++)
		round_once(&q);
}
