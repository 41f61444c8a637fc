# test_guest_fs.py - the guest's file layer on the host: the RAM filesystem,
# path resolution, open files, pipes, the console tty's line discipline and
# initramfs unpacking, built from the real sources into a 32-bit program
# (guest_fs_harness.c: the process core's services are stand-ins).
#
# Linux itself is the reference wherever it can be: the same operations run
# in a tmpfs directory on this host and in the harness must give the same
# errno, types, modes, link counts, sizes and contents (a scripted list and
# a seeded random walk), and the line discipline is compared with a Linux
# pseudo-terminal fed the same keystrokes.  Tests skip when gcc/ld are
# missing or 32-bit programs cannot run here.
import errno
import fcntl
import os
import random
import select
import shutil
import stat
import struct
import subprocess
import tempfile
import termios
import time
import unittest

from scripts.tests.harness import GUEST_INCLUDES, Harness
from scripts.tests.util import ROOT
SOURCES = ["guest/kern/kmalloc.c", "guest/kern/wallclock.c", "guest/fs/fs.c", "guest/fs/fs_inode.c",
           "guest/fs/fs_data.c", "guest/fs/fs_dir.c", "guest/fs/fs_path.c",
           "guest/fs/fs_namei.c", "guest/fs/fs_rename.c", "guest/fs/fs_file.c",
           "guest/fs/fs_perm.c",
           "guest/fs/dev.c", "guest/tty/tty.c", "guest/tty/tty_ioctl.c", "guest/tty/pty.c",
           "guest/fs/pipe.c", "guest/fs/procfs.c", "guest/fs/initramfs.c",
           "guest/fs/fs_lock.c", "guest/fs/flock.c", "guest/fs/mount.c", "guest/blk/blkdev.c",
           "guest/fs/procfs_task.c", "guest/fs/procfs_sysctl.c", "guest/fs/lease.c",
           "guest/fs/fasync.c", "guest/fs/xattr.c", "guest/fs/tmpfs.c", "guest/fs/dnotify.c",
           "guest/fs/pipe_user.c",
           "guest/blk/bcache.c", "guest/ext2/ext2_super.c", "guest/ext2/ext2_alloc.c",
           "guest/ext2/ext2_inode.c", "guest/ext2/ext2_bmap.c", "guest/ext2/ext2_file.c",
           "guest/ext2/ext2_dir.c",
           "guest/fs/dev_vmctl.c", "backends/native/control.c", "backends/native/balloon.c",
           "lib/string.c", "lib/format.c", "lib/libgcc64.c",
           "lib/kernel/printf.c", "scripts/tests/guest_fs_harness.c"]
TIMEOUT = 60

# Linux i386 numbers the harness is driven with (the same on x86-64).
O_RDONLY, O_WRONLY, O_RDWR = 0, 1, 2
O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_NONBLOCK = 0o100, 0o200, 0o1000, 0o2000, 0o4000
O_DIRECTORY, O_NOFOLLOW = 0o200000, 0o400000
TCGETS, TCSETS, TCSETSF, TIOCGPGRP, TIOCSPGRP = 0x5401, 0x5402, 0x5404, 0x540F, 0x5410
VMCTL_HV_INFO = (ord("V") << 8) | 11      # guest/fs/vmctl_abi.h
TIOCSCTTY, TIOCGWINSZ, FIONREAD = 0x540E, 0x5413, 0x541B
POLLIN, POLLOUT, POLLERR, POLLHUP = 1, 4, 8, 16

HARNESS = Harness(SOURCES, GUEST_INCLUDES)


def harness_exe():
    return HARNESS.exe()


def tearDownModule():
    HARNESS.cleanup()


class HarnessPanic(Exception):
    pass


class Harness:
    """One harness process: send a command, get its answer line."""

    def __init__(self):
        self.p = subprocess.Popen([harness_exe()], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, cwd=ROOT)
        self.buf = b""
        first = self._line()
        if first.startswith("skip:"):
            self.close()
            raise unittest.SkipTest(first)
        if first != "ready":
            raise HarnessPanic(first)

    def _line(self):
        # Our own buffer: select() cannot see lines a buffered reader holds.
        while b"\n" not in self.buf:
            ready, _, _ = select.select([self.p.stdout], [], [], TIMEOUT)
            if not ready:
                self.p.kill()
                raise HarnessPanic("harness timed out")
            chunk = os.read(self.p.stdout.fileno(), 1 << 16)
            if not chunk:
                raise HarnessPanic("harness exited (status %s)" % self.p.wait())
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        line = line.decode()
        if line.startswith("panic:") or line.startswith("error:"):
            raise HarnessPanic(line)
        return line

    def cmd(self, line, extra=0):
        """Send LINE; the answers of EXTRA deferred commands that run while
        it sleeps come first.  Returns the command's own answer."""
        self.p.stdin.write(line.encode() + b"\n")
        self.p.stdin.flush()
        for _ in range(extra):
            self._line()
        return self._line()

    def num(self, line, extra=0):
        return int(self.cmd(line, extra))

    def close(self):
        if self.p.poll() is None:
            self.p.stdin.close()
            self.p.wait(timeout=TIMEOUT)
        self.p.stdout.close()


def err_name(rc):
    return errno.errorcode.get(-rc, str(rc)) if rc < 0 else rc


# ---- the same operations on Linux and in the harness ----

def summarize_stat(mode, nlink, size):
    """What must agree: type, permissions, links, and sizes of non-dirs
    (directory sizes are filesystem-specific)."""
    return "%o %d %s" % (mode, nlink, "-" if stat.S_ISDIR(mode) else size)


class HostFS:
    """The reference: Linux in a tmpfs directory."""

    def __init__(self, top):
        self.top = top
        self.fds = {}

    def _call(self, fn, *args):
        old = os.getcwd()
        os.chdir(self.top)
        mask = os.umask(0)
        try:
            return fn(*args)
        except OSError as e:
            return errno.errorcode[e.errno]
        finally:
            os.umask(mask)
            os.chdir(old)

    def op(self, name, *a):
        return self._call(getattr(self, "_" + name), *a)

    def _open(self, h, path, flags, mode):
        self.fds[h] = os.open(path, flags, mode)
        return "ok"

    def _close(self, h):
        os.close(self.fds.pop(h))
        return "ok"

    def _write(self, h, data):
        return os.write(self.fds[h], data)

    def _read(self, h, n):
        return os.read(self.fds[h], n).hex() or "-"

    def _seek(self, h, off, whence):
        return os.lseek(self.fds[h], off, whence)

    def _fstat(self, h):
        st = os.fstat(self.fds[h])
        return summarize_stat(st.st_mode, st.st_nlink, st.st_size)

    def _stat(self, path):
        st = os.stat(path)
        return summarize_stat(st.st_mode, st.st_nlink, st.st_size)

    def _lstat(self, path):
        st = os.lstat(path)
        return summarize_stat(st.st_mode, st.st_nlink, st.st_size)

    def _mkdir(self, path, mode):
        os.mkdir(path, mode)
        return "ok"

    def _rmdir(self, path):
        os.rmdir(path)
        return "ok"

    def _unlink(self, path):
        os.unlink(path)
        return "ok"

    def _rename(self, a, b):
        os.rename(a, b)
        return "ok"

    def _symlink(self, target, path):
        os.symlink(target, path)
        return "ok"

    def _link(self, a, b):
        os.link(a, b, follow_symlinks=False)
        return "ok"

    def _readlink(self, path):
        return os.readlink(path).encode().hex()

    def _access(self, path, mode):
        os.stat(path)               # ENOENT, ENOTDIR, ELOOP as access(2) says
        return "ok" if os.access(path, mode) else "EACCES"

    def _truncate(self, path, n):
        os.truncate(path, n)
        return "ok"

    def _chmod(self, path, mode):
        os.chmod(path, mode)
        return "ok"

    def _ls(self, path):
        return " ".join(sorted(os.listdir(path)))

    def _chdir(self, path):
        os.chdir(path)            # only to check it; _call restores
        return "ok"


