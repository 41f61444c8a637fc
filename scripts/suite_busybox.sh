# suite_busybox.sh - runs BusyBox's own testsuite where it is started: the
# /etc/cmd of scripts/suite_busybox.py's runs, the same script in the guest
# (native, pvhv) and on the host (chrooted into the same initramfs), so the
# three runs differ only in the kernel below them.
#
# It does what the suite's `runtest` does, written anew for this layout: the
# suite is at /bbsuite (never committed: BUSYBOX's code), its .config says
# which applets and features the binary has (OPTIONFLAGS for `optional`,
# UNTESTED for old-style tests of missing applets), a directory of applet
# links comes first in PATH, and each item of /bbsuite/.items runs in a
# fresh copy of the suite:
#   NAME.tests   a new-style test file, run from the suite's directory;
#   NAME         an old-style directory: each file in it runs as
#                `sh -x -e FILE` in an empty directory, PASS if it exits 0;
#   NAME         a directory of the shell's tests (shell/ash_test/ash-*:
#                X.tests with X.right beside it): `sh X.tests` from that
#                directory, PASS if its output (stdout and stderr) is X.right,
#                as ash_test's run-all judges them.
# Every result line is printed as "@@ ITEM PASS|FAIL|SKIPPED|UNTESTED: NAME"
# on stdout; the tests' own chatter goes to /dev/null, so no stray text
# can split a result line.  Each test file and each test is bounded
# (ITEM_TIMEOUT seconds, from /bbsuite/.timeout), so a hang costs one item,
# not the run; "@@ ITEM EXIT: N" gives a test file's status (the failure
# count, or 137 when it was killed).

SRC=/bbsuite
# runtest's layout: the suite in a folder beside the binary (tests such as
# mdev's copy ../busybox).
WORK=/tmp/bb/testsuite
LINKS=/tmp/bb/links
read ITEM_TIMEOUT < $SRC/.timeout
# With /bbsuite/.verbose (--verbose) the tests' diffs and errors are shown
# too, for triage; result lines keep their form.
ERR=/dev/null
if [ -e $SRC/.verbose ]; then
	export VERBOSE=1
	ERR=/dev/stdout
fi

rm -rf /tmp/bb
mkdir -p $LINKS
ln -s /bin/busybox /tmp/bb/busybox
cp $SRC/.config /tmp/bb/.config
export bindir=/tmp/bb srcdir=$WORK d=$WORK
for a in $(busybox --list); do
	ln -s /bin/busybox $LINKS/$a
done
export OPTIONFLAGS=:$(sed -n 's/^CONFIG_\([^=]*\)=.*/\1/p' $SRC/.config | tr '\n' ':')
export PATH=$LINKS:$WORK:$PATH

# Run "$@" (stdin /dev/null) in a process group of its own and kill the
# whole group after ITEM_TIMEOUT seconds, and whatever the run left behind
# in it at its end: `timeout` kills only its child, and a test's loops and
# background jobs went on eating the CPU (md5sum.tests's thousand pipes).
# Only that group is ever signalled - on the host too.
# The watchdog is killed by its pid, and then its group (its sleep): the
# group exists only once the watchdog's setsid has run, and an item that
# ended before that left the watchdog alive, to kill group -$pid an
# ITEM_TIMEOUT later - by then another item's, where the pid is reused.
# It is reaped before the next item starts.
run_bounded() {
	setsid "$@" </dev/null &
	pid=$!
	setsid sh -c "sleep $ITEM_TIMEOUT; kill -KILL -$pid" >/dev/null 2>&1 </dev/null &
	dog=$!
	wait $pid
	st=$?
	kill -KILL -$pid 2>/dev/null
	kill -KILL $dog -$dog 2>/dev/null
	wait $dog 2>/dev/null
	return $st
}

# UNTESTED when the binary lacks the applet, or .config says the applet or
# the feature a test names in a "# FEATURE: " line is not set (as runtest
# decides).
untested() {
	[ -e $LINKS/$1 ] || return 0
	uc=$(echo "$1" | tr a-z.- A-Z__)
	grep -q "^# CONFIG_$uc is not set$" $WORK/.config && return 0
	f=$(sed -ne 's/^# FEATURE: //p' "$2")
	[ -n "$f" ] && grep -q "^# $f is not set$" $WORK/.config && return 0
	return 1
}

fresh_copy() {
	cd /
	rm -rf $WORK
	cp -a $SRC $WORK
}

run_old_style() {
	for tc in $WORK/$1/*; do
		name=${tc##*/}
		if untested "$1" "$tc"; then
			echo "@@ $1 UNTESTED: $name"
			continue
		fi
		rm -rf $WORK/tmp
		mkdir -p $WORK/tmp
		cd $WORK/tmp
		if run_bounded sh -x -e "$tc" >$ERR 2>&1; then
			echo "@@ $1 PASS: $name"
		else
			echo "@@ $1 FAIL: $name"
		fi
		cd /
	done
}

run_new_style() {
	applet=${1%.tests}
	if [ ! -e $LINKS/$applet ]; then
		echo "@@ $1 SKIPPED: $applet (not built)"
		return
	fi
	cd $WORK
	{ run_bounded ./$1 2>$ERR; echo "EXIT: $?"; } |
		sed "s/^/@@ $1 /"
	cd /
}

run_shell_tests() {
	cd $WORK/$1
	export THIS_SH=/bin/sh
	for t in *.tests; do
		name=${t%.tests}
		run_bounded sh $t >$name.xx 2>&1
		if cmp -s $name.xx $name.right; then
			echo "@@ $1 PASS: $name"
		else
			echo "@@ $1 FAIL: $name"
			[ $ERR = /dev/null ] || diff -u $name.right $name.xx
		fi
	done
	cd /
}

while read item; do
	fresh_copy
	case $item in
	*.tests) run_new_style $item ;;
	*) if ls $WORK/$item/*.right >/dev/null 2>&1; then
		run_shell_tests $item
	   else
		run_old_style $item
	   fi ;;
	esac
	echo "@@ $item END"
done < $SRC/.items
rm -rf /tmp/bb
echo "@@ DONE"
