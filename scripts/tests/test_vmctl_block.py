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
import tempfile
import unittest

from scripts.tests.dom0_script import BUILT, SKIP_WHY, assert_lines, run_script

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


@unittest.skipUnless(BUILT, SKIP_WHY)
class VmctlBlockTest(unittest.TestCase):
    def test_disk_extents(self):
        with tempfile.TemporaryDirectory() as tmp:
            disk = os.path.join(tmp, "disk.img")
            with open(disk, "wb") as f:
                f.truncate(SECTORS * 512)
            lines, body = run_script(self, SCRIPT, tmp, dom0_opts="vbd=0:0+2048",
                                     qemu_args=("--disk", disk), timeout=400)
            with open(disk, "rb") as f:
                image = f.read()
        data = seq_bytes(NBYTES)
        assert_lines(self, lines, expected_lines(data), body)
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
