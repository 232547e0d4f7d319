/* The DHCPv4 client state machine (RFC 2131 figure 5, without INIT-REBOOT). */
#include "net/dhcp.h"

#include <string.h>

#include "internal.h"
#include "log/log.h"

#define SECOND 1000000ull
#define INFINITE_LEASE 0xFFFFFFFFu
#define DHCP_EMIT_MAX 400 /* fixed part, our options and the padding to 300 fit with room */

static const uint8_t wanted_options[] = {
    NET_DHCP_OPT_SUBNET_MASK,  NET_DHCP_OPT_ROUTER,       NET_DHCP_OPT_DNS,
    NET_DHCP_OPT_LEASE_TIME,   NET_DHCP_OPT_RENEWAL_TIME, NET_DHCP_OPT_REBINDING_TIME,
};

static struct net_dhcp_client *client_of_socket(struct net_udp_socket *s)
{
    return NET_CONTAINER_OF(s, struct net_dhcp_client, udp);
}

static struct net_dhcp_client *client_of_handler(const struct net_handler *h)
{
    return NET_CONTAINER_OF(h, struct net_dhcp_client, handler);
}

const char *net_dhcp_state_str(enum net_dhcp_state s)
{
    switch (s) {
    case NET_DHCP_STOPPED: return "stopped";
    case NET_DHCP_INIT: return "init";
    case NET_DHCP_SELECTING: return "selecting";
    case NET_DHCP_REQUESTING: return "requesting";
    case NET_DHCP_BOUND: return "bound";
    case NET_DHCP_RENEWING: return "renewing";
    case NET_DHCP_REBINDING: return "rebinding";
    }
    return "?";
}

static bool has_address(const struct net_dhcp_client *c)
{
    return c->state == NET_DHCP_BOUND || c->state == NET_DHCP_RENEWING ||
           c->state == NET_DHCP_REBINDING;
}

/* RFC 2131 4.1: the retransmission delay, randomised by -1..+1 s. */
static uint64_t jittered(struct net_dhcp_client *c, uint64_t delay)
{
    uint64_t jitter = net_iface_random(c->iface) % (2 * SECOND + 1);
    return delay + jitter - SECOND;
}

static void backoff(struct net_dhcp_client *c, uint64_t now)
{
    c->next_tx = now + jittered(c, c->retry_us);
    c->retry_us *= 2;
    if (c->retry_us > NET_DHCP_RETRY_MAX_US)
        c->retry_us = NET_DHCP_RETRY_MAX_US;
}

static void enter(struct net_dhcp_client *c, enum net_dhcp_state s, uint64_t now)
{
    LOG_DEBUG("dhcp: %s -> %s", net_dhcp_state_str(c->state), net_dhcp_state_str(s));
    c->state = s;
    c->tries = 0;
    c->retry_us = NET_DHCP_RETRY_MIN_US;
    c->next_tx = now;
}

static void emit_event(struct net_dhcp_client *c, enum net_dhcp_event ev)
{
    if (c->on_event)
        c->on_event(c->ctx, ev, &c->lease);
}

/* The lease is gone (expired or refused): remove the address and start over. */
static void lose_lease(struct net_dhcp_client *c, uint64_t now, uint64_t delay)
{
    bool had = has_address(c);
    if (had) {
        LOG_INFO("dhcp: lease lost");
        net_iface_set_ipv4(c->iface, 0, 0);
        net_iface_set_gateway(c->iface, 0);
        emit_event(c, NET_DHCP_EV_LOST);
    }
    memset(&c->lease, 0, sizeof c->lease);
    enter(c, NET_DHCP_INIT, now);
    c->next_tx = now + delay;
}

