#!/usr/bin/env python3
"""Flash by module from a linker map: which library, and which object in it, the bytes of an
image come from. Meant for a map linked with KIT_LTO=OFF (under LTO every module melts into a
few ltrans objects); the LTO image is smaller, by about 7 % for mqtt-device.

    cmake -S . -B /tmp/f4n -G Ninja -DBOARD=nucleo-f429zi -DKIT_LTO=OFF
    cmake --build /tmp/f4n --target mqtt-device
    bench/size_by_module.py /tmp/f4n/mqtt-device.map [--objects] [--from-zero]

--objects adds a line per object file; --from-zero counts flash from address 0 (the mps2 images)
instead of the STM32's 0x08000000.
"""
import collections
import re
import sys

FLASH_LO, FLASH_HI = 0x08000000, 0x10000000  # STM32 flash; QEMU mps2 images start at 0


def sizes(map_path, lo, hi):
    by_object = collections.Counter()
    started, pending = False, None

    def add(section, addr, size, obj):
        if lo <= int(addr, 16) < hi and not section.startswith(".debug"):
            by_object[obj] += int(size, 16)

    for line in open(map_path):
        if line.startswith("Linker script and memory map"):
            started = True
        if not started:
            continue
        m = re.match(r"^ (\.\S+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)", line)
        if m:
            add(*m.groups())
            pending = None
            continue
        m = re.match(r"^ (\.\S+)$", line)  # a long section name: the numbers follow on the next line
        if m:
            pending = m.group(1)
            continue
        m = re.match(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)", line)
        if m and pending:
            add(pending, *m.groups())
            pending = None
    named = collections.Counter()
    for obj, n in by_object.items():
        m = re.search(r"lib(kit_\w+)\.a\(([\w.-]+?)\.c\.obj\)", obj)
        if m:
            key = f"{m.group(1)}:{m.group(2)}"
        elif "/usr/lib" in obj:
            key = "libc+libgcc:" + re.sub(r".*\(|\.o\)$", "", obj)
        else:
            key = re.sub(r".*CMakeFiles/", "", obj).replace(".dir/", ":").replace(".c.obj", "")
        named[key] += n
    return named


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    lo, hi = (0, FLASH_HI) if "--from-zero" in sys.argv else (FLASH_LO, FLASH_HI)
    named = sizes(args[0], lo, hi)
    modules = collections.Counter()
    for key, n in named.items():
        modules[key.split(":")[0]] += n
    for mod, n in modules.most_common():
        if n:
            print(f"{n:7d}  {mod}")
    print(f"{sum(modules.values()):7d}  total")
    if "--objects" in sys.argv:
        print()
        for key, n in sorted(named.items()):
            print(f"{n:7d}  {key}")


if __name__ == "__main__":
    main()
