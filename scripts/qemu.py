#!/usr/bin/env python3
"""qemu.py - boot a multiboot image in QEMU: the one place that knows QEMU's flags.

As a module (used by conformance/run.py):
    run(kernel, modules=(), timeout=60, stdin_bytes=None, accel=None) -> Result

As a command (used by make run-native / make gdb):
    qemu.py [--interactive] [--gdb] [--timeout S] [--accel kvm|tcg] KERNEL [MODULE...]

The guest ends a run by writing a code to the isa-debug-exit device, which makes
QEMU exit with status (code << 1) | 1.  Any other ending (timeout, a triple fault
turned into an exit 0 by -no-reboot) is a crash.  QEMU's own messages (e.g. KVM
warnings) go to stderr and are kept out of the transcript, which is COM1 only.

Serial input: bytes given to run() are written to QEMU's stdin (chardev stdio on
a pipe) only once the guest has printed its first line.  The 16550 buffers
received bytes, and a guest that initialises its UART resets the receive FIFO,
dropping anything that arrived earlier; a guest that has printed has done that.

Accelerator: KVM only if /dev/kvm opens and the kvm_probe.S guest runs under it.

VMI_QEMU_EXTRA adds arguments to every QEMU command line, e.g.
VMI_QEMU_EXTRA='-icount shift=0,sleep=off' for cost measurements under TCG
(the guest clock then counts instructions, not host time).
Standard library only.
"""
import argparse
import functools
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time

QEMU = "qemu-system-i386"
# The same CPUID under KVM and TCG on QEMU 7.2: SSE/FXSR for the lazy FPU
# switch; qemu32's PNI (SSE3) dropped because this host's KVM lacks it (QEMU
# would warn and the guest would see a different CPU under each).
CPU = "qemu32,-pni,+sse,+sse2,+fxsr"
DEBUG_EXIT = "isa-debug-exit,iobase=0xf4,iosize=4"
GDB_PORT = 1234
# How long to wait for the guest's first line before feeding input anyway.
INPUT_WAIT_S = 10.0
# On a KVM internal error QEMU pauses the VM and waits forever; seen on stderr,
# it ends the run at once as a crash instead of a timeout much later.
FATAL = b"KVM internal error"
# scripts/kvm_probe.S powers off with this code when KVM runs it correctly.
PROBE_SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kvm_probe.S")
PROBE_OK = 0x2A
PROBE_TIMEOUT_S = 30
CRASH_MSG = "qemu: the guest ended without powering off (crash or triple fault)"


class Result:
    """The outcome of one boot: console transcript, exit status, timeout flag."""

    def __init__(self, transcript, qemu_status, timed_out, stderr="", accel=""):
        self.transcript = transcript
        self.qemu_status = qemu_status
        self.timed_out = timed_out
        self.stderr = stderr
        self.accel = accel
        self.guest_code = guest_code(qemu_status)

    def __repr__(self):
        return ("Result(qemu_status=%r, guest_code=%r, timed_out=%r)"
                % (self.qemu_status, self.guest_code, self.timed_out))


def guest_code(status):
    """The code the guest wrote to isa-debug-exit, or None if it never did.

    Only odd statuses come from the device.  Note QEMU's own fatal errors also
    exit 1 (= code 0); callers that care check the transcript too."""
    if status is None or status < 0 or status % 2 == 0:
        return None
    return (status - 1) // 2


def pick_accel():
    """'kvm' if KVM is usable here, else 'tcg'; VMI_ACCEL=kvm|tcg overrides.

    Usable means /dev/kvm opens read-write AND the kvm_probe.S guest (two-level
    paging, as the native boot stub does it) powers off under it: some hosts
    offer a /dev/kvm that cannot run our kind of guest."""
    forced = os.environ.get("VMI_ACCEL", "").strip()
    if forced:
        if forced not in ("kvm", "tcg"):
            raise ValueError("VMI_ACCEL must be kvm or tcg, not %r" % forced)
        return forced
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
    except OSError:
        return "tcg"
    return "kvm" if kvm_runs_paging() else "tcg"


@functools.lru_cache(maxsize=None)
def kvm_runs_paging():
    """Boot scripts/kvm_probe.S under KVM (once per process).  If the probe
    cannot be built, trust /dev/kvm: the probe guards, it does not gate."""
    with tempfile.TemporaryDirectory() as tmp:
        elf = _build_probe(tmp)
        if elf is None:
            return True
        r = run(elf, timeout=PROBE_TIMEOUT_S, accel="kvm")
    if r.guest_code == PROBE_OK:
        return True
    print("qemu: /dev/kvm exists but cannot run a paging 32-bit guest "
          "(scripts/kvm_probe.S); using tcg", file=sys.stderr)
    return False