static void send_message(struct net_dhcp_client *c, uint64_t now, uint8_t type)
{
    struct net_dhcp_repr r = {
        .op = NET_DHCP_OP_REQUEST,
        .message_type = type,
        .xid = c->xid,
        .secs = (uint16_t)((now - c->started) / SECOND > 0xFFFF ? 0xFFFF
                                                                : (now - c->started) / SECOND),
        .chaddr = c->iface->mac,
        .present = NET_DHCP_HAS_MAX_MSG_SIZE,
        .max_msg_size = NET_DHCP_MSG_MAX,
        .param_list = wanted_options,
        .param_list_len = sizeof wanted_options,
        .hostname = c->hostname,
        .client_id = true,
    };
    struct net_endpoint to = {NET_IP4_BROADCAST, NET_DHCP_SERVER_PORT};
    if (c->state == NET_DHCP_SELECTING || c->state == NET_DHCP_REQUESTING) {
        r.broadcast = true; /* we cannot receive unicast to an address we do not have yet */
        if (c->state == NET_DHCP_REQUESTING) {
            r.present |= NET_DHCP_HAS_REQUESTED_IP | NET_DHCP_HAS_SERVER_ID;
            r.requested_ip = c->lease.addr;
            r.server_id = c->lease.server;
        }
    } else {
        r.ciaddr = c->lease.addr; /* RENEWING (unicast to our server) or REBINDING */
        if (c->state == NET_DHCP_RENEWING)
            to.addr = c->lease.server;
    }
    struct net_ip_tx tx;
    uint8_t *data;
    /* a send that fails (device full) is treated like a lost packet: the retransmission
     * timer covers both */
    if (net_udp_raw_begin(c->iface, now, &to, DHCP_EMIT_MAX, &tx, &data) != NET_TX_OK)
        return;
    size_t len = 0;
    if (net_dhcp_emit(&r, data, DHCP_EMIT_MAX, &len) != NET_WIRE_OK)
        len = 0;
    if (len == 0)
        net_iface_ip_commit(c->iface, &tx, 0);
    else
        net_udp_raw_commit(c->iface, &tx, NET_DHCP_CLIENT_PORT, NET_DHCP_SERVER_PORT, len);
}

static uint8_t prefix_from_mask(net_ip4 mask, net_ip4 addr)
{
    uint8_t n = 0;
    while (n < 32 && (mask & (0x80000000u >> n)))
        n++;
    if (net_ip4_mask(n) == mask && n > 0)
        return n;
    /* no mask, or not contiguous: the classful default */
    return addr < NET_IP4(128, 0, 0, 0) ? 8 : addr < NET_IP4(192, 0, 0, 0) ? 16 : 24;
}

static bool valid_host_address(net_ip4 a)
{
    return a != 0 && a != NET_IP4_BROADCAST && !net_ip4_is_multicast(a) && (a >> 24) != 127;
}

static void record_offer(struct net_dhcp_client *c, const struct net_dhcp_repr *r,
                         net_ip4 from)
{
    struct net_dhcp_lease *l = &c->lease;
    memset(l, 0, sizeof *l);
    l->addr = r->yiaddr;
    l->prefix_len = prefix_from_mask((r->present & NET_DHCP_HAS_SUBNET_MASK) ? r->subnet_mask : 0,
                                     r->yiaddr);
    l->router = (r->present & NET_DHCP_HAS_ROUTER) ? r->router : 0;
    l->server = (r->present & NET_DHCP_HAS_SERVER_ID) ? r->server_id : from;
    l->dns_count = r->dns_count;
    memcpy(l->dns, r->dns, sizeof l->dns);
}

static uint64_t at(uint64_t now, uint32_t seconds)
{
    return seconds == INFINITE_LEASE ? UINT64_MAX : now + (uint64_t)seconds * SECOND;
}

