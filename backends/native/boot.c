/*
 * boot.c - from multiboot to guest_main: the native backend's boot sequence.
 *
 * Turns the multiboot information into struct vmi_boot_info (memory size and
 * map, modules, command line, selectors), sets up the CPU tables, devices and
 * bookkeeping, and calls the guest with events masked (as pvhv does).
 * Boot-time memory comes from a bump allocator placed after the image and
 * the modules, inside the boot map the stub made (boot_map.h).
 */
#include "native.h"
#include "boot_map.h"
#include "drivers/multiboot.h"
#include "drivers/uart16550.h"
#include "drivers/x86.h"
#include <stddef.h>

#define MAX_PAGES ((VMI_HV_START - VMI_KERNEL_BASE) >> VMI_PAGE_SHIFT)


extern char __image_end[];
extern uint32_t boot_l2[];
void guest_main(const struct vmi_boot_info *bi);

struct vmi_boot_info native_bi;
static uint32_t boot_next;          /* physical address of the next free byte */

static void *phys_to_virt(uint32_t pa) { return (void *)(pa + VMI_KERNEL_BASE); }

static void copy_str(char *dst, uint32_t src_pa, uint32_t size)
{
	const char *s = phys_to_virt(src_pa);
	uint32_t i;
	for (i = 0; i + 1 < size && s[i]; i++)
		dst[i] = s[i];
	dst[i] = 0;
}

/* Zeroed, page-aligned boot memory inside the boot mapping. */
void *boot_alloc(uint32_t bytes)
{
	uint32_t pa = (boot_next + 0xFFF) & ~0xFFFu;
	uint8_t *p = phys_to_virt(pa);
	if (pa + bytes > BOOT_MAPPED_PAGES * VMI_PAGE_SIZE) {
		native_log("native: boot memory exhausted\n");
		native_crash();
	}
	for (uint32_t i = 0; i < bytes; i++)
		p[i] = 0;
	boot_next = pa + bytes;
	return p;
}

static void add_range(uint32_t start, uint32_t end, uint32_t type)
{
	struct vmi_boot_info *bi = &native_bi;
	if (end <= start || bi->nr_mem_ranges == VMI_MAX_MEM_RANGES)
		return;
	bi->mem[bi->nr_mem_ranges++] = (struct vmi_mem_range){ start, end - start, type };
}

/* Usable frames are whole pages inside type-1 regions; the rest is reserved. */
static void parse_memory(const struct mb_info *mb)
{
	uint32_t ustart[VMI_MAX_MEM_RANGES], uend[VMI_MAX_MEM_RANGES], n = 0, top = 0;
	uint32_t off = 0;
	while ((mb->flags & MB_INFO_MMAP) && off < mb->mmap_length && n < VMI_MAX_MEM_RANGES) {
		const struct mb_mmap *e = phys_to_virt(mb->mmap_addr + off);
		off += e->size + 4;
		if (e->type != 1 || e->base >= 0x100000000ull)
			continue;
		uint64_t end = e->base + e->len;
		ustart[n] = (uint32_t)((e->base + 0xFFF) >> 12);
		uend[n] = (uint32_t)((end > 0x100000000ull ? 0x100000000ull : end) >> 12);
		if (uend[n] > top)
			top = uend[n];
		n++;
	}
	if (n == 0) {                   /* no map: mem_lower/mem_upper (KiB) */
		ustart[0] = 0; uend[0] = mb->mem_lower >> 2;
		ustart[1] = 0x100; uend[1] = 0x100 + (mb->mem_upper >> 2);
		n = 2; top = uend[1];
	}
	if (top > MAX_PAGES)
		top = MAX_PAGES;
	native_bi.nr_pages = top;
	uint32_t cur = 0;               /* regions come sorted from QEMU/BIOS */
	for (uint32_t i = 0; i < n && cur < top; i++) {
		uint32_t s = ustart[i] < cur ? cur : ustart[i], e = uend[i] > top ? top : uend[i];
		add_range(cur, s, VMI_MEM_RESERVED);
		add_range(s, e, VMI_MEM_USABLE);
		if (e > cur)
			cur = e;
	}
	add_range(cur, top, VMI_MEM_RESERVED);
}

