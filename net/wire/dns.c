#include "net/wire/dns.h"

#include <stdint.h>
#include <string.h>

#include "net/wire/bytes.h"

/* Walks a (possibly compressed) name label by label, in place. */
struct name_cursor {
    const uint8_t *msg;
    size_t len;
    size_t pos;      /* next length byte */
    size_t limit;    /* every jump must land below this: the previous jump's target */
    size_t end;      /* first byte after the name where it started */
    bool end_known;
    unsigned jumps;
    size_t wire_len; /* length bytes and labels seen so far */
};

static void cursor_init(struct name_cursor *c, const uint8_t *msg, size_t len, size_t offset)
{
    *c = (struct name_cursor){.msg = msg, .len = len, .pos = offset, .limit = SIZE_MAX};
}

/* The next label (pointer and length); length 0 is the root label: the name is complete. */
static enum net_wire_err cursor_next(struct name_cursor *c, const uint8_t **label, size_t *n)
{
    for (;;) {
        if (c->pos >= c->len)
            return NET_WIRE_TRUNCATED;
        uint8_t b = c->msg[c->pos];
        if ((b & 0xC0) == 0xC0) {
            if (c->len - c->pos < 2)
                return NET_WIRE_TRUNCATED;
            size_t target = ((size_t)(b & 0x3F) << 8) | c->msg[c->pos + 1];
            if (!c->end_known) {
                c->end = c->pos + 2;
                c->end_known = true;
            }
            /* Targets strictly decrease from jump to jump (and lie before the first pointer),
             * so a chain of pointers always ends: no loop can be built. */
            if (target >= c->pos || target >= c->limit || ++c->jumps > NET_DNS_MAX_JUMPS)
                return NET_WIRE_LOOP;
            c->limit = target;
            c->pos = target;
            continue;
        }
        if (b & 0xC0)
            return NET_WIRE_BAD_FIELD; /* 01/10 label types (RFC 6891 extended labels...) */
        if (c->len - c->pos - 1 < b)
            return NET_WIRE_TRUNCATED;
        c->wire_len += 1u + b;
        if (c->wire_len > NET_DNS_NAME_WIRE_MAX)
            return NET_WIRE_LOOP;
        *label = c->msg + c->pos + 1;
        *n = b;
        c->pos += 1u + b;
        if (b == 0 && !c->end_known) {
            c->end = c->pos;
            c->end_known = true;
        }
        return NET_WIRE_OK;
    }
}

static uint8_t lower(uint8_t ch)
{
    return (ch >= 'A' && ch <= 'Z') ? (uint8_t)(ch + 32) : ch;
}

static bool label_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

enum net_wire_err net_dns_parse_header(const uint8_t *msg, size_t len, struct net_dns_header *out)
{
    if (len < NET_DNS_HDR_LEN)
        return NET_WIRE_TRUNCATED;
    out->id = net_get16(msg);
    out->flags = net_get16(msg + 2);
    out->qdcount = net_get16(msg + 4);
    out->ancount = net_get16(msg + 6);
    out->nscount = net_get16(msg + 8);
    out->arcount = net_get16(msg + 10);
    return NET_WIRE_OK;
}

enum net_wire_err net_dns_skip_name(const uint8_t *msg, size_t len, size_t offset, size_t *next)
{
    struct name_cursor c;
    cursor_init(&c, msg, len, offset);
    for (;;) {
        const uint8_t *label;
        size_t n;
        enum net_wire_err err = cursor_next(&c, &label, &n);
        if (err != NET_WIRE_OK)
            return err;
        if (n == 0)
            break;
    }
    *next = c.end;
    return NET_WIRE_OK;
}

enum net_wire_err net_dns_read_name(const uint8_t *msg, size_t len, size_t offset, char *text,
                                    size_t cap)
{
    if (cap == 0)
        return NET_WIRE_NO_SPACE;
    struct name_cursor c;
    cursor_init(&c, msg, len, offset);
    size_t out = 0;
    for (;;) {
        const uint8_t *label;
        size_t n;
        enum net_wire_err err = cursor_next(&c, &label, &n);
        if (err != NET_WIRE_OK)
            return err;
        if (n == 0)
            break;
        if (memchr(label, '.', n) || memchr(label, 0, n))
            return NET_WIRE_UNSUPPORTED;
        size_t need = n + (out ? 1 : 0);
        if (cap - out <= need)
            return NET_WIRE_NO_SPACE;
        if (out)
            text[out++] = '.';
        memcpy(text + out, label, n);
        out += n;
    }
    text[out] = '\0';
    return NET_WIRE_OK;
}

