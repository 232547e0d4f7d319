#!/usr/bin/env bash
# Flash cost of the settings library: settings-selftest minus settings-baseline (the same image
# without the settings calls), per cross board, as BENCHMARKS.md rows.
#   settings/selftest/size.sh [build-root]   (default: a scratch tree under /tmp)
set -euo pipefail
root=${1:-/tmp/settings-size}
cd "$(dirname "$0")/../.."
echo "| board | settings-selftest flash | baseline flash | settings cost |"
echo "|---|---:|---:|---:|"
for board in mps2-an500 mps2-an386 nucleo-h743zi2 nucleo-f429zi; do
  dir=$root/$board
  cmake -S . -B "$dir" -G Ninja -DBOARD="$board" >/dev/null 2>&1 || { echo "| $board | (does not configure) | | |"; continue; }
  cmake --build "$dir" --target settings-selftest settings-baseline >/dev/null
  flash() { arm-none-eabi-size "$1" | awk 'NR == 2 { print $1 + $2 }'; }
  a=$(flash "$dir/settings-selftest.elf")
  b=$(flash "$dir/settings-baseline.elf")
  echo "| $board | $a | $b | $((a - b)) |"
done
