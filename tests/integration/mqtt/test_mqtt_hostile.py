"""Hostile brokers: a scripted fake broker sends malformed or forbidden packets; the kit's
client must end each connection cleanly with the right reason code (DISCONNECT with it in 5.0,
a plain close in 3.1.1), never crash or read out of bounds, and keep reconnecting. Run with
MQTT_POSIX_BIN pointing at a -DKIT_SANITIZE=address,undefined build to have ASan/UBSan watch."""
import random
import struct

import pytest

from fake_broker import FakeBroker
from mqtt_tool import Tool

CONNACK_V5 = bytes([0x20, 3, 0, 0, 0])
CONNACK_V311 = bytes([0x20, 2, 0, 0])
DISCONNECT, PUBREC, PUBCOMP = 14, 5, 7

# (what, bytes after CONNACK, reason code of the client's DISCONNECT)
HOSTILE_V5 = [
    ("remaining length of five bytes", b"\x30\xff\xff\xff\xff\x7f", 0x81),
    ("reserved packet type 0", b"\x00\x00", 0x81),
    ("PUBACK with flag bits", b"\x42\x02\x00\x01", 0x81),
    ("PUBLISH at QoS 3", b"\x36\x05\x00\x01t\x00\x01", 0x81),
    ("topic that is not UTF-8", b"\x30\x04\x00\x01\xff\x00", 0x81),
    ("topic with an overlong NUL", b"\x30\x05\x00\x02\xc0\x80\x00", 0x81),
    ("topic with a UTF-16 surrogate", b"\x30\x06\x00\x03\xed\xa0\x80\x00", 0x81),
    ("topic length past the packet", b"\x30\x04\x00\x09tt", 0x81),
    ("unknown property identifier", b"\x30\x06\x00\x01t\x02\x7f\x00", 0x81),
    ("CONNACK-only property in PUBLISH", b"\x30\x07\x00\x01t\x03\x21\x00\x01", 0x81),
    ("property length past the packet", b"\x30\x05\x00\x01t\x40\x00", 0x81),
    ("user property value not UTF-8", b"\x30\x0b\x00\x01t\x07\x26\x00\x01k\x00\x01\xfe", 0x81),
    ("duplicate property", b"\x30\x08\x00\x01t\x04\x01\x00\x01\x00", 0x82),
    ("payload format 7", b"\x30\x06\x00\x01t\x02\x01\x07", 0x82),
    ("packet id 0 at QoS 1", b"\x32\x06\x00\x01t\x00\x00\x00", 0x82),
    ("wildcard in a topic name", b"\x30\x04\x00\x01#\x00", 0x90),
    ("topic alias (we allow none)", b"\x30\x07\x00\x01t\x03\x23\x00\x01", 0x94),
    ("packet of 1 MB (our limit is 4096)", b"\x30\x80\x80\x40", 0x95),
    ("packet one byte over our limit", b"\x30\xfe\x1f", 0x95),
    ("SUBACK for nothing we sent", b"\x90\x04\x00\x07\x00\x00", 0x82),
    ("UNSUBACK for nothing we sent", b"\xb0\x04\x00\x07\x00\x00", 0x82),
    ("a second CONNACK", CONNACK_V5, 0x82),
    ("AUTH", b"\xf0\x00", 0x82),
    ("PINGREQ to a client", b"\xc0\x00", 0x82),
    ("CONNECT to a client", b"\x10\x00", 0x82),
    ("SUBSCRIBE to a client", b"\x82\x06\x00\x01\x00\x01a\x00", 0x82),
    ("PINGRESP with a body", b"\xd0\x01\x00", 0x81),
    ("PUBACK with trailing bytes", b"\x40\x05\x00\x01\x00\x00\x07", 0x81),
    ("DISCONNECT with a cut property", b"\xe0\x03\x80\x05\x1f", 0x81),
]


def run_client(fb, *args, version=5):
    class Where:
        host, port = fb.host, fb.port
    return Tool(Where, "-c", "-i", "victim", "-k", 60, "--backoff", "10:40", "--linger", 3600,
                "-T", 600, *args, version=version)


def handshake(fb, connack=CONNACK_V5):
    fb.accept()
    fb.expect_connect()
    if connack:
        fb.send(connack)


