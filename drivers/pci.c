/*
 * pci.c - PCI configuration access, mechanism #1 (ports 0xCF8/0xCFC).
 *
 * The address written to 0xCF8 is enable bit 31 | bus << 16 | device << 11
 * | function << 8 | register (dword-aligned); the dword then reads or
 * writes at 0xCFC, narrower accesses at 0xCFC + (register & 3).
 */
#include "pci.h"
#include "x86.h"

#define PCI_ADDR 0xCF8
#define PCI_DATA 0xCFC

static void select(uint32_t bdf, uint32_t off)
{
	outl(PCI_ADDR, 0x80000000u | (bdf << 8) | (off & 0xFC));
}

uint32_t pci_read32(uint32_t bdf, uint32_t off)
{
	select(bdf, off);
	return inl(PCI_DATA);
}

uint16_t pci_read16(uint32_t bdf, uint32_t off)
{
	select(bdf, off);
	return inw((uint16_t)(PCI_DATA + (off & 2)));
}

uint8_t pci_read8(uint32_t bdf, uint32_t off)
{
	select(bdf, off);
	return inb((uint16_t)(PCI_DATA + (off & 3)));
}

void pci_write32(uint32_t bdf, uint32_t off, uint32_t v)
{
	select(bdf, off);
	outl(PCI_DATA, v);
}

void pci_write16(uint32_t bdf, uint32_t off, uint16_t v)
{
	select(bdf, off);
	outw((uint16_t)(PCI_DATA + (off & 2)), v);
}

unsigned pci_find(uint16_t vendor, uint16_t device, uint32_t *out, unsigned max)
{
	unsigned n = 0;
	for (uint32_t bus = 0; bus < 256; bus++)
		for (uint32_t dev = 0; dev < 32; dev++) {
			uint32_t nfn = 1;
			for (uint32_t fn = 0; fn < nfn; fn++) {
				uint32_t bdf = PCI_BDF(bus, dev, fn);
				uint32_t id = pci_read32(bdf, PCI_VENDOR_ID);
				if ((id & 0xFFFF) == 0xFFFF)
					continue;
				if (fn == 0 && (pci_read8(bdf, PCI_HEADER_TYPE) & 0x80))
					nfn = 8;
				if ((id & 0xFFFF) == vendor && (id >> 16) == device && n < max)
					out[n++] = bdf;
			}
		}
	return n;
}
