# test_vmctl_net.py - dom0's network commands end to end: the pvhv guest
# with dom0's initramfs runs a script of vmctl commands as /etc/cmd -
# vif-list (the default addresses of dom0 and a created domain), vif-set
# (a new address and credit, seen in vif-list), rule add (appended and at
# a position), rule list, rule del, rule policy, a malformed rule refused
# - and the transcript is judged line by line.  The launcher's --timeout
# bounds the run.  Skipped when not built.
import os
import subprocess
import sys
import tempfile
import unittest

from scripts import mkinitramfs, qemu
from scripts.tests.util import ROOT, have

B = os.path.join(ROOT, "build")
HV = os.path.join(B, "hypervisor.elf")
PVHV = os.path.join(B, "guest-pvhv.elf")
DOM0_INITRD = os.path.join(B, "initramfs-dom0.cpio")
QEMU_PY = os.path.join(ROOT, "scripts", "qemu.py")

SCRIPT = r"""
rules() { vmctl rule list | awk '$1 ~ /^[0-9]+$/ { print "rule", $1, $2, $3, $7, $8 } $1 == "default" { print $1, $2 }'; }
vmctl create /boot/guest-pvhv.elf name=a mem=16 cmd='sleep 1000'
vmctl vif-list | awk 'NR > 1 { print "vif", $1, $2, $3, $4, $5, $6 }'
vmctl vif-set a ip=10.0.2.77/24 credit=30000
vmctl vif-list | awk '$1 == "a" { print "vif", $1, $4, $5 }'
vmctl vif-set a mac=01:00:00:00:00:01; echo "multicast mac: $?"
vmctl rule add action=drop proto=udp dport=53 vif=nic
vmctl rule add action=count proto=icmp vif=a at=0
rules
vmctl rule del 0
vmctl rule policy drop
rules
vmctl rule add action=reject 2>/dev/null; echo "bad rule: $?"
vmctl rule del 7; echo "del missing: $?"
"""

EXPECTED = [
    "created domain 1 (a)",
    "vif dom0 0 52:54:00:12:34:56 10.0.2.15/24 0 no",
    "vif a 1 52:54:00:12:34:57 10.0.2.16/24 0 no",
    "vif a 10.0.2.77/24 30000",
    "vmctl: vif-set: Invalid argument",
    "multicast mac: 1",
    "rule 0 added",
    "rule 0 added",
    "rule 0 count icmp * 1",
    "rule 1 drop udp 53 nic",
    "default accept,",
    "rule 0 drop udp 53 nic",
    "default drop,",
    "bad rule: 2",
    "vmctl: rule: No such file or directory",
    "del missing: 1",
]


@unittest.skipUnless(all(os.path.isfile(p) for p in (HV, PVHV, DOM0_INITRD))
                     and have(qemu.QEMU), "needs make all (dom0's initramfs) and QEMU")
class VmctlNetTest(unittest.TestCase):
    def test_script(self):
        with open(DOM0_INITRD, "rb") as f:
            base = mkinitramfs.read_cpio(f.read())
        cpio = mkinitramfs.write_cpio(mkinitramfs.merge(
            base, [mkinitramfs.regular("etc/cmd", SCRIPT.encode())]))
        with tempfile.TemporaryDirectory() as tmp:
            initrd = os.path.join(tmp, "initrd.cpio")
            with open(initrd, "wb") as f:
                f.write(cpio)
            env = dict(os.environ, VMI_ACCEL=os.environ.get("VMI_ACCEL", "tcg"), TMPDIR=tmp)
            p = subprocess.run([sys.executable, QEMU_PY, "--timeout", "300", HV,
                                PVHV + " name=dom0 mem=128", initrd + " initrd"],
                               stdin=subprocess.DEVNULL, capture_output=True, env=env,
                               timeout=400)
        out = p.stdout.decode(errors="replace").replace("\r", "")
        self.assertEqual(p.returncode, 0, out[-3000:] + p.stderr.decode(errors="replace"))
        body = out.split("init: running /etc/cmd\n", 1)[-1].split("init: /etc/cmd exited")[0]
        lines = body.splitlines()
        for want, got in zip(EXPECTED, lines):
            self.assertTrue(got.startswith(want), "want %r, got %r\n%s" % (want, got, body))
        self.assertEqual(len(lines), len(EXPECTED), body)


if __name__ == "__main__":
    unittest.main()
