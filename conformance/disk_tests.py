"""disk_tests.py - the system tests that run on an ext2 disk, for run.py.

A shell test conformance/system/<name>.sh with a sidecar <name>.disk gets a
disk: a fresh ext2 image (scripts/mkdisk.py) attached as vda on every
backend, which the guest kernel mounts at /mnt at boot.  The sidecar holds
"key value" lines (# comments):

  size 64M               the image's size, and the host run's /mnt (tmpfs)
  block-size 1024        ext2 block size (default 4096)
  tree disk              a folder of the repository copied onto the disk
  generate yes           scripts/mkdisk.py's generated files too
  corrupt FIELD=VALUE    damage the superblock (scripts/mkdisk.py --corrupt)
  fail-reads PATH        every read of the first block of file PATH fails
                         (QEMU's blkdebug driver injects EIO there)
  console TEXT           a line the guest's console must hold (repeatable)

The host run (shell_tests.py) gets the same starting files in a tmpfs of
the same size at /mnt, so a full disk fails there too.  After the guest's
run, on top of shell_tests.judge: the image must pass `e2fsck -fn`, and the
files left on it (read back with `debugfs -R "rdump / DIR"`) must equal
what the host's run left in its /mnt - path, type, permission bits, and the
content (SHA-256) or link target; lost+found and FIFOs aside (debugfs does
not dump FIFOs).  A corrupt image must be refused: e2fsck is not asked,
the image must come back unchanged byte for byte, and the console lines
must be there.  Standard library only.
"""
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import mkdisk  # noqa: E402

DEFAULTS = {"size": "64M", "block-size": "4096", "tree": "", "generate": "no",
            "corrupt": "", "fail-reads": ""}


class DiskUnavailable(Exception):
    """No e2fsprogs on this host."""


def spec_path(root, test):
    return os.path.join(root, "conformance", test[:-len(".sh")] + ".disk")


def parse_spec(text):
    """The sidecar's settings: DEFAULTS overridden, "console" a list."""
    spec = dict(DEFAULTS, console=[])
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition(" ")
        if key == "console":
            spec["console"].append(value.strip())
        elif key in DEFAULTS:
            spec[key] = value.strip()
        else:
            raise ValueError("unknown disk setting %r" % key)
    return spec


def spec_for(root, test):
    """The parsed sidecar of a shell test, or None if it has no disk."""
    path = spec_path(root, test)
    if not os.path.isfile(path):
        return None
    with open(path) as f:
        return parse_spec(f.read())


def tool(name):
    path = shutil.which(name) or shutil.which(name, path="/sbin:/usr/sbin")
    if not path:
        raise DiskUnavailable("no %s on this host (e2fsprogs)" % name)
    return path


def size_bytes(spec):
    return mkdisk.parse_size(spec["size"])


def starting_files(root, spec, dest):
    """What a fresh disk holds, as a folder dest (the host run's /mnt);
    nothing for a corrupt image, which the guest cannot mount."""
    os.makedirs(dest, exist_ok=True)
    if spec["corrupt"]:
        return
    if spec["tree"]:
        shutil.copytree(os.path.join(root, spec["tree"]), dest, symlinks=True,
                        dirs_exist_ok=True)
    if spec["generate"] == "yes":
        mkdisk.generate(dest)


def make_image(root, spec, out):
    tool("mke2fs")
    mkdisk.make_image(out, size_bytes(spec),
                      os.path.join(root, spec["tree"]) if spec["tree"] else None,
                      spec["generate"] == "yes", int(spec["block-size"]),
                      spec["corrupt"] or None)


def first_block(img, path):
    """The disk block holding the first byte of file PATH in the image."""
    r = subprocess.run([tool("debugfs"), "-R", "bmap %s 0" % path, img],
                       capture_output=True, text=True)
    if r.returncode or not r.stdout.strip().isdigit() or int(r.stdout) == 0:
        raise RuntimeError("debugfs bmap %s: %s" % (path, (r.stdout + r.stderr).strip()))
    return int(r.stdout)