enum net_wire_err net_dns_names_equal(const uint8_t *msg, size_t len, size_t a, size_t b,
                                      bool *equal)
{
    struct name_cursor ca, cb;
    cursor_init(&ca, msg, len, a);
    cursor_init(&cb, msg, len, b);
    *equal = false;
    for (;;) {
        const uint8_t *la, *lb;
        size_t na, nb;
        enum net_wire_err err = cursor_next(&ca, &la, &na);
        if (err == NET_WIRE_OK)
            err = cursor_next(&cb, &lb, &nb);
        if (err != NET_WIRE_OK)
            return err;
        if (na != nb || !label_equal(la, lb, na))
            return NET_WIRE_OK;
        if (na == 0) {
            *equal = true;
            return NET_WIRE_OK;
        }
    }
}

enum net_wire_err net_dns_name_equals_text(const uint8_t *msg, size_t len, size_t offset,
                                           const char *text, bool *equal)
{
    struct name_cursor c;
    cursor_init(&c, msg, len, offset);
    *equal = false;
    const char *t = text;
    if (t[0] == '.' && t[1] == '\0')
        t++; /* "." is the root */
    for (;;) {
        const uint8_t *label;
        size_t n;
        enum net_wire_err err = cursor_next(&c, &label, &n);
        if (err != NET_WIRE_OK)
            return err;
        if (n == 0) {
            *equal = *t == '\0';
            return NET_WIRE_OK;
        }
        size_t tn = 0;
        while (t[tn] && t[tn] != '.')
            tn++;
        if (tn != n || !label_equal(label, (const uint8_t *)t, n))
            return NET_WIRE_OK;
        t += tn;
        if (*t == '.')
            t++; /* "a.b." ends like "a.b" */
    }
}

enum net_wire_err net_dns_encode_name(const char *text, uint8_t *buf, size_t cap, size_t *written)
{
    size_t out = 0;
    const char *t = text;
    if (*t == '\0')
        return NET_WIRE_BAD_FIELD;
    while (*t) {
        size_t n = 0;
        while (t[n] && t[n] != '.')
            n++;
        if (n == 0 || n > NET_DNS_LABEL_MAX)
            return NET_WIRE_BAD_FIELD;
        if (out + 1 + n + 1 > NET_DNS_NAME_WIRE_MAX)
            return NET_WIRE_BAD_FIELD;
        if (cap < out + 1 + n + 1)
            return NET_WIRE_NO_SPACE;
        buf[out++] = (uint8_t)n;
        memcpy(buf + out, t, n);
        out += n;
        t += n;
        if (*t == '.')
            t++;
    }
    buf[out++] = 0;
    *written = out;
    return NET_WIRE_OK;
}

enum net_wire_err net_dns_parse_question(const uint8_t *msg, size_t len, size_t offset,
                                         struct net_dns_question *out, size_t *next)
{
    size_t p;
    enum net_wire_err err = net_dns_skip_name(msg, len, offset, &p);
    if (err != NET_WIRE_OK)
        return err;
    if (len - p < 4)
        return NET_WIRE_TRUNCATED;
    out->name_offset = offset;
    out->type = net_get16(msg + p);
    out->class_ = net_get16(msg + p + 2);
    *next = p + 4;
    return NET_WIRE_OK;
}

enum net_wire_err net_dns_parse_record(const uint8_t *msg, size_t len, size_t offset,
                                       struct net_dns_record *out, size_t *next)
{
    size_t p;
    enum net_wire_err err = net_dns_skip_name(msg, len, offset, &p);
    if (err != NET_WIRE_OK)
        return err;
    if (len - p < 10)
        return NET_WIRE_TRUNCATED;
    out->name_offset = offset;
    out->type = net_get16(msg + p);
    out->class_ = net_get16(msg + p + 2);
    out->ttl = net_get32(msg + p + 4);
    out->rdata_len = net_get16(msg + p + 8);
    out->rdata_offset = p + 10;
    if (len - out->rdata_offset < out->rdata_len)
        return NET_WIRE_TRUNCATED;
    *next = out->rdata_offset + out->rdata_len;
    return NET_WIRE_OK;
}

