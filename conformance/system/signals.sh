# signals.sh - signals seen from the shell: a background sleep killed with
# the default SIGTERM and with SIGKILL (wait reports 128+n), a trap running
# for a signal the shell sends itself, traps on EXIT, a child shell that
# traps TERM and exits with its own status, SIGPIPE ending `yes` (pipefail
# reports 141), and `timeout` stopping a long sleep.  The results do not
# depend on timing: every kill is followed by a wait for its target, and
# the shell's own job reports, whose presence is timing, are discarded.
mkdir -p /tmp/t && cd /tmp/t || exit 1

echo "== kill a background sleep"
# The shell reports a job killed by a signal ("Terminated") only if it
# reaps it inside `wait` rather than earlier: timing, so its stderr goes.
(
	sleep 100 &
	pid=$!
	kill $pid
	wait $pid
	echo "TERM: wait status $?"
	sleep 100 &
	pid=$!
	kill -9 $pid
	wait $pid
	echo "KILL: wait status $?"
	kill -0 $pid 2>/dev/null || echo "the sleep is gone"
) 2>/dev/null

echo "== trap in the shell"
trap 'echo "caught USR1"' USR1
kill -USR1 $$
echo "after USR1"
trap 'echo "caught HUP"' HUP
kill -HUP $$
trap - USR1 HUP
sh -c 'trap "echo inner caught TERM; exit 3" TERM; kill -TERM $$; echo not reached'
echo "inner shell exit status $?"
sh -c 'trap "echo exit trap ran" EXIT; echo "inner shell body"'

echo "== SIGPIPE"
set -o pipefail
yes | head -n 2
echo "yes | head: pipeline status $?"
set +o pipefail
seq 1 100000 | head -n 1

echo "== timeout"
timeout 1 sleep 30
echo "timeout status $?"

cd / && rm -r /tmp/t
