# test_vmctl_net.py - dom0's network commands end to end: the pvhv guest
# with dom0's initramfs runs a script of vmctl commands as /etc/cmd -
# vif-list (the default addresses of dom0 and a created domain, both
# interfaces attached by the guests' network stacks once booted), vif-set
# (a new address and credit, seen in vif-list), rule add (appended and at
# a position), rule list, rule del, rule policy, a malformed rule refused
# - and the transcript is judged line by line.  The launcher's --timeout
# bounds the run.  Skipped when not built.
import tempfile
import unittest

from scripts.tests.dom0_script import BUILT, SKIP_WHY, assert_lines, run_script

SCRIPT = r"""
rules() { vmctl rule list | awk '$1 ~ /^[0-9]+$/ { print "rule", $1, $2, $3, $7, $8 } $1 == "default" { print $1, $2 }'; }
vmctl create /boot/guest-pvhv.elf name=a mem=16 cmd='echo a is up; sleep 1000'
until vmctl console a </dev/null | grep -q '^a is up'; do sleep 1; done
vmctl vif-list | awk 'NR > 1 { print "vif", $1, $2, $3, $4, $5, $6 }'
vmctl vif-set a ip=10.0.2.77/24 credit=30000
vmctl vif-list | awk '$1 == "a" { print "vif", $1, $4, $5 }'
vmctl vif-set a mac=01:00:00:00:00:01; echo "multicast mac: $?"
vmctl rule add action=drop proto=udp dport=53 vif=nic
vmctl rule add action=count proto=icmp vif=a at=0
rules
vmctl rule del 0
vmctl rule policy drop
rules
vmctl rule add action=reject 2>/dev/null; echo "bad rule: $?"
vmctl rule del 7; echo "del missing: $?"
"""

EXPECTED = [
    "created domain 1 (a)",
    "vif dom0 0 52:54:00:12:34:56 10.0.2.15/24 0 yes",
    "vif a 1 52:54:00:12:34:57 10.0.2.16/24 0 yes",
    "vif a 10.0.2.77/24 30000",
    "vmctl: vif-set: Invalid argument",
    "multicast mac: 1",
    "rule 0 added",
    "rule 0 added",
    "rule 0 count icmp * 1",
    "rule 1 drop udp 53 nic",
    "default accept,",
    "rule 0 drop udp 53 nic",
    "default drop,",
    "bad rule: 2",
    "vmctl: rule: No such file or directory",
    "del missing: 1",
]


@unittest.skipUnless(BUILT, SKIP_WHY)
class VmctlNetTest(unittest.TestCase):
    def test_script(self):
        with tempfile.TemporaryDirectory() as tmp:
            lines, body = run_script(self, SCRIPT, tmp)
        assert_lines(self, lines, EXPECTED, body)


if __name__ == "__main__":
    unittest.main()
