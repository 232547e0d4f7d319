/* DNS client against a scripted server on the pipe (answers captured from dnsmasq). */
#include <string.h>

#include "captures.h"
#include "harness.h"
#include "net/dns.h"
#include "net/wire/bytes.h"

#define DNS1 H_IP_PEER
#define DNS2 NET_IP4(10, 0, 0, 3)

static struct net_dns_client dns;
static uint8_t frame[H_FRAME_MAX];
static int wakes;

static void waker(void *ctx, uint32_t ev)
{
    (void)ctx;
    if (ev & NET_EV_STATE)
        wakes++;
}

static void start(void)
{
    h_setup(true);
    struct net_mac m1 = H_MAC_PEER, m2 = {{2, 0, 0, 0, 0, 3}};
    net_iface_add_neighbor(&h_iface, DNS1, &m1);
    net_iface_add_neighbor(&h_iface, DNS2, &m2);
    assert_int_equal(net_dns_init(&dns, &h_iface), NET_OK);
    const net_ip4 servers[] = {DNS1, 0, DNS2};
    net_dns_set_servers(&dns, servers, 3);
    assert_int_equal(dns.server_count, 2);
    net_dns_set_waker(&dns, waker, NULL);
    wakes = 0;
}

struct query {
    net_ip4 server;
    uint16_t port; /* the client's */
    uint16_t id;
    char name[NET_DNS_NAME_TEXT_MAX];
};

static void expect_query(struct query *q)
{
    size_t n = h_recv(frame, sizeof frame);
    assert_true(n > 0);
    struct net_eth_repr eth;
    struct net_ipv4_repr ip;
    h_parse_ipv4(frame, n, &eth, &ip);
    struct net_udp_repr udp;
    assert_int_equal(net_udp_parse(ip.payload, ip.payload_len, ip.src, ip.dst, true, &udp),
                     NET_WIRE_OK);
    assert_int_equal(udp.dst_port, 53);
    struct net_dns_header h;
    assert_int_equal(net_dns_parse_header(udp.payload, udp.payload_len, &h), NET_WIRE_OK);
    assert_int_equal(h.flags, NET_DNS_FLAG_RD);
    assert_int_equal(h.qdcount, 1);
    struct net_dns_question qu;
    size_t next;
    assert_int_equal(net_dns_parse_question(udp.payload, udp.payload_len, 12, &qu, &next),
                     NET_WIRE_OK);
    assert_int_equal(qu.type, NET_DNS_TYPE_A);
    assert_int_equal(net_dns_read_name(udp.payload, udp.payload_len, 12, q->name, sizeof q->name),
                     NET_WIRE_OK);
    q->server = ip.dst;
    q->port = udp.src_port;
    q->id = h.id;
}

/* A response (given bytes, id replaced) from server to the client's port. */
static void answer(const struct query *q, net_ip4 from, const uint8_t *msg, size_t len)
{
    uint8_t m[600];
    memcpy(m, msg, len);
    net_put16(m, q->id);
    size_t n = h_udp_frame(frame, from, 53, H_IP_US, q->port, m, len);
    h_send(frame, n);
}

static void resolves_captured_answer(void **state)
{
    (void)state;
    start();
    int handle;
    assert_int_equal(net_dns_start(&dns, "broker.lan", &handle), NET_OK);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), h_now);
    h_poll();
    struct query q;
    expect_query(&q);
    assert_int_equal(q.server, DNS1);
    assert_string_equal(q.name, "broker.lan");
    assert_int_equal(net_dns_result(&dns, handle, NULL, 0, NULL, NULL), NET_DNS_PENDING);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), h_now + NET_DNS_TIMEOUT_US);
    answer(&q, DNS1, cap_dns_a, sizeof cap_dns_a);
    assert_int_equal(wakes, 1);
    net_ip4 a[4];
    size_t n;
    uint32_t ttl = 99;
    assert_int_equal(net_dns_result(&dns, handle, a, 4, &n, &ttl), NET_DNS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(a[0], NET_IP4(10, 9, 0, 5));
    assert_int_equal(ttl, 0);
    /* read once: the slot is free again */
    assert_int_equal(net_dns_result(&dns, handle, a, 4, &n, NULL), NET_DNS_NO_QUERY);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), UINT64_MAX);
}

static void follows_captured_cname(void **state)
{
    (void)state;
    start();
    int handle;
    assert_int_equal(net_dns_start(&dns, "mqtt.lan", &handle), NET_OK);
    h_poll();
    struct query q;
    expect_query(&q);
    answer(&q, DNS1, cap_dns_cname, sizeof cap_dns_cname);
    net_ip4 a[4];
    size_t n;
    assert_int_equal(net_dns_result(&dns, handle, a, 4, &n, NULL), NET_DNS_OK);
    assert_int_equal(n, 2);
    assert_int_equal(a[0], NET_IP4(10, 9, 0, 6));
}

