/* Interface: IPv4 input, ICMP echo and errors, reassembly and fragmentation, filtering,
 * counters, the protocol handler seam. */
#include <string.h>

#include "captures.h"
#include "harness.h"
#include "net/socket/udp.h"
#include "net/wire/bytes.h"

static uint8_t frame[H_FRAME_MAX];

/* The next frame must be IPv4 carrying ICMP: its parts. */
static size_t expect_icmp(struct net_ipv4_repr *ip, struct net_icmpv4_repr *icmp)
{
    size_t n = h_recv(frame, sizeof frame);
    assert_true(n >= 60);
    struct net_eth_repr eth;
    h_parse_ipv4(frame, n, &eth, ip);
    assert_int_equal(ip->protocol, NET_IP_PROTO_ICMP);
    assert_int_equal(h_cksum(ip->payload, ip->payload_len, 0), 0);
    assert_int_equal(net_icmpv4_parse(ip->payload, ip->payload_len, true, icmp), NET_WIRE_OK);
    return n;
}

static void answers_captured_linux_ping(void **state)
{
    (void)state;
    h_setup(false);
    const struct net_mac me = {{2, 0, 0, 0, 0, 2}}, linux_mac = {{2, 0, 0, 0, 0, 1}};
    h_iface.mac = me;
    net_iface_set_ipv4(&h_iface, NET_IP4(10, 9, 0, 2), 24);
    h_poll();
    h_drain();
    h_send(cap_arp_request, sizeof cap_arp_request);
    h_drain();
    h_send(cap_icmp_echo, sizeof cap_icmp_echo);
    struct net_ipv4_repr ip;
    struct net_icmpv4_repr icmp;
    size_t n = expect_icmp(&ip, &icmp);
    assert_int_equal(n, sizeof cap_icmp_echo);
    assert_memory_equal(frame, linux_mac.b, 6);
    assert_memory_equal(frame + 6, me.b, 6);
    assert_int_equal(ip.src, NET_IP4(10, 9, 0, 2));
    assert_int_equal(ip.dst, NET_IP4(10, 9, 0, 1));
    assert_int_equal(ip.ttl, NET_IP_TTL);
    assert_int_equal(icmp.type, NET_ICMP_ECHO_REPLY);
    assert_int_equal(icmp.ident, 0x6820);
    assert_int_equal(icmp.seq, 1);
    assert_int_equal(icmp.data_len, 56);
    assert_memory_equal(icmp.data, cap_icmp_echo + 42, 56);
    assert_int_equal(h_iface.counters.icmp.rx, 1);
    assert_int_equal(h_iface.counters.icmp.tx, 1);
}

static void broadcast_ping_ignored(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    size_t n = h_icmp_echo_frame(frame, H_IP_PEER, NET_IP4(10, 0, 0, 255), NET_ICMP_ECHO_REQUEST,
                                 1, 1, "x", 1);
    memset(frame, 0xff, 6);
    h_send(frame, n);
    assert_int_equal(h_pending(), 0);
    assert_int_equal(h_drops(NET_DROP_ICMP_IGNORED), 1);
}

static void closed_udp_port_unreachable(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    assert_null(h_iface.udp_ops); /* no UDP socket layer at all: closed ports still answered */
    size_t n = h_udp_frame(frame, H_IP_PEER, 5555, H_IP_US, 9999, "hello", 5);
    uint8_t sent[H_FRAME_MAX];
    memcpy(sent, frame, n);
    h_send(frame, n);
    struct net_ipv4_repr ip;
    struct net_icmpv4_repr icmp;
    expect_icmp(&ip, &icmp);
    assert_int_equal(ip.dst, H_IP_PEER);
    assert_int_equal(icmp.type, NET_ICMP_DEST_UNREACHABLE);
    assert_int_equal(icmp.code, NET_ICMP_UNREACH_PORT);
    /* it quotes the whole offending datagram (it is short): IP header, UDP header, data */
    assert_int_equal(icmp.data_len, 20 + 8 + 5);
    assert_memory_equal(icmp.data, sent + 14, 20 + 8 + 5);
    assert_int_equal(h_drops(NET_DROP_UDP_NO_SOCKET), 1);
    /* to the broadcast address: silence (RFC 1122 3.2.2) */
    n = h_udp_frame(frame, H_IP_PEER, 5555, NET_IP4_BROADCAST, 9999, "hello", 5);
    memset(frame, 0xff, 6);
    h_send(frame, n);
    assert_int_equal(h_pending(), 0);
    assert_int_equal(h_drops(NET_DROP_UDP_NO_SOCKET), 2);
}

