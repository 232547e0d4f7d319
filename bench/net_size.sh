#!/usr/bin/env bash
# Flash and RAM of the network stack core (kit_net) alone on Cortex-M7 (mps2-an500 flags), -Os.
#
# Links a minimal image that uses the whole feature set (interface with ARP, reassembly and
# ICMP; a UDP socket, an ICMP echo socket, the DHCP and DNS clients) over a null device, with
# --gc-sections, and attributes every byte of the image to the object it came from via the
# linker map. Without LTO, so the attribution is exact; the LTO total is printed too (the real
# images are built with LTO). RAM is the stack's own state; the buffers the application gives
# it (socket rings, hold and reassembly storage) are listed apart, at the sizes used here.
#
#   bench/net_size.sh [work-dir]        prints the tables for BENCHMARKS.md
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/kit-net-size}
mkdir -p "$work"
cc=arm-none-eabi-gcc
cpu="-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard"
cflags="$cpu -Os -std=c11 -g0 -ffunction-sections -fdata-sections -fno-common
        -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
        -Wno-missing-field-initializers -I$root/net/include -I$root/net -I$root/log/include"

cat >"$work/main.c" <<'C'
/* Uses every part of kit_net once, over a device that never receives and always has room. */
#include "net/dhcp.h"
#include "net/dns.h"
#include "net/iface.h"
#include "net/socket/icmp.h"
#include "net/socket/udp.h"

static uint8_t tx_frame[1514];
static bool rx_acquire(struct net_device *d, uint8_t **f, size_t *n) { (void)d; (void)f; (void)n; return false; }
static void rx_release(struct net_device *d) { (void)d; }
static bool tx_acquire(struct net_device *d, size_t n, uint8_t **f) { (void)d; (void)n; *f = tx_frame; return true; }
static void tx_commit(struct net_device *d, size_t n) { (void)d; (void)n; }
static const struct net_device_ops null_ops = {rx_acquire, rx_release, tx_acquire, tx_commit, 0, 0, 0};
static struct net_device null_dev = {&null_ops, {1500, 0, 0}};

/* the stack's own state */
struct net_iface net_state_iface;
struct net_udp_socket net_state_udp;
struct net_icmp_socket net_state_icmp;
struct net_dhcp_client net_state_dhcp;
struct net_dns_client net_state_dns;
/* what the application provides, at the sizes the playground uses */
uint8_t app_buf_hold[NET_ARP_HOLD_SLOTS * 1536], app_buf_reasm[NET_REASM_SLOTS * 4608];
struct net_pkt_meta app_buf_udp_meta[2][8];
uint8_t app_buf_udp_data[2][4096];
struct net_pkt_meta app_buf_icmp_meta[2][2];
uint8_t app_buf_icmp_data[2][256];

volatile uint64_t clock_us;
volatile uint32_t sink;

static uint32_t rng(void *ctx) { (void)ctx; return (uint32_t)clock_us * 2654435761u; }

int main(void);
int main(void)
{
    struct net_iface_config cfg = {&null_dev, {{2, 0, 0, 0, 0, 1}}, rng, 0, app_buf_hold,
                                   sizeof app_buf_hold};
    net_iface_init(&net_state_iface, &cfg);
    net_iface_enable_reasm(&net_state_iface, app_buf_reasm, sizeof app_buf_reasm);
    net_udp_init(&net_state_udp, &NET_RING_STORAGE(app_buf_udp_meta[0], app_buf_udp_data[0]),
                 &NET_RING_STORAGE(app_buf_udp_meta[1], app_buf_udp_data[1]));
    net_udp_bind(&net_state_iface, &net_state_udp, 7);
    net_icmp_init(&net_state_icmp, &NET_RING_STORAGE(app_buf_icmp_meta[0], app_buf_icmp_data[0]),
                  &NET_RING_STORAGE(app_buf_icmp_meta[1], app_buf_icmp_data[1]));
    net_icmp_bind(&net_state_iface, &net_state_icmp, 0);
    net_dhcp_start(&net_state_dhcp, &net_state_iface, "bench", 0, 0);
    net_dns_init(&net_state_dns, &net_state_iface);
    int q;
    net_dns_start(&net_state_dns, "broker.lan", &q);
    for (;;) {
        net_iface_poll(&net_state_iface, clock_us);
        sink += (uint32_t)net_iface_poll_at(&net_state_iface, clock_us);
        struct net_endpoint from;
        uint8_t buf[64];
        size_t n;
        if (net_udp_recv_from(&net_state_udp, &from, buf, sizeof buf, &n) == NET_OK)
            net_udp_send_to(&net_state_udp, &from, buf, n);
        net_ip4 src;
        uint16_t seq;
        if (net_icmp_recv_echo(&net_state_icmp, &src, &seq, buf, sizeof buf, &n) == NET_OK)
            net_icmp_send_echo(&net_state_icmp, src, (uint16_t)(seq + 1), buf, n);
        net_ip4 addr[1];
        if (net_dns_result(&net_state_dns, q, addr, 1, &n, 0) != NET_DNS_PENDING)
            sink += addr[0];
        sink += net_iface_counters(&net_state_iface)->eth.rx;
    }
}
C

cat >"$work/link.ld" <<'LD'
MEMORY { FLASH (rx) : ORIGIN = 0, LENGTH = 4M
         RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 4M }
