/* The state machine by crafted segments: the test plays the peer against one socket, in every
 * state, and checks each answer field by field (RFC 9293 3.10, RFC 5961, RFC 7323). */
#include <string.h>

#include "harness.h"
#include "net/wire/ethernet.h"
#include "net/wire/ipv4.h"

#define PEER_PORT 40000
#define OUR_PORT 80
#define PEER_ISN 1000u

static struct net_tcp_socket s;
static uint8_t rxb[4096], txb[4096];
static struct t_events ev;
static uint32_t iss; /* ours, from the SYN-ACK or SYN */

static int setup(void **state)
{
    (void)state;
    t_setup(NULL);
    net_tcp_socket_init(&s, &t_tcp, rxb, sizeof rxb, txb, sizeof txb);
    memset(&ev, 0, sizeof ev);
    net_tcp_set_waker(&s, t_waker, &ev);
    return 0;
}

static struct net_tcp_repr seg(uint8_t flags, uint32_t seq, uint32_t ack)
{
    return (struct net_tcp_repr){.src_port = PEER_PORT,
                                 .dst_port = OUR_PORT,
                                 .seq = seq,
                                 .ack = ack,
                                 .flags = flags,
                                 .window = 65535};
}

static void send_seg(uint8_t flags, uint32_t seq, uint32_t ack, const char *data)
{
    struct net_tcp_repr r = seg(flags, seq, ack);
    t_send(&r, data, data ? strlen(data) : 0);
}

/* listen, SYN (MSS 1460 only), SYN-ACK checked, ACK: ESTABLISHED. */
static void establish(void)
{
    assert_int_equal(net_tcp_listen(&s, OUR_PORT), NET_OK);
    assert_int_equal(net_tcp_state(&s), NET_TCP_LISTEN);
    struct net_tcp_repr syn = seg(NET_TCP_SYN, PEER_ISN, 0);
    syn.mss = 1460;
    t_send(&syn, NULL, 0);
    struct net_tcp_repr sa = t_expect();
    assert_int_equal(sa.flags, NET_TCP_SYN | NET_TCP_ACK);
    assert_int_equal(sa.ack, PEER_ISN + 1);
    assert_int_equal(sa.src_port, OUR_PORT);
    assert_int_equal(sa.dst_port, PEER_PORT);
    assert_int_equal(sa.mss, 1460);
    assert_false(sa.has_wscale); /* the peer offered none */
    assert_false(sa.sack_permitted);
    assert_false(sa.has_timestamp);
    assert_int_equal(sa.window, sizeof rxb);
    iss = sa.seq;
    assert_int_equal(net_tcp_state(&s), NET_TCP_SYN_RECEIVED);
    assert_int_equal(ev.all, 0); /* half-open connections are not the task's business */
    send_seg(NET_TCP_ACK, PEER_ISN + 1, iss + 1, NULL);
    assert_int_equal(net_tcp_state(&s), NET_TCP_ESTABLISHED);
    assert_true(ev.all & NET_EV_STATE);
    t_expect_nothing();
    memset(&ev, 0, sizeof ev);
}

static void test_passive_handshake(void **state)
{
    (void)state;
    establish();
    assert_int_equal(net_tcp_counters(&t_tcp)->conn_passive, 1);
    struct net_endpoint r = net_tcp_remote(&s);
    assert_int_equal(r.addr, T_IP_PEER);
    assert_int_equal(r.port, PEER_PORT);
    assert_int_equal(net_tcp_local(&s).addr, T_IP_US);
}

static void test_handshake_options(void **state)
{
    (void)state;
    static uint8_t big_rx[256 * 1024];
    net_tcp_socket_init(&s, &t_tcp, big_rx, sizeof big_rx, txb, sizeof txb);
    net_tcp_listen(&s, OUR_PORT);
    struct net_tcp_repr syn = seg(NET_TCP_SYN, PEER_ISN, 0);
    syn.mss = 1200;
    syn.has_wscale = true;
    syn.wscale = 7;
    syn.sack_permitted = true;
    syn.has_timestamp = true;
    syn.ts_val = 5000;
    t_send(&syn, NULL, 0);
    struct net_tcp_repr sa = t_expect();
    assert_true(sa.has_wscale);
    assert_int_equal(sa.wscale, 3); /* 256 KiB >> 3 fits 16 bits, >> 2 does not */
    assert_true(sa.sack_permitted);
    assert_true(sa.has_timestamp);
    assert_int_equal(sa.ts_ecr, 5000);
    assert_int_equal(sa.window, 65535); /* a SYN's window is never scaled */
    iss = sa.seq;
    struct net_tcp_repr ack = seg(NET_TCP_ACK, PEER_ISN + 1, iss + 1);
    ack.window = 100; /* scaled by 7: 12800 */
    ack.has_timestamp = true;
    ack.ts_val = 5001;
    ack.ts_ecr = sa.ts_val;
    t_send(&ack, NULL, 0);
    assert_int_equal(net_tcp_state(&s), NET_TCP_ESTABLISHED);
    assert_int_equal(s.snd_wnd, 100u << 7);
    assert_int_equal(s.mss, 1200);
    /* data goes out in segments of MSS minus the timestamp option */
    static uint8_t data[3000];
    net_tcp_set_nodelay(&s, true);
    assert_int_equal(net_tcp_send(&s, data, sizeof data), sizeof data);
    t_poll();
    struct net_tcp_repr d = t_expect();
    assert_int_equal(d.payload_len, 1200 - 12);
    assert_true(d.has_timestamp);
    assert_int_equal(d.ts_ecr, 5001);
    /* our window field is scaled by our shift */
    assert_int_equal(d.window, (sizeof big_rx) >> 3);
}

static void test_syn_to_closed_port(void **state)
{
    (void)state;
    send_seg(NET_TCP_SYN, 777, 0, NULL);
    struct net_tcp_repr r = t_expect();
    assert_int_equal(r.flags, NET_TCP_RST | NET_TCP_ACK);
    assert_int_equal(r.seq, 0);
    assert_int_equal(r.ack, 778);
    assert_int_equal(net_tcp_counters(&t_tcp)->rx_no_socket, 1);
    /* with data and FIN the ACK covers all of it */
    send_seg(NET_TCP_SYN | NET_TCP_FIN, 777, 0, "abc");
    r = t_expect();
    assert_int_equal(r.ack, 777 + 3 + 2);
}

