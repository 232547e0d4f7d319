/* Wire layer: the TCP header and its options. */
#include <string.h>

#include "captures.h"
#include "harness.h"
#include "net/wire/bytes.h"
#include "net/wire/tcp.h"

static const net_ip4 SRC = NET_IP4(10, 9, 0, 1), DST = NET_IP4(10, 9, 0, 2);

static void reset_checksum(uint8_t *seg, size_t len)
{
    net_put16(seg + 16, 0);
    net_put16(seg + 16, h_cksum(seg, len, h_pseudo(SRC, DST, 6, len)));
}

/* the captured SYN with its checksum completed */
static void syn_copy(uint8_t *seg)
{
    memcpy(seg, cap_tcp_syn + 34, 40);
    reset_checksum(seg, 40);
}

static void parse_captured_linux_syn(void **state)
{
    (void)state;
    uint8_t seg[40];
    memcpy(seg, cap_tcp_syn + 34, 40);
    struct net_tcp_repr r;
    /* veth offloads TCP checksums: the captured field holds only the pseudo-header sum
     * (CHECKSUM_PARTIAL), exactly what a device with rx offload hands over unverified */
    assert_int_equal(net_get16(seg + 16), (uint16_t)~h_cksum(NULL, 0, h_pseudo(SRC, DST, 6, 40)));
    assert_int_equal(net_tcp_parse(seg, 40, SRC, DST, true, &r), NET_WIRE_BAD_CHECKSUM);
    reset_checksum(seg, 40);
    assert_int_equal(net_tcp_parse(seg, 40, SRC, DST, true, &r), NET_WIRE_OK);
    assert_int_equal(r.src_port, 56270);
    assert_int_equal(r.dst_port, 1883);
    assert_int_equal(r.seq, 0xf7784b79);
    assert_int_equal(r.ack, 0);
    assert_int_equal(r.flags, NET_TCP_SYN);
    assert_int_equal(r.window, 64240);
    assert_int_equal(r.mss, 1460);
    assert_true(r.sack_permitted);
    assert_true(r.has_timestamp);
    assert_int_equal(r.ts_val, 0xa74cc39b);
    assert_int_equal(r.ts_ecr, 0);
    assert_true(r.has_wscale);
    assert_int_equal(r.wscale, 10);
    assert_int_equal(r.sack_count, 0);
    assert_int_equal(r.payload_len, 0);
    assert_int_equal(net_tcp_seq_len(&r), 1);
}

static void truncated_at_every_length(void **state)
{
    (void)state;
    uint8_t seg[40];
    syn_copy(seg);
    struct net_tcp_repr r;
    for (size_t len = 0; len < 40; len++)
        assert_int_equal(net_tcp_parse(seg, len, SRC, DST, false, &r), NET_WIRE_TRUNCATED);
    /* with the checksum checked, lengths past the header fail there instead */
    assert_int_equal(net_tcp_parse(seg, 39, SRC, DST, true, &r), NET_WIRE_TRUNCATED);
}

static void header_errors(void **state)
{
    (void)state;
    uint8_t seg[40];
    struct net_tcp_repr r;
    syn_copy(seg);
    seg[12] = 0x40; /* data offset 4 */
    assert_int_equal(net_tcp_parse(seg, 40, SRC, DST, false, &r), NET_WIRE_BAD_HEADER_LEN);
    syn_copy(seg);
    seg[4] ^= 0x80; /* sequence number changed, checksum not */
    assert_int_equal(net_tcp_parse(seg, 40, SRC, DST, true, &r), NET_WIRE_BAD_CHECKSUM);
    syn_copy(seg);
    assert_int_equal(net_tcp_parse(seg, 40, SRC, DST + 1, true, &r), NET_WIRE_BAD_CHECKSUM);
    syn_copy(seg);
    net_put16(seg + 2, 0);
    reset_checksum(seg, 40);
    assert_int_equal(net_tcp_parse(seg, 40, SRC, DST, true, &r), NET_WIRE_BAD_FIELD);
    syn_copy(seg);
    net_put16(seg, 0);
    reset_checksum(seg, 40);
    assert_int_equal(net_tcp_parse(seg, 40, SRC, DST, true, &r), NET_WIRE_BAD_FIELD);
}

