#!/usr/bin/env python3
"""bench.py - `make bench`: the same benchmarks natively and on pvhv, side by side.

    bench.py [--build build] [--reps N] [--out DIR]

Four boots, through scripts/qemu.py (KVM when pick_accel() says so):

  1. native, user level: build/initramfs.cpio plus /etc/cmd =
     "/usr/bin/bench -r N" (guest/user/bench.c), booted as `make run-native`
     boots it;
  2. pvhv, user level: the same archive, booted as `make run` boots it;
  3./4. the VMI-level benchmark image conformance/bench/vmi_bench.c on each
     backend (not a conformance test: run.py never discovers it).

Every benchmark prints `bench <name> median_us=<x> min_us=<y> max_us=<z>
reps=<n>`; the medians are compared: a table on stdout (benchmark, native
us, pvhv us, ratio pvhv/native, and where there is one the Xen 2003
lmbench ratio: Xen/native as published in Barham et al., "Xen and the Art
of Virtualization", SOSP 2003), DIR/results.json (an object:
commit, date, accel, reps, and rows, a list of objects: name, native_us,
pvhv_us, ratio, xen_ratio or null, accel) and DIR/ratios.svg (a bar chart
of our ratio vs Xen's on a log axis, each bar drawn from 1.0, with a
caption saying what "Xen 2003" is and where the numbers come from).

Under TCG the numbers are those of an emulator: a loud warning is printed at
the start and at the end, and "accel" in the JSON says "tcg".

Isolation (docs/DESIGN.md, "Isolation"): the hypervisor picks segment limits
or address spaces at boot and says which on the console ("hv: isolation:
..."); two more boots force the other mode (isolation=... on its command
line), and a second table, DIR/isolation.json too, shows pvhv in both modes
with the page-table loads (CR3 writes) per operation that the VMI-level
image counts on pvhv ("bench-cr3 <name> per_op=<x>").  Segment mode forced
where the processor does not enforce limits (TCG) costs what it would, but
protects nothing; the table says so.  For path lengths rather than host time
under TCG: VMI_QEMU_EXTRA='-icount shift=0,sleep=off' (scripts/qemu.py).

The pure parts (parse_lines, make_rows, format_table, results_json,
render_svg, warning_box and the isolation_* ones) are unit tested in
scripts/tests/test_bench.py.
Standard library only.
"""
import argparse
import datetime
import json
import math
import os
import re
import subprocess
import sys
import threading
import time
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkinitramfs as mk  # noqa: E402
import qemu  # noqa: E402

# Xen / native lmbench ratios from the 2003 paper (ANCHORS.md), by our name.
XEN_RATIOS = {
    "null_syscall": 1.02,   # null syscall 0.45 vs 0.46
    "sig_deliver": 0.70,    # signal handler 2.49 vs 1.75
    "fork_exit": 1.8,       # fork 110 vs 198
    "fork_exec": 1.45,      # exec 530 vs 768
    "ctx_2p_0k": 2.6,       # context switch (2 procs) 0.77 vs 1.97
    "mmap_4m": 2.0,         # mmap 68 vs 139
    "page_fault": 1.9,      # page fault 1.42 vs 2.73
    "prot_fault": 1.3,      # protection fault 1.06 vs 1.40
}
# What a benchmark's number means when it is not "us per operation".
UNITS = {"pipe_bw": "us per 64 KiB", "cpu_hash": "us per 1 MiB pass",
         "vmi_null_call": "native: plain return, pvhv: hypercall"}
DEFAULT_REPS = 7
DOMAIN_OPTIONS = "name=dom0 mem=128"       # as the Makefile's RUN_DOM_OPTS
LINE_RE = re.compile(r"^bench (\S+) median_us=(\S+) min_us=(\S+) max_us=(\S+) reps=(\d+)\s*$")
END_MARKER = "init: /etc/cmd exited with status "


# ---- pure parts ----

def parse_lines(text):
    """{name: {"median_us", "min_us", "max_us", "reps"}} of every bench line
    in a console transcript, in order of appearance (a later line of the
    same name wins).  Other lines are ignored."""
    out = {}
    for line in text.replace("\r", "").splitlines():
        m = LINE_RE.match(line.strip())
        if not m:
            continue
        try:
            vals = [float(m.group(i)) for i in (2, 3, 4)]
        except ValueError:
            continue
        out[m.group(1)] = {"median_us": vals[0], "min_us": vals[1],
                           "max_us": vals[2], "reps": int(m.group(5))}
    return out


