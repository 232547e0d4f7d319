"""mqtt-device end to end (issue 7), natively and in QEMU (mps2-an500), with the real peers: a
mosquitto in the device's network namespace, the host tool (kitconf) and mosquitto_sub.

Each test boots its own device on a TAP in a namespace of its own, Linux at NET.1 with mosquitto
listening there on 1883:
  native       static address NET.2/24 (--ip), broker by address (--broker NET.1)
  native-h7model, native-f4model
               the same, through a NUCLEO board's own Ethernet driver on the model of its DMA
               engine (boardmodels.py): the F4 one is the driver mqtt-device ships with
  mps2-an500   DHCP from dnsmasq, broker by name (a build with BROKER=broker.test, which dnsmasq
               resolves to NET.1): the transport's DNS path

It checks: the boot log shows the configuration; the device connects; alive is retained "1";
telemetry arrives every period (by the device's own clock, the uptime in each message); a set of
led to true is answered OK and the device logs "led: on"; bad values are refused with the reason
and change nothing; losing the link (native: the TAP taken down; QEMU: the monitor's set_link)
drops the connection, and when the link is back the session is re-established and settings work
again."""
import json
import os
import re
import socket
import subprocess
import threading
import time

import pytest

from boardmodels import MODELS, model_image
from kitnet import ROOT, native_binary, new_netns, subnet
from netcore import Dnsmasq, image, variant_image

BOARDS = ["native", "mps2-an500", *MODELS]
TAP = "md0"
PORT = 1883  # inside the test's own namespace nothing else listens
QEMU_MAC = "02:77:fd:00:00:02"
QEMU_SETTINGS = {"MAC_ADDRESS": QEMU_MAC, "BROKER": "broker.test"}


def linux_process(board):
    """native, or a model flavour: a Linux process on the TAP, options on its command line."""
    return board == "native" or board in MODELS


def prefix_of(mac):
    return "dt/kit/mqtt-device/" + mac.replace(":", "-")


class Device:
    """mqtt-device natively or in QEMU inside ns, on the TAP; QEMU gets a monitor socket for
    set_link. Its log lines are collected by a thread."""

    def __init__(self, ns, board, binary, args, workdir):
        self.board = board
        if linux_process(board):
            cmd = [binary, "--tap", TAP, *args]
        else:
            self.monitor = f"{workdir}/monitor.sock"
            cmd = ["qemu-system-arm", "-M", board, "-nographic", "-serial", "stdio",
                   "-monitor", f"unix:{self.monitor},server,nowait", "-kernel", binary,
                   "-netdev", f"tap,id=n0,ifname={TAP},script=no,downscript=no",
                   "-net", "nic,netdev=n0,model=lan9118"]
        self.proc = ns.popen(*cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL)
        self.lines = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.proc.stdout:
            with self.cond:
                self.lines.append(raw.decode(errors="replace").rstrip("\r\n"))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait(self, pattern, timeout=15, start=0):
        """The first match of pattern in a log line from index start on."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines[start:]:
                    m = rx.search(line)
                    if m:
                        return m
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise AssertionError(f"no log line matching {pattern!r} within {timeout} s "
                                         f"(exit {self.proc.poll()}):\n" +
                                         "\n".join(self.lines[-40:]))
                self.cond.wait(min(left, 0.2))

    def mark(self):
        with self.cond:
            return len(self.lines)

    def count(self, pattern, start=0):
        with self.cond:
            return sum(1 for l in self.lines[start:] if re.search(pattern, l))

    def set_link(self, up):
        """QEMU's monitor: the NIC's link (the LAN9118's PHY reports it)."""
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(self.monitor)
            s.settimeout(5)
            s.sendall(f"set_link n0 {'on' if up else 'off'}\n".encode())
            time.sleep(0.2)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)


