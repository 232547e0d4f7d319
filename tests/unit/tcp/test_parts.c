/* The pure parts, by their numbers: SipHash against the reference vectors, RFC 6298 RTO
 * arithmetic and backoff, RFC 5681 / RFC 6582 window arithmetic, the out-of-order tracker and its
 * SACK blocks, window scale choice. White box: these call the module's internal functions. */
#include <string.h>

#include "harness.h"
#include "tcp/tcp_internal.h"

static struct net_tcp_socket s;
static uint8_t rxb[4096], txb[4096];

static int setup(void **state)
{
    (void)state;
    t_setup(NULL);
    net_tcp_socket_init(&s, &t_tcp, rxb, sizeof rxb, txb, sizeof txb);
    return 0;
}

static void test_siphash_vectors(void **state)
{
    (void)state;
    /* SipHash-2-4 paper, appendix A: key 00..0f, message 00..0e */
    const uint32_t key[4] = {0x03020100u, 0x07060504u, 0x0b0a0908u, 0x0f0e0d0cu};
    uint8_t msg[64];
    for (int i = 0; i < 64; i++)
        msg[i] = (uint8_t)i;
    assert_true(tcp_siphash(key, msg, 15) == 0xa129ca6149be45e5ull);
    /* the reference implementation's vectors.h: empty message, and 8 bytes */
    assert_true(tcp_siphash(key, msg, 0) == 0x726fdb47dd0e0e31ull);
    assert_true(tcp_siphash(key, msg, 8) == 0x93f5f5799a932462ull);
}

static uint32_t isn_of(struct net_endpoint l, struct net_endpoint r, uint64_t now,
                       uint32_t *ts_offset)
{
    s.local = l;
    s.remote = r;
    tcp_isn(&s, now);
    if (ts_offset)
        *ts_offset = s.ts_offset;
    return s.iss;
}

static void test_isn_depends_on_tuple_secret_and_clock(void **state)
{
    (void)state;
    struct net_endpoint l = {T_IP_US, 80}, r = {T_IP_PEER, 40000}, r2 = {T_IP_PEER, 40001};
    uint32_t ts, ts2;
    uint32_t a = isn_of(l, r, 0, &ts);
    assert_int_not_equal(a, isn_of(l, r2, 0, &ts2));
    assert_int_not_equal(ts, ts2);
    assert_int_not_equal(a, ts); /* the other half of the hash */
    /* M: one tick every 4 microseconds; the offset does not move with the clock */
    assert_int_equal(isn_of(l, r, 4000, &ts2), a + 1000);
    assert_int_equal(ts2, ts);
    t_tcp.secret[0] ^= 1;
    assert_int_not_equal(a, isn_of(l, r, 0, NULL));
}

static void test_rto_arithmetic(void **state)
{
    (void)state;
    struct net_tcp_config cfg;
    net_tcp_config_default(&cfg);
    cfg.rto_min_us = 1;
    tcp_rtt_init(&s, &cfg);
    assert_int_equal(s.rto, 1000000); /* RFC 6298 2.1: 1 s before any sample */
    tcp_rtt_sample(&s, 100000, &cfg);  /* 2.2 */
    assert_int_equal(s.srtt, 100000);
    assert_int_equal(s.rttvar, 50000);
    assert_int_equal(s.rto, 300000);
    tcp_rtt_sample(&s, 200000, &cfg); /* 2.3 */
    assert_int_equal(s.rttvar, 37500 + 25000);
    assert_int_equal(s.srtt, 87500 + 25000);
    assert_int_equal(s.rto, 112500 + 250000);
    /* G: 4 RTTVAR below the clock granularity counts as G (1 ms) */
    tcp_rtt_init(&s, &cfg);
    tcp_rtt_sample(&s, 100, &cfg);
    assert_int_equal(s.rto, 100 + 1000);
    /* clamps */
    cfg.rto_min_us = 200000;
    tcp_rtt_sample(&s, 100, &cfg);
    assert_int_equal(s.rto, 200000);
    cfg.rto_max_us = 5000000;
    tcp_rtt_sample(&s, 40000000, &cfg);
    assert_int_equal(s.rto, 5000000);
}

static void test_rto_backoff(void **state)
{
    (void)state;
    s.rto = 300000;
    s.backoff = 0;
    assert_int_equal(tcp_current_rto(&s), 300000);
    s.backoff = 3;
    assert_int_equal(tcp_current_rto(&s), 2400000);
    s.backoff = 12; /* capped at rto_max (8 s in t_config) */
    assert_int_equal(tcp_current_rto(&s), 8000000);
    s.backoff = 255;
    assert_int_equal(tcp_current_rto(&s), 8000000);
}

