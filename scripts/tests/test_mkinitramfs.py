# test_mkinitramfs.py - the initramfs writer (scripts/mkinitramfs.py): the
# newc format read back by our own reader and by BusyBox's cpio, sorted and
# deterministic output, parents added, --base/--file/--exec/--cmd-env, and the
# Makefile handing CMD through byte for byte (`make initramfs-cmd`).
import os
import stat
import subprocess
import sys
import tempfile
import unittest

from scripts.tests.util import ROOT, load, have

mk = load("mkinitramfs", "scripts/mkinitramfs.py")
SCRIPT = os.path.join(ROOT, "scripts", "mkinitramfs.py")
# $, both quotes, backquotes, a pipe, a backslash, a newline and no final one.
TRICKY_CMD = 'echo "$HOME" \'$PATH\' `id -u` $(echo hi) | tr a-z A-Z\nprintf "%s\\n" a\\b'


def sample():
    return [mk.directory("etc"), mk.regular("etc/passwd", b"root:x:0:0::/:/bin/sh\n"),
            mk.symlink("bin/sh", "busybox"), mk.regular("bin/busybox", b"\x7fELF", 0o755)]


class FormatTest(unittest.TestCase):
    def test_round_trip(self):
        entries = mk.with_parents(sample())
        back = mk.read_cpio(mk.write_cpio(entries))
        self.assertEqual(sorted(back, key=mk.sort_key), sorted(entries, key=mk.sort_key))

    def test_sorted_with_parents_first(self):
        paths = [e.path for e in mk.read_cpio(mk.write_cpio(mk.with_parents(sample())))]
        self.assertEqual(paths, ["bin", "bin/busybox", "bin/sh", "etc", "etc/passwd"])

    def test_deterministic(self):
        self.assertEqual(mk.write_cpio(sample()), mk.write_cpio(list(reversed(sample()))))

    def test_header_fields(self):
        data = mk.write_cpio([mk.regular("a", b"xyz", 0o600)])
        self.assertEqual(data[:6], b"070701")
        self.assertEqual(len(data) % 4, 0)
        fields = [int(data[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
        ino, mode, uid, gid, nlink, mtime, size = fields[:7]
        self.assertEqual((ino, mode, uid, gid, nlink, mtime, size),
                         (1, stat.S_IFREG | 0o600, 0, 0, 1, mk.MTIME, 3))
        self.assertTrue(data.rstrip(b"\0").endswith(b"TRAILER!!!"))

    def test_paths_are_normalized_and_checked(self):
        self.assertEqual(mk.normalize("/usr//bin/./x/"), "usr/bin/x")
        for bad in ("", "/", "../etc", "a/../../b"):
            with self.assertRaises(ValueError):
                mk.normalize(bad)

    def test_tmp_is_sticky(self):
        self.assertEqual(stat.S_IMODE(mk.directory("tmp").mode), 0o1777)

    @unittest.skipUnless(have("busybox"), "needs busybox (make setup installs it)")
    def test_busybox_cpio_reads_it(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "a.cpio"), "wb") as f:
                f.write(mk.write_cpio(mk.with_parents(sample())))
            out = subprocess.run("busybox cpio -t < a.cpio", shell=True, cwd=tmp,
                                 check=True, capture_output=True, text=True).stdout
        self.assertEqual(out.split(), ["bin", "bin/busybox", "bin/sh", "etc", "etc/passwd"])


class CommandTest(unittest.TestCase):
    def run_script(self, *args, env=None):
        subprocess.run([sys.executable, SCRIPT] + list(args), check=True,
                       capture_output=True, env=env)

    def test_base_file_and_cmd_env(self):
        with tempfile.TemporaryDirectory() as tmp:
            base, out, script = (os.path.join(tmp, n) for n in ("b.cpio", "o.cpio", "s.sh"))
            with open(base, "wb") as f:
                f.write(mk.write_cpio(mk.with_parents(sample())))
            with open(script, "w") as f:
                f.write("echo from a file\n")
            env = dict(os.environ, THE_CMD=TRICKY_CMD)
            self.run_script("--base", base, "--file", "/usr/share/s.sh=" + script,
                            "--cmd-env", "THE_CMD", "--out", out, env=env)
            with open(out, "rb") as f:
                got = {e.path: e for e in mk.read_cpio(f.read())}
        self.assertEqual(got["etc/cmd"].data, TRICKY_CMD.encode())
        self.assertEqual(got["usr/share/s.sh"].data, b"echo from a file\n")
        self.assertTrue(stat.S_ISDIR(got["usr/share"].mode))
        self.assertIn("bin/busybox", got)

    def test_exec_is_executable(self):
        with tempfile.TemporaryDirectory() as tmp:
            base, out, script = (os.path.join(tmp, n) for n in ("b.cpio", "o.cpio", "s.sh"))
            with open(base, "wb") as f:
                f.write(mk.write_cpio(mk.with_parents(sample())))
            with open(script, "w") as f:
                f.write("exit 0\n")
            self.run_script("--base", base, "--exec", "/etc/x/run.sh=" + script,
                            "--file", "/etc/x/data=" + script, "--out", out)
            with open(out, "rb") as f:
                got = {e.path: e for e in mk.read_cpio(f.read())}
        self.assertEqual(stat.S_IMODE(got["etc/x/run.sh"].mode), 0o755)
        self.assertEqual(stat.S_IMODE(got["etc/x/data"].mode), 0o644)
        self.assertEqual(got["etc/x/run.sh"].data, b"exit 0\n")

    def test_empty_cmd_env_adds_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            base, out = os.path.join(tmp, "b.cpio"), os.path.join(tmp, "o.cpio")
            with open(base, "wb") as f:
                f.write(mk.write_cpio(sample()))
            self.run_script("--base", base, "--cmd-env", "NOT_SET_HERE", "--out", out,
                            env={k: v for k, v in os.environ.items() if k != "NOT_SET_HERE"})
            with open(out, "rb") as f:
                self.assertNotIn("etc/cmd", [e.path for e in mk.read_cpio(f.read())])

    @unittest.skipUnless(have("make"), "needs make")
    def test_makefile_passes_cmd_verbatim(self):
        """make initramfs-cmd CMD=...: the command reaches /etc/cmd as typed
        (the base archive is faked and marked old, so nothing is built)."""
        with tempfile.TemporaryDirectory() as tmp:
            base = os.path.join(tmp, "initramfs.cpio")
            with open(base, "wb") as f:
                f.write(mk.write_cpio(sample()))
            subprocess.run(["make", "-s", "-o", base, "B=" + tmp, "initramfs-cmd",
                            "CMD=" + TRICKY_CMD], cwd=ROOT, check=True, capture_output=True)
            with open(os.path.join(tmp, "initramfs-cmd.cpio"), "rb") as f:
                got = {e.path: e.data for e in mk.read_cpio(f.read())}
        self.assertEqual(got["etc/cmd"], TRICKY_CMD.encode())


if __name__ == "__main__":
    unittest.main()
