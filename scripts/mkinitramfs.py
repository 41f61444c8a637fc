#!/usr/bin/env python3
"""mkinitramfs.py - write the guest's initramfs: a cpio archive, "newc" format.

Two ways to call it:

  mkinitramfs.py --out build/initramfs.cpio --busybox /bin/busybox \\
                 --programs build/guest/user [--extra DIR]
      The base image: directories (/bin /sbin /etc /dev /proc /tmp /root
      /usr/bin /usr/sbin), /bin/busybox and a symlink /bin/<applet> ->
      busybox for every applet `busybox --list` names, our init as
      /sbin/init, every other program of --programs in /usr/bin,
      /etc/passwd and /etc/group (root, daemon, bin, nobody), and the tree of --extra.

  mkinitramfs.py --out X.cpio --base build/initramfs.cpio
                 [--file /etc/cmd=path/to/script] [--exec DEST=SRC] [--cmd-env VAR]
      The base archive plus files: --file copies a host file in (--exec:
      as an executable, mode 0755; both work with --busybox too); --cmd-env
      writes the value of environment variable VAR (when not empty) as
      /etc/cmd.  `make run CMD=...` uses --cmd-env so the command reaches
      the guest byte for byte: no shell ever re-quotes it.

The output is deterministic: entries sorted by path, inode numbers in that
order, every mtime MTIME, uid and gid 0 - the same inputs give the same
bytes.  Names carry no leading "/" (as Linux's gen_init_cpio writes them);
device nodes are not included, the guest's file layer provides /dev.

As a module (conformance/run.py, scripts/tests): Entry, read_cpio,
write_cpio, extract.  Standard library only.
"""
import argparse
import os
import stat
import subprocess
import sys

MAGIC = b"070701"
TRAILER = "TRAILER!!!"
MTIME = 1704067200          # 2024-01-01 00:00:00 UTC, for every entry
DIRS = ("bin", "sbin", "etc", "dev", "proc", "tmp", "root", "usr", "usr/bin", "usr/sbin")
# Debian base-passwd's first entries and nobody: LTP's tests switch to
# nobody, bin and daemon (getpwnam) and to the groups nogroup and users.
PASSWD = ("root:x:0:0:root:/root:/bin/sh\n"
          "daemon:x:1:1:daemon:/usr/sbin:/bin/false\n"
          "bin:x:2:2:bin:/bin:/bin/false\n"
          "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n")
GROUP = ("root:x:0:\n"
         "daemon:x:1:\n"
         "bin:x:2:\n"
         "users:x:100:\n"
         "nogroup:x:65534:\n")


class Entry:
    """One archive member: path (no leading "/"), mode (type and
    permissions) and data (file content, or a symlink's target)."""

    def __init__(self, path, mode, data=b""):
        self.path = normalize(path)
        self.mode = mode
        self.data = data

    def __eq__(self, other):
        return (self.path, self.mode, self.data) == (other.path, other.mode, other.data)

    def __repr__(self):
        return "Entry(%r, %o, %d bytes)" % (self.path, self.mode, len(self.data))


