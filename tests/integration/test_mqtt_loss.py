"""MQTT over the kit's own TCP through the impairment bridge at 5 % loss (issue 5): the kit's
client on a native device (apps/mqtt-device/stream, `mqtt-stream`) on a TAP in namespace A, a
real mosquitto in namespace B, every frame between them crossing the bridge, which drops 5 % of
them each way. Both directions carry a stream of QoS 1 and QoS 2 messages:

  device -> broker -> mosquitto_sub   every QoS 1 message at least once, every QoS 2 exactly once
  mosquitto_pub -> broker -> device   the same, as the device logs what it received

The device's end of the link is the TAP fw0 in A, without an address (A's kernel stays silent);
the bridge joins raw:fw0@A to its own TAP ib in B, where Linux has NET.1 and mosquitto listens.
`make test` streams 1000 messages of each QoS each way; `make soak` (pytest -m soak) 20 000."""
import collections
import re
import subprocess
import threading
import time

import pytest

from kitnet import native_binary, subnet

SEED = 20261122
TAP = "fw0"


def soak_requested(config):
    return "soak" in (config.option.markexpr or "")


class Device:
    """mqtt-stream inside a namespace; its log lines are collected by a thread."""

    def __init__(self, ns, args, logfile):
        self.logfile = open(logfile, "w")
        self.proc = ns.popen(native_binary("mqtt-stream"), "--tap", TAP, *args,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, text=True, bufsize=1)
        self.lines = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.logfile.write(line)
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()
        self.logfile.close()
        with self.cond:
            self.cond.notify_all()

    def wait(self, pattern, timeout):
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines:
                    m = rx.search(line)
                    if m:
                        return m
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    events = [l for l in self.lines if "stream: MSG" not in l]
                    raise AssertionError(f"device: no line matching {pattern!r} within {timeout} s"
                                         f" (exit {self.proc.poll()}); its log is "
                                         f"{self.logfile.name}, without MSG lines:\n" +
                                         "\n".join(events[:30] + ["..."] + events[-30:]))
                self.cond.wait(min(left, 0.2))

    def received(self):
        """[(topic, payload)] of every message the device logged."""
        with self.cond:
            return [(m.group(1), m.group(2)) for m in
                    (re.search(r"stream: MSG qos=\d dup=\d topic=(\S+) payload=(\S+)", l)
                     for l in self.lines) if m]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


class Subscriber:
    """mosquitto_sub (QoS 2) in namespace B; each message is a line 'topic payload'. Its session
    is made first (-E: exit once subscribed), so nothing published before the second process is
    up is missed: the broker queues it in the session.

    MQTT 3.1.1: mosquitto 2.0.11 does not keep to an MQTT 5 subscriber's Receive Maximum while
    QoS 2 messages stream to it, and libmosquitto then ends the connection with a protocol error;
    3.1.1 has no Receive Maximum to break."""

    def __init__(self, ns, broker, topic):
        # stdbuf: a line per message as it comes, not 4 KiB blocks (the pipe is not a tty).
        cmd = ["stdbuf", "-oL", "mosquitto_sub", "-h", broker.host, "-p", broker.port, "-V",
               "mqttv311", "-q", 2, "-t", topic, "-F", "%t %p", "-i", "loss-test-sub", "-c"]
        ns.run(*cmd, "-E", timeout=10)
        self.proc = ns.popen(*cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                             bufsize=1)
        self.lines = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def publish(ns, broker, topic, qos, payloads):
    """mosquitto_pub -l: one message per line of stdin, at QoS qos, from namespace B."""
    return ns.popen("mosquitto_pub", "-h", broker.host, "-p", broker.port, "-V", "mqttv5",
                    "-q", qos, "-t", topic, "-l", stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT, text=True), "".join(f"{p}\n" for p in payloads)


