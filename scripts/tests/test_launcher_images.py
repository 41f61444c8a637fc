# test_launcher_images.py - scripts/qemu.py with the real images, as `make run`
# and `make run-native` use it: the guest's status through the launcher
# (interactive `exit N` over 127, poweroff), piped stdin and its end on both
# backends, a piped script larger than the tty's buffer arriving whole, the terminal's size in the guest, the hypervisor's reasons on the
# console for a rejected domain and a malformed option, wrong images named,
# dmesg reading the kernel log,
# and gdb reaching guest_main with the initramfs loaded on both backends.
# Every boot runs concurrently in setUpClass (each bounded by --timeout);
# the tests only judge.  Skipped when the images are not built.
import concurrent.futures
import os
import socket
import subprocess
import sys
import tempfile
import unittest

from scripts import qemu
from scripts.tests.util import ROOT, have, run_on_pty

B = os.path.join(ROOT, "build")
NATIVE = os.path.join(B, "guest-native.elf")
HV = os.path.join(B, "hypervisor.elf")
PVHV = os.path.join(B, "guest-pvhv.elf")
INITRD = os.path.join(B, "initramfs.cpio") + " initrd"
QEMU_PY = os.path.join(ROOT, "scripts", "qemu.py")
TIMEOUT = "180"
IMAGES = (NATIVE, HV, PVHV, INITRD.split()[0])


# The launcher keeps a failed run's hypervisor log (a temporary file): keep
# those of the tests in a directory of their own.
_TMP = None


def setUpModule():
    global _TMP
    _TMP = tempfile.TemporaryDirectory()


def tearDownModule():
    _TMP.cleanup()


def _env():
    return dict(os.environ, VMI_ACCEL=os.environ.get("VMI_ACCEL", "tcg"), TMPDIR=_TMP.name)


def pvhv(*dom_opts):
    return [HV, " ".join((PVHV, "name=dom0 mem=128") + dom_opts), INITRD]


def native():
    return [NATIVE, INITRD]


def launch(args, stdin=b""):
    p = subprocess.run([sys.executable, QEMU_PY, "--timeout", TIMEOUT] + args,
                       input=stdin, capture_output=True, env=_env(), timeout=400)
    return p.returncode, p.stdout, p.stderr


def pty_launch(args, keys, rows, cols):
    """The launcher on a ROWS x COLS pseudo-terminal; KEYS typed at once
    (the launcher keeps them until the guest takes input)."""
    status, out = run_on_pty([sys.executable, QEMU_PY, "--timeout", TIMEOUT] + args,
                             keys, rows, cols, _env())
    return status, out, b""


# A script twice the tty's 4 KiB buffer: the guest takes console input only
# as fast as it reads it, the rest waits in the UART and the launcher's pipe.
LINES = 400
LONG_SCRIPT = ("".join("echo L%04d >> /tmp/f\n" % i for i in range(LINES))
               + "wc -l < /tmp/f; md5sum < /tmp/f\n").encode()
LONG_MD5 = __import__("hashlib").md5("".join("L%04d\n" % i for i in range(LINES))
                                     .encode()).hexdigest()

