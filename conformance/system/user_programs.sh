# user_programs.sh - our own C test programs (guest/user/): hello, then the
# system-call checks of t_proc, t_signal, t_mem, t_file, t_thread, t_procfs,
# t_jobctl, t_cred, t_wait, t_time, t_msync, t_xattr, t_fallocate, t_ipc,
# t_pipe_size, t_mount and t_ldt.
# Each prints one
# PASS/FAIL line per check and exits non-zero on any failure; on the host
# (real Linux) they all pass, so the guest must print the very same lines.
hello one "two words" ''
echo "hello exit $?"
for prog in t_proc t_signal t_mem t_file t_thread t_procfs t_jobctl t_cred t_wait t_time t_msync \
	    t_xattr t_fallocate t_ipc t_pipe_size t_mount t_ldt; do
	$prog
	echo "$prog exit $?"
done
