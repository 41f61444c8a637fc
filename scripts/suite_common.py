"""suite_common.py - what the runners of other projects' test suites share.

scripts/suite_busybox.py (BusyBox's testsuite) and scripts/suite_ltp.py
(LTP's system-call tests) measure the guest the same way: one initramfs -
the ordinary one plus the suite and an in-image driver as /etc/cmd - runs
under the host's Linux (unpacked and chrooted, as the shell tests' host
runs are: conformance/shell_tests.py) and in our guest on the native and
the pvhv backend, all three at once; the driver prints one "@@ ..." line
per test; the runner compares the statuses.  This file holds those parts
once:

  the image     suite files placed under a folder of the archive, merged
                into the base initramfs;
  the runs      the host run (with isolate=True also in new pid, IPC and
                UTS namespaces, without the capabilities that could change
                the host's clock, reboot it or load modules), the QEMU runs
                (memory settable), and the three started together;
  the results   every run's statuses over the union of test names (NOT RUN
                where a run never reported a test), counts per status, the
                tests the host passes and a guest does not, where the
                backends differ, and the output files (the transcripts,
                results.json, comparison.txt).

Pure functions are unit tested through their users' tests
(scripts/tests/test_suite_busybox.py, test_suite_ltp.py).  Standard
library only.
"""
import importlib.util
import json
import os
import shutil
import re
import tempfile
import threading
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = ("host", "native", "pvhv")
# A test a run never reported (its boot ended, or its item timed out
# first): not a pass, and told apart from the suite's own statuses.
MISSING = "NOT RUN"
# The guest's memory by default (MiB): what the shell tests give it.
GUEST_MEM = 128
# A pvhv machine holds the hypervisor beside dom0: QEMU gets this much
# more than dom0's mem= (the 128 MiB dom0 of the shell tests runs in 256).
HV_EXTRA_MEM = 128
# The host run's extra isolation (isolate=True): its own process ids (so a
# kill(-1) reaches only the suite's processes; /proc shows only them), IPC
# objects and host name; and capabilities removed from the bounding and
# inheritable sets before the chroot, so no test run as root can set the
# host's clock, reboot it or load a module - such tests fail on the host.
ISOLATION_FLAGS = ["-p", "--fork", "--mount-proc", "-i", "-u"]
DROPPED_CAPS = ("sys_time", "sys_boot", "sys_module")
PROC_MOUNT = 'mkdir -p "$1/proc" && {mount} -t proc proc "$1/proc" && '


