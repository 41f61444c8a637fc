# test_elf_validator.py - hypervisor/elf.c, compiled for the host, accepts a
# well-formed pvhv guest image and rejects each kind of malformed one with
# the reason the domain builder logs.  Images are built here with
# struct.pack, so the test needs no build of the project - only gcc.  The
# harness is built with AddressSanitizer when the host has it, so a read
# outside the image (the validator reads hostile input) fails the test too.
import os
import random
import re
import struct
import subprocess
import tempfile
import unittest

from scripts.tests.util import ROOT, have

KERNEL_BASE = 0xC0000000
HV_START = 0xFC000000
MIB = 1 << 20
EHDR_SIZE, PHDR_SIZE = 52, 32
PT_LOAD, PT_NOTE = 1, 4
PF_X, PF_W, PF_R = 1, 2, 4

HARNESS = r'''
#include <stdio.h>
#include <stdlib.h>
#include "elf.h"

/* elf_check on each file, with exactly len bytes allocated (so ASan sees
 * any read past the image): one line per file. */
int main(int argc, char **argv)
{
	uint32_t mem = (uint32_t)strtoul(argv[1], NULL, 0);
	for (int i = 2; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		long len;
		if (!f || fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0)
			return 2;
		rewind(f);
		unsigned char *buf = malloc(len ? (size_t)len : 1);
		if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len)
			return 2;
		fclose(f);
		struct elf_image img;
		char why[ELF_REASON_MAX];
		if (elf_check(buf, (uint32_t)len, mem, &img, why, sizeof why) == 0)
			printf("OK entry=%#x start=%#x end=%#x loads=%u abi=%#x\n", img.entry,
			       img.start, img.end, img.nr_loads, img.abi_version);
		else
			printf("REJECT %s\n", why);
		free(buf);
	}
	return 0;
}
'''


def header_define(relpath, name):
    """The integer value of #define NAME in a repo header."""
    with open(os.path.join(ROOT, relpath)) as f:
        m = re.search(r"#define\s+%s\s+(\d+)" % name, f.read())
    return int(m.group(1))


ABI_MAJOR = header_define("vmi/include/vmi/calls.h", "VMI_ABI_MAJOR")
ABI_MINOR = header_define("vmi/include/vmi/calls.h", "VMI_ABI_MINOR")
NOTE_TYPE = header_define("vmi/include/vmi/pvhv.h", "PVHV_NOTE_TYPE")


def note(name=b"VMI\0", ntype=None, desc=None, namesz=None, descsz=None):
    """One ELF note, name and desc padded to 4 bytes."""
    if desc is None:
        desc = struct.pack("<I", (ABI_MAJOR << 16) | ABI_MINOR)
    ntype = NOTE_TYPE if ntype is None else ntype
    head = struct.pack("<III", len(name) if namesz is None else namesz,
                       len(desc) if descsz is None else descsz, ntype)
    pad = lambda b: b + b"\0" * (-len(b) % 4)
    return head + pad(name) + pad(desc)


