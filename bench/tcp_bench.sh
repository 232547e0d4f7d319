#!/usr/bin/env bash
# TCP benchmarks, the tables of BENCHMARKS.md's "TCP" section:
#  1. echo throughput over a TAP in a network namespace: our stack (build/native/tcp-echo), lwIP
#     (Debian's liblwip through bench/lwip/lwip_echo.c, the same TAP path), and the Linux
#     kernel's own TCP on both ends of a veth pair (the bound: no TAP, no user-space stack);
#  2. CPU instructions per MiB echoed (valgrind --tool=callgrind on the whole device process:
#     stack, echo application, TAP driver, libc), ours against lwIP, as the difference between a
#     32 MiB echo and a 1 KiB one (start-up and the handshake cancel out);
#  3. flash and RAM of TCP on Cortex-M7 (mps2-an500 flags, -Os): a minimal image using the whole
#     TCP API over a null device, every byte attributed to its object through the linker map;
#     lwIP's TCP measured the only way Debian allows (it ships no sources: x86-64 code only).
#
#   bench/tcp_bench.sh [work-dir]      (NATIVE_BUILD=build/native by default; needs root)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/kit-tcp-bench}
native=${NATIVE_BUILD:-$root/build/native}
mkdir -p "$work"
size_mib=256     # per throughput run
cg_mib=32        # per callgrind run
net=10.77.201
dev_mac=02:77:c9:00:00:02

# ---------------------------------------------------------------- tools
cmake --build "$native" --target tcp-echo >/dev/null
lw=$root/bench/lwip
gcc -O2 -g -Wall -I/usr/include/lwip -o "$work/lwip-echo" "$lw/lwip_echo.c" "$lw/tapnetif.c" \
    "$lw/tap_open.c" -llwip -lpthread
gcc -O2 -Wall -o "$work/echo-client" "$lw/echo_client.c" -lpthread
gcc -O2 -Wall -o "$work/kernel-echo" "$lw/kernel_echo.c" -lpthread

ns=kittcpb$$
nsk=kittcpk$$
cleanup() {
    for n in $ns $nsk; do
        ip netns pids $n 2>/dev/null | xargs -r kill -9 2>/dev/null || true
        ip netns del $n 2>/dev/null || true
    done
}
trap cleanup EXIT
ip netns add $ns
ip netns exec $ns ip link set lo up
ip netns exec $ns ip tuntap add dev bench0 mode tap
ip netns exec $ns ip addr add $net.1/24 dev bench0
ip netns exec $ns ip link set bench0 up
ip netns exec $ns ip neigh replace $net.2 lladdr $dev_mac dev bench0 nud permanent

start_device() { # $1 ours|lwip, $2 wrapper (valgrind...) -> pid in $dev
    case $1 in
    ours) ip netns exec $ns $2 "$native/tcp-echo" --tap bench0 --mac $dev_mac --ip $net.2/24 \
              >"$work/device.log" 2>&1 & ;;
    lwip) ip netns exec $ns $2 "$work/lwip-echo" bench0 $net.2/24 $dev_mac \
              >"$work/device.log" 2>&1 & ;;
    esac
    dev=$!
    for _ in $(seq 300); do
        grep -q "echo on port" "$work/device.log" 2>/dev/null && return
        sleep 0.1
    done
    echo "device $1 did not start"; cat "$work/device.log"; exit 1
}
stop_device() {
    kill -TERM $dev 2>/dev/null || true
    wait $dev 2>/dev/null || true
}
client() { # $1 namespace, $2 host, $3 bytes -> "bytes seconds Mbit/s"
    ip netns exec "$1" "$work/echo-client" "$2" 1234 "$3"
}
best_of_3() { # $1 namespace, $2 host -> the best Mbit/s of three runs (the machine is shared)
    for _ in 1 2 3; do client "$1" "$2" $((size_mib << 20)) | awk '{print $3}'; done |
        sort -n | tail -1
}

# ---------------------------------------------------------------- 1. throughput
start_device ours ""
ours_mbit=$(best_of_3 $ns $net.2)
stop_device
start_device lwip ""
lwip_mbit=$(best_of_3 $ns $net.2)
stop_device
ip netns add $nsk
ip netns exec $nsk ip link set lo up
ip -n $ns link add vk0 type veth peer name vk1 netns $nsk
ip -n $ns addr add 10.77.202.1/24 dev vk0
ip -n $nsk addr add 10.77.202.2/24 dev vk1
ip -n $ns link set vk0 up
ip -n $nsk link set vk1 up
ip netns exec $nsk "$work/kernel-echo" 1234 >"$work/kernel.log" 2>&1 &
disown  # killed with its namespace at exit, without a job report
for _ in $(seq 50); do grep -q "echo on port" "$work/kernel.log" && break; sleep 0.1; done
kernel_mbit=$(best_of_3 $ns 10.77.202.2)

