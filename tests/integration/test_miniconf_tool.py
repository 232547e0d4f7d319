"""kitconf, the host tool (tools/settings-cli), against conf-device through a real mosquitto:
its output for every command, its exit statuses (0 done, 2 usage, 3 timeout, 4 refused,
5 broker unreachable), discovery from the alive topics, and --watch."""
import re
import subprocess

import pytest

from kitnet import free_port, native_binary
from test_miniconf import DEFAULTS, LEAVES, PREFIX, client, conf_device  # noqa: F401 (fixtures)


@pytest.fixture
def kitconf():
    binary = native_binary("kitconf")

    def run(broker, *args, timeout=30):
        cmd = [str(binary), "-b", f"{broker.host}:{broker.port}", *map(str, args)]
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              timeout=timeout)

    return run


def test_get_set_list_dump_output(mosquitto_broker, conf_device, kitconf):
    broker = mosquitto_broker()
    dev = conf_device(broker).ready()
    r = kitconf(broker, PREFIX, "/led", "/pid/0/kp")
    assert (r.returncode, r.stdout, r.stderr) == (0, "/led=false\n/pid/0/kp=1.0\n", "")
    r = kitconf(broker, PREFIX, "/led=true", '/name="kit"', "/pid/1/kd=-2.5e-3")
    assert (r.returncode, r.stdout) == (0, '/led=true\n/name="kit"\n/pid/1/kd=-2.5e-3\n')
    dev.wait_line(r"led: on")
    r = kitconf(broker, PREFIX, "/led", "/name", "/pid/1/kd")
    assert r.stdout == '/led=true\n/name="kit"\n/pid/1/kd=-0.0025\n'
    # List: every leaf under the path, with its value
    r = kitconf(broker, PREFIX, "/net?")
    assert (r.returncode, r.stdout) == (0, '/net/ip="127.0.0.1"\n/net/broker="127.0.0.1"\n'
                                           '/net/port=1883\n')
    r = kitconf(broker, PREFIX, "?")
    assert r.returncode == 0
    assert [l.split("=", 1)[0] for l in r.stdout.splitlines()] == LEAVES
    # a List of a leaf is its value
    assert kitconf(broker, PREFIX, "/offset?").stdout == "/offset=0\n"
    # Dump: what the device re-published
    r = kitconf(broker, PREFIX, "/pid!")
    assert r.returncode == 0
    assert r.stdout.splitlines() == [f"{p}={DEFAULTS[p]}" for p in LEAVES[6:11]] + \
        ["/pid/1/kd=-0.0025"]


REFUSED = [
    ("/telemetry_period=0", "out of range: 1..3600"),
    ('/net/ip="1.2.3.4"', "read-only"),
    ("/nope=1", "/ has no 'nope'"),
    ("/led=yes", "invalid JSON"),
    ('/mode="dim"', "unknown value 'dim'"),
    ('/name="a b"', "no spaces allowed"),
    ('/name="0123456789abcdef"', "string longer than 15 bytes"),
    ("/led=1", "expected true or false"),
    ("/nope", "/ has no 'nope'"),
    ("/nope?", "/ has no 'nope'"),
    ("/pid", "/pid is not a leaf (6 leaves below"),
]


def test_refused_values_exit_4_with_the_reason(mosquitto_broker, conf_device, kitconf):
    broker = mosquitto_broker()
    conf_device(broker).ready()
    before = kitconf(broker, PREFIX, "?").stdout
    for cmd, reason in REFUSED:
        r = kitconf(broker, PREFIX, cmd)
        assert r.returncode == 4, (cmd, r)
        assert r.stdout == "" and reason in r.stderr and r.stderr.startswith("kitconf: "), (cmd, r)
    assert kitconf(broker, PREFIX, "?").stdout == before
    # several commands: all run, the status is the first failure's
    r = kitconf(broker, PREFIX, "/offset=7", "/offset=5000", "/offset")
    assert (r.returncode, r.stdout) == (4, "/offset=7\n/offset=7\n")
    assert "out of range: -1000..1000" in r.stderr


