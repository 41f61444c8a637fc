"""shell_tests.py - the system tests written as shell scripts, for run.py.

A test conformance/system/<name>.sh runs in the guest as /etc/cmd: the
runner writes a per-test initramfs (build/initramfs.cpio plus /etc/cmd = the
script), boots it on each backend (native: the archive is the kernel's
module; pvhv: the "initrd" module after the guest image), and cuts the
script's output out of the console transcript - what lies between init's
markers "init: running /etc/cmd" and "init: /etc/cmd exited with status N"
(guest/user/init.c), so the kernel's own boot lines do not count.

The expected output is not written by hand: it is the same script run on
the host by the host's i386 BusyBox, chrooted into the same initramfs
unpacked (with /dev/null, zero, full, random, urandom, tty bound in, /proc
mounted and a devpts instance of its own at /dev/pts, inside a private mount
namespace), with the environment init gives the guest's
shell, and - like the guest's console - a terminal of 80x24 as stdin,
stdout, stderr and controlling tty (a pseudo-terminal: `ls` prints columns
only to a terminal).  A test passes on a backend when the guest's exit
status equals the host's (which must be 0) and the output is identical.

Scripts must therefore print nothing that depends on the machine (times,
pids, memory sizes, uname) or on timing; see docs/DESIGN.md.

Typing: a script with a sidecar <name>.keys gets keys typed at its console
- the guest's serial port, the host run's terminal - each once a marker has
appeared in the output after the previous one (Typist).  The sidecar's
lines are "MARKER => KEYS" (# starts a comment line), both with Python's
backslash escapes (\x1a is ^Z, \n a newline): what is typed depends only on
what was printed, never on time.
Pure functions (script_output, judge, first_text_difference) are unit
tested in scripts/tests/test_shell_tests.py.  Standard library only.
"""
import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "scripts"))
from backends import on_hypervisor  # noqa: E402

START_MARKER = "init: running /etc/cmd\n"
END_MARKER = "init: /etc/cmd exited with status "
# What guest/user/init.c gives its children (scripts/tests checks they match).
HOST_ENV = {"HOME": "/", "PATH": "/sbin:/usr/sbin:/bin:/usr/bin", "TERM": "linux"}
HOST_DEVICES = ("null", "zero", "full", "random", "urandom", "tty")
HOST_TIMEOUT_S = 600
TERMINAL_SIZE = (24, 80)    # rows, columns: what the guest's tty reports
# The pvhv domain of a shell test: memory like the native run's 128 MiB
# (the Makefile's RUN_DOM_OPTS are the same).
DOMAIN_OPTIONS = "name=dom0 mem=128"


KEYS_SEP = " => "


class Typist:
    """Keys typed in reply to output: STEPS are (marker, keys) bytes pairs;
    feed(chunk) returns the keys of every step whose marker has now
    appeared (carriage returns aside) after the previous step's."""

    def __init__(self, steps):
        self.steps, self.seen = list(steps), b""

    def feed(self, chunk):
        self.seen += chunk.replace(b"\r", b"")
        out = b""
        while self.steps:
            marker, keys = self.steps[0]
            at = self.seen.find(marker)
            if at < 0:
                break
            self.seen = self.seen[at + len(marker):]
            self.steps.pop(0)
            out += keys
        return out


def _unescape(text):
    return text.encode("latin-1").decode("unicode_escape").encode("latin-1")


def parse_keys(text):
    """[(marker, keys)] of a .keys sidecar's TEXT; ValueError if malformed."""
    steps = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        marker, sep, keys = line.partition(KEYS_SEP)
        if not sep or not marker or not keys:
            raise ValueError("line %d: not MARKER%sKEYS: %r" % (n, KEYS_SEP, line))
        steps.append((_unescape(marker), _unescape(keys)))
    return steps


def keys_path(root, test):
    return os.path.join(root, "conformance", test[:-len(".sh")] + ".keys")


def keys_for(root, test):
    """The typing steps of a shell test, or None without a .keys sidecar."""
    path = keys_path(root, test)
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        return parse_keys(f.read())


class HostUnavailable(Exception):
    """This host cannot run a script chrooted (no root, no user namespaces)."""


def is_shell_test(test):
    return test.endswith(".sh")


def discover(root, substr=""):
    """Sorted "system/<name>.sh" of every script, optionally filtered."""
    d = os.path.join(root, "conformance", "system")
    if not os.path.isdir(d):
        return []
    tests = ["system/" + f for f in sorted(os.listdir(d)) if f.endswith(".sh")]
    return [t for t in tests if substr in t]


def guest_image(build, backend):
    return os.path.join(build, "guest-%s.elf" % backend)


def initramfs_path(build, test):
    return os.path.join(build, "conformance", "initramfs", test[:-len(".sh")] + ".cpio")


