# test_run.py - the conformance runner's judging logic (conformance/run.py):
# verdicts, identity across backends and call coverage, on plain strings.
import unittest

from scripts.tests.util import load

run = load("conformance_run", "conformance/run.py")

OK = "Test: demo\nenv: backend native\nPASS: 1 == 1\nTest result: SUCCESS\n"


def transcript(status, body="PASS: x\n"):
    return "Test: demo\n" + body + "Test result: %s\n" % status


class VerdictTest(unittest.TestCase):
    def test_success(self):
        self.assertEqual(run.judge(OK, 0, False), ("PASS", ""))

    def test_skip(self):
        self.assertEqual(run.judge(transcript("SKIP"), 3, False), ("SKIP", ""))

    def test_failure(self):
        text = transcript("FAILURE", "FAIL: calls/x.c:3: 1 == 2 (1 vs 2)\n")
        status, reason = run.judge(text, 5, False)
        self.assertEqual(status, "FAIL")
        self.assertIn("FAILURE", reason)
        self.assertEqual(run.fail_lines(text), ["FAIL: calls/x.c:3: 1 == 2 (1 vs 2)"])

    def test_error(self):
        self.assertEqual(run.judge(transcript("ERROR"), 4, False)[0], "FAIL")

    def test_missing_verdict_is_a_crash(self):
        status, reason = run.judge("Test: demo\nPASS: x\n", 0, False)
        self.assertEqual(status, "FAIL")
        self.assertTrue(reason.startswith("crash"), reason)

    def test_triple_fault_is_a_crash(self):
        status, reason = run.judge("Test: demo\n", None, False)
        self.assertEqual(status, "FAIL")
        self.assertTrue(reason.startswith("crash"), reason)

    def test_crash_code(self):
        status, reason = run.judge(OK, 127, False)
        self.assertEqual(status, "FAIL")
        self.assertTrue(reason.startswith("crash"), reason)

    def test_status_code_mismatch(self):
        for text, code in ((OK, 5), (transcript("FAILURE"), 0), (transcript("SKIP"), 0)):
            status, reason = run.judge(text, code, False)
            self.assertEqual(status, "FAIL")
            self.assertTrue(reason.startswith("mismatch"), reason)

    def test_timeout(self):
        status, reason = run.judge(OK, None, True, 60)
        self.assertEqual(status, "FAIL")
        self.assertTrue(reason.startswith("timeout"), reason)

    def test_last_verdict_line_counts(self):
        text = "Test result: FAILURE\n" + OK
        self.assertEqual(run.judge(text, 0, False), ("PASS", ""))
        self.assertEqual(run.verdict_line("Test: x\n"), None)

    def test_kvm_internal_error_is_a_crash(self):
        status, reason = run.judge("", None, False, 60, "KVM internal error. Suberror: 1\n")
        self.assertEqual(status, "FAIL")
        self.assertIn("crash", reason)


class IdentityTest(unittest.TestCase):
    def test_skipped_backend_left_out_when_others_ran(self):
        runs = [("native", "a", "PASS"), ("pvhv", "b", "SKIP"), ("third", "a", "PASS")]
        kept, skipped = run.compared_runs(runs)
        self.assertEqual([r[0] for r in kept], ["native", "third"])
        self.assertEqual(skipped, ["pvhv"])

    def test_all_skipped_or_none_skipped_compares_all(self):
        runs = [("native", "a", "SKIP"), ("pvhv", "b", "SKIP")]
        self.assertEqual(run.compared_runs(runs), (runs, []))
        runs = [("native", "a", "PASS"), ("pvhv", "b", "FAIL")]
        self.assertEqual(run.compared_runs(runs), (runs, []))

    def test_env_lines_and_trailing_space_ignored(self):
        a = "Test: demo\nenv: backend native\nenv: ring 0\nPASS: x\n"
        b = "Test: demo  \nenv: backend pvhv\nPASS: x\n"
        self.assertIsNone(run.identity([a, b]))

    def test_other_difference_caught(self):
        a = "Test: demo\nenv: backend native\nPASS: x == 1\nTest result: SUCCESS\n"
        b = "Test: demo\nenv: backend pvhv\nPASS: x == 2\nTest result: SUCCESS\n"
        self.assertEqual(run.identity([a, b]),
                         "first difference at line 3: 'PASS: x == 1' vs 'PASS: x == 2'")

    def test_shorter_transcript_caught(self):
        diff = run.identity(["Test: demo\nPASS: x\n", "Test: demo\n"])
        self.assertIn("line 2", diff)
        self.assertIn("<end of transcript>", diff)

    def test_hypervisor_lines_ignored(self):
        a = "Test: demo\nPASS: x\n"
        b = "hv: isolation: address spaces\nTest: demo\nPASS: x\n"
        self.assertIsNone(run.identity([a, b]))
        self.assertIsNotNone(run.identity(["x\n hv: a\n", "x\n"]))

    def test_env_prefix_must_start_the_line(self):
        self.assertIsNotNone(run.identity(["x\n env: a\n", "x\n env: b\n"]))


