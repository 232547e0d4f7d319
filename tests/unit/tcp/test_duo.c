/* Two stacks talking through the pipe device: an echo of a known byte pattern (A sends, B echoes,
 * A checks every byte), with frames dropped, duplicated, held back (reordered) or corrupted on
 * the way by a script. Also simultaneous open and close between two of our own stacks. */
#include <string.h>

#include "harness.h"
#include "net/wire/ethernet.h"
#include "net/wire/ipv4.h"

#define BUF 32768
#define ECHO_PORT 7

static struct net_tcp_socket ca, sb;
static uint8_t ca_rx[BUF], ca_tx[BUF], sb_rx[BUF], sb_tx[BUF];

static uint8_t pattern(size_t i)
{
    return (uint8_t)(i * 7u + (i >> 9) + (i >> 17));
}

struct echo {
    size_t total, sent, back;
    bool bad; /* a byte came back wrong */
    bool close_when_done;
};

static bool echo_step(void *ctx)
{
    struct echo *e = ctx;
    /* A queues the pattern */
    while (e->sent < e->total) {
        size_t room;
        uint8_t *p = net_tcp_send_buffer(&ca, &room);
        if (!p)
            break;
        size_t n = e->total - e->sent < room ? e->total - e->sent : room;
        for (size_t i = 0; i < n; i++)
            p[i] = pattern(e->sent + i);
        net_tcp_send_commit(&ca, n);
        e->sent += n;
    }
    /* B echoes what it has, as much as it can send */
    for (;;) {
        size_t n;
        const uint8_t *p = net_tcp_recv_peek(&sb, &n);
        if (!p)
            break;
        size_t done = net_tcp_send(&sb, p, n);
        net_tcp_recv_consume(&sb, done);
        if (done < n)
            break;
    }
    /* A checks what comes back */
    for (;;) {
        size_t n;
        const uint8_t *p = net_tcp_recv_peek(&ca, &n);
        if (!p)
            break;
        for (size_t i = 0; i < n; i++)
            if (p[i] != pattern(e->back + i))
                e->bad = true;
        e->back += n;
        net_tcp_recv_consume(&ca, n);
    }
    return e->back >= e->total || e->bad;
}

static void open_pair(void)
{
    net_tcp_socket_init(&ca, &d_a.tcp, ca_rx, BUF, ca_tx, BUF);
    net_tcp_socket_init(&sb, &d_b.tcp, sb_rx, BUF, sb_tx, BUF);
    assert_int_equal(net_tcp_listen(&sb, ECHO_PORT), NET_OK);
    struct net_endpoint to = {T_IP_US, ECHO_PORT};
    assert_int_equal(net_tcp_connect(&ca, &to, 0), NET_OK);
}

static bool both_closed(void *ctx)
{
    (void)ctx;
    if (net_tcp_eof(&sb) && net_tcp_state(&sb) == NET_TCP_CLOSE_WAIT)
        net_tcp_close(&sb);
    return net_tcp_state(&sb) == NET_TCP_CLOSED &&
           (net_tcp_state(&ca) == NET_TCP_CLOSED || net_tcp_state(&ca) == NET_TCP_TIME_WAIT);
}

