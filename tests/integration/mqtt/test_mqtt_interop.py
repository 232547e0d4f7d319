"""The kit's MQTT client (build/native/mqtt-posix) against a real mosquitto that each test
starts on 127.0.0.1, with mosquitto_pub/mosquitto_sub and paho-mqtt as the other clients."""
import signal
import time

import pytest

from mqtt_tool import Tool, payloads, run
from peers import MosquittoSub, Paho, mosquitto_pub


@pytest.fixture
def broker(mosquitto_broker):
    return mosquitto_broker()


@pytest.mark.parametrize("version", [3, 5])
@pytest.mark.parametrize("qos", [0, 1, 2])
def test_publish_every_qos_to_mosquitto_sub(broker, version, qos):
    sub = MosquittoSub(broker, "up/#", qos=2, version=version).ready()
    try:
        tool = run(broker, "-c", "-i", "pub", "-t", "up/x", "-q", qos, "-n", 20, "-m", "m",
                   "--seq", version=version)
        got = sub.wait_messages(20)
    finally:
        sub.stop()
    assert [m[1] for m in got] == [f"m{i}" for i in range(20)]
    assert {m[2] for m in got} == {qos}
    assert len(tool.events("PUBLISHED")) == (20 if qos else 0)
    assert all(e["reason"] in ("0x00", "0x10") for e in tool.events("PUBLISHED"))


@pytest.mark.parametrize("version", [3, 5])
@pytest.mark.parametrize("qos", [0, 1, 2])
def test_receive_every_qos_from_mosquitto_pub(broker, version, qos):
    tool = Tool(broker, "-c", "-i", "sub", "-s", "down/#", "--sub-qos", 2, "-e", 20,
                version=version)
    tool.wait_line("SUBACK")
    mosquitto_pub(broker, "down/y", [f"n{i}" for i in range(20)], qos=qos, version=version)
    assert tool.finish() == 0
    msgs = tool.events("MSG")
    assert [m["payload"] for m in msgs] == [f"n{i}" for i in range(20)]
    assert {m["qos"] for m in msgs} == {str(qos)}
    assert {m["topic"] for m in msgs} == {"down/y"}
    assert tool.events("SUBACK")[0]["codes"] == "02"


@pytest.mark.parametrize("qos", [0, 1, 2])
def test_paho_v5_properties_reach_us(broker, qos):
    tool = Tool(broker, "-c", "-i", "props", "-s", "p/#", "--sub-qos", 2, "--sub-id", 42, "-e", 1)
    tool.wait_line("SUBACK")
    paho = Paho(broker)
    try:
        paho.publish("p/1", b"{\"a\":1}", qos=qos, ResponseTopic="reply/here",
                     CorrelationData=b"\x01\x02\xff", ContentType="application/json",
                     PayloadFormatIndicator=1, MessageExpiryInterval=3600,
                     UserProperty=[("k1", "v1"), ("k2", "v2")])
    finally:
        paho.stop()
    assert tool.finish() == 0
    (m,) = tool.events("MSG")
    assert m["qos"] == str(qos)
    assert m["rt"] == "reply/here"
    assert m["cd"] == "0102ff"
    assert m["ct"] == "application/json"
    assert m["pf"] == "1"
    assert 3590 <= int(m["exp"]) <= 3600
    assert m["subid"] == "42"
    line = [l for l in tool.lines if l.startswith("MSG")][0]
    assert "up=k1 =v1 up=k2 =v2" in line


@pytest.mark.parametrize("qos", [0, 1, 2])
def test_paho_receives_our_properties(broker, qos):
    paho = Paho(broker)
    try:
        paho.subscribe("svc/#")
        run(broker, "-c", "-i", "req", "-t", "svc/a", "-q", qos, "-n", 1, "-m", "ping",
            "--request-to", "answers/7", "--correlation", "c-7")
        (topic, payload, got_qos, retain, props) = paho.wait_messages(1)[0]
    finally:
        paho.stop()
    assert (topic, payload, got_qos, retain) == ("svc/a", b"ping", qos, False)
    assert props.ResponseTopic == "answers/7"
    assert props.CorrelationData == b"c-7"


def test_we_respond_to_paho_requests(broker):
    tool = Tool(broker, "-c", "-i", "responder", "-s", "req/#", "--respond", "-e", 3)
    tool.wait_line("SUBACK")
    paho = Paho(broker)
    try:
        paho.subscribe("rsp/#")
        for i in range(3):
            paho.publish(f"req/{i}", f"q{i}".encode(), qos=1, ResponseTopic=f"rsp/{i}",
                         CorrelationData=bytes([i, 0xAA]))
        msgs = paho.wait_messages(3)
    finally:
        paho.stop()
    assert tool.finish() == 0
    for i, (topic, payload, qos, retain, props) in enumerate(sorted(msgs)):
        assert topic == f"rsp/{i}"
        assert payload == f"echo:q{i}".encode()
        assert props.CorrelationData == bytes([i, 0xAA])
        assert props.UserProperty == [("code", "Ok")]


