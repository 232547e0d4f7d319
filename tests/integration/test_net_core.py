"""The network core (issue 3) on a device, native and in QEMU (mps2-an500), against Linux in a
network namespace the test creates: ping (1000, and 4000-byte datagrams both ways fragmented),
arping, UDP echo, DHCP and DNS from dnsmasq, and thousands of malformed frames that must be
dropped, counted under the right reason and never crash or hang the device.

The device is apps/netcheck: UDP echo on port 7, its counters as text on a datagram to port 9.
Native takes its settings on the command line; the QEMU image at build time, so its static
address and the name it resolves come from variant build trees (netcore.variant_image).

Needs root (namespaces, TAP). Run with /usr/bin/python3 -m pytest tests/integration."""
import random
import re
import socket
import subprocess
from dataclasses import dataclass

import pytest

from kitnet import new_netns, subnet
from netcore import Device, Dnsmasq, StatsClient, delta, image, variant_image

BOARDS = ["native", "mps2-an500"]
TAP = "nc0"
# The QEMU image's build-time static settings (the variant tree "static").
QEMU_NET = "10.77.250"
QEMU_STATIC = {"MAC_ADDRESS": "02:77:fa:00:00:02", "IP_ADDRESS": f"{QEMU_NET}.2/24",
               "GATEWAY": f"{QEMU_NET}.1"}
QEMU_DHCP = {"RESOLVE_NAME": "broker.test"}  # everything else default: DHCP, the default MAC
DEFAULT_MAC = "02:00:00:4b:49:54"          # netapp/config.cmake's MAC_ADDRESS default
BARRIER_BYTES = 6000  # unanswered bytes in flight to the device at most (malformed frames)


@dataclass
class Target:
    board: str
    ns: object
    dev: Device
    net: str
    ip: str
    mac: str
    stats: StatsClient

    def run(self, *cmd, **kw):
        return self.ns.run(*cmd, **kw)


@pytest.fixture(scope="module", params=BOARDS)
def target(request):
    """A device with a static address, up and answering, for the whole module (per board)."""
    board = request.param
    if board == "native":
        net = subnet()
        octet = int(net.rsplit(".", 1)[1])
        mac = f"02:77:{octet:02x}:00:00:02"
        binary = image("native", "netcheck")
        args = ["--mac", mac, "--ip", f"{net}.2/24", "--gw", f"{net}.1"]
    else:
        net, mac, args = QEMU_NET, QEMU_STATIC["MAC_ADDRESS"], []
        binary = variant_image(board, "netcheck", "static", QEMU_STATIC)
    ns = new_netns()
    dev = stats = None
    try:
        ns.add_tap(TAP, cidr=f"{net}.1/24")
        dev = Device(ns, board, binary, TAP, args)
        dev.wait_log(r"netcheck: UDP echo on port 7", timeout=30)
        # Linux never ARPs for the device: the only frames on the link are the tests' own.
        ns.neigh(f"{net}.2", mac, TAP)
        stats = StatsClient(ns, f"{net}.2")
        stats.get()
        yield Target(board, ns, dev, net, f"{net}.2", mac, stats)
    finally:
        if stats:
            stats.close()
        if dev:
            dev.stop()
        ns.close()


def alive_and_answering(t):
    assert t.dev.alive(), f"the device died:\n{t.dev.log[-3000:]}"
    out = t.run("ping", "-c", "5", "-i", "0.05", "-W", "2", t.ip, check=False).stdout
    assert "5 received" in out, f"{out}\n{t.dev.log[-3000:]}"
    assert not re.search(r"fault|panic|assert", t.dev.log, re.I), t.dev.log[-3000:]


# ---- configuration ------------------------------------------------------------------------


def test_boot_log_shows_configuration(target):
    t = target
    m = t.dev.wait_log(r"net: mac (\S+) ip (\S+) gw (\S+)")
    assert m.groups() == (t.mac, f"{t.ip}/24", f"{t.net}.1")
    t.dev.wait_log(r"net: link up", timeout=5)


