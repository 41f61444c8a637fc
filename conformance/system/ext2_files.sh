# ext2_files.sh - file workloads on the ext2 disk mounted at /mnt (the
# runner attaches a fresh image, conformance/system/ext2_files.disk): trees,
# writes, reads and appends, big files through the single, double and
# triple indirect blocks, sparse files, truncate, rename, hard and symbolic
# links, chmod, rm -r, SIGBUS for a mapped page past the end of a file.
# What is left in /mnt is compared with the host's run file by file, after
# e2fsck -fn has found the image clean.
cd /mnt || exit 1

echo "== tree"
mkdir -p tree/a/b/c tree/d
for i in 1 2 3 4 5 6 7 8 9 10; do
	echo "file $i" > tree/a/f$i
	echo "deep $i" > tree/a/b/c/g$i
done
i=0
while [ $i -lt 150 ]; do            # several directory blocks
	echo "$i" > tree/d/entry-with-a-longer-name-$i
	i=$((i + 1))
done
ls tree/a | wc -l
ls tree/d | wc -l
cat tree/a/b/c/g7
find tree -type f | sort | md5sum

echo "== write, read, append"
seq 1 1000 > nums
seq 1001 2000 >> nums
wc -l < nums
md5sum < nums
printf 'abc' > small
printf 'def\n' >> small
cat small

echo "== big files (indirect blocks)"
dd if=/dev/zero bs=1024 count=300 2>/dev/null | tr '\0' 'x' > big1     # single + double
seq 1 200000 > big2
md5sum < big1
md5sum < big2
wc -c < big2
dd if=big2 bs=4096 skip=100 count=2 2>/dev/null | md5sum

echo "== sparse"
dd if=/dev/zero of=sparse bs=1 count=1 seek=70000000 2>/dev/null   # triple indirect with 1 KiB blocks
printf 'tail' >> sparse
wc -c < sparse
dd if=sparse bs=1024 skip=30000 count=4 2>/dev/null | md5sum
tail -c 5 sparse | od -c | head -1
dd if=/dev/zero of=holes bs=1024 count=1 seek=20 2>/dev/null
echo mid | dd of=holes bs=1 seek=5000 conv=notrunc 2>/dev/null
md5sum < holes

echo "== truncate"
cp big2 cut
truncate -s 5000 cut
wc -c < cut
md5sum < cut
truncate -s 9000 cut
md5sum < cut
truncate -s 0 big1
wc -c < big1

echo "== rename"
mv nums numbers
mv tree/a/f1 tree/d/moved
mv tree/a/b tree/d/b
ls tree/d/b/c | wc -l
mv small numbers 2>/dev/null; cat numbers
mkdir -p r1/x r2
mv r1/x r2/
ls r2
cd r2/x && pwd && cd /mnt

echo "== links"
echo shared > orig
ln orig hard
echo more >> hard
cat orig
stat -c '%h' orig
ln -s orig soft
ln -s tree/d/b/c/g3 rel
ln -s /mnt/tree/d/entry-with-a-longer-name-1/../../../../mnt/tree/a/f2/../../this-is-a-long-symlink-target-beyond-sixty-bytes slow
readlink soft
cat rel
readlink slow
rm orig
cat hard
stat -c '%h' hard

echo "== chmod, mknod"
chmod 600 hard
chmod 755 tree/a
stat -c '%a %F' hard tree/a
mkfifo tree/fifo
stat -c '%F' tree/fifo

echo "== rm -r"
mkdir -p gone/x/y/z
echo 1 > gone/x/y/z/f
rm -r gone tree/a/f2 tree/a/f3
ls | grep -v '^lost+found$'        # mke2fs made it; the host has none
rmdir tree 2>/dev/null || echo "rmdir: not empty"
sync

echo "== remount read-only and back"
# The host's /mnt is a tmpfs, the guest's the ext2 disk: the same answers.
exec 3>/mnt/open-for-writing
mount -o remount,ro /mnt 2>/dev/null && echo "remounted with a file open for writing" ||
	echo "busy while a file is open for writing"
exec 3>&-
mount -o remount,ro /mnt && grep -c ' /mnt [a-z0-9]* ro[ ,]' /proc/mounts
touch /mnt/new 2>/dev/null && echo "created on a read-only mount" || echo "touch refused"
rm -f /mnt/open-for-writing 2>/dev/null || echo "rm refused"
md5sum /mnt/numbers
mount -o remount,rw /mnt && touch /mnt/new && rm /mnt/new /mnt/open-for-writing &&
	echo "read-write again"

echo "== umount, mount again, read back"
# The host has no disk to remount: it answers what the guest must see.
cd /
if [ -b /dev/vda ]; then
	chown 12:34 /mnt/holes
	touch -d '2020-01-02 03:04:05' /mnt/holes
	busy=$(cd /mnt/r2 && umount /mnt 2>/dev/null && echo "umounted while busy" || echo busy)
	umount /mnt && before=$(grep -c ' /mnt ' /proc/mounts)
	mount -t ext2 /dev/vda /mnt && after=$(grep -c '^/dev/vda /mnt ext2 rw ' /proc/mounts)
	attrs=$(stat -c '%u:%g %Y' /mnt/holes)
else
	busy=busy before=0 after=1 attrs="12:34 1577934245"
fi
echo "$busy, mounted before: $before, after: $after; owner and mtime: $attrs"
md5sum /mnt/numbers /mnt/big2 /mnt/hard
wc -c < /mnt/sparse
ls /mnt/tree/d | wc -l

echo "== mmap past the end of a file"
t_mem eof /mnt                      # SIGBUS there: guest/user/t_mem.c
echo done
