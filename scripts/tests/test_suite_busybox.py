# test_suite_busybox.py - the BusyBox testsuite runner's own logic: which
# items a suite folder has, the .config made from the applet list, reading
# result lines out of a console transcript, the comparison of the runs, the
# image it boots, and (where the host can) the in-guest driver run on the
# host against a tiny suite of our own with known results.
import os
import tempfile
import unittest

from scripts.tests.util import ROOT, load

sb = load("suite_busybox", "scripts/suite_busybox.py")


class DiscoverTest(unittest.TestCase):
    def test_tests_files_and_directories(self):
        with tempfile.TemporaryDirectory() as d:
            for f in ("a.tests", "testing.sh", "b.tests", ".config", "runtest"):
                open(os.path.join(d, f), "w").close()
            os.mkdir(os.path.join(d, "cp"))
            os.mkdir(os.path.join(d, ".hidden"))
            self.assertEqual(sb.discover(d), ["a.tests", "b.tests", "cp"])
            self.assertEqual(sb.discover(d, ["cp", "b."]), ["b.tests", "cp"])


class ConfigTest(unittest.TestCase):
    def test_applets_upper_case_and_features_appended(self):
        text = sb.config_text(["mkfs.minix", "cp", "run-parts"], "CONFIG_DESKTOP=y")
        self.assertEqual(text, "CONFIG_CP=y\nCONFIG_MKFS_MINIX=y\nCONFIG_RUN_PARTS=y\n"
                               "CONFIG_DESKTOP=y\n")


class ParseTest(unittest.TestCase):
    OUT = ("boot noise\r\n@@ a.tests PASS: one\r\n@@ a.tests FAIL: two words\n"
           "@@ a.tests PASS: one\n@@ a.tests EXIT: 1\n@@ a.tests END\n"
           "@@ cp SKIPPED: x\n@@ cp +diff line\nPASS: not ours\n")

    def test_results_repeats_ends_and_exits(self):
        results, ended, exits = sb.parse(self.OUT)
        self.assertEqual(results, {"a.tests: one": "PASS", "a.tests: two words": "FAIL",
                                   "a.tests: one #2": "PASS", "cp: x": "SKIPPED"})
        self.assertEqual(ended, {"a.tests"})
        self.assertEqual(exits, {"a.tests": 1})


class CompareTest(unittest.TestCase):
    RUNS = {"host": {"t: a": "PASS", "t: b": "PASS", "t: c": "FAIL"},
            "native": {"t: a": "PASS", "t: b": "FAIL", "t: c": "PASS"},
            "pvhv": {"t: a": "PASS", "t: c": "PASS"}}

    def test_missing_tests_and_host_only_passes(self):
        res = sb.complete(self.RUNS)
        self.assertEqual(res["pvhv"]["t: b"], sb.MISSING)
        self.assertEqual(sb.host_only_passes(res, "native"), [("t: b", "FAIL")])
        self.assertEqual(sb.host_only_passes(res, "pvhv"), [("t: b", sb.MISSING)])
        self.assertEqual(sb.counts(res["native"])["PASS"], 2)

    def test_comparison_text(self):
        res = sb.complete(self.RUNS)
        text = sb.comparison(res, ["t.tests"], {"native": {"t.tests": 137}}, "cmd")
        self.assertIn("pass on the host, not on native: 1\n  FAIL     t: b\n", text)
        self.assertIn("pass on the host, not on pvhv: 1\n  NOT RUN  t: b\n", text)
        self.assertIn("native and pvhv differ: 1\n", text)
        self.assertIn("native t.tests: 137", text)
        self.assertRegex(text, r"(?m)^host\s+2\s+1\s+0\s+0\s+0$")


class ImageTest(unittest.TestCase):
    def test_suite_driver_and_config_in_the_image(self):
        mk = load("mkinitramfs", "scripts/mkinitramfs.py")
        with tempfile.TemporaryDirectory() as d:
            suite = os.path.join(d, "suite")
            os.makedirs(os.path.join(suite, "cp"))
            with open(os.path.join(suite, "cp", "cp-works"), "w") as f:
                f.write("true\n")
            with open(os.path.join(suite, "features.config"), "w") as f:
                f.write("CONFIG_DESKTOP=y\n")
            base = os.path.join(d, "base.cpio")
            mk.write_atomically(base, mk.write_cpio([mk.directory("etc")]))
            out = os.path.join(d, "out.cpio")
            sb.make_image(mk, base, suite, ["cp"], 60, ["cp", "ls"], out)
            files = {e.path: e.data for e in mk.read_cpio(mk.read_file(out))}
        self.assertEqual(files["bbsuite/cp/cp-works"], b"true\n")
        self.assertEqual(files["bbsuite/.items"], b"cp\n")
        self.assertEqual(files["bbsuite/.timeout"], b"60\n")
        self.assertEqual(files["bbsuite/.config"],
                         b"CONFIG_CP=y\nCONFIG_LS=y\nCONFIG_DESKTOP=y\n")
        with open(os.path.join(ROOT, "scripts", "suite_busybox.sh"), "rb") as f:
            self.assertEqual(files["etc/cmd"], f.read())
        self.assertNotIn("bbsuite/.verbose", files)

    def test_tests_files_made_executable(self):
        """A suite copied without its modes still runs: NAME.tests files
        get their execute bits back, nothing else does."""
        mk = load("mkinitramfs", "scripts/mkinitramfs.py")
        with tempfile.TemporaryDirectory() as d:
            suite = os.path.join(d, "suite")
            os.makedirs(suite)
            for name in ("cp.tests", "testing.sh"):
                with open(os.path.join(suite, name), "w") as f:
                    f.write("true\n")
                os.chmod(os.path.join(suite, name), 0o644)
            base = os.path.join(d, "base.cpio")
            mk.write_atomically(base, mk.write_cpio([mk.directory("etc")]))
            out = os.path.join(d, "out.cpio")
            sb.make_image(mk, base, suite, ["cp.tests"], 60, ["cp"], out)
            modes = {e.path: e.mode & 0o777 for e in mk.read_cpio(mk.read_file(out))}
        self.assertEqual(modes["bbsuite/cp.tests"], 0o755)
        self.assertEqual(modes["bbsuite/testing.sh"], 0o644)