def _build_probe(tmp):
    """Assemble and link the KVM probe into TMP; its path, or None on failure."""
    obj, elf = os.path.join(tmp, "probe.o"), os.path.join(tmp, "probe.elf")
    steps = (["gcc", "-m32", "-c", PROBE_SRC, "-o", obj],
             ["ld", "-m", "elf_i386", "-Ttext=0x100000", "-e", "probe_start",
              "--no-warn-rwx-segments", "-o", elf, obj])
    try:
        for argv in steps:
            subprocess.run(argv, check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return elf


def qemu_cmd(kernel, modules=(), accel="tcg", extra=(), memory="128M"):
    """The QEMU argv for booting KERNEL with MODULES as multiboot modules."""
    argv = [QEMU, "-machine", "pc", "-accel", accel, "-cpu", CPU, "-m", memory,
            "-no-reboot", "-display", "none", "-monitor", "none",
            "-serial", "stdio", "-device", DEBUG_EXIT, "-kernel", str(kernel)]
    if modules:
        # -initrd splits on commas, so a path holding one cannot be passed.
        for m in modules:
            if "," in str(m):
                raise ValueError("module path contains a comma: %s" % m)
        argv += ["-initrd", ",".join(str(m) for m in modules)]
    return argv + shlex.split(os.environ.get("VMI_QEMU_EXTRA", "")) + list(extra)


class _Reader(threading.Thread):
    """Drain one pipe into memory, flagging the first newline (the guest's
    console is up) and any line that means the guest is dead (see FATAL)."""

    def __init__(self, pipe):
        super().__init__(daemon=True)
        self.pipe, self.chunks = pipe, []
        self.first_line = threading.Event()
        self.fatal = threading.Event()

    def run(self):
        for chunk in iter(lambda: self.pipe.read1(4096), b""):
            self.chunks.append(chunk)
            if b"\n" in chunk:
                self.first_line.set()
            if FATAL in b"".join(self.chunks[-2:]):  # may straddle reads
                self.fatal.set()
        self.first_line.set()  # EOF: nobody will print any more

    def text(self):
        return b"".join(self.chunks).decode("utf-8", errors="replace").replace("\r", "")


def _feed(proc, data, ready):
    """Write DATA to the guest's serial input once READY, and keep the pipe open.

    The pipe is not closed here: EOF on stdin makes QEMU's stdio chardev report
    the line as closed, and nothing is gained by that while the guest runs."""
    ready.wait(INPUT_WAIT_S)
    try:
        proc.stdin.write(data)
        proc.stdin.flush()
    except (BrokenPipeError, ValueError, OSError):
        pass  # QEMU already exited (or was killed); the run's outcome says why


def _kill_group(proc):
    """Kill QEMU and anything it started (it leads its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _wait(proc, timeout, fatal):
    """Wait for QEMU to exit; kill it on timeout or once FATAL is set.
    Return (status, timed_out)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return proc.wait(0.1), False
        except subprocess.TimeoutExpired:
            pass
        late = time.monotonic() >= deadline
        if late or fatal.is_set():
            _kill_group(proc)
            return proc.wait(), late and not fatal.is_set()


def hypervisor_args(hv_log):
    """Extra QEMU arguments for a hypervisor run: its log is the second UART
    (COM2), so the guest console on COM1 stays comparable with native runs;
    domains need more memory than one bare-metal guest."""
    return {"extra": ["-serial", "file:%s" % hv_log], "memory": "256M"}


def run(kernel, modules=(), timeout=60, stdin_bytes=None, accel=None, extra=(),
        memory="128M"):
    """Boot KERNEL headless, wait up to TIMEOUT seconds, return a Result."""
    accel = accel or pick_accel()
    proc = subprocess.Popen(
        qemu_cmd(kernel, modules, accel, extra, memory),
        stdin=subprocess.PIPE if stdin_bytes is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    out, err = _Reader(proc.stdout), _Reader(proc.stderr)
    out.start()
    err.start()
    if stdin_bytes is not None:
        threading.Thread(target=_feed, args=(proc, stdin_bytes, out.first_line),
                         daemon=True).start()
    status, timed_out = _wait(proc, timeout, err.fatal)
    out.join()
    err.join()
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe:
            try:
                pipe.close()
            except OSError:
                pass  # stdin: QEMU is gone, unwritten input does not matter
    return Result(out.text(), status, timed_out, err.text(), accel)


def _check_files(paths):
    """Fail early on a missing image: QEMU's own error exits 1 = 'guest code 0'."""
    for p in paths:
        if not os.path.isfile(p):
            sys.exit("qemu: no such file: %s" % p)


class _CatchInterrupt:
    """Note Ctrl-C instead of dying from it, while a child owns the terminal.

    A Python handler (unlike SIG_IGN) is reset to the default by exec, so the
    child (QEMU, gdb) still sees Ctrl-C normally."""

    def __enter__(self):
        self.hit = False
        self.old = signal.signal(signal.SIGINT, self._note)
        return self

    def _note(self, signum, frame):
        self.hit = True

    def __exit__(self, *exc):
        signal.signal(signal.SIGINT, self.old)


def terminal_console(argv):
    """On a terminal, QEMU's stdio console must pass ^C to the guest (its tty
    turns it into SIGINT for the foreground job) instead of killing QEMU,
    which is what the default "signal=on" does.  The guest powers off to end
    the run (exit from its shell)."""
    i = argv.index("-serial")
    if argv[i + 1] != "stdio":
        return argv
    return argv[:i] + ["-chardev", "stdio,id=console,signal=off",
                       "-serial", "chardev:console"] + argv[i + 2:]


def _interactive(argv):
    """Serial on this terminal, no timeout; exit with the guest's code."""
    with _CatchInterrupt() as ctrl_c:
        status = subprocess.call(argv)
    code = guest_code(status)
    if ctrl_c.hit and code is None:
        print("qemu: interrupted", file=sys.stderr)
        return 130
    if code is None:
        print(CRASH_MSG, file=sys.stderr)
        return 1
    return code


def _wait_listen(port, proc, limit_s=10.0):
    """Wait until QEMU listens on PORT (read from /proc: a probing connect
    would use up the gdb stub's single connection)."""
    want = ":%04X" % port
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and proc.poll() is None:
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            try:
                with open(table) as f:
                    rows = [line.split() for line in f.readlines()[1:]]
            except OSError:
                continue
            if any(r[1].endswith(want) and r[3] == "0A" for r in rows):
                return True
        time.sleep(0.05)
    return False


def _gdb(argv, kernel):
    """Start QEMU halted with a gdb stub, attach gdb, kill QEMU when gdb exits.

    QEMU gets its own session so gdb's Ctrl-C (interrupt the target) does not
    kill it; this script only notes Ctrl-C, for the same reason.  The serial output
    goes to the terminal; its input stays with gdb."""
    qemu = subprocess.Popen(argv + ["-s", "-S"], stdin=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        if not _wait_listen(GDB_PORT, qemu):
            print("qemu: the gdb stub did not come up on port %d" % GDB_PORT,
                  file=sys.stderr)
            return 1
        with _CatchInterrupt():
            subprocess.call(["gdb", "-q", kernel, "-ex", "target remote :%d" % GDB_PORT])
    finally:
        _kill_group(qemu)
        qemu.wait()
    return 0


def _batch(kernel, modules, timeout, accel, hv):
    """Headless run with a timeout: print the transcript, exit with the guest's code."""
    r = run(kernel, modules, timeout=timeout, accel=accel, **hv)
    sys.stdout.write(r.transcript)
    sys.stderr.write(r.stderr)
    if r.timed_out:
        print("qemu: timeout after %s s" % timeout, file=sys.stderr)
        return 1
    if r.guest_code is None:
        print(CRASH_MSG, file=sys.stderr)
        return 1
    return r.guest_code


def parse_args(argv):
    p = argparse.ArgumentParser(description="Boot a multiboot image in QEMU.")
    p.add_argument("--interactive", action="store_true",
                   help="serial console on this terminal, no timeout")
    p.add_argument("--gdb", action="store_true",
                   help="start halted with a gdb stub on :%d and attach gdb" % GDB_PORT)
    p.add_argument("--timeout", type=float, default=60.0,
                   help="seconds before a headless run is killed (default 60)")
    p.add_argument("--accel", choices=("kvm", "tcg"),
                   help="accelerator (default: kvm if /dev/kvm is usable; "
                        "VMI_ACCEL overrides the default)")
    p.add_argument("--hv-log", metavar="FILE",
                   help="KERNEL is the hypervisor: its log (COM2) goes to FILE")
    p.add_argument("--append", metavar="OPTIONS", default="",
                   help="KERNEL's command line (QEMU -append: the multiboot "
                        "command line), e.g. sched=det for a native guest")
    p.add_argument("kernel")
    p.add_argument("modules", nargs="*",
                   help='module images; "path options" passes options to it')
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    _check_files([args.kernel] + [m.split(" ")[0] for m in args.modules])
    try:
        accel = args.accel or pick_accel()
    except ValueError as e:
        sys.exit("qemu: %s" % e)
    print("qemu: accel %s" % accel, file=sys.stderr)
    hv = hypervisor_args(args.hv_log) if args.hv_log else {}
    if args.append:
        hv["extra"] = hv.get("extra", []) + ["-append", args.append]
    cmd = qemu_cmd(args.kernel, args.modules, accel, **hv)
    if args.gdb:
        return _gdb(cmd, args.kernel)
    if args.interactive:
        return _interactive(terminal_console(cmd))
    return _batch(args.kernel, args.modules, args.timeout, accel, hv)


if __name__ == "__main__":
    sys.exit(main())
