#!/usr/bin/env python3
"""run.py - the conformance runner: boot every test on every backend and judge.

Usage: run.py --build build [--backends native,pvhv] [--filter SUBSTR]
              [--timeout S] [-j N] [--accel kvm|tcg]
              [--shell-tests [--shell-timeout S]] [--counters BUILD]
              [--hv-append WORDS] [--results DIR]

A test is conformance/<category>/<name>.c, built per backend into
<build>/conformance/<backend>/<category>/<name>.elf.  The runner boots each
image with scripts/qemu.py (feeding <name>.input to the serial console if it
exists), keeps the transcript in <build>/conformance/results/, and judges XTF
style: the last "Test result: " line is the verdict and must agree with the
guest's exit code.  Then it checks identity (transcripts equal across backends
apart from env: lines; a backend whose run SKIPped while others ran the test
is left out, compared_runs) and coverage (every VMI call in vmi/vmi.spec is called
by some test).  The judging functions are pure so scripts/tests can test them.
With --shell-tests it also runs conformance/system/*.sh (BusyBox workloads in
the guest's initramfs, judged against the same script run on the host; see
conformance/shell_tests.py; one with a .net sidecar instead boots with a
NIC and a host peer and is judged against its written-down .expected
output, conformance/net_tests.py, as is any script with a .expected: the
host cannot run it; one with a .linux record is judged against that record
where the host runs i386 programs under an emulator, conformance/linux_record.py);
--filter .sh selects only those.  With
--counters BUILD (a VMI_COUNTERS=1 build) it also boots the BusyBox
workload from BUILD on every backend in the guest's deterministic
scheduling mode and requires identical per-call VMI counters (see
conformance/det_counters.py).  --hv-append gives the hypervisor a command
line (isolation=segments runs the suite in the segment-limit isolation
even where the processor does not enforce it) and --results keeps that
run's transcripts apart.  The hypervisor's own console line ("hv: ...")
is left out of every comparison.
Standard library only.
"""
import argparse
import concurrent.futures
import importlib.util
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATEGORIES = ("calls", "system", "hostile", "fuzz")
HV_ONLY = ("hostile", "fuzz")     # attacks that only a hypervisor can contain
VERDICT_PREFIX = "Test result: "
# The exit code each printed status must come with (see conformance/runtime/test.h).
STATUS_CODES = {"SUCCESS": 0, "SKIP": 3, "ERROR": 4, "FAILURE": 5}
CRASH_CODE = 127                  # VMI_EXIT_CRASH
HV_LINE_PREFIX = "hv: "           # the hypervisor's own console line(s)
TAIL_LINES = 15


def _load(name, path):
    """Import a standard-library-only script of this repo by path."""
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


qemu = _load("qemu", os.path.join(ROOT, "scripts", "qemu.py"))
mkinitramfs = _load("mkinitramfs", os.path.join(ROOT, "scripts", "mkinitramfs.py"))
shell = _load("shell_tests", os.path.join(ROOT, "conformance", "shell_tests.py"))
disk = _load("disk_tests", os.path.join(ROOT, "conformance", "disk_tests.py"))
net = _load("net_tests", os.path.join(ROOT, "conformance", "net_tests.py"))
det = _load("det_counters", os.path.join(ROOT, "conformance", "det_counters.py"))
linux = _load("linux_record", os.path.join(ROOT, "conformance", "linux_record.py"))
backends_list = _load("backends", os.path.join(ROOT, "scripts", "backends.py"))
on_hypervisor = backends_list.on_hypervisor


# ---- pure judging functions ----

def verdict_line(transcript):
    """The status word of the last "Test result: " line, or None."""
    status = None
    for line in transcript.splitlines():
        if line.startswith(VERDICT_PREFIX):
            status = line[len(VERDICT_PREFIX):].strip()
    return status


