/*
 * elf.h - the ELF32 i386 on-disk structures the guest kernel reads
 * (elf_load.c: programs and their interpreter) and writes (coredump.c:
 * core files): the file header, program headers and their constants.
 */
#ifndef GUEST_PROC_ELF_H
#define GUEST_PROC_ELF_H

#include <stdint.h>

#define EI_NIDENT 16
#define ET_EXEC   2
#define ET_DYN    3
#define ET_CORE   4
#define EM_386    3
#define PT_LOAD   1
#define PT_INTERP 3
#define PT_NOTE   4
#define PT_PHDR   6
#define PF_X 1
#define PF_W 2
#define PF_R 4

struct elf32_ehdr {
	uint8_t ident[EI_NIDENT];
	uint16_t type, machine;
	uint32_t version, entry, phoff, shoff, flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf32_phdr {
	uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

_Static_assert(sizeof(struct elf32_ehdr) == 52, "Elf32_Ehdr");
_Static_assert(sizeof(struct elf32_phdr) == 32, "Elf32_Phdr");

#endif /* GUEST_PROC_ELF_H */
