#!/usr/bin/env python3
"""make_bad_images.py - malformed pvhv guest images for the builder's hostile tests.

Usage: make_bad_images.py BASE OUTDIR [KIND...]      (default: every kind)
       make_bad_images.py --list

Each kind is BASE (a real, valid pvhv image: the Makefile uses the victim,
build/conformance/pvhv/victim/checksum.elf, which changes less often than
the guest kernel) with ONE thing wrong, patched in place with struct so that everything else
stays as the linker made it.  The image is written to OUTDIR/<kind>.elf and
run by conformance/hostile/image_<kind> (its .domains names it as
build:bad-images/<kind>.elf): the hypervisor must log "domain N (bad)
rejected: <reason>" and run the good domain beside it.  REASON is the part
of hypervisor/elf.c's rejection message this kind must produce (checked by
scripts/tests/test_bad_images.py against elf.c compiled for the host), so a
kind that is refused for some other reason - i.e. differs in more than one
way - is noticed.

BASE is checked first (ELF32 i386 ET_EXEC, at least two PT_LOADs, a PT_NOTE
holding the VMI note, the entry in an executable PT_LOAD): a base the
patches cannot apply to is an error, never a silently vacuous test.
Standard library only.
"""
import os
import struct
import sys

KERNEL_BASE = 0xC0000000
HV_START = 0xFC000000
HV_IMAGE = 0xFC400000          # the hypervisor's text (vmi/pvhv.h PVHV_HV_BASE)
EM_X86_64, EM_ARM = 62, 40
PT_NULL, PT_LOAD, PT_NOTE = 0, 1, 4
PF_X = 1
EHDR = "<16sHHIIIIIHHHHHH"      # ELF32 header, 52 bytes
PHDR = "<IIIIIIII"              # ELF32 program header, 32 bytes
PHDR_SIZE = 32
# e_ident and header field offsets
OFF_CLASS, OFF_MACHINE, OFF_ENTRY, OFF_PHOFF = 4, 18, 24, 28
# program header field offsets
PH_TYPE, PH_VADDR, PH_MEMSZ = 0, 8, 20


class Elf:
    """The parts of an ELF32 image the patches need, with field offsets."""

    def __init__(self, data):
        if len(data) < 52 or data[:4] != b"\x7fELF":
            raise ValueError("not an ELF file")
        (ident, self.type, self.machine, _, self.entry, self.phoff, _, _, _,
         phentsize, self.phnum, _, _, _) = struct.unpack_from(EHDR, data)
        if ident[4] != 1 or ident[5] != 1 or self.machine != 3 or self.type != 2:
            raise ValueError("not an ELF32 little-endian i386 ET_EXEC image")
        if phentsize != PHDR_SIZE or self.phoff + self.phnum * PHDR_SIZE > len(data):
            raise ValueError("bad program header table")
        self.phdrs = []        # (file offset of the header, fields...)
        for i in range(self.phnum):
            at = self.phoff + i * PHDR_SIZE
            self.phdrs.append((at,) + struct.unpack_from(PHDR, data, at))
        self.loads = [p for p in self.phdrs if p[1] == PT_LOAD and p[6] > 0]
        self.notes = [p for p in self.phdrs if p[1] == PT_NOTE]

    @staticmethod
    def field(ph, off):
        """The file offset of field `off` of program header ph."""
        return ph[0] + off

    def vmi_note_desc(self, data):
        """File offset of the VMI note's 4-byte desc (the ABI version)."""
        for ph in self.notes:
            off, end = ph[2], ph[2] + ph[5]
            while end - off >= 12:
                namesz, descsz, ntype = struct.unpack_from("<III", data, off)
                name_at = off + 12
                desc_at = name_at + (namesz + 3) // 4 * 4
                if data[name_at:name_at + namesz] == b"VMI\0" and ntype == 1 and descsz == 4:
                    return desc_at
                off = desc_at + (descsz + 3) // 4 * 4
        raise ValueError("no VMI note in any PT_NOTE")


def check_base(data):
    """Raise ValueError unless DATA is a pvhv image every patch applies to."""
    elf = Elf(data)
    if len(elf.loads) < 2:
        raise ValueError("need at least two non-empty PT_LOADs")
    elf.vmi_note_desc(data)
    if not any(p[7] & PF_X and p[3] <= elf.entry < p[3] + p[5] for p in elf.loads):
        raise ValueError("entry point not in an executable PT_LOAD")
    for p in elf.loads:
        if not KERNEL_BASE <= p[3] < p[3] + p[6] <= HV_START:
            raise ValueError("a PT_LOAD outside the kernel range")
    return elf


def put32(data, at, value):
    struct.pack_into("<I", data, at, value & 0xFFFFFFFF)


def put16(data, at, value):
    struct.pack_into("<H", data, at, value)


def last_load(elf):
    """The highest PT_LOAD (data + bss in a linked image)."""
    return max(elf.loads, key=lambda p: p[3])


# ---- the patches: each changes one field of a valid image ----

