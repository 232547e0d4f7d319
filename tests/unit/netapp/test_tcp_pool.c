/* netapp's TCP listening pool and echo loops between two of our own stacks (the TCP tests' duo
 * harness: A is the clients' side, B the server's): several clients at once, the first on
 * conns[0], a SYN beyond the backlog left for the client to retry, a socket listening again once its connection
 * ended (closed by the pool after the peer's FIN), a service that aborts; UDP echo of empty,
 * one-byte and full-size datagrams. */
#include <string.h>

#include "harness.h"
#include "netapp/echo.h"
#include "netapp/tcp_pool.h"

#define PORT 1234
#define SERVERS 2
#define CLIENTS 3
#define BUF 4096

static struct netapp_tcp_conn conns[SERVERS];
static uint8_t server_buf[SERVERS][2][BUF];
static struct netapp_tcp_pool pool;
static struct net_tcp_socket client[CLIENTS];
static uint8_t client_buf[CLIENTS][2][BUF];

/* What the service saw. */
static struct {
    unsigned opened;
    unsigned opened_index[8];
    size_t echoed;
    bool abort_on_x;
} seen;

static void opened(void *ctx, unsigned i, struct net_tcp_socket *s, uint64_t now_us)
{
    (void)ctx, (void)s, (void)now_us;
    if (seen.opened < 8)
        seen.opened_index[seen.opened] = i;
    seen.opened++;
}

static bool serve(void *ctx, unsigned i, struct net_tcp_socket *s, uint64_t now_us)
{
    (void)ctx, (void)i, (void)now_us;
    size_t n;
    const uint8_t *p = net_tcp_recv_peek(s, &n);
    if (seen.abort_on_x && p && p[0] == 'x') {
        net_tcp_abort(s);
        return true;
    }
    size_t moved = netapp_tcp_echo(s);
    seen.echoed += moved;
    return moved > 0;
}

static const struct netapp_tcp_service service = {opened, serve};

static enum d_action pass_all(int dir, uint32_t n, const uint8_t *f, size_t len)
{
    (void)dir, (void)n, (void)f, (void)len;
    return D_PASS;
}

static void setup(void)
{
    d_setup(NULL, pass_all);
    memset(&seen, 0, sizeof seen);
    for (unsigned i = 0; i < SERVERS; i++)
        net_tcp_socket_init(&conns[i].sock, &d_b.tcp, server_buf[i][0], BUF, server_buf[i][1],
                            BUF);
    pool = (struct netapp_tcp_pool){.name = "echo", .port = PORT, .conns = conns, .count = SERVERS};
    assert_true(netapp_tcp_pool_listen(&pool));
    for (unsigned k = 0; k < CLIENTS; k++)
        net_tcp_socket_init(&client[k], &d_a.tcp, client_buf[k][0], BUF, client_buf[k][1], BUF);
}

static void connect_client(unsigned k)
{
    struct net_endpoint to = {T_IP_US, PORT};
    assert_int_equal(net_tcp_connect(&client[k], &to, 0), NET_OK);
}

/* d_run's step: the server's pool runs, then the condition is checked. */
struct cond {
    bool (*fn)(void);
};

static bool pool_step(void *ctx)
{
    netapp_tcp_pool_run(&pool, &service, NULL, d_now);
    return ((const struct cond *)ctx)->fn();
}

/* A macro, so a failure names the condition and the line that waited for it. */
#define run_until(cond_fn)                                                                         \
    do {                                                                                           \
        struct cond c_ = {cond_fn};                                                                \
        if (!d_run(pool_step, &c_, 30 * T_SEC))                                                    \
            fail_msg("%s never held: pool.open %u, clients %s %s %s, servers %s %s", #cond_fn,   \
                     pool.open, net_tcp_state_str(net_tcp_state(&client[0])),                     \
                     net_tcp_state_str(net_tcp_state(&client[1])),                                \
                     net_tcp_state_str(net_tcp_state(&client[2])),                                \
                     net_tcp_state_str(net_tcp_state(&conns[0].sock)),                            \
                     net_tcp_state_str(net_tcp_state(&conns[1].sock)));                           \
    } while (0)

static bool first_open(void)
{
    return pool.open == 1 && net_tcp_is_established(&client[0]);
}

static bool two_open(void)
{
    return pool.open == 2 && net_tcp_is_established(&client[0]) &&
           net_tcp_is_established(&client[1]);
}

static char got[CLIENTS][64];
static size_t got_len[CLIENTS];

static bool echoed(unsigned k, size_t want)
{
    got_len[k] += net_tcp_recv(&client[k], got[k] + got_len[k], sizeof got[k] - got_len[k]);
    return got_len[k] >= want;
}

static bool both_echoed(void)
{
    bool a = echoed(0, 5), b = echoed(1, 3);
    return a && b;
}

static bool third_open(void)
{
    return net_tcp_is_established(&client[2]);
}

static bool first_gone(void)
{
    enum net_tcp_state st = net_tcp_state(&client[0]);
    /* conns[0] listens again, or already took the waiting client's next SYN */
    return (st == NET_TCP_TIME_WAIT || st == NET_TCP_CLOSED) &&
           (net_tcp_state(&conns[0].sock) == NET_TCP_LISTEN || pool.accepted == 3);
}

static bool third_echoed(void)
{
    return pool.open == 2 && echoed(2, 4);
}

