/* The DNS client: queries in flight, retries across servers, answers matched by id and name. */
#include "net/dns.h"

#include <string.h>

#include "internal.h"
#include "log/log.h"

enum { Q_FREE, Q_ASKING, Q_DONE };

static struct net_dns_client *client_of_socket(struct net_udp_socket *s)
{
    return NET_CONTAINER_OF(s, struct net_dns_client, udp);
}

static struct net_dns_client *client_of_handler(const struct net_handler *h)
{
    return NET_CONTAINER_OF(h, struct net_dns_client, handler);
}

const char *net_dns_status_str(enum net_dns_status s)
{
    switch (s) {
    case NET_DNS_PENDING: return "pending";
    case NET_DNS_OK: return "ok";
    case NET_DNS_NOT_FOUND: return "not found";
    case NET_DNS_FAILED: return "failed";
    case NET_DNS_NO_QUERY: return "no query";
    }
    return "?";
}

static void finish(struct net_dns_client *c, struct net_dns_query *q, enum net_dns_status st)
{
    q->state = Q_DONE;
    q->status = st;
    LOG_DEBUG("dns: %s: %s", q->name, net_dns_status_str(st));
    c->iface->changed = true;
    net_wake(&c->waker, NET_EV_STATE);
}

/* The current server did not help: the next one now, or the next round, or give up. */
static void next_server(struct net_dns_client *c, struct net_dns_query *q)
{
    if (++q->server >= c->server_count) {
        q->server = 0;
        q->timeout *= 2;
        if (++q->round >= NET_DNS_ROUNDS) {
            finish(c, q, NET_DNS_FAILED);
            return;
        }
    }
    q->send_now = true;
}

static void on_datagram(struct net_udp_socket *s, uint64_t now, const struct net_endpoint *from,
                        net_ip4 dst, const uint8_t *data, size_t len)
{
    (void)now;
    (void)dst;
    struct net_dns_client *c = client_of_socket(s);
    if (from->port != NET_DNS_PORT || len < NET_DNS_HDR_LEN)
        return;
    bool known_server = false;
    for (size_t i = 0; i < c->server_count; i++)
        known_server |= c->servers[i] == from->addr;
    if (!known_server)
        return;
    uint16_t id = (uint16_t)(data[0] << 8 | data[1]);
    for (size_t i = 0; i < NET_DNS_MAX_QUERIES; i++) {
        struct net_dns_query *q = &c->queries[i];
        if (q->state != Q_ASKING || q->id != id)
            continue;
        struct net_dns_a_answer a;
        if (net_dns_parse_a_response(data, len, id, q->name, q->addrs, NET_DNS_MAX_ADDRS, &a) !=
            NET_WIRE_OK)
            return; /* malformed or not an answer to this question: keep waiting */
        q->count = a.count;
        q->ttl = a.ttl;
        if (a.rcode == NET_DNS_RCODE_NXDOMAIN)
            finish(c, q, NET_DNS_NOT_FOUND);
        else if (a.rcode == NET_DNS_RCODE_NOERROR && a.count)
            finish(c, q, NET_DNS_OK);
        else if (a.rcode == NET_DNS_RCODE_NOERROR && !a.truncated)
            finish(c, q, NET_DNS_NOT_FOUND);
        else
            next_server(c, q);
        return;
    }
}

static void send_query(struct net_dns_client *c, struct net_dns_query *q, uint64_t now)
{
    q->send_now = false;
    q->deadline = now + q->timeout;
    struct net_endpoint to = {c->servers[q->server], NET_DNS_PORT};
    size_t cap = NET_DNS_HDR_LEN + NET_DNS_NAME_WIRE_MAX + 4;
    struct net_ip_tx tx;
    uint8_t *data;
    /* not sent (device full): the timeout treats it as lost, like any lost datagram */
    if (net_udp_raw_begin(c->iface, now, &to, cap, &tx, &data) != NET_TX_OK)
        return;
    size_t len;
    if (net_dns_emit_query(data, cap, q->id, q->name, NET_DNS_TYPE_A, &len) != NET_WIRE_OK) {
        net_iface_ip_commit(c->iface, &tx, 0);
        return;
    }
    net_udp_raw_commit(c->iface, &tx, c->udp.port, NET_DNS_PORT, len);
}