def judge(transcript, guest_code, timed_out, timeout=None, stderr=""):
    """Return (PASS|FAIL|SKIP, reason) for one run; reason is "" unless FAIL."""
    if "KVM internal error" in stderr:
        return "FAIL", "crash: KVM internal error (see qemu stderr)"
    if timed_out:
        return "FAIL", "timeout" + (" after %g s" % timeout if timeout else "")
    if guest_code == CRASH_CODE:
        return "FAIL", "crash (exit code %d)" % CRASH_CODE
    status = verdict_line(transcript)
    if status is None:
        how = ("no power-off (triple fault?)" if guest_code is None
               else "exit code %d" % guest_code)
        return "FAIL", "crash: no verdict line (%s)" % how
    if status not in STATUS_CODES:
        return "FAIL", "bad verdict line: %r" % (VERDICT_PREFIX + status)
    if guest_code != STATUS_CODES[status]:
        return "FAIL", ("mismatch: printed %s but exit code %s (want %d)"
                        % (status, guest_code, STATUS_CODES[status]))
    if status == "SUCCESS":
        return "PASS", ""
    if status == "SKIP":
        return "SKIP", ""
    return "FAIL", "test reported %s" % status


def comparable(transcript):
    """[(line number, text)] of the lines that must match across backends:
    env: lines and the hypervisor's own "hv: " lines (its isolation mode,
    printed at boot) dropped, trailing whitespace ignored."""
    return [(no, line.rstrip()) for no, line in enumerate(transcript.splitlines(), 1)
            if not line.startswith(("env:", HV_LINE_PREFIX))]


def first_difference(a, b):
    """None if transcripts A and B are identical for conformance, else a
    message naming the first differing line (numbered as in A's log)."""
    la, lb = comparable(a), comparable(b)
    for i in range(max(len(la), len(lb))):
        ta = la[i][1] if i < len(la) else "<end of transcript>"
        tb = lb[i][1] if i < len(lb) else "<end of transcript>"
        if ta != tb:
            no = la[i][0] if i < len(la) else (la[-1][0] + 1 if la else 1)
            return "first difference at line %d: %r vs %r" % (no, ta, tb)
    return None


def identity(transcripts):
    """Compare a list of transcripts (one per backend) against the first."""
    for other in transcripts[1:]:
        diff = first_difference(transcripts[0], other)
        if diff:
            return diff
    return None


def undefined_symbols(nm_output):
    """The symbols `nm -u` lists as undefined (any number of files)."""
    syms = set()
    for line in nm_output.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] in ("U", "w"):
            syms.add(parts[1])
    return syms


def uncovered(call_names, symbols):
    """The VMI calls (names without vmi_) that no test references."""
    return [n for n in call_names if "vmi_" + n not in symbols]


def fail_lines(transcript):
    """The test's own "FAIL:" lines, for the diagnosis under a FAIL result."""
    return [line for line in transcript.splitlines() if line.startswith("FAIL:")]


def summary(passed, failed, skipped):
    text = "%d passed, %d failed" % (passed, failed)
    return text + (", %d skipped" % skipped if skipped else "")


def parse_domains(text):
    """A <test>.domains file: one domain per line, "IMAGE [options]", where
    IMAGE is "self" (this test's pvhv image), another test ("system/spin"),
    "file:PATH" (any file, relative to the repository: a malformed image),
    or "build:PATH" (a file relative to the --build directory: an image made
    at build time, such as build:bad-images/<kind>.elf from
    scripts/make_bad_images.py),
    and the options go to the hypervisor's builder except expect=success
    (the default: the domain prints its own SUCCESS verdict), expect=killed
    (the hypervisor must log that it killed the domain) or expect=rejected
    (the builder must refuse the image and log why).  A line whose options
    hold the word "initrd" is no domain but the ramdisk of the domain line
    before it (expect "ramdisk", no name).  copies=N stands for N such
    lines whose names are the given name (default "dom") followed by 1..N:
    many domains in one line.  Returns a list of
    (image, options, name, expect); '#' starts a comment."""
    doms = []
    for line in expand_copies(text):
        image, *opts = line.split()
        expect = "success"
        keep = []
        for o in opts:
            if o.startswith("expect="):
                expect = o[len("expect="):]
            else:
                keep.append(o)
        if "initrd" in keep:
            doms.append((image, " ".join(keep), "", "ramdisk"))
            continue
        number = sum(1 for d in doms if d[3] != "ramdisk")
        name = next((o[5:] for o in keep if o.startswith("name=")), "dom%d" % number)
        if expect not in ("success", "killed", "rejected"):
            raise ValueError("bad expect=%s" % expect)
        doms.append((image, " ".join(keep), name, expect))
    return doms


