#!/usr/bin/env python3
"""bench.py - `make bench`: the same benchmarks natively and on pvhv, side by side.

    bench.py [--build build] [--reps N] [--mode icount|wall] [--boots N]
             [--net-boots N] [--net-reps N] [--net-only]
             [--counters build-counters|none] [--events] [--out DIR]

Four boots, through scripts/qemu.py:

  1. native, user level: build/initramfs.cpio plus /etc/cmd =
     "/usr/bin/bench -r N" (guest/user/bench.c), booted as `make
     run-native` boots it, with a fresh ext2 disk (the fs_* rows) and a NIC
     on QEMU's user network;
  2. pvhv, user level: the same archive, disk and NIC, booted as `make run`
     boots it;
  3./4. the VMI-level benchmark image conformance/bench/vmi_bench.c on each
     backend (not a conformance test: run.py never discovers it).

Then the net pass (bench_net_pass): the net_* rows alone ("bench -r R -n
PORTS net_tcp_rx ...", -n naming the ports of the host peer
scripts/bench_net.py, which this process runs for all boots), --net-boots
(at least 5) boots of each backend interleaved, on icount with sleep=on;
median of the per-boot medians and the spread (--net-only: only this).

Modes (--mode, BENCH_MODE): icount (default) boots under TCG with
-icount shift=0,sleep=off: guest time is instructions executed (1 ns = 1
instruction), so the numbers are path lengths and two runs give identical
tables.  wall: host time; the four boots are repeated --boots times (at
least 5), native and pvhv interleaved, and each row is the median of the
per-boot medians with its spread ((max - min) / median); a spread over 10 %
on either backend marks the row unreliable.

Every benchmark prints `bench <name> median_us=<x> min_us=<y> max_us=<z>
reps=<n>`; the medians are compared: a table on stdout (benchmark, native,
pvhv - instructions under icount, microseconds in wall mode - ratio
pvhv/native, and where there is one the Xen 2003 lmbench ratio: Xen/native
as published in Barham et al., "Xen and the Art of Virtualization", SOSP
2003), DIR/results.json (commit, date, accel, reps, mode, unit, boots, and
rows: name, native_us, pvhv_us (as printed), native, pvhv (in the unit),
ratio, xen_ratio, accel, spreads in wall mode, events) and DIR/ratios.svg
(our ratios beside Xen's on a log axis, and a panel of events per op).

Events: two more boots, of the VMI_COUNTERS=1 build (--counters), run the
user programs' bench with -c, which prints per benchmark the counters
(/proc/vmi_counters) that moved: "bench-event <name> <counter> <count>
<ops>".  They are never the timed boots.  results.json carries the counts
per operation of both backends; --events (EVENTS=1) prints them as a table.

Isolation (docs/DESIGN.md, "Isolation"; icount mode): the hypervisor picks
segment limits or address spaces at boot and says which on the console
("hv: isolation: ..."); two more boots force the other mode, and a second
table, DIR/isolation.json too, shows pvhv in both modes with the page-table
loads (CR3 writes) per operation that the VMI-level image counts on pvhv
("bench-cr3 <name> per_op=<x>").

The pure parts (parse_lines, make_rows, format_table, results_json,
render_svg, warning_box, boot_options, combine_boots, parse_events,
events_table, user_script, domain_lines, domains_script and the
isolation_* ones) are unit tested in
scripts/tests/test_bench.py; the host peer in scripts/tests/test_bench_net.py.
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
import bench_net  # noqa: E402
import mkdisk  # noqa: E402
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
         "net_tcp_rx": "busy us per 64 KiB", "net_tcp_tx": "busy us per 64 KiB",
         "net_udp_rtt": "busy us per round trip",
         "net_tcp_connect": "busy us per connect+close",
         "net_dom_tcp_tx": "busy us per 64 KiB (sender)",
         "vmi_null_call": "native: plain return, pvhv: hypercall"}
DEFAULT_REPS = 7
DOMAIN_OPTIONS = "name=dom0 mem=128"       # as the Makefile's RUN_DOM_OPTS
LINE_RE = re.compile(r"^bench (\S+) median_us=(\S+) min_us=(\S+) max_us=(\S+) reps=(\d+)\s*$")
END_MARKER = "init: /etc/cmd exited with status "


# ---- pure parts ----

# The two measuring modes (BENCH_MODE).  icount: QEMU counts instructions
# and guest time advances 1 ns per instruction (-icount shift=0), with no
# warp to host time when the guest idles (sleep=off): the same images give
# the same numbers on every run and every host - path lengths, not host
# time.  wall: real TCG time, interleaved boots, median and spread.
MODES = ("icount", "wall")
DEFAULT_MODE = "icount"
# The RTC too runs on the virtual clock from a fixed date: the boot-time
# wall clock read (and what follows from it) is the same in every run.
UNIT = {"icount": "instructions (1 ns = 1 instruction)", "wall": "microseconds (host time)"}
WALL_BOOTS = 5              # wall mode: boots of each backend, at least
UNRELIABLE_SPREAD = 0.10    # (max - min) / median of per-boot medians above this

# The net_* rows run in a pass of their own (bench_net_pass): NET_BOOTS
# boots of each backend at least, native and pvhv interleaved, each running
# only these rows NET_REPS times; a row is the median of the per-boot
# medians, with the spread, as in wall mode.  Their boots count
# instructions too, but an idle guest's clock follows the host's
# (sleep=on): with sleep=off it jumps to the guest's next timer the moment
# the guest waits for the host peer, so every armed timer - a delayed ACK,
# a retransmission timeout - fired during every wait, however short, and
# how often depended on the host's speed (docs/PERFORMANCE.md).
NET_ROWS = ("net_tcp_rx", "net_tcp_tx", "net_udp_rtt", "net_tcp_connect")
NET_BOOTS = 5
NET_REPS = 3
NET_ICOUNT_ARGS = ["-icount", "shift=0,sleep=on"] + qemu.ICOUNT_ARGS[2:]


def mode_args(mode, net=False):
    """The QEMU arguments of a measuring mode (NET: of the net pass)."""
    if mode not in MODES:
        raise ValueError("unknown bench mode %r" % mode)
    if mode != "icount":
        return []
    return list(NET_ICOUNT_ARGS if net else qemu.ICOUNT_ARGS)


def boot_options(mode, hv_log=None, hv_append="", net_pass=False):
    """The keyword arguments of qemu.run for one boot: the hypervisor's log
    (pvhv boots), its command line, and the mode's QEMU arguments (those of
    the net pass with NET_PASS)."""
    opts = qemu.hypervisor_args(hv_log) if hv_log else {"extra": []}
    opts = dict(opts, extra=list(opts.get("extra", [])))
    if hv_append:
        opts["extra"] += ["-append", hv_append]
    opts["extra"] += mode_args(mode, net_pass)
    return opts


def scale(mode, us):
    """A parsed value in the table's unit: instructions under icount
    (1 guest ns = 1 instruction), microseconds otherwise."""
    if us is None:
        return None
    return us * 1000.0 if mode == "icount" else us


def wall_order(n):
    """The boot order of wall mode: native and pvhv alternating, N each."""
    return [be for _ in range(n) for be in ("native", "pvhv")]


def median(values):
    v = sorted(values)
    if not v:
        return None
    k = len(v) // 2
    return v[k] if len(v) % 2 else (v[k - 1] + v[k]) / 2.0


def combine_boots(per_boot):
    """PER_BOOT: a list of parse_lines results, one per boot of a backend.
    {name: {"median_us": median of the per-boot medians, "spread":
    (max - min) / median of them, "boots": how many, "per_boot": the
    per-boot medians in boot order}}."""
    names = []
    for res in per_boot:
        names += [n for n in res if n not in names]
    out = {}
    for name in names:
        meds = [res[name]["median_us"] for res in per_boot if name in res]
        m = median(meds)
        out[name] = {"median_us": m, "boots": len(meds), "per_boot": meds,
                     "spread": (max(meds) - min(meds)) / m if m else None}
    return out


def unreliable(row):
    """A row (wall mode, or a net_* row) whose spread on either backend
    exceeds 10 %."""
    return any(s is not None and s > UNRELIABLE_SPREAD
               for s in (row.get("native_spread"), row.get("pvhv_spread")))

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
        row = {"name": name, "native_us": n, "pvhv_us": p,
               "ratio": ratio, "xen_ratio": XEN_RATIOS.get(name)}
        if "spread" in native.get(name, {}) or "spread" in pvhv.get(name, {}):
            row["native_spread"] = native.get(name, {}).get("spread")
            row["pvhv_spread"] = pvhv.get(name, {}).get("spread")
            row["unreliable"] = unreliable(row)
            row["native_boots"] = native.get(name, {}).get("per_boot")
            row["pvhv_boots"] = pvhv.get(name, {}).get("per_boot")
        rows.append(row)
    return rows


def _num(x, fmt):
    return "-" if x is None else fmt % x


def _note(r):
    note = UNITS.get(r["name"], "")
    if "native_spread" in r:
        spread = "spread %s/%s" % (_num(_pct(r["native_spread"]), "%.1f%%"),
                                   _num(_pct(r["pvhv_spread"]), "%.1f%%"))
        note = " ".join(x for x in (spread, "UNRELIABLE" if r["unreliable"] else "", note) if x)
    return note


def _pct(x):
    return None if x is None else 100.0 * x


def mode_line(mode, reps=None, boots=None, accel="tcg", net_boots=None):
    """The line above the table: which mode and unit the numbers are in."""
    if mode == "icount":
        return ("mode: icount (-icount shift=0,sleep=off): numbers are guest "
                "instructions per operation (1 ns = 1 instruction), deterministic "
                "except the net_* rows (busy instructions against a host peer, "
                "sleep=on: median of %s interleaved boots per backend, spread over "
                "%d%% marked UNRELIABLE; docs/PERFORMANCE.md)"
                % (net_boots or NET_BOOTS, int(UNRELIABLE_SPREAD * 100)))
    return ("mode: wall (host time under %s): microseconds per operation, median of "
            "%s interleaved boots per backend; spread = (max-min)/median of the "
            "per-boot medians, over %d%% marked UNRELIABLE"
            % (accel.upper(), boots or "?", int(UNRELIABLE_SPREAD * 100)))


def format_table(rows, mode="wall"):
    """A plain-text table of ROWS (values in MODE's unit: make_rows keeps
    microseconds, the table shows instructions under icount)."""
    u = "instr" if mode == "icount" else "us"
    fmt = "%.0f" if mode == "icount" else "%.3f"
    head = ("benchmark", "native " + u, "pvhv " + u, "pvhv/native", "Xen 2003", "note")
    body = [(r["name"], _num(scale(mode, r["native_us"]), fmt),
             _num(scale(mode, r["pvhv_us"]), fmt),
             _num(r["ratio"], "%.2f"), _num(r["xen_ratio"], "%.2f"),
             _note(r)) for r in rows]
    widths = [max(len(row[i]) for row in [head] + body) for i in range(len(head))]

    def line(cells):
        parts = [cells[0].ljust(widths[0])]
        parts += [c.rjust(w) for c, w in zip(cells[1:5], widths[1:5])]
        parts.append(cells[5])
        return "  ".join(parts).rstrip()

    rule = "-" * len(line(head))
    return "\n".join([line(head), rule] + [line(b) for b in body]) + "\n"


def results_json(rows, accel, reps=None, commit=None, date=None, mode="wall",
                 boots=None, events=None, pvhv_only=None):
    """The JSON text of results.json: where the numbers come from (commit,
    date, accel, repetitions, mode and its unit, boots per backend) and
    rows, one object per benchmark: native_us and pvhv_us as the guest
    printed them (guest microseconds; under icount 1 us = 1000
    instructions), native and pvhv in the unit, the ratio; in wall mode the
    spreads, whether the row is unreliable and the per-boot medians (in
    the unit; wall mode and the net_* rows' pass); with EVENTS ({backend:
    {name: {event: per op}}}) the events per operation of both backends;
    with PVHV_ONLY (parse_lines of the two-domain boot) its rows, which
    have no native counterpart, as "pvhv_only"."""
    out_rows = []
    for r in rows:
        o = {"name": r["name"], "native_us": r["native_us"], "pvhv_us": r["pvhv_us"],
             "native": scale(mode, r["native_us"]), "pvhv": scale(mode, r["pvhv_us"]),
             "ratio": r["ratio"], "xen_ratio": r["xen_ratio"], "accel": accel}
        for k in ("native_spread", "pvhv_spread", "unreliable"):
            if k in r:
                o[k] = r[k]
        for be in ("native", "pvhv"):
            if r.get(be + "_boots") is not None:
                o[be + "_boots"] = [scale(mode, v) for v in r[be + "_boots"]]
        if events is not None:
            o["events"] = {be: events.get(be, {}).get(r["name"]) for be in ("native", "pvhv")}
        out_rows.append(o)
    return json.dumps({
        "commit": commit, "date": date, "accel": accel, "reps": reps,
        "mode": mode, "unit": UNIT[mode], "boots": boots,
        "rows": out_rows,
        "pvhv_only": [{"name": n, "pvhv_us": v["median_us"], "pvhv": scale(mode, v["median_us"]),
                       "unit": UNITS.get(n)} for n, v in (pvhv_only or {}).items()],
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


# The chart's second panel: per row, these per-operation events as bars.
PANEL_SERIES = (("pvhv hypervisor entries", "pvhv",
                 ("be_hypercalls", "be_reflected", "be_upcalls"), "#3366cc"),
                ("pvhv CR3 loads", "pvhv", ("be_cr3_loads",), "#99bbee"),
                ("native traps + syscalls", "native",
                 ("kentry_page_fault", "kentry_other_trap", "kentry_syscall"), "#228833"),
                ("native CR3 loads", "native", ("be_cr3_loads",), "#99dd99"))


def events_panel(rows, events, y0, left, chart_w):
    """SVG elements of the events panel from height Y0: per row with events,
    one bar per PANEL_SERIES on a log(1 + x) axis; (elements, height)."""
    named = [r for r in rows if any((events.get(be) or {}).get(r["name"])
                                    for be in ("native", "pvhv"))]
    if not named:
        return [], 0
    vals = {}
    for r in named:
        for label, be, keys, _ in PANEL_SERIES:
            ev = (events.get(be) or {}).get(r["name"]) or {}
            vals[(r["name"], label)] = sum(ev.get(k, 0.0) for k in keys)
    top = max([1.0] + list(vals.values()))
    span = math.log10(1 + top)
    bar_h = 6
    out = ['<text x="10" y="%d" font-size="14" font-weight="bold">Events per operation '
           '(counting boots, VMI_COUNTERS=1 build; log(1+x) axis, max %s)</text>'
           % (y0 + 14, _evnum(top))]
    lx = left
    for label, _, _, colour in PANEL_SERIES:
        out.append('<rect x="%d" y="%d" width="10" height="8" fill="%s"/><text x="%d" y="%d">'
                   '%s</text>' % (lx, y0 + 22, colour, lx + 14, y0 + 30, escape(label)))
        lx += 150
    y = y0 + 40
    for r in named:
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                   % (left - 6, y + 2 * bar_h + 4, escape(r["name"])))
        for i, (label, _, _, colour) in enumerate(PANEL_SERIES):
            v = vals[(r["name"], label)]
            w = chart_w * math.log10(1 + v) / span
            by = y + i * bar_h
            out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>'
                       % (left, by, max(w, 0.5), bar_h - 1, colour))
            out.append('<text x="%.1f" y="%d" font-size="7">%s</text>'
                       % (left + w + 3, by + bar_h - 1, _evnum(v)))
        y += 4 * bar_h + 8
    return out, y - y0 + 10


def render_svg(rows, accel, reps=None, commit=None, mode=None, events=None):
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
    panel, panel_h = events_panel(rows, events or {}, height, left, chart_w)
    height += panel_h
    span = math.log10(hi) - math.log10(lo)

    def x(v):
        v = min(max(v, lo), hi)
        return left + chart_w * (math.log10(v) - math.log10(lo)) / span

    how = "accel=%s" % accel
    if mode:
        how += ", mode %s" % mode
    if reps:
        how += ", median of %d repetitions" % reps
    if commit:
        how += ", commit %s" % commit
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'font-family="sans-serif" font-size="11">' % (width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="10" y="18" font-size="14" font-weight="bold">'
           'pvhv / native %s ratio (log scale, lower is better), %s</text>'
           % ("instruction-count" if mode == "icount" else "time", escape(accel))]
    if mode == "icount":
        out.append('<text x="10" y="34" fill="#555">'
                   'icount: guest instructions, deterministic - path lengths, not '
                   'hardware time</text>')
    elif accel != "kvm":
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
               'QEMU, %s.</text>' % (axis_y + 56, escape(how)))
    out += panel
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


def isolation_table(rows, mode="wall"):
    """The isolation table as text (MODE's unit, as format_table)."""
    u = "instr" if mode == "icount" else "us"
    fmt = "%.0f" if mode == "icount" else "%.3f"
    head = ("benchmark", "addr-spaces " + u, "segments " + u, "as/seg",
            "CR3/op as", "CR3/op seg")
    body = [(r["name"], _num(scale(mode, r["us"].get("address spaces")), fmt),
             _num(scale(mode, r["us"].get("segment limits")), fmt), _num(r["ratio"], "%.2f"),
             _num(r["cr3"].get("address spaces"), "%.2f"),
             _num(r["cr3"].get("segment limits"), "%.2f")) for r in rows]
    widths = [max(len(row[i]) for row in [head] + body) for i in range(len(head))]
    lines = ["  ".join([row[0].ljust(widths[0])] +
                       [c.rjust(w) for c, w in zip(row[1:], widths[1:])]) for row in [head] + body]
    return "\n".join([lines[0], "-" * len(lines[0])] + lines[1:]) + "\n"


def isolation_json(rows, accel, forced, mode=None):
    """isolation.json: one object per row, the accelerator, the forced
    isolation mode and the measuring mode (values: guest microseconds as
    printed; under icount 1 us = 1000 instructions)."""
    return json.dumps([{"name": r["name"], "address_spaces_us": r["us"].get("address spaces"),
                        "segments_us": r["us"].get("segment limits"), "ratio": r["ratio"],
                        "cr3_per_op_address_spaces": r["cr3"].get("address spaces"),
                        "cr3_per_op_segments": r["cr3"].get("segment limits"),
                        "accel": accel, "forced": forced, "mode": mode} for r in rows],
                      indent=2) + "\n"


# ---- events per operation (counting boots; pure parts) ----

EVENT_RE = re.compile(r"^bench-event (\S+) (\S+) (-?\d+) (\d+)\s*$", re.M)
# The events table's columns: (heading, backend, counters summed).  On pvhv
# "be_" counters are the hypervisor's (the shared page, VMI_COUNTERS=1
# builds), natively the backend's; kentry_* are the guest kernel's entries
# from user mode, on both.
HC_PREFIX = "be_hc_HC_"
EVENT_COLUMNS = (
    ("hcall", "pvhv", ("be_hypercalls",)),
    ("refl", "pvhv", ("be_reflected",)),
    ("upcall", "pvhv", ("be_upcalls",)),
    ("flush", "pvhv", ("be_tlb_flush",)),
    ("invlpg", "pvhv", ("be_tlb_flush_one",)),
    ("CR3", "pvhv", ("be_cr3_loads",)),
    ("n:trap", "native", ("kentry_page_fault", "kentry_other_trap")),
    ("n:sys", "native", ("kentry_syscall",)),
    ("n:flush", "native", ("be_tlb_flush",)),
    ("n:invlpg", "native", ("be_tlb_flush_one",)),
    ("n:CR3", "native", ("be_cr3_loads",)),
)


# The VMI-level rows (vmi_bench on pvhv) count only these; their other
# columns are "-" (not counted), where a user-level row's absent counter
# means it did not move (bench -c prints only those that did).
VMI_LEVEL_COUNTED = ("be_hypercalls", "be_cr3_loads")


def parse_events(text):
    """{name: {counter: count per operation}} of the bench-event lines of a
    counting boot (guest/user/bench.c -c), in order of appearance."""
    out = {}
    for m in EVENT_RE.finditer(text.replace("\r", "")):
        ops = int(m.group(4))
        if ops > 0:
            out.setdefault(m.group(1), {})[m.group(2)] = int(m.group(3)) / ops
    return out


def hypercalls_by_number(ev):
    """{"HC_X": per op} of one row's pvhv events."""
    return {k[len(HC_PREFIX) - 3:]: v for k, v in sorted(ev.items())
            if k.startswith(HC_PREFIX) and v}


def events_table(rows, events):
    """The second table: per benchmark and operation, the pvhv hypervisor
    entries (hypercalls, reflected exceptions, event upcalls), TLB flushes
    and CR3 loads, then native's traps, system calls, flushes and CR3
    loads, then the hypercalls by number."""
    head = ("benchmark",) + tuple(c[0] for c in EVENT_COLUMNS) + ("pvhv hypercalls by number",)
    body = []
    for r in rows:
        ev = {be: events.get(be, {}).get(r["name"]) for be in ("native", "pvhv")}
        if ev["native"] is None and ev["pvhv"] is None:
            continue
        cells = [r["name"]]
        for _, be, keys in EVENT_COLUMNS:
            e = ev[be]
            counted = not (r["name"].startswith("vmi_") and
                           not set(keys) & set(VMI_LEVEL_COUNTED))
            cells.append("-" if e is None or not counted
                         else _evnum(sum(e.get(k, 0.0) for k in keys)))
        hcs = hypercalls_by_number(ev["pvhv"] or {})
        cells.append(" ".join("%s=%s" % (k[3:], _evnum(v)) for k, v in hcs.items()))
        body.append(tuple(cells))
    if not body:
        return "(no events: the counting boots printed none)\n"
    widths = [max(len(row[i]) for row in [head] + body) for i in range(len(head) - 1)]
    lines = ["  ".join([row[0].ljust(widths[0])] +
                       [c.rjust(w) for c, w in zip(row[1:-1], widths[1:])] + [row[-1]]).rstrip()
             for row in [head] + body]
    legend = ("per operation; pvhv: hcall = hypercalls (all numbers), refl = exceptions "
              "reflected, upcall = event callback entries, flush/invlpg = full/single-page "
              "TLB flushes, CR3 = page-table loads; n: = native: trap = exceptions taken "
              "(page faults and others) and sys = system calls from user mode, flush/invlpg/"
              "CR3 by the backend")
    return "\n".join([lines[0], "-" * len(lines[0])] + lines[1:] + [legend]) + "\n"


def _evnum(x):
    if x == 0:
        return "0"
    return "%.3g" % x if abs(x) < 100 else "%.0f" % x


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


# The user programs' boots get a fresh ext2 disk as vda (mounted at /mnt
# by the guest) for the fs_* rows; a backend without block devices skips
# them.  Big enough for bench.c's 64 MiB file.
BENCH_DISK_SIZE = 128 << 20


def bench_disk(out, name):
    """A fresh empty ext2 image for one boot: its qemu arguments, or [] when
    this host has no mke2fs (the fs_* rows are then skipped)."""
    path = os.path.join(out, name + ".disk.img")
    try:
        mkdisk.make_image(path, BENCH_DISK_SIZE)
    except (OSError, subprocess.CalledProcessError) as e:
        print("bench: no disk for the fs_* rows (%s)" % e)
        return []
    return qemu.disk_args([path])


# The user programs' boots get one NIC on QEMU's user network, through
# which bench's net_* rows reach the host peer (scripts/bench_net.py).
NET_ARGS = qemu.net_args(["user"])


def user_script(reps, peer_option=None, counting=False, rows=()):
    """/etc/cmd of the user programs' boots: bench with its repetitions,
    the host peer's ports (-n; without them bench skips the net_* rows)
    and the rows to run (none named: all)."""
    return "/usr/bin/bench %s-r %d%s%s\n" % ("-c " if counting else "", reps,
                                             " " + peer_option if peer_option else "",
                                             "".join(" " + r for r in rows))


def boot(label, kernel, modules, accel, timeout, hv_log=None, need_end=True, hv_append="",
         mode=DEFAULT_MODE, disk=(), net=False, net_pass=False):
    """Run one boot, showing progress; the transcript, or exit on failure.
    disk: extra QEMU arguments attaching a disk (bench_disk); net: attach
    the NIC of the net_* rows; net_pass: the net pass's clock (mode_args)."""
    sys.stdout.write("bench: %-34s " % label)
    sys.stdout.flush()
    t0 = time.monotonic()
    opts = boot_options(mode, hv_log, hv_append, net_pass)
    if disk:
        opts["extra"] = opts.get("extra", []) + list(disk)
    if net:
        opts["extra"] = opts.get("extra", []) + NET_ARGS
    with _Ticker():
        r = qemu.run(kernel, modules, timeout=timeout, accel=accel, **opts)
    found = parse_lines(r.transcript) or parse_lines(domain_lines(r.transcript, "dom0"))
    print(" %.1f s, %d results" % (time.monotonic() - t0, len(found)))
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


def bench_isolation(b, out, accel, timeout, initrd, pvhv_t, pvhv_v, mode):
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
                timeout, hv_log=os.path.join(out, "pvhv-user-%s.hv.log" % word), hv_append=opt,
                mode=mode, net=True)
    vmi = boot("pvhv %s, VMI level" % word, hv,
               [os.path.join(b, "conformance", "pvhv", "bench", "vmi_bench.elf")], accel, 300,
               hv_log=os.path.join(out, "pvhv-vmi-%s.hv.log" % word), need_end=False,
               hv_append=opt, mode=mode)
    for name, text in (("pvhv-user-" + word, user), ("pvhv-vmi-" + word, vmi)):
        with open(os.path.join(out, name + ".log"), "w") as f:
            f.write(text)
    modes = {}
    for iso, texts in ((auto, (pvhv_t, pvhv_v)), (other, (user, vmi))):
        results = parse_lines(texts[0])
        results.update(parse_lines(texts[1]))
        modes[iso] = (results, parse_cr3(texts[1]))
    rows = isolation_rows(modes)
    with open(os.path.join(out, "isolation.json"), "w") as f:
        f.write(isolation_json(rows, accel, other, mode))
    print("\nisolation: pvhv as booted (%s) and with %s forced%s" % (
        auto, other, " - TCG does not enforce segment limits: that column is its path "
        "length, not a protection" if other == "segment limits" and accel != "kvm" else ""))
    sys.stdout.write(isolation_table(rows, mode))
    print("CR3/op: page-table loads per operation (each a TLB flush without PCIDs), "
          "counted by the hypervisor; VMI-level rows only")


