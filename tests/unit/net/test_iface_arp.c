/* Interface: the ARP cache through the pipe device. */
#include <string.h>

#include "captures.h"
#include "harness.h"
#include "net/socket/udp.h"
#include "net/wire/bytes.h"

static struct net_pkt_meta rx_meta[4], tx_meta[4];
static uint8_t rx_data[2048], tx_data[2048];
static struct net_udp_socket sock;

static void open_socket(void)
{
    net_udp_init(&sock, &NET_RING_STORAGE(rx_meta, rx_data), &NET_RING_STORAGE(tx_meta, tx_data));
    assert_int_equal(net_udp_bind(&h_iface, &sock, 4000), NET_OK);
}

/* The next frame, which must be ARP: its fields. */
static void expect_arp(struct net_eth_repr *eth, struct net_arp_repr *arp)
{
    static uint8_t f[H_FRAME_MAX];
    size_t n = h_recv(f, sizeof f);
    assert_int_equal(n, 60); /* padded to the Ethernet minimum */
    assert_int_equal(net_eth_parse(f, n, eth), NET_WIRE_OK);
    assert_int_equal(eth->ethertype, NET_ETHERTYPE_ARP);
    assert_int_equal(net_arp_parse(eth->payload, eth->payload_len, arp), NET_WIRE_OK);
    for (size_t i = 42; i < 60; i++)
        assert_int_equal(f[i], 0);
}

static const struct net_arp_entry *entry_for(net_ip4 ip)
{
    for (int i = 0; i < NET_ARP_CACHE_SIZE; i++)
        if (h_iface.arp[i].state != NET_ARP_FREE && h_iface.arp[i].ip == ip)
            return &h_iface.arp[i];
    return NULL;
}

static void answers_captured_linux_request(void **state)
{
    (void)state;
    h_setup(false);
    /* become the host Linux was looking for: 02:00:00:00:00:02, 10.9.0.2 */
    const struct net_mac me = {{2, 0, 0, 0, 0, 2}}, linux_mac = {{2, 0, 0, 0, 0, 1}};
    h_iface.mac = me;
    net_iface_set_ipv4(&h_iface, NET_IP4(10, 9, 0, 2), 24);
    h_poll();
    h_drain(); /* our gratuitous ARP */
    uint32_t tx_before = h_iface.counters.arp.tx;
    h_send(cap_arp_request, sizeof cap_arp_request);
    struct net_eth_repr eth;
    struct net_arp_repr arp;
    expect_arp(&eth, &arp);
    assert_true(net_mac_equal(&eth.dst, &linux_mac));
    assert_true(net_mac_equal(&eth.src, &me));
    assert_int_equal(arp.op, NET_ARP_OP_REPLY);
    assert_true(net_mac_equal(&arp.sender_mac, &me));
    assert_int_equal(arp.sender_ip, NET_IP4(10, 9, 0, 2));
    assert_true(net_mac_equal(&arp.target_mac, &linux_mac));
    assert_int_equal(arp.target_ip, NET_IP4(10, 9, 0, 1));
    /* RFC 826: the asker is learnt */
    const struct net_arp_entry *e = entry_for(NET_IP4(10, 9, 0, 1));
    assert_non_null(e);
    assert_int_equal(e->state, NET_ARP_RESOLVED);
    assert_true(net_mac_equal(&e->mac, &linux_mac));
    assert_int_equal(h_iface.counters.arp.rx, 1);
    assert_int_equal(h_iface.counters.arp.tx, tx_before + 1);
    assert_int_equal(h_pending(), 0);
}