/* A 20-byte header plus the given options (padded with EOL to a multiple of 4). */
static size_t with_options(uint8_t *seg, const uint8_t *opt, size_t n)
{
    memset(seg, 0, 60);
    net_put16(seg, 1000);
    net_put16(seg + 2, 2000);
    size_t hlen = 20 + ((n + 3) & ~(size_t)3);
    seg[12] = (uint8_t)(hlen / 4 << 4);
    seg[13] = NET_TCP_ACK;
    memcpy(seg + 20, opt, n);
    return hlen;
}

static void option_errors(void **state)
{
    (void)state;
    static const struct {
        uint8_t opt[20];
        size_t n;
        enum net_wire_err want;
    } cases[] = {
        {{1, 1, 2, 4}, 4, NET_WIRE_BAD_OPTION},        /* MSS running past the header */
        {{2, 3, 5, 0}, 4, NET_WIRE_BAD_OPTION},        /* MSS with length 3 */
        {{3, 2, 0, 0}, 4, NET_WIRE_BAD_OPTION},        /* window scale with length 2 */
        {{4, 3, 0, 0}, 4, NET_WIRE_BAD_OPTION},        /* SACK-permitted with length 3 */
        {{8, 8, 0, 0, 0, 0, 0, 0}, 8, NET_WIRE_BAD_OPTION}, /* timestamps with length 8 */
        {{5, 9, 0, 0, 0, 0, 0, 0, 0, 0}, 10, NET_WIRE_BAD_OPTION}, /* SACK not 2 + 8n */
        {{5, 2, 0, 0}, 4, NET_WIRE_BAD_OPTION},        /* SACK without a block */
        {{1, 1, 1, 30}, 4, NET_WIRE_BAD_OPTION},       /* unknown kind, no length byte */
        {{30, 1, 0, 0}, 4, NET_WIRE_BAD_OPTION},       /* length below 2 */
        {{30, 0, 0, 0}, 4, NET_WIRE_BAD_OPTION},       /* length 0 (would loop forever) */
        {{30, 4, 9, 9}, 4, NET_WIRE_OK},               /* unknown kind skipped */
        {{0, 2, 4, 5}, 4, NET_WIRE_OK},                /* after EOL nothing is read */
        {{1, 1, 1, 1}, 4, NET_WIRE_OK},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t seg[60];
        size_t len = with_options(seg, cases[i].opt, cases[i].n);
        struct net_tcp_repr r;
        assert_int_equal(net_tcp_parse(seg, len, SRC, DST, false, &r), cases[i].want);
    }
}

static void sack_blocks_and_wscale_clamp(void **state)
{
    (void)state;
    uint8_t opt[36] = {1, 1, 5, 34};
    for (int b = 0; b < 4; b++) {
        net_put32(opt + 4 + 8 * b, 1000u * (uint32_t)b);
        net_put32(opt + 8 + 8 * b, 1000u * (uint32_t)b + 500);
    }
    uint8_t seg[60];
    size_t len = with_options(seg, opt, 36);
    struct net_tcp_repr r;
    assert_int_equal(net_tcp_parse(seg, len, SRC, DST, false, &r), NET_WIRE_OK);
    assert_int_equal(r.sack_count, 4);
    assert_int_equal(r.sack[3].left, 3000);
    assert_int_equal(r.sack[3].right, 3500);
    /* 5 blocks do not fit the 40 option bytes: 2 + 40 */
    const uint8_t ws[] = {3, 3, 20, 0};
    len = with_options(seg, ws, 4);
    assert_int_equal(net_tcp_parse(seg, len, SRC, DST, false, &r), NET_WIRE_OK);
    assert_int_equal(r.wscale, NET_TCP_MAX_WSCALE);
}