# ---------------------------------------------------------------- 2. instructions per MiB
collected() { # $1 ours|lwip, $2 bytes -> instructions of the whole device process
    start_device "$1" "valgrind --tool=callgrind --callgrind-out-file=$work/cg.$1.$2"
    client $ns $net.2 "$2" >/dev/null
    stop_device
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/device.log" | tail -1
}
per_mib() { # $1 ours|lwip
    local small big
    small=$(collected "$1" 1024)
    big=$(collected "$1" $((cg_mib << 20)))
    echo $(((big - small) / cg_mib))
}
ours_ir=$(per_mib ours)
lwip_ir=$(per_mib lwip)

echo
echo "| echo over TAP, one connection, ${size_mib} MiB each way (best of 3) | Mbit/s each way | CPU instructions per MiB echoed |"
echo "|---|---:|---:|"
printf '| our TCP (apps/tcp-echo, native, 64 KiB buffers) | %s | %s |\n' "$ours_mbit" "$ours_ir"
printf '| lwIP 2.1.3 (Debian liblwip, raw API echo, TCP_WND/SND_BUF 64 KiB) | %s | %s |\n' \
    "$lwip_mbit" "$lwip_ir"
printf '| Linux kernel both ends, veth (the bound) | %s | - |\n' "$kernel_mbit"
printf '\nOurs takes %s%% of the instructions lwIP takes per MiB.\n' \
    "$(awk -v a="$ours_ir" -v b="$lwip_ir" 'BEGIN {printf "%.0f", 100 * a / b}')"
for s in ours lwip; do
    echo
    echo "Largest costs per MiB, $s (callgrind, self):"
    callgrind_annotate --auto=no --threshold=100 "$work/cg.$s.$((cg_mib << 20))" 2>/dev/null |
        /usr/bin/python3 -c '
import re, sys
mib = int(sys.argv[1]); rows = []
for l in sys.stdin:
    m = re.match(r"\s*([\d,]+) \(.*?\)\s+(\S+?):(\S+)", l)
    if m:
        rows.append((int(m.group(1).replace(",", "")), m.group(3), m.group(2).rsplit("/", 1)[-1]))
