#!/usr/bin/env bash
# Runs every libFuzzer target: `short` (inside make test: a few seconds each) or `long` (make fuzz).
set -euo pipefail
mode=${1:-short}
cd "$(dirname "$0")/.."
cmake -S . -B build/fuzz -G Ninja -DBOARD=native -DKIT_FUZZ=ON -DCMAKE_C_COMPILER=clang >/dev/null
cmake --build build/fuzz -j "$(nproc)" --target fuzz_all
secs=5
[ "$mode" = long ] && secs=${FUZZ_SECONDS:-600}
status=0
for t in build/fuzz/fuzz/fuzz_*; do
  name=$(basename "$t")
  corpus=build/fuzz/corpus/$name
  mkdir -p "$corpus"
  seeds=fuzz/seeds/${name#fuzz_}
  [ -d "$seeds" ] || seeds=
  echo "fuzz: $name for ${secs}s"
  if ! "$t" -max_total_time="$secs" -print_final_stats=0 "$corpus" $seeds >build/fuzz/$name.log 2>&1; then
    echo "fuzz: $name FAILED, see build/fuzz/$name.log"; tail -40 build/fuzz/$name.log; status=1
  fi
done
exit $status
