/* DHCP client against a scripted server played by the test on the pipe. */
#include <string.h>

#include "captures.h"
#include "harness.h"
#include "net/dhcp.h"
#include "net/wire/bytes.h"
#include "net/wire/dhcpv4.h"

#define SERVER NET_IP4(10, 0, 0, 1)
#define OFFERED NET_IP4(10, 0, 0, 50)
#define SERVER_MAC ((struct net_mac){{0x02, 0, 0, 0, 0, 0x01}})

static struct net_dhcp_client dhcp;
static struct {
    int count;
    enum net_dhcp_event last;
    struct net_dhcp_lease lease;
} events;
static uint8_t frame[H_FRAME_MAX];

static void on_event(void *ctx, enum net_dhcp_event ev, const struct net_dhcp_lease *lease)
{
    (void)ctx;
    events.count++;
    events.last = ev;
    events.lease = *lease;
}

static void start(void)
{
    h_setup(false);
    memset(&events, 0, sizeof events);
    memset(&dhcp, 0, sizeof dhcp);
    assert_int_equal(net_dhcp_start(&dhcp, &h_iface, "kit", on_event, NULL), NET_OK);
}

/* The next frame must be a DHCP message from the client: returns it parsed, with its IP. */
static void expect_dhcp(struct net_dhcp_repr *r, struct net_ipv4_repr *ip, struct net_eth_repr *eth)
{
    size_t n = h_recv(frame, sizeof frame);
    assert_true(n > 0);
    h_parse_ipv4(frame, n, eth, ip);
    assert_int_equal(ip->protocol, NET_IP_PROTO_UDP);
    struct net_udp_repr udp;
    assert_int_equal(net_udp_parse(ip->payload, ip->payload_len, ip->src, ip->dst, true, &udp),
                     NET_WIRE_OK);
    assert_int_equal(udp.src_port, 68);
    assert_int_equal(udp.dst_port, 67);
    assert_int_equal(net_dhcp_parse(udp.payload, udp.payload_len, r), NET_WIRE_OK);
    assert_int_equal(r->op, NET_DHCP_OP_REQUEST);
    struct net_mac us = H_MAC_US;
    assert_true(net_mac_equal(&r->chaddr, &us));
}

/* Like expect_dhcp, answering the ARP requests for the server on the way (as its host would). */
static void expect_dhcp_via_arp(struct net_dhcp_repr *r, struct net_ipv4_repr *ip,
                                struct net_eth_repr *eth)
{
    struct net_mac smac = SERVER_MAC, us = H_MAC_US;
    uint8_t f[H_FRAME_MAX];
    for (;;) {
        assert_true(h_pending() > 0);
        if (!(h_peer.slots[h_peer.head].data[12] == 0x08 &&
              h_peer.slots[h_peer.head].data[13] == 0x06))
            break;
        size_t n = h_recv(f, sizeof f);
        struct net_arp_repr arp;
        assert_int_equal(net_arp_parse(f + 14, n - 14, &arp), NET_WIRE_OK);
        if (arp.op == NET_ARP_OP_REQUEST && arp.target_ip == SERVER) {
            n = h_arp_frame(f, NET_ARP_OP_REPLY, &us, &smac, SERVER, &us, arp.sender_ip);
            h_send(f, n);
        }
    }
    expect_dhcp(r, ip, eth);
}

/* The server's reply, sent as dnsmasq would (broadcast when the client asked for it). */
static void server_reply(uint8_t type, uint32_t xid, uint32_t lease, bool broadcast)
{
    struct net_dhcp_repr r = {.op = NET_DHCP_OP_REPLY, .message_type = type, .xid = xid,
                              .broadcast = broadcast, .chaddr = H_MAC_US};
    if (type != NET_DHCP_NAK) {
        r.yiaddr = OFFERED;
        r.present = NET_DHCP_HAS_SERVER_ID | NET_DHCP_HAS_LEASE_TIME | NET_DHCP_HAS_SUBNET_MASK |
                    NET_DHCP_HAS_ROUTER;
        r.lease_time = lease;
        r.subnet_mask = NET_IP4(255, 255, 255, 0);
        r.router = SERVER;
        r.dns_count = 2;
        r.dns[0] = SERVER;
        r.dns[1] = NET_IP4(9, 9, 9, 9);
    } else {
        r.present = NET_DHCP_HAS_SERVER_ID;
    }
    r.server_id = SERVER;
    uint8_t msg[400];
    size_t len;
    assert_int_equal(net_dhcp_emit(&r, msg, sizeof msg, &len), NET_WIRE_OK);
    size_t n = h_udp_frame(frame, SERVER, 67, broadcast ? NET_IP4_BROADCAST : OFFERED, 68, msg,
                           len);
    struct net_mac smac = SERVER_MAC;
    memcpy(frame + 6, smac.b, 6);
    if (broadcast)
        memset(frame, 0xff, 6);
    h_send(frame, n);
}

