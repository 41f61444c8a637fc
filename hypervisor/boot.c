/*
 * boot.c - the hypervisor's boot sequence: from multiboot to the first guest.
 *
 * Reads the memory map and the modules, puts the frame table and M2P at
 * the top of memory, moves the modules above 16 MiB, hands the memory
 * above the image and boot information (below 16 MiB) to the heap and the
 * rest to domains, builds one domain per module - a bad image is reported
 * and skipped, the rest run on; every module is freed once used - and
 * starts the scheduler.  A module whose
 * options hold the word "initrd" is no domain but the ramdisk of the domain
 * module before it.
 */
#include "hv.h"
#include "pc.h"
#include "drivers/multiboot.h"
#include "lib/klib.h"



extern char __hv_end[];
void hv_main(uint32_t magic, uint32_t mbi_pa);

/* The end of the usable RAM that holds the hypervisor (1 MiB), in frames. */
static uint32_t ram_top_frame(const struct mb_info *mb)
{
	uint32_t off = 0, top = 0;
	if (!(mb->flags & MB_INFO_MMAP))
		return (0x100000 + mb->mem_upper * 1024) >> 12;
	while (off < mb->mmap_length) {
		const struct mb_mmap *e = HV_VA(mb->mmap_addr + off);
		off += e->size + 4;
		if (e->type == 1 && e->base <= 0x100000 && e->base + e->len > 0x100000)
			top = (uint32_t)((e->base + e->len > 0xFFFFF000ull ?
					  0xFFFFF000ull : e->base + e->len) >> 12);
	}
	return top;
}

static uint32_t page_up(uint32_t x)
{
	return (x + VMI_PAGE_SIZE - 1) & ~(VMI_PAGE_SIZE - 1);
}

static uint32_t end_of_string(uint32_t pa)
{
	return pa ? pa + strlen(HV_VA(pa)) + 1 : 0;
}

static uint32_t max_u32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

/* First byte after the image and the boot information the hypervisor
 * still reads (module list, strings): the heap starts there.  The modules
 * themselves are no obstacle: move_modules took them out of the way. */
static uint32_t heap_start(const struct mb_info *mb)
{
	uint32_t end = (uint32_t)__hv_end - 0xFC300000u;
	const struct mb_module *m = HV_VA(mb->mods_addr);

	if (mb->flags & MB_INFO_CMD)
		end = max_u32(end, end_of_string(mb->cmdline));
	if (mb->flags & MB_INFO_MODS) {
		end = max_u32(end, mb->mods_addr + mb->mods_count * sizeof *m);
		for (uint32_t i = 0; i < mb->mods_count; i++)
			end = max_u32(end, end_of_string(m[i].string));
	}
	return page_up(end);
}

static uint32_t module_pages(const struct mb_module *m)
{
	return m->end > m->start ? (page_up(m->end) - (m->start & ~0xFFFu)) >> 12 : 0;
}

/* Copy len bytes from machine address src to dst, a page at a time
 * through the windows (neither need be in the direct map). */
static void copy_machine(uint32_t dst, uint32_t src, uint32_t len)
{
	for (uint32_t done = 0; done < len; done += VMI_PAGE_SIZE) {
		uint8_t *to = map_domain_page((dst + done) >> 12);
		const uint8_t *from = map_domain_page((src + done) >> 12);

		memcpy(to, from, len - done < VMI_PAGE_SIZE ? len - done : VMI_PAGE_SIZE);
		unmap_domain_page((void *)from);
		unmap_domain_page(to);
	}
}

/*
 * Every boot module ends up above the direct map, reserved until its
 * domain is built (build_one frees it): the loader puts them right after
 * the image, where many of them would leave the hypervisor no heap.  Those
 * below HV_RESERVED_TOP are copied to the first frames above every module;
 * the module list is updated to say where they are now.
 */
