/*
 * fuzz_elf.c - libFuzzer target: the guest-image validator (elf_check of
 * hypervisor/elf.c) and the domain builder behind it (domain_build.c, on
 * the real frames.c and pagetype.c of the emulated machine of hvhost.c).
 *
 * The input is an image file, in a buffer of exactly its size (libFuzzer's
 * copy), so AddressSanitizer reports any read outside it.  For each input:
 *
 *  1. elf_check at 4, 32 and 256 MiB of domain memory.  An accepted image's
 *     summary is checked against the file by an independent parser (64-bit
 *     arithmetic, no shared code): every segment is a non-empty PT_LOAD of
 *     the file, in order, inside the file and inside [VMI_KERNEL_BASE,
 *     VMI_HV_START), filesz <= memsz, no two overlap, start/end are the
 *     extremes, the span fits the memory, the entry lies in the file part
 *     of an executable segment, and a VMI note inside a PT_NOTE carries the
 *     ABI version, one the hypervisor speaks.  More memory never turns an
 *     acceptance into a refusal or changes the summary.  A refusal has a
 *     one-line reason that fits its buffer; without a buffer the answer is
 *     the same.
 *  2. domain_build with "mem=4" (1024 frames): if it succeeds, the page-
 *     table invariants of oracle.c hold for the new domain, the initial
 *     address space maps pfn p at VMI_KERNEL_BASE + p for every mapped page
 *     (writable exactly when it is not a table frame), every segment's bytes
 *     are the file's and the rest of the image pages is zero, the boot info,
 *     P2M, stack and registers are where they must be.  If it fails, the
 *     domain holds no frame.  Then the domain is released for the next input.
 */
#include "hvhost.h"
#include "oracle.h"
#include "elf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIB (1u << 20)
#define BUILD_MEM_MB 4u
#define BUILD_PAGES (BUILD_MEM_MB << 8)
#define CMDLINE "mem=4 name=fuzz"
#define KB VMI_KERNEL_BASE
#define STACK_PAGES 4u

static struct domain dom;
static int sabotage;    /* FUZZ_SABOTAGE=1: see validate */
static struct domain *const all[1] = { &dom };

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t rd16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

/* ---- 1. the validator's summary against the file ---- */

/* Is there a VMI note with this ABI version inside a PT_NOTE of the file? */
static int has_vmi_note(const uint8_t *f, uint64_t len, uint32_t phoff, uint32_t phnum,
			uint32_t abi)
{
	for (uint32_t i = 0; i < phnum; i++) {
		const uint8_t *ph = f + phoff + 32 * i;
		uint64_t off = rd32(ph + 4), end = off + rd32(ph + 16);

		if (rd32(ph) != PT_NOTE || end > len)
			continue;
		while (end - off >= 12) {
			uint64_t namesz = rd32(f + off), descsz = rd32(f + off + 4);
			uint64_t name = off + 12, desc = name + ((namesz + 3) & ~3ull);

			if (name + namesz > end || desc > end || desc + descsz > end)
				break;
			if (namesz == 4 && memcmp(f + name, "VMI", 4) == 0 &&
			    rd32(f + off + 8) == PVHV_NOTE_TYPE && descsz == 4 &&
			    rd32(f + desc) == abi)
				return 1;
			off = desc + ((descsz + 3) & ~3ull);
		}
	}
	return 0;
}

