"""Settings over MQTT (miniconf_mqtt's protocol) against a real mosquitto: the device is
tools/conf-device (the kit's layer, MQTT client and settings tree on POSIX sockets), the other
side python3-paho-mqtt (MQTT 5). Every request kind, every rejection reason with the state
unchanged afterwards, the connection's life (alive, will, settle, retained settings, dump),
persistence, telemetry cadence and meta.

The tool's tests (kitconf) are in test_miniconf_tool.py and use the helpers below."""
import json
import re
import signal
import socket
import subprocess
import threading
import time
import uuid

import paho.mqtt.client as paho
import pytest
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from kitnet import native_binary

PREFIX = "dt/kit/conf-device/02-00-00-00-00-01"
CLIENT_ID = "conf-device-020000000001"

# Every leaf of conf-device's tree (tools/conf-device/settings_tree.c), in iteration order.
LEAVES = ["/led", "/telemetry_period", "/mode", "/net/ip", "/net/broker", "/net/port",
          "/pid/0/kp", "/pid/0/ki", "/pid/0/kd", "/pid/1/kp", "/pid/1/ki", "/pid/1/kd",
          "/offset", "/gains/0", "/gains/1", "/gains/2", "/name", "/hw_rev"]
DEFAULTS = {"/led": "false", "/telemetry_period": "10", "/mode": '"off"', "/net/ip": '"127.0.0.1"',
            "/net/broker": '"127.0.0.1"', "/net/port": "1883", "/pid/0/kp": "1.0",
            "/pid/0/ki": "0.1", "/pid/0/kd": "0.0", "/pid/1/kp": "2.0", "/pid/1/ki": "0.2",
            "/pid/1/kd": "0.0", "/offset": "0", "/gains/0": "1", "/gains/1": "2", "/gains/2": "3",
            "/name": '"device"', "/hw_rev": "3"}


