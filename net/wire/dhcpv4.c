#include "net/wire/dhcpv4.h"

#include <string.h>

#include "net/wire/bytes.h"

static const uint8_t magic_cookie[4] = {99, 130, 83, 99};

/* Reads one option we understand into out; the caller has checked the option lies inside
 * the buffer. Wrong fixed lengths are malformed messages, not something to guess around. */
static enum net_wire_err read_option(uint8_t code, const uint8_t *v, size_t n,
                                     struct net_dhcp_repr *out)
{
    switch (code) {
    case NET_DHCP_OPT_MSG_TYPE:
        if (n != 1)
            return NET_WIRE_BAD_OPTION;
        out->message_type = v[0];
        break;
    case NET_DHCP_OPT_SUBNET_MASK:
    case NET_DHCP_OPT_REQUESTED_IP:
    case NET_DHCP_OPT_SERVER_ID:
    case NET_DHCP_OPT_LEASE_TIME:
    case NET_DHCP_OPT_RENEWAL_TIME:
    case NET_DHCP_OPT_REBINDING_TIME: {
        if (n != 4)
            return NET_WIRE_BAD_OPTION;
        uint32_t x = net_get32(v);
        if (code == NET_DHCP_OPT_SUBNET_MASK) {
            out->subnet_mask = x;
            out->present |= NET_DHCP_HAS_SUBNET_MASK;
        } else if (code == NET_DHCP_OPT_REQUESTED_IP) {
            out->requested_ip = x;
            out->present |= NET_DHCP_HAS_REQUESTED_IP;
        } else if (code == NET_DHCP_OPT_SERVER_ID) {
            out->server_id = x;
            out->present |= NET_DHCP_HAS_SERVER_ID;
        } else if (code == NET_DHCP_OPT_LEASE_TIME) {
            out->lease_time = x;
            out->present |= NET_DHCP_HAS_LEASE_TIME;
        } else if (code == NET_DHCP_OPT_RENEWAL_TIME) {
            out->renewal_time = x;
            out->present |= NET_DHCP_HAS_RENEWAL_TIME;
        } else {
            out->rebinding_time = x;
            out->present |= NET_DHCP_HAS_REBINDING_TIME;
        }
        break;
    }
    case NET_DHCP_OPT_ROUTER:
        if (n < 4 || n % 4 != 0)
            return NET_WIRE_BAD_OPTION;
        out->router = net_get32(v);
        out->present |= NET_DHCP_HAS_ROUTER;
        break;
    case NET_DHCP_OPT_DNS:
        if (n < 4 || n % 4 != 0)
            return NET_WIRE_BAD_OPTION;
        for (size_t i = 0; i < n / 4 && out->dns_count < NET_DHCP_MAX_DNS; i++)
            out->dns[out->dns_count++] = net_get32(v + 4 * i);
        break;
    case NET_DHCP_OPT_MAX_MSG_SIZE:
        if (n != 2)
            return NET_WIRE_BAD_OPTION;
        out->max_msg_size = net_get16(v);
        out->present |= NET_DHCP_HAS_MAX_MSG_SIZE;
        break;
    default:
        break;
    }
    return NET_WIRE_OK;
}

enum net_wire_err net_dhcp_parse(const uint8_t *buf, size_t len, struct net_dhcp_repr *out)
{
    if (len < NET_DHCP_MIN_LEN)
        return NET_WIRE_TRUNCATED;
    *out = (struct net_dhcp_repr){0};
    out->op = buf[0];
    if (out->op != NET_DHCP_OP_REQUEST && out->op != NET_DHCP_OP_REPLY)
        return NET_WIRE_BAD_FIELD;
    if (buf[1] != 1 || buf[2] != 6)
        return NET_WIRE_UNSUPPORTED;
    if (memcmp(buf + NET_DHCP_FIXED_LEN, magic_cookie, 4) != 0)
        return NET_WIRE_BAD_FIELD;
    out->xid = net_get32(buf + 4);
    out->secs = net_get16(buf + 8);
    out->broadcast = (net_get16(buf + 10) & 0x8000) != 0;
    out->ciaddr = net_get32(buf + 12);
    out->yiaddr = net_get32(buf + 16);
    out->siaddr = net_get32(buf + 20);
    out->giaddr = net_get32(buf + 24);
    memcpy(out->chaddr.b, buf + 28, 6);

    size_t i = NET_DHCP_MIN_LEN;
    while (i < len) {
        uint8_t code = buf[i];
        if (code == NET_DHCP_OPT_PAD) {
            i++;
            continue;
        }
        if (code == NET_DHCP_OPT_END)
            break;
        if (i + 1 >= len)
            return NET_WIRE_BAD_OPTION;
        size_t n = buf[i + 1];
        if (n > len - i - 2)
            return NET_WIRE_BAD_OPTION;
        enum net_wire_err err = read_option(code, buf + i + 2, n, out);
        if (err != NET_WIRE_OK)
            return err;
        i += 2 + n;
    }
    return NET_WIRE_OK;
}

