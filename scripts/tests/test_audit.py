# test_audit.py - scripts/audit.py flags every privileged/sensitive instruction
# in real objects (assembled by gcc -m32) and lets ordinary code through.
import contextlib
import io
import os
import tempfile
import unittest

from scripts import audit
from scripts.tests.util import gcc_m32, have

BANNED_SNIPPETS = ["cli", "sti", "hlt", "inb %dx,%al", "inl $0x60,%eax", "insw",
                   "rep outsb", "outb %al,$0x80", "mov %cr3,%eax", "mov %eax,%cr0",
                   "mov %db7,%eax", "popf", "pushfl", "iret", "lgdt (%eax)",
                   "sidt (%eax)", "smsw %eax", "str %eax", "cpuid", "rdtsc",
                   "wrmsr", "invlpg (%eax)", "lar %eax,%eax", "verw %ax",
                   "sysenter", "clts", "lock; cli"]
HARMLESS = ("inc %eax; int $0x80; int3; mov %eax,%ebx; lock incl (%eax); "
            "rep movsb; push %eax; pop %eax; mov %ds,%ax; nop")


def run_audit(objs):
    """Run audit.main on OBJS; return (exit status, stdout)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        rc = audit.main(["audit.py"] + objs)
    return rc, out.getvalue()


class MatcherTest(unittest.TestCase):
    """The text matcher alone, on objdump-style instruction text."""

    def test_banned(self):
        for text in ("cli", "in (%dx),%al", "inb $0x60,%al", "insl (%dx),%es:(%edi)",
                     "rep insb (%dx),%es:(%edi)", "outsw %ds:(%esi),(%dx)",
                     "data16 popf", "cs iret", "lgdtl (%eax)", "pushfw",
                     "mov %cr2,%eax", "mov %eax,%db0", "rdtscp"):
            self.assertTrue(audit.is_banned(text), text)

    def test_allowed(self):
        for text in ("inc %eax", "int $0x80", "int3", "invalid", "insertps $0x1,%xmm1,%xmm0",
                     "mov %eax,%ebx", "lock incl (%eax)", "rep stos %eax,%es:(%edi)",
                     "outer", "cs nop", "movl $0x0,0x4(%esp)", "call 4 <f+0x4>"):
            self.assertFalse(audit.is_banned(text), text)


@unittest.skipUnless(have("gcc", "objdump"), "needs gcc and objdump")
class ObjectTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def obj(self, name, asm_text):
        """An object whose function f holds ASM_TEXT."""
        src = os.path.join(self.tmp.name, name + ".c")
        with open(src, "w") as f:
            f.write('void f(void) { asm volatile("%s"); }\n' % asm_text)
        obj = os.path.join(self.tmp.name, name + ".o")
        gcc_m32(src, obj)
        return obj

    def test_each_banned_instruction_is_flagged(self):
        for i, snippet in enumerate(BANNED_SNIPPETS):
            obj = self.obj("bad%d" % i, snippet)
            rc, out = run_audit([obj])
            self.assertEqual(rc, 1, snippet)
            self.assertRegex(out, r"audit: %s: f\+0x[0-9a-f]+: " % obj, snippet)

    def test_ordinary_code_passes(self):
        rc, out = run_audit([self.obj("good", HARMLESS)])
        self.assertEqual(rc, 0, out)
        self.assertIn("audit: 1 objects clean", out)

    def test_one_bad_object_among_good_fails(self):
        objs = [self.obj("good", HARMLESS), self.obj("bad", "nop; popf")]
        rc, out = run_audit(objs)
        self.assertEqual(rc, 1)
        self.assertIn("popf", out)
        self.assertNotIn(objs[0], out)

    def test_usage_errors(self):
        self.assertEqual(run_audit([])[0], 2)
        self.assertEqual(run_audit([os.path.join(self.tmp.name, "none.o")])[0], 2)


if __name__ == "__main__":
    unittest.main()