static void test_initial_window(void **state)
{
    (void)state;
    s.mss = 1460;
    tcp_cc_init(&s);
    assert_int_equal(s.cwnd, 3 * 1460);
    s.mss = 536;
    tcp_cc_init(&s);
    assert_int_equal(s.cwnd, 4 * 536);
    s.mss = 4000;
    tcp_cc_init(&s);
    assert_int_equal(s.cwnd, 2 * 4000);
}

static void test_slow_start_and_avoidance(void **state)
{
    (void)state;
    s.mss = 1000;
    s.iss = 0;
    tcp_cc_init(&s);
    assert_int_equal(s.cwnd, 4000);
    s.snd_una = 1;
    tcp_cc_new_ack(&s, 1001, 1000);
    assert_int_equal(s.cwnd, 5000);
    tcp_cc_new_ack(&s, 6001, 5000); /* a stretch ACK grows by at most 2 SMSS (RFC 3465) */
    assert_int_equal(s.cwnd, 7000);
    s.ssthresh = 7000;
    /* avoidance: one SMSS per window acknowledged */
    for (int i = 0; i < 6; i++)
        tcp_cc_new_ack(&s, 0, 1000);
    assert_int_equal(s.cwnd, 7000);
    tcp_cc_new_ack(&s, 0, 1000);
    assert_int_equal(s.cwnd, 8000);
}

static void test_newreno(void **state)
{
    (void)state;
    s.mss = 1000;
    s.iss = 0;
    tcp_cc_init(&s);
    s.cwnd = 10000;
    s.snd_una = 1001;
    s.snd_max = 11001; /* 10 segments in flight */
    tcp_cc_dup_ack(&s);
    tcp_cc_dup_ack(&s);
    assert_false(s.in_recovery);
    assert_int_equal(tcp_cc_window(&s), 0u); /* snd_wnd 0 here: the peer's window limits */
    s.snd_wnd = 100000;
    assert_int_equal(tcp_cc_window(&s), 12000u); /* RFC 3042: +1 SMSS per early duplicate */
    tcp_cc_dup_ack(&s);
    assert_true(s.in_recovery);
    assert_true(s.rexmit);
    assert_int_equal(s.ssthresh, 5000);
    assert_int_equal(s.cwnd, 8000);
    assert_int_equal(s.recover, 11001);
    tcp_cc_dup_ack(&s);
    assert_int_equal(s.cwnd, 9000); /* inflation */
    /* partial ACK: 3 segments acknowledged, recover not reached */
    s.rexmit = false;
    tcp_cc_new_ack(&s, 4001, 3000);
    assert_true(s.in_recovery);
    assert_true(s.rexmit);
    assert_int_equal(s.cwnd, 9000 - 3000 + 1000);
    /* full ACK: out of recovery, cwnd = min(ssthresh, max(flight, SMSS) + SMSS) */
    s.snd_una = 4001;
    tcp_cc_new_ack(&s, 11001, 7000);
    assert_false(s.in_recovery);
    assert_int_equal(s.cwnd, 2000);
    /* duplicates below `recover` after a timeout start no new recovery (RFC 6582 4) */
    s.snd_max = 21001;
    s.snd_una = 11001;
    tcp_cc_timeout(&s);
    assert_int_equal(s.cwnd, 1000);
    assert_int_equal(s.ssthresh, 5000);
    s.snd_una = 12001;
    for (int i = 0; i < 5; i++)
        tcp_cc_dup_ack(&s);
    assert_false(s.in_recovery);
}

