"""Helpers behind the integration-test fixtures (conftest.py): network namespaces, the impairment
bridge, mosquitto. Import helpers from here (`from kitnet import subnet, Netns, ...`), never from
`conftest`: tests/target has a conftest.py too, and pytest would hand out whichever it loaded last.

Everything a test creates lives in network namespaces the test creates itself, or on 127.0.0.1;
nothing ever touches another address. Inside namespaces, tests use 10.77.0.0/16 only:
`subnet()` hands out a fresh 10.77.N.0/24 per call (N cycles through 1..254), so a log line or a
pcap tells which test a frame came from. Namespaces are named kit<pid>n<k> and removed (with
every process started in them) when the test ends, pass or fail.

Needs root (namespaces, TAP). Run with /usr/bin/python3 -m pytest."""
import ctypes
import fcntl
import itertools
import os
import pathlib
import queue
import shlex
import signal
import socket
import subprocess
import threading
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
# KIT_NATIVE_BUILD points the tests at another native build tree (a helper's own /tmp tree).
NATIVE_BUILD = pathlib.Path(os.environ.get("KIT_NATIVE_BUILD", ROOT / "build" / "native"))
BUILD_LOCK = "/tmp/kit-build.lock"

CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)
_names = itertools.count()
_subnets = itertools.count()


def subnet():
    """A fresh '10.77.N' prefix (use as f'{net}.1/24')."""
    return f"10.77.{next(_subnets) % 254 + 1}"


