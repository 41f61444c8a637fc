# test_bench_scale.py - the pure parts of scripts/bench_scale.py (`make
# bench-scale`): the domains' result lines, the rows of scale.json (loss
# against one domain), the table and a well-formed SVG chart.
import unittest
import xml.etree.ElementTree as ET

from scripts.tests.util import load

scale = load("scripts_bench_scale", "scripts/bench_scale.py")

TRANSCRIPT = """hv: isolation: address spaces
[d0] Test: bench-scale: CPU-bound units over a window
[d0] scale-work units=500 first_ms=10 vtime_ms=480
[d1] scale-work units=480 first_ms=15 vtime_ms=470\r
[d1] Test result: SUCCESS
scale-work units=x first_ms=1 vtime_ms=1
"""


class ScaleTest(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(scale.parse_work(TRANSCRIPT), [(500, 10, 480), (480, 15, 470)])

    def test_rows_loss_against_one_domain(self):
        rows = scale.make_rows({1: [(1000, 5, 1000)], 16: [(60, 9, 60)] * 16,
                                256: [(3, 9, 3)] * 256}, 2000)
        self.assertEqual([r["domains"] for r in rows], [1, 16, 256])
        self.assertEqual(rows[0], {"domains": 1, "throughput": 500.0, "loss_pct": 0.0})
        self.assertEqual(rows[1]["throughput"], 480.0)
        self.assertAlmostEqual(rows[1]["loss_pct"], 4.0)
        self.assertAlmostEqual(rows[2]["loss_pct"], 100.0 * (500 - 384) / 500)

    def test_create_median_round(self):
        text = ("create-time build_ns=3000000 first_output_ns=9000000 calls=40 image=164792\n"
                "[dom0] create-time build_ns=2000000 first_output_ns=5000000 calls=38 "
                "image=164792\r\n"
                "create-time build_ns=2500000 first_output_ns=7000000 calls=39 image=164792\n")
        self.assertEqual(scale.parse_create(text),
                         {"build_ms": 2.5, "first_output_ms": 7.0, "hypercalls": 39,
                          "image_bytes": 164792, "rounds": 3})
        self.assertIsNone(scale.parse_create("nothing here"))

    def test_start_grows_with_domains(self):
        self.assertLess(scale.start_ms(1), scale.start_ms(256))
        self.assertGreater(scale.start_ms(256), 256 * 5)   # a 5 ms slice each

    def test_table_and_svg(self):
        rows = scale.make_rows({1: [(1000, 5, 1000)], 64: [(15, 9, 15)] * 64}, 1000)
        table = scale.format_table(rows)
        self.assertIn("loss %", table)
        self.assertEqual(len(table.splitlines()), 3)
        svg = scale.render_svg(rows, commit="abc<def")
        root = ET.fromstring(svg)
        self.assertTrue(root.tag.endswith("svg"))
        self.assertIn("abc&lt;def", svg)
        self.assertIn("target 5 %", svg)
