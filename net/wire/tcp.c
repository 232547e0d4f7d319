#include "net/wire/tcp.h"

#include "net/wire/bytes.h"
#include "net/wire/checksum.h"
#include "net/wire/ipv4.h"

static enum net_wire_err parse_options(const uint8_t *opt, size_t len, struct net_tcp_repr *out)
{
    size_t i = 0;
    while (i < len) {
        uint8_t kind = opt[i];
        if (kind == NET_TCP_OPT_EOL)
            break;
        if (kind == NET_TCP_OPT_NOP) {
            i++;
            continue;
        }
        if (i + 1 >= len)
            return NET_WIRE_BAD_OPTION;
        size_t olen = opt[i + 1];
        if (olen < 2 || olen > len - i)
            return NET_WIRE_BAD_OPTION;
        const uint8_t *v = opt + i + 2;
        switch (kind) {
        case NET_TCP_OPT_MSS:
            if (olen != 4)
                return NET_WIRE_BAD_OPTION;
            out->mss = net_get16(v);
            break;
        case NET_TCP_OPT_WSCALE:
            if (olen != 3)
                return NET_WIRE_BAD_OPTION;
            out->has_wscale = true;
            out->wscale = v[0] > NET_TCP_MAX_WSCALE ? NET_TCP_MAX_WSCALE : v[0];
            break;
        case NET_TCP_OPT_SACK_PERM:
            if (olen != 2)
                return NET_WIRE_BAD_OPTION;
            out->sack_permitted = true;
            break;
        case NET_TCP_OPT_SACK: {
            size_t n = (olen - 2) / 8;
            if (olen < 10 || (olen - 2) % 8 != 0 || n > NET_TCP_MAX_SACK)
                return NET_WIRE_BAD_OPTION;
            for (size_t b = 0; b < n; b++) {
                out->sack[b].left = net_get32(v + 8 * b);
                out->sack[b].right = net_get32(v + 8 * b + 4);
            }
            out->sack_count = (uint8_t)n;
            break;
        }
        case NET_TCP_OPT_TIMESTAMP:
            if (olen != 10)
                return NET_WIRE_BAD_OPTION;
            out->has_timestamp = true;
            out->ts_val = net_get32(v);
            out->ts_ecr = net_get32(v + 4);
            break;
        default:
            break; /* unknown: skipped by its length */
        }
        i += olen;
    }
    return NET_WIRE_OK;
}

enum net_wire_err net_tcp_parse(uint8_t *buf, size_t len, net_ip4 src, net_ip4 dst,
                                bool verify_checksum, struct net_tcp_repr *out)
{
    if (len < NET_TCP_HDR_LEN)
        return NET_WIRE_TRUNCATED;
    if (len > NET_IPV4_MAX_DATAGRAM)
        return NET_WIRE_BAD_LENGTH;
    size_t hlen = (size_t)(buf[12] >> 4) * 4;
    if (hlen < NET_TCP_HDR_LEN)
        return NET_WIRE_BAD_HEADER_LEN;
    if (hlen > len)
        return NET_WIRE_TRUNCATED;
    if (verify_checksum) {
        uint32_t sum = net_cksum_pseudo_ip4(src, dst, NET_IP_PROTO_TCP, (uint16_t)len);
        if (net_cksum_finish(net_cksum_add(sum, buf, len)) != 0)
            return NET_WIRE_BAD_CHECKSUM;
    }
    *out = (struct net_tcp_repr){0};
    out->src_port = net_get16(buf);
    out->dst_port = net_get16(buf + 2);
    if (out->src_port == 0 || out->dst_port == 0)
        return NET_WIRE_BAD_FIELD;
    out->seq = net_get32(buf + 4);
    out->ack = net_get32(buf + 8);
    out->flags = buf[13];
    out->window = net_get16(buf + 14);
    out->urgent = net_get16(buf + 18);
    enum net_wire_err err = parse_options(buf + NET_TCP_HDR_LEN, hlen - NET_TCP_HDR_LEN, out);
    if (err != NET_WIRE_OK)
        return err;
    out->payload = buf + hlen;
    out->payload_len = len - hlen;
    return NET_WIRE_OK;
}