def expand_copies(text):
    """The lines of a .domains text without comments and blanks, a line
    with copies=N repeated N times as name=<name>1 .. name=<name>N."""
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        words = line.split()
        copies = [w for w in words if w.startswith("copies=")]
        if not copies:
            out += [line] if line else []
            continue
        n = int(copies[0][len("copies="):])
        name = next((w[5:] for w in words if w.startswith("name=")), "dom")
        rest = [w for w in words if not w.startswith(("copies=", "name="))]
        out += [" ".join(rest[:1] + ["name=%s%d" % (name, i)] + rest[1:])
                for i in range(1, n + 1)]
    return out


# QEMU's memory for a multi-domain run: what the domains ask for (mem=,
# default 32 MiB each, as domain_build.c) plus room for the hypervisor,
# at least what qemu.hypervisor_args gives.
DEFAULT_DOMAIN_MIB = 32
HV_ROOM_MIB = 64


def domains_memory(doms, least_mib=256):
    """QEMU -m for the domains of a .domains file, as "<N>M"."""
    total = HV_ROOM_MIB
    for _, opts, _, expect in doms:
        if expect == "ramdisk":
            continue
        mem = [o[4:] for o in opts.split() if o.startswith("mem=")]
        total += int(mem[0]) if mem and mem[0].isdigit() else DEFAULT_DOMAIN_MIB
    return "%dM" % max(least_mib, total)


def split_by_domain(transcript, names):
    """{name: that domain's own lines}: with several domains the hypervisor
    prefixes every console line with "[name] "."""
    out = {n: [] for n in names}
    for line in transcript.splitlines():
        for n in names:
            tag = "[%s] " % n
            if line.startswith(tag):
                out[n].append(line[len(tag):])
    return out


def judge_domains(transcript, hv_log, doms, guest_code, timed_out):
    """Verdict of a multi-domain run: every domain did what it was expected
    to, and the hypervisor itself ended the run cleanly.  A domain expected
    to succeed or to be killed may instead report SKIP (it cannot run its
    test here, e.g. an isolation test in a mode the processor does not
    back): then the run is a SKIP, if everything else holds."""
    if timed_out:
        return "FAIL", "timeout"
    if guest_code is None:
        return "FAIL", "crash: the hypervisor did not power off"
    doms = [d for d in doms if d[3] != "ramdisk"]
    per = split_by_domain(transcript, [d[2] for d in doms])
    running = [d[2] for d in doms if d[3] == "success"]
    if len(running) == 1 and not any(per.values()):
        # Only one domain ever ran, so the hypervisor added no prefixes.
        per[running[0]] = transcript.splitlines()
    skipped = []
    for _, _, name, expect in doms:
        status = verdict_line("\n".join(per[name]))
        if expect in ("success", "killed") and status == "SKIP":
            skipped.append(name)
        elif expect == "success" and status != "SUCCESS":
            return "FAIL", "domain %s: verdict %s, want SUCCESS" % (name, status)
        elif expect in ("killed", "rejected"):
            if status is not None:
                return "FAIL", "domain %s printed a verdict but should be %s" % (name, expect)
            if "(%s) %s" % (name, expect) not in hv_log:
                return "FAIL", "domain %s: no '%s' line in the hypervisor log" % (name, expect)
    if skipped:
        return "SKIP", "domain %s skipped its test" % ", ".join(skipped)
    return "PASS", ""


# ---- discovery and running ----

class Job:
    """One (test, backend) pair and what came of it."""

    def __init__(self, test, backend, image, input_path, log):
        self.test, self.backend = test, backend
        self.image, self.input_path, self.log = image, input_path, log
        self.result, self.status, self.reason = None, None, ""
        self.initramfs = self.expected = None    # shell and counter tests only


def discover(root, substr=""):
    """Sorted "<category>/<name>" of every test source, optionally filtered."""
    tests = []
    for cat in CATEGORIES:
        d = os.path.join(root, "conformance", cat)
        if os.path.isdir(d):
            tests += ["%s/%s" % (cat, f[:-2]) for f in os.listdir(d) if f.endswith(".c")]
    return sorted(t for t in tests if substr in t)


def domains_path(root, test):
    return os.path.join(root, "conformance", test + ".domains")


