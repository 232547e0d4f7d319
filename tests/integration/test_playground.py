"""The playground app (issue 7) on a device, with Linux as the peer: native, in QEMU
(mps2-an500), and through both NUCLEO Ethernet drivers on their DMA models (native-h7model,
native-f4model: the boards' drivers in a Linux process, the model's cable a TAP): ping, TCP echo with several clients at once (python sockets, sha256 both ways), UDP echo
of 1 and 1472 bytes, Debian's `iperf -c` against the iperf 2 server on port 5001 (its rate is
printed, never asserted: figures go to BENCHMARKS.md), the throughput lines of the log during
traffic, the modes the server refuses, and (Linux processes) the link LED following the TAP's
link.

Topology: the device holds the TAP pg0 in a namespace of its own, where Linux has NET.1/24 and
talks to the device at NET.2 directly (no bridge: nothing impairs the link here)."""
import hashlib
import os
import re
import socket
import threading
import time
from dataclasses import dataclass

import pytest

from kitnet import new_netns, subnet
from boardmodels import MODELS, model_image
from netcore import Device, image, variant_image

BOARDS = ["native", "mps2-an500", *MODELS]
TAP = "pg0"
ECHO_PORT = 1234
IPERF_PORT = 5001
QEMU_NET = "10.77.249"
QEMU_STATIC = {"MAC_ADDRESS": "02:77:f9:00:00:02", "IP_ADDRESS": f"{QEMU_NET}.2/24"}
CLIENTS = 4  # every board serves at least this many echo clients at once
RATE_LINE = r"playground: rx (\d+\.\d+) Mbit/s tx (\d+\.\d+) Mbit/s"


@dataclass
class Playground:
    board: str
    ns: object
    dev: Device
    net: str
    ip: str

    def run(self, *cmd, **kw):
        return self.ns.run(*cmd, **kw)

    def tcp(self, timeout=10):
        s = self.ns.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.connect((self.ip, ECHO_PORT))
        return s

    def failure(self, what):
        return f"{what}\n--- device log ---\n{self.dev.log[-4000:]}"


def linux_process(board):
    return board == "native" or board in MODELS


@pytest.fixture(scope="module", params=BOARDS)
def pg(request):
    """playground running on the board, its TAP in a namespace of its own, for the module."""
    board = request.param
    if linux_process(board):
        net = subnet()
        binary = image("native", "playground") if board == "native" else model_image(board, "playground")
        args = ["--mac", f"02:77:{int(net.rsplit('.', 1)[1]):02x}:00:00:02", "--ip", f"{net}.2/24"]
    else:
        net, args = QEMU_NET, []
        binary = variant_image(board, "playground", "static", QEMU_STATIC)
    ns = new_netns()
    dev = None
    try:
        ns.add_tap(TAP, cidr=f"{net}.1/24")
        dev = Device(ns, "native" if linux_process(board) else board, binary, TAP, args)
        dev.wait_log(r"playground: TCP and UDP echo on port 1234", timeout=30)
        yield Playground(board, ns, dev, net, f"{net}.2")
    finally:
        if dev:
            dev.stop()
        ns.close()


def test_boot_log_and_link_led(pg):
    pg.dev.wait_log(r"net: link up")
    pg.dev.wait_log(r"led: link on")
    pg.dev.wait_log(rf"net: mac \S+ ip {re.escape(pg.ip)}/24")


def test_ping(pg):
    out = pg.run("ping", "-c", "5", "-i", "0.1", "-W", "2", pg.ip, check=False).stdout
    assert "5 received" in out, pg.failure(out)
    # A full-size echo request, and one the device must reassemble (3 fragments).
    for size in (1472, 4000):
        out = pg.run("ping", "-c", "2", "-i", "0.2", "-W", "2", "-s", size, pg.ip,
                     check=False).stdout
        assert "2 received" in out, pg.failure(out)


def echo_client(pg, sock, payload, result):
    """Sends payload while reading the echo, then half-closes; result['digest'] is the sha256
    of every byte that came back, result['error'] what went wrong."""
    got = hashlib.sha256()
    received = 0

    def send():
        try:
            sock.sendall(payload)
            sock.shutdown(socket.SHUT_WR)
        except OSError as e:
            result["error"] = f"send: {e}"

    sender = threading.Thread(target=send)
    sender.start()
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                break
            got.update(data)
            received += len(data)
    except OSError as e:
        result["error"] = f"recv after {received} bytes: {e}"
    sender.join()
    result["digest"] = got.hexdigest()
    result["received"] = received


