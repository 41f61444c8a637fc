#!/usr/bin/env python3
"""ltp_build.py - build LTP syscall tests against our own LTP library.

    python3 scripts/ltp_build.py --src /work/ext/ltp --out DIR [--filter RE] [-j N]

Builds conformance/ltp (headers and lib/*.c, our implementation of LTP's
test API) into DIR/libltp.a with gcc -m32, then reads SRC/runtest/syscalls
("tag command args" lines) and builds every entry whose command is the
basename of a .c file under SRC/testcases (or NAME_64, built from NAME.c with
-D_FILE_OFFSET_BITS=64 -DTST_USE_NEWER64_SYSCALL=1 as LTP's newer_64.mk and
the test Makefiles do) as a static i386 executable DIR/bin/<command>.

A test directory's .c files without a main() (helper code LTP's Makefiles
link in) are linked into each of its tests; its other programs (children
the tests exec, like pipe2_02_child) are built too, without a runlist line.

Writes DIR/runlist (the runtest lines of the built entries, unchanged),
DIR/build-failures.txt (entry and the first compiler error line) and
DIR/MANIFEST (SRC/MANIFEST.* concatenated). Exits 0 even if tests fail to
compile (1 only if our library does not build); prints the counts.
"""
import argparse
import concurrent.futures
import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LTP_DIR = os.path.join(ROOT, "conformance", "ltp")
INCLUDE = os.path.join(LTP_DIR, "include")

CC = ["gcc", "-m32"]
CFLAGS = ["-O2", "-w", "-fno-strict-aliasing", "-D_GNU_SOURCE",
          "-I" + INCLUDE, "-I" + os.path.join(INCLUDE, "old")]
LDLIBS = ["-lpthread", "-lrt", "-lm"]
FLAGS_64 = ["-D_FILE_OFFSET_BITS=64", "-DTST_USE_NEWER64_SYSCALL=1"]

# A program: main() (old sources omit its int), or a new-API test whose
# main() comes from tst_test.h.
MAIN_RE = re.compile(r"^\s*(?:(?:static\s+)?int\s+)?main\s*\(|"
                     r"\bstruct\s+tst_test\s+test\b|TST_TEST_TCONF\s*\(",
                     re.M)


def newest_mtime(paths):
    return max((os.path.getmtime(p) for p in paths if os.path.exists(p)),
               default=0)


def tree_files(top, exts):
    found = []
    for d, _, files in os.walk(top):
        found += [os.path.join(d, f) for f in files if f.endswith(exts)]
    return found