def run_backends(b, out, cpio, accel, timeout, mode, tag=""):
    """One boot of each of the four images; {backend: transcript of the user
    programs, VMI level} and the transcripts are kept in OUT."""
    hv = os.path.join(b, "hypervisor.elf")
    vmi = os.path.join(b, "conformance", "%s", "bench", "vmi_bench.elf")
    t = {}
    t["native-user"] = boot("native, user programs" + tag, os.path.join(b, "guest-native.elf"),
                            [cpio + " initrd"], accel, timeout, mode=mode,
                            disk=bench_disk(out, "native-user"), net=True)
    t["pvhv-user"] = boot("pvhv, user programs" + tag, hv,
                          [os.path.join(b, "guest-pvhv.elf") + " " + DOMAIN_OPTIONS,
                           cpio + " initrd"], accel, timeout,
                          hv_log=os.path.join(out, "pvhv-user.hv.log"), mode=mode,
                          disk=bench_disk(out, "pvhv-user"), net=True)
    t["native-vmi"] = boot("native, VMI level" + tag, vmi % "native", [], accel, 300,
                           need_end=False, mode=mode)
    t["pvhv-vmi"] = boot("pvhv, VMI level" + tag, hv, [vmi % "pvhv"], accel, 300,
                         hv_log=os.path.join(out, "pvhv-vmi.hv.log"), need_end=False, mode=mode)
    return t


