# procfs_tools.sh - BusyBox's ps, free, uptime and pidof reading /proc.
# The host runs this chrooted without a /proc, so it mounts one first (in
# the test's private mount namespace); there ps also sees the host's own
# processes, so only formats and processes of this script are compared.
[ -e /proc/self ] || { mkdir -p /proc; mount -t proc proc /proc; }
sleep 1000 &
bg=$!
ps | head -1
ps | grep -c "^ *$bg root *sleep 1000$"
ps -o pid,ppid,stat,comm | head -1
ps -o pid,ppid,stat,comm | grep -c "^ *$bg *$$ *S *sleep$"
pidof sleep | tr ' ' '\n' | grep -c "^$bg$"
pidof -s sh >/dev/null && echo "pidof -s sh: found"
free | head -1
free | sed -n 's/^\(Mem:\|Swap:\)\( *[0-9]*\)\{3\}.*/\1 numbers/p'
uptime | sed -n 's/^ [0-9][0-9]:[0-9][0-9]:[0-9][0-9] up .*load average: [0-9]*\.[0-9][0-9], [0-9]*\.[0-9][0-9], [0-9]*\.[0-9][0-9]$/uptime: time, up, load average/p'
kill $bg
wait $bg
echo "sleep ended: $?"