enum net_wire_err net_dns_emit_query(uint8_t *buf, size_t cap, uint16_t id, const char *name,
                                     uint16_t qtype, size_t *written)
{
    if (cap < NET_DNS_HDR_LEN)
        return NET_WIRE_NO_SPACE;
    memset(buf, 0, NET_DNS_HDR_LEN);
    net_put16(buf, id);
    net_put16(buf + 2, NET_DNS_FLAG_RD);
    net_put16(buf + 4, 1);
    size_t n;
    enum net_wire_err err = net_dns_encode_name(name, buf + NET_DNS_HDR_LEN, cap - NET_DNS_HDR_LEN,
                                                &n);
    if (err != NET_WIRE_OK)
        return err;
    size_t p = NET_DNS_HDR_LEN + n;
    if (cap - p < 4)
        return NET_WIRE_NO_SPACE;
    net_put16(buf + p, qtype);
    net_put16(buf + p + 2, NET_DNS_CLASS_IN);
    *written = p + 4;
    return NET_WIRE_OK;
}

enum net_wire_err net_dns_parse_a_response(const uint8_t *msg, size_t len, uint16_t id,
                                           const char *name, net_ip4 *addrs, size_t max,
                                           struct net_dns_a_answer *out)
{
    struct net_dns_header h;
    enum net_wire_err err = net_dns_parse_header(msg, len, &h);
    if (err != NET_WIRE_OK)
        return err;
    *out = (struct net_dns_a_answer){.ttl = UINT32_MAX};
    if (!(h.flags & NET_DNS_FLAG_QR) || (h.flags & NET_DNS_OPCODE_MASK) || h.id != id ||
        h.qdcount != 1)
        return NET_WIRE_BAD_FIELD;
    out->rcode = (uint8_t)(h.flags & NET_DNS_RCODE_MASK);
    out->truncated = (h.flags & NET_DNS_FLAG_TC) != 0;

    struct net_dns_question q;
    size_t p;
    err = net_dns_parse_question(msg, len, NET_DNS_HDR_LEN, &q, &p);
    if (err != NET_WIRE_OK)
        return err;
    bool same;
    err = net_dns_name_equals_text(msg, len, q.name_offset, name, &same);
    if (err != NET_WIRE_OK)
        return err;
    if (!same || q.type != NET_DNS_TYPE_A || q.class_ != NET_DNS_CLASS_IN)
        return NET_WIRE_BAD_FIELD;

    size_t owner = q.name_offset; /* the name whose A records we want: follows CNAMEs */
    unsigned cnames = 0;
    for (unsigned i = 0; i < h.ancount; i++) {
        struct net_dns_record rr;
        err = net_dns_parse_record(msg, len, p, &rr, &p);
        if (err != NET_WIRE_OK)
            return err;
        if (rr.class_ != NET_DNS_CLASS_IN)
            continue;
        err = net_dns_names_equal(msg, len, rr.name_offset, owner, &same);
        if (err != NET_WIRE_OK)
            return err;
        if (!same)
            continue;
        if (rr.type == NET_DNS_TYPE_CNAME) {
            size_t end;
            /* the target must be a valid name that ends inside this record's rdata */
            err = net_dns_skip_name(msg, rr.rdata_offset + rr.rdata_len, rr.rdata_offset, &end);
            if (err != NET_WIRE_OK)
                return err;
            if (++cnames > NET_DNS_MAX_CNAME)
                return NET_WIRE_LOOP;
            owner = rr.rdata_offset;
            if (rr.ttl < out->ttl)
                out->ttl = rr.ttl;
        } else if (rr.type == NET_DNS_TYPE_A) {
            if (rr.rdata_len != 4)
                return NET_WIRE_BAD_LENGTH;
            if (out->count < max)
                addrs[out->count++] = net_get32(msg + rr.rdata_offset);
            if (rr.ttl < out->ttl)
                out->ttl = rr.ttl;
        }
    }
    if (out->count == 0)
        out->ttl = 0;
    return NET_WIRE_OK;
}