class CoverageTest(unittest.TestCase):
    NM = ("\nbuild/conformance/calls/a.o:\n         U test_pass\n         U vmi_abi_version\n"
          "\nbuild/conformance/calls/b.o:\n         U vmi_shutdown\n         w vmi_features\n")

    def test_undefined_symbols(self):
        self.assertEqual(run.undefined_symbols(self.NM),
                         {"test_pass", "vmi_abi_version", "vmi_shutdown", "vmi_features"})

    def test_uncovered_call_found(self):
        calls = ["abi_version", "features", "shutdown", "timer_set"]
        self.assertEqual(run.uncovered(calls, run.undefined_symbols(self.NM)), ["timer_set"])

    def test_all_covered(self):
        self.assertEqual(run.uncovered(["shutdown"], {"vmi_shutdown"}), [])

    def test_spec_call_names(self):
        names = run.call_names(run.ROOT)
        self.assertIn("abi_version", names)
        self.assertEqual(len(names), len(set(names)))


class SummaryTest(unittest.TestCase):
    def test_summary(self):
        self.assertEqual(run.summary(3, 1, 0), "3 passed, 1 failed")
        self.assertEqual(run.summary(3, 0, 2), "3 passed, 0 failed, 2 skipped")


class PlanTest(unittest.TestCase):
    def test_hostile_tests_run_on_pvhv_only(self):
        jobs = run.plan("/r", "b", ["calls/a", "hostile/h"], ["native", "pvhv"])
        self.assertEqual([(j.test, j.backend) for j in jobs],
                         [("calls/a", "native"), ("calls/a", "pvhv"), ("hostile/h", "pvhv")])
        self.assertEqual(jobs[0].image, "b/conformance/native/calls/a.elf")
        self.assertEqual(jobs[0].log, "b/conformance/results/native/calls/a.log")
        self.assertEqual(jobs[0].input_path, "/r/conformance/calls/a.input")

    def test_results_elsewhere_and_hypervisor_command_line(self):
        job = run.plan("/r", "b", ["hostile/h"], ["pvhv"], "seg")[0]
        self.assertEqual(job.log, "seg/pvhv/hostile/h.log")
        self.assertNotIn("-append", run.boot_options(job)["extra"])
        run.HV_APPEND[:] = ["isolation=segments"]
        try:
            extra = run.boot_options(job)["extra"]
        finally:
            run.HV_APPEND[:] = []
        self.assertEqual(extra[-2:], ["-append", "isolation=segments"])

    def test_network_tests_get_a_restricted_user_nic_on_every_backend(self):
        jobs = run.plan("/r", "b", ["calls/net_arp", "calls/blk_rw"], ["native", "pvhv"])
        self.assertEqual([run.test_nics(j) for j in jobs],
                         [["user,restrict=on"], ["user,restrict=on"], [], []])

    def test_missing_image_fails(self):
        job = run.execute(run.plan("/nonexistent", "/nonexistent", ["calls/a"],
                                   ["native"])[0], 1, "tcg")
        self.assertEqual(job.status, "FAIL")
        self.assertTrue(job.reason.startswith("image missing: "), job.reason)


if __name__ == "__main__":
    unittest.main()