static void unknown_protocol_unreachable(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    struct net_mac us = H_MAC_US;
    size_t n = h_ipv4_frame(frame, &us, H_IP_PEER, H_IP_US, 99, "abcdefgh", 8, 7, 0, false);
    h_send(frame, n);
    struct net_ipv4_repr ip;
    struct net_icmpv4_repr icmp;
    expect_icmp(&ip, &icmp);
    assert_int_equal(icmp.type, NET_ICMP_DEST_UNREACHABLE);
    assert_int_equal(icmp.code, NET_ICMP_UNREACH_PROTOCOL);
    assert_int_equal(h_drops(NET_DROP_IPV4_UNKNOWN_PROTO), 1);
}

static void icmp_errors_rate_limited(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    for (int i = 0; i < 2 * NET_ICMP_ERR_BURST; i++) {
        size_t n = h_udp_frame(frame, H_IP_PEER, 5555, H_IP_US, 9999, "x", 1);
        h_send(frame, n);
    }
    assert_int_equal(h_pending(), NET_ICMP_ERR_BURST);
    assert_int_equal(h_drops(NET_DROP_ICMP_RATE_LIMITED), NET_ICMP_ERR_BURST);
    h_drain();
    h_now += 3 * NET_ICMP_ERR_REFILL_US;
    for (int i = 0; i < 5; i++) {
        size_t n = h_udp_frame(frame, H_IP_PEER, 5555, H_IP_US, 9999, "x", 1);
        h_send(frame, n);
    }
    assert_int_equal(h_pending(), 3);
}

/* An ICMP echo request of data_len bytes cut into fragments of `chunk` bytes. */
static size_t echo_fragments(uint8_t frames[][H_FRAME_MAX], size_t *lens, uint8_t *msg,
                             size_t data_len, size_t chunk, uint16_t ident)
{
    msg[0] = NET_ICMP_ECHO_REQUEST;
    msg[1] = 0;
    net_put16(msg + 2, 0);
    net_put16(msg + 4, 0x4242);
    net_put16(msg + 6, 7);
    for (size_t i = 0; i < data_len; i++)
        msg[8 + i] = (uint8_t)(i * 7 + 3);
    net_put16(msg + 2, h_cksum(msg, 8 + data_len, 0));
    size_t total = 8 + data_len, count = 0;
    struct net_mac us = H_MAC_US;
    for (size_t off = 0; off < total; off += chunk, count++) {
        size_t n = total - off < chunk ? total - off : chunk;
        lens[count] = h_ipv4_frame(frames[count], &us, H_IP_PEER, H_IP_US, NET_IP_PROTO_ICMP,
                                   msg + off, n, ident, (uint16_t)off, off + n < total);
    }
    return count;
}

static uint8_t frags[8][H_FRAME_MAX];
static size_t frag_len[8];
static uint8_t msg[8192], reply[8192];

