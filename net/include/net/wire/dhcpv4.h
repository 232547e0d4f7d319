/* DHCPv4 messages (RFC 2131, options RFC 2132): the BOOTP fixed part, the magic cookie and the
 * options a client needs. Parse and emit; the client state machine is in net/dhcp.h.
 * Option overload (52: options continued in sname/file) is not followed. */
#ifndef NET_WIRE_DHCPV4_H
#define NET_WIRE_DHCPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"
#include "net/wire/error.h"

#define NET_DHCP_FIXED_LEN 236  /* op .. file */
#define NET_DHCP_MIN_LEN 240    /* fixed part + magic cookie */
#define NET_DHCP_BOOTP_MIN 300  /* emitted messages are padded to this (RFC 1542 relays) */
#define NET_DHCP_SERVER_PORT 67
#define NET_DHCP_CLIENT_PORT 68
#define NET_DHCP_MAX_DNS 3      /* DNS servers kept from option 6 */

#define NET_DHCP_OP_REQUEST 1
#define NET_DHCP_OP_REPLY 2

/* option 53 values */
#define NET_DHCP_DISCOVER 1
#define NET_DHCP_OFFER 2
#define NET_DHCP_REQUEST 3
#define NET_DHCP_DECLINE 4
#define NET_DHCP_ACK 5
#define NET_DHCP_NAK 6
#define NET_DHCP_RELEASE 7
#define NET_DHCP_INFORM 8

/* option codes */
#define NET_DHCP_OPT_PAD 0
#define NET_DHCP_OPT_SUBNET_MASK 1
#define NET_DHCP_OPT_ROUTER 3
#define NET_DHCP_OPT_DNS 6
#define NET_DHCP_OPT_HOSTNAME 12
#define NET_DHCP_OPT_REQUESTED_IP 50
#define NET_DHCP_OPT_LEASE_TIME 51
#define NET_DHCP_OPT_MSG_TYPE 53
#define NET_DHCP_OPT_SERVER_ID 54
#define NET_DHCP_OPT_PARAM_LIST 55
#define NET_DHCP_OPT_MAX_MSG_SIZE 57
#define NET_DHCP_OPT_RENEWAL_TIME 58
#define NET_DHCP_OPT_REBINDING_TIME 59
#define NET_DHCP_OPT_CLIENT_ID 61
#define NET_DHCP_OPT_END 255

/* Which optional fields of the repr are present (bits of `present`). */
#define NET_DHCP_HAS_SUBNET_MASK (1u << 0)
#define NET_DHCP_HAS_ROUTER (1u << 1)
#define NET_DHCP_HAS_REQUESTED_IP (1u << 2)
#define NET_DHCP_HAS_LEASE_TIME (1u << 3)
#define NET_DHCP_HAS_SERVER_ID (1u << 4)
#define NET_DHCP_HAS_RENEWAL_TIME (1u << 5)
#define NET_DHCP_HAS_REBINDING_TIME (1u << 6)
#define NET_DHCP_HAS_MAX_MSG_SIZE (1u << 7)

struct net_dhcp_repr {
    uint8_t op;           /* NET_DHCP_OP_* */
    uint8_t message_type; /* option 53, 0 when absent (a plain BOOTP message) */
    uint32_t xid;
    uint16_t secs;
    bool broadcast;       /* flags bit 15: reply by broadcast */
    net_ip4 ciaddr, yiaddr, siaddr, giaddr;
    struct net_mac chaddr;
    uint32_t present;     /* NET_DHCP_HAS_* */
    net_ip4 subnet_mask;
    net_ip4 router;       /* the first router of option 3 */
    net_ip4 requested_ip;
    net_ip4 server_id;
    uint32_t lease_time, renewal_time, rebinding_time; /* seconds */
    uint16_t max_msg_size;
    uint8_t dns_count;
    net_ip4 dns[NET_DHCP_MAX_DNS]; /* the first NET_DHCP_MAX_DNS of option 6 */
    /* emit only (ignored when NULL/0): */
    const uint8_t *param_list; /* option 55 codes */
    uint8_t param_list_len;
    const char *hostname;      /* option 12 */
    bool client_id;            /* option 61 as type 1 + chaddr */
};

/* Checks op (1 or 2), htype 1 / hlen 6, the magic cookie, and walks the options: each needs its
 * length byte and its data inside the buffer, and the options it reads have their fixed lengths
 * (NET_WIRE_BAD_OPTION otherwise). Options after END, and unknown options, are skipped. */
enum net_wire_err net_dhcp_parse(const uint8_t *buf, size_t len, struct net_dhcp_repr *out);

/* Writes the message with the options repr carries (message type always; the others when their
 * NET_DHCP_HAS_* bit is set, or the emit-only fields are given), END, and zero padding up to
 * NET_DHCP_BOOTP_MIN. *written is the message length. */
enum net_wire_err net_dhcp_emit(const struct net_dhcp_repr *repr, uint8_t *buf, size_t cap,
                                size_t *written);

#endif