static void test_ack_to_closed_port_and_listener(void **state)
{
    (void)state;
    send_seg(NET_TCP_ACK, 5, 4242, NULL);
    struct net_tcp_repr r = t_expect();
    assert_int_equal(r.flags, NET_TCP_RST);
    assert_int_equal(r.seq, 4242);
    net_tcp_listen(&s, OUR_PORT);
    send_seg(NET_TCP_ACK, 5, 999, NULL);
    r = t_expect();
    assert_int_equal(r.flags, NET_TCP_RST);
    assert_int_equal(r.seq, 999);
    assert_int_equal(net_tcp_state(&s), NET_TCP_LISTEN);
    /* a RST is never answered, in LISTEN nor for a closed port */
    send_seg(NET_TCP_RST, 5, 0, NULL);
    send_seg(NET_TCP_RST | NET_TCP_ACK, 5, 9, NULL);
    t_expect_nothing();
}

static void test_active_open(void **state)
{
    (void)state;
    struct net_endpoint peer = {T_IP_PEER, PEER_PORT};
    assert_int_equal(net_tcp_connect(&s, &peer, 0), NET_OK);
    uint16_t port = net_tcp_local(&s).port;
    assert_true(port >= 49152);
    assert_int_equal(net_tcp_state(&s), NET_TCP_SYN_SENT);
    t_poll();
    struct net_tcp_repr syn = t_expect();
    assert_int_equal(syn.flags, NET_TCP_SYN);
    assert_int_equal(syn.src_port, port);
    assert_true(syn.has_wscale);
    assert_true(syn.sack_permitted);
    assert_true(syn.has_timestamp);
    assert_int_equal(syn.ts_ecr, 0);
    assert_int_equal(syn.mss, 1460);
    iss = syn.seq;
    struct net_tcp_repr sa = {.src_port = PEER_PORT,
                              .dst_port = port,
                              .seq = 9000,
                              .ack = iss + 1,
                              .flags = NET_TCP_SYN | NET_TCP_ACK,
                              .window = 30000,
                              .mss = 1000};
    t_send(&sa, NULL, 0);
    assert_int_equal(net_tcp_state(&s), NET_TCP_ESTABLISHED);
    assert_true(ev.all & NET_EV_STATE);
    assert_true(ev.all & NET_EV_TX);
    struct net_tcp_repr ack = t_expect();
    assert_int_equal(ack.flags, NET_TCP_ACK);
    assert_int_equal(ack.seq, iss + 1);
    assert_int_equal(ack.ack, 9001);
    assert_false(ack.has_timestamp); /* the peer did not answer with timestamps */
    assert_int_equal(s.mss, 1000);
    assert_int_equal(s.snd_wnd, 30000);
    assert_false(s.ws_ok);
    assert_int_equal(s.rcv_wscale, 0);
}

static void test_active_open_refused(void **state)
{
    (void)state;
    struct net_endpoint peer = {T_IP_PEER, PEER_PORT};
    net_tcp_connect(&s, &peer, 5555);
    t_poll();
    iss = t_expect().seq;
    struct net_tcp_repr rst = {.src_port = PEER_PORT, .dst_port = 5555, .seq = 0,
                               .ack = iss + 1, .flags = NET_TCP_RST | NET_TCP_ACK};
    /* a RST that does not acknowledge our SYN is not believed (RFC 5961 3.2) */
    rst.ack = iss + 7;
    t_send(&rst, NULL, 0);
    assert_int_equal(net_tcp_state(&s), NET_TCP_SYN_SENT);
    t_expect_nothing(); /* RST never answered */
    rst.ack = iss + 1;
    t_send(&rst, NULL, 0);
    assert_int_equal(net_tcp_state(&s), NET_TCP_CLOSED);
    assert_int_equal(net_tcp_error(&s), NET_TCP_ERR_REFUSED);
    assert_true(ev.all & NET_EV_ERROR);
}

static void test_syn_sent_bad_ack(void **state)
{
    (void)state;
    struct net_endpoint peer = {T_IP_PEER, PEER_PORT};
    net_tcp_connect(&s, &peer, 5555);
    t_poll();
    iss = t_expect().seq;
    struct net_tcp_repr sa = {.src_port = PEER_PORT, .dst_port = 5555, .seq = 9000,
                              .ack = iss + 50, .flags = NET_TCP_SYN | NET_TCP_ACK,
                              .window = 1000};
    t_send(&sa, NULL, 0);
    struct net_tcp_repr r = t_expect();
    assert_int_equal(r.flags, NET_TCP_RST);
    assert_int_equal(r.seq, iss + 50);
    assert_int_equal(net_tcp_state(&s), NET_TCP_SYN_SENT);
}

static void test_simultaneous_open(void **state)
{
    (void)state;
    struct net_endpoint peer = {T_IP_PEER, PEER_PORT};
    net_tcp_connect(&s, &peer, OUR_PORT);
    t_poll();
    iss = t_expect().seq;
    /* the peer's SYN crosses ours */
    struct net_tcp_repr syn = seg(NET_TCP_SYN, PEER_ISN, 0);
    syn.mss = 1460;
    t_send(&syn, NULL, 0);
    assert_int_equal(net_tcp_state(&s), NET_TCP_SYN_RECEIVED);
    struct net_tcp_repr sa = t_expect();
    assert_int_equal(sa.flags, NET_TCP_SYN | NET_TCP_ACK);
    assert_int_equal(sa.seq, iss);
    assert_int_equal(sa.ack, PEER_ISN + 1);
    /* then its SYN-ACK acknowledging ours */
    send_seg(NET_TCP_SYN | NET_TCP_ACK, PEER_ISN, iss + 1, NULL);
    assert_int_equal(net_tcp_state(&s), NET_TCP_ESTABLISHED);
}

