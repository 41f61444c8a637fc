/*
 * elf.h - the ELF32 i386 guest image as the domain builder sees it: the
 * on-disk structures it reads and the validated summary elf_check() hands
 * back.  Only what a pvhv guest image needs; everything else is rejected.
 *
 * Self-standing (no hv.h), so the host test can compile elf.c on its own.
 */
#ifndef HV_ELF_H
#define HV_ELF_H

#include <stdint.h>

/* ---- on-disk ELF32 (System V ABI, i386 supplement) ---- */
#define EI_NIDENT     16
#define ELFCLASS32    1
#define ELFDATA2LSB   1
#define EV_CURRENT    1
#define ET_EXEC       2
#define EM_386        3
#define PT_LOAD       1
#define PT_NOTE       4
#define PF_X          1
#define PF_W          2
#define PF_R          4

struct elf32_ehdr {
	uint8_t  e_ident[EI_NIDENT];  /* 0x7f 'E' 'L' 'F', class, data, version */
	uint16_t e_type, e_machine;
	uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf32_phdr {
	uint32_t p_type, p_offset, p_vaddr, p_paddr;
	uint32_t p_filesz, p_memsz, p_flags, p_align;
};

struct elf32_nhdr {
	uint32_t n_namesz, n_descsz, n_type;
};

/* ---- what the builder gets back ---- */
#define ELF_MAX_PHDRS   32   /* program headers we are willing to read */
#define ELF_MAX_LOADS   16   /* PT_LOAD segments we are willing to load */
#define ELF_REASON_MAX  96   /* room for a rejection reason */

struct elf_segment {
	uint32_t vaddr, memsz;       /* inside [VMI_KERNEL_BASE, VMI_HV_START) */
	uint32_t offset, filesz;     /* inside the image; filesz <= memsz */
	uint32_t flags;              /* PF_* */
};

struct elf_image {
	uint32_t entry;              /* virtual, inside an executable segment */
	uint32_t abi_version;        /* from the VMI note */
	uint32_t start;              /* lowest vaddr over all segments */
	uint32_t end;                /* highest vaddr + memsz over all segments */
	uint32_t nr_loads;
	struct elf_segment load[ELF_MAX_LOADS];   /* non-empty PT_LOADs */
};

/*
 * Validate the image (len bytes at image, untrusted) for a domain of
 * mem_bytes of pseudo-physical memory, where virtual address v lives at
 * pseudo-physical v - VMI_KERNEL_BASE.  Returns 0 and fills *out, or -1
 * with a one-line reason (no newline) in why[why_len].
 */
int elf_check(const void *image, uint32_t len, uint32_t mem_bytes,
	      struct elf_image *out, char *why, uint32_t why_len);

#endif /* HV_ELF_H */
