/* fuzz-deps: kit_net kit_log */
/* DHCPv4 message parser on arbitrary bytes; what parses must emit and parse back the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/wire/dhcpv4.h"

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
    struct net_dhcp_repr r;
    if (net_dhcp_parse(buf, size, &r) == NET_WIRE_OK) {
        CHECK(r.dns_count <= NET_DHCP_MAX_DNS);
        uint8_t out[1024];
        size_t n;
        CHECK(net_dhcp_emit(&r, out, sizeof out, &n) == NET_WIRE_OK);
        struct net_dhcp_repr b;
        CHECK(net_dhcp_parse(out, n, &b) == NET_WIRE_OK);
        CHECK(b.op == r.op && b.xid == r.xid && b.message_type == r.message_type);
        CHECK(b.yiaddr == r.yiaddr && b.ciaddr == r.ciaddr && b.present == r.present);
        CHECK(b.lease_time == r.lease_time && b.server_id == r.server_id);
        CHECK(b.dns_count == r.dns_count);
        CHECK(memcmp(b.dns, r.dns, sizeof r.dns[0] * r.dns_count) == 0);
    }
    free(buf);
    return 0;
}
