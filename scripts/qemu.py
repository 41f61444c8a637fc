#!/usr/bin/env python3
"""qemu.py - boot a multiboot image in QEMU: the one place that knows QEMU's flags.

As a module (used by conformance/run.py):
    run(kernel, modules=(), timeout=60, stdin_bytes=None, accel=None) -> Result

As a command (used by make run / run-native / gdb / gdb-pvhv):
    qemu.py [--interactive] [--gdb] [--timeout S] [--accel kvm|tcg] KERNEL [MODULE...]

Exit status of the command (STATUS_TABLE, also in the README):
    0-255  the guest's own status (CMD's, the shell's `exit N`, 0 after
           poweroff/reboot/halt, any vmi_shutdown code)
    2      the launcher refused its arguments (usage, guest options)
    130    the user quit (Ctrl-A x), or interrupted or killed the launcher or QEMU
    251    QEMU could not load the image (corrupt, or the wrong image for
           the backend: the launcher says which belongs where)
    252    the hypervisor rejected every domain (its reasons are printed)
    253    the guest (or the hypervisor) crashed or triple-faulted
    254    the run timed out (--timeout)
These overlap the guest's own range by necessity; the launcher's last
stderr line says which it was.

The guest ends a run by writing a code to the isa-debug-exit device, which makes
QEMU exit with status (code << 1) | 1: seven bits.  So the backends (natively)
and the hypervisor also write the run's end to the status channel, an
isa-debugcon device on port 0xE9 read through a pipe (drivers/statusport.h):
"exit N" with all eight bits, "crash", "rejected" (no domain to run), "ready"
(the guest takes console input from now on) and "hv: ..." lines the user
must see.  Images that do not write it are judged by the debug-exit code
alone: code 127 is a crash, any other ending (timeout, a triple fault turned
into an exit 0 by -no-reboot) is a crash, and QEMU's own exit 1 with an
error on stderr is "could not load".  QEMU's own messages go to stderr and
are kept out of the transcript, which is COM1 only.  COM2 (the hypervisor's
log) always goes to a file: --hv-log FILE, or a temporary file whose path
is printed when the run fails.

Serial input, run(): bytes given to run() are written to QEMU's stdin (chardev
stdio on a pipe) only once the guest has printed its first line.  The 16550
buffers received bytes, and a guest that initialises its UART resets the receive
FIFO, dropping anything that arrived earlier; a guest that has printed has done
that.

Serial input typed in reply, run(respond=F): F sees every chunk of console
output as it comes and returns the bytes to type now (b"" for none), which
go to the guest's serial input at once (conformance/shell_tests.py's
Typist: keys typed when a marker line appears).

Serial input, --interactive: the launcher owns the terminal (raw) and keeps
what is typed (or piped) until the status channel says "ready", then passes
it on; on a terminal, QEMU's multiplexer gives Ctrl-A x (quit), Ctrl-A c
(monitor) and Ctrl-A h (help).  When stdin is not a terminal its end is sent
as a ^D (after a newline if the last line lacked one), so a piped script
ends the interactive shell as typing ^D would.

Accelerator: KVM only if /dev/kvm opens and the kvm_probe.S guest runs under it
(the answer is cached per build directory).

VMI_QEMU_EXTRA adds arguments to every QEMU command line, e.g.
VMI_QEMU_EXTRA='-icount shift=0,sleep=off' for cost measurements under TCG
(the guest clock then counts instructions, not host time).
Standard library only.
"""
import argparse
import functools
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import termios
import threading
import time
import tty

QEMU = "qemu-system-i386"
# The same CPUID under KVM and TCG on QEMU 7.2: SSE/FXSR for the lazy FPU
# switch; qemu32's PNI (SSE3) dropped because this host's KVM lacks it (QEMU
# would warn and the guest would see a different CPU under each).
CPU = "qemu32,-pni,+sse,+sse2,+fxsr"
DEBUG_EXIT = "isa-debug-exit,iobase=0xf4,iosize=4"
STATUS_PORT = "0xe9"     # drivers/statusport.h
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
PROBE_CACHE = "kvm-probe.cache"
VMI_EXIT_CRASH = 127     # vmi/include/vmi/abi.h: a crash, for images without the channel

# ---- the launcher's exit statuses ----
STATUS_USAGE = 2
STATUS_INTERRUPTED = 130
STATUS_QEMU_FAILED = 251
STATUS_NO_DOMAIN = 252
STATUS_CRASH = 253
STATUS_TIMEOUT = 254
STATUS_TABLE = (
    ("0-255", "the guest's status: CMD's, the shell's `exit N`, 0 after "
              "poweroff/reboot/halt"),
    (str(STATUS_USAGE), "the launcher refused its arguments (usage, guest options)"),
    (str(STATUS_INTERRUPTED), "the user quit (Ctrl-A x), or interrupted or killed the "
                              "launcher or QEMU"),
    (str(STATUS_QEMU_FAILED), "QEMU could not load the image (corrupt, or the wrong "
                              "image for the backend)"),
    (str(STATUS_NO_DOMAIN), "the hypervisor rejected every domain"),
    (str(STATUS_CRASH), "the guest or the hypervisor crashed or triple-faulted"),
    (str(STATUS_TIMEOUT), "the run timed out (--timeout)"),
)
STATUS_WHY = {
    STATUS_INTERRUPTED: "interrupted",
    STATUS_QEMU_FAILED: "QEMU could not load the image",
    STATUS_NO_DOMAIN: "the hypervisor rejected every domain",
    STATUS_CRASH: "the guest crashed or triple-faulted",
    STATUS_TIMEOUT: "the run timed out",
}