def plan(root, build, tests, backends, results=None):
    """The jobs to run, in test order then backend order.  Hostile tests and
    multi-domain tests (with a .domains file) exist on hypervisor backends
    only (backends/BACKENDS).  Transcripts go to RESULTS (default
    BUILD/conformance/results)."""
    results = results or os.path.join(build, "conformance", "results")
    jobs = []
    for test in tests:
        cat = test.split("/")[0]
        hv_only = cat in HV_ONLY or os.path.isfile(domains_path(root, test))
        for be in backends:
            if hv_only and not on_hypervisor(be):
                continue
            image = (shell.guest_image(build, be) if shell.is_shell_test(test)
                     else os.path.join(build, "conformance", be, test + ".elf"))
            jobs.append(Job(test, be, image,
                            os.path.join(root, "conformance", test + ".input"),
                            os.path.join(results, be, test + ".log")))
    return jobs


def hypervisor_image(job):
    """A hypervisor backend's images are modules of build/hypervisor.elf;
    a bare backend's boot alone."""
    build = job.image[:job.image.index(os.path.join("conformance", job.backend))]
    return os.path.join(build, "hypervisor.elf")


# A hostile test without its own .domains file attacks beside this victim.
DEFAULT_HOSTILE_DOMAINS = "self name=attacker\nvictim/checksum name=victim\n"


def job_domains(job):
    path = domains_path(ROOT, job.test)
    if not on_hypervisor(job.backend):
        return None
    if os.path.isfile(path):
        with open(path) as f:
            return parse_domains(f.read())
    if job.test.split("/")[0] in HV_ONLY:
        return parse_domains(DEFAULT_HOSTILE_DOMAINS)
    return None


def module_image(job, ref):
    if ref == "self":
        return job.image
    if ref.startswith("file:"):
        return os.path.join(ROOT, ref[len("file:"):])
    build = job.image[:job.image.index(os.path.join("conformance", job.backend))]
    if ref.startswith("build:"):
        return os.path.join(build, ref[len("build:"):])
    return os.path.join(build, "conformance", job.backend, ref + ".elf")


def ramdisk_module(job):
    """["<test>.initrd initrd"] if the test has a ramdisk file, else [].
    The path is relative: the guest sees the module string truncated to 63
    characters, and a test may look for the "initrd" word in it."""
    path = os.path.join(ROOT, "conformance", job.test + ".initrd")
    return [os.path.relpath(path) + " initrd"] if os.path.isfile(path) else []


def boot_args(job):
    """(kernel, modules) for QEMU; a module is "path options".  A test's
    ramdisk follows its image (hypervisor backends) or is the only module
    (bare backends)."""
    if shell.is_shell_test(job.test):
        return shell.boot_args(job)
    if not on_hypervisor(job.backend):
        return job.image, ramdisk_module(job)
    doms = job_domains(job)
    if doms is None:
        return hypervisor_image(job), [job.image] + ramdisk_module(job)
    return hypervisor_image(job), [(module_image(job, ref) + " " + opts).strip()
                                   for ref, opts, _, _ in doms]


# The hypervisor's own command line (--hv-append), e.g. isolation=segments.
HV_APPEND = []


def boot_options(job):
    """The hypervisor's log goes next to the transcript, as <name>.hv.log;
    --hv-append words become its command line."""
    if on_hypervisor(job.backend):
        opts = qemu.hypervisor_args(job.log[:-len(".log")] + ".hv.log")
        doms = job_domains(job)
        if doms:
            opts["memory"] = domains_memory(doms, int(opts["memory"].rstrip("M")))
        if HV_APPEND:
            opts["extra"] = opts["extra"] + ["-append", " ".join(HV_APPEND)]
        return opts
    return {}


def judges_time(test):
    """Does the test judge time (a timer's lateness, a CPU share)?  It says
    so with a <test>.icount file next to it, which tells why."""
    return os.path.isfile(os.path.join(ROOT, "conformance", test + ".icount"))


def clock_args(job, accel):
    """A test that judges time runs under TCG in instruction-count mode
    (qemu.ICOUNT_ARGS): its clock then counts the instructions every domain
    executed, so a loaded host that descheduled QEMU cannot make a timer
    look late or a share look wrong - the verdict never depends on timing.
    Under KVM the clock is the host's, as on hardware."""
    return list(qemu.ICOUNT_ARGS) if accel == "tcg" and judges_time(job.test) else []


# Block tests (calls/blk_*, hostile/blk_*, system/blk_*) and the fuzzer boot with two scratch disks, made
# anew for every run next to its transcript: vda, writable, zeroed,
# BLK_SECTORS sectors; vdb, read-only, BLK_RO_SECTORS sectors, sector s byte
# i = (s * 31 + i) & 0xFF (conformance/calls/blk.h knows both).  Every
# backend gets them: the same machine, whether or not its backend drives
# the disks.  (A hostile test's .domains file splits them into VBDs.)
BLK_PREFIXES = ("calls/blk_", "hostile/blk_", "system/blk_", "fuzz/hypercalls")
BLK_SECTORS = 2048
BLK_RO_SECTORS = 64