# The two-domain boot (pvhv only): domain 0 runs bench's net_dom_tcp_tx
# against domain 1 ("peer", 10.0.2.16, the hypervisor's default address for
# id 1), which runs `bench sink` for the warm-up and every repetition.  One
# archive for both: /etc/cmd picks the role by the domain's address.  The
# peer gets 64 MiB: in the 256 MiB machine, beside domain 0's 128 MiB and the
# two ramdisk modules (16 MB each since the test programs grew), 96 no longer
# fits and the hypervisor refuses the domain.
DOM_PEER_IP = "10.0.2.16"
DOM_PORT = 5001
DOM_PEER_OPTIONS = "name=peer mem=64"


def domain_lines(text, name):
    """The console lines of domain NAME in a multi-domain transcript (the
    hypervisor prefixes each with "[NAME] "), without the prefix."""
    tag = "[%s] " % name
    return "\n".join(l[len(tag):] for l in text.replace("\r", "").splitlines()
                     if l.startswith(tag)) + "\n"


def domains_script(reps):
    """/etc/cmd of the two-domain boot."""
    return ("if ifconfig eth0 | grep -q 'inet addr:%s '; then\n"
            "\texec /usr/bin/bench sink %d %d\n"
            "fi\n"
            "exec /usr/bin/bench -r %d -p %s:%d net_dom_tcp_tx\n"
            % (DOM_PEER_IP, DOM_PORT, reps + 1, reps, DOM_PEER_IP, DOM_PORT))


