# test_net.py - the guest network stack's checksum, routing table and ARP
# cache (guest/net/checksum.c, route.c, arp.c, netif.c) on the host, built
# into net_harness.c (a 32-bit program with a fake clock and a fake NIC),
# and the network system tests' sidecar parser (conformance/net_tests.py).
# The harness tests skip when gcc/ld are missing or 32-bit programs cannot run.
import importlib.util
import os
import subprocess
import unittest

from scripts.tests.harness import GUEST_INCLUDES, Harness
from scripts.tests.util import ROOT

SOURCES = ["guest/net/checksum.c", "guest/net/route.c", "guest/net/arp.c",
           "guest/net/netif.c", "lib/string.c", "lib/format.c", "lib/libgcc64.c",
           "scripts/tests/net_harness.c"]
HARNESS = Harness(SOURCES, GUEST_INCLUDES)


def harness_exe():
    return HARNESS.exe()


def tearDownModule():
    HARNESS.cleanup()


def scenario(name):
    try:
        proc = subprocess.run([harness_exe()], input=(name + "\n").encode(),
                              stdout=subprocess.PIPE, timeout=60)
    except OSError as e:
        raise unittest.SkipTest("cannot run 32-bit programs here: %s" % e)
    return proc.stdout.decode(errors="replace").strip()


class HarnessTest(unittest.TestCase):
    def test_checksum(self):
        self.assertEqual(scenario("checksum"), "ok")

    def test_routing(self):
        self.assertEqual(scenario("route"), "ok")

    def test_arp_cache(self):
        self.assertEqual(scenario("arp"), "ok")

    def test_unknown_scenario_fails(self):
        self.assertTrue(scenario("nonsense").startswith("fail"))


def _net_tests():
    spec = importlib.util.spec_from_file_location(
        "net_tests", os.path.join(ROOT, "conformance", "net_tests.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class SidecarTest(unittest.TestCase):
    def test_forwards(self):
        net = _net_tests()
        spec = net.parse_spec("# c\nforward 7000\nforward 80  # http\n")
        self.assertEqual(spec["forward"], [7000, 80])
        self.assertIn("hostfwd=tcp:127.0.0.1:1234-:80",
                      net.net_spec({80: 1234, 7000: 1235}))

    def test_control_port_required_and_bad_lines(self):
        net = _net_tests()
        with self.assertRaises(ValueError):
            net.parse_spec("forward 80\n")
        with self.assertRaises(ValueError):
            net.parse_spec("forward 7000\nport 80\n")

    def test_skip_line(self):
        net = _net_tests()
        self.assertEqual(net.skipped("SKIP: no interface\nmore\n"), "no interface")
        self.assertIsNone(net.skipped("== configuration\n"))

    def test_push_data_is_fixed(self):
        net = _net_tests()
        a = b"".join(net.data_stream(200000))
        self.assertEqual(len(a), 200000)
        self.assertEqual(a, b"".join(net.data_stream(200000)))


class FakeSock:
    def __init__(self):
        self.sent = b""

    def sendall(self, data):
        self.sent += data


class TelnetTest(unittest.TestCase):
    def test_negotiation_and_data(self):
        net = _net_tests()
        sock = FakeSock()
        client = net.TelnetClient(sock)
        IAC, DO, WILL = net.IAC, net.DO, net.WILL
        # telnetd's greeting, split inside a command; data around it.
        got = client.feed(bytes([IAC, DO, net.OPT_ECHO, IAC, DO, net.OPT_NAWS, IAC]))
        got += client.feed(bytes([WILL, net.OPT_ECHO, IAC, WILL, net.OPT_SGA]) + b"ab")
        got += client.feed(bytes([IAC, IAC]) + b"c")
        self.assertEqual(got, b"ab\xffc")
        self.assertEqual(sock.sent, bytes([
            IAC, net.WONT, net.OPT_ECHO,
            IAC, WILL, net.OPT_NAWS, IAC, net.SB, net.OPT_NAWS, 0, 80, 0, 24, IAC, net.SE,
            IAC, DO, net.OPT_ECHO, IAC, DO, net.OPT_SGA]))

    def test_verdict_ignores_the_typed_commands(self):
        net = _net_tests()
        text = ('/ # echo "result: $((6 * 7))"\r\nresult: 42\r\n'
                '/ # echo "size: $(stty size)"\r\nsize: 24 80\r\n'
                '/ # echo "terminal: $(tty)"\r\nterminal: /dev/pts/0\r\n')
        self.assertEqual(net.telnet_verdict(text),
                         "result 42, size 24 80, terminal /dev/pts/0")
        self.assertEqual(net.telnet_verdict('echo "result: $((6 * 7))"'),
                         "result missing, size missing, terminal missing")


if __name__ == "__main__":
    unittest.main()
