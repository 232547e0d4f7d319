"""The other MQTT clients the kit's client is tested against: mosquitto_sub/mosquitto_pub
(Debian's mosquitto-clients) and python3-paho-mqtt (MQTT 5)."""
import collections
import re
import subprocess
import threading
import time

import paho.mqtt.client as paho
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties


class MosquittoSub:
    """mosquitto_sub -d -v: .ready() once subscribed; .messages = [(topic, payload, qos, retain)]."""

    def __init__(self, broker, topic, qos=2, version=5, extra=()):
        # stdbuf: line-buffered, or nothing arrives until mosquitto_sub exits.
        cmd = ["stdbuf", "-oL", "mosquitto_sub", "-d", "-v", "-h", broker.host, "-p", str(broker.port),
               "-V", "mqttv5" if version == 5 else "mqttv311", "-t", topic, "-q", str(qos), *extra]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, bufsize=1)
        self.lines, self.messages = [], []
        self.cond = threading.Condition()
        self._pending = collections.deque()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            line = line.rstrip("\n")
            with self.cond:
                self.lines.append(line)
                m = re.match(r"Client \S+ received PUBLISH \(d(\d), q(\d), r(\d), m\d+, '([^']*)'", line)
                if m:
                    # QoS 2 payloads are printed at PUBREL, after later PUBLISHes may have come.
                    self._pending.append((int(m.group(2)), int(m.group(3)), m.group(4)))
                elif self._pending and not line.startswith("Client "):
                    qos, retain, topic = self._pending.popleft()
                    payload = line[len(topic) + 1:] if line.startswith(topic + " ") else line
                    self.messages.append((topic, payload, qos, retain))
                self.cond.notify_all()

    def wait(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        with self.cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"mosquitto_sub: timed out waiting for {what}:\n" +
                                         "\n".join(self.lines[-30:]))
                self.cond.wait(min(left, 0.2))

    def ready(self, timeout=10):
        self.wait(lambda: any("SUBACK" in l for l in self.lines), timeout, "SUBACK")
        return self

    def wait_messages(self, n, timeout=10):
        self.wait(lambda: len(self.messages) >= n, timeout, f"{n} messages")
        return list(self.messages)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)


def mosquitto_pub(broker, topic, messages, qos=0, version=5, retain=False, extra=()):
    """Publishes each of messages (one mosquitto_pub run, -l: one message per line)."""
    cmd = ["mosquitto_pub", "-h", broker.host, "-p", str(broker.port),
           "-V", "mqttv5" if version == 5 else "mqttv311", "-t", topic, "-q", str(qos), "-l",
           *(["-r"] if retain else []), *extra]
    subprocess.run(cmd, input="".join(m + "\n" for m in messages), text=True, check=True,
                   timeout=20)


class Paho:
    """A paho-mqtt MQTT 5 client with its network loop on a thread; .messages collects
    (topic, payload bytes, qos, retain, properties)."""

    def __init__(self, broker, client_id="paho"):
        self.c = paho.Client(client_id=client_id, protocol=paho.MQTTv5)
        self.messages = []
        self.cond = threading.Condition()
        self.subacks = 0
        self.c.on_message = self._on_message
        self.c.on_subscribe = self._on_subscribe
        self.c.connect(broker.host, broker.port, keepalive=30)
        self.c.loop_start()

    def _on_message(self, client, userdata, msg):
        with self.cond:
            self.messages.append((msg.topic, msg.payload, msg.qos, msg.retain, msg.properties))
            self.cond.notify_all()

    def _on_subscribe(self, client, userdata, mid, granted, properties=None):
        with self.cond:
            self.subacks += 1
            self.cond.notify_all()

    def subscribe(self, topic, qos=2, timeout=10):
        before = self.subacks
        self.c.subscribe(topic, qos)
        with self.cond:
            assert self.cond.wait_for(lambda: self.subacks > before, timeout), "paho: no SUBACK"

    def publish(self, topic, payload, qos=1, retain=False, **props):
        p = Properties(PacketTypes.PUBLISH)
        for k, v in props.items():
            setattr(p, k, v)
        info = self.c.publish(topic, payload, qos=qos, retain=retain,
                              properties=p if props else None)
        info.wait_for_publish(10)

    def wait_messages(self, n, timeout=10):
        with self.cond:
            assert self.cond.wait_for(lambda: len(self.messages) >= n, timeout), \
                f"paho: {len(self.messages)} of {n} messages"
            return list(self.messages)

    def stop(self):
        self.c.disconnect()
        self.c.loop_stop()