static void bind_lease(struct net_dhcp_client *c, uint64_t now, const struct net_dhcp_repr *r,
                       net_ip4 from)
{
    bool renewal = has_address(c) && c->lease.addr == r->yiaddr;
    net_ip4 old = has_address(c) ? c->lease.addr : 0;
    record_offer(c, r, from);
    struct net_dhcp_lease *l = &c->lease;
    l->lease_s = r->lease_time;
    /* T1 = 0.5 and T2 = 0.875 of the lease unless the server says (RFC 2131 4.4.5), kept in
     * order T1 <= T2 <= lease */
    uint32_t t1 = l->lease_s / 2, t2 = (uint32_t)((uint64_t)l->lease_s * 7 / 8);
    if (r->present & NET_DHCP_HAS_RENEWAL_TIME)
        t1 = r->renewal_time;
    if (r->present & NET_DHCP_HAS_REBINDING_TIME)
        t2 = r->rebinding_time;
    if (l->lease_s == INFINITE_LEASE)
        t1 = t2 = INFINITE_LEASE;
    else if (t2 > l->lease_s || t1 > t2) {
        t1 = l->lease_s / 2;
        t2 = (uint32_t)((uint64_t)l->lease_s * 7 / 8);
    }
    l->renew_s = t1;
    l->rebind_s = t2;
    c->t1_at = at(now, t1);
    c->t2_at = at(now, t2);
    c->expire_at = at(now, l->lease_s);
    c->state = NET_DHCP_BOUND;
    c->next_tx = UINT64_MAX;
    if (old && old != l->addr)
        net_iface_set_ipv4(c->iface, 0, 0);
    net_iface_set_ipv4(c->iface, l->addr, l->prefix_len);
    net_iface_set_gateway(c->iface, l->router);
    char a[NET_IP4_STR_MAX];
    LOG_INFO("dhcp: %s %s/%u, lease %lu s", renewal ? "renewed" : "bound",
             net_ip4_format(l->addr, a, sizeof a), l->prefix_len, (unsigned long)l->lease_s);
    emit_event(c, renewal ? NET_DHCP_EV_RENEWED : NET_DHCP_EV_BOUND);
}

static void on_datagram(struct net_udp_socket *s, uint64_t now, const struct net_endpoint *from,
                        net_ip4 dst, const uint8_t *data, size_t len)
{
    (void)dst;
    struct net_dhcp_client *c = client_of_socket(s);
    struct net_dhcp_repr r;
    if (from->port != NET_DHCP_SERVER_PORT || net_dhcp_parse(data, len, &r) != NET_WIRE_OK)
        return;
    if (r.op != NET_DHCP_OP_REPLY || r.xid != c->xid || !net_mac_equal(&r.chaddr, &c->iface->mac))
        return;
    net_ip4 server = (r.present & NET_DHCP_HAS_SERVER_ID) ? r.server_id : from->addr;
    switch (c->state) {
    case NET_DHCP_SELECTING:
        /* the first acceptable offer wins (RFC 2131 allows collecting several; one is enough) */
        if (r.message_type != NET_DHCP_OFFER || !valid_host_address(r.yiaddr) ||
            !(r.present & NET_DHCP_HAS_SERVER_ID))
            return;
        record_offer(c, &r, from->addr);
        enter(c, NET_DHCP_REQUESTING, now);
        c->iface->changed = true;
        break;
    case NET_DHCP_REQUESTING:
    case NET_DHCP_RENEWING:
    case NET_DHCP_REBINDING:
        /* while requesting or renewing only our server speaks; rebinding, any may */
        if (c->state != NET_DHCP_REBINDING && server != c->lease.server)
            return;
        if (r.message_type == NET_DHCP_NAK) {
            LOG_INFO("dhcp: NAK");
            lose_lease(c, now, NET_DHCP_NAK_DELAY_US);
        } else if (r.message_type == NET_DHCP_ACK && valid_host_address(r.yiaddr) &&
                   (r.present & NET_DHCP_HAS_LEASE_TIME) && r.lease_time > 0) {
            bind_lease(c, now, &r, from->addr);
        } else {
            return;
        }
        c->iface->changed = true;
        break;
    default:
        break;
    }
}

