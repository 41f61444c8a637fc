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
the --timeout.  The image writing, the runs and the comparison's common
parts are scripts/suite_common.py's, shared with the LTP runner; pure
functions are tested in scripts/tests/test_suite_busybox.py.  Standard
library only.
"""
import argparse
import os
import re
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import suite_common as common  # noqa: E402
from suite_common import MISSING, complete, host_only_passes  # noqa: E402,F401

ROOT = common.ROOT
DRIVER = os.path.join(ROOT, "scripts", "suite_busybox.sh")
RUNS = common.RUNS
STATUSES = ("PASS", "FAIL", "SKIPPED", "UNTESTED")
RESULT_LINE = re.compile(r"^@@ (\S+) (PASS|FAIL|SKIPPED|UNTESTED): (.*)$")
END_LINE = re.compile(r"^@@ (\S+) END$")
EXIT_LINE = re.compile(r"^@@ (\S+) EXIT: (\d+)$")


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
            key = common.unique_key(results, "%s: %s" % (m.group(1), m.group(3).rstrip()))
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
    return common.counts(results, STATUSES)


def comparison(results, items, exits, command):
    """The text of comparison.txt."""
    out = ["BusyBox testsuite: host vs guest", "command: " + command,
           "items: %d (%s)" % (len(items), " ".join(items)), ""]
    out += common.count_table(results, STATUSES)
    out += common.guest_sections(results)
    bad_exit = {(run, i): s for run, e in exits.items() for i, s in e.items() if s >= 124}
    if bad_exit:
        out += ["", "test files ended by their timeout or a signal (exit status >= 124):"]
        out += ["  %s %s: %d" % (run, i, s) for (run, i), s in sorted(bad_exit.items())]
    return "\n".join(out) + "\n"


# ---- the image ----

def busybox_applets(busybox):
    out = subprocess.run([busybox, "--list"], capture_output=True, text=True, check=True)
    return out.stdout.split()


def runnable(mk, entry):
    """ENTRY, executable if it is a new-style test file: the driver runs
    them as ./NAME.tests, as runtest does, and BusyBox keeps them 0755 - a
    copy that lost its modes (read through a file tool) would otherwise
    fail every one of them with status 126."""
    if entry.path.endswith(".tests") and stat.S_ISREG(entry.mode):
        return mk.Entry(entry.path, entry.mode | 0o111, entry.data)
    return entry


def make_image(mk, base, suite, items, item_timeout, applets, out, verbose=False):
    """Write OUT: BASE plus /bbsuite and /etc/cmd (APPLETS: what the
    image's BusyBox has, for a .config when the suite brings none)."""
    added = [runnable(mk, e) for e in common.tree_at(mk, suite, "bbsuite")]
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
    common.write_image(mk, base, added, out)


# ---- the runs ----

def run_host(shell, mk, image, timeout):
    """(output, how) of the run under the host's Linux, in a fresh tree,
    with the host's /proc mounted in the chroot: the suite reads it (pidof,
    taskset), and the guest has its own at /proc."""
    return common.run_host(shell, mk, image, timeout, prefix="vmi-bbsuite-")


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
    t = common.tools()
    mk = t.mk
    out_dir = a.out or os.path.join(a.build, "suite-busybox")
    os.makedirs(out_dir, exist_ok=True)
    items = discover(a.suite, a.filter)
    if not items:
        sys.exit("suite_busybox: no test items in %s" % a.suite)
    image = os.path.join(out_dir, "initramfs.cpio")
    make_image(mk, os.path.join(a.build, "initramfs.cpio"), a.suite, items,
               a.item_timeout, busybox_applets(a.busybox), image, a.verbose)
    runs = [r for r in a.runs.split(",") if r]
    outputs, hows = common.run_all(
        runs, common.runner(t, out_dir, a.build, image, a.timeout, prefix="vmi-bbsuite-"),
        "suite_busybox")
    parsed = {r: parse(outputs[r]) for r in runs}
    results = complete({r: parsed[r][0] for r in runs})
    exits = {r: parsed[r][2] for r in runs}
    command = " ".join(["python3", "scripts/suite_busybox.py"] + (argv or sys.argv[1:]))
    text = comparison(results, items, exits, command)
    common.write_results(out_dir, text, {
        "items": items, "runs": hows, "results": results,
        "unfinished": {r: [i for i in items if i not in parsed[r][1]] for r in runs}})
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