class GuestFS:
    """The same operations through the harness."""

    def __init__(self, h):
        self.h = h
        self.fds = {}

    def op(self, name, *a):
        return getattr(self, "_" + name)(*a)

    def _rc(self, line):
        rc = int(self.h.cmd(line))
        return "ok" if rc == 0 else err_name(rc)

    def _open(self, h, path, flags, mode):
        rc = int(self.h.cmd("open %s 0%o 0%o" % (path, flags, mode)))
        if rc < 0:
            return err_name(rc)
        self.fds[h] = rc
        return "ok"

    def _close(self, h):
        self.h.cmd("close %d" % self.fds.pop(h))
        return "ok"

    def _write(self, h, data):
        rc = int(self.h.cmd("write %d %s" % (self.fds[h], data.hex() or "-")))
        return err_name(rc) if rc < 0 else rc

    def _read(self, h, n):
        out = self.h.cmd("read %d %d" % (self.fds[h], n))
        return err_name(int(out)) if out.startswith("-") and out != "-" else out

    def _seek(self, h, off, whence):
        rc = int(self.h.cmd("seek %d %d %d" % (self.fds[h], off, whence)))
        return err_name(rc) if rc < 0 else rc

    def _fstat(self, h):
        mode, nlink, size, _ = self.h.cmd("fstat %d" % self.fds[h]).split()
        return summarize_stat(int(mode, 8), int(nlink), int(size))

    def _stat_line(self, line):
        out = self.h.cmd(line).split()
        if len(out) == 1:
            return err_name(int(out[0]))
        return summarize_stat(int(out[0], 8), int(out[1]), int(out[2]))

    def _stat(self, path):
        return self._stat_line("stat " + path)

    def _lstat(self, path):
        return self._stat_line("lstat " + path)

    def _mkdir(self, path, mode):
        return self._rc("mkdir %s 0%o" % (path, mode))

    def _rmdir(self, path):
        return self._rc("rmdir " + path)

    def _unlink(self, path):
        return self._rc("unlink " + path)

    def _rename(self, a, b):
        return self._rc("rename %s %s" % (a, b))

    def _symlink(self, target, path):
        return self._rc("symlink %s %s" % (target or "-", path))

    def _link(self, a, b):
        return self._rc("link %s %s 0" % (a, b))

    def _readlink(self, path):
        out = self.h.cmd("readlink %s 4096" % path)
        return err_name(int(out)) if out.startswith("-") and out != "-" else out

    def _access(self, path, mode):
        return self._rc("access %s %d" % (path, mode))

    def _truncate(self, path, n):
        return self._rc("truncate %s %d" % (path, n))

    def _chmod(self, path, mode):
        return self._rc("chmod %s 0%o" % (path, mode))

    def _ls(self, path):
        out = self.h.cmd("ls " + path)
        if out.lstrip("-").isdigit():
            return err_name(int(out))
        return " ".join(sorted(n for n in out.split() if n not in (".", "..")))

    def _chdir(self, path):
        rc = int(self.h.cmd("chdir " + path))
        if rc == 0:
            self.h.cmd("chdir /w")
        return "ok" if rc == 0 else err_name(rc)


def host_top():
    """A tmpfs directory if the host has one: the closest to a RAM fs."""
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    return tempfile.mkdtemp(prefix="guest-fs-", dir=base)