def free_port():
    """A TCP port nobody listens on now (the kernel picks it), so two test
    runs on one machine - two worktrees - never race for a fixed gdb port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


RUNS = {
    "native_long": lambda: launch(["--interactive"] + native(), LONG_SCRIPT),
    "pvhv_long": lambda: launch(["--interactive"] + pvhv(), LONG_SCRIPT),
    "native_exit_7": lambda: launch(["--interactive"] + native(), b"exit 7\n"),
    "pvhv_exit_200": lambda: launch(["--interactive"] + pvhv(), b"exit 200\n"),
    "native_poweroff": lambda: launch(["--interactive"] + native(), b"poweroff\n"),
    "pvhv_devnull": lambda: launch(["--interactive"] + pvhv()),
    "native_uname_no_newline": lambda: launch(["--interactive"] + native(), b"uname -s"),
    "pvhv_mem": lambda: launch(["--interactive"] + pvhv("mem=99999")),
    "pvhv_lone_word": lambda: launch(["--interactive"] + pvhv("name=my", "dom")),
    "guest_opts_refused": lambda: launch(["--interactive", "--guest-opts", "name=my dom"]
                                         + pvhv()),
    "native_on_hv": lambda: launch([HV, NATIVE + " name=n"]),
    "pvhv_bare": lambda: launch([PVHV]),
    "stty_size": lambda: pty_launch(["--interactive"] + native(),
                                    b"stty size; exit 3\r", 33, 101),
    "dmesg": lambda: launch(["--interactive"] + pvhv(),
                            b"dmesg | grep -c 'selfcheck: 8/8 passed'\n"),
    "gdb_native": lambda: launch(["--gdb-batch", "--gdb-port", free_port()] + native()),
    "gdb_pvhv": lambda: launch(["--gdb-batch", "--gdb-port", free_port()] + pvhv()),
}


@unittest.skipUnless(all(os.path.isfile(p) for p in IMAGES) and have(qemu.QEMU, "gdb"),
                     "needs the built images (make all), QEMU and gdb")
class LauncherImagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
            futures = {name: pool.submit(fn) for name, fn in RUNS.items()}
            cls.runs = {name: f.result() for name, f in futures.items()}

    def run_of(self, name):
        status, out, err = self.runs[name]
        return status, out.decode(errors="replace"), err.decode(errors="replace")

    def test_interactive_exit_status(self):
        status, out, err = self.run_of("native_exit_7")
        self.assertEqual(status, 7, err)
        status, out, err = self.run_of("pvhv_exit_200")
        self.assertEqual(status, 200, err)     # over 127: through the status channel

    def test_poweroff_is_a_clean_exit(self):
        status, out, err = self.run_of("native_poweroff")
        self.assertEqual(status, 0, err)
        self.assertIn("init: poweroff", out)
        self.assertNotIn("killed by signal", out)

    def test_stdin_end_ends_the_shell(self):
        status, out, err = self.run_of("pvhv_devnull")
        self.assertEqual(status, 0, err)
        self.assertNotIn("\x1b[6n", out)       # no terminal to ask
        status, out, err = self.run_of("native_uname_no_newline")
        self.assertEqual(status, 0, err)
        self.assertIn("Linux", out)

    def test_long_piped_script_loses_nothing(self):
        for name in ("native_long", "pvhv_long"):
            status, out, err = self.run_of(name)
            self.assertEqual(status, 0, err)
            self.assertIn("\n%d\r\n%s  -" % (LINES, LONG_MD5), out, name)

    def test_rejected_domain_on_the_console(self):
        status, out, err = self.run_of("pvhv_mem")
        self.assertEqual(status, qemu.STATUS_NO_DOMAIN, err)
        self.assertIn("hv: domain 0 (dom0) rejected: bad option 'mem=99999'", err)
        self.assertIn("hv: no domain to run", err)
        self.assertIn("the hypervisor's log is", err)

    def test_malformed_option_refused(self):
        status, out, err = self.run_of("pvhv_lone_word")
        self.assertEqual(status, qemu.STATUS_NO_DOMAIN, err)
        self.assertIn("rejected: bad option 'dom'", err)
        status, out, err = self.run_of("guest_opts_refused")
        self.assertEqual(status, qemu.STATUS_USAGE, err)
        self.assertIn("bad guest option 'dom'", err)

    def test_wrong_images_named(self):
        status, out, err = self.run_of("native_on_hv")
        self.assertEqual(status, qemu.STATUS_NO_DOMAIN, err)
        self.assertIn("no VMI ABI note", err)
        self.assertIn("guest-native.elf is a native image", err)
        status, out, err = self.run_of("pvhv_bare")
        self.assertEqual(status, qemu.STATUS_QEMU_FAILED, err)
        self.assertIn("guest-pvhv.elf is a pvhv guest image", err)

    def test_terminal_size_in_the_guest(self):
        status, out, err = self.run_of("stty_size")
        self.assertEqual(status, 3, out)
        self.assertIn("\n33 101\r", out)

    def test_dmesg_reads_the_kernel_log(self):
        status, out, err = self.run_of("dmesg")
        self.assertEqual(status, 0, err)
        self.assertIn("\n1\r\n", out)        # the boot line, kept in the log

    def test_gdb_reaches_guest_main_with_the_initramfs(self):
        for name in ("gdb_native", "gdb_pvhv"):
            status, out, err = self.run_of(name)
            self.assertIn("Breakpoint 1, guest_main", out, err)
            self.assertIn("$1 = 1", out)        # bi->nr_modules: the initramfs


@unittest.skipUnless(all(os.path.isfile(p) for p in IMAGES) and have(qemu.QEMU, "make"),
                     "needs the built images (make all), QEMU and make")
class MakeRunTest(unittest.TestCase):
    """`make run` itself: the closing status line, and GUEST_OPTS reaching the
    launcher unexpanded (quotes and $ included) to be refused there."""

    def make_run(self, *assignments):
        env = _env()
        env.pop("MAKEFLAGS", None)
        env.pop("MAKELEVEL", None)
        p = subprocess.run(["make", "-s", "-C", ROOT, "run"] + list(assignments),
                           stdin=subprocess.DEVNULL, capture_output=True, env=env,
                           timeout=400)
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")

    def test_status_line(self):
        rc, out, err = self.make_run("CMD=exit 200")
        self.assertNotEqual(rc, 0)
        self.assertIn("init: /etc/cmd exited with status 200", out)
        self.assertIn("run: guest exited with status 200", err)

    def test_guest_opts_quoting(self):
        rc, out, err = self.make_run("GUEST_OPTS=x\"y $HOME")
        self.assertNotEqual(rc, 0)
        self.assertIn("bad guest option 'x\"y'", err)
        self.assertIn("bad guest option '$HOME'", err)
        self.assertIn("run: guest options refused (status 2)", err)


if __name__ == "__main__":
    unittest.main()
