# sysctl.sh - a writable /proc/sys setting: /proc/sys/fs/lease-break-time
# reads as a number, takes a new one from root, refuses what is no number
# (EINVAL, the value stays); it is mode 0644, root's to write.  The
# host runs this chrooted without /proc, so it mounts one (the host's own
# setting is changed for a moment and restored).
[ -e /proc/self ] || { mkdir -p /proc; mount -t proc proc /proc; }
f=/proc/sys/fs/lease-break-time
old=$(cat $f)
ls -l $f | cut -c1-10
echo 7 > $f
echo "write 7: $? now $(cat $f)"
echo "  12  " > $f
echo "write ' 12 ': $? now $(cat $f)"
echo bogus > $f 2>/dev/null
echo "write bogus: $? now $(cat $f)"
echo -5x > $f 2>/dev/null
echo "write -5x: $? now $(cat $f)"
echo "$old" > $f
[ "$(cat $f)" = "$old" ] && echo restored
