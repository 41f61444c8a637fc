# futex_waitv.sh - futex_waitv's checks (guest/user/t_futex_waitv.c): its
# argument checks, timeouts, wakes from a thread and from another process,
# signals.  QEMU 10's qemu-i386, which runs i386 programs on hosts whose
# kernel refuses them, has no futex_waitv: there the test is judged against
# futex_waitv.linux (conformance/linux_record.py).
t_futex_waitv
echo "t_futex_waitv exit $?"
