#!/usr/bin/env python3
"""long_run.py - `make fuzz`: the hypercall fuzzer for a long run beside the victim.

Usage: long_run.py --build build [--seed N] [--count N] [--timeout S] [--accel kvm|tcg]

Boots build/hypervisor.elf with two modules, as conformance/fuzz/hypercalls
.domains does for the short run of `make test` but with a larger count:

    fuzz/hypercalls.elf name=fuzzer seed=SEED count=COUNT
    victim/checksum.elf name=victim

and judges it with the runner's own judge_domains (conformance/run.py): both
domains print SUCCESS - the fuzzer survived every call, the victim's
checksum came out right - and the hypervisor powered off by itself (it is
alive: no panic, no hang; its log is scanned for PANIC too).  Prints the
calls made, the result summary and how long it took.  The transcript and
the hypervisor log are kept in <build>/fuzz/.  Exit status 0 on PASS.
Standard library only.
"""
import argparse
import importlib.util
import os
import re
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _load(name, rel):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, rel))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


run = _load("conformance_run", "conformance/run.py")
qemu = run.qemu


def main(argv=None):
    p = argparse.ArgumentParser(description="Long hypercall fuzz run beside the victim.")
    p.add_argument("--build", default="build")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--count", type=int, default=1000000)
    p.add_argument("--timeout", type=float, default=None,
                   help="seconds (default: 600 + 5 ms per call)")
    p.add_argument("--accel", choices=("kvm", "tcg"))
    args = p.parse_args(argv)
    timeout = args.timeout or 600 + args.count * 0.005

    build = args.build
    fuzzer = os.path.join(build, "conformance", "pvhv", "fuzz", "hypercalls.elf")
    victim = os.path.join(build, "conformance", "pvhv", "victim", "checksum.elf")
    kernel = os.path.join(build, "hypervisor.elf")
    for f in (kernel, fuzzer, victim):
        if not os.path.isfile(f):
            sys.exit("long_run.py: %s not built (make pvhv)" % f)
    # Keep the victim computing for about as long as the fuzzer runs
    # (one checksum round takes roughly as long as 4,000 hypercalls on TCG).
    rounds = max(8, args.count // 4000)
    text = ("self name=fuzzer seed=%d count=%d\nvictim/checksum name=victim rounds=%d\n"
            % (args.seed, args.count, rounds))
    doms = run.parse_domains(text)
    modules = ["%s name=fuzzer seed=%d count=%d" % (fuzzer, args.seed, args.count),
               "%s name=victim rounds=%d" % (victim, rounds)]
    outdir = os.path.join(build, "fuzz")
    os.makedirs(outdir, exist_ok=True)
    log_path = os.path.join(outdir, "hypercalls-seed%d.log" % args.seed)
    hv_log = os.path.join(outdir, "hypercalls-seed%d.hv.log" % args.seed)
    accel = args.accel or qemu.pick_accel()
    print("fuzz: seed %d, %d hypercalls beside the victim (accel %s, timeout %d s)"
          % (args.seed, args.count, accel, timeout))
    sys.stdout.flush()

    start = time.monotonic()
    result = qemu.run(kernel, modules, timeout=timeout, accel=accel,
                      **qemu.hypervisor_args(hv_log))
    elapsed = time.monotonic() - start
    with open(log_path, "w") as f:
        f.write(result.transcript)
    try:
        with open(hv_log, errors="replace") as f:
            log = f.read()
    except OSError:
        log = ""

    status, reason = run.judge_domains(result.transcript, log, doms,
                                       result.guest_code, result.timed_out)
    if status == "PASS" and "PANIC" in log:
        status, reason = "FAIL", "the hypervisor log has a PANIC line"
    if status == "PASS" and result.guest_code != 0:
        status, reason = "FAIL", "exit code %s, want 0" % result.guest_code

    per = run.split_by_domain(result.transcript, ["fuzzer", "victim"])
    for line in per["fuzzer"]:
        if line.startswith("env: fuzz:"):
            print("  " + line[len("env: "):])
    calls = None
    for line in per["fuzzer"]:
        m = re.match(r"env: fuzz: (\d+) hypercalls", line)
        if m:
            calls = int(m.group(1))
    victim_verdict = run.verdict_line("\n".join(per["victim"]))
    print("fuzz: victim %s; hypervisor %s" % (
        victim_verdict or "printed no verdict",
        "powered off cleanly" if result.guest_code is not None else "did not power off"))
    if calls:
        print("fuzz: %d hypercalls in %.0f s (%.0f calls/s, boot included)"
              % (calls, elapsed, calls / elapsed))
    else:
        print("fuzz: no call count printed after %.0f s" % elapsed)
    print("fuzz: transcript %s, hypervisor log %s" % (log_path, hv_log))
    if status != "PASS":
        print("FAIL fuzz seed %d: %s" % (args.seed, reason))
        for line in result.transcript.splitlines()[-run.TAIL_LINES:]:
            print("    | " + line)
        for line in log.splitlines()[-5:]:
            print("    hv| " + line)
        return 1
    print("PASS fuzz seed %d" % args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
