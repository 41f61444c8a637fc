# ext2_corrupt.sh - a damaged ext2 image is refused (the runner damages
# the superblock, ext2_corrupt.disk): the boot's automatic mount and an
# explicit mount fail with a clear kernel message (checked on the console
# by the runner), nothing panics, /mnt stays the empty directory of the
# RAM filesystem and the image is never written.
# The boot's refusal is on the console before this script; the second one
# would land in its output, which the host run cannot have: kernel messages
# go to the log only from here (the host has no /dev/vda, so no dmesg -n).
[ -b /dev/vda ] && dmesg -n 1
mount -t ext2 /dev/vda /mnt 2>/dev/null && echo "mounted?!" || echo "mount refused"
ls -a /mnt
echo still here > /mnt/ram-file
cat /mnt/ram-file