static void test_ooo_ranges_and_sack_blocks(void **state)
{
    (void)state;
    s.rcv_nxt = 0xFFFFFF00u; /* across the wrap */
    tcp_rx_clear(&s);
    uint8_t data[200];
    for (int i = 0; i < 200; i++)
        data[i] = (uint8_t)i;
    uint32_t b = s.rcv_nxt;
    assert_int_equal(tcp_rx_data(&s, b + 100, data, 50), TCP_RX_OOO);
    assert_int_equal(tcp_rx_data(&s, b + 300, data, 50), TCP_RX_OOO);
    assert_int_equal(tcp_rx_data(&s, b + 500, data, 50), TCP_RX_OOO);
    assert_int_equal(tcp_rx_data(&s, b + 700, data, 50), TCP_RX_OOO);
    /* a fifth piece that touches none: nothing left to track it */
    assert_int_equal(tcp_rx_data(&s, b + 900, data, 50), TCP_RX_DROPPED);
    /* one touching a piece merges and moves to the front */
    assert_int_equal(tcp_rx_data(&s, b + 150, data, 20), TCP_RX_OOO);
    struct net_tcp_sack_block blk[4];
    assert_int_equal(tcp_sack_blocks(&s, blk, 4), 4);
    assert_int_equal(blk[0].left, b + 100);
    assert_int_equal(blk[0].right, b + 170);
    assert_int_equal(blk[1].left, b + 700);
    assert_int_equal(blk[2].left, b + 500);
    assert_int_equal(blk[3].left, b + 300);
    assert_int_equal(tcp_sack_blocks(&s, blk, 3), 3); /* beside timestamps: 3 */
    /* bridging two pieces */
    assert_int_equal(tcp_rx_data(&s, b + 160, data, 150), TCP_RX_OOO);
    assert_int_equal(tcp_sack_blocks(&s, blk, 4), 3);
    assert_int_equal(blk[0].left, b + 100);
    assert_int_equal(blk[0].right, b + 350);
    /* in order up to 100: swallows [100, 350) */
    assert_int_equal(tcp_rx_data(&s, b, data, 100), TCP_RX_FILLED);
    assert_int_equal(s.rcv_nxt, b + 350);
    assert_int_equal(s.rx_len, 350);
    assert_int_equal(tcp_sack_blocks(&s, blk, 4), 2);
    /* the bytes are where they belong */
    assert_memory_equal(s.rx_buf, data, 100);
    assert_memory_equal(s.rx_buf + 100, data, 50);
    assert_memory_equal(s.rx_buf + 160, data, 150);
}

static void test_rx_ring_wraps(void **state)
{
    (void)state;
    s.rcv_nxt = 1000;
    tcp_rx_clear(&s);
    s.rx_head = 4000; /* 96 bytes to the end of the 4 KiB ring */
    uint8_t data[300];
    for (int i = 0; i < 300; i++)
        data[i] = (uint8_t)(i * 3);
    assert_int_equal(tcp_rx_data(&s, 1200, data + 200, 100), TCP_RX_OOO);
    assert_int_equal(tcp_rx_data(&s, 1000, data, 200), TCP_RX_FILLED);
    assert_int_equal(s.rx_len, 300);
    uint8_t out[300];
    size_t n;
    const uint8_t *p = net_tcp_recv_peek(&s, &n);
    assert_int_equal(n, 96);
    memcpy(out, p, n);
    net_tcp_recv_consume(&s, n);
    p = net_tcp_recv_peek(&s, &n);
    assert_int_equal(n, 204);
    memcpy(out + 96, p, n);
    assert_memory_equal(out, data, 300);
}

