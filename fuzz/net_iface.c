/* fuzz-deps: kit_net kit_log */
/* The whole receive path: a stream of frames (and clock steps) into an interface with a UDP
 * socket, an ICMP socket, a protocol handler, the DHCP and DNS clients, through the pipe device.
 * Everything the stack sends back must itself be a well-formed frame.
 *
 * Input: records of [op][len hi][len lo][len bytes]; op bit 0 set: advance the clock by
 * (op >> 1) * 100 ms before the frame. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/dhcp.h"
#include "net/dns.h"
#include "net/iface.h"
#include "net/pipe.h"
#include "net/socket/icmp.h"
#include "net/socket/udp.h"
#include "net/wire/ethernet.h"
#include "net/wire/ipv4.h"

#define CHECK(x)                                                                                   \
    do {                                                                                           \
        if (!(x))                                                                                  \
            __builtin_trap();                                                                      \
    } while (0)

static struct net_pipe_end dev, peer;
static struct net_pipe_frame dev_slots[8], peer_slots[64];
static struct net_iface iface;
static uint8_t hold[2 * 1536], reasm[2 * 4608];
static struct net_udp_socket udp;
static struct net_pkt_meta udp_rx_meta[4], udp_tx_meta[4];
static uint8_t udp_rx[4096], udp_tx[4096];
static struct net_icmp_socket icmp;
static struct net_pkt_meta icmp_rx_meta[2], icmp_tx_meta[2];
static uint8_t icmp_rx[2048], icmp_tx[2048];
static struct net_dhcp_client dhcp;
static struct net_dns_client dns;
static uint32_t tcp_seen;

static void tcp_input(struct net_handler *h, struct net_iface *i, uint64_t now,
                      const struct net_ipv4_repr *ip)
{
    (void)h;
    (void)i;
    (void)now;
    CHECK(ip->protocol == NET_IP_PROTO_TCP);
    if (ip->payload_len)
        tcp_seen += ip->payload[ip->payload_len - 1]; /* touch the last byte: ASan checks it */
}

static struct net_handler tcp = {.ip_protocol = NET_IP_PROTO_TCP, .input = tcp_input};

static uint32_t entropy(void *ctx)
{
    (void)ctx;
    return 0x12345678;
}

static void setup(void)
{
    net_pipe_init(&dev, dev_slots, 8, &peer, peer_slots, 64, 1500);
    struct net_iface_config cfg = {.dev = &dev.dev,
                                   .mac = {{2, 0, 0, 0, 0, 2}},
                                   .entropy = entropy,
                                   .hold_storage = hold,
                                   .hold_size = sizeof hold};
    net_iface_init(&iface, &cfg);
    net_iface_enable_reasm(&iface, reasm, sizeof reasm);
    net_udp_init(&udp, &NET_RING_STORAGE(udp_rx_meta, udp_rx), &NET_RING_STORAGE(udp_tx_meta, udp_tx));
    net_udp_bind(&iface, &udp, 7);
    net_icmp_init(&icmp, &NET_RING_STORAGE(icmp_rx_meta, icmp_rx),
                  &NET_RING_STORAGE(icmp_tx_meta, icmp_tx));
    net_icmp_bind(&iface, &icmp, 0x6820);
    net_iface_add_handler(&iface, &tcp);
    memset(&dhcp, 0, sizeof dhcp);
    net_dhcp_start(&dhcp, &iface, "fuzz", NULL, NULL);
    net_dns_init(&dns, &iface);
    const net_ip4 servers[] = {NET_IP4(10, 9, 0, 1)};
    net_dns_set_servers(&dns, servers, 1);
    /* start from the address the seeds' frames talk to; DHCP may replace it */
    net_iface_set_ipv4(&iface, NET_IP4(10, 9, 0, 2), 24);
    net_iface_set_gateway(&iface, NET_IP4(10, 9, 0, 1));
}

/* Every frame the stack sends is checked: a parseable Ethernet frame within the MTU, and when
 * IPv4, a header that verifies. */
static void drain_and_check(void)
{
    static uint8_t f[NET_PIPE_FRAME_MAX];
    size_t n;
    while (net_pipe_pending(&peer)) {
        n = net_pipe_recv(&peer, f, sizeof f);
        CHECK(n >= NET_ETH_MIN_FRAME && n <= 1514);
        struct net_eth_repr eth;
        CHECK(net_eth_parse(f, n, &eth) == NET_WIRE_OK);
        if (eth.ethertype == NET_ETHERTYPE_IPV4) {
            struct net_ipv4_repr ip;
            CHECK(net_ipv4_parse(eth.payload, eth.payload_len, true, &ip) == NET_WIRE_OK);
        } else {
            CHECK(eth.ethertype == NET_ETHERTYPE_ARP);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    uint64_t now = 1000000;
    net_iface_poll(&iface, now);
    drain_and_check();
    /* some traffic of our own, so the sending paths run too */
    struct net_endpoint to = {NET_IP4(10, 9, 0, 1), 9};
    net_udp_send_to(&udp, &to, "x", 1);
    net_icmp_send_echo(&icmp, NET_IP4(10, 9, 0, 1), 1, "ping", 4);
    int q;
    net_dns_start(&dns, "broker.lan", &q);
    size_t pos = 0;
    while (pos + 3 <= size) {
        uint8_t op = data[pos];
        size_t len = (size_t)data[pos + 1] << 8 | data[pos + 2];
        pos += 3;
        if (len > size - pos)
            len = size - pos;
        if (op & 1)
            now += (uint64_t)(op >> 1) * 100000;
        if (len <= NET_PIPE_FRAME_MAX && !net_pipe_send(&peer, data + pos, len))
            drain_and_check();
        pos += len;
        net_iface_poll(&iface, now);
        uint64_t next = net_iface_poll_at(&iface, now);
        CHECK(next >= now);
        drain_and_check();
        /* consume what arrived so the rings keep room */
        struct net_endpoint from;
        uint8_t buf[64];
        size_t got;
        while (net_udp_recv_from(&udp, &from, buf, sizeof buf, &got) != NET_ERR_EMPTY) {
        }
        net_ip4 src;
        uint16_t seq;
        while (net_icmp_recv_echo(&icmp, &src, &seq, buf, sizeof buf, &got) != NET_ERR_EMPTY) {
        }
    }
    /* let every timer run out */
    for (int i = 0; i < 20; i++) {
        uint64_t next = net_iface_poll_at(&iface, now);
        if (next == UINT64_MAX)
            break;
        now = next > now + 3600000000ull ? now + 3600000000ull : next;
        net_iface_poll(&iface, now);
        drain_and_check();
    }
    net_dns_close(&dns);
    net_dhcp_stop(&dhcp);
    return 0;
}
