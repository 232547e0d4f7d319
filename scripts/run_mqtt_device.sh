#!/usr/bin/env bash
# `make run [BOARD=mps2-an500|native] [BROKER=host[:port]]` (scripts/run.sh hands over to this):
# mqtt-device against a broker, shown as a person would want to see it: the boot log, the MQTT
# connection, a settings round trip with the host tool (kitconf: `led` read, set to true, the
# device's reply and its "led: on"), then the telemetry stream as a table. Ctrl-C stops
# everything started here.
#
#   mps2-an500 (default)  QEMU, user networking with restrict=on: the guest gets 10.0.2.15 by
#                         DHCP and reaches nothing but 10.0.2.100:1883, forwarded to the broker.
#   native                the executable on a TAP in a network namespace of its own (needs root);
#                         a relay in the namespace at 10.77.247.1:1883 forwards to the broker.
# The broker is a private mosquitto on 127.0.0.1 (a free port), or BROKER=host[:port].
#   scripts/run_mqtt_device.sh BOARD
set -euo pipefail
board=${1:-mps2-an500}
root=$(cd "$(dirname "$0")/.." && pwd)
py=/usr/bin/python3
net=10.77.247 # native: the namespace's subnet, Linux (the relay) .1, the device .2
tap=md0
lock=/tmp/kit-build.lock

say() { echo "run: $*"; }
step() { printf '\nrun: ---- %s ----\n' "$*"; }

run_dir=$(mktemp -d /tmp/kit-run.XXXXXX)
pids=()
ns=""
cleanup() {
  trap - EXIT INT TERM
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null || true
  rm -rf "$run_dir"
  say "stopped${ns:+ (namespace $ns removed)}"
}
trap cleanup EXIT INT TERM

if [ "$board" = native ] && [ "$(id -u)" -ne 0 ]; then
  say "BOARD=native runs the device on a TAP in a network namespace, which needs root:"
  say "    sudo make run BOARD=native"
  exit 1
fi

# ---- the images: kitconf (native tree), the device --------------------------------------------
build() { flock "$lock" cmake --build "$1" --target "$2" >"$run_dir/build.log" 2>&1 ||
            { tail -30 "$run_dir/build.log"; say "building $2 in $1 failed"; exit 1; }; }
if [ ! -f "$root/build/native/build.ninja" ]; then
  flock "$lock" cmake --preset native -S "$root" >/dev/null
fi
build "$root/build/native" kitconf
kitconf=$root/build/native/kitconf
if [ "$board" = native ]; then
  build "$root/build/native" mqtt-device
  image=$root/build/native/mqtt-device
else
  # Its own tree with the settings this run needs (DHCP, the broker at 10.0.2.100): whatever
  # MAC_ADDRESS, IP_ADDRESS or BROKER build/$board was configured with, this image boots here.
  tree=$root/build/run-$board
  say "building mqtt-device for $board with the make-run settings in ${tree#$root/}"
  (cd "$root" && MAC_ADDRESS= IP_ADDRESS= GATEWAY= DNS_SERVER= BROKER= BROKER_IP_ADDRESS= \
    flock "$lock" cmake -S "$root" -B "$tree" -G Ninja -DBOARD="$board" >"$run_dir/build.log" 2>&1) ||
    { tail -30 "$run_dir/build.log"; say "configuring $tree failed"; exit 1; }
  build "$tree" mqtt-device
  image=$tree/mqtt-device.elf
fi

