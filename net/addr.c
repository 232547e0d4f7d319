#include "net/addr.h"

#include "log/fmt.h"

struct net_mac net_mac_from_ip4_multicast(net_ip4 group)
{
    struct net_mac m = {{0x01, 0x00, 0x5e, (uint8_t)((group >> 16) & 0x7f), (uint8_t)(group >> 8),
                         (uint8_t)group}};
    return m;
}

/* Reads a decimal of 1..3 digits, at most max (no sign; "010" reads as 10). */
static const char *read_decimal(const char *p, unsigned max, unsigned *out)
{
    unsigned v = 0, digits = 0;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (unsigned)(*p - '0');
        if (++digits > 3 || v > max)
            return NULL;
        p++;
    }
    if (digits == 0)
        return NULL;
    *out = v;
    return p;
}

static const char *read_ip4(const char *p, net_ip4 *out)
{
    net_ip4 a = 0;
    for (int i = 0; i < 4; i++) {
        unsigned part;
        if (!(p = read_decimal(p, 255, &part)))
            return NULL;
        a = (a << 8) | part;
        if (i < 3 && *p++ != '.')
            return NULL;
    }
    *out = a;
    return p;
}

bool net_ip4_parse(const char *text, net_ip4 *out)
{
    net_ip4 a;
    const char *end = read_ip4(text, &a);
    if (!end || *end)
        return false;
    *out = a;
    return true;
}

bool net_ip4_parse_cidr(const char *text, net_ip4 *addr, uint8_t *prefix_len)
{
    net_ip4 a;
    unsigned n;
    const char *p = read_ip4(text, &a);
    if (!p || *p++ != '/' || !(p = read_decimal(p, 32, &n)) || *p)
        return false;
    *addr = a;
    *prefix_len = (uint8_t)n;
    return true;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool net_mac_parse(const char *text, struct net_mac *out)
{
    struct net_mac m;
    const char *p = text;
    char sep = 0;
    for (int i = 0; i < 6; i++) {
        int hi = hex_value(p[0]), lo = hi < 0 ? -1 : hex_value(p[1]);
        if (lo < 0)
            return false;
        m.b[i] = (uint8_t)(hi << 4 | lo);
        p += 2;
        if (i < 5) {
            if (*p != ':' && *p != '-')
                return false;
            if (sep && *p != sep)
                return false;
            sep = *p++;
        }
    }
    if (*p)
        return false;
    *out = m;
    return true;
}

char *net_ip4_format(net_ip4 a, char *buf, size_t cap)
{
    fmt_snprintf(buf, cap, "%u.%u.%u.%u", (unsigned)(a >> 24), (unsigned)(a >> 16) & 0xff,
                 (unsigned)(a >> 8) & 0xff, (unsigned)a & 0xff);
    return buf;
}

char *net_mac_format(const struct net_mac *m, char *buf, size_t cap)
{
    fmt_snprintf(buf, cap, "%02x:%02x:%02x:%02x:%02x:%02x", m->b[0], m->b[1], m->b[2], m->b[3],
                 m->b[4], m->b[5]);
    return buf;
}
