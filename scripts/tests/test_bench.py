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


class UserScriptTest(unittest.TestCase):
    def test_command_line(self):
        # guest/user/bench.c: [-c] -r REPS -n SOURCE,SINK,ECHO
        self.assertEqual(bench.user_script(7, "-n 1,2,3"), "/usr/bin/bench -r 7 -n 1,2,3\n")
        self.assertEqual(bench.user_script(2, "-n 1,2,3", counting=True),
                         "/usr/bin/bench -c -r 2 -n 1,2,3\n")
        # the main boots run no net row (no -n); the net pass only those
        self.assertEqual(bench.user_script(7), "/usr/bin/bench -r 7\n")
        self.assertEqual(bench.user_script(3, "-n 1,2,3", rows=bench.NET_ROWS),
                         "/usr/bin/bench -r 3 -n 1,2,3 net_tcp_rx net_tcp_tx net_udp_rtt "
                         "net_tcp_connect\n")

    def test_domains(self):
        text = ("[peer] init: running /etc/cmd\n[dom0] bench net_dom_tcp_tx median_us=1.5 "
                "min_us=1 max_us=2 reps=3\r\n[dom0] init: done\nbench stray median_us=1 "
                "min_us=1 max_us=1 reps=1\n")
        self.assertEqual(list(bench.parse_lines(bench.domain_lines(text, "dom0"))),
                         ["net_dom_tcp_tx"])
        script = bench.domains_script(3)
        self.assertIn("bench sink %d 4" % bench.DOM_PORT, script)     # warm-up + 3
        self.assertIn("-r 3 -p %s:%d net_dom_tcp_tx" % (bench.DOM_PEER_IP, bench.DOM_PORT),
                      script)

    def test_pvhv_only_in_json(self):
        got = json.loads(bench.results_json([], "tcg", mode="icount", pvhv_only={
            "net_dom_tcp_tx": {"median_us": 1.5}}))
        self.assertEqual(got["pvhv_only"], [{"name": "net_dom_tcp_tx", "pvhv_us": 1.5,
                                            "pvhv": 1500.0,
                                            "unit": bench.UNITS["net_dom_tcp_tx"]}])

    def test_net_rows_have_units_and_a_nic(self):
        for name in ("net_tcp_rx", "net_tcp_tx", "net_udp_rtt", "net_tcp_connect"):
            self.assertIn("busy", bench.UNITS[name])
        self.assertIn("virtio-net-pci", " ".join(bench.NET_ARGS))


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
        self.assertEqual(top["mode"], "wall")
        data = top["rows"]
        self.assertIsInstance(data, list)
        self.assertEqual(len(data), 4)
        first = data[0]
        self.assertEqual(set(first), {"name", "native_us", "pvhv_us", "ratio",
                                      "xen_ratio", "accel", "native", "pvhv"})
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


class ModeTest(unittest.TestCase):
    def test_icount_on_the_qemu_command_line(self):
        # The default mode's boots carry -icount shift=0,sleep=off on the
        # very command line QEMU gets (native and pvhv boots alike).
        self.assertEqual(bench.DEFAULT_MODE, "icount")
        for hv_log in (None, "/tmp/x.hv.log"):
            opts = bench.boot_options("icount", hv_log, "isolation=segments" if hv_log else "")
            argv = bench.qemu.qemu_cmd("k.elf", ["m.elf"], "tcg", opts["extra"])
            i = argv.index("-icount")
            self.assertEqual(argv[i + 1], "shift=0,sleep=off")
            self.assertIn("clock=vm", argv[argv.index("-rtc") + 1])
            if hv_log:
                self.assertIn("isolation=segments", argv)
        argv = bench.qemu.qemu_cmd("k.elf", [], "tcg", bench.boot_options("wall")["extra"])
        self.assertNotIn("-icount", argv)
        # the net pass: instructions, but the idle clock follows the host's
        opts = bench.boot_options("icount", "/tmp/x.hv.log", net_pass=True)
        argv = bench.qemu.qemu_cmd("k.elf", ["m.elf"], "tcg", opts["extra"])
        self.assertEqual(argv[argv.index("-icount") + 1], "shift=0,sleep=on")
        self.assertIn("clock=vm", argv[argv.index("-rtc") + 1])
        self.assertEqual(bench.mode_args("wall", net=True), [])
        with self.assertRaises(ValueError):
            bench.mode_args("fast")

    def test_icount_table_and_json(self):
        rows = bench.make_rows(bench.parse_lines(NATIVE), bench.parse_lines(PVHV))
        text = bench.format_table(rows, "icount")
        self.assertIn("native instr", text.splitlines()[0])
        row = next(line for line in text.splitlines() if line.startswith("fork_exit"))
        self.assertEqual(row.split()[:4], ["fork_exit", "100000", "150000", "1.50"])
        self.assertIn("icount", bench.mode_line("icount"))
        self.assertIn("under KVM", bench.mode_line("wall", 7, 5, "kvm"))
        top = json.loads(bench.results_json(rows, "tcg", 7, mode="icount", boots=1))
        self.assertEqual(top["mode"], "icount")
        self.assertEqual(top["unit"], "instructions (1 ns = 1 instruction)")
        self.assertEqual(top["rows"][1]["native"], 100000.0)
        self.assertEqual(top["rows"][1]["native_us"], 100.0)