/* Echoes total bytes through the filter and closes; returns the simulated time it took. */
static bool sack_b_only; /* with t_no_sack: B keeps out-of-order data, A does NewReno */
static uint64_t run_echo(d_filter_fn filter, size_t total)
{
    struct net_tcp_config cfg;
    t_config(&cfg);
    d_setup(&cfg, filter);
    if (sack_b_only)
        net_tcp_enable_sack(&d_b.tcp); /* installed on B, but A does not offer it */
    open_pair();
    uint64_t start = d_now;
    struct echo e = {.total = total};
    if (!d_run(echo_step, &e, 600 * T_SEC)) {
        print_message("stuck: sent %zu back %zu; A %s una %u nxt %u max %u wnd %u cwnd %u "
                      "rtx_at %llu persist %d | B %s una %u nxt %u max %u wnd %u rx %u txq %u "
                      "rtx_at %llu | now %llu | err A %s B %s\n",
                      e.sent, e.back, net_tcp_state_str(net_tcp_state(&ca)), ca.snd_una,
                      ca.snd_nxt, ca.snd_max, ca.snd_wnd, ca.cwnd,
                      (unsigned long long)ca.rtx_at, ca.persist,
                      net_tcp_state_str(net_tcp_state(&sb)), sb.snd_una, sb.snd_nxt, sb.snd_max,
                      sb.snd_wnd, sb.rx_len, sb.tx_len, (unsigned long long)sb.rtx_at,
                      (unsigned long long)d_now, net_tcp_error_str(net_tcp_error(&ca)),
                      net_tcp_error_str(net_tcp_error(&sb)));
        fail();
    }
    assert_false(e.bad);
    assert_int_equal(e.back, total);
    net_tcp_close(&ca);
    assert_true(d_run(both_closed, NULL, 120 * T_SEC));
    assert_int_equal(net_tcp_error(&ca), NET_TCP_ERR_NONE);
    assert_int_equal(net_tcp_error(&sb), NET_TCP_ERR_NONE);
    const struct net_tcp_counters *a = net_tcp_counters(&d_a.tcp), *b = net_tcp_counters(&d_b.tcp);
    print_message("  %.2f s simulated; A: %u rexmit (%u fast, %u rto), B: %u rexmit (%u fast, %u "
                  "rto), ooo %u/%u, dropped %u/%u frames\n",
                  (double)(d_now - start) / 1e6, a->retransmits, a->fast_retransmits,
                  a->rto_expired, b->retransmits, b->fast_retransmits, b->rto_expired, a->rx_ooo,
                  b->rx_ooo, d_dropped[0], d_dropped[1]);
    return d_now - start;
}

/* A deterministic draw per frame: true with probability ppm / 1e6. */
static bool hit(int dir, uint32_t n, uint32_t ppm, uint32_t salt)
{
    uint32_t x = (n + 1) * 2654435761u ^ (uint32_t)(dir + 1) * 40503u ^ salt;
    x ^= x >> 15;
    x *= 2246822519u;
    x ^= x >> 13;
    return x % 1000000u < ppm;
}

static enum d_action pass_all(int dir, uint32_t n, const uint8_t *f, size_t len)
{
    (void)dir, (void)n, (void)f, (void)len;
    return D_PASS;
}

static void test_clean_echo(void **state)
{
    (void)state;
    run_echo(pass_all, 1 << 20);
    const struct net_tcp_socket_counters *c = net_tcp_socket_counters(&ca);
    assert_int_equal(c->retransmits, 0);
    assert_int_equal(c->rx_ooo, 0);
    assert_int_equal(net_tcp_counters(&d_a.tcp)->rto_expired, 0);
    assert_int_equal(net_tcp_counters(&d_b.tcp)->rto_expired, 0);
    assert_int_equal(c->tx_bytes, 1 << 20);
    assert_int_equal(c->rx_bytes, 1 << 20);
}

static uint32_t loss_ppm;
static enum d_action random_loss(int dir, uint32_t n, const uint8_t *f, size_t len)
{
    (void)f, (void)len;
    return hit(dir, n, loss_ppm, 77) ? D_DROP : D_PASS;
}

static void test_loss_1_percent(void **state)
{
    (void)state;
    loss_ppm = 10000;
    run_echo(random_loss, 1 << 20);
    assert_true(d_dropped[0] > 0 && d_dropped[1] > 0);
    assert_true(net_tcp_counters(&d_a.tcp)->retransmits > 0);
    assert_true(net_tcp_counters(&d_b.tcp)->retransmits > 0);
}

