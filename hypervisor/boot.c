/*
 * boot.c - the hypervisor's boot sequence: from multiboot to the first guest.
 *
 * Reads the memory map and the modules, hands the memory above the image
 * and modules (below 16 MiB) to the heap and everything above 16 MiB to
 * domains, builds one domain per module - a bad image is reported and
 * skipped, the rest run on - and starts the scheduler.
 */
#include "hv.h"
#include "../guest/lib/klib.h"
#include "../backends/native/native.h"

#define MB_BOOT_MAGIC 0x2BADB002u
#define MB_INFO_MODS  (1u << 3)
#define MB_INFO_MMAP  (1u << 6)

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr, syms[4], mmap_length, mmap_addr;
};
struct mb_module { uint32_t start, end, string, reserved; };
struct mb_mmap { uint32_t size; uint64_t base, len; uint32_t type; } __attribute__((packed));

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

static int build_domains(const struct mb_info *mb)
{
	const struct mb_module *m = HV_VA(mb->mods_addr);
	int built = 0;
	for (uint32_t i = 0; (mb->flags & MB_INFO_MODS) && i < mb->mods_count; i++) {
		struct domain *d = &domains[i];
		if (i >= HV_MAX_DOMAINS) {
			hv_log("module %u ignored: at most %u domains", i, HV_MAX_DOMAINS);
			continue;
		}
		memset(d, 0, sizeof *d);
		d->id = (uint16_t)i;
		if (m[i].end <= m[i].start || m[i].end > HV_RESERVED_TOP) {
			hv_log("domain %u (module %u) rejected: module outside hypervisor memory", i, i);
			continue;
		}
		if (domain_build(d, HV_VA(m[i].start), m[i].end - m[i].start,
				 module_options(m[i].string)) == 0) {
			d->state = DOM_RUNNABLE;
			built++;
		} else {
			d->state = DOM_FREE;
		}
	}
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
	hypercall_check_table();               /* no holes in the dispatch table */
	pic_init();                            /* IRQs to 0x20-0x2F, all masked */
	heap_init(heap_start(mb), HV_RESERVED_TOP);
	mm_init(ram_top_frame(mb));            /* frame table, M2P */
	time_init();                           /* TSC scale, wall clock */
	if (build_domains(mb) == 0) {
		hv_log("no domain to run");
		hv_exit(VMI_EXIT_CRASH);
	}
	pic_unmask(IRQ_PIT);                   /* timers and preemption */
	pic_unmask(IRQ_COM1);                  /* console input */
	sched_init();
	sched_run();                           /* never returns */
}
