/* Sockets: the packet ring, UDP and ICMP echo sockets between two interfaces on a pipe, and the
 * address helpers. */
#include <string.h>

#include "harness.h"
#include "net/socket/icmp.h"
#include "net/socket/ring.h"
#include "net/socket/udp.h"

/* ---- packet ring ---- */

static void ring_wraps_and_skips(void **state)
{
    (void)state;
    struct net_pkt_meta meta[4];
    uint8_t data[100];
    struct net_pkt_ring r;
    net_ring_init(&r, &NET_RING_STORAGE(meta, data));
    struct net_endpoint ep = {1, 2}, got;
    size_t len;
    assert_null(net_ring_peek(&r, &got, &len));
    assert_false(net_ring_fits(&r, 101));
    assert_true(net_ring_fits(&r, 100));
    uint8_t *a = net_ring_push(&r, &ep, 40);
    uint8_t *b = net_ring_push(&r, &ep, 40);
    assert_ptr_equal(a, data);
    assert_ptr_equal(b, data + 40);
    assert_false(net_ring_can_push(&r, 30)); /* 20 left at the end, nothing at the start */
    memset(a, 'a', 40);
    net_ring_pop(&r);
    /* 30 does not fit the 20 at the end: it starts at 0, the 20 are skipped */
    uint8_t *c = net_ring_push(&r, &ep, 30);
    assert_ptr_equal(c, data);
    assert_false(net_ring_can_push(&r, 11)); /* only [30, 40) is free */
    assert_true(net_ring_can_push(&r, 10));
    uint8_t *p = net_ring_peek(&r, &got, &len);
    assert_ptr_equal(p, data + 40);
    assert_int_equal(len, 40);
    net_ring_pop(&r);
    p = net_ring_peek(&r, &got, &len);
    assert_ptr_equal(p, data); /* the skipped bytes went with b */
    assert_int_equal(len, 30);
    net_ring_pop(&r);
    assert_true(net_ring_empty(&r));
    assert_true(net_ring_can_push(&r, 100)); /* empty: from the start again */
    /* metadata limits too */
    for (int i = 0; i < 4; i++)
        assert_non_null(net_ring_push(&r, &ep, 0));
    assert_null(net_ring_push(&r, &ep, 0));
}

static void ring_random_against_model(void **state)
{
    (void)state;
    struct net_pkt_meta meta[8];
    uint8_t data[257];
    struct net_pkt_ring r;
    net_ring_init(&r, &NET_RING_STORAGE(meta, data));
    uint32_t seed = 1, pushed = 0, popped = 0;
    size_t lens[4096];
    for (int step = 0; step < 20000; step++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 16) % 120;
        if ((seed >> 8) & 1) {
            struct net_endpoint ep = {pushed, (uint16_t)len};
            uint8_t *p = net_ring_push(&r, &ep, len);
            if (p) {
                assert_true(p >= data && p + len <= data + sizeof data);
                memset(p, (int)(pushed & 0xff), len);
                lens[pushed++ % 4096] = len;
            }
        } else if (!net_ring_empty(&r)) {
            struct net_endpoint ep;
            size_t n;
            uint8_t *p = net_ring_peek(&r, &ep, &n);
            assert_int_equal(ep.addr, popped);
            assert_int_equal(n, lens[popped % 4096]);
            for (size_t i = 0; i < n; i++)
                assert_int_equal(p[i], popped & 0xff);
            net_ring_pop(&r);
            popped++;
        }
    }
    assert_true(popped > 1000);
}

/* ---- two interfaces ---- */

static struct net_pipe_end end_a, end_b;
static struct net_pipe_frame slots_a[16], slots_b[16];
static struct net_iface ia, ib;
static uint8_t reasm_a[2 * 4608], reasm_b[2 * 4608], hold_a[2 * 1536], hold_b[2 * 1536];
static uint64_t now;

static const net_ip4 IP_A = NET_IP4(192, 168, 5, 1), IP_B = NET_IP4(192, 168, 5, 2);

