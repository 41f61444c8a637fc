# test_suite_ltp.py - the LTP runner's own logic: reading a runlist,
# selecting and naming its tests, reading result lines out of a console
# transcript, the comparison of the runs, the image it boots, the host
# run's isolation, and (where the host can) the in-guest driver run on the
# host against a fake LTP build of ours: programs exiting with each of
# LTP's result statuses, killed by a signal, missing, and one that never
# ends - split, as LTP's library splits a test, into a process group of
# its own - whose every process must be gone when the next test starts.
import os
import subprocess
import tempfile
import unittest

from scripts.tests.util import ROOT, have, load

sl = load("suite_ltp", "scripts/suite_ltp.py")
common = load("suite_common", "scripts/suite_common.py")


class RunlistTest(unittest.TestCase):
    TEXT = ("# LTP runtest\n\n  dup01 dup01\nmmap01   mmap01 -i 2  \n#x y\n"
            "sh01 cd /tmp && ls\ndup01 dup01 -v\n")

    def test_tags_commands_comments(self):
        self.assertEqual(sl.read_runlist(self.TEXT),
                         [("dup01", "dup01"), ("mmap01", "mmap01 -i 2"),
                          ("sh01", "cd /tmp && ls"), ("dup01", "dup01 -v")])

    def test_a_tag_without_a_command(self):
        with self.assertRaises(ValueError):
            sl.read_runlist("ok ok\nlonely\n")

    def test_select_and_names(self):
        items = sl.read_runlist(self.TEXT)
        self.assertEqual(sl.select(items, "^dup"), [("dup01", "dup01"), ("dup01", "dup01 -v")])
        self.assertEqual(sl.select(items, None), items)
        self.assertEqual(sl.names(items), ["dup01", "mmap01", "sh01", "dup01 #2"])


class ParseTest(unittest.TestCase):
    OUT = ("boot noise\r\n@@ dup01 PASS rc=0\r\n@@ mmap01 BROK rc=139\n"
           "== dup01: dup01\n@@ dup01 TIMEOUT rc=137\n@@ x01 SKIPPED rc=0\n"
           "@@ y01 CONF rc=32 junk\n")

    def test_results_repeats_and_the_end(self):
        results, rcs, done = sl.parse(self.OUT)
        self.assertEqual(results, {"dup01": "PASS", "mmap01": "BROK", "dup01 #2": "TIMEOUT"})
        self.assertEqual(rcs, {"dup01": 0, "mmap01": 139, "dup01 #2": 137})
        self.assertFalse(done)
        self.assertTrue(sl.parse(self.OUT + "@@ DONE\n")[2])


class CompareTest(unittest.TestCase):
    RUNS = {"host": {"a": "PASS", "b": "PASS", "c": "BROK"},
            "native": {"a": "PASS", "b": "FAIL", "c": "PASS"},
            "pvhv": {"a": "TIMEOUT", "c": "PASS"}}

    def test_comparison_text(self):
        res = common.complete(self.RUNS, ["a", "b", "c", "d"])
        self.assertEqual(res["pvhv"]["d"], sl.MISSING)
        hows = {r: "status 0" for r in res}
        text = sl.comparison(res, "cmd", "/ltp", 4, 9, hows)
        self.assertIn("LTP build: /ltp (4 of its 9 tests selected)\n", text)
        self.assertIn("run pvhv: status 0\n", text)
        self.assertRegex(text, r"(?m)^run\s+PASS\s+FAIL\s+BROK\s+CONF\s+WARN\s+TIMEOUT\s+NOT RUN$")
        self.assertRegex(text, r"(?m)^host\s+2\s+0\s+1\s+0\s+0\s+0\s+1$")
        self.assertRegex(text, r"(?m)^pvhv\s+1\s+0\s+0\s+0\s+0\s+1\s+2$")
        self.assertIn("pass on the host, not on native: 1\n  FAIL     b\n", text)
        self.assertIn("pass on the host, not on pvhv: 2\n  TIMEOUT  a\n  NOT RUN  b\n", text)
        self.assertIn("native and pvhv differ: 2\n", text)
        self.assertIn("not passed on the host: 2 (among them any test that needs CAP_SYS_TIME, CAP_SYS_BOOT or CAP_SYS_MODULE, which",
                      text)
        self.assertIn("  c: host BROK, native PASS, pvhv PASS\n", text)
        self.assertIn("  d: host NOT RUN, native NOT RUN, pvhv NOT RUN\n", text)

    def test_env_words(self):
        self.assertEqual(sl.env_lines(["LTP_TIMEOUT_MUL=4", "A=b c"]),
                         "LTP_TIMEOUT_MUL=4\nA=b c\n")
        for bad in ("NOEQUALS", "=x", "A B=1", "1A=2"):
            with self.assertRaises(ValueError):
                sl.env_lines([bad])


