/*
 * domain_build.c - turn a guest image (one multiboot module) into a domain
 * ready to run: the pvhv equivalent of what backends/native/boot.c and
 * mmu.c prepare on bare metal, so a guest sees the same boot state on both.
 *
 * Pseudo-physical layout of a new domain (pfn = frame number, v = virtual
 * address of the image, pseudo-physical v - VMI_KERNEL_BASE as natively):
 *
 *   [0, image_pages)            the image's PT_LOADs (from 1 MiB up), the rest 0
 *   bi_pfn                      struct vmi_boot_info       (ESI at entry)
 *   p2m_pfn ...                 nr_pages machine frames    (bi->p2m)
 *   l2_pfn, l1_pfn ...          initial tables: one L2, one L1 per 4 MiB
 *   stack_pfn ... (16 KiB)      boot stack                 (ESP at entry)
 *   rd_pfn ...                  the ramdisk, if any        (bi->modules[0])
 *   first_free_pfn ...          free for the guest
 *
 * The initial tables map [0, mapped_pages) at VMI_KERNEL_BASE, writable
 * except the table frames themselves, and are pinned through mm_pin like any
 * table the guest builds later - the builder gets no shortcut around the
 * validation.  Every write goes through map_domain_page: domain frames are
 * scattered machine frames with no fixed hypervisor mapping.
 *
 * Options (module string after the path): name=<s> mem=<MiB> weight=<n>
 * warp=<us>, vbd=DISK[:START+COUNT...][:ro] (a virtual block device,
 * vbd.c; repeatable), and the word dom0 (this domain is the privileged one).  Unknown words are left for the guest (bi->cmdline has all).
 *
 * The ramdisk (boot.c: the "initrd" module after the image) lies below
 * first_free_pfn, as natively where the modules lie below it too, so the
 * guest's frame allocator never hands it out; and inside mapped_pages, so
 * the guest can read it through the boot map as well as through its own.
 */
#include "hv.h"
#include "build.h"
#include "lib/klib.h"

#define MEM_MIN_MB        4u
#define MEM_MAX_MB        256u
#define MAX_MAPPED_PAGES  4096u        /* 16 MiB initially, like native ... */
#define BOOT_SPARE_PAGES  128u         /* ... or 512 KiB past the ramdisk (Xen's rule) */
#define BOOT_STACK_PAGES  4u           /* 16 KiB */
#define PTES_PER_TABLE    1024u
#define KERNEL_L2_SLOT    (VMI_KERNEL_BASE >> 22)
#define BOOT_EFLAGS       0x202u       /* IF on for real; virtual IF is upcall_mask */

_Static_assert(sizeof(struct vmi_boot_info) <= VMI_PAGE_SIZE, "boot info fits a page");


static uint32_t pfn_va(uint32_t pfn)
{
	return VMI_KERNEL_BASE + (pfn << VMI_PAGE_SHIFT);
}

static uint32_t pages_for(uint32_t bytes)
{
	return (bytes + VMI_PAGE_SIZE - 1) >> VMI_PAGE_SHIFT;
}

/* ---- options ---- */

