#!/usr/bin/env python3
"""suite_busybox.py - BusyBox's own testsuite on the host and in the guest.

  suite_busybox.py --suite DIR [--build build] [--out build/suite-busybox]
                   [--runs host,native,pvhv] [--filter WORD ...]
                   [--item-timeout S] [--timeout S]

The measure of issue 17: the same binary (the initramfs's /bin/busybox,
Debian's busybox-static) runs the same tests under three kernels - the
host's Linux (chrooted into the unpacked initramfs, as the shell tests'
host runs are: conformance/shell_tests.py), and our guest kernel on the
native and on the pvhv backend - and every test that passes on the host
must pass in the guest.

DIR is a copy of BusyBox's testsuite/ folder (testing.sh, *.tests and the
old-style per-applet directories); it is never part of this repository.
Its .config (runtest's source of optional features) is made here when DIR
has none: CONFIG_<APPLET>=y for every applet `busybox --list` names, plus
the lines of DIR/features.config (features the binary cannot be asked
about; see docs/SUITES.md for where ours came from).

The image is build/initramfs.cpio plus /bbsuite (DIR, the .config, the
list of items to run and the per-item timeout) and /etc/cmd =
scripts/suite_busybox.sh, which runs each item and prints one
"@@ ITEM STATUS: NAME" line per test.  Results go to OUT: the transcripts
(host.txt, native.txt, pvhv.txt), results.json (every test's status per
run) and comparison.txt (counts, and the tests that pass on the host but
not in the guest).  Every QEMU run ends through the debug-exit device or
the --timeout; pure functions are tested in scripts/tests/test_suite_busybox.py.
Standard library only.
"""
import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DRIVER = os.path.join(ROOT, "scripts", "suite_busybox.sh")
RUNS = ("host", "native", "pvhv")
STATUSES = ("PASS", "FAIL", "SKIPPED", "UNTESTED")
# A test whose item never reached its END line (the boot ended or the item
# timed out first) counts as this: not a pass, and told apart from FAIL.
MISSING = "NOT RUN"
RESULT_LINE = re.compile(r"^@@ (\S+) (PASS|FAIL|SKIPPED|UNTESTED): (.*)$")
END_LINE = re.compile(r"^@@ (\S+) END$")
EXIT_LINE = re.compile(r"^@@ (\S+) EXIT: (\d+)$")


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ---- pure functions ----

def discover(suite, words=()):
    """Sorted items of the suite folder: "x.tests" files and old-style
    directories (hidden names left out), those containing any of WORDS."""
    items = []
    for name in sorted(os.listdir(suite)):
        path = os.path.join(suite, name)
        if name.startswith("."):
            continue
        if (name.endswith(".tests") and os.path.isfile(path)) or os.path.isdir(path):
            items.append(name)
    return [i for i in items if not words or any(w in i for w in words)]


def config_text(applets, features=""):
    """A runtest .config: every applet set (CONFIG_ + upper case, '-' and
    '.' as '_'), then the feature lines as given."""
    lines = ["CONFIG_%s=y" % re.sub(r"[-.]", "_", a.upper()) for a in sorted(applets)]
    text = "\n".join(lines) + "\n"
    return text + (features if features.endswith("\n") or not features else features + "\n")


def parse(output):
    """{"ITEM: NAME": status} from a run's output, and the set of items
    that ended.  A name repeated within an item gets " #2", " #3"..."""
    results, ended, exits = {}, set(), {}
    for line in output.replace("\r", "").splitlines():
        m = RESULT_LINE.match(line)
        if m:
            key = "%s: %s" % (m.group(1), m.group(3).rstrip())
            base, n = key, 2
            while key in results:
                key, n = "%s #%d" % (base, n), n + 1
            results[key] = m.group(2)
            continue
        m = END_LINE.match(line)
        if m:
            ended.add(m.group(1))
            continue
        m = EXIT_LINE.match(line)
        if m:
            exits[m.group(1)] = int(m.group(2))
    return results, ended, exits


def counts(results):
    c = {s: 0 for s in STATUSES + (MISSING,)}
    for s in results.values():
        c[s] += 1
    return c


def complete(runs):
    """Every run's results over the union of test names: a test that one
    run has and another lacks is MISSING in the other."""
    names = sorted(set().union(*[r.keys() for r in runs.values()]))
    return {k: {n: r.get(n, MISSING) for n in names} for k, r in runs.items()}


def host_only_passes(results, guest):
    """Tests that pass on the host and not in run GUEST, with its status."""
    host = results["host"]
    return [(n, results[guest][n]) for n in sorted(host)
            if host[n] == "PASS" and results[guest][n] != "PASS"]


def comparison(results, items, exits, command):
    """The text of comparison.txt."""
    out = ["BusyBox testsuite: host vs guest", "command: " + command,
           "items: %d (%s)" % (len(items), " ".join(items)), ""]
    out.append("%-8s %6s %6s %8s %9s %8s" % ("run", "PASS", "FAIL", "SKIPPED",
                                               "UNTESTED", "NOT RUN"))
    for run in results:
        c = counts(results[run])
        out.append("%-8s %6d %6d %8d %9d %8d" % (run, c["PASS"], c["FAIL"], c["SKIPPED"],
                                                 c["UNTESTED"], c[MISSING]))
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
    bad_exit = {(run, i): s for run, e in exits.items() for i, s in e.items() if s >= 124}
    if bad_exit:
        out += ["", "test files ended by their timeout or a signal (exit status >= 124):"]
        out += ["  %s %s: %d" % (run, i, s) for (run, i), s in sorted(bad_exit.items())]
    return "\n".join(out) + "\n"


