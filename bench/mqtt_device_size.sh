#!/usr/bin/env bash
# mqtt-device's flash on the NUCLEO-F429ZI (issue 9's target: under 48 KiB = 49152 bytes; the
# Rust original flashed 184.70 KiB), by build-time configuration and by layer, as the tables of
# BENCHMARKS.md's "mqtt-device" section.
#   bench/mqtt_device_size.sh [work-dir]     default: a temporary directory
# Each configuration is its own tree, configured from a clean environment with only the
# variables it names (netapp/config.cmake, apps/mqtt-device/CMakeLists.txt). flash = text + data.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
board=nucleo-f429zi
SEED="MAC_ADDRESS=02:00:00:03:02:00 IP_ADDRESS=192.168.1.10/24 BROKER_IP_ADDRESS=192.168.1.5"

# build NAME TARGET "VAR=value ..." [cmake options...]: echoes the image's path
build() {
    local name=$1 target=$2 vars=$3
    shift 3
    local tree="$work/$name"
    env -u MAC_ADDRESS -u IP_ADDRESS -u GATEWAY -u DNS_SERVER -u BROKER -u BROKER_IP_ADDRESS \
        $vars cmake -S "$root" -B "$tree" -G Ninja -DBOARD=$board "$@" >/dev/null
    cmake --build "$tree" --target "$target" >/dev/null
    echo "$tree/$target.elf"
}

flash() { arm-none-eabi-size "$1" | awk 'NR == 2 {print $1 + $2}'; }

row() { # label elf
    local f
    f=$(flash "$2")
    printf '| %s | %d | %.1f | %s |\n' "$1" "$f" "$(echo "$f / 1024" | bc -l)" \
        "$([ "$f" -lt 49152 ] && echo "yes" || echo "no, +$((f - 49152))")"
}

echo "| mqtt-device, $board | flash (bytes) | KiB | under 48 KiB |"
echo "|---|---:|---:|---|"
row "seed: static address, broker by IP (the Rust original's configuration)" \
    "$(build seed mqtt-device "$SEED")"
row "seed, KIT_LOG_DICT=ON (dictionary logging: every message kept, its text only in the ELF)" \
    "$(build seed-dict mqtt-device "$SEED" -DKIT_LOG_DICT=ON)"
row "seed, KIT_LOG_LEVEL=WARN (no info lines)" \
    "$(build seed-warn mqtt-device "$SEED" -DKIT_LOG_LEVEL=WARN)"
row "default: DHCP, broker by IP" "$(build dhcp mqtt-device "")"
row "default, KIT_LOG_DICT=ON" "$(build dhcp-dict mqtt-device "" -DKIT_LOG_DICT=ON)"
row "DHCP, broker by name (DNS)" "$(build dhcp-dns mqtt-device "BROKER=broker.lan")"
echo
echo "| image (seed configuration) | flash | adds | what the addition is |"
echo "|---|---:|---:|---|"
prev=0
while IFS='|' read -r app what; do
    f=$(flash "$(build seed "$app" "$SEED")")
    if [ "$prev" -eq 0 ]; then
        printf '| %s | %d | | %s |\n' "$app" "$f" "$what"
    else
        printf '| %s | %d | %+d | %s |\n' "$app" "$f" $((f - prev)) "$what"
    fi
    prev=$f
done <<'LAYERS'
sched-demo|startup, clocks, the board, the scheduler, the log, fault reports
netcheck|the Ethernet driver and PHY, Ethernet/ARP/IPv4/ICMP, netapp (and netcheck's UDP services, reassembly)
tcp-echo|TCP (tcp-echo's listener instead of netcheck's services)
mqtt-stream|the MQTT 5/3.1.1 client (QoS 1 and 2 streams) and its transport over TCP
mqtt-device|the settings tree and its JSON, settings over MQTT (miniconf), persistence, telemetry, the app
LAYERS
echo
echo "By module (KIT_LTO=OFF map, bench/size_by_module.py; the LTO image is smaller):"
echo
map="$(dirname "$(build seed-nolto mqtt-device "$SEED" -DKIT_LTO=OFF)")/mqtt-device.map"
echo "| module | bytes |"
echo "|---|---:|"
python3 "$root/bench/size_by_module.py" "$map" | awk '{printf "| %s | %d |\n", $2, $1}'