/* Collects the fragments of one reply into `reply`; returns its length. */
static size_t collect_reply(size_t *fragments)
{
    size_t total = 0;
    *fragments = 0;
    bool last_seen = false;
    uint16_t ident = 0;
    while (h_pending()) {
        size_t n = h_recv(frame, sizeof frame);
        struct net_eth_repr eth;
        struct net_ipv4_repr ip;
        h_parse_ipv4(frame, n, &eth, &ip);
        assert_true(n <= 1514);
        if ((*fragments)++ == 0)
            ident = ip.ident;
        assert_int_equal(ip.ident, ident);
        memcpy(reply + ip.frag_offset, ip.payload, ip.payload_len);
        if (!ip.more_frags) {
            last_seen = true;
            total = ip.frag_offset + ip.payload_len;
        } else {
            assert_int_equal(ip.payload_len % 8, 0);
        }
    }
    assert_true(last_seen);
    return total;
}

static void ping_4000_out_of_order(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    size_t count = echo_fragments(frags, frag_len, msg, 4000, 1480, 0x777);
    assert_int_equal(count, 3);
    const int order[] = {2, 0, 1};
    for (int i = 0; i < 3; i++) {
        h_send(frags[order[i]], frag_len[order[i]]);
        if (i < 2)
            assert_int_equal(h_pending(), 0);
    }
    size_t fragments;
    size_t total = collect_reply(&fragments);
    assert_int_equal(fragments, 3); /* 4008 bytes do not fit one 1500-byte MTU */
    assert_int_equal(total, 4008);
    assert_int_equal(reply[0], NET_ICMP_ECHO_REPLY);
    assert_int_equal(h_cksum(reply, total, 0), 0);
    assert_memory_equal(reply + 4, msg + 4, total - 4);
    assert_int_equal(h_iface.counters.frag_rx, 3);
    assert_int_equal(h_iface.counters.reasm_ok, 1);
    assert_int_equal(h_iface.counters.frag_tx, 3);
    for (int i = 0; i < NET_REASM_SLOTS; i++)
        assert_false(h_iface.reasm[i].used);
}

/* An interface that never enabled reassembly (most: TCP does not need it) drops every fragment
 * under its own reason and answers nothing. */
static void fragments_dropped_without_reassembly(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    h_iface.reasm_ops = NULL; /* as if net_iface_enable_reasm had never been called */
    size_t count = echo_fragments(frags, frag_len, msg, 4000, 1480, 0x778);
    for (size_t i = 0; i < count; i++)
        h_send(frags[i], frag_len[i]);
    assert_int_equal(h_pending(), 0);
    assert_int_equal(h_iface.counters.frag_rx, count);
    assert_int_equal(h_iface.counters.reasm_ok, 0);
    assert_int_equal(h_drops(NET_DROP_FRAG_NO_BUFFER), count);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), UINT64_MAX);
    /* a whole datagram still works */
    size_t n = h_icmp_echo_frame(frame, H_IP_PEER, H_IP_US, NET_ICMP_ECHO_REQUEST, 1, 1, "hi", 2);
    h_send(frame, n);
    assert_int_equal(h_pending(), 1);
}

static void reassembly_timeout(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    echo_fragments(frags, frag_len, msg, 4000, 1480, 0x100);
    h_send(frags[0], frag_len[0]);
    h_send(frags[1], frag_len[1]);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), h_now + NET_REASM_TIMEOUT_US);
    h_now += NET_REASM_TIMEOUT_US;
    h_poll();
    assert_int_equal(h_drops(NET_DROP_FRAG_TIMEOUT), 1);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), UINT64_MAX);
    h_send(frags[2], frag_len[2]); /* too late: starts a new, incomplete datagram */
    assert_int_equal(h_pending(), 0);
    assert_int_equal(h_iface.counters.reasm_ok, 0);
}

