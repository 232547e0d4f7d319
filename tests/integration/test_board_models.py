"""The network core's integration tests (test_net_core.py) again, through the NUCLEO boards'
Ethernet drivers running against behavioural models of their DMA engines (issues 8 and 9):
boards/native-h7model (drivers/eth/stm32h7_eth.c on the DWC Ethernet QoS model) and
boards/native-f4model (drivers/eth/stm32f4_eth.c on the DWC MAC 10/100 model). Each is the
netcheck app as a Linux process whose Ethernet is the real driver, its registers and descriptors
served by the model, the model's cable a TAP in a namespace the test creates.

The tests taking the `target` fixture are test_net_core's own, imported: the same assertions as
on plain native. Where the hardware legitimately differs from a TAP (the MAC's address filter
and its checksum offload engine drop frames the stack would otherwise count), the malformed
frame test below computes, frame by frame and independently of the C model, what the MAC drops
before the stack, and expects the stack's counters for the rest. Plus what only a modelled MAC
shows: link loss and return through the PHY, DHCP across it.

Trees: build/native-h7model and build/native-f4model (KIT_MODEL_BUILD_ROOT overrides the parent
directory), configured on first use with every build-time network setting empty. Needs root.
Run with /usr/bin/python3 -m pytest tests/integration/test_board_models.py."""
import re
import socket
import struct
import subprocess

import pytest

import test_net_core as core
from boardmodels import MODELS, model_image
from kitnet import new_netns, subnet
from netcore import Device, Dnsmasq, StatsClient, delta
# The module's tests that run against `target`, collected here again with this module's fixture.
from test_net_core import (test_arping_gets_replies, test_boot_log_shows_configuration,  # noqa: F401
                           test_ping_1000_no_loss, test_ping_4000_bytes_reassembled_both_ways,
                           test_udp_echo, test_udp_echo_every_size)

FLAVOURS = MODELS
TAP = core.TAP


def start(ns, flavour, args):
    dev = Device(ns, "native", model_image(flavour, "netcheck"), TAP, args)
    return dev


@pytest.fixture(scope="module", params=FLAVOURS)
def target(request):
    """test_net_core's target, with the driver-on-model executable: it behaves as a native one
    (command line, TAP), so the tests see board "native"."""
    net = subnet()
    octet = int(net.rsplit(".", 1)[1])
    mac = f"02:77:{octet:02x}:00:00:02"
    args = ["--mac", mac, "--ip", f"{net}.2/24", "--gw", f"{net}.1"]
    ns = new_netns()
    dev = stats = None
    try:
        ns.add_tap(TAP, cidr=f"{net}.1/24")
        dev = start(ns, request.param, args)
        dev.wait_log(r"eth: STM32(H7|F4) driver on the modelled", timeout=30)
        dev.wait_log(r"netcheck: UDP echo on port 7", timeout=30)
        ns.neigh(f"{net}.2", mac, TAP)
        stats = StatsClient(ns, f"{net}.2")
        stats.get()
        yield core.Target("native", ns, dev, net, f"{net}.2", mac, stats)
        # The models report a driver breaking one of the manual's rules on stderr (in the log).
        broken = [line for line in dev.lines if "broke a rule" in line]
        assert not broken, "\n".join(broken)
    finally:
        if stats:
            stats.close()
        if dev:
            dev.stop()
        ns.close()


# ---- what the MAC drops before the stack --------------------------------------------------