/* A decimal of at most 9 digits (no overflow possible) in [min, max]. */
static int parse_uint(const char *s, uint32_t len, uint32_t min, uint32_t max,
		      uint32_t *out)
{
	uint32_t v = 0;

	if (len == 0 || len > 9)
		return -1;
	for (uint32_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint32_t)(s[i] - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* A name shows up in logs and console prefixes: printable, no spaces. */
static int set_name(struct domain *d, const char *s, uint32_t len)
{
	if (len == 0 || len >= sizeof d->name)
		return -1;
	for (uint32_t i = 0; i < len; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return -1;
	memcpy(d->name, s, len);
	d->name[len] = 0;
	return 0;
}

/* One word of the command line.  Every word is key=value: others (a lone
 * word, such as the "dom" of an unquoted "name=my dom") are refused; a key
 * that is not ours is the guest's, left in the line it reads. */
static int parse_option(struct domain *d, const char *w, uint32_t len, uint32_t *mem_mb,
			char *why)
{
	uint32_t v;
	int shown = len > 40 ? 40 : (int)len;

	if (len >= 5 && strncmp(w, "name=", 5) == 0) {
		if (set_name(d, w + 5, len - 5))
			goto bad;
	} else if (len >= 4 && strncmp(w, "mem=", 4) == 0) {
		if (parse_uint(w + 4, len - 4, MEM_MIN_MB, MEM_MAX_MB, mem_mb))
			goto bad;
	} else if (len >= 7 && strncmp(w, "weight=", 7) == 0) {
		if (parse_uint(w + 7, len - 7, 1, 10000, &v))
			goto bad;
		d->weight = v;
	} else if (len >= 5 && strncmp(w, "warp=", 5) == 0) {
		if (parse_uint(w + 5, len - 5, 0, 10000000, &v))
			goto bad;
		d->warp_ns = (uint64_t)v * 1000;
	} else if (len == 4 && strncmp(w, "dom0", 4) == 0) {
		d->dom0_opt = 1;            /* the privileged domain (domctl.c) */
	} else if (len >= 4 && strncmp(w, "vbd=", 4) == 0) {
		return vbd_option(d, w + 4, len - 4, why, REASON_MAX); /* a block device (vbd.c) */
	} else if ((len >= 3 && strncmp(w, "ip=", 3) == 0) || (len >= 4 && strncmp(w, "mac=", 4) == 0)) {
		return net_option(d, w, len, why, REASON_MAX);   /* its VIF (vif.c) */
	} else {
		uint32_t eq = 0;

		while (eq < len && w[eq] != '=')
			eq++;
		if (eq == 0 || eq == len)
			goto bad;
	}
	return 0;
bad:
	snprintf(why, REASON_MAX, "bad option '%.*s' (key=value words; name=<1-31 printable> "
		 "mem=%u-%u weight=1-10000 warp=<us>)", shown, w,
		 MEM_MIN_MB, MEM_MAX_MB);
	return -1;
}

static int parse_options(struct domain *d, const char *s, uint32_t *mem_mb, char *why)
{
	*mem_mb = HV_DEFAULT_MEM_MB;
	d->weight = 1;
	d->warp_ns = 0;
	while (s && *s) {
		while (*s == ' ' || *s == '\t')
			s++;
		const char *w = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (s > w && parse_option(d, w, (uint32_t)(s - w), mem_mb, why))
			return -1;
	}
	return 0;
}

/* ---- layout ---- */

/* Place the boot structures and the ramdisk for an initial map of
 * mapped_pages (the L1s that map it are among the structures). */
static void place(const struct elf_image *elf, uint32_t rd_len, struct layout *l)
{
	l->image_pages = pages_for(elf->end - VMI_KERNEL_BASE);
	l->bi_pfn = l->image_pages;
	l->p2m_pfn = l->bi_pfn + 1;
	l->p2m_pages = pages_for(l->nr_pages * 4);
	l->l2_pfn = l->p2m_pfn + l->p2m_pages;
	l->l1_pfn = l->l2_pfn + 1;
	l->nr_l1 = (l->mapped_pages + PTES_PER_TABLE - 1) / PTES_PER_TABLE;
	l->stack_pfn = l->l1_pfn + l->nr_l1;
	l->rd_pfn = l->stack_pfn + BOOT_STACK_PAGES;
	l->rd_pages = pages_for(rd_len);
	l->first_free_pfn = l->rd_pfn + l->rd_pages;
}

/*
 * The initial map covers 16 MiB, as native's does, unless the image, the
 * boot structures and the ramdisk leave less than BOOT_SPARE_PAGES of it
 * free: then it grows (a whole L1 at a time, up to the domain's memory)
 * until they do - a big ramdisk (dom0's, which carries other domains'
 * images in /boot) needs no hand-kept limit.  Growing adds L1s, which
 * moves the ramdisk, so place again until it settles (twice at most).
 */
static int plan_layout(const struct elf_image *elf, uint32_t mem_mb, uint32_t rd_len,
		       struct layout *l, char *why)
{
	memset(l, 0, sizeof *l);
	l->nr_pages = mem_mb << (20 - VMI_PAGE_SHIFT);
	l->mapped_pages = l->nr_pages < MAX_MAPPED_PAGES ? l->nr_pages : MAX_MAPPED_PAGES;
	place(elf, rd_len, l);
	while (l->first_free_pfn + BOOT_SPARE_PAGES > l->mapped_pages &&
	       l->mapped_pages < l->nr_pages) {
		uint32_t want = l->first_free_pfn + BOOT_SPARE_PAGES + 1;
		want = (want + PTES_PER_TABLE - 1) / PTES_PER_TABLE * PTES_PER_TABLE;
		l->mapped_pages = want < l->nr_pages ? want : l->nr_pages;
		place(elf, rd_len, l);
	}
	/* elf_check bounded the image by the domain's memory and boot.c the
	 * ramdisk by the hypervisor's 16 MiB, so no sum wraps. */
	if (rd_len && l->first_free_pfn > l->mapped_pages) {
		snprintf(why, REASON_MAX, "ramdisk of %u bytes does not fit: %u pages "
			 "needed, %u mapped at boot", rd_len, l->first_free_pfn,
			 l->mapped_pages);
		return -1;
	}
	if (l->first_free_pfn > l->mapped_pages) {
		snprintf(why, REASON_MAX, "image and boot structures need %u pages, more "
			 "than the %u mapped at boot", l->first_free_pfn, l->mapped_pages);
		return -1;
	}
	return 0;
}

static int is_table_pfn(const struct layout *l, uint32_t pfn)
{
	return pfn >= l->l2_pfn && pfn < l->l1_pfn + l->nr_l1;
}

/* ---- writing into the domain ---- */

/* Write len bytes from src (zeros if src is NULL) at pseudo-physical pa. */
static void write_phys(struct domain *d, uint32_t pa, const void *src, uint32_t len)
{
	const uint8_t *s = src;

	while (len) {
		uint32_t off = pa & (VMI_PAGE_SIZE - 1);
		uint32_t chunk = VMI_PAGE_SIZE - off < len ? VMI_PAGE_SIZE - off : len;
		uint8_t *p = map_domain_page(d->mfns[pa >> VMI_PAGE_SHIFT]);

		if (s)
			memcpy(p + off, s, chunk);
		else
			memset(p + off, 0, chunk);
		unmap_domain_page(p);
		pa += chunk;
		len -= chunk;
		if (s)
			s += chunk;
	}
}

/* len bytes from machine address mpa (a boot module nothing maps) to
 * d's pseudo-physical pa, a source page at a time. */
static void copy_machine(struct domain *d, uint32_t pa, uint32_t mpa, uint32_t len)
{
	while (len) {
		uint32_t off = mpa & (VMI_PAGE_SIZE - 1);
		uint32_t chunk = VMI_PAGE_SIZE - off < len ? VMI_PAGE_SIZE - off : len;
		const uint8_t *src = map_domain_page(mpa >> VMI_PAGE_SHIFT);

		write_phys(d, pa, src + off, chunk);
		unmap_domain_page((void *)src);
		pa += chunk;
		mpa += chunk;
		len -= chunk;
	}
}

/* Everything below the ramdisk starts zeroed - gaps between segments,
 * .bss and the boot structures.  frames.c scrubs new frames too; zeroing the
 * few hundred frames here keeps the promise to the guest local.  The
 * ramdisk's frames (and the tail of its last one) are left to the scrub,
 * so that a ramdisk copied in before this (domain_create.c) stays. */
static void load_image(struct domain *d, const uint8_t *image, const struct elf_image *elf,
		       const struct layout *l)
{
	write_phys(d, 0, NULL, l->rd_pfn << VMI_PAGE_SHIFT);
	for (uint32_t i = 0; i < elf->nr_loads; i++) {
		const struct elf_segment *s = &elf->load[i];
		uint32_t pa = s->vaddr - VMI_KERNEL_BASE;

		write_phys(d, pa, image + s->offset, s->filesz);
		write_phys(d, pa + s->filesz, NULL, s->memsz - s->filesz);
	}
}

/* The ramdisk as the guest's one boot module, described as natively. */
static void fill_module(struct vmi_boot_info *bi, const struct layout *l,
			const struct hv_ramdisk *rd)
{
	struct vmi_module *m = &bi->modules[0];

	bi->nr_modules = 1;
	m->paddr = l->rd_pfn << VMI_PAGE_SHIFT;
	m->len = rd->len;
	strncpy(m->cmdline, rd->cmdline ? rd->cmdline : "", sizeof m->cmdline - 1);
	m->cmdline[sizeof m->cmdline - 1] = 0;
}

static void fill_boot_info(struct vmi_boot_info *bi, const struct domain *d,
			   const struct layout *l, const char *cmdline)
{
	bi->magic = VMI_BOOT_INFO_MAGIC;
	bi->abi_version = VMI_ABI_VERSION;
	bi->nr_pages = l->nr_pages;
	bi->first_free_pfn = l->first_free_pfn;
	bi->mapped_pages = l->mapped_pages;
	bi->pt_base_pfn = l->l2_pfn;
	bi->hv_start = VMI_HV_START;
	bi->seg_limit = PVHV_SEG_LIMIT;
	bi->kernel_cs = PVHV_KERNEL_CS;
	bi->kernel_ds = PVHV_KERNEL_DS;
	bi->user_cs = PVHV_USER_CS;
	bi->user_ds = PVHV_USER_DS;
	bi->tls_gdt_first = PVHV_TLS_FIRST;
	bi->tls_gdt_count = PVHV_TLS_COUNT;
	bi->p2m = (const uint32_t *)pfn_va(l->p2m_pfn);
	bi->nr_mem_ranges = 1;
	bi->mem[0] = (struct vmi_mem_range){ 0, d->nr_pages, VMI_MEM_USABLE };
	bi->nr_modules = 0;
	strncpy(bi->cmdline, cmdline ? cmdline : "", VMI_CMDLINE_MAX - 1);
	bi->cmdline[VMI_CMDLINE_MAX - 1] = 0;
	net_boot_cmdline(d, bi->cmdline, VMI_CMDLINE_MAX);
}

static void write_boot_info(struct domain *d, const struct layout *l, const char *cmdline,
			    const struct hv_ramdisk *rd)
{
	struct vmi_boot_info *bi = map_domain_page(d->mfns[l->bi_pfn]);

	memset(bi, 0, VMI_PAGE_SIZE);
	fill_boot_info(bi, d, l, cmdline);
	if (rd)
		fill_module(bi, l, rd);
	unmap_domain_page(bi);
	write_phys(d, l->p2m_pfn << VMI_PAGE_SHIFT, d->mfns, l->nr_pages * 4);
}

/* ---- the initial address space ---- */

/* L1 number i maps pfns [i * 1024, i * 1024 + 1024) below mapped_pages. */
static void fill_l1(struct domain *d, const struct layout *l, uint32_t i)
{
	uint32_t *t = map_domain_page(d->mfns[l->l1_pfn + i]);

	for (uint32_t j = 0; j < PTES_PER_TABLE; j++) {
		uint32_t pfn = i * PTES_PER_TABLE + j;

		if (pfn >= l->mapped_pages)
			t[j] = 0;
		else
			t[j] = (d->mfns[pfn] << VMI_PAGE_SHIFT) | VMI_PTE_P |
			       (is_table_pfn(l, pfn) ? 0 : VMI_PTE_W);
	}
	unmap_domain_page(t);
}

/* Fill the tables, then pin: L1s first, as an L2 may only refer to pinned
 * L1s; pinning the L2 also installs the hypervisor's slots. */
static int build_page_tables(struct domain *d, const struct layout *l, char *why)
{
	uint32_t *l2 = map_domain_page(d->mfns[l->l2_pfn]);
	int rc = 0;

	memset(l2, 0, VMI_PAGE_SIZE);
	for (uint32_t i = 0; i < l->nr_l1; i++)
		l2[KERNEL_L2_SLOT + i] = (d->mfns[l->l1_pfn + i] << VMI_PAGE_SHIFT) |
					 VMI_PTE_P | VMI_PTE_W;
	unmap_domain_page(l2);
	for (uint32_t i = 0; i < l->nr_l1; i++)
		fill_l1(d, l, i);
	for (uint32_t i = 0; rc == 0 && i < l->nr_l1; i++)
		rc = mm_pin(d, d->mfns[l->l1_pfn + i], 1);
	if (rc == 0)
		rc = mm_pin(d, d->mfns[l->l2_pfn], 2);
	if (rc) {
		snprintf(why, REASON_MAX, "initial page tables refused by mm_pin (%d)", rc);
		return rc;
	}
	d->cr3_mfn = d->mfns[l->l2_pfn];
	mm_view_select(d);                  /* address spaces: what it runs on */
	return 0;
}

/* ---- processor and shared state ---- */

/* Events masked at entry, as natively: the guest unmasks when it is ready. */
static void init_shared(struct domain *d)
{
	d->shared->magic = PVHV_SHARED_MAGIC;
	d->shared->version = PVHV_SHARED_VERSION;
	d->shared->domid = d->id;
	d->shared->upcall_mask = 1;
	d->shared->isolation = isolation_mode();
	vbd_publish(d);                     /* VBDs its vbd= options made */
}

static void init_regs(struct domain *d, const struct elf_image *elf, const struct layout *l)
{
	struct hv_regs *r = &d->regs;

	memset(r, 0, sizeof *r);
	r->eip = elf->entry;
	r->cs = PVHV_KERNEL_CS;
	r->ss = r->ds = r->es = r->fs = r->gs = PVHV_KERNEL_DS;
	r->eflags = BOOT_EFLAGS;
	r->esp = pfn_va(l->stack_pfn + BOOT_STACK_PAGES);
	r->esi = pfn_va(l->bi_pfn);
}

/* ---- the builder, in steps (build.h) ---- */

void build_reject(struct domain *d, const char *why)
{
	hv_alert("domain %u (%s) rejected: %s", d->id, d->name, why);
	blk_release_domain(d);              /* VBDs its vbd= options made */
	net_release_domain(d);              /* a VIF its ip=/mac= options made */
}

/* A ramdisk larger than the hypervisor's module window is refused. */
static int ramdisk_ok(const struct hv_ramdisk *rd, char *why)
{
	if (rd && !rd->in_hv_memory) {
		snprintf(why, REASON_MAX, "ramdisk not in hypervisor memory");
		return -1;
	}
	return 0;
}

int build_prepare(struct domain *d, const void *image, uint32_t len, const char *cmdline,
		  uint32_t rd_len, struct build_plan *p, char *why)
{
	snprintf(d->name, sizeof d->name, "dom%u", d->id);
	if (parse_options(d, cmdline, &p->mem_mb, why) ||
	    elf_check(image, len, p->mem_mb << 20, &p->elf, why, REASON_MAX) ||
	    plan_layout(&p->elf, p->mem_mb, rd_len, &p->l, why))
		return -VMI_EINVAL;
	return 0;
}

/* The domain's frames, then the hypervisor's own pages for it (P2M copy,
 * slot-1008 L1, shared info) from its heap: a shortage of either is said
 * as such - machine memory for domains, or the hypervisor's own memory.
 * Unscrubbed frames must be scrubbed (mm_scrub_frame) before the domain
 * runs.  -VMI_E* on failure. */
int build_alloc(struct domain *d, const struct build_plan *p, int scrub, char *why)
{
	uint32_t n = p->l.nr_pages, free_frames = mm_free_frames();
	int rc;

	if (n > free_frames) {
		snprintf(why, REASON_MAX, "out of memory for domains: %u pages wanted, %u free",
			 n, free_frames);
		return -VMI_ENOMEM;
	}
	rc = scrub ? mm_alloc_domain_frames(d, n) : mm_take_domain_frames(d, n);
	if (rc == 0)
		rc = mm_domain_init(d);
	if (rc) {
		snprintf(why, REASON_MAX, "hypervisor out of memory: %u KiB of its heap left "
			 "(%d)", mm_heap_free_pages() * 4, rc);
		return rc;
	}
	d->nr_pages = n;
	return 0;
}

uint32_t build_ramdisk_pa(const struct build_plan *p)
{
	return p->l.rd_pfn << VMI_PAGE_SHIFT;
}

/* The image, boot information, tables and registers; the ramdisk's bytes
 * are in place already (rd describes it for the boot information). */
void build_load(struct domain *d, const void *image, const struct build_plan *p,
		const char *cmdline, const struct hv_ramdisk *rd)
{
	load_image(d, image, &p->elf, &p->l);
	write_boot_info(d, &p->l, cmdline, rd);
}

int build_finish(struct domain *d, const struct build_plan *p,
		 const struct hv_ramdisk *rd, char *why)
{
	int rc;

	if ((rc = build_page_tables(d, &p->l, why)) != 0)
		return rc;
	init_shared(d);
	init_regs(d, &p->elf, &p->l);
	hv_log("domain %u (%s): %u MiB, image 0x%x-0x%x, entry 0x%x, ABI %u.%u, "
	       "first free pfn %u", d->id, d->name, p->mem_mb, p->elf.start,
	       p->elf.end, p->elf.entry, p->elf.abi_version >> 16,
	       p->elf.abi_version & 0xFFFF, p->l.first_free_pfn);
	if (rd)
		hv_log("domain %u (%s): ramdisk of %u bytes at pseudo-physical 0x%x",
		       d->id, d->name, rd->len, p->l.rd_pfn << VMI_PAGE_SHIFT);
	return 0;
}

/* ---- the boot-time builder: every step at once ---- */

int domain_build(struct domain *d, const void *image, uint32_t len, const char *cmdline)
{
	return domain_build_with_ramdisk(d, image, len, cmdline, NULL);
}

int domain_build_with_ramdisk(struct domain *d, const void *image, uint32_t len,
			      const char *cmdline, const struct hv_ramdisk *rd)
{
	struct build_plan p;
	char why[REASON_MAX];
	int rc;

	if (build_prepare(d, image, len, cmdline, rd ? rd->len : 0, &p, why) ||
	    ramdisk_ok(rd, why)) {
		build_reject(d, why);
		return -VMI_EINVAL;
	}
	if ((rc = build_alloc(d, &p, 1, why)) != 0)
		goto fail;
	if (rd && rd->data)
		write_phys(d, build_ramdisk_pa(&p), rd->data, rd->len);
	else if (rd)
		copy_machine(d, build_ramdisk_pa(&p), rd->mpa, rd->len);
	build_load(d, image, &p, cmdline, rd);
	if ((rc = build_finish(d, &p, rd, why)) != 0)
		goto fail;
	return 0;
fail:
	build_reject(d, why);
	mm_release_domain(d);
	return rc < 0 ? rc : -VMI_EINVAL;
}