def bench_domains(b, out, base_cpio, accel, timeout, mode, reps):
    """pvhv: TCP from one domain to another through the hypervisor's VIFs;
    {name: result} of parse_lines (no native counterpart)."""
    cpio = os.path.join(out, "initramfs-domains.cpio")
    entries = mk.merge(mk.read_cpio(_read(base_cpio)),
                       [mk.regular("etc/cmd", domains_script(reps).encode())])
    mk.write_atomically(cpio, mk.write_cpio(entries))
    guest = os.path.join(b, "guest-pvhv.elf")
    text = boot("pvhv, two domains", os.path.join(b, "hypervisor.elf"),
                [guest + " " + DOMAIN_OPTIONS, cpio + " initrd",
                 guest + " " + DOM_PEER_OPTIONS, cpio + " initrd"], accel, timeout,
                hv_log=os.path.join(out, "pvhv-domains.hv.log"), mode=mode, net=True)
    with open(os.path.join(out, "pvhv-domains.log"), "w") as f:
        f.write(text)
    return parse_lines(domain_lines(text, "dom0"))


COUNT_REPS = 2


def count_events(cb, out, peer_option, reps=COUNT_REPS, net_only=False):
    """The counting boots: the user programs' bench with -c on both backends,
    from the VMI_COUNTERS=1 build CB (never the timed images), in icount mode,
    the net rows in boots of their own on the net pass's clock (only those
    with NET_ONLY).  {backend: {name: {counter: per op}}}."""
    if not os.path.exists(os.path.join(cb, "VMI_COUNTERS")):
        sys.exit("bench: %s is not a VMI_COUNTERS=1 build (make bench builds it)" % cb)
    events = {"native": {}, "pvhv": {}}
    if not net_only:
        cpio = archive(cb, out, "initramfs-counting.cpio", user_script(reps, counting=True))
        for be in ("native", "pvhv"):
            text = user_boot(be, cb, cpio, "%s, counting (not timed)" % be, "tcg", 600, out,
                             be + "-counting", "icount", disk=True)
            events[be].update(parse_events(text))
    # The net rows are counted as they are timed: on the net pass's clock.
    cpio = archive(cb, out, "initramfs-net-counting.cpio",
                   user_script(reps, peer_option, counting=True, rows=NET_ROWS))
    for be in ("native", "pvhv"):
        text = user_boot(be, cb, cpio, "%s, net rows counting (not timed)" % be, "tcg", 600,
                         out, be + "-net-counting", "icount", net_pass=True)
        events[be].update(parse_events(text))
    return events


