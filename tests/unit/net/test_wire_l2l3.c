/* Wire layer: checksum, Ethernet, ARP, IPv4, ICMPv4, UDP. */
#include <string.h>

#include "captures.h"
#include "harness.h"
#include "net/wire/bytes.h"
#include "net/wire/checksum.h"

static void fill_pattern(uint8_t *b, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        b[i] = (uint8_t)(seed >> 16);
    }
}

/* ---- checksum ---- */

static void checksum_rfc1071_example(void **state)
{
    (void)state;
    /* RFC 1071 1.3: the sum of 0001 f203 f4f5 f6f7 is ddf2 */
    const uint8_t b[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    assert_int_equal(net_cksum_add(0, b, sizeof b), 0xddf2);
    assert_int_equal(net_cksum(b, sizeof b), 0x220d);
}

static void checksum_matches_reference_any_length_and_alignment(void **state)
{
    (void)state;
    uint8_t buf[300];
    fill_pattern(buf, sizeof buf, 7);
    for (size_t off = 0; off < 4; off++)
        for (size_t len = 0; len < 260; len++)
            assert_int_equal(net_cksum(buf + off, len), h_cksum(buf + off, len, 0));
    memset(buf, 0xff, sizeof buf); /* worst case for carries */
    assert_int_equal(net_cksum(buf, sizeof buf), h_cksum(buf, sizeof buf, 0));
}

static void checksum_chains_and_verifies(void **state)
{
    (void)state;
    uint8_t buf[101];
    fill_pattern(buf, sizeof buf, 3);
    uint32_t s = net_cksum_add(0, buf, 40);
    s = net_cksum_add(s, buf + 40, 61);
    assert_int_equal(net_cksum_finish(s), net_cksum(buf, sizeof buf));
    /* a header with its checksum filled sums to 0xffff */
    uint8_t hdr[20];
    fill_pattern(hdr, sizeof hdr, 9);
    net_put16(hdr + 10, 0);
    net_put16(hdr + 10, net_cksum(hdr, sizeof hdr));
    assert_int_equal(net_cksum(hdr, sizeof hdr), 0);
}

static void checksum_incremental_update(void **state)
{
    (void)state;
    uint8_t buf[64];
    for (uint32_t seed = 0; seed < 200; seed++) {
        fill_pattern(buf, sizeof buf, seed);
        uint16_t before = net_cksum(buf, sizeof buf);
        uint16_t old = net_get16(buf + 6), new_word = (uint16_t)(seed * 977);
        net_put16(buf + 6, new_word);
        uint16_t adjusted = net_cksum_adjust(before, old, new_word);
        uint16_t full = net_cksum(buf, sizeof buf);
        /* 0x0000 and 0xffff are the same number in ones' complement */
        assert_true(adjusted == full || (adjusted ^ full) == 0xffff);
    }
}

static void checksum_pseudo_header(void **state)
{
    (void)state;
    uint32_t s = net_cksum_pseudo_ip4(NET_IP4(10, 9, 0, 1), NET_IP4(10, 9, 0, 2), 17, 1234);
    assert_int_equal(net_cksum_finish(s),
                     h_cksum(NULL, 0, h_pseudo(NET_IP4(10, 9, 0, 1), NET_IP4(10, 9, 0, 2), 17, 1234)));
}

/* ---- Ethernet ---- */

static void eth_parse_captured(void **state)
{
    (void)state;
    uint8_t f[sizeof cap_arp_request];
    memcpy(f, cap_arp_request, sizeof f);
    struct net_eth_repr e;
    assert_int_equal(net_eth_parse(f, sizeof f, &e), NET_WIRE_OK);
    assert_true(net_mac_is_broadcast(&e.dst));
    const struct net_mac src = {{2, 0, 0, 0, 0, 1}};
    assert_true(net_mac_equal(&e.src, &src));
    assert_int_equal(e.ethertype, NET_ETHERTYPE_ARP);
    assert_ptr_equal(e.payload, f + 14);
    assert_int_equal(e.payload_len, 28);
}

static void eth_errors(void **state)
{
    (void)state;
    uint8_t f[60];
    memcpy(f, cap_arp_request, sizeof cap_arp_request);
    struct net_eth_repr e;
    for (size_t len = 0; len < NET_ETH_HDR_LEN; len++)
        assert_int_equal(net_eth_parse(f, len, &e), NET_WIRE_TRUNCATED);
    assert_int_equal(net_eth_parse(f, 14, &e), NET_WIRE_OK); /* header alone is a frame */
    f[12] = 0x81;
    f[13] = 0x00;
    assert_int_equal(net_eth_parse(f, 60, &e), NET_WIRE_UNSUPPORTED); /* VLAN */
    f[12] = 0x00;
    f[13] = 0x2e;
    assert_int_equal(net_eth_parse(f, 60, &e), NET_WIRE_UNSUPPORTED); /* 802.3 length */
}

static void eth_emit_roundtrip(void **state)
{
    (void)state;
    struct net_eth_repr in = {.dst = H_MAC_PEER, .src = H_MAC_US, .ethertype = 0x0800}, out;
    uint8_t b[14];
    assert_int_equal(net_eth_emit(&in, b, 13), NET_WIRE_NO_SPACE);
    assert_int_equal(net_eth_emit(&in, b, 14), NET_WIRE_OK);
    assert_int_equal(net_eth_parse(b, 14, &out), NET_WIRE_OK);
    assert_true(net_mac_equal(&in.dst, &out.dst) && net_mac_equal(&in.src, &out.src));
    assert_int_equal(out.ethertype, 0x0800);
}

/* ---- ARP ---- */

static void arp_parse_captured_and_reemit(void **state)
{
    (void)state;
    const uint8_t *a = cap_arp_request + 14;
    struct net_arp_repr r;
    assert_int_equal(net_arp_parse(a, 28, &r), NET_WIRE_OK);
    assert_int_equal(r.op, NET_ARP_OP_REQUEST);
    assert_int_equal(r.sender_ip, NET_IP4(10, 9, 0, 1));
    assert_int_equal(r.target_ip, NET_IP4(10, 9, 0, 2));
    assert_true(net_mac_is_zero(&r.target_mac));
    uint8_t b[28];
    assert_int_equal(net_arp_emit(&r, b, 27), NET_WIRE_NO_SPACE);
    assert_int_equal(net_arp_emit(&r, b, 28), NET_WIRE_OK);
    assert_memory_equal(b, a, 28);
}

static void arp_errors(void **state)
{
    (void)state;
    uint8_t a[28];
    memcpy(a, cap_arp_request + 14, 28);
    struct net_arp_repr r;
    for (size_t len = 0; len < 28; len++)
        assert_int_equal(net_arp_parse(a, len, &r), NET_WIRE_TRUNCATED);
    a[1] = 6; /* IEEE 802 hardware type */
    assert_int_equal(net_arp_parse(a, 28, &r), NET_WIRE_UNSUPPORTED);
    a[1] = 1;
    a[5] = 16; /* protocol address length */
    assert_int_equal(net_arp_parse(a, 28, &r), NET_WIRE_UNSUPPORTED);
    a[5] = 4;
    a[7] = 3; /* RARP request */
    assert_int_equal(net_arp_parse(a, 28, &r), NET_WIRE_BAD_FIELD);
}

/* ---- IPv4 ---- */

static void ipv4_parse_captured(void **state)
{
    (void)state;
    uint8_t f[sizeof cap_icmp_echo];
    memcpy(f, cap_icmp_echo, sizeof f);
    struct net_ipv4_repr ip;
    assert_int_equal(net_ipv4_parse(f + 14, sizeof f - 14, true, &ip), NET_WIRE_OK);
    assert_int_equal(ip.src, NET_IP4(10, 9, 0, 1));
    assert_int_equal(ip.dst, NET_IP4(10, 9, 0, 2));
    assert_int_equal(ip.protocol, NET_IP_PROTO_ICMP);
    assert_int_equal(ip.ttl, 64);
    assert_int_equal(ip.ident, 0x9a60);
    assert_true(ip.dont_frag);
    assert_false(ip.more_frags);
    assert_int_equal(ip.frag_offset, 0);
    assert_int_equal(ip.header_len, 20);
    assert_int_equal(ip.payload_len, 64);
    assert_ptr_equal(ip.payload, f + 34);
}

static void ipv4_truncated_at_every_length(void **state)
{
    (void)state;
    uint8_t f[sizeof cap_icmp_echo];
    memcpy(f, cap_icmp_echo, sizeof f);
    struct net_ipv4_repr ip;
    for (size_t len = 0; len < 84; len++)
        assert_int_equal(net_ipv4_parse(f + 14, len, true, &ip), NET_WIRE_TRUNCATED);
}

static void ipv4_field_errors(void **state)
{
    (void)state;
    uint8_t p[84];
    struct net_ipv4_repr ip;
#define RESET() memcpy(p, cap_icmp_echo + 14, 84)
#define RESUM() (net_put16(p + 10, 0), net_put16(p + 10, h_cksum(p, (size_t)(p[0] & 15) * 4, 0)))
    RESET();
    p[0] = 0x65;
    assert_int_equal(net_ipv4_parse(p, 84, true, &ip), NET_WIRE_BAD_VERSION);
    RESET();
    p[0] = 0x44;
    assert_int_equal(net_ipv4_parse(p, 84, true, &ip), NET_WIRE_BAD_HEADER_LEN);
    RESET();
    p[0] = 0x4f;
    assert_int_equal(net_ipv4_parse(p, 40, true, &ip), NET_WIRE_TRUNCATED); /* IHL 60 > 40 */
    RESET();
    net_put16(p + 2, 19); /* total length shorter than the header */
    RESUM();
    assert_int_equal(net_ipv4_parse(p, 84, true, &ip), NET_WIRE_BAD_LENGTH);
    RESET();
    net_put16(p + 2, 85); /* longer than what arrived */
    RESUM();
    assert_int_equal(net_ipv4_parse(p, 84, true, &ip), NET_WIRE_TRUNCATED);
    RESET();
    p[8] ^= 1; /* TTL changed, checksum not */
    assert_int_equal(net_ipv4_parse(p, 84, true, &ip), NET_WIRE_BAD_CHECKSUM);
    assert_int_equal(net_ipv4_parse(p, 84, false, &ip), NET_WIRE_OK); /* offloaded */
    RESET();
    /* ping of death: offset 65528 + 16 bytes reaches past 65535 */
    net_put16(p + 2, 36);
    net_put16(p + 6, 65528 / 8);
    RESUM();
    assert_int_equal(net_ipv4_parse(p, 84, true, &ip), NET_WIRE_BAD_LENGTH);
#undef RESET
#undef RESUM
}

static void ipv4_padding_and_options(void **state)
{
    (void)state;
    /* Ethernet padding after total length is not payload */
    uint8_t p[100] = {0};
    memcpy(p, cap_icmp_echo + 14, 84);
    struct net_ipv4_repr ip;
    assert_int_equal(net_ipv4_parse(p, sizeof p, true, &ip), NET_WIRE_OK);
    assert_int_equal(ip.payload_len, 64);
    /* a header with 4 bytes of options (NOP NOP NOP EOL) is skipped whole */
    uint8_t o[48] = {0x46, 0, 0, 48, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2, 1, 1, 1, 0};
    net_put16(o + 10, h_cksum(o, 24, 0));
    assert_int_equal(net_ipv4_parse(o, sizeof o, true, &ip), NET_WIRE_OK);
    assert_int_equal(ip.header_len, 24);
    assert_ptr_equal(ip.payload, o + 24);
    assert_int_equal(ip.payload_len, 24);
}

static void ipv4_emit_roundtrip(void **state)
{
    (void)state;
    struct net_ipv4_repr in = {.src = NET_IP4(192, 168, 1, 2), .dst = NET_IP4(8, 8, 8, 8),
                               .protocol = 17, .ttl = 64, .tos = 0x10, .ident = 0xbeef,
                               .more_frags = true, .frag_offset = 1480, .payload_len = 1480};
    uint8_t b[1500] = {0}, out_b[1500];
    assert_int_equal(net_ipv4_emit(&in, b, 19, true), NET_WIRE_NO_SPACE);
    assert_int_equal(net_ipv4_emit(&in, b, 20, true), NET_WIRE_OK);
    assert_int_equal(h_cksum(b, 20, 0), 0);
    memcpy(out_b, b, sizeof b);
    struct net_ipv4_repr out;
    assert_int_equal(net_ipv4_parse(out_b, sizeof out_b, true, &out), NET_WIRE_OK);
    assert_int_equal(out.src, in.src);
    assert_int_equal(out.dst, in.dst);
    assert_int_equal(out.ident, in.ident);
    assert_int_equal(out.tos, in.tos);
    assert_true(out.more_frags);
    assert_int_equal(out.frag_offset, 1480);
    assert_int_equal(out.payload_len, 1480);
    in.frag_offset = 3; /* not a multiple of 8 */
    assert_int_equal(net_ipv4_emit(&in, b, 20, true), NET_WIRE_BAD_LENGTH);
    in.frag_offset = 0;
    in.payload_len = 65516;
    assert_int_equal(net_ipv4_emit(&in, b, 20, true), NET_WIRE_BAD_LENGTH);
    in.payload_len = 10;
    assert_int_equal(net_ipv4_emit(&in, b, 20, false), NET_WIRE_OK);
    assert_int_equal(net_get16(b + 10), 0); /* left for the hardware */
}

/* ---- ICMPv4 ---- */

static void icmp_parse_captured(void **state)
{
    (void)state;
    uint8_t m[64];
    memcpy(m, cap_icmp_echo + 34, 64);
    struct net_icmpv4_repr r;
    assert_int_equal(net_icmpv4_parse(m, 64, true, &r), NET_WIRE_OK);
    assert_int_equal(r.type, NET_ICMP_ECHO_REQUEST);
    assert_int_equal(r.code, 0);
    assert_int_equal(r.ident, 0x6820);
    assert_int_equal(r.seq, 1);
    assert_int_equal(r.data_len, 56);
    for (size_t len = 0; len < 8; len++)
        assert_int_equal(net_icmpv4_parse(m, len, true, &r), NET_WIRE_TRUNCATED);
    /* a shorter message fails the checksum computed over all of it */
    assert_int_equal(net_icmpv4_parse(m, 63, true, &r), NET_WIRE_BAD_CHECKSUM);
    m[1] = 1; /* echo with a code */
    net_put16(m + 2, 0);
    net_put16(m + 2, h_cksum(m, 64, 0));
    assert_int_equal(net_icmpv4_parse(m, 64, true, &r), NET_WIRE_BAD_FIELD);
}

static void icmp_emit_roundtrip(void **state)
{
    (void)state;
    uint8_t m[8 + 5] = {0, 0, 0, 0, 0, 0, 0, 0, 'h', 'e', 'l', 'l', 'o'};
    struct net_icmpv4_repr in = {.type = NET_ICMP_ECHO_REPLY, .ident = 7, .seq = 9, .data_len = 5};
    assert_int_equal(net_icmpv4_emit(&in, m, 12, true), NET_WIRE_NO_SPACE);
    assert_int_equal(net_icmpv4_emit(&in, m, sizeof m, true), NET_WIRE_OK);
    assert_int_equal(h_cksum(m, sizeof m, 0), 0);
    struct net_icmpv4_repr out;
    assert_int_equal(net_icmpv4_parse(m, sizeof m, true, &out), NET_WIRE_OK);
    assert_int_equal(out.ident, 7);
    assert_int_equal(out.seq, 9);
    assert_memory_equal(out.data, "hello", 5);
}

/* ---- UDP ---- */

static size_t udp_by_hand(uint8_t *u, const char *payload, net_ip4 src, net_ip4 dst)
{
    size_t n = strlen(payload);
    net_put16(u, 5000);
    net_put16(u + 2, 7);
    net_put16(u + 4, (uint16_t)(8 + n));
    net_put16(u + 6, 0);
    memcpy(u + 8, payload, n);
    net_put16(u + 6, h_cksum(u, 8 + n, h_pseudo(src, dst, 17, 8 + n)));
    return 8 + n;
}

static void udp_parse_and_errors(void **state)
{
    (void)state;
    const net_ip4 s = NET_IP4(10, 0, 0, 1), d = NET_IP4(10, 0, 0, 2);
    uint8_t u[64];
    size_t n = udp_by_hand(u, "ping", s, d);
    struct net_udp_repr r;
    assert_int_equal(net_udp_parse(u, n, s, d, true, &r), NET_WIRE_OK);
    assert_int_equal(r.src_port, 5000);
    assert_int_equal(r.dst_port, 7);
    assert_int_equal(r.payload_len, 4);
    assert_memory_equal(r.payload, "ping", 4);
    for (size_t len = 0; len < n; len++)
        assert_int_not_equal(net_udp_parse(u, len, s, d, true, &r), NET_WIRE_OK);
    assert_int_equal(net_udp_parse(u, 7, s, d, true, &r), NET_WIRE_TRUNCATED);
    /* wrong pseudo-header (another destination) */
    assert_int_equal(net_udp_parse(u, n, s, d + 1, true, &r), NET_WIRE_BAD_CHECKSUM);
    /* checksum 0: none computed, accepted over IPv4 */
    net_put16(u + 6, 0);
    assert_int_equal(net_udp_parse(u, n, s, d + 1, true, &r), NET_WIRE_OK);
    /* length field below the header */
    net_put16(u + 4, 7);
    assert_int_equal(net_udp_parse(u, n, s, d, true, &r), NET_WIRE_BAD_LENGTH);
    /* bytes past the length field are ignored */
    n = udp_by_hand(u, "ping", s, d);
    u[n] = 0xee;
    assert_int_equal(net_udp_parse(u, n + 1, s, d, true, &r), NET_WIRE_OK);
    assert_int_equal(r.payload_len, 4);
    /* destination port 0 */
    net_put16(u + 2, 0);
    net_put16(u + 6, 0);
    assert_int_equal(net_udp_parse(u, n, s, d, true, &r), NET_WIRE_BAD_FIELD);
}

static void udp_emit_checksum_never_zero(void **state)
{
    (void)state;
    const net_ip4 s = NET_IP4(10, 0, 0, 1), d = NET_IP4(10, 0, 0, 2);
    uint8_t u[10];
    struct net_udp_repr in = {.src_port = 1, .dst_port = 2, .payload_len = 2};
    bool found = false;
    /* find a payload whose checksum computes to 0: it must go out as 0xffff */
    for (uint32_t w = 0; w <= 0xffff && !found; w++) {
        net_put16(u + 8, (uint16_t)w);
        assert_int_equal(net_udp_emit(&in, u, sizeof u, s, d, true), NET_WIRE_OK);
        if (net_get16(u + 6) == 0xffff) {
            found = true;
            struct net_udp_repr out;
            assert_int_equal(net_udp_parse(u, sizeof u, s, d, true, &out), NET_WIRE_OK);
        } else {
            assert_int_equal(h_cksum(u, sizeof u, h_pseudo(s, d, 17, 10)), 0);
        }
    }
    assert_true(found);
    assert_int_equal(net_udp_emit(&in, u, 9, s, d, true), NET_WIRE_NO_SPACE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(checksum_rfc1071_example),
        cmocka_unit_test(checksum_matches_reference_any_length_and_alignment),
        cmocka_unit_test(checksum_chains_and_verifies),
        cmocka_unit_test(checksum_incremental_update),
        cmocka_unit_test(checksum_pseudo_header),
        cmocka_unit_test(eth_parse_captured),
        cmocka_unit_test(eth_errors),
        cmocka_unit_test(eth_emit_roundtrip),
        cmocka_unit_test(arp_parse_captured_and_reemit),
        cmocka_unit_test(arp_errors),
        cmocka_unit_test(ipv4_parse_captured),
        cmocka_unit_test(ipv4_truncated_at_every_length),
        cmocka_unit_test(ipv4_field_errors),
        cmocka_unit_test(ipv4_padding_and_options),
        cmocka_unit_test(ipv4_emit_roundtrip),
        cmocka_unit_test(icmp_parse_captured),
        cmocka_unit_test(icmp_emit_roundtrip),
        cmocka_unit_test(udp_parse_and_errors),
        cmocka_unit_test(udp_emit_checksum_never_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
