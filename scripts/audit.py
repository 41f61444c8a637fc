#!/usr/bin/env python3
"""audit.py - prove that guest objects hold no privileged or sensitive instruction.

Usage: audit.py OBJ...

The guest kernel runs deprivileged under pvhv (ring 1), so every privileged
instruction must go through a VMI call.  Sensitive-but-unprivileged ones
(pushf/popf, sgdt, smsw, lar, cpuid, rdtsc, ...) are banned too: they would
silently behave differently in ring 1 or under another backend, which breaks
the "same transcript on every backend" rule.  Each object is disassembled with
objdump -d (AT&T syntax) and every instruction's mnemonic is matched after
stripping prefixes.  Exit 0 if clean, 1 on findings, 2 on usage/tool errors.
Standard library only.
"""
import re
import subprocess
import sys

OBJDUMP = "objdump"

# Mnemonic stems; an optional operand-size suffix (b/w/l/d/q) is allowed on
# each, so "in" matches in/inb/inl but never inc or int, and "ins" matches
# insb/insw/insl/insd but never insertps.
BANNED = ("cli", "sti", "hlt", "lgdt", "lidt", "lldt", "ltr", "lmsw", "smsw",
          "sgdt", "sidt", "sldt", "str", "clts", "invd", "wbinvd", "invlpg",
          "rdmsr", "wrmsr", "rdpmc", "rdtsc", "rdtscp", "cpuid", "pushf", "popf",
          "iret", "in", "ins", "out", "outs", "sysenter", "sysexit", "lar", "lsl",
          "verr", "verw")
BANNED_RE = re.compile(r"(?:%s)[bwldq]?" % "|".join(BANNED))
# mov to/from a control or debug register (objdump spells debug regs %db<n>).
SPECIAL_REG_RE = re.compile(r"%(?:cr|db|dr)\d")

# Tokens objdump prints before the mnemonic proper.
PREFIXES = frozenset(("lock", "rep", "repe", "repz", "repne", "repnz", "data16",
                      "data32", "addr16", "addr32", "cs", "ds", "es", "fs", "gs",
                      "ss", "notrack", "bnd", "xacquire", "xrelease"))

# "  1f:\t0f 01 e0    \tsmsw   %eax"; continuation lines have no third field.
INSN_RE = re.compile(r"^\s*([0-9a-f]+):\t[0-9a-f ]+\t(.+)$")
FUNC_RE = re.compile(r"^([0-9a-f]+) <(.+)>:$")


def strip_prefixes(text):
    """Return (mnemonic, operands) of an instruction text, prefixes removed."""
    words = text.split()
    while words and words[0] in PREFIXES:
        words.pop(0)
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])


def is_banned(text):
    """True if the instruction text (as objdump prints it) is not allowed."""
    mnem, ops = strip_prefixes(text)
    if BANNED_RE.fullmatch(mnem):
        return True
    return mnem.startswith("mov") and bool(SPECIAL_REG_RE.search(ops))


def scan(disassembly):
    """Yield (function, offset, instruction text) for each banned instruction."""
    func, base = "?", 0
    for line in disassembly.splitlines():
        m = FUNC_RE.match(line)
        if m:
            func, base = m.group(2), int(m.group(1), 16)
            continue
        m = INSN_RE.match(line)
        if not m:
            continue
        text = " ".join(m.group(2).split("#")[0].split())  # drop "# comment"
        if is_banned(text):
            yield func, int(m.group(1), 16) - base, text


def disassemble(obj):
    """objdump -d OBJ as text; raises OSError/CalledProcessError on failure."""
    return subprocess.run([OBJDUMP, "-d", obj], check=True, capture_output=True,
                          text=True).stdout


def main(argv):
    objs = argv[1:]
    if not objs:
        print("usage: audit.py OBJ...", file=sys.stderr)
        return 2
    findings = 0
    for obj in objs:
        try:
            text = disassemble(obj)
        except (OSError, subprocess.CalledProcessError) as e:
            detail = getattr(e, "stderr", "") or str(e)
            print("audit: %s: cannot disassemble: %s" % (obj, detail.strip()),
                  file=sys.stderr)
            return 2
        for func, off, insn in scan(text):
            print("audit: %s: %s+0x%x: %s" % (obj, func, off, insn))
            findings += 1
    if findings:
        print("audit: %d privileged or sensitive instruction(s) in guest code; "
              "use the VMI call instead" % findings)
        return 1
    print("audit: %d objects clean" % len(objs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