static void test_loss_5_percent(void **state)
{
    (void)state;
    loss_ppm = 50000;
    run_echo(random_loss, 1 << 20);
    assert_true(net_tcp_counters(&d_a.tcp)->fast_retransmits > 0);
    /* the receiver kept out-of-order data and said so */
    assert_true(net_tcp_counters(&d_b.tcp)->rx_ooo > 0);
    /* every byte counted once, however often it went */
    assert_int_equal(net_tcp_socket_counters(&ca)->tx_bytes, 1 << 20);
    assert_int_equal(net_tcp_socket_counters(&sb)->tx_bytes, 1 << 20);
    assert_int_equal(net_tcp_socket_counters(&sb)->rx_bytes, 1 << 20);
}

/* Data frames from A to B, counted from the first one carrying payload. */
static uint32_t drop_a[4];
static size_t drop_a_count;
static uint32_t a_data_index;
static enum d_action drop_listed(int dir, uint32_t n, const uint8_t *f, size_t len)
{
    (void)n;
    if (dir != 0 || len <= 66 + 12)
        return D_PASS; /* B to A, or no payload (headers + timestamps only) */
    (void)f;
    uint32_t idx = a_data_index++;
    for (size_t i = 0; i < drop_a_count; i++) {
        if (drop_a[i] == idx) {
            drop_a[i] = UINT32_MAX; /* once: the retransmission passes */
            return D_DROP;
        }
    }
    return D_PASS;
}

static void test_fast_retransmit_one_loss(void **state)
{
    (void)state;
    drop_a[0] = 30;
    drop_a_count = 1;
    a_data_index = 0;
    run_echo(drop_listed, 256 * 1024);
    const struct net_tcp_counters *c = net_tcp_counters(&d_a.tcp);
    assert_int_equal(d_dropped[0], 1);
    assert_int_equal(c->fast_retransmits, 1);
    assert_int_equal(c->rto_expired, 0);
    assert_int_equal(c->retransmits, 1);
}

static void test_newreno_partial_ack(void **state)
{
    (void)state;
    /* without SACK, two holes in one window: the first repaired by fast retransmit, the second
     * by the partial ACK that follows (RFC 6582), with no timeout */
    drop_a[0] = 30;
    drop_a[1] = 33;
    drop_a_count = 2;
    a_data_index = 0;
    t_no_sack = true; /* A: no net_tcp_enable_sack, so no SACK either way */
    sack_b_only = true;
    run_echo(drop_listed, 256 * 1024);
    t_no_sack = sack_b_only = false;
    assert_false(ca.sack_ok);
    assert_false(sb.sack_ok);
    const struct net_tcp_counters *c = net_tcp_counters(&d_a.tcp);
    assert_int_equal(d_dropped[0], 2);
    assert_int_equal(c->fast_retransmits, 2);
    assert_int_equal(c->rto_expired, 0);
    assert_int_equal(c->retransmits, 2);
}

static void test_without_sack_out_of_order_dropped(void **state)
{
    (void)state;
    /* neither side installed SACK (an MQTT device): B keeps nothing beyond a hole, A sends it
     * all again; every byte still comes back in order */
    drop_a[0] = 30;
    drop_a_count = 1;
    a_data_index = 0;
    t_no_sack = true;
    run_echo(drop_listed, 256 * 1024);
    t_no_sack = false;
    assert_false(ca.sack_ok);
    assert_int_equal(d_dropped[0], 1);
    assert_int_equal(net_tcp_counters(&d_b.tcp)->rx_ooo, 0);
    assert_true(net_tcp_counters(&d_b.tcp)->rx_ooo_dropped > 0);
    assert_true(net_tcp_counters(&d_a.tcp)->retransmits >= 1);
}

