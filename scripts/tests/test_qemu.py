# test_qemu.py - scripts/qemu.py: the command line it builds, exit-code decoding,
# the launcher's status table, guest options, accelerator choice, and real
# boots (under TCG, which is always available) of a tiny multiboot kernel
# that checks serial input, exit codes, crash, timeout, the status channel,
# piped stdin and its end, and the Ctrl-A console on a pseudo-terminal.
import glob
import os
import re
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

from scripts import qemu
from scripts.tests.util import ROOT, gcc_m32, have, run_on_pty

QEMU_PY = os.path.join(ROOT, "scripts", "qemu.py")

# A multiboot kernel: init COM1 (resetting its FIFOs, as a real guest does),
# print a first line, echo NBYTES input bytes, print a verdict, debug-exit CODE.
# MODE 1 triple-faults instead (empty IDT), MODE 2 spins forever.
# With STATUS, it speaks the status channel (port 0xE9) as our backends do:
# "ready" before reading input, STATUS (a line) before the exit.
KERNEL_S = r"""
#define COM1 0x3f8
.text
.align 4
.long 0x1BADB002, 0x3, -(0x1BADB002 + 0x3)
.globl _start
_start:
	mov $stack_top, %esp
#if MODE == 1
	lidt idt0
	ud2
#elif MODE == 2
1:	jmp 1b
#endif
	mov $COM1+3, %dx; mov $0x03, %al; out %al, %dx   /* 8N1 */
	mov $COM1+2, %dx; mov $0xC7, %al; out %al, %dx   /* FIFOs on and cleared */
	mov $hello, %esi; call puts
#ifdef STATUS
	mov $ready, %esi; call status
#endif
	mov $NBYTES, %ebx
	test %ebx, %ebx; jz 3f
2:	call getc; call putc; dec %ebx; jnz 2b
3:	mov $verdict, %esi; call puts
#ifdef STATUS
	mov $end, %esi; call status
#endif
	mov $0xf4, %dx; mov $CODE, %eax; out %eax, %dx
4:	jmp 4b
puts:	lodsb; test %al, %al; jz 5f; call putc; jmp puts
5:	ret
status:	mov $0xe9, %dx
8:	lodsb; test %al, %al; jz 9f; out %al, %dx; jmp 8b
9:	ret
putc:	mov %al, %cl; mov $COM1+5, %dx
6:	in %dx, %al; test $0x20, %al; jz 6b
	mov %cl, %al; mov $COM1, %dx; out %al, %dx; ret
getc:	mov $COM1+5, %dx
7:	in %dx, %al; test $1, %al; jz 7b
	mov $COM1, %dx; in %dx, %al; ret
idt0:	.word 0; .long 0
hello:	.asciz "Test: qemu.py\r\n"
verdict: .asciz "\nTest result: SUCCESS\n"
#ifdef STATUS
ready:	.asciz "ready\n"
end:	.asciz STATUS
#endif
	.align 16
	.space 1024
stack_top:
"""


