# test_bench_net.py - the host peer of make bench's net_* rows
# (scripts/bench_net.py), driven here as the guest's bench drives it: the
# source sends the count asked for, the sink reads to end of stream and
# closes, the echo returns datagrams, a bad request is an error, not a hang.
import socket
import unittest

from scripts.tests.util import load

bench_net = load("scripts_bench_net", "scripts/bench_net.py")
TIMEOUT_S = 30          # a bound on a broken peer, not a measurement


class PeerTest(unittest.TestCase):
    def setUp(self):
        self.peer = bench_net.Peer()
        self.source, self.sink, self.echo = self.peer.ports()

    def tearDown(self):
        self.peer.close()

    def connect(self, port):
        return socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_S)

    def drain(self, s):
        got = b""
        while True:
            piece = s.recv(65536)
            if not piece:
                return got
            got += piece

    def test_option(self):
        self.assertEqual(self.peer.option(), "-n %d,%d,%d" % (self.source, self.sink, self.echo))
        self.assertEqual(len(set(self.peer.ports())), 3)

    def test_source_sends_the_count(self):
        for n in (0, 1, 65536, 3 * 65536 + 7):
            with self.connect(self.source) as s:
                s.sendall(b"%d\n" % n)
                got = self.drain(s)
            self.assertEqual(len(got), n)
            self.assertEqual(got[:256], bytes(range(256))[:n])

    def test_source_refuses_a_bad_count(self):
        with self.connect(self.source) as s:
            s.sendall(b"lots\n")
            self.assertEqual(self.drain(s), b"")
        with self.connect(self.source) as s:
            s.sendall(b"%d\n" % (bench_net.MAX_REQUEST + 1))
            self.assertEqual(self.drain(s), b"")

    def test_sink_closes_after_end_of_stream(self):
        with self.connect(self.sink) as s:
            s.sendall(b"x" * 200000)
            s.shutdown(socket.SHUT_WR)
            self.assertEqual(self.drain(s), b"")
        with self.connect(self.sink):     # connect and close (net_tcp_connect)
            pass
        self.assertEqual(self.peer.errors, [])

    def test_echo(self):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(TIMEOUT_S)
            s.connect(("127.0.0.1", self.echo))
            for i in range(3):
                s.send(b"u%d" % i * 20)
                self.assertEqual(s.recv(100), b"u%d" % i * 20)


if __name__ == "__main__":
    unittest.main()