static void check_summary(const uint8_t *f, uint32_t len, uint32_t mem,
			  const struct elf_image *img)
{
	uint32_t phoff, phnum, n = 0;
	uint64_t start = ~0ull, end = 0;

#define BAD(...) hvhost_fail("elf_check accepted (mem %u MiB) " __VA_ARGS__)
	if (len < 52 || memcmp(f, "\177ELF\1\1\1", 7) || rd16(f + 16) != ET_EXEC ||
	    rd16(f + 18) != EM_386 || rd32(f + 20) != EV_CURRENT || rd16(f + 42) != 32)
		BAD("a file whose ELF header is not ELF32 LSB i386 ET_EXEC", mem >> 20);
	phoff = rd32(f + 28);
	phnum = rd16(f + 44);
	if (phnum == 0 || phnum > ELF_MAX_PHDRS || (uint64_t)phoff + 32ull * phnum > len)
		BAD("a program header table outside the file (%u at %#x)", mem >> 20, phnum,
		    phoff);
	for (uint32_t i = 0; i < phnum; i++) {
		const uint8_t *ph = f + phoff + 32 * i;
		uint32_t off = rd32(ph + 4), va = rd32(ph + 8), fs = rd32(ph + 16);
		uint32_t ms = rd32(ph + 20), fl = rd32(ph + 24);

		if (rd32(ph) != PT_LOAD || ms == 0)
			continue;
		if (n >= img->nr_loads)
			BAD("but left out PT_LOAD %u", mem >> 20, i);
		const struct elf_segment *s = &img->load[n++];
		if (s->vaddr != va || s->memsz != ms || s->offset != off || s->filesz != fs ||
		    s->flags != fl)
			BAD("but segment %u is not PT_LOAD %u of the file", mem >> 20, n - 1, i);
		if ((uint64_t)off + fs > len || fs > ms || va < KB ||
		    (uint64_t)va + ms > VMI_HV_START)
			BAD("PT_LOAD %u: %#x+%#x at %#x+%#x (file %u bytes)", mem >> 20, i, off,
			    fs, va, ms, len);
		start = va < start ? va : start;
		end = (uint64_t)va + ms > end ? (uint64_t)va + ms : end;
	}
	if (n != img->nr_loads || n == 0 || n > ELF_MAX_LOADS)
		BAD("%u segments, the file has %u", mem >> 20, img->nr_loads, n);
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = i + 1; j < n; j++) {
			const struct elf_segment *a = &img->load[i], *b = &img->load[j];

			if ((uint64_t)a->vaddr < (uint64_t)b->vaddr + b->memsz &&
			    (uint64_t)b->vaddr < (uint64_t)a->vaddr + a->memsz)
				BAD("overlapping segments %u and %u", mem >> 20, i, j);
		}
	if (img->start != start || img->end != end)
		BAD("start/end %#x/%#x, the segments say %#llx/%#llx", mem >> 20, img->start,
		    img->end, (unsigned long long)start, (unsigned long long)end);
	if (((end - KB + VMI_PAGE_SIZE - 1) & ~(uint64_t)(VMI_PAGE_SIZE - 1)) > mem)
		BAD("an image spanning %#llx bytes", mem >> 20, (unsigned long long)(end - KB));
	if (img->entry != rd32(f + 24))
		BAD("entry %#x, the header says %#x", mem >> 20, img->entry, rd32(f + 24));
	int entry_ok = 0;
	for (uint32_t i = 0; i < n; i++)
		entry_ok |= (img->load[i].flags & PF_X) && img->entry >= img->load[i].vaddr &&
			    (uint64_t)img->entry < (uint64_t)img->load[i].vaddr + img->load[i].filesz;
	if (!entry_ok)
		BAD("entry %#x outside the file part of every executable segment", mem >> 20,
		    img->entry);
	if (img->abi_version >> 16 != VMI_ABI_MAJOR || (img->abi_version & 0xFFFF) > VMI_ABI_MINOR)
		BAD("ABI version %#x", mem >> 20, img->abi_version);
	if (!has_vmi_note(f, len, phoff, phnum, img->abi_version))
		BAD("ABI %#x, but no PT_NOTE in the file holds such a VMI note", mem >> 20,
		    img->abi_version);
#undef BAD
}

static void check_reason(const char *why, uint32_t size)
{
	size_t n = strnlen(why, size);

	if (n == size)
		hvhost_fail("elf_check: reason not terminated within its %u bytes", size);
	if (size > 1 && n == 0)
		hvhost_fail("elf_check refused without a reason");
	if (memchr(why, '\n', n))
		hvhost_fail("elf_check: reason with a newline: %s", why);
}