class AgainstLinux(unittest.TestCase):
    """Scripted and random operations, compared step by step with Linux."""

    def setUp(self):
        self.h = Harness()
        self.top = host_top()
        os.chmod(self.top, 0o755)
        self.host, self.guest = HostFS(self.top), GuestFS(self.h)
        # The harness's root holds dev/ and proc/: work in a directory so
        # listings compare.
        self.assertEqual(self.h.cmd("mkdir w 0755"), "0")
        self.assertEqual(self.h.cmd("chdir w"), "0")

    def tearDown(self):
        self.h.close()
        shutil.rmtree(self.top, ignore_errors=True)

    def same(self, name, *args):
        want = self.host.op(name, *args)
        got = self.guest.op(name, *args)
        self.assertEqual(got, want, "%s%r: guest %r, Linux %r" % (name, args, got, want))
        return got

    def run_script(self, script):
        for step in script:
            self.same(*step)

    def test_errors_of_paths(self):
        self.run_script([
            ("open", 0, "file", O_CREAT | O_WRONLY, 0o644), ("close", 0),
            ("mkdir", "dir", 0o755), ("symlink", "dir", "ldir"),
            ("symlink", "nowhere/x", "dang"), ("symlink", "newf", "dang2"),
            ("symlink", "loop2", "loop1"), ("symlink", "loop1", "loop2"),
            ("open", 1, "file/", O_RDONLY, 0), ("open", 1, "new/", O_CREAT | O_WRONLY, 0o644),
            ("open", 1, "file/", O_CREAT | O_WRONLY, 0o644),
            ("open", 1, "dir", O_CREAT | O_RDONLY, 0o644),
            ("open", 1, "dir", O_RDONLY | O_TRUNC, 0), ("open", 1, "dir", O_WRONLY, 0),
            ("open", 1, "dang", O_CREAT | O_WRONLY, 0o644),
            ("open", 1, "dang2", O_CREAT | O_WRONLY, 0o600), ("close", 1),
            ("lstat", "newf"), ("open", 1, "dang2", O_CREAT | O_EXCL | O_WRONLY, 0o600),
            ("open", 1, "ldir", O_RDONLY | O_NOFOLLOW, 0),
            ("open", 1, "ldir/", O_RDONLY | O_NOFOLLOW, 0), ("close", 1),
            ("open", 1, "file", O_RDONLY | O_DIRECTORY, 0),
            ("open", 1, "nx", O_RDONLY | O_DIRECTORY | O_CREAT, 0o644),
            ("open", 1, ".", O_RDONLY | O_CREAT | O_EXCL, 0o644),
            ("open", 1, ".", O_RDONLY | O_CREAT, 0o644),
            ("open", 1, "ldir", O_CREAT | O_EXCL | O_RDONLY, 0o644),
            ("symlink", "x", "new2/"), ("symlink", "", "e"), ("symlink", "x", "file/"),
            ("mkdir", "nd/", 0o700), ("mkdir", "ldir/", 0o700), ("mkdir", "dang/", 0o700),
            ("mkdir", "dang", 0o700), ("mkdir", ".", 0o700), ("mkdir", "..", 0o700),
            ("mkdir", "file/x", 0o700), ("mkdir", "nx/x", 0o700),
            ("rmdir", "ldir/"), ("unlink", "ldir/"), ("unlink", "dir/"), ("unlink", "file/"),
            ("unlink", "."), ("unlink", "dir/.."), ("rmdir", "."), ("rmdir", "dir/.."),
            ("rmdir", "file"), ("rmdir", "nx"), ("unlink", "dir"),
            ("link", "dir", "d3"), ("link", "file", "f3/"), ("link", "file", "dir"),
            ("link", "nx", "f4"), ("link", "dang", "f5"), ("lstat", "f5"),
            ("readlink", "file"), ("readlink", "ldir/"), ("readlink", "ldir"),
            ("readlink", "dang"), ("readlink", "nx"),
            ("stat", ""), ("stat", "file/."), ("stat", "file/.."), ("stat", "dir/./../file"),
            ("stat", "a" * 256), ("stat", "a" * 256 + "/b"), ("stat", "zz/" + "a" * 256),
            ("stat", "a" * 255), ("mkdir", "b" * 255, 0o755), ("stat", "b" * 255),
            ("stat", "loop1"), ("lstat", "loop1"), ("open", 1, "loop1", O_CREAT | O_WRONLY, 0),
            ("stat", "ldir/"), ("lstat", "ldir/"), ("lstat", "dang/"), ("stat", "dang"),
            ("access", "file", os.X_OK), ("access", "dir", os.X_OK), ("access", "nx", 0),
            ("chmod", "file", 0o4755), ("stat", "file"), ("access", "file", os.X_OK),
            ("access", "ldir", os.X_OK), ("chdir", "file"), ("chdir", "ldir"),
            ("truncate", "dir", 0), ("truncate", "nx", 0),
        ])

    def test_symlink_chains(self):
        # 40 links are followed, the 41st is ELOOP; relative and absolute-free.
        script = [("mkdir", "d", 0o755), ("symlink", "d", "c0")]
        for i in range(1, 42):
            script.append(("symlink", "c%d" % (i - 1), "c%d" % i))
        script += [("stat", "c39"), ("stat", "c40"), ("stat", "c41"), ("lstat", "c41"),
                   ("mkdir", "c39/sub", 0o755), ("stat", "c38/sub"), ("stat", "c40/sub"),
                   ("symlink", "../d", "d/up"), ("stat", "d/up/up/up/sub"),
                   ("symlink", "sub/", "d/s"), ("stat", "d/s"), ("stat", "d/s/"),
                   ("open", 0, "d/s/f", O_CREAT | O_WRONLY, 0o644), ("close", 0),
                   ("lstat", "d/sub/f"), ("symlink", "f/", "d/sub/fs"), ("stat", "d/sub/fs")]
        self.run_script(script)

    def test_rename(self):
        self.run_script([
            ("mkdir", "a", 0o755), ("mkdir", "a/b", 0o755), ("mkdir", "a/b/c", 0o755),
            ("mkdir", "e", 0o755), ("open", 0, "f", O_CREAT | O_WRONLY, 0o644),
            ("write", 0, b"first"), ("close", 0),
            ("open", 0, "g", O_CREAT | O_WRONLY, 0o600), ("write", 0, b"second!"),
            ("rename", "a", "a/b/x"), ("rename", "a", "a/b"), ("rename", "a/b", "a"),
            ("rename", "a/b/c", "a"), ("rename", "a", "."), ("rename", ".", "z"),
            ("rename", "a/..", "z"), ("rename", "nx", "z"), ("rename", "f", "a"),
            ("rename", "a", "f"), ("rename", "f", "f2/"), ("rename", "f/", "f2"),
            ("rename", "e", "e2/"), ("stat", "e2"), ("rename", "e2/", "e"),
            ("link", "f", "f3"), ("rename", "f", "f3"), ("stat", "f"), ("stat", "f3"),
            ("rename", "g", "f"), ("stat", "f"), ("stat", "g"), ("stat", "f3"),
            ("write", 0, b"+"), ("close", 0),
            ("open", 0, "f", O_RDONLY, 0), ("read", 0, 100), ("close", 0),
            ("rename", "e", "a/b/c"), ("ls", "a/b"), ("stat", "a/b"), ("stat", "a"),
            ("stat", "."), ("mkdir", "a/b/c/d", 0o755), ("rename", "a/b", "a/b/c/d/e"),
            ("rename", "a/b", "a/b/c/d"), ("rename", "a/b/c/d", "a/b/c"),
            ("rename", "a/b/c", "."), ("rename", "a/b/c/d", "dd"), ("ls", "a/b/c"),
            ("stat", "dd"), ("rename", "dd", "dd"), ("rename", "f", "f"),
            ("symlink", "a", "la"), ("rename", "la", "lb"), ("lstat", "lb"), ("stat", "lb/b"),
            ("rename", "lb/b", "bb"), ("ls", "."), ("ls", "a"),
        ])

    def test_open_files(self):
        self.run_script([
            ("open", 0, "f", O_CREAT | O_RDWR, 0o640), ("write", 0, b"hello world"),
            ("seek", 0, 0, os.SEEK_SET), ("read", 0, 5), ("seek", 0, 0, os.SEEK_CUR),
            ("seek", 0, -3, os.SEEK_END), ("read", 0, 100), ("read", 0, 100),
            ("seek", 0, -100, os.SEEK_CUR), ("seek", 0, 3, 7), ("seek", 0, 20, os.SEEK_SET),
            ("write", 0, b"!"), ("fstat", 0), ("seek", 0, 9, os.SEEK_SET), ("read", 0, 100),
            ("open", 1, "f", O_WRONLY | O_APPEND, 0), ("write", 1, b"tail"),
            ("seek", 1, 0, os.SEEK_SET), ("write", 1, b"X"), ("fstat", 1),
            ("read", 1, 10), ("write", 0, b""), ("close", 1),
            ("open", 1, "f", O_RDONLY, 0), ("write", 1, b"no"), ("read", 1, 3), ("close", 1),
            ("open", 1, "f", O_RDONLY | O_TRUNC, 0), ("fstat", 1), ("close", 1),
            ("unlink", "f"), ("write", 0, b"still here"), ("seek", 0, 0, os.SEEK_SET),
            ("read", 0, 100), ("fstat", 0), ("close", 0), ("stat", "f"),
            ("open", 0, ".", O_RDONLY, 0), ("read", 0, 10), ("write", 0, b"x"),
            ("seek", 0, 0, os.SEEK_SET), ("close", 0),
            ("open", 0, "big", O_CREAT | O_WRONLY | O_TRUNC, 0o600),
            ("seek", 0, 70000, os.SEEK_SET), ("write", 0, b"end"), ("close", 0),
            ("open", 0, "big", O_RDONLY, 0), ("seek", 0, 65530, os.SEEK_SET), ("read", 0, 20),
            ("fstat", 0), ("close", 0), ("truncate", "big", 10), ("stat", "big"),
            ("truncate", "big", 5000), ("open", 0, "big", O_RDONLY, 0), ("read", 0, 4),
            ("seek", 0, 4090, os.SEEK_SET), ("read", 0, 20), ("close", 0),
        ])

    def test_random_walk(self):
        """A seeded random mix of every operation on a small set of names."""
        rng = random.Random(20240601)
        names = ["a", "b", "c", "a/b", "a/c", "b/a", "a/b/c", "l", "a/l", "l/b", "c/",
                 "a/.", "a/..", "b/../a", "l/", "a/b/../c"]
        # Targets never leave the work directory (its parent differs).
        targets = ["a", "b", "b/../a", "a/b", "nowhere", "l", "c/", "a/b/", "c/../b"]
        flag_sets = [O_RDONLY, O_WRONLY | O_CREAT, O_RDWR | O_CREAT | O_EXCL,
                     O_WRONLY | O_TRUNC, O_RDONLY | O_DIRECTORY, O_RDWR | O_NOFOLLOW,
                     O_WRONLY | O_APPEND | O_CREAT, O_RDONLY | O_CREAT | O_TRUNC]
        open_handles = []
        self.history = []
        for step in range(1500):
            op = rng.choice(["mkdir", "mkdir", "rmdir", "unlink", "rename", "rename",
                             "symlink", "link", "open", "open", "write", "read", "close",
                             "stat", "lstat", "readlink", "ls", "truncate", "seek", "fstat"])
            p, q = rng.choice(names), rng.choice(names)
            if op in ("write", "read", "close", "seek", "fstat"):
                if not open_handles:
                    continue
                hnd = rng.choice(open_handles)
                args = {"write": (hnd, bytes(rng.randrange(256) for _ in range(rng.randrange(9)))),
                        "read": (hnd, rng.randrange(1, 20)), "close": (hnd,),
                        "seek": (hnd, rng.randrange(-5, 30), rng.randrange(3)),
                        "fstat": (hnd,)}[op]
                if op == "close":
                    open_handles.remove(hnd)
            elif op == "open":
                hnd = step
                args = (hnd, p, rng.choice(flag_sets), rng.choice([0o644, 0o755, 0o600]))
            elif op in ("rename", "link"):
                args = (p, q)
            elif op == "symlink":
                args = (rng.choice(targets), p)
            elif op == "mkdir":
                args = (p, rng.choice([0o755, 0o700]))
            elif op == "truncate":
                args = (p, rng.randrange(20))
            else:
                args = (p,)
            self.history.append((op,) + args)
            got = self.same(op, *args)
            if op == "open" and got == "ok":
                open_handles.append(hnd)
        for hnd in list(open_handles):
            self.same("close", hnd)