ENTRY(main)
SECTIONS {
  .text : { KEEP(*(.text.main)) *(.text .text.*) *(.rodata .rodata.*) } > FLASH
  .ARM.exidx : { *(.ARM.exidx*) } > FLASH
  .data : { *(.data .data.*) } > RAM AT > FLASH
  .bss : { *(.bss .bss.*) *(COMMON) } > RAM
}
LD

build() { # $1: name, $2: extra flags
    local dir=$work/$1 objs=()
    mkdir -p "$dir"
    for src in $(cd "$root" && ls net/*.c net/*/*.c log/src/log.c log/src/fmt.c) main.c; do
        local in=$root/$src
        [ "$src" = main.c ] && in=$work/main.c
        local obj=$dir/${src//\//_}.o
        $cc $cflags $2 -c "$in" -o "$obj"
        objs+=("$obj")
    done
    $cc $cpu -Os $2 -nostartfiles --specs=nano.specs -Wl,--gc-sections -Wl,-Map="$dir/net.map" \
        -T "$work/link.ld" "${objs[@]}" -o "$dir/net.elf"
    if arm-none-eabi-nm "$dir/net.elf" | grep -qw malloc; then
        echo "net_size: malloc was linked in" >&2
        exit 1
    fi
}
build plain "-fstack-usage"
build lto "-flto"

/usr/bin/python3 - "$work/plain/net.map" "$work/plain/net.elf" "$work/lto/net.elf" "$work/plain" <<'PY'
import glob, re, subprocess, sys
mapfile, elf, lto, plain = sys.argv[1:5]
# attribute each input section of the map to a layer by the object it came from
layers = {"wire": "net_wire_", "interface": "net_iface_", "sockets": "net_socket_",
          "dhcp client": "net_dhcp_", "dns client": "net_dns_", "addresses, errors": "net_a|net_e",
          "pipe device (unused)": "net_device_", "log": "log_src_", "bench main": "main.c",
          "libc (memcpy, memset...)": "libc|libg|libgcc"}
size = {k: [0, 0, 0] for k in layers}  # flash text+rodata, data, bss
sec = None
for line in open(mapfile):
    m = re.match(r"^ (\.\S+)\s*$", line)
    if m:
        sec = m.group(1); continue
    m = re.match(r"^ (\.\S+)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)", line)
    if not m:
        continue
    name = m.group(1) or sec
    if not name or int(m.group(2), 16) == 0 and not name.startswith(".bss"):
        continue
    n, obj = int(m.group(3), 16), m.group(4)
    col = 1 if name.startswith(".data") else 2 if name.startswith(".bss") or name.startswith("COMMON") else 0
    if not (name.startswith((".text", ".rodata", ".data", ".bss", "COMMON"))):
        continue
    for k, pat in layers.items():
        base = obj.split("/")[-1]
        if re.match("(%s)" % pat, base):
            size[k][col] += n
            break
print("| part | flash (text + rodata + data) |")
print("|---|---:|")
tot, own_ram = 0, 0
for k, (f, d, b) in size.items():
    if f + d + b == 0 or k == "bench main":
        continue
    print("| %s | %d |" % (k, f + d))
    if k.startswith(("wire", "interface", "sockets", "dhcp", "dns", "addresses")):
        tot += f + d
        own_ram += d + b
print("| **kit_net total** | **%d** |" % tot)
print()
print("Static RAM of kit_net's own objects: %d bytes (all state is in the structures below)." % own_ram)
def syms(path):
    out = subprocess.run(["arm-none-eabi-nm", "-S", path], capture_output=True, text=True).stdout
    r = {}
    for l in out.splitlines():
        p = l.split()
        if len(p) == 4:
            r[p[3]] = int(p[1], 16)
    return r
s = syms(elf)
print()
print("| state (per instance, in the application's RAM) | bytes |")
print("|---|---:|")
state = 0
for k, label in [("net_state_iface", "struct net_iface (ARP cache, routes, reassembly slots, counters)"),
                 ("net_state_udp", "struct net_udp_socket"), ("net_state_icmp", "struct net_icmp_socket"),
                 ("net_state_dhcp", "struct net_dhcp_client"), ("net_state_dns", "struct net_dns_client")]:
    print("| %s | %d |" % (label, s.get(k, 0)))
    state += s.get(k, 0)
print("| **all of the above** | **%d** |" % state)
apps = sum(v for k, v in s.items() if k.startswith("app_buf_"))
print("| buffers the application chose here (hold 2 x 1536, reassembly 2 x 4608, two sockets' rings) | %d |" % apps)
sz = subprocess.run(["arm-none-eabi-size", "-A", lto], capture_output=True, text=True).stdout
text = sum(int(l.split()[1]) for l in sz.splitlines() if l.startswith((".text", ".ARM", ".data")))
frames = []
for su in glob.glob(plain + "/net_*.su"):
    for l in open(su):
        p = l.rstrip().split("\t")
        if len(p) >= 3:
            frames.append((int(p[1]), p[0].split(":")[-1], p[2]))
frames.sort(reverse=True)
print()
print("Largest stack frames (-fstack-usage): " +
      ", ".join("%s %d B" % (f, n) for n, f, kind in frames[:5]) + ".")
print()
print("Whole bench image with -flto (stack + log + libc + main): %d bytes of flash." % text)
PY
