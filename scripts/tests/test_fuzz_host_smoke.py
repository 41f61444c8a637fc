# test_fuzz_host_smoke.py - the host fuzzers of scripts/fuzz/ (make fuzz-host)
# still build, their regression inputs (scripts/fuzz/regressions/) pass, a
# few thousand executions from the seeds find nothing, and the oracles are not
# vacuous: a harness that plays a broken validator (FUZZ_SABOTAGE=1) is caught.
#
# Skips, saying why, when clang with libFuzzer and the 32-bit sanitizer
# runtimes is not installed (`bash scripts/setup.sh --fuzz` installs them).
import os
import shutil
import subprocess
import tempfile
import unittest

from scripts.tests.util import ROOT, load

fuzz_host = load("fuzz_host", "scripts/fuzz/fuzz_host.py")
RUNS = 3000


class FuzzHostSmokeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="fuzz-smoke-")
        try:
            fuzz_host.check_toolchain(cls.tmp)
        except fuzz_host.ToolchainMissing as e:
            shutil.rmtree(cls.tmp, ignore_errors=True)
            raise unittest.SkipTest("host fuzzers not built: %s" % e)
        cls.exes = fuzz_host.build(os.path.join(cls.tmp, "bin"))
        cls.seeds = os.path.join(cls.tmp, "seeds")
        fuzz_host.seeds.write_seeds(cls.seeds, os.path.join(ROOT, "build"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def smoke(self, target):
        corpus = os.path.join(self.tmp, "corpus", target)
        os.makedirs(corpus)
        ok, st, text = fuzz_host.fuzz(self.exes[target], target,
                                      [corpus, os.path.join(self.seeds, target)],
                                      os.path.join(self.tmp, "findings", target), runs=RUNS,
                                      extra=["-max_total_time=20"])
        self.assertTrue(ok, "\n".join(fuzz_host.finding_lines(text)) or text[-3000:])
        self.assertGreaterEqual(st.get("execs", 0), 1000, text[-2000:])
        self.assertGreater(st.get("cov", 0), 50, text[-2000:])

    def regressions(self, target):
        files = fuzz_host.regression_files(target)
        ok, text = fuzz_host.replay(self.exes[target], files)
        self.assertTrue(ok, "a regression input of %s fails again:\n%s"
                        % (target, "\n".join(fuzz_host.finding_lines(text)) or text[-3000:]))

    def sabotaged(self, target, seed, expect):
        r = subprocess.run([self.exes[target], "-runs=1", os.path.join(self.seeds, target, seed)],
                           capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, FUZZ_SABOTAGE="1"))
        self.assertNotEqual(r.returncode, 0, "the oracle missed a broken validator")
        self.assertIn("FUZZ FINDING: " + expect, r.stderr)

    def test_elf(self):
        self.regressions("elf")
        self.smoke("elf")

    def test_pagetable(self):
        self.regressions("pagetable")
        self.smoke("pagetable")

    def test_oracles_catch_a_broken_validator(self):
        self.sabotaged("elf", "valid", "elf_check accepted")
        self.sabotaged("pagetable", "honest", "I1 after dom 0 pin L1")


if __name__ == "__main__":
    unittest.main()