class Device:
    """tools/conf-device against a broker; .lines collects its log (stdout)."""

    def __init__(self, binary, broker, *args, prefix=PREFIX):
        self.cmd = [str(binary), "--broker", f"{broker.host}:{broker.port}", "--prefix", prefix,
                    *map(str, args)]
        self.lines = []
        self.cond = threading.Condition()
        self.start()

    def start(self):
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, bufsize=1)
        threading.Thread(target=self._read, args=(self.proc,), daemon=True).start()

    def _read(self, proc):
        for line in proc.stdout:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()

    def count(self, pattern):
        with self.cond:
            return sum(1 for l in self.lines if re.search(pattern, l))

    def wait_line(self, pattern, n=1, timeout=15):
        """Waits until n lines match pattern; returns the n-th match."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                hits = [m for m in (re.search(pattern, l) for l in self.lines) if m]
                if len(hits) >= n:
                    return hits[n - 1]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"conf-device: no line matching {pattern!r} (x{n}):\n" +
                                         "\n".join(self.lines[-40:]))
                self.cond.wait(min(left, 0.2))

    def ready(self, n=1):
        """Connected, settled (retained settings applied) and its dump started."""
        self.wait_line(r"miniconf: settings applied", n)
        return self

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(10)
        return self.proc.returncode

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


class Client:
    """A paho MQTT 5 client with its loop on a thread; .messages: every message received."""

    def __init__(self, broker, client_id=None):
        self.c = paho.Client(client_id=client_id or f"test-{uuid.uuid4().hex[:12]}",
                             protocol=paho.MQTTv5)
        self.messages = []
        self.cond = threading.Condition()
        self.subacks = 0
        self.c.on_message = self._on_message
        self.c.on_subscribe = self._on_subscribe
        self.c.connect(broker.host, broker.port, keepalive=30)
        self.c.loop_start()
        self.response_topic = f"{PREFIX}/response/{uuid.uuid4().hex[:8]}"
        self.subscribed = set()

    def _on_message(self, client, userdata, msg):
        with self.cond:
            self.messages.append(msg)
            self.cond.notify_all()

    def _on_subscribe(self, client, userdata, mid, granted, properties=None):
        with self.cond:
            self.subacks += 1
            self.cond.notify_all()

    def subscribe(self, topic, no_local=False, retain_handling=0):
        before = self.subacks
        self.c.subscribe(topic, options=SubscribeOptions(qos=1, noLocal=no_local,
                                                         retainHandling=retain_handling))
        with self.cond:
            assert self.cond.wait_for(lambda: self.subacks > before, 10), "no SUBACK"
        self.subscribed.add(topic)

    def publish(self, topic, payload, qos=1, retain=False, response_topic=None, cd=None):
        props = None
        if response_topic is not None or cd is not None:
            props = Properties(PacketTypes.PUBLISH)
            if response_topic is not None:
                props.ResponseTopic = response_topic
            if cd is not None:
                props.CorrelationData = cd
        self.c.publish(topic, payload, qos=qos, retain=retain, properties=props).wait_for_publish(10)

    def on(self, topic):
        with self.cond:
            return [m for m in self.messages if m.topic == topic]

    def wait(self, predicate, timeout=10, what="messages"):
        with self.cond:
            assert self.cond.wait_for(predicate, timeout), f"timed out waiting for {what}"

    def request(self, path, payload="", cd=None, timeout=10):
        """A request with a response topic; returns [(code, payload str)] up to the final reply
        (the first that is not Continue), checking that each echoes the correlation data."""
        if self.response_topic not in self.subscribed:
            self.subscribe(self.response_topic)
        cd = cd if cd is not None else uuid.uuid4().bytes
        self.publish(f"{PREFIX}/settings{path}", payload, response_topic=self.response_topic, cd=cd)
        mine = lambda: [m for m in self.on(self.response_topic)
                        if getattr(m.properties, "CorrelationData", None) == cd]
        done = lambda: any(code(m) != "Continue" for m in mine())
        self.wait(done, timeout, f"reply to {path}")
        return [(code(m), m.payload.decode()) for m in mine()]

    def stop(self):
        self.c.disconnect()
        self.c.loop_stop()


def take_over(broker, client_id):
    """Connects with client_id (MQTT 5, clean start), waits for the CONNACK, disconnects."""
    cid = client_id.encode()
    body = b"\x00\x04MQTT\x05\x02\x00\x3c\x00" + len(cid).to_bytes(2, "big") + cid
    with socket.create_connection((broker.host, broker.port), timeout=10) as s:
        s.sendall(bytes([0x10, len(body)]) + body)
        assert s.recv(64)[:1] == b"\x20", "no CONNACK"
        s.sendall(b"\xe0\x00")


def code(msg):
    return dict(getattr(msg.properties, "UserProperty", [])).get("code")


@pytest.fixture
def conf_device():
    binary = native_binary("conf-device")
    made = []

    def start(broker, *args, **kw):
        d = Device(binary, broker, *args, **kw)
        made.append(d)
        return d

    yield start
    for d in made:
        d.kill()


@pytest.fixture
def client():
    made = []

    def make(broker, **kw):
        c = Client(broker, **kw)
        made.append(c)
        return c

    yield make
    for c in made:
        c.stop()


def ready_and_dumped(conf_device, client, broker, *args):
    """Starts the device and returns once its first dump is complete (with a small store the
    dump is paced by PUBACKs, and until it ends List/Dump requests are refused)."""
    watcher = client(broker)
    watcher.subscribe(f"{PREFIX}/settings/#", no_local=True, retain_handling=2)
    dev = conf_device(broker, *args).ready()
    watcher.wait(lambda: len(watcher.messages) >= len(LEAVES), what="the first dump")
    return dev


def get(c, path):
    replies = c.request(path)
    assert len(replies) == 1 and replies[0][0] == "Ok", replies
    return replies[0][1]


def all_values(c):
    return {p: get(c, p) for p in LEAVES}


# ---- the connection's life ----------------------------------------------------------------


def test_boot_announces_settles_then_dumps_every_leaf(mosquitto_broker, conf_device, client):
    broker = mosquitto_broker()
    watcher = client(broker)
    watcher.subscribe(f"{PREFIX}/#")
    dev = conf_device(broker)
    connected = dev.wait_line(r"\[\s*([\d.]+)\] I mqtt: connected")
    applied = dev.wait_line(r"\[\s*([\d.]+)\] I miniconf: settings applied")
    # the 2 s settle between subscribing and the dump (device clock, in its log)
    assert float(applied.group(1)) - float(connected.group(1)) >= 2.0
    watcher.wait(lambda: len([m for m in watcher.messages if "/settings/" in m.topic])
                 >= len(LEAVES), what="the dump")
    alive = watcher.on(f"{PREFIX}/alive")
    assert [m.payload for m in alive] == [b"1"] and alive[0].qos == 1
    meta = watcher.on(f"{PREFIX}/meta")
    assert len(meta) == 1
    info = json.loads(meta[0].payload)
    assert info["firmware"] == "conf-device" and info["board"] == "native"
    assert set(info) == {"firmware", "version", "git", "board", "build_time"}
    dumped = [m for m in watcher.messages if m.topic.startswith(f"{PREFIX}/settings/")]
    assert [m.topic[len(PREFIX) + 9:] for m in dumped] == LEAVES
    assert {m.topic[len(PREFIX) + 9:]: m.payload.decode() for m in dumped} == DEFAULTS
    assert all(m.qos == 1 and not m.retain and code(m) == "Ok" for m in dumped)
    # alive is retained: a newcomer sees it
    late = client(broker)
    late.subscribe(f"{PREFIX}/alive")
    late.wait(lambda: late.on(f"{PREFIX}/alive"), what="retained alive")
    assert late.on(f"{PREFIX}/alive")[0].retain


def test_retained_settings_are_applied_at_boot(mosquitto_broker, conf_device, client):
    broker = mosquitto_broker()
    setter = client(broker)
    setter.publish(f"{PREFIX}/settings/led", "true", retain=True)
    setter.publish(f"{PREFIX}/settings/pid/1/kp", "7.25", retain=True)
    setter.publish(f"{PREFIX}/settings/offset", '"not a number"', retain=True)  # refused, logged
    watcher = client(broker)
    watcher.subscribe(f"{PREFIX}/settings/#", no_local=True, retain_handling=2)
    dev = conf_device(broker).ready()
    dev.wait_line(r"changed /led = true")
    dev.wait_line(r"led: on")
    dev.wait_line(r"set /offset refused: expected an integer")
    # the dump after the settle already shows them
    watcher.wait(lambda: len(watcher.messages) >= len(LEAVES), what="the dump")
    dumped = {m.topic[len(PREFIX) + 9:]: m.payload.decode() for m in watcher.messages}
    assert dumped["/led"] == "true" and dumped["/pid/1/kp"] == "7.25" and dumped["/offset"] == "0"
    c = client(broker)
    assert get(c, "/led") == "true"


def test_will_clears_alive_when_the_device_dies(mosquitto_broker, conf_device, client):
    broker = mosquitto_broker()
    dev = conf_device(broker).ready()
    watcher = client(broker)
    watcher.subscribe(f"{PREFIX}/alive")
    watcher.wait(lambda: watcher.on(f"{PREFIX}/alive"), what="retained alive")
    assert watcher.on(f"{PREFIX}/alive")[0].payload == b"1"
    dev.kill()  # SIGKILL: no DISCONNECT, the broker sees the connection die
    watcher.wait(lambda: len(watcher.on(f"{PREFIX}/alive")) >= 2, what="the will")
    assert watcher.on(f"{PREFIX}/alive")[1].payload == b""
    # and nothing is retained any more
    late = client(broker)
    late.subscribe(f"{PREFIX}/alive")
    time.sleep(0.5)
    assert late.on(f"{PREFIX}/alive") == []


def test_graceful_stop_clears_alive_too(mosquitto_broker, conf_device, client):
    broker = mosquitto_broker()
    dev = conf_device(broker).ready()
    assert dev.stop() == 0
    late = client(broker)
    late.subscribe(f"{PREFIX}/alive")
    time.sleep(0.5)
    assert late.on(f"{PREFIX}/alive") == []


def test_meta_once_per_connection(mosquitto_broker, conf_device, client):
    broker = mosquitto_broker()
    watcher = client(broker)
    watcher.subscribe(f"{PREFIX}/meta")
    watcher.subscribe(f"{PREFIX}/alive", retain_handling=2)
    dev = conf_device(broker).ready()
    time.sleep(0.5)
    assert len(watcher.on(f"{PREFIX}/meta")) == 1
    # Another client taking the device's client id makes the broker drop the device's
    # connection; the device reconnects and starts over. A raw CONNECT, so the intruder never
    # reconnects by itself (paho would, and the two would take turns).
    take_over(broker, CLIENT_ID)
    dev.wait_line(r"mqtt: disconnected")
    dev.ready(2)
    time.sleep(0.5)
    assert dev.count(r"mqtt: connected") == 2
    assert len(watcher.on(f"{PREFIX}/meta")) == 2
    assert watcher.on(f"{PREFIX}/alive")[-1].payload == b"1"  # announced again


# ---- requests -----------------------------------------------------------------------------


def test_get_set_list_dump(mosquitto_broker, conf_device, client):
    broker = mosquitto_broker()
    dev = conf_device(broker).ready()
    c = client(broker)
    # Get: the JSON value, code Ok
    assert c.request("/pid/0/ki") == [("Ok", "0.1")]
    # Set: "OK", the application is told at once, the value reads back
    assert c.request("/led", "true") == [("Ok", "OK")]
    dev.wait_line(r"changed /led = true")
    dev.wait_line(r"led: on")
    assert get(c, "/led") == "true"
    assert c.request("/name", '"k\\u00e9t"') == [("Ok", "OK")]
    assert get(c, "/name") == '"k\u00e9t"'
    # setting the same value again is not a change
    assert c.request("/led", "true") == [("Ok", "OK")]
    time.sleep(0.3)
    assert dev.count(r"changed /led") == 1
    # List: one Continue per leaf path, then an empty Ok
    assert c.request("/pid") == [("Continue", p) for p in LEAVES[6:12]] + [("Ok", "")]
    assert c.request("") == [("Continue", p) for p in LEAVES] + [("Ok", "")]
    assert c.request("/gains") == [("Continue", "/gains/0"), ("Continue", "/gains/1"),
                                   ("Continue", "/gains/2"), ("Ok", "")]
    # Dump (no response topic): the subtree re-published on its settings topics
    watcher = client(broker)
    watcher.subscribe(f"{PREFIX}/settings/#", no_local=True)
    watcher.publish(f"{PREFIX}/settings/pid", "")
    watcher.wait(lambda: len(watcher.messages) >= 6, what="the dump of /pid")
    time.sleep(0.3)
    assert [(m.topic[len(PREFIX) + 9:], m.payload.decode(), code(m)) for m in watcher.messages] == \
        [(p, DEFAULTS[p], "Ok") for p in LEAVES[6:12]]
    # An empty payload on a leaf without a response topic: that leaf re-published
    watcher.messages.clear()
    watcher.publish(f"{PREFIX}/settings/led", "")
    watcher.wait(lambda: watcher.messages, what="the leaf's value")
    assert [(m.topic, m.payload) for m in watcher.messages] == [(f"{PREFIX}/settings/led", b"true")]


REJECTIONS = [
    ("/nope", "1", "/ has no 'nope'"),
    ("/pid/2/kp", "1", "index 2 out of range: /pid has 2 elements"),
    ("/pid/01/kp", "1", "index"),
    ("/led/x", "true", "/led is a leaf, it has no 'x'"),
    ("/pid", "1", "a node has no value of its own"),
    ("/led", "tru", "invalid JSON at byte 0"),
    ("/led", "true false", "invalid JSON"),
    ("/led", "1", "expected true or false"),
    ("/offset", "1.5", "expected an integer"),
    ("/offset", '"5"', "expected an integer, got a string"),
    ("/telemetry_period", "0", "out of range: 1..3600"),
    ("/offset", "-1001", "out of range: -1000..1000"),
    ("/gains/0", "256", "out of range"),
    ("/pid/0/kp", "100.5", "out of range"),
    ("/name", '"a b"', "no spaces allowed"),
    ("/mode", '"dim"', "unknown value 'dim', expected one of: off on blink"),
    ("/net/ip", '"10.0.0.1"', "read-only"),
    ("/hw_rev", "4", "read-only"),
    ("/name", '"0123456789abcdef"', "string longer than 15 bytes"),
    ("/name", '"a\\u0000b"', ""),
    ("/nope", "", "/ has no 'nope'"),  # a Get of an unknown path
]


def test_every_rejection_leaves_the_settings_unchanged(mosquitto_broker, conf_device, client):
    broker = mosquitto_broker()
    dev = conf_device(broker).ready()
    c = client(broker)
    before = all_values(c)
    for path, payload, reason in REJECTIONS:
        replies = c.request(path, payload)
        assert len(replies) == 1 and replies[0][0] == "Error", (path, payload, replies)
        assert reason in replies[0][1], (path, payload, replies)
        if path in before:
            assert get(c, path) == before[path], (path, payload)
    assert all_values(c) == before
    assert dev.count(r"changed ") == 0


def test_second_multipart_request_is_refused_while_one_runs(mosquitto_broker, conf_device, client):
    # A small QoS 1 store (600 bytes) makes the List wait for the broker's PUBACKs, leaf after
    # leaf: the second request arrives while the first is still being answered.
    broker = mosquitto_broker()
    ready_and_dumped(conf_device, client, broker, "--mqtt-store", 600)
    c = client(broker)
    c.subscribe(c.response_topic)
    first, second = b"first-list", b"second-list"
    c.publish(f"{PREFIX}/settings", "", response_topic=c.response_topic, cd=first)
    c.publish(f"{PREFIX}/settings", "", response_topic=c.response_topic, cd=second)
    by_cd = lambda cd: [(code(m), m.payload.decode()) for m in c.on(c.response_topic)
                        if m.properties.CorrelationData == cd]
    c.wait(lambda: by_cd(first)[-1:] == [("Ok", "")] and by_cd(second), what="both answers")
    assert by_cd(first) == [("Continue", p) for p in LEAVES] + [("Ok", "")]
    assert by_cd(second) == [("Error", "Pending multipart response")]
    # and once it is over, a List is served again
    assert c.request("/net") == [("Continue", p) for p in LEAVES[3:6]] + [("Ok", "")]


def test_replies_paced_by_a_small_store_arrive_whole(mosquitto_broker, conf_device, client):
    broker = mosquitto_broker()
    ready_and_dumped(conf_device, client, broker, "--mqtt-store", 300)
    c = client(broker)
    for _ in range(3):
        assert c.request("") == [("Continue", p) for p in LEAVES] + [("Ok", "")]
    # a burst of gets: every one answered (QoS 0 when the QoS 1 store is full, so the order
    # may change: the requester matches replies by correlation data)
    cds = [uuid.uuid4().bytes for _ in range(20)]
    for cd in cds:
        c.publish(f"{PREFIX}/settings/pid/1/ki", "", response_topic=c.response_topic, cd=cd)
    c.wait(lambda: len([m for m in c.on(c.response_topic) if m.properties.CorrelationData in cds])
           == 20, what="20 replies")
    got = [m for m in c.on(c.response_topic) if m.properties.CorrelationData in cds]
    assert sorted(m.properties.CorrelationData for m in got) == sorted(cds)
    assert all(m.payload == b"0.2" and code(m) == "Ok" for m in got)


def test_correlation_data_too_long_for_a_list(mosquitto_broker, conf_device, client):
    broker = mosquitto_broker()
    conf_device(broker).ready()
    c = client(broker)
    assert c.request("/pid", cd=bytes(33)) == [("Error", "Correlation data too long")]
    assert c.request("/pid", cd=bytes(32))[-1] == ("Ok", "")
    # single replies echo any correlation data straight from the request
    assert c.request("/led", cd=bytes(range(200))) == [("Ok", "false")]


def test_paho_set_with_correlation_data_and_user_property(mosquitto_broker, conf_device, client):
    """A second, independent MQTT 5 client (paho) as miniconf's Python client does it."""
    broker = mosquitto_broker()
    dev = conf_device(broker).ready()
    got = []
    done = threading.Event()

    def on_message(cl, userdata, msg):
        got.append(msg)
        done.set()

    p = paho.Client(client_id="paho-setter", protocol=paho.MQTTv5)
    p.on_message = on_message
    p.connect(broker.host, broker.port)
    p.loop_start()
    try:
        p.subscribe("reply/here", qos=1)
        time.sleep(0.3)
        props = Properties(PacketTypes.PUBLISH)
        props.ResponseTopic = "reply/here"
        props.CorrelationData = b"\x00\xffcorrelate\x01"
        p.publish(f"{PREFIX}/settings/pid/0/kp", "2.5", qos=1, properties=props)
        assert done.wait(10), "no reply"
        assert got[0].payload == b"OK"
        assert got[0].properties.CorrelationData == b"\x00\xffcorrelate\x01"
        assert ("code", "Ok") in got[0].properties.UserProperty
        dev.wait_line(r"changed /pid/0/kp = 2.5")
    finally:
        p.disconnect()
        p.loop_stop()
    assert get(client(broker), "/pid/0/kp") == "2.5"