static void two_ifaces(void)
{
    net_pipe_init(&end_a, slots_a, 16, &end_b, slots_b, 16, 1500);
    struct net_iface_config ca = {.dev = &end_a.dev, .mac = {{2, 0, 0, 0, 0, 0xa}},
                                  .hold_storage = hold_a, .hold_size = sizeof hold_a};
    struct net_iface_config cb = {.dev = &end_b.dev, .mac = {{2, 0, 0, 0, 0, 0xb}},
                                  .hold_storage = hold_b, .hold_size = sizeof hold_b};
    net_iface_init(&ia, &ca);
    net_iface_init(&ib, &cb);
    net_iface_enable_reasm(&ia, reasm_a, sizeof reasm_a);
    net_iface_enable_reasm(&ib, reasm_b, sizeof reasm_b);
    net_iface_set_ipv4(&ia, IP_A, 24);
    net_iface_set_ipv4(&ib, IP_B, 24);
    now = 5 * SEC;
}

/* Polls both until neither has anything to do now. */
static void settle(void)
{
    for (int i = 0; i < 100; i++) {
        bool a = net_iface_poll(&ia, now), b = net_iface_poll(&ib, now);
        if (!a && !b && net_iface_poll_at(&ia, now) > now && net_iface_poll_at(&ib, now) > now)
            return;
    }
    fail_msg("interfaces never settled");
}

static struct net_pkt_meta ma_rx[8], ma_tx[8], mb_rx[8], mb_tx[8];
static uint8_t da_rx[8192], da_tx[8192], db_rx[8192], db_tx[8192];
static struct net_udp_socket ua, ub;
static unsigned wakes_rx, wakes_tx;

static void waker(void *ctx, uint32_t ev)
{
    (void)ctx;
    if (ev & NET_EV_RX)
        wakes_rx++;
    if (ev & NET_EV_TX)
        wakes_tx++;
}

static void udp_exchange(void **state)
{
    (void)state;
    two_ifaces();
    net_udp_init(&ua, &NET_RING_STORAGE(ma_rx, da_rx), &NET_RING_STORAGE(ma_tx, da_tx));
    net_udp_init(&ub, &NET_RING_STORAGE(mb_rx, db_rx), &NET_RING_STORAGE(mb_tx, db_tx));
    assert_int_equal(net_udp_bind(&ia, &ua, 0), NET_OK);
    assert_true(net_udp_local_port(&ua) >= NET_EPHEMERAL_FIRST);
    assert_int_equal(net_udp_bind(&ib, &ub, 7), NET_OK);
    struct net_udp_socket dup;
    net_udp_init(&dup, NULL, NULL);
    assert_int_equal(net_udp_bind(&ib, &dup, 7), NET_ERR_IN_USE);
    net_udp_set_waker(&ub, waker, NULL);
    net_udp_set_waker(&ua, waker, NULL);
    wakes_rx = wakes_tx = 0;

    /* 1 byte and 1472 bytes (the largest unfragmented), as the integration test will */
    static uint8_t big[1472];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)i;
    struct net_endpoint to_b = {IP_B, 7};
    assert_int_equal(net_udp_send_to(&ua, &to_b, "!", 1), NET_OK);
    assert_int_equal(net_udp_send_to(&ua, &to_b, big, sizeof big), NET_OK);
    settle();
    assert_true(wakes_tx >= 1); /* once per poll that freed room */
    assert_true(wakes_rx >= 1);
    struct net_endpoint from;
    static uint8_t buf[2000];
    size_t n;
    assert_int_equal(net_udp_recv_from(&ub, &from, buf, sizeof buf, &n), NET_OK);
    assert_int_equal(n, 1);
    assert_int_equal(buf[0], '!');
    assert_int_equal(from.addr, IP_A);
    assert_int_equal(from.port, net_udp_local_port(&ua));
    /* echo the big one back zero-copy */
    const uint8_t *p = net_udp_peek(&ub, &from, &n);
    assert_non_null(p);
    assert_int_equal(n, 1472);
    uint8_t *out = net_udp_send_buffer(&ub, &from, n);
    assert_non_null(out);
    memcpy(out, p, n);
    net_udp_consume(&ub);
    settle();
    assert_int_equal(net_udp_recv_from(&ua, &from, buf, sizeof buf, &n), NET_OK);
    assert_int_equal(n, 1472);
    assert_memory_equal(buf, big, 1472);
    assert_int_equal(from.addr, IP_B);
    assert_int_equal(from.port, 7);
    assert_int_equal(net_udp_recv_from(&ua, &from, buf, sizeof buf, &n), NET_ERR_EMPTY);
    assert_int_equal(ia.counters.frag_tx + ib.counters.frag_tx, 0);
}

