/* Wire layer: DHCPv4 messages. */
#include <string.h>

#include "captures.h"
#include "harness.h"
#include "net/wire/bytes.h"
#include "net/wire/dhcpv4.h"

#define OFFER (cap_dhcp_offer + 42) /* after Ethernet, IPv4 and UDP headers */
#define OFFER_LEN (sizeof cap_dhcp_offer - 42)

static void parse_captured_dnsmasq_offer(void **state)
{
    (void)state;
    struct net_dhcp_repr r;
    assert_int_equal(OFFER_LEN, 300);
    assert_int_equal(net_dhcp_parse(OFFER, OFFER_LEN, &r), NET_WIRE_OK);
    assert_int_equal(r.op, NET_DHCP_OP_REPLY);
    assert_int_equal(r.message_type, NET_DHCP_OFFER);
    assert_int_equal(r.xid, 0x12345678);
    assert_true(r.broadcast);
    assert_int_equal(r.yiaddr, NET_IP4(10, 9, 0, 64));
    assert_int_equal(r.siaddr, NET_IP4(10, 9, 0, 1));
    const struct net_mac client = {{2, 0, 0, 0, 0, 2}};
    assert_true(net_mac_equal(&r.chaddr, &client));
    assert_int_equal(r.server_id, NET_IP4(10, 9, 0, 1));
    assert_int_equal(r.subnet_mask, NET_IP4(255, 255, 255, 0));
    assert_int_equal(r.router, NET_IP4(10, 9, 0, 1));
    assert_int_equal(r.dns_count, 1);
    assert_int_equal(r.dns[0], NET_IP4(10, 9, 0, 1));
    assert_int_equal(r.lease_time, 120);
    assert_int_equal(r.renewal_time, 60);
    assert_int_equal(r.rebinding_time, 105);
    uint32_t want = NET_DHCP_HAS_SERVER_ID | NET_DHCP_HAS_SUBNET_MASK | NET_DHCP_HAS_ROUTER |
                    NET_DHCP_HAS_LEASE_TIME | NET_DHCP_HAS_RENEWAL_TIME |
                    NET_DHCP_HAS_REBINDING_TIME;
    assert_int_equal(r.present, want);
}

static void truncated_at_every_length(void **state)
{
    (void)state;
    struct net_dhcp_repr r;
    for (size_t len = 0; len < NET_DHCP_MIN_LEN; len++)
        assert_int_equal(net_dhcp_parse(OFFER, len, &r), NET_WIRE_TRUNCATED);
    /* cut inside the options: an option whose length byte or data is missing */
    size_t bad = 0;
    for (size_t len = NET_DHCP_MIN_LEN; len < OFFER_LEN; len++) {
        enum net_wire_err e = net_dhcp_parse(OFFER, len, &r);
        assert_true(e == NET_WIRE_OK || e == NET_WIRE_BAD_OPTION);
        bad += e == NET_WIRE_BAD_OPTION;
    }
    /* every cut after an option's code up to its last byte is refused: 1 + n cuts for an option
     * of n data bytes; the offer has one of 1 byte and eight of 4: 2 + 8 * 5 */
    assert_int_equal(bad, 42);
}

static void field_and_option_errors(void **state)
{
    (void)state;
    uint8_t m[300];
    struct net_dhcp_repr r;
    memcpy(m, OFFER, 300);
    m[0] = 3;
    assert_int_equal(net_dhcp_parse(m, 300, &r), NET_WIRE_BAD_FIELD);
    memcpy(m, OFFER, 300);
    m[1] = 6; /* token ring */
    assert_int_equal(net_dhcp_parse(m, 300, &r), NET_WIRE_UNSUPPORTED);
    memcpy(m, OFFER, 300);
    m[239] = 0; /* magic cookie */
    assert_int_equal(net_dhcp_parse(m, 300, &r), NET_WIRE_BAD_FIELD);
    memcpy(m, OFFER, 300);
    m[241] = 2; /* message type with length 2 */
    assert_int_equal(net_dhcp_parse(m, 300, &r), NET_WIRE_BAD_OPTION);
    memcpy(m, OFFER, 300);
    m[244] = 3; /* server identifier with length 3 */
    assert_int_equal(net_dhcp_parse(m, 300, &r), NET_WIRE_BAD_OPTION);
    memcpy(m, OFFER, 300);
    m[244] = 200; /* runs past the message */
    assert_int_equal(net_dhcp_parse(m, 300, &r), NET_WIRE_BAD_OPTION);
}

static void dns_list_and_router_list(void **state)
{
    (void)state;
    uint8_t m[320];
    memcpy(m, OFFER, NET_DHCP_MIN_LEN);
    uint8_t opts[] = {53, 1, 5, 6, 16, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
                      3, 8, 9, 9, 9, 9, 8, 8, 8, 8, 0, 0, 255, 1, 2, 3};
    memcpy(m + NET_DHCP_MIN_LEN, opts, sizeof opts);
    struct net_dhcp_repr r;
    assert_int_equal(net_dhcp_parse(m, NET_DHCP_MIN_LEN + sizeof opts, &r), NET_WIRE_OK);
    assert_int_equal(r.message_type, NET_DHCP_ACK);
    assert_int_equal(r.dns_count, NET_DHCP_MAX_DNS); /* the 4th is not kept */
    assert_int_equal(r.dns[2], NET_IP4(3, 3, 3, 3));
    assert_int_equal(r.router, NET_IP4(9, 9, 9, 9)); /* the first router */
    m[NET_DHCP_MIN_LEN + 22] = 6; /* router list not a multiple of 4 */
    assert_int_equal(net_dhcp_parse(m, NET_DHCP_MIN_LEN + sizeof opts, &r), NET_WIRE_BAD_OPTION);
}