def check_stream(pairs, prefix, tag, count, what):
    """Every (<prefix>/q1, <tag>1-i) at least once, every (<prefix>/q2, <tag>2-i) exactly once,
    nothing else."""
    seen = collections.Counter(pairs)
    for qos in (1, 2):
        want = {(f"{prefix}/q{qos}", f"{tag}{qos}-{i}") for i in range(count)}
        missing = want - set(seen)
        assert not missing, f"{what}: {len(missing)} QoS {qos} messages lost, e.g. " \
                            f"{sorted(missing)[:5]}"
    twice = [(k, n) for k, n in seen.items() if k[0].endswith("/q2") and n > 1]
    assert not twice, f"{what}: QoS 2 delivered more than once: {twice[:5]}"
    assert len(set(seen)) == 2 * count, f"{what}: unexpected messages: {len(set(seen))}"


def run_stream(netns, impair, mosquitto_broker, tmp_path, count, rate, timeout):
    net = subnet()
    octet = int(net.rsplit(".", 1)[1])
    dev_mac, peer_mac = f"02:77:{octet:02x}:00:00:02", f"02:77:{octet:02x}:00:00:01"
    dev_ns, peer_ns = netns(), netns()
    dev_ns.add_tap(TAP)
    bridge = impair(f"raw:{TAP}@{dev_ns.name}", f"tap:ib@{peer_ns.name}", "--loss", "5%",
                    "--seed", SEED)
    peer_ns.configure("ib", mac=peer_mac, cidr=f"{net}.1/24")
    peer_ns.neigh(f"{net}.2", dev_mac, "ib")
    # No queue limit: mosquitto drops QoS 1/2 messages beyond max_queued_messages (1000) for a
    # client that is slow to take them, and a lossy path is slow.
    broker = mosquitto_broker(ns=peer_ns, host=f"{net}.1", conf="max_queued_messages 0\n")
    sub = Subscriber(peer_ns, broker, "stream/dev/#")
    dev = Device(dev_ns, ["--mac", dev_mac, "--ip", f"{net}.2/24",
                          "--broker", f"{net}.1:{broker.port}", "--count", count, "--rate", rate,
                          "--out", "stream/dev", "--in", "stream/host/#"], tmp_path / "device.log")
    try:
        dev.wait(r"stream: subscribed to stream/host/# \(0x02\)", timeout=30)
        pubs = [publish(peer_ns, broker, f"stream/host/q{qos}", qos,
                        [f"h{qos}-{i}" for i in range(count)]) for qos in (1, 2)]
        for proc, text in pubs:
            proc.stdin.write(text)
            proc.stdin.close()
        dev.wait(r"stream: done: published (\d+), acknowledged \1, refused 0", timeout=timeout)
        deadline = time.monotonic() + timeout
        while len(dev.received()) < 2 * count or len(sub.lines) < 2 * count:
            assert time.monotonic() < deadline, \
                f"stream incomplete: device received {len(dev.received())}, subscriber " \
                f"{len(sub.lines)} of {2 * count} (device log: {dev.logfile.name})"
            time.sleep(0.2)
        for proc, _ in pubs:
            assert proc.wait(timeout=30) == 0, proc.stdout.read()
        time.sleep(1)  # duplicates of the last messages, if any, arrive too
    finally:
        dev.stop()
        sub.stop()
        stats = bridge.stop()
    check_stream([tuple(l.split(" ", 1)) for l in sub.lines], "stream/dev", "q", count,
                 "device -> broker")
    check_stream(dev.received(), "stream/host", "h", count, "broker -> device")
    # The loss really happened, both ways, and TCP carried the stream across it.
    for direction in ("a2b", "b2a"):
        s = stats[direction]
        assert s["lost"] > 0.03 * s["rx"], (direction, s)
    return dev, stats


def test_qos1_qos2_stream_through_5_percent_loss(netns, impair, mosquitto_broker, tmp_path):
    run_stream(netns, impair, mosquitto_broker, tmp_path, count=1000, rate=100, timeout=90)


@pytest.mark.soak
def test_qos1_qos2_long_stream_through_5_percent_loss(netns, impair, mosquitto_broker, tmp_path,
                                                      request):
    if not soak_requested(request.config):
        pytest.skip("soak test: run with -m soak (make soak)")
    run_stream(netns, impair, mosquitto_broker, tmp_path, count=20000, rate=300, timeout=600)
