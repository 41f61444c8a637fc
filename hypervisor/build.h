/*
 * build.h - the domain builder's steps, shared by the boot-time builder
 * (domain_build.c: one domain per module, all steps at once) and the
 * run-time one (domain_create.c: dom0's DOMCTL_CREATE, in bounded steps
 * across continuations).  Private to those two files.
 *
 * Order: build_prepare (options, ELF validation, layout: nothing
 * allocated), build_alloc (frames, shared page), the ramdisk's bytes at
 * build_ramdisk_pa, then build_load (image, boot info) and build_finish
 * (page tables, registers).  A failure after build_alloc is undone by mm_release_domain.
 */
#ifndef HV_BUILD_H
#define HV_BUILD_H

#include "hv.h"
#include "elf.h"

#define REASON_MAX 128          /* >= ELF_REASON_MAX */

/* Where everything goes, in pseudo-physical frames (domain_build.c). */
struct layout {
	uint32_t nr_pages, mapped_pages, image_pages;
	uint32_t bi_pfn, p2m_pfn, p2m_pages;
	uint32_t l2_pfn, l1_pfn, nr_l1;
	uint32_t stack_pfn, rd_pfn, rd_pages, first_free_pfn;
};

struct build_plan {
	struct elf_image elf;
	struct layout l;
	uint32_t mem_mb;
};

/* Each returns 0 or -VMI_E* with a one-line reason in why[REASON_MAX]. */
int build_prepare(struct domain *d, const void *image, uint32_t len, const char *cmdline,
		  uint32_t rd_len, struct build_plan *p, char *why);
int build_alloc(struct domain *d, const struct build_plan *p, int scrub, char *why);
uint32_t build_ramdisk_pa(const struct build_plan *p);
/* The image and the boot information (bounded by the boot mapping) ... */
void build_load(struct domain *d, const void *image, const struct build_plan *p,
		const char *cmdline, const struct hv_ramdisk *rd);
/* ... then the initial tables, pinned, the shared page and the registers. */
int build_finish(struct domain *d, const struct build_plan *p,
		 const struct hv_ramdisk *rd, char *why);
/* "domain N (name) rejected: why", to the log and the launcher. */
void build_reject(struct domain *d, const char *why);

#endif /* HV_BUILD_H */
