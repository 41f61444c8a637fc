/*
 * pic.c - the two 8259 interrupt controllers of a PC.
 *
 * Remapped so IRQ 0-15 arrive on vectors 0x20-0x2F (clear of exceptions);
 * every line starts masked and is opened by the driver that wants it.
 */
#include "pic.h"
#include "x86.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xA0
#define PIC2_DATA 0xA1
#define PIC_EOI 0x20

static uint16_t pic_mask = 0xFFFF & ~(1u << 2);  /* cascade line stays open */

static void pic_write_mask(void)
{
	outb(PIC1_DATA, pic_mask & 0xFF);
	outb(PIC2_DATA, pic_mask >> 8);
}

void pic_init(unsigned vector_base)
{
	outb(PIC1_CMD, 0x11);               /* ICW1: edge, cascade, ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, vector_base);      /* ICW2: vector bases */
	outb(PIC2_DATA, vector_base + 8);
	outb(PIC1_DATA, 0x04);              /* ICW3: slave on IRQ 2 */
	outb(PIC2_DATA, 0x02);
	outb(PIC1_DATA, 0x01);              /* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	pic_write_mask();
}

void pic_unmask(unsigned irq)
{
	pic_mask &= ~(1u << irq);
	pic_write_mask();
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

/* An IRQ 7/15 not set in the in-service register is spurious: no EOI. */
int pic_spurious(unsigned irq)
{
	uint16_t cmd = irq >= 8 ? PIC2_CMD : PIC1_CMD;
	if ((irq & 7) != 7)
		return 0;
	outb(cmd, 0x0B);                    /* OCW3: read ISR */
	if (inb(cmd) & 0x80)
		return 0;
	if (irq >= 8)
		outb(PIC1_CMD, PIC_EOI);    /* the master did see the cascade */
	return 1;
}