class ImageTest(unittest.TestCase):
    def test_tests_runlist_and_driver_in_the_image(self):
        mk = load("mkinitramfs", "scripts/mkinitramfs.py")
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(os.path.join(d, "ltp", "bin"))
            with open(os.path.join(d, "ltp", "bin", "dup01"), "w") as f:
                f.write("exit 0\n")
            os.chmod(os.path.join(d, "ltp", "bin", "dup01"), 0o755)
            base = os.path.join(d, "base.cpio")
            mk.write_atomically(base, mk.write_cpio([mk.directory("etc")]))
            out = os.path.join(d, "out.cpio")
            sl.make_image(mk, base, os.path.join(d, "ltp"), [("dup01", "dup01 -i 2")], 60,
                          ["LTP_TIMEOUT_MUL=4"], out)
            entries = {e.path: e for e in mk.read_cpio(mk.read_file(out))}
        # The programs are on the disk, not in the image.
        self.assertEqual(entries["opt/ltp/bin"].data, b"/mnt/bin")
        self.assertNotIn("opt/ltp/bin/dup01", entries)
        self.assertEqual(entries["opt/ltp/runlist"].data, b"dup01 dup01 -i 2\n")
        self.assertEqual(entries["opt/ltp/.timeout"].data, b"60\n")
        self.assertEqual(entries["opt/ltp/.env"].data, b"LTP_TIMEOUT_MUL=4\n")
        with open(os.path.join(ROOT, "scripts", "suite_ltp.sh"), "rb") as f:
            self.assertEqual(entries["etc/cmd"].data, f.read())
        self.assertNotIn("opt/ltp/.verbose", entries)


class MemoryTest(unittest.TestCase):
    def test_boot_memory(self):
        shell = load("shell_tests", "conformance/shell_tests.py")
        kernel, modules, memory = common.boot_args(shell, "B", "native", "I.cpio", 256)
        self.assertEqual((modules, memory), (["I.cpio initrd"], "256M"))
        kernel, modules, memory = common.boot_args(shell, "B", "pvhv", "I.cpio", 300)
        self.assertEqual(modules, ["B/guest-pvhv.elf name=dom0 mem=300", "I.cpio initrd"])
        self.assertEqual(memory, "428M")
        # The default is the shell tests' machine.
        self.assertEqual(common.boot_args(shell, "B", "pvhv", "I.cpio")[1:],
                         (["B/guest-pvhv.elf " + shell.DOMAIN_OPTIONS, "I.cpio initrd"],
                          "256M"))


    def test_memory_note(self):
        with tempfile.NamedTemporaryFile() as f:
            f.write(b"x" * (3 << 20))
            f.flush()
            self.assertIsNone(sl.memory_note(f.name, 6))
            self.assertIn("the image is 3 MiB, the guest has 5 MiB", sl.memory_note(f.name, 5))


