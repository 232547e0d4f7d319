"""The shared fixtures of conftest.py do what they promise (others' tests build on them)."""
import socket
import time

import paho.mqtt.client as mqtt

from kitnet import subnet, veth_pair


def test_netns_is_isolated_and_cleaned_up(netns):
    ns = netns()
    # lo is up and has 127.0.0.1; nothing else exists.
    links = ns.ip("-o", "link", "show")
    assert links.count("\n") == 1 and "lo:" in links and "UP" in links
    # A socket made with ns.socket() lives there: its port is free on the host's loopback.
    s = ns.socket(socket.AF_INET, socket.SOCK_STREAM)
    with s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        c = socket.socket()
        c.settimeout(1)
        assert c.connect_ex(("127.0.0.1", port)) != 0
        c.close()
        c = ns.socket(socket.AF_INET, socket.SOCK_STREAM)
        with c:
            assert c.connect_ex(("127.0.0.1", port)) == 0


def test_veth_and_tap_helpers(netns):
    net = subnet()
    a, b = netns(), netns()
    veth_pair(a, "va", b, "vb")
    a.configure("va", cidr=f"{net}.1/24")
    b.configure("vb", cidr=f"{net}.2/24")
    out = a.run("ping", "-c", "3", "-i", "0.05", "-W", "2", f"{net}.2").stdout
    assert "3 received" in out
    b.add_tap("tp0", mac="02:77:00:00:00:33", cidr=f"{net}.9/24")
    assert b.mac("tp0") == "02:77:00:00:00:33"


def round_trip(broker, payload):
    """Subscribes, publishes one QoS 1 message, returns what the subscriber received."""
    got = []
    sub = mqtt.Client(client_id="fixture-sub", protocol=mqtt.MQTTv5)
    sub.on_message = lambda c, u, m: got.append(m.payload)
    sub.connect(broker.host, broker.port)
    sub.loop_start()
    try:
        sub.subscribe("kit/fixture", qos=1)
        time.sleep(0.3)
        pub = mqtt.Client(client_id="fixture-pub", protocol=mqtt.MQTTv5)
        pub.connect(broker.host, broker.port)
        pub.loop_start()
        pub.publish("kit/fixture", payload, qos=1).wait_for_publish(5)
        pub.loop_stop()
        pub.disconnect()
        deadline = time.monotonic() + 5
        while not got and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        sub.loop_stop()
        sub.disconnect()
    return got


def test_mosquitto_broker_restarts_on_the_same_port(mosquitto_broker):
    broker = mosquitto_broker()
    assert round_trip(broker, "before") == [b"before"]
    port = broker.port
    broker.restart()
    assert broker.port == port
    assert round_trip(broker, "after") == [b"after"]
    broker.stop()
    c = socket.socket()
    with c:
        assert c.connect_ex((broker.host, port)) != 0


def test_mosquitto_broker_in_a_namespace(netns, mosquitto_broker):
    ns = netns()
    broker = mosquitto_broker(ns=ns)
    # Reachable from inside the namespace, not from the host's loopback.
    c = ns.socket(socket.AF_INET, socket.SOCK_STREAM)
    with c:
        assert c.connect_ex((broker.host, broker.port)) == 0
    out = ns.run("mosquitto_pub", "-h", broker.host, "-p", broker.port, "-t", "x", "-m", "y",
                 "-q", "1").stdout
    assert out == ""
