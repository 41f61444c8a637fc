/*
 * trap_table - vmi_set_trap_table: validation is all-or-nothing, and the
 * installed handlers get the right vector and frame.
 *
 * The trap table is the guest's IDT; a backend that accepted a handler
 * above hv_start or a foreign code selector would hand the guest the
 * platform, and one that applied a table partially before rejecting it
 * would leave the guest in a state it never asked for.  Each rejected table
 * below starts with a VALID entry that would redirect vector 3 to the #UD
 * stub (a harmless, detectable change: both lack an error code); after every
 * rejection an int3 must still reach the breakpoint handler.  Then real
 * exceptions: #DE (fault: eip at the div), #UD (fault: eip at ud2), #BP
 * (trap: eip after int3), frame cs == kernel_cs; the MASK_EVENTS flag masks
 * (exceptions) or keeps (vector 0x80) the event flag; handler 0 removes.
 */
#include "../runtime/test.h"

const char test_title[] = "cpu: set_trap_table validation and delivery";

extern const uint32_t trap_stubs[VMI_NR_EXCEPTIONS];    /* lib/trapentry.S */

static volatile uint32_t seen[256], at_eip, at_cs;
static volatile unsigned long irq_in_handler;
static uint32_t resume;                     /* where a fault continues */
static struct vmi_trap_entry big[257];

static void record(struct trap_regs *r)
{
	seen[r->vector & 0xFF]++;
	at_eip = r->f.eip;
	at_cs = r->f.cs;
	irq_in_handler = vmi_irq_save();    /* vmi_iret restores the frame's IF */
	if (resume)
		r->f.eip = resume;
}

/* Install a 2-entry table: a valid redirect of vector 3, then `bad`. */
static int reject(struct vmi_trap_entry bad)
{
	struct vmi_trap_entry t[2] = {
		{ 3, 3 | VMI_TRAP_MASK_EVENTS, (uint16_t)test_bi->kernel_cs, trap_stubs[6] },
		bad,
	};
	return vmi_set_trap_table(t, 2);
}

/* int3 must still arrive as vector 3, not through the #UD stub. */
static int bp_intact(void)
{
	uint32_t bp = seen[3], ud = seen[6];

	resume = 0;
	__asm__ volatile("int3" ::: "memory");
	return seen[3] == bp + 1 && seen[6] == ud;
}

void test_main(void)
{
	uint16_t kcs = test_bi->kernel_cs;
	uint32_t good = trap_stubs[3], after, fault_at;

	for (unsigned v = 0; v < VMI_NR_EXCEPTIONS; v++)
		trap_set_handler(v, record);
	trap_set_handler(VMI_SYSCALL_VECTOR, record);
	vmi_irq_disable();

	/* Rejected, with no partial effect. */
	CHECK_RET(reject((struct vmi_trap_entry){ 0x40, 0, kcs, good }), -VMI_EINVAL);
	CHECK(bp_intact());
	CHECK_RET(reject((struct vmi_trap_entry){ 32, 0, kcs, good }), -VMI_EINVAL);
	CHECK_RET(reject((struct vmi_trap_entry){ 0xFF, 0, kcs, good }), -VMI_EINVAL);
	CHECK_RET(reject((struct vmi_trap_entry){ 3, 0, (uint16_t)test_bi->user_cs, good }), -VMI_EINVAL);
	CHECK_RET(reject((struct vmi_trap_entry){ 3, 0, (uint16_t)test_bi->kernel_ds, good }), -VMI_EINVAL);
	CHECK_RET(reject((struct vmi_trap_entry){ 3, 0, kcs, test_bi->hv_start }), -VMI_EINVAL);
	CHECK_RET(reject((struct vmi_trap_entry){ 3, 0, kcs, 0xFFFFFFF0u }), -VMI_EINVAL);
	CHECK(bp_intact());
	for (unsigned i = 0; i < 257; i++)          /* valid entries, too many */
		big[i] = (struct vmi_trap_entry){ 3, 3 | VMI_TRAP_MASK_EVENTS, kcs, trap_stubs[6] };
	CHECK_RET(vmi_set_trap_table(big, 257), -VMI_EINVAL);
	CHECK(bp_intact());

	/* #DE: a fault, the frame points at the div. */
	__asm__ volatile("movl $2f, %[r]\n\tmovl $1f, %[f]\n\t"
	                 "movl $1, %%eax\n\txorl %%edx, %%edx\n\txorl %%ecx, %%ecx\n"
	                 "1:\tdivl %%ecx\n2:"
	                 : [r] "=m"(resume), [f] "=r"(fault_at) : : "eax", "ecx", "edx", "memory");
	CHECK_EQ(seen[0], 1);
	CHECK_EQ(at_eip, fault_at);
	CHECK_EQ(at_cs, kcs);

	/* #UD: a fault as well. */
	__asm__ volatile("movl $2f, %[r]\n\tmovl $1f, %[f]\n1:\tud2\n2:"
	                 : [r] "=m"(resume), [f] "=r"(fault_at) : : "memory");
	CHECK_EQ(seen[6], 1);
	CHECK_EQ(at_eip, fault_at);

	/* #BP: a trap, the frame points after int3.  Events were enabled and
	 * the entry masks them: masked inside, enabled again after. */
	resume = 0;
	vmi_irq_enable();
	__asm__ volatile("movl $1f, %[a]\n\tint3\n1:" : [a] "=r"(after) : : "memory");
	CHECK_EQ(at_eip, after);
	CHECK_EQ(at_cs, kcs);
	CHECK_EQ(irq_in_handler, 0);
	CHECK_EQ(vmi_irq_save(), VMI_IRQ_ENABLED);

	/* Vector 0x80 does not mask (trap_init leaves MASK_EVENTS off). */
	vmi_irq_enable();
	__asm__ volatile("int $0x80" ::: "memory");
	CHECK_EQ(seen[VMI_SYSCALL_VECTOR], 1);
	CHECK_EQ(irq_in_handler, VMI_IRQ_ENABLED);
	vmi_irq_disable();

	/* Handler 0 removes (not raised afterwards: that would end the run);
	 * a fresh table reinstalls it. */
	CHECK_RET(vmi_set_trap_table(&(struct vmi_trap_entry){ 3, 3, kcs, 0 }, 1), 0);
	trap_init(test_bi);
	CHECK(bp_intact());
	CHECK_RET(vmi_set_trap_table(big, 0), 0);   /* count 0: nothing read, no change */
	CHECK(bp_intact());
}