@unittest.skipUnless(have("unshare", "setpriv", "mount", "chroot"), "no unshare/setpriv")
class HostCommandTest(unittest.TestCase):
    def test_isolated_host_command(self):
        shell = load("shell_tests", "conformance/shell_tests.py")
        argv = common.host_command(shell, "/root-dir", isolate=True)
        flags = argv[:argv.index("--")]
        for f in ("-p", "--fork", "-i", "-u", "-m"):
            self.assertIn(f, flags)
        inner = argv[-3]
        self.assertIn("--bounding-set=-sys_time,-sys_boot,-sys_module", inner)
        self.assertIn('-t proc proc "$1/proc"', inner)
        self.assertNotIn("exec ", inner)   # the namespace's init stays, reaping orphans
        self.assertEqual(argv[-1], "/root-dir")
        plain = common.host_command(shell, "/root-dir")
        self.assertNotIn("-p", plain[:plain.index("--")])
        self.assertNotIn("setpriv", plain[-3])


# The fake LTP build: LTP's exit statuses from scripts, a signal, and a C
# program as LTP's library runs a test (a child in a process group of its
# own, here with a child of its own) that never ends.
EXIT_SH = '#!/bin/sh\necho "exiting $1" >&2\nexit "$1"\n'
SIGNAL_SH = "#!/bin/sh\nkill -SEGV $$\n"
# cwd is TMPDIR, empty, under /tmp; the folders of the tests before are gone.
TMPDIR_SH = r"""#!/bin/sh
[ "$(pwd)" = "$TMPDIR" ] && [ -z "$(ls -A)" ] || exit 1
case $TMPDIR in /tmp/?*) ;; *) exit 1 ;; esac
for d in /tmp/*; do [ "$d" = "$TMPDIR" ] || exit 1; done
: > leftover
"""
# Fails while any process named ltp_hang is left (zombies aside).
LEFT_SH = r"""#!/bin/sh
for f in /proc/[0-9]*/stat; do
	read -r line 2>/dev/null < $f || continue
	case $line in *"(ltp_hang) "[!Z]*) exit 1 ;; esac
done
exit 0
"""
HANG_C = r"""
#include <sys/wait.h>
#include <unistd.h>
int main(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		fork();
		for (;;)
			pause();
	}
	waitpid(pid, 0, 0);
	return 0;
}
"""
# Run as root in the host run, which must not have these (bits of
# CapBnd): 25 CAP_SYS_TIME, 22 CAP_SYS_BOOT, 16 CAP_SYS_MODULE.
CAPS_SH = r"""#!/bin/sh
b=$(sed -n 's/^CapBnd:[[:space:]]*//p' /proc/self/status)
[ -n "$b" ] && [ $((0x$b & (1 << 25 | 1 << 22 | 1 << 16))) -eq 0 ]
"""
ITEM_TIMEOUT = 15       # the hanging test's; the others take milliseconds
BUSYBOX = "/bin/busybox"


def host_namespace(kind):
    return os.readlink("/proc/self/ns/" + kind)


