/*
 * hostile/evt_upcall_stack_hv - attack: with events enabled, point the
 * kernel stack into the hypervisor's part of the address space - 12 bytes
 * above the start of the shared-info page (PVHV_SHARED_INFO_VA, above
 * VMI_HV_START, which ring 0 may write) - and send an event to itself, so
 * the upcall's three-word frame would land there.  This is the range check
 * of the upcall's direct frame write (traps.c bounce, copy.S
 * hv_put_frame3), which has no general copy behind it.
 * Containment: the frame is refused, the attacker is killed ("cannot write
 * an event frame to its kernel stack") and the victim finishes.  Were the
 * check skipped, the write would succeed and the processor would enter the
 * event callback - here an entry that moves to a stack of its own and
 * prints a FAIL verdict, so the domain is not killed and the test fails.
 * Run with evt_upcall_stack_hv.domains.
 */
#include "../runtime/test.h"
#include <vmi/pvhv.h>

const char test_title[] = "an event upcall onto a stack in the hypervisor kills only its domain";

/* Reached only if the upcall frame was written: the callback entry, which
 * first leaves the hypervisor's stack for this one, then reports. */
extern uint32_t rescue_stack[1024];
uint32_t rescue_stack[1024] __attribute__((aligned(16)));

void upcall_delivered(void);
void upcall_delivered(void)
{
	test_fail(__FILE__, __LINE__, "the upcall frame was written into the hypervisor");
}

void upcall_entry(void);
__asm__(".text\n"
	"upcall_entry:\n\t"
	"movl $rescue_stack + 4096, %esp\n\t"
	"call upcall_delivered\n"
	"1:\tjmp 1b\n");

/* The send with the stack moved, by hand: nothing of the guest's may use
 * the stack between the move and the hypercall.  Returns only if the
 * hypervisor neither delivered nor killed. */
static void send_on_hv_stack(unsigned port)
{
	uint32_t nr = HC_EVTCHN_OP, cmd = EVTCHNOP_SEND, p = port, a2 = 0;

	__asm__ volatile("movl %%esp, %%esi\n\t"
			 "movl %[top], %%esp\n\t"
			 "int $0x82\n\t"
			 "movl %%esi, %%esp"
			 : "+a"(nr), "+b"(cmd), "+c"(p), "+d"(a2)
			 : [top] "i"(PVHV_SHARED_INFO_VA + 12)
			 : "esi", "memory");
}

void test_main(void)
{
	int a = vmi_evtchn_alloc_unbound(VMI_DOMID_SELF);
	int b = a > 0 ? vmi_evtchn_bind_interdomain(VMI_DOMID_SELF, a) : -1;

	CHECK_GT(a, 0);
	CHECK_GT(b, 0);
	CHECK_RET(vmi_set_event_callback(upcall_entry), 0);
	vmi_irq_enable();
	printf("attack: event send with the kernel stack at the shared page + 12\n");
	send_on_hv_stack(a);
	test_fail(__FILE__, __LINE__, "the event was neither delivered nor refused");
}
