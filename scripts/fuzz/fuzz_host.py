#!/usr/bin/env python3
# fuzz_host.py - build and run the host-side libFuzzer targets of scripts/fuzz/.
#
#   elf        hypervisor/elf.c (elf_check) and domain_build.c on an emulated
#              machine: the summary, the built domain, the page-table invariants
#   pagetable  hypervisor/pagetype.c on frames.c, driven by two hostile
#              domains, against an independent invariant oracle and rule model
#
# Both are 32-bit programs (the hypervisor is): clang -m32 with libFuzzer,
# AddressSanitizer and UndefinedBehaviorSanitizer (libclang-rt-14-dev and
# the i386 C library, installed by `scripts/setup.sh --fuzz`).  Coverage
# instrumentation covers the hypervisor's files and the harness's decoder,
# not the oracles, so "cov" counts edges of the code under test.
#
#   fuzz_host.py --out build/fuzz-host [--seconds 60] [--targets elf,pagetable]
#       build, write the seed corpora, replay the regression inputs, fuzz each
#       target for --seconds with the corpus kept in OUT/corpus/<target>/;
#       findings (the input and the report) go to OUT/findings/<target>/.
#   fuzz_host.py --smoke [--runs 3000]
#       a few thousand executions each from the seeds, in a temporary
#       directory (the host unit tests use this through smoke()).
#   fuzz_host.py --replay FILE... --target T
#       run saved inputs once (with FUZZ_VERBOSE=1 to see what they do).
#
# Exit status: 0 clean, 1 a finding (or a regression input fails again),
# 2 the toolchain is missing or the build failed.
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import seeds  # noqa: E402

CC = os.environ.get("FUZZ_CC", "clang")
SAN = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all"]
PROFILE = ["-fprofile-instr-generate", "-fcoverage-mapping"]
CFLAGS = ["-m32", "-g", "-O1", "-std=gnu11", "-Wall", "-Wextra", "-fno-omit-frame-pointer",
          "-I" + os.path.join(ROOT, "vmi/include"), "-I" + os.path.join(ROOT, "hypervisor"),
          "-I" + ROOT, "-I" + HERE]
# file -> coverage instrumentation: False none, True full, NOCMP without
# comparison tracing (frames.c and pagetype.c walk whole tables: traced
# comparisons would take most of the run time for little guidance).
NOCMP = "nocmp"
COMMON = {"scripts/fuzz/hvhost.c": False, "scripts/fuzz/oracle.c": False,
          "hypervisor/frames.c": NOCMP, "hypervisor/pagetype.c": NOCMP}
TARGETS = {
    "elf": dict(COMMON, **{"scripts/fuzz/fuzz_elf.c": True, "hypervisor/elf.c": True,
                           "hypervisor/domain_build.c": True}),
    "pagetable": dict(COMMON, **{"scripts/fuzz/fuzz_pagetable.c": True}),
}
MAX_LEN = {"elf": 65536, "pagetable": 2048}
REGRESSIONS = os.path.join(HERE, "regressions")


class ToolchainMissing(Exception):
    pass


def log(msg):
    print("fuzz-host: " + msg, flush=True)


