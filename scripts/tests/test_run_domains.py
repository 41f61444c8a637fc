# test_run_domains.py - the runner's multi-domain judging (conformance/run.py):
# .domains files, splitting a prefixed console transcript by domain, and the
# verdict of a run where domains are expected to succeed or to be killed.
import os
import unittest

from scripts.tests.util import load

run = load("conformance_run_domains", "conformance/run.py")

DOMAINS = """# comment line
self name=attacker expect=killed
calls/rdtsc name=victim weight=2   # trailing comment
"""

TRANSCRIPT = """[attacker] Test: attack
[victim] Test: rdtsc
[attacker] attack: ud2
[victim] PASS: monotonic
[victim] Test result: SUCCESS
"""


class DomainsTest(unittest.TestCase):
    def test_parse(self):
        doms = run.parse_domains(DOMAINS)
        self.assertEqual(doms, [("self", "name=attacker", "attacker", "killed"),
                                ("calls/rdtsc", "name=victim weight=2", "victim", "success")])

    def test_parse_rejects_unknown_expectation(self):
        with self.assertRaises(ValueError):
            run.parse_domains("self expect=maybe\n")

    def test_split(self):
        per = run.split_by_domain(TRANSCRIPT, ["attacker", "victim"])
        self.assertEqual(per["victim"][-1], "Test result: SUCCESS")
        self.assertEqual(per["attacker"], ["Test: attack", "attack: ud2"])

    def test_pass_when_attacker_killed_and_victim_succeeds(self):
        doms = run.parse_domains(DOMAINS)
        log = "hv: domain 0 (attacker) killed: unhandled trap 6\n"
        self.assertEqual(run.judge_domains(TRANSCRIPT, log, doms, 0, False), ("PASS", ""))

    def test_fail_without_kill_in_log(self):
        doms = run.parse_domains(DOMAINS)
        status, reason = run.judge_domains(TRANSCRIPT, "", doms, 0, False)
        self.assertEqual(status, "FAIL")
        self.assertIn("attacker", reason)

    def test_fail_when_victim_fails(self):
        doms = run.parse_domains(DOMAINS)
        text = TRANSCRIPT.replace("SUCCESS", "FAILURE")
        log = "domain 0 (attacker) killed: x"
        self.assertEqual(run.judge_domains(text, log, doms, 5, False)[0], "FAIL")

    def test_skip_only_if_all_else_holds(self):
        doms = run.parse_domains("self name=attacker\nvictim/checksum name=victim\n")
        text = ("[attacker] Test result: SKIP\n[victim] Test result: SUCCESS\n")
        self.assertEqual(run.judge_domains(text, "", doms, 0, False)[0], "SKIP")
        bad = text.replace("[victim] Test result: SUCCESS", "[victim] Test result: FAILURE")
        self.assertEqual(run.judge_domains(bad, "", doms, 5, False)[0], "FAIL")
        doomed = run.parse_domains("self name=attacker expect=killed\n"
                                   "victim/checksum name=victim\n")
        self.assertEqual(run.judge_domains(text, "", doomed, 0, False)[0], "SKIP")
        done = text.replace("SKIP", "SUCCESS")
        self.assertEqual(run.judge_domains(done, "", doomed, 0, False)[0], "FAIL")

    def test_rejected_image(self):
        doms = run.parse_domains("file:README.md name=bad expect=rejected\nself name=ok\n")
        text = "Test result: SUCCESS\n"   # one domain ran: no prefixes
        good = "hv: domain 0 (bad) rejected: bad ELF magic\n"
        self.assertEqual(run.judge_domains(text, good, doms, 0, False), ("PASS", ""))
        self.assertEqual(run.judge_domains(text, "", doms, 0, False)[0], "FAIL")

    def test_fail_on_timeout_or_crash(self):
        doms = run.parse_domains(DOMAINS)
        log = "domain 0 (attacker) killed: x"
        self.assertEqual(run.judge_domains(TRANSCRIPT, log, doms, 0, True)[0], "FAIL")
        self.assertEqual(run.judge_domains(TRANSCRIPT, log, doms, None, False)[0], "FAIL")

    def test_module_paths(self):
        image = os.path.join("out", "conformance", "pvhv", "hostile", "image_x.elf")
        job = run.Job("hostile/image_x", "pvhv", image, "", "")
        self.assertEqual(run.module_image(job, "self"), image)
        self.assertEqual(run.module_image(job, "build:bad-images/x.elf"),
                         os.path.join("out", "bad-images", "x.elf"))
        self.assertEqual(run.module_image(job, "victim/checksum"),
                         os.path.join("out", "conformance", "pvhv", "victim", "checksum.elf"))
        self.assertEqual(run.module_image(job, "file:README.md"),
                         os.path.join(run.ROOT, "README.md"))


if __name__ == "__main__":
    unittest.main()


class CopiesTest(unittest.TestCase):
    """copies=N in a .domains file, and the memory QEMU gets for them."""

    def test_copies_are_numbered(self):
        doms = run.parse_domains("self name=hub mem=4\nself name=c mem=4 copies=3 # x\n")
        self.assertEqual([d[2] for d in doms], ["hub", "c1", "c2", "c3"])
        self.assertEqual(doms[2], ("self", "name=c2 mem=4", "c2", "success"))

    def test_copies_without_a_name(self):
        doms = run.parse_domains("self copies=2\n")
        self.assertEqual([d[1] for d in doms], ["name=dom1", "name=dom2"])

    def test_memory_follows_the_domains(self):
        few = run.parse_domains("self\nself mem=8\n")
        self.assertEqual(run.domains_memory(few), "256M")       # the floor
        many = run.parse_domains("self mem=4 copies=128\nfile:x initrd\n")
        self.assertEqual(run.domains_memory(many), "%dM" % (64 + 128 * 4))
        self.assertEqual(run.domains_memory(run.parse_domains("self copies=10\n")),
                         "%dM" % (64 + 10 * 32))