class WallTest(unittest.TestCase):
    def test_interleaved(self):
        self.assertEqual(bench.wall_order(3), ["native", "pvhv"] * 3)
        self.assertGreaterEqual(bench.WALL_BOOTS, 5)

    def test_median_of_medians_and_spread(self):
        boots = [{"a": {"median_us": v}, "b": {"median_us": 2.0}}
                 for v in (1.0, 1.2, 0.9, 1.0, 1.1)]
        got = bench.combine_boots(boots)
        self.assertAlmostEqual(got["a"]["median_us"], 1.0)
        self.assertAlmostEqual(got["a"]["spread"], 0.3)
        self.assertEqual(got["a"]["boots"], 5)
        self.assertEqual(got["a"]["per_boot"], [1.0, 1.2, 0.9, 1.0, 1.1])
        self.assertEqual(got["b"]["spread"], 0.0)
        self.assertEqual(bench.median([3, 1, 2, 4]), 2.5)

    def test_unreliable_rows(self):
        nat = bench.combine_boots([{"a": {"median_us": v}, "b": {"median_us": 1.0}}
                                   for v in (1.0, 1.2, 0.9, 1.0, 1.1)])
        pv = bench.combine_boots([{"a": {"median_us": 2.0}, "b": {"median_us": v}}
                                  for v in (1.0, 1.05, 1.0, 1.0, 1.0)])
        rows = {r["name"]: r for r in bench.make_rows(nat, pv)}
        self.assertTrue(rows["a"]["unreliable"])       # native spread 30 %
        self.assertFalse(rows["b"]["unreliable"])      # 5 %
        text = bench.format_table(list(rows.values()), "wall")
        self.assertRegex(text, r"(?m)^a .*spread 30\.0%/0\.0% UNRELIABLE")
        self.assertNotRegex(text, r"(?m)^b .*UNRELIABLE")
        data = json.loads(bench.results_json(list(rows.values()), "tcg", 7, mode="wall",
                                             boots=5))
        self.assertEqual([r["unreliable"] for r in data["rows"]], [True, False])
        self.assertAlmostEqual(data["rows"][0]["native_spread"], 0.3)
        self.assertEqual(data["boots"], 5)
        self.assertEqual(data["rows"][0]["native_boots"], [1.0, 1.2, 0.9, 1.0, 1.1])

    def test_net_rows_in_icount_tables(self):
        # icount: the net rows (from the net pass) carry spreads, the
        # per-boot medians in instructions; the other rows do not.
        nat = bench.parse_lines(NATIVE)
        pv = bench.parse_lines(PVHV)
        nat.update(bench.combine_boots([{"net_udp_rtt": {"median_us": v}}
                                        for v in (20.0, 20.5, 19.9, 20.0, 20.1)]))
        pv.update(bench.combine_boots([{"net_udp_rtt": {"median_us": v}}
                                       for v in (22.0, 26.0, 22.0, 21.9, 22.1)]))
        rows = bench.make_rows(nat, pv)
        by = {r["name"]: r for r in rows}
        self.assertNotIn("unreliable", by["fork_exit"])
        self.assertTrue(by["net_udp_rtt"]["unreliable"])          # pvhv 18 %
        self.assertAlmostEqual(by["net_udp_rtt"]["ratio"], 1.1)
        text = bench.format_table(rows, "icount")
        self.assertRegex(text, r"(?m)^net_udp_rtt +20000 +22000 +1\.10 .*UNRELIABLE")
        per = bench.net_boots_table(rows, "icount")
        self.assertIn("net_udp_rtt      pvhv   22000 26000 22000 21900 22100", per)
        data = json.loads(bench.results_json(rows, "tcg", 3, mode="icount", boots=1))
        row = next(r for r in data["rows"] if r["name"] == "net_udp_rtt")
        self.assertEqual(row["pvhv_boots"], [22000.0, 26000.0, 22000.0, 21900.0, 22100.0])
        self.assertNotIn("native_boots", data["rows"][0])
        self.assertIn("net_*", bench.mode_line("icount", net_boots=5))
        self.assertGreaterEqual(bench.NET_BOOTS, 5)


