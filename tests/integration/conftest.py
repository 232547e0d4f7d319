"""Shared fixtures for integration tests. Each is a factory: call it as often as the test needs;
everything it made is removed at teardown, pass or fail. The helpers behind them live in
kitnet.py (import from there, not from conftest).

  netns()                          -> Netns: run/popen/socket inside, taps, veths, addresses
  impair(a, b, *args, ns=None)     -> Impair: the bridge between two endpoints; .stop() -> stats
  impaired_link(*impair_args)      -> Link: two namespaces joined by the bridge, static ARP
  mosquitto_broker(ns=None, ...)   -> Broker: a private mosquitto on 127.0.0.1 (or in a netns)

Test addresses: 10.77.0.0/16, inside namespaces the test created, nowhere else."""
import pytest

from kitnet import Broker, Impair, make_impaired_link, native_binary, new_netns


@pytest.fixture
def netns():
    made = []

    def make():
        ns = new_netns()
        made.append(ns)
        return ns

    yield make
    for ns in reversed(made):
        ns.close()


@pytest.fixture
def impair():
    """impair(a, b, *args, ns=None) starts `impair --stats ARGS A B` (inside ns if given, e.g.
    for udp:/tcp: endpoints on that namespace's loopback) and returns once both endpoints exist.
    Stop it with .stop() to get the counters; anything left running is killed at teardown.
    Builds build/native/impair first (KIT_NATIVE_BUILD names another tree); fails if it cannot."""
    binary = native_binary("impair")
    started = []

    def start(a, b, *args, ns=None):
        bridge = Impair(binary, a, b, args, ns=ns)
        started.append(bridge)
        return bridge

    yield start
    for bridge in started:
        bridge.kill()


@pytest.fixture
def impaired_link(netns, impair):
    """impaired_link(*impair_args) -> Link (see kitnet.make_impaired_link)."""
    return lambda *args: make_impaired_link(netns, impair, *args)


@pytest.fixture
def mosquitto_broker(tmp_path):
    """mosquitto_broker(ns=None, host='127.0.0.1', port=None, conf='', persistence=False)."""
    brokers = []

    def start(ns=None, host="127.0.0.1", port=None, conf="", persistence=False):
        broker = Broker(tmp_path / f"mosquitto{len(brokers)}", ns=ns, host=host, port=port,
                        conf=conf, persistence=persistence)
        brokers.append(broker)
        return broker

    yield start
    for broker in brokers:
        broker.stop()