struct writer {
    uint8_t *buf;
    size_t cap, len;
    bool overflow;
};

static void put_option(struct writer *w, uint8_t code, const void *data, size_t n)
{
    if (w->overflow || n > 255 || w->cap - w->len < 2 + n) {
        w->overflow = true;
        return;
    }
    w->buf[w->len] = code;
    w->buf[w->len + 1] = (uint8_t)n;
    memcpy(w->buf + w->len + 2, data, n);
    w->len += 2 + n;
}

static void put_option32(struct writer *w, uint8_t code, uint32_t v)
{
    uint8_t b[4];
    net_put32(b, v);
    put_option(w, code, b, 4);
}

enum net_wire_err net_dhcp_emit(const struct net_dhcp_repr *r, uint8_t *buf, size_t cap,
                                size_t *written)
{
    if (cap < NET_DHCP_MIN_LEN + 1)
        return NET_WIRE_NO_SPACE;
    memset(buf, 0, NET_DHCP_MIN_LEN);
    buf[0] = r->op;
    buf[1] = 1;
    buf[2] = 6;
    net_put32(buf + 4, r->xid);
    net_put16(buf + 8, r->secs);
    net_put16(buf + 10, r->broadcast ? 0x8000 : 0);
    net_put32(buf + 12, r->ciaddr);
    net_put32(buf + 16, r->yiaddr);
    net_put32(buf + 20, r->siaddr);
    net_put32(buf + 24, r->giaddr);
    memcpy(buf + 28, r->chaddr.b, 6);
    memcpy(buf + NET_DHCP_FIXED_LEN, magic_cookie, 4);

    struct writer w = {buf, cap, NET_DHCP_MIN_LEN, false};
    put_option(&w, NET_DHCP_OPT_MSG_TYPE, &r->message_type, 1);
    if (r->client_id) {
        uint8_t id[7] = {1};
        memcpy(id + 1, r->chaddr.b, 6);
        put_option(&w, NET_DHCP_OPT_CLIENT_ID, id, sizeof id);
    }
    if (r->present & NET_DHCP_HAS_REQUESTED_IP)
        put_option32(&w, NET_DHCP_OPT_REQUESTED_IP, r->requested_ip);
    if (r->present & NET_DHCP_HAS_SERVER_ID)
        put_option32(&w, NET_DHCP_OPT_SERVER_ID, r->server_id);
    if (r->present & NET_DHCP_HAS_LEASE_TIME)
        put_option32(&w, NET_DHCP_OPT_LEASE_TIME, r->lease_time);
    if (r->present & NET_DHCP_HAS_RENEWAL_TIME)
        put_option32(&w, NET_DHCP_OPT_RENEWAL_TIME, r->renewal_time);
    if (r->present & NET_DHCP_HAS_REBINDING_TIME)
        put_option32(&w, NET_DHCP_OPT_REBINDING_TIME, r->rebinding_time);
    if (r->present & NET_DHCP_HAS_SUBNET_MASK)
        put_option32(&w, NET_DHCP_OPT_SUBNET_MASK, r->subnet_mask);
    if (r->present & NET_DHCP_HAS_ROUTER)
        put_option32(&w, NET_DHCP_OPT_ROUTER, r->router);
    if (r->dns_count) {
        uint8_t d[4 * NET_DHCP_MAX_DNS];
        size_t n = r->dns_count > NET_DHCP_MAX_DNS ? NET_DHCP_MAX_DNS : r->dns_count;
        for (size_t i = 0; i < n; i++)
            net_put32(d + 4 * i, r->dns[i]);
        put_option(&w, NET_DHCP_OPT_DNS, d, 4 * n);
    }
    if (r->present & NET_DHCP_HAS_MAX_MSG_SIZE) {
        uint8_t m[2];
        net_put16(m, r->max_msg_size);
        put_option(&w, NET_DHCP_OPT_MAX_MSG_SIZE, m, 2);
    }
    if (r->hostname) {
        size_t n = 0;
        while (n < 63 && r->hostname[n])
            n++;
        put_option(&w, NET_DHCP_OPT_HOSTNAME, r->hostname, n);
    }
    if (r->param_list && r->param_list_len)
        put_option(&w, NET_DHCP_OPT_PARAM_LIST, r->param_list, r->param_list_len);
    if (w.overflow || w.len >= cap)
        return NET_WIRE_NO_SPACE;
    buf[w.len++] = NET_DHCP_OPT_END;
    if (w.len < NET_DHCP_BOOTP_MIN && cap >= NET_DHCP_BOOTP_MIN) {
        memset(buf + w.len, 0, NET_DHCP_BOOTP_MIN - w.len);
        w.len = NET_DHCP_BOOTP_MIN;
    }
    *written = w.len;
    return NET_WIRE_OK;
}
