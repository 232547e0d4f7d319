"""A stream of QoS 1 and QoS 2 messages through a mosquitto that is restarted again and again
(SIGTERM, persistence on, same port). Publisher and subscriber are the kit's client with
persistent sessions; every QoS 1 message must arrive at least once, every QoS 2 one exactly
once."""
import collections
import threading
import time

import pytest

from mqtt_tool import Tool

CLIENT = ["--backoff", "50:300", "-k", 5, "-x", 600, "-T", 900]


def run_stream(mosquitto_broker, count, restarts, rate):
    broker = mosquitto_broker(persistence=True,
                              conf="max_queued_messages 0\nmax_inflight_messages 20\n")
    # No clean start, even the first time: mosquitto 2.0 persists only sessions that were
    # opened without it (a fresh client id has no session to resume anyway).
    # mosquitto 2.0.11 does not honour our Receive Maximum for the messages it restores from
    # its database after a restart: it sends them all at once (38 QoS 2 PUBLISHes at a
    # receive maximum of 32 were seen). The client rightly ends such a connection with 0x93,
    # and the broker does it again on every reconnect; room for 1024 keeps the test about the
    # client.
    sub = Tool(broker, "-i", "stream-sub", "-s", "stream/#", "--sub-qos", 2, "--qos2", 1024,
               "--linger", 3600, *CLIENT)
    sub.wait_line("SUBACK")
    pubs = [Tool(broker, "-i", f"stream-q{qos}", "-t", f"stream/q{qos}", "-q", qos,
                 "-n", count, "-m", f"q{qos}-", "--seq", "--rate", rate, "--quiet", *CLIENT)
            for qos in (1, 2)]
    try:
        # Spread the restarts over the time the stream takes at that rate (publishers catch up
        # after each outage, so they may finish a little before the nominal time).
        period = count / rate * 0.9 / restarts
        for _ in range(restarts):
            time.sleep(period)
            broker.restart()
        for pub in pubs:
            assert pub.finish(timeout=600) == 0, "\n".join(pub.lines[-20:])

        def arrived(lines):
            got = {l.split("payload=")[1].split()[0] for l in lines if l.startswith("MSG")}
            return len(got) >= 2 * count
        sub.wait_for(arrived, timeout=120, what="every message at the subscriber")
    finally:
        sub.kill()
        for pub in pubs:
            pub.kill()
    seen = collections.Counter(m["payload"] for m in sub.events("MSG"))
    for qos in (1, 2):
        want = {f"q{qos}-{i}" for i in range(count)}
        missing = want - set(seen)
        assert not missing, f"QoS {qos}: {len(missing)} lost, e.g. {sorted(missing)[:5]}"
    dups = {p: n for p, n in seen.items() if p.startswith("q2-") and n > 1}
    assert not dups, f"QoS 2 delivered twice: {list(dups.items())[:5]}"
    # Every client really lived through the restarts: the subscriber (there from start to end)
    # through each one, the publishers through most (one may finish before the last).
    assert len(sub.events("CONNECTED")) >= restarts + 1
    for pub in pubs:
        assert len(pub.events("CONNECTED")) >= restarts // 2 + 1
    return seen


def test_broker_restarted_ten_times_during_stream(mosquitto_broker):
    seen = run_stream(mosquitto_broker, count=10000, restarts=10, rate=800)
    assert sum(n for p, n in seen.items() if p.startswith("q1-")) >= 10000


@pytest.mark.soak
def test_broker_restarted_fifty_times_during_long_stream(mosquitto_broker):
    run_stream(mosquitto_broker, count=100000, restarts=50, rate=1500)