TESTING_SH = r"""
optional() { SKIP=; case "$OPTIONFLAGS" in *:$1:*) ;; *) SKIP=1 ;; esac; }
testing() {
  [ -n "$SKIP" ] && { echo "SKIPPED: $1"; return 0; }
  echo -ne "$3" > expected
  echo -ne "$5" | eval "$2" > actual
  if cmp -s expected actual; then echo "PASS: $1"; else echo "FAIL: $1"; fi
}
"""
TINY_TESTS = r"""#!/bin/sh
. ./testing.sh
testing "echo works" "echo hi" "hi
" "" ""
testing "cat is wrong" "cat" "no
" "" "yes
"
optional NOT_A_FEATURE
testing "needs a feature" "true" "" "" ""
optional DESKTOP
testing "has a feature" "wc -l" "1
" "" "x
"
exit 1
"""


HANGING_TESTS = "#!/bin/sh\nsleep 1000 &\necho 'PASS: started'\nsleep 1000\n"
ITEM_TIMEOUT = 20
BUSYBOX = "/bin/busybox"     # the initramfs's (the Makefile's default BUSYBOX)


class DriverOnHostTest(unittest.TestCase):
    """scripts/suite_busybox.sh itself, run under the host's Linux on a
    tiny suite of ours with known outcomes (skipped where the host cannot
    run the image's i386 BusyBox chrooted)."""

    def test_known_results(self):
        mk = load("mkinitramfs", "scripts/mkinitramfs.py")
        shell = load("shell_tests", "conformance/shell_tests.py")
        base = os.path.join(ROOT, "build", "initramfs.cpio")
        if not os.path.isfile(base) or not os.path.isfile(BUSYBOX):
            self.skipTest("no build/initramfs.cpio or no %s" % BUSYBOX)
        try:
            shell.host_check()
        except shell.HostUnavailable as e:
            self.skipTest(str(e))
        with tempfile.TemporaryDirectory() as d:
            suite = os.path.join(d, "suite")
            os.makedirs(os.path.join(suite, "cat"))
            os.makedirs(os.path.join(suite, "ash-x"))
            files = {"testing.sh": TESTING_SH, "echo.tests": TINY_TESTS,
                     "nosuchapplet.tests": "exit 0\n",
                     "cat/cat-passes": "echo x | cat | grep -q x\n",
                     "cat/cat-fails": "false\n", "features.config": "CONFIG_DESKTOP=y\n",
                     "ash-x/ok.tests": "echo hi; echo err >&2\n", "ash-x/ok.right": "hi\nerr\n",
                     "ash-x/bad.tests": "echo no\n", "ash-x/bad.right": "yes\n",
                     "sleep.tests": HANGING_TESTS}
            for name, text in files.items():
                with open(os.path.join(suite, name), "w") as f:
                    f.write(text)
                os.chmod(os.path.join(suite, name), 0o755)
            image = os.path.join(d, "image.cpio")
            sb.make_image(mk, base, suite, sb.discover(suite), ITEM_TIMEOUT,
                          sb.busybox_applets(BUSYBOX), image)
            # Within the host run's time only if the hanging item's whole
            # process group (its background sleep, which holds the output
            # pipe open) is killed at the item's timeout.
            out, how = sb.run_host(shell, mk, image, 200)
        results, ended, exits = sb.parse(out)
        self.assertEqual(results, {
            "ash-x: ok": "PASS", "ash-x: bad": "FAIL",
            "cat: cat-fails": "FAIL", "cat: cat-passes": "PASS",
            "echo.tests: echo works": "PASS", "echo.tests: cat is wrong": "FAIL",
            "echo.tests: needs a feature": "SKIPPED", "echo.tests: has a feature": "PASS",
            "nosuchapplet.tests: nosuchapplet (not built)": "SKIPPED",
            "sleep.tests: started": "PASS"}, out)
        self.assertEqual(ended, {"ash-x", "cat", "echo.tests", "nosuchapplet.tests",
                                 "sleep.tests"})
        self.assertEqual(exits, {"echo.tests": 1, "sleep.tests": 137})
        self.assertIn("@@ DONE", out)


if __name__ == "__main__":
    unittest.main()
