/*
 * elf.c - validation of a pvhv guest image before anything is loaded.
 *
 * The image comes from a multiboot module, i.e. from whoever started the
 * machine: it is hostile input.  Every field is checked before it is used,
 * every range is checked in a form that cannot overflow ("a <= len && b <=
 * len - a", never "a + b <= len"), and headers are copied out with memcpy so
 * an odd module address cannot matter.  A rejected image gets a one-line
 * reason the builder logs; the hypervisor runs on with the other domains.
 *
 * What a loadable image is: ELF32, little-endian, i386, ET_EXEC, with at
 * most ELF_MAX_LOADS non-overlapping PT_LOAD segments inside the guest
 * kernel's range [VMI_KERNEL_BASE, VMI_HV_START) that fit the domain's
 * memory, an entry point in an executable segment, and a VMI note (name
 * "VMI", type PVHV_NOTE_TYPE, a 4-byte ABI version) the hypervisor speaks.
 */
#include "elf.h"
#include <stdarg.h>
#include <vmi/vmi.h>
#include <vmi/pvhv.h>
#include "lib/klib.h"

#define NOTE_NAMESZ 4u                  /* "VMI" and its NUL */

static int reject(char *why, uint32_t why_len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int reject(char *why, uint32_t why_len, const char *fmt, ...)
{
	va_list ap;

	if (why && why_len) {
		va_start(ap, fmt);
		vsnprintf(why, why_len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Is [off, off + size) inside a file of len bytes? */
static int in_file(uint32_t off, uint32_t size, uint32_t len)
{
	return off <= len && size <= len - off;
}

/* ---- the ELF header ---- */

static int check_ident(const struct elf32_ehdr *eh, char *why, uint32_t n)
{
	const uint8_t *id = eh->e_ident;

	if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		return reject(why, n, "not an ELF file (bad magic)");
	if (id[4] != ELFCLASS32)
		return reject(why, n, "not ELFCLASS32 (class %u)", id[4]);
	if (id[5] != ELFDATA2LSB)
		return reject(why, n, "not little-endian (data encoding %u)", id[5]);
	if (id[6] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return reject(why, n, "not EV_CURRENT (version %u/%u)",
			      id[6], eh->e_version);
	return 0;
}

static int check_ehdr(const struct elf32_ehdr *eh, uint32_t len, char *why, uint32_t n)
{
	if (check_ident(eh, why, n))
		return -1;
	if (eh->e_machine != EM_386)
		return reject(why, n, "e_machine %u is not EM_386", eh->e_machine);
	if (eh->e_type != ET_EXEC)
		return reject(why, n, "e_type %u is not ET_EXEC", eh->e_type);
	if (eh->e_phentsize != sizeof(struct elf32_phdr))
		return reject(why, n, "e_phentsize %u, expected %u",
			      eh->e_phentsize, (unsigned)sizeof(struct elf32_phdr));
	if (eh->e_phnum == 0)
		return reject(why, n, "no program headers");
	if (eh->e_phnum > ELF_MAX_PHDRS)
		return reject(why, n, "too many program headers (%u > %u)",
			      eh->e_phnum, ELF_MAX_PHDRS);
	/* phnum <= ELF_MAX_PHDRS, so the product cannot overflow. */
	if (!in_file(eh->e_phoff, eh->e_phnum * (uint32_t)sizeof(struct elf32_phdr), len))
		return reject(why, n, "program header table (offset 0x%x, %u entries) "
			      "outside the %u-byte file", eh->e_phoff, eh->e_phnum, len);
	return 0;
}

static void read_phdr(const uint8_t *img, const struct elf32_ehdr *eh, uint32_t i,
		      struct elf32_phdr *ph)
{
	memcpy(ph, img + eh->e_phoff + i * sizeof *ph, sizeof *ph);
}

/* ---- PT_LOAD segments ---- */

static int check_load(const struct elf32_phdr *ph, uint32_t i, uint32_t len,
		      char *why, uint32_t n)
{
	if (!in_file(ph->p_offset, ph->p_filesz, len))
		return reject(why, n, "PT_LOAD %u: file range 0x%x+0x%x outside the "
			      "%u-byte file", i, ph->p_offset, ph->p_filesz, len);
	if (ph->p_filesz > ph->p_memsz)
		return reject(why, n, "PT_LOAD %u: filesz 0x%x > memsz 0x%x",
			      i, ph->p_filesz, ph->p_memsz);
	if (ph->p_vaddr < VMI_KERNEL_BASE || ph->p_vaddr >= VMI_HV_START ||
	    ph->p_memsz > VMI_HV_START - ph->p_vaddr)
		return reject(why, n, "PT_LOAD %u: 0x%x+0x%x outside [0x%x, 0x%x)", i,
			      ph->p_vaddr, ph->p_memsz, VMI_KERNEL_BASE, VMI_HV_START);
	return 0;
}

/* Both segments lie below VMI_HV_START, so vaddr + memsz cannot wrap. */
static int overlap(const struct elf_segment *a, const struct elf_segment *b)
{
	return a->vaddr < b->vaddr + b->memsz && b->vaddr < a->vaddr + a->memsz;
}

static int collect_loads(const uint8_t *img, uint32_t len, const struct elf32_ehdr *eh,
			 struct elf_image *out, char *why, uint32_t n)
{
	struct elf32_phdr ph;

	for (uint32_t i = 0; i < eh->e_phnum; i++) {
		read_phdr(img, eh, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		if (check_load(&ph, i, len, why, n))
			return -1;
		if (ph.p_memsz == 0)
			continue;           /* occupies nothing: nothing to load */
		if (out->nr_loads == ELF_MAX_LOADS)
			return reject(why, n, "too many PT_LOAD segments (> %u)",
				      ELF_MAX_LOADS);
		out->load[out->nr_loads++] = (struct elf_segment){
			ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz, ph.p_flags };
	}
	if (out->nr_loads == 0)
		return reject(why, n, "no PT_LOAD segment");
	return 0;
}

static int check_layout(struct elf_image *out, uint32_t mem_bytes, char *why, uint32_t n)
{
	out->start = VMI_HV_START;
	out->end = 0;
	for (uint32_t i = 0; i < out->nr_loads; i++) {
		const struct elf_segment *s = &out->load[i];

		for (uint32_t j = i + 1; j < out->nr_loads; j++)
			if (overlap(s, &out->load[j]))
				return reject(why, n, "PT_LOAD segments at 0x%x and 0x%x "
					      "overlap", s->vaddr, out->load[j].vaddr);
		if (s->vaddr < out->start)
			out->start = s->vaddr;
		if (s->vaddr + s->memsz > out->end)
			out->end = s->vaddr + s->memsz;
	}
	/* Pseudo-physical memory from 0 to the last page the image touches;
	 * end <= VMI_HV_START, so rounding up cannot wrap. */
	uint32_t need = ((out->end - VMI_KERNEL_BASE) + VMI_PAGE_SIZE - 1) & ~(VMI_PAGE_SIZE - 1);
	if (need > mem_bytes)
		return reject(why, n, "image spans %u KiB, more than the domain's %u KiB",
			      need >> 10, mem_bytes >> 10);
	return 0;
}

/* The entry must be code that comes from the file, not .bss. */
static int check_entry(const struct elf_image *out, char *why, uint32_t n)
{
	for (uint32_t i = 0; i < out->nr_loads; i++) {
		const struct elf_segment *s = &out->load[i];

		if ((s->flags & PF_X) && out->entry >= s->vaddr &&
		    out->entry - s->vaddr < s->filesz)
			return 0;
	}
	return reject(why, n, "entry point 0x%x is not inside an executable PT_LOAD",
		      out->entry);
}

/* ---- the VMI note ---- */

/* Step over a name or desc of size bytes at off (size <= end - off already
 * checked) and its padding to 4 bytes; the last item may end the segment
 * unpadded.  Written so that nothing can wrap. */
static uint32_t skip_padded(uint32_t off, uint32_t size, uint32_t end)
{
	uint32_t pad = (4 - (size & 3)) & 3;

	return pad <= end - off - size ? off + size + pad : end;
}

/* Judge a "VMI" note of our type: 1 accepted, -1 rejected. */
static int check_vmi_desc(const uint8_t *desc, uint32_t descsz, struct elf_image *out,
			  char *why, uint32_t n)
{
	uint32_t v, major, minor;

	if (descsz != 4)
		return reject(why, n, "VMI note: descsz %u, expected 4", descsz);
	memcpy(&v, desc, 4);
	major = v >> 16;
	minor = v & 0xFFFF;
	if (major != VMI_ABI_MAJOR)
		return reject(why, n, "VMI ABI %u.%u: major version differs from the "
			      "hypervisor's %u.%u", major, minor, VMI_ABI_MAJOR, VMI_ABI_MINOR);
	if (minor > VMI_ABI_MINOR)
		return reject(why, n, "VMI ABI %u.%u is newer than the hypervisor's %u.%u",
			      major, minor, VMI_ABI_MAJOR, VMI_ABI_MINOR);
	out->abi_version = v;
	return 1;
}

/* Walk the notes in [off, end) of the file: 1 found ours, 0 not, -1 bad. */
static int walk_notes(const uint8_t *img, uint32_t off, uint32_t end,
		      struct elf_image *out, char *why, uint32_t n)
{
	struct elf32_nhdr nh;

	while (end - off >= sizeof nh) {
		memcpy(&nh, img + off, sizeof nh);
		off += sizeof nh;
		if (nh.n_namesz > end - off)
			return reject(why, n, "note name runs past its PT_NOTE");
		const uint8_t *name = img + off;
		off = skip_padded(off, nh.n_namesz, end);
		if (nh.n_descsz > end - off)
			return reject(why, n, "note desc runs past its PT_NOTE");
		const uint8_t *desc = img + off;
		off = skip_padded(off, nh.n_descsz, end);
		if (nh.n_namesz == NOTE_NAMESZ && memcmp(name, PVHV_NOTE_NAME, NOTE_NAMESZ) == 0 &&
		    nh.n_type == PVHV_NOTE_TYPE)
			return check_vmi_desc(desc, nh.n_descsz, out, why, n);
	}
	return 0;
}

static int find_note(const uint8_t *img, uint32_t len, const struct elf32_ehdr *eh,
		     struct elf_image *out, char *why, uint32_t n)
{
	struct elf32_phdr ph;

	for (uint32_t i = 0; i < eh->e_phnum; i++) {
		read_phdr(img, eh, i, &ph);
		if (ph.p_type != PT_NOTE)
			continue;
		if (!in_file(ph.p_offset, ph.p_filesz, len))
			return reject(why, n, "PT_NOTE %u: file range 0x%x+0x%x outside the "
				      "%u-byte file", i, ph.p_offset, ph.p_filesz, len);
		int r = walk_notes(img, ph.p_offset, ph.p_offset + ph.p_filesz, out, why, n);
		if (r)
			return r < 0 ? -1 : 0;
	}
	return reject(why, n, "no VMI ABI note (PT_NOTE \"%s\" type %u)",
		      PVHV_NOTE_NAME, PVHV_NOTE_TYPE);
}

int elf_check(const void *image, uint32_t len, uint32_t mem_bytes,
	      struct elf_image *out, char *why, uint32_t why_len)
{
	const uint8_t *img = image;
	struct elf32_ehdr eh;

	memset(out, 0, sizeof *out);
	if (why && why_len)
		why[0] = 0;
	if (!img || len < sizeof eh)
		return reject(why, why_len, "too short for an ELF header (%u bytes)", len);
	memcpy(&eh, img, sizeof eh);
	/* The note before the segments: for a native or stale image, "no VMI
	 * note" or "ABI 2.0" says more than whatever else is wrong with it. */
	if (check_ehdr(&eh, len, why, why_len) ||
	    find_note(img, len, &eh, out, why, why_len) ||
	    collect_loads(img, len, &eh, out, why, why_len) ||
	    check_layout(out, mem_bytes, why, why_len))
		return -1;
	out->entry = eh.e_entry;
	return check_entry(out, why, why_len);
}