static void ignores_requests_for_others(void **state)
{
    (void)state;
    h_setup(true);
    struct net_mac peer = H_MAC_PEER, zero = {{0}}, bcast = NET_MAC_BROADCAST;
    uint8_t f[64];
    size_t n = h_arp_frame(f, NET_ARP_OP_REQUEST, &bcast, &peer, H_IP_PEER, &zero,
                           NET_IP4(10, 0, 0, 99));
    h_send(f, n);
    assert_int_equal(h_pending(), 0);
    assert_null(entry_for(H_IP_PEER)); /* not talking to us: not added */
    assert_int_equal(h_drops(NET_DROP_ARP_NOT_FOR_US), 1);
    /* a sender with a group MAC is refused outright */
    struct net_mac group = {{0x01, 0, 0x5e, 0, 0, 1}};
    n = h_arp_frame(f, NET_ARP_OP_REQUEST, &bcast, &group, H_IP_PEER, &zero, H_IP_US);
    h_send(f, n);
    assert_int_equal(h_pending(), 0);
    assert_int_equal(h_drops(NET_DROP_ARP_BAD_SENDER), 1);
    /* someone else claiming our address */
    n = h_arp_frame(f, NET_ARP_OP_REQUEST, &bcast, &peer, H_IP_US, &zero, H_IP_US);
    h_send(f, n);
    assert_int_equal(h_drops(NET_DROP_ARP_CONFLICT), 1);
    assert_null(entry_for(H_IP_US));
    /* truncated ARP */
    n = h_arp_frame(f, NET_ARP_OP_REQUEST, &bcast, &peer, H_IP_PEER, &zero, H_IP_US);
    h_send(f, 14 + 20);
    assert_int_equal(h_drops(NET_DROP_ARP_MALFORMED), 1);
    assert_int_equal(h_pending(), 0);
}

static void known_sender_updated_by_anyones_arp(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    struct net_mac moved = {{2, 0, 0, 0, 0, 0x77}}, zero = {{0}}, bcast = NET_MAC_BROADCAST;
    uint8_t f[64];
    /* a gratuitous ARP from the peer on its new MAC (target: itself) */
    size_t n = h_arp_frame(f, NET_ARP_OP_REQUEST, &bcast, &moved, H_IP_PEER, &zero, H_IP_PEER);
    h_send(f, n);
    const struct net_arp_entry *e = entry_for(H_IP_PEER);
    assert_non_null(e);
    assert_true(net_mac_equal(&e->mac, &moved));
}

static void packet_held_until_resolved(void **state)
{
    (void)state;
    h_setup(true);
    open_socket();
    const struct net_endpoint to = {H_IP_PEER, 5000};
    assert_int_equal(net_udp_send_to(&sock, &to, "first", 5), NET_OK);
    assert_int_equal(net_udp_send_to(&sock, &to, "second", 6), NET_OK);
    h_poll();
    /* only the ARP request went out */
    struct net_eth_repr eth;
    struct net_arp_repr arp;
    expect_arp(&eth, &arp);
    assert_true(net_mac_is_broadcast(&eth.dst));
    assert_int_equal(arp.op, NET_ARP_OP_REQUEST);
    assert_int_equal(arp.target_ip, H_IP_PEER);
    assert_int_equal(arp.sender_ip, H_IP_US);
    assert_int_equal(h_pending(), 0);
    /* the first datagram is held by the interface, the second waits in the socket, and the
     * interface sleeps until the ARP retry */
    assert_true(sock.tx_blocked);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), h_now + NET_ARP_RETRY_US);
    /* the answer releases both, in order */
    h_now += 1000;
    struct net_mac peer = H_MAC_PEER, us = H_MAC_US;
    uint8_t f[H_FRAME_MAX];
    size_t n = h_arp_frame(f, NET_ARP_OP_REPLY, &us, &peer, H_IP_PEER, &us, H_IP_US);
    h_send(f, n);
    const char *want[] = {"first", "second"};
    for (int i = 0; i < 2; i++) {
        n = h_recv(f, sizeof f);
        assert_true(n >= 60);
        struct net_ipv4_repr ip;
        h_parse_ipv4(f, n, &eth, &ip);
        assert_true(net_mac_equal(&eth.dst, &peer));
        struct net_udp_repr udp;
        assert_int_equal(net_udp_parse(ip.payload, ip.payload_len, ip.src, ip.dst, true, &udp),
                         NET_WIRE_OK);
        assert_int_equal(udp.payload_len, strlen(want[i]));
        assert_memory_equal(udp.payload, want[i], udp.payload_len);
    }
    assert_int_equal(h_pending(), 0);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), UINT64_MAX);
}

