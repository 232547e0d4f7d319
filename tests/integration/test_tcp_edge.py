"""TCP edge cases against the tcp-echo app on the native device, with a scripted peer: segments
crafted with scapy go in through an AF_PACKET socket on the device's TAP, and every segment the
device sends is read back and checked field by field. The TAP has no address in its namespace,
so the kernel there never answers for the peer: the script is the peer (it answers ARP itself).

Out-of-window segments, RST out of the window / in it (challenge ACK, RFC 5961) / exact, SYN in
an established connection, SYN to a closed port, a zero window (probes, then resume), FIN with
data, a peer that vanishes (the user timeout ends the connection), and a spoofed on-link SYN
flood (every SYN-ACK an ARP lookup nobody answers) while a real peer keeps talking."""
import queue
import random
import socket
import threading
import time

import pytest

from kitnet import new_netns, subnet
from netcore import Device, image

from scapy.all import ARP, IP, TCP, Ether, Raw  # /usr/bin/python3 has python3-scapy

PORT = 1234
TAP = "edge0"
PEER_MAC = "02:55:00:00:00:01"
ACK, FIN, SYN, RST, PSH = 0x10, 0x01, 0x02, 0x04, 0x08


def payload(seg):
    """The segment's data (Ethernet padding of short frames is not data)."""
    return bytes(seg[Raw].load) if Raw in seg else b""


class RawPeer:
    """The peer at NET.1 on the device's TAP: sends crafted segments, collects the device's."""

    def __init__(self, ns, net, dev_ip, dev_mac):
        self.ip, self.dev_ip, self.dev_mac = f"{net}.1", dev_ip, dev_mac
        self.sock = ns.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
        self.sock.bind((TAP, 0))
        self.sock.settimeout(0.1)
        self.segments = queue.Queue()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._reader, daemon=True)
        self.thread.start()

    def _reader(self):
        while not self.stop.is_set():
            try:
                frame = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                return
            pkt = Ether(frame)
            if ARP in pkt and pkt[ARP].op == 1 and pkt[ARP].pdst == self.ip:
                reply = (Ether(dst=pkt.src, src=PEER_MAC) /
                         ARP(op=2, hwsrc=PEER_MAC, psrc=self.ip, hwdst=pkt[ARP].hwsrc,
                             pdst=pkt[ARP].psrc))
                self.sock.send(bytes(reply))
            elif IP in pkt and TCP in pkt and pkt[IP].dst == self.ip:
                self.segments.put((time.monotonic(), pkt[TCP]))

    def send(self, sport, seq, ack, flags, data=b"", window=65535, options=(), dport=PORT):
        seg = TCP(sport=sport, dport=dport, seq=seq % 2**32, ack=ack % 2**32, flags=flags,
                  window=window, options=list(options))
        frame = Ether(dst=self.dev_mac, src=PEER_MAC) / IP(src=self.ip, dst=self.dev_ip) / seg
        if data:
            frame = frame / Raw(data)
        self.sock.send(bytes(frame))

    def recv(self, timeout=2.0, sport=None):
        """The next segment from the device (to sport when given), with its arrival time."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no segment from the device")
            try:
                at, seg = self.segments.get(timeout=left)
            except queue.Empty:
                continue
            if sport is None or seg.dport == sport:
                return at, seg

    def expect_nothing(self, wait=0.5, sport=None):
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                at, seg = self.segments.get(timeout=deadline - time.monotonic())
            except queue.Empty:
                return
            if sport is None or seg.dport == sport:
                raise AssertionError(f"unexpected segment: {seg.summary()} seq {seg.seq} "
                                     f"ack {seg.ack} len {len(payload(seg))}")

    def close(self):
        self.stop.set()
        self.thread.join(2)
        self.sock.close()


class Conn:
    """One connection the script drives: our next sequence number and the device's."""

    def __init__(self, peer, sport):
        self.peer, self.sport = peer, sport
        self.isn = random.Random(sport).getrandbits(32)
        self.snd_nxt = self.isn + 1
        self.rcv_nxt = None

    def handshake(self):
        self.peer.send(self.sport, self.isn, 0, SYN, options=[("MSS", 1460)])
        _, sa = self.peer.recv(sport=self.sport)
        assert sa.flags == SYN | ACK and sa.ack == (self.isn + 1) % 2**32
        self.rcv_nxt = sa.seq + 1
        self.ack()
        return sa

    def ack(self, window=65535):
        self.peer.send(self.sport, self.snd_nxt, self.rcv_nxt, ACK, window=window)

    def data(self, payload, flags=ACK | PSH, window=65535):
        self.peer.send(self.sport, self.snd_nxt, self.rcv_nxt, flags, payload, window=window)
        self.snd_nxt += len(payload) + (1 if flags & FIN else 0)

    def recv(self, timeout=2.0):
        return self.peer.recv(timeout, sport=self.sport)

    def read_echo(self, n, timeout=2.0):
        """Reads n echoed bytes (acknowledging them); returns them."""
        got = b""
        while len(got) < n:
            _, seg = self.recv(timeout)
            data = payload(seg)
            if data and seg.seq == self.rcv_nxt % 2**32:
                got += data
                self.rcv_nxt += len(data)
                self.ack()
        return got

    def abort(self):
        self.peer.send(self.sport, self.snd_nxt, 0, RST)


