# test_make_help.py - `make help` names every target the Makefile declares
# .PHONY (but the internal ones) and the variables users set.
import os
import re
import subprocess
import unittest

from scripts.tests.util import ROOT

INTERNAL = {"tests", "initramfs-cmd", "initramfs-dom0-cmd", "FORCE", "check-gen", "all"}
VARIABLES = ("CMD", "GUEST_OPTS", "VMI_ACCEL", "BENCH_REPS", "BENCH_MODE", "EVENTS",
             "COUNTERS_ARGS",
             "VMI_COUNTERS", "FUZZ_SEED", "FUZZ_COUNT", "FUZZ_SECONDS", "B", "V")


class MakeHelpTest(unittest.TestCase):
    def test_every_target_and_variable(self):
        with open(os.path.join(ROOT, "Makefile")) as f:
            phony = set()
            for line in f:
                if line.startswith(".PHONY:"):
                    phony |= set(line.split(":", 1)[1].split())
        # ".PHONY: $(BACKENDS)" declares one target per backend: help names
        # them as "make <backend>", and each must be a known backend.
        if "$(BACKENDS)" in phony:
            phony.discard("$(BACKENDS)")
            phony.add("<backend>")
        out = subprocess.run(["make", "-s", "-C", ROOT, "help"], capture_output=True,
                             text=True, check=True).stdout
        named = set(re.findall(r"^  make (\S+)", out, re.M))
        self.assertEqual(phony - INTERNAL - named, set())
        for var in VARIABLES:
            self.assertRegex(out, r"(?m)^  %s=" % var)


if __name__ == "__main__":
    unittest.main()
