# robust_exec.sh - robust mutexes at execve (t_task robust-exec): the
# locks the exec'ing thread and a thread the exec ends held are marked
# owner-dead for the next locker.  The host cannot run it (its qemu-i386
# keeps no robust lists), so robust_exec.expected holds what Linux prints.
t_task robust-exec
echo "t_task robust-exec exit $?"
