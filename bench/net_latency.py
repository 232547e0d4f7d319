"""Round-trip times to apps/netcheck, natively and under QEMU (mps2-an500), from Linux in a
network namespace of our own: ping (56 and 4000 bytes) and UDP echo (64 and 1472 bytes), one
request at a time. Prints the Markdown table of BENCHMARKS.md's "Network bring-up" section.
Needs root. QEMU figures depend on the host (QEMU runs the CPU as fast as it can, no icount).

usage: /usr/bin/python3 bench/net_latency.py       (KIT_NATIVE_BUILD / KIT_VARIANT_ROOT as in
                                                    tests/integration/netcore.py)"""
import os
import re
import socket
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

from kitnet import new_netns  # noqa: E402
from netcore import Device, image, variant_image  # noqa: E402

NET = "10.77.240"
MAC = "02:77:f0:00:00:02"
QEMU_STATIC = {"MAC_ADDRESS": MAC, "IP_ADDRESS": f"{NET}.2/24", "GATEWAY": f"{NET}.1"}


def ping(ns, ip, count, interval, size=56):
    out = ns.run("ping", "-q", "-c", count, "-i", interval, "-s", size, "-W", "2", ip,
                 timeout=300).stdout
    m = re.search(r"= ([\d.]+)/([\d.]+)/([\d.]+)/", out)
    loss = re.search(r"(\d+)% packet loss", out).group(1)
    return float(m.group(1)), float(m.group(2)), float(m.group(3)), int(loss)


def udp_rtts(ns, ip, size, count):
    rtts = []
    with ns.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        payload = bytes(i & 0xFF for i in range(size))
        for _ in range(count):
            t0 = time.perf_counter()
            s.sendto(payload, (ip, 7))
            data, _ = s.recvfrom(2048)
            rtts.append((time.perf_counter() - t0) * 1e6)
            assert data == payload
    rtts.sort()
    return statistics.median(rtts), rtts[int(len(rtts) * 0.99)]


def measure(board):
    if board == "native":
        binary, args = image("native", "netcheck"), ["--mac", MAC, "--ip", f"{NET}.2/24"]
    else:
        binary, args = variant_image(board, "netcheck", "bench", QEMU_STATIC), []
    ns = new_netns()
    dev = None
    try:
        ns.add_tap("nc0", cidr=f"{NET}.1/24")
        dev = Device(ns, board, binary, "nc0", args)
        dev.wait_log(r"netcheck: UDP echo on port 7", timeout=30)
        ns.neigh(f"{NET}.2", MAC, "nc0")
        ip = f"{NET}.2"
        udp_rtts(ns, ip, 64, 50)  # warm up (ARP, caches)
        rows = []
        lo, avg, hi, loss = ping(ns, ip, 1000, "0.005")
        rows.append(("ping 56 bytes, 1000 at 5 ms", f"{avg * 1000:.0f}", f"{lo * 1000:.0f}",
                     f"{hi * 1000:.0f}", f"{loss}%"))
        lo, avg, hi, loss = ping(ns, ip, 200, "0.02", 4000)
        rows.append(("ping 4000 bytes (3 fragments each way), 200", f"{avg * 1000:.0f}",
                     f"{lo * 1000:.0f}", f"{hi * 1000:.0f}", f"{loss}%"))
        for size in (64, 1472):
            med, p99 = udp_rtts(ns, ip, size, 2000)
            rows.append((f"UDP echo {size} bytes, 2000 one at a time", f"{med:.0f} (median)", "",
                         f"{p99:.0f} (p99)", "0%"))
        return rows
    finally:
        if dev:
            dev.stop()
        ns.close()


def main():
    print("| target | exchange | avg / median µs | min µs | max / p99 µs | loss |")
    print("|---|---|---:|---:|---:|---:|")
    for board in ("native", "mps2-an500"):
        for row in measure(board):
            print(f"| {board} | " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
