# user_programs_io.sh - more of our own C test programs (guest/user/), as
# user_programs.sh runs them: t_task (/proc/<pid>/task/), t_async (file
# leases and their breaks; O_ASYNC, F_SETOWN, F_SETSIG), and BusyBox's
# ps -T listing a program's threads.  (t_dnotify runs in dnotify.sh.)  Each prints one
# PASS/FAIL line per check and exits non-zero on any failure; on the host
# (real Linux) they all pass, so the guest must print the very same lines.
for prog in t_task t_async; do
	$prog
	echo "$prog exit $?"
done
echo "== ps -T shows the threads"
t_task ps
echo "t_task ps exit $?"