static void retries_then_gives_up(void **state)
{
    (void)state;
    h_setup(true);
    open_socket();
    const struct net_endpoint to = {NET_IP4(10, 0, 0, 77), 5000};
    assert_int_equal(net_udp_send_to(&sock, &to, "x", 1), NET_OK);
    struct net_eth_repr eth;
    struct net_arp_repr arp;
    for (int i = 0; i < NET_ARP_TRIES; i++) {
        h_poll();
        expect_arp(&eth, &arp);
        assert_int_equal(arp.target_ip, to.addr);
        assert_int_equal(h_pending(), 0);
        h_poll(); /* nothing new before the retry time */
        assert_int_equal(h_pending(), 0);
        h_now = net_iface_poll_at(&h_iface, h_now);
    }
    h_poll();
    assert_int_equal(h_pending(), 0);
    assert_int_equal(h_drops(NET_DROP_TX_ARP_FAILED), 1);
    /* within the hold-off a new datagram fails at once, without asking again */
    assert_int_equal(net_udp_send_to(&sock, &to, "y", 1), NET_OK);
    h_poll();
    assert_int_equal(h_pending(), 0);
    assert_int_equal(h_drops(NET_DROP_TX_ARP_FAILED), 2);
    /* after it, the neighbour is asked again */
    h_now += NET_ARP_FAIL_HOLDOFF_US;
    assert_int_equal(net_udp_send_to(&sock, &to, "z", 1), NET_OK);
    h_poll();
    expect_arp(&eth, &arp);
    assert_int_equal(arp.target_ip, to.addr);
}

static void entries_age_and_are_refreshed(void **state)
{
    (void)state;
    h_setup(true);
    open_socket();
    h_learn_peer();
    const struct net_endpoint to = {H_IP_PEER, 5000};
    uint8_t f[H_FRAME_MAX];
    struct net_eth_repr eth;
    struct net_arp_repr arp;
    uint64_t learnt = h_now;
    /* in use shortly before expiry: sent directly, plus a unicast refresh request */
    h_now = learnt + NET_ARP_TTL_US - NET_ARP_REFRESH_US / 2;
    assert_int_equal(net_udp_send_to(&sock, &to, "a", 1), NET_OK);
    h_poll();
    expect_arp(&eth, &arp);
    struct net_mac peer = H_MAC_PEER;
    assert_true(net_mac_equal(&eth.dst, &peer)); /* unicast: RFC 1122 2.3.2.1 */
    assert_int_equal(arp.target_ip, H_IP_PEER);
    size_t n = h_recv(f, sizeof f);
    assert_true(n > 0 && f[12] == 0x08 && f[13] == 0x00);
    /* no answer: expired, the next datagram needs a broadcast request */
    h_now = learnt + NET_ARP_TTL_US;
    assert_int_equal(net_udp_send_to(&sock, &to, "b", 1), NET_OK);
    h_poll();
    expect_arp(&eth, &arp);
    assert_true(net_mac_is_broadcast(&eth.dst));
    assert_int_equal(h_pending(), 0);
}

static void static_entries_never_age(void **state)
{
    (void)state;
    h_setup(true);
    open_socket();
    struct net_mac gw = {{2, 0, 0, 0, 0, 0xfe}};
    assert_int_equal(net_iface_add_neighbor(&h_iface, H_IP_GW, &gw), NET_OK);
    h_now += 100 * NET_ARP_TTL_US;
    const struct net_endpoint to = {NET_IP4(8, 8, 8, 8), 53};
    assert_int_equal(net_udp_send_to(&sock, &to, "q", 1), NET_OK);
    h_poll();
    uint8_t f[H_FRAME_MAX];
    size_t n = h_recv(f, sizeof f);
    struct net_eth_repr eth;
    struct net_ipv4_repr ip;
    h_parse_ipv4(f, n, &eth, &ip);
    assert_true(net_mac_equal(&eth.dst, &gw)); /* off-subnet: via the gateway */
    assert_int_equal(ip.dst, to.addr);
    assert_int_equal(h_pending(), 0);
}