# Words of the guest kernel's command line (guest/kern/bootopt.c's boot_option
# keys; scripts/tests/test_qemu.py checks the list against the sources) and
# the hypervisor's domain options (hypervisor/domain_build.c), which it
# leaves in the line the guest reads.
GUEST_KEYS = ("sched", "loglevel", "ip", "gw")
DOMAIN_KEYS = ("name", "mem", "weight", "warp", "vbd", "ip", "mac")


class Result:
    """The outcome of one boot: console transcript, exit status, timeout flag,
    and what the status channel said (records: its lines)."""

    def __init__(self, transcript, qemu_status, timed_out, stderr="", accel="",
                 records=()):
        self.transcript = transcript
        self.qemu_status = qemu_status
        self.timed_out = timed_out
        self.stderr = stderr
        self.accel = accel
        self.records = list(records)
        self.guest_code = guest_code(qemu_status)
        self.status, self.why = decode_status(self.records, qemu_status, timed_out, stderr)

    def __repr__(self):
        return ("Result(qemu_status=%r, guest_code=%r, status=%r, timed_out=%r)"
                % (self.qemu_status, self.guest_code, self.status, self.timed_out))


def guest_code(status):
    """The code the guest wrote to isa-debug-exit, or None if it never did.

    Only odd statuses come from the device.  Note QEMU's own fatal errors also
    exit 1 (= code 0); callers that care check the transcript too."""
    if status is None or status < 0 or status % 2 == 0:
        return None
    return (status - 1) // 2


def end_record(records):
    """The status channel's last "exit N" / "crash" / "rejected" line, or None."""
    for rec in reversed(records):
        if rec in ("crash", "rejected") or rec.startswith("exit "):
            return rec
    return None


def qemu_failed(qemu_status, stderr):
    """QEMU itself gave up (exit 1 with its own error on stderr): nothing
    booted.  (A guest without the status channel writing code 0 exits 1
    too, but QEMU says nothing then.)"""
    return qemu_status == 1 and stderr.strip() != ""


def decode_status(records, qemu_status, timed_out, stderr=""):
    """(launcher status, reason; "" for the guest's own status) of one run."""
    if timed_out:
        return STATUS_TIMEOUT, STATUS_WHY[STATUS_TIMEOUT]
    end = end_record(records)
    if end == "rejected":
        return STATUS_NO_DOMAIN, STATUS_WHY[STATUS_NO_DOMAIN]
    if end == "crash":
        return STATUS_CRASH, STATUS_WHY[STATUS_CRASH]
    if end is not None:
        try:
            code = int(end.split()[1])
        except (IndexError, ValueError):
            code = -1
        if 0 <= code <= 255:
            return code, ""
    code = guest_code(qemu_status)
    if code is None or code == VMI_EXIT_CRASH:
        return STATUS_CRASH, ("the guest ended without powering off (crash or triple fault)"
                              if code is None else STATUS_WHY[STATUS_CRASH])
    if not records and qemu_failed(qemu_status, stderr):
        return STATUS_QEMU_FAILED, STATUS_WHY[STATUS_QEMU_FAILED]
    return code, ""


def describe(status, why, name="run"):
    """The closing line of `make run`: what the status means."""
    if why:
        return "%s: %s (status %d)" % (name, why, status)
    return "%s: guest exited with status %d" % (name, status)


def pick_accel(cache_dir=None):
    """'kvm' if KVM is usable here, else 'tcg'; VMI_ACCEL=kvm|tcg overrides.

    Usable means /dev/kvm opens read-write AND the kvm_probe.S guest (two-level
    paging, as the native boot stub does it) powers off under it: some hosts
    offer a /dev/kvm that cannot run our kind of guest.  With CACHE_DIR (a
    build directory) the probe's answer is kept there and reused."""
    forced = os.environ.get("VMI_ACCEL", "").strip()
    if forced:
        if forced not in ("kvm", "tcg"):
            raise ValueError("VMI_ACCEL must be kvm or tcg, not %r" % forced)
        return forced
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
    except OSError:
        return "tcg"
    cache = os.path.join(cache_dir, PROBE_CACHE) if cache_dir else None
    try:
        with open(cache) as f:
            cached = f.read().strip()
        if cached in ("kvm", "tcg"):
            return cached
    except (OSError, TypeError):
        pass
    accel = "kvm" if kvm_runs_paging() else "tcg"
    if cache:
        try:
            with open(cache, "w") as f:
                f.write(accel + "\n")
        except OSError:
            pass
    return accel


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


def module_arg(modules):
    """QEMU's -initrd value: modules separated by commas, a comma inside one
    doubled (QEMU's escape)."""
    return ",".join(str(m).replace(",", ",,") for m in modules)


def qemu_cmd(kernel, modules=(), accel="tcg", extra=(), memory="128M"):
    """The QEMU argv for booting KERNEL with MODULES as multiboot modules."""
    argv = [QEMU, "-machine", "pc", "-accel", accel, "-cpu", CPU, "-m", memory,
            "-no-reboot", "-display", "none", "-monitor", "none",
            "-serial", "stdio", "-device", DEBUG_EXIT, "-kernel", str(kernel)]
    if modules:
        for m in modules:
            if "," in str(m).split(" ")[0]:
                raise ValueError("module path contains a comma: %s" % m)
        argv += ["-initrd", module_arg(modules)]
    return argv + shlex.split(os.environ.get("VMI_QEMU_EXTRA", "")) + list(extra)