static void test_serves_several_clients_and_listens_again(void **state)
{
    (void)state;
    setup();
    memset(got_len, 0, sizeof got_len);
    connect_client(0);
    run_until(first_open);
    connect_client(1);
    run_until(two_open);
    /* the first client took conns[0] (it listened last), the second conns[1] */
    assert_int_equal(seen.opened, 2);
    assert_int_equal(seen.opened_index[0], 0);
    assert_int_equal(seen.opened_index[1], 1);
    assert_int_equal(pool.accepted, 2);

    assert_int_equal(net_tcp_send(&client[0], "hello", 5), 5);
    assert_int_equal(net_tcp_send(&client[1], "abc", 3), 3);
    run_until(both_echoed);
    assert_memory_equal(got[0], "hello", 5);
    assert_memory_equal(got[1], "abc", 3);
    assert_int_equal(seen.echoed, 8);

    /* Both sockets are busy: a third client's SYN finds nobody listening and is dropped (as
     * Linux does with a full backlog), so the client tries again later. */
    connect_client(2);
    assert_int_equal(net_tcp_send(&client[2], "next", 4), 4);
    assert_false(d_run(pool_step, &(struct cond){third_open}, 2 * T_SEC));
    assert_int_equal(net_tcp_state(&client[2]), NET_TCP_SYN_SENT);
    assert_true(net_tcp_counters(&d_b.tcp)->syn_no_listener >= 1);

    /* The first client closes: the pool closes its side after the FIN, then listens again. */
    net_tcp_close(&client[0]);
    run_until(first_gone);
    assert_int_equal(net_tcp_error(&client[0]), NET_TCP_ERR_NONE);

    /* and the freed socket takes the waiting client at its next SYN */
    run_until(third_echoed);
    assert_memory_equal(got[2], "next", 4);
    assert_int_equal(seen.opened_index[2], 0);
    assert_int_equal(pool.accepted, 3);
}

static bool first_reset(void)
{
    return net_tcp_state(&client[0]) == NET_TCP_CLOSED && pool.open == 0 &&
           net_tcp_state(&conns[0].sock) == NET_TCP_LISTEN;
}

static void test_a_service_may_abort(void **state)
{
    (void)state;
    setup();
    seen.abort_on_x = true;
    connect_client(0);
    run_until(first_open);
    assert_int_equal(net_tcp_send(&client[0], "x", 1), 1);
    run_until(first_reset);
    assert_int_equal(net_tcp_error(&client[0]), NET_TCP_ERR_RESET);
    assert_int_equal(seen.echoed, 0);
}

/* ---- UDP echo ---- */

static struct net_udp_socket ua, ub;
static struct net_pkt_meta ua_rx_meta[4], ua_tx_meta[4], ub_rx_meta[4], ub_tx_meta[4];
static uint8_t ua_rx[8192], ua_tx[8192], ub_rx[8192], ub_tx[8192];
static size_t udp_count, udp_bytes;

static bool udp_step(void *ctx)
{
    (void)ctx;
    size_t bytes = 0;
    udp_count += netapp_udp_echo(&ub, &bytes);
    udp_bytes += bytes;
    return net_udp_can_recv(&ua) && udp_count == 3;
}

static void test_udp_echo(void **state)
{
    (void)state;
    d_setup(NULL, pass_all);
    net_udp_init(&ua, &NET_RING_STORAGE(ua_rx_meta, ua_rx), &NET_RING_STORAGE(ua_tx_meta, ua_tx));
    net_udp_init(&ub, &NET_RING_STORAGE(ub_rx_meta, ub_rx), &NET_RING_STORAGE(ub_tx_meta, ub_tx));
    assert_int_equal(net_udp_bind(&d_a.iface, &ua, 5000), NET_OK);
    assert_int_equal(net_udp_bind(&d_b.iface, &ub, PORT), NET_OK);
    static uint8_t big[1472];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)(i * 13u + 1u);
    struct net_endpoint to = {T_IP_US, PORT};
    assert_int_equal(net_udp_send_to(&ua, &to, "", 0), NET_OK);
    assert_int_equal(net_udp_send_to(&ua, &to, "z", 1), NET_OK);
    assert_int_equal(net_udp_send_to(&ua, &to, big, sizeof big), NET_OK);
    udp_count = udp_bytes = 0;
    assert_true(d_run(udp_step, NULL, 10 * T_SEC));
    assert_int_equal(udp_bytes, 1 + sizeof big);
    /* all three came back to A, in order and intact */
    static uint8_t buf[2048];
    const size_t want[] = {0, 1, sizeof big};
    for (size_t k = 0; k < 3; k++) {
        /* the later ones may still be on their way */
        d_run(udp_step, NULL, 1 * T_SEC);
        struct net_endpoint from;
        size_t len = 0;
        assert_int_equal(net_udp_recv_from(&ua, &from, buf, sizeof buf, &len), NET_OK);
        assert_int_equal(len, want[k]);
        assert_int_equal(from.addr, T_IP_US);
        assert_int_equal(from.port, PORT);
        if (k == 1)
            assert_int_equal(buf[0], 'z');
        if (k == 2)
            assert_memory_equal(buf, big, sizeof big);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_serves_several_clients_and_listens_again),
        cmocka_unit_test(test_a_service_may_abort),
        cmocka_unit_test(test_udp_echo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
