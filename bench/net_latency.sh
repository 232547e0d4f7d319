#!/usr/bin/env bash
# Round-trip times to apps/netcheck (native and QEMU mps2-an500) from Linux in a network
# namespace: the "Network bring-up" table of BENCHMARKS.md. Needs root (namespaces, TAP).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
  echo "net_latency: needs root (network namespaces)" >&2
  exit 1
fi
exec /usr/bin/python3 bench/net_latency.py