def test_native_options_are_checked():
    binary = image("native", "netcheck")
    for args, needle in [(["--ip", "10.77.1.2"], "malformed --ip"),
                         (["--mac", "01:00:5e:00:00:01"], "unicast"),
                         (["--gw", "10.77.1.1"], "needs a static address"),
                         (["--ip", "10.77.1.2/24", "--gw", "10.77.2.1"], "outside"),
                         (["--tap"], "needs a value"),
                         (["--resolve", "bad_name"], "malformed --resolve"),
                         (["--frobnicate"], "unknown option")]:
        proc = subprocess.run([str(binary), *args], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=10)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert needle in proc.stderr and "usage:" in proc.stderr, (args, proc.stderr)
        assert "net:" not in proc.stdout  # refused before touching any interface
    proc = subprocess.run([str(binary), "--help"], stdout=subprocess.PIPE, text=True, timeout=10)
    assert proc.returncode == 0 and "--resolve NAME" in proc.stdout and "--tap IFNAME" in proc.stdout


def test_native_creates_a_missing_tap():
    ns = new_netns()
    dev = None
    try:
        dev = Device(ns, "native", image("native", "netcheck"), "fresh0",
                     ["--ip", "10.77.251.2/24"])
        dev.wait_log(r"netcheck: UDP echo on port 7")
        assert "fresh0" in ns.ip("-o", "link", "show")
        ns.configure("fresh0", cidr="10.77.251.1/24")
        out = ns.run("ping", "-c", "3", "-i", "0.1", "-W", "2", "10.77.251.2", check=False).stdout
        assert "3 received" in out, out + dev.log
    finally:
        if dev:
            dev.stop()
        ns.close()


# ---- ICMP, ARP, UDP -----------------------------------------------------------------------


def test_ping_1000_no_loss(target):
    t = target
    before = t.stats.get()
    out = t.run("ping", "-c", "1000", "-i", "0.005", "-W", "2", "-q", t.ip, timeout=90).stdout
    assert "1000 packets transmitted, 1000 received" in out, out
    d = delta(before, t.stats.get())
    assert d.get("icmp.rx") == 1000 and d.get("icmp.tx") == 1000, d
    assert d.get("drops", 0) == 0, d


def test_ping_4000_bytes_reassembled_both_ways(target):
    t = target
    before = t.stats.get()
    out = t.run("ping", "-c", "20", "-i", "0.05", "-s", "4000", "-W", "2", t.ip,
                timeout=60).stdout
    assert "20 packets transmitted, 20 received" in out, out
    d = delta(before, t.stats.get())
    # 4008 bytes of ICMP in 1480-byte pieces: 3 fragments each way per ping
    assert d.get("frag_rx") == 60 and d.get("reasm_ok") == 20, d
    assert d.get("frag_tx") == 60, d
    assert d.get("drops", 0) == 0, d


def test_arping_gets_replies(target):
    t = target
    out = t.run("arping", "-c", "3", "-w", "10", "-I", TAP, t.ip, check=False).stdout
    assert "Received 3 response(s)" in out, out
    assert out.lower().count(f"[{t.mac}]") == 3, out


@pytest.mark.parametrize("size", [1, 1472])
def test_udp_echo(target, size):
    t = target
    rng = random.Random(size)
    with t.ns.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        for _ in range(5):
            payload = bytes(rng.randrange(256) for _ in range(size))
            s.sendto(payload, (t.ip, 7))
            data, src = s.recvfrom(4096)
            assert src == (t.ip, 7)
            assert data == payload


def test_udp_echo_every_size(target):
    """Every length from 0 to 1472 once: off-by-ones at padding (< 18 bytes) or the MTU."""
    t = target
    with t.ns.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        for size in list(range(0, 64)) + list(range(1400, 1473)):
            payload = bytes((size + i) & 0xFF for i in range(size))
            s.sendto(payload, (t.ip, 7))
            data, _ = s.recvfrom(4096)
            assert data == payload, size


