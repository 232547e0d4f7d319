"""The impairment bridge (tools/impair) between real Linux peers in test namespaces.

Each test joins two namespaces through the bridge (impaired_link: TAP devices, fixed MACs,
permanent ARP entries, IPv6 off), so the only frames on the link are the ones the test sends and
every count can be checked exactly. The bridge's decisions come from splitmix64 per direction,
modelled here in Python: with a seed, the test knows in advance which datagrams are lost,
duplicated or reordered."""
import hashlib
import random
import re
import socket
import struct
import subprocess
import time

import pytest
from scapy.all import Ether, rdpcap

from kitnet import free_port, subnet

SO_RCVBUFFORCE = 33
PORT = 9000
MASK = (1 << 64) - 1
PPM = 1_000_000


class SplitMix:
    """tools/impair/rng.h, one stream per direction (0 = a2b, 1 = b2a)."""

    def __init__(self, seed, direction):
        self.state = (seed * 2 + direction) & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def hit(self, ppm):
        return self.next() % PPM < ppm


def ping(ns, ip, count, interval="0.01", extra=()):
    """Runs ping; returns (transmitted, received, duplicates, output)."""
    out = ns.run("ping", "-n", "-c", count, "-i", interval, "-W", "1", *extra, ip,
                 check=False, timeout=120).stdout
    m = re.search(r"(\d+) packets transmitted, (\d+) received(?:, \+(\d+) duplicates)?", out)
    assert m, out
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0), out


def rtts(out):
    m = re.search(r"rtt min/avg/max/mdev = ([\d.]+)/([\d.]+)/([\d.]+)/([\d.]+) ms", out)
    assert m, out
    return [float(x) for x in m.groups()]


def udp_stream(link, payloads, idle=1.0):
    """Sends payloads from A to B:PORT, paced so no kernel queue overflows; returns what B got,
    in arrival order."""
    rx = link.b.ns.socket()
    rx.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
    rx.bind((link.b.ip, PORT))
    rx.settimeout(idle)
    tx = link.a.ns.socket()
    with rx, tx:
        for i, p in enumerate(payloads):
            tx.sendto(p, (link.b.ip, PORT))
            if i % 16 == 15:
                time.sleep(0.001)
        got = []
        while True:
            try:
                got.append(rx.recv(65535))
            except socket.timeout:
                return got


def numbered(count, size=64):
    return [struct.pack("!I", i) + bytes(size - 4) for i in range(count)]


def seqs(datagrams):
    return [struct.unpack("!I", d[:4])[0] for d in datagrams]


def test_clean_link_passes_everything_in_order(impaired_link):
    link = impaired_link("--seed", 1)
    sent, received, dups, out = ping(link.a.ns, link.b.ip, 100, "0.005")
    assert (sent, received, dups) == (100, 100, 0), out

    got = udp_stream(link, numbered(1000, 200))
    assert seqs(got) == list(range(1000))
    assert all(g == d for g, d in zip(got, numbered(1000, 200)))

    stats = link.bridge.stop()
    # Exactly the frames the test sent: 100 echo requests + 1000 datagrams, 100 replies.
    assert stats["a2b"]["rx"] == stats["a2b"]["tx"] == 1100, stats
    assert stats["b2a"]["rx"] == stats["b2a"]["tx"] == 100, stats
    for d in stats.values():
        assert d["lost"] == d["tx_error"] == d["queue_full"] == d["pending"] == 0


# The number of the first 1000 a2b frames that seed 20261121 drops at 20%: the C bridge and the
# Python model must both agree with this constant (a change to either is a visible change).
LOSS_SEED = 20261121
LOSS_EXPECTED = 207


def test_loss_drops_exactly_the_frames_the_seed_says(impaired_link):
    model = SplitMix(LOSS_SEED, 0)
    predicted_lost = {i for i in range(1000) if model.hit(200_000)}
    assert len(predicted_lost) == LOSS_EXPECTED
    # Statistical sanity of the generator: 20% of 1000 is 200 +- 12.6 (1 sigma).
    assert 150 <= len(predicted_lost) <= 250

    link = impaired_link("--seed", LOSS_SEED, "--loss", "a2b:20%")
    got = udp_stream(link, numbered(1000))
    stats = link.bridge.stop()
    assert stats["a2b"]["rx"] == 1000, stats
    assert set(seqs(got)) == set(range(1000)) - predicted_lost
    assert stats["a2b"]["lost"] == LOSS_EXPECTED
    assert stats["a2b"]["tx"] == 1000 - LOSS_EXPECTED
    assert stats["b2a"]["lost"] == 0


