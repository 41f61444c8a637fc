# pty.sh - pseudo-terminals (guest/user/t_pty.c): /dev/ptmx and /dev/pts/N,
# the line discipline the console uses, window size, ^Z and ^C from the
# master, controlling terminals and hangup.  The host runs the same program
# with a devpts instance of its own, so the lines must be identical.
t_pty
echo "t_pty exit $?"
ls /dev/pts
