/*
 * pci.h - PCI configuration space through the PC's mechanism #1 (pci.c):
 * the address port 0xCF8 and the data port 0xCFC.
 *
 * A function is named by its bus/device/function triple packed as
 * PCI_BDF(bus, dev, fn).  Used by whatever owns the bare machine.
 */
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H

#include <stdint.h>

#define PCI_BDF(bus, dev, fn) (((uint32_t)(bus) << 8) | ((uint32_t)(dev) << 3) | (uint32_t)(fn))
#define PCI_BDF_BUS(bdf) (((bdf) >> 8) & 0xFF)
#define PCI_BDF_DEV(bdf) (((bdf) >> 3) & 0x1F)
#define PCI_BDF_FN(bdf)  ((bdf) & 7)

/* Configuration registers (type 0 header). */
#define PCI_VENDOR_ID   0x00    /* 16 bits; 0xFFFF: no function */
#define PCI_DEVICE_ID   0x02
#define PCI_COMMAND     0x04    /* 16 bits */
#define PCI_HEADER_TYPE 0x0E    /* 8 bits; bit 7: multi-function */
#define PCI_BAR0        0x10
#define PCI_SUBSYS_ID   0x2E
#define PCI_IRQ_LINE    0x3C    /* 8 bits: the PIC line the firmware routed */

#define PCI_CMD_IO      0x1
#define PCI_CMD_MEMORY  0x2
#define PCI_CMD_MASTER  0x4     /* bus mastering: the device may DMA */
#define PCI_BAR_IO      0x1     /* an I/O-port BAR; the port is bar & ~3 */

uint32_t pci_read32(uint32_t bdf, uint32_t off);
uint16_t pci_read16(uint32_t bdf, uint32_t off);
uint8_t pci_read8(uint32_t bdf, uint32_t off);
void pci_write32(uint32_t bdf, uint32_t off, uint32_t v);
void pci_write16(uint32_t bdf, uint32_t off, uint16_t v);

/*
 * Find functions with this vendor and device ID on buses 0..255, in
 * bus/device/function order (a stable order for a given machine): fills
 * out[] with up to max BDFs and returns how many were found.
 */
unsigned pci_find(uint16_t vendor, uint16_t device, uint32_t *out, unsigned max);

#endif /* DRIVERS_PCI_H */