class Image:
    """A minimal pvhv guest: text (RX) at 1 MiB with the note in it, data
    and bss (RW) on the next page.  Tests change fields, then pack()."""

    def __init__(self):
        self.ident = bytearray(b"\x7fELF" + bytes([1, 1, 1]) + bytes(9))
        self.e_type, self.e_machine, self.e_version = 2, 3, 1
        self.entry = KERNEL_BASE + 0x100000
        self.phoff, self.phentsize, self.phnum = EHDR_SIZE, PHDR_SIZE, None
        self.notes = note()
        text = b"\x90" * 0x100                         # the note follows at 0x1100
        self.blobs = {0x1000: text, 0x1100: None, 0x2000: b"\x11" * 0x20}
        # [type, offset, vaddr, filesz, memsz, flags]
        self.phdrs = [[PT_LOAD, 0x1000, KERNEL_BASE + 0x100000, 0x200, 0x200, PF_R | PF_X],
                      [PT_LOAD, 0x2000, KERNEL_BASE + 0x101000, 0x20, 0x3000, PF_R | PF_W],
                      [PT_NOTE, 0x1100, KERNEL_BASE + 0x100100, None, None, PF_R]]

    def pack(self):
        self.blobs[0x1100] = self.notes
        for ph in self.phdrs:
            if ph[0] == PT_NOTE:
                ph[3] = len(self.notes) if ph[3] is None else ph[3]
                ph[4] = ph[3] if ph[4] is None else ph[4]
        out = bytearray(struct.pack(
            "<16sHHIIIIIHHHHHH", bytes(self.ident), self.e_type, self.e_machine,
            self.e_version, self.entry, self.phoff, 0, 0, EHDR_SIZE, self.phentsize,
            len(self.phdrs) if self.phnum is None else self.phnum, 40, 0, 0))
        for t, off, va, fs, ms, fl in self.phdrs:
            out += struct.pack("<IIIIIIII", t, off, va, va - KERNEL_BASE & 0xFFFFFFFF,
                               fs, ms, fl, 0x1000)
        for off, blob in sorted(self.blobs.items()):
            out += bytes(max(0, off - len(out)))
            out[off:off + len(blob)] = blob
        return bytes(out)