/* Runs DISCOVER / OFFER / REQUEST / ACK; returns the xid. */
static uint32_t get_bound(uint32_t lease)
{
    struct net_dhcp_repr r;
    struct net_ipv4_repr ip;
    struct net_eth_repr eth;
    h_poll();
    expect_dhcp(&r, &ip, &eth);
    assert_int_equal(r.message_type, NET_DHCP_DISCOVER);
    uint32_t xid = r.xid;
    server_reply(NET_DHCP_OFFER, xid, lease, true);
    expect_dhcp(&r, &ip, &eth);
    assert_int_equal(r.message_type, NET_DHCP_REQUEST);
    server_reply(NET_DHCP_ACK, xid, lease, true);
    assert_int_equal(net_dhcp_state(&dhcp), NET_DHCP_BOUND);
    h_drain(); /* gratuitous ARP */
    return xid;
}

static void full_exchange(void **state)
{
    (void)state;
    start();
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), h_now);
    h_poll();
    struct net_dhcp_repr r;
    struct net_ipv4_repr ip;
    struct net_eth_repr eth;
    expect_dhcp(&r, &ip, &eth);
    assert_true(net_mac_is_broadcast(&eth.dst));
    assert_int_equal(ip.src, 0);
    assert_int_equal(ip.dst, NET_IP4_BROADCAST);
    assert_int_equal(r.message_type, NET_DHCP_DISCOVER);
    assert_true(r.broadcast);
    assert_int_equal(r.ciaddr, 0);
    assert_int_equal(net_dhcp_state(&dhcp), NET_DHCP_SELECTING);
    uint32_t xid = r.xid;

    /* an offer for someone else's transaction is ignored */
    server_reply(NET_DHCP_OFFER, xid + 1, 120, true);
    assert_int_equal(h_pending(), 0);
    /* unicast offer to the address offered (no broadcast flag honoured): still accepted */
    server_reply(NET_DHCP_OFFER, xid, 120, false);
    expect_dhcp(&r, &ip, &eth);
    assert_int_equal(r.message_type, NET_DHCP_REQUEST);
    assert_int_equal(r.xid, xid);
    assert_true(r.present & NET_DHCP_HAS_REQUESTED_IP);
    assert_int_equal(r.requested_ip, OFFERED);
    assert_true(r.present & NET_DHCP_HAS_SERVER_ID);
    assert_int_equal(r.server_id, SERVER);
    assert_int_equal(ip.dst, NET_IP4_BROADCAST);
    assert_int_equal(net_dhcp_state(&dhcp), NET_DHCP_REQUESTING);

    server_reply(NET_DHCP_ACK, xid, 120, true);
    assert_int_equal(net_dhcp_state(&dhcp), NET_DHCP_BOUND);
    assert_int_equal(net_iface_ipv4(&h_iface), OFFERED);
    assert_int_equal(net_iface_prefix_len(&h_iface), 24);
    assert_int_equal(net_iface_gateway(&h_iface), SERVER);
    assert_int_equal(events.count, 1);
    assert_int_equal(events.last, NET_DHCP_EV_BOUND);
    assert_int_equal(events.lease.addr, OFFERED);
    assert_int_equal(events.lease.dns_count, 2);
    assert_int_equal(events.lease.dns[1], NET_IP4(9, 9, 9, 9));
    assert_int_equal(events.lease.lease_s, 120);
    assert_int_equal(events.lease.renew_s, 60);
    assert_int_equal(events.lease.rebind_s, 105);
    assert_non_null(net_dhcp_lease(&dhcp));
    /* bound: the next thing to do is renewing at T1 */
    h_poll();
    h_drain(); /* gratuitous ARP for the new address */
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), h_now + 60 * SEC);
}

