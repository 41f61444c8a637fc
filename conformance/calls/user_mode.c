/*
 * user_mode - vmi_set_kernel_stack, entering ring 3 through vmi_iret, and
 * traps, system calls and events from user mode.
 *
 * Every process runs here: a trap from ring 3 must switch to the declared
 * kernel stack (exactly its top), give a frame with the user's cs (RPL 3),
 * esp and ss, and vmi_iret must return to ring 3.  Privilege is real: the
 * user gets #PF (error P|W|U) writing a kernel page and #GP (error
 * vector*8+2) from `int $6`, whose gate has DPL 0, while `int3` (DPL 3) is
 * allowed.  An event (the timer) arriving in user mode is also delivered on
 * the kernel stack with a user frame.  set_kernel_stack rejects a bad ss or
 * an esp at/above hv_start without effect (the frame checks run after).
 * The user program is a position-independent blob copied to 0x40000000; it
 * never returns to test_main: its last system call ends the test from the
 * handler (test_done), on the kernel stack.
 */
#include "../runtime/test.h"

const char test_title[] = "cpu: user mode, kernel stack, traps from ring 3";

#define CODE_VA  0x40000000u
#define STACK_VA 0x40001000u
#define USTACK_TOP (STACK_VA + VMI_PAGE_SIZE)
#define AT(label) (CODE_VA + (uint32_t)(label) - (uint32_t)user_blob)

/* The user program: syscall 1, arm-timer syscall 3 and spin until the
 * event handler moves us on, store to the kernel, ud2, int3, int $6, exit. */
__asm__(".pushsection .text\n"
        "user_blob:\n\t"    "movl $1, %eax\n\t" "int $0x80\n\t" "movl %eax, %ebx\n\t"
                            "movl $3, %eax\n\t" "int $0x80\n"
        "user_spin:\n\t"    "jmp user_spin\n"
        "user_store:\n\t"   "movl %eax, 0xC0000000\n"
        "user_ud:\n\t"      "ud2\n"
        "user_bp:\n\t"      "int3\n"
        "user_int6:\n\t"    "int $6\n\t"
                            "movl $2, %eax\n\t" "int $0x80\n"
        "user_end:\n\t"     "jmp user_end\n"
        ".popsection");
extern const char user_blob[], user_spin[], user_store[], user_ud[],
	user_int6[], user_end[];

static uint8_t kstack[16384] __attribute__((aligned(16)));
#define KSTACK_TOP ((uint32_t)kstack + sizeof(kstack))
static int timer_port;

/* Every entry from user: a user frame on exactly the declared stack.
 * Returns a mask of what is wrong (0 = all right), so one line per entry. */
static unsigned user_frame(struct trap_regs *r)
{
	uint32_t local = (uint32_t)&r;

	return (r->f.cs != test_bi->user_cs) << 0 |
	       (r->f.ss != test_bi->user_ds) << 1 |
	       !(r->f.esp > STACK_VA && r->f.esp <= USTACK_TOP) << 2 |
	       ((uint32_t)(&r->f.ss + 1) != KSTACK_TOP) << 3 |     /* frame at the top */
	       !(local >= (uint32_t)kstack && local < KSTACK_TOP) << 4;
}

static void sys_handler(struct trap_regs *r)
{
	CHECK_EQ(user_frame(r), 0);
	CHECK_EQ(r->f.esp, USTACK_TOP);
	CHECK_EQ(r->f.eflags & VMI_IRQ_ENABLED, VMI_IRQ_ENABLED);
	if (r->eax == 1) {
		r->eax = 0x600D;
	} else if (r->eax == 3) {
		/* Masked until vmi_iret: the event must find us in user mode. */
		vmi_irq_disable();
		CHECK_RET(vmi_timer_set(vmi_time_ns() + 10000000ull), 0);
	} else {
		CHECK_EQ(r->ebx, 0x600D);   /* the user kept syscall 1's result */
		test_done();                /* never returns to user or test_main */
	}
}

static void on_timer(unsigned port, struct trap_regs *r)
{
	(void)port;
	CHECK_EQ(user_frame(r), 0);
	CHECK_EQ(r->f.eip, AT(user_spin));
	r->f.eip = AT(user_store);
}

static void exc_handler(struct trap_regs *r)
{
	CHECK_EQ(user_frame(r), 0);
	if (r->vector == 14) {
		CHECK_EQ(vmi_fault_address(), VMI_KERNEL_BASE);
		CHECK_EQ(r->f.error_code, 7);                /* P | W | U */
		CHECK_EQ(r->f.eip, AT(user_store));
		r->f.eip = AT(user_ud);
	} else if (r->vector == 6) {
		CHECK_EQ(r->f.eip, AT(user_ud));
		r->f.eip += 2;
	} else if (r->vector == 3) {
		CHECK_EQ(r->f.eip, AT(user_int6));           /* after int3 */
	} else {
		CHECK_EQ(r->vector, 13);
		CHECK_EQ(r->f.error_code, (6 << 3) | 2);     /* IDT entry 6 */
		CHECK_EQ(r->f.eip, AT(user_int6));
		r->f.eip += 2;
	}
}

void test_main(void)
{
	uint32_t code = frame_alloc(), stack = frame_alloc();

	CHECK_RET(vmi_set_kernel_stack(test_bi->kernel_ds, KSTACK_TOP), 0);
	CHECK_RET(vmi_set_kernel_stack(test_bi->user_ds, KSTACK_TOP), -VMI_EINVAL);
	CHECK_RET(vmi_set_kernel_stack(test_bi->kernel_cs, KSTACK_TOP), -VMI_EINVAL);
	CHECK_RET(vmi_set_kernel_stack(test_bi->kernel_ds, test_bi->hv_start), -VMI_EINVAL);
	CHECK_RET(vmi_set_kernel_stack(test_bi->kernel_ds, 0xFFFFFFF0u), -VMI_EINVAL);

	memcpy(pfn_to_va(code), user_blob, user_end + 2 - user_blob);
	CHECK_RET(pt_map(pt_current_l2, CODE_VA, code, VMI_PTE_P | VMI_PTE_U), 0);
	CHECK_RET(pt_map(pt_current_l2, STACK_VA, stack, VMI_PTE_P | VMI_PTE_W | VMI_PTE_U), 0);
	timer_port = vmi_evtchn_bind_virq(VMI_VIRQ_TIMER);
	CHECK_GT(timer_port, 0);
	event_set_handler(timer_port, on_timer);
	trap_set_handler(VMI_SYSCALL_VECTOR, sys_handler);
	trap_set_handler(3, exc_handler);
	trap_set_handler(6, exc_handler);
	trap_set_handler(13, exc_handler);
	trap_set_handler(14, exc_handler);
	enter_user(CODE_VA, USTACK_TOP);
}