def test_tcp_echo_several_clients_at_once(pg):
    size = 512 * 1024 if pg.board == "native" else 128 * 1024
    mark = len(pg.dev.lines)
    socks = [pg.tcp(timeout=30) for _ in range(CLIENTS)]
    try:
        # Every client gets an answer while all are connected: they are served at once, not
        # one after the other.
        for i, s in enumerate(socks):
            s.sendall(b"hello %d\n" % i)
        for i, s in enumerate(socks):
            want = b"hello %d\n" % i
            got = b""
            while len(got) < len(want):
                chunk = s.recv(len(want) - len(got))
                assert chunk, pg.failure(f"client {i}: connection closed")
                got += chunk
            assert got == want, pg.failure(f"client {i}: {got!r}")
        payloads = [os.urandom(size) for _ in socks]
        results = [{} for _ in socks]
        threads = [threading.Thread(target=echo_client, args=(pg, s, p, r))
                   for s, p, r in zip(socks, payloads, results)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        for i, (p, r) in enumerate(zip(payloads, results)):
            assert "error" not in r, pg.failure(f"client {i}: {r['error']}")
            assert r["received"] == len(p), pg.failure(f"client {i}: {r['received']} bytes")
            assert r["digest"] == hashlib.sha256(p).hexdigest(), pg.failure(f"client {i}")
    finally:
        for s in socks:
            s.close()
    # Each connection was logged when it came and when it ended (the device closes after us).
    for _ in socks:
        pg.dev.wait_log(r"echo: conn \d+ .* closed \(none\)", start=mark)
    opened = [l for l in pg.dev.lines[mark:] if re.search(r"echo: conn \d+ from", l)]
    assert len(opened) == CLIENTS, pg.failure(opened)


def test_udp_echo(pg):
    sock = pg.ns.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(2)
    try:
        for size in (1, 1472):
            payload = os.urandom(size)
            for _attempt in range(3):  # UDP: a lost datagram is allowed, a wrong one is not
                sock.sendto(payload, (pg.ip, ECHO_PORT))
                try:
                    data, src = sock.recvfrom(4096)
                except socket.timeout:
                    continue
                assert src == (pg.ip, ECHO_PORT) and data == payload, pg.failure(size)
                break
            else:
                raise AssertionError(pg.failure(f"no echo of {size} bytes"))
    finally:
        sock.close()


def iperf(pg, *args, timeout=60):
    return pg.run("iperf", "-c", pg.ip, "-p", IPERF_PORT, *args, check=False, timeout=timeout)


def test_iperf_client_measures_the_device(pg):
    seconds = 3
    mark = len(pg.dev.lines)
    proc = iperf(pg, "-t", seconds, "-i", "1")
    out = proc.stdout
    assert proc.returncode == 0, pg.failure(out)
    summary = re.search(rf"0\.0+-\s*{seconds}\.\d+ sec\s+([\d.]+ \w?Bytes)\s+([\d.]+ \w?bits/sec)",
                        out)
    assert summary, pg.failure(out)
    print(f"\n{pg.board}: iperf -c -t {seconds}: {summary.group(1)}, {summary.group(2)}")
    # The device counted what iperf sent and closed cleanly after the client's end of stream.
    m = pg.dev.wait_log(r"iperf: conn \d+ \S+ (\d+) bytes in ([\d.]+) s = ([\d.]+) Mbit/s",
                        start=mark)
    assert int(m.group(1)) > 0 and float(m.group(3)) > 0, pg.failure(m.group(0))
    pg.dev.wait_log(r"iperf: conn \d+ \S+ closed \(none\)", start=mark)
    # The throughput lines of those seconds show the traffic coming in.
    rates = [float(r.group(1)) for r in
             (re.search(RATE_LINE, l) for l in pg.dev.lines[mark:]) if r]
    assert any(r > 0 for r in rates), pg.failure(rates)


def test_iperf_modes_that_need_the_server_to_send_are_refused(pg):
    for opt, what in (("-r", r"a test back"), ("-R", r"data from the server"),
                      ("-X", r"a header acknowledgment")):
        mark = len(pg.dev.lines)
        start = time.monotonic()
        iperf(pg, "-t", "1", opt, timeout=30)
        pg.dev.wait_log(rf"iperf: conn \d+ asks for {what}.*: not served, reset", start=mark)
        pg.dev.wait_log(r"iperf: conn \d+ \S+ closed \(aborted\)", start=mark)
        assert time.monotonic() - start < 20, f"iperf {opt} hung"
    # The server goes on serving plain clients afterwards.
    assert iperf(pg, "-t", "1").returncode == 0


def test_link_led_follows_the_link(pg):
    if not linux_process(pg.board):
        pytest.skip("QEMU's LAN9118 keeps its link up whatever the TAP does")
    mark = len(pg.dev.lines)
    pg.ns.ip("link", "set", TAP, "down")
    pg.dev.wait_log(r"net: link down", timeout=5, start=mark)
    pg.dev.wait_log(r"led: link off", timeout=5, start=mark)
    pg.ns.ip("link", "set", TAP, "up")
    pg.dev.wait_log(r"net: link up", timeout=5, start=mark)
    pg.dev.wait_log(r"led: link on", timeout=5, start=mark)
    out = pg.run("ping", "-c", "3", "-i", "0.2", "-W", "3", pg.ip, check=False).stdout
    assert "3 received" in out, pg.failure(out)