class Files(unittest.TestCase):
    """What Linux cannot be asked directly: memory, numbering, getdents."""

    def setUp(self):
        self.h = Harness()

    def tearDown(self):
        self.h.close()

    def test_big_file_and_memory(self):
        h = self.h
        h.cmd("close %d" % h.num("open warm 0101 0644"))
        self.assertEqual(h.cmd("unlink warm"), "0")
        base = h.num("frames")
        fd = h.num("open big 0101 0644")
        self.assertEqual(h.num("fill %d %d 3" % (fd, 6 << 20)), 6 << 20)
        self.assertEqual(h.num("seek %d 0 0" % fd), 0)
        h.cmd("close %d" % fd)
        fd = h.num("open big 0 0")
        self.assertEqual(h.cmd("check %d %d 3 0" % (fd, 6 << 20)), str(6 << 20))
        st = h.cmd("stat big").split()
        self.assertEqual(int(st[2]), 6 << 20)
        pages = (6 << 20) // 4096
        tables = 1 + 1 + 1          # single, double, and one second-level table
        self.assertEqual(int(st[7]), (pages + tables) * 8)
        # Shrink into the single-indirect range, then grow with a hole.
        self.assertEqual(h.cmd("truncate big 100000"), "0")
        self.assertEqual(int(h.cmd("stat big").split()[7]), (25 + 1) * 8)
        self.assertEqual(h.cmd("truncate big 9000000"), "0")
        self.assertEqual(h.num("seek %d 0 0" % fd), 0)
        self.assertEqual(h.cmd("check %d 100000 3 0" % fd), "100000")
        self.assertEqual(h.cmd("read %d 8" % fd), "00" * 8)
        self.assertEqual(h.num("seek %d 8999998 0" % fd), 8999998)
        self.assertEqual(h.cmd("read %d 8" % fd), "0000")
        # Unlinked while open: the data stays until the last close.
        self.assertEqual(h.cmd("unlink big"), "0")
        self.assertEqual(h.num("seek %d 0 0" % fd), 0)
        self.assertEqual(h.cmd("check %d 100000 3 0" % fd), "100000")
        self.assertGreater(h.num("frames"), base)
        h.cmd("close %d" % fd)
        self.assertEqual(h.num("frames"), base)

    def test_write_past_end_leaves_zeros(self):
        h = self.h
        fd = h.num("open f 0102 0644")
        self.assertEqual(h.num("seek %d 5000000 0" % fd), 5000000)
        self.assertEqual(h.num("fill %d 3 9" % fd), 3)
        st = h.cmd("stat f").split()
        self.assertEqual(int(st[2]), 5000003)
        self.assertLess(int(st[7]), 8 * 8)     # a hole: a few pages, not 1221
        self.assertEqual(h.num("seek %d 4999990 0" % fd), 4999990)
        self.assertEqual(h.cmd("read %d 13" % fd), "00" * 10 + "091017")

    def test_inode_numbers_and_links(self):
        h = self.h
        first = int(h.cmd("stat /").split()[6])
        self.assertEqual(first, 1)
        self.assertEqual(h.cmd("mkdir d 0755"), "0")
        a = int(h.cmd("stat d").split()[6])
        self.assertEqual(h.cmd("mkdir e 0755"), "0")
        self.assertEqual(int(h.cmd("stat e").split()[6]), a + 1)
        self.assertEqual(h.cmd("mkdir d/x 0755"), "0")
        self.assertEqual(h.cmd("stat d").split()[1], "3")
        self.assertEqual(h.cmd("rename d/x e/x"), "0")
        self.assertEqual(h.cmd("stat d").split()[1], "2")
        self.assertEqual(h.cmd("stat e").split()[1], "3")
        self.assertEqual(h.cmd("stat e/x/..").split()[6], str(a + 1))
        fd = h.num("open d/f 0101 0644")
        h.cmd("close %d" % fd)
        self.assertEqual(h.cmd("link d/f e/g 0"), "0")
        self.assertEqual(h.cmd("stat e/g").split()[1], "2")
        self.assertEqual(h.cmd("ls d"), ". .. f")

    def test_at_calls(self):
        h = self.h
        for cmd in ("mkdir a 0755", "mkdir b 0755", "mkdir a/x 0755"):
            self.assertEqual(h.cmd(cmd), "0")
        h.cmd("close %d" % h.num("open a/f 0101 0644"))
        self.assertEqual(h.cmd("renameat a x b y"), "0")
        self.assertEqual(h.cmd("ls b"), ". .. y")
        self.assertEqual(h.cmd("stat b/y/..").split()[6], h.cmd("stat b").split()[6])
        self.assertEqual(h.cmd("linkat a f b g"), "0")
        self.assertEqual(h.cmd("stat a/f").split()[1], "2")
        self.assertEqual(h.cmd("linkat a f b g"), str(-errno.EEXIST))
        self.assertEqual(h.cmd("renameat b y a ."), str(-errno.EBUSY))

    def test_may_block(self):
        h = self.h
        r, w = h.cmd("pipe").split()
        self.assertEqual(h.cmd("mayblock " + r), "1")
        self.assertEqual(h.cmd("mayblock " + w), "1")
        self.assertEqual(h.cmd("mayblock %d" % h.num("console_fd")), "1")
        self.assertEqual(h.cmd("mayblock %d" % h.num("open /dev/zero 0 0")), "0")
        self.assertEqual(h.cmd("mayblock %d" % h.num("open / 0 0")), "0")
        self.assertEqual(h.cmd("mknod fifo 010600 0"), "0")
        self.assertEqual(h.cmd("mayblock %d" % h.num("open fifo 2 0")), "1")

    def test_getcwd(self):
        h = self.h
        for cmd in ("mkdir a 0755", "mkdir a/b 0755", "mkdir c 0755", "chdir a/b"):
            self.assertEqual(h.cmd(cmd), "0")
        self.assertEqual(h.cmd("getcwd"), "/a/b")
        self.assertEqual(h.cmd("rename /a/b /c/bb"), "0")
        self.assertEqual(h.cmd("getcwd"), "/c/bb")
        self.assertEqual(h.cmd("stat ..").split()[6], h.cmd("stat /c").split()[6])
        self.assertEqual(h.cmd("rmdir /c/bb"), "0")
        self.assertEqual(h.cmd("getcwd"), "error")
        self.assertEqual(h.cmd("mkdir x 0755"), str(-errno.ENOENT))
        self.assertEqual(h.cmd("stat .").split()[1], "0")
        self.assertEqual(h.cmd("chdir /"), "0")
        self.assertEqual(h.cmd("getcwd"), "/")

    def test_getdents64(self):
        h = self.h
        for n in ("one", "two", "three"):
            h.cmd("close %d" % h.num("open %s 0101 0644" % n))
        self.assertEqual(h.cmd("mkdir sub 0755"), "0")
        self.assertEqual(h.cmd("symlink one ln"), "0")
        fd = h.num("open / 0200000 0")
        self.assertEqual(h.cmd("dents %d 20" % fd), str(-errno.EINVAL))
        # Records are 8-byte aligned; d_off is where to resume.
        self.assertEqual(h.cmd("dents %d 48" % fd), "./4/1 ../4/2")
        first = h.cmd("dents %d 4096" % fd).split()
        self.assertEqual([e.split("/")[:2] for e in first],
                         [["dev", "4"], ["proc", "4"], ["one", "8"], ["two", "8"],
                          ["three", "8"], ["sub", "4"], ["ln", "10"]])
        self.assertEqual(h.cmd("dents %d 4096" % fd), "0")
        # Resume in the middle while entries come and go.
        three_off = first[4].split("/")[2]
        self.assertEqual(h.num("seek %d %s 0" % (fd, first[2].split("/")[2])),
                         int(first[2].split("/")[2]))
        self.assertEqual(h.cmd("unlink two"), "0")
        h.cmd("close %d" % h.num("open four 0101 0644"))
        self.assertEqual(h.cmd("dents %d 4096" % fd).split()[0], "three/8/" + three_off)
        self.assertEqual(h.num("seek %d 0 0" % fd), 0)
        self.assertEqual(len(h.cmd("dents %d 4096" % fd).split()), 9)
        self.assertEqual(h.cmd("seek %d 0 2" % fd), str(-errno.EINVAL))
        self.assertEqual(h.cmd("read %d 10" % fd), str(-errno.EISDIR))
        fd2 = h.num("open one 0 0")
        self.assertEqual(h.cmd("dents %d 4096" % fd2), str(-errno.ENOTDIR))

    def test_devices_and_proc(self):
        h = self.h
        fd = h.num("open /dev/null 2 0")
        self.assertEqual(h.cmd("write %d 616263" % fd), "3")
        self.assertEqual(h.cmd("read %d 10" % fd), "-")
        self.assertEqual(h.cmd("seek %d 100 0" % fd), "0")
        zfd = h.num("open /dev/zero 0 0")
        self.assertEqual(h.cmd("read %d 4" % zfd), "00000000")
        self.assertEqual(h.cmd("ioctl_get %d %d 4" % (zfd, TCGETS)), str(-errno.ENOTTY))
        self.assertEqual(h.cmd("stat /dev/null").split()[:6], ["20666", "1", "0", "0", "0", "259"])
        self.assertEqual(h.cmd("mknod /dev/bad 020600 0x9999"), "0")
        self.assertEqual(h.cmd("open /dev/bad 0 0"), str(-errno.ENXIO))
        pfd = h.num("open /proc/mounts 0 0")
        text = bytes.fromhex(h.cmd("read %d 4096" % pfd)).decode()
        self.assertIn("rootfs / rootfs", text)
        self.assertEqual(h.cmd("stat /proc/mounts").split()[2], "0")
        # /dev/vmctl: root's only; without a hypervisor (the native
        # backend's control group) every command is ENOSYS
        self.assertEqual(h.cmd("stat /dev/vmctl").split()[:6], ["20600", "1", "0", "0", "0", "2620"])
        vfd = h.num("open /dev/vmctl 2 0")
        self.assertEqual(h.cmd("ioctl_get %d %d 32" % (vfd, VMCTL_HV_INFO)), str(-errno.ENOSYS))
        self.assertEqual(h.cmd("ioctl_get %d %d 4" % (vfd, TCGETS)), str(-errno.ENOTTY))
        self.assertEqual(h.cmd("read %d 4" % vfd), str(-errno.EINVAL))
        ffd = h.num("open /dev/full 2 0")
        self.assertEqual(h.cmd("write %d 616263" % ffd), str(-errno.ENOSPC))
        self.assertEqual(h.cmd("read %d 2" % ffd), "0000")
        # /dev/random and /dev/urandom: char 1,8 and 1,9, the generator's
        # bytes (the harness's stand-in counts up from 0xa5), writes taken
        self.assertEqual(h.cmd("stat /dev/random").split()[:6], ["20666", "1", "0", "0", "0", "264"])
        self.assertEqual(h.cmd("stat /dev/urandom").split()[:6], ["20666", "1", "0", "0", "0", "265"])
        ufd = h.num("open /dev/urandom 2 0")
        self.assertEqual(h.cmd("read %d 3" % ufd), "a5a6a7")
        self.assertEqual(h.cmd("write %d 616263" % ufd), "3")
        kfd = h.num("open /proc/sys/kernel/ostype 0 0")
        self.assertEqual(bytes.fromhex(h.cmd("read %d 100" % kfd)), b"Linux\n")
        tfd = h.num("open /dev/tty 2 0")
        self.assertEqual(h.cmd("fstat %d" % tfd).split()[0], "20666")
        self.assertEqual(h.cmd("seek %d 0 1" % tfd), str(-errno.ESPIPE))