static bool poll(struct net_handler *h, struct net_iface *iface, uint64_t now)
{
    (void)iface;
    struct net_dhcp_client *c = client_of_handler(h);
    if (has_address(c) && now >= c->expire_at) {
        lose_lease(c, now, 0);
        return true;
    }
    if (c->state == NET_DHCP_BOUND && now >= c->t1_at) {
        enter(c, NET_DHCP_RENEWING, now);
    }
    if (c->state == NET_DHCP_RENEWING && now >= c->t2_at) {
        enter(c, NET_DHCP_REBINDING, now);
    }
    if (c->state == NET_DHCP_INIT && now >= c->next_tx) {
        c->xid = net_iface_random(c->iface);
        c->started = now;
        enter(c, NET_DHCP_SELECTING, now);
    }
    if (now < c->next_tx)
        return false;

    switch (c->state) {
    case NET_DHCP_SELECTING:
        send_message(c, now, NET_DHCP_DISCOVER);
        backoff(c, now);
        break;
    case NET_DHCP_REQUESTING:
        if (c->tries++ >= NET_DHCP_REQUEST_TRIES) {
            enter(c, NET_DHCP_INIT, now); /* the offer went stale: start over */
            return true;
        }
        send_message(c, now, NET_DHCP_REQUEST);
        backoff(c, now);
        break;
    case NET_DHCP_RENEWING:
    case NET_DHCP_REBINDING: {
        send_message(c, now, NET_DHCP_REQUEST);
        /* RFC 2131 4.4.5: half the time left until T2 (renewing) or the lease end
         * (rebinding), but not more often than once a minute */
        uint64_t end = c->state == NET_DHCP_RENEWING ? c->t2_at : c->expire_at;
        uint64_t wait = (end - now) / 2;
        if (wait < NET_DHCP_RENEW_MIN_US)
            wait = NET_DHCP_RENEW_MIN_US;
        c->next_tx = now + wait;
        break;
    }
    default:
        return false;
    }
    return true;
}

static uint64_t poll_at(const struct net_handler *h, const struct net_iface *iface, uint64_t now)
{
    (void)iface;
    (void)now;
    const struct net_dhcp_client *c = client_of_handler(h);
    uint64_t t = c->next_tx;
    if (c->state == NET_DHCP_BOUND && c->t1_at < t)
        t = c->t1_at;
    if (c->state == NET_DHCP_RENEWING && c->t2_at < t)
        t = c->t2_at;
    if (has_address(c) && c->expire_at < t)
        t = c->expire_at;
    return t;
}

enum net_err net_dhcp_start(struct net_dhcp_client *c, struct net_iface *iface,
                            const char *hostname, net_dhcp_event_fn fn, void *ctx)
{
    if (c->state != NET_DHCP_STOPPED && c->iface)
        net_dhcp_stop(c);
    memset(c, 0, sizeof *c);
    c->iface = iface;
    c->hostname = hostname;
    c->on_event = fn;
    c->ctx = ctx;
    net_udp_init(&c->udp, NULL, NULL);
    c->udp.input = on_datagram;
    c->udp.any_dst = true;
    enum net_err err = net_udp_bind(iface, &c->udp, NET_DHCP_CLIENT_PORT);
    if (err != NET_OK)
        return err;
    c->handler.poll = poll;
    c->handler.poll_at = poll_at;
    net_iface_add_handler(iface, &c->handler);
    enter(c, NET_DHCP_INIT, 0);
    return NET_OK;
}

void net_dhcp_stop(struct net_dhcp_client *c)
{
    if (c->state == NET_DHCP_STOPPED)
        return;
    if (has_address(c)) {
        net_iface_set_ipv4(c->iface, 0, 0);
        net_iface_set_gateway(c->iface, 0);
    }
    net_udp_close(&c->udp);
    net_iface_remove_handler(c->iface, &c->handler);
    c->state = NET_DHCP_STOPPED;
}

void net_dhcp_restart(struct net_dhcp_client *c)
{
    if (c->state == NET_DHCP_STOPPED)
        return;
    lose_lease(c, 0, 0);
}

enum net_dhcp_state net_dhcp_state(const struct net_dhcp_client *c)
{
    return (enum net_dhcp_state)c->state;
}

const struct net_dhcp_lease *net_dhcp_lease(const struct net_dhcp_client *c)
{
    return has_address(c) ? &c->lease : NULL;
}