static void renew_rebind_and_loss(void **state)
{
    (void)state;
    start();
    uint64_t bound_at = h_now;
    uint32_t xid = get_bound(120);
    struct net_dhcp_repr r;
    struct net_ipv4_repr ip;
    struct net_eth_repr eth;

    /* T1: a unicast REQUEST to the server, after resolving its MAC */
    h_now = bound_at + 60 * SEC;
    h_poll();
    assert_int_equal(net_dhcp_state(&dhcp), NET_DHCP_RENEWING);
    assert_true(h_pending() == 1 && h_peer.slots[h_peer.head].data[13] == 0x06); /* ARP first */
    expect_dhcp_via_arp(&r, &ip, &eth);
    struct net_mac smac = SERVER_MAC;
    assert_true(net_mac_equal(&eth.dst, &smac));
    assert_int_equal(ip.src, OFFERED);
    assert_int_equal(ip.dst, SERVER);
    assert_int_equal(r.message_type, NET_DHCP_REQUEST);
    assert_int_equal(r.ciaddr, OFFERED);
    assert_false(r.present & (NET_DHCP_HAS_REQUESTED_IP | NET_DHCP_HAS_SERVER_ID));
    assert_false(r.broadcast);
    assert_int_equal(r.xid, xid);
    server_reply(NET_DHCP_ACK, xid, 120, false);
    assert_int_equal(net_dhcp_state(&dhcp), NET_DHCP_BOUND);
    assert_int_equal(events.last, NET_DHCP_EV_RENEWED);
    assert_int_equal(events.count, 2);
    uint64_t renewed_at = h_now;

    /* T1 again, the server is silent: retransmissions at least a minute apart, then T2 */
    h_now = renewed_at + 60 * SEC;
    h_poll();
    expect_dhcp_via_arp(&r, &ip, &eth);
    assert_int_equal(ip.dst, SERVER);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), renewed_at + 105 * SEC);
    h_now = renewed_at + 105 * SEC;
    h_poll();
    assert_int_equal(net_dhcp_state(&dhcp), NET_DHCP_REBINDING);
    expect_dhcp(&r, &ip, &eth);
    assert_int_equal(ip.dst, NET_IP4_BROADCAST);
    assert_true(net_mac_is_broadcast(&eth.dst));
    assert_int_equal(ip.src, OFFERED);
    assert_int_equal(r.ciaddr, OFFERED);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), renewed_at + 120 * SEC);

    /* the lease runs out: address gone, event, and DISCOVER again */
    h_now = renewed_at + 120 * SEC;
    h_poll();
    assert_int_equal(events.last, NET_DHCP_EV_LOST);
    assert_int_equal(events.count, 3);
    assert_int_equal(net_iface_ipv4(&h_iface), 0);
    assert_int_equal(net_iface_gateway(&h_iface), 0);
    assert_null(net_dhcp_lease(&dhcp));
    h_poll();
    expect_dhcp(&r, &ip, &eth);
    assert_int_equal(r.message_type, NET_DHCP_DISCOVER);
    assert_int_not_equal(r.xid, xid); /* a new transaction */
    assert_int_equal(ip.src, 0);
}

static void rebinding_answered_by_another_server(void **state)
{
    (void)state;
    start();
    uint64_t bound_at = h_now;
    uint32_t xid = get_bound(1000);
    h_now = bound_at + 875 * SEC;
    h_poll();
    h_drain();
    assert_int_equal(net_dhcp_state(&dhcp), NET_DHCP_REBINDING);
    server_reply(NET_DHCP_ACK, xid, 1000, true);
    assert_int_equal(net_dhcp_state(&dhcp), NET_DHCP_BOUND);
    assert_int_equal(events.last, NET_DHCP_EV_RENEWED);
    assert_int_equal(net_iface_ipv4(&h_iface), OFFERED);
}

static void nak_starts_over(void **state)
{
    (void)state;
    start();
    struct net_dhcp_repr r;
    struct net_ipv4_repr ip;
    struct net_eth_repr eth;
    h_poll();
    expect_dhcp(&r, &ip, &eth);
    uint32_t xid = r.xid;
    server_reply(NET_DHCP_OFFER, xid, 120, true);
    expect_dhcp(&r, &ip, &eth);
    server_reply(NET_DHCP_NAK, xid, 0, true);
    assert_int_equal(net_dhcp_state(&dhcp), NET_DHCP_INIT);
    assert_int_equal(events.count, 0); /* nothing was bound, nothing lost */
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), h_now + NET_DHCP_NAK_DELAY_US);
    h_now += NET_DHCP_NAK_DELAY_US;
    h_poll();
    expect_dhcp(&r, &ip, &eth);
    assert_int_equal(r.message_type, NET_DHCP_DISCOVER);

    /* a NAK while renewing removes the address */
    start();
    uint64_t bound_at = h_now;
    xid = get_bound(120);
    h_now = bound_at + 60 * SEC;
    h_poll();
    h_drain();
    server_reply(NET_DHCP_NAK, xid, 0, false);
    assert_int_equal(events.last, NET_DHCP_EV_LOST);
    assert_int_equal(net_iface_ipv4(&h_iface), 0);
}