def _sum16(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def mac_drops(frame, dev_mac):
    """Whether the modelled MAC drops this frame before the stack sees it, as RM0433 / RM0090
    describe the destination filter and the receive checksum offload engine in store-and-forward
    mode (frames with an IP header or payload error are dropped). Independent of the C model."""
    dst = frame[:6]
    if dst != dev_mac and dst != b"\xff" * 6:
        return True  # unicast to someone else, or a group the hash table does not hold
    if frame[12:14] != b"\x08\x00":
        return False
    n = max(len(frame), 60)  # the sender's MAC pads
    ip = frame[14:] + b"\0" * (n - len(frame))
    if len(ip) < 20:
        return True
    ver, ihl, total = ip[0] >> 4, (ip[0] & 15) * 4, struct.unpack("!H", ip[2:4])[0]
    if ver != 4 or ihl < 20 or total < ihl or 14 + total > n:
        return True
    if _sum16(ip[:ihl]) != 0xFFFF:
        return True
    frag = struct.unpack("!H", ip[6:8])[0] & 0x3FFF
    proto, l4 = ip[9], ip[ihl:total]
    coff = {6: 16, 17: 6, 1: 2}.get(proto)
    if frag or coff is None or len(l4) < coff + 2:
        return False  # the payload is not checked
    if proto == 17 and l4[6:8] == b"\0\0":
        return False  # UDP without a checksum
    pseudo = b"" if proto == 1 else ip[12:20] + struct.pack("!BBH", 0, proto, len(l4))
    return _sum16(pseudo + l4) != 0xFFFF


def test_malformed_frames_dropped_and_counted(target):
    """test_net_core's malformed frames: each class either reaches the stack and is counted
    under its reason there, or is dropped whole by the MAC (and then never answered)."""
    t = target
    host_mac = t.ns.mac(TAP)
    dev_mac = bytes.fromhex(t.mac.replace(":", ""))
    classes = core._frames(t, host_mac)
    t.ns.ip("link", "set", TAP, "mtu", "2000")
    sock = t.ns.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    failures, total, by_mac = [], 0, 0
    try:
        sock.bind((TAP, 0))
        for name, frames, drops, other in classes:
            dropped_by_mac = sum(mac_drops(f, dev_mac) for f in frames)
            before = t.stats.get()
            pending = 0
            for frame in frames:
                if pending + len(frame) > core.BARRIER_BYTES:
                    t.stats.get()
                    pending = 0
                sock.send(frame)
                pending += len(frame) + 64
            d = delta(before, t.stats.get())
            total += len(frames)
            by_mac += dropped_by_mac
            got = {k: v for k, v in d.items() if k.startswith("drop.")}
            answered = d.get("icmp.tx", 0) + d.get("arp.tx", 0)
            if drops is None:  # garbage: whatever the MAC let through is dropped by the stack
                if d.get("drops", 0) != len(frames) - dropped_by_mac or answered:
                    failures.append(f"{name}: {len(frames)} frames, {dropped_by_mac} by the "
                                    f"MAC -> {d}")
                continue
            if dropped_by_mac == len(frames):
                drops, other = {}, {}
            elif dropped_by_mac:
                failures.append(f"{name}: the MAC drops only {dropped_by_mac} of {len(frames)}")
                continue
            want_other = {k: v for k, v in d.items() if k in other}
            if got != drops or d.get("drops", 0) != sum(drops.values()) or want_other != other:
                failures.append(f"{name}: expected {drops} {other}, got {d}")
            if d.get("dev.rx_missed") or d.get("dev.rx_errors") or d.get("dev.tx_errors"):
                failures.append(f"{name}: the controller lost frames: {d}")
    finally:
        sock.close()
        t.ns.ip("link", "set", TAP, "mtu", "1500")
    assert total > 3000
    # the filter and the checksum engine did take part: the comparison above is not vacuous
    assert by_mac >= 800, by_mac
    core.alive_and_answering(t)
    assert not failures, "\n".join(failures) + "\n" + t.dev.log[-2000:]


# ---- what only a modelled MAC shows ---------------------------------------------------------


def test_link_loss_and_return(target):
    """The TAP going down is the cable pulled: the PHY model loses its link, the driver's link
    poll turns the MAC's transmitter and receiver off, and back on with the link; no reboot."""
    t = target
    mark = len(t.dev.lines)
    t.ns.ip("link", "set", TAP, "down")
    t.dev.wait_log(r"net: link down", timeout=5, start=mark)
    t.ns.ip("link", "set", TAP, "up")
    t.dev.wait_log(r"net: link up", timeout=5, start=mark)
    t.ns.neigh(t.ip, t.mac, TAP)  # the kernel flushed it with the link
    core.alive_and_answering(t)
    assert "eth: open" not in t.dev.log[mark:]


def test_tx_checksums_inserted_by_the_mac(target):
    """The driver offers checksum offload, so the stack leaves IPv4, UDP and ICMP checksums at 0
    for the MAC to fill in: Linux accepting the echoes (it drops bad checksums) shows the model
    inserted them, at every length around the padding and up to the MTU."""
    t = target
    with t.ns.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        for size in (0, 1, 17, 18, 19, 1000, 1472):
            payload = bytes(range(256)) * (size // 256) + bytes(range(size % 256))
            s.sendto(payload, (t.ip, 7))
            data, _ = s.recvfrom(4096)
            assert data == payload
    out = t.run("ping", "-c", "3", "-i", "0.1", "-W", "2", t.ip, check=False).stdout
    assert "3 received" in out, out


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_dhcp_lease_dns_and_link_cycle(flavour, tmp_path):
    """test_net_core's DHCP and DNS test with the link cycle of its native branch."""
    net = subnet()
    octet = int(net.rsplit(".", 1)[1])
    mac = f"02:77:{octet:02x}:00:00:05"
    ns = new_netns()
    dev = dnsmasq = None
    try:
        ns.add_tap(TAP, cidr=f"{net}.1/24")
        dnsmasq = Dnsmasq(ns, TAP, f"{net}.1", dhcp_range=f"{net}.50,{net}.99,255.255.255.0,10m",
                          addresses={"broker.test": f"{net}.77"}, workdir=tmp_path)
        dev = start(ns, flavour, ["--mac", mac, "--resolve", "broker.test"])
        m = dev.wait_log(r"net: DHCP bound (\S+)/(\d+) gw (\S+) server (\S+)", timeout=40)
        leased = m.group(1)
        assert dnsmasq.leases().get(mac) == leased, (dnsmasq.leases(), dnsmasq.log)
        assert dev.wait_log(r"resolve: broker\.test -> (\S+)", timeout=20).group(1) == f"{net}.77"
        out = ns.run("ping", "-c", "5", "-i", "0.1", "-W", "2", leased, check=False).stdout
        assert "5 received" in out, out + dev.log
        mark = len(dev.lines)
        ns.ip("link", "set", TAP, "down")
        dev.wait_log(r"net: link down", timeout=5, start=mark)
        ns.ip("link", "set", TAP, "up")
        dev.wait_log(r"net: link up", timeout=5, start=mark)
        m = dev.wait_log(r"net: DHCP bound (\S+)/", timeout=30, start=mark)
        assert m.group(1) == leased
        out = ns.run("ping", "-c", "3", "-i", "0.1", "-W", "2", leased, check=False).stdout
        assert "3 received" in out, out + dev.log
        assert not re.search(r"fault|panic|broke a rule", dev.log, re.I), dev.log[-3000:]
    except AssertionError as e:
        raise AssertionError(f"{e}\n--- dnsmasq ---\n{dnsmasq.log if dnsmasq else ''}") from None
    finally:
        if dev:
            dev.stop()
        if dnsmasq:
            dnsmasq.stop()
        ns.close()


# ---- the F429 port in QEMU ----------------------------------------------------------------


def qemu_netduinoplus2(app, seconds):
    """app of the NUCLEO-F429ZI linked for QEMU's netduinoplus2 (an STM32F405: no CCM, no RCC,
    no Ethernet; NUCLEO_F429ZI_QEMU), run for `seconds`: its USART3 log."""
    elf = model_image("nucleo-f429zi", app, tree_name="nucleo-f429zi-qemu",
                      options=["-DNUCLEO_F429ZI_QEMU=ON"])
    proc = subprocess.run(["timeout", str(seconds), "qemu-system-arm", "-M", "netduinoplus2",
                           "-nographic", "-monitor", "none", "-serial", "null", "-serial", "null",
                           "-serial", "stdio", "-kernel", str(elf)],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc.stdout


def test_f429_boots_in_qemu_with_clock_fallback():
    """QEMU models no RCC or PWR (every ready bit reads 0): the clock setup must give up on HSE
    and over-drive within its bounds, say so, and run on HSI; then the platform checks pass."""
    log = qemu_netduinoplus2("platform-test", 5)
    assert "clocks: core 16 MHz, APB1 16 MHz, APB2 16 MHz, PLL48 0 MHz; HSI 16 MHz" in log, log
    assert "W clocks: no HSE from the ST-LINK MCO: PLL runs from HSI" in log, log
    assert "W clocks: over-drive not ready: staying on HSI 16 MHz" in log, log
    assert "on nucleo-f429zi, core clock 16000000 Hz" in log, log
    assert "PASS: 0 failure(s)" in log, log
    assert "FAULT" not in log, log


def test_f429_scheduler_runs_in_qemu():
    """The scheduler on the F429 port (SysTick: QEMU's timer has no compare interrupt for TIM2's
    alarm): timed spawns keep coming, never before their deadline (the demo's heartbeat is a
    second; how late they come depends on the host's load, which is not tested)."""
    log = qemu_netduinoplus2("sched-demo", 5)
    beats = [float(m.group(1)) for m in re.finditer(r"\[\s*([\d.]+)\] I heartbeat \d+", log)]
    assert len(beats) >= 3, log
    gaps = [b - a for a, b in zip(beats, beats[1:])]
    assert all(g >= 0.999 for g in gaps), (gaps, log)