# ---- malformed frames ---------------------------------------------------------------------


def _frames(t, host_mac):
    """(name, frames, expected drop deltas, expected other deltas) for each malformed class,
    built with scapy. Every class is deterministic in where its frames end."""
    from scapy.all import ARP, ICMP, IP, UDP, Ether, Raw, raw

    rng = random.Random(20261121)
    dst, src_ip = t.ip, f"{t.net}.1"
    eth = Ether(dst=t.mac, src=host_mac, type=0x0800)
    n = 100
    qemu = t.board != "native"

    def ip_bytes(pkt, patch=None):
        """The IPv4 packet as bytes, optionally patched after scapy filled the checksums."""
        b = bytearray(raw(pkt))
        if patch:
            patch(b)
        return raw(eth / Raw(bytes(b)))

    def wrong(pkt, layer):
        """A checksum scapy would compute, but wrong (never 0: 0 means "none" in UDP)."""
        good = pkt.__class__(raw(pkt))[layer].chksum
        return good ^ 0x5A5A or 0x1234

    def udp(dport=7, **kw):
        return IP(src=src_ip, dst=dst) / UDP(sport=40000, dport=dport, **kw) / Raw(b"x" * 10)

    def set_byte(i, v):
        def patch(b):
            b[i] = v
        return patch

    def set_word(i, v):
        def patch(b):
            b[i:i + 2] = v.to_bytes(2, "big")
        return patch

    classes = []

    def add(name, frames, drops, other=None):
        classes.append((name, frames, drops, other or {}))

    add("unknown EtherType", [raw(Ether(dst=t.mac, src=host_mac, type=0x88B5) /
                                  Raw(bytes(rng.randrange(256) for _ in range(46))))
                              for _ in range(n)], {"drop.eth_unknown_type": n})
    # QEMU's LAN9118 filters unicast to other addresses in the chip: the stack never sees them.
    add("unicast to another MAC",
        [raw(Ether(dst="02:77:99:99:99:99", src=host_mac) / IP(src=src_ip, dst=dst) / ICMP())
         for _ in range(n)], {} if qemu else {"drop.eth_not_for_us": n})
    add("IPv4 version 6", [ip_bytes(udp(), set_byte(0, 0x65)) for _ in range(n)],
        {"drop.ipv4_malformed": n})
    add("IPv4 IHL below 5", [ip_bytes(udp(), set_byte(0, 0x40 + i % 5)) for i in range(n)],
        {"drop.ipv4_malformed": n})
    add("IPv4 IHL past the packet", [ip_bytes(udp(), set_byte(0, 0x4F)) for _ in range(n)],
        {"drop.ipv4_malformed": n})
    add("IPv4 total length past the frame",
        [ip_bytes(udp(), set_word(2, 1400 + i)) for i in range(n)], {"drop.ipv4_malformed": n})
    add("IPv4 total length below the header",
        [ip_bytes(udp(), set_word(2, i % 20)) for i in range(n)], {"drop.ipv4_malformed": n})
    add("IPv4 header checksum wrong",
        [ip_bytes(IP(src=src_ip, dst=dst, chksum=wrong(udp(), IP)) / UDP(dport=7) /
                  Raw(b"x" * 10)) for _ in range(n)], {"drop.ipv4_bad_checksum": n})
    add("fragment past 64 KiB (ping of death)",
        [ip_bytes(IP(src=src_ip, dst=dst, proto=17, id=1000 + i, frag=8191) / Raw(b"p" * 64))
         for i in range(n)], {"drop.ipv4_malformed": n})
    overlap = []
    for i in range(n // 2):
        overlap.append(ip_bytes(IP(src=src_ip, dst=dst, proto=17, id=2000 + i, flags="MF",
                                   frag=0) / Raw(b"a" * 64)))
        overlap.append(ip_bytes(IP(src=src_ip, dst=dst, proto=17, id=2000 + i, flags="MF",
                                   frag=4) / Raw(b"b" * 64)))
    add("overlapping fragments", overlap, {"drop.fragments_overlap": n // 2},
        {"frag_rx": n})
    add("fragment past the reassembly buffer",
        [ip_bytes(IP(src=src_ip, dst=dst, proto=17, id=3000 + i, flags="MF", frag=625) /
                  Raw(b"c" * 64)) for i in range(n)], {"drop.fragmented_datagram_too_big": n})
    add("UDP checksum wrong",
        [ip_bytes(IP(src=src_ip, dst=dst) / UDP(sport=40000, dport=7, chksum=wrong(udp(), UDP)) /
                  Raw(b"x" * 10)) for _ in range(n)], {"drop.udp_bad_checksum": n})
    add("UDP length past the packet", [ip_bytes(udp(len=200 + i)) for i in range(n)],
        {"drop.udp_malformed": n})
    add("UDP length below its header", [ip_bytes(udp(len=i % 8)) for i in range(n)],
        {"drop.udp_malformed": n})
    add("ICMP checksum wrong",
        [ip_bytes(IP(src=src_ip, dst=dst) / ICMP(type=8, id=7, seq=i,
                                                 chksum=wrong(IP(src=src_ip, dst=dst) /
                                                              ICMP(type=8, id=7, seq=i), ICMP)))
         for i in range(n)], {"drop.icmp_bad_checksum": n})
    add("ICMP shorter than its header",
        [ip_bytes(IP(src=src_ip, dst=dst, proto=1) / Raw(b"\x08\x00\x00")) for _ in range(n)],
        {"drop.icmp_malformed": n})
    add("ARP for another hardware type",
        [raw(Ether(dst=t.mac, src=host_mac) / ARP(hwtype=6, op=1, psrc=src_ip, pdst=dst))
         for _ in range(n)], {"drop.arp_malformed": n})
    add("ARP with an unknown opcode",
        [raw(Ether(dst=t.mac, src=host_mac) / ARP(op=9, psrc=src_ip, pdst=dst, hwsrc=host_mac))
         for _ in range(n)], {"drop.arp_malformed": n})
    # Longer than any frame of a 1500-byte MTU: the driver drops it before the stack.
    add("oversized frames",
        [raw(Ether(dst=t.mac, src=host_mac) / IP(src=src_ip, dst=dst) / UDP(dport=7) /
             Raw(b"o" * (1572 + i % 20))) for i in range(n)], {}, {"dev.rx_oversize": n})
    add("random garbage after an IPv4 EtherType",
        [raw(eth / Raw(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 1400)))))
         for _ in range(1000)], None)
    add("random EtherTypes",
        [raw(Ether(dst=t.mac, src=host_mac,
                   type=rng.choice([rng.randrange(0x0600, 0x0800), rng.randrange(0x0807, 0x10000)]))
             / Raw(bytes(rng.randrange(256) for _ in range(rng.randrange(46, 200)))))
         for _ in range(300)], {"drop.eth_unknown_type": 300})
    return classes