static void gratuitous_arp_on_address_change(void **state)
{
    (void)state;
    h_setup(true);
    net_iface_set_ipv4(&h_iface, H_IP_US, 24); /* unchanged: nothing to announce */
    h_poll();
    assert_int_equal(h_pending(), 0);
    net_iface_set_ipv4(&h_iface, NET_IP4(10, 0, 0, 42), 24);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), h_now);
    h_poll();
    struct net_eth_repr eth;
    struct net_arp_repr arp;
    expect_arp(&eth, &arp);
    assert_true(net_mac_is_broadcast(&eth.dst));
    assert_int_equal(arp.op, NET_ARP_OP_REQUEST);
    assert_int_equal(arp.sender_ip, NET_IP4(10, 0, 0, 42));
    assert_int_equal(arp.target_ip, NET_IP4(10, 0, 0, 42));
    assert_int_equal(h_pending(), 0);
    /* removing the address announces nothing */
    net_iface_set_ipv4(&h_iface, 0, 0);
    h_poll();
    assert_int_equal(h_pending(), 0);
}

static void full_cache_evicts_oldest(void **state)
{
    (void)state;
    h_setup(true);
    struct net_mac us = H_MAC_US;
    uint8_t f[64];
    for (int i = 0; i <= NET_ARP_CACHE_SIZE; i++) {
        struct net_mac m = {{2, 0, 0, 0, 1, (uint8_t)i}};
        size_t n = h_arp_frame(f, NET_ARP_OP_REQUEST, &us, &m, NET_IP4(10, 0, 0, 100 + i), &us,
                               H_IP_US);
        h_send(f, n);
        h_drain();
        h_now += SEC;
    }
    assert_null(entry_for(NET_IP4(10, 0, 0, 100))); /* the oldest went */
    for (int i = 1; i <= NET_ARP_CACHE_SIZE; i++)
        assert_non_null(entry_for(NET_IP4(10, 0, 0, (uint8_t)(100 + i))));
}

/* Starts sending to dst the way every transmit path does: the frame goes out (resolved), is held
 * (a new lookup), or must wait. Returns net_iface_ip_begin's answer. */
static enum net_tx_result send_to(net_ip4 dst, bool *held)
{
    struct net_ip_tx tx;
    enum net_tx_result r = net_iface_ip_begin(&h_iface, h_now, dst, 253, 8, &tx);
    *held = r == NET_TX_OK && tx.hold >= 0;
    if (r == NET_TX_OK) {
        memset(tx.payload, 0, 8);
        net_iface_ip_commit(&h_iface, &tx, 8);
    }
    return r;
}

/* A spoofed on-link SYN flood makes a lookup per SYN-ACK, each for a new address. Those lookups
 * must neither push out the neighbour we are talking to nor be refused: they push out each other,
 * oldest first. */
static void lookup_flood_keeps_the_neighbour_in_use(void **state)
{
    (void)state;
    h_setup(true);
    h_learn_peer();
    bool held;
    assert_int_equal(send_to(H_IP_PEER, &held), NET_TX_OK);
    assert_false(held);
    h_drain();
    const int flood = 4 * NET_ARP_CACHE_SIZE;
    for (int i = 0; i < flood; i++) {
        net_ip4 spoofed = NET_IP4(10, 0, 0, 100 + i);
        /* every new address gets its lookup: a request goes out at once */
        enum net_tx_result r = send_to(spoofed, &held);
        assert_true(r == NET_TX_OK || r == NET_TX_ARP_PENDING);
        struct net_eth_repr eth;
        struct net_arp_repr arp;
        expect_arp(&eth, &arp);
        assert_int_equal(arp.target_ip, spoofed);
        h_drain();
        /* and the real peer is still answered from the cache, never looked up again */
        assert_int_equal(send_to(H_IP_PEER, &held), NET_TX_OK);
        assert_false(held);
        uint8_t f[H_FRAME_MAX];
        struct net_ipv4_repr ip;
        size_t n = h_recv(f, sizeof f);
        h_parse_ipv4(f, n, &eth, &ip);
        struct net_mac peer = H_MAC_PEER;
        assert_true(net_mac_equal(&eth.dst, &peer));
        h_now += 10000;
    }
    const struct net_arp_entry *e = entry_for(H_IP_PEER);
    assert_non_null(e);
    assert_int_equal(e->state, NET_ARP_RESOLVED);
    /* the newest lookups are the ones left, the oldest went first */
    for (int i = flood - (NET_ARP_CACHE_SIZE - 1); i < flood; i++)
        assert_non_null(entry_for(NET_IP4(10, 0, 0, (uint8_t)(100 + i))));
    assert_null(entry_for(NET_IP4(10, 0, 0, 100 + flood - NET_ARP_CACHE_SIZE)));
    /* packets held for pushed-out lookups were dropped, and said so */
    assert_true(h_drops(NET_DROP_TX_ARP_EVICTED) > 0);
}