static void validate(const uint8_t *data, uint32_t len, struct elf_image *at4)
{
	static const uint32_t mems[3] = { BUILD_MEM_MB * MIB, 32 * MIB, 256 * MIB };
	struct elf_image img[3], plain;
	char why[ELF_REASON_MAX], tiny[7];
	int rc[3];

	for (int i = 0; i < 3; i++) {
		rc[i] = elf_check(data, len, mems[i], &img[i], why, sizeof why);
		hvhost_say("elf_check(%u MiB) = %d %s", mems[i] >> 20, rc[i], rc[i] ? why : "");
		if (rc[i] != 0 && rc[i] != -1)
			hvhost_fail("elf_check returned %d", rc[i]);
		/* The oracle's self-test (scripts/tests/test_fuzz_host_smoke.py):
		 * play a validator that lets a segment run past the file. */
		if (rc[i] == 0 && sabotage)
			img[i].load[0].filesz += len;
		if (rc[i])
			check_reason(why, sizeof why);
		else
			check_summary(data, len, mems[i], &img[i]);
		if (i && rc[i - 1] == 0 &&
		    (rc[i] || memcmp(&img[i], &img[i - 1], sizeof img[i])))
			hvhost_fail("elf_check accepts with %u MiB but not the same way with %u",
				    mems[i - 1] >> 20, mems[i] >> 20);
	}
	if (elf_check(data, len, 32 * MIB, &plain, NULL, 0) != rc[1] ||
	    (rc[1] == 0 && memcmp(&plain, &img[1], sizeof plain)))
		hvhost_fail("elf_check answers differently without a reason buffer");
	memset(tiny, 'x', sizeof tiny);
	if (elf_check(data, len, 32 * MIB, &plain, tiny, 0) != rc[1] || tiny[0] != 'x')
		hvhost_fail("elf_check answers differently, or writes, with a 0-byte reason buffer");
	if (elf_check(data, len, 32 * MIB, &plain, tiny, sizeof tiny) != rc[1])
		hvhost_fail("elf_check answers differently with a small reason buffer");
	if (rc[1])
		check_reason(tiny, sizeof tiny);
	*at4 = img[0];
	at4->nr_loads = rc[0] ? ELF_MAX_LOADS + 1 : img[0].nr_loads;   /* > max: refused */
}

/* ---- 2. the builder ---- */

static uint8_t *pseudo(uint32_t pa)
{
	return (uint8_t *)hvhost_frame(dom.mfns[pa >> 12]) + (pa & 0xFFF);
}

/* The PTE through which the initial tables map va, or 0. */
static uint32_t translate(uint32_t va)
{
	uint32_t l2e = hvhost_frame(dom.cr3_mfn)[va >> 22];

	if (!(l2e & VMI_PTE_P))
		return 0;
	return hvhost_frame(l2e >> 12)[(va >> 12) & 1023];
}