def archive(b, out, name, script):
    """BUILD's initramfs with /etc/cmd = SCRIPT, written as OUT/NAME: its path."""
    cpio = os.path.join(out, name)
    entries = mk.merge(mk.read_cpio(_read(os.path.join(b, "initramfs.cpio"))),
                       [mk.regular("etc/cmd", script.encode())])
    mk.write_atomically(cpio, mk.write_cpio(entries))
    return cpio


def user_boot(be, b, cpio, label, accel, timeout, out, name, mode, disk=False,
              net_pass=False):
    """Boot the archive CPIO on backend BE (native, pvhv) of build B with a
    NIC (and a fresh disk with DISK); keep the transcript as OUT/NAME.log."""
    d = bench_disk(out, name) if disk else ()
    if be == "native":
        text = boot(label, os.path.join(b, "guest-native.elf"), [cpio + " initrd"], accel,
                    timeout, mode=mode, disk=d, net=True, net_pass=net_pass)
    else:
        text = boot(label, os.path.join(b, "hypervisor.elf"),
                    [os.path.join(b, "guest-pvhv.elf") + " " + DOMAIN_OPTIONS, cpio + " initrd"],
                    accel, timeout, hv_log=os.path.join(out, name + ".hv.log"), mode=mode,
                    disk=d, net=True, net_pass=net_pass)
    with open(os.path.join(out, name + ".log"), "w") as f:
        f.write(text)
    return text