def test_loss_both_ways_seen_by_ping(impaired_link):
    link = impaired_link("--seed", 77, "--loss", "20%")
    sent, received, _, out = ping(link.a.ns, link.b.ip, 300, "0.005")
    stats = link.bridge.stop()
    # Every request ping sent crossed the bridge's input; every reply it forwarded came back.
    assert stats["a2b"]["rx"] == sent == 300
    assert stats["b2a"]["rx"] == stats["a2b"]["tx"]
    assert received == stats["b2a"]["tx"], out
    # A round trip survives with 0.8 * 0.8 = 64%: 192 of 300, sigma 8.3; bounds at ~5 sigma.
    assert 150 <= received <= 235, out
    assert 30 <= stats["a2b"]["lost"] <= 90 and 15 <= stats["b2a"]["lost"] <= 75, stats


def test_duplicates_reach_the_peer(impaired_link):
    link = impaired_link("--seed", 5, "--dup", "50%")
    sent, received, dups, out = ping(link.a.ns, link.b.ip, 20, "0.02")
    assert "DUP!" in out
    stats = link.bridge.stop()
    assert received == sent == 20, out
    # Every request copy is answered, every reply copy arrives: all but one per ping are DUPs,
    # except up to 3 extra copies of the last reply, which come after ping has finished.
    assert stats["b2a"]["rx"] == stats["a2b"]["tx"] == 20 + stats["a2b"]["duplicated"]
    assert 0 < stats["b2a"]["tx"] - 20 - 3 <= dups <= stats["b2a"]["tx"] - 20, out


def test_duplicates_of_datagrams_match_the_model(impaired_link):
    model = SplitMix(6, 0)
    duplicated = [i for i in range(500) if model.hit(100_000)]
    link = impaired_link("--seed", 6, "--dup", "a2b:10%")
    got = udp_stream(link, numbered(500))
    stats = link.bridge.stop()
    expected = sorted(list(range(500)) + duplicated)
    assert seqs(got) == expected          # a duplicate follows its original at once
    assert stats["a2b"]["duplicated"] == len(duplicated) > 0


def tagged(seq, rng):
    """A datagram whose last 32 bytes are the sha256 of the rest, so any change shows."""
    body = struct.pack("!I", seq) + rng.randbytes(rng.randrange(20, 1400))
    return body + hashlib.sha256(body).digest()


def verifies(d):
    return len(d) > 36 and hashlib.sha256(d[:-32]).digest() == d[-32:]


def test_corruption_is_caught_by_checksums(impaired_link):
    rng = random.Random(11)
    payloads = [tagged(i, rng) for i in range(2000)]
    link = impaired_link("--seed", 3, "--corrupt", "a2b:10%")
    before = link.b.ns.snmp()
    got = udp_stream(link, payloads)
    after = link.b.ns.snmp()
    stats = link.bridge.stop()

    assert stats["a2b"]["rx"] == stats["a2b"]["tx"] == 2000, stats
    corrupted = stats["a2b"]["corrupted"]
    assert 120 <= corrupted <= 280, stats
    # Not one delivered datagram differs from what was sent...
    bad = [d for d in got if not verifies(d)]
    assert not bad, f"{len(bad)} corrupted datagrams delivered"
    assert len(set(seqs(got))) == len(got)
    # ...and every missing one was rejected by a checksum or header check, none vanished.
    ip_rejects = after["Ip"]["InHdrErrors"] - before["Ip"]["InHdrErrors"]
    udp_rejects = after["Udp"]["InErrors"] - before["Udp"]["InErrors"]
    assert after["Udp"]["InCsumErrors"] > before["Udp"]["InCsumErrors"]
    assert len(got) + ip_rejects + udp_rejects == 2000
    # A flip in the UDP checksum field that turns it into 0 ("no checksum") is harmless, so a
    # few corrupted frames may be delivered intact; all others must have been rejected.
    assert 2000 - corrupted <= len(got) <= 2000 - corrupted + 3