def disk_args(disks):
    """QEMU arguments attaching each disk image, in order, as a transitional
    (legacy-capable) virtio-pci block device: "PATH" writable, "PATH:ro"
    read-only.  The native backend numbers them in PCI order (vda, vdb...)."""
    argv = []
    for i, d in enumerate(disks):
        path, ro = (d[:-3], True) if d.endswith(":ro") else (d, False)
        argv += ["-drive", "file=%s,if=none,id=vd%d,format=raw%s"
                 % (path.replace(",", ",,"), i, ",readonly=on" if ro else ""),
                 "-device", "virtio-blk-pci,drive=vd%d" % i]
    return argv


NET_MAC_BASE = "52:54:00:12:34:%02x"


def net_args(nets):
    """QEMU arguments attaching one transitional (legacy-capable) virtio-pci
    NIC per spec "TYPE[,OPTIONS]" - a QEMU -netdev backend such as "user"
    (QEMU's own NAT with its DHCP server, DNS and gateway 10.0.2.2; no host
    network needed) - in order, with fixed MACs 52:54:00:12:34:56, ...:57,
    ... so runs are reproducible.  A user network gets ipv6=off unless the
    spec says otherwise: no router advertisements arrive unasked.  No
    option ROM (iPXE) is loaded: nothing but our driver touches the NIC.
    The native backend numbers the NICs in PCI order (eth0, eth1...)."""
    argv = []
    for i, spec in enumerate(nets):
        kind, _, opts = spec.partition(",")
        if not kind or any(o.startswith("id=") for o in opts.split(",")):
            raise ValueError("bad network spec (TYPE[,OPTIONS], no id=): %s" % spec)
        netdev = "%s,id=net%d" % (kind, i) + ("," + opts if opts else "")
        if kind == "user" and "ipv6=" not in opts:
            netdev += ",ipv6=off"
        argv += ["-netdev", netdev, "-device",
                 "virtio-net-pci,netdev=net%d,mac=%s,romfile="
                 % (i, NET_MAC_BASE % (0x56 + i))]
    return argv


def status_args(path):
    """QEMU arguments for the status channel (isa-debugcon on port 0xE9) into PATH."""
    return ["-chardev", "file,id=vmistatus,path=%s" % path,
            "-device", "isa-debugcon,iobase=%s,chardev=vmistatus" % STATUS_PORT]


class _Reader(threading.Thread):
    """Drain one pipe into memory, flagging the first newline (the guest's
    console is up) and any line that means the guest is dead (see FATAL).
    ECHO, if given, also gets every chunk as it comes."""

    def __init__(self, pipe, echo=None):
        super().__init__(daemon=True)
        self.pipe, self.chunks, self.echo = pipe, [], echo
        self.first_line = threading.Event()
        self.fatal = threading.Event()

    def run(self):
        fd = self.pipe if isinstance(self.pipe, int) else self.pipe.fileno()
        for chunk in iter(lambda: os.read(fd, 4096), b""):
            self.chunks.append(chunk)
            if self.echo:
                self.echo(chunk)
            if b"\n" in chunk:
                self.first_line.set()
            if FATAL in b"".join(self.chunks[-2:]):  # may straddle reads
                self.fatal.set()
        self.first_line.set()  # EOF: nobody will print any more

    def data(self):
        return b"".join(self.chunks)

    def text(self):
        return self.data().decode("utf-8", errors="replace").replace("\r", "")


class _StatusReader(threading.Thread):
    """Read the status channel's lines (from a pipe fd); "ready" sets READY,
    "hv: ..." lines go to ON_ALERT as they come."""

    def __init__(self, fd, on_ready=None, on_alert=None):
        super().__init__(daemon=True)
        self.fd, self.on_ready, self.on_alert = fd, on_ready, on_alert
        self.records = []
        self.ready = threading.Event()

    def run(self):
        partial = b""
        for chunk in iter(lambda: os.read(self.fd, 4096), b""):
            partial += chunk
            *lines, partial = partial.split(b"\n")
            for line in lines:
                self._record(line.decode("utf-8", errors="replace").rstrip("\r"))
        if partial:
            self._record(partial.decode("utf-8", errors="replace"))
        os.close(self.fd)

    def _record(self, line):
        self.records.append(line)
        if line == "ready" and not self.ready.is_set():
            self.ready.set()
            if self.on_ready:
                self.on_ready()
        elif line.startswith("hv: ") and self.on_alert:
            self.on_alert(line)

    def alerts(self):
        return [r for r in self.records if r.startswith("hv: ")]


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