static void reassembly_eviction(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    static uint8_t other[8][H_FRAME_MAX];
    static size_t other_len[8];
    /* fill every slot with a partial datagram, the first one oldest */
    for (int s = 0; s < NET_REASM_SLOTS; s++) {
        echo_fragments(other, other_len, msg, 3000, 1480, (uint16_t)(0x200 + s));
        h_send(other[0], other_len[0]);
        h_now += SEC;
    }
    /* one more datagram pushes the oldest out; it completes */
    size_t count = echo_fragments(frags, frag_len, msg, 3000, 1480, 0x300);
    for (size_t i = 0; i < count; i++)
        h_send(frags[i], frag_len[i]);
    assert_int_equal(h_drops(NET_DROP_FRAG_EVICTED), 1);
    size_t fragments;
    assert_int_equal(collect_reply(&fragments), 3008);
    /* the evicted one's remaining fragments cannot complete it */
    echo_fragments(other, other_len, msg, 3000, 1480, 0x200);
    h_send(other[1], other_len[1]);
    h_send(other[2], other_len[2]);
    assert_int_equal(h_pending(), 0);
}

static void overlap_duplicate_and_too_big(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    size_t count = echo_fragments(frags, frag_len, msg, 2000, 1000, 0x400);
    assert_int_equal(count, 3);
    h_send(frags[0], frag_len[0]);
    h_send(frags[0], frag_len[0]); /* exact duplicate: ignored, the datagram lives on */
    assert_int_equal(h_drops(NET_DROP_FRAG_DUPLICATE), 1);
    h_send(frags[1], frag_len[1]);
    h_send(frags[2], frag_len[2]);
    size_t fragments;
    assert_int_equal(collect_reply(&fragments), 2008);

    /* a fragment overlapping another partly: the datagram is dropped */
    echo_fragments(frags, frag_len, msg, 2000, 1000, 0x401);
    h_send(frags[0], frag_len[0]);
    struct net_mac us = H_MAC_US;
    size_t n = h_ipv4_frame(frame, &us, H_IP_PEER, H_IP_US, NET_IP_PROTO_ICMP, msg + 992, 16,
                            0x401, 992, true);
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_FRAG_OVERLAP), 1);
    h_send(frags[1], frag_len[1]);
    h_send(frags[2], frag_len[2]);
    assert_int_equal(h_pending(), 0);

    /* a datagram larger than a reassembly slot */
    n = h_ipv4_frame(frame, &us, H_IP_PEER, H_IP_US, NET_IP_PROTO_ICMP, msg, 8, 0x402,
                     (uint16_t)(h_iface.reasm_slot_size & ~7u), false);
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_FRAG_TOO_BIG), 1);

    /* a middle fragment whose length is not a multiple of 8 */
    n = h_ipv4_frame(frame, &us, H_IP_PEER, H_IP_US, NET_IP_PROTO_ICMP, msg, 12, 0x403, 0, true);
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_IPV4_MALFORMED), 1);
    /* only the rest of the overlapped datagram (an incomplete new one) holds a slot */
    int used = 0;
    for (int i = 0; i < NET_REASM_SLOTS; i++)
        used += h_iface.reasm[i].used && h_iface.reasm[i].ident == 0x401;
    assert_int_equal(used, 1);
    for (int i = 0; i < NET_REASM_SLOTS; i++)
        assert_false(h_iface.reasm[i].used && h_iface.reasm[i].ident != 0x401);
}

static struct net_pkt_meta meta[4];
static uint8_t data[2048];