size_t net_tcp_header_len(const struct net_tcp_repr *r)
{
    size_t n = NET_TCP_HDR_LEN;
    if (r->mss)
        n += 4;
    if (r->has_timestamp)
        n += 12; /* SACK-permitted shares this word when both are present */
    else if (r->sack_permitted)
        n += 4;
    if (r->has_wscale)
        n += 4;
    if (r->sack_count)
        n += 4 + 8 * (size_t)r->sack_count;
    return n;
}

enum net_wire_err net_tcp_emit(const struct net_tcp_repr *r, uint8_t *buf, size_t cap,
                               net_ip4 src, net_ip4 dst, bool fill_checksum)
{
    size_t hlen = net_tcp_header_len(r);
    if (hlen > NET_TCP_MAX_HDR_LEN || r->sack_count > NET_TCP_MAX_SACK)
        return NET_WIRE_BAD_OPTION;
    if (cap < hlen || cap - hlen < r->payload_len)
        return NET_WIRE_NO_SPACE;
    if (hlen + r->payload_len > NET_IPV4_MAX_DATAGRAM - NET_IPV4_HDR_LEN)
        return NET_WIRE_BAD_LENGTH;
    net_put16(buf, r->src_port);
    net_put16(buf + 2, r->dst_port);
    net_put32(buf + 4, r->seq);
    net_put32(buf + 8, r->ack);
    buf[12] = (uint8_t)((hlen / 4) << 4);
    buf[13] = r->flags;
    net_put16(buf + 14, r->window);
    net_put16(buf + 16, 0);
    net_put16(buf + 18, r->urgent);
    /* Option layout as Linux sends it, each group padded with NOPs to a 32-bit boundary. */
    uint8_t *p = buf + NET_TCP_HDR_LEN;
    if (r->mss) {
        *p++ = NET_TCP_OPT_MSS;
        *p++ = 4;
        net_put16(p, r->mss);
        p += 2;
    }
    if (r->has_timestamp) {
        if (r->sack_permitted) {
            *p++ = NET_TCP_OPT_SACK_PERM;
            *p++ = 2;
        } else {
            *p++ = NET_TCP_OPT_NOP;
            *p++ = NET_TCP_OPT_NOP;
        }
        *p++ = NET_TCP_OPT_TIMESTAMP;
        *p++ = 10;
        net_put32(p, r->ts_val);
        net_put32(p + 4, r->ts_ecr);
        p += 8;
    } else if (r->sack_permitted) {
        *p++ = NET_TCP_OPT_NOP;
        *p++ = NET_TCP_OPT_NOP;
        *p++ = NET_TCP_OPT_SACK_PERM;
        *p++ = 2;
    }
    if (r->has_wscale) {
        *p++ = NET_TCP_OPT_NOP;
        *p++ = NET_TCP_OPT_WSCALE;
        *p++ = 3;
        *p++ = r->wscale > NET_TCP_MAX_WSCALE ? NET_TCP_MAX_WSCALE : r->wscale;
    }
    if (r->sack_count) {
        *p++ = NET_TCP_OPT_NOP;
        *p++ = NET_TCP_OPT_NOP;
        *p++ = NET_TCP_OPT_SACK;
        *p++ = (uint8_t)(2 + 8 * r->sack_count);
        for (size_t b = 0; b < r->sack_count; b++) {
            net_put32(p, r->sack[b].left);
            net_put32(p + 4, r->sack[b].right);
            p += 8;
        }
    }
    if (fill_checksum) {
        size_t seg = hlen + r->payload_len;
        uint32_t sum = net_cksum_pseudo_ip4(src, dst, NET_IP_PROTO_TCP, (uint16_t)seg);
        net_put16(buf + 16, net_cksum_finish(net_cksum_add(sum, buf, seg)));
    }
    return NET_WIRE_OK;
}
