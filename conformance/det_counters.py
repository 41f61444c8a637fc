"""det_counters.py - the system test that the BusyBox workload makes the
same VMI calls, call for call, on every backend (run.py --counters BUILD).

The guest's deterministic scheduling mode (kernel command-line word
sched=det, guest/proc/sched.c) has no timer tick and counts time slices in
kernel entries, so which process runs when - and with it every VMI call -
depends on the workload only.  This test holds it to that: the workload
conformance/system/busybox_workload.sh, in the initramfs its shell test
uses, is booted on each backend from BUILD, a VMI_COUNTERS=1 build
(`make test` builds build-counters/ and passes it), with sched=det on the
kernel command line.  Each run passes when its output equals the host's
(as the shell test is judged, when the host can run it), the guest says it
took the mode, and it printed its per-call counters (guest/kern/counters.c);
then the counter tables must be identical across backends - every call
counted, none left out.  Boot arguments and parsing come from
scripts/counters.py, which `make counters` uses to show the same tables.
Standard library only.
"""
import importlib.util
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKLOAD = "system/busybox_workload.sh"     # the shell test it reuses
TEST = "det-counters/busybox_workload"     # its name in run.py's output
SCHED = "det"


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


counters = _load("counters", os.path.join(ROOT, "scripts", "counters.py"))


def is_counters_test(test):
    return test == TEST


def guest_image(build, backend):
    return os.path.join(build, "guest-%s.elf" % backend)


def missing(job):
    """Why JOB's build cannot be booted, or ""."""
    build = os.path.dirname(job.image)
    if not os.path.isfile(os.path.join(build, "VMI_COUNTERS")):
        return "%s is not a VMI_COUNTERS=1 build (make VMI_COUNTERS=1 B=%s)" % (build, build)
    for image in (job.image, os.path.join(build, "hypervisor.elf")):
        if not os.path.isfile(image):
            return "image missing: %s" % image
    return ""


def boot(job, qemu, timeout, accel):
    """Boot one backend's run (job.initramfs set); the qemu.Result."""
    build = os.path.dirname(job.image)
    hv_log = job.log[:-len(".log")] + ".hv.log"
    kernel, modules, opts = counters.boot_args(build, job.backend, job.initramfs,
                                               SCHED, hv_log)
    return qemu.run(kernel, modules, timeout=timeout, accel=accel, **opts)


def judge(result, expected, shell, timeout=None):
    """(PASS|FAIL, reason) of one run: the shell test's verdict when the
    host's output is known (EXPECTED), then the counter run's own checks."""
    if expected is not None:
        status, reason = shell.judge(result.transcript, result.guest_code,
                                     result.timed_out, expected, timeout)
        if status != "PASS":
            return status, reason
    why = counters.judge_run(result.transcript, result.guest_code, result.timed_out,
                             SCHED)
    return ("FAIL", why) if why else ("PASS", "")


def compare(transcripts):
    """(PASS|FAIL, message) for {backend: transcript}: the counter tables
    of all backends against the first one's."""
    names = list(transcripts)
    tables = {be: counters.parse_counters(transcripts[be]) for be in names}
    first = tables[names[0]]
    for be in names[1:]:
        diff = counters.differing(first, tables[be])
        if diff:
            shown = ", ".join("%s %s %d vs %d" % (n, names[0] + "/" + be, first.get(n, 0),
                                                  tables[be].get(n, 0)) for n in diff[:6])
            more = " (and %d more)" % (len(diff) - 6) if len(diff) > 6 else ""
            return "FAIL", "%d call(s) differ: %s%s" % (len(diff), shown, more)
    return "PASS", "%d calls used, %d calls made" % (len(first), sum(first.values()))