def start_device(ns, net, args=()):
    mac = f"02:55:{int(net.rsplit('.', 1)[1]):02x}:00:00:02"
    dev = Device(ns, "native", image("native", "tcp-echo"), TAP,
                 ["--mac", mac, "--ip", f"{net}.2/24", *args])
    dev.wait_log(r"tcp-echo: TCP echo on port", timeout=30)
    return dev, mac


@pytest.fixture(scope="module")
def edge():
    ns = new_netns()
    dev = peer = None
    try:
        ns.add_tap(TAP)
        net = subnet()
        dev, mac = start_device(ns, net)
        peer = RawPeer(ns, net, f"{net}.2", mac)
        yield peer, dev
    finally:
        if peer:
            peer.close()
        if dev:
            dev.stop()
        ns.close()


@pytest.fixture
def peer(edge):
    p, dev = edge
    yield p
    assert dev.alive(), f"the device died:\n{dev.log[-3000:]}"


def echo_works(c):
    c.data(b"still here")
    assert c.read_echo(10) == b"still here"


def test_syn_to_closed_port(peer):
    peer.send(40100, 5000, 0, SYN, dport=4321)
    _, r = peer.recv(sport=40100)
    assert r.flags == RST | ACK
    assert r.seq == 0 and r.ack == 5001


def test_out_of_window_segment(peer):
    c = Conn(peer, 40101)
    c.handshake()
    # far beyond the window: answered with an ACK of what is expected, never echoed
    peer.send(c.sport, c.snd_nxt + 10_000_000, c.rcv_nxt, ACK | PSH, b"far away")
    _, a = c.recv()
    assert a.flags == ACK and a.ack == c.snd_nxt % 2**32 and not payload(a)
    # an old duplicate: the same
    peer.send(c.sport, c.snd_nxt - 5000, c.rcv_nxt, ACK | PSH, b"long ago")
    _, a = c.recv()
    assert a.ack == c.snd_nxt % 2**32 and not payload(a)
    c.peer.expect_nothing(0.3, sport=c.sport)
    echo_works(c)
    c.abort()


def test_rst_out_of_window_ignored(peer):
    c = Conn(peer, 40102)
    c.handshake()
    peer.send(c.sport, c.snd_nxt + 10_000_000, 0, RST)
    peer.send(c.sport, c.snd_nxt - 100_000, 0, RST)
    peer.expect_nothing(0.5, sport=c.sport)
    echo_works(c)
    c.abort()


def test_rst_in_window_gets_challenge_ack_exact_rst_resets(peer, edge):
    _, dev = edge
    c = Conn(peer, 40103)
    c.handshake()
    peer.send(c.sport, c.snd_nxt + 100, 0, RST)
    _, a = c.recv()
    assert a.flags == ACK and a.ack == c.snd_nxt % 2**32, "a challenge ACK (RFC 5961 3.2)"
    echo_works(c)
    mark = len(dev.lines)
    peer.send(c.sport, c.snd_nxt, 0, RST)
    dev.wait_log(rf":{c.sport} closed \(reset\)", timeout=5, start=mark)
    # the connection is gone: its next segment finds only a RST
    c.data(b"anyone?")
    _, r = c.recv()
    assert r.flags & RST


def test_syn_in_established_gets_challenge_ack(peer):
    c = Conn(peer, 40104)
    c.handshake()
    peer.send(c.sport, c.isn + 77777, 0, SYN)
    _, a = c.recv()
    assert a.flags == ACK and a.ack == c.snd_nxt % 2**32, "a challenge ACK (RFC 5961 4.2)"
    echo_works(c)
    c.abort()


