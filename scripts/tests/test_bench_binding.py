# test_bench_binding.py - the pure parts of scripts/bench_binding.py (`make
# bench-binding`): the rows comparing the native guest with its backend
# bound through calls and inlined, and the table with the 1 % goal.
import unittest

from scripts.tests.util import load

bb = load("scripts_bench_binding", "scripts/bench_binding.py")

CALLS = {"null_syscall": {"median_us": 0.279}, "fork_exit": {"median_us": 320.25},
         "cpu_hash": {"median_us": 1837.0}, "only_calls": {"median_us": 1.0},
         "zero": {"median_us": 1.0}}
INLINE = {"null_syscall": {"median_us": 0.266}, "fork_exit": {"median_us": 320.0},
          "cpu_hash": {"median_us": 1837.0}, "zero": {"median_us": 0.0}}


class RowsTest(unittest.TestCase):
    def test_rows(self):
        rows = {r["name"]: r for r in bb.binding_rows(CALLS, INLINE)}
        self.assertEqual(list(rows), ["null_syscall", "fork_exit", "cpu_hash", "zero"])
        self.assertAlmostEqual(rows["null_syscall"]["calls"], 279.0)
        self.assertAlmostEqual(rows["null_syscall"]["inline"], 266.0)
        self.assertAlmostEqual(rows["null_syscall"]["cost"], 279.0 / 266.0 - 1)
        self.assertTrue(rows["null_syscall"]["over_goal"])
        self.assertFalse(rows["fork_exit"]["over_goal"])      # 0.08 %
        self.assertEqual(rows["cpu_hash"]["cost"], 0.0)
        self.assertIsNone(rows["zero"]["cost"])
        self.assertFalse(rows["zero"]["over_goal"])

    def test_table(self):
        text = bb.binding_table(bb.binding_rows(CALLS, INLINE))
        self.assertIn("null_syscall", text)
        self.assertIn("+4.89 %  > 1 %", text)
        self.assertIn("1 of 4 rows above the 1 % goal", text)


if __name__ == "__main__":
    unittest.main()