class Pipes(unittest.TestCase):
    def setUp(self):
        self.h = Harness()

    def tearDown(self):
        self.h.close()

    def pipe(self):
        r, w = self.h.cmd("pipe").split()
        return int(r), int(w)

    def test_data_eof_and_epipe(self):
        h = self.h
        r, w = self.pipe()              # warm the allocator's size classes
        h.cmd("close %d" % r)
        h.cmd("close %d" % w)
        base = h.num("frames")
        r, w = self.pipe()
        self.assertEqual(h.num("poll %d" % r), 0)
        self.assertEqual(h.num("poll %d" % w), POLLOUT | 0x100)
        self.assertEqual(h.cmd("write %d 68656c6c6f" % w), "5")
        self.assertEqual(h.num("poll %d" % r), POLLIN | 0x40)
        self.assertEqual(h.cmd("ioctl_get %d %d 4" % (r, FIONREAD)), "05000000")
        self.assertEqual(h.cmd("read %d 3" % r), "68656c")
        self.assertEqual(h.cmd("read %d 3" % w), str(-errno.EBADF))
        self.assertEqual(h.cmd("write %d 00" % r), str(-errno.EBADF))
        self.assertEqual(h.cmd("seek %d 0 0" % r), str(-errno.ESPIPE))
        self.assertEqual(h.cmd("fstat %d" % r).split()[:3], ["10600", "1", "0"])
        h.cmd("close %d" % w)
        self.assertEqual(h.num("poll %d" % r), POLLIN | 0x40 | POLLHUP)
        self.assertEqual(h.cmd("read %d 10" % r), "6c6f")
        self.assertEqual(h.cmd("read %d 10" % r), "-")        # EOF
        r2, w2 = self.pipe()
        h.cmd("close %d" % r2)
        self.assertEqual(h.num("poll %d" % w2), POLLOUT | 0x100 | POLLERR)
        self.assertEqual(h.cmd("write %d 41" % w2), str(-errno.EPIPE))
        h.cmd("close %d" % w2)
        h.cmd("close %d" % r)
        self.assertEqual(h.num("frames"), base)

    def test_nonblocking_and_full(self):
        h = self.h
        r, w = self.pipe()
        h.cmd("setfl %d %d" % (r, O_RDONLY | O_NONBLOCK))
        h.cmd("setfl %d %d" % (w, O_WRONLY | O_NONBLOCK))
        self.assertEqual(h.cmd("read %d 4" % r), str(-errno.EAGAIN))
        for _ in range(16):             # 64 KiB: full
            self.assertEqual(h.num("fill %d 4096 1" % w), 4096)
        self.assertEqual(h.num("poll %d" % w), 0)
        self.assertEqual(h.cmd("write %d 41" % w), str(-errno.EAGAIN))
        self.assertEqual(len(h.cmd("read %d 100" % r)), 200)
        # 100 bytes free: a small write is all or nothing (PIPE_BUF)...
        self.assertEqual(h.cmd("write %d %s" % (w, "42" * 101)), str(-errno.EAGAIN))
        self.assertEqual(h.cmd("write %d %s" % (w, "42" * 100)), "100")

    def test_blocking_with_other_processes(self):
        h = self.h
        r, w = self.pipe()
        # The reader sleeps; meanwhile "another process" writes.
        h.cmd("defer write %d 7879" % w)
        self.assertEqual(h.cmd("read %d 10" % r, extra=1), "7879")
        self.assertEqual(h.num("sleeps"), 1)
        # A writer of 70000 bytes sleeps until the reader drains the pipe.
        h.cmd("defer read %d 8192" % r)
        self.assertEqual(h.num("fill %d 70000 5" % w, extra=1), 70000)
        # Writers gone while a reader sleeps: end of file.
        r2, w2 = self.pipe()
        h.cmd("defer close %d" % w2)
        self.assertEqual(h.cmd("read %d 10" % r2, extra=1), "-")
        # A signal interrupts the wait.
        h.cmd("sigpending 1")
        r3, w3 = self.pipe()
        self.assertEqual(h.cmd("read %d 10" % r3), str(-errno.EINTR))
        h.cmd("sigpending 0")

    def test_fifo(self):
        h = self.h
        self.assertEqual(h.cmd("mknod fifo 010644 0"), "0")
        self.assertEqual(h.cmd("stat fifo").split()[0], "10644")
        self.assertEqual(h.cmd("open fifo %d 0" % (O_WRONLY | O_NONBLOCK)), str(-errno.ENXIO))
        r = h.num("open fifo %d 0" % (O_RDONLY | O_NONBLOCK))
        w = h.num("open fifo %d 0" % O_WRONLY)
        self.assertEqual(h.cmd("write %d 6162" % w), "2")
        self.assertEqual(h.cmd("read %d 10" % r), "6162")
        h.cmd("close %d" % w)
        self.assertEqual(h.cmd("read %d 10" % r), "-")
        h.cmd("close %d" % r)
        # A blocking open waits for the other end.
        h.cmd("defer open fifo %d 0" % O_WRONLY)
        r = h.num("open fifo 0 0", extra=1)
        self.assertGreaterEqual(r, 0)


