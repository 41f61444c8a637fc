# user_programs_abi.sh - the rest of our own C test programs, as
# user_programs.sh runs them: t_signal (signals, core dumps), t_mem (mappings,
# smaps, mlock), t_file, t_wait (waitid, pidfds), t_msync, t_ipc (System V
# IPC, old and new layouts) and t_ldt (modify_ldt).  They ask what QEMU's
# qemu-i386 - which runs i386 programs on hosts whose kernel refuses them -
# answers otherwise than Linux (it dumps core itself, has no mlock2 or
# F_CREATED_QUERY, ...): on such a host the lines are judged against
# user_programs_abi.linux (conformance/linux_record.py), elsewhere against
# the host's own run.
for prog in t_signal t_mem t_file t_wait t_msync t_ipc t_ldt; do
	$prog
	echo "$prog exit $?"
done
