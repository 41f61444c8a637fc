# ext2_disk.sh - the disk `make disk` builds (disk/ plus the files
# scripts/mkdisk.py generates; ext2_disk.disk): every generated file reads
# back with its checksum, through hard and symbolic links too; then a few
# changes, which the runner compares with the host's run after e2fsck.
cd /mnt || exit 1
sha256sum -c SHA256SUMS
cat docs/hello.txt
md5sum generated/seq-hardlink.txt generated/seq-symlink.txt
sha256sum < generated/random-slow-symlink
stat -c '%h %s %n' generated/seq.txt generated/sparse.bin generated/big.bin
head -c 23 generated/sparse.bin
tail -c 4 generated/sparse.bin
dd if=generated/big.bin bs=1024 skip=5000 count=1 2>/dev/null | head -c 13
echo
echo appended >> generated/seq.txt
tail -n 2 generated/seq-hardlink.txt
rm generated/seq-hardlink.txt
stat -c '%h' generated/seq.txt
mv docs documents
cp generated/random.bin copy.bin
cmp copy.bin generated/random.bin && echo "copy equal"
