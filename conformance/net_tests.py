"""net_tests.py - the system tests that talk to the host through a NIC,
for run.py.

A shell test conformance/system/<name>.sh with a sidecar <name>.net boots
with one virtio NIC on QEMU's user network (eth0, 10.0.2.15/24, the gateway
10.0.2.2 answering ARP and ping) on every backend, with a host peer (this
file) running beside it.  The sidecar holds "key value" lines (# comments):

  forward PORT    a guest TCP port reachable from the host: QEMU forwards a
                  free host port on 127.0.0.1 to it (repeatable)

The guest drives the peer: `echo STEP | nc -l -p 7000` (7000 must be a
forward) offers one step; the peer connects to it (again and again until
the guest's listener answers - the outcome never depends on when), reads
the step's name, does it, writes one line back and closes, so the guest
prints the peer's verdict.  Steps:

  http    fetch http://127.0.0.1:<port 80>/ with curl; compare it byte for
          byte with guest/user/www/index.html (the guest's /www/index.html)
  push    connect to guest port 5001, send 16 MiB of fixed pseudo-random
          bytes, close; answer their MD5 (the guest compares its own)
  pull    connect to guest port 5002, read 16 MiB, close; answer their MD5
  udp     answer the port of the peer's UDP echo server (on the host's
          127.0.0.1, which the guest reaches as 10.0.2.2)
  telnet  log in to telnetd on guest port 23 as a minimal telnet client
          (NAWS 80x24 offered, other options refused, ECHO and SGA
          accepted), run a few commands, read until the session closes;
          answer what they printed

The host cannot run such a script, so the expected output is written down:
conformance/system/<name>.expected.  A guest without a network interface
(pvhv until its hypervisor has virtual interfaces) prints a first line
"SKIP: reason" and the test is SKIPped there.  Standard library only.
"""
import hashlib
import os
import re
import shutil
import socket
import subprocess
import threading
import time

CONTROL_PORT = 7000
DATA_BYTES = 16 << 20
RETRY_S = 0.05          # between attempts to reach a guest listener
SKIP_PREFIX = "SKIP: "


def spec_path(root, test):
    return os.path.join(root, "conformance", test[:-len(".sh")] + ".net")


def expected_path(root, test):
    return os.path.join(root, "conformance", test[:-len(".sh")] + ".expected")


def parse_spec(text):
    """{"forward": [guest ports]} from a sidecar's text."""
    spec = {"forward": []}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        key, _, value = line.partition(" ")
        if key != "forward" or not value.strip().isdigit():
            raise ValueError("bad .net line: %r" % line)
        spec["forward"].append(int(value))
    if CONTROL_PORT not in spec["forward"]:
        raise ValueError(".net: port %d (the control step) must be forwarded" % CONTROL_PORT)
    return spec


def spec_for(root, test):
    path = spec_path(root, test)
    if not os.path.isfile(path):
        return None
    with open(path) as f:
        return parse_spec(f.read())


def expected_output(root, test):
    """(output, status) as shell_tests.judge wants the host's."""
    with open(expected_path(root, test)) as f:
        return f.read(), 0


def skipped(output):
    """The reason of a script that said it cannot run here, or None."""
    first = output.split("\n", 1)[0]
    return first[len(SKIP_PREFIX):] if first.startswith(SKIP_PREFIX) else None


def free_port(kind=socket.SOCK_STREAM):
    """A port nobody uses on 127.0.0.1 now (machines are shared)."""
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def data_stream(n=DATA_BYTES):
    """The push step's bytes: fixed, incompressible, in 64 KiB pieces."""
    sent = counter = 0
    while sent < n:
        piece = b"".join(hashlib.sha256(b"%d" % (counter + i)).digest() for i in range(2048))
        counter += 2048
        piece = piece[:n - sent]
        sent += len(piece)
        yield piece


def net_spec(ports):
    """qemu.net_args spec: user networking with the forwards {guest: host}."""
    fwd = ",".join("hostfwd=tcp:127.0.0.1:%d-:%d" % (h, g) for g, h in sorted(ports.items()))
    return "user," + fwd