def ro_disk_bytes(sectors=BLK_RO_SECTORS):
    return bytes((s * 31 + i) & 0xFF for s in range(sectors) for i in range(512))


def scratch_disks(job):
    """qemu.disk_args specs of a block test's disks (created here), else []."""
    if not job.test.startswith(BLK_PREFIXES):
        return []
    base = job.log[:-len(".log")]
    os.makedirs(os.path.dirname(base), exist_ok=True)
    with open(base + ".vda.img", "wb") as f:
        f.truncate(BLK_SECTORS * 512)
    with open(base + ".vdb.img", "wb") as f:
        f.write(ro_disk_bytes())
    return [base + ".vda.img", base + ".vdb.img:ro"]


# Network tests (calls/, hostile/ and system/net_*) boot with one NIC on QEMU's user network,
# restricted (nothing reaches the host or beyond): its gateway 10.0.2.2
# answers ARP and ICMP echo, which is all the tests talk to
# (conformance/calls/net.h).  Every backend gets it, as with the disks.
NET_PREFIX = ("calls/net_", "hostile/net_", "system/net_")
NET_SPECS = ["user,restrict=on"]


def test_nics(job):
    """qemu.net_args specs of a network test's NICs, else []."""
    return list(NET_SPECS) if job.test.startswith(NET_PREFIX) else []


def execute_counters(job, timeout, accel):
    """Boot the deterministic-counters run of one backend and judge it."""
    why = det.missing(job)
    if why:
        job.status, job.reason = "FAIL", why
        return job
    os.makedirs(os.path.dirname(job.log), exist_ok=True)
    job.result = det.boot(job, qemu, timeout, accel)
    with open(job.log, "w") as f:
        f.write(job.result.transcript)
    job.status, job.reason = det.judge(job.result, job.expected, shell, timeout)
    return job


def execute(job, timeout, accel):
    """Boot one job's image (if it exists), save the transcript, judge it."""
    if det.is_counters_test(job.test):
        return execute_counters(job, timeout, accel)
    kernel, modules = boot_args(job)
    missing = [p for p in [kernel, job.image] + [m.split(" ")[0] for m in modules]
               if not os.path.isfile(p)]
    if missing:
        job.status, job.reason = "FAIL", "image missing: %s" % missing[0]
        if os.path.exists(job.log):
            os.remove(job.log)  # a stale log would contradict this verdict
        return job
    os.makedirs(os.path.dirname(job.log), exist_ok=True)
    data = None
    if os.path.isfile(job.input_path):
        with open(job.input_path, "rb") as f:
            data = f.read()
    opts = boot_options(job)
    disks = scratch_disks(job)
    spec = disk.spec_for(ROOT, job.test) if shell.is_shell_test(job.test) else None
    if spec:                        # a fresh ext2 image as vda (disk_tests.py)
        img = job.log[:-len(".log")] + ".disk.img"
        disk.make_image(ROOT, spec, img)
        sha_before = disk.sha256_file(img)
        opts["extra"] = opts.get("extra", []) + disk.drive_args(spec, img, qemu)
    if disks:
        opts["extra"] = opts.get("extra", []) + qemu.disk_args(disks)
    nics = test_nics(job)
    net_spec = net.spec_for(ROOT, job.test) if shell.is_shell_test(job.test) else None
    peer = net.Peer(ROOT, net_spec, timeout).start() if net_spec else None
    if peer:                        # a NIC and the host peer (net_tests.py)
        nics = [net.net_spec(peer.ports)]
    if nics:
        opts["extra"] = opts.get("extra", []) + qemu.net_args(nics)
    accel = accel or qemu.pick_accel()
    opts["extra"] = opts.get("extra", []) + clock_args(job, accel)
    keys = shell.keys_for(ROOT, job.test) if shell.is_shell_test(job.test) else None
    try:
        job.result = qemu.run(*boot_args(job), timeout=timeout, stdin_bytes=data,
                              accel=accel, respond=shell.Typist(keys).feed if keys else None,
                              **opts)
    finally:
        if peer:
            peer.stop()
    with open(job.log, "w") as f:
        f.write(job.result.transcript)
    if shell.is_shell_test(job.test):
        job.status, job.reason = shell.judge(job.result.transcript, job.result.guest_code,
                                             job.result.timed_out, job.expected, timeout)
        out = shell.script_output(job.result.transcript)
        if peer and out and net.skipped(out[0]) is not None and out[1] == 0:
            job.status, job.reason = "SKIP", net.skipped(out[0])
        if spec and job.status == "PASS":
            job.status, job.reason = disk.judge(spec, img, sha_before, job.result.transcript,
                                                job.expected[2])
        return job
    doms = job_domains(job)
    if doms is None:
        job.status, job.reason = judge(job.result.transcript, job.result.guest_code,
                                       job.result.timed_out, timeout, job.result.stderr)
        return job
    hv_log = boot_options(job)["extra"][1][len("file:"):]
    try:
        with open(hv_log, errors="replace") as f:
            log = f.read()
    except OSError:
        log = ""
    job.status, job.reason = judge_domains(job.result.transcript, log, doms,
                                           job.result.guest_code, job.result.timed_out)
    return job