def drive_args(spec, img, qemu):
    """QEMU arguments attaching the image as vda: plain (qemu.disk_args), or
    through blkdebug when reads are to fail."""
    if not spec["fail-reads"]:
        return qemu.disk_args([img])
    sector = first_block(img, spec["fail-reads"]) * (int(spec["block-size"]) // 512)
    cfg = img + ".blkdebug"
    with open(cfg, "w") as f:
        f.write('[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "%d"\n' % sector)
    return ["-drive", "file=blkdebug:%s:%s,if=none,id=vd0,format=raw" % (cfg, img),
            "-device", "virtio-blk-pci,drive=vd0"]


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _skip(rel):
    return rel == "lost+found" or rel.startswith("lost+found/")


def dir_manifest(top):
    """{relative path: (kind, permission bits, sha256 or link target)}."""
    out = {}
    for d, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(d, name)
            rel = os.path.relpath(path, top)
            if _skip(rel):
                continue
            st = os.lstat(path)
            perm = stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", 0o777, os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir", perm, "")
            elif stat.S_ISREG(st.st_mode):
                out[rel] = ("file", perm, sha256_file(path))
    return out


def tar_manifest(path):
    """dir_manifest of a tar archive (the host run's /mnt)."""
    out, links = {}, []
    with tarfile.open(path) as tar:
        for m in tar.getmembers():
            rel = os.path.normpath(m.name)
            if rel == "." or _skip(rel):
                continue
            if m.issym():
                out[rel] = ("link", 0o777, m.linkname)
            elif m.isdir():
                out[rel] = ("dir", m.mode & 0o7777, "")
            elif m.isfile():
                out[rel] = ("file", m.mode & 0o7777,
                            hashlib.sha256(tar.extractfile(m).read()).hexdigest())
            elif m.islnk():
                links.append((rel, os.path.normpath(m.linkname), m.mode & 0o7777))
    for rel, target, perm in links:            # hard links: the target's content
        out[rel] = ("file", perm, out[target][2])
    return out


def image_manifest(img):
    """dir_manifest of what the image holds (debugfs rdump)."""
    with tempfile.TemporaryDirectory(prefix="vmi-rdump-") as tmp:
        r = subprocess.run([tool("debugfs"), "-R", "rdump / " + tmp, img],
                           capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError("debugfs rdump failed: %s" % r.stderr.strip())
        return dir_manifest(tmp)


def fsck(img):
    """(clean?, e2fsck's report)."""
    r = subprocess.run([tool("e2fsck"), "-fn", img], capture_output=True, text=True)
    return r.returncode == 0, (r.stdout + r.stderr).strip()


def first_difference(want, got):
    """None if the manifests agree, else what differs first."""
    for rel in sorted(set(want) | set(got)):
        a, b = want.get(rel), got.get(rel)
        if a != b:
            return "%s: host %s, disk %s" % (rel, a or "missing", b or "missing")
    return None


def judge(spec, img, sha_before, transcript, expected):
    """(PASS|FAIL, reason) of the disk after a run that shell_tests passed;
    expected: the host's manifest of /mnt."""
    for line in spec["console"]:
        if line not in transcript:
            return "FAIL", "the console lacks %r" % line
    if spec["corrupt"]:
        if sha256_file(img) != sha_before:
            return "FAIL", "the refused image was written to"
        return "PASS", ""
    clean, report = fsck(img)
    if not clean:
        lines = [l for l in report.splitlines() if not l.startswith(("Pass ", "e2fsck "))]
        return "FAIL", "e2fsck -fn: %s" % "; ".join(lines[:4])
    try:
        got = image_manifest(img)
    except RuntimeError as e:
        return "FAIL", str(e)
    diff = first_difference(expected, got)
    if diff:
        return "FAIL", "files on the disk differ from the host's: " + diff
    return "PASS", ""