# ---- the console tty, compared with a Linux pseudo-terminal ----

DEFAULT_IFLAG = termios.ICRNL | termios.IXON
DEFAULT_OFLAG = termios.OPOST | termios.ONLCR
DEFAULT_LFLAG = (termios.ISIG | termios.ICANON | termios.ECHO | termios.ECHOE |
                 termios.ECHOK | termios.ECHOCTL | termios.ECHOKE | termios.IEXTEN)
DEFAULT_CC = {termios.VINTR: 3, termios.VQUIT: 28, termios.VERASE: 127, termios.VKILL: 21,
              termios.VEOF: 4, termios.VTIME: 0, termios.VMIN: 1, termios.VSTART: 17,
              termios.VSTOP: 19, termios.VSUSP: 26, termios.VREPRINT: 18,
              termios.VDISCARD: 15, termios.VWERASE: 23, termios.VLNEXT: 22,
              termios.VEOL: 0, termios.VEOL2: 0}


class HostTTY:
    """A pty: keystrokes into the master, echo and output out of it, reads
    from the slave (non-blocking, as the harness reads)."""

    def __init__(self):
        self.master, self.slave = os.openpty()
        attrs = termios.tcgetattr(self.slave)
        attrs[0], attrs[1], attrs[3] = DEFAULT_IFLAG, DEFAULT_OFLAG, DEFAULT_LFLAG
        for k, v in DEFAULT_CC.items():
            attrs[6][k] = v
        termios.tcsetattr(self.slave, termios.TCSANOW, attrs)
        for fd in (self.master, self.slave):
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)

    def settle(self):
        """Wait until the kernel has processed what was written: the input
        queue and the echo waiting in the master stop changing."""
        def snapshot():
            return tuple(struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0" * 4))[0]
                         for fd in (self.master, self.slave))
        before = None
        for _ in range(40):
            time.sleep(0.03)
            now = snapshot()
            if now == before:
                return
            before = now

    def keys(self, data):
        os.write(self.master, data)
        self.settle()

    def output(self):
        out = b""
        while True:
            try:
                out += os.read(self.master, 4096)
            except BlockingIOError:
                return out

    def read(self, n):
        try:
            return os.read(self.slave, n)
        except BlockingIOError:
            return "EAGAIN"

    def write(self, data):
        os.write(self.slave, data)
        self.settle()

    def termios(self, iflag_off=0, oflag_off=0, lflag_off=0, lflag_on=0, cc=None, flush=False):
        attrs = termios.tcgetattr(self.slave)
        attrs[0] &= ~iflag_off
        attrs[1] &= ~oflag_off
        attrs[3] = (attrs[3] & ~lflag_off) | lflag_on
        for k, v in (cc or {}).items():
            attrs[6][k] = v
        termios.tcsetattr(self.slave, termios.TCSAFLUSH if flush else termios.TCSANOW, attrs)
        self.settle()

    def inq(self):
        return struct.unpack("i", fcntl.ioctl(self.slave, termios.FIONREAD, b"\0" * 4))[0]

    def close(self):
        os.close(self.master)
        os.close(self.slave)