def _wait(proc, timeout, fatal, stop=None, tick=None):
    """Wait for QEMU to exit; kill it on timeout (None: never), once FATAL is
    set, or once STOP() is true.  TICK() runs between polls.
    Return (status, timed_out)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        try:
            return proc.wait(0.1), False
        except subprocess.TimeoutExpired:
            pass
        if tick:
            tick()
        late = deadline is not None and time.monotonic() >= deadline
        if late or fatal.is_set() or (stop and stop()):
            _kill_group(proc)
            return proc.wait(), late and not fatal.is_set()


# Instruction-count mode: the guest clock advances one nanosecond per
# instruction executed and never with host time (sleep=off), and the RTC is
# fixed, so a run's clock readings are the same on a loaded and an idle
# host.  TCG only.  Used by make bench and by tests that judge time.
ICOUNT_ARGS = ["-icount", "shift=0,sleep=off", "-rtc", "base=2026-01-01T00:00:00,clock=vm"]


def hypervisor_args(hv_log):
    """Extra QEMU arguments for a hypervisor run: its log is the second UART
    (COM2), so the guest console on COM1 stays comparable with native runs;
    domains need more memory than one bare-metal guest."""
    return {"extra": ["-serial", "file:%s" % hv_log], "memory": "256M"}


def _typing(proc, respond):
    """An output callback for _Reader: what RESPOND returns for a chunk
    goes to the guest's serial input (QEMU's stdin) at once."""
    def echo(chunk):
        keys = respond(chunk)
        if keys:
            try:
                proc.stdin.write(keys)
                proc.stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass  # QEMU already exited; the run's outcome says why
    return echo


def run(kernel, modules=(), timeout=60, stdin_bytes=None, accel=None, extra=(),
        memory="128M", respond=None):
    """Boot KERNEL headless, wait up to TIMEOUT seconds, return a Result.
    RESPOND: see "Serial input typed in reply" above."""
    accel = accel or pick_accel()
    st_r, st_w = os.pipe()
    try:
        proc = subprocess.Popen(
            qemu_cmd(kernel, modules, accel, list(extra) + status_args("/dev/fd/%d" % st_w),
                     memory),
            stdin=(subprocess.PIPE if stdin_bytes is not None or respond
                   else subprocess.DEVNULL),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
            pass_fds=(st_w,))
    except BaseException:
        os.close(st_r)
        raise
    finally:
        os.close(st_w)
    out = _Reader(proc.stdout, _typing(proc, respond) if respond else None)
    err, st = _Reader(proc.stderr), _StatusReader(st_r)
    out.start()
    err.start()
    st.start()
    if stdin_bytes is not None:
        threading.Thread(target=_feed, args=(proc, stdin_bytes, out.first_line),
                         daemon=True).start()
    status, timed_out = _wait(proc, timeout, err.fatal)
    out.join()
    err.join()
    st.join()
    for pipe in (proc.stdin, proc.stdout, proc.stderr):
        if pipe:
            try:
                pipe.close()
            except OSError:
                pass  # stdin: QEMU is gone, unwritten input does not matter
    return Result(out.text(), status, timed_out, err.text(), accel, st.records)


# ---- what an image is, to say which belongs where ----

def _read_head(path, n=1 << 16):
    try:
        with open(path, "rb") as f:
            return f.read(n)
    except OSError:
        return b""


def has_vmi_note(path):
    """True if PATH is an ELF32 image with the pvhv guest's VMI note
    (backends/pvhv/note.S): a guest for the hypervisor."""
    import struct
    try:
        with open(path, "rb") as f:
            img = f.read()
    except OSError:
        return False
    if len(img) < 52 or img[:4] != b"\x7fELF" or img[4] != 1:
        return False
    phoff, = struct.unpack_from("<I", img, 28)
    phentsize, phnum = struct.unpack_from("<HH", img, 42)
    for i in range(phnum):
        off = phoff + i * phentsize
        if off + 32 > len(img):
            break
        p_type, p_offset, _, _, p_filesz = struct.unpack_from("<5I", img, off)
        if p_type != 4:
            continue
        pos, end = p_offset, min(p_offset + p_filesz, len(img))
        while pos + 12 <= end:
            namesz, descsz, _ = struct.unpack_from("<3I", img, pos)
            name = img[pos + 12:pos + 12 + namesz]
            if name.rstrip(b"\0") == b"VMI":
                return True
            pos += 12 + ((namesz + 3) & ~3) + ((descsz + 3) & ~3)
    return False


def is_multiboot(path):
    """True if PATH carries a multiboot header (QEMU -kernel can boot it)."""
    import struct
    head = _read_head(path, 8192)
    for off in range(0, len(head) - 11, 4):
        magic, flags, check = struct.unpack_from("<3I", head, off)
        if magic == 0x1BADB002 and (magic + flags + check) & 0xFFFFFFFF == 0:
            return True
    return False


def is_hypervisor(path):
    """The bundled hypervisor (its banner string is in the image)."""
    return is_multiboot(path) and b"pvhv hypervisor" in _read_head(path, 1 << 22)


def wrong_image(kernel):
    """A sentence saying which image belongs where, or "" if KERNEL looks right."""
    if has_vmi_note(kernel):
        return ("%s is a pvhv guest image: it runs on the hypervisor, as a module "
                "(make run, or qemu.py build/hypervisor.elf '%s')" % (kernel, kernel))
    if not is_multiboot(kernel):
        return ("%s is no complete multiboot image (corrupt or truncated?): the kernel is the native guest "
                "(build/guest-native.elf) or the hypervisor (build/hypervisor.elf)" % kernel)
    return ""


def wrong_modules(kernel, modules):
    """Modules a hypervisor was given that are native images, as sentences."""
    out = []
    for m in modules:
        path = m.split(" ")[0]
        if "initrd" in m.split(" ")[1:]:
            continue
        if is_multiboot(path) and not has_vmi_note(path):
            out.append("%s is a native image (multiboot, no VMI note): it boots as "
                       "the kernel itself (make run-native, or qemu.py %s)" % (path, path))
    return out


def guest_option_errors(words, backend):
    """Reasons the guest-option WORDS are refused ([] if none): each must be
    key=value with a key the guest kernel (or, on pvhv, the hypervisor)
    knows, printable, without a comma (QEMU's module separator)."""
    known = GUEST_KEYS + (DOMAIN_KEYS if backend == "pvhv" else ())
    hint = ("options are key=value words: %s" %
            " ".join(k + "=" for k in known))
    errors = []
    for w in words:
        key, eq, value = w.partition("=")
        if not eq or not key or not value:
            errors.append("bad guest option %r (%s)" % (w, hint))
        elif key not in known:
            extra = (" (%s= is a hypervisor domain option: make run)" % key
                     if key in DOMAIN_KEYS else "")
            errors.append("unknown guest option %r%s (%s)" % (w, extra, hint))
        elif any(ord(c) < 33 or ord(c) > 126 for c in w) or "," in w:
            errors.append("bad guest option %r (printable, no comma)" % w)
    return errors


def _check_files(paths):
    """Fail early on a missing image: QEMU's own error exits 1 = 'guest code 0'."""
    for p in paths:
        if not os.path.isfile(p):
            print("qemu: no such file: %s" % p, file=sys.stderr)
            sys.exit(STATUS_QEMU_FAILED)


class _CatchInterrupt:
    """Note Ctrl-C (and, with ALSO, other ending signals such as SIGTERM and
    SIGHUP) instead of dying from it, while a child owns the terminal: the
    caller then ends QEMU and restores the terminal itself.

    A Python handler (unlike SIG_IGN) is reset to the default by exec, so the
    child (QEMU, gdb) still sees Ctrl-C normally."""

    def __init__(self, also=()):
        self.signals = (signal.SIGINT,) + tuple(also)

    def __enter__(self):
        self.hit = False
        self.signum = None
        self.old = [signal.signal(s, self._note) for s in self.signals]
        return self

    def _note(self, signum, frame):
        self.hit = True
        self.signum = signum

    def __exit__(self, *exc):
        for s, old in zip(self.signals, self.old):
            signal.signal(s, old)


def console_args(argv, mux):
    """COM1 on QEMU's stdio (a pipe to the launcher) with signal=off: ^C is a
    byte for the guest.  MUX: QEMU's monitor shares it behind Ctrl-A (x quits,
    c switches to the monitor and back, h helps), as QEMU users know it."""
    i = argv.index("-serial")
    argv = argv[:i] + ["-chardev", "stdio,id=console,signal=off%s" % (",mux=on" if mux else ""),
                       "-serial", "chardev:console"] + argv[i + 2:]
    if mux:
        j = argv.index("-monitor")
        argv = argv[:j] + ["-mon", "chardev=console,mode=readline"] + argv[j + 2:]
    return argv


# Sent by BusyBox's line editor to learn the cursor column; with no terminal
# on the launcher's stdin nothing would answer, and its raw bytes would only
# clutter a script's output.
CURSOR_QUERY = b"\x1b[6n"


class _OutFilter:
    """Copy console output to FD, dropping CURSOR_QUERY (which may straddle
    chunks) when DROP is set."""

    def __init__(self, fd, drop):
        self.fd, self.drop, self.held = fd, drop, b""

    def __call__(self, chunk):
        if self.drop:
            chunk = (self.held + chunk).replace(CURSOR_QUERY, b"")
            self.held = b""
            for n in range(len(CURSOR_QUERY) - 1, 0, -1):
                if chunk.endswith(CURSOR_QUERY[:n]):
                    chunk, self.held = chunk[:-n], chunk[-n:]
                    break
        _write_all(self.fd, chunk)

    def flush(self):
        _write_all(self.fd, self.held)
        self.held = b""


def _write_all(fd, data):
    while data:
        try:
            n = os.write(fd, data)
        except OSError:
            return
        data = data[n:]


class _Input(threading.Thread):
    """The launcher's stdin to the guest's console.

    Until the guest is ready (status channel "ready") the bytes are kept,
    except a Ctrl-A and the byte after it on a terminal, which QEMU's
    multiplexer takes at once (Ctrl-A x must work during boot).  At the end
    of a non-terminal stdin a ^D follows (after a newline if needed)."""

    def __init__(self, proc, is_tty):
        super().__init__(daemon=True)
        self.proc, self.is_tty = proc, is_tty
        self.lock = threading.Lock()
        self.ready = self.eof = self.escape = self.quit = False
        self.pending = bytearray()
        self.last = b"\n"
        self.extra_first = b""      # sent before the kept bytes (window size)

    def _send(self, data):
        if not data:
            return
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass

    def _to_guest(self, data):
        self._send(data)
        if data:
            self.last = data[-1:]

    def _eof_bytes(self):
        return (b"" if self.last == b"\n" else b"\n") + b"\x04"

    def set_ready(self):
        with self.lock:
            self.ready = True
            self._send(self.extra_first)
            self._to_guest(bytes(self.pending))
            self.pending.clear()
            if self.eof:
                self._to_guest(self._eof_bytes())

    def send_now(self, data):
        """Bytes from the launcher itself (a window size), in order; False if
        the input is busy (a write waiting for the guest to read): try later."""
        if not self.lock.acquire(blocking=False):
            return False
        try:
            if self.ready:
                self._send(data)
            return True
        finally:
            self.lock.release()

    def _escapes(self, data):
        """Split DATA into (bytes for QEMU's mux now, bytes for the guest)."""
        now, guest = bytearray(), bytearray()
        for b in data:
            if self.escape:
                now += bytes((1, b))
                self.escape = False
                if b in b"xX":
                    self.quit = True
            elif b == 1:
                self.escape = True
            else:
                guest.append(b)
        return bytes(now), bytes(guest)

    def run(self):
        while True:
            try:
                data = os.read(0, 4096)
            except OSError:
                data = b""
            with self.lock:
                if not data:
                    self.eof = True
                    if self.ready and not self.is_tty:
                        self._to_guest(self._eof_bytes())
                    return
                if self.is_tty:
                    now, data = self._escapes(data)
                    self._send(now)
                if self.ready:
                    self._to_guest(data)
                else:
                    self.pending += data


def _interactive(argv, timeout=None, hv_log=None):
    """The console on this terminal (or stdin/stdout); exit with the guest's
    status (see STATUS_TABLE).  Returns (status, why, alerts)."""
    is_tty = os.isatty(0)
    st_r, st_w = os.pipe()
    argv = console_args(argv, mux=is_tty) + status_args("/dev/fd/%d" % st_w)
    saved = termios.tcgetattr(0) if is_tty else None
    raw = [False]

    def to_stderr(text):
        data = text.encode() + b"\n"
        _write_all(2, data.replace(b"\n", b"\r\n") if raw[0] else data)

    # Caught from before QEMU starts: a signal ends QEMU and restores the
    # terminal instead of leaving both behind.
    ctrl_c = _CatchInterrupt(also=(signal.SIGTERM, signal.SIGHUP)).__enter__()
    winsize = None
    try:
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, start_new_session=True,
                                    pass_fds=(st_w,))
        finally:
            os.close(st_w)
        if is_tty:
            tty.setraw(0, termios.TCSANOW)
            raw[0] = True
        out_filter = _OutFilter(1, drop=not is_tty)
        inp = _Input(proc, is_tty)
        winsize = _Winsize(inp) if is_tty else None
        out = _Reader(proc.stdout, echo=out_filter)
        err = _Reader(proc.stderr,
                      echo=lambda c: to_stderr(c.decode(errors="replace").rstrip("\n")))
        st = _StatusReader(st_r, on_ready=inp.set_ready, on_alert=to_stderr)
        for t in (out, err, st, inp):
            t.start()
        if winsize:
            winsize.start()
        status, timed_out = _wait(proc, timeout, err.fatal, stop=lambda: ctrl_c.hit,
                                  tick=winsize.tick if winsize else None)
        out.join()
        err.join()
        st.join()
        out_filter.flush()
    finally:
        ctrl_c.__exit__()
        if winsize:
            winsize.stop()
        if saved is not None:
            termios.tcsetattr(0, termios.TCSADRAIN, saved)
    r = Result("", status, timed_out, err.text(), "", st.records)
    if end_record(st.records) is None:
        if ctrl_c.hit:
            return STATUS_INTERRUPTED, ("interrupted" if ctrl_c.signum == signal.SIGINT else
                                        "the launcher got signal %d" % ctrl_c.signum), st.alerts()
        if inp.quit:
            return STATUS_INTERRUPTED, "quit (Ctrl-A x)", st.alerts()
        # Killed from outside (another terminal): not the guest's doing.
        # QEMU ends on SIGTERM/SIGINT/SIGHUP by itself, saying so, with 0.
        said = re.search(r"terminating on signal (\d+)", err.text())
        if status == 0 and said:
            return STATUS_INTERRUPTED, "QEMU was killed by signal %s" % said.group(1), st.alerts()
        if status is not None and status < 0 and not err.fatal.is_set():
            return STATUS_INTERRUPTED, "QEMU was killed by signal %d" % -status, st.alerts()
    return r.status, r.why, st.alerts()


