/*
 * system/hot_calls - the spec's promise that "hot" calls never trap into a
 * hypervisor (vmi.spec, hot: yes), checked on pvhv: each hot call is made
 * many times while the domain's hypercall counter in its shared page (the
 * hypervisor counts every hypercall there) must not move.  The number of
 * calls exercised here is tied to the spec at compile time, so a call newly
 * marked hot breaks this build until it is tested.  pvhv only (natively
 * nothing is a hypercall): run with hot_calls.domains.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>

const char test_title[] = "hot VMI calls never enter the hypervisor";

#define REPS 100
#define HOT_ONE(num, name, group, hot) + (hot)
enum { SPEC_HOT_CALLS = 0 VMI_CALL_LIST(HOT_ONE) };
#define EXERCISED 20
_Static_assert(SPEC_HOT_CALLS == EXERCISED,
	       "vmi.spec's hot calls changed: exercise every one of them here");

static volatile const struct pvhv_shared_info *const shared =
	(const struct pvhv_shared_info *)PVHV_SHARED_INFO_VA;
static volatile uint64_t sink;          /* keeps results alive */

#define NO_TRAP(expr) do { \
	uint32_t before_ = shared->hypercalls; \
	for (int i_ = 0; i_ < REPS; i_++) \
		sink += (uint64_t)(expr); \
	if (shared->hypercalls == before_) test_pass(#expr " made no hypercall"); \
	else test_fail(__FILE__, __LINE__, "%s made %u hypercalls in %d calls", \
		       #expr, shared->hypercalls - before_, REPS); } while (0)

/* The void calls, wrapped so NO_TRAP can count them like the others. */
static int irq_disable(void) { vmi_irq_disable(); return 0; }
static int irq_enable(void) { vmi_irq_enable(); return 0; }
static int irq_restore(unsigned long f) { vmi_irq_restore(f); return 0; }
static int lazy_begin(void) { vmi_lazy_begin(); return 0; }

void test_main(void)
{
	uint32_t pfn = test_bi->first_free_pfn;
	int port = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);   /* a port in use */
	CHECK_GT(port, 0);
	CHECK_EQ(shared->magic, PVHV_SHARED_MAGIC);
	uint32_t before = shared->hypercalls;
	vmi_sched_yield();                      /* control: not hot, one hypercall */
	CHECK_EQ(shared->hypercalls - before, 1);
	NO_TRAP(vmi_abi_version());
	NO_TRAP((uint32_t)vmi_backend_name());
	NO_TRAP(vmi_features());
	NO_TRAP((uint32_t)vmi_boot_info());
	NO_TRAP(irq_disable());
	NO_TRAP(vmi_irq_save());
	NO_TRAP(irq_restore(0));
	NO_TRAP(irq_enable());                  /* nothing pending: no trap */
	NO_TRAP(irq_restore(VMI_IRQ_ENABLED));
	NO_TRAP(vmi_rdtsc());
	NO_TRAP(vmi_fault_address());
	NO_TRAP(vmi_make_pte(pfn, VMI_PTE_P));
	NO_TRAP(vmi_pte_pfn(vmi_make_pte(pfn, VMI_PTE_P)));
	NO_TRAP(vmi_pfn_to_mfn(pfn));
	NO_TRAP(vmi_mfn_to_pfn(vmi_pfn_to_mfn(pfn)));
	NO_TRAP(lazy_begin());
	CHECK_RET(vmi_lazy_flush(), 0);         /* not hot: outside the count */
	NO_TRAP(vmi_evtchn_mask((uint32_t)port));
	NO_TRAP(vmi_evtchn_next_pending());
	NO_TRAP(vmi_time_ns());
	NO_TRAP(vmi_vtime_ns());
	NO_TRAP(vmi_wallclock_ns());
	CHECK_RET(vmi_evtchn_close((uint32_t)port), 0);
}
