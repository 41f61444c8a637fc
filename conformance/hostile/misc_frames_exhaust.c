/*
 * hostile/misc_frames_exhaust - attack: allocate every frame the guest has
 * (first extending its direct map over the frames the boot mapping leaves
 * out, then frame_alloc until frames_free() == 0) and write all of them,
 * beside the victim domain.
 * Containment: the guest's memory is its own and finite: every frame holds
 * what was written to it (no two frames alias), nothing faults, and the
 * domain still works afterwards - hypercalls, events and the console need
 * no guest memory from it - while the victim, whose memory is separate,
 * finishes.
 */
#include "../runtime/test.h"

const char test_title[] = "exhausting its own memory leaves the domain working";

void test_main(void)
{
	uint32_t first = 0, last = 0, n = 0, bad = 0, unmappable = 0;
	int port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);

	CHECK_GT(port, 0);
	test_env("frames free at start %u of %u, mapped %u", frames_free(), test_bi->nr_pages,
	         test_bi->mapped_pages);
	for (uint32_t pfn = test_bi->mapped_pages; pfn < test_bi->nr_pages; pfn++)
		if (!pt_get(pt_current_l2, (uint32_t)pfn_to_va(pfn)) &&
		    pt_map(pt_current_l2, (uint32_t)pfn_to_va(pfn), pfn, VMI_PTE_P | VMI_PTE_W))
			unmappable++;
	CHECK_EQ(unmappable, 0);
	frames_set_limit(test_bi->nr_pages);
	while (frames_free() > 0) {
		uint32_t pfn = frame_alloc();
		uint32_t *p = pfn_to_va(pfn);
		if (!n)
			first = pfn;
		last = pfn;
		n++;
		p[0] = pfn;                      /* first and last word: the pfn */
		p[1023] = ~pfn;
	}
	for (uint32_t pfn = first; pfn <= last; pfn++) {
		const uint32_t *p = pfn_to_va(pfn);
		if (p[0] == pfn && p[1023] == ~pfn)
			continue;
		if (p[0] != 0 || p[1023] != 0)   /* 0: a reserved frame never handed out */
			bad++;
	}
	test_env("allocated %u frames", n);
	CHECK_GT(n, test_bi->nr_pages / 2);
	CHECK_EQ(frames_free(), 0);
	CHECK_EQ(bad, 0);

	printf("afterwards: hypercalls and events still work\n");
	vmi_irq_disable();
	CHECK_RET(vmi_timer_set(vmi_time_ns() + 1000000ull), 0);
	vmi_sched_block();                           /* returns once the timer fired */
	CHECK_EQ(vmi_evtchn_next_pending(), port);
	vmi_irq_enable();
}
