# test_bad_images.py - scripts/make_bad_images.py: every kind of malformed
# image is refused by hypervisor/elf.c (compiled for the host) for exactly
# the reason the kind declares, while the image it was made from is
# accepted - so each kind differs from a valid image in one way only.  The
# base is the synthetic image of test_elf_validator (no build needed) and,
# when built, the real images (the victim, which the Makefile uses, and the
# guest).
import os
import subprocess
import tempfile
import unittest

import scripts.tests.test_elf_validator as tev
from scripts.tests.util import ROOT, have, load

bad = load("make_bad_images", "scripts/make_bad_images.py")
MEM = 32 << 20          # the builder's default domain size (HV_DEFAULT_MEM_MB)


@unittest.skipUnless(have("gcc"), "needs gcc to build the host harness for hypervisor/elf.c")
class BadImagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        src = os.path.join(cls.tmp.name, "harness.c")
        with open(src, "w") as f:
            f.write(tev.HARNESS)
        cls.exe = os.path.join(cls.tmp.name, "harness")
        r = subprocess.run(["gcc", "-std=gnu11", "-O1", "-Wall", "-Werror",
                            "-I" + os.path.join(ROOT, "vmi/include"),
                            "-I" + os.path.join(ROOT, "hypervisor"), "-I" + ROOT, src,
                            os.path.join(ROOT, "hypervisor/elf.c"), "-o", cls.exe],
                           capture_output=True, text=True)
        if r.returncode:
            raise AssertionError("cannot compile the harness:\n" + r.stderr)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def verdicts(self, images):
        paths = []
        for i, data in enumerate(images):
            paths.append(os.path.join(self.tmp.name, "img%d" % i))
            with open(paths[-1], "wb") as f:
                f.write(data)
        r = subprocess.run([self.exe, str(MEM)] + paths, capture_output=True, text=True,
                           timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.splitlines()

    def check_base(self, base):
        kinds = list(bad.KINDS)
        lines = self.verdicts([base] + [bad.make(base, k) for k in kinds])
        self.assertTrue(lines[0].startswith("OK "), "base refused: " + lines[0])
        for kind, line in zip(kinds, lines[1:]):
            with self.subTest(kind=kind):
                self.assertTrue(line.startswith("REJECT "), line)
                self.assertIn(bad.KINDS[kind][1], line)

    def test_synthetic_base(self):
        self.check_base(tev.Image().pack())

    def test_real_bases_if_built(self):
        paths = [os.path.join(ROOT, "build", p) for p in
                 ("conformance/pvhv/victim/checksum.elf", "guest-pvhv.elf")]
        paths = [p for p in paths if os.path.exists(p)]
        if not paths:
            self.skipTest("no pvhv image built")
        for path in paths:
            with self.subTest(base=path), open(path, "rb") as f:
                self.check_base(f.read())

    def test_every_kind_has_a_test(self):
        tests = os.path.join(ROOT, "conformance", "hostile")
        for kind in bad.KINDS:
            with self.subTest(kind=kind):
                self.assertTrue(os.path.isfile(os.path.join(tests, "image_%s.c" % kind)))
                with open(os.path.join(tests, "image_%s.domains" % kind)) as f:
                    self.assertIn("build:bad-images/%s.elf" % kind, f.read())

    def test_unusable_base_is_an_error(self):
        img = tev.Image()
        img.phdrs = [p for p in img.phdrs if p[0] != tev.PT_NOTE]
        with self.assertRaises(ValueError):
            bad.make(img.pack(), "abi_major")
        with self.assertRaises(ValueError):
            bad.make(b"not an image at all, long enough for a header" * 2, "bad_magic")


if __name__ == "__main__":
    unittest.main()
