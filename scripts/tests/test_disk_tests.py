# test_disk_tests.py - the disk system tests' plumbing (conformance/
# disk_tests.py): the sidecar's settings, manifests of a folder, a tar
# archive and an image (debugfs), and that the verdict catches a changed
# file, a damaged filesystem and a written refused image.  The image tests
# skip without e2fsprogs.
import os
import shutil
import subprocess
import tarfile
import tempfile
import unittest

from scripts.tests.util import load

disk = load("conformance_disk_tests", "conformance/disk_tests.py")


def have_e2fsprogs():
    try:
        for t in ("mke2fs", "e2fsck", "debugfs"):
            disk.tool(t)
        return True
    except disk.DiskUnavailable:
        return False


class SpecTest(unittest.TestCase):
    def test_defaults_and_console_lines(self):
        s = disk.parse_spec("# c\nsize 8M\nconsole a b\nconsole c\n")
        self.assertEqual(s["size"], "8M")
        self.assertEqual(s["block-size"], "4096")
        self.assertEqual(s["console"], ["a b", "c"])

    def test_unknown_setting(self):
        with self.assertRaises(ValueError):
            disk.parse_spec("colour blue\n")


class ManifestTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.top = os.path.join(self.tmp.name, "top")
        os.makedirs(os.path.join(self.top, "d", "lost+found"))
        os.makedirs(os.path.join(self.top, "lost+found"))
        with open(os.path.join(self.top, "d", "f"), "w") as f:
            f.write("data\n")
        os.chmod(os.path.join(self.top, "d", "f"), 0o600)
        os.link(os.path.join(self.top, "d", "f"), os.path.join(self.top, "hard"))
        os.symlink("d/f", os.path.join(self.top, "sym"))

    def tearDown(self):
        self.tmp.cleanup()

    def test_folder_and_tar_agree(self):
        m = disk.dir_manifest(self.top)
        self.assertNotIn("lost+found", m)
        self.assertIn("d/lost+found", m)        # only the top one is mke2fs's
        self.assertEqual(m["sym"], ("link", 0o777, "d/f"))
        self.assertEqual(m["d/f"][:2], ("file", 0o600))
        tar = os.path.join(self.tmp.name, "t.tar")
        subprocess.run(["tar", "-C", self.top, "-cf", tar, "."], check=True)
        self.assertEqual(disk.tar_manifest(tar), m)

    def test_difference_is_named(self):
        a = disk.dir_manifest(self.top)
        b = dict(a, **{"d/f": ("file", 0o600, "0" * 64)})
        self.assertIn("d/f", disk.first_difference(a, b))
        self.assertIsNone(disk.first_difference(a, dict(a)))


@unittest.skipUnless(have_e2fsprogs(), "needs e2fsprogs")
class ImageTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.img = os.path.join(self.tmp.name, "d.img")
        self.spec = disk.parse_spec("size 4M\nblock-size 1024\ntree disk\n")
        disk.make_image(disk.ROOT, self.spec, self.img)
        self.want = os.path.join(self.tmp.name, "want")
        disk.starting_files(disk.ROOT, self.spec, self.want)

    def tearDown(self):
        self.tmp.cleanup()

    def judge(self, spec=None):
        return disk.judge(spec or self.spec, self.img, disk.sha256_file(self.img), "",
                          disk.dir_manifest(self.want))

    def test_fresh_image_matches_its_tree(self):
        self.assertEqual(self.judge(), ("PASS", ""))

    def test_changed_file_fails(self):
        with open(os.path.join(self.want, "README.md"), "a") as f:
            f.write("more\n")
        status, reason = self.judge()
        self.assertEqual(status, "FAIL")
        self.assertIn("README.md", reason)

    def test_damaged_filesystem_fails(self):
        subprocess.run([disk.tool("debugfs"), "-w", "-R", "freeb 30 20", self.img],
                       check=True, capture_output=True)
        status, reason = self.judge()
        self.assertEqual(status, "FAIL")
        self.assertIn("e2fsck", reason)

    def test_written_refused_image_fails(self):
        spec = dict(self.spec, corrupt="magic=0", console=["refused"])
        sha = disk.sha256_file(self.img)
        self.assertEqual(disk.judge(spec, self.img, sha, "x refused y", {}), ("PASS", ""))
        self.assertEqual(disk.judge(spec, self.img, sha, "nothing", {})[0], "FAIL")
        with open(self.img, "r+b") as f:
            f.seek(5000)
            f.write(b"x")
        self.assertEqual(disk.judge(spec, self.img, sha, "refused", {}),
                         ("FAIL", "the refused image was written to"))
