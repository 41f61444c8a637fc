/*
 * hostile/control_unprivileged - attack: a domain that is not the
 * privileged one (the victim is built first, so it is dom0) uses every
 * control operation (create, shutdown and the consoles too) against the
 * victim, itself and ids that do not exist,
 * raw (HC_DOMCTL, every sub-operation and bad ones) and through VMI, many
 * times over.  Containment: every one is -VMI_EPERM, whatever its
 * arguments (the hypervisor logs the first refusal only); nothing was
 * written to the info buffer or the log buffer; the victim is neither
 * paused nor destroyed (the runner checks its checksum and verdict).
 */
#include "../runtime/test.h"
#include "raw_hypercall.h"

const char test_title[] = "control operations from an unprivileged domain get -EPERM";

static struct vmi_dom_info info;
static char buf[256];
static uint32_t offset = 0x5A5A5A5Au;
/* A request naming this domain's own image: it would build if allowed. */
static struct vmi_dom_create req;

void test_main(void)
{
	static const uint32_t ids[] = { 0, 1, 2, 7, 8, 0xFFFF, 0x7FF0, 0xFFFFFFFFu };
	unsigned wrong = 0, calls = 0;

	memset(&info, 0x5A, sizeof info);
	memset(buf, 0x5A, sizeof buf);
	req = (struct vmi_dom_create){ .image = (const void *)VMI_KERNEL_BASE,
		.image_len = 4096, .options = "name=spawn" };
	printf("attack: control operations from an unprivileged domain\n");
	for (unsigned rep = 0; rep < 100; rep++)
		for (unsigned i = 0; i < ARRAY_SIZE(ids); i++) {
			wrong += vmi_dom_info(ids[i], &info) != -VMI_EPERM;
			wrong += vmi_dom_pause(ids[i]) != -VMI_EPERM;
			wrong += vmi_dom_unpause(ids[i]) != -VMI_EPERM;
			wrong += vmi_dom_destroy(ids[i]) != -VMI_EPERM;
			wrong += vmi_dom_set_sched(ids[i], 10000, 0) != -VMI_EPERM;
			wrong += vmi_hv_log_read(ids[i], buf, sizeof buf) != -VMI_EPERM;
			wrong += vmi_dom_create(&req) != -VMI_EPERM;
			wrong += vmi_dom_shutdown(ids[i]) != -VMI_EPERM;
			wrong += vmi_dom_console_read(ids[i], &offset, buf, sizeof buf) != -VMI_EPERM;
			wrong += vmi_dom_console_write(ids[i], buf, sizeof buf) != -VMI_EPERM;
			wrong += vmi_hv_info((struct vmi_hv_info *)buf) != -VMI_EPERM;
			for (uint32_t op = 0; op < 16; op++)
				wrong += hc(HC_DOMCTL, op, ids[i], (uint32_t)buf) != -VMI_EPERM;
			calls += 27;
		}
	CHECK_EQ(wrong, 0);
	CHECK_GT(calls, 0);
	for (unsigned i = 0; i < sizeof info; i++)
		wrong += ((const uint8_t *)&info)[i] != 0x5A;
	for (unsigned i = 0; i < sizeof buf; i++)
		wrong += (uint8_t)buf[i] != 0x5A;
	CHECK_EQ(wrong, 0);
	CHECK_EQ(offset, 0x5A5A5A5Au);
}