class EventsTest(unittest.TestCase):
    PV = ("bench-event null_syscall be_hypercalls 40 20\r\n"
          "bench-event null_syscall be_hc_HC_IRET 20 20\n"
          "bench-event null_syscall be_hc_HC_STACK_SWITCH 20 20\n"
          "bench-event null_syscall kentry_syscall 20 20\n"
          "bench-event fork_exit be_cr3_loads 60 20\n"
          "bench-event fork_exit be_tlb_flush 3 20\n"
          "bench-event junk x y z\n")
    NAT = ("bench-event null_syscall kentry_syscall 20 20\n"
           "bench-event fork_exit be_cr3_loads 40 20\n"
           "bench-event fork_exit kentry_page_fault 100 20\n")

    def test_parse(self):
        ev = bench.parse_events(self.PV)
        self.assertEqual(list(ev), ["null_syscall", "fork_exit"])
        self.assertEqual(ev["null_syscall"]["be_hypercalls"], 2.0)
        self.assertEqual(ev["fork_exit"]["be_tlb_flush"], 0.15)
        self.assertEqual(bench.hypercalls_by_number(ev["null_syscall"]),
                         {"HC_IRET": 1.0, "HC_STACK_SWITCH": 1.0})

    def test_table_and_json(self):
        events = {"native": bench.parse_events(self.NAT), "pvhv": bench.parse_events(self.PV)}
        rows = bench.make_rows(bench.parse_lines(NATIVE), bench.parse_lines(PVHV))
        text = bench.events_table(rows, events)
        head = text.splitlines()[0].split()
        self.assertEqual(head[:7], ["benchmark", "hcall", "refl", "upcall", "flush",
                                    "invlpg", "CR3"])
        line = next(l for l in text.splitlines() if l.startswith("null_syscall"))
        self.assertTrue(line.endswith("IRET=1 STACK_SWITCH=1"), line)
        self.assertEqual(line.split()[1], "2")
        fork = next(l for l in text.splitlines() if l.startswith("fork_exit")).split()
        cols = dict(zip(head, fork))
        self.assertEqual((cols["CR3"], cols["flush"], cols["n:CR3"], cols["n:trap"]),
                         ("3", "0.15", "2", "5"))
        self.assertFalse(any(l.startswith("pipe_bw") for l in text.splitlines()))
        data = json.loads(bench.results_json(rows, "tcg", 7, mode="icount", events=events))
        by = {r["name"]: r for r in data["rows"]}
        self.assertEqual(by["fork_exit"]["events"]["native"]["be_cr3_loads"], 2.0)
        self.assertEqual(by["fork_exit"]["events"]["pvhv"]["be_cr3_loads"], 3.0)
        self.assertIsNone(by["pipe_bw"]["events"]["pvhv"])

    def test_svg_panel(self):
        events = {"native": bench.parse_events(self.NAT), "pvhv": bench.parse_events(self.PV)}
        rows = bench.make_rows(bench.parse_lines(NATIVE), bench.parse_lines(PVHV))
        plain = ET.fromstring(bench.render_svg(rows, "tcg", 7, "abc", "icount").encode())
        svg = bench.render_svg(rows, "tcg", 7, "abc", "icount", events)
        root = ET.fromstring(svg.encode())
        texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
        self.assertIn("Events per operation", texts)
        self.assertIn("icount", texts)
        self.assertGreater(int(root.get("height")), int(plain.get("height")))
        rects = [r for r in root.iter() if r.tag.endswith("rect")]
        # the first panel's 7, 4 legend swatches, 4 bars per row with events (2 rows)
        self.assertEqual(len(rects), 7 + 4 + 8)

    def test_vmi_level_lines(self):
        # As conformance/bench/vmi_bench.c prints them on pvhv.
        ev = bench.parse_events("bench-event vmi_null_call be_cr3_loads 280002 140000\n"
                                "bench-event vmi_null_call be_hypercalls 140000 140000\n")
        self.assertEqual(ev["vmi_null_call"]["be_hypercalls"], 1.0)
        rows = bench.make_rows({"vmi_null_call": {"median_us": 0.005}},
                               {"vmi_null_call": {"median_us": 0.552}})
        line = bench.events_table(rows, {"pvhv": ev}).splitlines()[2].split()
        self.assertEqual(line[:7], ["vmi_null_call", "1", "-", "-", "-", "-", "2"])
        self.assertEqual(line[7], "-")                   # nothing natively

    def test_no_events(self):
        self.assertIn("no events", bench.events_table([], {}))


if __name__ == "__main__":
    unittest.main()