def bad_magic(data, elf):
    data[3] = ord("X")                                   # "\x7fELX"


def machine_x86_64(data, elf):
    put16(data, OFF_MACHINE, EM_X86_64)


def machine_arm(data, elf):
    put16(data, OFF_MACHINE, EM_ARM)


def class64(data, elf):
    data[OFF_CLASS] = 2                                  # ELFCLASS64, header unchanged


def overlap(data, elf):
    # The second PT_LOAD moved onto the first one's first page (same page
    # offset, so only the overlap is wrong).
    first, second = sorted(elf.loads, key=lambda p: p[3])[:2]
    put32(data, Elf.field(second, PH_VADDR), (first[3] & ~0xFFF) | (second[3] & 0xFFF))


def memsz_huge(data, elf):
    # 768 MiB of .bss: inside the kernel range, beyond any domain's memory
    # (the builder allows at most mem=256).
    put32(data, Elf.field(last_load(elf), PH_MEMSZ), 0x30000000)


def memsz_wrap(data, elf):
    # vaddr + memsz wraps 4 GiB and ends at 0x1000: a check of "end <=
    # HV_START" done in 32 bits would pass it.
    ph = last_load(elf)
    put32(data, Elf.field(ph, PH_MEMSZ), (1 << 32) - ph[3] + 0x1000)


def below_kernel_base(data, elf):
    # Linked as a native image would be: the data segment at its physical
    # address, in what is user space under pvhv.
    ph = last_load(elf)
    put32(data, Elf.field(ph, PH_VADDR), ph[3] - KERNEL_BASE)


def entry_hv(data, elf):
    put32(data, OFF_ENTRY, HV_IMAGE)


def entry_outside(data, elf):
    # VMI_KERNEL_BASE: mapped at boot (pseudo-physical 0), zeroed, in no segment.
    put32(data, OFF_ENTRY, KERNEL_BASE)


def no_note(data, elf):
    for ph in elf.notes:                                 # PT_NOTE -> PT_NULL
        put32(data, Elf.field(ph, PH_TYPE), PT_NULL)


def abi_major(data, elf):
    at = elf.vmi_note_desc(data)
    version = struct.unpack_from("<I", data, at)[0]
    put32(data, at, version + (1 << 16))                # next major, same minor


def phdrs_past_end(data, elf):
    # The table starts inside the file and runs 16 bytes past its end.
    put32(data, OFF_PHOFF, len(data) - elf.phnum * PHDR_SIZE + 16)


def phoff_wrap(data, elf):
    # offset + size wraps to a small number: "phoff + size <= len" in 32 bits
    # would pass it.
    put32(data, OFF_PHOFF, 0xFFFFFFE0)


# kind: (patch, the reason elf.c must give - a substring of its message)
KINDS = {
    "bad_magic": (bad_magic, "not an ELF file (bad magic)"),
    "machine_x86_64": (machine_x86_64, "e_machine 62 is not EM_386"),
    "machine_arm": (machine_arm, "e_machine 40 is not EM_386"),
    "class64": (class64, "not ELFCLASS32 (class 2)"),
    "overlap": (overlap, "overlap"),
    "memsz_huge": (memsz_huge, "more than the domain's"),
    "memsz_wrap": (memsz_wrap, "outside [0xc0000000, 0xfc000000)"),
    "below_kernel_base": (below_kernel_base, "outside [0xc0000000, 0xfc000000)"),
    "entry_hv": (entry_hv, "entry point 0xfc400000 is not inside an executable PT_LOAD"),
    "entry_outside": (entry_outside, "entry point 0xc0000000 is not inside an executable PT_LOAD"),
    "no_note": (no_note, "no VMI ABI note"),
    "abi_major": (abi_major, "major version differs"),
    "phdrs_past_end": (phdrs_past_end, "program header table"),
    "phoff_wrap": (phoff_wrap, "program header table"),
}


def make(base, kind):
    """The bytes of KIND made from the bytes BASE (raises ValueError)."""
    elf = check_base(base)
    data = bytearray(base)
    KINDS[kind][0](data, elf)
    if bytes(data) == base:
        raise ValueError("%s: the patch changed nothing" % kind)
    return bytes(data)


def main(argv):
    if argv == ["--list"]:
        print("\n".join(KINDS))
        return 0
    if len(argv) < 2:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    base_path, outdir, kinds = argv[0], argv[1], argv[2:] or list(KINDS)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        sys.exit("make_bad_images.py: no such kind: %s (have: %s)"
                 % (", ".join(unknown), " ".join(KINDS)))
    with open(base_path, "rb") as f:
        base = f.read()
    try:
        check_base(base)
    except ValueError as e:
        sys.exit("make_bad_images.py: %s is not a usable base image: %s" % (base_path, e))
    os.makedirs(outdir, exist_ok=True)
    for kind in kinds:
        path = os.path.join(outdir, kind + ".elf")
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(make(base, kind))
        os.replace(tmp, path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