static void test_sender_scoreboard(void **state)
{
    (void)state;
    s.mss = 1000;
    s.snd_una = 0xFFFFF000u; /* across the wrap */
    s.snd_max = s.snd_una + 20000;
    s.high_rxt = s.snd_una;
    tcp_sb_clear(&s);
    uint32_t u = s.snd_una;
    struct net_tcp_repr ack = {.sack_count = 3,
                               .sack = {{u + 5000, u + 6000}, {u + 2000, u + 3000},
                                        {u + 9000, u + 12000}}};
    tcp_sb_update(&s, &ack);
    assert_int_equal(s.sb_count, 3);
    assert_int_equal(s.sb[0].left, u + 2000); /* ascending, whatever order they came in */
    assert_int_equal(s.sb[2].right, u + 12000);
    assert_int_equal(tcp_sb_high(&s), u + 12000);
    assert_int_equal(tcp_sb_sacked_above(&s, u), 5000);
    assert_int_equal(tcp_sb_sacked_above(&s, u + 5500), 3500);
    /* lost: more than 2 segments SACKed above; the hole at 6000 has 3000 above: lost */
    assert_true(tcp_sb_is_lost(&s, u));
    assert_true(tcp_sb_is_lost(&s, u + 6000));
    assert_false(tcp_sb_is_lost(&s, u + 10500)); /* only 1500 above */
    /* holes in order */
    uint32_t a, b;
    assert_true(tcp_sb_next_hole(&s, u, &a, &b));
    assert_int_equal(a, u);
    assert_int_equal(b, u + 2000);
    assert_true(tcp_sb_next_hole(&s, u + 2500, &a, &b));
    assert_int_equal(a, u + 3000);
    assert_int_equal(b, u + 5000);
    assert_true(tcp_sb_next_hole(&s, u + 6000, &a, &b));
    assert_int_equal(a, u + 6000);
    assert_int_equal(b, u + 9000);
    assert_false(tcp_sb_next_hole(&s, u + 12000, &a, &b));
    /* pipe: 8000 beyond the highest SACK, plus what was sent again and not SACKed */
    assert_int_equal(tcp_sb_pipe(&s), 8000);
    s.high_rxt = u + 4000; /* [0,2000) and [3000,4000) went again */
    assert_int_equal(tcp_sb_pipe(&s), 8000 + 3000);
    /* blocks outside (SND.UNA, SND.MAX] are ignored; touching ones merge */
    struct net_tcp_repr more = {.sack_count = 4,
                                .sack = {{u - 500, u}, {u + 19000, u + 21000},
                                         {u + 6000, u + 7000}, {u + 3000, u + 5000}}};
    tcp_sb_update(&s, &more);
    assert_int_equal(s.sb_count, 2);
    assert_int_equal(s.sb[0].left, u + 2000);
    assert_int_equal(s.sb[0].right, u + 7000);
    /* SND.UNA moves into the first range: trimmed */
    s.snd_una = u + 2500;
    tcp_sb_trim(&s);
    assert_int_equal(s.sb[0].left, u + 2500);
    s.snd_una = u + 7000;
    tcp_sb_trim(&s);
    assert_int_equal(s.sb_count, 1);
    /* a full board gives up its highest range for a lower one */
    tcp_sb_clear(&s);
    s.snd_una = u;
    for (uint32_t i = 0; i < 5; i++) {
        struct net_tcp_repr one = {.sack_count = 1,
                                   .sack = {{u + 10000 - 2000 * i, u + 10500 - 2000 * i}}};
        tcp_sb_update(&s, &one);
    }
    assert_int_equal(s.sb_count, NET_TCP_OOO_RANGES);
    assert_int_equal(s.sb[0].left, u + 2000);
    assert_int_equal(tcp_sb_high(&s), u + 8500);
}

static void test_window_scale_choice(void **state)
{
    (void)state;
    static const struct {
        uint32_t size;
        uint8_t ws;
    } cases[] = {{1000, 0}, {65535, 0}, {65536, 1}, {131070, 1}, {131072, 2},
                 {1u << 20, 5}, {1u << 30, 14}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        s.rx_size = cases[i].size;
        assert_int_equal(tcp_our_wscale(&s), cases[i].ws);
    }
    /* the window offered: room, at most what 16 bits scaled can say */
    s.rx_size = 1u << 20;
    s.rx_len = 0;
    s.rcv_wscale = 5;
    assert_int_equal(tcp_rcv_window(&s), 1u << 20);
    s.rcv_wscale = 0; /* the peer did not agree to scaling */
    assert_int_equal(tcp_rcv_window(&s), 65535);
}

static void test_seq_compare(void **state)
{
    (void)state;
    assert_true(seq_lt(0xFFFFFFF0u, 0x10u));
    assert_true(seq_gt(0x10u, 0xFFFFFFF0u));
    assert_true(seq_in(0x5u, 0xFFFFFFF0u, 0x20u));
    assert_false(seq_in(0x20u, 0xFFFFFFF0u, 0x20u));
    assert_true(seq_in(0xFFFFFFF0u, 0xFFFFFFF0u, 0x20u));
    assert_int_equal(seq_max(0xFFFFFFF0u, 0x10u), 0x10u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_siphash_vectors),
        cmocka_unit_test_setup(test_isn_depends_on_tuple_secret_and_clock, setup),
        cmocka_unit_test_setup(test_rto_arithmetic, setup),
        cmocka_unit_test_setup(test_rto_backoff, setup),
        cmocka_unit_test_setup(test_initial_window, setup),
        cmocka_unit_test_setup(test_slow_start_and_avoidance, setup),
        cmocka_unit_test_setup(test_newreno, setup),
        cmocka_unit_test_setup(test_ooo_ranges_and_sack_blocks, setup),
        cmocka_unit_test_setup(test_rx_ring_wraps, setup),
        cmocka_unit_test_setup(test_sender_scoreboard, setup),
        cmocka_unit_test_setup(test_window_scale_choice, setup),
        cmocka_unit_test(test_seq_compare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
