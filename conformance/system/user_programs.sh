# user_programs.sh - our own C test programs (guest/user/): hello, then the
# system-call checks of t_proc, t_thread, t_procfs, t_jobctl, t_cred, t_time,
# t_xattr, t_fallocate, t_pipe_size and t_mount (user_programs_abi.sh runs
# the others).  Each prints one
# PASS/FAIL line per check and exits non-zero on any failure; on the host
# (real Linux) they all pass, so the guest must print the very same lines.
hello one "two words" ''
echo "hello exit $?"
for prog in t_proc t_thread t_procfs t_jobctl t_cred t_time t_xattr t_fallocate \
	    t_pipe_size t_mount; do
	$prog
	echo "$prog exit $?"
done