def test_zero_window_probes_then_resume(peer):
    c = Conn(peer, 40105)
    c.handshake()
    # data arrives, but our window is closed: the echo has to wait
    c.data(b"x" * 1000, window=0)
    c.data(b"y" * 1000, window=0)
    deadline = time.monotonic() + 2
    while True:  # both segments acknowledged (delayed ACK: maybe once for both)
        _, a = c.recv()
        assert not payload(a)
        if a.ack == c.snd_nxt % 2**32:
            break
        assert time.monotonic() < deadline
    probes = []
    while len(probes) < 3:
        at, p = c.recv(timeout=5)
        assert not payload(p), "no data may go into a zero window"
        assert p.seq == (c.rcv_nxt - 1) % 2**32, "a probe: SND.UNA - 1"
        probes.append(at)
        c.ack(window=0)
    gaps = [b - a for a, b in zip(probes, probes[1:])]
    assert gaps[1] > gaps[0] * 1.5, f"probes back off: {gaps}"
    # the window opens: the echo comes at once
    c.ack(window=65535)
    assert c.read_echo(2000) == b"x" * 1000 + b"y" * 1000
    c.abort()


def test_fin_with_data(peer, edge):
    _, dev = edge
    c = Conn(peer, 40106)
    c.handshake()
    mark = len(dev.lines)
    c.data(b"last words", flags=ACK | PSH | FIN)
    got, fin = b"", False
    while not fin:
        _, seg = c.recv()
        if seg.seq == c.rcv_nxt % 2**32:
            got += payload(seg)
            c.rcv_nxt += len(payload(seg))
            if seg.flags & FIN:
                fin = True
                c.rcv_nxt += 1
        assert seg.ack in (c.snd_nxt % 2**32, (c.snd_nxt - 1) % 2**32)
    assert got == b"last words"
    assert seg.ack == c.snd_nxt % 2**32, "the device acknowledged data and FIN"
    c.ack()
    dev.wait_log(rf":{c.sport} closed \(none\), in 10 out 10", timeout=5, start=mark)


def test_peer_vanishing_user_timeout():
    ns = new_netns()
    dev = p = None
    try:
        ns.add_tap(TAP)
        net = subnet()
        dev, mac = start_device(ns, net, ["--user-timeout", "1500"])
        p = RawPeer(ns, net, f"{net}.2", mac)
        c = Conn(p, 40107)
        c.handshake()
        c.data(b"echo me and vanish")
        first, seg = c.recv()
        assert payload(seg) == b"echo me and vanish"
        # never acknowledged: retransmissions back off, then the RST at the user timeout
        resent = []
        while True:
            at, seg = c.recv(timeout=5)
            if seg.flags & RST:
                break
            assert payload(seg) == b"echo me and vanish"
            resent.append(at - first)
        waited = at - first
        assert len(resent) >= 2, resent
        assert 1.3 < waited < 2.5, f"RST {waited:.2f} s after the data, user timeout 1.5 s"
        dev.wait_log(r":40107 closed \(timeout\)", timeout=5)
    finally:
        if p:
            p.close()
        if dev:
            dev.stop()
        ns.close()


def test_spoofed_syn_flood_does_not_stall_a_talking_peer(peer):
    """Each SYN from a new on-link address makes the device look that address up (for its
    SYN-ACK); nobody answers. Those lookups must not push the real peer out of the ARP cache nor
    be refused while it is full of them (net/iface/arp.c): the peer's echoes keep coming back
    promptly all along (before the fix they stalled for seconds)."""
    c = Conn(peer, 40110)
    c.handshake()
    echo_works(c)
    net = peer.ip.rsplit(".", 1)[0]
    stop = threading.Event()
    sent = [0]

    def flood():
        rng = random.Random(7)
        while not stop.is_set():
            host = 100 + sent[0] % 150  # 150 addresses: many more than the ARP cache holds
            mac = f"02:66:00:00:00:{host:02x}"
            seg = TCP(sport=rng.randrange(1024, 65535), dport=PORT, seq=rng.getrandbits(32),
                      flags=SYN, window=65535)
            frame = Ether(dst=peer.dev_mac, src=mac) / IP(src=f"{net}.{host}", dst=peer.dev_ip) / seg
            peer.sock.send(bytes(frame))
            sent[0] += 1
            time.sleep(0.002)

    t = threading.Thread(target=flood, daemon=True)
    t.start()
    worst = 0.0
    try:
        for i in range(60):  # about 3 s of flood
            msg = b"ping %02d" % i
            start = time.monotonic()
            c.data(msg)
            assert c.read_echo(len(msg), timeout=5) == msg, i
            worst = max(worst, time.monotonic() - start)
            time.sleep(0.03)
    finally:
        stop.set()
        t.join(2)
    assert sent[0] > 500, sent[0]
    assert worst < 0.5, f"an echo took {worst:.2f} s during the flood"
    c.abort()