def run(cmd, cwd=None):
    """(ok, stderr text) of one compiler run. Sources are named relative to
    CWD, as LTP's make does, so __FILE__ (printed in every result line) is
    the bare file name."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, cwd=cwd)
    return p.returncode == 0, p.stderr


def first_error(text):
    lines = text.splitlines()
    for line in lines:
        if ("error" in line and "ld returned" not in line) or \
                "undefined reference" in line or "multiple definition" in line:
            return line.strip()
    return lines[0].strip() if lines else "unknown error"


def build_library(out, jobs):
    """DIR/libltp.a from conformance/ltp/lib/*.c; rebuilt when any of our
    headers or sources is newer. Raises SystemExit if it does not build."""
    objdir = os.path.join(out, "obj", "lib")
    os.makedirs(objdir, exist_ok=True)
    lib = os.path.join(out, "libltp.a")
    sources = sorted(glob.glob(os.path.join(LTP_DIR, "lib", "*.c")))
    inputs = sources + tree_files(INCLUDE, ".h") + \
        glob.glob(os.path.join(LTP_DIR, "lib", "*.h"))
    if os.path.exists(lib) and os.path.getmtime(lib) >= newest_mtime(inputs):
        return lib

    def compile_one(src):
        obj = os.path.join(objdir, os.path.basename(src)[:-2] + ".o")
        ok, err = run(CC + CFLAGS + ["-Wall", "-c", os.path.basename(src),
                                     "-o", obj], cwd=os.path.dirname(src))
        return src, obj, ok, err

    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        results = list(pool.map(compile_one, sources))
    bad = [(s, e) for s, _, ok, e in results if not ok]
    if bad:
        for src, err in bad:
            sys.stderr.write(err)
        raise SystemExit("ltp_build: our library does not build: " +
                         ", ".join(os.path.basename(s) for s, _ in bad))
    if os.path.exists(lib):
        os.unlink(lib)
    ok, err = run(["ar", "rcs", lib] + [o for _, o, _, _ in results])
    if not ok:
        raise SystemExit("ltp_build: ar failed: " + err)
    return lib


def parse_runtest(path):
    """[(line, tag, command)] of a runtest file, comments and blanks out."""
    entries = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            words = line.split()
            if not words or words[0].startswith("#") or len(words) < 2:
                continue
            entries.append((line, words[0], words[1]))
    return entries


def has_main(path):
    with open(path, errors="replace") as f:
        return bool(MAIN_RE.search(f.read()))


class Tree:
    """The fetched sources: .c files by basename, and per directory which
    of them are programs and which are helper code to link in."""

    def __init__(self, src, commands=()):
        self.src = src
        self.utils = os.path.join(src, "testcases", "kernel", "syscalls", "utils")
        self.by_name = {}
        for path in sorted(tree_files(os.path.join(src, "testcases"), ".c")):
            self.by_name.setdefault(os.path.basename(path)[:-2], path)
        self.programs = {}   # dir -> [program .c]
        self.helpers = {}    # dir -> [helper .c]
        for path in self.by_name.values():
            d = os.path.dirname(path)
            name = os.path.basename(path)[:-2]
            is_program = name in commands or has_main(path)
            kind = self.programs if is_program else self.helpers
            kind.setdefault(d, []).append(path)

    def source_of(self, command):
        """(source, extra flags) for a runtest command, or None."""
        if command in self.by_name:
            return self.by_name[command], []
        if command.endswith("_64") and command[:-3] in self.by_name:
            return self.by_name[command[:-3]], FLAGS_64
        return None


def build_program(tree, lib, out, name, src, extra_flags):
    """Compile and link one program: (name, error line or None)."""
    d = os.path.dirname(src)
    helpers = sorted(tree.helpers.get(d, []))
    binary = os.path.join(out, "bin", name)
    inputs = [src, lib] + helpers + glob.glob(os.path.join(d, "*.h")) + \
        glob.glob(os.path.join(tree.utils, "*.h"))
    if os.path.exists(binary) and \
            os.path.getmtime(binary) >= newest_mtime(inputs):
        return name, None
    cmd = CC + ["-static"] + CFLAGS + extra_flags + \
        ["-I" + d, "-I" + tree.utils, "-o", binary,
         os.path.basename(src)] + [os.path.relpath(h, d) for h in helpers] + \
        [lib] + LDLIBS
    ok, err = run(cmd, cwd=d)
    if ok:
        return name, None
    if os.path.exists(binary):
        os.unlink(binary)
    return name, first_error(err)


def write_manifest(src, out):
    with open(os.path.join(out, "MANIFEST"), "w") as m:
        for part in sorted(glob.glob(os.path.join(src, "MANIFEST.*"))):
            with open(part) as f:
                m.write(f.read())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", required=True, help="LTP source tree")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--filter", help="only runtest tags or commands matching")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1, dest="jobs")
    args = ap.parse_args(argv)

    out = os.path.abspath(args.out)
    os.makedirs(os.path.join(out, "bin"), exist_ok=True)
    lib = build_library(out, args.jobs)
    entries = parse_runtest(os.path.join(args.src, "runtest", "syscalls"))
    tree = Tree(os.path.abspath(args.src), {e[2] for e in entries})
    if args.filter:
        pat = re.compile(args.filter)
        entries = [e for e in entries if pat.search(e[1]) or pat.search(e[2])]

    wanted, missing = {}, []
    for line, tag, command in entries:
        found = tree.source_of(command)
        if found:
            wanted.setdefault(command, found)
        else:
            missing.append(tag)
    # The other programs in those directories: helpers the tests exec.
    dirs = {os.path.dirname(src) for src, _ in wanted.values()}
    helpers = {}
    for d in dirs:
        for path in tree.programs.get(d, []):
            name = os.path.basename(path)[:-2]
            if name not in wanted:
                helpers[name] = (path, [])

    jobs = dict(wanted)
    jobs.update(helpers)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = dict(pool.map(
            lambda item: build_program(tree, lib, out, item[0], *item[1]),
            sorted(jobs.items())))

    built = [e for e in entries if e[2] in wanted and not results[e[2]]]
    failed = [e for e in entries if e[2] in wanted and results[e[2]]]
    with open(os.path.join(out, "runlist"), "w") as f:
        f.writelines(line + "\n" for line, _, _ in built)
    with open(os.path.join(out, "build-failures.txt"), "w") as f:
        for _, tag, command in failed:
            f.write("%s %s: %s\n" % (tag, command, results[command]))
        for name in sorted(n for n in helpers if results[n]):
            f.write("(helper) %s: %s\n" % (name, results[name]))
    write_manifest(args.src, out)
    helper_fail = sum(1 for n in helpers if results[n])
    print("ltp_build: %d runtest entries: %d built, %d failed to build, "
          "%d without source; %d helper programs (%d failed)" %
          (len(entries), len(built), len(failed), len(missing),
           len(helpers), helper_fail))
    print("ltp_build: %s/runlist, %s/build-failures.txt" % (out, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
