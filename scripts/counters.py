#!/usr/bin/env python3
"""counters.py - per-call VMI counters of one workload, native beside pvhv.

    counters.py --build build-counters [--script FILE] [--timeout S]
                [--sched det|normal] [--repeat N] [--strict] [--keep DIR]

Needs a VMI_COUNTERS=1 build in --build (`make counters` makes it, then
calls this).  The workload is the environment variable RUN_CMD when set
(`make counters CMD='...'`), else --script (default: the BusyBox workload
of the system tests), as /etc/cmd in the initramfs.  It is booted natively
and on pvhv, both in the guest's deterministic scheduling mode (the kernel
command-line word sched=det, guest/proc/sched.c) unless --sched normal: no
timer tick, time slices counted in kernel entries, so the VMI calls made
depend on the workload only.  Each guest prints its "counters: vmi_<name>
<count>" lines at power-off, the hypervisor logs its "histogram: ..."
lines when the domain ends.  Prints both counter tables side by side, the
calls that differ, the verdict IDENTICAL or DIFFERENT, and the pvhv
hypercall histogram.  --repeat N boots each backend N times and also
compares the runs of one backend with each other.

Exit status: 0 when all runs completed (whatever the verdict; --strict: 0
only when IDENTICAL), 1 otherwise.  Standard library only.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import qemu  # noqa: E402

DEFAULT_SCRIPT = os.path.join(ROOT, "conformance", "system", "busybox_workload.sh")
COUNTER_RE = re.compile(r"^counters: (vmi_\w+) (\d+)\s*$", re.M)
HIST_RE = re.compile(r"histogram: domain (\d+) \(([^)]*)\) (multicall )?(HC_\w+) (\d+)")
DOMAIN_OPTIONS = "name=dom0 mem=128"
# What the guest prints when it took sched=det (guest/proc/sched.c, sched_init):
# without it a run would be judged in a mode it is not in.
DET_LINE = "sched: deterministic mode (sched=det)"
# Why counts differ when the guest is not in the deterministic mode.
TIMING_NOTE = ("with the 10 ms tick, counts that follow timer ticks, preemption "
               "and event arrival depend on run time, not only on the workload")


def call_order():
    """Call names in number order, from the generated header."""
    text = open(os.path.join(ROOT, "vmi", "include", "vmi", "calls.h")).read()
    return ["vmi_" + m for m in re.findall(r"^\tX\(\d+, (\w+),", text, re.M)]


def parse_counters(transcript):
    return {name: int(n) for name, n in COUNTER_RE.findall(transcript)}


def differing(a, b):
    """The call names whose counts differ between tables A and B (a call
    missing from a table counts 0), in name order."""
    return sorted(n for n in set(a) | set(b) if a.get(n, 0) != b.get(n, 0))


def boot_args(build, backend, cpio, sched="det", hv_log=None):
    """(kernel, modules, qemu.run options) for one counter run.  The kernel
    command line carries sched=: natively QEMU's -append (the multiboot
    command line), on pvhv the domain module's options after the image."""
    word = ["sched=%s" % sched] if sched else []
    if backend == "native":
        extra = ["-append", " ".join(word)] if word else []
        return (os.path.join(build, "guest-native.elf"), ["%s initrd" % cpio],
                {"extra": extra})
    image = os.path.join(build, "guest-pvhv.elf")
    return (os.path.join(build, "hypervisor.elf"),
            [" ".join([image, DOMAIN_OPTIONS] + word), "%s initrd" % cpio],
            qemu.hypervisor_args(hv_log or os.devnull))


def judge_run(transcript, guest_code, timed_out, sched="det"):
    """"" if one counter run is usable, else why not."""
    if timed_out:
        return "timeout"
    if guest_code is None:
        return "no power-off"
    if guest_code != 0:
        return "workload exit code %d" % guest_code
    if sched == "det" and DET_LINE not in transcript:
        return "the guest did not take sched=det (no %r line)" % DET_LINE
    if not parse_counters(transcript):
        return "no counters printed (not a VMI_COUNTERS=1 guest?)"
    return ""


def make_initramfs(build, out, script=None):
    """OUT: the build's initramfs plus /etc/cmd, the file SCRIPT or (None)
    the environment variable RUN_CMD."""
    base = os.path.join(build, "initramfs.cpio")
    argv = [sys.executable, os.path.join(ROOT, "scripts", "mkinitramfs.py"),
            "--base", base, "--out", out]
    if script is None:
        argv += ["--cmd-env", "RUN_CMD"]
    else:
        argv += ["--file", "/etc/cmd=%s" % script]
    subprocess.run(argv, check=True)


def boot(label, build, backend, cpio, args, accel, hv_log):
    kernel, modules, opts = boot_args(build, backend, cpio, args.sched, hv_log)
    r = qemu.run(kernel, modules, timeout=args.timeout, accel=accel, **opts)
    why = judge_run(r.transcript, r.guest_code, r.timed_out, args.sched)
    if why:
        sys.stderr.write(r.transcript[-3000:])
        print("counters: %s run failed (%s)" % (label, why), file=sys.stderr)
    return r, not why