static void emit_roundtrip_all_options(void **state)
{
    (void)state;
    struct net_tcp_repr in = {.src_port = 1234, .dst_port = 80, .seq = 0x01020304,
                              .ack = 0xa0b0c0d0, .flags = NET_TCP_SYN | NET_TCP_ACK,
                              .window = 29200, .mss = 1460, .has_wscale = true, .wscale = 7,
                              .sack_permitted = true, .has_timestamp = true, .ts_val = 11,
                              .ts_ecr = 22, .payload_len = 3};
    size_t hlen = net_tcp_header_len(&in);
    assert_int_equal(hlen, 40);
    uint8_t seg[60];
    memcpy(seg + hlen, "abc", 3);
    assert_int_equal(net_tcp_emit(&in, seg, hlen + 2, SRC, DST, true), NET_WIRE_NO_SPACE);
    assert_int_equal(net_tcp_emit(&in, seg, sizeof seg, SRC, DST, true), NET_WIRE_OK);
    assert_int_equal(h_cksum(seg, hlen + 3, h_pseudo(SRC, DST, 6, hlen + 3)), 0);
    struct net_tcp_repr out;
    assert_int_equal(net_tcp_parse(seg, hlen + 3, SRC, DST, true, &out), NET_WIRE_OK);
    assert_int_equal(out.seq, in.seq);
    assert_int_equal(out.ack, in.ack);
    assert_int_equal(out.flags, in.flags);
    assert_int_equal(out.window, in.window);
    assert_int_equal(out.mss, 1460);
    assert_true(out.has_wscale && out.wscale == 7);
    assert_true(out.sack_permitted);
    assert_true(out.has_timestamp && out.ts_val == 11 && out.ts_ecr == 22);
    assert_int_equal(out.payload_len, 3);
    assert_memory_equal(out.payload, "abc", 3);
}

static void emit_each_option_alone_parses_back(void **state)
{
    (void)state;
    for (unsigned mask = 0; mask < 32; mask++) {
        struct net_tcp_repr in = {.src_port = 1, .dst_port = 2, .flags = NET_TCP_ACK};
        if (mask & 1)
            in.mss = 536;
        if (mask & 2)
            in.has_wscale = true, in.wscale = 3;
        if (mask & 4)
            in.sack_permitted = true;
        if (mask & 8)
            in.has_timestamp = true, in.ts_val = 5;
        if (mask & 16) {
            in.sack_count = 2;
            in.sack[0] = (struct net_tcp_sack_block){10, 20};
            in.sack[1] = (struct net_tcp_sack_block){30, 40};
        }
        uint8_t seg[60];
        size_t hlen = net_tcp_header_len(&in);
        assert_int_equal(hlen % 4, 0);
        assert_int_equal(net_tcp_emit(&in, seg, sizeof seg, SRC, DST, true), NET_WIRE_OK);
        struct net_tcp_repr out;
        assert_int_equal(net_tcp_parse(seg, hlen, SRC, DST, true, &out), NET_WIRE_OK);
        assert_int_equal(out.mss, in.mss);
        assert_int_equal(out.has_wscale, in.has_wscale);
        assert_int_equal(out.sack_permitted, in.sack_permitted);
        assert_int_equal(out.has_timestamp, in.has_timestamp);
        assert_int_equal(out.sack_count, in.sack_count);
        if (in.sack_count)
            assert_int_equal(out.sack[1].right, 40);
    }
}

static void emit_refuses_too_many_options(void **state)
{
    (void)state;
    struct net_tcp_repr in = {.src_port = 1, .dst_port = 2, .has_timestamp = true, .mss = 1460,
                              .sack_count = 4};
    uint8_t seg[80];
    assert_true(net_tcp_header_len(&in) > NET_TCP_MAX_HDR_LEN);
    assert_int_equal(net_tcp_emit(&in, seg, sizeof seg, SRC, DST, true), NET_WIRE_BAD_OPTION);
    in.sack_count = 3;
    in.mss = 0;
    assert_int_equal(net_tcp_header_len(&in), 60);
    assert_int_equal(net_tcp_emit(&in, seg, sizeof seg, SRC, DST, true), NET_WIRE_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_captured_linux_syn),
        cmocka_unit_test(truncated_at_every_length),
        cmocka_unit_test(header_errors),
        cmocka_unit_test(option_errors),
        cmocka_unit_test(sack_blocks_and_wscale_clamp),
        cmocka_unit_test(emit_roundtrip_all_options),
        cmocka_unit_test(emit_each_option_alone_parses_back),
        cmocka_unit_test(emit_refuses_too_many_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