static void test_in_order_data_and_delayed_ack(void **state)
{
    (void)state;
    establish();
    send_seg(NET_TCP_ACK | NET_TCP_PSH, PEER_ISN + 1, iss + 1, "hello");
    assert_true(ev.all & NET_EV_RX);
    assert_int_equal(net_tcp_recv_available(&s), 5);
    t_expect_nothing(); /* the ACK is delayed */
    t_wait(39 * T_MS);
    t_expect_nothing();
    t_wait(2 * T_MS);
    struct net_tcp_repr a = t_expect();
    assert_int_equal(a.ack, PEER_ISN + 6);
    char buf[16];
    assert_int_equal(net_tcp_recv(&s, buf, sizeof buf), 5);
    assert_memory_equal(buf, "hello", 5);
    /* a second segment right after the first: ACK at once (every second segment) */
    send_seg(NET_TCP_ACK, PEER_ISN + 6, iss + 1, "ab");
    t_expect_nothing();
    send_seg(NET_TCP_ACK, PEER_ISN + 8, iss + 1, "cd");
    a = t_expect();
    assert_int_equal(a.ack, PEER_ISN + 10);
    /* delayed ACK off: every segment */
    net_tcp_set_delayed_ack(&s, false);
    send_seg(NET_TCP_ACK, PEER_ISN + 10, iss + 1, "e");
    assert_int_equal(t_expect().ack, PEER_ISN + 11);
}

static void test_out_of_order_sack(void **state)
{
    (void)state;
    assert_int_equal(net_tcp_listen(&s, OUR_PORT), NET_OK);
    struct net_tcp_repr syn = seg(NET_TCP_SYN, PEER_ISN, 0);
    syn.sack_permitted = true;
    t_send(&syn, NULL, 0);
    iss = t_expect().seq;
    send_seg(NET_TCP_ACK, PEER_ISN + 1, iss + 1, NULL);
    assert_true(s.sack_ok);
    uint32_t base = PEER_ISN + 1;
    /* [10,20) arrives before [0,10): a duplicate ACK with one SACK block, at once */
    send_seg(NET_TCP_ACK, base + 10, iss + 1, "0123456789");
    struct net_tcp_repr a = t_expect();
    assert_int_equal(a.ack, base);
    assert_int_equal(a.sack_count, 1);
    assert_int_equal(a.sack[0].left, base + 10);
    assert_int_equal(a.sack[0].right, base + 20);
    assert_int_equal(net_tcp_recv_available(&s), 0);
    /* [30,40): two blocks, the newest first */
    send_seg(NET_TCP_ACK, base + 30, iss + 1, "abcdefghij");
    a = t_expect();
    assert_int_equal(a.sack_count, 2);
    assert_int_equal(a.sack[0].left, base + 30);
    assert_int_equal(a.sack[1].left, base + 10);
    /* the first hole filled: everything up to 20 acknowledged at once, one block left */
    send_seg(NET_TCP_ACK, base, iss + 1, "ABCDEFGHIJ");
    a = t_expect();
    assert_int_equal(a.ack, base + 20);
    assert_int_equal(a.sack_count, 1);
    assert_int_equal(a.sack[0].left, base + 30);
    char buf[64];
    assert_int_equal(net_tcp_recv(&s, buf, sizeof buf), 20);
    assert_memory_equal(buf, "ABCDEFGHIJ0123456789", 20);
    /* the last hole: all of it */
    send_seg(NET_TCP_ACK, base + 20, iss + 1, "klmnopqrst");
    a = t_expect();
    assert_int_equal(a.ack, base + 40);
    assert_int_equal(a.sack_count, 0);
    assert_int_equal(net_tcp_recv(&s, buf, sizeof buf), 20);
    assert_memory_equal(buf, "klmnopqrstabcdefghij", 20);
    assert_int_equal(net_tcp_counters(&t_tcp)->rx_ooo, 2);
}

static void test_fin_with_data_passive_close(void **state)
{
    (void)state;
    establish();
    send_seg(NET_TCP_ACK | NET_TCP_FIN, PEER_ISN + 1, iss + 1, "bye");
    assert_int_equal(net_tcp_state(&s), NET_TCP_CLOSE_WAIT);
    struct net_tcp_repr a = t_expect();
    assert_int_equal(a.ack, PEER_ISN + 5); /* data and FIN */
    assert_false(net_tcp_eof(&s));         /* data still to read */
    char buf[8];
    assert_int_equal(net_tcp_recv(&s, buf, sizeof buf), 3);
    assert_true(net_tcp_eof(&s));
    assert_true(net_tcp_may_send(&s)); /* half-closed: we may still send */
    assert_int_equal(net_tcp_send(&s, "ok", 2), 2);
    net_tcp_close(&s);
    assert_int_equal(net_tcp_state(&s), NET_TCP_LAST_ACK);
    assert_false(net_tcp_may_send(&s));
    t_poll();
    struct net_tcp_repr d = t_expect();
    assert_int_equal(d.flags & NET_TCP_FIN, NET_TCP_FIN); /* the FIN rides with the data */
    assert_int_equal(d.payload_len, 2);
    assert_int_equal(d.seq, iss + 1);
    send_seg(NET_TCP_ACK, PEER_ISN + 5, iss + 4, NULL);
    assert_int_equal(net_tcp_state(&s), NET_TCP_CLOSED);
    assert_int_equal(net_tcp_error(&s), NET_TCP_ERR_NONE);
    /* the socket can listen again */
    assert_int_equal(net_tcp_listen(&s, OUR_PORT), NET_OK);
}