@pytest.mark.parametrize("version", [3, 5])
def test_retained_messages(broker, version):
    run(broker, "-c", "-i", "r1", "-t", "ret/a", "-q", 1, "-n", 1, "-m", "keep", "-r",
        version=version)
    tool = run(broker, "-c", "-i", "r2", "-s", "ret/#", "-e", 1, version=version)
    (m,) = tool.events("MSG")
    assert (m["payload"], m["retain"]) == ("keep", "1")
    if version == 5:
        # retain handling 2: "do not send retained messages on subscribe"
        tool = run(broker, "-c", "-i", "r3", "-s", "ret/#", "--rh", 2, "--linger", 0.5)
        assert tool.events("MSG") == []
    # an empty retained message clears it
    run(broker, "-c", "-i", "r4", "-t", "ret/a", "-q", 1, "-n", 1, "-m", "", "-r", version=version)
    tool = run(broker, "-c", "-i", "r5", "-s", "ret/#", "--linger", 0.5, version=version)
    assert tool.events("MSG") == []


def test_no_local_and_retain_as_published(broker):
    # With no-local, our own publish on a filter we subscribed is not echoed back to us.
    tool = Tool(broker, "-c", "-i", "nl", "-s", "nl/#", "--no-local", "--sub-qos", 1, "-t", "nl/own",
                "-q", 1, "-n", 1, "-m", "own", "-e", 1)
    tool.wait_line("SUBACK")
    tool.wait_line("PUBLISHED")
    mosquitto_pub(broker, "nl/other", ["theirs"], qos=1)
    assert tool.finish() == 0
    assert [(m["topic"], m["payload"]) for m in tool.events("MSG")] == [("nl/other", "theirs")]
    # Without it, it is.
    tool = run(broker, "-c", "-i", "nl2", "-s", "nl/#", "--sub-qos", 1, "-t", "nl/own", "-q", 1,
               "-n", 1, "-m", "own", "-e", 1)
    assert payloads(tool) == ["own"]
    # Retain as published keeps the retain flag on messages forwarded to a live subscription.
    for rap, want in (("--rap", "1"), ("--quiet", "0")):
        tool = Tool(broker, "-c", "-i", "rap", "-s", "rap/#", "--rh", 2, rap, "-e", 1)
        tool.wait_line("SUBACK")
        mosquitto_pub(broker, "rap/x", ["r"], qos=1, retain=True)
        assert tool.finish() == 0
        if rap == "--rap":
            assert tool.events("MSG")[0]["retain"] == want
    mosquitto_pub(broker, "rap/x", [""], qos=1, retain=True)


@pytest.mark.parametrize("version", [3, 5])
def test_will_on_abrupt_loss(broker, version):
    sub = MosquittoSub(broker, "will/#", version=version).ready()
    try:
        tool = Tool(broker, "-c", "-i", "dying", "--will-topic", "will/dying", "--will-payload",
                    "gone", "--will-qos", 1, "--will-retain", "--linger", 60, version=version)
        tool.wait_line("CONNECTED")
        tool.kill(signal.SIGKILL)
        (topic, payload, qos, retain) = sub.wait_messages(1)[0]
    finally:
        sub.stop()
    assert (topic, payload) == ("will/dying", "gone")
    # retained: a later subscriber sees it
    late = run(broker, "-c", "-i", "late", "-s", "will/#", "-e", 1, version=version)
    assert payloads(late) == ["gone"]
    assert late.events("MSG")[0]["retain"] == "1"


def test_will_on_request_but_not_on_normal_disconnect(broker):
    sub = MosquittoSub(broker, "w2/#").ready()
    try:
        run(broker, "-c", "-i", "polite", "--will-topic", "w2/polite", "--will-payload", "x",
            "--linger", 0.2)
        run(broker, "-c", "-i", "asks", "--will-topic", "w2/asks", "--will-payload", "y",
            "--linger", 0.2, "--stop-reason", 4)
        msgs = sub.wait_messages(1)
        time.sleep(0.5)
    finally:
        sub.stop()
    assert [(m[0], m[1]) for m in sub.messages] == [("w2/asks", "y")]


