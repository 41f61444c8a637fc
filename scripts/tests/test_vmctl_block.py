# test_vmctl_block.py - dom0's block device commands end to end: the pvhv
# guest with dom0's initramfs boots with a zeroed scratch disk of which
# dom0 holds only the first 1 MiB (vbd=0:0+2048); its script creates a
# domain with `disk=4096+2048,2048+1024` (1.5 MiB of two extents, in that
# order), which writes 1.5 MiB of `seq` output to /dev/vda, syncs, reads
# it back and prints its MD5; dom0 lists, attaches, refuses and detaches
# devices, and destroys it.  Afterwards the host reads the image: the data lies exactly in
# the two extents at the translated places and every other sector is
# still zero.  Waits loop on conditions; the launcher's --timeout bounds
# the run.  Skipped when not built.
import hashlib
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

SECTORS = 8192                       # a 4 MiB disk
EXTENTS = [(4096, 2048), (2048, 1024)]
NBYTES = sum(c for _, c in EXTENTS) * 512

SCRIPT = r"""
until_seen() { until vmctl console "$1" </dev/null | grep -q "$2"; do sleep 1; done; }
vmctl block-list | awk '{ print "list", $1, $3, $4, $5, $7 }'
vmctl create /boot/guest-pvhv.elf name=d mem=16 disk=4096+2048,2048+1024 \
  cmd='seq 1 400000 | head -c %d > /dev/vda && sync && echo "sum $(head -c %d /dev/vda | md5sum)"; sleep 1000'
until_seen d '^sum '
vmctl console d </dev/null | grep '^sum ' | awk '{ print "d wrote", $2 }'
vmctl block-list d | awk 'NR > 1 { print "list", $1, $3, $4, $5, $6, $7 }'
vmctl block-attach d 0+16; echo "overlap: $?"
vmctl block-attach d 8000+500; echo "past end: $?"
vmctl block-attach d 7000+100,7200+8 ro
vmctl block-attach d 7004+4 ro disk=0
vmctl block-attach 0 7002+2 ro
vmctl block-detach d vda; echo "detach vda: $?"
vmctl block-detach d vdb
vmctl block-detach d vdc
vmctl block-detach 0 vdb
vmctl block-list d | awk 'NR > 1 { print "list", $1, $3, $7 }'
vmctl destroy d
""" % (NBYTES, NBYTES)


def seq_bytes(n):
    out, i = [], 1
    size = 0
    while size < n:
        s = "%d\n" % i
        out.append(s)
        size += len(s)
        i += 1
    return "".join(out).encode()[:n]


def expected_lines(data):
    md5 = hashlib.md5(data).hexdigest()
    return [
        "list Name Dev Disk RW Extents",
        "list dom0 vda 0 rw 0+2048",
        "created domain 1 (d)",
        "d wrote " + md5,
        "list d vda 0 rw yes 4096+2048,2048+1024",
        "vmctl: block-attach d: overlaps another device's sectors",
        "overlap: 1",
        "vmctl: block-attach d: an extent is empty or past the disk's end",
        "past end: 1",
        "d: vdb = disk 0 7000+100,7200+8 ro",
        "d: vdc = disk 0 7004+4 ro",
        "0: vdb = disk 0 7002+2 ro",
        "vmctl: block-detach d vda: in use",
        "detach vda: 1",
        "list d vda 4096+2048,2048+1024",
    ]


@unittest.skipUnless(all(os.path.isfile(p) for p in (HV, PVHV, DOM0_INITRD))
                     and have(qemu.QEMU), "needs make all (dom0's initramfs) and QEMU")
class VmctlBlockTest(unittest.TestCase):
    def test_disk_extents(self):
        with open(DOM0_INITRD, "rb") as f:
            base = mkinitramfs.read_cpio(f.read())
        cpio = mkinitramfs.write_cpio(mkinitramfs.merge(
            base, [mkinitramfs.regular("etc/cmd", SCRIPT.encode())]))
        with tempfile.TemporaryDirectory() as tmp:
            initrd = os.path.join(tmp, "initrd.cpio")
            disk = os.path.join(tmp, "disk.img")
            with open(initrd, "wb") as f:
                f.write(cpio)
            with open(disk, "wb") as f:
                f.truncate(SECTORS * 512)
            env = dict(os.environ, VMI_ACCEL=os.environ.get("VMI_ACCEL", "tcg"), TMPDIR=tmp)
            p = subprocess.run([sys.executable, QEMU_PY, "--timeout", "400", "--disk", disk,
                                HV, PVHV + " name=dom0 mem=128 vbd=0:0+2048",
                                initrd + " initrd"],
                               stdin=subprocess.DEVNULL, capture_output=True, env=env,
                               timeout=500)
            with open(disk, "rb") as f:
                image = f.read()
        out = p.stdout.decode(errors="replace").replace("\r", "")
        self.assertEqual(p.returncode, 0, out[-3000:] + p.stderr.decode(errors="replace"))
        body = out.split("init: running /etc/cmd\n", 1)[-1].split("init: /etc/cmd exited")[0]
        lines = body.splitlines()
        data = seq_bytes(NBYTES)
        want = expected_lines(data)
        for w, got in zip(want, lines):
            self.assertTrue(got.startswith(w), "want %r, got %r\n%s" % (w, got, body))
        self.assertEqual(len(lines), len(want), body)
        # On the disk: the extents in order, zeros everywhere else.
        expect = bytearray(SECTORS * 512)
        at = 0
        for start, count in EXTENTS:
            expect[start * 512:(start + count) * 512] = data[at:at + count * 512]
            at += count * 512
        bad = [s for s in range(SECTORS)
               if image[s * 512:(s + 1) * 512] != expect[s * 512:(s + 1) * 512]]
        self.assertEqual(bad, [], "sectors that differ (first ones): %r" % bad[:8])


if __name__ == "__main__":
    unittest.main()
