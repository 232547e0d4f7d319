/* DHCPv4 client (RFC 2131): DISCOVER -> OFFER -> REQUEST -> ACK, then renewal at T1 (unicast to
 * the server), rebinding at T2 (broadcast), and the lease lost at its end. Retransmissions back
 * off 4, 8, 16, 32, 64 s with +-1 s of jitter (RFC 2131 4.1). The client sets the interface's
 * address, prefix and gateway itself and tells the application through an event, which carries
 * the DNS servers too (hand them to the DNS client).
 *
 *   static struct net_dhcp_client dhcp;
 *   net_dhcp_start(&dhcp, &iface, "mqtt-device", on_dhcp, NULL);
 *
 * Not implemented: INIT-REBOOT, DHCPDECLINE after an ARP probe, DHCPRELEASE, option overload. */
#ifndef NET_DHCP_H
#define NET_DHCP_H

#include <stdbool.h>
#include <stdint.h>

#include "net/iface.h"
#include "net/socket/udp.h"
#include "net/wire/dhcpv4.h"

enum net_dhcp_state {
    NET_DHCP_STOPPED,
    NET_DHCP_INIT,       /* about to send DISCOVER */
    NET_DHCP_SELECTING,  /* DISCOVER sent, waiting for an OFFER */
    NET_DHCP_REQUESTING, /* REQUEST for an offer sent, waiting for ACK/NAK */
    NET_DHCP_BOUND,
    NET_DHCP_RENEWING,   /* past T1: asking our server */
    NET_DHCP_REBINDING,  /* past T2: asking any server */
};

enum net_dhcp_event {
    NET_DHCP_EV_BOUND,   /* an address was configured */
    NET_DHCP_EV_RENEWED, /* the lease was extended (same address) */
    NET_DHCP_EV_LOST,    /* the lease ended or was refused: the address was removed */
};

struct net_dhcp_lease {
    net_ip4 addr;
    uint8_t prefix_len;
    net_ip4 router; /* 0: none offered */
    net_ip4 server;
    uint8_t dns_count;
    net_ip4 dns[NET_DHCP_MAX_DNS];
    uint32_t lease_s, renew_s, rebind_s; /* 0xFFFFFFFF lease: infinite */
};

typedef void (*net_dhcp_event_fn)(void *ctx, enum net_dhcp_event ev,
                                  const struct net_dhcp_lease *lease);

struct net_dhcp_client {
    struct net_handler handler;
    struct net_udp_socket udp;
    struct net_iface *iface;
    uint8_t state; /* enum net_dhcp_state */
    uint8_t tries;
    uint32_t xid;
    uint64_t retry_us; /* current retransmission interval */
    uint64_t next_tx;  /* when to send next (UINT64_MAX: nothing to send) */
    uint64_t started;  /* start of this exchange (the secs field) */
    uint64_t t1_at, t2_at, expire_at;
    struct net_dhcp_lease lease; /* the bound lease, or the offer being requested */
    const char *hostname;
    net_dhcp_event_fn on_event;
    void *ctx;
};

/* Starts (or restarts) acquiring an address on iface. hostname may be NULL. NET_ERR_IN_USE if
 * port 68 is taken. */
enum net_err net_dhcp_start(struct net_dhcp_client *c, struct net_iface *iface,
                            const char *hostname, net_dhcp_event_fn fn, void *ctx);

/* Stops; the address, if any, is removed (no event). */
void net_dhcp_stop(struct net_dhcp_client *c);

/* Forgets the lease (NET_DHCP_EV_LOST if there was one) and starts over, e.g. when the link
 * comes back after it was lost. */
void net_dhcp_restart(struct net_dhcp_client *c);

enum net_dhcp_state net_dhcp_state(const struct net_dhcp_client *c);
/* The lease while bound, renewing or rebinding; NULL otherwise. */
const struct net_dhcp_lease *net_dhcp_lease(const struct net_dhcp_client *c);
const char *net_dhcp_state_str(enum net_dhcp_state s);

#endif
