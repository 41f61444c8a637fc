# test_qemu.py - scripts/qemu.py: the command line it builds, exit-code decoding,
# accelerator choice, and real boots (under TCG, which is always available) of
# a tiny multiboot kernel that checks serial input, exit codes, crash, timeout.
import os
import subprocess
import tempfile
import unittest
from unittest import mock

from scripts import qemu
from scripts.tests.util import gcc_m32, have

# A multiboot kernel: init COM1 (resetting its FIFOs, as a real guest does),
# print a first line, echo NBYTES input bytes, print a verdict, debug-exit CODE.
# MODE 1 triple-faults instead (empty IDT), MODE 2 spins forever.
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
	mov $NBYTES, %ebx
	test %ebx, %ebx; jz 3f
2:	call getc; call putc; dec %ebx; jnz 2b
3:	mov $verdict, %esi; call puts
	mov $0xf4, %dx; mov $CODE, %eax; out %eax, %dx
4:	jmp 4b
puts:	lodsb; test %al, %al; jz 5f; call putc; jmp puts
5:	ret
putc:	mov %al, %cl; mov $COM1+5, %dx
6:	in %dx, %al; test $0x20, %al; jz 6b
	mov %cl, %al; mov $COM1, %dx; out %al, %dx; ret
getc:	mov $COM1+5, %dx
7:	in %dx, %al; test $1, %al; jz 7b
	mov $COM1, %dx; in %dx, %al; ret
idt0:	.word 0; .long 0
hello:	.asciz "Test: qemu.py\r\n"
verdict: .asciz "\nTest result: SUCCESS\n"
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

    def test_accel_override(self):
        with mock.patch.dict(os.environ, {"VMI_ACCEL": "tcg"}):
            self.assertEqual(qemu.pick_accel(), "tcg")
        with mock.patch.dict(os.environ, {"VMI_ACCEL": "xen"}):
            self.assertRaises(ValueError, qemu.pick_accel)
        with mock.patch.dict(os.environ, {"VMI_ACCEL": ""}), \
                mock.patch.object(qemu, "kvm_runs_paging", return_value=False):
            self.assertEqual(qemu.pick_accel(), "tcg")


@unittest.skipUnless(have("gcc", "ld", qemu.QEMU), "needs gcc, ld and QEMU")
class BootTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def kernel(self, nbytes=0, code=0, mode=0):
        """Build the test kernel with these parameters; return its path."""
        base = os.path.join(self.tmp.name, "k%d_%d_%d" % (nbytes, code, mode))
        src = os.path.join(self.tmp.name, "k.S")
        with open(src, "w") as f:
            f.write("#define NBYTES %d\n#define CODE %d\n#define MODE %d\n%s"
                    % (nbytes, code, mode, KERNEL_S))
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


if __name__ == "__main__":
    unittest.main()