def bench_net_pass(b, out, peer_option, accel, mode, boots, reps):
    """The net_* rows: BOOTS boots of each backend, native and pvhv
    alternating, each running only those rows REPS times on the net pass's
    clock.  {backend: combine_boots of the per-boot results}."""
    cpio = archive(b, out, "initramfs-net.cpio", user_script(reps, peer_option, rows=NET_ROWS))
    per = {"native": [], "pvhv": []}
    for i, be in enumerate(wall_order(boots)):
        text = user_boot(be, b, cpio, "%s, net rows (%d/%d)" % (be, i // 2 + 1, boots), accel,
                         300 + 60 * reps, out, "%s-net-%d" % (be, i // 2 + 1), mode,
                         net_pass=True)
        got = {k: v for k, v in parse_lines(text).items() if k in NET_ROWS}
        print("bench:   %s" % " ".join("%s=%s" % (k, _num(scale(mode, v["median_us"]), "%.0f"))
                                     for k, v in got.items()))
        per[be].append(got)
    return {be: combine_boots(v) for be, v in per.items()}


def results_of(t, backend, net=None):
    """The user programs' rows, the net pass's (NET), the VMI-level rows."""
    res = parse_lines(t[backend + "-user"])
    res.update(net or {})
    res.update(parse_lines(t[backend + "-vmi"]))
    return res


def net_only_main(args, b, out, peer, accel):
    """--net-only: the net pass (and its counting boots) alone; a table and
    DIR/results-net.json."""
    net = bench_net_pass(b, out, peer.option(), accel, args.mode, args.net_boots,
                         args.net_reps)
    rows = make_rows(net["native"], net["pvhv"])
    events = None
    if args.counters != "none":
        events = count_events(args.counters, out, peer.option(), net_only=True)
    for err in peer.errors:
        print("bench: host peer: %s" % err)
    commit = git_commit(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(os.path.join(out, "results-net.json"), "w") as f:
        f.write(results_json(rows, accel, args.net_reps, commit, date, args.mode,
                             args.net_boots, events))
    print()
    print(mode_line(args.mode, args.net_reps, args.net_boots, accel, args.net_boots))
    sys.stdout.write(format_table(rows, args.mode))
    sys.stdout.write(net_boots_table(rows, args.mode))
    if events is not None and args.events:
        print("\nevents per operation (counting boots of %s, not the timed ones):"
              % args.counters)
        sys.stdout.write(events_table(rows, events))
    print("bench: wrote %s" % os.path.join(out, "results-net.json"))
    return 0


def net_boots_table(rows, mode):
    """The net rows' per-boot medians, boot by boot, for judging the spread."""
    fmt = "%.0f" if mode == "icount" else "%.2f"
    lines = []
    for r in rows:
        for be in ("native", "pvhv"):
            if r.get(be + "_boots"):
                lines.append("  %-16s %-6s %s" % (r["name"], be, " ".join(
                    _num(scale(mode, v), fmt) for v in r[be + "_boots"])))
    return ("per-boot medians (boot order):\n" + "\n".join(lines) + "\n") if lines else ""


def main(argv=None):
    p = argparse.ArgumentParser(description="Benchmark native vs pvhv.")
    p.add_argument("--build", default="build")
    p.add_argument("--reps", type=int,
                   default=int(os.environ.get("BENCH_REPS") or DEFAULT_REPS))
    p.add_argument("--mode", choices=MODES,
                   default=os.environ.get("BENCH_MODE") or DEFAULT_MODE,
                   help="icount (default: instructions, deterministic) or wall (host time)")
    p.add_argument("--boots", type=int,
                   default=int(os.environ.get("BENCH_BOOTS") or WALL_BOOTS),
                   help="wall mode: boots of each backend, interleaved (at least 5)")
    p.add_argument("--net-boots", type=int,
                   default=int(os.environ.get("BENCH_NET_BOOTS") or NET_BOOTS),
                   help="the net pass: boots of each backend, interleaved (at least 5)")
    p.add_argument("--net-reps", type=int,
                   default=int(os.environ.get("BENCH_NET_REPS") or NET_REPS),
                   help="the net pass: repetitions per boot")
    p.add_argument("--net-only", action="store_true",
                   help="run only the net pass (results-net.json)")
    p.add_argument("--out", help="output directory (default BUILD/bench)")
    p.add_argument("--counters", default="build-counters",
                   help="the VMI_COUNTERS=1 build of the counting boots ('none': skip)")
    p.add_argument("--events", action="store_true",
                   default=os.environ.get("EVENTS") == "1",
                   help="print the events table too (EVENTS=1); results.json always has them")
    args = p.parse_args(argv)
    if args.mode not in MODES:
        sys.exit("bench: BENCH_MODE must be one of %s" % ", ".join(MODES))
    if not 1 <= args.reps <= 1000:
        sys.exit("bench: reps must be 1..1000")
    if args.mode == "wall" and args.boots < WALL_BOOTS:
        sys.exit("bench: wall mode needs at least %d boots of each backend" % WALL_BOOTS)
    if args.net_boots < NET_BOOTS or not 1 <= args.net_reps <= 1000:
        sys.exit("bench: the net pass needs at least %d boots of each backend and "
                 "1..1000 repetitions" % NET_BOOTS)
    mode = args.mode
    b = args.build
    out = args.out or os.path.join(b, "bench")
    os.makedirs(out, exist_ok=True)
    # icount is a TCG feature: instruction counting needs the emulator.
    accel = "tcg" if mode == "icount" else qemu.pick_accel(b)
    warn = warning_box(accel) if mode == "wall" else ""
    sys.stdout.write(warn)
    if args.net_only:
        print("bench: accel %s, the net rows only, %d repetitions per boot"
              % (accel, args.net_reps))
    else:
        print("bench: accel %s, %d repetitions per benchmark (net rows: %d per boot)"
              % (accel, args.reps, args.net_reps))
    print("bench: " + mode_line(mode, args.reps, args.boots, accel, args.net_boots))

    peer = bench_net.Peer()     # serves every boot of this run
    if args.net_only:
        return net_only_main(args, b, out, peer, accel)
    # The net rows are not run here but in the net pass (bench_net_pass).
    cpio = archive(b, out, "initramfs.cpio", user_script(args.reps))

    timeout = 300 + 60 * args.reps
    if mode == "icount":
        t = run_backends(b, out, cpio, accel, timeout, mode)
        net = bench_net_pass(b, out, peer.option(), accel, mode, args.net_boots,
                             args.net_reps)
        native, pvhv = results_of(t, "native", net["native"]), results_of(t, "pvhv", net["pvhv"])
        boots = 1
    else:
        # ABAB...: native and pvhv alternate, so a host slowdown hits both.
        per = {"native": [], "pvhv": []}
        for i in range(args.boots):
            t = run_backends(b, out, cpio, accel, timeout, mode,
                             tag=" (%d/%d)" % (i + 1, args.boots))
            for be in per:
                per[be].append(results_of(t, be))
        net = bench_net_pass(b, out, peer.option(), accel, mode, args.net_boots,
                             args.net_reps)
        native, pvhv = combine_boots(per["native"]), combine_boots(per["pvhv"])
        native.update(net["native"])
        pvhv.update(net["pvhv"])
        boots = args.boots
    for name, text in t.items():
        with open(os.path.join(out, name + ".log"), "w") as f:
            f.write(text)
    for err in peer.errors:
        print("bench: host peer: %s" % err)

    rows = make_rows(native, pvhv)
    pvhv_only = bench_domains(b, out, os.path.join(b, "initramfs.cpio"), accel, timeout,
                              mode, args.reps)
    events = None
    if args.counters != "none":
        events = count_events(args.counters, out, peer.option())
        # The VMI-level rows: pvhv's timed image reads its hypercall and
        # CR3-load counters (the shared page) outside the timed loops.
        events["pvhv"].update(parse_events(t["pvhv-vmi"]))
    commit = git_commit(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(os.path.join(out, "results.json"), "w") as f:
        f.write(results_json(rows, accel, args.reps, commit, date, mode, boots, events,
                             pvhv_only))
    with open(os.path.join(out, "ratios.svg"), "w") as f:
        f.write(render_svg(rows, accel, args.reps, commit, mode, events))

    print()
    print(mode_line(mode, args.reps, boots, accel, args.net_boots))
    sys.stdout.write(format_table(rows, mode))
    sys.stdout.write(net_boots_table([r for r in rows if r["name"] in NET_ROWS], mode))
    for name, v in pvhv_only.items():
        print("%s (pvhv only, domain 0 to domain 1): %s %s" % (
            name, _num(scale(mode, v["median_us"]), "%.0f" if mode == "icount" else "%.2f"),
            UNITS.get(name, "per op")))
    print("\nvmi_null_call: vmi_sched_yield - a hypercall on pvhv, a plain return "
          "natively (no hypercall exists there).")
    if events is not None and args.events:
        print("\nevents per operation (counting boots of %s, not the timed ones):"
              % args.counters)
        sys.stdout.write(events_table(rows, events))
    print("bench: wrote %s and %s" % (os.path.join(out, "results.json"),
                                     os.path.join(out, "ratios.svg")))
    if mode == "icount":
        bench_isolation(b, out, accel, timeout, [cpio + " initrd"],
                        t["pvhv-user"], t["pvhv-vmi"], mode)
    else:
        print("isolation table: icount mode only (one boot per mode)")
    sys.stdout.write(warn)
    missing = [r["name"] for r in rows if r["ratio"] is None]
    if missing:
        sys.exit("bench: no result on both backends for: %s" % ", ".join(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
