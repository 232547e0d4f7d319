#!/usr/bin/env bash
# Scheduler benchmark (not a test): instructions executed by lock+unlock, spawn and dispatch on
# QEMU mps2-an500, counted exactly by single-stepping build/mps2-an500/sched-test.elf under
# gdb-multiarch (bench/sched_count.py). Writes the "Scheduler" section of BENCHMARKS.md.
#   bash bench/sched_bench.sh [path/to/sched-test.elf]
set -euo pipefail
cd "$(dirname "$0")/.."

board=mps2-an500
elf=${1:-build/$board/sched-test.elf}
if [ ! -f "$elf" ]; then
  echo "sched_bench: $elf not built (make firmware)" >&2
  exit 1
fi

port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
qemu-system-arm -M "$board" -nographic -monitor none -serial null \
  -semihosting-config enable=on,target=native -kernel "$elf" -S -gdb "tcp:127.0.0.1:$port" &
qemu=$!
trap 'kill "$qemu" 2>/dev/null || true' EXIT

for _ in $(seq 50); do  # the gdb stub listens a moment after QEMU starts
  /usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2).close()" \
    2>/dev/null && break
  sleep 0.1
done

out=$(BENCH_ELF="$elf" BENCH_PORT="$port" \
      timeout 300 gdb-multiarch -nx -batch -x bench/sched_count.py 2>&1) || {
  echo "$out" | tail -20 >&2
  exit 1
}
json=$(grep '^BENCH_JSON ' <<<"$out" | cut -d' ' -f2-)
if [ -z "$json" ]; then
  echo "$out" | tail -20 >&2
  exit 1
fi
/usr/bin/python3 bench/sched_report.py "$elf" "$json" BENCHMARKS.md
