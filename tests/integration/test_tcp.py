"""TCP (issue 4) on a device, native and in QEMU (mps2-an500), with the Linux kernel as the peer:
bulk transfers through the tcp-echo app across the impairment bridge (clean, loss, reordering,
duplication, corruption) with sha256 equal both ways, 50 concurrent connections, and a SYN flood
beside an established connection.

Topology: the device holds the TAP tcp0 in namespace A (no address there, so A's kernel stays
silent); the bridge joins raw:tcp0@A to its own TAP ib in namespace B, where Linux has NET.1 and a
permanent neighbour entry for the device at NET.2. Every frame between Linux and the device
crosses the bridge and its impairments.

`make test` moves a few MiB per case; `make soak` (pytest -m soak) the full 100 MiB."""
import hashlib
import os
import random
import socket
import struct
import threading
import time
from dataclasses import dataclass

import pytest

from kitnet import Impair, native_binary, new_netns, subnet
from netcore import Device, StatsClient, delta, image, variant_image

BOARDS = ["native", "mps2-an500"]
PORT = 1234
TAP = "tcp0"
QEMU_NET = "10.77.252"
QEMU_STATIC = {"MAC_ADDRESS": "02:77:fc:00:00:02", "IP_ADDRESS": f"{QEMU_NET}.2/24"}
TEST_MIB = 8
SOAK_MIB = 100


def soak_requested(config):
    return "soak" in (config.option.markexpr or "")


@dataclass
class EchoDevice:
    board: str
    ns: object
    dev: Device
    net: str
    ip: str
    mac: str

    @property
    def peer_mac(self):
        return f"02:77:{int(self.net.rsplit('.', 1)[1]):02x}:00:00:01"


@pytest.fixture(scope="module", params=BOARDS)
def echo_device(request):
    """tcp-echo running on the board, its TAP in a namespace of its own, for the whole module."""
    board = request.param
    if board == "native":
        net = subnet()
        mac = f"02:77:{int(net.rsplit('.', 1)[1]):02x}:00:00:02"
        binary, args = image("native", "tcp-echo"), ["--mac", mac, "--ip", f"{net}.2/24"]
    else:
        net, mac, args = QEMU_NET, QEMU_STATIC["MAC_ADDRESS"], []
        binary = variant_image(board, "tcp-echo", "static", QEMU_STATIC)
    ns = new_netns()
    dev = None
    try:
        ns.add_tap(TAP)
        dev = Device(ns, board, binary, TAP, args)
        dev.wait_log(r"tcp-echo: TCP echo on port", timeout=30)
        yield EchoDevice(board, ns, dev, net, f"{net}.2", mac)
    finally:
        if dev:
            dev.stop()
        ns.close()


class Path:
    """Linux in namespace B, joined to the device by the bridge with the given impairments."""

    def __init__(self, d, *impair_args):
        self.d = d
        self.ns = new_netns()
        self.bridge = None
        self.stats = None
        pcap = os.environ.get("KIT_TCP_PCAP")  # a directory: keep what crossed the bridge
        if pcap:
            impair_args = (*impair_args, "--pcap", f"{pcap}/{self.ns.name}.pcap")
        try:
            self.bridge = Impair(native_binary("impair"), f"raw:{TAP}@{d.ns.name}",
                                 f"tap:ib@{self.ns.name}", impair_args)
            self.ns.configure("ib", mac=d.peer_mac, cidr=f"{d.net}.1/24")
            self.ns.neigh(d.ip, d.mac, "ib")
            self.stats = StatsClient(self.ns, d.ip)
        except BaseException:
            self.close()
            raise

    def counters(self):
        return self.stats.get(tries=10)

    def close(self):
        if self.stats:
            self.stats.close()
        if self.bridge:
            self.bridge.kill()
        self.ns.close()


@pytest.fixture
def path(echo_device):
    made = []

    def make(*impair_args):
        p = Path(echo_device, *impair_args)
        made.append(p)
        return p

    yield make
    for p in made:
        p.close()
    assert echo_device.dev.alive(), f"the device died:\n{echo_device.dev.log[-3000:]}"


