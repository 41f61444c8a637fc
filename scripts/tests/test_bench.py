# test_bench.py - the pure parts of scripts/bench.py (`make bench`): parsing
# the guest's "bench ..." lines, the rows (ratio, Xen's ratio), the table,
# results.json and a well-formed SVG chart; the TCG warning.
import json
import unittest
import xml.etree.ElementTree as ET

from scripts.tests.util import load

bench = load("scripts_bench", "scripts/bench.py")

NATIVE = """guest kernel banner
init: running /etc/cmd
bench null_syscall median_us=0.500 min_us=0.400 max_us=0.900 reps=7
bench fork_exit median_us=100.000 min_us=90.000 max_us=110.000 reps=7\r
noise: bench not a line
bench pipe_bw median_us=0.000 min_us=0.000 max_us=0.000 reps=7
bench broken median_us=x min_us=1 max_us=1 reps=7
init: /etc/cmd exited with status 0
"""
PVHV = """bench null_syscall median_us=1.000 min_us=0.900 max_us=1.500 reps=7
bench fork_exit median_us=150.000 min_us=140.000 max_us=160.000 reps=7
bench pipe_bw median_us=3.000 min_us=3.000 max_us=3.000 reps=7
bench vmi_null_call median_us=0.779346 min_us=0.77 max_us=0.79 reps=7
"""


class ParseTest(unittest.TestCase):
    def test_lines(self):
        got = bench.parse_lines(NATIVE)
        self.assertEqual(list(got), ["null_syscall", "fork_exit", "pipe_bw"])
        self.assertEqual(got["null_syscall"],
                         {"median_us": 0.5, "min_us": 0.4, "max_us": 0.9, "reps": 7})
        self.assertEqual(got["fork_exit"]["median_us"], 100.0)

    def test_guest_format(self):
        # As guest/user/bench.c and conformance/bench/vmi_bench.c print them.
        got = bench.parse_lines("bench vmi_time_read median_us=0.045912 "
                                "min_us=0.045873 max_us=0.050009 reps=7\n")
        self.assertAlmostEqual(got["vmi_time_read"]["max_us"], 0.050009)

    def test_nothing(self):
        self.assertEqual(bench.parse_lines("no results\n"), {})


class RowsTest(unittest.TestCase):
    def setUp(self):
        self.rows = bench.make_rows(bench.parse_lines(NATIVE), bench.parse_lines(PVHV))
        self.by = {r["name"]: r for r in self.rows}

    def test_order_and_ratios(self):
        self.assertEqual([r["name"] for r in self.rows],
                         ["null_syscall", "fork_exit", "pipe_bw", "vmi_null_call"])
        self.assertAlmostEqual(self.by["null_syscall"]["ratio"], 2.0)
        self.assertAlmostEqual(self.by["fork_exit"]["ratio"], 1.5)

    def test_xen_ratios(self):
        self.assertEqual(self.by["null_syscall"]["xen_ratio"], 1.02)
        self.assertEqual(self.by["fork_exit"]["xen_ratio"], 1.8)
        self.assertIsNone(self.by["pipe_bw"]["xen_ratio"])
        self.assertEqual(sorted(bench.XEN_RATIOS.values()),
                         sorted([1.02, 0.70, 1.8, 1.45, 2.6, 2.0, 1.9, 1.3]))

    def test_missing_or_zero_gives_no_ratio(self):
        self.assertIsNone(self.by["pipe_bw"]["ratio"])          # native 0
        self.assertIsNone(self.by["vmi_null_call"]["native_us"])
        self.assertIsNone(self.by["vmi_null_call"]["ratio"])

    def test_table(self):
        text = bench.format_table(self.rows)
        lines = text.splitlines()
        self.assertIn("benchmark", lines[0])
        self.assertIn("Xen 2003", lines[0])
        row = next(line for line in lines if line.startswith("fork_exit"))
        self.assertEqual(row.split()[:5], ["fork_exit", "100.000", "150.000", "1.50", "1.80"])
        row = next(line for line in lines if line.startswith("vmi_null_call"))
        self.assertEqual(row.split()[1], "-")

    def test_json(self):
        top = json.loads(bench.results_json(self.rows, "tcg", 7, "abc123", "2026-01-01T00:00:00Z"))
        self.assertEqual((top["commit"], top["date"], top["accel"], top["reps"]),
                         ("abc123", "2026-01-01T00:00:00Z", "tcg", 7))
        data = top["rows"]
        self.assertIsInstance(data, list)
        self.assertEqual(len(data), 4)
        first = data[0]
        self.assertEqual(set(first), {"name", "native_us", "pvhv_us", "ratio",
                                      "xen_ratio", "accel"})
        self.assertEqual(first["accel"], "tcg")
        self.assertIsNone(data[2]["xen_ratio"])

    def test_svg_well_formed(self):
        for accel in ("tcg", "kvm"):
            svg = bench.render_svg(self.rows, accel)
            root = ET.fromstring(svg.encode())
            self.assertTrue(root.tag.endswith("svg"))
            texts = [t.text for t in root.iter() if t.tag.endswith("text")]
            self.assertIn("fork_exit", texts)
            self.assertEqual(any("WARNING" in (t or "") for t in texts), accel == "tcg")
            rects = [r for r in root.iter() if r.tag.endswith("rect")]
            # background + 2 legend + bars: 2 (null) + 2 (fork) + 0 + 0
            self.assertEqual(len(rects), 7)

    def test_svg_log_axis_and_caption(self):
        # A 46x row beside 1.x rows: on a log axis the 1.5 bar keeps a
        # readable length, and no two tick labels are closer than 30 px.
        rows = bench.make_rows({"a": {"median_us": 1.0}, "b": {"median_us": 1.0}},
                               {"a": {"median_us": 46.0}, "b": {"median_us": 1.5}})
        root = ET.fromstring(bench.render_svg(rows, "tcg", 7, "abc").encode())
        bars = [r for r in root.iter() if r.tag.endswith("rect")][3:]
        widths = sorted(float(r.get("width")) for r in bars)
        self.assertGreater(widths[0] / widths[-1], 0.08)   # linear would be 0.011
        texts = [t for t in root.iter() if t.tag.endswith("text")]
        ticks = sorted(float(t.get("x")) for t in texts
                       if t.get("text-anchor") == "middle")
        self.assertTrue(all(b - a >= 30 for a, b in zip(ticks, ticks[1:])), ticks)
        caption = " ".join(t.text or "" for t in texts)
        self.assertIn("SOSP 2003", caption)
        self.assertIn("accel=tcg, median of 7 repetitions, commit abc", caption)

    def test_log_ticks(self):
        self.assertEqual(bench.log_ticks(0.5, 50), [0.5, 1, 2, 5, 10, 20, 50])

    def test_svg_escapes_names(self):
        rows = bench.make_rows({"a<b&c": {"median_us": 1.0}}, {"a<b&c": {"median_us": 2.0}})
        ET.fromstring(bench.render_svg(rows, "kvm").encode())

    def test_svg_empty(self):
        ET.fromstring(bench.render_svg([], "tcg").encode())