def test_malformed_frames_dropped_and_counted(target):
    t = target
    host_mac = t.ns.mac(TAP)
    classes = _frames(t, host_mac)
    # The oversized frames need a larger MTU on the Linux side to be sent at all.
    t.ns.ip("link", "set", TAP, "mtu", "2000")
    sock = t.ns.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    failures = []
    total = 0
    try:
        sock.bind((TAP, 0))
        for name, frames, drops, other in classes:
            before = t.stats.get()
            pending = 0
            for frame in frames:
                # A barrier (the device answers after reading every frame before it) whenever
                # the next frame could overflow the controller: QEMU's LAN9118 holds 10 KiB of
                # frames and drops the rest without counting them (no RX_DROP in the model).
                if pending + len(frame) > BARRIER_BYTES:
                    t.stats.get()
                    pending = 0
                sock.send(frame)
                pending += len(frame) + 64
            after = t.stats.get()
            total += len(frames)
            d = delta(before, after)
            got = {k: v for k, v in d.items() if k.startswith("drop.")}
            if drops is None:  # garbage: everything dropped somewhere, nothing answered
                if d.get("drops") != len(frames) or d.get("icmp.tx") or d.get("arp.tx"):
                    failures.append(f"{name}: {len(frames)} frames -> {d}")
                continue
            want_other = {k: v for k, v in d.items() if k in other}
            if got != drops or d.get("drops", 0) != sum(drops.values()) or want_other != other:
                failures.append(f"{name}: expected {drops} {other}, got {d}")
            if d.get("dev.rx_missed") or d.get("dev.rx_errors"):
                failures.append(f"{name}: the controller lost frames: {d}")
    finally:
        sock.close()
        t.ns.ip("link", "set", TAP, "mtu", "1500")
    assert total > 3000
    alive_and_answering(t)
    assert not failures, "\n".join(failures) + "\n" + t.dev.log[-2000:]