def boot_args(job):
    """(kernel, modules) for a shell test's job (job.initramfs set)."""
    ramdisk = job.initramfs + " initrd"
    if not on_hypervisor(job.backend):
        return job.image, [ramdisk]
    hv = os.path.join(os.path.dirname(job.image), "hypervisor.elf")
    return hv, [job.image + " " + DOMAIN_OPTIONS, ramdisk]


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def make_initramfs(mk, base, script, out):
    """Write OUT: the archive BASE plus SCRIPT as /etc/cmd (mk is
    scripts/mkinitramfs.py, loaded by the caller)."""
    entries = mk.merge(mk.read_cpio(_read(base)), [mk.regular("etc/cmd", _read(script))])
    mk.write_atomically(out, mk.write_cpio(entries))


# ---- the host run ----

def _namespace_flags():
    """unshare flags for a private mount namespace; a user namespace too
    when we are not root (mounting needs privilege in *some* namespace)."""
    private = ["-m", "--propagation", "private"]
    return private if os.geteuid() == 0 else ["-r"] + private


def _tool(name):
    path = shutil.which(name)
    if not path:
        raise HostUnavailable("no %s on this host" % name)
    return path


def host_command(root_dir, disk=None):
    """argv that runs /etc/cmd of the tree ROOT_DIR as init runs it in the
    guest: `/bin/sh /etc/cmd` from /, chrooted, devices bound in.  With
    DISK = (folder, size, tar path) - a disk test (disk_tests.py) - /mnt is
    a tmpfs of that size holding a copy of the folder, and what the script
    leaves there is archived to the tar path afterwards."""
    mount, chroot = _tool("mount"), _tool("chroot")
    binds = "".join(': > "$1/dev/{d}" && {m} --bind /dev/{d} "$1/dev/{d}" && '
                    .format(d=d, m=mount) for d in HOST_DEVICES)
    # Pseudo-terminals: a devpts instance of its own, numbered from 0 as
    # the guest's /dev/pts is, with its ptmx as /dev/ptmx.
    # /proc as the guest has it: BusyBox runs its applets through
    # /proc/self/exe (ash's "prefer applets"), which qemu-i386 used to fake.
    binds += 'mkdir -p "$1/proc" && {m} -t proc proc "$1/proc" && '.format(m=mount)
    binds += ('mkdir -p "$1/dev/pts" && {m} -t devpts -o newinstance,ptmxmode=0666,mode=0620 '
              'devpts "$1/dev/pts" && : > "$1/dev/ptmx" && '
              '{m} --bind "$1/dev/pts/ptmx" "$1/dev/ptmx" && '.format(m=mount))
    if disk is None:
        inner = binds + 'exec %s "$1" /bin/sh /etc/cmd' % chroot
        return ([_tool("unshare")] + _namespace_flags() +
                ["--", "/bin/sh", "-c", inner, "host-run", root_dir])
    src, size, tar_out = disk
    inner = (binds + 'mkdir -p "$1/mnt" && {m} -t tmpfs -o size={n} tmpfs "$1/mnt" && '
             '{cp} -a "$2/." "$1/mnt/" && {{ {c} "$1" /bin/sh /etc/cmd; s=$?; '
             '{tar} -C "$1/mnt" -cf "$3" . 2>/dev/null; exit $s; }}'
             .format(m=mount, n=size, cp=_tool("cp"), c=chroot, tar=_tool("tar")))
    return ([_tool("unshare")] + _namespace_flags() +
            ["--", "/bin/sh", "-c", inner, "host-run", root_dir, src, tar_out])


def host_check():
    """Raise HostUnavailable unless a private mount namespace can be made."""
    argv = [_tool("unshare")] + _namespace_flags() + ["--", "true"]
    if subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True).returncode:
        raise HostUnavailable("cannot create a mount namespace (%s)" % " ".join(argv))


