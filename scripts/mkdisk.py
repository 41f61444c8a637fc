#!/usr/bin/env python3
"""mkdisk.py - write an ext2 disk image with e2fsprogs' mke2fs -d.

  mkdisk.py --out build/disk.img [--tree disk] [--generate] [--size 64M]
            [--block-size 4096] [--corrupt FIELD=VALUE]

The image holds the folder --tree (copied as it is) and, with --generate,
the deterministic generated files that disk/README.md lists with their
SHA256SUMS.  It is ext2 revision 1 without a journal (`mke2fs -t ext2`),
with mke2fs's default features for ext2 (on Debian: ext_attr, resize_inode,
dir_index, filetype, sparse_super, large_file), with a fixed UUID and hash
seed, and every file's times set to 2026-01-01.  --corrupt damages a superblock field after mke2fs
(the system tests' refused-image case), e.g. --corrupt inodes_per_group=0.

As a module (conformance/shell_tests.py): make_image, SUPER_FIELDS.
Standard library only.
"""
import argparse
import hashlib
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

SUPER_OFFSET = 1024
# Superblock fields (byte offset, struct format): ext2's layout.
SUPER_FIELDS = {
    "inodes_count": (0, "<I"), "blocks_count": (4, "<I"),
    "first_data_block": (20, "<I"), "log_block_size": (24, "<I"),
    "blocks_per_group": (32, "<I"), "inodes_per_group": (40, "<I"),
    "magic": (56, "<H"), "rev_level": (76, "<I"), "inode_size": (88, "<H"),
    "feature_incompat": (96, "<I"),
}
FIXED_UUID = "5f1b2d3c-0a1b-4c2d-9e8f-0123456789ab"
FAKE_TIME = "1767225600"        # 2026-01-01 00:00:00 UTC


def parse_size(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if text[-1:].upper() in units:
        return int(text[:-1]) * units[text[-1:].upper()]
    return int(text)


def generate(dest):
    """The generated files and SHA256SUMS, under dest/generated."""
    gen = os.path.join(dest, "generated")
    os.makedirs(gen, exist_ok=True)
    with open(os.path.join(gen, "seq.txt"), "w") as f:
        f.write("".join("%d\n" % i for i in range(1, 20001)))
    rnd = random.Random(15)
    with open(os.path.join(gen, "random.bin"), "wb") as f:
        f.write(bytes(rnd.getrandbits(8) for _ in range(1 << 20)))
    with open(os.path.join(gen, "sparse.bin"), "wb") as f:
        f.write(b"start of a sparse file\n")
        f.seek((16 << 20) - 4)
        f.write(b"end\n")
    with open(os.path.join(gen, "big.bin"), "wb") as f:
        for i in range(8 << 10):
            f.write(("block %07d " % i).encode().ljust(1024, b"."))
    sums = []
    for name in sorted(os.listdir(gen)):
        with open(os.path.join(gen, name), "rb") as f:
            sums.append("%s  generated/%s\n" % (hashlib.sha256(f.read()).hexdigest(), name))
    os.link(os.path.join(gen, "seq.txt"), os.path.join(gen, "seq-hardlink.txt"))
    os.symlink("seq.txt", os.path.join(gen, "seq-symlink.txt"))
    os.symlink("/mnt/" + "generated/../" * 5 + "generated/random.bin",
               os.path.join(gen, "random-slow-symlink"))
    with open(os.path.join(dest, "SHA256SUMS"), "w") as f:
        f.write("".join(sums))


def corrupt(path, spec):
    """Overwrite one superblock field: spec "name=value"."""
    name, value = spec.split("=", 1)
    off, fmt = SUPER_FIELDS[name]
    with open(path, "r+b") as f:
        f.seek(SUPER_OFFSET + off)
        f.write(struct.pack(fmt, int(value, 0)))


def make_image(out, size, tree=None, gen=False, block_size=4096, corruption=None):
    """Write the image OUT (raises CalledProcessError if mke2fs fails)."""
    mke2fs = shutil.which("mke2fs") or "/sbin/mke2fs"
    with tempfile.TemporaryDirectory(prefix="vmi-disk-") as tmp:
        root = os.path.join(tmp, "root")
        if tree:
            shutil.copytree(tree, root, symlinks=True)
        else:
            os.makedirs(root)
        if gen:
            generate(root)
        for d, dirs, files in os.walk(root):
            for name in dirs + files:
                os.utime(os.path.join(d, name), (int(FAKE_TIME),) * 2, follow_symlinks=False)
        os.utime(root, (int(FAKE_TIME),) * 2)
        tmp_out = out + ".tmp"
        if os.path.exists(tmp_out):
            os.remove(tmp_out)
        env = dict(os.environ, E2FSPROGS_FAKE_TIME=FAKE_TIME)
        subprocess.run([mke2fs, "-q", "-F", "-t", "ext2", "-b", str(block_size), "-U", FIXED_UUID, "-E", "hash_seed=" + FIXED_UUID + ",root_owner=0:0",
                        "-d", root, tmp_out, str(size // 1024) + "k"],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        if corruption:
            corrupt(tmp_out, corruption)
        os.replace(tmp_out, out)


def main(argv):
    p = argparse.ArgumentParser(description="Write an ext2 disk image.")
    p.add_argument("--out", required=True)
    p.add_argument("--tree", help="folder to copy onto the disk")
    p.add_argument("--generate", action="store_true", help="add the generated files")
    p.add_argument("--size", default="64M", help="image size (K, M, G suffixes)")
    p.add_argument("--block-size", type=int, default=4096, choices=(1024, 2048, 4096))
    p.add_argument("--corrupt", metavar="FIELD=VALUE",
                   help="damage a superblock field: " + ", ".join(sorted(SUPER_FIELDS)))
    a = p.parse_args(argv)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    try:
        make_image(a.out, parse_size(a.size), a.tree, a.generate, a.block_size, a.corrupt)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("mkdisk: %s" % e)


if __name__ == "__main__":
    main(sys.argv[1:])