def report(job):
    """Print one job's result line, and on FAIL what is needed to diagnose it."""
    if job.status != "FAIL":
        print("%s %s %s%s" % (job.status, job.backend, job.test,
                              ": " + job.reason if job.reason else ""))
        return
    print("FAIL %s %s: %s" % (job.backend, job.test, job.reason))
    if job.result is None:
        return
    text = job.result.transcript
    for line in fail_lines(text):
        print("    " + line)
    print("    --- last %d lines of %s:" % (TAIL_LINES, job.log))
    for line in text.splitlines()[-TAIL_LINES:]:
        print("    | " + line)
    if not text:
        print("    (no console output at all)")
    if job.result.stderr.strip():
        print("    --- qemu stderr:")
        for line in job.result.stderr.splitlines()[:TAIL_LINES]:  # headline first
            print("    ! " + line)


def compared_runs(runs):
    """The (backend, transcript, status) runs of one test that identity
    compares: all of them, unless some SKIPped and others did not - a
    backend that lacks an optional feature checks its documented answer
    (e.g. -VMI_ENOSYS with the feature bit clear) and SKIPs, and there is
    nothing of the feature's behaviour to compare; then only the others.
    Returns (kept runs, names of the backends left out)."""
    ran = [r for r in runs if r[2] != "SKIP"]
    if not ran or len(ran) == len(runs):
        return runs, []
    return ran, [r[0] for r in runs if r[2] == "SKIP"]


def check_identity(jobs, backends):
    """Yield (test, diff-or-None, skipped backends) for each test that ran
    on every backend; diff is "" when fewer than two runs remain to compare
    (compared_runs)."""
    runs = {}
    for job in jobs:
        if job.result is not None:
            runs.setdefault(job.test, {})[job.backend] = (job.backend, job.result.transcript,
                                                          job.status)
    for test in sorted(runs):
        if all(be in runs[test] for be in backends):
            kept, skipped = compared_runs([runs[test][be] for be in backends])
            if len(kept) < 2:
                yield test, "", skipped
            else:
                yield test, identity([r[1] for r in kept]), skipped


def call_names(root):
    """The call names of vmi/vmi.spec, via the generator's own parser."""
    gen = _load("gen_vmi", os.path.join(root, "vmi", "gen_vmi.py"))
    _, _, calls = gen.parse(os.path.join(root, "vmi", "vmi.spec"))
    return [c["name"] for c in calls]


def test_symbols(root, build):
    """Undefined symbols of the test objects (not the runtime's)."""
    objs = [os.path.join(build, "conformance", t + ".o") for t in discover(root)]
    objs = [o for o in objs if os.path.isfile(o)]
    if not objs:
        return set()
    out = subprocess.run(["nm", "-u"] + objs, check=True, capture_output=True,
                         text=True).stdout
    return undefined_symbols(out)


# ---- the command ----

