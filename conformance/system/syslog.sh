# syslog.sh - BusyBox syslogd and logger over the AF_UNIX datagram socket
# /dev/log: syslogd binds it, logger (glibc's syslog()) sends to it, and the
# messages reach the log file in order.  Nothing waits on time: the script
# waits for the socket node to appear and for the last line to be logged.
# Timestamps and the host name are cut off before printing.
syslogd -n -O /tmp/messages &
pid=$!
until [ -S /dev/log ]; do :; done
echo "/dev/log is a socket"
logger -t t_syslog "hello from logger"
logger -t t_syslog -p local0.err "an error, facility local0"
echo "third message" | logger -t t_syslog
until grep -q "third message" /tmp/messages 2>/dev/null; do :; done
kill $pid
wait $pid 2>/dev/null       # ash's "Terminated" notice depends on when it reaps
echo "syslogd ended: $?"
sed -n 's/^.* \([a-z0-9]*\.[a-z]*\) \(t_syslog.*\)$/\1 \2/p' /tmp/messages
rm -f /dev/log /tmp/messages