static bool poll(struct net_handler *h, struct net_iface *iface, uint64_t now)
{
    (void)iface;
    struct net_dns_client *c = client_of_handler(h);
    bool changed = false;
    for (size_t i = 0; i < NET_DNS_MAX_QUERIES; i++) {
        struct net_dns_query *q = &c->queries[i];
        if (q->state != Q_ASKING)
            continue;
        if (c->server_count == 0) {
            finish(c, q, NET_DNS_FAILED);
            changed = true;
            continue;
        }
        if (!q->send_now && now >= q->deadline)
            next_server(c, q);
        if (q->state == Q_ASKING && q->send_now) {
            if (q->server >= c->server_count)
                q->server = 0;
            send_query(c, q, now);
            changed = true;
        }
    }
    return changed;
}

static uint64_t poll_at(const struct net_handler *h, const struct net_iface *iface, uint64_t now)
{
    (void)iface;
    const struct net_dns_client *c = client_of_handler(h);
    uint64_t t = UINT64_MAX;
    for (size_t i = 0; i < NET_DNS_MAX_QUERIES; i++) {
        const struct net_dns_query *q = &c->queries[i];
        if (q->state != Q_ASKING)
            continue;
        uint64_t due = q->send_now ? now : q->deadline;
        if (due < t)
            t = due;
    }
    return t;
}

enum net_err net_dns_init(struct net_dns_client *c, struct net_iface *iface)
{
    memset(c, 0, sizeof *c);
    c->iface = iface;
    net_udp_init(&c->udp, NULL, NULL);
    c->udp.input = on_datagram;
    enum net_err err = net_udp_bind(iface, &c->udp, 0);
    if (err != NET_OK)
        return err;
    c->handler.poll = poll;
    c->handler.poll_at = poll_at;
    net_iface_add_handler(iface, &c->handler);
    return NET_OK;
}

void net_dns_close(struct net_dns_client *c)
{
    if (!c->iface)
        return;
    net_udp_close(&c->udp);
    net_iface_remove_handler(c->iface, &c->handler);
    c->iface = NULL;
}

void net_dns_set_servers(struct net_dns_client *c, const net_ip4 *servers, size_t count)
{
    c->server_count = 0;
    for (size_t i = 0; i < count && c->server_count < NET_DNS_MAX_SERVERS; i++)
        if (servers[i])
            c->servers[c->server_count++] = servers[i];
}

void net_dns_set_waker(struct net_dns_client *c, net_waker_fn fn, void *ctx)
{
    c->waker = (struct net_waker){fn, ctx};
}

enum net_err net_dns_start(struct net_dns_client *c, const char *name, int *handle)
{
    uint8_t scratch[NET_DNS_NAME_WIRE_MAX];
    size_t n;
    size_t text_len = strlen(name);
    if (text_len >= NET_DNS_NAME_TEXT_MAX ||
        net_dns_encode_name(name, scratch, sizeof scratch, &n) != NET_WIRE_OK)
        return NET_ERR_INVALID;
    net_ip4 literal;
    bool is_literal = net_ip4_parse(name, &literal);
    if (!is_literal && c->server_count == 0)
        return NET_ERR_NO_ROUTE;
    for (int i = 0; i < NET_DNS_MAX_QUERIES; i++) {
        struct net_dns_query *q = &c->queries[i];
        if (q->state != Q_FREE)
            continue;
        memset(q, 0, sizeof *q);
        memcpy(q->name, name, text_len + 1);
        *handle = i;
        if (is_literal) {
            q->addrs[0] = literal;
            q->count = 1;
            q->state = Q_DONE;
            q->status = NET_DNS_OK;
            return NET_OK;
        }
        q->state = Q_ASKING;
        q->status = NET_DNS_PENDING;
        q->id = (uint16_t)net_iface_random(c->iface);
        q->timeout = NET_DNS_TIMEOUT_US;
        q->send_now = true;
        return NET_OK;
    }
    return NET_ERR_FULL;
}

enum net_dns_status net_dns_result(struct net_dns_client *c, int handle, net_ip4 *addrs,
                                   size_t max, size_t *count, uint32_t *ttl)
{
    if (handle < 0 || handle >= NET_DNS_MAX_QUERIES || c->queries[handle].state == Q_FREE)
        return NET_DNS_NO_QUERY;
    struct net_dns_query *q = &c->queries[handle];
    if (q->state == Q_ASKING)
        return NET_DNS_PENDING;
    size_t n = MIN((size_t)q->count, max);
    if (q->status != NET_DNS_OK)
        n = 0;
    if (n)
        memcpy(addrs, q->addrs, n * sizeof *addrs);
    if (count)
        *count = n;
    if (ttl)
        *ttl = q->ttl;
    q->state = Q_FREE;
    return (enum net_dns_status)q->status;
}

void net_dns_cancel(struct net_dns_client *c, int handle)
{
    if (handle >= 0 && handle < NET_DNS_MAX_QUERIES)
        c->queries[handle].state = Q_FREE;
}