def parse_args(argv):
    p = argparse.ArgumentParser(description="Run the VMI conformance suite.")
    p.add_argument("--build", default="build", help="build directory (default build)")
    p.add_argument("--backends", default=",".join(backends_list.names()),
                   help="comma-separated backends (default: every one in "
                   "backends/BACKENDS)")
    p.add_argument("--filter", default="", help="only tests whose name contains this")
    p.add_argument("--timeout", type=float, default=60.0,
                   help="seconds per boot (default 60)")
    p.add_argument("-j", type=int, default=os.cpu_count() or 1,
                   help="parallel boots (default: CPU count)")
    p.add_argument("--accel", choices=("kvm", "tcg"),
                   help="accelerator (default: kvm if usable, VMI_ACCEL overrides)")
    p.add_argument("--shell-tests", action="store_true",
                   help="also run conformance/system/*.sh (needs build/initramfs.cpio)")
    p.add_argument("--shell-timeout", type=float, default=600.0,
                   help="seconds per boot of a shell test (default 600)")
    p.add_argument("--hv-append", metavar="WORDS", default="",
                   help="the hypervisor's command line for every pvhv boot, e.g. "
                        "isolation=segments (its log says what it made of it)")
    p.add_argument("--results", metavar="DIR",
                   help="transcripts go to DIR/<backend>/... (default "
                        "BUILD/conformance/results)")
    p.add_argument("--record-linux", action="store_true",
                   help="rewrite conformance/system/*.linux, Linux's answers for hosts "
                        "that emulate i386, from this host's runs (it must run i386 "
                        "programs itself)")
    p.add_argument("--counters", metavar="BUILD",
                   help="also require identical per-call VMI counters of the BusyBox "
                        "workload on every backend (sched=det), booted from BUILD, a "
                        "VMI_COUNTERS=1 build")
    return p.parse_args(argv)


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0

    def add(self, status):
        if status == "PASS":
            self.passed += 1
        elif status == "SKIP":
            self.skipped += 1
        else:
            self.failed += 1


def prepare_shell_tests(jobs, build, record=False):
    """Per shell test: its initramfs, and the host's (output, status) for it
    (kept as <build>/conformance/results/host/<test>.log) or Linux's record
    of it where the host emulates i386 (linux_record.py; RECORD: rewrite the
    records from the host's runs).  A test that cannot be prepared gets its
    verdict here and is not booted."""
    base = os.path.join(build, "initramfs.cpio")
    emulator = linux.i386_emulator()
    if record and emulator:
        sys.exit("--record-linux: this host runs i386 programs under %s, not "
                 "itself: its answers are no record of Linux's" % emulator)
    done = {}
    for job in (j for j in jobs if shell.is_shell_test(j.test)):
        if job.test not in done:
            done[job.test] = _prepare_one(job.test, base, build, emulator, record)
        job.initramfs, job.expected, why = done[job.test]
        if why:
            job.status, job.reason = ("SKIP" if why.startswith("skip") else "FAIL"), why
    for job in (j for j in jobs if det.is_counters_test(j.test)):
        if det.WORKLOAD not in done:
            done[det.WORKLOAD] = _prepare_one(det.WORKLOAD, base, build, emulator)
        job.initramfs, job.expected, why = done[det.WORKLOAD]
        # Without a host run the counters are still compared.
        if why and not why.startswith("skip"):
            job.status, job.reason = "FAIL", why


