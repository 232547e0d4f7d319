#!/usr/bin/env bash
# Installs, from Debian's packages, everything the build, the tests and `make run` need.
# Idempotent: only what is missing is installed, so it is cheap to call before every command.
set -euo pipefail

packages=(
  cmake ninja-build make gcc g++ clang libclang-rt-14-dev
  gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi gdb-multiarch
  qemu-system-arm openocd
  mosquitto mosquitto-clients libmosquitto-dev
  libcmocka-dev valgrind
  python3 python3-pytest python3-paho-mqtt python3-scapy
  iproute2 iputils-ping iputils-arping dnsmasq-base iperf netcat-openbsd
  liblwip-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# mosquitto's package starts a system-wide broker on port 1883; the kit starts its own brokers,
# so keep the package from starting one (policy-rc.d 101 = "do not start services").
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
