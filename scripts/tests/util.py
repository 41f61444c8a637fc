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


def run_on_pty(argv, keys, rows, cols, env):
    """Run ARGV on a ROWS x COLS pseudo-terminal, typing KEYS once it has
    printed something (its terminal is raw by then); (exit status, output)."""
    import fcntl, select, struct, termios
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                            start_new_session=True)
    os.close(slave)
    out, typed = b"", False
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if not typed and out:
            os.write(master, keys)
            typed = True
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                chunk = b""
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    return proc.wait(), out
