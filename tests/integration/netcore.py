"""Helpers for tests that run a networked firmware (apps/netcheck and later apps) natively or in
QEMU inside a network namespace the test created: building the images, starting the device with
its log collected line by line, asking it for its counters, dnsmasq.

The Linux side of the link is a persistent TAP in the namespace (Netns.add_tap). A native
executable attaches to it with --tap; QEMU attaches with `-netdev tap,ifname=...`. Either way
the device's frames come out of that TAP, so everything Linux does on it (ping, arping, sockets
bound in the namespace, AF_PACKET) talks to the device and nothing else.

Images come from the `make test` trees: build/native (KIT_NATIVE_BUILD overrides it) and
build/<board> for the cross boards. Settings a firmware image takes at build time (a static
address, the name to resolve) need their own tree: `variant_image()` configures and builds
build/<board>-<app>-<variant> (KIT_VARIANT_ROOT overrides the parent directory) with exactly the
settings given. All builds run under the shared build lock and fail the test, never skip it."""
import fcntl
import os
import pathlib
import queue
import re
import socket
import subprocess
import threading
import time

import pytest

from kitnet import BUILD_LOCK, ROOT, native_binary

VARIANT_ROOT = pathlib.Path(os.environ.get("KIT_VARIANT_ROOT", ROOT / "build"))
# Every build-time network setting: a variant sets each one explicitly (empty = unset), so a value
# left in the caller's environment never leaks into an image.
CONFIG_VARS = ("MAC_ADDRESS", "IP_ADDRESS", "GATEWAY", "DNS_SERVER", "RESOLVE_NAME", "BROKER",
               "BROKER_IP_ADDRESS")
QEMU_MACHINES = {"mps2-an500": "mps2-an500", "mps2-an386": "mps2-an386"}


