# dom0_script.py - what the vmctl tests share: boot the pvhv guest as
# domain 0 with dom0's initramfs (build/initramfs-dom0.cpio, as `make run`
# boots it) and a shell script as /etc/cmd, and judge the lines the
# script printed against the expected ones (each line starts with its
# expectation).  The launcher's --timeout bounds every run.
import os
import subprocess
import sys

from scripts import mkinitramfs, qemu
from scripts.tests.util import ROOT, have

B = os.path.join(ROOT, "build")
HV = os.path.join(B, "hypervisor.elf")
PVHV = os.path.join(B, "guest-pvhv.elf")
DOM0_INITRD = os.path.join(B, "initramfs-dom0.cpio")
QEMU_PY = os.path.join(ROOT, "scripts", "qemu.py")

BUILT = all(os.path.isfile(p) for p in (HV, PVHV, DOM0_INITRD)) and have(qemu.QEMU)
SKIP_WHY = "needs make all (dom0's initramfs) and QEMU"


def env_for(tmp):
    return dict(os.environ, VMI_ACCEL=os.environ.get("VMI_ACCEL", "tcg"), TMPDIR=tmp)


def run_script(test, script, tmp, dom0_opts="", qemu_args=(), timeout=300):
    """Boot dom0 (options 'name=dom0 mem=128' plus dom0_opts) with script
    as /etc/cmd, the initramfs written into tmp; assert a clean exit and
    return (the script's output lines, its whole output)."""
    with open(DOM0_INITRD, "rb") as f:
        base = mkinitramfs.read_cpio(f.read())
    initrd = os.path.join(tmp, "initrd.cpio")
    with open(initrd, "wb") as f:
        f.write(mkinitramfs.write_cpio(mkinitramfs.merge(
            base, [mkinitramfs.regular("etc/cmd", script.encode())])))
    opts = ("name=dom0 mem=128 " + dom0_opts).strip()
    p = subprocess.run([sys.executable, QEMU_PY, "--timeout", str(timeout), *qemu_args,
                        HV, PVHV + " " + opts, initrd + " initrd"],
                       stdin=subprocess.DEVNULL, capture_output=True, env=env_for(tmp),
                       timeout=timeout + 100)
    out = p.stdout.decode(errors="replace").replace("\r", "")
    test.assertEqual(p.returncode, 0, out[-3000:] + p.stderr.decode(errors="replace"))
    body = out.split("init: running /etc/cmd\n", 1)[-1].split("init: /etc/cmd exited")[0]
    return body.splitlines(), body


def assert_lines(test, lines, expected, body):
    """Each printed line starts with its expectation, and there are as many."""
    for want, got in zip(expected, lines):
        test.assertTrue(got.startswith(want), "want %r, got %r\n%s" % (want, got, body))
    test.assertEqual(len(lines), len(expected), body)
