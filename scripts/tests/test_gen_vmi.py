# test_gen_vmi.py - vmi/gen_vmi.py accepts the real spec and rejects broken
# ones, so a malformed vmi.spec fails the build instead of a half-right header.
import contextlib
import io
import os
import tempfile
import unittest

from scripts.tests.util import ROOT, load

gen = load("gen_vmi", "vmi/gen_vmi.py")

CALL = """call {num} {name}
  group: {group}
  hot: yes
  sig: int vmi_{name}(void)
  doc: Does {name}.
  errors: none
"""


def spec_text(calls, groups=("info",)):
    """A small spec: CALLS is a list of (num, name, group)."""
    head = "abi 1.0\n" + "".join("group %s: The %s group.\n" % (g, g) for g in groups)
    return head + "".join(CALL.format(num=n, name=name, group=g) for n, name, g in calls)


class GenVmiTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_real_spec_parses(self):
        abi, groups, calls = gen.parse(os.path.join(ROOT, "vmi", "vmi.spec"))
        self.assertGreater(len(calls), 0)
        self.assertEqual([c["num"] for c in calls], list(range(len(calls))))
        self.assertTrue(all(c["group"] in groups for c in calls))

    def test_small_spec_parses(self):
        path = self.write("ok.spec", spec_text([(0, "a", "info"), (1, "b", "info")]))
        abi, _, calls = gen.parse(path)
        self.assertEqual(abi, (1, 0))
        self.assertEqual([c["name"] for c in calls], ["a", "b"])

    def test_group_text_continues_on_indented_lines(self):
        text = ("abi 1.0\ngroup info: First line\n    and the second.\n" +
                CALL.format(num=0, name="a", group="info"))
        _, groups, _ = gen.parse(self.write("cont.spec", text))
        self.assertEqual(groups["info"], "First line and the second.")

    def test_indented_line_after_abi_rejected(self):
        self.assertRejected("abi 1.0\n    stray\n")

    def assertRejected(self, text):
        with self.assertRaises(gen.SpecError):
            gen.parse(self.write("bad.spec", text))

    def test_gap_in_numbering(self):
        self.assertRejected(spec_text([(0, "a", "info"), (2, "b", "info")]))

    def test_duplicate_name(self):
        self.assertRejected(spec_text([(0, "a", "info"), (1, "a", "info")]))

    def test_missing_key(self):
        text = spec_text([(0, "a", "info")]).replace("  errors: none\n", "")
        self.assertRejected(text)

    def test_unknown_group(self):
        self.assertRejected(spec_text([(0, "a", "nosuch")]))

    def test_check_reports_stale_file(self):
        spec = self.write("s.spec", spec_text([(0, "a", "info")]))
        hdr, doc = (os.path.join(self.tmp.name, n) for n in ("calls.h", "SPEC.md"))
        self.assertEqual(gen.main(["gen_vmi.py", spec, hdr, doc]), 0)
        self.assertEqual(gen.main(["gen_vmi.py", "--check", spec, hdr, doc]), 0)
        with open(hdr, "a") as f:
            f.write("/* edited by hand */\n")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertEqual(gen.main(["gen_vmi.py", "--check", spec, hdr, doc]), 1)
        self.assertIn("stale", err.getvalue())
        self.assertIn(hdr, err.getvalue())


if __name__ == "__main__":
    unittest.main()
