# ns_last_pid.sh - root chooses the next pid through
# /proc/sys/kernel/ns_last_pid (checkpoint/restore's way, and LTP's
# pidfd_send_signal03's): the next fork gets the number after it (the cat
# reading it is that fork), nobody may not write it, nor root a word; the
# shell's read builtin takes a byte at a time, and Linux's integer files
# end after the first read at offset 0.  Then t_wait pid-reuse: an open
# /proc/<pid> of a collected process does not name a new one with its pid.
# Guest only - the host's pids must not move - so ns_last_pid.expected
# holds what Linux prints (run in a pid namespace of its own).
echo 4999 > /proc/sys/kernel/ns_last_pid
cat /proc/sys/kernel/ns_last_pid
sh -c 'echo "the next fork: $$"'
read last < /proc/sys/kernel/ns_last_pid
echo "read byte by byte: $last"
su -s /bin/sh nobody -c 'echo 100 > /proc/sys/kernel/ns_last_pid'
echo "nobody's write: $?"
echo abc > /proc/sys/kernel/ns_last_pid
echo "root writes abc: $?"
t_wait pid-reuse
echo "t_wait pid-reuse exit $?"