static void emit_request_roundtrip(void **state)
{
    (void)state;
    static const uint8_t params[] = {1, 3, 6, 51};
    struct net_dhcp_repr in = {.op = NET_DHCP_OP_REQUEST, .message_type = NET_DHCP_REQUEST,
                               .xid = 0xdeadbeef, .secs = 3, .broadcast = true,
                               .chaddr = H_MAC_US,
                               .present = NET_DHCP_HAS_REQUESTED_IP | NET_DHCP_HAS_SERVER_ID |
                                          NET_DHCP_HAS_MAX_MSG_SIZE,
                               .requested_ip = NET_IP4(10, 9, 0, 64),
                               .server_id = NET_IP4(10, 9, 0, 1), .max_msg_size = 576,
                               .param_list = params, .param_list_len = sizeof params,
                               .hostname = "kit", .client_id = true};
    uint8_t m[400];
    size_t n;
    assert_int_equal(net_dhcp_emit(&in, m, 240, &n), NET_WIRE_NO_SPACE);
    assert_int_equal(net_dhcp_emit(&in, m, 260, &n), NET_WIRE_NO_SPACE);
    assert_int_equal(net_dhcp_emit(&in, m, sizeof m, &n), NET_WIRE_OK);
    assert_int_equal(n, NET_DHCP_BOOTP_MIN); /* padded */
    struct net_dhcp_repr out;
    assert_int_equal(net_dhcp_parse(m, n, &out), NET_WIRE_OK);
    assert_int_equal(out.op, NET_DHCP_OP_REQUEST);
    assert_int_equal(out.message_type, NET_DHCP_REQUEST);
    assert_int_equal(out.xid, 0xdeadbeef);
    assert_int_equal(out.secs, 3);
    assert_true(out.broadcast);
    assert_true(net_mac_equal(&out.chaddr, &in.chaddr));
    assert_int_equal(out.requested_ip, in.requested_ip);
    assert_int_equal(out.server_id, in.server_id);
    assert_int_equal(out.max_msg_size, 576);
    /* the options we cannot read back are where they should be: client id and hostname */
    const uint8_t client_id[] = {61, 7, 1, 2, 0, 0, 0, 0, 0x10};
    assert_non_null(memmem(m + 240, n - 240, client_id, sizeof client_id));
    assert_non_null(memmem(m + 240, n - 240, "\x0c\x03kit", 5));
    assert_non_null(memmem(m + 240, n - 240, "\x37\x04\x01\x03\x06\x33", 6));
}

static void emit_server_options_roundtrip(void **state)
{
    (void)state;
    struct net_dhcp_repr in = {.op = NET_DHCP_OP_REPLY, .message_type = NET_DHCP_ACK, .xid = 1,
                               .yiaddr = NET_IP4(192, 168, 0, 7), .chaddr = H_MAC_US,
                               .present = NET_DHCP_HAS_SERVER_ID | NET_DHCP_HAS_LEASE_TIME |
                                          NET_DHCP_HAS_SUBNET_MASK | NET_DHCP_HAS_ROUTER |
                                          NET_DHCP_HAS_RENEWAL_TIME | NET_DHCP_HAS_REBINDING_TIME,
                               .server_id = NET_IP4(192, 168, 0, 1), .lease_time = 3600,
                               .renewal_time = 1800, .rebinding_time = 3000,
                               .subnet_mask = NET_IP4(255, 255, 0, 0),
                               .router = NET_IP4(192, 168, 0, 1), .dns_count = 2,
                               .dns = {NET_IP4(1, 1, 1, 1), NET_IP4(8, 8, 8, 8)}};
    uint8_t m[400];
    size_t n;
    assert_int_equal(net_dhcp_emit(&in, m, sizeof m, &n), NET_WIRE_OK);
    struct net_dhcp_repr out;
    assert_int_equal(net_dhcp_parse(m, n, &out), NET_WIRE_OK);
    assert_int_equal(out.present, in.present);
    assert_int_equal(out.lease_time, 3600);
    assert_int_equal(out.renewal_time, 1800);
    assert_int_equal(out.rebinding_time, 3000);
    assert_int_equal(out.subnet_mask, in.subnet_mask);
    assert_int_equal(out.dns_count, 2);
    assert_int_equal(out.dns[1], NET_IP4(8, 8, 8, 8));
    assert_int_equal(out.yiaddr, in.yiaddr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_captured_dnsmasq_offer),
        cmocka_unit_test(truncated_at_every_length),
        cmocka_unit_test(field_and_option_errors),
        cmocka_unit_test(dns_list_and_router_list),
        cmocka_unit_test(emit_request_roundtrip),
        cmocka_unit_test(emit_server_options_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