static void retries_across_servers_then_fails(void **state)
{
    (void)state;
    start();
    int handle;
    assert_int_equal(net_dns_start(&dns, "broker.lan", &handle), NET_OK);
    h_poll();
    uint64_t sent = h_now, timeout = NET_DNS_TIMEOUT_US;
    uint16_t id = 0;
    for (int round = 0; round < NET_DNS_ROUNDS; round++) {
        for (int s = 0; s < 2; s++) {
            struct query q;
            expect_query(&q);
            assert_int_equal(q.server, s == 0 ? DNS1 : DNS2);
            if (round == 0 && s == 0)
                id = q.id;
            assert_int_equal(q.id, id); /* a late answer from an earlier server still counts */
            assert_int_equal(h_pending(), 0);
            assert_int_equal(net_iface_poll_at(&h_iface, h_now), sent + timeout);
            h_now = sent + timeout;
            h_poll();
            sent = h_now;
        }
        timeout *= 2;
    }
    assert_int_equal(h_pending(), 0);
    assert_int_equal(net_dns_result(&dns, handle, NULL, 0, NULL, NULL), NET_DNS_FAILED);
    assert_int_equal(wakes, 1);
}

static void refused_moves_on_nxdomain_is_final(void **state)
{
    (void)state;
    start();
    int handle;
    assert_int_equal(net_dns_start(&dns, "nothere.lan", &handle), NET_OK);
    h_poll();
    struct query q;
    expect_query(&q);
    answer(&q, DNS1, cap_dns_refused, sizeof cap_dns_refused);
    /* REFUSED: the next server is asked at once */
    expect_query(&q);
    assert_int_equal(q.server, DNS2);
    uint8_t nx[sizeof cap_dns_refused];
    memcpy(nx, cap_dns_refused, sizeof nx);
    nx[3] = (uint8_t)((nx[3] & 0xf0) | NET_DNS_RCODE_NXDOMAIN);
    answer(&q, DNS2, nx, sizeof nx);
    assert_int_equal(net_dns_result(&dns, handle, NULL, 0, NULL, NULL), NET_DNS_NOT_FOUND);
    assert_int_equal(h_pending(), 0);
}

static void ignores_what_is_not_the_answer(void **state)
{
    (void)state;
    start();
    int handle;
    assert_int_equal(net_dns_start(&dns, "broker.lan", &handle), NET_OK);
    h_poll();
    struct query q;
    expect_query(&q);
    struct query wrong = q;
    wrong.id++;
    answer(&wrong, DNS1, cap_dns_a, sizeof cap_dns_a);            /* another id */
    answer(&q, NET_IP4(10, 0, 0, 66), cap_dns_a, sizeof cap_dns_a); /* not our server */
    answer(&q, DNS1, cap_dns_cname, sizeof cap_dns_cname);        /* another question */
    answer(&q, DNS1, cap_dns_a, 20);                              /* truncated */
    assert_int_equal(net_dns_result(&dns, handle, NULL, 0, NULL, NULL), NET_DNS_PENDING);
    answer(&q, DNS1, cap_dns_a, sizeof cap_dns_a);
    assert_int_equal(net_dns_result(&dns, handle, NULL, 0, NULL, NULL), NET_DNS_OK);
}

static void starting_queries(void **state)
{
    (void)state;
    start();
    int h1, h2, h3;
    net_ip4 a[2];
    size_t n;
    /* an address needs no server */
    assert_int_equal(net_dns_start(&dns, "10.1.2.3", &h1), NET_OK);
    assert_int_equal(net_dns_result(&dns, h1, a, 2, &n, NULL), NET_DNS_OK);
    assert_int_equal(n, 1);
    assert_int_equal(a[0], NET_IP4(10, 1, 2, 3));
    h_poll();
    assert_int_equal(h_pending(), 0);
    assert_int_equal(net_dns_start(&dns, "bad..name", &h1), NET_ERR_INVALID);
    assert_int_equal(net_dns_start(&dns, "", &h1), NET_ERR_INVALID);
    assert_int_equal(net_dns_start(&dns, "a.lan", &h1), NET_OK);
    assert_int_equal(net_dns_start(&dns, "b.lan", &h2), NET_OK);
    assert_int_equal(net_dns_start(&dns, "c.lan", &h3), NET_ERR_FULL);
    net_dns_cancel(&dns, h1);
    assert_int_equal(net_dns_start(&dns, "c.lan", &h3), NET_OK);
    net_dns_set_servers(&dns, NULL, 0);
    net_dns_cancel(&dns, h2);
    assert_int_equal(net_dns_start(&dns, "d.lan", &h2), NET_ERR_NO_ROUTE);
    h_poll(); /* c.lan has no server left: fails */
    assert_int_equal(net_dns_result(&dns, h3, a, 2, &n, NULL), NET_DNS_FAILED);
    net_dns_close(&dns);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), UINT64_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(resolves_captured_answer),
        cmocka_unit_test(follows_captured_cname),
        cmocka_unit_test(retries_across_servers_then_fails),
        cmocka_unit_test(refused_moves_on_nxdomain_is_final),
        cmocka_unit_test(ignores_what_is_not_the_answer),
        cmocka_unit_test(starting_queries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
