# test_tcp.py - the guest's TCP (guest/net/tcp*.c) on the host: the real
# sources built into tcp_harness.c, a 32-bit program in which two hosts
# talk through a simulated link with loss, duplication, reordering and
# delay on a fake clock (seeded, so every run is the same).  Each test runs
# one scenario of the harness and checks its "ok"; the numbers it prints
# (retransmissions, probes, gaps) are asserted inside the harness.
# Tests skip when gcc/ld are missing or 32-bit programs cannot run here.
import glob
import os
import subprocess
import unittest

from scripts.tests.harness import GUEST_INCLUDES, Harness
from scripts.tests.util import ROOT
TIMEOUT = 300

def sources():
    """Every TCP file of guest/net (not IP's or the temporary stand-ins)."""
    tcp = sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "guest/net/tcp*.c")))
    return tcp + ["lib/string.c", "lib/format.c", "lib/libgcc64.c",
                  "scripts/tests/tcp_harness.c"]


HARNESS = Harness(sources(), GUEST_INCLUDES)


def harness_exe():
    return HARNESS.exe()


def tearDownModule():
    HARNESS.cleanup()


def scenario(*args):
    """Run one scenario; (ok, output lines)."""
    try:
        proc = subprocess.run([harness_exe()], input=(" ".join(map(str, args)) + "\n").encode(),
                              stdout=subprocess.PIPE, timeout=TIMEOUT)
    except OSError as e:
        raise unittest.SkipTest("cannot run 32-bit programs here: %s" % e)
    lines = proc.stdout.decode(errors="replace").splitlines()
    return proc.returncode == 0 and lines and lines[-1] == "ok", lines


def values(lines):
    """The key=value pairs the harness printed (the last one of each key)."""
    out = {}
    for line in lines:
        for item in line.split():
            if "=" in item:
                k, v = item.split("=", 1)
                out[k] = v
    return out


class TcpTest(unittest.TestCase):
    def run_ok(self, *args):
        ok, lines = scenario(*args)
        self.assertTrue(ok, "scenario %r:\n%s" % (args, "\n".join(lines)))
        return values(lines)

    def test_handshake(self):
        v = self.run_ok("handshake", 1)
        self.assertNotEqual(v["iss_a"], v["iss_b"])

    def test_bulk_clean(self):
        v = self.run_ok("bulk", 2, 4096, 0, 0, 0)
        self.assertEqual(v["retrans"], "0")

    def test_bulk_lossy(self):
        """4 MiB under 5 % loss, 1 % duplication and reordering."""
        v = self.run_ok("bulk", 3, 4096, 50, 10, 8)
        self.assertGreater(int(v["fast_retrans"]), 0)
        self.assertGreater(int(v["ooo"]), 0)

    def test_bulk_very_lossy(self):
        """2 MiB under 10 % loss with heavy reordering."""
        self.run_ok("bulk", 4, 2048, 100, 20, 20)

    def test_bulk_seeds(self):
        for seed in (11, 12, 13):
            self.run_ok("bulk", seed, 512, 70, 10, 10)

    def test_fast_retransmit(self):
        self.run_ok("fastrexmt", 5)

    def test_zero_window_persist(self):
        self.run_ok("zerowin", 6)

    def test_lost_window_update(self):
        self.run_ok("lostupdate", 7)

    def test_close_orders(self):
        for order in range(8):
            with self.subTest(order=order):
                self.run_ok("close", 8 + order, order)

    def test_refused(self):
        self.run_ok("refused", 20)

    def test_time_wait(self):
        self.run_ok("timewait", 21)

    def test_backlog(self):
        self.run_ok("backlog", 22)

    def test_malformed(self):
        for seed in (23, 24):
            self.run_ok("malformed", seed)

    def test_keepalive(self):
        self.run_ok("keepalive", 25)

    def test_syn_retries(self):
        self.run_ok("synretry", 26)

    def test_rtt(self):
        self.run_ok("rtt", 27)

    def test_nagle(self):
        self.run_ok("nagle", 28)

    def test_simultaneous_open(self):
        self.run_ok("simopen", 30)

    def test_ports(self):
        self.run_ok("ports", 29)


if __name__ == "__main__":
    unittest.main()
