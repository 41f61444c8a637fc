# test_vmctl.py - dom0's toolstack end to end: the pvhv guest with dom0's
# initramfs (build/initramfs-dom0.cpio, as `make run` boots it) runs a
# script of vmctl commands as /etc/cmd - create two domains from /boot,
# list them, read a domain's console, balloon one down to 12 MiB (mem-set, seen in list), type into another's shell, pause,
# a polite shutdown, destroy, a malformed image refused with the
# hypervisor's reason, info - and the transcript is judged line by line;
# and on a pseudo-terminal, `vmctl create -c` attaches the console, what
# is typed reaches the new domain, Ctrl-] detaches and the rest of the
# typed line goes to dom0's shell.
# Every wait in the script loops on a condition (never on a time alone);
# the launcher's --timeout bounds the run.  Skipped when not built.
import sys
import tempfile
import unittest

from scripts.tests.dom0_script import (BUILT, DOM0_INITRD, HV, PVHV, QEMU_PY, SKIP_WHY,
                                       assert_lines, env_for, run_script)
from scripts.tests.util import run_on_pty

SCRIPT = r"""
until_seen() { until vmctl console "$1" </dev/null | grep -q "$2"; do sleep 1; done; }
state_of() { vmctl list | awk -v n="$1" '$1 == n { print $4 }'; }
vmctl create /boot/guest-pvhv.elf name=a mem=16 cmd='echo hi from a; sleep 1000'
vmctl create /boot/guest-pvhv.elf name=b mem=16 weight=3
vmctl list | awk 'NR > 1 { print "listed", $1, $2, $3, $6 }'
until_seen a 'hi from a'
echo "a said hi"
vmctl mem-set a 12
until [ "$(vmctl list | awk '$1 == "a" { print $3 }')" = 12 ]; do sleep 1; done
echo "a holds 12 MiB"
vmctl pause a
echo "a is $(state_of a)"
vmctl unpause a
echo 'echo typed into b' | vmctl console b >/dev/null
until_seen b '^typed into b'
echo "b ran what was typed"
vmctl shutdown b
until [ "$(state_of b)" = d ]; do sleep 1; done
echo "b shut down"
vmctl destroy a
echo "a is $(state_of a)"
vmctl console a </dev/null | grep -c 'hi from a'
head -c 3000 /boot/guest-pvhv.elf > /tmp/short.elf
vmctl create /tmp/short.elf name=bad; echo "create short: $?"
vmctl destroy 0; echo "destroy self: $?"
vmctl info | grep -c '^domains      : 1 live'
"""

EXPECTED = [
    "created domain 1 (a)",
    "created domain 2 (b)",
    "listed dom0 0 128 1",
    "listed a 1 16 1",
    "listed b 2 16 3",
    "a said hi",
    "a: memory target 12 MiB",
    "a holds 12 MiB",
    "a is p",
    "b ran what was typed",
    "b shut down",
    "a is d",
    "1",
    "vmctl: create /tmp/short.elf: Invalid argument",
    "vmctl: hv: domain 3 (bad) rejected: PT_NOTE",
    "create short: 1",
    "vmctl: destroy 0: Invalid argument",
    "destroy self: 1",
    "1",
]


@unittest.skipUnless(BUILT, SKIP_WHY)
class VmctlTest(unittest.TestCase):
    def test_script(self):
        with tempfile.TemporaryDirectory() as tmp:
            lines, body = run_script(self, SCRIPT, tmp)
        assert_lines(self, lines, EXPECTED, body)

    def test_console_on_a_terminal(self):
        # typed at once: the shell's line, then (raw, through vmctl
        # console) a line for domain a and Ctrl-], then the shell's again
        keys = (b"vmctl create /boot/guest-pvhv.elf name=a mem=16 -c\r"
                b"echo typed into a\r\x1d"
                b"until vmctl console a </dev/null | grep -q '^typed into a'; "
                b"do sleep 1; done; echo detached; exit 5\r")
        with tempfile.TemporaryDirectory() as tmp:
            status, out = run_on_pty([sys.executable, QEMU_PY, "--timeout", "300",
                                      "--interactive", HV, PVHV + " name=dom0 mem=128",
                                      DOM0_INITRD + " initrd"], keys, 24, 80, env_for(tmp))
        text = out.decode(errors="replace")
        self.assertEqual(status, 5, text[-3000:])
        self.assertIn("created domain 1 (a)", text)
        self.assertIn("Ctrl-] detaches", text)
        self.assertIn("detached", text)


if __name__ == "__main__":
    unittest.main()