class WarningTest(unittest.TestCase):
    def test_tcg_box(self):
        box = bench.warning_box("tcg")
        self.assertIn("WARNING: TCG", box)
        self.assertIn("not comparable to Xen's", box)
        widths = {len(line) for line in box.splitlines()}
        self.assertEqual(len(widths), 1)                     # a closed box

    def test_kvm_silent(self):
        self.assertEqual(bench.warning_box("kvm"), "")


class IsolationTest(unittest.TestCase):
    AS = ("hv: isolation: address spaces\r\n"
          "bench vmi_null_call median_us=2.000 min_us=1.9 max_us=2.1 reps=7\n"
          "bench-cr3 vmi_null_call per_op=2.000\n"
          "bench-cr3 vmi_time_read per_op=0.000\n")
    SEG = ("hv: isolation: segment limits\n"
           "bench vmi_null_call median_us=1.000 min_us=0.9 max_us=1.1 reps=7\n"
           "bench null_syscall median_us=0.5 min_us=0.5 max_us=0.5 reps=7\n"
           "bench-cr3 vmi_null_call per_op=0.000\n")

    def test_mode_and_loads(self):
        self.assertEqual(bench.isolation_of(self.AS), "address spaces")
        self.assertEqual(bench.isolation_of(self.SEG), "segment limits")
        self.assertIsNone(bench.isolation_of("bench x\n"))
        self.assertEqual(bench.parse_cr3(self.AS), {"vmi_null_call": 2.0, "vmi_time_read": 0.0})
        self.assertEqual(bench.OTHER_ISOLATION["address spaces"][1], "segments")

    def rows(self):
        modes = {"address spaces": (bench.parse_lines(self.AS), bench.parse_cr3(self.AS)),
                 "segment limits": (bench.parse_lines(self.SEG), bench.parse_cr3(self.SEG))}
        return bench.isolation_rows(modes)

    def test_rows_table_and_json(self):
        rows = self.rows()
        self.assertEqual([r["name"] for r in rows], ["vmi_null_call", "null_syscall"])
        self.assertAlmostEqual(rows[0]["ratio"], 2.0)
        self.assertIsNone(rows[1]["ratio"])                  # one mode only
        table = bench.isolation_table(rows)
        self.assertIn("CR3/op as", table.splitlines()[0])
        self.assertRegex(table, r"vmi_null_call +2\.000 +1\.000 +2\.00 +2\.00 +0\.00")
        data = json.loads(bench.isolation_json(rows, "tcg", "segment limits"))
        self.assertEqual(data[0]["cr3_per_op_address_spaces"], 2.0)
        self.assertIsNone(data[1]["address_spaces_us"])
        self.assertEqual(data[1]["forced"], "segment limits")


if __name__ == "__main__":
    unittest.main()