def test_timeouts_exit_3(mosquitto_broker, kitconf):
    broker = mosquitto_broker()
    r = kitconf(broker, "-t", "0.5", "dt/nobody/here/00", "/led")
    assert r.returncode == 3 and "no reply from dt/nobody/here/00 within 0.5 s" in r.stderr
    r = kitconf(broker, "-t", "0.5", "dt/nobody/here/00", "/led!")
    assert r.returncode == 3 and "nothing re-published" in r.stderr
    r = kitconf(broker, "-d", "dt/nobody/+/+")
    assert r.returncode == 3 and "no device alive under dt/nobody/+/+" in r.stderr
    r = kitconf(broker, "-t", "0.5", "-w", "-n", "1", "dt/nobody/here/00")
    assert r.returncode == 3 and "no telemetry" in r.stderr


def test_broker_unreachable_exits_5(kitconf):
    class Nowhere:
        host, port = "127.0.0.1", free_port(None, "127.0.0.1")

    r = kitconf(Nowhere, "-t", "2", PREFIX, "/led")
    assert r.returncode == 5 and "cannot connect to the broker at 127.0.0.1" in r.stderr


@pytest.mark.parametrize("args", [[], [PREFIX], ["-t", "x", PREFIX, "/led"],
                                  [PREFIX, "led"], [PREFIX, "/led="], ["-w", PREFIX, "/led"],
                                  ["--bogus", PREFIX, "/led"]])
def test_bad_usage_exits_2(mosquitto_broker, kitconf, args):
    broker = mosquitto_broker()
    r = kitconf(broker, *args)
    assert r.returncode == 2, r
    assert r.stdout == ""


def test_discover(mosquitto_broker, conf_device, kitconf):
    broker = mosquitto_broker()
    other = "dt/kit/conf-device/02-00-00-00-00-02"
    dev = conf_device(broker).ready()
    r = kitconf(broker, "--discover", "dt/kit/+/+")
    assert (r.returncode, r.stdout) == (0, PREFIX + "\n")
    # one device found: the commands go to it
    r = kitconf(broker, "-d", "dt/+/conf-device/+", "/hw_rev")
    assert (r.returncode, r.stdout) == (0, "/hw_rev=3\n")
    dev2 = conf_device(broker, "--mac", "02:00:00:00:00:02", prefix=other).ready()
    r = kitconf(broker, "-d", "dt/kit/conf-device/+")
    assert r.returncode == 0 and sorted(r.stdout.split()) == sorted([PREFIX, other])
    r = kitconf(broker, "-d", "dt/kit/conf-device/+", "/led")
    assert r.returncode == 2 and "2 devices alive" in r.stderr
    # a dead device is gone from the list (its will cleared alive)
    dev2.kill()
    r = kitconf(broker, "-d", "dt/kit/conf-device/+")
    assert (r.returncode, r.stdout) == (0, PREFIX + "\n")
    dev.stop()
    assert kitconf(broker, "-d", "dt/kit/conf-device/+").returncode == 3


def test_watch_prints_telemetry_as_a_table(mosquitto_broker, conf_device, kitconf):
    broker = mosquitto_broker()
    conf_device(broker).ready()
    assert kitconf(broker, PREFIX, "/telemetry_period=1").returncode == 0
    r = kitconf(broker, "-w", "-n", "3", "-t", "5", PREFIX)
    assert r.returncode == 0, r
    lines = r.stdout.splitlines()
    assert len(lines) == 4
    head = lines[0].split()
    assert head[:3] == ["time", "uptime_s", "link"]
    assert {"rx_frames", "tcp_retransmits", "mqtt_reconnects", "free_stack", "app.led",
            "app.sets"} <= set(head)
    for row in lines[1:]:
        cells = row.split()
        assert len(cells) == len(head)
        assert re.fullmatch(r"\d\d:\d\d:\d\d", cells[0])
        assert cells[head.index("link")] == "true"
        assert cells[head.index("app.sets")] == "1"
    uptimes = [float(l.split()[1]) for l in lines[1:]]
    assert uptimes == sorted(uptimes)
    # a wildcard prefix adds the device column
    r = kitconf(broker, "-w", "-n", "1", "-t", "5", "dt/kit/+/+")
    assert r.returncode == 0 and r.stdout.splitlines()[0].split()[:2] == ["time", "device"]
    assert PREFIX in r.stdout.splitlines()[1]
