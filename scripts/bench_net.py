"""bench_net.py - the host peer of the net_* rows of `make bench`.

The guest's bench (guest/user/bench.c, option -n SOURCE,SINK,ECHO) opens
every connection itself, to QEMU's user-network gateway 10.0.2.2, which
QEMU forwards to these ports on the host's 127.0.0.1:

  source  TCP: reads a decimal byte count and a newline, sends that many
          bytes and closes (net_tcp_rx, host to guest)
  sink    TCP: reads to end of stream, then closes (net_tcp_tx, guest to
          host; net_tcp_connect connects and closes at once)
  echo    UDP: returns every datagram to its sender (net_udp_rtt)

One Peer serves every boot of a `make bench` run (the ports are written
into the initramfs's /etc/cmd); its threads are daemons that end with the
process.  Standard library only.
"""
import socket
import threading

CHUNK = 65536
MAX_REQUEST = 1 << 30       # a bound on the source's count: a guest bug, not a hang


class Peer:
    """The three listeners on 127.0.0.1 (free ports, the machine is shared)
    and their threads; ports() is (source, sink, echo)."""

    def __init__(self, host="127.0.0.1"):
        self.source = socket.create_server((host, 0))
        self.sink = socket.create_server((host, 0))
        self.echo = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.echo.bind((host, 0))
        self.data = bytes(range(256)) * (CHUNK // 256)
        self.errors = []
        for target, sock in ((self._serve_source, self.source),
                             (self._drain, self.sink)):
            threading.Thread(target=self._accept, args=(sock, target), daemon=True).start()
        threading.Thread(target=self._echo, daemon=True).start()

    def ports(self):
        return tuple(s.getsockname()[1] for s in (self.source, self.sink, self.echo))

    def option(self):
        """bench's -n argument: the three ports."""
        return "-n %d,%d,%d" % self.ports()

    def close(self):
        for s in (self.source, self.sink, self.echo):
            s.close()

    def _accept(self, listener, serve):
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=self._guarded, args=(serve, conn), daemon=True).start()

    def _guarded(self, serve, conn):
        with conn:
            try:
                serve(conn)
            except (OSError, ValueError) as e:      # the guest sees the cut
                self.errors.append("%s: %s" % (serve.__name__, e))

    def _serve_source(self, conn):
        line = b""
        while not line.endswith(b"\n"):
            more = conn.recv(32)
            if not more or len(line) > 32:
                raise ValueError("no byte count")
            line += more
        left = int(line)
        if not 0 <= left <= MAX_REQUEST:
            raise ValueError("byte count %d out of range" % left)
        while left:
            n = min(left, CHUNK)
            conn.sendall(self.data[:n])
            left -= n

    def _drain(self, conn):
        while conn.recv(CHUNK):
            pass

    def _echo(self):
        while True:
            try:
                data, addr = self.echo.recvfrom(65536)
                self.echo.sendto(data, addr)
            except OSError:
                return