def check_toolchain(tmp):
    """Raise ToolchainMissing unless clang can build a 32-bit libFuzzer
    program with ASan and UBSan that runs here."""
    if not shutil.which(CC):
        raise ToolchainMissing("%s not found (run scripts/setup.sh --fuzz)" % CC)
    src = os.path.join(tmp, "probe.c")
    exe = os.path.join(tmp, "probe")
    with open(src, "w") as f:
        f.write("#include <stdint.h>\n#include <stddef.h>\n"
                "int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)"
                "{ (void)d; (void)n; return 0; }\n")
    r = subprocess.run([CC, "-m32", "-fsanitize=fuzzer"] + SAN + [src, "-o", exe],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise ToolchainMissing("%s -m32 -fsanitize=fuzzer,address,undefined does not link "
                               "(needs libclang-rt-14-dev, libc6-dev-i386, lib32stdc++-12-dev;"
                               " run scripts/setup.sh --fuzz): %s"
                               % (CC, r.stderr.strip().splitlines()[-1:] or ""))
    r = subprocess.run([exe, "-runs=1"], capture_output=True, text=True)
    if r.returncode != 0:
        raise ToolchainMissing("a 32-bit libFuzzer program does not run here: %s"
                               % r.stderr.strip()[-300:])


def build(bindir, profile=False):
    """Compile every file once, link both targets; {target: exe}.  With
    profile, for source-based line coverage instead of sanitizers."""
    os.makedirs(bindir, exist_ok=True)
    san = PROFILE if profile else SAN
    objs = {}
    for target, files in TARGETS.items():
        for rel, cover in files.items():
            if rel in objs:
                continue
            obj = os.path.join(bindir, os.path.basename(rel)[:-2] + ".o")
            flags = CFLAGS + san + (["-fsanitize=fuzzer-no-link"] if cover else [])
            if cover == NOCMP:
                flags.append("-fno-sanitize-coverage=trace-cmp")
            r = subprocess.run([CC] + flags + ["-c", os.path.join(ROOT, rel), "-o", obj],
                               capture_output=True, text=True)
            if r.returncode != 0:
                raise RuntimeError("compiling %s failed:\n%s" % (rel, r.stderr))
            if r.stderr.strip():
                sys.stderr.write(r.stderr)
            objs[rel] = obj
    exes = {}
    for target, files in TARGETS.items():
        exe = os.path.join(bindir, "fuzz_" + target)
        r = subprocess.run([CC, "-m32", "-fsanitize=fuzzer"] + san +
                           [objs[f] for f in files] + ["-o", exe], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("linking %s failed:\n%s" % (exe, r.stderr))
        exes[target] = exe
    return exes


def regression_files(target):
    d = os.path.join(REGRESSIONS, target)
    if not os.path.isdir(d):
        return []
    return sorted(os.path.join(d, f) for f in os.listdir(d)
                  if not f.startswith(".") and not f.endswith(".md"))


def finding_lines(text):
    """The lines that say what went wrong."""
    keep = [l for l in text.splitlines()
            if re.search(r"FUZZ FINDING|ERROR: (Address|libFuzzer|UndefinedBehavior)|"
                         r"runtime error|SUMMARY:|Test unit written|==\d+==ERROR", l)]
    return keep[:12]


def replay(exe, files):
    """Run inputs once each; (ok, output)."""
    if not files:
        return True, ""
    r = subprocess.run([exe, "-runs=1"] + files, capture_output=True, text=True, timeout=300)
    return r.returncode == 0, r.stdout + r.stderr


def parse_stats(text):
    """Executions, coverage, features, corpus size, exec/s of a libFuzzer run."""
    st = {}
    m = re.search(r"stat::number_of_executed_units:\s*(\d+)", text)
    if m:
        st["execs"] = int(m.group(1))
    lines = re.findall(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/(\S+).*?exec/s: (\d+)",
                       text, re.M)
    if lines:
        n, cov, ft, corp, size, eps = lines[-1]
        st.setdefault("execs", int(n))
        st.update(cov=int(cov), ft=int(ft), corpus=int(corp), corpus_size=size, eps=int(eps))
    return st


def fuzz(exe, target, corpus_dirs, findings, seconds=None, runs=None, extra=()):
    """One libFuzzer run; (ok, stats, text)."""
    os.makedirs(findings, exist_ok=True)
    cmd = [exe, "-print_final_stats=1", "-max_len=%d" % MAX_LEN[target], "-timeout=20",
           "-rss_limit_mb=2048", "-artifact_prefix=" + findings + os.sep]
    if seconds is not None:
        cmd.append("-max_total_time=%d" % seconds)
    if runs is not None:
        cmd.append("-runs=%d" % runs)
    cmd += list(extra) + corpus_dirs
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True,
                       timeout=(seconds or 60) * 3 + 300)
    text = r.stdout + r.stderr
    st = parse_stats(text)
    st["seconds"] = time.time() - t0
    return r.returncode == 0, st, text


def line_coverage(out, target, corpus_dirs):
    """Line and branch coverage of the hypervisor files reached by the corpus
    (llvm-cov report lines), or None when llvm-cov is not here."""
    if not (shutil.which("llvm-profdata") and shutil.which("llvm-cov")):
        return None
    covdir = os.path.join(out, "coverage")
    exe = build(covdir, profile=True)[target]
    raw = os.path.join(covdir, target + ".profraw")
    data = os.path.join(covdir, target + ".profdata")
    r = subprocess.run([exe, "-runs=0"] + corpus_dirs, capture_output=True, timeout=900,
                       env=dict(os.environ, LLVM_PROFILE_FILE=raw))
    if r.returncode != 0:
        return ["(no line coverage: the corpus run stopped on a finding)"]
    subprocess.run(["llvm-profdata", "merge", "-sparse", raw, "-o", data], check=True,
                   capture_output=True)
    srcs = [os.path.join(ROOT, f) for f in TARGETS[target] if f.startswith("hypervisor/")]
    r = subprocess.run(["llvm-cov", "report", exe, "-instr-profile=" + data] + srcs,
                       capture_output=True, text=True)
    rows = []
    for line in r.stdout.splitlines():
        f = line.split()
        # Filename Regions Missed Cover Functions Missed Executed Lines Missed Cover ...
        if len(f) >= 10 and (f[0].endswith(".c") or f[0] == "TOTAL"):
            rows.append("%-24s lines %s/%s (%s)  branches %s" % (
                os.path.basename(f[0]), int(f[7]) - int(f[8]), f[7], f[9],
                f[12] if len(f) >= 13 else "?"))
    return rows


def describe(target, st):
    return ("%-9s %8s execs in %5.1f s (%s/s), cov %s edges, %s features, corpus %s (%s)"
            % (target, st.get("execs", "?"), st.get("seconds", 0), st.get("eps", "?"),
               st.get("cov", "?"), st.get("ft", "?"), st.get("corpus", "?"),
               st.get("corpus_size", "?")))


def campaign(out, seconds, targets, build_dir):
    """make fuzz-host: returns the exit status."""
    tmp = tempfile.mkdtemp()
    try:
        check_toolchain(tmp)
    except ToolchainMissing as e:
        log(str(e))
        return 2
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    try:
        exes = build(os.path.join(out, "bin"))
    except RuntimeError as e:
        log(str(e))
        return 2
    seeds.write_seeds(os.path.join(out, "seeds"), build_dir)
    status = 0
    report = []
    for target in targets:
        findings = os.path.join(out, "findings", target)
        ok, text = replay(exes[target], regression_files(target))
        if not ok:
            log("%s: a regression input fails again:" % target)
            for l in finding_lines(text):
                print("    " + l)
            status = 1
        corpus = os.path.join(out, "corpus", target)
        os.makedirs(corpus, exist_ok=True)
        dirs = [corpus, os.path.join(out, "seeds", target)]
        if regression_files(target):
            dirs.append(os.path.join(REGRESSIONS, target))
        log("%s: fuzzing for %d s (corpus %s)" % (target, seconds, corpus))
        ok, st, text = fuzz(exes[target], target, dirs, findings, seconds=seconds)
        with open(os.path.join(out, target + ".log"), "w") as f:
            f.write(text)
        report.append(describe(target, st))
        try:
            for row in line_coverage(out, target, dirs) or []:
                report.append("    " + row)
        except (subprocess.SubprocessError, RuntimeError, OSError) as e:
            report.append("    (no line coverage: %s)" % e)
        if not ok:
            status = 1
            log("%s: FINDING (full log in %s):" % (target, os.path.join(out, target + ".log")))
            for l in finding_lines(text):
                print("    " + l)
    log("summary:")
    for line in report:
        print("    " + line)
    log("no findings" if status == 0 else
        "FINDINGS: fix them, then keep each input under scripts/fuzz/regressions/<target>/")
    return status


def smoke(runs=3000, targets=("elf", "pagetable"), build_dir=None):
    """Build in a temporary directory, replay the regressions, run each
    target `runs` times from the seeds.  Raises ToolchainMissing; returns
    a list of (target, ok, stats, text)."""
    build_dir = build_dir or os.path.join(ROOT, "build")
    tmp = tempfile.mkdtemp(prefix="fuzz-smoke-")
    try:
        check_toolchain(tmp)
        exes = build(os.path.join(tmp, "bin"))
        seeds.write_seeds(os.path.join(tmp, "seeds"), build_dir)
        results = []
        for target in targets:
            ok, text = replay(exes[target], regression_files(target))
            if not ok:
                results.append((target + " regressions", False, {}, text))
                continue
            corpus = os.path.join(tmp, "corpus", target)
            os.makedirs(corpus)
            ok, st, text = fuzz(exes[target], target, [corpus, os.path.join(tmp, "seeds", target)],
                                os.path.join(tmp, "findings", target), runs=runs,
                                extra=["-max_total_time=20"])
            results.append((target, ok, st, text))
        return results
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description="build and run the host-side fuzzers")
    ap.add_argument("--out", default=os.path.join(ROOT, "build", "fuzz-host"))
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"),
                    help="where the real guest images are (seeds)")
    ap.add_argument("--seconds", type=int, default=int(os.environ.get("FUZZ_SECONDS", "60")))
    ap.add_argument("--targets", default="elf,pagetable")
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--runs", type=int, default=3000)
    ap.add_argument("--replay", nargs="*")
    ap.add_argument("--target")
    a = ap.parse_args()
    targets = [t for t in a.targets.split(",") if t]
    for t in targets + ([a.target] if a.target else []):
        if t not in TARGETS:
            ap.error("unknown target %s (have %s)" % (t, ", ".join(TARGETS)))
    if a.replay is not None:
        if not a.target:
            ap.error("--replay needs --target")
        exes = build(os.path.join(a.out, "bin"))
        r = subprocess.run([exes[a.target], "-runs=1"] + a.replay)
        return 0 if r.returncode == 0 else 1
    if a.smoke:
        try:
            results = smoke(a.runs, targets, a.build_dir)
        except ToolchainMissing as e:
            log("skipped: " + str(e))
            return 2
        status = 0
        for target, ok, st, text in results:
            print(describe(target, st) if st else target)
            if not ok:
                status = 1
                for l in finding_lines(text):
                    print("    " + l)
        return status
    return campaign(a.out, a.seconds, targets, a.build_dir)


if __name__ == "__main__":
    sys.exit(main())