class _Winsize:
    """The terminal's size to the guest, at start and on every SIGWINCH, as
    the report a terminal gives for CSI 18 t with the 8-bit CSI (0x9B): no
    UTF-8 character starts with it (guest/tty/tty.c takes it out of the input,
    as TIOCSWINSZ, and signals SIGWINCH)."""

    def __init__(self, inp):
        self.inp, self.changed, self.old = inp, True, None

    @staticmethod
    def report():
        try:
            cols, rows = os.get_terminal_size(0)
        except OSError:
            return b""
        return winsize_report(rows, cols)

    def start(self):
        self.inp.extra_first = self.report()
        self.changed = False
        self.old = signal.signal(signal.SIGWINCH, self._note)

    def _note(self, signum, frame):
        self.changed = True

    def tick(self):
        if self.changed:
            self.changed = not self.inp.send_now(self.report())

    def stop(self):
        if self.old is not None:
            signal.signal(signal.SIGWINCH, self.old)


def winsize_report(rows, cols):
    return b"\x9b8;%d;%dt" % (rows, cols)


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


# Breakpoints of the generated gdb script: (symbol, enabled, what it is).
# Only those present in the loaded symbol tables are set.
GDB_BREAKS = (
    ("guest_main", True, "the guest kernel's entry (guest/main.c)"),
    ("hypercall_dispatch", False, "every hypercall (hypervisor/hypercall.c)"),
    ("page_fault", False, "the guest's page-fault handler (guest/mm/pagefault.c)"),
    ("panic", True, "a guest kernel panic (lib/kernel/panic.c)"),
    ("hv_panic", True, "a hypervisor panic (hypervisor/log.c)"),
)