static void test_active_close_time_wait(void **state)
{
    (void)state;
    establish();
    net_tcp_close(&s);
    assert_int_equal(net_tcp_state(&s), NET_TCP_FIN_WAIT_1);
    t_poll();
    struct net_tcp_repr f = t_expect();
    assert_int_equal(f.flags, NET_TCP_FIN | NET_TCP_ACK);
    assert_int_equal(f.seq, iss + 1);
    send_seg(NET_TCP_ACK, PEER_ISN + 1, iss + 2, NULL);
    assert_int_equal(net_tcp_state(&s), NET_TCP_FIN_WAIT_2);
    /* the peer may still send, then closes */
    send_seg(NET_TCP_ACK | NET_TCP_FIN, PEER_ISN + 1, iss + 2, "x");
    assert_int_equal(net_tcp_state(&s), NET_TCP_TIME_WAIT);
    assert_int_equal(t_expect().ack, PEER_ISN + 3);
    /* a retransmitted FIN is acknowledged again and restarts the 2 MSL wait */
    t_wait(1500 * T_MS);
    send_seg(NET_TCP_ACK | NET_TCP_FIN, PEER_ISN + 1, iss + 2, "x");
    assert_int_equal(t_expect().ack, PEER_ISN + 3);
    t_wait(1900 * T_MS);
    assert_int_equal(net_tcp_state(&s), NET_TCP_TIME_WAIT);
    t_wait(200 * T_MS);
    assert_int_equal(net_tcp_state(&s), NET_TCP_CLOSED);
    assert_int_equal(net_tcp_error(&s), NET_TCP_ERR_NONE);
}

static void test_simultaneous_close(void **state)
{
    (void)state;
    establish();
    net_tcp_close(&s);
    t_poll();
    assert_true(t_expect().flags & NET_TCP_FIN);
    /* the peer's FIN crosses ours, without acknowledging it */
    send_seg(NET_TCP_ACK | NET_TCP_FIN, PEER_ISN + 1, iss + 1, NULL);
    assert_int_equal(net_tcp_state(&s), NET_TCP_CLOSING);
    assert_int_equal(t_expect().ack, PEER_ISN + 2);
    send_seg(NET_TCP_ACK, PEER_ISN + 2, iss + 2, NULL);
    assert_int_equal(net_tcp_state(&s), NET_TCP_TIME_WAIT);
    t_wait(2100 * T_MS);
    assert_int_equal(net_tcp_state(&s), NET_TCP_CLOSED);
}

static void test_rst_exact(void **state)
{
    (void)state;
    establish();
    send_seg(NET_TCP_RST, PEER_ISN + 1, 0, NULL);
    assert_int_equal(net_tcp_state(&s), NET_TCP_CLOSED);
    assert_int_equal(net_tcp_error(&s), NET_TCP_ERR_RESET);
    assert_true(ev.all & NET_EV_ERROR);
    t_expect_nothing();
    assert_int_equal(net_tcp_counters(&t_tcp)->conn_reset, 1);
}

static void test_rst_in_window_challenge(void **state)
{
    (void)state;
    establish();
    send_seg(NET_TCP_RST, PEER_ISN + 100, 0, NULL);
    assert_int_equal(net_tcp_state(&s), NET_TCP_ESTABLISHED);
    struct net_tcp_repr a = t_expect();
    assert_int_equal(a.flags, NET_TCP_ACK);
    assert_int_equal(a.seq, iss + 1);
    assert_int_equal(a.ack, PEER_ISN + 1);
    assert_int_equal(net_tcp_counters(&t_tcp)->challenge_acks, 1);
    /* out of the window: silently dropped */
    send_seg(NET_TCP_RST, PEER_ISN + 100000, 0, NULL);
    send_seg(NET_TCP_RST, PEER_ISN - 10, 0, NULL);
    t_expect_nothing();
    assert_int_equal(net_tcp_state(&s), NET_TCP_ESTABLISHED);
}

static void test_syn_in_established_challenge_rate_limited(void **state)
{
    (void)state;
    establish();
    /* t_config allows 5 challenge ACKs a second */
    for (int i = 0; i < 8; i++)
        send_seg(NET_TCP_SYN, PEER_ISN + 50 + (uint32_t)i, 0, NULL);
    for (int i = 0; i < 5; i++) {
        struct net_tcp_repr a = t_expect();
        assert_int_equal(a.flags, NET_TCP_ACK);
        assert_int_equal(a.ack, PEER_ISN + 1);
    }
    t_expect_nothing();
    assert_int_equal(net_tcp_counters(&t_tcp)->challenge_acks_limited, 3);
    assert_int_equal(net_tcp_state(&s), NET_TCP_ESTABLISHED);
    t_wait(1000 * T_MS);
    send_seg(NET_TCP_SYN, PEER_ISN + 70, 0, NULL);
    assert_int_equal(t_expect().flags, NET_TCP_ACK); /* the budget is back */
}

static void test_out_of_window_data(void **state)
{
    (void)state;
    establish();
    send_seg(NET_TCP_ACK, PEER_ISN + 1 + 10000, iss + 1, "far");
    struct net_tcp_repr a = t_expect();
    assert_int_equal(a.ack, PEER_ISN + 1);
    assert_int_equal(net_tcp_recv_available(&s), 0);
    /* an old duplicate */
    send_seg(NET_TCP_ACK, PEER_ISN - 5, iss + 1, "old");
    assert_int_equal(t_expect().ack, PEER_ISN + 1);
    assert_int_equal(net_tcp_counters(&t_tcp)->rx_out_of_window, 2);
    /* a segment straddling the left edge: only the new part is taken */
    send_seg(NET_TCP_ACK, PEER_ISN - 1, iss + 1, "xyNEW");
    char buf[8];
    assert_int_equal(net_tcp_recv(&s, buf, sizeof buf), 3);
    assert_memory_equal(buf, "NEW", 3);
}

static void test_ack_of_unsent_data(void **state)
{
    (void)state;
    establish();
    send_seg(NET_TCP_ACK, PEER_ISN + 1, iss + 1000, "data");
    struct net_tcp_repr a = t_expect();
    assert_int_equal(a.ack, PEER_ISN + 1); /* dropped: the data was not taken */
    assert_int_equal(net_tcp_recv_available(&s), 0);
}