/* No coverage feedback for the checker's own loops (run time). */
__attribute__((no_sanitize("coverage"), noinline))
static void check_built(const uint8_t *data, const struct elf_image *img)
{
	const struct vmi_boot_info *bi;
	uint32_t bi_pfn, image_pages, first_free;

	oracle_check(all, 1, NULL, "domain_build");
	if (dom.nr_pages != BUILD_PAGES || !dom.cr3_mfn)
		hvhost_fail("domain_build: %u pages, base pointer %#x", dom.nr_pages, dom.cr3_mfn);
	if (dom.regs.eip != img->entry)
		hvhost_fail("domain_build: eip %#x, entry %#x", dom.regs.eip, img->entry);
	image_pages = (img->end - KB + 4095) >> 12;
	bi_pfn = (dom.regs.esi - KB) >> 12;
	if ((dom.regs.esi & 0xFFF) || dom.regs.esi < KB || bi_pfn < image_pages ||
	    bi_pfn >= BUILD_PAGES)
		hvhost_fail("domain_build: boot info at %#x, image ends at %#x", dom.regs.esi,
			    img->end);
	bi = (const void *)pseudo(bi_pfn << 12);
	first_free = bi->first_free_pfn;
	if (bi->magic != VMI_BOOT_INFO_MAGIC || bi->nr_pages != BUILD_PAGES ||
	    bi->mapped_pages != BUILD_PAGES || first_free > BUILD_PAGES ||
	    first_free <= bi_pfn || bi->pt_base_pfn >= first_free ||
	    dom.mfns[bi->pt_base_pfn] != dom.cr3_mfn || strcmp(bi->cmdline, CMDLINE))
		hvhost_fail("domain_build: bad boot info (magic %#x pages %u/%u first free %u "
			    "pt base %u)", bi->magic, bi->nr_pages, bi->mapped_pages, first_free,
			    bi->pt_base_pfn);
	/* P2M, from the guest's side */
	uint32_t p2m = (uint32_t)bi->p2m - KB;
	if ((uint32_t)bi->p2m < KB || p2m >> 12 <= bi_pfn || (p2m >> 12) + 1 > first_free)
		hvhost_fail("domain_build: P2M at %p", (const void *)bi->p2m);
	for (uint32_t pfn = 0; pfn < BUILD_PAGES; pfn++)
		if (rd32(pseudo(p2m + 4 * pfn)) != dom.mfns[pfn])
			hvhost_fail("domain_build: P2M[%u] wrong", pfn);
	/* the stack: mapped, writable, past everything else, inside first_free */
	uint32_t sp = dom.regs.esp - KB;
	if ((sp & 0xFFF) || sp >> 12 > first_free || (sp >> 12) < STACK_PAGES ||
	    (sp >> 12) - STACK_PAGES <= bi_pfn)
		hvhost_fail("domain_build: esp %#x (first free pfn %u)", dom.regs.esp, first_free);
	/* the initial address space */
	for (uint32_t pfn = 0; pfn < BUILD_PAGES; pfn++) {
		uint32_t pte = translate(KB + (pfn << 12));
		int table = mm_frames[dom.mfns[pfn]].type != PT_NONE;

		if (!(pte & VMI_PTE_P) || pte >> 12 != dom.mfns[pfn] ||
		    ((pte & VMI_PTE_W) != 0) == table)
			hvhost_fail("domain_build: va %#x -> pte %#x, expected mfn %#x %s", KB +
				    (pfn << 12), pte, dom.mfns[pfn], table ? "read-only" : "writable");
		if (table && pfn >= (sp >> 12) - STACK_PAGES && pfn < sp >> 12)
			hvhost_fail("domain_build: the stack holds table frame pfn %u", pfn);
	}
	/* the image: segments from the file, zero around them */
	static uint8_t want[BUILD_PAGES << 12];
	memset(want, 0, image_pages << 12);
	for (uint32_t i = 0; i < img->nr_loads; i++) {
		const struct elf_segment *s = &img->load[i];

		memcpy(want + (s->vaddr - KB), data + s->offset, s->filesz);
	}
	for (uint32_t pfn = 0; pfn < image_pages; pfn++)
		if (memcmp(pseudo(pfn << 12), want + (pfn << 12), VMI_PAGE_SIZE))
			hvhost_fail("domain_build: pfn %u of the image is not what the file "
				    "and the segments say", pfn);
}

static void release(void)
{
	mm_release_domain(&dom);
	if (dom.slot1008_l1_mfn)
		hv_free_page(HV_VA(dom.slot1008_l1_mfn << 12));
	if (dom.shared)
		hv_free_page(dom.shared);
	memset(&dom, 0, sizeof dom);
	oracle_check(all, 1, NULL, "release");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	static uint32_t heap_free;
	struct elf_image img;
	uint32_t len = size > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)size;

	if (!ready) {
		hvhost_init(BUILD_PAGES + 40, 1024);
		sabotage = getenv("FUZZ_SABOTAGE") != NULL;
		heap_free = heap_free_count();
		ready = 1;
	}
	validate(data, len, &img);
	int rc = domain_build(&dom, data, len, CMDLINE);
	hvhost_say("domain_build = %d", rc);
	if (rc == 0) {
		if (img.nr_loads > ELF_MAX_LOADS)
			hvhost_fail("domain_build accepted an image elf_check refuses");
		check_built(data, &img);
	} else {
		if (rc > 0 || dom.mfns || dom.nr_pages)
			hvhost_fail("domain_build failed (%d) but the domain keeps %u pages",
				    rc, dom.nr_pages);
		oracle_check(all, 1, NULL, "a failed domain_build");
	}
	release();
	if (heap_free_count() != heap_free)
		hvhost_fail("the hypervisor heap lost %d pages", (int)(heap_free - heap_free_count()));
	return 0;
}