def _symbols(elf):
    """The names an ELF image defines (nm), or an empty set."""
    try:
        out = subprocess.run(["nm", elf], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return set()
    return {line.split()[-1] for line in out.splitlines() if len(line.split()) >= 3}


def gdb_script(kernel, extra_symbols=(), batch=False, port=GDB_PORT):
    """The gdb commands that attach to QEMU's stub with every symbol table
    loaded (the hypervisor's and each pvhv guest's, which are linked at
    their own addresses) and set GDB_BREAKS; in BATCH, print where the
    first stop is and what the boot info holds, then quit."""
    lines = ["set pagination off", "set confirm off",
             "target remote :%d" % port]
    names = _symbols(kernel)
    for elf in extra_symbols:
        lines.append("add-symbol-file %s" % elf)
        names |= _symbols(elf)
    n = 0
    for sym, enabled, what in GDB_BREAKS:
        if sym not in names:
            continue
        n += 1
        lines.append("break %s" % sym)
        if not enabled:
            lines.append("disable %d" % n)
        lines.append("echo # breakpoint %d: %s%s\\n" % (n, what, "" if enabled else
                                                          " (disabled: enable %d)" % n))
    lines.append("continue")
    if batch:
        lines += ["bt 1", "print bi->nr_modules", "print bi->cmdline", "kill", "quit"]
    return "\n".join(lines) + "\n"


def _gdb(argv, kernel, symbols=(), batch=False, timeout=None, port=GDB_PORT):
    """Start QEMU halted with a gdb stub, attach gdb with the generated
    script (kept beside KERNEL as gdb-<name>.gdb), kill QEMU when gdb exits.

    QEMU gets its own session so gdb's Ctrl-C (interrupt the target) does not
    kill it; this script only notes Ctrl-C, for the same reason.  The serial output
    goes to the terminal; its input stays with gdb."""
    name = os.path.splitext(os.path.basename(kernel))[0]
    script = os.path.join(os.path.dirname(os.path.abspath(kernel)), "gdb-%s.gdb" % name)
    with open(script, "w") as f:
        f.write(gdb_script(kernel, symbols, batch, port))
    qemu = subprocess.Popen(argv + ["-gdb", "tcp::%d" % port, "-S"], stdin=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        if not _wait_listen(port, qemu):
            print("qemu: the gdb stub did not come up on port %d" % port,
                  file=sys.stderr)
            return 1
        cmd = ["gdb", "-q", "-nx"] + (["-batch"] if batch else []) + ["-x", script, kernel]
        with _CatchInterrupt():
            try:
                rc = subprocess.call(cmd, timeout=timeout)
            except subprocess.TimeoutExpired:
                print("qemu: gdb did not finish in %g s" % timeout, file=sys.stderr)
                rc = STATUS_TIMEOUT
    finally:
        _kill_group(qemu)
        qemu.wait()
    return rc


def _batch(kernel, modules, timeout, accel, hv):
    """Headless run with a timeout: print the transcript, exit with the guest's
    status.  Returns (status, why, alerts)."""
    r = run(kernel, modules, timeout=timeout, accel=accel, **hv)
    sys.stdout.write(r.transcript)
    sys.stdout.flush()
    sys.stderr.write(r.stderr)
    alerts = [a for a in r.records if a.startswith("hv: ")]
    for a in alerts:
        print(a, file=sys.stderr)
    why = r.why
    if r.status == STATUS_TIMEOUT:
        why = "the run timed out after %g s" % timeout
    return r.status, why, alerts


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Boot a multiboot image in QEMU.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit status:\n" + "\n".join("  %-6s %s" % row for row in STATUS_TABLE))
    p.add_argument("--interactive", action="store_true",
                   help="console on this terminal (or stdin/stdout), no timeout "
                        "unless --timeout")
    p.add_argument("--gdb", action="store_true",
                   help="start halted with a gdb stub on :%d and attach gdb" % GDB_PORT)
    p.add_argument("--gdb-batch", action="store_true",
                   help="as --gdb, but gdb runs the script alone: it stops at the "
                        "first breakpoint, prints where, and quits (for tests)")
    p.add_argument("--gdb-port", type=int, default=GDB_PORT,
                   help="the gdb stub's TCP port (default %d)" % GDB_PORT)
    p.add_argument("--timeout", type=float, default=None,
                   help="seconds before the run is killed (default 60 headless, "
                        "none with --interactive)")
    p.add_argument("--accel", choices=("kvm", "tcg"),
                   help="accelerator (default: kvm if /dev/kvm is usable; "
                        "VMI_ACCEL overrides the default)")
    p.add_argument("--hv-log", metavar="FILE",
                   help="the hypervisor's log (COM2) goes to FILE (default: a "
                        "temporary file, named when the run fails)")
    p.add_argument("--append", metavar="OPTIONS", default="",
                   help="KERNEL's command line (QEMU -append: the multiboot "
                        "command line), e.g. sched=det for a native guest")
    p.add_argument("--guest-opts", metavar="WORDS", default=None,
                   help="key=value words for the guest kernel, checked: natively "
                        "its command line, on the hypervisor appended to the first "
                        "domain's options")
    p.add_argument("--guest-opts-env", metavar="VAR",
                   help="take --guest-opts from the environment variable VAR "
                        "(make passes GUEST_OPTS so, unquoted)")
    p.add_argument("--disk", metavar="PATH[:ro]", action="append", default=[],
                   help="attach a raw disk image as a virtio-pci block device "
                        "(repeatable; :ro read-only); make run-native DISK=path")
    p.add_argument("--net", metavar="TYPE[,OPTS]", action="append", default=[],
                   help="attach a virtio-pci NIC on the QEMU -netdev backend "
                        "TYPE with OPTS (repeatable), e.g. user or "
                        "user,hostfwd=tcp::8080-:80")
    p.add_argument("--report", metavar="NAME",
                   help="end with one line 'NAME: guest exited with status N' "
                        "(or what else ended the run)")
    p.add_argument("kernel")
    p.add_argument("modules", nargs="*",
                   help='module images; "path options" passes options to it')
    return p.parse_args(argv)


def _hv_log_lines(path):
    """The hypervisor log's lines about domains that died (for a crash)."""
    try:
        with open(path, errors="replace") as f:
            return [l.rstrip("\n") for l in f
                    if " killed: " in l or " crashed " in l or "PANIC" in l]
    except OSError:
        return []


def main(argv=None):
    args = parse_args(argv)
    _check_files([args.kernel] + [m.split(" ")[0] for m in args.modules])
    status, why = _main(args)
    if why and not args.report:
        print("qemu: %s (status %d)" % (why, status), file=sys.stderr)
    if args.report:
        print(describe(status, why, args.report), file=sys.stderr)
    return status


def _main(args):
    """(status, why) of the run ARGS ask for."""
    wrong = wrong_image(args.kernel)
    if wrong and has_vmi_note(args.kernel):
        print("qemu: " + wrong, file=sys.stderr)
        return STATUS_QEMU_FAILED, STATUS_WHY[STATUS_QEMU_FAILED]
    hv_run = is_hypervisor(args.kernel) or any(has_vmi_note(m.split(" ")[0])
                                               for m in args.modules)
    modules = list(args.modules)
    append = args.append
    words = args.guest_opts
    if args.guest_opts_env:
        words = os.environ.get(args.guest_opts_env, "")
    if words:
        words = words.split()
        errors = guest_option_errors(words, "pvhv" if hv_run else "native")
        for e in errors:
            print("qemu: " + e, file=sys.stderr)
        if errors:
            return STATUS_USAGE, "guest options refused"
        if hv_run:
            i = next((i for i, m in enumerate(modules)
                      if "initrd" not in m.split(" ")[1:]), None)
            if i is None:
                return STATUS_USAGE, "no domain module for the guest options"
            modules[i] = " ".join([modules[i]] + words)
        else:
            append = " ".join(([append] if append else []) + words)
    try:
        accel = args.accel or pick_accel(os.path.dirname(os.path.abspath(args.kernel)))
    except ValueError as e:
        print("qemu: %s" % e, file=sys.stderr)
        return STATUS_USAGE, "bad VMI_ACCEL"
    hv_log, temp_log = args.hv_log, None
    if not hv_log:
        fd, temp_log = tempfile.mkstemp(prefix="vmi-hv-", suffix=".log")
        os.close(fd)
        hv_log = temp_log
    opts = hypervisor_args(hv_log)
    if not hv_run:
        opts.pop("memory")
    if append:
        opts["extra"] = opts["extra"] + ["-append", append]
    if args.disk:
        _check_files([d[:-3] if d.endswith(":ro") else d for d in args.disk])
        opts["extra"] = opts["extra"] + disk_args(args.disk)
    if args.net:
        try:
            opts["extra"] = opts["extra"] + net_args(args.net)
        except ValueError as e:
            print("qemu: %s" % e, file=sys.stderr)
            return STATUS_USAGE, "bad network"
    try:
        cmd = qemu_cmd(args.kernel, modules, accel, **opts)
    except ValueError as e:
        print("qemu: %s" % e, file=sys.stderr)
        return STATUS_USAGE, "bad module"
    if args.gdb or args.gdb_batch:
        symbols = [m.split(" ")[0] for m in modules if has_vmi_note(m.split(" ")[0])]
        status, why, alerts = _gdb(cmd, args.kernel, symbols, args.gdb_batch, args.timeout,
                                   args.gdb_port), "", []
    elif args.interactive:
        status, why, alerts = _interactive(cmd, args.timeout, hv_log)
    else:
        status, why, alerts = _batch(args.kernel, modules,
                                     60.0 if args.timeout is None else args.timeout,
                                     accel, opts)
    if status == STATUS_QEMU_FAILED and wrong:
        print("qemu: " + wrong, file=sys.stderr)
    if alerts and hv_run:
        for hint in wrong_modules(args.kernel, modules):
            print("qemu: " + hint, file=sys.stderr)
    if status == STATUS_CRASH and hv_run and not alerts:
        for line in _hv_log_lines(hv_log):
            print(line, file=sys.stderr)
    failed = why != "" and status != STATUS_INTERRUPTED
    log_used = os.path.exists(hv_log) and os.path.getsize(hv_log) > 0
    if temp_log and not (failed and log_used):
        os.remove(temp_log)
    elif failed and log_used:
        print("qemu: the hypervisor's log is %s" % hv_log, file=sys.stderr)
    return status, why


if __name__ == "__main__":
    sys.exit(main())
