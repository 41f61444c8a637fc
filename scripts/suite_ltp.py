#!/usr/bin/env python3
"""suite_ltp.py - LTP's system-call tests on the host and in the guest.

  suite_ltp.py --ltp DIR [--build build] [--out BUILD/suite-ltp]
               [--runs host,native,pvhv] [--filter REGEX]
               [--item-timeout S] [--timeout S] [--mem MIB]
               [--env VAR=VALUE ...] [--verbose]

The measure of issue 17, as scripts/suite_busybox.py takes it for
BusyBox's testsuite: the same i386 static test programs run under three
kernels - the host's Linux (chrooted into the unpacked initramfs) and our
guest kernel on the native and on the pvhv backend - and every test that
passes on the host must pass in the guest.

DIR is an LTP build (scripts/ltp_build.py's output; never part of this
repository): DIR/bin/ the test programs and their helpers, DIR/runlist
the tests in LTP's runtest format ("TAG COMMAND [ARGS...]" lines, '#'
comments), DIR/MANIFEST what it was built from.  --filter keeps the tests
whose tag REGEX matches (re.search).

The image is BUILD/initramfs.cpio plus /opt/ltp (the selected runlist
lines, the per-test timeout, the --env settings, and bin/ -> /mnt/bin) and
/etc/cmd = scripts/suite_ltp.sh.  The test programs - hundreds of static
binaries of about 1 MiB, far more than an initramfs may hold (the native
boot stub maps 32 MiB) - are on an ext2 disk (scripts/mkdisk.py) holding
DIR, attached as vda to each guest run (a copy each: mounting writes) and
mounted by the kernel at /mnt; the host run gets DIR/bin copied to /mnt/bin.
The driver which runs each test in a fresh folder under /tmp,
bounded, and prints one "@@ TAG STATUS rc=N" line per test.  The host run
is isolated further than BusyBox's (new pid, IPC and UTS namespaces; no
CAP_SYS_TIME, CAP_SYS_BOOT or CAP_SYS_MODULE): LTP's tests run as root and
signal every process, set the clock, create IPC objects, rename the host.
Tests that need those capabilities therefore do not pass on the host, and
comparison.txt lists every host non-pass with the guests' statuses beside
it.  Results go to OUT: the transcripts (host.txt, native.txt, pvhv.txt),
results.json (every test's status and exit status per run) and
comparison.txt.  Every QEMU run ends through the debug-exit device or the
--timeout.  The shared parts are scripts/suite_common.py's; the pure
functions and the driver on the host are tested in
scripts/tests/test_suite_ltp.py.  Standard library only.
"""
import argparse
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkdisk  # noqa: E402
import suite_common as common  # noqa: E402
from suite_common import MISSING  # noqa: E402,F401

DRIVER = os.path.join(common.ROOT, "scripts", "suite_ltp.sh")
PREFIX = "opt/ltp"
STATUSES = ("PASS", "FAIL", "BROK", "CONF", "WARN", "TIMEOUT")
RESULT_LINE = re.compile(r"^@@ (\S+) (%s) rc=(\d+)$" % "|".join(STATUSES))
DONE_LINE = "@@ DONE"
ENV_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
# The share of the guest's memory the image may take before the runner
# warns: the guest needs about the archive's size for its files (the
# archive's pages are freed as it is unpacked), and the tests the rest.
IMAGE_SHARE = 0.5
CAPS = ["CAP_" + c.upper() for c in common.DROPPED_CAPS]
CAPS_TEXT = ", ".join(CAPS[:-1]) + " or " + CAPS[-1]


# ---- pure functions ----

def read_runlist(text):
    """[(tag, command)] of runtest-format TEXT; ValueError for a line
    with a tag and no command."""
    items = []
    for n, line in enumerate(text.splitlines(), 1):
        words = line.strip().split(None, 1)
        if not words or words[0].startswith("#"):
            continue
        if len(words) < 2:
            raise ValueError("runlist line %d: a tag without a command: %r" % (n, line))
        items.append((words[0], words[1]))
    return items