static void move_modules(const struct mb_info *mb)
{
	struct mb_module *m = HV_VA(mb->mods_addr);
	uint32_t to = HV_RESERVED_TOP;

	for (uint32_t i = 0; (mb->flags & MB_INFO_MODS) && i < mb->mods_count; i++)
		to = max_u32(to, page_up(m[i].end));
	for (uint32_t i = 0; (mb->flags & MB_INFO_MODS) && i < mb->mods_count; i++) {
		uint32_t len = m[i].end > m[i].start ? m[i].end - m[i].start : 0;

		if (m[i].start < HV_RESERVED_TOP && len) {
			mm_reserve_frames(to >> 12, module_pages(&(struct mb_module){
				.start = to, .end = to + len }));
			copy_machine(to, m[i].start, len);
			m[i].start = to;
			m[i].end = to + len;
			to = page_up(m[i].end);
		} else if (len) {
			mm_reserve_frames(m[i].start >> 12, module_pages(&m[i]));
		}
	}
}

/* A module's frames are free for domains once it has been used. */
static void free_module(const struct mb_module *m)
{
	if (m->end > m->start)
		mm_release_frames(m->start >> 12, module_pages(m));
}

/* Map module m at va (a fixed window of max bytes); NULL if it is larger. */
static const void *map_module(const struct mb_module *m, uint32_t va, uint32_t max)
{
	if (m->end - m->start > max - (m->start & 0xFFFu))
		return NULL;
	mm_map_fixed(va, m->start >> 12, module_pages(m));
	return (const uint8_t *)va + (m->start & 0xFFFu);
}

