# procfs_tools.sh - BusyBox's ps, free and uptime reading /proc.  The host
# runs this chrooted without a /proc, so it mounts one first (in the
# test's private mount namespace); there ps also sees the host's own
# processes and its i386 programs run under qemu-i386 (their command lines
# are qemu's), so only formats and the pids of this script's processes are
# compared (pidof, which goes by name, cannot be).  t_procfs checks the
# files themselves.
[ -e /proc/self ] || { mkdir -p /proc; mount -t proc proc /proc; }
sleep 1000 &
bg=$!
ps | head -1
ps | grep -c "^ *$bg "
ps -o pid,stat | head -1
free | head -1
free | sed -n 's/^\(Mem:\|Swap:\)\( *[0-9]*\)\{3\}.*/\1 numbers/p'
uptime | sed -n 's/^ [0-9][0-9]:[0-9][0-9]:[0-9][0-9] up .*load average: [0-9]*\.[0-9][0-9], [0-9]*\.[0-9][0-9], [0-9]*\.[0-9][0-9]$/uptime: time, up, load average/p'
kill $bg
wait $bg 2>/dev/null
echo "sleep ended: $?"