def _build(tree, target, configure=None, env=None, always_configure=False):
    with open(BUILD_LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if configure and (always_configure or not (tree / "build.ninja").exists()):
            proc = subprocess.run(configure, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
            if proc.returncode != 0:
                pytest.fail(f"configuring {tree} failed:\n{proc.stdout[-3000:]}")
        if not (tree / "build.ninja").exists():
            pytest.fail(f"{tree} is not configured (cmake --preset {tree.name})")
        proc = subprocess.run(["cmake", "--build", str(tree), "--target", target], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            pytest.fail(f"building {target} in {tree} failed:\n{proc.stdout[-3000:]}")


def image(board, app):
    """The executable (native) or ELF (cross) of app for board, brought up to date first."""
    if board == "native":
        return native_binary(app)
    tree = ROOT / "build" / board
    _build(tree, app, configure=["cmake", "--preset", board])
    path = tree / f"{app}.elf"
    if not path.exists():
        pytest.fail(f"{path} is missing")
    return path


def variant_image(board, app, variant, settings):
    """app built for board with these build-time settings ({'IP_ADDRESS': '10.77.250.2/24'}),
    in its own tree build/<board>-<app>-<variant>. The settings go in through the environment,
    which the configure step reads first (netapp/config.cmake). It runs every time (a second or
    so): a build alone would keep whatever settings the tree was configured with before."""
    tree = VARIANT_ROOT / f"{board}-{app}-{variant}"
    env = dict(os.environ)
    for var in CONFIG_VARS:
        env[var] = settings.get(var, "")
    _build(tree, app, env=env, always_configure=True,
           configure=["cmake", "-S", str(ROOT), "-B", str(tree), "-G", "Ninja", f"-DBOARD={board}"])
    path = tree / f"{app}.elf"
    if not path.exists():
        pytest.fail(f"{path} is missing")
    return path


class Device:
    """A running device: a native executable or QEMU, inside ns, attached to the TAP `tap`.
    Its log (stdout / UART) is collected by a thread; wait_log() waits for a line."""

    def __init__(self, ns, board, binary, tap, args=()):
        self.ns, self.board, self.tap = ns, board, tap
        if board == "native":
            cmd = [str(binary), "--tap", tap, *map(str, args)]
        else:
            cmd = ["qemu-system-arm", "-M", QEMU_MACHINES[board], "-nographic", "-monitor", "none",
                   "-serial", "stdio", "-kernel", str(binary),
                   "-netdev", f"tap,id=n0,ifname={tap},script=no,downscript=no",
                   "-net", "nic,netdev=n0,model=lan9118"]
        self.cmd = cmd
        self.proc = ns.popen(*cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL)
        self.lines = []
        self._new = queue.Queue()
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        for raw in self.proc.stdout:
            line = raw.decode(errors="replace").rstrip("\r\n")
            self.lines.append(line)
            self._new.put(line)
        self._new.put(None)

    @property
    def log(self):
        return "\n".join(self.lines)

    def alive(self):
        return self.proc.poll() is None

    def wait_log(self, pattern, timeout=10, start=0):
        """The first match of regex pattern in a log line (from line index `start` on)."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        seen = start
        while True:
            while seen < len(self.lines):
                m = rx.search(self.lines[seen])
                seen += 1
                if m:
                    return m
            left = deadline - time.monotonic()
            if left <= 0 or (not self.alive() and self._new.empty()):
                raise AssertionError(f"no log line matching {pattern!r} within {timeout} s "
                                     f"(exit code {self.proc.poll()}):\n{self.log[-4000:]}")
            try:
                if self._new.get(timeout=min(left, 0.2)) is None:
                    self._new.put(None)
                    time.sleep(0.05)
            except queue.Empty:
                pass

    def stop(self):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


def parse_stats(text):
    """netapp_stats_format() text -> {'eth.rx': 12, 'drop.ipv4_bad_checksum': 3, ...}."""
    out = {}
    for token in text.split():
        key, _, value = token.partition("=")
        out[key] = int(value)
    return out


class StatsClient:
    """Asks the device for its counters: a datagram to port 9, the answer is the text. Each call
    is also a barrier: the device handles frames in order, so the answer counts every frame sent
    before the request."""

    def __init__(self, ns, ip, port=9):
        self.addr = (ip, port)
        self.sock = ns.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.settimeout(1.0)

    def get(self, tries=5):
        for _ in range(tries):
            self.sock.sendto(b"stats", self.addr)
            try:
                data, src = self.sock.recvfrom(4096)
            except socket.timeout:
                continue
            if src == self.addr:
                return parse_stats(data.decode())
        raise AssertionError(f"no counters from {self.addr}")

    def close(self):
        self.sock.close()


def delta(before, after):
    """Counters that changed, as after - before (missing keys count as 0)."""
    keys = set(before) | set(after)
    return {k: after.get(k, 0) - before.get(k, 0) for k in keys
            if after.get(k, 0) != before.get(k, 0)}


class Dnsmasq:
    """Debian's dnsmasq on the TAP inside ns: DHCP over `dhcp_range` (and fixed `hosts`,
    {mac: ip}) plus DNS with `addresses` ({name: ip}), nothing from outside (no resolv.conf, no
    /etc/hosts). Its log (DHCP and queries) is kept for the failure message."""

    def __init__(self, ns, tap, listen_ip, dhcp_range=None, hosts=None, addresses=None,
                 workdir="/tmp"):
        workdir = pathlib.Path(workdir)
        self.leasefile = workdir / f"dnsmasq-{tap}.leases"
        self.leasefile.write_text("")
        cmd = ["dnsmasq", "--no-daemon", "--conf-file=/dev/null", f"--interface={tap}",
               "--bind-interfaces", f"--listen-address={listen_ip}", "--except-interface=lo",
               "--no-resolv", "--no-hosts", "--port=53", "--user=root", "--group=root",
               f"--dhcp-leasefile={self.leasefile}", "--log-dhcp", "--log-queries",
               "--log-facility=-", "--dhcp-authoritative", "--pid-file="]
        if dhcp_range:
            cmd.append(f"--dhcp-range={dhcp_range}")
        for mac, ip in (hosts or {}).items():
            cmd.append(f"--dhcp-host={mac},{ip}")
        for name, ip in (addresses or {}).items():
            cmd.append(f"--address=/{name}/{ip}")
        self.proc = ns.popen(*cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines = []
        threading.Thread(target=self._reader, daemon=True).start()
        # Ready once its sockets are bound (DHCP's is the last one it reports).
        ready = "sockets bound" if dhcp_range or hosts else "started"
        deadline = time.monotonic() + 10
        while not any(ready in line for line in self.lines):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("dnsmasq did not start:\n" + self.log)
            time.sleep(0.05)

    def _reader(self):
        for raw in self.proc.stdout:
            self.lines.append(raw.decode(errors="replace").rstrip())

    @property
    def log(self):
        return "\n".join(self.lines)

    def leases(self):
        """{mac: ip} from the lease file."""
        out = {}
        for line in self.leasefile.read_text().splitlines():
            fields = line.split()
            if len(fields) >= 3:
                out[fields[1].lower()] = fields[2]
        return out

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