class CommandTest(unittest.TestCase):
    def test_command_line(self):
        argv = qemu.qemu_cmd("k.elf", ["m1", "m2"], "tcg", ["-s"])
        self.assertEqual(argv[0], "qemu-system-i386")
        for pair in (["-accel", "tcg"], ["-kernel", "k.elf"], ["-initrd", "m1,m2"],
                     ["-serial", "stdio"], ["-m", "128M"], ["-cpu", qemu.CPU],
                     ["-device", "isa-debug-exit,iobase=0xf4,iosize=4"]):
            i = argv.index(pair[0])
            self.assertEqual(argv[i:i + 2], pair)
        self.assertIn("-no-reboot", argv)
        self.assertEqual(argv[-1], "-s")
        self.assertNotIn("-initrd", qemu.qemu_cmd("k.elf", (), "kvm"))

    def test_extra_arguments_from_the_environment(self):
        with mock.patch.dict(os.environ, {"VMI_QEMU_EXTRA": "-icount shift=0,sleep=off"}):
            argv = qemu.qemu_cmd("k.elf", (), "tcg", ["-s"])
        i = argv.index("-icount")
        self.assertEqual(argv[i:i + 2], ["-icount", "shift=0,sleep=off"])
        self.assertEqual(argv[-1], "-s")

    def test_guest_code(self):
        self.assertEqual(qemu.guest_code(1), 0)
        self.assertEqual(qemu.guest_code(11), 5)
        self.assertEqual(qemu.guest_code(255), 127)
        self.assertIsNone(qemu.guest_code(0))
        self.assertIsNone(qemu.guest_code(-9))

    def test_status_channel_args(self):
        argv = qemu.status_args("/dev/fd/9")
        self.assertIn("isa-debugcon,iobase=0xe9,chardev=vmistatus", argv)
        self.assertIn("file,id=vmistatus,path=/dev/fd/9", argv)

    def test_module_commas_are_escaped(self):
        self.assertEqual(qemu.module_arg(["a x=1,2", "b initrd"]), "a x=1,,2,b initrd")
        self.assertRaises(ValueError, qemu.qemu_cmd, "k", ["a,b"])

    def test_console_args(self):
        argv = qemu.console_args(qemu.qemu_cmd("k.elf"), mux=True)
        self.assertIn("stdio,id=console,signal=off,mux=on", argv)
        self.assertIn("chardev=console,mode=readline", argv)
        self.assertNotIn("-monitor", argv)
        argv = qemu.console_args(qemu.qemu_cmd("k.elf"), mux=False)
        self.assertIn("stdio,id=console,signal=off", argv)
        self.assertIn("none", argv[argv.index("-monitor") + 1])

    def test_accel_cache(self):
        with tempfile.TemporaryDirectory() as tmp, \
                mock.patch.dict(os.environ, {"VMI_ACCEL": ""}), \
                mock.patch.object(qemu.os, "open", return_value=99), \
                mock.patch.object(qemu.os, "close"), \
                mock.patch.object(qemu, "kvm_runs_paging", return_value=False) as probe:
            self.assertEqual(qemu.pick_accel(tmp), "tcg")
            self.assertEqual(qemu.pick_accel(tmp), "tcg")
            self.assertEqual(probe.call_count, 1)   # the second answer came from the cache
            with open(os.path.join(tmp, qemu.PROBE_CACHE)) as f:
                self.assertEqual(f.read(), "tcg\n")

    def test_accel_override(self):
        with mock.patch.dict(os.environ, {"VMI_ACCEL": "tcg"}):
            self.assertEqual(qemu.pick_accel(), "tcg")
        with mock.patch.dict(os.environ, {"VMI_ACCEL": "xen"}):
            self.assertRaises(ValueError, qemu.pick_accel)
        with mock.patch.dict(os.environ, {"VMI_ACCEL": ""}), \
                mock.patch.object(qemu, "kvm_runs_paging", return_value=False):
            self.assertEqual(qemu.pick_accel(), "tcg")


class DiskTest(unittest.TestCase):
    def test_disks_in_order_read_only_marked(self):
        argv = qemu.disk_args(["a.img", "b,c.img:ro"])
        self.assertEqual(argv, [
            "-drive", "file=a.img,if=none,id=vd0,format=raw",
            "-device", "virtio-blk-pci,drive=vd0",
            "-drive", "file=b,,c.img,if=none,id=vd1,format=raw,readonly=on",
            "-device", "virtio-blk-pci,drive=vd1"])


class NetTest(unittest.TestCase):
    def test_nics_in_order_fixed_macs_user_without_ipv6(self):
        argv = qemu.net_args(["user", "user,hostfwd=tcp::8080-:80", "socket,listen=:1234"])
        self.assertEqual(argv, [
            "-netdev", "user,id=net0,ipv6=off",
            "-device", "virtio-net-pci,netdev=net0,mac=52:54:00:12:34:56,romfile=",
            "-netdev", "user,id=net1,hostfwd=tcp::8080-:80,ipv6=off",
            "-device", "virtio-net-pci,netdev=net1,mac=52:54:00:12:34:57,romfile=",
            "-netdev", "socket,id=net2,listen=:1234",
            "-device", "virtio-net-pci,netdev=net2,mac=52:54:00:12:34:58,romfile="])

    def test_explicit_ipv6_kept(self):
        self.assertEqual(qemu.net_args(["user,ipv6=on"])[1], "user,id=net0,ipv6=on")

    def test_bad_specs_refused(self):
        for spec in ("", ",x=1", "user,id=mine"):
            with self.assertRaises(ValueError):
                qemu.net_args([spec])