def normalize(path):
    """"/usr//bin/" -> "usr/bin"; refuses "..", which could escape a tree."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts or not parts:
        raise ValueError("bad archive path: %r" % path)
    return "/".join(parts)


def directory(path):
    """/tmp is world-writable and sticky, as on any Unix; the rest 0755."""
    perm = 0o1777 if normalize(path) == "tmp" else 0o755
    return Entry(path, stat.S_IFDIR | perm)


def regular(path, data, perm=0o644):
    return Entry(path, stat.S_IFREG | perm, data)


def symlink(path, target):
    return Entry(path, stat.S_IFLNK | 0o777, target.encode())


# ---- the newc format ----

def _pad4(n):
    return (4 - n % 4) % 4


def _header(ino, e):
    """The 110-byte header: "070701" and 13 fields of 8 hex digits."""
    nlink = 2 if stat.S_ISDIR(e.mode) else 1
    name_size = len(e.path.encode()) + 1
    fields = (ino, e.mode, 0, 0, nlink, MTIME, len(e.data), 0, 0, 0, 0, name_size, 0)
    return MAGIC + b"".join(b"%08X" % f for f in fields)


def _member(ino, e):
    name = e.path.encode() + b"\0"
    head = _header(ino, e) + name
    return head + b"\0" * _pad4(len(head)) + e.data + b"\0" * _pad4(len(e.data))


def sort_key(e):
    """Path components: a directory always comes before what it holds."""
    return e.path.split("/")


def write_cpio(entries):
    """The archive bytes for ENTRIES (sorted here), with the trailer."""
    out = [_member(ino, e) for ino, e in enumerate(sorted(entries, key=sort_key), 1)]
    out.append(_member(0, Entry(TRAILER, 0)))
    return b"".join(out)


def read_cpio(data):
    """The entries of a newc archive (up to its trailer), in archive order."""
    entries, off = [], 0
    while True:
        if data[off:off + 6] != MAGIC:
            raise ValueError("not a newc cpio header at offset %d" % off)
        fields = [int(data[off + 6 + 8 * i: off + 14 + 8 * i], 16) for i in range(13)]
        mode, size, name_size = fields[1], fields[6], fields[11]
        name_end = off + 110 + name_size
        name = data[off + 110: name_end - 1].decode()
        start = name_end + _pad4(110 + name_size)
        if name == TRAILER:
            return entries
        entries.append(Entry(name, mode, data[start:start + size]))
        off = start + size + _pad4(size)


def with_parents(entries):
    """ENTRIES plus a directory entry for every missing parent."""
    have = {e.path for e in entries}
    extra = []
    for e in entries:
        parts = e.path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            p = "/".join(parts[:i])
            if p not in have:
                have.add(p)
                extra.append(directory(p))
    return entries + extra


def merge(base, additions):
    """BASE with ADDITIONS replacing entries of the same path."""
    paths = {e.path for e in additions}
    return with_parents([e for e in base if e.path not in paths] + list(additions))


def extract(entries, root):
    """Lay ENTRIES out under the host directory ROOT (for the host run of a
    system test): directories, files with their permissions, symlinks."""
    for e in sorted(entries, key=sort_key):
        dest = os.path.join(root, e.path)
        kind = stat.S_IFMT(e.mode)
        if kind == stat.S_IFDIR:
            os.makedirs(dest, exist_ok=True)
        elif kind == stat.S_IFLNK:
            os.symlink(e.data.decode(), dest)
        elif kind == stat.S_IFREG:
            with open(dest, "wb") as f:
                f.write(e.data)
        else:
            continue                    # no device nodes in our archives
        if kind != stat.S_IFLNK:
            os.chmod(dest, stat.S_IMODE(e.mode))


# ---- building the base image ----

def read_file(path):
    with open(path, "rb") as f:
        return f.read()


def applets(busybox):
    """The applet names `busybox --list` prints (the host can run the i386
    binary), without "busybox" itself."""
    out = subprocess.run([busybox, "--list"], check=True, capture_output=True,
                         text=True).stdout
    return sorted(a for a in out.split() if a and a != "busybox" and "/" not in a)


def program_entries(programs):
    """init becomes /sbin/init; every other program goes to /usr/bin."""
    entries = []
    for name in sorted(os.listdir(programs)):
        path = os.path.join(programs, name)
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            continue
        dest = "sbin/init" if name == "init" else "usr/bin/" + name
        entries.append(regular(dest, read_file(path), 0o755))
    return entries


def tree_entries(top):
    """Every directory, file and symlink below the host directory TOP."""
    entries = []
    for dirpath, dirnames, filenames in os.walk(top):
        rel = os.path.relpath(dirpath, top)
        for name in sorted(dirnames + filenames):
            src = os.path.join(dirpath, name)
            dest = name if rel == "." else rel + "/" + name
            st = os.lstat(src)
            if stat.S_ISLNK(st.st_mode):
                entries.append(symlink(dest, os.readlink(src)))
            elif stat.S_ISDIR(st.st_mode):
                entries.append(Entry(dest, stat.S_IFDIR | stat.S_IMODE(st.st_mode)))
            elif stat.S_ISREG(st.st_mode):
                entries.append(regular(dest, read_file(src), stat.S_IMODE(st.st_mode)))
    return entries


def base_entries(busybox, programs, extra=None):
    entries = [directory(d) for d in DIRS]
    entries.append(regular("bin/busybox", read_file(busybox), 0o755))
    entries += [symlink("bin/" + a, "busybox") for a in applets(busybox)]
    entries += program_entries(programs)
    entries += [regular("etc/passwd", PASSWD.encode()), regular("etc/group", GROUP.encode())]
    if not any(e.path == "sbin/init" for e in entries):
        raise ValueError("no init program in %s" % programs)
    return merge(entries, tree_entries(extra) if extra else [])


# ---- the command ----

def added_files(specs, cmd_env, exec_specs=()):
    """Entries for --file DEST=SRC, --exec DEST=SRC and --cmd-env VAR."""
    entries = []
    for spec, mode in [(s, 0o644) for s in specs] + [(s, 0o755) for s in exec_specs]:
        dest, sep, src = spec.partition("=")
        if not sep:
            raise ValueError("--file and --exec want DEST=SRC, not %r" % spec)
        entries.append(regular(dest, read_file(src), mode))
    if cmd_env and os.environ.get(cmd_env, ""):
        entries.append(regular("etc/cmd", os.environ[cmd_env].encode(), 0o644))
    return entries


def write_atomically(path, data):
    """Write via a temporary name, so make never sees half an archive."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def parse_args(argv):
    p = argparse.ArgumentParser(description="Write the guest's initramfs (cpio newc).")
    p.add_argument("--out", required=True, help="the archive to write")
    p.add_argument("--base", help="start from this archive instead of building one")
    p.add_argument("--busybox", help="the i386 busybox binary (base image)")
    p.add_argument("--programs", help="directory of our user programs (base image)")
    p.add_argument("--extra", help="a directory tree to add at / (base image)")
    p.add_argument("--file", action="append", default=[], metavar="DEST=SRC",
                   help="add the host file SRC as DEST (repeatable)")
    p.add_argument("--exec", action="append", default=[], metavar="DEST=SRC",
                   help="the same, as an executable (repeatable)")
    p.add_argument("--cmd-env", metavar="VAR",
                   help="write $VAR, if set and not empty, as /etc/cmd")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        if args.base:
            entries = read_cpio(read_file(args.base))
        elif args.busybox and args.programs:
            if not os.path.isfile(args.busybox):
                sys.exit("mkinitramfs: no busybox at %s (make setup installs "
                         "busybox-static:i386)" % args.busybox)
            entries = base_entries(args.busybox, args.programs, args.extra)
        else:
            sys.exit("mkinitramfs: give --base, or --busybox and --programs")
        entries = merge(entries, added_files(args.file, args.cmd_env, args.exec))
    except (OSError, ValueError, subprocess.CalledProcessError) as e:
        sys.exit("mkinitramfs: %s" % e)
    write_atomically(args.out, write_cpio(entries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
