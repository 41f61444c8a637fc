"""linux_record.py - Linux's written-down answers for hosts that emulate i386.

A shell test (shell_tests.py) is judged against the same script run on the
host, because the host is a real Linux.  Where the host's kernel cannot
execute i386 programs itself (seen: a PVM/Firecracker VM that refuses them),
scripts/setup.sh has binfmt_misc hand them to QEMU's user-mode emulator -
and that emulator is not Linux: QEMU 10's qemu-i386 has no futex_waitv and
no mlock2, dumps core itself (and says so on the terminal), passes a dnotify
signal's si_fd as 0, and differs in smaps, waitid, SysV IPC's old layouts
and modify_ldt.  A test that asks those questions keeps a record,
conformance/system/<name>.linux: the script's output on a host that runs
i386 programs itself.  On an emulating host the test is judged against the
record; on any other host against the host's own run, as before - and
`run.py --record-linux` rewrites the records from that run, so the records
always come from Linux.  Standard library only.
"""
import os

BINFMT_DIR = "/proc/sys/fs/binfmt_misc"
# e_ident of a 32-bit little-endian ELF, and e_machine EM_386 at offset 18.
ELF32_LSB_PREFIX = "7f454c460101"
EM_386_HEX = "0300"


def record_path(root, test):
    """conformance/<category>/<name>.linux for TEST (category/name.sh)."""
    return os.path.join(root, "conformance", os.path.splitext(test)[0] + ".linux")


def has_record(root, test):
    return os.path.isfile(record_path(root, test))


def read_record(root, test):
    """(output, status) as shell_tests.judge wants the host's: a record is
    only ever made from a run that succeeded."""
    with open(record_path(root, test)) as f:
        return f.read(), 0


def write_record(root, test, output):
    with open(record_path(root, test), "w") as f:
        f.write(output)


def parse_entry(text):
    """(enabled, interpreter, magic hex) of one binfmt_misc entry's file."""
    enabled, interp, magic = False, None, ""
    for line in text.splitlines():
        if line == "enabled":
            enabled = True
        elif line.startswith("interpreter "):
            interp = line[len("interpreter "):]
        elif line.startswith("magic "):
            magic = line[len("magic "):].strip().lower()
    return enabled, interp, magic


def runs_i386(magic):
    """Whether an entry with this magic (hex, from offset 0) claims i386
    executables."""
    return magic.startswith(ELF32_LSB_PREFIX) and magic[36:40] == EM_386_HEX


def i386_emulator(binfmt_dir=BINFMT_DIR):
    """The interpreter an enabled binfmt_misc entry gives i386 programs on
    this host, or None when the kernel runs them itself."""
    try:
        names = sorted(os.listdir(binfmt_dir))
        with open(os.path.join(binfmt_dir, "status")) as f:
            if f.read().strip() != "enabled":
                return None
    except OSError:
        return None
    for name in names:
        if name in ("register", "status"):
            continue
        try:
            with open(os.path.join(binfmt_dir, name)) as f:
                enabled, interp, magic = parse_entry(f.read())
        except OSError:
            continue
        if enabled and runs_i386(magic):
            return interp
    return None