static void filtering(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    static struct net_udp_socket s;
    net_udp_init(&s, &NET_RING_STORAGE(meta, data), NULL);
    assert_int_equal(net_udp_bind(&h_iface, &s, 5353), NET_OK);
    /* unicast to another MAC */
    size_t n = h_udp_frame(frame, H_IP_PEER, 1, H_IP_US, 5353, "a", 1);
    frame[5] = 0x99;
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_ETH_NOT_FOR_US), 1);
    /* our MAC, another IP */
    n = h_udp_frame(frame, H_IP_PEER, 1, NET_IP4(10, 0, 0, 3), 5353, "b", 1);
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_IPV4_NOT_FOR_US), 1);
    /* a group we have not joined, then joined */
    const net_ip4 mdns = NET_IP4(224, 0, 0, 251);
    struct net_mac group = net_mac_from_ip4_multicast(mdns);
    n = h_udp_frame(frame, H_IP_PEER, 1, mdns, 5353, "c", 1);
    memcpy(frame, group.b, 6);
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_ETH_NOT_FOR_US), 2);
    assert_int_equal(net_iface_join_multicast(&h_iface, mdns), NET_OK);
    h_send(frame, n);
    assert_true(net_udp_can_recv(&s));
    /* same MAC, another group (32 groups share a MAC): the IP layer tells them apart */
    n = h_udp_frame(frame, H_IP_PEER, 1, NET_IP4(225, 128, 0, 251), 5353, "d", 1);
    memcpy(frame, group.b, 6);
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_IPV4_NOT_FOR_US), 2);
    /* all-hosts and the subnet broadcast are always ours */
    n = h_udp_frame(frame, H_IP_PEER, 1, NET_IP4(224, 0, 0, 1), 5353, "e", 1);
    struct net_mac all = net_mac_from_ip4_multicast(NET_IP4(224, 0, 0, 1));
    memcpy(frame, all.b, 6);
    h_send(frame, n);
    n = h_udp_frame(frame, H_IP_PEER, 1, NET_IP4(10, 0, 0, 255), 5353, "f", 1);
    memset(frame, 0xff, 6);
    h_send(frame, n);
    char got[8] = {0};
    for (int i = 0; i < 3; i++) {
        struct net_endpoint from;
        size_t len;
        assert_int_equal(net_udp_recv_from(&s, &from, got + i, 1, &len), NET_OK);
    }
    assert_string_equal(got, "cef");
    /* a broadcast source is never legitimate */
    n = h_udp_frame(frame, NET_IP4(10, 0, 0, 255), 1, H_IP_US, 5353, "g", 1);
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_IPV4_BAD_SOURCE), 1);
    assert_false(net_udp_can_recv(&s));
    assert_int_equal(h_pending(), 0);
}

static void malformed_input_counted_never_answered(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    uint32_t rx_before = h_iface.counters.ipv4.rx;
    h_send(frame, 10); /* runt */
    assert_int_equal(h_drops(NET_DROP_ETH_MALFORMED), 1);
    size_t n = h_udp_frame(frame, H_IP_PEER, 1, H_IP_US, 9, "x", 1);
    frame[12] = 0x86; /* IPv6 */
    frame[13] = 0xdd;
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_ETH_UNKNOWN_TYPE), 1);
    n = h_udp_frame(frame, H_IP_PEER, 1, H_IP_US, 9, "x", 1);
    frame[14 + 8] ^= 1; /* TTL: header checksum now wrong */
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_IPV4_BAD_CHECKSUM), 1);
    n = h_udp_frame(frame, H_IP_PEER, 1, H_IP_US, 9, "x", 1);
    frame[14] = 0x65;
    h_send(frame, n);
    n = h_udp_frame(frame, H_IP_PEER, 1, H_IP_US, 9, "x", 1);
    h_send(frame, 14 + 19);
    assert_int_equal(h_drops(NET_DROP_IPV4_MALFORMED), 2);
    n = h_udp_frame(frame, H_IP_PEER, 1, H_IP_US, 9, "x", 1);
    frame[n - 1] ^= 0x40; /* UDP payload changed */
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_UDP_BAD_CHECKSUM), 1);
    n = h_icmp_echo_frame(frame, H_IP_PEER, H_IP_US, NET_ICMP_ECHO_REQUEST, 1, 1, "abc", 3);
    frame[n - 1] ^= 1;
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_ICMP_BAD_CHECKSUM), 1);
    struct net_mac us = H_MAC_US;
    n = h_ipv4_frame(frame, &us, H_IP_PEER, H_IP_US, NET_IP_PROTO_ICMP, "abc", 3, 1, 0, false);
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_ICMP_MALFORMED), 1);
    n = h_ipv4_frame(frame, &us, H_IP_PEER, H_IP_US, NET_IP_PROTO_UDP, "abc", 3, 1, 0, false);
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_UDP_MALFORMED), 1);
    assert_int_equal(h_pending(), 0);
    assert_int_equal(h_iface.counters.ipv4.rx, rx_before + 4); /* the ones past the IP layer */
    assert_int_equal(h_iface.counters.eth.drop, 2);
    assert_int_equal(h_iface.counters.ipv4.drop, 3);
}

