/*
 * native.h - private interfaces between the files of the native backend.
 *
 * The native backend binds every VMI call to the real instructions and
 * devices of a QEMU PC: its own GDT/IDT/TSS, the 8259 PIC, the PIT (one-shot
 * timer and TSC calibration), the 16550 UART on COM1, the CMOS RTC and the
 * isa-debug-exit device.  Hardware interrupts become event-channel ports
 * delivered through the guest's event callback, with the frame and masking
 * rules of pvhv, so the guest handles events identically on both.
 */
#ifndef NATIVE_H
#define NATIVE_H

#include <stdint.h>
#include <vmi/vmi.h>
#include "drivers/pic.h"
#include "drivers/pit.h"
#include "drivers/rtc.h"
#include "drivers/x86.h"

/* GDT layout: selectors handed to the guest through the boot info. */
#define GDT_KERNEL_CS  0x08
#define GDT_KERNEL_DS  0x10
#define GDT_USER_CS    0x1B
#define GDT_USER_DS    0x23
#define GDT_TSS        0x28
#define GDT_TLS_FIRST  6
#define GDT_TLS_COUNT  3
#define GDT_LDT        (GDT_TLS_FIRST + GDT_TLS_COUNT)   /* vmi_set_ldt's table */
#define GDT_ENTRIES    (GDT_LDT + 1)

/* IDT vectors owned by the backend. */
#define VEC_IRQ_BASE   0x20   /* 8259 IRQ 0-15 -> 0x20-0x2F */
#define VEC_UPCALL     0x30   /* software-raised event delivery */

/* The backend's private mapping window (L2 slot 1023, above hv_start). */
#define WINDOW_L1_VA   0xFFFFE000u  /* the window L1, mapped onto itself */
#define WINDOW_VA      0xFFFFF000u  /* one frame at a time */

extern struct vmi_boot_info native_bi;

/* boot.c */
void native_main(uint32_t magic, uint32_t mbi_paddr);
void *boot_alloc(uint32_t bytes);

/* gdt.c */
void gdt_init(void);

/* cpu.c */
void cpu_init(void);

/* idt.c */
void idt_init(void);
void idt_set_gate(unsigned vec, uint32_t handler, unsigned dpl, int trap_gate);
extern const uint32_t native_default_stubs[256];

/* uart.c */
void uart_init(void);
void uart_putc(char c);
void uart_irq(void);
int uart_read(char *buf, uint32_t len);

/* time.c */
void time_init(void);
uint64_t time_tsc_to_ns(uint64_t tsc_delta);
void time_account_halt(uint64_t ns);

/* timer.c */
void timer_irq(void);

/* irq.c */
int native_irq(uint32_t vector);
int native_iret_deliver(void);

/* The backend's own critical sections (every page-table write, TLB flush,
 * event-channel operation): inline, since a call here is a call inside a
 * VMI call - cost only the binding adds. */
static inline uint32_t irq_save_native(void)
{
	uint32_t f = read_eflags() & EFLAGS_IF;
	cli();
	return f;
}

static inline void irq_restore_native(uint32_t flags)
{
	if (flags & EFLAGS_IF)
		sti();
}

/* events.c */
int evt_raise_virq(uint32_t virq);
int evt_alloc_device_port(void);
void evt_raise_device_port(uint32_t port);
void evt_deliver_if_enabled(void);
void evt_upcall_now(void);
extern volatile uint32_t evt_upcalls;
extern volatile int evt_blocking;
extern uint32_t evt_callback;
extern uint32_t evt_pending[VMI_NR_PORTS / 32], evt_masked[VMI_NR_PORTS / 32];

/* Is some port pending and unmasked?  Inline: asked on every return
 * (vmi_iret) and every vmi_irq_restore, where a call would cost more than
 * the question. */
static inline int evt_any_deliverable(void)
{
	for (uint32_t w = 0; w < VMI_NR_PORTS / 32; w++)
		if (evt_pending[w] & ~evt_masked[w])
			return 1;
	return 0;
}

/* mmu.c */
void mmu_init(uint32_t boot_l2_pfn, uint32_t nr_l1, uint32_t pages);
int mmu_frame_usable(uint32_t pfn);
int mmu_frame_pinned(uint32_t pfn);
void *mmu_map_fixed(unsigned slot, uint32_t pfn);

/* block.c */
void block_init(void);
int block_irq(unsigned irq);
int block_owns_frame(uint32_t pfn);

/* net.c */
void net_init(void);
int net_irq(unsigned irq);
int net_owns_frame(uint32_t pfn);

/* shutdown.c */
void native_exit(uint32_t code) __attribute__((noreturn));
void native_crash(void) __attribute__((noreturn));   /* "crash", then exit */
void native_log(const char *s);
void native_log_hex(uint32_t v);

#endif /* NATIVE_H */