static void test_paws(void **state)
{
    (void)state;
    net_tcp_listen(&s, OUR_PORT);
    struct net_tcp_repr syn = seg(NET_TCP_SYN, PEER_ISN, 0);
    syn.has_timestamp = true;
    syn.ts_val = 1000;
    t_send(&syn, NULL, 0);
    iss = t_expect().seq;
    struct net_tcp_repr r = seg(NET_TCP_ACK, PEER_ISN + 1, iss + 1);
    r.has_timestamp = true;
    r.ts_val = 1010;
    t_send(&r, "new", 3);
    assert_int_equal(net_tcp_recv_available(&s), 3);
    assert_int_equal(s.ts_recent, 1010);
    /* an older timestamp: an old duplicate from a previous wrap, dropped and ACKed */
    r.seq = PEER_ISN + 4;
    r.ts_val = 1005;
    t_send(&r, "old", 3);
    assert_int_equal(net_tcp_recv_available(&s), 3);
    assert_int_equal(net_tcp_counters(&t_tcp)->rx_paws, 1);
    struct net_tcp_repr a = t_expect();
    assert_int_equal(a.ack, PEER_ISN + 4);
    assert_int_equal(a.ts_ecr, 1010);
}

static void test_rst_in_syn_received_relistens(void **state)
{
    (void)state;
    net_tcp_listen(&s, OUR_PORT);
    send_seg(NET_TCP_SYN, PEER_ISN, 0, NULL);
    iss = t_expect().seq;
    send_seg(NET_TCP_RST, PEER_ISN + 1, 0, NULL);
    assert_int_equal(net_tcp_state(&s), NET_TCP_LISTEN);
    assert_int_equal(ev.all, 0);
    /* and it takes the next SYN */
    send_seg(NET_TCP_SYN, 5000, 0, NULL);
    assert_int_equal(net_tcp_state(&s), NET_TCP_SYN_RECEIVED);
    assert_int_equal(t_expect().ack, 5001);
}

static void test_syn_retransmitted_in_syn_received(void **state)
{
    (void)state;
    net_tcp_listen(&s, OUR_PORT);
    send_seg(NET_TCP_SYN, PEER_ISN, 0, NULL);
    struct net_tcp_repr sa = t_expect();
    send_seg(NET_TCP_SYN, PEER_ISN, 0, NULL);
    struct net_tcp_repr again = t_expect();
    assert_int_equal(again.flags, NET_TCP_SYN | NET_TCP_ACK);
    assert_int_equal(again.seq, sa.seq);
    /* a wrong ACK in SYN-RECEIVED gets a RST */
    send_seg(NET_TCP_ACK, PEER_ISN + 1, sa.seq + 5, NULL);
    struct net_tcp_repr r = t_expect();
    assert_int_equal(r.flags, NET_TCP_RST);
    assert_int_equal(r.seq, sa.seq + 5);
    assert_int_equal(net_tcp_state(&s), NET_TCP_SYN_RECEIVED);
}

static void test_peer_zero_window(void **state)
{
    (void)state;
    establish();
    net_tcp_set_nodelay(&s, true);
    /* the peer closes its window */
    struct net_tcp_repr z = seg(NET_TCP_ACK, PEER_ISN + 1, iss + 1);
    z.window = 0;
    t_send(&z, NULL, 0);
    net_tcp_send(&s, "queued", 6);
    t_poll();
    t_expect_nothing(); /* nothing may go */
    /* probes after the RTO (rto_min: the handshake measured next to nothing), backing off */
    t_wait(100 * T_MS);
    struct net_tcp_repr p = t_expect();
    assert_int_equal(p.seq, iss); /* SND.UNA - 1, no data */
    assert_int_equal(p.payload_len, 0);
    t_send(&z, NULL, 0); /* still closed */
    t_wait(199 * T_MS);
    t_expect_nothing();
    t_wait(1 * T_MS);
    assert_int_equal(t_expect().payload_len, 0);
    assert_int_equal(net_tcp_counters(&t_tcp)->zero_window_probes, 2);
    /* the window opens: the data goes at once */
    z.window = 1000;
    t_send(&z, NULL, 0);
    struct net_tcp_repr d = t_expect();
    assert_int_equal(d.payload_len, 6);
    assert_int_equal(d.seq, iss + 1);
    /* the connection survived long past any user timeout while probed */
    assert_int_equal(net_tcp_state(&s), NET_TCP_ESTABLISHED);
}

static void test_our_zero_window(void **state)
{
    (void)state;
    establish();
    static uint8_t data[1024];
    uint32_t seq = PEER_ISN + 1;
    for (int i = 0; i < 4; i++) {
        struct net_tcp_repr r = seg(NET_TCP_ACK, seq, iss + 1);
        t_send(&r, data, sizeof data);
        seq += sizeof data;
    }
    /* the buffer (4 KiB) is full: the window is 0 */
    struct net_tcp_repr a = t_expect();
    a = t_expect();
    assert_int_equal(a.ack, seq);
    assert_int_equal(a.window, 0);
    /* more data is not taken; a probe at the window's edge gets an ACK saying 0 */
    struct net_tcp_repr r = seg(NET_TCP_ACK, seq, iss + 1);
    t_send(&r, "x", 1);
    a = t_expect();
    assert_int_equal(a.ack, seq);
    assert_int_equal(a.window, 0);
    /* reading a little does not reopen (no silly window) */
    uint8_t buf[4096];
    net_tcp_recv(&s, buf, 100);
    t_poll();
    t_expect_nothing();
    /* reading half the buffer does: a window update */
    net_tcp_recv(&s, buf, 2000);
    t_poll();
    a = t_expect();
    assert_int_equal(a.window, 2100);
    assert_int_equal(a.ack, seq);
}