static struct {
    int calls;
    size_t len;
} tcp_seen;

static void tcp_input(struct net_handler *h, struct net_iface *iface, uint64_t now,
                      const struct net_ipv4_repr *ip)
{
    (void)h;
    (void)iface;
    (void)now;
    tcp_seen.calls++;
    tcp_seen.len = ip->payload_len;
}

static void protocol_handler_seam(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    static struct net_handler tcp = {.ip_protocol = NET_IP_PROTO_TCP, .input = tcp_input};
    net_iface_add_handler(&h_iface, &tcp);
    struct net_mac us = H_MAC_US;
    uint8_t seg[20] = {0};
    size_t n = h_ipv4_frame(frame, &us, H_IP_PEER, H_IP_US, NET_IP_PROTO_TCP, seg, 20, 9, 0, false);
    h_send(frame, n);
    assert_int_equal(tcp_seen.calls, 1);
    assert_int_equal(tcp_seen.len, 20);
    assert_int_equal(h_pending(), 0);
    net_iface_remove_handler(&h_iface, &tcp);
    h_send(frame, n);
    assert_int_equal(tcp_seen.calls, 1);
    assert_int_equal(h_drops(NET_DROP_IPV4_UNKNOWN_PROTO), 1);
    h_drain();

    /* the sending side of the seam: a segment through ip_begin/commit */
    struct net_ip_tx tx;
    assert_int_equal(net_iface_ip_begin(&h_iface, h_now, H_IP_PEER, NET_IP_PROTO_TCP, 1481, &tx),
                     NET_TX_TOO_BIG);
    assert_int_equal(net_iface_ip_begin(&h_iface, h_now, H_IP_PEER, NET_IP_PROTO_TCP, 1480, &tx),
                     NET_TX_OK);
    assert_int_equal(tx.src, H_IP_US);
    memset(tx.payload, 0xab, 40);
    tx.dont_frag = true;
    net_iface_ip_commit(&h_iface, &tx, 40);
    n = h_recv(frame, sizeof frame);
    struct net_eth_repr eth;
    struct net_ipv4_repr ip;
    h_parse_ipv4(frame, n, &eth, &ip);
    assert_int_equal(ip.payload_len, 40);
    assert_true(ip.dont_frag);
    assert_int_equal(ip.protocol, NET_IP_PROTO_TCP);
    /* abandoning leaves nothing behind */
    assert_int_equal(net_iface_ip_begin(&h_iface, h_now, H_IP_PEER, NET_IP_PROTO_TCP, 100, &tx),
                     NET_TX_OK);
    net_iface_ip_commit(&h_iface, &tx, 0);
    assert_int_equal(h_pending(), 0);
    assert_int_equal(net_iface_ip_begin(&h_iface, h_now, H_IP_US, NET_IP_PROTO_TCP, 100, &tx),
                     NET_TX_NO_ROUTE);
}

static void device_full_counted(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    h_dev.tx_refuse = true;
    size_t n = h_icmp_echo_frame(frame, H_IP_PEER, H_IP_US, NET_ICMP_ECHO_REQUEST, 1, 1, "x", 1);
    h_send(frame, n);
    assert_int_equal(h_drops(NET_DROP_TX_DEVICE_FULL), 1);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), h_now + NET_TX_RETRY_US);
    h_dev.tx_refuse = false;
}