# ---- the image ----

def busybox_applets(busybox):
    out = subprocess.run([busybox, "--list"], capture_output=True, text=True, check=True)
    return out.stdout.split()


def make_image(mk, base, suite, items, item_timeout, applets, out, verbose=False):
    """Write OUT: BASE plus /bbsuite and /etc/cmd (APPLETS: what the
    image's BusyBox has, for a .config when the suite brings none)."""
    def bb(e):
        return mk.Entry("bbsuite/" + e.path, e.mode, e.data)
    added = [mk.directory("bbsuite")] + [bb(e) for e in mk.tree_entries(suite)]
    if not os.path.isfile(os.path.join(suite, ".config")):
        feats = os.path.join(suite, "features.config")
        text = config_text(applets,
                           mk.read_file(feats).decode() if os.path.isfile(feats) else "")
        added.append(mk.regular("bbsuite/.config", text.encode()))
    added += [mk.regular("bbsuite/.items", ("\n".join(items) + "\n").encode()),
              mk.regular("bbsuite/.timeout", b"%d\n" % item_timeout),
              mk.regular("etc/cmd", mk.read_file(DRIVER))]
    if verbose:
        added.append(mk.regular("bbsuite/.verbose", b""))
    entries = mk.merge(mk.read_cpio(mk.read_file(base)), added)
    mk.write_atomically(out, mk.write_cpio(entries))


# ---- the runs ----

def host_command(shell, root):
    """The shell tests' host command (conformance/shell_tests.py) with the
    host's /proc mounted in the chroot as well: the suite reads it (pidof,
    taskset), and the guest has its own at /proc."""
    argv = shell.host_command(root)
    inner = argv[-3]
    mount = shell._tool("mount")
    argv[-3] = inner.replace("exec ", 'mkdir -p "$1/proc" && %s -t proc proc "$1/proc" && exec '
                             % mount, 1)
    return argv


def run_host(shell, mk, image, timeout):
    """(output, how) of the run under the host's Linux, in a fresh tree."""
    with tempfile.TemporaryDirectory(prefix="vmi-bbsuite-", dir=shell.host_run_dir()) as tmp:
        root = os.path.join(tmp, "root")
        mk.extract(mk.read_cpio(mk.read_file(image)), root)
        out, status = shell.run_on_terminal(host_command(shell, root), timeout)
    return shell._text(out), "host status %d" % status


def run_guest(qemu, shell, build, backend, image, timeout, log):
    job = types.SimpleNamespace(backend=backend, initramfs=image,
                                image=shell.guest_image(build, backend))
    opts = qemu.hypervisor_args(log + ".hv.log") if backend != "native" else {}
    res = qemu.run(*shell.boot_args(job), timeout=timeout, **opts)
    got = shell.script_output(res.transcript)
    out = got[0] if got else res.transcript
    how = ("timed out after %d s" % timeout if res.timed_out else
           "guest status %s, %s" % (res.guest_code, res.why or res.status))
    return out, how


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--suite", required=True, help="BusyBox's testsuite/ folder")
    p.add_argument("--build", default="build")
    p.add_argument("--out", default=None, help="default BUILD/suite-busybox")
    p.add_argument("--runs", default=",".join(RUNS))
    p.add_argument("--filter", nargs="*", default=[], help="items containing a word")
    p.add_argument("--item-timeout", type=int, default=600,
                   help="seconds for one test file or old-style test")
    p.add_argument("--timeout", type=int, default=7200, help="seconds for one run")
    p.add_argument("--verbose", action="store_true",
                   help="the tests' diffs and error output too (triage)")
    p.add_argument("--busybox", default="/bin/busybox",
                   help="the initramfs's BusyBox, for its applet list")
    a = p.parse_args(argv)
    qemu = _load("qemu", os.path.join(ROOT, "scripts", "qemu.py"))
    mk = _load("mkinitramfs", os.path.join(ROOT, "scripts", "mkinitramfs.py"))
    shell = _load("shell_tests", os.path.join(ROOT, "conformance", "shell_tests.py"))
    out_dir = a.out or os.path.join(a.build, "suite-busybox")
    os.makedirs(out_dir, exist_ok=True)
    items = discover(a.suite, a.filter)
    if not items:
        sys.exit("suite_busybox: no test items in %s" % a.suite)
    image = os.path.join(out_dir, "initramfs.cpio")
    make_image(mk, os.path.join(a.build, "initramfs.cpio"), a.suite, items,
               a.item_timeout, busybox_applets(a.busybox), image, a.verbose)
    runs = [r for r in a.runs.split(",") if r]
    outputs, hows = {}, {}

    def one(run):
        log = os.path.join(out_dir, run + ".txt")
        if run == "host":
            text, how = run_host(shell, mk, image, a.timeout)
        else:
            text, how = run_guest(qemu, shell, a.build, run, image, a.timeout, log)
        with open(log, "w") as f:
            f.write(text)
        outputs[run], hows[run] = text, how
        print("suite_busybox: %s run done (%s)" % (run, how), flush=True)

    threads = [threading.Thread(target=one, args=(r,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    parsed = {r: parse(outputs[r]) for r in runs}
    results = complete({r: parsed[r][0] for r in runs})
    exits = {r: parsed[r][2] for r in runs}
    command = " ".join(["python3", "scripts/suite_busybox.py"] + (argv or sys.argv[1:]))
    text = comparison(results, items, exits, command)
    with open(os.path.join(out_dir, "comparison.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump({"items": items, "runs": hows, "results": results,
                   "unfinished": {r: [i for i in items if i not in parsed[r][1]] for r in runs}},
                  f, indent=1, sort_keys=True)
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