def make_rows(native, pvhv):
    """One row per benchmark seen on either backend (native's order, then
    pvhv-only ones): name, native_us, pvhv_us (None if missing), ratio
    pvhv/native (None unless both are there and native > 0), xen_ratio."""
    names = list(native) + [n for n in pvhv if n not in native]
    rows = []
    for name in names:
        n = native.get(name, {}).get("median_us")
        p = pvhv.get(name, {}).get("median_us")
        ratio = p / n if n is not None and p is not None and n > 0 else None
        rows.append({"name": name, "native_us": n, "pvhv_us": p,
                     "ratio": ratio, "xen_ratio": XEN_RATIOS.get(name)})
    return rows


def _num(x, fmt):
    return "-" if x is None else fmt % x


def format_table(rows):
    """A plain-text table of ROWS."""
    head = ("benchmark", "native us", "pvhv us", "pvhv/native", "Xen 2003", "note")
    body = [(r["name"], _num(r["native_us"], "%.3f"), _num(r["pvhv_us"], "%.3f"),
             _num(r["ratio"], "%.2f"), _num(r["xen_ratio"], "%.2f"),
             UNITS.get(r["name"], "")) for r in rows]
    widths = [max(len(row[i]) for row in [head] + body) for i in range(len(head))]

    def line(cells):
        parts = [cells[0].ljust(widths[0])]
        parts += [c.rjust(w) for c, w in zip(cells[1:5], widths[1:5])]
        parts.append(cells[5])
        return "  ".join(parts).rstrip()

    rule = "-" * len(line(head))
    return "\n".join([line(head), rule] + [line(b) for b in body]) + "\n"


def results_json(rows, accel, reps=None, commit=None, date=None):
    """The JSON text of results.json: where the numbers come from (commit,
    date, accel, repetitions) and rows, one object per benchmark."""
    return json.dumps({
        "commit": commit, "date": date, "accel": accel, "reps": reps,
        "rows": [{"name": r["name"], "native_us": r["native_us"],
                  "pvhv_us": r["pvhv_us"], "ratio": r["ratio"],
                  "xen_ratio": r["xen_ratio"], "accel": accel} for r in rows],
    }, indent=2) + "\n"


