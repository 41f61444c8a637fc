/*
 * hostile/blk_vbd_unprivileged - attack: a domain that is not the
 * privileged one uses the control group's block device calls
 * (vmi_vbd_attach, _detach, _info, and raw HC_DOMCTL with their numbers):
 * it asks for the sectors of the victim's VBD writable, the whole disk,
 * extents past the disk's end and a wrapping one, for itself, for the
 * victim and for ids that do not exist; it tries to detach and describe
 * every device of the victim and of itself.  Containment: every call is
 * -VMI_EPERM whatever its arguments (checked before anything is read),
 * nothing is written to the output buffer, the attacker's own device count
 * does not change, and victim/disk's data on its half of the disk stays
 * intact (its own check; the runner checks its verdict).
 */
#include "../calls/blk.h"
#include "raw_hypercall.h"

const char test_title[] = "block device control calls from an unprivileged domain get -EPERM";

static struct vmi_vbd out;

/* The requests an attacker would like granted. */
static const struct vmi_vbd wants[] = {
	{ .disk = 0, .nr_extents = 1, .ext = { { 1024, 1024 } } },   /* the victim's */
	{ .disk = 0, .nr_extents = 1, .ext = { { 0, 2048 } } },      /* everything */
	{ .disk = 0, .nr_extents = 1, .ext = { { 2040, 16 } } },     /* past the end */
	{ .disk = 0, .nr_extents = 1, .ext = { { ~0ull, 2 } } },     /* wrapping */
	{ .disk = 1, .flags = VMI_VBD_RO, .nr_extents = 1, .ext = { { 0, 64 } } },
	{ .disk = 9, .nr_extents = 9 },
};

void test_main(void)
{
	static const uint32_t ids[] = { 0, 1, 2, 3, 255, 256, 0xFFFFFFFFu };
	unsigned wrong = 0, calls = 0;
	int count = vmi_blk_count();

	memset(&out, 0x5A, sizeof out);
	printf("attack: block device control calls from an unprivileged domain\n");
	for (unsigned rep = 0; rep < 20; rep++)
		for (unsigned i = 0; i < ARRAY_SIZE(ids); i++) {
			for (unsigned w = 0; w < ARRAY_SIZE(wants); w++)
				wrong += vmi_vbd_attach(ids[i], &wants[w]) != -VMI_EPERM;
			for (uint32_t dev = 0; dev < 5; dev++) {
				wrong += vmi_vbd_detach(ids[i], dev) != -VMI_EPERM;
				wrong += vmi_vbd_info(ids[i], dev, &out) != -VMI_EPERM;
			}
			for (uint32_t op = 20; op < 23; op++)
				wrong += hc(HC_DOMCTL, op, ids[i], (uint32_t)&wants[1]) != -VMI_EPERM;
			calls += ARRAY_SIZE(wants) + 10 + 3;
		}
	CHECK_EQ(wrong, 0);
	CHECK_GT(calls, 0);
	for (unsigned i = 0; i < sizeof out; i++)
		wrong += ((const uint8_t *)&out)[i] != 0x5A;
	CHECK_EQ(wrong, 0);
	CHECK_EQ(vmi_blk_count(), count);
	CHECK_EQ(count, 1);
}
