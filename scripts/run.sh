#!/usr/bin/env bash
# `make run`: start a local mosquitto on 127.0.0.1, boot the app (QEMU or native) and stream its
# log. Ctrl-C stops everything this script started.
#   scripts/run.sh BOARD APP     (BROKER=host[:port] uses your own broker instead)
set -euo pipefail
board=${1:-mps2-an500}
app=${2:-mqtt-device}
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "$app" = playground ]; then
  # No broker: a namespace with a TAP, then ping, echo and iperf against it (its own script).
  exec bash "$root/scripts/run_playground.sh" "$board"
fi
if [ "$app" = mqtt-device ]; then
  # The default: boot log, MQTT connection, a settings round trip, telemetry (its own script).
  exec bash "$root/scripts/run_mqtt_device.sh" "$board"
fi
run_dir=$(mktemp -d /tmp/kit-run.XXXXXX)
pids=()

cleanup() {
  trap - EXIT INT TERM
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$run_dir"
}
trap cleanup EXIT INT TERM

broker_port=1883
if [ -z "${BROKER:-}" ]; then
  # A private broker for this run, on loopback only.
  broker_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\nset_tcp_nodelay true\n' "$broker_port" > "$run_dir/mosquitto.conf"
  mosquitto -c "$run_dir/mosquitto.conf" > "$run_dir/mosquitto.log" 2>&1 &
  pids+=($!)
  echo "run: mosquitto on 127.0.0.1:$broker_port (log: $run_dir/mosquitto.log)"
fi

if [ "$board" = native ]; then
  exe="$root/build/native/$app"
  [ -x "$exe" ] || { echo "run: $exe is not built"; exit 1; }
  "$exe" &
  pids+=($!)
else
  elf="$root/build/$board/$app.elf"
  [ -f "$elf" ] || { echo "run: $elf is not built"; exit 1; }
  echo "run: booting $app on QEMU $board (Ctrl-C to stop)"
  # User networking, restricted: the guest reaches nothing but what is forwarded to 127.0.0.1.
  qemu-system-arm -M "$board" -nographic -monitor none -serial stdio -kernel "$elf" \
    -netdev "user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:1883-tcp:127.0.0.1:$broker_port" \
    -net nic,netdev=n0,model=lan9118 </dev/null &
  pids+=($!)
fi
wait "${pids[-1]}"