# ---- persistence --------------------------------------------------------------------------


def test_settings_persist_across_a_restart(mosquitto_broker, conf_device, client, tmp_path):
    broker = mosquitto_broker()
    store = tmp_path / "settings.bin"
    dev = conf_device(broker, "--store", store, "--save-delay-ms", 300).ready()
    c = client(broker)
    for path, value in [("/offset", "-5"), ("/name", '"kit"'), ("/pid/1/kp", "3.5"),
                        ("/mode", '"blink"'), ("/led", "true")]:
        assert c.request(path, value) == [("Ok", "OK")]
    dev.wait_line(r"miniconf: settings saved")
    time.sleep(0.6)
    assert dev.count(r"miniconf: settings saved") == 1  # the burst cost one save (debounce)
    assert dev.stop() == 0
    dev2 = conf_device(broker, "--store", store).ready()
    dev2.wait_line(r"settings restored from")
    values = all_values(c)
    assert (values["/offset"], values["/name"], values["/pid/1/kp"], values["/mode"],
            values["/led"]) == ("-5", '"kit"', "3.5", '"blink"', "true")
    assert values["/hw_rev"] == "3"  # read-only: from the firmware, never from the store


def test_corrupt_store_falls_back_to_defaults(mosquitto_broker, conf_device, client, tmp_path):
    broker = mosquitto_broker()
    store = tmp_path / "settings.bin"
    dev = conf_device(broker, "--store", store, "--save-delay-ms", 100).ready()
    c = client(broker)
    assert c.request("/offset", "12") == [("Ok", "OK")]
    dev.wait_line(r"miniconf: settings saved")
    dev.stop()
    data = bytearray(store.read_bytes())
    data[40] ^= 0x01  # a payload byte: the CRC no longer matches
    store.write_bytes(bytes(data))
    dev2 = conf_device(broker, "--store", store).ready()
    dev2.wait_line(r"CRC mismatch")
    assert get(c, "/offset") == "0"