def git_commit(root):
    """The checked-out commit (short), "-dirty" if the tree has changes; None
    outside a git tree."""
    try:
        rev = subprocess.run(["git", "-C", root, "rev-parse", "--short=12", "HEAD"],
                             capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", root, "status", "--porcelain",
                                "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return rev + ("-dirty" if dirty else "")


def warning_box(accel):
    """The boxed warning printed under TCG; "" under KVM."""
    if accel == "kvm":
        return ""
    msg = ["WARNING: %s - timings are emulation, not hardware;" % accel.upper(),
           "ratios are not comparable to Xen's."]
    w = max(len(m) for m in msg)
    edge = "#" * (w + 6)
    return "\n".join([edge] + ["## %s ##" % m.ljust(w) for m in msg] + [edge]) + "\n"


XEN_CAPTION = ('"Xen 2003": the Xen / native lmbench ratios of Barham et al., '
               '"Xen and the Art of Virtualization", SOSP 2003 (real hardware).')


def log_ticks(lo, hi):
    """1-2-5 ticks covering [lo, hi]."""
    ticks, e = [], math.floor(math.log10(lo))
    while True:
        for m in (1, 2, 5):
            t = m * 10.0 ** e
            if t > hi * 1.0001:
                return ticks
            if t >= lo * 0.9999:
                ticks.append(t)
        e += 1


def _tick_label(t):
    return ("%g" % t) if t >= 0.1 else ("%.2g" % t)


def render_svg(rows, accel, reps=None, commit=None):
    """A bar chart (SVG text): per benchmark, our pvhv/native ratio and, where
    there is one, Xen's, on a log axis (a 46x row does not squeeze the 1.x
    ones), each bar drawn from 1.0 (right: slower than native, left: faster)
    to the ratio; 1-2-5 tick labels spaced so they cannot overlap; a caption
    says what "Xen 2003" is and which mode the numbers come from."""
    bar_h, gap, left, right, top = 12, 10, 150, 60, 50
    chart_w = 560
    vals = [v for r in rows for v in (r["ratio"], r["xen_ratio"])
            if v is not None and math.isfinite(v) and v > 0]
    lo = 10.0 ** math.floor(math.log10(min([0.5] + vals)) + 1e-9)
    hi = max([2.0] + vals)
    hi = next(t for t in (m * 10.0 ** e for e in range(0, 9) for m in (1, 2, 5)) if t >= hi)
    height = top + len(rows) * (2 * bar_h + gap) + 90
    width = left + chart_w + right
    span = math.log10(hi) - math.log10(lo)

    def x(v):
        v = min(max(v, lo), hi)
        return left + chart_w * (math.log10(v) - math.log10(lo)) / span

    mode = "accel=%s" % accel
    if reps:
        mode += ", median of %d repetitions" % reps
    if commit:
        mode += ", commit %s" % commit
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="11">' % (width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="18" font-size="14" font-weight="bold">'
           'pvhv / native time ratio (log scale, lower is better), %s</text>' % escape(accel)]
    if accel != "kvm":
        out.append('<text x="10" y="34" fill="red" font-weight="bold">'
                   'WARNING: %s - emulated timings, not comparable to Xen\'s</text>'
                   % escape(accel.upper()))
    legend_y = 34 if accel == "kvm" else 44
    out.append('<rect x="%d" y="%d" width="10" height="8" fill="#3366cc"/>'
               '<text x="%d" y="%d">ours</text>' % (width - 150, legend_y - 8,
                                                    width - 136, legend_y))
    out.append('<rect x="%d" y="%d" width="10" height="8" fill="#dd8800"/>'
               '<text x="%d" y="%d">Xen 2003</text>' % (width - 90, legend_y - 8,
                                                        width - 76, legend_y))
    y = top
    for r in rows:
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                   % (left - 6, y + bar_h + 4, escape(r["name"])))
        for i, (key, colour) in enumerate((("ratio", "#3366cc"), ("xen_ratio", "#dd8800"))):
            v = r[key]
            if v is None or not math.isfinite(v) or v <= 0:
                continue
            by = y + i * bar_h
            x0, x1 = sorted((x(1.0), x(v)))
            out.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>'
                       % (x0, by, max(x1 - x0, 1.0), bar_h - 2, colour))
            out.append('<text x="%.1f" y="%d">%.2f</text>'
                       % (max(x1, x(1.0)) + 3, by + bar_h - 3, v))
        y += 2 * bar_h + gap
    axis_y = y
    out.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>'
               % (left, axis_y, left + chart_w, axis_y))
    last = None
    for t in log_ticks(lo, hi):
        tx = x(t)
        out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="black"/>'
                   % (tx, axis_y, tx, axis_y + 4))
        if last is None or tx - last >= 30:        # labels never overlap
            out.append('<text x="%.1f" y="%d" text-anchor="middle">%s</text>'
                       % (tx, axis_y + 16, _tick_label(t)))
            last = tx
    out.append('<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="gray" '
               'stroke-dasharray="4,3"/>' % (x(1), top - 4, x(1), axis_y))
    out.append('<text x="10" y="%d">%s</text>' % (axis_y + 40, escape(XEN_CAPTION)))
    out.append('<text x="10" y="%d">Ours: medians of scripts/bench.py (make bench) on '
               'QEMU, %s.</text>' % (axis_y + 56, escape(mode)))
    out.append('</svg>')
    return "\n".join(out) + "\n"


# ---- isolation: pvhv in both modes (pure parts) ----

ISOLATION_RE = re.compile(r"^hv: isolation: (.+?)\s*$", re.M)
CR3_RE = re.compile(r"^bench-cr3 (\S+) per_op=(\S+)\s*$", re.M)
# The console line's mode -> the command-line word forcing the other one.
OTHER_ISOLATION = {"address spaces": ("segment limits", "segments"),
                   "segment limits": ("address spaces", "address-spaces")}


def isolation_of(transcript):
    """The mode a pvhv boot's hypervisor announced, or None."""
    m = ISOLATION_RE.search(transcript.replace("\r", ""))
    return m.group(1) if m else None


def parse_cr3(text):
    """{name: page-table loads per operation} of the bench-cr3 lines."""
    return {m.group(1): float(m.group(2)) for m in CR3_RE.finditer(text.replace("\r", ""))}