def print_table(cn, cp):
    print("%-28s %12s %12s" % ("call", "native", "pvhv"))
    for name in call_order():
        a, c = cn.get(name, 0), cp.get(name, 0)
        if a == 0 and c == 0:
            continue
        mark = "" if a == c else "   <- %+d" % (c - a)
        print("%-28s %12d %12d%s" % (name, a, c, mark))
    print("%-28s %12d %12d" % ("total", sum(cn.values()), sum(cp.values())))
    print()


def print_histogram(log):
    hist = HIST_RE.findall(log)
    if hist:
        print("pvhv hypercall histogram (hypervisor log):")
        for dom, name, mc, hc, n in hist:
            print("  domain %s (%s) %-9s %-18s %10s" % (dom, name, "multicall" if mc else "",
                                                     hc, n))
        print()


def same_backend(runs, backend):
    """Compare the later runs of one backend with its first; the calls that
    differ in any of them."""
    first = parse_counters(runs[0].transcript)
    bad = set()
    for i, r in enumerate(runs[1:], 2):
        diff = differing(first, parse_counters(r.transcript))
        print("counters: %s run 1 vs run %d: %s" % (
            backend, i, "IDENTICAL" if not diff else "DIFFERENT in " + " ".join(diff)))
        bad.update(diff)
    return bad


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", default="build-counters")
    p.add_argument("--script", default=DEFAULT_SCRIPT,
                   help="workload run as /etc/cmd when RUN_CMD is not set")
    p.add_argument("--timeout", type=float, default=600.0)
    p.add_argument("--accel", choices=("kvm", "tcg"))
    p.add_argument("--sched", choices=("det", "normal"), default="det",
                   help="the guest's scheduling mode (default det: deterministic)")
    p.add_argument("--repeat", type=int, default=1,
                   help="boot each backend this many times and compare those too")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 unless the counters are identical")
    p.add_argument("--keep", metavar="DIR", help="keep transcripts and the hv log in DIR")
    return p.parse_args(argv)


def run_all(args, accel, out_dir):
    """{backend: [Result, ...]} and the pvhv hypervisor log, or None if a
    run failed."""
    b = args.build
    cpio = os.path.join(out_dir, "initramfs-counters.cpio")
    make_initramfs(b, cpio, None if os.environ.get("RUN_CMD") else args.script)
    runs, log = {"native": [], "pvhv": []}, ""
    for i in range(1, args.repeat + 1):
        for be in ("native", "pvhv"):
            hv_log = os.path.join(out_dir, "hypervisor-%d.log" % i)
            r, ok = boot("%s (run %d)" % (be, i), b, be, cpio, args, accel, hv_log)
            if args.keep:
                with open(os.path.join(out_dir, "%s-%d.txt" % (be, i)), "w") as f:
                    f.write(r.transcript)
            if not ok:
                return None, ""
            runs[be].append(r)
            if be == "pvhv" and i == 1 and os.path.exists(hv_log):
                log = open(hv_log, errors="replace").read()
    return runs, log


def main(argv=None):
    args = parse_args(argv)
    b = args.build
    if not os.path.exists(os.path.join(b, "VMI_COUNTERS")):
        sys.exit("counters: %s is not a VMI_COUNTERS=1 build (make counters builds one)" % b)
    accel = args.accel or qemu.pick_accel()
    what = "CMD" if os.environ.get("RUN_CMD") else os.path.relpath(args.script, ROOT)
    print("counters: workload %s, accel %s, build %s" % (what, accel, b))
    print("counters: both guests booted with sched=%s (%s)" % (
        args.sched, "deterministic scheduling: no tick, slices counted in kernel entries"
        if args.sched == "det" else "the 10 ms tick preempts: counts follow run time"))
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or tmp
        os.makedirs(out_dir, exist_ok=True)
        runs, log = run_all(args, accel, out_dir)
    if runs is None:
        return 1
    nat, pv = runs["native"][0], runs["pvhv"][0]
    cn, cp = parse_counters(nat.transcript), parse_counters(pv.transcript)
    strip = lambda t: "\n".join(l for l in t.splitlines()
                                if not l.startswith(("counters:", "env:", "hv: ")))
    same_output = strip(nat.transcript) == strip(pv.transcript)
    print("workload exit code: native %s, pvhv %s; console output (minus env:/counters:/hv: "
          "lines) %s" % (nat.guest_code, pv.guest_code,
                         "identical" if same_output else "DIFFERS"))
    print()
    print_table(cn, cp)
    print_histogram(log)
    differ = differing(cn, cp)
    repeat_bad = same_backend(runs["native"], "native") | same_backend(runs["pvhv"], "pvhv")
    if differ:
        print("counters: DIFFERENT in %d call(s): %s" % (len(differ), " ".join(differ)))
        if args.sched != "det":
            print("counters: note: " + TIMING_NOTE)
    else:
        print("counters: IDENTICAL (%d calls used, %d calls made)" % (len(cn), sum(cn.values())))
    return 1 if (args.strict and (differ or repeat_bad)) else 0


if __name__ == "__main__":
    sys.exit(main())
