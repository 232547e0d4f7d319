#!/usr/bin/env bash
# The playground's throughput, BENCHMARKS.md's "Playground" table: Debian's `iperf -c` (iperf 2)
# against the app's iperf 2 server on port 5001, and a TCP echo of 16 MiB through port 1234,
# each over a TAP in a network namespace of its own, on native (the Linux process) and on QEMU
# mps2-an500 (its LAN9118 on the TAP). Prints the Markdown rows; measures, never judges.
#
#   bench/playground_bench.sh [work-dir]   (NATIVE_BUILD=build/native by default; needs root)
# The QEMU image needs a static address: it is built in work-dir/mps2-an500 (IP_ADDRESS set).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/kit-playground-bench}
native=${NATIVE_BUILD:-$root/build/native}
runs=3          # iperf runs per target (the median is reported, with the spread)
seconds=10      # per iperf run
echo_mib=16
net=10.77.202
dev_mac=02:77:ca:00:00:02
py=/usr/bin/python3
mkdir -p "$work"

cmake --build "$native" --target playground >/dev/null
IP_ADDRESS=$net.2/24 MAC_ADDRESS=$dev_mac GATEWAY= DNS_SERVER= \
    cmake -S "$root" -B "$work/mps2-an500" -G Ninja -DBOARD=mps2-an500 >/dev/null
cmake --build "$work/mps2-an500" --target playground.elf >/dev/null

ns=kitpgb$$
dev=""
cleanup() {
    [ -n "$dev" ] && kill "$dev" 2>/dev/null && wait "$dev" 2>/dev/null
    ip netns del "$ns" 2>/dev/null || true
}
trap cleanup EXIT
ip netns add "$ns"
ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" ip tuntap add dev bench0 mode tap
ip netns exec "$ns" ip addr add "$net.1/24" dev bench0
ip netns exec "$ns" ip link set bench0 up
ip netns exec "$ns" ip neigh replace "$net.2" lladdr "$dev_mac" dev bench0 nud permanent

start_device() { # $1 native|mps2-an500 -> pid in $dev
    if [ "$1" = native ]; then
        ip netns exec "$ns" "$native/playground" --tap bench0 --mac "$dev_mac" --ip "$net.2/24" \
            >"$work/device.log" 2>&1 </dev/null &
    else
        ip netns exec "$ns" qemu-system-arm -M mps2-an500 -nographic -monitor none \
            -serial stdio -kernel "$work/mps2-an500/playground.elf" \
            -netdev tap,id=n0,ifname=bench0,script=no,downscript=no \
            -net nic,netdev=n0,model=lan9118 >"$work/device.log" 2>&1 </dev/null &
    fi
    dev=$!
    for _ in $(seq 300); do
        grep -q "iperf 2 on TCP port" "$work/device.log" 2>/dev/null && return
        sleep 0.1
    done
    echo "playground on $1 did not start"; cat "$work/device.log"; exit 1
}

stop_device() {
    kill "$dev" 2>/dev/null || true
    wait "$dev" 2>/dev/null || true
    dev=""
}

# Mbit/s of one `iperf -c` run, from its summary line (-f m: always Mbits/sec).
iperf_run() {
    ip netns exec "$ns" iperf -c "$net.2" -t "$seconds" -f m \
        | sed -n 's/.* 0\.0*-[0-9. ]*sec .* \([0-9.]*\) Mbits\/sec.*/\1/p' | tail -1
}

# Mbit/s each way of a 16 MiB TCP echo (a sender thread, the main thread reading it back).
echo_run() {
    ip netns exec "$ns" "$py" - "$net.2" "$echo_mib" <<'EOF'
import hashlib, os, socket, sys, threading, time
size = int(sys.argv[2]) << 20
data = os.urandom(1 << 20) * (size >> 20)
s = socket.create_connection((sys.argv[1], 1234), timeout=30)
start = time.monotonic()
t = threading.Thread(target=lambda: (s.sendall(data), s.shutdown(socket.SHUT_WR)))
t.start()
got = hashlib.sha256()
n = 0
while True:
    chunk = s.recv(1 << 16)
    if not chunk:
        break
    got.update(chunk)
    n += len(chunk)
t.join()
secs = time.monotonic() - start
assert n == size and got.digest() == hashlib.sha256(data).digest(), "echo differs"
print(f"{size * 8 / secs / 1e6:.1f}")
EOF
}

echo "| target | iperf -c, ${seconds} s (median of $runs, Mbit/s) | spread | TCP echo $echo_mib MiB (Mbit/s each way) |"
echo "|---|---:|---|---:|"
for target in native mps2-an500; do
    start_device "$target"
    rates=()
    for _ in $(seq "$runs"); do
        rates+=("$(iperf_run)")
    done
    echo_rate=$(echo_run)
    stop_device
    sorted=$(printf '%s\n' "${rates[@]}" | sort -n)
    median=$(echo "$sorted" | sed -n "$(((runs + 1) / 2))p")
    printf '| %s | %s | %s .. %s | %s |\n' "$target" "$median" "$(echo "$sorted" | head -1)" \
        "$(echo "$sorted" | tail -1)" "$echo_rate"
done
