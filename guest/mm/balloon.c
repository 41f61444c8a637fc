/*
 * balloon.c - the balloon driver: the guest's memory follows the target
 * the privileged domain sets (vmi.spec, group balloon), as Xen's balloon
 * driver does for Linux.
 *
 * Inflating takes free frames from the frame allocator, unmaps them from
 * the direct map (a frame still mapped cannot be given back) and gives
 * them to the hypervisor; deflating takes memory back for such pfns, maps
 * them again and frees them to the allocator.  Which pfns are out is a
 * bitmap in frames of its own.  VIRQ_BALLOON only sets a flag: the work
 * runs from the scheduler loop (events masked, no process running), at
 * most BALLOON_STEP pages a pass so no process waits long, and the flag
 * stays up until the target is reached.  sysinfo (BusyBox free) shows
 * nr_pages minus what is out.  Without VMI_FEAT_BALLOON (natively) the
 * driver does nothing, nor in the deterministic mode (sched=det), where
 * nothing may depend on when an event comes - and where the BusyBox
 * workload must make the same VMI calls on every backend.
 */
#include "kernel.h"
#include "proc/proc.h"
#include "lib/kernel/frames.h"
#include "lib/kernel/event.h"
#include "lib/kernel/pt.h"
#include "lib/klib.h"

#define BALLOON_STEP (4 * VMI_BALLOON_BATCH)   /* pages per pass */
#define BITS_PER_PAGE (VMI_PAGE_SIZE * 8)
#define MAX_PFN ((VMI_HV_START - VMI_KERNEL_BASE) >> VMI_PAGE_SHIFT)

static uint32_t *out_map[(MAX_PFN + BITS_PER_PAGE - 1) / BITS_PER_PAGE];
static uint32_t nr_pfn, nr_out, scan;   /* scan: where deflating looks next */
static volatile int pending;

static int is_out(uint32_t pfn)
{
	return (out_map[pfn / BITS_PER_PAGE][pfn % BITS_PER_PAGE / 32] >> (pfn % 32)) & 1;
}

static void set_out(uint32_t pfn, int out)
{
	uint32_t *w = &out_map[pfn / BITS_PER_PAGE][pfn % BITS_PER_PAGE / 32];

	*w = out ? *w | (1u << (pfn % 32)) : *w & ~(1u << (pfn % 32));
	nr_out += out ? 1 : (uint32_t)-1;
}

uint32_t balloon_pages_out(void)
{
	return nr_out;
}

/* The memory the guest holds: its pseudo-physical pages less those out. */
uint32_t mem_total_pages(void)
{
	return vmi_boot_info()->nr_pages - nr_out;
}

/* Back to the allocator, mapped again (frame_free writes into the frame). */
static void give_back(const uint32_t *pfns, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		if (pt_map(pt_current_l2, (uint32_t)pfn_to_va(pfns[i]), pfns[i],
			   VMI_PTE_P | VMI_PTE_W))
			panic("balloon: cannot map frame %u again", pfns[i]);
		frame_free(pfns[i]);
	}
}

/* Up to n free frames to the hypervisor; how many went. */
static uint32_t inflate(uint32_t n)
{
	uint32_t pfns[VMI_BALLOON_BATCH], got = 0;

	while (got < n && got < VMI_BALLOON_BATCH) {
		uint32_t pfn = frame_try_alloc();

		if (pfn == VMI_INVALID_PFN)
			break;
		pt_unmap(pt_current_l2, (uint32_t)pfn_to_va(pfn));
		pfns[got++] = pfn;
	}
	if (got && vmi_mem_release(pfns, got) != (int)got) {
		give_back(pfns, got);
		return 0;
	}
	for (uint32_t i = 0; i < got; i++)
		set_out(pfns[i], 1);
	return got;
}

/* Up to n pfns that are out get memory again; how many did. */
static uint32_t deflate(uint32_t n)
{
	uint32_t pfns[VMI_BALLOON_BATCH], got = 0;

	for (uint32_t k = 0; k < nr_pfn && got < n && got < VMI_BALLOON_BATCH; k++) {
		scan = (scan + 1) % nr_pfn;
		if (is_out(scan))
			pfns[got++] = scan;
	}
	if (got == 0 || vmi_mem_populate(pfns, got) != (int)got)
		return 0;                /* the hypervisor has no memory now */
	for (uint32_t i = 0; i < got; i++)
		set_out(pfns[i], 0);
	give_back(pfns, got);
	return got;
}

/* One pass toward the target (scheduler loop, events masked); 1 if more
 * passes are needed, so that an idle guest does not halt half-way. */
int balloon_work(void)
{
	uint32_t done = 0, moved = 1;

	if (!pending)
		return 0;
	pending = 0;
	while (moved && done < BALLOON_STEP) {
		int target = vmi_mem_target();
		uint32_t have = nr_pfn - nr_out;

		if (target <= 0 || (uint32_t)target == have)
			return 0;
		moved = (uint32_t)target < have ? inflate(have - (uint32_t)target)
						: deflate((uint32_t)target - have);
		done += moved;
	}
	pending = moved != 0;            /* more to do: next pass */
	return pending;
}

static void balloon_event(unsigned port, struct trap_regs *r)
{
	(void)port;
	(void)r;
	pending = 1;
}

void balloon_init(const struct vmi_boot_info *bi)
{
	int port;

	if (!(vmi_features() & VMI_FEAT_BALLOON) || sched_deterministic())
		return;
	nr_pfn = bi->nr_pages < MAX_PFN ? bi->nr_pages : MAX_PFN;
	for (uint32_t i = 0; i * BITS_PER_PAGE < nr_pfn; i++)
		out_map[i] = pfn_to_va(frame_alloc());
	port = vmi_evtchn_bind_virq(VMI_VIRQ_BALLOON);
	if (port <= 0)
		panic("balloon: cannot bind VIRQ_BALLOON (%d)", port);
	event_set_handler((unsigned)port, balloon_event);
	pending = 1;                     /* a target set before we listened */
}
