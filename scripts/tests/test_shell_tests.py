# test_shell_tests.py - the shell-script system tests' plumbing: cutting
# /etc/cmd's output out of a transcript by init's markers, the verdict
# against the host's output, how run.py plans and boots them (and tests
# with a .initrd ramdisk, and .domains lines that are ramdisks), that init
# and the host run use one environment, the typing of .keys sidecars, and a
# real host run when possible.
import os
import re
import shutil
import tempfile
import unittest

from scripts.tests.util import ROOT, load

run = load("conformance_run_shell", "conformance/run.py")
shell = run.shell
mk = run.mkinitramfs

BOOT = "guest kernel banner\nenv: backend=native\ninitramfs: unpacked\n"


def transcript(output, status=0):
    return (BOOT + shell.START_MARKER + output + shell.END_MARKER +
            "%d\nkernel: init exited\n" % status)


class OutputTest(unittest.TestCase):
    def test_cut_between_markers(self):
        self.assertEqual(shell.script_output(transcript("a\nb\n", 3)), ("a\nb\n", 3))

    def test_output_without_final_newline(self):
        self.assertEqual(shell.script_output(transcript("no newline", 0)), ("no newline", 0))

    def test_empty_output(self):
        self.assertEqual(shell.script_output(transcript("")), ("", 0))

    def test_missing_markers(self):
        self.assertIsNone(shell.script_output(BOOT))
        self.assertIsNone(shell.script_output(BOOT + shell.START_MARKER + "half"))

    def test_difference(self):
        self.assertIsNone(shell.first_text_difference("a\nb\n", "a\nb\n"))
        self.assertIn("line 2", shell.first_text_difference("a\nb\n", "a\nc\n"))
        self.assertIn("<end of output>", shell.first_text_difference("a\n", "a"))


class JudgeTest(unittest.TestCase):
    def test_pass(self):
        self.assertEqual(shell.judge(transcript("x\n"), 0, False, ("x\n", 0)), ("PASS", ""))

    def test_output_differs(self):
        status, reason = shell.judge(transcript("y\n"), 0, False, ("x\n", 0))
        self.assertEqual(status, "FAIL")
        self.assertIn("line 1", reason)

    def test_status_differs(self):
        self.assertEqual(shell.judge(transcript("x\n", 1), 1, False, ("x\n", 0))[0], "FAIL")

    def test_poweroff_code_must_match_init(self):
        status, reason = shell.judge(transcript("x\n"), 5, False, ("x\n", 0))
        self.assertEqual(status, "FAIL")
        self.assertIn("powered off", reason)

    def test_host_failure_is_the_tests_fault(self):
        status, reason = shell.judge(transcript("x\n", 2), 2, False, ("x\n", 2))
        self.assertEqual(status, "FAIL")
        self.assertIn("host", reason)

    def test_timeout_and_crash(self):
        self.assertIn("timeout", shell.judge(transcript("x\n"), None, True, ("x\n", 0))[1])
        self.assertIn("markers", shell.judge(BOOT, None, False, ("x\n", 0))[1])


class TypingTest(unittest.TestCase):
    def test_parse_keys(self):
        text = "# comment\n\ncat: type ^Z => \\x1a\n\\nsh -c => line\\n\\x04\n"
        self.assertEqual(shell.parse_keys(text),
                         [(b"cat: type ^Z", b"\x1a"), (b"\nsh -c", b"line\n\x04")])
        with self.assertRaises(ValueError):
            shell.parse_keys("no separator\n")

    def test_typist_types_each_step_once_after_the_previous(self):
        t = shell.Typist([(b"go", b"1"), (b"go", b"2"), (b"end", b"3")])
        self.assertEqual(t.feed(b"wait "), b"")
        self.assertEqual(t.feed(b"g"), b"")          # a marker split across chunks
        self.assertEqual(t.feed(b"o\r\n"), b"1")
        self.assertEqual(t.feed(b"go end"), b"23")
        self.assertEqual(t.feed(b"go end"), b"")     # all typed

    def test_the_sidecars_parse(self):
        d = os.path.join(ROOT, "conformance", "system")
        for name in sorted(os.listdir(d)):
            if name.endswith(".keys"):
                self.assertTrue(shell.keys_for(ROOT, "system/" + name[:-5] + ".sh"), name)