class GuestTTY:
    def __init__(self, h):
        self.h = h
        self.fd = h.num("console_fd")
        h.cmd("setfl %d %d" % (self.fd, O_RDWR | O_NONBLOCK))

    def keys(self, data):
        self.h.cmd("tty " + (data.hex() or "-"))

    def output(self):
        out = self.h.cmd("out")
        return b"" if out == "-" else bytes.fromhex(out)

    def read(self, n):
        out = self.h.cmd("read %d %d" % (self.fd, n))
        if out == str(-errno.EAGAIN):
            return "EAGAIN"
        return b"" if out == "-" else bytes.fromhex(out)

    def write(self, data):
        self.h.cmd("write %d %s" % (self.fd, data.hex()))

    def termios(self, iflag_off=0, oflag_off=0, lflag_off=0, lflag_on=0, cc=None, flush=False):
        t = bytearray(bytes.fromhex(self.h.cmd("ioctl_get %d %d 36" % (self.fd, TCGETS))))
        iflag, oflag, cflag, lflag = struct.unpack_from("<4I", t)
        struct.pack_into("<4I", t, 0, iflag & ~iflag_off, oflag & ~oflag_off, cflag,
                         (lflag & ~lflag_off) | lflag_on)
        for k, v in (cc or {}).items():
            t[17 + k] = v
        self.h.cmd("ioctl_set %d %d %s" % (self.fd, TCSETSF if flush else TCSETS, t.hex()))

    def inq(self):
        return struct.unpack("<i", bytes.fromhex(
            self.h.cmd("ioctl_get %d %d 4" % (self.fd, FIONREAD))))[0]

    def close(self):
        pass


class Console(unittest.TestCase):
    def setUp(self):
        self.h = Harness()

    def tearDown(self):
        self.h.close()

    def compare(self, steps):
        """Run STEPS on a Linux pty and on the guest tty; every read, echo
        and queue length must agree."""
        results = []
        for tty in (HostTTY(), GuestTTY(self.h)):
            log = []
            try:
                for step in steps:
                    kind, args = step[0], step[1:]
                    if kind == "keys":
                        tty.keys(args[0])
                        log.append(("echo", tty.output()))
                    elif kind == "read":
                        log.append(("read", tty.read(args[0])))
                    elif kind == "write":
                        tty.write(args[0])
                        log.append(("out", tty.output()))
                    elif kind == "termios":
                        tty.termios(**args[0])
                        log.append(("echo", tty.output()))
                    elif kind == "inq":
                        log.append(("inq", tty.inq()))
            finally:
                tty.close()
            results.append(log)
        for i, (want, got) in enumerate(zip(*results)):
            self.assertEqual(got, want, "step %d %r: guest %r, Linux %r" % (i, steps[i], got, want))

    def test_defaults(self):
        fd = self.h.num("console_fd")
        t = bytes.fromhex(self.h.cmd("ioctl_get %d %d 36" % (fd, TCGETS)))
        iflag, oflag, cflag, lflag = struct.unpack_from("<4I", t)
        self.assertEqual((iflag, oflag, lflag), (DEFAULT_IFLAG, DEFAULT_OFLAG, DEFAULT_LFLAG))
        self.assertEqual(cflag, termios.B38400 | termios.CS8 | termios.CREAD | termios.HUPCL)
        for k, v in DEFAULT_CC.items():
            self.assertEqual(t[17 + k], v, "c_cc[%d]" % k)
        ws = bytes.fromhex(self.h.cmd("ioctl_get %d %d 8" % (fd, TIOCGWINSZ)))
        self.assertEqual(struct.unpack("<4H", ws), (24, 80, 0, 0))

    def test_canonical_editing(self):
        self.compare([
            ("keys", b"hello\r"), ("inq",), ("read", 100), ("read", 100),
            ("keys", b"abc\x7f\x7fd\r"), ("read", 100),
            ("keys", b"abc\x15xy\n"), ("read", 100),
            ("keys", b"foo bar_1 \x17baz\r"), ("read", 100),
            ("keys", b"a\tb\x7f\x7f\x7fc\r"), ("read", 100),
            ("keys", b"ab\t\tcd\t\x7f\x7f\x7f\x7f\r"), ("read", 100),
            ("keys", b"x\x01\x7f\x02y\r"), ("read", 100),
            ("keys", b"\x16\x03q\x16\x7f\r"), ("read", 100),
            ("keys", b"abc\x12d\r"), ("read", 100),
            ("keys", b"\x7f\x15\x17x\r"), ("read", 100),
            ("keys", b"long line\r"), ("read", 4), ("inq",), ("read", 4), ("read", 100),
        ])

    def test_eof_and_signals(self):
        self.compare([
            ("keys", b"\x04"), ("inq",), ("read", 10), ("read", 10),
            ("keys", b"ab\x04"), ("read", 10), ("read", 10),
            ("keys", b"abc\x04"), ("read", 3), ("read", 10),
            ("keys", b"one\rtwo\r"), ("read", 100), ("read", 100),
            ("keys", b"x\ry\rabc"), ("keys", b"\x03def\r"), ("read", 100), ("read", 100),
            ("keys", b"abc"), ("keys", b"\x1c"), ("read", 100),
            ("keys", b"abc"), ("keys", b"\x1a\r"), ("read", 100),
            ("keys", b"\x13\x11z\r"), ("read", 100),
        ])

    def test_signals_reach_the_foreground_group(self):
        h = self.h
        fd = h.num("console_fd")
        h.cmd("proc 7 7")
        self.assertEqual(h.cmd("ioctl_get %d %d 4" % (fd, TIOCGPGRP)), "07000000")
        h.cmd("tty 03")
        self.assertEqual(h.cmd("signals"), "7:2")
        h.cmd("proc 9 9")
        self.assertEqual(h.cmd("ioctl_set %d %d =0" % (fd, TIOCSCTTY)), "0")
        self.assertEqual(h.cmd("ioctl_set %d %d 0c000000" % (fd, TIOCSPGRP)), "0")
        self.assertEqual(h.cmd("ioctl_get %d %d 4" % (fd, TIOCGPGRP)), "0c000000")
        h.cmd("tty 1c1a")
        self.assertEqual(h.cmd("signals"), "12:3,12:20")

    def test_raw_mode(self):
        self.compare([
            ("keys", b"partial"),
            ("termios", {"lflag_off": termios.ICANON | termios.ECHO}),
            ("inq",), ("read", 100), ("read", 100),
            ("keys", b"\x1b[A\x7fq\r"), ("read", 3), ("read", 100),
            ("termios", {"lflag_off": termios.ICANON}),
            ("keys", b"ab\x01\n"), ("read", 100),
            ("termios", {"lflag_off": termios.ICANON, "cc": {termios.VMIN: 3}}),
            ("keys", b"xy"), ("read", 100), ("keys", b"z"), ("read", 100),
            ("termios", {"lflag_off": termios.ICANON | termios.ISIG,
                         "iflag_off": termios.ICRNL | termios.IXON,
                         "cc": {termios.VMIN: 1}}),
            ("keys", b"\x03\r\x13"), ("read", 100),
            ("keys", b"left"),
            ("termios", {"lflag_on": termios.ICANON}), ("inq",), ("read", 100), ("read", 100),
            ("keys", b"gone\r"), ("termios", {"flush": True}), ("read", 100),
        ])

    def test_output_processing(self):
        self.compare([
            ("write", b"a\nb\tc\r\n"), ("write", b"abc\tdef\x08\n"),
            ("termios", {"oflag_off": termios.ONLCR}), ("write", b"x\ny\n"),
            ("termios", {"oflag_off": termios.OPOST}), ("write", b"p\nq\tr\n"),
        ])