class Peer:
    """The host side of one boot: the forwards' host ports, the control
    loop and the UDP echo server, until stop()."""

    def __init__(self, root, spec, deadline_s):
        self.root = root
        self.ports = {g: free_port() for g in spec["forward"]}
        self.deadline = time.monotonic() + deadline_s
        self.stopped = threading.Event()
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp.settimeout(0.2)
        self.log = []
        self.threads = [threading.Thread(target=self._control, daemon=True),
                        threading.Thread(target=self._echo, daemon=True)]

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def stop(self):
        self.stopped.set()
        for t in self.threads:
            t.join(5)
        self.udp.close()

    def _echo(self):
        while not self.stopped.is_set():
            try:
                data, addr = self.udp.recvfrom(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            self.udp.sendto(data, addr)

    def _connect(self, guest_port):
        """A connection the guest's listener took (it sends first), and the
        first bytes it sent; (None, b"") once stopped."""
        while not self.stopped.is_set() and time.monotonic() < self.deadline:
            try:                        # QEMU may not listen yet either
                s = socket.create_connection(("127.0.0.1", self.ports[guest_port]),
                                             timeout=60)
            except OSError:
                time.sleep(RETRY_S)
                continue
            try:
                first = s.recv(64)
            except OSError:
                first = b""
            if first:
                return s, first
            s.close()
            time.sleep(RETRY_S)
        return None, b""

    def _control(self):
        while True:
            s, first = self._connect(CONTROL_PORT)
            if s is None:
                return
            with s:
                while not first.endswith(b"\n") and len(first) < 64:
                    more = s.recv(64)
                    if not more:
                        break
                    first += more
                step = first.decode(errors="replace").strip()
                try:
                    reply = self.step(step)
                except Exception as e:          # the guest prints it: a FAIL
                    reply = "%s: host peer error: %s" % (step, e)
                self.log.append((step, reply))
                s.sendall(reply.encode() + b"\n")

    def step(self, name):
        if name == "http":
            return self._http()
        if name == "push":
            return self._push()
        if name == "pull":
            return self._pull()
        if name == "udp":
            return "udp-port %d" % self.udp.getsockname()[1]
        if name == "telnet":
            return self._telnet()
        return "unknown step %r" % name

    def _http(self):
        with open(os.path.join(self.root, "guest", "user", "www", "index.html"), "rb") as f:
            want = f.read()
        curl = shutil.which("curl")
        if not curl:
            return "http: no curl on the host"
        got = subprocess.run([curl, "-s", "--max-time", "60",
                              "http://127.0.0.1:%d/" % self.ports[80]],
                             stdout=subprocess.PIPE, check=False).stdout
        if got == want:
            return "http: the page came back byte for byte (%d bytes)" % len(got)
        return "http: the page differs (%d bytes, want %d)" % (len(got), len(want))

    def _telnet(self):
        s, first = self._connect(23)
        if s is None:
            return "telnet: the guest never answered"
        with s:
            s.settimeout(120)
            client, data = TelnetClient(s), bytearray()
            data += client.feed(first)
            for cmd in TELNET_COMMANDS:
                s.sendall(cmd.encode() + b"\r\n")
            while True:
                piece = s.recv(4096)
                if not piece:
                    break
                data += client.feed(piece)
        return "telnet: " + telnet_verdict(data.decode(errors="replace"))

    def _push(self):
        md5 = hashlib.md5()
        with socket.create_connection(("127.0.0.1", self.ports[5001]), timeout=120) as s:
            for piece in data_stream():
                s.sendall(piece)
                md5.update(piece)
            s.shutdown(socket.SHUT_WR)
            while s.recv(4096):
                pass
        return "push: sent %d bytes, md5 %s" % (DATA_BYTES, md5.hexdigest())

    def _pull(self):
        md5, n = hashlib.md5(), 0
        s, first = self._connect(5002)
        if s is None:
            return "pull: the guest never answered"
        with s:
            md5.update(first)
            n = len(first)
            while n < DATA_BYTES:
                piece = s.recv(min(65536, DATA_BYTES - n))
                if not piece:
                    break
                md5.update(piece)
                n += len(piece)
        return "pull: received %d bytes, md5 %s" % (n, md5.hexdigest())


# ---- the telnet step ----
IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240
OPT_ECHO, OPT_SGA, OPT_NAWS = 1, 3, 31
TELNET_COMMANDS = ('echo "result: $((6 * 7))"', 'echo "size: $(stty size)"',
                   'echo "terminal: $(tty)"', "exit")


class TelnetClient:
    """The minimal option negotiation of a telnet client (RFC 854): the
    window size offered as 80x24 (RFC 1073), the server's ECHO and SGA
    accepted, everything else refused; feed() answers what arrived and
    returns the data without the commands."""

    def __init__(self, sock):
        self.sock = sock
        self.pending = b""

    def feed(self, data):
        data, out, i = self.pending + data, bytearray(), 0
        self.pending = b""
        while i < len(data):
            if data[i] != IAC:
                out.append(data[i])
                i += 1
                continue
            if i + 1 >= len(data) or (data[i + 1] in (DO, DONT, WILL, WONT) and i + 2 >= len(data)):
                self.pending = data[i:]
                break
            cmd = data[i + 1]
            if cmd in (DO, DONT, WILL, WONT):
                self._answer(cmd, data[i + 2])
                i += 3
            elif cmd == SB:
                end = data.find(bytes([IAC, SE]), i)
                if end < 0:
                    self.pending = data[i:]
                    break
                i = end + 2
            else:
                if cmd == IAC:
                    out.append(IAC)
                i += 2
        return bytes(out)

    def _answer(self, cmd, opt):
        if cmd == DO and opt == OPT_NAWS:
            self.sock.sendall(bytes([IAC, WILL, OPT_NAWS, IAC, SB, OPT_NAWS, 0, 80, 0, 24, IAC, SE]))
        elif cmd == DO:
            self.sock.sendall(bytes([IAC, WONT, opt]))
        elif cmd == WILL:
            self.sock.sendall(bytes([IAC, DO if opt in (OPT_ECHO, OPT_SGA) else DONT, opt]))


def telnet_verdict(text):
    """One line from the session's output: what the commands printed (the
    echo of the typed commands holds "$((" and "$(", so it never matches)."""
    found = []
    for key, pattern in (("result", r"result: (\d+)"), ("size", r"size: (\d+ \d+)"),
                         ("terminal", r"terminal: (/\S+)")):
        m = re.search(pattern, text)
        found.append("%s %s" % (key, m.group(1) if m else "missing"))
    return ", ".join(found)