# ---- telemetry ----------------------------------------------------------------------------


def telemetry(c):
    return [json.loads(m.payload) for m in c.on(f"{PREFIX}/telemetry")]


def test_telemetry_cadence_follows_the_period_setting(mosquitto_broker, conf_device, client):
    broker = mosquitto_broker()
    conf_device(broker).ready()
    c = client(broker)
    c.subscribe(f"{PREFIX}/telemetry")
    assert c.request("/telemetry_period", "1") == [("Ok", "OK")]
    c.wait(lambda: len(telemetry(c)) >= 4, timeout=15, what="4 messages at 1 s")
    assert c.request("/telemetry_period", "2") == [("Ok", "OK")]
    n = len(telemetry(c))
    c.wait(lambda: len(telemetry(c)) >= n + 4, timeout=20, what="4 messages at 2 s")
    msgs = telemetry(c)
    # intervals on the device's own clock (uptime_s): one period apart
    fast = [b["uptime_s"] - a["uptime_s"] for a, b in zip(msgs[:3], msgs[1:4])]
    slow = [b["uptime_s"] - a["uptime_s"] for a, b in zip(msgs[n:n + 3], msgs[n + 1:n + 4])]
    assert all(abs(d - 1.0) < 0.1 for d in fast), fast
    assert all(abs(d - 2.0) < 0.1 for d in slow), slow
    m = msgs[-1]
    assert m["link"] is True and m["mqtt_reconnects"] == 0 and m["free_stack"] is None
    assert m["rx_bytes"] > 0 and m["tx_bytes"] > 0 and m["rx_frames"] > 0
    assert m["app"] == {"led": False, "sets": 2, "rejects": 0}
    assert all(x.qos == 0 for x in c.on(f"{PREFIX}/telemetry"))
