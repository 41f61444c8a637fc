"""backends.py - the list of VMI backends (backends/BACKENDS) for the scripts.

The Makefile reads the same file; adding a backend is adding its folder and
one line there (docs/BACKENDS.md).
"""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIST = os.path.join(ROOT, "backends", "BACKENDS")
BOOTS = ("bare", "hypervisor")


def load(path=LIST):
    """{name: boot} in file order; ValueError on a malformed line."""
    out = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if len(words) != 2 or words[1] not in BOOTS or words[0] in out:
                raise ValueError("%s:%d: want '<name> bare|hypervisor', once per name: %r"
                                 % (path, n, line.rstrip("\n")))
            out[words[0]] = words[1]
    return out


def names():
    return list(load())


def on_hypervisor(name):
    """True if NAME's images are domain modules of the hypervisor."""
    return load().get(name) == "hypervisor"
