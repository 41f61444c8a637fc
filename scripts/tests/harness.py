# harness.py - host tests of freestanding guest or hypervisor C: the
# sources are compiled with the kernel's flags for i386 and linked into
# one static program without libc (its own harness file supplies _start,
# system calls and the scenario driver), once per test run, so the code
# under test is the code the kernel runs.
import os
import subprocess
import tempfile
import unittest

from scripts.tests.util import ROOT, have

# The Makefile's flags for freestanding code; each test adds include paths.
FREESTANDING = ["-m32", "-march=i686", "-ffreestanding", "-fno-pic", "-fno-pie",
                "-fno-stack-protector", "-fno-asynchronous-unwind-tables",
                "-fno-omit-frame-pointer", "-mgeneral-regs-only", "-O2", "-std=gnu11",
                "-Wall", "-Wextra", "-Werror"]
GUEST_INCLUDES = ["-I.", "-Ivmi/include", "-Iguest"]
HV_INCLUDES = ["-Ivmi/include", "-Ihypervisor", "-I."]


class Harness:
    """One program from SOURCES (paths below the root) plus, optionally,
    C text given inline (generated_c); built on first use."""

    def __init__(self, sources, includes, generated_c=None):
        self.sources, self.cflags = list(sources), FREESTANDING + list(includes)
        self.generated_c = generated_c
        self.tmp = self.path = None

    def exe(self):
        """The program's path; SkipTest if this host cannot build it."""
        if self.path:
            return self.path
        if not have("gcc", "ld"):
            raise unittest.SkipTest("needs gcc and ld")
        self.tmp = tempfile.TemporaryDirectory()
        sources = list(self.sources)
        if self.generated_c is not None:
            sources.append(os.path.join(self.tmp.name, "harness.c"))
            with open(sources[-1], "w") as f:
                f.write(self.generated_c)
        objs = []
        for path in sources:
            objs.append(os.path.join(self.tmp.name, "%d.o" % len(objs)))
            subprocess.run(["gcc"] + self.cflags + ["-c", path, "-o", objs[-1]],
                           cwd=ROOT, check=True)
        exe = os.path.join(self.tmp.name, "harness")
        subprocess.run(["ld", "-m", "elf_i386", "-nostdlib", "-static", "-e", "_start",
                        "-o", exe] + objs, check=True)
        self.path = exe
        return exe

    def cleanup(self):
        if self.tmp:
            self.tmp.cleanup()
        self.tmp = self.path = None
