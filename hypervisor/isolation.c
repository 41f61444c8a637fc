/*
 * isolation.c - how guest kernels are kept out of the hypervisor's memory,
 * chosen once at boot.
 *
 * Segment limits (Xen's design): the hypervisor is mapped in the top 64
 * MiB of every address space and the guest segments end below it
 * (PVHV_SEG_LIMIT).  Paging cannot keep ring 1 out - rings 0-2 are all
 * "supervisor" - so this holds only where the processor checks
 * data-segment limits: on hardware and KVM, not under QEMU's TCG.
 *
 * Address spaces (lguest's answer), where limits are not enforced: a guest
 * runs on a view of its page tables (d->view_l2, kept by pagetype.c):
 * its own slots 0-1007, slot 1008 (M2P read-only, its shared-info page)
 * and slot 1009 holding the switcher L1, which maps only what the
 * processor must reach to enter the hypervisor - the entry/exit code, the
 * IDT, GDT and TSS (read-only, CR0.WP makes that hold for ring 1) and the
 * one-page trap stack (hv.ld's .switcher) - and, read-only, the pages of
 * the LDT area the current domain's table fills (ldt.c).  Every entry loads the
 * hypervisor's tables (the guest's full L2, as in segment mode) and every
 * way out loads the view again (entry.S); system calls still go straight
 * from ring 3 to the guest kernel through the DPL-3 gate.
 *
 * The mode: the limit probe (gdt.c) decides, unless the hypervisor's
 * command line says isolation=segments or isolation=address-spaces (for
 * tests and make bench).  It is logged, printed on the console as an
 * "hv: " line, and published in every shared-info page.
 */
#include "hv.h"
#include "pc.h"
#include "lib/klib.h"

#define HV_LOAD_OFFSET (HV_IMAGE_BASE - 0x100000u)   /* image: virtual - machine */

/* Read by entry.S before it has switched to the hypervisor's tables. */
uint32_t sw_as_mode HV_SWITCHER_DATA;    /* 1: address-space isolation */
uint32_t sw_hv_cr3 HV_SWITCHER_DATA;     /* the tables the hypervisor runs on */
/* Read by entry.S on the hypervisor's tables. */
uint32_t *sw_view_pa;                    /* &current->view_pa: its view */
static uint32_t cr3_loads_idle;          /* no domain current yet */
uint32_t *sw_cr3_count = &cr3_loads_idle; /* current's shared->cr3_loads */

uint32_t hv_switcher_l2e;
static uint32_t switcher_l1[1024] __attribute__((aligned(4096)));
static uint32_t mode;

extern char __switcher_start[], __switcher_stack[], __switcher_end[], sw_stack_top[];

/* The value of the word "isolation=<value>" in s, or "auto". */
static const char *isolation_option(const char *s, uint32_t *len)
{
	static const char key[] = "isolation=";

	while (*s) {
		const char *w = s;
		while (*s && *s != ' ')
			s++;
		if (strncmp(w, key, sizeof key - 1) == 0) {
			*len = (uint32_t)(s - w) - (sizeof key - 1);
			return w + sizeof key - 1;
		}
		while (*s == ' ')
			s++;
	}
	*len = 4;
	return "auto";
}

static int option_is(const char *v, uint32_t len, const char *want)
{
	return len == strlen(want) && strncmp(v, want, len) == 0;
}

/* The switcher pages at their image addresses: code and tables read-only,
 * the trap stack writable; none for ring 3. */
static void build_switcher_l1(void)
{
	for (uint32_t va = (uint32_t)__switcher_start; va < (uint32_t)__switcher_end;
	     va += VMI_PAGE_SIZE)
		switcher_l1[(va >> VMI_PAGE_SHIFT) & 1023] = (va - HV_LOAD_OFFSET) | VMI_PTE_P |
			(va >= (uint32_t)__switcher_stack ? VMI_PTE_W : 0);
	if ((uint32_t)__switcher_start >> 22 != HV_SWITCHER_SLOT)
		hv_panic("isolation: the switcher is not in L2 slot %u", HV_SWITCHER_SLOT);
	hv_switcher_l2e = ((uint32_t)switcher_l1 - HV_LOAD_OFFSET) | VMI_PTE_P | VMI_PTE_W;
}

static void announce(const char *how)
{
	const char *name = mode == PVHV_ISOLATION_SEGMENTS ? "segment limits" : "address spaces";
	char line[96];

	hv_log("isolation: %s: %s", name, how);
	snprintf(line, sizeof line, "hv: isolation: %s\r\n", name);
	console_hv_line(line);
}

void isolation_init(const char *cmdline)
{
	uint32_t len;
	const char *opt = isolation_option(cmdline ? cmdline : "", &len);
	int enforced = gdt_limits_enforced();
	const char *how = enforced ? "the processor enforces data-segment limits"
				   : "the processor does not enforce data-segment limits, as TCG";

	mode = enforced ? PVHV_ISOLATION_SEGMENTS : PVHV_ISOLATION_ADDRESS_SPACES;
	if (option_is(opt, len, "segments") || option_is(opt, len, "address-spaces")) {
		mode = opt[0] == 's' ? PVHV_ISOLATION_SEGMENTS : PVHV_ISOLATION_ADDRESS_SPACES;
		how = enforced ? "forced by the command line; limits are enforced"
			       : "forced by the command line; limits are NOT enforced";
	} else if (!option_is(opt, len, "auto")) {
		hv_log("isolation: unknown isolation=%.*s ignored (segments, address-spaces, "
		       "auto)", (int)len, opt);
	}
	sw_hv_cr3 = read_cr3();
	if (mode == PVHV_ISOLATION_ADDRESS_SPACES) {
		build_switcher_l1();
		tss_set_trap_stack((uint32_t)sw_stack_top);
		sw_as_mode = 1;
	}
	announce(how);
}

uint32_t isolation_mode(void)
{
	return mode;
}

/* Address-space mode: the first `pages` pages of the LDT area at va (in
 * the image, so in the switcher's L2 slot) are what the views map of it,
 * read-only - the current domain's table, which the processor must reach
 * while the guest runs; the rest of the area, up to `before` pages, is
 * unmapped again, so a domain without a table sees nothing there.  No
 * flush: every way out to a guest loads its view (a full flush). */
void isolation_map_ldt(uint32_t va, uint32_t pages, uint32_t before)
{
	if (mode != PVHV_ISOLATION_ADDRESS_SPACES)
		return;
	for (uint32_t i = 0; i < pages || i < before; i++) {
		uint32_t v = va + i * VMI_PAGE_SIZE;
		switcher_l1[(v >> VMI_PAGE_SHIFT) & 1023] = i < pages ?
			(v - HV_LOAD_OFFSET) | VMI_PTE_P : 0;
	}
}

/* d becomes current: the view of its tables in use (pagetype.c changes
 * it with the base pointer) is what the way out loads, and page-table
 * loads count in its shared page. */
void isolation_switch_to(struct domain *d)
{
	sw_view_pa = &d->view_pa;
	sw_cr3_count = &d->shared->cr3_loads;
}
