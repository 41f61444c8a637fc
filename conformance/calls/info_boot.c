/*
 * info_boot - vmi_boot_info: the boot information is complete and coherent.
 *
 * Everything a guest knows about its machine comes from this structure:
 * memory size and map, the P2M, the selectors it must use (it may never
 * assume ring 0), the platform's boundary (hv_start, seg_limit) and the
 * writable GDT slots.  A wrong field here misleads every later step, so
 * each field is checked against the others and against what the CPU shows
 * (%cs, %ss, the direct map).  Values that differ between backends (sizes,
 * command line) appear only on env: lines.
 */
#include "../runtime/test.h"

const char test_title[] = "info: boot information";

#define SAMPLES 256

/* A string field holds its NUL inside the field. */
static int nul_terminated(const char *s, size_t max)
{
	for (size_t i = 0; i < max; i++)
		if (s[i] == 0)
			return 1;
	return 0;
}

void test_main(void)
{
	const struct vmi_boot_info *bi = vmi_boot_info();
	uint32_t covered = 0, overlap = 0, bad_type = 0, out = 0, dup = 0, bad_mod = 0;
	uint32_t cs, ss, kernel_pfn = va_to_pfn((const void *)test_main);
	uint32_t mfn[SAMPLES], step, nr;
	int kernel_usable = 0;

	/* Identity: the same pointer guest_main got, our magic and version. */
	CHECK(bi == test_bi);
	CHECK_EQ(bi->magic, VMI_BOOT_INFO_MAGIC);
	CHECK_EQ(bi->abi_version, vmi_abi_version());
	test_env("pages=%u first_free=%u mapped=%u ranges=%u modules=%u cmdline=%s",
	         bi->nr_pages, bi->first_free_pfn, bi->mapped_pages, bi->nr_mem_ranges,
	         bi->nr_modules, nul_terminated(bi->cmdline, VMI_CMDLINE_MAX) ? bi->cmdline : "?");

	/* Sizes: boot frames < free frames <= mapped <= all; tables at boot. */
	CHECK_LT(bi->first_free_pfn, bi->nr_pages);
	CHECK_LE(bi->first_free_pfn, bi->mapped_pages);
	CHECK_LE(bi->mapped_pages, bi->nr_pages);
	CHECK_LT(bi->pt_base_pfn, bi->first_free_pfn);
	CHECK_LT(kernel_pfn, bi->first_free_pfn);
	CHECK_LE(bi->nr_pages, (VMI_HV_START - VMI_KERNEL_BASE) >> VMI_PAGE_SHIFT);
	/* The last frame of the initial direct map is readable (a fault here
	 * would end the test without a verdict). */
	(void)*(volatile uint32_t *)pfn_to_va(bi->mapped_pages - 1);
	test_pass("the last frame of the initial direct map is readable");

	/* The memory map: typed ranges tiling [0, nr_pages) exactly once. */
	CHECK(bi->nr_mem_ranges >= 1 && bi->nr_mem_ranges <= VMI_MAX_MEM_RANGES);
	for (uint32_t i = 0; i < bi->nr_mem_ranges && i < VMI_MAX_MEM_RANGES; i++) {
		const struct vmi_mem_range *a = &bi->mem[i];

		bad_type += a->type != VMI_MEM_USABLE && a->type != VMI_MEM_RESERVED;
		out += a->start_pfn > bi->nr_pages || a->nr_pages > bi->nr_pages - a->start_pfn;
		covered += a->nr_pages;
		for (uint32_t j = 0; j < i; j++) {
			const struct vmi_mem_range *b = &bi->mem[j];
			overlap += a->start_pfn < b->start_pfn + b->nr_pages &&
			           b->start_pfn < a->start_pfn + a->nr_pages;
		}
		if (a->type == VMI_MEM_USABLE && kernel_pfn >= a->start_pfn &&
		    kernel_pfn - a->start_pfn < a->nr_pages)
			kernel_usable = 1;
	}
	CHECK_EQ(bad_type, 0);
	CHECK_EQ(out, 0);
	CHECK_EQ(overlap, 0);
	CHECK_EQ(covered, bi->nr_pages);
	CHECK(kernel_usable);                   /* our own code is in usable RAM */

	/* The P2M: agrees with pfn_to_mfn and maps distinct frames (sampled). */
	nr = bi->nr_pages < SAMPLES ? bi->nr_pages : SAMPLES;
	step = bi->nr_pages / nr;
	for (uint32_t i = 0; i < nr; i++) {
		uint32_t pfn = i * step;
		mfn[i] = bi->p2m[pfn];
		dup += mfn[i] != vmi_pfn_to_mfn(pfn);
		for (uint32_t j = 0; j < i; j++)
			dup += mfn[j] == mfn[i];
	}
	CHECK((uint32_t)bi->p2m >= VMI_KERNEL_BASE && (uint32_t)bi->p2m < bi->hv_start);
	CHECK_EQ(dup, 0);

	/* Selectors: GDT selectors, kernel pair at one RPL (not 3), user pair
	 * at 3, and the CPU really runs on the kernel ones. */
	__asm__ volatile("movl %%cs, %0; movl %%ss, %1" : "=r"(cs), "=r"(ss));
	CHECK_EQ(bi->kernel_cs & 3, bi->kernel_ds & 3);
	CHECK_NE(bi->kernel_cs & 3, 3);
	CHECK_EQ(bi->user_cs & 3, 3);
	CHECK_EQ(bi->user_ds & 3, 3);
	CHECK_EQ((bi->kernel_cs | bi->kernel_ds | bi->user_cs | bi->user_ds) & 4, 0);
	CHECK_EQ(cs & 0xFFFF, bi->kernel_cs);
	CHECK_EQ(ss & 0xFFFF, bi->kernel_ds);

	/* The platform boundary and the guest's GDT slots. */
	CHECK_EQ(bi->hv_start, VMI_HV_START);
	CHECK_GE(bi->seg_limit, bi->hv_start - 1);
	CHECK(bi->tls_gdt_count >= 1 && bi->tls_gdt_first >= 1);
	CHECK_LE(bi->tls_gdt_first + bi->tls_gdt_count, 8192);

	/* Modules inside memory, strings terminated. */
	CHECK_LE(bi->nr_modules, VMI_MAX_MODULES);
	for (uint32_t i = 0; i < bi->nr_modules && i < VMI_MAX_MODULES; i++) {
		const struct vmi_module *m = &bi->modules[i];
		bad_mod += m->paddr > (bi->nr_pages << VMI_PAGE_SHIFT) ||
		           m->len > (bi->nr_pages << VMI_PAGE_SHIFT) - m->paddr ||
		           !nul_terminated(m->cmdline, sizeof(m->cmdline));
	}
	CHECK_EQ(bad_mod, 0);
	CHECK(nul_terminated(bi->cmdline, VMI_CMDLINE_MAX));
}
