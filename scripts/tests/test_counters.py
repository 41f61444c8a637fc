# test_counters.py - the per-call counter tools (scripts/counters.py) and the
# deterministic-counters system test (conformance/det_counters.py), on plain
# strings: parsing, comparing, the boot arguments that select sched=det, and
# the judging of one run.
import os
import unittest

from scripts.tests.util import ROOT, load

counters = load("counters_tool", "scripts/counters.py")
det = load("det_counters", "conformance/det_counters.py")
run = load("conformance_run_for_counters", "conformance/run.py")


def run_text(counts, det_line=True):
    lines = ["VMI guest kernel, ABI 1.0"]
    if det_line:
        lines.append(counters.DET_LINE + ": no tick, a slice is 100 kernel entries")
    lines += ["counters: %s %d" % kv for kv in counts.items()]
    return "\n".join(lines) + "\n"


class Result:
    def __init__(self, transcript, guest_code=0, timed_out=False):
        self.transcript, self.guest_code, self.timed_out = transcript, guest_code, timed_out


class ParseCompareTest(unittest.TestCase):
    def test_parse(self):
        text = run_text({"vmi_iret": 5, "vmi_time_ns": 2})
        self.assertEqual(counters.parse_counters(text), {"vmi_iret": 5, "vmi_time_ns": 2})

    def test_missing_call_counts_zero(self):
        self.assertEqual(counters.differing({"vmi_iret": 1}, {"vmi_iret": 1,
                                                              "vmi_timer_set": 0}), [])
        self.assertEqual(counters.differing({"vmi_iret": 1}, {"vmi_timer_set": 3,
                                                              "vmi_iret": 1}),
                         ["vmi_timer_set"])

    def test_compare_identical(self):
        t = run_text({"vmi_iret": 5, "vmi_time_ns": 2})
        status, msg = det.compare({"native": t, "pvhv": t})
        self.assertEqual(status, "PASS")
        self.assertIn("7 calls made", msg)

    def test_compare_names_the_differing_calls(self):
        status, msg = det.compare({"native": run_text({"vmi_iret": 5}),
                                   "pvhv": run_text({"vmi_iret": 6})})
        self.assertEqual(status, "FAIL")
        self.assertIn("vmi_iret native/pvhv 5 vs 6", msg)


class BootArgsTest(unittest.TestCase):
    def test_native_gets_the_word_on_its_command_line(self):
        kernel, modules, opts = counters.boot_args("b", "native", "x.cpio", "det")
        self.assertEqual(kernel, os.path.join("b", "guest-native.elf"))
        self.assertEqual(modules, ["x.cpio initrd"])
        self.assertEqual(opts["extra"], ["-append", "sched=det"])

    def test_pvhv_gets_it_in_the_domain_options(self):
        kernel, modules, opts = counters.boot_args("b", "pvhv", "x.cpio", "det", "hv.log")
        self.assertEqual(kernel, os.path.join("b", "hypervisor.elf"))
        self.assertEqual(modules[0], os.path.join("b", "guest-pvhv.elf") +
                         " name=dom0 mem=128 sched=det")
        self.assertEqual(modules[1], "x.cpio initrd")
        self.assertIn("file:hv.log", opts["extra"])

    def test_the_guest_prints_the_line_the_tools_look_for(self):
        with open(os.path.join(ROOT, "guest", "proc", "sched.c")) as f:
            src = f.read()
        self.assertIn('"' + counters.DET_LINE, src)


class JudgeTest(unittest.TestCase):
    def test_good_run(self):
        self.assertEqual(counters.judge_run(run_text({"vmi_iret": 1}), 0, False), "")

    def test_mode_not_taken(self):
        why = counters.judge_run(run_text({"vmi_iret": 1}, det_line=False), 0, False)
        self.assertIn("did not take sched=det", why)
        self.assertEqual(counters.judge_run(run_text({"vmi_iret": 1}, det_line=False),
                                            0, False, "normal"), "")

    def test_failed_runs(self):
        self.assertEqual(counters.judge_run("", None, True), "timeout")
        self.assertEqual(counters.judge_run("", None, False), "no power-off")
        self.assertIn("exit code 1", counters.judge_run(run_text({"vmi_iret": 1}), 1, False))
        self.assertIn("no counters", counters.judge_run(run_text({}), 0, False))

    def test_det_judge_without_host_output(self):
        self.assertEqual(det.judge(Result(run_text({"vmi_iret": 1})), None, run.shell),
                         ("PASS", ""))
        status, why = det.judge(Result(run_text({"vmi_iret": 1}, False)), None, run.shell)
        self.assertEqual(status, "FAIL")

    def test_det_judge_with_host_output_checks_it_first(self):
        text = ("init: running /etc/cmd\nhello\ninit: /etc/cmd exited with status 0\n"
                + run_text({"vmi_iret": 1}))
        self.assertEqual(det.judge(Result(text), ("hello\n", 0), run.shell), ("PASS", ""))
        status, why = det.judge(Result(text), ("bye\n", 0), run.shell)
        self.assertEqual(status, "FAIL")
        self.assertIn("differs from the host", why)


class RunnerTest(unittest.TestCase):
    def test_counter_jobs_are_not_shell_tests(self):
        jobs = run.counter_jobs("build", "build-counters", ["native", "pvhv"])
        self.assertEqual([j.backend for j in jobs], ["native", "pvhv"])
        for j in jobs:
            self.assertFalse(run.shell.is_shell_test(j.test))
            self.assertTrue(det.is_counters_test(j.test))
            self.assertEqual(j.image, os.path.join("build-counters", "guest-%s.elf" % j.backend))


if __name__ == "__main__":
    unittest.main()
