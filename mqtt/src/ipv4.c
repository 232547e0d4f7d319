/* Dotted-quad IPv4 literals, so a broker given by address needs no resolver. */
#include "mqtt/transport.h"

#include <string.h>

int mqtt_parse_ipv4(const char *s, struct mqtt_ip *ip)
{
    uint8_t a[4];
    if (!s)
        return -1;
    for (unsigned i = 0; i < 4; i++) {
        unsigned v = 0, digits = 0;
        while (*s >= '0' && *s <= '9' && digits < 4) {
            v = v * 10 + (unsigned)(*s++ - '0');
            digits++;
        }
        if (!digits || digits > 3 || v > 255 || *s != (i < 3 ? '.' : '\0'))
            return -1;
        a[i] = (uint8_t)v;
        s++;
    }
    memset(ip, 0, sizeof *ip);
    ip->family = 4;
    memcpy(ip->addr, a, 4);
    return 0;
}
