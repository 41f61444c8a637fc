/*
 * hostile/create_malformed - attack through the privileged domain's own
 * control plane: vmi_dom_create with malformed images and requests, made
 * in memory from this test's own (good) image, which it got as its
 * ramdisk.  Each mutation is one thing wrong: bad magic, 64-bit class, ARM
 * machine, a truncated file, a program-header offset that wraps, a
 * PT_LOAD of 4 GiB, an entry point in the hypervisor, no VMI note, a newer
 * ABI major; and requests: a length over the limit, reserved words set,
 * the image or ramdisk pointing into the hypervisor, a ramdisk too big for
 * the boot mapping, options without a NUL or with a bad value.
 * Containment: each is refused with -VMI_EINVAL or -VMI_EFAULT, the
 * hypervisor logs why ("rejected: ..."), no domain is left behind, no
 * memory is lost (free pages as before), and a good create still works
 * afterwards; the victim beside runs its checksum to the end.
 */
#include "../runtime/test.h"

const char test_title[] = "malformed images and requests given to vmi_dom_create are refused";

#define MAX_IMAGE (256u << 10)
static uint8_t copy[MAX_IMAGE];
static const uint8_t *good;
static uint32_t good_len;
static char log[16384];

static uint32_t get32(uint32_t off)
{
	uint32_t v;

	memcpy(&v, copy + off, 4);
	return v;
}

static void put32(uint32_t off, uint32_t v)
{
	memcpy(copy + off, &v, 4);
}

/* Offset of the first program header of type t in the copy. */
static uint32_t phdr_of(uint32_t t)
{
	uint32_t phoff = get32(28), n = copy[44] | copy[45] << 8;

	for (uint32_t i = 0; i < n; i++)
		if (get32(phoff + i * 32) == t)
			return phoff + i * 32;
	return 0;
}

static int create(const void *image, uint32_t len, const void *rd, uint32_t rd_len,
		  const char *options)
{
	struct vmi_dom_create q = { .image = image, .image_len = len, .ramdisk = rd,
				    .ramdisk_len = rd_len, .options = options };

	return vmi_dom_create(&q);
}

static unsigned wrong;

/* The copy with one mutation must be refused with want, leaving nothing. */
static void refuse(const char *what, uint32_t len, int want)
{
	struct vmi_hv_info before, after;
	int rc;

	CHECK_RET(vmi_hv_info(&before), 0);
	rc = create(copy, len, 0, 0, "name=bad");
	CHECK_RET(vmi_hv_info(&after), 0);
	if (rc != want || after.free_pages != before.free_pages ||
	    after.nr_domains != before.nr_domains) {
		wrong++;
		printf("FAIL: %s: %d (want %d), free pages %u -> %u\n", what, rc, want,
		       before.free_pages, after.free_pages);
	}
	memcpy(copy, good, good_len);       /* the next starts from the good one */
}

static void mutations(void)
{
	uint32_t load = phdr_of(1), note = phdr_of(4);

	copy[0] = 'X';
	refuse("bad magic", good_len, -VMI_EINVAL);
	copy[4] = 2;
	refuse("ELFCLASS64", good_len, -VMI_EINVAL);
	copy[18] = 40;                      /* EM_ARM */
	refuse("machine ARM", good_len, -VMI_EINVAL);
	refuse("truncated", 40, -VMI_EINVAL);
	put32(28, 0xFFFFFFF0u);
	refuse("phoff wraps", good_len, -VMI_EINVAL);
	CHECK(load && note);
	if (!load || !note)
		return;
	put32(load + 20, 0xFFFFF000u);
	refuse("memsz 4 GiB", good_len, -VMI_EINVAL);
	put32(24, 0xFC400000u);
	refuse("entry in the hypervisor", good_len, -VMI_EINVAL);
	put32(get32(note + 4) + 8, 0x1234);            /* the note's type */
	refuse("no VMI note", good_len, -VMI_EINVAL);
	put32(get32(note + 4) + 16, (VMI_ABI_MAJOR + 1) << 16);
	refuse("ABI major + 1", good_len, -VMI_EINVAL);
}

static void requests(void)
{
	static char long_opts[300];
	struct vmi_dom_create q = { .image = good, .image_len = good_len, .options = "" };

	memset(long_opts, 'a', sizeof long_opts);      /* no NUL within 256 */
	wrong += create(good, VMI_DOM_IMAGE_MAX + 1, 0, 0, "") != -VMI_EINVAL;
	wrong += create((const void *)0xFC400000u, 4096, 0, 0, "") != -VMI_EFAULT;
	wrong += create(good, good_len, (const void *)0xFC400000u, 4096, "") != -VMI_EFAULT;
	wrong += create(good, good_len, good, 8u << 20, "mem=4") != -VMI_EINVAL;
	wrong += create(good, good_len, good, 0, "") != -VMI_EINVAL;   /* pointer, no length */
	wrong += create(good, good_len, 0, 0, long_opts) != -VMI_EINVAL;
	wrong += create(good, good_len, 0, 0, "mem=99999") != -VMI_EINVAL;
	wrong += create(good, good_len, 0, 0, "name=") != -VMI_EINVAL;
	wrong += create(good, good_len, 0, 0, (const char *)0xFC400000u) != -VMI_EFAULT;
	q.reserved[2] = 1;
	wrong += vmi_dom_create(&q) != -VMI_EINVAL;
	CHECK_EQ(wrong, 0);
}

void test_main(void)
{
	const struct vmi_module *m = &test_bi->modules[0];
	struct vmi_dom_info info;
	int id, n;

	if (test_has_word("role=good"))
		for (;;)
			vmi_sched_yield();          /* destroyed by dom0 */
	printf("attack: malformed images and requests to vmi_dom_create\n");
	CHECK_EQ(test_bi->nr_modules, 1);
	CHECK(m->len <= MAX_IMAGE);
	if (test_bi->nr_modules != 1 || m->len > MAX_IMAGE)
		return;
	good = (const uint8_t *)(VMI_KERNEL_BASE + m->paddr);
	good_len = m->len;
	memcpy(copy, good, good_len);
	mutations();
	requests();
	CHECK_EQ(wrong, 0);
	n = vmi_hv_log_read(0, log, sizeof log);
	CHECK(n > 0 && memmem(log, (unsigned)n, "(bad) rejected: not an ELF file", 31));
	CHECK(n > 0 && memmem(log, (unsigned)n, "rejected: no VMI ABI note", 25));
	/* Nothing left behind, and the builder still builds. */
	CHECK_RET(vmi_dom_info(2, &info), -VMI_ESRCH);
	id = create(good, good_len, 0, 0, "name=good role=good mem=4");
	CHECK_EQ(id, 2);
	CHECK_RET(vmi_dom_destroy((uint32_t)id), 0);
}
