# seeds.py - the starting corpora of the host fuzzers (scripts/fuzz/).
#
# elf: guest images made with struct.pack, the way scripts/tests/
# test_elf_validator.py makes them - a valid minimal pvhv image, valid
# variants, and one of each kind of malformed image the validator must
# refuse - plus the real guest images of build/ when they exist (stripped:
# the validator reads no section, and small seeds mutate faster).
#
# pagetable: programs in the byte code that fuzz_pagetable.c decodes: an
# honest guest building its address space, and the classic attacks on a
# validating hypervisor (a writable alias of a table, a table mapping
# itself writable, an L2 naming an L1 of the other domain or a frame of the
# hypervisor, writes to the hypervisor slots, unpinning what is in use,
# counts that an honest guest drives high, a domain rebuilt under its
# tables).
import glob
import os
import shutil
import struct
import subprocess
import tempfile

KERNEL_BASE = 0xC0000000
HV_START = 0xFC000000
PT_LOAD, PT_NOTE = 1, 4
PF_X, PF_W, PF_R = 1, 2, 4
ABI = 1 << 16                      # VMI ABI 1.0, PVHV_NOTE_TYPE 1


def note(name=b"VMI\0", ntype=1, desc=None, namesz=None, descsz=None):
    desc = struct.pack("<I", ABI) if desc is None else desc
    head = struct.pack("<III", len(name) if namesz is None else namesz,
                       len(desc) if descsz is None else descsz, ntype)
    pad = lambda b: b + b"\0" * (-len(b) % 4)
    return head + pad(name) + pad(desc)


def image(phdrs=None, notes=None, entry=KERNEL_BASE + 0x100000, ident=b"\x7fELF\1\1\1",
          e_type=2, machine=3, phentsize=32, phnum=None, phoff=52, blobs=None):
    """An ELF32 file: phdrs are (type, offset, vaddr, filesz, memsz, flags);
    blobs {offset: bytes}.  Default: text RX with the note at 0x1100, data+bss RW."""
    notes = note() if notes is None else notes
    if phdrs is None:
        phdrs = [(PT_LOAD, 0x1000, KERNEL_BASE + 0x100000, 0x200, 0x200, PF_R | PF_X),
                 (PT_LOAD, 0x2000, KERNEL_BASE + 0x101000, 0x20, 0x3000, PF_R | PF_W),
                 (PT_NOTE, 0x1100, KERNEL_BASE + 0x100100, len(notes), len(notes), PF_R)]
    if blobs is None:
        blobs = {0x1000: b"\x90" * 0x100, 0x1100: notes, 0x2000: b"\x11" * 0x20}
    out = bytearray(struct.pack(
        "<16sHHIIIIIHHHHHH", ident.ljust(16, b"\0"), e_type, machine, 1, entry, phoff,
        0, 0, 52, phentsize, len(phdrs) if phnum is None else phnum, 40, 0, 0))
    for t, off, va, fs, ms, fl in phdrs:
        out += struct.pack("<IIIIIIII", t, off, va, (va - KERNEL_BASE) & 0xFFFFFFFF,
                           fs, ms, fl, 0x1000)
    for off, blob in sorted(blobs.items()):
        out += bytes(max(0, off - len(out)))
        out[off:off + len(blob)] = blob
    return bytes(out)


