#!/usr/bin/python3
"""Settings over MQTT, speed: conf-device (the layer on the kit's MQTT client, POSIX sockets)
against a private mosquitto on 127.0.0.1, driven by python3-paho-mqtt (MQTT 5) the way
miniconf's Python client does it (response topic + correlation data), TCP_NODELAY on every
socket (broker: set_tcp_nodelay; the device sets it; the client below). Prints BENCHMARKS.md
rows.

  miniconf/bench/roundtrip.py [NATIVE_BUILD]   (default build/native; best of 3 runs each)

Measured: one Get or Set at a time (round-trip latency, median and 99th percentile), Gets
pipelined (1000 requests sent at once, until the last reply), a List of the whole tree (18 leaves,
until the final Ok), and the same List through a 300-byte QoS 1 store (paced by PUBACKs).
The Python client is part of every figure; the machine is shared, so treat them as orders of
magnitude, not as regressions to watch."""
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import paho.mqtt.client as paho
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "build" / "native")
PREFIX = "dt/kit/conf-device/02-00-00-00-00-01"
RESPONSE = f"{PREFIX}/response/bench"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Requester:
    def __init__(self, port):
        self.replies = {}
        self.cond = threading.Condition()
        self.c = paho.Client(client_id=f"bench-{uuid.uuid4().hex[:8]}", protocol=paho.MQTTv5)
        self.c.on_message = self.on_message
        self.c.connect("127.0.0.1", port)
        # Without it, Nagle holds each small request until the previous segment's (delayed)
        # ACK: 40 ms per round trip, which is the kernel's timer, not the device.
        self.c.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.c.loop_start()
        self.c.subscribe(RESPONSE, qos=1)
        time.sleep(0.3)

    def on_message(self, client, userdata, msg):
        props = dict(msg.properties.UserProperty)
        with self.cond:
            self.replies.setdefault(msg.properties.CorrelationData, []).append(props["code"])
            self.cond.notify_all()

    def send(self, path, payload=""):
        p = Properties(PacketTypes.PUBLISH)
        p.ResponseTopic = RESPONSE
        p.CorrelationData = cd = uuid.uuid4().bytes
        self.c.publish(f"{PREFIX}/settings{path}", payload, qos=1, properties=p)
        return cd

    def done(self, cd):
        codes = self.replies.get(cd)
        return codes and codes[-1] != "Continue"

    def wait(self, cds):
        with self.cond:
            assert self.cond.wait_for(lambda: all(self.done(cd) for cd in cds), 60), "no reply"

    def stop(self):
        self.c.disconnect()
        self.c.loop_stop()


def with_device(store, fn):
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        conf = pathlib.Path(tmp) / "mosquitto.conf"
        conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n"
                        + ("user root\n" if os.geteuid() == 0 else ""))
        broker = subprocess.Popen(["mosquitto", "-c", str(conf)], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        dev = subprocess.Popen([str(BUILD / "conf-device"), "--broker", f"127.0.0.1:{port}",
                                "--mqtt-store", str(store)], stdout=subprocess.PIPE, text=True)
        try:
            for line in dev.stdout:
                if "settings applied" in line:
                    break
            threading.Thread(target=dev.stdout.read, daemon=True).start()
            time.sleep(0.5)  # the first dump
            r = Requester(port)
            try:
                return fn(r)
            finally:
                r.stop()
        finally:
            dev.terminate()
            dev.wait(10)
            broker.terminate()
            broker.wait(10)


def one_at_a_time(path, payload, n=1000):
    def run(r):
        times = []
        for i in range(n):
            t = time.perf_counter()
            r.wait([r.send(path, payload if not callable(payload) else payload(i))])
            times.append(time.perf_counter() - t)
        times.sort()
        return statistics.median(times) * 1e6, times[int(len(times) * 0.99)] * 1e6
    return run


def pipelined(n=1000):
    def run(r):
        t = time.perf_counter()
        cds = [r.send("/pid/0/kp") for _ in range(n)]
        r.wait(cds)
        return n / (time.perf_counter() - t)
    return run


def whole_list(n=50):
    def run(r):
        t = time.perf_counter()
        for _ in range(n):
            r.wait([r.send("")])
        return (time.perf_counter() - t) / n * 1e3
    return run


def main():
    if not (BUILD / "conf-device").exists():
        sys.exit(f"{BUILD}/conf-device missing: build the native tree first")
    get = [with_device(4096, one_at_a_time("/pid/0/kp", "")) for _ in range(3)]
    put = [with_device(4096, one_at_a_time("/offset", lambda i: str(i % 1000))) for _ in range(3)]
    pipe = [with_device(4096, pipelined()) for _ in range(3)]
    lst = [with_device(4096, whole_list()) for _ in range(3)]
    small = [with_device(300, whole_list()) for _ in range(3)]
    g = min(get)
    s = min(put)
    print("| settings over MQTT, conf-device <-> mosquitto <-> paho on 127.0.0.1 | best of 3 |")
    print("|---|---:|")
    print(f"| Get round trip, median / 99th percentile (µs) | {g[0]:.0f} / {g[1]:.0f} |")
    print(f"| Set round trip (a changed value each time), median / 99th percentile (µs) "
          f"| {s[0]:.0f} / {s[1]:.0f} |")
    print(f"| Gets pipelined (1000 sent at once), replies per second | {max(pipe):.0f} |")
    print(f"| List of the whole tree (18 leaves + Ok), ms | {min(lst):.2f} |")
    print(f"| the same List through a 300-byte QoS 1 store (paced by PUBACKs), ms | "
          f"{min(small):.2f} |")


if __name__ == "__main__":
    main()