def _prepare_one(test, base, build, emulator=None, record=False):
    """(initramfs, expected, reason-it-cannot-run or "").  EMULATOR: what
    runs the host's i386 programs, if not its kernel."""
    out = shell.initramfs_path(build, test)
    if not os.path.isfile(base):
        return out, None, "image missing: %s (make builds it)" % base
    shell.make_initramfs(mkinitramfs, base, os.path.join(ROOT, "conformance", test), out)
    spec = disk.spec_for(ROOT, test) if shell.is_shell_test(test) else None
    if shell.is_shell_test(test) and (net.spec_for(ROOT, test) or
                                      os.path.isfile(net.expected_path(ROOT, test))):
        try:                        # the host cannot run it: written down
            return out, net.expected_output(ROOT, test), ""
        except OSError as e:
            return out, None, "no expected output: %s" % e
    recorded = shell.is_shell_test(test) and linux.has_record(ROOT, test)
    if recorded and emulator:
        print("note %s: the host runs i386 programs under %s, not itself: judged "
              "against Linux's record, %s" % (test, emulator,
                                              os.path.relpath(linux.record_path(ROOT, test), ROOT)))
        return out, linux.read_record(ROOT, test), ""
    try:
        shell.host_check()
        if spec:
            disk.tool("mke2fs"), disk.tool("e2fsck"), disk.tool("debugfs")
            expected = shell.host_expected(mkinitramfs, out, disk={
                "populate": lambda d: disk.starting_files(ROOT, spec, d),
                "size": disk.size_bytes(spec), "manifest": disk.tar_manifest})
            if expected[2] is None:
                return out, None, "the host run left no archive of its /mnt"
        else:
            expected = shell.host_expected(mkinitramfs, out, keys=shell.keys_for(ROOT, test))
    except (shell.HostUnavailable, disk.DiskUnavailable) as e:
        return out, None, "skipped: no host run to compare with: %s" % e
    log = os.path.join(build, "conformance", "results", "host", test + ".log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, "w") as f:
        f.write(expected[0])
    if record and recorded and expected[1] == 0:
        linux.write_record(ROOT, test, expected[0])
    return out, expected, ""


def execute_any(job, args, accel):
    """Run one job unless preparing it already gave its verdict."""
    if job.status is not None:
        return job
    if shell.is_shell_test(job.test) or det.is_counters_test(job.test):
        return execute(job, args.shell_timeout, accel)
    return execute(job, args.timeout, accel)


def run_tests(args, backends, accel, tally):
    """Boot all jobs in parallel, printing results in a stable order."""
    tests = discover(ROOT, args.filter)
    if args.shell_tests:
        tests += shell.discover(ROOT, args.filter)
    jobs = plan(ROOT, args.build, tests, backends, args.results)
    if args.counters and args.filter in det.TEST:
        jobs += counter_jobs(args.build, args.counters, backends)
    prepare_shell_tests(jobs, args.build, args.record_linux)
    with concurrent.futures.ThreadPoolExecutor(max(1, args.j)) as pool:
        for job in pool.map(lambda j: execute_any(j, args, accel), jobs):
            report(job)
            sys.stdout.flush()  # progress shows through make and pipes
            tally.add(job.status)
    return jobs


def counter_jobs(build, counters_build, backends):
    """One deterministic-counters run per backend, booted from the counter
    build; transcripts go with the other results of BUILD."""
    return [Job(det.TEST, be, det.guest_image(counters_build, be), "",
                os.path.join(build, "conformance", "results", be, det.TEST + ".log"))
            for be in backends]


def run_counter_identity(jobs, backends, tally):
    """The counter tables of the deterministic runs, across backends."""
    runs = {j.backend: j.result.transcript for j in jobs
            if det.is_counters_test(j.test) and j.status == "PASS"}
    if len(backends) < 2 or not any(det.is_counters_test(j.test) for j in jobs):
        return
    if len(runs) < len(backends):
        print("FAIL identical counters %s: not every backend's run passed" % det.TEST)
        tally.add("FAIL")
        return
    status, message = det.compare({be: runs[be] for be in backends})
    print("%s identical counters %s: %s" % (status, det.TEST, message))
    tally.add(status)


def run_identity(jobs, backends, tally):
    if len(backends) < 2:
        return
    for test, diff, skipped in check_identity(jobs, backends):
        note = " (%s skipped)" % ", ".join(skipped) if skipped else ""
        if diff == "":
            print("SKIP identical %s: nothing to compare%s" % (test, note))
            tally.add("SKIP")
            continue
        print("PASS identical %s%s" % (test, note) if diff is None
              else "FAIL identical %s: %s" % (test, diff))
        tally.add("PASS" if diff is None else "FAIL")


def run_coverage(build, tally):
    names = call_names(ROOT)
    missing = uncovered(names, test_symbols(ROOT, build))
    for name in missing:
        print("FAIL coverage vmi_%s: no conformance test calls it" % name)
        tally.add("FAIL")
    if not missing:
        print("PASS coverage: %d/%d VMI calls exercised" % (len(names), len(names)))
        tally.add("PASS")


def main(argv=None):
    args = parse_args(argv)
    HV_APPEND[:] = args.hv_append.split()
    backends = list(dict.fromkeys(b for b in args.backends.split(",") if b))
    try:
        accel = args.accel or qemu.pick_accel()
    except ValueError as e:
        sys.exit("run.py: %s" % e)
    print("accel: %s" % accel)
    sys.stdout.flush()
    tally = Tally()
    jobs = run_tests(args, backends, accel, tally)
    run_identity(jobs, backends, tally)
    run_counter_identity(jobs, backends, tally)
    run_coverage(args.build, tally)
    print(summary(tally.passed, tally.failed, tally.skipped))
    return 0 if tally.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