# ---- DHCP and DNS from dnsmasq ------------------------------------------------------------


@pytest.mark.parametrize("board", BOARDS)
def test_dhcp_lease_and_dns_name(board, tmp_path):
    net = subnet()
    if board == "native":
        octet = int(net.rsplit(".", 1)[1])
        mac = f"02:77:{octet:02x}:00:00:05"
        binary, args = image("native", "netcheck"), ["--mac", mac, "--resolve", "broker.test"]
    else:
        mac, args = DEFAULT_MAC, []
        binary = variant_image(board, "netcheck", "dhcp", QEMU_DHCP)
    ns = new_netns()
    dev = dnsmasq = None
    try:
        ns.add_tap(TAP, cidr=f"{net}.1/24")
        dnsmasq = Dnsmasq(ns, TAP, f"{net}.1", dhcp_range=f"{net}.50,{net}.99,255.255.255.0,10m",
                          addresses={"broker.test": f"{net}.77"}, workdir=tmp_path)
        dev = Device(ns, board, binary, TAP, args)
        dev.wait_log(r"net: mac \S+ ip DHCP")
        m = dev.wait_log(r"net: DHCP bound (\S+)/(\d+) gw (\S+) server (\S+)", timeout=40)
        leased, prefix, gw, server = m.groups()
        assert prefix == "24" and gw == f"{net}.1" and server == f"{net}.1", m.group(0)
        assert 50 <= int(leased.rsplit(".", 1)[1]) <= 99 and leased.startswith(net + "."), leased
        assert dnsmasq.leases().get(mac) == leased, (dnsmasq.leases(), dnsmasq.log)
        out = ns.run("ping", "-c", "5", "-i", "0.1", "-W", "2", leased, check=False).stdout
        assert "5 received" in out, out + dev.log
        m = dev.wait_log(r"resolve: broker\.test -> (\S+)", timeout=20)
        assert m.group(1) == f"{net}.77"
        assert re.search(rf"query\[A\] broker\.test from {re.escape(leased)}", dnsmasq.log), \
            dnsmasq.log
        if board == "native":
            # The TAP going down is the native cable pull: the link watch (once a second) sees
            # it, and when the link returns the lease is asked for again (DHCP restarted).
            mark = len(dev.lines)
            ns.ip("link", "set", TAP, "down")
            dev.wait_log(r"net: link down", timeout=5, start=mark)
            ns.ip("link", "set", TAP, "up")
            dev.wait_log(r"net: link up", timeout=5, start=mark)
            m = dev.wait_log(r"net: DHCP bound (\S+)/", timeout=30, start=mark)
            assert m.group(1) == leased  # dnsmasq remembers the client
    except AssertionError as e:
        raise AssertionError(f"{e}\n--- dnsmasq ---\n{dnsmasq.log if dnsmasq else ''}") from None
    finally:
        if dev:
            dev.stop()
        if dnsmasq:
            dnsmasq.stop()
        ns.close()
