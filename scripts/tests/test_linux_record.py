# test_linux_record.py - Linux's records for hosts that emulate i386
# (conformance/linux_record.py): finding the binfmt_misc entry that hands
# i386 programs to an emulator, and how run.py picks the record over the
# host's run there and rewrites it from a host that runs them itself.
import contextlib
import io
import os
import tempfile
import unittest

from scripts.tests.util import ROOT, load

rec = load("linux_record", "conformance/linux_record.py")
run = load("conformance_run_linux_record", "conformance/run.py")

# What Linux prints for scripts/setup.sh's registration, and for another
# architecture's (arm's e_machine, 0x28).
VMI_I386 = ("enabled\ninterpreter /usr/local/libexec/vmi/qemu-i386-static\nflags: PF\n"
            "offset 0\nmagic 7f454c4601010100000000000000000002000300\n"
            "mask fffffffffffefe00fffffffffffffffffeffffff\n")
ARM = ("enabled\ninterpreter /usr/libexec/qemu-binfmt/arm-binfmt-P\nflags: PF\noffset 0\n"
       "magic 7f454c4601010100000000000000000002002800\n")


def binfmt(entries, status="enabled"):
    d = tempfile.mkdtemp()
    for name, text in dict(entries, register="", status=status + "\n").items():
        with open(os.path.join(d, name), "w") as f:
            f.write(text)
    return d


class EmulatorTest(unittest.TestCase):
    def test_parse_entry(self):
        self.assertEqual(rec.parse_entry(VMI_I386),
                         (True, "/usr/local/libexec/vmi/qemu-i386-static",
                          "7f454c4601010100000000000000000002000300"))
        self.assertFalse(rec.parse_entry(VMI_I386.replace("enabled", "disabled"))[0])

    def test_i386_magic_only(self):
        self.assertTrue(rec.runs_i386("7f454c4601010100000000000000000002000300"))
        self.assertFalse(rec.runs_i386("7f454c4601010100000000000000000002002800"))
        self.assertFalse(rec.runs_i386("7f454c4602010100000000000000000002003e00"))  # x86-64
        self.assertFalse(rec.runs_i386(""))

    def test_enabled_i386_entry_is_the_emulator(self):
        d = binfmt({"arm": ARM, "vmi-i386": VMI_I386})
        self.assertEqual(rec.i386_emulator(d), "/usr/local/libexec/vmi/qemu-i386-static")

    def test_no_emulator(self):
        self.assertIsNone(rec.i386_emulator(binfmt({"arm": ARM})))
        self.assertIsNone(rec.i386_emulator(binfmt(
            {"vmi-i386": VMI_I386.replace("enabled", "disabled")})))
        self.assertIsNone(rec.i386_emulator(binfmt({"vmi-i386": VMI_I386}, "disabled")))
        self.assertIsNone(rec.i386_emulator("/nonexistent/binfmt_misc"))

    def test_records_of_the_tree(self):
        """Every record belongs to a shell test, and says it succeeded the
        way the scripts do: every program's exit line says 0."""
        folder = os.path.join(ROOT, "conformance", "system")
        records = [n for n in os.listdir(folder) if n.endswith(".linux")]
        self.assertTrue(records)
        for name in records:
            test = "system/" + name[:-len(".linux")] + ".sh"
            self.assertTrue(os.path.isfile(os.path.join(ROOT, "conformance", test)), test)
            out, status = rec.read_record(ROOT, test)
            self.assertEqual(status, 0)
            exits = [l for l in out.splitlines() if " exit " in l and l.startswith("t_")]
            self.assertTrue(exits, name)
            for line in exits:
                self.assertTrue(line.endswith(" exit 0"), (name, line))
            self.assertNotIn("\nFAIL", "\n" + out, name)


class PrepareTest(unittest.TestCase):
    """run._prepare_one with the host run replaced: which answer a recorded
    test is judged against, and --record-linux."""

    def setUp(self):
        self.calls = []
        self.saved = (run.shell.make_initramfs, run.shell.host_check, run.shell.host_expected,
                      run.ROOT)
        self.root = tempfile.mkdtemp()
        os.makedirs(os.path.join(self.root, "conformance", "system"))
        with open(os.path.join(self.root, "conformance", "system", "x.sh"), "w") as f:
            f.write("t_x\n")
        with open(os.path.join(self.root, "conformance", "system", "x.linux"), "w") as f:
            f.write("recorded\n")
        self.build = tempfile.mkdtemp()
        with open(os.path.join(self.build, "initramfs.cpio"), "wb"):
            pass
        run.ROOT = self.root
        run.shell.make_initramfs = lambda *a: None
        run.shell.host_check = lambda: None

        def host(*a, **k):
            self.calls.append(a)
            return ("from the host\n", 0)
        run.shell.host_expected = host

    def tearDown(self):
        (run.shell.make_initramfs, run.shell.host_check, run.shell.host_expected,
         run.ROOT) = self.saved

    def prepare(self, emulator, record=False):
        with contextlib.redirect_stdout(io.StringIO()):    # its note
            return run._prepare_one("system/x.sh", os.path.join(self.build, "initramfs.cpio"),
                                    self.build, emulator, record)[1:]

    def test_emulating_host_uses_the_record(self):
        self.assertEqual(self.prepare("/qemu-i386"), (("recorded\n", 0), ""))
        self.assertEqual(self.calls, [])

    def test_other_hosts_run_it(self):
        self.assertEqual(self.prepare(None), (("from the host\n", 0), ""))
        self.assertEqual(rec.read_record(self.root, "system/x.sh"), ("recorded\n", 0))

    def test_record_linux_rewrites_from_the_host(self):
        self.prepare(None, record=True)
        self.assertEqual(rec.read_record(self.root, "system/x.sh"), ("from the host\n", 0))


if __name__ == "__main__":
    unittest.main()