def test_delay_and_jitter_raise_rtt(impaired_link):
    base = impaired_link("--seed", 1)
    _, received, _, out = ping(base.a.ns, base.b.ip, 20, "0.02")
    assert received == 20
    base_min = rtts(out)[0]

    link = impaired_link("--seed", 2, "--delay", "20ms", "--jitter", "5ms")
    _, received, _, out = ping(link.a.ns, link.b.ip, 40, "0.05")
    assert received == 40, out
    rtt_min, rtt_avg, _, rtt_mdev = rtts(out)
    # Each way waits 20 +- 5 ms: a round trip can never be shorter than 30 ms.
    assert rtt_min >= 30.0 > base_min, out
    assert 30.0 <= rtt_avg <= 200.0 and rtt_mdev > 0.2, out

    one_way = impaired_link("--seed", 2, "--delay", "b2a:50ms")
    _, received, _, out = ping(one_way.a.ns, one_way.b.ip, 5, "0.1")
    assert received == 5 and rtts(out)[0] >= 50.0, out


def reorder_model(seed, count, ppm):
    """The arrival order the bridge produces: a held frame leaves right after the next one."""
    rng = SplitMix(seed, 0)
    order, held = [], None
    for i in range(count):
        if rng.hit(ppm) and held is None:
            held = i
            continue
        order.append(i)
        if held is not None:
            order.append(held)
            held = None
    if held is not None:
        order.append(held)      # released when --reorder-hold expires
    return order


def test_reorder_swaps_exactly_the_predicted_frames(impaired_link):
    # The hold outlasts any gap between two paced datagrams, so only the last one can expire.
    link = impaired_link("--seed", 9, "--reorder", "a2b:10%", "--reorder-hold", "300ms")
    got = seqs(udp_stream(link, numbered(1000)))
    stats = link.bridge.stop()
    expected = reorder_model(9, 1000, 100_000)
    assert got == expected
    descents = sum(1 for x, y in zip(got, got[1:]) if y < x)
    assert descents == stats["a2b"]["reordered"] > 50, stats
    assert sorted(got) == list(range(1000))


def test_pcap_holds_every_forwarded_and_dropped_frame(impaired_link, tmp_path):
    fwd, dropped = tmp_path / "fwd.pcap", tmp_path / "dropped.pcap"
    link = impaired_link("--seed", 4, "--loss", "10%", "--dup", "5%", "--corrupt", "2%",
                         "--pcap", fwd, "--pcap-dropped", dropped)
    ping(link.a.ns, link.b.ip, 50, "0.005")
    udp_stream(link, numbered(300, 100))
    stats = link.bridge.stop()

    frames = rdpcap(str(fwd))
    assert len(frames) == stats["a2b"]["tx"] + stats["b2a"]["tx"]
    lost = rdpcap(str(dropped))
    assert len(lost) == sum(d["lost"] + d["queue_full"] + d["tx_error"] + d["runt"]
                            for d in stats.values()) > 0
    macs = {link.a.mac, link.b.mac}
    for f in list(frames) + list(lost):
        assert isinstance(f, Ether) and {f.src, f.dst} == macs
    # Forwarded datagrams are there as sent, one per copy the bridge made of an intact frame.
    udp_payloads = [bytes(f.payload.payload.payload) for f in frames
                    if f.haslayer("UDP") and f["UDP"].dport == PORT]
    assert len(udp_payloads) >= 300 * 0.8


def free_udp_port(ns):
    with ns.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


QEMU_NETDEVS = {
    # name: (impair endpoint, QEMU netdev), ports filled in by the test
    "socket-udp": ("udp:{p1}:{p2}",
                   "socket,id=s0,udp=127.0.0.1:{p1},localaddr=127.0.0.1:{p2}"),
    "dgram": ("udp:{p1}:{p2}",
              "dgram,id=s0,remote.type=inet,remote.host=127.0.0.1,remote.port={p1},"
              "local.type=inet,local.host=127.0.0.1,local.port={p2}"),
    "stream-client": ("tcp-listen:{p1}",
                      "stream,id=s0,server=off,addr.type=inet,addr.host=127.0.0.1,"
                      "addr.port={p1}"),
    "stream-server": ("tcp:{p1}",
                      "stream,id=s0,server=on,addr.type=inet,addr.host=127.0.0.1,"
                      "addr.port={p1}"),
    "socket-connect": ("tcp-listen:{p1}", "socket,id=s0,connect=127.0.0.1:{p1}"),
    "socket-listen": ("tcp:{p1}", "socket,id=s0,listen=127.0.0.1:{p1}"),
}