static void test_keepalive(void **state)
{
    (void)state;
    establish();
    net_tcp_set_keepalive(&s, true, 10 * T_SEC, 1 * T_SEC, 3);
    t_wait(9999 * T_MS);
    t_expect_nothing();
    t_wait(1 * T_MS);
    struct net_tcp_repr p = t_expect();
    assert_int_equal(p.seq, iss);
    assert_int_equal(p.payload_len, 0);
    /* an answer resets the idle time */
    send_seg(NET_TCP_ACK, PEER_ISN + 1, iss + 1, NULL);
    t_wait(9999 * T_MS);
    t_expect_nothing();
    /* three unanswered probes a second apart, then the end */
    t_wait(1 * T_MS);
    t_expect();
    t_wait(1000 * T_MS);
    t_expect();
    t_wait(1000 * T_MS);
    t_expect();
    t_wait(1000 * T_MS);
    struct net_tcp_repr r = t_expect();
    assert_true(r.flags & NET_TCP_RST);
    assert_int_equal(net_tcp_state(&s), NET_TCP_CLOSED);
    assert_int_equal(net_tcp_error(&s), NET_TCP_ERR_KEEPALIVE);
}

static void test_user_timeout(void **state)
{
    (void)state;
    establish();
    net_tcp_set_user_timeout(&s, 1 * T_SEC);
    net_tcp_send(&s, "lost", 4);
    t_poll();
    assert_int_equal(t_expect().payload_len, 4);
    /* retransmissions back off from rto_min: 100, 200, 400 ms */
    t_wait(100 * T_MS);
    struct net_tcp_repr r = t_expect();
    assert_int_equal(r.payload_len, 4);
    assert_int_equal(r.seq, iss + 1);
    t_wait(200 * T_MS);
    assert_int_equal(t_expect().payload_len, 4);
    t_wait(400 * T_MS);
    assert_int_equal(t_expect().payload_len, 4);
    assert_int_equal(net_tcp_state(&s), NET_TCP_ESTABLISHED);
    /* the next would be at 1.5 s: the user timeout ends it at 1 s sharp */
    t_wait(299 * T_MS);
    t_expect_nothing();
    assert_int_equal(net_tcp_state(&s), NET_TCP_ESTABLISHED);
    t_wait(1 * T_MS);
    r = t_expect();
    assert_true(r.flags & NET_TCP_RST);
    assert_int_equal(net_tcp_state(&s), NET_TCP_CLOSED);
    assert_int_equal(net_tcp_error(&s), NET_TCP_ERR_TIMEOUT);
    assert_true(ev.all & NET_EV_ERROR);
    assert_int_equal(net_tcp_socket_counters(&s)->retransmits, 3);
}

static void test_rto_backoff_and_karn(void **state)
{
    (void)state;
    establish();
    uint32_t srtt = s.srtt; /* the handshake's sample */
    assert_true(srtt > 0);
    net_tcp_send(&s, "abc", 3);
    t_poll();
    t_expect();
    t_wait(100 * T_MS);
    t_expect(); /* first retransmission after the RTO */
    t_wait(199 * T_MS);
    t_expect_nothing();
    t_wait(1 * T_MS);
    t_expect(); /* doubled */
    assert_int_equal(s.backoff, 2);
    /* the ACK of a retransmitted segment gives no RTT sample (Karn) */
    send_seg(NET_TCP_ACK, PEER_ISN + 1, iss + 4, NULL);
    assert_int_equal(s.srtt, srtt);
    assert_int_equal(s.backoff, 0);
    /* a fresh segment is timed: 30 ms (RFC 6298 2.3) */
    net_tcp_send(&s, "d", 1);
    t_poll();
    t_expect();
    t_wait(30 * T_MS);
    uint32_t rttvar = s.rttvar;
    send_seg(NET_TCP_ACK, PEER_ISN + 1, iss + 5, NULL);
    uint32_t delta = 30000 - srtt;
    assert_int_equal(s.rttvar, rttvar - rttvar / 4 + delta / 4);
    assert_int_equal(s.srtt, srtt - srtt / 8 + 30000 / 8);
    assert_int_equal(s.rto, 100000); /* below rto_min */
}

static void test_syn_retries(void **state)
{
    (void)state;
    struct net_endpoint peer = {T_IP_PEER, PEER_PORT};
    net_tcp_connect(&s, &peer, 0);
    t_poll();
    t_expect();
    /* t_config: 3 retries, 1 s doubling */
    t_wait(1000 * T_MS);
    assert_int_equal(t_expect().flags, NET_TCP_SYN);
    t_wait(2000 * T_MS);
    t_expect();
    t_wait(4000 * T_MS);
    t_expect();
    t_wait(8000 * T_MS);
    t_expect_nothing();
    assert_int_equal(net_tcp_state(&s), NET_TCP_CLOSED);
    assert_int_equal(net_tcp_error(&s), NET_TCP_ERR_TIMEOUT);
}

static void test_synack_retries_relisten(void **state)
{
    (void)state;
    net_tcp_listen(&s, OUR_PORT);
    send_seg(NET_TCP_SYN, PEER_ISN, 0, NULL);
    t_expect();
    t_wait(1000 * T_MS);
    assert_int_equal(t_expect().flags, NET_TCP_SYN | NET_TCP_ACK);
    t_wait(2000 * T_MS);
    t_expect();
    t_wait(4000 * T_MS);
    t_expect_nothing();
    assert_int_equal(net_tcp_state(&s), NET_TCP_LISTEN);
    assert_int_equal(ev.all, 0);
}

