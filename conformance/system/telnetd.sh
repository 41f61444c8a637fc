# telnetd.sh - BusyBox telnetd serving a shell on a pseudo-terminal, used
# over loopback TCP by BusyBox nc: commands typed into the connection run
# in a shell whose controlling terminal is /dev/pts/0, canonical at
# first, and `exit` ends the session, which closes the connection.  nc reads the
# commands from a FIFO this script keeps open, so telnetd never sees an
# early end of input.  The client retries until telnetd listens, so
# nothing depends on timing; only the commands' own output is compared
# (the echo of typed-ahead input and the telnet negotiation depend on
# timing, so no command's own text may match a pattern below: the
# terminal echoes it whenever it arrives).  Port 47321 keeps clear of the host's own.
telnetd -F -p 47321 -l /bin/sh &
tpid=$!
mkfifo /tmp/telnet.in
exec 3<> /tmp/telnet.in
printf 'echo "result: $((6 * 7))"\n' >&3
printf 'echo "terminal: $(tty)"\n' >&3
printf 'stty -a | grep -o -- "-*icanon" | sed "s/^/mode: /"\n' >&3
printf ': < /dev/tty && echo "controlling tty:" yes\n' >&3
printf 'exit\n' >&3
until nc 127.0.0.1 47321 < /tmp/telnet.in > /tmp/telnet.out 2>/dev/null; do sleep 1; done
echo "nc ended: $?"
exec 3>&-
kill $tpid
wait $tpid 2>/dev/null      # ash's "Terminated" notice depends on when it reaps
echo "telnetd ended: $?"
grep -a -o -e 'result: [0-9][0-9]*' -e 'terminal: /[a-z/0-9]*' -e 'mode: -*[a-z][a-z]*' \
	-e 'controlling tty: yes' /tmp/telnet.out
rm -f /tmp/telnet.in /tmp/telnet.out