def expect_disconnect(fb, reason, what):
    try:
        p = fb.until({DISCONNECT})
    except TimeoutError:
        raise AssertionError(f"{what}: no DISCONNECT and no close")
    assert p is not None, f"{what}: connection closed without DISCONNECT"
    assert p[1][:1] == bytes([reason]), f"{what}: DISCONNECT {p[1].hex()}, want {reason:#04x}"
    assert fb.packet() is None, f"{what}: still open after DISCONNECT"
    fb.close()


@pytest.fixture
def fake():
    fb = FakeBroker()
    yield fb
    fb.stop()


def test_v5_hostile_packets(fake):
    tool = run_client(fake)
    try:
        for what, data, reason in HOSTILE_V5:
            handshake(fake)
            fake.send(data)
            expect_disconnect(fake, reason, what)
        # Before the CONNACK: a PUBLISH, a CONNACK with reserved bits, a refusal that claims
        # a session.
        for what, data, reason in [("PUBLISH before CONNACK", b"\x30\x04\x00\x01t\x00", 0x82),
                                   ("CONNACK reserved flags", b"\x20\x03\x02\x00\x00", 0x81),
                                   ("refusal with a session", b"\x20\x03\x01\x80\x00", 0x82),
                                   ("CONNACK cut short", b"\x20\x01\x00", 0x81)]:
            handshake(fake, connack=None)
            fake.send(data)
            expect_disconnect(fake, reason, what)
        # More unreleased QoS 2 messages than the Receive Maximum we announced (32).
        handshake(fake)
        for i in range(1, 34):
            fake.send(b"\x34\x06\x00\x01t" + struct.pack(">H", i) + b"\x00")
        expect_disconnect(fake, 0x93, "receive maximum exceeded")
        # A PUBREL for an id we never received is answered, not fatal.
        handshake(fake)
        fake.send(b"\x62\x02\x00\x63")
        p = fake.until({PUBCOMP})
        assert p == (0x70, b"\x00\x63\x92")
        fake.close()
        # Cut in the middle of a packet: the client reconnects.
        handshake(fake)
        fake.send(b"\x30\x10\x00\x01")
        fake.close()
        handshake(fake)
        fake.close()
        assert tool.proc.poll() is None, "client died"
        reasons = [e["reason"] for e in tool.events("DISCONNECTED") if e["source"] == "2"]
        assert reasons[:len(HOSTILE_V5)] == [f"{r:#04x}" for _, _, r in HOSTILE_V5]
    finally:
        tool.kill()
    tool.check_sanitizers()


def test_v311_hostile_packets_close_without_disconnect(fake):
    tool = run_client(fake, version=3)
    try:
        for what, data in [("DISCONNECT from a 3.1.1 broker", b"\xe0\x00"),
                           ("AUTH does not exist in 3.1.1", b"\xf0\x00"),
                           ("bad UTF-8 topic", b"\x30\x03\x00\x01\xff"),
                           ("PUBACK with a reason code", b"\x40\x03\x00\x01\x00"),
                           ("SUBACK with code 3", b"\x90\x03\x00\x01\x03")]:
            handshake(fake, CONNACK_V311)
            fake.send(data)
            assert fake.until({DISCONNECT}) is None, f"{what}: 3.1.1 has no DISCONNECT to send"
            fake.close()
        handshake(fake, CONNACK_V311)
        fake.close()
        assert tool.proc.poll() is None
    finally:
        tool.kill()
    tool.check_sanitizers()


def test_random_garbage_never_crashes(fake):
    rng = random.Random(5)
    tool = run_client(fake, "-s", "g/#")
    try:
        for round_ in range(300):
            handshake(fake)
            kind = rng.choice([0x30, 0x32, 0x34, 0x40, 0x50, 0x62, 0x70, 0x90, 0xb0, 0xd0, 0xe0,
                               rng.randrange(256)])
            body = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40)))
            if rng.random() < 0.7:
                data = bytes([kind, len(body)]) + body  # a plausible frame around junk
            else:
                data = bytes([kind]) + body
            fake.send(data)
            try:
                fake.until({DISCONNECT}, timeout=0.3)
            except TimeoutError:
                pass
            fake.close()
        handshake(fake)
        assert fake.until({8}) is not None  # still alive: it subscribes again
        assert tool.proc.poll() is None
    finally:
        tool.kill()
    tool.check_sanitizers()
