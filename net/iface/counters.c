#include "net/counters.h"

const char *net_drop_reason_str(enum net_drop_reason reason)
{
    switch (reason) {
    case NET_DROP_ETH_MALFORMED: return "eth malformed";
    case NET_DROP_ETH_NOT_FOR_US: return "eth not for us";
    case NET_DROP_ETH_UNKNOWN_TYPE: return "eth unknown type";
    case NET_DROP_ETH_OWN_SOURCE: return "eth own source";
    case NET_DROP_ARP_MALFORMED: return "arp malformed";
    case NET_DROP_ARP_NOT_FOR_US: return "arp not for us";
    case NET_DROP_ARP_BAD_SENDER: return "arp bad sender";
    case NET_DROP_ARP_CONFLICT: return "arp address conflict";
    case NET_DROP_IPV4_MALFORMED: return "ipv4 malformed";
    case NET_DROP_IPV4_BAD_CHECKSUM: return "ipv4 bad checksum";
    case NET_DROP_IPV4_NOT_FOR_US: return "ipv4 not for us";
    case NET_DROP_IPV4_BAD_SOURCE: return "ipv4 bad source";
    case NET_DROP_IPV4_UNKNOWN_PROTO: return "ipv4 unknown protocol";
    case NET_DROP_FRAG_NO_BUFFER: return "fragment, reassembly not enabled";
    case NET_DROP_FRAG_TOO_BIG: return "fragmented datagram too big";
    case NET_DROP_FRAG_OVERLAP: return "fragments overlap";
    case NET_DROP_FRAG_TOO_MANY_HOLES: return "fragments: too many holes";
    case NET_DROP_FRAG_TIMEOUT: return "reassembly timeout";
    case NET_DROP_FRAG_EVICTED: return "reassembly evicted";
    case NET_DROP_FRAG_DUPLICATE: return "duplicate fragment";
    case NET_DROP_ICMP_MALFORMED: return "icmp malformed";
    case NET_DROP_ICMP_BAD_CHECKSUM: return "icmp bad checksum";
    case NET_DROP_ICMP_IGNORED: return "icmp ignored";
    case NET_DROP_UDP_MALFORMED: return "udp malformed";
    case NET_DROP_UDP_BAD_CHECKSUM: return "udp bad checksum";
    case NET_DROP_UDP_NO_SOCKET: return "udp closed port";
    case NET_DROP_UDP_SOCKET_FULL: return "udp socket full";
    case NET_DROP_ICMP_SOCKET_FULL: return "icmp socket full";
    case NET_DROP_TX_NO_ROUTE: return "tx no route";
    case NET_DROP_TX_ARP_FAILED: return "tx arp failed";
    case NET_DROP_TX_ARP_PENDING: return "tx arp pending";
    case NET_DROP_TX_ARP_EVICTED: return "tx arp evicted";
    case NET_DROP_TX_DEVICE_FULL: return "tx device full";
    case NET_DROP_TX_TOO_BIG: return "tx too big";
    case NET_DROP_ICMP_RATE_LIMITED: return "icmp error rate limited";
    case NET_DROP_REASON_COUNT: break;
    }
    return "?";
}