@pytest.mark.parametrize("version", [3, 5])
@pytest.mark.parametrize("qos", [1, 2])
def test_session_resume(broker, version, qos):
    # First connection: clean, subscribes, leaves a session behind (5.0: expiry 300 s).
    first = ["-c"] if version == 5 else []
    run(broker, *first, "-i", "sess", "-x", 300, "-s", "sess/#", "--sub-qos", 2, "--linger", 0.2,
        version=version)
    mosquitto_pub(broker, "sess/a", [f"s{i}" for i in range(10)], qos=qos, version=version)
    # Second: resumes the session, is not told to resubscribe, gets what was queued.
    tool = run(broker, "-i", "sess", "-x", 300, "-s", "sess/#", "-e", 10, version=version)
    assert tool.events("CONNECTED")[0]["sp"] == "1"
    assert tool.events("SUBACK") == []
    assert payloads(tool) == [f"s{i}" for i in range(10)]
    assert {m["qos"] for m in tool.events("MSG")} == {str(qos)}


def test_clean_start_discards_session(broker):
    run(broker, "-c", "-i", "cs", "-x", 300, "-s", "cs/#", "--sub-qos", 1, "--linger", 0.2)
    mosquitto_pub(broker, "cs/a", ["old"], qos=1)
    tool = run(broker, "-c", "-i", "cs", "-x", 300, "-s", "cs/#", "--linger", 0.5)
    assert tool.events("CONNECTED")[0]["sp"] == "0"
    assert len(tool.events("SUBACK")) == 1
    assert payloads(tool) == []


def test_assigned_client_id(broker):
    tool = run(broker, "-c", "-i", "", "--linger", 0.1)
    assert tool.events("CONNECTED")[0]["assigned"].startswith("auto-")


def test_server_keep_alive_and_receive_maximum(mosquitto_broker):
    broker = mosquitto_broker(conf="max_keepalive 15\nmax_inflight_messages 3\n")
    tool = run(broker, "-c", "-i", "ka", "-k", 60, "-t", "rm/x", "-q", 1, "-n", 300, "-m", "x",
               "--seq", "--quiet")
    conn = tool.events("CONNECTED")[0]
    assert conn["ka"] == "15"
    assert conn["rmax"] == "3"
    assert tool.lines.count("PUBLISHED") == 0
    assert len([l for l in tool.lines if l.startswith("PUBLISH-FAILED")]) == 0


def test_dead_broker_detected_then_reconnect(broker):
    tool = Tool(broker, "-c", "-i", "ka2", "-k", 2, "--backoff", "100:400", "--linger", 60)
    tool.wait_line("CONNECTED")
    broker.proc.send_signal(signal.SIGSTOP)
    try:
        (ev,) = tool.wait_line("DISCONNECTED", timeout=15)
    finally:
        broker.proc.send_signal(signal.SIGCONT)
    assert ev["reason"] == "0x8d"  # Keep Alive timeout, found by us
    assert ev["source"] == "2"
    tool.wait_line("CONNECTED", count=2, timeout=15)
    tool.kill()


def test_maximum_packet_size_both_ways(mosquitto_broker):
    broker = mosquitto_broker(conf="max_packet_size 200\n")
    # The broker's limit: a publish that would exceed it is refused locally, at once when the
    # limit is known (QoS 0 waits for the connection)...
    tool = Tool(broker, "-c", "-i", "big", "-t", "mp/x", "-q", 0, "-n", 1, "-m", "x" * 300)
    assert tool.finish() == 1
    assert tool.events("PUBLISH-FAILED")[0]["rc"] == "-4"
    # ... or when the CONNACK announces it, for a QoS 1 message stored before.
    tool = run(broker, "-c", "-i", "big", "-t", "mp/x", "-q", 1, "-n", 1, "-m", "x" * 300)
    assert tool.events("PUBLISHED")[0]["reason"] == "0x95"
    # Ours (a 128-byte receive buffer): mosquitto must not send us the big one.
    sub = Tool(mosquitto_broker(), "-c", "-i", "small", "--rx", 128, "-s", "mp/#", "-e", 1)
    sub.wait_line("SUBACK")
    other = sub.cmd[sub.cmd.index("-p") + 1]
    class B:
        host, port = "127.0.0.1", int(other)
    mosquitto_pub(B, "mp/y", ["y" * 500, "fits"], qos=1)
    assert sub.finish() == 0
    assert payloads(sub) == ["fits"]
    assert sub.events("DISCONNECTED") == [{"kind": "DISCONNECTED", "reason": "0x00", "source": "2"}]


def test_broker_name_resolved(broker):
    tool = run(broker, "-c", "-i", "dns", "--linger", 0.1, "-h", "localhost")
    assert len(tool.events("CONNECTED")) == 1