static void test_backlog_and_eviction(void **state)
{
    (void)state;
    static struct net_tcp_socket more[2];
    static uint8_t bufs[2][2][1024];
    for (int i = 0; i < 2; i++) {
        net_tcp_socket_init(&more[i], &t_tcp, bufs[i][0], 1024, bufs[i][1], 1024);
        net_tcp_listen(&more[i], OUR_PORT);
    }
    net_tcp_listen(&s, OUR_PORT);
    /* three clients, three sockets */
    for (uint16_t c = 0; c < 3; c++) {
        struct net_tcp_repr syn = seg(NET_TCP_SYN, 100u * c, 0);
        syn.src_port = (uint16_t)(PEER_PORT + c);
        t_send(&syn, NULL, 0);
        t_expect();
        t_wait(1 * T_MS);
    }
    assert_int_equal(net_tcp_state(&s), NET_TCP_SYN_RECEIVED);
    assert_int_equal(net_tcp_state(&more[0]), NET_TCP_SYN_RECEIVED);
    assert_int_equal(net_tcp_state(&more[1]), NET_TCP_SYN_RECEIVED);
    /* a fourth: the oldest half-open connection is given up for it */
    struct net_tcp_repr syn = seg(NET_TCP_SYN, 900, 0);
    syn.src_port = PEER_PORT + 3;
    t_send(&syn, NULL, 0);
    struct net_tcp_repr sa = t_expect();
    assert_int_equal(sa.dst_port, PEER_PORT + 3);
    assert_int_equal(net_tcp_counters(&t_tcp)->syn_evicted, 1);
    /* the one given up was the oldest, the first client's */
    const struct net_tcp_socket *all[3] = {&s, &more[0], &more[1]};
    int newest = 0, first = 0;
    for (int i = 0; i < 3; i++) {
        newest += all[i]->remote.port == PEER_PORT + 3;
        first += all[i]->remote.port == PEER_PORT;
    }
    assert_int_equal(newest, 1);
    assert_int_equal(first, 0);
}

static void test_nagle(void **state)
{
    (void)state;
    establish();
    net_tcp_send(&s, "a", 1);
    t_poll();
    assert_int_equal(t_expect().payload_len, 1);
    /* a runt is in flight: the next small writes wait and coalesce */
    net_tcp_send(&s, "b", 1);
    t_poll();
    net_tcp_send(&s, "c", 1);
    t_poll();
    t_expect_nothing();
    send_seg(NET_TCP_ACK, PEER_ISN + 1, iss + 2, NULL);
    struct net_tcp_repr d = t_expect();
    assert_int_equal(d.payload_len, 2);
    assert_memory_equal(d.payload, "bc", 2);
    /* with nodelay they go at once */
    net_tcp_set_nodelay(&s, true);
    net_tcp_send(&s, "d", 1);
    t_poll();
    assert_int_equal(t_expect().payload_len, 1);
}

static void test_fast_retransmit_only_what_was_sent(void **state)
{
    (void)state;
    establish();
    net_tcp_set_nodelay(&s, true);
    net_tcp_send(&s, "0123456789abcdef", 16);
    t_poll();
    assert_int_equal(t_expect().payload_len, 16);
    /* the peer closes its window: 3000 more bytes wait in the buffer */
    struct net_tcp_repr z = seg(NET_TCP_ACK, PEER_ISN + 1, iss + 1);
    z.window = 0;
    t_send(&z, NULL, 0);
    static uint8_t more[3000];
    net_tcp_send(&s, more, sizeof more);
    t_poll();
    t_expect_nothing();
    /* three duplicates: the retransmission repeats the 16 bytes sent, nothing beyond */
    t_send(&z, NULL, 0);
    t_send(&z, NULL, 0);
    t_send(&z, NULL, 0);
    struct net_tcp_repr r = t_expect();
    assert_int_equal(r.seq, iss + 1);
    assert_int_equal(r.payload_len, 16);
    assert_int_equal(s.snd_max, iss + 17);
    /* the ACK of those 16 bytes is believed */
    send_seg(NET_TCP_ACK, PEER_ISN + 1, iss + 17, NULL);
    assert_int_equal(s.snd_una, iss + 17);
    assert_int_equal(net_tcp_counters(&t_tcp)->challenge_acks, 0);
}

static void test_wraparound(void **state)
{
    (void)state;
    /* both sequence spaces start just below 2^32 and wrap during the exchange */
    net_tcp_listen(&s, OUR_PORT);
    uint32_t peer_isn = 0xFFFFFFF0u;
    send_seg(NET_TCP_SYN, peer_isn, 0, NULL);
    t_expect();
    /* move our ISS near the wrap too (white box: before anything was acknowledged) */
    iss = 0xFFFFFFFAu;
    s.iss = s.snd_una = iss;
    s.snd_nxt = s.snd_max = iss + 1;
    s.tx_seq = iss + 1;
    s.recover = iss;
    s.snd_wl2 = iss;
    send_seg(NET_TCP_ACK, peer_isn + 1, iss + 1, NULL);
    assert_int_equal(net_tcp_state(&s), NET_TCP_ESTABLISHED);
    net_tcp_set_nodelay(&s, true);
    uint32_t seq = peer_isn + 1;
    uint32_t ours = iss + 1;
    char buf[64];
    for (int i = 0; i < 6; i++) {
        send_seg(NET_TCP_ACK, seq, ours, "0123456789");
        seq += 10;
        assert_int_equal(net_tcp_recv(&s, buf, sizeof buf), 10);
        net_tcp_send(&s, buf, 10);
        t_poll();
        struct net_tcp_repr d = t_expect();
        assert_int_equal(d.seq, ours);
        assert_int_equal(d.ack, seq);
        assert_int_equal(d.payload_len, 10);
        ours += 10;
        send_seg(NET_TCP_ACK, seq, ours, NULL);
        assert_int_equal(net_tcp_send_queued(&s), 0);
    }
    assert_true(seq < 100 && ours < 100); /* both wrapped */
    /* out of order across the wrap */
    send_seg(NET_TCP_ACK, seq + 5, ours, "fghij");
    send_seg(NET_TCP_ACK, seq, ours, "abcde");
    assert_int_equal(net_tcp_recv(&s, buf, sizeof buf), 10);
    assert_memory_equal(buf, "abcdefghij", 10);
}

static void test_time_wait_new_syn(void **state)
{
    (void)state;
    static struct net_tcp_socket other;
    static uint8_t orx[512], otx[512];
    net_tcp_socket_init(&other, &t_tcp, orx, sizeof orx, otx, sizeof otx);
    establish();
    net_tcp_listen(&other, OUR_PORT);
    net_tcp_close(&s);
    t_poll();
    t_expect();
    send_seg(NET_TCP_ACK | NET_TCP_FIN, PEER_ISN + 1, iss + 2, NULL);
    t_expect();
    assert_int_equal(net_tcp_state(&s), NET_TCP_TIME_WAIT);
    /* the same client connects again with a higher sequence number */
    send_seg(NET_TCP_SYN, PEER_ISN + 100000, 0, NULL);
    assert_int_equal(net_tcp_state(&s), NET_TCP_CLOSED);
    assert_int_equal(net_tcp_state(&other), NET_TCP_SYN_RECEIVED);
    assert_int_equal(t_expect().ack, PEER_ISN + 100001);
}

