# ext2_full.sh - a full disk (8 MiB, ext2_full.disk): writes fail with
# ENOSPC, nothing else breaks, and removing files gives the space back.
# (The host's /mnt is a tmpfs of the same size: it fills up too.)
cd /mnt || exit 1
dd if=/dev/zero of=fill bs=4096 count=4096 2>&1 | grep -o 'No space left on device'
i=0
while [ $i -lt 20 ]; do           # more files when the disk is full
	echo $i > f$i 2>/dev/null || break
	i=$((i + 1))
done
[ -s fill ] && echo "fill has data"
rm -f fill f*
dd if=/dev/zero of=again bs=4096 count=256 2>/dev/null && echo "1 MiB written after rm"
wc -c < again
mkdir -p d/e && echo ok > d/e/f && cat d/e/f
rm -r again d
ls | grep -v '^lost+found$' || echo "(empty)"