def elf_seeds():
    """{name: bytes} of hand-made images."""
    text = (PT_LOAD, 0x1000, KERNEL_BASE + 0x100000, 0x200, 0x200, PF_R | PF_X)
    data = (PT_LOAD, 0x2000, KERNEL_BASE + 0x101000, 0x20, 0x3000, PF_R | PF_W)
    nt = (PT_NOTE, 0x1100, KERNEL_BASE + 0x100100, len(note()), len(note()), PF_R)
    many = [text, nt] + [(PT_LOAD, 0x2000, KERNEL_BASE + 0x101000 + n * 0x1000, 0x10,
                          0x800, PF_R | PF_W) for n in range(15)]
    two_notes = note(b"GNU\0", ntype=3, desc=b"\1\2\3\4\5\6\7\x08") + note()
    s = {
        "valid": image(),
        "valid_other_notes_first": image(
            notes=two_notes,
            phdrs=[text, data, (PT_NOTE, 0x1100, KERNEL_BASE + 0x100100, len(two_notes),
                                len(two_notes), PF_R)]),
        "valid_empty_load": image(phdrs=[text, data, nt, (PT_LOAD, 0, KERNEL_BASE, 0, 0, PF_R)]),
        "valid_16_loads": image(phdrs=many),
        "valid_big_bss": image(phdrs=[text, (PT_LOAD, 0x2000, KERNEL_BASE + 0x101000, 0x20,
                                              0x2F0000, PF_R | PF_W), nt]),
        "valid_unaligned": image(phdrs=[(PT_LOAD, 0x1004, KERNEL_BASE + 0x100004, 0x1fc, 0x1fc,
                                         PF_R | PF_X), (PT_LOAD, 0x2001, KERNEL_BASE + 0x101001,
                                                        0x1f, 0x2fff, PF_R | PF_W), nt],
                                 entry=KERNEL_BASE + 0x100010),
        "bad_magic": image(ident=b"\x7fELX\1\1\1"),
        "bad_class": image(ident=b"\x7fELF\2\1\1"),
        "bad_machine": image(machine=62),
        "bad_type": image(e_type=3),
        "bad_phentsize": image(phentsize=40),
        "too_many_phdrs": image(phnum=33),
        "phdrs_outside": image(phoff=0xFFFFFFF0),
        "load_outside_file": image(phdrs=[text, (PT_LOAD, 0xFFFFFFFF, KERNEL_BASE + 0x101000,
                                                 0x20, 0x3000, PF_R | PF_W), nt]),
        "filesz_over_memsz": image(phdrs=[(PT_LOAD, 0x1000, KERNEL_BASE + 0x100000, 0x200, 0x100,
                                           PF_R | PF_X), data, nt]),
        "load_in_hypervisor": image(phdrs=[text, (PT_LOAD, 0x2000, HV_START - 0x1000, 0x20,
                                                  0x3000, PF_R | PF_W), nt]),
        "load_wraps": image(phdrs=[text, (PT_LOAD, 0x2000, 0xFFFFF000, 0x20, 0x3000, PF_R), nt]),
        "overlap": image(phdrs=[text, (PT_LOAD, 0x2000, KERNEL_BASE + 0x100100, 0x20, 0x3000,
                                       PF_R | PF_W), nt]),
        "too_big": image(phdrs=[text, (PT_LOAD, 0x2000, KERNEL_BASE + 0x101000, 0x20,
                                       0x10000000, PF_R | PF_W), nt]),
        "too_many_loads": image(phdrs=many + [(PT_LOAD, 0x2000, KERNEL_BASE + 0x200000, 0, 0x10,
                                               PF_R)]),
        "no_load": image(phdrs=[nt]),
        "entry_in_bss": image(entry=KERNEL_BASE + 0x101100),
        "entry_not_exec": image(phdrs=[(PT_LOAD, 0x1000, KERNEL_BASE + 0x100000, 0x200, 0x200,
                                        PF_R), data, nt]),
        "no_note": image(phdrs=[text, data]),
        "note_name_past": image(notes=note(namesz=0xFFFFFFFF)),
        "note_desc_past": image(notes=note(descsz=0xFFFFFFFE)),
        "note_abi_major": image(notes=note(desc=struct.pack("<I", 2 << 16))),
        "note_abi_minor": image(notes=note(desc=struct.pack("<I", ABI + 1))),
        "note_truncated": image(phdrs=[text, data, (PT_NOTE, 0x1100, 0, 15, 15, PF_R)]),
        "note_outside": image(phdrs=[text, data, (PT_NOTE, 0xFFFFFFF0, 0, 0x20, 0x20, PF_R)]),
    }
    s["truncated_header"] = s["valid"][:40]
    s["truncated_phdrs"] = s["valid"][:52 + 40]
    s["truncated_body"] = s["valid"][:0x1180]
    return s


def real_elf_seeds(build_dir, limit=4):
    """Stripped copies of the pvhv guest images in build_dir, if built:
    {name: bytes}.  strip is best effort: the unstripped file otherwise."""
    paths = [os.path.join(build_dir, "guest-pvhv.elf")]
    paths += sorted(glob.glob(os.path.join(build_dir, "conformance/pvhv/calls/*.elf")))[:limit]
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for p in paths:
            if not os.path.exists(p):
                continue
            name = "real_" + os.path.relpath(p, build_dir).replace("/", "_")
            stripped = os.path.join(tmp, name)
            if not (shutil.which("strip") and subprocess.run(
                    ["strip", "-o", stripped, p], capture_output=True).returncode == 0):
                stripped = p
            with open(stripped, "rb") as f:
                out[name] = f.read()
    return out


# ---- the page-table programs: the byte code of fuzz_pagetable.c ----
P, W, U, PS = 1, 2, 4, 8            # flag bits of an entry pick (see pick_entry)
OTHER = 0xE0                        # frame pick: the other domain's frame 0
HV_L1008, HV_SHARED, HV_IMAGE, PAST_TOP, FREE = 0xF0, 0xF1, 0xF2, 0xF3, 0xF4


def ent(frame, flags):
    return bytes([flags, frame])


def raw(value):
    return bytes([0x80]) + struct.pack("<I", value)


def dom(d, op):
    return op | (0x80 if d else 0)


def write(f, idx, e, d=0):
    return bytes([dom(d, 0), f]) + struct.pack("<H", idx) + e


def fill(f, e, step=0, d=0):
    return bytes([dom(d, 2), f]) + e + bytes([step])


def pin1(f, d=0):
    return bytes([dom(d, 3), f])


def pin2(f, d=0):
    return bytes([dom(d, 5), f])


def pin_level(f, level, d=0):
    return bytes([dom(d, 7), f, level & 0xFF])


def unpin(f, d=0):
    return bytes([dom(d, 8), f])


def update(f, idx, e, cmd=0, d=0):
    return bytes([dom(d, 10), f]) + struct.pack("<H", idx * 4 | cmd) + e