class StatusTest(unittest.TestCase):
    """decode_status: the launcher's exit status from what a run left."""

    def status(self, records=(), qemu_status=1, timed_out=False, stderr=""):
        return qemu.decode_status(list(records), qemu_status, timed_out, stderr)[0]

    def test_guest_status_unmodified(self):
        for code in (0, 5, 127, 128, 200, 255):
            # QEMU's own status keeps 7 bits; the channel has all 8.
            st = ((code << 1) | 1) & 0xFF
            self.assertEqual(self.status(["ready", "exit %d" % code], st), code)

    def test_launcher_statuses(self):
        self.assertEqual(self.status(["crash"], 255), qemu.STATUS_CRASH)
        self.assertEqual(self.status(["hv: no domain to run", "rejected"], 255),
                         qemu.STATUS_NO_DOMAIN)
        self.assertEqual(self.status(["exit 0"], None, True), qemu.STATUS_TIMEOUT)
        self.assertEqual(self.status([], 0), qemu.STATUS_CRASH)          # triple fault
        self.assertEqual(self.status([], 1, stderr="qemu: invalid kernel header"),
                         qemu.STATUS_QEMU_FAILED)

    def test_without_the_channel(self):
        # Images that only write isa-debug-exit: its 7-bit code, 127 a crash.
        self.assertEqual(self.status([], 11), 5)
        self.assertEqual(self.status([], 1), 0)
        self.assertEqual(self.status([], 255), qemu.STATUS_CRASH)

    def test_statuses_distinct_and_nonzero(self):
        special = [qemu.STATUS_USAGE, qemu.STATUS_INTERRUPTED, qemu.STATUS_QEMU_FAILED,
                   qemu.STATUS_NO_DOMAIN, qemu.STATUS_CRASH, qemu.STATUS_TIMEOUT]
        self.assertEqual(len(set(special)), len(special))
        self.assertNotIn(0, special)
        self.assertNotIn(127, special)     # the shell's "not found"

    def test_readme_has_the_table(self):
        with open(os.path.join(ROOT, "README.md")) as f:
            readme = f.read()
        for status, _ in qemu.STATUS_TABLE:
            self.assertRegex(readme, r"\| `%s` \|" % re.escape(status))

    def test_report_line(self):
        self.assertEqual(qemu.describe(200, "", "run"), "run: guest exited with status 200")
        self.assertEqual(qemu.describe(252, qemu.STATUS_WHY[252], "run"),
                         "run: the hypervisor rejected every domain (status 252)")


class OptionsTest(unittest.TestCase):
    def test_guest_options(self):
        self.assertEqual(qemu.guest_option_errors(["sched=det"], "native"), [])
        self.assertEqual(qemu.guest_option_errors(["name=a", "mem=64"], "pvhv"), [])
        for words, backend in ((["name=my", "dom"], "pvhv"), (["x\"y"], "pvhv"),
                               (["foo=1"], "pvhv"), (["mem=64"], "native"),
                               (["sched="], "native"), (["sched=a,b"], "native")):
            self.assertTrue(qemu.guest_option_errors(words, backend), words)

    def test_guest_keys_match_the_kernel(self):
        keys = set()
        for path in glob.glob(os.path.join(ROOT, "guest", "**", "*.c"), recursive=True):
            with open(path) as f:
                keys |= set(re.findall(r'boot_option\(\s*\w+,\s*"(\w+)"', f.read()))
        self.assertEqual(keys, set(qemu.GUEST_KEYS))

    def test_cursor_query_dropped_across_chunks(self):
        r, w = os.pipe()
        f = qemu._OutFilter(w, drop=True)
        for chunk in (b"/ # \x1b[", b"6nls\x1b", b"[6", b"n", b"\x1b[1m"):
            f(chunk)
        f.flush()
        os.close(w)
        self.assertEqual(os.read(r, 100), b"/ # ls\x1b[1m")
        os.close(r)


