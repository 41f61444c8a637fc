# dnotify.sh - directory notification, fcntl F_NOTIFY (guest/user/t_dnotify.c).
# QEMU 10's qemu-i386, which runs i386 programs on hosts whose kernel refuses
# them, hands a dnotify signal over with si_fd 0 (Linux gives the watching
# descriptor): there the test is judged against dnotify.linux
# (conformance/linux_record.py).
t_dnotify
echo "t_dnotify exit $?"