def host_run_dir():
    """Where a host run's tree is unpacked: tmpfs (/dev/shm) when there is
    one.  The guest's files live in a RAM filesystem whose directory offsets
    are small; on a disk filesystem with hashed 64-bit offsets (ext4) a 32-bit
    program's readdir fails with EOVERFLOW, as Linux does, and the host's
    answer would differ for a reason that is not the kernel's."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def host_expected(mk, cpio_path, timeout=HOST_TIMEOUT_S, disk=None, keys=None):
    """(output, status) of /etc/cmd of the archive CPIO_PATH run on the host;
    status -1 if it did not finish in time.  For a disk test DISK is a dict:
    "populate"(folder) writes the disk's starting files, "size" its size,
    "manifest"(tar path) reads what was left; the result then has a third
    item, that manifest (None if the archive is missing).  KEYS: typing
    steps (keys_for) for the terminal."""
    with tempfile.TemporaryDirectory(prefix="vmi-host-run-", dir=host_run_dir()) as tmp:
        root = os.path.join(tmp, "root")
        mk.extract(mk.read_cpio(_read(cpio_path)), root)
        if disk is None:
            out, status = run_on_terminal(host_command(root), timeout, keys)
            return _text(out), status
        src, tar_out = os.path.join(tmp, "disk"), os.path.join(tmp, "mnt.tar")
        disk["populate"](src)
        out, status = run_on_terminal(host_command(root, (src, disk["size"], tar_out)),
                                      timeout)
        manifest = disk["manifest"](tar_out) if os.path.isfile(tar_out) else None
    return _text(out), status, manifest


def _take_terminal():
    """In the child (after setsid): every signal back to its default and
    unblocked, and fd 0, the terminal, the controlling tty - what the
    guest's init gives /etc/cmd (guest/user/init.c).  Ignored dispositions
    survive exec, so without the reset a runner started under nohup (SIGHUP
    ignored) would change the host's reference output."""
    for sig in signal.valid_signals():
        if sig not in (signal.SIGKILL, signal.SIGSTOP):
            try:
                signal.signal(sig, signal.SIG_DFL)
            except (OSError, ValueError):
                pass                      # numbers the platform does not let us set
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _read_until_closed(master, proc, deadline, typist=None):
    """Everything written to the terminal until no process holds it open
    (EIO on the master) or the deadline; None at the deadline.  TYPIST's
    replies to the output are typed at the terminal."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None, chunks
        ready, _, _ = select.select([master], [], [], min(left, 1.0))
        if not ready:
            continue
        try:
            data = os.read(master, 65536)
        except OSError:                 # EIO: every slave fd is closed
            return b"".join(chunks), chunks
        if not data:
            return b"".join(chunks), chunks
        chunks.append(data)
        keys = typist.feed(data) if typist else b""
        if keys:
            os.write(master, keys)


def run_on_terminal(argv, timeout, keys=None):
    """Run ARGV in a new session on a fresh pseudo-terminal of TERMINAL_SIZE
    (stdin, stdout, stderr); (output bytes, exit status or -1 on timeout).
    KEYS: typing steps (keys_for) for the terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *TERMINAL_SIZE, 0, 0))
    try:
        proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                env=HOST_ENV, umask=0o022, start_new_session=True,
                                preexec_fn=_take_terminal)
    finally:
        os.close(slave)
    try:
        out, chunks = _read_until_closed(master, proc, time.monotonic() + timeout,
                                         Typist(keys) if keys else None)
    finally:
        os.close(master)
    if out is None:
        proc.kill()
        proc.wait()
        return b"".join(chunks), -1
    return out, proc.wait()


def _text(data):
    """As the runner sees console transcripts: UTF-8, no carriage returns."""
    return data.decode("utf-8", errors="replace").replace("\r", "")


# ---- judging ----

def script_output(transcript):
    """(output, status) of /etc/cmd cut out of a console transcript, or None
    if init's markers are not both there.  The end marker may follow output
    that has no final newline, so it is searched anywhere in a line."""
    start = transcript.find(START_MARKER)
    if start < 0:
        return None
    body = transcript[start + len(START_MARKER):]
    end = body.rfind(END_MARKER)
    if end < 0:
        return None
    status = body[end + len(END_MARKER):].split("\n", 1)[0].strip()
    if not status.isdigit():
        return None
    return body[:end], int(status)


def first_text_difference(want, got):
    """None if equal, else where the outputs first differ (line numbers
    counted in the script's output)."""
    if want == got:
        return None
    a, b = want.split("\n"), got.split("\n")
    for i in range(max(len(a), len(b))):
        ta = a[i] if i < len(a) else "<end of output>"
        tb = b[i] if i < len(b) else "<end of output>"
        if ta != tb:
            return "line %d: host %r, guest %r" % (i + 1, ta, tb)
    return "the outputs differ only in their final newline"


def judge(transcript, guest_code, timed_out, expected, timeout=None):
    """(PASS|FAIL, reason) of one boot; EXPECTED is the host's (output,
    status[, disk manifest])."""
    want_out, want_status = expected[0], expected[1]
    if want_status != 0:
        return "FAIL", ("the script fails on the host too (status %d): the test "
                        "itself is wrong" % want_status)
    if timed_out:
        return "FAIL", "timeout" + (" after %g s" % timeout if timeout else "")
    got = script_output(transcript)
    if got is None:
        how = "no power-off" if guest_code is None else "exit code %d" % guest_code
        return "FAIL", "init never ran /etc/cmd to its end (no markers; %s)" % how
    out, status = got
    if status != want_status:
        return "FAIL", "/etc/cmd exited with status %d, on the host %d" % (status, want_status)
    if guest_code != status:
        return "FAIL", "init reported status %d but the guest powered off with %s" % (
            status, guest_code)
    diff = first_text_difference(want_out, out)
    if diff:
        return "FAIL", "output differs from the host's: " + diff
    return "PASS", ""
