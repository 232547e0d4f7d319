#!/usr/bin/env bash
# Flash and RAM of every application image on every cross board, as the Markdown table of
# BENCHMARKS.md's "Images" section (arm-none-eabi-size, Berkeley format).
#   bench/image_sizes.sh [build-root]    default: build (reads <root>/<board>/<app>.elf)
# flash = text + data (what is programmed: code, constants, init tables, .data's image);
# RAM   = data + bss (statics, the main stack with its 256-byte MPU guard, NOLOAD sections).
set -euo pipefail
root=${1:-build}
boards=(mps2-an500 mps2-an386 nucleo-h743zi2 nucleo-f429zi)

echo "| board | app | text | data | bss | flash | RAM |"
echo "|---|---|---:|---:|---:|---:|---:|"
for board in "${boards[@]}"; do
    shopt -s nullglob
    elfs=("$root/$board"/*.elf)
    shopt -u nullglob
    if [ ${#elfs[@]} -eq 0 ]; then
        echo "image_sizes: no images in $root/$board (not built?)" >&2
        continue
    fi
    for elf in "${elfs[@]}"; do
        read -r text data bss _ < <(arm-none-eabi-size "$elf" | awk 'NR == 2 {print $1, $2, $3}')
        printf '| %s | %s | %d | %d | %d | %d | %d |\n' "$board" "$(basename "$elf" .elf)" \
            "$text" "$data" "$bss" $((text + data)) $((data + bss))
    done
done