@unittest.skipUnless(have("gcc"), "needs gcc to build the host harness for hypervisor/elf.c")
class ElfValidatorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        src = os.path.join(cls.tmp.name, "harness.c")
        with open(src, "w") as f:
            f.write(HARNESS)
        cls.exe = os.path.join(cls.tmp.name, "harness")
        base = ["gcc", "-std=gnu11", "-O1", "-g", "-Wall", "-Wextra", "-Werror",
                "-I" + os.path.join(ROOT, "vmi/include"), "-I" + os.path.join(ROOT, "hypervisor"), "-I" + ROOT,
                src, os.path.join(ROOT, "hypervisor/elf.c"), "-o", cls.exe]
        # Sanitizers when the host has them; the plain build otherwise.
        for extra in (["-fsanitize=address,undefined", "-fno-sanitize-recover=all"], []):
            r = subprocess.run(base + extra, capture_output=True, text=True)
            if r.returncode == 0:
                return
        raise AssertionError("cannot compile the harness:\n" + r.stderr)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_images(self, images, mem=32 * MIB):
        """Harness output lines for a list of byte strings."""
        paths = []
        for i, data in enumerate(images):
            paths.append(os.path.join(self.tmp.name, "img%d" % i))
            with open(paths[-1], "wb") as f:
                f.write(data)
        r = subprocess.run([self.exe, str(mem)] + paths, capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(len(lines), len(images), r.stdout)
        return lines

    def check(self, data, mem=32 * MIB):
        return self.run_images([data], mem)[0]

    def assertRejected(self, data, reason, mem=32 * MIB):
        line = self.check(data, mem)
        self.assertTrue(line.startswith("REJECT "), line)
        self.assertIn(reason, line)

    def variant(self, change):
        img = Image()
        change(img)
        return img.pack()

    # ---- accepted ----
    def test_valid(self):
        line = self.check(Image().pack())
        self.assertEqual(line, "OK entry=%#x start=%#x end=%#x loads=2 abi=%#x" % (
            KERNEL_BASE + 0x100000, KERNEL_BASE + 0x100000, KERNEL_BASE + 0x104000,
            (ABI_MAJOR << 16) | ABI_MINOR))

    def test_other_notes_first(self):
        def change(img):
            img.notes = note(b"GNU\0", ntype=3, desc=b"\1\2\3\4\5\6\7\x08") + note()
        self.assertTrue(self.check(self.variant(change)).startswith("OK"))
        img = Image()
        img.notes = note(b"Xen\0", desc=b"\1\2") + note()     # padded desc before ours
        self.assertTrue(self.check(img.pack()).startswith("OK"))

    def test_empty_load_ignored(self):
        def change(img):
            img.phdrs.append([PT_LOAD, 0, KERNEL_BASE + 0x100000, 0, 0, PF_R])
        self.assertIn("loads=2", self.check(self.variant(change)))

    def test_fits_exactly(self):
        # The image ends at 1 MiB + 16 KiB; memory of exactly that is enough.
        self.assertTrue(self.check(Image().pack(), mem=MIB + 0x4000).startswith("OK"))

    def test_real_image_if_built(self):
        path = os.path.join(ROOT, "build/guest-pvhv.elf")
        if not os.path.exists(path):
            self.skipTest("build/guest-pvhv.elf not built")
        with open(path, "rb") as f:
            self.assertTrue(self.check(f.read()).startswith("OK"))

    # ---- the ELF header ----
    def test_header(self):
        cases = [
            (lambda i: i.ident.__setitem__(1, ord("X")), "bad magic"),
            (lambda i: i.ident.__setitem__(4, 2), "ELFCLASS32"),
            (lambda i: i.ident.__setitem__(5, 2), "little-endian"),
            (lambda i: i.ident.__setitem__(6, 0), "EV_CURRENT"),
            (lambda i: setattr(i, "e_version", 2), "EV_CURRENT"),
            (lambda i: setattr(i, "e_machine", 62), "EM_386"),
            (lambda i: setattr(i, "e_type", 3), "ET_EXEC"),
            (lambda i: setattr(i, "phentsize", 40), "e_phentsize"),
            (lambda i: setattr(i, "phnum", 0), "no program headers"),
            (lambda i: setattr(i, "phnum", 33), "too many program headers"),
            (lambda i: setattr(i, "phnum", 0xFFFF), "too many program headers"),
            (lambda i: setattr(i, "phoff", 0x10000), "program header table"),
            (lambda i: setattr(i, "phoff", 0xFFFFFFF0), "program header table"),
        ]
        self.check_cases(cases)
        self.assertRejected(Image().pack()[:EHDR_SIZE + 40], "program header table")
        self.assertRejected(b"\x7fELF\1\1\1", "too short")
        self.assertRejected(b"", "too short")

    def check_cases(self, cases):
        images = [self.variant(change) for change, _ in cases]
        for (change, reason), line in zip(cases, self.run_images(images)):
            with self.subTest(reason=reason):
                self.assertTrue(line.startswith("REJECT "), line)
                self.assertIn(reason, line)
                self.assertNotIn("\n", line)

    # ---- PT_LOAD segments ----
    def test_loads(self):
        def ph(i, field, value):
            return lambda img: img.phdrs[i].__setitem__(field, value)
        cases = [
            (ph(0, 1, 0x100000), "PT_LOAD 0: file range"),          # offset past the end
            (ph(1, 3, 0x100000), "PT_LOAD 1: file range"),          # filesz past the end
            (ph(1, 1, 0xFFFFFFFF), "PT_LOAD 1: file range"),        # offset + filesz wraps
            (ph(0, 4, 0x100), "filesz 0x200 > memsz 0x100"),
            (ph(0, 2, 0x00100000), "outside [0xc0000000, 0xfc000000)"),
            (ph(1, 2, HV_START - 0x1000), "outside"),               # crosses into the HV
            (ph(1, 2, HV_START), "outside"),
            (ph(1, 2, 0xFFFFF000), "outside"),                      # vaddr + memsz wraps
            (ph(1, 4, 0xFFFFFFFF), "outside"),
            (ph(1, 2, KERNEL_BASE + 0x100100), "overlap"),
            (ph(1, 2, KERNEL_BASE + 0x0FF000), "overlap"),           # ends inside text
            (ph(1, 4, 0x10000000), "spans"),                         # 256 MiB of bss
            (lambda img: img.phdrs.extend([[PT_LOAD, 0x2000, KERNEL_BASE + 0x200000 + n * 0x1000,
                                            0, 0x10, PF_R] for n in range(15)]),
             "too many PT_LOAD"),
            (lambda img: setattr(img, "phdrs", [p for p in img.phdrs if p[0] != PT_LOAD]),
             "no PT_LOAD"),
        ]
        self.check_cases(cases)

    def test_span_vs_memory(self):
        self.assertRejected(Image().pack(), "image spans 1040 KiB, more than the "
                            "domain's 1036 KiB", mem=MIB + 0x3000)

    # ---- the entry point ----
    def test_entry(self):
        cases = [
            (lambda i: setattr(i, "entry", KERNEL_BASE + 0x101000), "entry point"),  # data
            (lambda i: setattr(i, "entry", KERNEL_BASE + 0x100200), "entry point"),  # past text
            (lambda i: setattr(i, "entry", 0), "entry point 0x0"),
            (lambda i: i.phdrs[0].__setitem__(5, PF_R), "not inside an executable"),
            # in the executable segment's memory, but only as .bss
            (lambda i: (i.phdrs[0].__setitem__(4, 0x800),
                        setattr(i, "entry", KERNEL_BASE + 0x100400)), "entry point"),
        ]
        self.check_cases(cases)

    # ---- the VMI note ----
    def test_note(self):
        def notes(data):
            return lambda img: setattr(img, "notes", data)
        ver = lambda major, minor: struct.pack("<I", (major << 16) | minor)
        cases = [
            (lambda img: img.phdrs.pop(), "no VMI ABI note"),
            (notes(b""), "no VMI ABI note"),
            (notes(note(b"XEN\0")), "no VMI ABI note"),
            (notes(note(b"VMI")), "no VMI ABI note"),                # namesz 3
            (notes(note(ntype=NOTE_TYPE + 1)), "no VMI ABI note"),
            (notes(note(desc=b"\0" * 8)), "descsz 8, expected 4"),
            (notes(note(desc=ver(ABI_MAJOR + 1, ABI_MINOR))), "major version differs"),
            (notes(note(desc=ver(ABI_MAJOR - 1, ABI_MINOR))), "major version differs"),
            (notes(note(desc=ver(ABI_MAJOR, ABI_MINOR + 1))), "newer than the hypervisor"),
            (notes(note(namesz=0x1000)), "note name runs past"),
            (notes(note(namesz=0xFFFFFFFF)), "note name runs past"),
            (notes(note(descsz=0x1000)), "note desc runs past"),
            (notes(note(descsz=0xFFFFFFFE)), "note desc runs past"),
            (lambda img: img.phdrs[2].__setitem__(1, 0xFFFFFFF0), "PT_NOTE 2: file range"),
            (lambda img: img.phdrs[2].__setitem__(3, 0x100000), "PT_NOTE 2: file range"),
        ]
        self.check_cases(cases)

    def test_truncated_note_segment(self):
        # A PT_NOTE shorter than one note header holds no note at all.
        self.check_cases([(lambda img: img.phdrs[2].__setitem__(3, 11), "no VMI ABI note"),
                          (lambda img: img.phdrs[2].__setitem__(3, 15), "note name runs past")])

    # ---- hostile input in bulk ----
    def test_random_corruption(self):
        """Random byte flips and truncations: never a crash or a sanitizer
        report, and every answer is OK or a one-line reason."""
        rng = random.Random(1234)
        good = Image().pack()
        images = []
        for _ in range(300):
            data = bytearray(good)
            for _ in range(rng.randint(1, 6)):
                pos = rng.choice([rng.randrange(EHDR_SIZE + 3 * PHDR_SIZE),
                                  0x1100 + rng.randrange(20), rng.randrange(len(data))])
                data[pos] = rng.randrange(256)
            if rng.random() < 0.2:
                data = data[:rng.randrange(len(data))]
            images.append(bytes(data))
        for line in self.run_images(images):
            self.assertRegex(line, r"^(OK entry=|REJECT \S)")


if __name__ == "__main__":
    unittest.main()
