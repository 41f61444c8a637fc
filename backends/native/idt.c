/*
 * idt.c - the real IDT, built from the guest's trap table.
 *
 * Every vector starts at a backend stub (vectors.S): exceptions the guest
 * has no handler for end the guest with a report; IRQ vectors run the device
 * drivers and deliver events.  vmi_set_trap_table turns guest entries into
 * real gates - interrupt gates when the entry masks events (the real IF is
 * the virtual one natively), trap gates otherwise.
 */
#include "native.h"
#include "drivers/x86.h"

struct gate { uint16_t off_lo, sel; uint8_t zero, type; uint16_t off_hi; } __attribute__((packed));

static struct gate idt[256] __attribute__((aligned(8)));

void idt_set_gate(unsigned vec, uint32_t handler, unsigned dpl, int trap_gate)
{
	idt[vec].off_lo = handler & 0xFFFF;
	idt[vec].off_hi = handler >> 16;
	idt[vec].sel = GDT_KERNEL_CS;
	idt[vec].zero = 0;
	idt[vec].type = 0x80 | (dpl << 5) | (trap_gate ? 0xF : 0xE);
}

void idt_init(void)
{
	struct { uint16_t limit; uint32_t base; } __attribute__((packed)) idtr;
	for (unsigned v = 0; v < 256; v++)
		idt_set_gate(v, native_default_stubs[v], 0, 0);
	idtr.limit = sizeof idt - 1;
	idtr.base = (uint32_t)idt;
	asm volatile("lidt %0" : : "m"(idtr));
}

static int vector_allowed(unsigned v)
{
	return v < VMI_NR_EXCEPTIONS || v == VMI_SYSCALL_VECTOR;
}

static int entry_valid(const struct vmi_trap_entry *e)
{
	return vector_allowed(e->vector) && e->cs == GDT_KERNEL_CS &&
	       e->handler < VMI_HV_START && !(e->flags & ~(VMI_TRAP_DPL_MASK | VMI_TRAP_MASK_EVENTS));
}

int vmi_set_trap_table(const struct vmi_trap_entry *table, uint32_t count)
{
	if (count > 256)
		return -VMI_EINVAL;
	for (uint32_t i = 0; i < count; i++)    /* all or nothing */
		if (!entry_valid(&table[i]))
			return -VMI_EINVAL;
	for (uint32_t i = 0; i < count; i++) {
		const struct vmi_trap_entry *e = &table[i];
		if (e->handler == 0)
			idt_set_gate(e->vector, native_default_stubs[e->vector], 0, 0);
		else
			idt_set_gate(e->vector, e->handler, e->flags & VMI_TRAP_DPL_MASK,
				     !(e->flags & VMI_TRAP_MASK_EVENTS));
	}
	return 0;
}

/* The upcall vector enters the guest's event callback directly, masked. */
int vmi_set_event_callback(void (*entry)(void))
{
	if ((uint32_t)entry >= VMI_HV_START || entry == 0)
		return -VMI_EINVAL;
	evt_callback = (uint32_t)entry;
	idt_set_gate(VEC_UPCALL, (uint32_t)entry, 0, 0);
	return 0;
}

/* An exception the guest did not claim: report it and end the run. */
struct stub_frame { uint32_t regs[8], vector, error, eip, cs, eflags; };
void native_unhandled(const struct stub_frame *f);
void native_unhandled(const struct stub_frame *f)
{
	native_log("native: unhandled trap ");
	native_log_hex(f->vector);
	native_log(" err ");
	native_log_hex(f->error);
	native_log(" eip ");
	native_log_hex(f->eip);
	native_log(" cr2 ");
	native_log_hex(read_cr2());
	native_log("\n");
	native_crash();
}