static void parse_modules(const struct mb_info *mb)
{
	const struct mb_module *m = phys_to_virt(mb->mods_addr);
	for (uint32_t i = 0; (mb->flags & MB_INFO_MODS) && i < mb->mods_count; i++) {
		if (m[i].end > boot_next)
			boot_next = m[i].end;
		if (i >= VMI_MAX_MODULES)
			continue;
		struct vmi_module *v = &native_bi.modules[native_bi.nr_modules++];
		v->paddr = m[i].start;
		v->len = m[i].end - m[i].start;
		if (m[i].string)
			copy_str(v->cmdline, m[i].string, sizeof v->cmdline);
	}
}

/* The P2M is the identity natively: pseudo-physical == machine. */
static void build_p2m(void)
{
	uint32_t *p2m = boot_alloc(native_bi.nr_pages * 4);
	for (uint32_t i = 0; i < native_bi.nr_pages; i++)
		p2m[i] = i;
	native_bi.p2m = p2m;
}

static void fill_fixed_fields(void)
{
	struct vmi_boot_info *bi = &native_bi;
	bi->magic = VMI_BOOT_INFO_MAGIC;
	bi->abi_version = VMI_ABI_VERSION;
	bi->hv_start = VMI_HV_START;
	bi->seg_limit = 0xFFFFFFFFu;    /* flat 4 GiB segments natively */
	bi->kernel_cs = GDT_KERNEL_CS;
	bi->kernel_ds = GDT_KERNEL_DS;
	bi->user_cs = GDT_USER_CS;
	bi->user_ds = GDT_USER_DS;
	bi->tls_gdt_first = GDT_TLS_FIRST;
	bi->tls_gdt_count = GDT_TLS_COUNT;
	bi->pt_base_pfn = ((uint32_t)boot_l2 - VMI_KERNEL_BASE) >> VMI_PAGE_SHIFT;
}

void native_main(uint32_t magic, uint32_t mbi_paddr)
{
	const struct mb_info *mb = phys_to_virt(mbi_paddr);
	uart_init();                                /* the console, for errors too */
	if (magic != MB_BOOT_MAGIC) {
		native_log("native: not started by a multiboot loader\n");
		native_crash();
	}
	cpu_init();                                 /* FPU and SSE usable */
	gdt_init();                                 /* flat segments, TSS, TLS slots */
	idt_init();                                 /* default handlers, IRQ stubs */
	pic_init(VEC_IRQ_BASE);                     /* IRQs 0-15 -> 0x20-0x2F, masked */
	fill_fixed_fields();
	boot_next = (uint32_t)__image_end - VMI_KERNEL_BASE;
	if (mb->flags & MB_INFO_CMD)
		copy_str(native_bi.cmdline, mb->cmdline, VMI_CMDLINE_MAX);
	parse_modules(mb);                          /* also moves boot_next past them */
	parse_memory(mb);                           /* nr_pages and the memory map */
	native_bi.mapped_pages = native_bi.nr_pages < BOOT_MAPPED_PAGES ?
				 native_bi.nr_pages : BOOT_MAPPED_PAGES;
	mmu_init(native_bi.pt_base_pfn, BOOT_L1_COUNT, native_bi.mapped_pages);
	build_p2m();
	block_init();                               /* PCI scan: virtio disks */
	net_init();                                 /* and virtio NICs */
	native_bi.first_free_pfn = (boot_next + 0xFFF) >> VMI_PAGE_SHIFT;
	time_init();                                /* TSC vs PIT, RTC wall clock */
	pic_unmask(IRQ_PIT);                        /* timer events */
	pic_unmask(IRQ_COM1);                       /* console input events */
	guest_main(&native_bi);                     /* events masked on entry */
	native_log("native: guest_main returned\n");
	native_crash();
}