static void routes(void **state)
{
    (void)state;
    h_setup(true);
    struct net_mac gw2 = {{2, 0, 0, 0, 0, 0xaa}}, gw = {{2, 0, 0, 0, 0, 0xfe}};
    assert_int_equal(net_iface_add_neighbor(&h_iface, NET_IP4(10, 0, 0, 200), &gw2), NET_OK);
    assert_int_equal(net_iface_add_neighbor(&h_iface, H_IP_GW, &gw), NET_OK);
    assert_int_equal(net_iface_add_route(&h_iface, NET_IP4(192, 168, 7, 0), 24,
                                         NET_IP4(10, 0, 0, 200)),
                     NET_OK);
    struct net_ip_tx tx;
    assert_int_equal(net_iface_ip_begin(&h_iface, h_now, NET_IP4(192, 168, 7, 9), 17, 8, &tx),
                     NET_TX_OK);
    assert_memory_equal(tx.frame, gw2.b, 6); /* the static route */
    net_iface_ip_commit(&h_iface, &tx, 0);
    assert_int_equal(net_iface_ip_begin(&h_iface, h_now, NET_IP4(192, 168, 8, 9), 17, 8, &tx),
                     NET_TX_OK);
    assert_memory_equal(tx.frame, gw.b, 6); /* the default gateway */
    net_iface_ip_commit(&h_iface, &tx, 0);
    assert_int_equal(net_iface_remove_route(&h_iface, NET_IP4(192, 168, 7, 0), 24), NET_OK);
    net_iface_set_gateway(&h_iface, 0);
    assert_int_equal(net_iface_ip_begin(&h_iface, h_now, NET_IP4(192, 168, 7, 9), 17, 8, &tx),
                     NET_TX_NO_ROUTE);
    /* without an address only broadcasts go out */
    net_iface_set_ipv4(&h_iface, 0, 0);
    assert_int_equal(net_iface_ip_begin(&h_iface, h_now, H_IP_PEER, 17, 8, &tx), NET_TX_NO_ROUTE);
    assert_int_equal(net_iface_ip_begin(&h_iface, h_now, NET_IP4_BROADCAST, 17, 8, &tx),
                     NET_TX_OK);
    assert_int_equal(tx.src, 0);
    net_iface_ip_commit(&h_iface, &tx, 0);
}

static void multicast_and_broadcast_sending(void **state)
{
    (void)state;
    h_setup(true);
    struct net_ip_tx tx;
    const net_ip4 group = NET_IP4(239, 1, 2, 3);
    assert_int_equal(net_iface_ip_begin(&h_iface, h_now, group, 17, 8, &tx), NET_TX_OK);
    memset(tx.payload, 0, 8);
    net_iface_ip_commit(&h_iface, &tx, 8);
    size_t n = h_recv(frame, sizeof frame);
    struct net_eth_repr eth;
    struct net_ipv4_repr ip;
    h_parse_ipv4(frame, n, &eth, &ip);
    struct net_mac want = net_mac_from_ip4_multicast(group);
    assert_true(net_mac_equal(&eth.dst, &want)); /* no ARP for groups */
    assert_int_equal(ip.ttl, 1);                /* RFC 1112: stays on the link */
    assert_int_equal(net_iface_ip_begin(&h_iface, h_now, NET_IP4(10, 0, 0, 255), 17, 8, &tx),
                     NET_TX_OK);
    net_iface_ip_commit(&h_iface, &tx, 8);
    n = h_recv(frame, sizeof frame);
    h_parse_ipv4(frame, n, &eth, &ip);
    assert_true(net_mac_is_broadcast(&eth.dst));
    assert_int_equal(ip.ttl, NET_IP_TTL);
}

/* Offload engines check single frames: a datagram reassembled from fragments carries a transport
 * checksum no hardware has seen, so the stack verifies it whatever the device claims. */