static void test_abort(void **state)
{
    (void)state;
    establish();
    net_tcp_abort(&s);
    struct net_tcp_repr r = t_expect();
    assert_true(r.flags & NET_TCP_RST);
    assert_int_equal(r.seq, iss + 1);
    assert_int_equal(net_tcp_state(&s), NET_TCP_CLOSED);
    assert_int_equal(net_tcp_error(&s), NET_TCP_ERR_ABORTED);
    /* the peer's next segment finds nothing: RST */
    send_seg(NET_TCP_ACK, PEER_ISN + 1, iss + 1, "late");
    assert_int_equal(t_expect().flags, NET_TCP_RST);
}

static void test_not_unicast_ignored(void **state)
{
    (void)state;
    net_tcp_listen(&s, OUR_PORT);
    struct net_tcp_repr syn = seg(NET_TCP_SYN, PEER_ISN, 0);
    uint8_t f[128];
    /* a SYN to the subnet broadcast address: never answered */
    struct net_ipv4_repr ip = {.src = T_IP_PEER, .dst = NET_IP4(10, 0, 0, 255),
                               .protocol = NET_IP_PROTO_TCP, .ttl = 64, .payload_len = 20};
    uint8_t *tcp = f + 34;
    net_tcp_emit(&syn, tcp, 60, ip.src, ip.dst, true);
    net_ipv4_emit(&ip, f + 14, 20, true);
    struct net_eth_repr eth = {.dst = NET_MAC_BROADCAST, .src = T_MAC_PEER,
                               .ethertype = NET_ETHERTYPE_IPV4};
    net_eth_emit(&eth, f, 14);
    assert_true(net_pipe_send(&t_peer, f, 60));
    t_poll();
    t_expect_nothing();
    assert_int_equal(net_tcp_state(&s), NET_TCP_LISTEN);
    assert_int_equal(net_tcp_counters(&t_tcp)->rx_not_unicast, 1);
}

static void test_bad_checksum_dropped(void **state)
{
    (void)state;
    establish();
    uint8_t f[128];
    struct net_tcp_repr r = seg(NET_TCP_ACK, PEER_ISN + 1, iss + 1);
    r.payload_len = 4;
    memcpy(f + 54, "evil", 4);
    net_tcp_emit(&r, f + 34, 80, T_IP_PEER, T_IP_US, true);
    f[54] ^= 0x01; /* one bit flipped after the checksum */
    struct net_ipv4_repr ip = {.src = T_IP_PEER, .dst = T_IP_US, .protocol = NET_IP_PROTO_TCP,
                               .ttl = 64, .payload_len = 24};
    net_ipv4_emit(&ip, f + 14, 20, true);
    struct net_eth_repr eth = {.dst = T_MAC_US, .src = T_MAC_PEER, .ethertype = NET_ETHERTYPE_IPV4};
    net_eth_emit(&eth, f, 14);
    assert_true(net_pipe_send(&t_peer, f, 60));
    t_poll();
    assert_int_equal(net_tcp_recv_available(&s), 0);
    assert_int_equal(net_tcp_counters(&t_tcp)->rx_bad_checksum, 1);
    t_expect_nothing();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_passive_handshake, setup),
        cmocka_unit_test_setup(test_handshake_options, setup),
        cmocka_unit_test_setup(test_syn_to_closed_port, setup),
        cmocka_unit_test_setup(test_ack_to_closed_port_and_listener, setup),
        cmocka_unit_test_setup(test_active_open, setup),
        cmocka_unit_test_setup(test_active_open_refused, setup),
        cmocka_unit_test_setup(test_syn_sent_bad_ack, setup),
        cmocka_unit_test_setup(test_simultaneous_open, setup),
        cmocka_unit_test_setup(test_in_order_data_and_delayed_ack, setup),
        cmocka_unit_test_setup(test_out_of_order_sack, setup),
        cmocka_unit_test_setup(test_fin_with_data_passive_close, setup),
        cmocka_unit_test_setup(test_active_close_time_wait, setup),
        cmocka_unit_test_setup(test_simultaneous_close, setup),
        cmocka_unit_test_setup(test_rst_exact, setup),
        cmocka_unit_test_setup(test_rst_in_window_challenge, setup),
        cmocka_unit_test_setup(test_syn_in_established_challenge_rate_limited, setup),
        cmocka_unit_test_setup(test_out_of_window_data, setup),
        cmocka_unit_test_setup(test_ack_of_unsent_data, setup),
        cmocka_unit_test_setup(test_paws, setup),
        cmocka_unit_test_setup(test_rst_in_syn_received_relistens, setup),
        cmocka_unit_test_setup(test_syn_retransmitted_in_syn_received, setup),
        cmocka_unit_test_setup(test_peer_zero_window, setup),
        cmocka_unit_test_setup(test_our_zero_window, setup),
        cmocka_unit_test_setup(test_keepalive, setup),
        cmocka_unit_test_setup(test_user_timeout, setup),
        cmocka_unit_test_setup(test_rto_backoff_and_karn, setup),
        cmocka_unit_test_setup(test_syn_retries, setup),
        cmocka_unit_test_setup(test_synack_retries_relisten, setup),
        cmocka_unit_test_setup(test_backlog_and_eviction, setup),
        cmocka_unit_test_setup(test_nagle, setup),
        cmocka_unit_test_setup(test_fast_retransmit_only_what_was_sent, setup),
        cmocka_unit_test_setup(test_wraparound, setup),
        cmocka_unit_test_setup(test_time_wait_new_syn, setup),
        cmocka_unit_test_setup(test_abort, setup),
        cmocka_unit_test_setup(test_not_unicast_ignored, setup),
        cmocka_unit_test_setup(test_bad_checksum_dropped, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
