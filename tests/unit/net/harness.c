#include "harness.h"

#include <string.h>

#include "net/wire/bytes.h"

struct net_pipe_end h_dev, h_peer;
struct net_iface h_iface;
uint64_t h_now;

static struct net_pipe_frame dev_slots[16], peer_slots[32];
static uint8_t hold[NET_ARP_HOLD_SLOTS * 1536];
static uint8_t reasm[NET_REASM_SLOTS * 4608];

void h_setup(bool configured)
{
    net_pipe_init(&h_dev, dev_slots, 16, &h_peer, peer_slots, 32, 1500);
    struct net_iface_config cfg = {.dev = &h_dev.dev,
                                   .mac = H_MAC_US,
                                   .hold_storage = hold,
                                   .hold_size = sizeof hold};
    net_iface_init(&h_iface, &cfg);
    net_iface_enable_reasm(&h_iface, reasm, sizeof reasm);
    h_now = 1000 * SEC;
    if (configured) {
        net_iface_set_ipv4(&h_iface, H_IP_US, 24);
        net_iface_set_gateway(&h_iface, H_IP_GW);
        h_poll();
        h_drain();
    }
}

bool h_poll(void)
{
    return net_iface_poll(&h_iface, h_now);
}

void h_send(const void *frame, size_t len)
{
    assert_true(net_pipe_send(&h_peer, frame, len));
    h_poll();
}

size_t h_recv(uint8_t *buf, size_t cap)
{
    return net_pipe_recv(&h_peer, buf, cap);
}

size_t h_pending(void)
{
    return net_pipe_pending(&h_peer);
}

void h_drain(void)
{
    uint8_t f[H_FRAME_MAX];
    while (h_pending())
        h_recv(f, sizeof f);
}

void h_learn_peer(void)
{
    struct net_mac peer = H_MAC_PEER, us = H_MAC_US;
    uint8_t f[64];
    size_t n = h_arp_frame(f, NET_ARP_OP_REQUEST, &us, &peer, H_IP_PEER, &us, H_IP_US);
    h_send(f, n);
    h_drain(); /* the reply */
}

uint16_t h_cksum(const uint8_t *data, size_t len, uint32_t sum)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)(data[i] << 8 | data[i + 1]);
    if (len & 1)
        sum += (uint32_t)data[len - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

uint32_t h_pseudo(net_ip4 src, net_ip4 dst, uint8_t proto, size_t len)
{
    return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto + (uint32_t)len;
}

size_t h_ipv4_frame(uint8_t *buf, const struct net_mac *dst_mac, net_ip4 src, net_ip4 dst,
                    uint8_t proto, const void *payload, size_t len, uint16_t ident,
                    uint16_t frag_offset, bool more_frags)
{
    struct net_mac peer = H_MAC_PEER;
    memcpy(buf, dst_mac->b, 6);
    memcpy(buf + 6, peer.b, 6);
    buf[12] = 0x08;
    buf[13] = 0x00;
    uint8_t *ip = buf + 14;
    ip[0] = 0x45;
    ip[1] = 0;
    net_put16(ip + 2, (uint16_t)(20 + len));
    net_put16(ip + 4, ident);
    net_put16(ip + 6, (uint16_t)((frag_offset / 8) | (more_frags ? 0x2000 : 0)));
    ip[8] = 64;
    ip[9] = proto;
    net_put16(ip + 10, 0);
    net_put32(ip + 12, src);
    net_put32(ip + 16, dst);
    net_put16(ip + 10, h_cksum(ip, 20, 0));
    memcpy(ip + 20, payload, len);
    return 34 + len;
}

size_t h_udp_frame(uint8_t *buf, net_ip4 src, uint16_t sport, net_ip4 dst, uint16_t dport,
                   const void *payload, size_t len)
{
    uint8_t udp[H_FRAME_MAX];
    net_put16(udp, sport);
    net_put16(udp + 2, dport);
    net_put16(udp + 4, (uint16_t)(8 + len));
    net_put16(udp + 6, 0);
    memcpy(udp + 8, payload, len);
    uint16_t c = h_cksum(udp, 8 + len, h_pseudo(src, dst, 17, 8 + len));
    net_put16(udp + 6, c ? c : 0xffff);
    struct net_mac us = H_MAC_US;
    return h_ipv4_frame(buf, &us, src, dst, 17, udp, 8 + len, 0x1111, 0, false);
}

size_t h_icmp_echo_frame(uint8_t *buf, net_ip4 src, net_ip4 dst, uint8_t type, uint16_t ident,
                         uint16_t seq, const void *data, size_t len)
{
    uint8_t icmp[H_FRAME_MAX];
    icmp[0] = type;
    icmp[1] = 0;
    net_put16(icmp + 2, 0);
    net_put16(icmp + 4, ident);
    net_put16(icmp + 6, seq);
    memcpy(icmp + 8, data, len);
    net_put16(icmp + 2, h_cksum(icmp, 8 + len, 0));
    struct net_mac us = H_MAC_US;
    return h_ipv4_frame(buf, &us, src, dst, 1, icmp, 8 + len, 0x2222, 0, false);
}

size_t h_arp_frame(uint8_t *buf, uint16_t op, const struct net_mac *eth_dst,
                   const struct net_mac *sha, net_ip4 spa, const struct net_mac *tha,
                   net_ip4 tpa)
{
    memcpy(buf, eth_dst->b, 6);
    memcpy(buf + 6, sha->b, 6);
    buf[12] = 0x08;
    buf[13] = 0x06;
    uint8_t *a = buf + 14;
    net_put16(a, 1);
    net_put16(a + 2, 0x0800);
    a[4] = 6;
    a[5] = 4;
    net_put16(a + 6, op);
    memcpy(a + 8, sha->b, 6);
    net_put32(a + 14, spa);
    memcpy(a + 18, tha->b, 6);
    net_put32(a + 24, tpa);
    return 42;
}

void h_parse_ipv4(uint8_t *frame, size_t len, struct net_eth_repr *eth, struct net_ipv4_repr *ip)
{
    assert_int_equal(net_eth_parse(frame, len, eth), NET_WIRE_OK);
    assert_int_equal(eth->ethertype, NET_ETHERTYPE_IPV4);
    assert_int_equal(net_ipv4_parse(eth->payload, eth->payload_len, true, ip), NET_WIRE_OK);
    /* independent check of the header checksum */
    assert_int_equal(h_cksum(eth->payload, ip->header_len, 0), 0);
}

uint32_t h_drops(enum net_drop_reason r)
{
    return h_iface.counters.drops[r];
}
