#!/usr/bin/env bash
# `make bench`: every bench/*_bench.sh in turn, each writing its own section of BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for b in bench/*_bench.sh; do
  echo "bench: $b"
  bash "$b" || { echo "bench: $b FAILED"; status=1; }
done
exit $status
