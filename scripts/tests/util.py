# util.py - shared helpers for the host unit tests: repo paths and loading
# scripts that are not importable packages (vmi/gen_vmi.py, conformance/run.py).
import importlib.util
import os
import shutil
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load(name, relpath):
    """Import the repo file RELPATH as module NAME."""
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, relpath))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def have(*commands):
    """True if every command is on PATH (tests that need them skip otherwise)."""
    return all(shutil.which(c) for c in commands)


def gcc_m32(src_path, obj_path, lang="c"):
    """Compile or assemble one 32-bit object; raise on failure."""
    subprocess.run(["gcc", "-m32", "-x", lang, "-c", src_path, "-o", obj_path],
                   check=True, capture_output=True)