static void test_sack_recovery_three_holes(void **state)
{
    (void)state;
    /* with SACK, three holes in one window all go again in the same round trip: each hole
     * retransmitted once, no timeout */
    drop_a[0] = 30;
    drop_a[1] = 32;
    drop_a[2] = 35;
    drop_a_count = 3;
    a_data_index = 0;
    run_echo(drop_listed, 256 * 1024);
    assert_true(ca.sack_ok);
    const struct net_tcp_counters *c = net_tcp_counters(&d_a.tcp);
    assert_int_equal(d_dropped[0], 3);
    assert_int_equal(c->retransmits, 3);
    assert_int_equal(c->fast_retransmits, 3);
    assert_int_equal(c->rto_expired, 0);
}

static enum d_action reorder(int dir, uint32_t n, const uint8_t *f, size_t len)
{
    (void)f, (void)len;
    return hit(dir, n, 50000, 5) ? D_HOLD : D_PASS;
}

static void test_reordering(void **state)
{
    (void)state;
    run_echo(reorder, 1 << 20);
    assert_true(net_tcp_counters(&d_b.tcp)->rx_ooo > 0);
    assert_true(net_tcp_counters(&d_a.tcp)->rx_ooo > 0);
}

static enum d_action duplicate(int dir, uint32_t n, const uint8_t *f, size_t len)
{
    (void)f, (void)len;
    return hit(dir, n, 50000, 9) ? D_DUP : D_PASS;
}

static void test_duplication(void **state)
{
    (void)state;
    run_echo(duplicate, 1 << 20);
}

static enum d_action corrupt(int dir, uint32_t n, const uint8_t *f, size_t len)
{
    (void)f, (void)len;
    return hit(dir, n, 20000, 13) ? D_CORRUPT : D_PASS;
}

static void test_corruption_caught(void **state)
{
    (void)state;
    run_echo(corrupt, 1 << 20);
    /* every flipped bit was caught by a checksum (IPv4 header or TCP), none delivered: the
     * pattern check in echo_step saw every byte right */
    uint32_t caught = 0;
    for (int side = 0; side < 2; side++) {
        const struct d_side *d = side ? &d_b : &d_a;
        caught += net_tcp_counters(&d->tcp)->rx_bad_checksum;
        caught += d->iface.counters.drops[NET_DROP_IPV4_BAD_CHECKSUM];
        caught += d->iface.counters.drops[NET_DROP_IPV4_MALFORMED];
        caught += d->iface.counters.drops[NET_DROP_ETH_NOT_FOR_US];
        caught += d->iface.counters.drops[NET_DROP_IPV4_NOT_FOR_US];
        caught += net_tcp_counters(&d->tcp)->rx_malformed;
    }
    assert_true(caught > 0);
    assert_true(net_tcp_counters(&d_b.tcp)->rx_bad_checksum > 0);
}

static enum d_action mixed(int dir, uint32_t n, const uint8_t *f, size_t len)
{
    (void)f, (void)len;
    if (hit(dir, n, 20000, 21))
        return D_DROP;
    if (hit(dir, n, 20000, 22))
        return D_HOLD;
    if (hit(dir, n, 10000, 23))
        return D_DUP;
    if (hit(dir, n, 10000, 24))
        return D_CORRUPT;
    return D_PASS;
}

static void test_everything_at_once(void **state)
{
    (void)state;
    run_echo(mixed, 1 << 20);
}

/* B's application stops reading for a while: A's window closes and it probes; B reads again and
 * everything arrives. */
static bool slow_reader_paused;
static bool slow_step(void *ctx)
{
    struct echo *e = ctx;
    if (slow_reader_paused) {
        while (e->sent < e->total) {
            size_t n = net_tcp_send(&ca, (const uint8_t[1024]){0}, 1024);
            if (!n)
                break;
            e->sent += n;
        }
        return net_tcp_counters(&d_a.tcp)->zero_window_probes >= 3;
    }
    uint8_t buf[4096];
    size_t n;
    while ((n = net_tcp_recv(&sb, buf, sizeof buf)) > 0)
        e->back += n;
    while (e->sent < e->total) {
        n = net_tcp_send(&ca, (const uint8_t[1024]){0}, e->total - e->sent < 1024 ? e->total - e->sent : 1024);
        if (!n)
            break;
        e->sent += n;
    }
    return e->back >= e->total;
}

