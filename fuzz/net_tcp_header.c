/* fuzz-deps: kit_net kit_log */
/* The TCP header and option parser on arbitrary bytes; what parses must emit and parse back
 * to the same header and options. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/wire/tcp.h"

#define CHECK(x)                                                                                   \
    do {                                                                                           \
        if (!(x))                                                                                  \
            __builtin_trap();                                                                      \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *buf = malloc(size ? size : 1);
    memcpy(buf, data, size);
    const net_ip4 src = NET_IP4(10, 0, 0, 1), dst = NET_IP4(10, 0, 0, 2);
    for (int verify = 0; verify < 2; verify++) {
        struct net_tcp_repr r;
        if (net_tcp_parse(buf, size, src, dst, verify, &r) != NET_WIRE_OK)
            continue;
        CHECK(r.payload + r.payload_len == buf + size);
        CHECK(r.sack_count <= NET_TCP_MAX_SACK && r.wscale <= NET_TCP_MAX_WSCALE);
        /* drop what does not fit one header when emitting everything at once */
        struct net_tcp_repr e = r;
        if (net_tcp_header_len(&e) > NET_TCP_MAX_HDR_LEN)
            e.sack_count = 0;
        if (net_tcp_header_len(&e) > NET_TCP_MAX_HDR_LEN)
            e.has_timestamp = false;
        size_t hlen = net_tcp_header_len(&e);
        CHECK(hlen <= NET_TCP_MAX_HDR_LEN);
        static uint8_t out[70000];
        memcpy(out + hlen, r.payload, r.payload_len);
        if (hlen + r.payload_len > 65515)
            continue;
        CHECK(net_tcp_emit(&e, out, sizeof out, src, dst, true) == NET_WIRE_OK);
        struct net_tcp_repr b;
        CHECK(net_tcp_parse(out, hlen + r.payload_len, src, dst, true, &b) == NET_WIRE_OK);
        CHECK(b.seq == e.seq && b.ack == e.ack && b.flags == e.flags && b.window == e.window);
        CHECK(b.mss == e.mss && b.has_wscale == e.has_wscale && b.wscale == e.wscale);
        CHECK(b.sack_permitted == e.sack_permitted && b.has_timestamp == e.has_timestamp);
        CHECK(!b.has_timestamp || (b.ts_val == e.ts_val && b.ts_ecr == e.ts_ecr));
        CHECK(b.sack_count == e.sack_count);
        CHECK(memcmp(b.sack, e.sack, sizeof b.sack[0] * b.sack_count) == 0);
        CHECK(b.payload_len == r.payload_len);
    }
    free(buf);
    return 0;
}
