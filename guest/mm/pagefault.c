/*
 * pagefault.c - exceptions once processes exist: page faults (demand
 * paging, copy-on-write, user-copy fixups) and the user-mode exceptions
 * that become signals.
 *
 * A fault in user mode that vm_fault cannot resolve becomes SIGSEGV, or
 * SIGBUS for a file page past the end of the file, and an exhausted memory
 * SIGKILL, like Linux's out-of-memory killer.  Other exceptions from user
 * mode become the signal Linux sends for them.  In
 * kernel mode only the user-copy instructions may fault: their faults are
 * resolved like user faults or turned into -EFAULT through the fixup
 * (uaccess.h).  Anything else in kernel mode is a kernel bug: panic.
 */
#include "proc/proc.h"
#include "mm/uaccess.h"
#include "lib/klib.h"

#define PF_WRITE 0x2u

static void kernel_trap(struct trap_regs *r, uint32_t addr)
{
	printf("kernel: trap %u error %#x eip %#x addr %#x pid %d\n", r->vector,
	       r->f.error_code, r->f.eip, addr, curproc ? curproc->pid : 0);
	panic("unexpected trap %u in the kernel", r->vector);
}

static void page_fault(struct trap_regs *r)
{
	uint32_t addr = vmi_fault_address();
	int write = (r->f.error_code & PF_WRITE) != 0;
	uint32_t fix;
	int rc;

	if (trap_from_user(r)) {
		rc = addr < VMI_KERNEL_BASE ? vm_fault(curproc->mm, addr, write) : -EFAULT;
		if (rc == -ENOMEM) {
			printf("kernel: out of memory, killing pid %d\n", curproc->pid);
			signal_force(curproc, SIGKILL, addr, SI_KERNEL);
		} else if (rc == -EIO) {
			signal_force(curproc, SIGBUS, addr, BUS_ADRERR);
		} else if (rc) {
			signal_force(curproc, SIGSEGV, addr,
			             vma_find(curproc->mm, addr) ? SEGV_ACCERR : SEGV_MAPERR);
		}
		user_return(r);
		return;
	}
	fix = uaccess_fixup(r->f.eip);
	if (!fix || !curproc || addr >= VMI_KERNEL_BASE)
		kernel_trap(r, addr);
	if (vm_fault(curproc->mm, addr, write) != 0)
		r->f.eip = fix;                   /* the copy returns -EFAULT */
}

/* The signal Linux sends for an exception raised in user mode. */
static int exception_signal(unsigned vector)
{
	switch (vector) {
	case 0: case 16: case 19: return SIGFPE;  /* #DE #MF #XM */
	case 1: case 3:           return SIGTRAP;
	case 6:                   return SIGILL;
	case 11: case 12: case 17: return SIGBUS; /* #NP #SS #AC */
	default:                  return SIGSEGV; /* #OF #BR #TS #GP ... */
	}
}

static void user_exception(struct trap_regs *r)
{
	if (!trap_from_user(r))
		kernel_trap(r, 0);
	signal_force(curproc, exception_signal(r->vector), r->f.eip, SI_KERNEL);
	user_return(r);
}

void vm_fault_init(void)
{
	static const unsigned vectors[] = { 0, 1, 3, 4, 5, 6, 10, 11, 12, 13, 16, 17, 19 };

	trap_set_handler(14, page_fault);
	for (unsigned i = 0; i < ARRAY_SIZE(vectors); i++)
		trap_set_handler(vectors[i], user_exception);
}
