/*
 * elf_load.c - loading a static ELF32 i386 executable into an address
 * space: check the headers, and turn each PT_LOAD segment into a memory
 * area that faults its pages in from the file (vm.c).
 *
 * Nothing is read beyond the headers here: a segment's area starts at its
 * page-aligned address with the page-aligned file offset (as Linux's mmap
 * of it would), file data stops at p_vaddr + p_filesz and the rest - the
 * bss - is zero-filled.  Anything malformed is -ENOEXEC; a dynamically
 * linked program (PT_INTERP) too, as there is no dynamic loader.  A
 * position-independent static program (ET_DYN) is loaded at ET_DYN_BASE.
 */
#include "proc/elf.h"
#include "proc/proc.h"
#include "lib/klib.h"

#define MAX_PHNUM 32
#define ET_DYN_BASE 0x00400000u

static int header_ok(const struct elf32_ehdr *h)
{
	return h->ident[0] == 0x7F && h->ident[1] == 'E' && h->ident[2] == 'L' &&
	       h->ident[3] == 'F' && h->ident[4] == 1 /* 32-bit */ &&
	       h->ident[5] == 1 /* little-endian */ && h->ident[6] == 1 &&
	       (h->type == ET_EXEC || h->type == ET_DYN) && h->machine == EM_386 &&
	       h->phentsize == sizeof(struct elf32_phdr) && h->phnum > 0 &&
	       h->phnum <= MAX_PHNUM;
}

static uint32_t prot_of(uint32_t flags)
{
	return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

/* One PT_LOAD segment as a memory area; overlaps replace (as mmap would). */
static int load_segment(struct mm *mm, struct inode *ip, const struct elf32_phdr *ph,
                        uint32_t bias, uint64_t file_size)
{
	uint32_t va = ph->vaddr + bias, end;
	struct vma v;
	int rc;

	if (ph->filesz > ph->memsz || (ph->offset & (PAGE_SIZE - 1)) != (va & (PAGE_SIZE - 1)))
		return -ENOEXEC;
	if ((uint64_t)ph->offset + ph->filesz > file_size)
		return -ENOEXEC;
	if (va < PAGE_SIZE || (uint64_t)va + ph->memsz > USER_TOP - STACK_SIZE)
		return -ENOEXEC;
	end = PAGE_UP(va + ph->memsz);
	if (end == PAGE_DOWN(va))
		return 0;
	rc = vma_unmap(mm, PAGE_DOWN(va), end);
	if (rc)
		return rc;
	v = (struct vma){ .start = PAGE_DOWN(va), .end = end, .prot = prot_of(ph->flags),
	                  .ip = ip, .off = PAGE_DOWN(ph->offset), .file_end = va + ph->filesz };
	inode_get(ip);
	rc = vma_add(mm, &v);
	if (rc)
		inode_put(ip);
	return rc;
}

/* Where the program headers are in memory (for AT_PHDR), or 0. */
static uint32_t phdr_address(const struct elf32_ehdr *h, const struct elf32_phdr *ph,
                             uint32_t bias)
{
	for (int i = 0; i < h->phnum; i++)
		if (ph[i].type == PT_PHDR)
			return ph[i].vaddr + bias;
	for (int i = 0; i < h->phnum; i++)
		if (ph[i].type == PT_LOAD && h->phoff >= ph[i].offset &&
		    h->phoff - ph[i].offset < ph[i].filesz)
			return ph[i].vaddr + bias + (h->phoff - ph[i].offset);
	return 0;
}

int elf_load(struct mm *mm, struct inode *ip, struct elf_image *img)
{
	struct elf32_ehdr h;
	struct elf32_phdr ph[MAX_PHNUM];
	struct kstat st;
	uint32_t bias, brk = 0;
	int rc;

	if (vfs_stat(ip, &st) < 0 ||
	    vfs_read_at(ip, 0, &h, sizeof(h)) != (int)sizeof(h) || !header_ok(&h))
		return -ENOEXEC;
	if (vfs_read_at(ip, h.phoff, ph, h.phnum * sizeof(ph[0])) !=
	    (int)(h.phnum * sizeof(ph[0])))
		return -ENOEXEC;
	bias = h.type == ET_DYN ? ET_DYN_BASE : 0;
	for (int i = 0; i < h.phnum; i++) {
		if (ph[i].type == PT_INTERP)
			return -ENOEXEC;
		if (ph[i].type != PT_LOAD)
			continue;
		rc = load_segment(mm, ip, &ph[i], bias, st.size);
		if (rc)
			return rc == -ENOMEM ? rc : -ENOEXEC;
		if (ph[i].vaddr + bias + ph[i].memsz > brk)
			brk = ph[i].vaddr + bias + ph[i].memsz;
	}
	if (!brk || !vma_find(mm, h.entry + bias))
		return -ENOEXEC;
	img->entry = h.entry + bias;
	img->phdr = phdr_address(&h, ph, bias);
	img->phent = h.phentsize;
	img->phnum = h.phnum;
	img->brk = PAGE_UP(brk);
	return 0;
}
