#!/usr/bin/env bash
# `make bench`: runs every benchmark script under bench/ (each prints its table and updates its
# section of BENCHMARKS.md). Benchmarks measure; they never pass or fail on a figure.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
for script in bench/*.sh; do
  [ "$(basename "$script")" = run.sh ] && continue
  echo "== $script"
  bash "$script" || { echo "bench: $script failed"; status=1; }
done
exit $status