class PlanTest(unittest.TestCase):
    def test_discover_and_plan(self):
        tests = shell.discover(ROOT)
        self.assertIn("system/busybox_workload.sh", tests)
        jobs = run.plan(ROOT, "out", ["system/busybox_workload.sh"], ["native", "pvhv"])
        self.assertEqual([(j.backend, j.image) for j in jobs],
                         [("native", os.path.join("out", "guest-native.elf")),
                          ("pvhv", os.path.join("out", "guest-pvhv.elf"))])

    def test_boot_args(self):
        native, pvhv = run.plan(ROOT, "out", ["system/x.sh"], ["native", "pvhv"])
        for job in (native, pvhv):
            job.initramfs = shell.initramfs_path("out", job.test)
        cpio = os.path.join("out", "conformance", "initramfs", "system", "x.cpio")
        self.assertEqual(run.boot_args(native),
                         (os.path.join("out", "guest-native.elf"), [cpio + " initrd"]))
        self.assertEqual(run.boot_args(pvhv),
                         (os.path.join("out", "hypervisor.elf"),
                          [os.path.join("out", "guest-pvhv.elf") + " " + shell.DOMAIN_OPTIONS,
                           cpio + " initrd"]))

    def test_initrd_file_becomes_the_ramdisk(self):
        native, pvhv = run.plan(ROOT, "out", ["system/boot_ramdisk"], ["native", "pvhv"])
        rd = os.path.relpath(os.path.join(ROOT, "conformance", "system",
                                          "boot_ramdisk.initrd")) + " initrd"
        self.assertEqual(run.boot_args(native)[1], [rd])
        self.assertEqual(run.boot_args(pvhv)[1], [pvhv.image, rd])

    def test_domains_ramdisk_lines(self):
        doms = run.parse_domains("self name=a\nbuild:x.cpio initrd\nself\n")
        self.assertEqual(doms, [("self", "name=a", "a", "success"),
                                ("build:x.cpio", "initrd", "", "ramdisk"),
                                ("self", "", "dom1", "success")])
        text = "[a] Test result: SUCCESS\n[dom1] Test result: SUCCESS\n"
        self.assertEqual(run.judge_domains(text, "", doms, 0, False), ("PASS", ""))

    def test_init_and_host_share_one_environment(self):
        with open(os.path.join(ROOT, "guest", "user", "init.c")) as f:
            src = f.read()
        block = src[src.index("init_env[] = {"):src.index("NULL,", src.index("init_env[]"))]
        env = dict(s.split("=", 1) for s in re.findall(r'"([^"]+)"', block))
        self.assertEqual(env, shell.HOST_ENV)

    def test_markers_match_init(self):
        with open(os.path.join(ROOT, "guest", "user", "init.c")) as f:
            src = f.read()
        self.assertIn('"init: running " CMD_PATH "\\n"', src)
        self.assertIn('"init: " CMD_PATH " exited with status %d\\n"', src)
        self.assertEqual(shell.START_MARKER, "init: running /etc/cmd\n")


def host_runs():
    try:
        shell.host_check()
        return shutil.which("busybox") is not None
    except shell.HostUnavailable:
        return False


@unittest.skipUnless(host_runs(), "needs busybox and a mount namespace")
class HostRunTest(unittest.TestCase):
    def test_script_runs_chrooted_as_init_runs_it(self):
        script = 'echo "hi $HOME"; pwd; echo x > /dev/null; ls /etc; exit 3\n'
        entries = mk.with_parents([
            mk.regular("bin/busybox", mk.read_file(shutil.which("busybox")), 0o755),
            mk.symlink("bin/sh", "busybox"), mk.symlink("bin/ls", "busybox"),
            mk.directory("dev"), mk.regular("etc/cmd", script.encode())])
        with tempfile.TemporaryDirectory() as tmp:
            cpio = os.path.join(tmp, "t.cpio")
            with open(cpio, "wb") as f:
                f.write(mk.write_cpio(entries))
            self.assertEqual(shell.host_expected(mk, cpio), ("hi /\n/\ncmd\n", 3))


if __name__ == "__main__":
    unittest.main()