static void reassembled_checksum_verified_despite_offload(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    h_dev.dev.caps.checksum = NET_CKSUM_RX_IPV4 | NET_CKSUM_RX_ICMP | NET_CKSUM_RX_UDP;
    size_t count = echo_fragments(frags, frag_len, msg, 3000, 1480, 0x600);
    assert_int_equal(count, 3);
    frags[1][frag_len[1] - 1] ^= 0x10; /* ICMP data in the middle fragment: checksum now wrong */
    for (size_t i = 0; i < count; i++)
        h_send(frags[i], frag_len[i]);
    assert_int_equal(h_pending(), 0); /* no echo reply for corrupted data */
    assert_int_equal(h_iface.counters.reasm_ok, 1);
    assert_int_equal(h_iface.counters.drops[NET_DROP_ICMP_BAD_CHECKSUM],
                     1);
}

static void checksum_offload(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    h_dev.dev.caps.checksum = NET_CKSUM_RX_IPV4 | NET_CKSUM_RX_ICMP | NET_CKSUM_RX_UDP |
                              NET_CKSUM_TX_IPV4 | NET_CKSUM_TX_ICMP | NET_CKSUM_TX_UDP;
    /* received checksums are the hardware's business: a wrong one is not looked at */
    size_t n = h_icmp_echo_frame(frame, H_IP_PEER, H_IP_US, NET_ICMP_ECHO_REQUEST, 1, 2, "ab", 2);
    frame[14 + 10] ^= 0xff; /* IP header checksum */
    frame[n - 1] ^= 1;      /* ICMP data: its checksum no longer matches */
    h_send(frame, n);
    n = h_recv(frame, sizeof frame);
    assert_true(n > 0);
    struct net_ipv4_repr ip;
    assert_int_equal(net_ipv4_parse(frame + 14, n - 14, false, &ip), NET_WIRE_OK);
    assert_int_equal(net_get16(frame + 14 + 10), 0); /* left for the hardware */
    assert_int_equal(net_get16(ip.payload + 2), 0);
    /* but a reply that must be fragmented is checksummed in software */
    size_t count = echo_fragments(frags, frag_len, msg, 3000, 1480, 0x500);
    for (size_t i = 0; i < count; i++)
        h_send(frags[i], frag_len[i]);
    size_t total = 0, got = 0;
    while (h_pending()) {
        n = h_recv(frame, sizeof frame);
        assert_int_equal(net_ipv4_parse(frame + 14, n - 14, false, &ip), NET_WIRE_OK);
        memcpy(reply + ip.frag_offset, ip.payload, ip.payload_len);
        total += ip.payload_len;
        got++;
    }
    assert_int_equal(got, 3);
    assert_int_equal(total, 3008);
    assert_int_equal(h_cksum(reply, total, 0), 0);
    h_dev.dev.caps.checksum = 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_captured_linux_ping),
        cmocka_unit_test(broadcast_ping_ignored),
        cmocka_unit_test(closed_udp_port_unreachable),
        cmocka_unit_test(fragments_dropped_without_reassembly),
        cmocka_unit_test(unknown_protocol_unreachable),
        cmocka_unit_test(icmp_errors_rate_limited),
        cmocka_unit_test(ping_4000_out_of_order),
        cmocka_unit_test(reassembly_timeout),
        cmocka_unit_test(reassembly_eviction),
        cmocka_unit_test(overlap_duplicate_and_too_big),
        cmocka_unit_test(filtering),
        cmocka_unit_test(malformed_input_counted_never_answered),
        cmocka_unit_test(protocol_handler_seam),
        cmocka_unit_test(device_full_counted),
        cmocka_unit_test(routes),
        cmocka_unit_test(multicast_and_broadcast_sending),
        cmocka_unit_test(checksum_offload),
        cmocka_unit_test(reassembled_checksum_verified_despite_offload),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
