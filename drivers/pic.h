/*
 * pic.h - the two cascaded 8259 interrupt controllers of a PC (pic.c).
 *
 * Used by whatever owns the bare machine: the native backend and the
 * hypervisor.  The caller chooses where IRQ 0-15 land in the IDT.
 */
#ifndef DRIVERS_PIC_H
#define DRIVERS_PIC_H

/* Remap IRQ 0-15 to vectors vector_base..vector_base+15, all lines masked
 * but the cascade. */
void pic_init(unsigned vector_base);
void pic_unmask(unsigned irq);
void pic_eoi(unsigned irq);
/* Nonzero if IRQ 7 or 15 was spurious (nothing in service): no EOI owed. */
int pic_spurious(unsigned irq);

#endif /* DRIVERS_PIC_H */
