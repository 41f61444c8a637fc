# suite_ltp.sh - runs LTP tests where it is started: the /etc/cmd of
# scripts/suite_ltp.py's runs, the same script in the guest (native, pvhv)
# and on the host (chrooted into the same initramfs, in namespaces of its
# own), so the three runs differ only in the kernel below them.
#
# /opt/ltp holds the tests (bin/, first in PATH; never committed: LTP's
# code), runlist (the lines to run, LTP's runtest format "TAG COMMAND
# [ARGS...]", already filtered by the runner), .timeout (seconds per
# test), .env (VAR=VALUE lines exported for every test, LTP_TIMEOUT_MUL...)
# and, with --verbose, .verbose.  Each test runs as `sh -c COMMAND` in a
# fresh empty folder under /tmp (its working directory and TMPDIR, removed
# after), stdin /dev/null, in a session of its own, and prints one line:
#   @@ TAG STATUS rc=N
# N is the command's exit status, STATUS what LTP's result bits say:
#   PASS     0
#   CONF     32 (TCONF alone: the test could not run here)
#   BROK     bit 2 (TBROK) set, killed by a signal (the shell's 128+N), or
#            a status LTP never gives (127: no such program)
#   FAIL     bit 1 (TFAIL) set, TBROK not
#   WARN     bit 4 (TWARN) alone or with TCONF
#   TIMEOUT  still running after .timeout seconds: killed
# The tests' own output goes to /dev/null, so no stray text can split a
# result line (to the console with .verbose, after a "== TAG: COMMAND"
# line).  "@@ DONE" ends the run.

LTP=/opt/ltp
MARK=/tmp/.ltp-timed-out
read ITEM_TIMEOUT < $LTP/.timeout
VERBOSE=
[ -e $LTP/.verbose ] && VERBOSE=1
if [ -e $LTP/.env ]; then
	while IFS= read -r kv; do
		[ -n "$kv" ] && export "$kv"
	done < $LTP/.env
fi
export LTPROOT=$LTP PATH=$LTP/bin:$PATH

# SIGKILL to every process of session $1 but zombies; status 0 if there
# was one.  LTP's library runs each test in a process group of its own
# (setpgid in its child), which a kill of the item's group misses - but
# not its session.
kill_session() {
	local sid=$1 found=1 f line p
	for f in /proc/[0-9]*/stat; do
		read -r line 2>/dev/null < $f || continue
		# After "(comm) ": state ppid pgrp session ...
		set -- ${line##*) }
		[ "$4" = "$sid" ] && [ "$1" != Z ] || continue
		p=${f#/proc/}
		kill -KILL ${p%/stat} 2>/dev/null && found=0
	done
	return $found
}

# Run "$@" (stdin /dev/null) as the leader of a new session and process
# group; after ITEM_TIMEOUT seconds a watchdog marks the time-out and kills
# the group.  Whatever is left of the session when the leader has ended is
# killed too, until none of it runs, so nothing of one test meets the
# next.  The watchdog is killed by its pid, then its group (its sleep: the
# group exists only once its setsid has run), and reaped, so a stale one
# never kills a later test's group.
run_bounded() {
	local pid dog st rounds=0
	rm -f $MARK
	setsid "$@" </dev/null &
	pid=$!
	setsid sh -c "sleep $ITEM_TIMEOUT; : > $MARK; kill -KILL -$pid" >/dev/null 2>&1 </dev/null &
	dog=$!
	wait $pid
	st=$?
	kill -KILL -$pid 2>/dev/null
	kill -KILL $dog -$dog 2>/dev/null
	wait $dog 2>/dev/null
	while kill_session $pid && [ $rounds -lt 100 ]; do
		rounds=$((rounds + 1))
		sleep 0.1
	done
	return $st
}

# The STATUS of exit status $1 ($2 = 1: the watchdog killed the test).
status_of() {
	if [ "$2" = 1 ]; then echo TIMEOUT
	elif [ $1 -eq 0 ]; then echo PASS
	elif [ $1 -ge 128 ]; then echo BROK
	elif [ $1 -eq 32 ]; then echo CONF
	elif [ $(($1 & 2)) -ne 0 ]; then echo BROK
	elif [ $(($1 & 1)) -ne 0 ]; then echo FAIL
	elif [ $(($1 & 4)) -ne 0 ] && [ $(($1 & ~36)) -eq 0 ]; then echo WARN
	else echo BROK
	fi
}

n=0
while read -r tag cmd; do
	case $tag in ''|\#*) continue ;; esac
	n=$((n + 1))
	dir=/tmp/ltp-$n
	rm -rf $dir
	mkdir -p $dir
	cd $dir
	export TMPDIR=$dir
	if [ -n "$VERBOSE" ]; then
		echo "== $tag: $cmd"
		run_bounded sh -c "$cmd"
	else
		run_bounded sh -c "$cmd" >/dev/null 2>&1
	fi
	rc=$?
	timed_out=0
	[ $rc -eq 137 ] && [ -e $MARK ] && timed_out=1
	cd /
	rm -rf $dir
	echo "@@ $tag $(status_of $rc $timed_out) rc=$rc"
done < $LTP/runlist
rm -f $MARK
echo "@@ DONE"