def load(name, relpath):
    """Import the repository file RELPATH (not a package) as module NAME."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, relpath))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def tools():
    """The modules a runner drives: qemu (scripts/qemu.py), mk
    (scripts/mkinitramfs.py), shell (conformance/shell_tests.py)."""
    return types.SimpleNamespace(qemu=load("qemu", "scripts/qemu.py"),
                                 mk=load("mkinitramfs", "scripts/mkinitramfs.py"),
                                 shell=load("shell_tests", "conformance/shell_tests.py"))


# ---- the image ----

def tree_at(mk, src, dest):
    """Entries of the host folder SRC placed at folder DEST of the archive."""
    def moved(e):
        return mk.Entry(dest + "/" + e.path, e.mode, e.data)
    return [mk.directory(dest)] + [moved(e) for e in mk.tree_entries(src)]


def write_image(mk, base, added, out):
    """Write OUT: the archive BASE with the entries ADDED (replacing any of
    the same path; missing parent folders made)."""
    entries = mk.merge(mk.read_cpio(mk.read_file(base)), added)
    mk.write_atomically(out, mk.write_cpio(entries))


# ---- the host run ----

def host_command(shell, root, isolate=False):
    """The shell tests' host command (conformance/shell_tests.py) with a
    /proc mounted in the chroot as well: the suites read it, and the guest
    has its own.  ISOLATE: in new pid, IPC and UTS namespaces too (the
    /proc then shows the new pid namespace), the chroot not exec'd - the
    namespace's first process stays its init, reaping orphans as the
    guest's init does, and /etc/cmd is its child there as in the guest -
    and started without DROPPED_CAPS."""
    argv = shell.host_command(root)
    inner = argv[-3]
    proc = PROC_MOUNT.format(mount=shell._tool("mount"))
    if not isolate:
        argv[-3] = inner.replace("exec ", proc + "exec ", 1)
        return argv
    caps = ",".join("-" + c for c in DROPPED_CAPS)
    setpriv = "%s --inh-caps=%s --bounding-set=%s " % (shell._tool("setpriv"), caps, caps)
    argv[-3] = inner.replace("exec ", proc + setpriv, 1)
    sep = argv.index("--")
    argv[sep:sep] = ISOLATION_FLAGS
    return argv


def run_host(shell, mk, image, timeout, isolate=False, prefix="vmi-suite-", trees=()):
    """(output, how) of the run under the host's Linux, in a fresh tree
    unpacked from IMAGE (on tmpfs where there is one, as the guest's files
    are in RAM).  TREES: (folder, path) pairs copied into the tree at path
    first - what a guest run has on its disk."""
    with tempfile.TemporaryDirectory(prefix=prefix, dir=shell.host_run_dir()) as tmp:
        root = os.path.join(tmp, "root")
        mk.extract(mk.read_cpio(mk.read_file(image)), root)
        for src, path in trees:
            shutil.copytree(src, os.path.join(root, path), symlinks=True, dirs_exist_ok=True)
        out, status = shell.run_on_terminal(host_command(shell, root, isolate), timeout)
    how = "timed out after %d s" % timeout if status < 0 else "host status %d" % status
    return shell._text(out), how


# ---- the guest runs ----

def boot_args(shell, build, backend, image, mem=GUEST_MEM):
    """(kernel, modules, QEMU memory) of a boot of IMAGE on BACKEND, the
    guest (native) or dom0 (pvhv) having MEM MiB."""
    job = types.SimpleNamespace(backend=backend, initramfs=image,
                                image=shell.guest_image(build, backend))
    kernel, modules = shell.boot_args(job)
    if not shell.on_hypervisor(backend):
        return kernel, modules, "%dM" % mem
    modules = [re.sub(r"\bmem=\d+", "mem=%d" % mem, modules[0])] + modules[1:]
    return kernel, modules, "%dM" % (mem + HV_EXTRA_MEM)


def run_guest(qemu, shell, build, backend, image, timeout, log, mem=GUEST_MEM, disks=()):
    """(output, how) of a boot of IMAGE: /etc/cmd's output cut out of the
    console transcript (all of it when init's markers are not both there).
    LOG + ".hv.log" gets the hypervisor's log on pvhv.  DISKS: images
    attached in order (the first is vda, which the kernel mounts at /mnt)."""
    kernel, modules, memory = boot_args(shell, build, backend, image, mem)
    opts = {"extra": []}
    if shell.on_hypervisor(backend):
        opts = qemu.hypervisor_args(log + ".hv.log")
    opts["memory"] = memory
    opts["extra"] = list(opts["extra"]) + qemu.disk_args(list(disks))
    res = qemu.run(kernel, modules, timeout=timeout, **opts)
    got = shell.script_output(res.transcript)
    out = got[0] if got else res.transcript
    how = ("timed out after %d s" % timeout if res.timed_out else
           "guest status %s, %s" % (res.guest_code, res.why or res.status))
    return out, how


def run_all(runs, one, name):
    """Call ONE(run) -> (output, how) for every run at once, saying when
    each ends (NAME: the runner's).  {run: output}, {run: how}."""
    outputs, hows = {}, {}

    def go(run):
        outputs[run], hows[run] = one(run)
        print("%s: %s run done (%s)" % (name, run, hows[run]), flush=True)

    threads = [threading.Thread(target=go, args=(r,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outputs, hows


def runner(t, out_dir, build, image, timeout, isolate=False, mem=GUEST_MEM,
           prefix="vmi-suite-", host_trees=(), disks=None):
    """ONE(run) for run_all: the host or a guest run of IMAGE, its output
    also written to OUT_DIR/<run>.txt.  HOST_TREES: run_host's trees;
    DISKS(run): the disk images of a guest run (run_guest's disks)."""
    def one(run):
        log = os.path.join(out_dir, run + ".txt")
        if run == "host":
            text, how = run_host(t.shell, t.mk, image, timeout, isolate, prefix, host_trees)
        else:
            text, how = run_guest(t.qemu, t.shell, build, run, image, timeout, log, mem,
                                  disks(run) if disks else ())
        with open(log, "w") as f:
            f.write(text)
        return text, how
    return one


# ---- the results ----

def unique_key(results, key):
    """KEY, or KEY " #2", " #3"... when RESULTS has it already (a test
    name repeated)."""
    base, n = key, 2
    while key in results:
        key, n = "%s #%d" % (base, n), n + 1
    return key


def counts(results, statuses):
    """{status: number of tests} over STATUSES and MISSING."""
    c = {s: 0 for s in tuple(statuses) + (MISSING,)}
    for s in results.values():
        c[s] += 1
    return c


def complete(runs, names=()):
    """Every run's results over the union of test names (and NAMES, the
    tests that were to run): a test a run lacks is MISSING there."""
    every = sorted(set(names).union(*[r.keys() for r in runs.values()]))
    return {k: {n: r.get(n, MISSING) for n in every} for k, r in runs.items()}


def host_only_passes(results, guest):
    """Tests that pass on the host and not in run GUEST, with its status."""
    host = results["host"]
    return [(n, results[guest][n]) for n in sorted(host)
            if host[n] == "PASS" and results[guest][n] != "PASS"]


def count_table(results, statuses):
    """Lines: a header of the statuses, then each run's counts."""
    cols = tuple(statuses) + (MISSING,)
    widths = [max(6, len(s) + 1) for s in cols]
    out = ["%-8s" % "run" + "".join(" %*s" % (w, s) for w, s in zip(widths, cols))]
    for run in results:
        c = counts(results[run], statuses)
        out.append("%-8s" % run + "".join(" %*d" % (w, c[s]) for w, s in zip(widths, cols)))
    return out


def guest_sections(results):
    """Lines: per guest run, the tests the host passes and it does not;
    with two guest runs, the tests where they differ."""
    out = []
    for run in results:
        if run == "host" or "host" not in results:
            continue
        diff = host_only_passes(results, run)
        out += ["", "pass on the host, not on %s: %d" % (run, len(diff))]
        out += ["  %-8s %s" % (status, name) for name, status in diff]
    guests = [r for r in results if r != "host"]
    if len(guests) == 2:
        a, b = guests
        diff = [n for n in sorted(results[a]) if results[a][n] != results[b][n]]
        out += ["", "%s and %s differ: %d" % (a, b, len(diff))]
        out += ["  %s: %s %s, %s %s" % (n, a, results[a][n], b, results[b][n]) for n in diff]
    return out


def write_results(out_dir, text, data):
    """OUT_DIR/comparison.txt (TEXT) and results.json (DATA)."""
    with open(os.path.join(out_dir, "comparison.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