def echo_transfer(ns, ip, size, seed, timeout=60):
    """Sends size pseudo-random bytes to the echo, half-closes, reads the echo to its end.
    Returns (sha256 sent, sha256 received, bytes received, seconds)."""
    sock = ns.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    start = time.monotonic()
    sock.connect((ip, PORT))
    sent_hash, got_hash = hashlib.sha256(), hashlib.sha256()
    failure = []

    def sender():
        rng = random.Random(seed)
        left = size
        try:
            while left:
                chunk = rng.randbytes(min(65536, left))
                sent_hash.update(chunk)
                sock.sendall(chunk)
                left -= len(chunk)
            sock.shutdown(socket.SHUT_WR)
        except OSError as e:
            failure.append(e)

    t = threading.Thread(target=sender)
    t.start()
    got = 0
    try:
        while True:
            data = sock.recv(262144)
            if not data:
                break
            got_hash.update(data)
            got += len(data)
    except OSError as e:
        failure.append(e)
    t.join(timeout)
    sock.close()
    assert not failure, f"transfer failed after {got} bytes echoed: {failure}"
    return sent_hash.hexdigest(), got_hash.hexdigest(), got, time.monotonic() - start


def checksum_errors(stats):
    """Frames the device refused for a checksum (IPv4 header or TCP)."""
    return sum(v for k, v in stats.items() if "bad_checksum" in k)


CASES = {
    "clean": [],
    "loss1": ["--loss", "1%"],
    "loss5": ["--loss", "5%"],
    "reorder": ["--reorder", "5%"],
    "dup": ["--dup", "5%"],
    "corrupt": ["--corrupt", "2%"],
}


def run_case(echo_device, path, case, mib, seed=20261121):
    p = path("--seed", str(seed), *CASES[case])
    before = p.counters()
    linux_before = p.ns.snmp()
    size = mib << 20
    try:
        sent, got, n, secs = echo_transfer(p.ns, echo_device.ip, size, seed, timeout=120)
    except AssertionError:
        # what the device thinks, for the failure report
        print(f"\ndevice counters: {delta(before, p.counters())}\nbridge: {p.bridge.stats()}\n"
              f"device log:\n" + "\n".join(echo_device.dev.lines[-20:]))
        raise
    assert n == size, f"{n} of {size} bytes came back"
    assert got == sent, "the echo differs from what was sent"
    after = p.counters()
    stats = p.bridge.stop()
    linux_after = p.ns.snmp()
    print(f"\n{echo_device.board} {case}: {mib} MiB each way in {secs:.1f} s, "
          f"{size * 8 / secs / 1e6:.1f} Mbit/s each way; device retransmits "
          f"{after['tcp.retransmits'] - before['tcp.retransmits']}, bridge {stats}")
    if case == "corrupt":
        # corrupted frames were caught on both sides, and never delivered (the hashes agree)
        assert stats["a2b"]["corrupted"] > 0 and stats["b2a"]["corrupted"] > 0
        assert checksum_errors(after) > checksum_errors(before)
        linux_caught = (linux_after["Tcp"]["InCsumErrors"] - linux_before["Tcp"]["InCsumErrors"]
                        + linux_after["Ip"]["InHdrErrors"] - linux_before["Ip"]["InHdrErrors"])
        assert linux_caught > 0
    if case.startswith("loss"):
        assert after["tcp.retransmits"] > before["tcp.retransmits"]
    if case == "clean":
        assert after["tcp.retransmits"] == before["tcp.retransmits"]


@pytest.mark.parametrize("case", list(CASES))
def test_echo_transfer(echo_device, path, case):
    run_case(echo_device, path, case, TEST_MIB)


@pytest.mark.soak
@pytest.mark.parametrize("case", list(CASES))
def test_echo_transfer_soak(echo_device, path, case, request):
    if not soak_requested(request.config):
        pytest.skip("soak test: run with -m soak (make soak)")
    run_case(echo_device, path, case, SOAK_MIB)


