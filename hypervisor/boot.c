/*
 * boot.c - the hypervisor's boot sequence: from multiboot to the first guest.
 *
 * Reads the memory map and the modules, hands the memory above the image
 * and modules (below 16 MiB) to the heap and everything above 16 MiB to
 * domains, builds one domain per module - a bad image is reported and
 * skipped, the rest run on - and starts the scheduler.  A module whose
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

/* First byte after the image and every module: the heap starts there. */
static uint32_t heap_start(const struct mb_info *mb)
{
	uint32_t end = (uint32_t)__hv_end - 0xFC300000u;
	const struct mb_module *m = HV_VA(mb->mods_addr);
	for (uint32_t i = 0; (mb->flags & MB_INFO_MODS) && i < mb->mods_count; i++)
		if (m[i].end > end)
			end = m[i].end;
	return (end + 0xFFF) & ~0xFFFu;
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

static int module_in_hv_memory(const struct mb_module *m)
{
	return m->end > m->start && m->end <= HV_RESERVED_TOP;
}

/* The ramdisk following module i, described in *rd; NULL if there is none. */
static const struct hv_ramdisk *ramdisk_after(const struct mb_info *mb, uint32_t i,
					      struct hv_ramdisk *rd)
{
	const struct mb_module *m = HV_VA(mb->mods_addr);
	if (i + 1 >= mb->mods_count || !is_ramdisk(&m[i + 1]))
		return NULL;
	rd->in_hv_memory = module_in_hv_memory(&m[i + 1]);
	rd->data = HV_VA(m[i + 1].start);
	rd->len = rd->in_hv_memory ? m[i + 1].end - m[i + 1].start : 0;
	rd->cmdline = m[i + 1].string ? HV_VA(m[i + 1].string) : "";
	return rd;
}

/* Domain number n from module i (and the ramdisk after it); 1 if it runs. */
static int build_one(const struct mb_info *mb, uint32_t i, uint32_t n)
{
	const struct mb_module *m = HV_VA(mb->mods_addr);
	struct domain *d = &domains[n];
	struct hv_ramdisk rd;

	memset(d, 0, sizeof *d);
	d->id = (uint16_t)n;
	if (!module_in_hv_memory(&m[i])) {
		hv_alert("domain %u (module %u) rejected: module outside hypervisor memory", n, i);
		return 0;
	}
	if (domain_build_with_ramdisk(d, HV_VA(m[i].start), m[i].end - m[i].start,
				      module_options(m[i].string),
				      ramdisk_after(mb, i, &rd)) == 0) {
		d->state = DOM_RUNNABLE;
		return 1;
	}
	d->state = DOM_FREE;
	return 0;
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
			if (i == 0 || is_ramdisk(&m[i - 1]))
				hv_log("module %u ignored: a ramdisk with no domain module before it", i);
			continue;
		}
		if (n >= HV_MAX_DOMAINS) {
			hv_log("module %u ignored: at most %u domains", i, HV_MAX_DOMAINS);
			continue;
		}
		built += build_one(mb, i, n++);
	}
	domctl_choose_privileged();
	return built;
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
	heap_init(heap_start(mb), HV_RESERVED_TOP);
	mm_init(ram_top_frame(mb));            /* frame table, M2P */
	time_init();                           /* TSC scale, wall clock */
	blk_init();                            /* disks, before vbd= options name them */
	if (build_domains(mb) == 0)
		hv_no_domain();                /* every domain rejected (each said why) */
	blk_boot_domains();                    /* default VBDs, VMI_FEAT_BLOCK */
	pic_unmask(IRQ_PIT);                   /* timers and preemption */
	pic_unmask(IRQ_COM1);                  /* console input */
	sched_init();
	sched_run();                           /* never returns */
}
