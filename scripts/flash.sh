#!/usr/bin/env bash
# Flash, read the RTT log of, or debug a NUCLEO board over its on-board ST-LINK, with Debian's
# tools (docs/boards.md "Flashing and debugging").
#
#   scripts/flash.sh flash BOARD APP      program build/BOARD/APP.elf, verify, reset, run
#   scripts/flash.sh rtt   BOARD APP      print the RTT log (channel 0) until Ctrl-C; an image
#                                         built with KIT_LOG_DICT=ON is decoded (tools/logdecode)
#   scripts/flash.sh gdb   BOARD APP      gdb-multiarch attached, target halted at reset
#
# PROBE=openocd (default), pyocd or jlink picks the tool. The board's names for each tool come
# from boards/BOARD/board.cmake (BOARD_OPENOCD_CONFIG, BOARD_PYOCD_TARGET, BOARD_JLINK_DEVICE).
# Ctrl-C stops everything this script started.
set -euo pipefail

action=${1:-}
board=${2:-}
app=${3:-}
probe=${PROBE:-openocd}
root=$(cd "$(dirname "$0")/.." && pwd)
gdb_port=${GDB_PORT:-3333}
rtt_port=${RTT_PORT:-19021}

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}
[ -n "$action" ] && [ -n "$board" ] && [ -n "$app" ] || usage
cmake_file="$root/boards/$board/board.cmake"
[ -f "$cmake_file" ] || { echo "flash: no board '$board' (boards/$board/board.cmake)"; exit 2; }
board_var() { # the value of set(NAME value) in board.cmake, or nothing
  sed -n "s/^set($1 \(.*\))$/\1/p" "$cmake_file" | head -1
}
openocd_cfg=$(board_var BOARD_OPENOCD_CONFIG)
pyocd_target=$(board_var BOARD_PYOCD_TARGET)
jlink_device=$(board_var BOARD_JLINK_DEVICE)
[ -n "$openocd_cfg$pyocd_target$jlink_device" ] || {
  echo "flash: $board has no debug probe (QEMU or native: use make run)"; exit 2; }
elf="$root/build/$board/$app.elf"
[ -f "$elf" ] || { echo "flash: $elf is not built (make build BOARD=$board)"; exit 1; }

tool=$probe
case "$probe" in
  jlink) tool=JLinkExe ;;
  openocd|pyocd) ;;
  *) echo "flash: PROBE must be openocd, pyocd or jlink, not '$probe'"; exit 2 ;;
esac
command -v "$tool" >/dev/null || {
  echo "flash: $tool is not installed (openocd: make setup; pyocd: apt install python3-pyocd;"
  echo "       jlink: SEGGER's J-Link Software Pack)"; exit 1; }

# The RTT control block is a symbol of the image (log/src/rtt.c): no search of RAM needed.
rtt_addr() {
  local a
  a=$(arm-none-eabi-nm "$elf" | awk '$3 == "_SEGGER_RTT" { print "0x" $1 }')
  [ -n "$a" ] || { echo "flash: $elf has no _SEGGER_RTT (no RTT log sink)" >&2; exit 1; }
  echo "$a"
}

# A dictionary-log image (KIT_LOG_DICT=ON: its ELF has a log_dict section) sends binary records:
# tools/logdecode prints them as the text build's lines (docs/logging.md).
rtt_output() {
  if arm-none-eabi-readelf -S "$elf" | grep -q " log_dict "; then
    /usr/bin/python3 "$root/tools/logdecode/logdecode.py" "$elf" -
  else
    cat
  fi
}

pids=()
cleanup() {
  trap - EXIT INT TERM
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

wait_port() { # until the server we started ($2, logging to $3) listens on port $1; 10 s at most
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { echo "flash: the server stopped:"; tail -5 "$3"; exit 1; }
    sleep 0.1
  done
  echo "flash: nothing listens on port $1 (log: $3)"; exit 1
}

jlink_commands() { # J-Link Commander script for this image, from the template
  local out
  out=$(mktemp /tmp/kit-jlink.XXXXXX)
  sed "s|@IMAGE@|$elf|" "$root/scripts/jlink/flash.jlink" > "$out"
  echo "$out"
}

jlink_script_args() { # the board's J-Link reset script, if it has one
  local s="$root/scripts/jlink/$board.JLinkScript"
  [ -f "$s" ] && echo "-JLinkScriptFile $s"
}

case "$probe:$action" in
openocd:flash)
  openocd -f "$openocd_cfg" -c "program $elf verify reset exit" ;;
openocd:rtt)
  addr=$(rtt_addr)
  openocd -f "$openocd_cfg" -c "init" -c "rtt setup $addr 64 \"SEGGER RTT\"" -c "rtt start" \
    -c "rtt server start $rtt_port 0" >/tmp/kit-openocd-rtt.log 2>&1 &
  pids+=($!)
  wait_port "$rtt_port" $! /tmp/kit-openocd-rtt.log
  echo "rtt: $board, control block at $addr (Ctrl-C to stop)"
  rtt_output </dev/tcp/127.0.0.1/"$rtt_port" ;;
openocd:gdb)
  openocd -f "$openocd_cfg" -c "gdb_port $gdb_port" >/tmp/kit-openocd-gdb.log 2>&1 &
  pids+=($!)
  wait_port "$gdb_port" $! /tmp/kit-openocd-gdb.log
  gdb-multiarch -q "$elf" -ex "target extended-remote :$gdb_port" -ex "monitor reset halt" ;;
pyocd:flash)
  pyocd flash -t "$pyocd_target" "$elf" && pyocd reset -t "$pyocd_target" ;;
pyocd:rtt)
  pyocd rtt -t "$pyocd_target" --address "$(rtt_addr)" | rtt_output ;;
pyocd:gdb)
  pyocd gdbserver -t "$pyocd_target" --port "$gdb_port" >/tmp/kit-pyocd-gdb.log 2>&1 &
  pids+=($!)
  wait_port "$gdb_port" $! /tmp/kit-pyocd-gdb.log
  gdb-multiarch -q "$elf" -ex "target extended-remote :$gdb_port" -ex "monitor reset halt" ;;
jlink:flash)
  cmds=$(jlink_commands)
  # shellcheck disable=SC2046
  JLinkExe -device "$jlink_device" -if SWD -speed 4000 -autoconnect 1 $(jlink_script_args) \
    -CommandFile "$cmds"
  rm -f "$cmds" ;;
jlink:rtt)
  # shellcheck disable=SC2046
  JLinkExe -device "$jlink_device" -if SWD -speed 4000 -autoconnect 1 $(jlink_script_args) \
    -RTTTelnetPort "$rtt_port" >/tmp/kit-jlink-rtt.log 2>&1 &
  pids+=($!)
  wait_port "$rtt_port" $! /tmp/kit-jlink-rtt.log
  rtt_output </dev/tcp/127.0.0.1/"$rtt_port" ;;
jlink:gdb)
  # shellcheck disable=SC2046
  JLinkGDBServer -device "$jlink_device" -if SWD -speed 4000 -port "$gdb_port" -nogui \
    $(jlink_script_args) >/tmp/kit-jlink-gdb.log 2>&1 &
  pids+=($!)
  wait_port "$gdb_port" $! /tmp/kit-jlink-gdb.log
  gdb-multiarch -q "$elf" -ex "target extended-remote :$gdb_port" -ex "monitor reset" \
    -ex "monitor halt" ;;
*)
  echo "flash: unknown probe or action '$probe' '$action'"; usage ;;
esac