def isolation_rows(modes):
    """MODES: {mode: (results, cr3)} for the two isolation modes.  One row
    per benchmark: name, {mode: us}, {mode: loads per op}, ratio of
    address spaces to segment limits (None unless both are there)."""
    names = []
    for results, _ in modes.values():
        names += [n for n in results if n not in names]
    rows = []
    for name in names:
        us = {m: r.get(name, {}).get("median_us") for m, (r, _) in modes.items()}
        cr3 = {m: c.get(name) for m, (_, c) in modes.items()}
        a, s = us.get("address spaces"), us.get("segment limits")
        rows.append({"name": name, "us": us, "cr3": cr3,
                     "ratio": a / s if a is not None and s else None})
    return rows


def isolation_table(rows):
    """The isolation table as text."""
    head = ("benchmark", "addr-spaces us", "segments us", "as/seg",
            "CR3/op as", "CR3/op seg")
    body = [(r["name"], _num(r["us"].get("address spaces"), "%.3f"),
             _num(r["us"].get("segment limits"), "%.3f"), _num(r["ratio"], "%.2f"),
             _num(r["cr3"].get("address spaces"), "%.2f"),
             _num(r["cr3"].get("segment limits"), "%.2f")) for r in rows]
    widths = [max(len(row[i]) for row in [head] + body) for i in range(len(head))]
    lines = ["  ".join([row[0].ljust(widths[0])] +
                       [c.rjust(w) for c, w in zip(row[1:], widths[1:])]) for row in [head] + body]
    return "\n".join([lines[0], "-" * len(lines[0])] + lines[1:]) + "\n"


def isolation_json(rows, accel, forced):
    """isolation.json: one object per row, the accelerator and the forced mode."""
    return json.dumps([{"name": r["name"], "address_spaces_us": r["us"].get("address spaces"),
                        "segments_us": r["us"].get("segment limits"), "ratio": r["ratio"],
                        "cr3_per_op_address_spaces": r["cr3"].get("address spaces"),
                        "cr3_per_op_segments": r["cr3"].get("segment limits"),
                        "accel": accel, "forced": forced} for r in rows], indent=2) + "\n"


# ---- running ----