def native_binary(name):
    """Path of build/native/<name>, built (or brought up to date) first. Fails, never skips."""
    path = NATIVE_BUILD / name
    with open(BUILD_LOCK, "w") as lock:
        # Other builds of the same tree may run at once (make, other test sessions): serialize.
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (NATIVE_BUILD / "build.ninja").exists() and NATIVE_BUILD == ROOT / "build" / "native":
            subprocess.run(["cmake", "--preset", "native"], cwd=ROOT, check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        if (NATIVE_BUILD / "build.ninja").exists():
            proc = subprocess.run(["cmake", "--build", str(NATIVE_BUILD), "--target", name],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if proc.returncode != 0:
                pytest.fail(f"building {name} failed:\n{proc.stdout[-3000:]}")
    if not path.exists():
        pytest.fail(f"{path} is missing: build the native tree (cmake --preset native && "
                    f"cmake --build build/native)")
    return path


def _setns(fd):
    if _libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


class Netns:
    """A network namespace of our own, with lo up and IPv6 off (so no stray router solicitations
    or DAD frames cross the links: tests can count frames exactly)."""

    def __init__(self, name):
        self.name = name
        self.path = f"/run/netns/{name}"
        self.procs = []
        subprocess.run(["ip", "netns", "add", name], check=True)
        self.sysctl("net.ipv6.conf.all.disable_ipv6", 1)
        self.sysctl("net.ipv6.conf.default.disable_ipv6", 1)
        self.ip("link", "set", "lo", "up")

    def __repr__(self):
        return f"Netns({self.name})"

    # --- running things inside -------------------------------------------------------------
    def command(self, *cmd):
        return ["ip", "netns", "exec", self.name, *map(str, cmd)]

    def run(self, *cmd, check=True, timeout=60, **kw):
        """Runs cmd inside; returns the CompletedProcess (text, stdout+stderr merged)."""
        kw.setdefault("stdout", subprocess.PIPE)
        kw.setdefault("stderr", subprocess.STDOUT)
        proc = subprocess.run(self.command(*cmd), text=True, timeout=timeout, **kw)
        if check and proc.returncode != 0:
            raise AssertionError(f"{self.name}: {shlex.join(map(str, cmd))} -> "
                                 f"{proc.returncode}\n{proc.stdout}")
        return proc

    def popen(self, *cmd, **kw):
        """Starts cmd inside; it is killed when the namespace is removed."""
        proc = subprocess.Popen(self.command(*cmd), **kw)
        self.procs.append(proc)
        return proc

    def ip(self, *args):
        return self.run("ip", *args).stdout

    def sysctl(self, key, value):
        self.run("sysctl", "-qw", f"{key}={value}")

    def socket(self, family=socket.AF_INET, type=socket.SOCK_DGRAM, proto=0):
        """A socket that lives in this namespace (the calling thread visits it briefly)."""
        home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
        target = os.open(self.path, os.O_RDONLY)
        try:
            _setns(target)
            try:
                return socket.socket(family, type, proto)
            finally:
                _setns(home)
        finally:
            os.close(target)
            os.close(home)

    # --- links and addresses ---------------------------------------------------------------
    def add_tap(self, name, mac=None, cidr=None):
        """A persistent TAP device (for a native firmware to attach to with --tap NAME)."""
        self.ip("tuntap", "add", "dev", name, "mode", "tap")
        self.configure(name, mac=mac, cidr=cidr)

    def configure(self, ifname, mac=None, cidr=None, up=True):
        if mac:
            self.ip("link", "set", ifname, "address", mac)
        if cidr:
            self.ip("addr", "add", cidr, "dev", ifname)
        if up:
            self.ip("link", "set", ifname, "up")

    def mac(self, ifname):
        return self.run("cat", f"/sys/class/net/{ifname}/address").stdout.strip()

    def neigh(self, ip, mac, ifname):
        """A permanent ARP entry: no ARP traffic, so frame counts stay exact."""
        self.ip("neigh", "replace", ip, "lladdr", mac, "dev", ifname, "nud", "permanent")

    def snmp(self):
        """/proc/net/snmp as {'Udp': {'InCsumErrors': n, ...}, 'Ip': {...}, ...}."""
        lines = self.run("cat", "/proc/net/snmp").stdout.splitlines()
        out = {}
        for head, values in zip(lines[::2], lines[1::2]):
            proto, keys = head.split(":")
            out[proto] = dict(zip(keys.split(), map(int, values.split(":")[1].split())))
        return out

    def close(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        subprocess.run(["ip", "netns", "del", self.name], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def veth_pair(ns_a, name_a, ns_b, name_b):
    """A veth pair with one end in each namespace (both down, unconfigured)."""
    ns_a.ip("link", "add", name_a, "type", "veth", "peer", "name", name_b, "netns", ns_b.name)


def new_netns():
    """A fresh namespace with a unique name (close() it when done; the fixture does)."""
    return Netns(f"kit{os.getpid()}n{next(_names)}")


class Impair:
    """A running impairment bridge. Lines it prints are collected by a reader thread."""

    def __init__(self, binary, a, b, args, ns=None, ready_timeout=10):
        cmd = [str(binary), "--stats", *map(str, args), a, b]
        if ns is not None:
            cmd = ns.command(*cmd)
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, bufsize=1)
        self.lines = queue.Queue()
        self.output = []
        threading.Thread(target=self._reader, daemon=True).start()
        line = self._wait_line("impair: ready", ready_timeout)
        self.seed = int(line.rsplit("seed=", 1)[1])
        self.result = None

    def _reader(self):
        for line in self.proc.stdout:
            self.output.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def _wait_line(self, prefix, timeout):
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                self.proc.kill()
                raise AssertionError(f"impair: no '{prefix}' line: {' '.join(self.cmd)}\n"
                                     + "".join(self.output))
            if line.startswith(prefix):
                return line

    def _read_stats(self, timeout=10):
        stats = {}
        for _ in range(2):
            line = self._wait_line("impair: a2b" if not stats else "impair: b2a", timeout)
            fields = line.split()
            stats[fields[1]] = {k: int(v) for k, v in (f.split("=") for f in fields[2:])}
        return stats

    def stats(self):
        """Counters now, per direction: {'a2b': {'rx': .., 'tx': .., ...}, 'b2a': {...}}."""
        self.proc.send_signal(signal.SIGUSR1)
        return self._read_stats()

    def stop(self):
        """Stops the bridge (SIGTERM) and returns its final counters."""
        if self.result is None:
            self.proc.send_signal(signal.SIGTERM)
            self.result = self._read_stats()
            self.proc.wait(timeout=10)
            assert self.proc.returncode == 0, "".join(self.output)
        return self.result

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


class Link:
    """Two namespaces joined by the bridge: a.ns/a.ifname/a.ip/a.mac and the same for b."""

    class Side:
        def __init__(self, ns, ifname, ip, mac):
            self.ns, self.ifname, self.ip, self.mac = ns, ifname, ip, mac

    def __init__(self, a, b, bridge):
        self.a, self.b, self.bridge = a, b, bridge


def make_impaired_link(netns, impair, *args):
    """Namespaces A and B (from the netns factory), a TAP in each opened by the bridge itself
    (tap:NAME@NETNS, started with the impair factory and args), addresses NET.1/24 (A) and
    NET.2/24 (B), fixed MACs and permanent ARP entries: the only frames on the link are the ones
    the test sends."""
    net = subnet()
    ns_a, ns_b = netns(), netns()
    bridge = impair(f"tap:ia@{ns_a.name}", f"tap:ib@{ns_b.name}", *args)
    octet = int(net.rsplit(".", 1)[1])
    a = Link.Side(ns_a, "ia", f"{net}.1", f"02:77:00:{octet:02x}:00:01")
    b = Link.Side(ns_b, "ib", f"{net}.2", f"02:77:00:{octet:02x}:00:02")
    for me, peer in ((a, b), (b, a)):
        me.ns.configure(me.ifname, mac=me.mac, cidr=f"{me.ip}/24")
        me.ns.neigh(peer.ip, peer.mac, me.ifname)
    return Link(a, b, bridge)


def free_port(ns=None, host="127.0.0.1"):
    """A TCP port nobody listens on right now (in ns, or on the host's loopback)."""
    s = ns.socket(socket.AF_INET, socket.SOCK_STREAM) if ns else socket.socket()
    with s:
        s.bind((host, 0))
        return s.getsockname()[1]


class Broker:
    """A private mosquitto. .host/.port to connect to; .stop()/.start() to restart it on the same
    port (sessions are kept in memory only, so a restart loses them unless persistence is on)."""

    def __init__(self, workdir, ns=None, host="127.0.0.1", port=None, conf="", persistence=False):
        self.ns, self.host = ns, host
        self.port = port or free_port(ns, host)
        self.dir = pathlib.Path(workdir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.conf = self.dir / "mosquitto.conf"
        self.log = self.dir / "mosquitto.log"
        self.conf.write_text(
            f"listener {self.port} {host}\nallow_anonymous true\n"
            f"persistence {'true' if persistence else 'false'}\n"
            f"persistence_location {self.dir}/\n"
            # As root, mosquitto would switch to user "mosquitto" and lose access to workdir.
            + ("user root\n" if os.geteuid() == 0 else "") +
            f"log_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\n"
            f"log_type information\n{conf}\n")
        self.proc = None
        self.start()

    def start(self, timeout=10):
        cmd = ["mosquitto", "-c", str(self.conf)]
        log = open(self.log, "a")
        self.proc = (self.ns.popen(*cmd, stdout=log, stderr=subprocess.STDOUT) if self.ns
                     else subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT))
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"mosquitto exited:\n{self.log.read_text()}"
            s = (self.ns.socket(socket.AF_INET, socket.SOCK_STREAM) if self.ns
                 else socket.socket())
            with s:
                s.settimeout(0.5)
                if s.connect_ex((self.host, self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError(f"mosquitto not listening on {self.host}:{self.port}:\n"
                             f"{self.log.read_text()}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def restart(self):
        self.stop()
        self.start()
