#!/usr/bin/env bash
# `make run APP=playground [BOARD=mps2-an500|native]` (scripts/run.sh hands over to this): boots
# the playground in a network namespace of its own, joined to Linux by a TAP, with dnsmasq
# handing it an address; shows a ping, a TCP echo round trip and an `iperf -c` against it; then
# streams its log until Ctrl-C, which stops everything started here and removes the namespace.
# Nothing outside that namespace is touched. Needs root (namespace, TAP).
#   scripts/run_playground.sh BOARD [BUILD_DIR]     (BUILD_DIR: default build/BOARD)
set -euo pipefail
board=${1:-mps2-an500}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-$root/build/$board}
net=10.77.248  # the namespace's subnet: Linux is .1, dnsmasq leases .2 to .20
tap=pg0
py=/usr/bin/python3

if [ "$(id -u)" -ne 0 ]; then
  echo "run: the playground runs in a network namespace with a TAP, which needs root:"
  echo "     sudo make run APP=playground BOARD=$board"
  exit 1
fi
for tool in ip iperf dnsmasq; do
  command -v "$tool" >/dev/null || { echo "run: $tool is missing (make setup installs it)"; exit 1; }
done
if [ "$board" = native ]; then
  image=$build/playground
  [ -x "$image" ] || { echo "run: $image is not built"; exit 1; }
else
  image=$build/playground.elf
  [ -f "$image" ] || { echo "run: $image is not built"; exit 1; }
fi

ns=kitrun$$
run_dir=$(mktemp -d /tmp/kit-run.XXXXXX)
pids=()
cleanup() {
  trap - EXIT INT TERM
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$run_dir"
  echo "run: stopped (namespace $ns removed)"
}
trap cleanup EXIT INT TERM

in_ns() { ip netns exec "$ns" "$@"; }
step() { printf '\nrun: ---- %s ----\n' "$*"; }

ip netns add "$ns"
in_ns ip link set lo up
in_ns ip tuntap add dev "$tap" mode tap
in_ns ip addr add "$net.1/24" dev "$tap"
in_ns ip link set "$tap" up
echo "run: network namespace $ns, TAP $tap with Linux at $net.1/24"

# Background processes are started with `ip netns exec` itself (not the in_ns function, which
# would put a subshell between $! and the process): ip execs into them, so $! is theirs.
ip netns exec "$ns" dnsmasq --no-daemon --conf-file=/dev/null --interface="$tap" --bind-interfaces \
  --listen-address="$net.1" --except-interface=lo --no-resolv --no-hosts --port=0 \
  --dhcp-range="$net.2,$net.20,1h" --dhcp-leasefile="$run_dir/leases" --user=root --group=root \
  --pid-file= >"$run_dir/dnsmasq.log" 2>&1 &
pids+=($!)

log=$run_dir/device.log
: >"$log"
if [ "$board" = native ]; then
  echo "run: starting $image --tap $tap (DHCP)"
  ip netns exec "$ns" "$image" --tap "$tap" >"$log" 2>&1 </dev/null &
else
  echo "run: booting $image on QEMU $board, its LAN9118 on $tap (DHCP)"
  ip netns exec "$ns" qemu-system-arm -M "$board" -nographic -monitor none -serial stdio -kernel "$image" \
    -netdev "tap,id=n0,ifname=$tap,script=no,downscript=no" -net nic,netdev=n0,model=lan9118 \
    >"$log" 2>&1 </dev/null &
fi
pids+=($!)
device=$!
# The log as whole lines (a UART writes a character at a time: sed -u passes on each line in one
# write, so the host commands' lines below never land in the middle of one). tail ends by itself
# once the device has exited.
tail -n +1 -f --pid="$device" "$log" | sed -u '' &
pids+=($!)

# The device's address: static from its build, or the lease (its log says either way).
ip=""
for _ in $(seq 300); do
  ip=$(sed -n 's/.*net: address \([0-9.]*\)\/.*/\1/p' "$log" | grep -v '^0\.0\.0\.0$' | tail -1 || true)
  [ -n "$ip" ] && break
  kill -0 "$device" 2>/dev/null || { echo "run: the device exited"; exit 1; }
  sleep 0.1
done
if [ -z "$ip" ]; then
  echo "run: the device has no address after 30 s (a static IP_ADDRESS outside $net.0/24?)"
  exit 1
fi
# Its services open right after the address; give the log a moment to show them.
sleep 1

step "ping $ip"
in_ns ping -c 3 -i 0.5 -W 2 "$ip" || echo "run: ping failed"

step "TCP echo round trip with $ip:1234"
in_ns "$py" - "$ip" <<'EOF' || echo "run: echo failed"
import socket, sys, time
msg = b"hello, playground"
with socket.create_connection((sys.argv[1], 1234), timeout=5) as s:
    start = time.monotonic()
    s.sendall(msg)
    got = b""
    while len(got) < len(msg):
        chunk = s.recv(64)
        if not chunk:
            break
        got += chunk
    ms = (time.monotonic() - start) * 1000
print(f"sent {msg!r}, got back {got!r} in {ms:.2f} ms: {'equal' if got == msg else 'DIFFERENT'}")
EOF

step "iperf -c $ip -t 5 -i 1 (iperf 2 server on port 5001)"
in_ns iperf -c "$ip" -t 5 -i 1 || echo "run: iperf failed"

step "the device's log goes on (Ctrl-C stops everything)"
wait "$device"
