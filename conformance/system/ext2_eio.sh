# ext2_eio.sh - a failing disk (ext2_eio.disk): the runner makes every read
# of the block holding docs/hello.txt fail (QEMU's blkdebug).  Reading that
# file gives its reader EIO; the rest of the disk keeps working, nothing
# panics, and the filesystem stays consistent (the runner's e2fsck).  The
# host's disk does not fail: it answers what the guest must see.
if [ -b /dev/vda ]; then
	dmesg -n 1                      # the kernel's warnings: to the log only
	cat /mnt/docs/hello.txt > /dev/null 2>&1
	status=$?
	err=$(cat /mnt/docs/hello.txt 2>&1 >/dev/null | grep -o 'Input/output error')
	logged=$(dmesg | grep -c 'blk: vda: read of sector .* failed')
	[ "$logged" -gt 0 ] && logged=yes
else
	status=1 err="Input/output error" logged=yes
fi
echo "cat: status $status, '$err', logged: $logged"
head -n 1 /mnt/README.md
echo written > /mnt/new.txt
cat /mnt/new.txt
ls /mnt/docs