def qemu_hub(ns, *netdevs):
    """A QEMU with no CPU whose network hub joins the given netdevs (ids s0, s1, ...): a real
    QEMU speaking each netdev's framing, with no firmware needed."""
    cmd = ["qemu-system-arm", "-M", "none", "-nographic", "-monitor", "none", "-serial", "none"]
    for i, nd in enumerate(netdevs):
        cmd += ["-netdev", nd, "-netdev", f"hubport,id=h{i},hubid=0,netdev=s{i}"]
    return ns.popen(*cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_link(ns, ifname, timeout=10):
    deadline = time.monotonic() + timeout
    while ns.run("ip", "link", "show", ifname, check=False).returncode != 0:
        assert time.monotonic() < deadline, f"{ifname} never appeared in {ns.name}"
        time.sleep(0.05)


@pytest.mark.parametrize("kind", sorted(QEMU_NETDEVS))
def test_between_qemu_netdev_and_tap(kind, netns, impair):
    """Linux (A) -- tap -- impair -- QEMU netdev -- QEMU hub -- tap -- Linux (B)."""
    net = subnet()
    ns_a, ns_b = netns(), netns()
    p1, p2 = (free_udp_port(ns_b), free_udp_port(ns_b)) if "udp" in kind or kind == "dgram" \
        else (free_port(ns_b), None)
    ep, nd = (s.format(p1=p1, p2=p2) for s in QEMU_NETDEVS[kind])
    if ep.startswith("tcp-listen"):
        bridge = impair(f"tap:ia@{ns_a.name}", ep, ns=ns_b)
        qemu_hub(ns_b, nd, "tap,id=s1,ifname=qb,script=no,downscript=no")
    else:
        qemu_hub(ns_b, nd, "tap,id=s1,ifname=qb,script=no,downscript=no")
        wait_for_link(ns_b, "qb")
        bridge = impair(f"tap:ia@{ns_a.name}", ep, ns=ns_b)
    wait_for_link(ns_b, "qb")
    ns_a.configure("ia", mac="02:77:00:00:00:01", cidr=f"{net}.1/24")
    ns_b.configure("qb", mac="02:77:00:00:00:02", cidr=f"{net}.2/24")
    ns_a.neigh(f"{net}.2", "02:77:00:00:00:02", "ia")
    ns_b.neigh(f"{net}.1", "02:77:00:00:00:01", "qb")

    # A stream peer may still be connecting: the first pings may go nowhere, later ones must.
    deadline = time.monotonic() + 10
    while ping(ns_a, f"{net}.2", 1)[1] != 1:
        assert time.monotonic() < deadline, f"no path through QEMU {kind}"
    sent, received, dups, out = ping(ns_a, f"{net}.2", 50, "0.005")
    assert (sent, received, dups) == (50, 50, 0), out
    big = ping(ns_a, f"{net}.2", 5, "0.05", extra=("-s", "1472"))
    assert big[1] == 5, big[3]
    stats = bridge.stop()
    assert stats["a2b"]["tx_error"] == 0 and stats["b2a"]["oversize"] == 0, stats


def test_raw_endpoint_joins_a_tap_another_process_holds(netns, impair):
    """As with a native firmware holding its TAP: the bridge cannot open that TAP, so it reads
    and writes the frames through AF_PACKET on the interface (raw:IFNAME@NETNS). Here QEMU holds
    the TAP `qf` and hubs it to a second TAP `qg` that carries B's address."""
    net = subnet()
    ns_a, ns_b = netns(), netns()
    qemu_hub(ns_b, "tap,id=s0,ifname=qf,script=no,downscript=no",
             "tap,id=s1,ifname=qg,script=no,downscript=no")
    wait_for_link(ns_b, "qf")
    wait_for_link(ns_b, "qg")
    ns_b.configure("qf")          # no address: B's own stack ignores what crosses qf
    bridge = impair(f"tap:ia@{ns_a.name}", f"raw:qf@{ns_b.name}")
    ns_a.configure("ia", mac="02:77:00:00:01:01", cidr=f"{net}.1/24")
    ns_b.configure("qg", mac="02:77:00:00:01:02", cidr=f"{net}.2/24")
    ns_a.neigh(f"{net}.2", "02:77:00:00:01:02", "ia")
    ns_b.neigh(f"{net}.1", "02:77:00:00:01:01", "qg")

    sent, received, dups, out = ping(ns_a, f"{net}.2", 50, "0.005")
    assert (sent, received, dups) == (50, 50, 0), out
    stats = bridge.stop()
    # Only the test's frames: PACKET_IGNORE_OUTGOING keeps our own sends from echoing back.
    assert stats["a2b"]["tx"] == 50 and stats["b2a"]["rx"] == 50, stats