# ---- the broker --------------------------------------------------------------------------------
if [ -n "${BROKER:-}" ]; then
  broker_host=${BROKER%:*}
  broker_port=1883
  [ "$broker_host" != "$BROKER" ] && broker_port=${BROKER##*:}
  say "using your broker $broker_host:$broker_port"
else
  broker_host=127.0.0.1
  broker_port=$($py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\n' "$broker_port" \
    >"$run_dir/mosquitto.conf"
  mosquitto -c "$run_dir/mosquitto.conf" >"$run_dir/mosquitto.log" 2>&1 &
  pids+=($!)
  say "mosquitto on 127.0.0.1:$broker_port (its log: $run_dir/mosquitto.log)"
fi
tool() { "$kitconf" -b "$broker_host:$broker_port" "$@"; }

# ---- the device --------------------------------------------------------------------------------
log=$run_dir/device.log
: >"$log"
if [ "$board" = native ]; then
  ns=kitmqtt$$
  ip netns add "$ns"
  ip netns exec "$ns" ip link set lo up
  # No IPv6: its router solicitations would only be dropped by the device (rx_drops).
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip netns exec "$ns" ip tuntap add dev "$tap" mode tap
  ip netns exec "$ns" ip addr add "$net.1/24" dev "$tap"
  ip netns exec "$ns" ip link set "$tap" up
  # The relay: listens inside the namespace, connects to the broker from here (the role QEMU's
  # guestfwd plays for the QEMU board).
  $py - "$ns" "$net.1" "$broker_host" "$broker_port" >"$run_dir/relay.log" 2>&1 <<'EOF' &
import ctypes, os, socket, sys, threading
ns, listen_ip, host, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
libc = ctypes.CDLL(None, use_errno=True)
home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
there = os.open(f"/run/netns/{ns}", os.O_RDONLY)
assert libc.setns(there, 0x40000000) == 0  # CLONE_NEWNET: the listening socket lives in ns
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((listen_ip, 1883))
srv.listen(4)
assert libc.setns(home, 0x40000000) == 0   # connections to the broker leave from here
print(f"relay: {listen_ip}:1883 in {ns} -> {host}:{port}", flush=True)

def pump(a, b):
    try:
        while (data := a.recv(65536)):
            b.sendall(data)
    except OSError:
        pass
    for s in (a, b):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

while True:
    c, _ = srv.accept()
    try:
        u = socket.create_connection((host, port), timeout=5)
        u.settimeout(None)
    except OSError as e:
        print(f"relay: {host}:{port}: {e}", flush=True)
        c.close()
        continue
    threading.Thread(target=pump, args=(c, u), daemon=True).start()
    threading.Thread(target=pump, args=(u, c), daemon=True).start()
EOF
  pids+=($!)
  for _ in $(seq 50); do grep -q "relay: " "$run_dir/relay.log" && break; sleep 0.1; done
  step "starting mqtt-device on $tap in namespace $ns (ip $net.2/24, broker $net.1:1883 -> $broker_host:$broker_port)"
  ip netns exec "$ns" "$image" --tap "$tap" --ip "$net.2/24" --broker "$net.1:1883" \
    >"$log" 2>&1 </dev/null &
else
  step "booting mqtt-device on QEMU $board (DHCP from QEMU; broker 10.0.2.100:1883 -> $broker_host:$broker_port)"
  qemu-system-arm -M "$board" -nographic -monitor none -serial stdio -kernel "$image" \
    -netdev "user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:1883-tcp:$broker_host:$broker_port" \
    -net nic,netdev=n0,model=lan9118 >"$log" 2>&1 </dev/null &
fi
device=$!
pids+=($device)
# The log as whole lines (a UART writes a character at a time; sed -u passes each line on in one
# write, so the host tool's lines never land inside one). tail ends once the device has exited.
tail -n +1 -f --pid="$device" "$log" | sed -u '' &
pids+=($!)

wait_log() { # PATTERN SECONDS: wait for a device log line
  for _ in $(seq $(($2 * 10))); do
    grep -q "$1" "$log" && return 0
    kill -0 "$device" 2>/dev/null || { say "the device exited"; exit 1; }
    sleep 0.1
  done
  say "no '$1' in the device's log after $2 s"
  exit 1
}
wait_log "mqtt: connected" 30
prefix=$(sed -n 's/.*mqtt-device: settings under \([^ ]*\).*/\1/p' "$log" | head -1)
# Connected; its settings are published once those retained on the broker are applied (2 s).
wait_log "miniconf: settings applied" 15
sleep 0.5

step "settings round trip with the host tool: kitconf $prefix ..."
echo "\$ kitconf $prefix /led"
tool "$prefix" /led || say "kitconf failed"
echo "\$ kitconf $prefix /led=true"
tool "$prefix" /led=true || say "kitconf failed"
wait_log "led: on" 5
sleep 0.2
echo "\$ kitconf $prefix /telemetry_period=0      (refused: the device says why, nothing changes)"
tool "$prefix" /telemetry_period=0 || true
echo "\$ kitconf $prefix /telemetry_period=2      (telemetry every 2 s for this show)"
tool "$prefix" /telemetry_period=2 || say "kitconf failed"
sleep 0.2

step "telemetry: kitconf --watch $prefix (Ctrl-C stops everything)"
tool -t 3600 --watch "$prefix" &
pids+=($!)
wait "$device"