def select(items, regex=None):
    """The items whose tag REGEX matches (all without one)."""
    if not regex:
        return list(items)
    pattern = re.compile(regex)
    return [i for i in items if pattern.search(i[0])]


def names(items):
    """The result key of every item, in order: its tag, with " #2", " #3"
    ... for a tag repeated (as parse names the repeats)."""
    keys = {}
    for tag, _ in items:
        keys[common.unique_key(keys, tag)] = True
    return list(keys)


def parse(output):
    """({key: status}, {key: exit status}, whether the run reached its
    end) from a run's output."""
    results, rcs = {}, {}
    lines = output.replace("\r", "").splitlines()
    for line in lines:
        m = RESULT_LINE.match(line)
        if m:
            key = common.unique_key(results, m.group(1))
            results[key], rcs[key] = m.group(2), int(m.group(3))
    return results, rcs, DONE_LINE in lines


def host_non_passes(results):
    """[(key, {run: status})] of the tests the host does not pass."""
    host = results.get("host", {})
    return [(n, {r: results[r][n] for r in results}) for n in sorted(host)
            if host[n] != "PASS"]


def comparison(results, command, ltp, selected, total, hows):
    """The text of comparison.txt."""
    out = ["LTP: host vs guest", "command: " + command,
           "LTP build: %s (%d of its %d tests selected)" % (ltp, selected, total)]
    out += ["run %s: %s" % (r, hows[r]) for r in results]
    out += [""] + common.count_table(results, STATUSES)
    out += common.guest_sections(results)
    if "host" in results:
        rest = host_non_passes(results)
        out += ["", "not passed on the host: %d (among them any test that needs %s, "
                "which the host run lacks)" % (len(rest), CAPS_TEXT)]
        out += ["  %s: %s" % (n, ", ".join("%s %s" % (r, s[r]) for r in s))
                for n, s in rest]
    return "\n".join(out) + "\n"


def env_lines(words):
    """The .env file's text from --env VAR=VALUE words; ValueError for a
    word that is not one."""
    for w in words:
        if not ENV_WORD.match(w) or "\n" in w:
            raise ValueError("--env wants VAR=VALUE, not %r" % w)
    return "".join(w + "\n" for w in words)


# ---- the image ----

def make_image(mk, base, ltp, items, item_timeout, env, out, verbose=False):
    """Write OUT: BASE plus /opt/ltp (bin -> /mnt/bin, ITEMS as the runlist,
    the per-test timeout, the ENV words) and /etc/cmd."""
    added = [mk.directory(PREFIX), mk.symlink(PREFIX + "/bin", "/mnt/bin")]
    runlist = "".join("%s %s\n" % i for i in items)
    added += [mk.regular(PREFIX + "/runlist", runlist.encode()),
              mk.regular(PREFIX + "/.timeout", b"%d\n" % item_timeout),
              mk.regular(PREFIX + "/.env", env_lines(env).encode()),
              mk.regular("etc/cmd", mk.read_file(DRIVER))]
    if verbose:
        added.append(mk.regular(PREFIX + "/.verbose", b""))
    common.write_image(mk, base, added, out)


def tree_bytes(top):
    """The bytes of the files under TOP."""
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(top) for f in fs)


