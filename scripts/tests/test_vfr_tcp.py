# test_vfr_tcp.py - two domains' TCP/IP stacks talking through the virtual
# firewall-router: dom0 (booted with its initramfs and a script as
# /etc/cmd) creates domain a, whose BusyBox nc servers answer with the
# md5sum of what they read; dom0 sends 1.3 MB to port 7000 and compares
# the sum (TCP data crossed dom0's VIF, the VFR and a's VIF both ways);
# then a rule drops TCP to port 7002: a connection there cannot be made
# and the rule counts the SYNs it dropped; with the rule deleted the same
# transfer goes through.  Waits loop on conditions; nc -w bounds the one
# attempt that must fail.  Skipped when not built.
import tempfile
import unittest

from scripts.tests.dom0_script import BUILT, SKIP_WHY, assert_lines, run_script

SCRIPT = r"""
seq 1 200000 > /tmp/big
want=$(md5sum < /tmp/big | cut -d' ' -f1)
send() { nc 10.0.2.16 "$1" < /tmp/big 2>/dev/null | cut -d' ' -f1; }
vmctl create /boot/guest-pvhv.elf name=a mem=24 \
  cmd='nc -l -p 7000 -e md5sum & nc -l -p 7002 -e md5sum & echo a is up; wait; sleep 1000'
until vmctl console a </dev/null | grep -q '^a is up'; do sleep 1; done
until got=$(send 7000) && [ -n "$got" ]; do sleep 1; done
[ "$got" = "$want" ] && echo "7000: a read what dom0 sent"
vmctl rule add action=drop proto=tcp dport=7002
nc -w 3 10.0.2.16 7002 < /tmp/big > /tmp/out 2>/dev/null; echo "7002 dropped: status $? output $(wc -c < /tmp/out)"
vmctl rule list | awk '$1 == "0" { print "rule", $1, $2, $3, $7, ($9 > 0 ? "counted" : "not counted") }'
vmctl rule del 0
until got=$(send 7002) && [ -n "$got" ]; do sleep 1; done
[ "$got" = "$want" ] && echo "7002: through once the rule is gone"
vmctl destroy a
"""

EXPECTED = [
    "created domain 1 (a)",
    "7000: a read what dom0 sent",
    "rule 0 added",
    "7002 dropped: status 1 output 0",
    "rule 0 drop tcp 7002 counted",
    "7002: through once the rule is gone",
]


@unittest.skipUnless(BUILT, SKIP_WHY)
class VfrTcpTest(unittest.TestCase):
    def test_tcp_between_domains(self):
        with tempfile.TemporaryDirectory() as tmp:
            lines, body = run_script(self, SCRIPT, tmp, timeout=400)
        assert_lines(self, lines, EXPECTED, body)


if __name__ == "__main__":
    unittest.main()
