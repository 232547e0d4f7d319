/* Per-layer counters of an interface: frames/packets in and out per protocol, and every drop
 * with its reason. They are the primary record of what the stack did (logs only at DEBUG). */
#ifndef NET_COUNTERS_H
#define NET_COUNTERS_H

#include <stdint.h>

enum net_drop_reason {
    NET_DROP_ETH_MALFORMED,      /* shorter than a header */
    NET_DROP_ETH_NOT_FOR_US,     /* unicast to another MAC, or a multicast group not joined */
    NET_DROP_ETH_UNKNOWN_TYPE,   /* EtherType other than IPv4/ARP (or VLAN, 802.3 LLC) */
    NET_DROP_ETH_OWN_SOURCE,     /* our own MAC as source: a loop, or a spoof */
    NET_DROP_ARP_MALFORMED,
    NET_DROP_ARP_NOT_FOR_US,     /* a request for someone else (not an error, but not ours) */
    NET_DROP_ARP_BAD_SENDER,     /* sender MAC multicast/broadcast, or sender IP multicast */
    NET_DROP_ARP_CONFLICT,       /* someone else claims our address */
    NET_DROP_IPV4_MALFORMED,     /* version, IHL, lengths */
    NET_DROP_IPV4_BAD_CHECKSUM,
    NET_DROP_IPV4_NOT_FOR_US,    /* destination is not us, broadcast or a joined group */
    NET_DROP_IPV4_BAD_SOURCE,    /* source is broadcast or multicast */
    NET_DROP_IPV4_UNKNOWN_PROTO, /* no handler (protocol unreachable sent when allowed) */
    NET_DROP_FRAG_NO_BUFFER,     /* a fragment, and reassembly is off (net_iface_enable_reasm) */
    NET_DROP_FRAG_TOO_BIG,       /* datagram larger than a reassembly slot */
    NET_DROP_FRAG_OVERLAP,       /* fragments overlap with different extents: datagram dropped */
    NET_DROP_FRAG_TOO_MANY_HOLES,/* more disjoint pieces than NET_REASM_RANGES */
    NET_DROP_FRAG_TIMEOUT,       /* incomplete when its time ran out */
    NET_DROP_FRAG_EVICTED,       /* pushed out by a newer datagram when every slot was busy */
    NET_DROP_FRAG_DUPLICATE,     /* a fragment we already had */
    NET_DROP_ICMP_MALFORMED,
    NET_DROP_ICMP_BAD_CHECKSUM,
    NET_DROP_ICMP_IGNORED,       /* a type we do not act on, or echo to a broadcast address */
    NET_DROP_UDP_MALFORMED,
    NET_DROP_UDP_BAD_CHECKSUM,
    NET_DROP_UDP_NO_SOCKET,      /* closed port (port unreachable sent when allowed) */
    NET_DROP_UDP_SOCKET_FULL,    /* the socket's receive ring had no room */
    NET_DROP_ICMP_SOCKET_FULL,
    NET_DROP_TX_NO_ROUTE,        /* no address, or no route to the destination */
    NET_DROP_TX_ARP_FAILED,      /* the neighbour did not answer ARP */
    NET_DROP_TX_ARP_PENDING,     /* the neighbour is being resolved and nothing could be held */
    NET_DROP_TX_ARP_EVICTED,     /* held for a lookup that a newer lookup pushed out of the cache */
    NET_DROP_TX_DEVICE_FULL,     /* the device had no transmit buffer */
    NET_DROP_TX_TOO_BIG,         /* larger than the MTU and could not be fragmented */
    NET_DROP_ICMP_RATE_LIMITED,  /* an ICMP error we would have sent, held back by the rate limit */
    NET_DROP_REASON_COUNT
};

struct net_layer_counters {
    uint32_t rx;   /* accepted at this layer */
    uint32_t tx;   /* sent from this layer */
    uint32_t drop; /* refused at this layer (the reason is in drops[]) */
};

struct net_counters {
    struct net_layer_counters eth, arp, ipv4, icmp, udp, tcp;
    uint32_t rx_bytes, tx_bytes;  /* Ethernet frames, headers included */
    uint32_t frag_rx;             /* fragments received */
    uint32_t reasm_ok;            /* datagrams reassembled */
    uint32_t frag_tx;             /* fragments sent */
    uint32_t drops[NET_DROP_REASON_COUNT];
};

const char *net_drop_reason_str(enum net_drop_reason reason);

#endif