# ---- the initramfs ----

def newc(entries, trailer=True):
    """A newc archive: (name, mode, data, uid, gid, mtime, ino, nlink)."""
    out = b""
    for name, mode, data, uid, gid, mtime, ino, nlink in entries:
        nm = name.encode() + b"\0"
        fields = (ino, mode, uid, gid, nlink, mtime, len(data), 0, 0, 0, 0, len(nm), 0)
        head = b"070701" + b"".join(b"%08X" % f for f in fields) + nm
        out += head + b"\0" * (-len(head) % 4) + data + b"\0" * (-len(data) % 4)
    if trailer:
        out += newc([("TRAILER!!!", 0, b"", 0, 0, 0, 0, 1)], trailer=False)
    return out


class Initramfs(unittest.TestCase):
    def setUp(self):
        self.h = Harness()
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.h.close()
        self.tmp.cleanup()

    def unpack(self, data):
        path = os.path.join(self.tmp.name, "a.cpio")
        with open(path, "wb") as f:
            f.write(data)
        return self.h.num("unpack " + path)

    def test_tree(self):
        h = self.h
        big = bytes(range(256)) * 300
        archive = newc([
            (".", 0o40700, b"", 0, 0, 1111, 1, 2),
            ("bin", 0o40755, b"", 0, 0, 1000, 2, 2),
            ("bin/busybox", 0o100755, big, 0, 0, 1001, 3, 1),
            ("bin/sh", 0o120777, b"busybox", 0, 0, 1002, 4, 1),
            ("./etc", 0o40750, b"", 5, 6, 1003, 5, 2),
            ("etc/passwd", 0o100600, b"root:x:0:0\n", 5, 6, 1004, 6, 1),
            ("etc/empty", 0o100444, b"", 0, 0, 1005, 7, 1),
            ("etc/suid", 0o104755, b"#!", 3, 4, 1006, 8, 1),
            ("a", 0o100644, b"", 0, 0, 1007, 9, 2),          # hard link: data last
            ("etc/b", 0o100644, b"shared", 0, 0, 1007, 9, 2),
            ("dev", 0o40755, b"", 0, 0, 1008, 10, 2),
            ("dev/ttyS0", 0o20600, b"", 0, 0, 1009, 11, 1),
            ("deep/x/y", 0o40755, b"", 0, 0, 1010, 12, 2),   # parents missing: skipped
        ])
        archive += b"\0" * 8 + newc([("etc/passwd", 0o100644, b"second\n", 0, 0, 1, 13, 1),
                                     ("later", 0o40755, b"", 0, 0, 1012, 14, 2)])
        self.assertEqual(self.unpack(archive), 15)
        def st(path):
            return h.cmd("lstat " + path).split()
        self.assertEqual(st("/")[0], "40700")
        self.assertEqual(st("/")[8], "1111")
        self.assertEqual(st("bin")[0::8], ["40755", "1000"])
        self.assertEqual(st("bin/busybox")[:3], ["100755", "1", str(len(big))])
        fd = h.num("open bin/sh 0 0")
        data = b""
        while True:
            chunk = h.cmd("read %d 4096" % fd)
            if chunk == "-":
                break
            data += bytes.fromhex(chunk)
        self.assertEqual(data, big)
        self.assertEqual(st("bin/sh")[0], "120777")
        self.assertEqual(st("bin/sh")[2], "7")
        self.assertEqual(st("bin/sh")[8], "1002")
        self.assertEqual(h.cmd("readlink bin/sh 100"), b"busybox".hex())
        self.assertEqual(st("etc")[0], "40750")
        self.assertEqual(st("etc")[3:5], ["5", "6"])
        self.assertEqual(st("etc")[8], "1003")
        self.assertEqual(st("etc/passwd")[:5], ["100644", "1", "7", "0", "0"])
        self.assertEqual(st("etc/suid")[:5], ["104755", "1", "2", "3", "4"])
        self.assertEqual(st("etc/suid")[8], "1006")
        self.assertEqual(st("a")[:3], ["100644", "2", "6"])
        self.assertEqual(st("a")[6], st("etc/b")[6])
        self.assertEqual(st("dev/ttyS0")[:6], ["20600", "1", "0", "0", "0", "0"])
        self.assertEqual(h.cmd("ls dev"), ". .. pts console null zero full random urandom tty vmctl ptmx ttyS0")
        self.assertEqual(h.cmd("stat deep"), str(-errno.ENOENT))
        self.assertEqual(st("later")[8], "1012")

    def test_mkinitramfs_archive(self):
        """The archive scripts/mkinitramfs.py writes for the real guest."""
        try:
            from scripts import mkinitramfs as mk
        except ImportError:
            self.skipTest("no scripts/mkinitramfs.py")
        entries = mk.with_parents([mk.regular("sbin/init", b"\x7fELF", 0o755),
                                   mk.symlink("bin/sh", "busybox"),
                                   mk.regular("bin/busybox", b"BB" * 5000, 0o755),
                                   mk.directory("tmp")])
        self.assertEqual(self.unpack(mk.write_cpio(entries)), len(entries))
        self.assertEqual(self.h.cmd("lstat tmp").split()[0], "41777")
        self.assertEqual(self.h.cmd("stat bin/sh").split()[2], "10000")
        self.assertEqual(self.h.cmd("access sbin/init 1"), "0")

    def test_bad_archives(self):
        self.assertEqual(self.unpack(b"070707" + b"0" * 200), -errno.EINVAL)
        good = newc([("f", 0o100644, b"12345678", 0, 0, 0, 1, 1)])
        self.assertEqual(self.unpack(good[:-130]), -errno.EINVAL)   # data cut short


if __name__ == "__main__":
    unittest.main()
