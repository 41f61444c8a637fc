#!/usr/bin/env python3
"""counters.py - per-call VMI counters of one workload, native beside pvhv.

    counters.py --build build-counters [--script FILE] [--timeout S]

Needs a VMI_COUNTERS=1 build in --build (`make counters` makes it, then
calls this).  The workload is the environment variable RUN_CMD when set
(`make counters CMD='...'`), else --script (default: the BusyBox workload
of the system tests), as /etc/cmd in the initramfs.  It is booted natively
and on pvhv; each guest prints its "counters: vmi_<name> <count>" lines at
power-off, the hypervisor logs its "histogram: ..." lines when the domain
ends.  Prints both counter tables side by side, the calls that differ, the
verdict IDENTICAL or DIFFERENT, and the pvhv hypercall histogram.

Exit status: 0 when both runs completed (whatever the verdict; --strict: 0
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
# The calls whose counts follow the clock, not the workload: how often a
# timer fires, how long a halt lasts, how many events are pending when the
# guest looks - all of which depend on how fast the machine runs the
# workload, so they differ between two runs of the same backend too.
TIMING_NOTE = ("counts that follow timer ticks and event arrival depend on "
               "run time, not only on the workload")


def call_order():
    """Call names in number order, from the generated header."""
    text = open(os.path.join(ROOT, "vmi", "include", "vmi", "calls.h")).read()
    return ["vmi_" + m for m in re.findall(r"^\tX\(\d+, (\w+),", text, re.M)]


def parse_counters(transcript):
    return {name: int(n) for name, n in COUNTER_RE.findall(transcript)}


def make_initramfs(build, script, out):
    base = os.path.join(build, "initramfs.cpio")
    argv = [sys.executable, os.path.join(ROOT, "scripts", "mkinitramfs.py"),
            "--base", base, "--out", out]
    if os.environ.get("RUN_CMD"):
        argv += ["--cmd-env", "RUN_CMD"]
    else:
        argv += ["--file", "/etc/cmd=%s" % script]
    subprocess.run(argv, check=True)


def boot(label, kernel, modules, timeout, accel, hv=None):
    r = qemu.run(kernel, modules, timeout=timeout, accel=accel, **(hv or {}))
    ok = not r.timed_out and r.guest_code is not None
    if not ok:
        sys.stderr.write(r.transcript[-3000:])
        print("counters: %s run failed (%s)" % (label, "timeout" if r.timed_out
              else "no power-off"), file=sys.stderr)
    return r, ok


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", default="build-counters")
    p.add_argument("--script", default=DEFAULT_SCRIPT,
                   help="workload run as /etc/cmd when RUN_CMD is not set")
    p.add_argument("--timeout", type=float, default=600.0)
    p.add_argument("--accel", choices=("kvm", "tcg"))
    p.add_argument("--strict", action="store_true",
                   help="exit 1 unless the counters are identical")
    p.add_argument("--keep", metavar="DIR", help="keep transcripts and the hv log in DIR")
    args = p.parse_args(argv)
    b = args.build
    if not os.path.exists(os.path.join(b, "VMI_COUNTERS")):
        sys.exit("counters: %s is not a VMI_COUNTERS=1 build (make counters builds one)" % b)
    accel = args.accel or qemu.pick_accel()
    what = "CMD" if os.environ.get("RUN_CMD") else os.path.relpath(args.script, ROOT)
    print("counters: workload %s, accel %s, build %s" % (what, accel, b))
    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or tmp
        os.makedirs(out_dir, exist_ok=True)
        cpio = os.path.join(out_dir, "initramfs-counters.cpio")
        make_initramfs(b, args.script, cpio)
        nat, ok1 = boot("native", os.path.join(b, "guest-native.elf"),
                        ["%s initrd" % cpio], args.timeout, accel)
        hv_log = os.path.join(out_dir, "hypervisor.log")
        pv, ok2 = boot("pvhv", os.path.join(b, "hypervisor.elf"),
                       ["%s name=dom0 mem=128" % os.path.join(b, "guest-pvhv.elf"),
                        "%s initrd" % cpio], args.timeout, accel,
                       qemu.hypervisor_args(hv_log))
        log = open(hv_log, errors="replace").read() if os.path.exists(hv_log) else ""
        if args.keep:
            for name, r in (("native", nat), ("pvhv", pv)):
                with open(os.path.join(out_dir, name + ".txt"), "w") as f:
                    f.write(r.transcript)
    if not (ok1 and ok2):
        return 1
    cn, cp = parse_counters(nat.transcript), parse_counters(pv.transcript)
    if not cn or not cp:
        print("counters: no counters printed (not a VMI_COUNTERS=1 guest?)", file=sys.stderr)
        return 1
    strip = lambda t: "\n".join(l for l in t.splitlines()
                                if not l.startswith(("counters:", "env:")))
    same_output = strip(nat.transcript) == strip(pv.transcript)
    print("workload exit code: native %s, pvhv %s; console output (minus env:/counters: "
          "lines) %s" % (nat.guest_code, pv.guest_code,
                         "identical" if same_output else "DIFFERS"))
    print()
    print("%-28s %12s %12s" % ("call", "native", "pvhv"))
    differ = []
    for name in call_order():
        a, c = cn.get(name, 0), cp.get(name, 0)
        if a == 0 and c == 0:
            continue
        mark = "" if a == c else "   <- %+d" % (c - a)
        if a != c:
            differ.append(name)
        print("%-28s %12d %12d%s" % (name, a, c, mark))
    print("%-28s %12d %12d" % ("total", sum(cn.values()), sum(cp.values())))
    print()
    hist = [m for m in HIST_RE.findall(log)]
    if hist:
        print("pvhv hypercall histogram (hypervisor log):")
        for dom, name, mc, hc, n in hist:
            print("  domain %s (%s) %-9s %-18s %10s" % (dom, name, "multicall" if mc else "",
                                                     hc, n))
        print()
    if differ:
        print("counters: DIFFERENT in %d call(s): %s" % (len(differ), " ".join(differ)))
        print("counters: note: " + TIMING_NOTE)
    else:
        print("counters: IDENTICAL (%d calls used, %d calls made)" % (len(cn), sum(cn.values())))
    return 1 if (args.strict and differ) else 0


if __name__ == "__main__":
    sys.exit(main())