/* QEMU passes "path options..." as a module's string: keep the options. */
static const char *module_options(uint32_t string_pa)
{
	const char *s = string_pa ? HV_VA(string_pa) : "";
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

/* Does the options string S hold the word W? */
static int has_word(const char *s, const char *w)
{
	uint32_t n = strlen(w);
	while (*s) {
		const char *start = s;
		while (*s && *s != ' ')
			s++;
		if ((uint32_t)(s - start) == n && strncmp(start, w, n) == 0)
			return 1;
		while (*s == ' ')
			s++;
	}
	return 0;
}

/* A module marked "initrd" is no domain: it is the ramdisk of the domain
 * module just before it (the guest finds it as its boot module). */
static int is_ramdisk(const struct mb_module *m)
{
	return has_word(module_options(m->string), "initrd");
}

/* The ramdisk following module i, mapped, described in *rd; NULL if
 * there is none. */
static const struct hv_ramdisk *ramdisk_after(const struct mb_info *mb, uint32_t i,
					      struct hv_ramdisk *rd)
{
	const struct mb_module *m = HV_VA(mb->mods_addr);
	if (i + 1 >= mb->mods_count || !is_ramdisk(&m[i + 1]))
		return NULL;
	/* Not mapped whole: the builder copies it a page at a time through
	 * the mapping windows, so its size is bounded by the domain only. */
	rd->data = NULL;
	rd->mpa = m[i + 1].start;
	rd->in_hv_memory = 1;
	rd->len = m[i + 1].end - m[i + 1].start;
	rd->cmdline = m[i + 1].string ? HV_VA(m[i + 1].string) : "";
	return rd;
}

/* Domain number n from module i (and the ramdisk after it); 1 if it runs.
 * Either way its modules are freed: a domain never needs them again. */
static int build_one(const struct mb_info *mb, uint32_t i, uint32_t n)
{
	const struct mb_module *m = HV_VA(mb->mods_addr);
	struct domain *d = &domains[n];
	struct hv_ramdisk rd;
	const void *image = map_module(&m[i], HV_MODULE_VA, HV_MODULE_MAX);
	const struct hv_ramdisk *r = ramdisk_after(mb, i, &rd);
	int ok;

	memset(d, 0, sizeof *d);
	d->id = (uint16_t)n;
	if (!image) {
		hv_alert("domain %u (module %u) rejected: image larger than %u MiB", n, i,
			 HV_MODULE_MAX >> 20);
		ok = 0;
	} else {
		ok = domain_build_with_ramdisk(d, image, m[i].end - m[i].start,
					       module_options(m[i].string), r) == 0;
	}
	if (ok)
		sched_add_domain(d);
	mm_map_fixed(HV_MODULE_VA, 0, HV_MODULE_MAX >> 12);
	free_module(&m[i]);
	if (r)
		free_module(&m[i + 1]);
	return ok;
}

/* One domain per module, numbered in order, except ramdisks: those belong
 * to the domain module before them. */
static int build_domains(const struct mb_info *mb)
{
	const struct mb_module *m = HV_VA(mb->mods_addr);
	uint32_t n = 0;
	int built = 0;
	for (uint32_t i = 0; (mb->flags & MB_INFO_MODS) && i < mb->mods_count; i++) {
		if (is_ramdisk(&m[i])) {
			if (i == 0 || is_ramdisk(&m[i - 1])) {
				hv_log("module %u ignored: a ramdisk with no domain module before it", i);
				free_module(&m[i]);
			}
			continue;
		}
		if (n >= HV_MAX_DOMAINS) {
			hv_log("module %u ignored: at most %u domains", i, HV_MAX_DOMAINS);
			free_module(&m[i]);
			if (i + 1 < mb->mods_count && is_ramdisk(&m[i + 1]))
				free_module(&m[i + 1]);
			continue;
		}
		built += build_one(mb, i, n++);
	}
	domctl_choose_privileged();
	return built;
}

/* What the hypervisor keeps per domain: its heap pages (tables, P2M,
 * views; measured over the build) and its share of the static tables. */
static void report_memory(int built, uint32_t heap_before)
{
	uint32_t heap_used = (heap_before - mm_heap_free_pages()) * 4;

	hv_log("memory: %d domains built; hypervisor heap %u KiB for them (%u KiB each), "
	       "%u KiB left; static state %u bytes a domain slot (%u slots)",
	       built, heap_used, built ? heap_used / (uint32_t)built : 0,
	       mm_heap_free_pages() * 4, (uint32_t)sizeof(struct domain), HV_MAX_DOMAINS);
}

void hv_main(uint32_t magic, uint32_t mbi_pa)
{
	const struct mb_info *mb = HV_VA(mbi_pa);
	console_init();                        /* COM1 for guests, COM2 for the log */
	hv_log("pvhv hypervisor, VMI ABI %u.%u", VMI_ABI_MAJOR, VMI_ABI_MINOR);
	if (magic != MB_BOOT_MAGIC)
		hv_panic("not started by a multiboot loader");
	fpu_init();                            /* FPU and SSE usable, switched lazily */
	gdt_init();                            /* ring 0/1/3 segments, TSS */
	idt_init();                            /* every vector to a stub; 0x82 at DPL 1 */
	isolation_init(mb->flags & MB_INFO_CMD ? HV_VA(mb->cmdline) : ""); /* limits or address spaces */
	hypercall_check_table();               /* no holes in the dispatch table */
	pic_init(VEC_IRQ_BASE);                /* IRQs to 0x20-0x2F, all masked */
	mm_init(ram_top_frame(mb));            /* frame table, M2P: top of memory */
	move_modules(mb);                      /* out of the heap's way */
	heap_init(heap_start(mb), HV_RESERVED_TOP);
	time_init();                           /* TSC scale, wall clock */
	blk_init();                            /* disks, before vbd= options name them */
	net_init();                            /* the NIC the VFR switches to */
	uint32_t heap_before = mm_heap_free_pages();
	int built = build_domains(mb);
	report_memory(built, heap_before);
	if (built == 0)
		hv_no_domain();                /* every domain rejected (each said why) */
	blk_boot_domains();                    /* default VBDs, VMI_FEAT_BLOCK */
	pic_unmask(IRQ_PIT);                   /* timers and preemption */
	pic_unmask(IRQ_COM1);                  /* console input */
	sched_init();
	sched_run();                           /* never returns */
}