static void udp_large_datagram_fragmented(void **state)
{
    (void)state;
    two_ifaces();
    net_udp_init(&ua, &NET_RING_STORAGE(ma_rx, da_rx), &NET_RING_STORAGE(ma_tx, da_tx));
    net_udp_init(&ub, &NET_RING_STORAGE(mb_rx, db_rx), &NET_RING_STORAGE(mb_tx, db_tx));
    assert_int_equal(net_udp_bind(&ia, &ua, 1000), NET_OK);
    assert_int_equal(net_udp_bind(&ib, &ub, 2000), NET_OK);
    static uint8_t big[4000], buf[4000];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)(i * 13);
    struct net_endpoint to_b = {IP_B, 2000}, from;
    /* the neighbour is unknown: a datagram needing fragments waits in the ring for ARP */
    assert_int_equal(net_udp_send_to(&ua, &to_b, big, sizeof big), NET_OK);
    settle();
    size_t n;
    assert_int_equal(net_udp_recv_from(&ub, &from, buf, sizeof buf, &n), NET_OK);
    assert_int_equal(n, 4000);
    assert_memory_equal(buf, big, 4000);
    assert_int_equal(ia.counters.frag_tx, 3);
    assert_int_equal(ib.counters.reasm_ok, 1);
}

static void udp_limits(void **state)
{
    (void)state;
    two_ifaces();
    static struct net_pkt_meta m1[2];
    static uint8_t d1[64];
    net_udp_init(&ua, &NET_RING_STORAGE(m1, d1), &NET_RING_STORAGE(ma_tx, da_tx));
    net_udp_init(&ub, &NET_RING_STORAGE(mb_rx, db_rx), &NET_RING_STORAGE(mb_tx, db_tx));
    struct net_endpoint to = {IP_A, 9};
    assert_int_equal(net_udp_send_to(&ua, &to, "x", 1), NET_ERR_NOT_BOUND);
    assert_int_equal(net_udp_bind(&ia, &ua, 9), NET_OK);
    assert_int_equal(net_udp_bind(&ib, &ub, 10), NET_OK);
    struct net_endpoint bad = {IP_B, 0};
    assert_int_equal(net_udp_send_to(&ub, &bad, "x", 1), NET_ERR_INVALID);
    assert_int_equal(net_udp_send_to(&ub, &to, da_tx, 8192), NET_ERR_TOO_BIG);
    /* three datagrams at a socket with room for two: the third is dropped and counted */
    for (int i = 0; i < 3; i++)
        assert_int_equal(net_udp_send_to(&ub, &to, "abcdefgh", 8), NET_OK);
    settle();
    assert_int_equal(ua.rx_dropped, 1);
    assert_int_equal(ia.counters.drops[NET_DROP_UDP_SOCKET_FULL], 1);
    char small[4];
    size_t n;
    struct net_endpoint from;
    assert_int_equal(net_udp_recv_from(&ua, &from, small, sizeof small, &n), NET_ERR_TRUNCATED);
    assert_int_equal(n, 4);
    assert_memory_equal(small, "abcd", 4);
    /* a full transmit ring refuses */
    static struct net_pkt_meta m2[1];
    static uint8_t d2[32];
    static struct net_udp_socket tiny;
    net_udp_init(&tiny, NULL, &NET_RING_STORAGE(m2, d2));
    assert_int_equal(net_udp_bind(&ib, &tiny, 11), NET_OK);
    assert_true(net_udp_can_send(&tiny, 24));
    assert_int_equal(net_udp_send_to(&tiny, &to, "1", 1), NET_OK);
    assert_false(net_udp_can_send(&tiny, 1));
    assert_int_equal(net_udp_send_to(&tiny, &to, "2", 1), NET_ERR_FULL);
    net_udp_close(&tiny);
    assert_int_equal(net_udp_bind(&ib, &tiny, 11), NET_OK); /* the port is free again */
    net_udp_close(&tiny);
}

static struct net_pkt_meta pm_rx[4], pm_tx[4];
static uint8_t pd_rx[8192], pd_tx[8192];
static struct net_icmp_socket ping;