class Setup:
    """The namespace, its broker (and dnsmasq for QEMU), the device, and the host's tools."""

    def __init__(self, board, mosquitto_broker, workdir):
        self.board, self.net = board, subnet()
        octet = int(self.net.rsplit(".", 1)[1])
        self.ns = new_netns()
        self.dnsmasq = self.dev = None
        self.ns.add_tap(TAP, cidr=f"{self.net}.1/24")
        self.broker = mosquitto_broker(ns=self.ns, host=f"{self.net}.1", port=PORT)
        if linux_process(board):
            self.mac = f"02:77:{octet:02x}:00:00:02"
            binary = (image("native", "mqtt-device") if board == "native" else
                      model_image(board, "mqtt-device"))
            args = ["--mac", self.mac, "--ip", f"{self.net}.2/24", "--broker", f"{self.net}.1"]
        else:
            self.mac = QEMU_MAC
            binary = variant_image(board, "mqtt-device", "dhcp-name", QEMU_SETTINGS)
            args = []
            self.dnsmasq = Dnsmasq(self.ns, TAP, f"{self.net}.1",
                                   dhcp_range=f"{self.net}.50,{self.net}.99,255.255.255.0,10m",
                                   addresses={"broker.test": f"{self.net}.1"}, workdir=workdir)
        self.prefix = prefix_of(self.mac)
        self.kitconf_bin = native_binary("kitconf")
        self.dev = Device(self.ns, board, binary, args, workdir)

    def ready(self):
        """Connected and its settings published (those retained on the broker applied)."""
        return self.dev.wait(r"miniconf: settings applied", timeout=30)

    def kitconf(self, *args, timeout=20):
        return self.ns.run(self.kitconf_bin, "-b", f"{self.net}.1:{PORT}", *args, check=False,
                           timeout=timeout, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def sub(self, topic, count, seconds, fmt="%p", extra=()):
        """mosquitto_sub inside the namespace: `count` messages (or what came in `seconds`)."""
        r = self.ns.run("mosquitto_sub", "-h", f"{self.net}.1", "-p", PORT, "-V", "mqttv5",
                        "-t", topic, "-C", count, "-W", seconds, "-F", fmt, *extra, check=False,
                        timeout=seconds + 10)
        return r.stdout.splitlines()

    def close(self):
        if self.dev:
            self.dev.stop()
        if self.dnsmasq:
            self.dnsmasq.stop()
        self.ns.close()


@pytest.fixture(params=BOARDS)
def device(request, mosquitto_broker, tmp_path):
    s = Setup(request.param, mosquitto_broker, tmp_path)
    try:
        yield s
    finally:
        s.close()


def test_boots_connects_and_announces_itself(device):
    d = device.dev
    d.wait(r"mqtt-device 0\.1\.0 .* on " + re.escape(device.board))
    if device.board in MODELS:
        d.wait(r"eth: STM32(H7|F4) driver on the modelled")
    if linux_process(device.board):
        d.wait(rf"net: mac {device.mac} ip {re.escape(device.net)}\.2/24")
        d.wait(rf"mqtt-device: broker {re.escape(device.net)}\.1:1883, client id mqtt-device-")
    else:
        d.wait(rf"net: mac {device.mac} ip DHCP")
        d.wait(rf"net: DHCP bound {re.escape(device.net)}\.\d+/24", timeout=30)
        d.wait(r"mqtt-device: broker broker\.test:1883, client id mqtt-device-")
    d.wait(rf"mqtt-device: settings under {re.escape(device.prefix)}$")
    d.wait(rf"mqtt: connected to \S+:1883 \(session new\)", timeout=30)
    device.ready()
    # alive: "1", retained (%r is the retain flag of what a new subscriber gets)
    assert device.sub(f"{device.prefix}/alive", 1, 5, fmt="%r %p") == ["1 1"]
    # every leaf, read back through the host tool: the network as the device has it
    r = device.kitconf(device.prefix, "?")
    assert r.returncode == 0, r.stderr
    values = dict(l.split("=", 1) for l in r.stdout.splitlines())
    assert list(values) == ["/led", "/telemetry_period", "/net/mac", "/net/ip", "/net/gateway",
                            "/net/broker"], r.stdout
    assert values["/led"] == "false" and values["/telemetry_period"] == "10"
    assert values["/net/mac"] == f'"{device.mac}"'
    assert re.fullmatch(rf'"{re.escape(device.net)}\.\d+/24"', values["/net/ip"]), values
    if linux_process(device.board):
        assert values["/net/ip"] == f'"{device.net}.2/24"'


def test_telemetry_every_period(device):
    device.ready()
    r = device.kitconf(device.prefix, "/telemetry_period=1")
    assert (r.returncode, r.stdout) == (0, "/telemetry_period=1\n"), r.stderr
    msgs = [json.loads(p) for p in device.sub(f"{device.prefix}/telemetry", 5, 10)]
    assert len(msgs) == 5, msgs
    # The device's own clock: one message per second, on the second (no drift, no timing of the
    # host in the measurement).
    uptimes = [m["uptime_s"] for m in msgs]
    gaps = [round(b - a, 3) for a, b in zip(uptimes, uptimes[1:])]
    assert all(abs(g - 1.0) <= 0.02 for g in gaps), gaps
    last = msgs[-1]
    assert last["link"] is True and last["mqtt_reconnects"] == 0, last
    assert last["app"]["led"] is False and last["app"]["sets"] >= 1, last
    assert last["rx_frames"] > 0 and last["tx_frames"] > 0 and last["tx_bytes"] > 0, last
    # a longer period applies at once
    r = device.kitconf(device.prefix, "/telemetry_period=2")
    assert r.returncode == 0, r.stderr
    msgs = [json.loads(p) for p in device.sub(f"{device.prefix}/telemetry", 3, 8)]
    gaps = [round(b["uptime_s"] - a["uptime_s"], 3) for a, b in zip(msgs, msgs[1:])]
    assert len(gaps) == 2 and all(abs(g - 2.0) <= 0.02 for g in gaps), (gaps, msgs)


def test_led_set_and_bad_values_refused(device):
    device.ready()
    mark = device.dev.mark()
    r = device.kitconf(device.prefix, "/led=true")
    assert (r.returncode, r.stdout, r.stderr) == (0, "/led=true\n", "")
    device.dev.wait(r"settings: /led = true", start=mark)
    device.dev.wait(r"led: on$", start=mark)
    r = device.kitconf(device.prefix, "/led", "/telemetry_period")
    assert r.stdout == "/led=true\n/telemetry_period=10\n", r
    before = device.kitconf(device.prefix, "?").stdout
    refused = [
        ("/telemetry_period=0", "out of range: 1..3600"),
        ("/telemetry_period=3601", "out of range: 1..3600"),
        ("/telemetry_period=-1", "out of range"),
        ("/telemetry_period=1.5", "expected an integer"),
        ("/led=1", "expected true or false"),
        ("/led=yes", "invalid JSON"),
        ('/net/ip="10.0.0.1/8"', "read-only"),
        ("/nope=1", "/ has no 'nope'"),
    ]
    mark = device.dev.mark()
    for cmd, reason in refused:
        r = device.kitconf(device.prefix, cmd)
        assert r.returncode == 4 and reason in r.stderr and r.stdout == "", (cmd, r)
    assert device.kitconf(device.prefix, "?").stdout == before
    # nothing changed on the device: no LED line, no settings line, only the refusals
    assert device.dev.count(r"led: |settings: /", start=mark) == 0, device.dev.lines[mark:]
    assert device.dev.count(r"refused", start=mark) == len(refused) - 1  # /nope is no leaf
    mark = device.dev.mark()
    r = device.kitconf(device.prefix, "/led=false")
    assert r.returncode == 0
    device.dev.wait(r"led: off$", start=mark)


def take_link(device, up):
    """native: the TAP down; a model: the same, the PHY model's cable pulled."""
    if linux_process(device.board):
        device.ns.ip("link", "set", TAP, "up" if up else "down")
    else:
        device.dev.set_link(up)


def test_link_loss_and_recovery(device):
    device.ready()
    assert device.kitconf(device.prefix, "/led=true", "/telemetry_period=2").returncode == 0
    mark = device.dev.mark()
    take_link(device, False)
    device.dev.wait(r"net: link down", timeout=5, start=mark)
    device.dev.wait(r"network lost: connection to the broker reset", timeout=5, start=mark)
    device.dev.wait(r"mqtt: disconnected", timeout=5, start=mark)
    time.sleep(2)  # down for a while: connection attempts fail meanwhile
    take_link(device, True)
    device.dev.wait(r"net: link up", timeout=5, start=mark)
    # Back at once (not after a backoff): the session the broker kept is resumed.
    m = device.dev.wait(r"mqtt: connected to \S+ \(session (\w+)\)", timeout=15, start=mark)
    assert m.group(1) == "resumed", m.group(0)
    device.dev.wait(r"miniconf: settings applied", timeout=15, start=mark)
    assert device.sub(f"{device.prefix}/alive", 1, 5, fmt="%r %p") == ["1 1"]
    r = device.kitconf(device.prefix, "/led", "/led=false")
    assert (r.returncode, r.stdout) == (0, "/led=true\n/led=false\n"), r
    device.dev.wait(r"led: off$", start=mark)
    msgs = [json.loads(p) for p in device.sub(f"{device.prefix}/telemetry", 1, 5)]
    assert msgs and msgs[0]["mqtt_reconnects"] == 1 and msgs[0]["link"] is True, msgs


def test_broker_restart(device):
    """The broker goes away (its FIN: the transport reports the end of the stream), is refused
    while down (RST: connect fails) and comes back: the device reconnects by itself."""
    device.ready()
    mark = device.dev.mark()
    device.broker.stop()
    device.dev.wait(r"mqtt: disconnected", timeout=10, start=mark)
    time.sleep(1.5)  # attempts meanwhile are refused
    device.broker.start()
    # A new broker process has no session: a new one, settings published again.
    device.dev.wait(r"mqtt: connected to \S+ \(session new\)", timeout=15, start=mark)
    device.dev.wait(r"miniconf: settings applied", timeout=15, start=mark)
    r = device.kitconf(device.prefix, "/led=true")
    assert r.returncode == 0, r
    device.dev.wait(r"led: on$", start=mark)


BUILD_SETTINGS = [
    ({"BROKER": "bad_host!"}, "BROKER='bad_host!' is not HOST[:PORT]"),
    ({"BROKER": "broker.lan:99999"}, "the port must be a number 1..65535"),
    ({"BROKER": "10.0.0.256"}, "256 is not an octet"),
    ({"BROKER_IP_ADDRESS": "300.1.1.1"}, "300 is not an octet"),
    ({"BROKER_IP_ADDRESS": "10.0.0.1", "BROKER": "broker.lan"}, "name different brokers"),
    ({"IP_ADDRESS": "10.0.0.0/24"}, "network or broadcast address"),
]


@pytest.mark.parametrize("settings,error", BUILD_SETTINGS)
def test_build_time_settings_are_checked(settings, error, tmp_path):
    """A malformed broker (or address) stops the configure with the reason: no image is made
    that would boot with a wrong one."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAC_ADDRESS", "IP_ADDRESS", "GATEWAY", "DNS_SERVER", "BROKER",
                        "BROKER_IP_ADDRESS")}
    env.update(settings)
    r = subprocess.run(["cmake", "-S", ROOT, "-B", tmp_path / "tree", "-G", "Ninja",
                        "-DBOARD=mps2-an500"], env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=120)
    assert r.returncode != 0 and error in " ".join(r.stdout.split()), r.stdout[-2000:]


def test_build_time_broker_reaches_the_image(tmp_path):
    """BROKER=HOST:PORT is taken apart into the two compile definitions of broker.c alone."""
    env = {k: v for k, v in os.environ.items() if k not in ("BROKER", "BROKER_IP_ADDRESS")}
    env["BROKER"] = "broker.lan:1884"
    tree = tmp_path / "tree"
    r = subprocess.run(["cmake", "-S", ROOT, "-B", tree, "-G", "Ninja", "-DBOARD=mps2-an500"],
                       env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stdout[-2000:]
    ninja = (tree / "build.ninja").read_text()
    flags = [l for l in ninja.splitlines() if "MQTT_DEVICE_BROKER_HOST" in l]
    assert flags and all('MQTT_DEVICE_BROKER_HOST=\\"broker.lan\\"' in l and
                         "MQTT_DEVICE_BROKER_PORT=1884" in l for l in flags), flags