class DriverOnHostTest(unittest.TestCase):
    """scripts/suite_ltp.sh itself, run by the host run (isolated, as
    suite_ltp.py runs it) on the fake LTP build (skipped where the host
    cannot run the image's i386 programs chrooted or build one)."""

    def setUp(self):
        self.mk = load("mkinitramfs", "scripts/mkinitramfs.py")
        self.shell = load("shell_tests", "conformance/shell_tests.py")
        self.base = os.path.join(ROOT, "build", "initramfs.cpio")
        if not os.path.isfile(self.base):
            self.skipTest("no build/initramfs.cpio")
        if not have("setpriv", "gcc"):
            self.skipTest("no setpriv or gcc")
        try:
            self.shell.host_check()
        except self.shell.HostUnavailable as e:
            self.skipTest(str(e))

    def fake_build(self, d):
        ltp = os.path.join(d, "ltp")
        bin_dir = os.path.join(ltp, "bin")
        os.makedirs(bin_dir)
        src = os.path.join(d, "hang.c")
        with open(src, "w") as f:
            f.write(HANG_C)
        cc = subprocess.run(["gcc", "-m32", "-static", "-O2", "-o",
                             os.path.join(bin_dir, "ltp_hang"), src], capture_output=True)
        if cc.returncode:
            self.skipTest("gcc -m32 -static failed: " + cc.stderr.decode()[-200:])
        for name, text in (("ltp_exit", EXIT_SH), ("ltp_signal", SIGNAL_SH),
                           ("ltp_tmpdir", TMPDIR_SH), ("ltp_left", LEFT_SH),
                           ("ltp_caps", CAPS_SH)):
            path = os.path.join(bin_dir, name)
            with open(path, "w") as f:
                f.write(text)
            os.chmod(path, 0o755)
        # Each namespace the host run must not share with the runner's.
        ns = " && ".join('[ "$(readlink /proc/self/ns/%s)" != "%s" ]' % (k, host_namespace(k))
                         for k in ("pid", "ipc", "uts", "mnt"))
        runlist = [("pass01", "ltp_exit 0"), ("fail01", "ltp_exit 1"),
                   ("brok01", "ltp_exit 2"), ("conf01", "ltp_exit 32"),
                   ("warn01", "ltp_exit 4"), ("warnconf01", "ltp_exit 36"),
                   ("failbrok01", "ltp_exit 3"), ("failconf01", "ltp_exit 33"),
                   ("odd01", "ltp_exit 8"), ("signal01", "ltp_signal"),
                   ("missing01", "no_such_ltp_program"), ("tmpdir01", "ltp_tmpdir"),
                   ("env01", '[ "$LTP_TIMEOUT_MUL" = 4 ] && [ "$LTPROOT" = /opt/ltp ]'),
                   ("ns01", ns), ("caps01", "ltp_caps"),
                   ("hang01", "ltp_hang"), ("left01", "ltp_left"),
                   ("tmpdir01", "ltp_tmpdir")]
        with open(os.path.join(ltp, "runlist"), "w") as f:
            f.write("# a fake LTP build\n" + "".join("%s %s\n" % i for i in runlist))
        return ltp

    def test_statuses_timeout_and_cleanup(self):
        hostname = os.uname().nodename
        with tempfile.TemporaryDirectory() as d:
            ltp = self.fake_build(d)
            with open(os.path.join(ltp, "runlist")) as f:
                items = sl.read_runlist(f.read())
            image = os.path.join(d, "image.cpio")
            sl.make_image(self.mk, self.base, ltp, items, ITEM_TIMEOUT,
                          ["LTP_TIMEOUT_MUL=4"], image)
            out, how = sl.run_host(self.shell, self.mk, image, 200, ltp)
        results, rcs, done = sl.parse(out)
        self.assertTrue(done, out)
        self.assertEqual(results, {
            "pass01": "PASS", "fail01": "FAIL", "brok01": "BROK", "conf01": "CONF",
            "warn01": "WARN", "warnconf01": "WARN", "failbrok01": "BROK",
            "failconf01": "FAIL", "odd01": "BROK", "signal01": "BROK", "missing01": "BROK",
            "tmpdir01": "PASS", "env01": "PASS", "ns01": "PASS", "caps01": "PASS",
            "hang01": "TIMEOUT", "left01": "PASS", "tmpdir01 #2": "PASS"}, out)
        self.assertEqual((rcs["signal01"], rcs["missing01"], rcs["hang01"]), (139, 127, 137))
        # Nothing but result lines: the tests' own output went elsewhere.
        self.assertEqual([ln for ln in out.splitlines() if not ln.startswith("@@ ")], [], out)
        self.assertEqual(os.uname().nodename, hostname)


if __name__ == "__main__":
    unittest.main()