def test_50_concurrent_connections(echo_device, path):
    p = path("--seed", "7")
    n, size = 50, 32768
    already = p.counters()["tcp.open"]
    socks = []
    for _ in range(n):
        s = p.ns.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(60)
        s.connect((echo_device.ip, PORT))
        socks.append(s)
    # every connection is open at once before any data moves
    assert p.counters()["tcp.open"] == already + n
    errors = []

    def client(i, s):
        try:
            data = random.Random(i).randbytes(size)
            got = bytearray()
            reader = threading.Thread(target=lambda: got.extend(_read_all(s)))
            reader.start()
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            reader.join(60)
            if bytes(got) != data:
                errors.append(f"connection {i}: {len(got)} bytes back, content differs")
        except OSError as e:
            errors.append(f"connection {i}: {e}")
        finally:
            s.close()

    threads = [threading.Thread(target=client, args=(i, s)) for i, s in enumerate(socks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    deadline = time.monotonic() + 10
    while p.counters()["tcp.open"] != already:
        assert time.monotonic() < deadline, "connections still open on the device"
        time.sleep(0.2)


def _read_all(s):
    out = bytearray()
    while True:
        data = s.recv(65536)
        if not data:
            return bytes(out)
        out += data


def _syn_frame(dst_mac, src_mac, src_ip, dst_ip, sport, seq):
    """Ethernet + IPv4 + TCP SYN with right checksums (built by hand: 10 000 of them)."""
    def csum(b):
        if len(b) % 2:
            b += b"\0"
        s = sum(struct.unpack(f"!{len(b) // 2}H", b))
        while s >> 16:
            s = (s & 0xFFFF) + (s >> 16)
        return ~s & 0xFFFF

    src, dst = socket.inet_aton(src_ip), socket.inet_aton(dst_ip)
    tcp = struct.pack("!HHIIBBHHH", sport, PORT, seq, 0, 5 << 4, 0x02, 64240, 0, 0)
    tcp = tcp[:16] + struct.pack("!H", csum(src + dst + struct.pack("!BBH", 0, 6, 20) + tcp)) + \
        tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40, 0, 0, 64, 6, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    mac = lambda m: bytes.fromhex(m.replace(":", ""))
    return mac(dst_mac) + mac(src_mac) + b"\x08\x00" + ip + tcp


def test_syn_flood_spares_established_connection(echo_device, path):
    d = echo_device
    p = path("--seed", "9")
    # an established connection that keeps echoing through the flood
    s = p.ns.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(60)
    s.connect((d.ip, PORT))
    stop = threading.Event()
    errors, rounds = [], [0]

    def streamer():
        rng = random.Random(3)
        try:
            while not stop.is_set():
                chunk = rng.randbytes(1024)
                s.sendall(chunk)
                got = b""
                while len(got) < len(chunk):
                    data = s.recv(len(chunk) - len(got))
                    if not data:
                        raise OSError("connection closed by the device")
                    got += data
                if got != chunk:
                    raise OSError("echo differs")
                rounds[0] += 1
        except OSError as e:
            errors.append(e)

    t = threading.Thread(target=streamer)
    t.start()
    time.sleep(0.5)
    before = p.counters()
    # 10 000 SYNs from 100 addresses nobody answers ARP for, random ports and sequence numbers
    raw = p.ns.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
    raw.bind(("ib", 0))
    rng = random.Random(11)
    frames = [_syn_frame(d.mac, "02:66:00:00:00:%02x" % (i % 100), f"{d.net}.{100 + i % 100}",
                         d.ip, rng.randrange(1024, 65535), rng.getrandbits(32))
              for i in range(10000)]
    start = time.monotonic()
    for f in frames:
        raw.send(f)
    flood_secs = time.monotonic() - start
    raw.close()
    time.sleep(2)
    rounds_after_flood = rounds[0]
    time.sleep(1)
    stop.set()
    t.join(60)
    assert not errors, f"the established connection broke: {errors}"
    assert rounds[0] > rounds_after_flood, "the established connection stalled"
    s.close()
    after = p.counters()
    print(f"\n{d.board}: 10000 SYNs in {flood_secs:.2f} s; half-open given up "
          f"{after['tcp.syn_evicted'] - before['tcp.syn_evicted']}, "
          f"no listener {after['tcp.syn_no_listener'] - before['tcp.syn_no_listener']}")
    # (QEMU's LAN9118 loses most of a burst this fast: its receive FIFO overflows)
    assert after["tcp.rx_segs"] - before["tcp.rx_segs"] > 500
    # the stack recovers: a new client is served at once
    sent, got, n, _ = echo_transfer(p.ns, d.ip, 100000, 5, timeout=30)
    assert n == 100000 and got == sent