/* A neighbour nobody sent to for NET_ARP_IN_USE_US is fair game for a new lookup again (the
 * cache stays usable when the traffic moves elsewhere), and a cache of neighbours all in use
 * makes a lookup wait instead of pushing one out. */
static void idle_neighbour_gives_way_to_a_lookup(void **state)
{
    (void)state;
    h_setup(true);
    struct net_mac us = H_MAC_US;
    uint8_t f[64];
    bool held;
    for (int i = 0; i < NET_ARP_CACHE_SIZE; i++) {
        net_ip4 ip = NET_IP4(10, 0, 0, 50 + i);
        struct net_mac m = {{2, 0, 0, 0, 2, (uint8_t)i}};
        assert_int_equal(send_to(ip, &held), NET_TX_OK); /* a lookup, the packet held */
        assert_true(held);
        size_t n = h_arp_frame(f, NET_ARP_OP_REPLY, &us, &m, ip, &us, H_IP_US);
        h_send(f, n);
        h_drain();
    }
    /* all in use: a lookup for another address waits */
    assert_int_equal(send_to(NET_IP4(10, 0, 0, 99), &held), NET_TX_ARP_PENDING);
    assert_null(entry_for(NET_IP4(10, 0, 0, 99)));
    h_drain();
    /* traffic keeps going to the first one only; the others fall idle */
    h_now += NET_ARP_IN_USE_US / 2;
    assert_int_equal(send_to(NET_IP4(10, 0, 0, 50), &held), NET_TX_OK);
    h_now += NET_ARP_IN_USE_US / 2 + 1;
    h_drain();
    for (int i = 1; i < NET_ARP_CACHE_SIZE; i++) {
        /* held while a hold slot is free, else waiting where it is: a lookup either way */
        enum net_tx_result r = send_to(NET_IP4(10, 0, 0, 100 + i), &held);
        assert_true(r == NET_TX_OK || r == NET_TX_ARP_PENDING);
        assert_non_null(entry_for(NET_IP4(10, 0, 0, (uint8_t)(100 + i))));
        h_drain();
    }
    assert_non_null(entry_for(NET_IP4(10, 0, 0, 50)));
    for (int i = 1; i < NET_ARP_CACHE_SIZE; i++)
        assert_null(entry_for(NET_IP4(10, 0, 0, (uint8_t)(50 + i))));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(answers_captured_linux_request),
        cmocka_unit_test(ignores_requests_for_others),
        cmocka_unit_test(known_sender_updated_by_anyones_arp),
        cmocka_unit_test(packet_held_until_resolved),
        cmocka_unit_test(retries_then_gives_up),
        cmocka_unit_test(entries_age_and_are_refreshed),
        cmocka_unit_test(static_entries_never_age),
        cmocka_unit_test(gratuitous_arp_on_address_change),
        cmocka_unit_test(full_cache_evicts_oldest),
        cmocka_unit_test(lookup_flood_keeps_the_neighbour_in_use),
        cmocka_unit_test(idle_neighbour_gives_way_to_a_lookup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
