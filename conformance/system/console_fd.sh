# console_fd.sh - the terminal init gives /etc/cmd is a file under /dev, as
# on Linux: /proc/<pid>/fd/0, 1 and 2 link to its /dev path (the guest's
# /dev/console, the host's pseudo-terminal), which ttyname() relies on.
# The host runs this chrooted without a /proc: it mounts one first (in the
# test's private mount namespace).
[ -e /proc/self ] || { mkdir -p /proc; mount -t proc proc /proc; }
for fd in 0 1 2; do
	echo "fd $fd: $(readlink /proc/$$/fd/$fd | sed 's|^/dev/[a-z].*|a /dev path|')"
done