def baseptr(f, d=0):
    return bytes([dom(d, 13), f])


def switch(d):
    return bytes([dom(d, 14), 0])


def load_cr3(f, d=0):
    """The builder's order: CR3 loaded before the base pointer is recorded."""
    return bytes([dom(d, 14) | 0x10, f])


def rebuild(n, d=0):
    return bytes([dom(d, 15), 0, n])


def honest_space(d=0):
    """L1 (frame 1) maps frames 0, 3, 4 writable and itself read-only; L2
    (frame 2) maps it at the kernel slot; then load it."""
    return (fill(1, ent(0, 0), d=d) + write(1, 0, ent(0, P | W), d=d) +
            write(1, 1, ent(1, P), d=d) + write(1, 2, ent(3, P | W | U), d=d) +
            write(1, 3, ent(4, P | W), d=d) + pin1(1, d=d) + fill(2, ent(0, 0), d=d) +
            write(2, 768, ent(1, P | W), d=d) + pin2(2, d=d) + baseptr(2, d=d))


def pagetable_seeds():
    s = {
        "honest": honest_space() + update(1, 5, ent(5, P | W)) + update(2, 769, ent(1, P)) +
        update(1, 5, ent(5, P)) + unpin(2) + unpin(1),
        "both_domains": honest_space(0) + switch(1) + honest_space(1) + switch(0) +
        update(1, 7, ent(6, P)) + switch(1) + update(1, 7, ent(6, P | W), d=1),
        "writable_alias_then_pin": honest_space() + pin1(3) + update(1, 2, ent(3, P)) + pin1(3) +
        update(1, 9, ent(3, P | W)),
        "table_maps_itself": write(1, 0, ent(1, P | W)) + pin1(1) + write(1, 0, ent(1, P)) +
        pin1(1) + update(1, 0, ent(1, P | W)) + update(1, 1, ent(2, P | W)) + pin1(2),
        "l2_names_foreign": pin1(1) + pin1(0, d=1) + write(2, 3, ent(OTHER, P)) + pin2(2) +
        write(2, 3, ent(HV_IMAGE, P)) + pin2(2) + write(2, 3, ent(1, P | PS)) + pin2(2) +
        write(2, 3, ent(1, P)) + pin2(2) + update(2, 4, ent(OTHER, P)) +
        update(2, 5, ent(HV_L1008, P | W)),
        "l1_maps_foreign": write(1, 0, ent(OTHER, P)) + pin1(1) + write(1, 0, ent(HV_SHARED, P | W)) +
        pin1(1) + write(1, 0, ent(PAST_TOP, P)) + pin1(1) + write(1, 0, ent(FREE, P)) + pin1(1) +
        write(1, 0, raw(0xFFFFF003)) + pin1(1) + write(1, 0, ent(OTHER, 0)) + pin1(1) +
        update(1, 1, ent(OTHER, P)) + update(1, 2, ent(HV_L1008, P | W)),
        "hypervisor_slots": honest_space() + update(2, 1008, ent(1, P)) + update(2, 1023, raw(0)) +
        update(2, 1015, ent(1, P | W)) + update(2, 1007, ent(1, P)),
        "bad_commands": honest_space() + update(1, 3, ent(4, P), cmd=1) +
        update(1, 3, ent(4, P), cmd=3) + pin_level(5, 0) + pin_level(5, 3) + pin_level(5, -1) +
        update(6, 0, ent(4, P)) + baseptr(1) + baseptr(6) + baseptr(OTHER) + unpin(7),
        "unpin_in_use": honest_space() + unpin(1) + unpin(2) + fill(6, ent(0, 0)) +
        write(6, 0, ent(1, P)) + pin2(6) + baseptr(6) + unpin(2) + unpin(1) +
        update(6, 0, raw(0)) + update(2, 768, raw(0)) + unpin(2) + unpin(1),
        "counts": fill(1, ent(0, P | W)) + pin1(1) + fill(3, ent(0, P | W)) + pin1(3) + pin1(0) +
        fill(4, ent(1, P)) + pin2(4) + unpin(1) + update(1, 0, ent(0, P)) + unpin(4) + unpin(3) +
        unpin(1) + pin1(0),
        "stepped_fill": fill(1, ent(0, P | W), step=1) + pin1(1) + fill(1, ent(0, P), step=1) +
        pin1(1),
        "cr3_before_record": honest_space() + fill(6, ent(0, 0)) + write(6, 0, ent(1, P)) +
        pin2(6) + load_cr3(6) + unpin(6) + unpin(2) + baseptr(6) + unpin(2) + switch(1) +
        switch(0) + unpin(2),
        "rebuild": honest_space() + rebuild(8) + honest_space() + switch(1) + rebuild(23, d=1) +
        honest_space(1) + rebuild(30, d=1) + switch(0) + unpin(2),
    }
    return s


def write_seeds(root, build_dir):
    """Write both corpora under root/<target>/ (replacing what was there)."""
    for target, seeds in (("elf", {**elf_seeds(), **real_elf_seeds(build_dir)}),
                          ("pagetable", pagetable_seeds())):
        d = os.path.join(root, target)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for name, data in seeds.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