@unittest.skipUnless(have("gcc", "ld", qemu.QEMU), "needs gcc, ld and QEMU")
class BootTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def kernel(self, nbytes=0, code=0, mode=0, status=None):
        """Build the test kernel with these parameters; return its path.
        STATUS: the status-channel line it writes before its exit."""
        base = os.path.join(self.tmp.name, "k%d_%d_%d_%s" % (
            nbytes, code, mode, re.sub(r"\W", "_", status or "")))
        src = os.path.join(self.tmp.name, "k.S")
        with open(src, "w") as f:
            f.write("#define NBYTES %d\n#define CODE %d\n#define MODE %d\n%s%s"
                    % (nbytes, code, mode,
                       '#define STATUS "%s\\n"\n' % status.replace("\n", "\\n") if status else "", KERNEL_S))
        gcc_m32(src, base + ".o", "assembler-with-cpp")
        subprocess.run(["ld", "-m", "elf_i386", "-Ttext=0x100000", "-e", "_start",
                        "--no-warn-rwx-segments", "-o", base + ".elf", base + ".o"],
                       check=True, capture_output=True)
        return base + ".elf"

    def boot(self, kernel, timeout=20, stdin_bytes=None):
        return qemu.run(kernel, timeout=timeout, stdin_bytes=stdin_bytes, accel="tcg")

    def test_power_off_with_code(self):
        r = self.boot(self.kernel(code=5))
        self.assertEqual((r.guest_code, r.timed_out), (5, False))
        self.assertEqual(r.transcript, "Test: qemu.py\n\nTest result: SUCCESS\n")

    def test_serial_input_reaches_guest(self):
        # More than the 16-byte receive FIFO, to check flow through the pipe.
        data = bytes(range(0x41, 0x41 + 26)) * 2
        r = self.boot(self.kernel(nbytes=len(data)), stdin_bytes=data)
        self.assertEqual(r.guest_code, 0, r.transcript)
        self.assertIn(data.decode(), r.transcript)

    def test_triple_fault_is_no_power_off(self):
        r = self.boot(self.kernel(mode=1))
        self.assertIsNone(r.guest_code)
        self.assertFalse(r.timed_out)

    def test_kvm_probe_passes_under_tcg(self):
        # The probe itself must be right, or a good KVM would be turned down.
        with tempfile.TemporaryDirectory() as tmp:
            elf = qemu._build_probe(tmp)
            self.assertIsNotNone(elf)
            self.assertEqual(self.boot(elf).guest_code, qemu.PROBE_OK)

    def test_timeout_kills_qemu(self):
        r = self.boot(self.kernel(mode=2), timeout=1)
        self.assertTrue(r.timed_out)
        self.assertIsNone(r.guest_code)


    # ---- the command: exit statuses, stdin, the console ----

    def launch(self, args, stdin=b"", timeout=60):
        env = dict(os.environ, VMI_ACCEL="tcg")
        return subprocess.run([sys.executable, QEMU_PY] + args, input=stdin,
                              capture_output=True, timeout=timeout, env=env)

    def test_status_over_127_reaches_the_exit_status(self):
        p = self.launch(["--timeout", "20", self.kernel(code=200 & 0x7F, status="exit 200")])
        self.assertEqual(p.returncode, 200, p.stderr)

    def test_crash_and_rejected_statuses(self):
        p = self.launch(["--timeout", "20", self.kernel(code=127, status="crash")])
        self.assertEqual(p.returncode, qemu.STATUS_CRASH, p.stderr)
        p = self.launch(["--timeout", "20",
                         self.kernel(code=127, status="hv: no domain to run\nrejected")])
        self.assertEqual(p.returncode, qemu.STATUS_NO_DOMAIN, p.stderr)
        self.assertIn(b"hv: no domain to run", p.stderr)
        self.assertIn(b"rejected every domain", p.stderr)

    def test_timeout_status(self):
        p = self.launch(["--timeout", "1", self.kernel(mode=2)])
        self.assertEqual(p.returncode, qemu.STATUS_TIMEOUT, p.stderr)

    def test_triple_fault_status(self):
        p = self.launch(["--timeout", "20", self.kernel(mode=1)])
        self.assertEqual(p.returncode, qemu.STATUS_CRASH, p.stderr)

    def test_qemu_cannot_load(self):
        p = self.launch(["--timeout", "20", os.path.join(ROOT, "README.md")])
        self.assertEqual(p.returncode, qemu.STATUS_QEMU_FAILED, p.stderr)
        self.assertIn(b"no complete multiboot image", p.stderr)

    def test_report_line(self):
        p = self.launch(["--report", "run", "--timeout", "20",
                         self.kernel(code=7, status="exit 7")])
        self.assertEqual(p.returncode, 7)
        self.assertTrue(p.stderr.endswith(b"run: guest exited with status 7\n"), p.stderr)

    def test_piped_stdin_and_its_end(self):
        # "ab" has no newline: the launcher ends it with one, then ^D.  All of
        # it is sent only after "ready", however early it was written.
        k = self.kernel(nbytes=4, code=3, status="exit 3")
        p = self.launch(["--interactive", "--timeout", "30", k], stdin=b"ab")
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertIn(b"ab\n\x04", p.stdout)

    def test_empty_stdin_still_ends(self):
        k = self.kernel(nbytes=1, code=0, status="exit 0")
        p = self.launch(["--interactive", "--timeout", "30", k], stdin=b"")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn(b"\x04", p.stdout)

    def pty_launch(self, kernel, keys, rows=30, cols=100, timeout=30):
        """Run the launcher on a pseudo-terminal of ROWS x COLS, typing KEYS
        once it has started; (exit status, everything it printed)."""
        env = dict(os.environ, VMI_ACCEL="tcg")
        return run_on_pty([sys.executable, QEMU_PY, "--interactive", "--timeout",
                           str(timeout), kernel], keys, rows, cols, env)

    def test_ctrl_a_quits_and_helps(self):
        status, out = self.pty_launch(self.kernel(mode=0, nbytes=1000, status="exit 0"),
                                      b"\x01h\x01x")
        self.assertEqual(status, qemu.STATUS_INTERRUPTED, out)
        self.assertIn(b"C-a x", out)          # QEMU's help for the escapes

    def test_killed_qemu_is_not_a_crash(self):
        # QEMU killed from another terminal: the user's doing, status 130.
        env = dict(os.environ, VMI_ACCEL="tcg")
        proc = subprocess.Popen([sys.executable, QEMU_PY, "--interactive", "--timeout", "60",
                                 self.kernel(nbytes=100, status="exit 0")],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env)
        self.assertEqual(proc.stdout.read(15), b"Test: qemu.py\r\n")   # it runs
        with open("/proc/%d/task/%d/children" % (proc.pid, proc.pid)) as f:
            children = [int(c) for c in f.read().split()]
        self.assertEqual(len(children), 1)
        os.kill(children[0], 15)
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, qemu.STATUS_INTERRUPTED, err)
        self.assertIn(b"QEMU was killed by signal 15", err)

    def test_sigterm_ends_qemu_too(self):
        env = dict(os.environ, VMI_ACCEL="tcg")
        proc = subprocess.Popen([sys.executable, QEMU_PY, "--interactive", "--timeout", "60",
                                 self.kernel(nbytes=100, status="exit 0")],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env)
        self.assertEqual(proc.stdout.read(15), b"Test: qemu.py\r\n")   # it runs
        proc.terminate()
        out, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, qemu.STATUS_INTERRUPTED, err)
        self.assertIn(b"signal 15", err)

    def test_terminal_size_reaches_the_guest(self):
        # The size report comes first, before anything typed.
        status, out = self.pty_launch(self.kernel(nbytes=11, code=0, status="exit 0"),
                                      b"z", rows=33, cols=101)
        self.assertEqual(status, 0, out)
        self.assertIn(qemu.winsize_report(33, 101) + b"z", out)


if __name__ == "__main__":
    unittest.main()