static void icmp_socket_pings(void **state)
{
    (void)state;
    two_ifaces();
    net_icmp_init(&ping, &NET_RING_STORAGE(pm_rx, pd_rx), &NET_RING_STORAGE(pm_tx, pd_tx));
    assert_int_equal(net_icmp_send_echo(&ping, IP_B, 1, "x", 1), NET_ERR_NOT_BOUND);
    assert_int_equal(net_icmp_bind(&ia, &ping, 0), NET_OK);
    assert_int_not_equal(net_icmp_ident(&ping), 0);
    for (uint16_t seq = 1; seq <= 3; seq++)
        assert_int_equal(net_icmp_send_echo(&ping, IP_B, seq, "payload", 7), NET_OK);
    settle();
    for (uint16_t seq = 1; seq <= 3; seq++) {
        net_ip4 from;
        uint16_t got_seq;
        char data[16];
        size_t n;
        assert_int_equal(net_icmp_recv_echo(&ping, &from, &got_seq, data, sizeof data, &n),
                         NET_OK);
        assert_int_equal(from, IP_B);
        assert_int_equal(got_seq, seq);
        assert_int_equal(n, 7);
        assert_memory_equal(data, "payload", 7);
    }
    assert_false(net_icmp_can_recv(&ping));
    /* a 4000-byte ping: fragmented both ways, reassembled both ways */
    static uint8_t big[4000], back[4000];
    memset(big, 0x5a, sizeof big);
    assert_int_equal(net_icmp_send_echo(&ping, IP_B, 9, big, sizeof big), NET_OK);
    settle();
    net_ip4 from;
    uint16_t seq;
    size_t n;
    assert_int_equal(net_icmp_recv_echo(&ping, &from, &seq, back, sizeof back, &n), NET_OK);
    assert_int_equal(n, 4000);
    assert_memory_equal(back, big, 4000);
    assert_int_equal(ib.counters.reasm_ok, 1);
    assert_int_equal(ia.counters.reasm_ok, 1);
    /* replies with someone else's identifier are not ours */
    struct net_icmp_socket other;
    net_icmp_init(&other, NULL, NULL);
    assert_int_equal(net_icmp_bind(&ia, &other, net_icmp_ident(&ping)), NET_ERR_IN_USE);
    net_icmp_close(&ping);
    assert_int_equal(net_icmp_bind(&ia, &ping, 0), NET_OK);
}

/* ---- address helpers ---- */

static void addresses_parse_and_format(void **state)
{
    (void)state;
    net_ip4 a;
    uint8_t p;
    struct net_mac m;
    char buf[NET_MAC_STR_MAX];
    assert_true(net_ip4_parse("192.168.1.20", &a));
    assert_int_equal(a, NET_IP4(192, 168, 1, 20));
    assert_string_equal(net_ip4_format(a, buf, sizeof buf), "192.168.1.20");
    assert_string_equal(net_ip4_format(NET_IP4_BROADCAST, buf, sizeof buf), "255.255.255.255");
    const char *bad[] = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", "a.b.c.d",
                         "1..2.3", "-1.2.3.4", "1.2.3.1000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(net_ip4_parse(bad[i], &a));
    assert_true(net_ip4_parse_cidr("10.0.0.2/24", &a, &p));
    assert_int_equal(a, NET_IP4(10, 0, 0, 2));
    assert_int_equal(p, 24);
    assert_false(net_ip4_parse_cidr("10.0.0.2/33", &a, &p));
    assert_false(net_ip4_parse_cidr("10.0.0.2", &a, &p));
    assert_false(net_ip4_parse_cidr("10.0.0.2/", &a, &p));
    assert_true(net_mac_parse("02:00:5E:10:00:01", &m));
    assert_string_equal(net_mac_format(&m, buf, sizeof buf), "02:00:5e:10:00:01");
    assert_true(net_mac_parse("02-00-5e-10-00-01", &m));
    assert_false(net_mac_parse("02:00:5e:10:00", &m));
    assert_false(net_mac_parse("02:00:5e:10:00:01:", &m));
    assert_false(net_mac_parse("02:00-5e:10:00:01", &m));
    assert_false(net_mac_parse("0g:00:5e:10:00:01", &m));
    assert_int_equal(net_ip4_mask(0), 0);
    assert_int_equal(net_ip4_mask(24), 0xffffff00u);
    assert_int_equal(net_ip4_mask(32), 0xffffffffu);
    struct net_mac g = net_mac_from_ip4_multicast(NET_IP4(239, 255, 255, 250));
    const struct net_mac want = {{0x01, 0x00, 0x5e, 0x7f, 0xff, 0xfa}};
    assert_true(net_mac_equal(&g, &want));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ring_wraps_and_skips),
        cmocka_unit_test(ring_random_against_model),
        cmocka_unit_test(udp_exchange),
        cmocka_unit_test(udp_large_datagram_fragmented),
        cmocka_unit_test(udp_limits),
        cmocka_unit_test(icmp_socket_pings),
        cmocka_unit_test(addresses_parse_and_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
