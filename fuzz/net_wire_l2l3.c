/* fuzz-deps: kit_net kit_log */
/* Ethernet, ARP, IPv4, ICMPv4 and UDP parsers on arbitrary bytes. Whatever parses must emit back
 * to something that parses to the same fields. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/wire/arp.h"
#include "net/wire/ethernet.h"
#include "net/wire/icmpv4.h"
#include "net/wire/ipv4.h"
#include "net/wire/udp.h"

#define CHECK(x)                                                                                   \
    do {                                                                                           \
        if (!(x))                                                                                  \
            __builtin_trap();                                                                      \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* a private copy: parsers get mutable buffers, and ASan sees reads past `size` */
    uint8_t *buf = malloc(size ? size : 1);
    memcpy(buf, data, size);
    uint8_t out[2048];

    struct net_eth_repr eth;
    if (net_eth_parse(buf, size, &eth) == NET_WIRE_OK) {
        CHECK(net_eth_emit(&eth, out, sizeof out) == NET_WIRE_OK);
        CHECK(memcmp(out, buf, NET_ETH_HDR_LEN) == 0);
    }
    struct net_arp_repr arp, arp2;
    if (net_arp_parse(buf, size, &arp) == NET_WIRE_OK) {
        CHECK(net_arp_emit(&arp, out, sizeof out) == NET_WIRE_OK);
        CHECK(net_arp_parse(out, NET_ARP_LEN, &arp2) == NET_WIRE_OK);
        CHECK(arp.op == arp2.op && arp.sender_ip == arp2.sender_ip &&
              arp.target_ip == arp2.target_ip && net_mac_equal(&arp.sender_mac, &arp2.sender_mac) &&
              net_mac_equal(&arp.target_mac, &arp2.target_mac));
    }
    for (int verify = 0; verify < 2; verify++) {
        struct net_ipv4_repr ip;
        if (net_ipv4_parse(buf, size, verify, &ip) != NET_WIRE_OK)
            continue;
        CHECK(ip.payload >= buf && ip.payload + ip.payload_len <= buf + size);
        if (ip.payload_len + NET_IPV4_HDR_LEN <= sizeof out) {
            struct net_ipv4_repr back;
            memcpy(out + NET_IPV4_HDR_LEN, ip.payload, ip.payload_len);
            CHECK(net_ipv4_emit(&ip, out, sizeof out, true) == NET_WIRE_OK);
            CHECK(net_ipv4_parse(out, NET_IPV4_HDR_LEN + ip.payload_len, true, &back) ==
                  NET_WIRE_OK);
            CHECK(back.src == ip.src && back.dst == ip.dst && back.protocol == ip.protocol &&
                  back.ident == ip.ident && back.frag_offset == ip.frag_offset &&
                  back.more_frags == ip.more_frags && back.payload_len == ip.payload_len);
        }
        struct net_icmpv4_repr icmp;
        if (net_icmpv4_parse(ip.payload, ip.payload_len, verify, &icmp) == NET_WIRE_OK)
            CHECK(icmp.data + icmp.data_len == ip.payload + ip.payload_len);
        struct net_udp_repr udp;
        if (net_udp_parse(ip.payload, ip.payload_len, ip.src, ip.dst, verify, &udp) ==
            NET_WIRE_OK) {
            CHECK(udp.payload + udp.payload_len <= ip.payload + ip.payload_len);
            if (udp.payload_len + 8 <= sizeof out) {
                memcpy(out + 8, udp.payload, udp.payload_len);
                CHECK(net_udp_emit(&udp, out, sizeof out, ip.src, ip.dst, true) == NET_WIRE_OK);
                struct net_udp_repr u2;
                CHECK(net_udp_parse(out, 8 + udp.payload_len, ip.src, ip.dst, true, &u2) ==
                      NET_WIRE_OK);
                CHECK(u2.src_port == udp.src_port && u2.dst_port == udp.dst_port);
            }
        }
    }
    free(buf);
    return 0;
}