static void retransmission_backoff(void **state)
{
    (void)state;
    start();
    h_poll();
    uint64_t first = h_now, last = h_now;
    const uint64_t nominal[] = {4, 8, 16, 32, 64, 64};
    for (size_t i = 0; i < sizeof nominal / sizeof nominal[0]; i++) {
        h_drain();
        uint64_t next = net_iface_poll_at(&h_iface, h_now);
        /* RFC 2131 4.1: 4 s doubling up to 64 s, each randomised by -1..+1 s */
        assert_true(next >= last + (nominal[i] - 1) * SEC);
        assert_true(next <= last + (nominal[i] + 1) * SEC);
        h_now = next - 1;
        h_poll();
        assert_int_equal(h_pending(), 0);
        h_now = next;
        h_poll();
        struct net_dhcp_repr r;
        struct net_ipv4_repr ip;
        struct net_eth_repr eth;
        expect_dhcp(&r, &ip, &eth);
        assert_int_equal(r.message_type, NET_DHCP_DISCOVER);
        assert_int_equal(r.secs, (next - first) / SEC); /* time since the first DISCOVER */
        last = next;
    }
}

static uint32_t fixed_entropy(void *ctx)
{
    (void)ctx;
    return 0x12345678; /* the xid of the captured exchange */
}

static void takes_captured_dnsmasq_offer(void **state)
{
    (void)state;
    h_setup(false);
    const struct net_mac client = {{2, 0, 0, 0, 0, 2}};
    h_iface.mac = client;
    h_iface.entropy = fixed_entropy;
    memset(&dhcp, 0, sizeof dhcp);
    assert_int_equal(net_dhcp_start(&dhcp, &h_iface, NULL, on_event, NULL), NET_OK);
    h_poll();
    h_drain(); /* DISCOVER */
    /* as captured on veth, the UDP checksum is only the pseudo-header sum (offload): refused */
    h_send(cap_dhcp_offer, sizeof cap_dhcp_offer);
    assert_int_equal(h_drops(NET_DROP_UDP_BAD_CHECKSUM), 1);
    assert_int_equal(net_dhcp_state(&dhcp), NET_DHCP_SELECTING);
    /* completed as a real NIC would have sent it */
    uint8_t offer[sizeof cap_dhcp_offer];
    memcpy(offer, cap_dhcp_offer, sizeof offer);
    size_t udp_len = sizeof offer - 34;
    net_put16(offer + 40, 0);
    net_put16(offer + 40, h_cksum(offer + 34, udp_len,
                                  h_pseudo(NET_IP4(10, 9, 0, 1), NET_IP4_BROADCAST, 17, udp_len)));
    h_send(offer, sizeof offer);
    assert_int_equal(net_dhcp_state(&dhcp), NET_DHCP_REQUESTING);
    size_t n = h_recv(frame, sizeof frame);
    struct net_eth_repr eth;
    struct net_ipv4_repr ip;
    h_parse_ipv4(frame, n, &eth, &ip);
    struct net_dhcp_repr r;
    assert_int_equal(net_dhcp_parse(ip.payload + 8, ip.payload_len - 8, &r), NET_WIRE_OK);
    assert_int_equal(r.message_type, NET_DHCP_REQUEST);
    assert_int_equal(r.xid, 0x12345678);
    assert_int_equal(r.requested_ip, NET_IP4(10, 9, 0, 64));
    assert_int_equal(r.server_id, NET_IP4(10, 9, 0, 1));
    net_dhcp_stop(&dhcp);
}

static void stop_and_restart(void **state)
{
    (void)state;
    start();
    get_bound(120);
    net_dhcp_restart(&dhcp);
    assert_int_equal(events.last, NET_DHCP_EV_LOST);
    assert_int_equal(net_iface_ipv4(&h_iface), 0);
    h_poll();
    struct net_dhcp_repr r;
    struct net_ipv4_repr ip;
    struct net_eth_repr eth;
    expect_dhcp(&r, &ip, &eth);
    assert_int_equal(r.message_type, NET_DHCP_DISCOVER);
    net_dhcp_stop(&dhcp);
    assert_int_equal(net_dhcp_state(&dhcp), NET_DHCP_STOPPED);
    h_now += 100 * SEC;
    h_poll();
    assert_int_equal(h_pending(), 0);
    assert_int_equal(net_iface_poll_at(&h_iface, h_now), UINT64_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_exchange),
        cmocka_unit_test(renew_rebind_and_loss),
        cmocka_unit_test(rebinding_answered_by_another_server),
        cmocka_unit_test(nak_starts_over),
        cmocka_unit_test(retransmission_backoff),
        cmocka_unit_test(takes_captured_dnsmasq_offer),
        cmocka_unit_test(stop_and_restart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