def make_disks(ltp, out_dir, runs):
    """{run: image} of the guest RUNS: an ext2 disk holding LTP (bin/ at its
    root), one copy per run."""
    size = (tree_bytes(ltp) * 5 // 4 + (64 << 20)) // (1 << 20) * (1 << 20)
    first = os.path.join(out_dir, "ltp-disk.img")
    mkdisk.make_image(first, size, tree=ltp)
    disks = {}
    for run in runs:
        disks[run] = os.path.join(out_dir, "ltp-disk-%s.img" % run)
        shutil.copyfile(first, disks[run])
    return disks


def host_trees(ltp):
    """What the host run copies in: the disk's bin/ at /mnt/bin."""
    return [(os.path.join(ltp, "bin"), "mnt/bin")]


def run_host(shell, mk, image, timeout, ltp):
    """(output, how) of the run under the host's Linux, isolated."""
    return common.run_host(shell, mk, image, timeout, isolate=True, prefix="vmi-ltp-",
                           trees=host_trees(ltp))


def memory_note(image, mem):
    """A warning when the image takes much of the guest's MEM MiB, else None."""
    size = os.path.getsize(image) / (1 << 20)
    if size <= mem * IMAGE_SHARE:
        return None
    return ("suite_ltp: the image is %.0f MiB, the guest has %d MiB: its files take about "
            "the image's size, tests may run short of memory (--mem)" % (size, mem))


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--ltp", required=True, help="an LTP build: bin/, runlist, MANIFEST")
    p.add_argument("--build", default="build")
    p.add_argument("--out", default=None, help="default BUILD/suite-ltp")
    p.add_argument("--runs", default=",".join(common.RUNS))
    p.add_argument("--filter", default=None, help="tests whose tag this regex matches")
    p.add_argument("--item-timeout", type=int, default=300, help="seconds for one test")
    p.add_argument("--timeout", type=int, default=10800, help="seconds for one run")
    p.add_argument("--mem", type=int, default=common.GUEST_MEM,
                   help="the guest's memory in MiB (pvhv: dom0's; default %(default)s)")
    p.add_argument("--env", action="append", default=[], metavar="VAR=VALUE",
                   help="set for every test (LTP_TIMEOUT_MUL=4); repeatable")
    p.add_argument("--verbose", action="store_true",
                   help="the tests' own output too (triage)")
    a = p.parse_args(argv)
    try:
        env_lines(a.env)
        with open(os.path.join(a.ltp, "runlist")) as f:
            every = read_runlist(f.read())
        items = select(every, a.filter)
    except (OSError, ValueError, re.error) as e:
        p.error(str(e))
    if not items:
        p.error("no test in %s/runlist matches" % a.ltp)
    runs = [r for r in a.runs.split(",") if r]
    if not runs or set(runs) - set(common.RUNS):
        p.error("--runs: a list of %s" % ",".join(common.RUNS))
    t = common.tools()
    out_dir = a.out or os.path.join(a.build, "suite-ltp")
    os.makedirs(out_dir, exist_ok=True)
    image = os.path.join(out_dir, "initramfs.cpio")
    make_image(t.mk, os.path.join(a.build, "initramfs.cpio"), a.ltp, items, a.item_timeout,
               a.env, image, a.verbose)
    note = memory_note(image, a.mem)
    if note:
        print(note, flush=True)
    disks = make_disks(a.ltp, out_dir, [r for r in runs if r != "host"])
    outputs, hows = common.run_all(
        runs, common.runner(t, out_dir, a.build, image, a.timeout, isolate=True, mem=a.mem,
                            prefix="vmi-ltp-",
                            host_trees=host_trees(a.ltp),
                            disks=lambda run: [disks[run]]),
        "suite_ltp")
    for d in disks.values():
        os.remove(d)
    parsed = {r: parse(outputs[r]) for r in runs}
    keys = names(items)
    results = common.complete({r: parsed[r][0] for r in runs}, keys)
    command = " ".join(["python3", "scripts/suite_ltp.py"] + (argv or sys.argv[1:]))
    text = comparison(results, command, a.ltp, len(items), len(every), hows)
    common.write_results(out_dir, text, {
        "ltp": os.path.abspath(a.ltp), "tests": keys,
        "commands": dict(zip(keys, (c for _, c in items))),
        "runs": hows, "results": results,
        "rc": {r: parsed[r][1] for r in runs},
        "finished": {r: parsed[r][2] for r in runs}})
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
