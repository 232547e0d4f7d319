#!/usr/bin/env bash
# Flash cost of the settings-over-MQTT layer (kit_miniconf): miniconf-size minus
# miniconf-baseline (the same tree and MQTT client served by hand), per cross board, and the
# layer's objects on their own (Cortex-M7, -Os, the fat objects of the LTO build), as
# BENCHMARKS.md rows.
#   miniconf/bench/size.sh [build-root]   (default: a scratch tree under /tmp)
set -euo pipefail
root=${1:-/tmp/miniconf-size}
cd "$(dirname "$0")/../.."
flash() { arm-none-eabi-size "$1" | awk 'NR == 2 { print $1 + $2 }'; }
echo "| board | miniconf-size flash | baseline flash | layer cost |"
echo "|---|---:|---:|---:|"
for board in mps2-an500 mps2-an386 nucleo-h743zi2 nucleo-f429zi; do
  dir=$root/$board
  cmake -S . -B "$dir" -G Ninja -DBOARD="$board" >/dev/null 2>&1 || { echo "| $board | (does not configure) | | |"; continue; }
  cmake --build "$dir" --target miniconf-size miniconf-baseline >/dev/null
  a=$(flash "$dir/miniconf-size.elf")
  b=$(flash "$dir/miniconf-baseline.elf")
  echo "| $board | $a | $b | $((a - b)) |"
done
echo
echo "| object (mps2-an500, no LTO) | flash (text + data) |"
echo "|---|---:|"
arm-none-eabi-size "$root/mps2-an500/miniconf/libkit_miniconf.a" |
  awk 'NR > 1 { sub(/\.c\.obj$/, "", $6); printf "| %s | %d |\n", $6, $1 + $2; total += $1 + $2 }
       END { printf "| **total** | **%d** |\n", total }'