print(", ".join("%s %d" % (f, n // mib) for n, f, src in sorted(rows, reverse=True)[:6]) + ".")
' "$cg_mib"
done

# ---------------------------------------------------------------- 3. flash and RAM on Cortex-M7
cc=arm-none-eabi-gcc
cpu="-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard"
cflags="$cpu -Os -std=c11 -g0 -ffunction-sections -fdata-sections -fno-common
        -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
        -Wno-missing-field-initializers -I$root/net/include -I$root/net -I$root/log/include"
cat >"$work/main.c" <<'C'
/* Uses the whole TCP API once, over a device that never receives and always has room. */
#include "net/iface.h"
#include "net/socket/tcp.h"

static uint8_t tx_frame[1514];
static bool rx_acquire(struct net_device *d, uint8_t **f, size_t *n) { (void)d; (void)f; (void)n; return false; }
static void rx_release(struct net_device *d) { (void)d; }
static bool tx_acquire(struct net_device *d, size_t n, uint8_t **f) { (void)d; (void)n; *f = tx_frame; return true; }
static void tx_commit(struct net_device *d, size_t n) { (void)d; (void)n; }
static const struct net_device_ops null_ops = {rx_acquire, rx_release, tx_acquire, tx_commit, 0, 0, 0};
static struct net_device null_dev = {&null_ops, {1500, 0, 0}};

struct net_iface net_state_iface;
struct net_tcp net_state_tcp;
struct net_tcp_socket net_state_socket[2];
uint8_t app_buf_tcp[2][2][8192];

volatile uint64_t clock_us;
volatile uint32_t sink;

static uint32_t rng(void *ctx) { (void)ctx; return (uint32_t)clock_us * 2654435761u; }
static void wake(void *ctx, uint32_t ev) { (void)ctx; sink += ev; }

int main(void);
int main(void)
{
    struct net_iface_config cfg = {&null_dev, {{2, 0, 0, 0, 0, 1}}, rng, 0, 0, 0};
    net_iface_init(&net_state_iface, &cfg);
    net_iface_set_ipv4(&net_state_iface, NET_IP4(10, 0, 0, 2), 24);
    net_tcp_init(&net_state_tcp, &net_state_iface, 0);
    for (int i = 0; i < 2; i++) {
        net_tcp_socket_init(&net_state_socket[i], &net_state_tcp, app_buf_tcp[i][0], 8192,
                            app_buf_tcp[i][1], 8192);
        net_tcp_set_waker(&net_state_socket[i], wake, 0);
        net_tcp_set_nodelay(&net_state_socket[i], sink & 1);
        net_tcp_set_delayed_ack(&net_state_socket[i], sink & 2);
        net_tcp_set_keepalive(&net_state_socket[i], sink & 4, 0, 0, 0);
        net_tcp_set_user_timeout(&net_state_socket[i], sink);
    }
    struct net_tcp_socket *srv = &net_state_socket[0], *cli = &net_state_socket[1];
    net_tcp_listen(srv, 1234);
    struct net_endpoint to = {NET_IP4(10, 0, 0, 1), 1883};
    net_tcp_connect(cli, &to, 0);
    for (;;) {
        net_iface_poll(&net_state_iface, clock_us);
        sink += (uint32_t)net_iface_poll_at(&net_state_iface, clock_us);
        uint8_t buf[256];
        size_t n = net_tcp_recv(srv, buf, sizeof buf);
        sink += (uint32_t)net_tcp_send(srv, buf, n);
        const uint8_t *p = net_tcp_recv_peek(cli, &n);
        if (p) {
            size_t room;
            uint8_t *q = net_tcp_send_buffer(cli, &room);
            if (q && room) {
                q[0] = p[0];
                net_tcp_send_commit(cli, 1);
            }
            net_tcp_recv_consume(cli, n);
        }
        sink += net_tcp_state(srv) + net_tcp_error(cli) + net_tcp_eof(cli) +
                net_tcp_may_send(cli) + net_tcp_is_established(cli) +
                (uint32_t)net_tcp_send_space(cli) + (uint32_t)net_tcp_send_queued(cli) +
                (uint32_t)net_tcp_recv_available(cli) + net_tcp_local(cli).port +
                net_tcp_remote(cli).port + net_tcp_counters(&net_state_tcp)->rx_segs +
                net_tcp_socket_counters(cli)->rx_segs;
        if (sink == 7)
            net_tcp_close(cli);
        if (sink == 9)
            net_tcp_abort(srv);
        if (sink == 11)
            net_tcp_deinit(&net_state_tcp);
    }
}
C
objs=()
for src in "$work/main.c" $(ls "$root"/net/*.c "$root"/net/*/*.c) "$root"/log/src/log.c \
           "$root"/log/src/fmt.c; do
    o=$work/obj_$(echo "${src#$root/}" | tr / _).o
    $cc $cflags -c "$src" -o "$o"
    objs+=("$o")
done
$cc $cpu -Os -nostartfiles --specs=nano.specs -Wl,--gc-sections -Wl,-Map="$work/tcp.map" \
    -Wl,-e,main -o "$work/tcp.elf" "${objs[@]}" -lc 2>"$work/link.log" || {
    cat "$work/link.log"; exit 1; }
if arm-none-eabi-nm "$work/tcp.elf" | grep -qw -e malloc -e _malloc_r; then
    echo "the TCP bench image links malloc"; exit 1
fi
# lwIP's TCP on x86-64 (Debian's -O2 build): the span of tcp.c, tcp_in.c and tcp_out.c, from
# tcp_init to the end of tcp_zero_window_probe (lwIP links them in that order; their static
# functions lie in between). Ours the same way: our TCP objects at gcc -O2 for x86-64.
lwip_x86=$(nm -DS --defined-only /usr/lib/x86_64-linux-gnu/liblwip.so.0.0.0 | /usr/bin/python3 -c '
import sys
s = {l.split()[3]: (int(l.split()[0], 16), int(l.split()[1], 16)) for l in sys.stdin if len(l.split()) == 4}
print(s["tcp_zero_window_probe"][0] + s["tcp_zero_window_probe"][1] - s["tcp_init"][0])')
ours_x86=0
for src in "$root"/net/tcp/*.c "$root"/net/wire/tcp.c; do
    gcc -O2 -fno-asynchronous-unwind-tables -std=c11 -I"$root/net/include" -I"$root/net" \
        -I"$root/log/include" -c "$src" -o "$work/x86.o"
    n=$(size -A "$work/x86.o" | awk '/^\.text|^\.rodata/ {t += $2} END {print t}')
    ours_x86=$((ours_x86 + n))
done
cat >"$work/pcb.c" <<'C'
#include "lwip/tcp.h"
#include "lwip/priv/tcp_priv.h"
char size_tcp_pcb[sizeof(struct tcp_pcb)];
char size_tcp_seg[sizeof(struct tcp_seg)];
char size_pbuf[sizeof(struct pbuf)];
C
$cc $cpu -Os -I/usr/include/lwip -c "$work/pcb.c" -o "$work/pcb.o"

/usr/bin/python3 - "$work" "$lwip_x86" "$ours_x86" <<'PY'
import re, subprocess, sys
work, lwip_x86, ours_x86 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
groups = [("tcp/proto", "protocol: demultiplexing, LISTEN, closed ports, poll"),
          ("tcp/input", "segment arrival (RFC 9293 3.10.7, RFC 5961, PAWS)"),
          ("tcp/output", "segment output, Nagle, SWS avoidance, probes"),
          ("tcp/timers", "retransmission, persist, keepalive, TIME-WAIT, user timeout"),
          ("tcp/socket", "application calls, options, names"),
          ("tcp/rxbuf", "receive buffer, out-of-order ranges, SACK blocks"),
          ("tcp/txbuf", "send buffer"),
          ("tcp/cc", "slow start, congestion avoidance, fast/early retransmit, recovery"),
          ("tcp/rtt", "RFC 6298 RTO"),
          ("tcp/sack", "sender's SACK scoreboard (RFC 6675)"),
          ("tcp/isn", "RFC 6528 ISN (SipHash-2-4)"),
          ("wire/tcp", "wire: TCP header and options, parse and emit")]
sizes = {}
pending = False  # a section name too long for one line puts address, size and object on the next
for line in open(work + "/tcp.map"):
    m = re.match(r"^ (\.text|\.rodata|\.data)\S*\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+\.o)$", line)
    if m:
        sizes[m.group(3)] = sizes.get(m.group(3), 0) + int(m.group(2), 16)
        pending = False
        continue
    if pending:
        m = re.match(r"^\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+\.o)$", line)
        if m:
            sizes[m.group(2)] = sizes.get(m.group(2), 0) + int(m.group(1), 16)
    pending = re.match(r"^ (\.text|\.rodata|\.data)\S+$", line.rstrip()) is not None
def size_of(key):
    return sum(v for k, v in sizes.items() if k.endswith("obj_net_" + key.replace("/", "_") + ".c.o"))
print()
print("| part (Cortex-M7, -Os, --gc-sections) | flash bytes |")
print("|---|---:|")
total = 0
for key, label in groups:
    n = size_of(key)
    total += n
    print("| %s | %d |" % (label, n))
print("| **TCP total** | **%d** |" % total)
def nm(path):
    out = subprocess.run(["arm-none-eabi-nm", "-S", path], capture_output=True, text=True).stdout
    return {p[3]: int(p[1], 16) for p in (l.split() for l in out.splitlines()) if len(p) == 4}
s = nm(work + "/tcp.elf")
pcb = nm(work + "/pcb.o")
print()
print("| RAM (Cortex-M7) | ours | lwIP 2.1.3 (Debian's options) |")
print("|---|---:|---:|")
print("| per connection, state | %d (`struct net_tcp_socket`) | %d (`struct tcp_pcb`) |" %
      (s["net_state_socket"] // 2, pcb["size_tcp_pcb"]))
print("| per connection, data | the two buffers the application gives it | heap: a `tcp_seg` (%d) + `pbuf` (%d) + data per queued segment |" %
      (pcb["size_tcp_seg"], pcb["size_pbuf"]))
print("| protocol instance | %d (`struct net_tcp`) | globals, pools |" % s["net_state_tcp"])
print()
print("lwIP's TCP (tcp.c, tcp_in.c, tcp_out.c) in Debian's x86-64 library (gcc -O2): %d bytes of code; "
      "ours (net/tcp and the TCP wire layer) built the same way: %d bytes, %.0f%% of it. "
      "On Cortex-M7 ours is %d bytes; scaled by our own x86-64 to Cortex-M7 ratio, lwIP's would be "
      "about %d bytes." % (lwip_x86, ours_x86, 100.0 * ours_x86 / lwip_x86, total,
                           lwip_x86 * total // ours_x86))
PY