static void test_zero_window_between_stacks(void **state)
{
    (void)state;
    d_setup(NULL, pass_all);
    open_pair();
    struct echo e = {.total = 200 * 1024};
    slow_reader_paused = true;
    assert_true(d_run(slow_step, &e, 60 * T_SEC));
    assert_int_equal(net_tcp_state(&ca), NET_TCP_ESTABLISHED);
    assert_int_equal(sb.snd_wnd > 0, 1);
    assert_int_equal(ca.snd_wnd, 0);
    slow_reader_paused = false;
    assert_true(d_run(slow_step, &e, 60 * T_SEC));
    assert_int_equal(e.back, e.total);
}

static bool both_time_wait(void *ctx)
{
    (void)ctx;
    return net_tcp_state(&ca) == NET_TCP_TIME_WAIT && net_tcp_state(&sb) == NET_TCP_TIME_WAIT;
}

static bool both_gone(void *ctx)
{
    (void)ctx;
    return net_tcp_state(&ca) == NET_TCP_CLOSED && net_tcp_state(&sb) == NET_TCP_CLOSED;
}

static void test_simultaneous_open_and_close(void **state)
{
    (void)state;
    d_setup(NULL, pass_all);
    net_tcp_socket_init(&ca, &d_a.tcp, ca_rx, BUF, ca_tx, BUF);
    net_tcp_socket_init(&sb, &d_b.tcp, sb_rx, BUF, sb_tx, BUF);
    struct net_endpoint to_b = {T_IP_US, 5001}, to_a = {T_IP_PEER, 5000};
    assert_int_equal(net_tcp_connect(&ca, &to_b, 5000), NET_OK);
    assert_int_equal(net_tcp_connect(&sb, &to_a, 5001), NET_OK);
    /* both SYNs leave before either arrives */
    net_iface_poll(&d_a.iface, d_now);
    net_iface_poll(&d_b.iface, d_now);
    struct echo e = {.total = 100 * 1024};
    assert_true(d_run(echo_step, &e, 30 * T_SEC));
    assert_false(e.bad);
    assert_int_equal(net_tcp_counters(&d_a.tcp)->conn_passive, 0);
    /* both close at once: FIN crosses FIN (CLOSING on both), then TIME-WAIT on both */
    net_tcp_close(&ca);
    net_tcp_close(&sb);
    net_iface_poll(&d_a.iface, d_now);
    net_iface_poll(&d_b.iface, d_now);
    assert_int_equal(net_tcp_state(&ca), NET_TCP_FIN_WAIT_1);
    assert_int_equal(net_tcp_state(&sb), NET_TCP_FIN_WAIT_1);
    /* in normal closing one side passes LAST-ACK and skips TIME-WAIT: here both wait */
    assert_true(d_run(both_time_wait, NULL, 1 * T_SEC));
    assert_true(d_run(both_gone, NULL, 5 * T_SEC));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_echo),
        cmocka_unit_test(test_loss_1_percent),
        cmocka_unit_test(test_loss_5_percent),
        cmocka_unit_test(test_fast_retransmit_one_loss),
        cmocka_unit_test(test_newreno_partial_ack),
        cmocka_unit_test(test_without_sack_out_of_order_dropped),
        cmocka_unit_test(test_sack_recovery_three_holes),
        cmocka_unit_test(test_reordering),
        cmocka_unit_test(test_duplication),
        cmocka_unit_test(test_corruption_caught),
        cmocka_unit_test(test_everything_at_once),
        cmocka_unit_test(test_zero_window_between_stacks),
        cmocka_unit_test(test_simultaneous_open_and_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
