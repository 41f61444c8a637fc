# unix_sockets.sh - AF_UNIX sockets (guest/user/t_unix.c): pairs of every
# type, names in the filesystem and abstract ones, listen/connect/accept,
# datagrams, shutdown, EPIPE/SIGPIPE, fd passing, credentials and a
# megabyte through a child.  The host runs the same program, so the lines
# must be identical.
cd /tmp
t_unix
echo "t_unix exit $?"
ls -l /tmp | grep -c '^s' || true
