/* fuzz-deps: kit_net kit_log */
/* DNS message parsing on arbitrary bytes: names with compression at every offset, records,
 * and the A-answer reader with the question's own name. Must never loop or read out of bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/wire/dns.h"

#define CHECK(x)                                                                                   \
    do {                                                                                           \
        if (!(x))                                                                                  \
            __builtin_trap();                                                                      \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *msg = malloc(size ? size : 1);
    memcpy(msg, data, size);
    char name[NET_DNS_NAME_TEXT_MAX];
    for (size_t off = 0; off < size && off < 64; off++) {
        size_t next;
        if (net_dns_skip_name(msg, size, off, &next) == NET_WIRE_OK) {
            CHECK(next > off && next <= size);
            if (net_dns_read_name(msg, size, off, name, sizeof name) == NET_WIRE_OK) {
                bool eq;
                CHECK(net_dns_name_equals_text(msg, size, off, name, &eq) == NET_WIRE_OK);
                CHECK(eq);
                uint8_t wire[NET_DNS_NAME_WIRE_MAX];
                size_t n;
                if (name[0])
                    CHECK(net_dns_encode_name(name, wire, sizeof wire, &n) == NET_WIRE_OK);
            }
            bool same;
            CHECK(net_dns_names_equal(msg, size, off, off, &same) == NET_WIRE_OK && same);
        }
        struct net_dns_record rr;
        if (net_dns_parse_record(msg, size, off, &rr, &next) == NET_WIRE_OK)
            CHECK(rr.rdata_offset + rr.rdata_len == next && next <= size);
    }
    if (size >= NET_DNS_HDR_LEN &&
        net_dns_read_name(msg, size, NET_DNS_HDR_LEN, name, sizeof name) == NET_WIRE_OK) {
        net_ip4 addrs[4];
        struct net_dns_a_answer a;
        uint16_t id = (uint16_t)(msg[0] << 8 | msg[1]);
        if (net_dns_parse_a_response(msg, size, id, name, addrs, 4, &a) == NET_WIRE_OK)
            CHECK(a.count <= 4);
    }
    free(msg);
    return 0;
}
