/* Compile-time sizes and timings of the stack. Every one can be overridden with a compile
 * definition (-DNET_ARP_CACHE_SIZE=16). Storage that grows with traffic (socket rings, held
 * packets, reassembly buffers) is provided by the caller instead, so it is sized per application. */
#ifndef NET_CONFIG_H
#define NET_CONFIG_H

/* ARP */
#ifndef NET_ARP_CACHE_SIZE
#define NET_ARP_CACHE_SIZE 8 /* neighbours remembered */
#endif
#ifndef NET_ARP_TTL_US
#define NET_ARP_TTL_US (60u * 1000000u) /* a resolved entry lives this long */
#endif
#ifndef NET_ARP_REFRESH_US
#define NET_ARP_REFRESH_US (5u * 1000000u) /* used in its last 5 s: re-ask by unicast */
#endif
#ifndef NET_ARP_RETRY_US
#define NET_ARP_RETRY_US 1000000u /* between requests for a pending entry */
#endif
#ifndef NET_ARP_TRIES
#define NET_ARP_TRIES 3 /* requests before a neighbour is declared unreachable */
#endif
#ifndef NET_ARP_FAIL_HOLDOFF_US
#define NET_ARP_FAIL_HOLDOFF_US 1000000u /* an unreachable neighbour is not asked again this soon */
#endif
#ifndef NET_ARP_IN_USE_US
#define NET_ARP_IN_USE_US (30u * 1000000u) /* a neighbour sent to this recently is in use */
#endif
#ifndef NET_ARP_HOLD_SLOTS
#define NET_ARP_HOLD_SLOTS 2 /* packets held while their neighbour is resolved (one each) */
#endif

/* Routing and filtering */
#ifndef NET_ROUTE_MAX
#define NET_ROUTE_MAX 4 /* static routes besides the connected subnet and the default gateway */
#endif
#ifndef NET_MCAST_MAX
#define NET_MCAST_MAX 4 /* multicast groups joined (224.0.0.1 is always in) */
#endif

/* IPv4 */
#ifndef NET_IP_TTL
#define NET_IP_TTL 64
#endif
#ifndef NET_REASM_SLOTS
#define NET_REASM_SLOTS 2 /* datagrams reassembled at once (the caller's buffer is split) */
#endif
#ifndef NET_REASM_RANGES
#define NET_REASM_RANGES 8 /* disjoint received ranges tracked per datagram */
#endif
#ifndef NET_REASM_TIMEOUT_US
#define NET_REASM_TIMEOUT_US (15u * 1000000u) /* RFC 791's lower bound */
#endif

/* ICMP error rate limit: a token bucket (Linux does the same, icmp_ratelimit) */
#ifndef NET_ICMP_ERR_BURST
#define NET_ICMP_ERR_BURST 10
#endif
#ifndef NET_ICMP_ERR_REFILL_US
#define NET_ICMP_ERR_REFILL_US 10000u /* one token per 10 ms: 100 errors/s sustained */
#endif

/* Polling */
#ifndef NET_RX_BURST
#define NET_RX_BURST 16 /* frames received per poll when the device does not say */
#endif
#ifndef NET_TX_RETRY_US
#define NET_TX_RETRY_US 1000u /* device ring full: look again this soon */
#endif
#ifndef NET_EPHEMERAL_FIRST
#define NET_EPHEMERAL_FIRST 49152u /* RFC 6335 dynamic ports: 49152..65535 */
#endif

/* DHCP client */
#ifndef NET_DHCP_MSG_MAX
#define NET_DHCP_MSG_MAX 576 /* RFC 2131: every client must accept 576-byte messages */
#endif
#ifndef NET_DHCP_RETRY_MIN_US
#define NET_DHCP_RETRY_MIN_US (4u * 1000000u) /* RFC 2131 4.1: 4 s, doubling to 64 s */
#endif
#ifndef NET_DHCP_RETRY_MAX_US
#define NET_DHCP_RETRY_MAX_US (64u * 1000000u)
#endif
#ifndef NET_DHCP_REQUEST_TRIES
#define NET_DHCP_REQUEST_TRIES 4 /* REQUESTs for an offer before starting over */
#endif
#ifndef NET_DHCP_RENEW_MIN_US
#define NET_DHCP_RENEW_MIN_US (60u * 1000000u) /* RFC 2131 4.4.5: at least 60 s apart */
#endif
#ifndef NET_DHCP_NAK_DELAY_US
#define NET_DHCP_NAK_DELAY_US 1000000u
#endif

/* DNS client */
#ifndef NET_DNS_MAX_SERVERS
#define NET_DNS_MAX_SERVERS 3
#endif
#ifndef NET_DNS_MAX_QUERIES
#define NET_DNS_MAX_QUERIES 2 /* names resolved at once */
#endif
#ifndef NET_DNS_MAX_ADDRS
#define NET_DNS_MAX_ADDRS 4 /* addresses kept per answer */
#endif
#ifndef NET_DNS_TIMEOUT_US
#define NET_DNS_TIMEOUT_US 1000000u /* first wait for an answer; doubles each round */
#endif
#ifndef NET_DNS_ROUNDS
#define NET_DNS_ROUNDS 3 /* times every server is asked before giving up */
#endif

#endif