class _Ticker:
    """Print a dot every few seconds while a boot runs (progress)."""

    def __init__(self, every=5.0):
        self.every, self.stop = every, threading.Event()

    def __enter__(self):
        def tick():
            while not self.stop.wait(self.every):
                sys.stdout.write(".")
                sys.stdout.flush()
        self.thread = threading.Thread(target=tick, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def boot(label, kernel, modules, accel, timeout, hv_log=None, need_end=True, hv_append=""):
    """Run one boot, showing progress; the transcript, or exit on failure."""
    sys.stdout.write("bench: %-28s " % label)
    sys.stdout.flush()
    t0 = time.monotonic()
    opts = qemu.hypervisor_args(hv_log) if hv_log else {}
    if hv_append:
        opts["extra"] = opts["extra"] + ["-append", hv_append]
    with _Ticker():
        r = qemu.run(kernel, modules, timeout=timeout, accel=accel, **opts)
    print(" %.1f s, %d results" % (time.monotonic() - t0, len(parse_lines(r.transcript))))
    ok = not r.timed_out and r.guest_code == 0
    if need_end:
        ok = ok and (END_MARKER + "0") in r.transcript
    if not ok:
        sys.stderr.write(r.transcript[-3000:])
        sys.stderr.write(r.stderr)
        sys.exit("bench: %s failed (guest code %r, timed out %s)"
                 % (label, r.guest_code, r.timed_out))
    return r.transcript


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def bench_isolation(b, out, accel, timeout, initrd, pvhv_t, pvhv_v):
    """pvhv again in the isolation mode its hypervisor did not pick (forced
    on its command line), and the table of both modes."""
    hv = os.path.join(b, "hypervisor.elf")
    auto = isolation_of(pvhv_v)
    if auto not in OTHER_ISOLATION:
        sys.exit("bench: the hypervisor did not say which isolation it uses")
    other, word = OTHER_ISOLATION[auto]
    opt = "isolation=" + word
    user = boot("pvhv %s, user programs" % word, hv,
                [os.path.join(b, "guest-pvhv.elf") + " " + DOMAIN_OPTIONS] + initrd, accel,
                timeout, hv_log=os.path.join(out, "pvhv-user-%s.hv.log" % word), hv_append=opt)
    vmi = boot("pvhv %s, VMI level" % word, hv,
               [os.path.join(b, "conformance", "pvhv", "bench", "vmi_bench.elf")], accel, 300,
               hv_log=os.path.join(out, "pvhv-vmi-%s.hv.log" % word), need_end=False,
               hv_append=opt)
    for name, text in (("pvhv-user-" + word, user), ("pvhv-vmi-" + word, vmi)):
        with open(os.path.join(out, name + ".log"), "w") as f:
            f.write(text)
    modes = {}
    for mode, texts in ((auto, (pvhv_t, pvhv_v)), (other, (user, vmi))):
        results = parse_lines(texts[0])
        results.update(parse_lines(texts[1]))
        modes[mode] = (results, parse_cr3(texts[1]))
    rows = isolation_rows(modes)
    with open(os.path.join(out, "isolation.json"), "w") as f:
        f.write(isolation_json(rows, accel, other))
    print("\nisolation: pvhv as booted (%s) and with %s forced%s" % (
        auto, other, " - TCG does not enforce segment limits: that column is its path "
        "length, not a protection" if other == "segment limits" and accel != "kvm" else ""))
    sys.stdout.write(isolation_table(rows))
    print("CR3/op: page-table loads per operation (each a TLB flush without PCIDs), "
          "counted by the hypervisor; VMI-level rows only")


def main(argv=None):
    p = argparse.ArgumentParser(description="Benchmark native vs pvhv.")
    p.add_argument("--build", default="build")
    p.add_argument("--reps", type=int,
                   default=int(os.environ.get("BENCH_REPS") or DEFAULT_REPS))
    p.add_argument("--out", help="output directory (default BUILD/bench)")
    args = p.parse_args(argv)
    if not 1 <= args.reps <= 1000:
        sys.exit("bench: reps must be 1..1000")
    b = args.build
    out = args.out or os.path.join(b, "bench")
    os.makedirs(out, exist_ok=True)
    accel = qemu.pick_accel(b)
    warn = warning_box(accel)
    sys.stdout.write(warn)
    print("bench: accel %s, %d repetitions per benchmark" % (accel, args.reps))

    cpio = os.path.join(out, "initramfs.cpio")
    script = ("/usr/bin/bench -r %d\n" % args.reps).encode()
    entries = mk.merge(mk.read_cpio(_read(os.path.join(b, "initramfs.cpio"))),
                       [mk.regular("etc/cmd", script)])
    mk.write_atomically(cpio, mk.write_cpio(entries))

    timeout = 300 + 60 * args.reps
    hv = os.path.join(b, "hypervisor.elf")
    native_t = boot("native, user programs", os.path.join(b, "guest-native.elf"),
                    [cpio + " initrd"], accel, timeout)
    pvhv_t = boot("pvhv, user programs", hv,
                  [os.path.join(b, "guest-pvhv.elf") + " " + DOMAIN_OPTIONS,
                   cpio + " initrd"], accel, timeout,
                  hv_log=os.path.join(out, "pvhv-user.hv.log"))
    vmi = os.path.join(b, "conformance", "%s", "bench", "vmi_bench.elf")
    native_v = boot("native, VMI level", vmi % "native", [], accel, 300, need_end=False)
    pvhv_v = boot("pvhv, VMI level", hv, [vmi % "pvhv"], accel, 300,
                  hv_log=os.path.join(out, "pvhv-vmi.hv.log"), need_end=False)
    for name, text in (("native-user", native_t), ("pvhv-user", pvhv_t),
                       ("native-vmi", native_v), ("pvhv-vmi", pvhv_v)):
        with open(os.path.join(out, name + ".log"), "w") as f:
            f.write(text)

    native = parse_lines(native_t)
    native.update(parse_lines(native_v))
    pvhv = parse_lines(pvhv_t)
    pvhv.update(parse_lines(pvhv_v))
    rows = make_rows(native, pvhv)
    commit = git_commit(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(os.path.join(out, "results.json"), "w") as f:
        f.write(results_json(rows, accel, args.reps, commit, date))
    with open(os.path.join(out, "ratios.svg"), "w") as f:
        f.write(render_svg(rows, accel, args.reps, commit))

    print()
    sys.stdout.write(format_table(rows))
    print("\nvmi_null_call: vmi_sched_yield - a hypercall on pvhv, a plain return "
          "natively (no hypercall exists there).")
    print("bench: wrote %s and %s" % (os.path.join(out, "results.json"),
                                     os.path.join(out, "ratios.svg")))
    bench_isolation(b, out, accel, timeout, [cpio + " initrd"], pvhv_t, pvhv_v)
    sys.stdout.write(warn)
    missing = [r["name"] for r in rows if r["ratio"] is None]
    if missing:
        sys.exit("bench: no result on both backends for: %s" % ", ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
