#include "harness.h"

#include <string.h>

#include "net/wire/ethernet.h"
#include "net/wire/ipv4.h"

/* ---- script mode ---- */

struct net_iface t_iface;
struct net_tcp t_tcp;
struct net_pipe_end t_dev, t_peer;
uint64_t t_now;
bool t_no_sack;

static struct net_pipe_frame dev_slots[64], peer_slots[256];

void t_config(struct net_tcp_config *cfg)
{
    net_tcp_config_default(cfg);
    cfg->msl_us = 1 * T_SEC;
    cfg->rto_min_us = 100 * T_MS;
    cfg->rto_initial_us = 1 * T_SEC;
    cfg->rto_max_us = 8 * T_SEC;
    cfg->delayed_ack_us = 40 * T_MS;
    cfg->user_timeout_us = 30 * T_SEC;
    cfg->syn_retries = 3;
    cfg->synack_retries = 2;
    cfg->challenge_acks_per_s = 5;
}

static uint32_t fixed_entropy(void *ctx)
{
    uint32_t *x = ctx;
    *x = *x * 1664525u + 1013904223u;
    return *x;
}

static uint32_t entropy_state;

void t_setup(const struct net_tcp_config *cfg)
{
    struct net_tcp_config c;
    if (!cfg) {
        t_config(&c);
        cfg = &c;
    }
    net_pipe_init(&t_dev, dev_slots, 64, &t_peer, peer_slots, 256, 1500);
    entropy_state = 12345;
    struct net_iface_config ic = {.dev = &t_dev.dev,
                                  .mac = T_MAC_US,
                                  .entropy = fixed_entropy,
                                  .entropy_ctx = &entropy_state};
    net_iface_init(&t_iface, &ic);
    t_now = 1000 * T_SEC;
    net_iface_set_ipv4(&t_iface, T_IP_US, 24);
    struct net_mac peer = T_MAC_PEER;
    net_iface_add_neighbor(&t_iface, T_IP_PEER, &peer);
    net_tcp_init(&t_tcp, &t_iface, cfg);
    if (!t_no_sack)
        net_tcp_enable_sack(&t_tcp);
    t_poll();
    uint8_t f[1600];
    while (net_pipe_pending(&t_peer))
        net_pipe_recv(&t_peer, f, sizeof f); /* the gratuitous ARP */
}

void t_poll(void)
{
    net_iface_poll(&t_iface, t_now);
}

void t_wait(uint64_t us)
{
    uint64_t end = t_now + us;
    for (int guard = 0; guard < 100000; guard++) {
        t_poll();
        uint64_t at = net_iface_poll_at(&t_iface, t_now);
        if (at <= t_now) {
            /* output is due now: a poll must make progress, never spin */
            t_poll();
            at = net_iface_poll_at(&t_iface, t_now);
            assert_true(at > t_now);
        }
        if (at >= end) {
            t_now = end;
            t_poll();
            return;
        }
        t_now = at;
    }
    fail_msg("t_wait: too many deadlines");
}

static size_t build_frame(uint8_t *f, net_ip4 src, net_ip4 dst, const struct net_mac *smac,
                          const struct net_mac *dmac, const struct net_tcp_repr *seg,
                          const void *data, size_t len)
{
    struct net_tcp_repr r = *seg;
    r.payload_len = len;
    size_t hlen = net_tcp_header_len(&r);
    uint8_t *tcp = f + NET_ETH_HDR_LEN + NET_IPV4_HDR_LEN;
    if (len)
        memcpy(tcp + hlen, data, len);
    assert_int_equal(net_tcp_emit(&r, tcp, 1500 - NET_IPV4_HDR_LEN, src, dst, true), NET_WIRE_OK);
    struct net_ipv4_repr ip = {.src = src,
                               .dst = dst,
                               .protocol = NET_IP_PROTO_TCP,
                               .ttl = 64,
                               .payload_len = hlen + len};
    net_ipv4_emit(&ip, f + NET_ETH_HDR_LEN, NET_IPV4_HDR_LEN, true);
    struct net_eth_repr eth = {.dst = *dmac, .src = *smac, .ethertype = NET_ETHERTYPE_IPV4};
    net_eth_emit(&eth, f, NET_ETH_HDR_LEN);
    size_t n = NET_ETH_HDR_LEN + NET_IPV4_HDR_LEN + hlen + len;
    if (n < 60) {
        memset(f + n, 0, 60 - n);
        n = 60;
    }
    return n;
}

void t_send(const struct net_tcp_repr *seg, const void *data, size_t len)
{
    uint8_t f[1600];
    struct net_mac us = T_MAC_US, peer = T_MAC_PEER;
    size_t n = build_frame(f, T_IP_PEER, T_IP_US, &peer, &us, seg, data, len);
    assert_true(net_pipe_send(&t_peer, f, n));
    t_poll();
}

static bool parse_frame(uint8_t *f, size_t n, net_ip4 *src, net_ip4 *dst,
                        struct net_tcp_repr *seg)
{
    struct net_eth_repr eth;
    if (net_eth_parse(f, n, &eth) != NET_WIRE_OK || eth.ethertype != NET_ETHERTYPE_IPV4)
        return false;
    struct net_ipv4_repr ip;
    assert_int_equal(net_ipv4_parse(eth.payload, eth.payload_len, true, &ip), NET_WIRE_OK);
    if (ip.protocol != NET_IP_PROTO_TCP)
        return false;
    assert_true(ip.dont_frag);
    assert_int_equal(net_tcp_parse(ip.payload, ip.payload_len, ip.src, ip.dst, true, seg),
                     NET_WIRE_OK);
    *src = ip.src;
    *dst = ip.dst;
    return true;
}

bool t_recv(struct net_tcp_repr *seg, uint8_t *data, size_t cap)
{
    uint8_t f[1600];
    for (;;) {
        size_t n = net_pipe_recv(&t_peer, f, sizeof f);
        if (n == 0)
            return false;
        net_ip4 src, dst;
        if (!parse_frame(f, n, &src, &dst, seg))
            continue; /* not TCP */
        assert_int_equal(src, T_IP_US);
        assert_int_equal(dst, T_IP_PEER);
        assert_true(seg->payload_len <= cap);
        if (seg->payload_len)
            memcpy(data, seg->payload, seg->payload_len);
        seg->payload = data;
        return true;
    }
}

struct net_tcp_repr t_expect(void)
{
    static uint8_t buf[1600];
    struct net_tcp_repr seg;
    if (!t_recv(&seg, buf, sizeof buf))
        fail_msg("expected a segment from the stack, none came");
    return seg;
}

void t_expect_nothing(void)
{
    struct net_tcp_repr seg;
    uint8_t buf[1600];
    if (t_recv(&seg, buf, sizeof buf))
        fail_msg("unexpected segment: flags %#x seq %u ack %u len %zu", seg.flags, seg.seq,
                 seg.ack, seg.payload_len);
}

size_t t_pending(void)
{
    return net_pipe_pending(&t_peer);
}

void t_waker(void *ctx, uint32_t events)
{
    struct t_events *e = ctx;
    e->all |= events;
    e->calls++;
}

/* ---- duo mode ---- */

struct d_side d_a, d_b;
uint64_t d_now;
uint32_t d_frames[2], d_dropped[2];

static struct net_pipe_frame a_dev_slots[128], a_wire_slots[128], b_dev_slots[128],
    b_wire_slots[128];
static d_filter_fn d_filter;
static uint32_t d_entropy[2];
static struct {
    bool held;
    uint64_t since;
    size_t len;
    uint8_t frame[1600];
} d_hold[2];

static void d_side_init(struct d_side *s, struct net_pipe_frame *dslots,
                        struct net_pipe_frame *wslots, net_ip4 ip, net_ip4 peer_ip,
                        uint8_t mac_last, uint8_t peer_mac_last, uint32_t *entropy,
                        const struct net_tcp_config *cfg)
{
    net_pipe_init(&s->dev, dslots, 128, &s->wire, wslots, 128, 1500);
    struct net_iface_config ic = {.dev = &s->dev.dev,
                                  .mac = {{0x02, 0, 0, 0, 0, mac_last}},
                                  .entropy = fixed_entropy,
                                  .entropy_ctx = entropy};
    net_iface_init(&s->iface, &ic);
    net_iface_set_ipv4(&s->iface, ip, 24);
    struct net_mac peer = {{0x02, 0, 0, 0, 0, peer_mac_last}};
    net_iface_add_neighbor(&s->iface, peer_ip, &peer);
    net_tcp_init(&s->tcp, &s->iface, cfg);
    if (!t_no_sack)
        net_tcp_enable_sack(&s->tcp);
    net_iface_poll(&s->iface, d_now);
    uint8_t f[1600];
    while (net_pipe_pending(&s->wire))
        net_pipe_recv(&s->wire, f, sizeof f);
}

void d_setup(const struct net_tcp_config *cfg, d_filter_fn filter)
{
    struct net_tcp_config c;
    if (!cfg) {
        t_config(&c);
        cfg = &c;
    }
    d_now = 1000 * T_SEC;
    d_entropy[0] = 111;
    d_entropy[1] = 222;
    memset(d_frames, 0, sizeof d_frames);
    memset(d_dropped, 0, sizeof d_dropped);
    memset(d_hold, 0, sizeof d_hold);
    d_filter = filter;
    d_side_init(&d_a, a_dev_slots, a_wire_slots, T_IP_PEER, T_IP_US, 1, 2, &d_entropy[0], cfg);
    d_side_init(&d_b, b_dev_slots, b_wire_slots, T_IP_US, T_IP_PEER, 2, 1, &d_entropy[1], cfg);
}

#define D_HOLD_US (10 * T_MS)

/* Moves frames from one stack's wire end to the other's; returns how many moved. */
static unsigned d_shuttle(int dir)
{
    struct d_side *from = dir == 0 ? &d_a : &d_b;
    struct d_side *to = dir == 0 ? &d_b : &d_a;
    unsigned moved = 0;
    uint8_t f[1600];
    while (net_pipe_pending(&from->wire) && net_pipe_pending(&to->dev) < 120) {
        size_t n = net_pipe_recv(&from->wire, f, sizeof f);
        moved++;
        uint32_t idx = d_frames[dir]++;
        enum d_action act = d_filter ? d_filter(dir, idx, f, n) : D_PASS;
        switch (act) {
        case D_DROP:
            d_dropped[dir]++;
            continue;
        case D_HOLD:
            if (!d_hold[dir].held) {
                d_hold[dir].held = true;
                d_hold[dir].since = d_now;
                d_hold[dir].len = n;
                memcpy(d_hold[dir].frame, f, n);
                continue;
            }
            break;
        case D_CORRUPT:
            f[14 + 20 + (idx * 7) % (n - 34)] ^= (uint8_t)(1u << (idx % 8));
            break;
        default:
            break;
        }
        net_pipe_send(&to->wire, f, n);
        if (act == D_DUP)
            net_pipe_send(&to->wire, f, n);
        if (d_hold[dir].held && act != D_HOLD) {
            net_pipe_send(&to->wire, d_hold[dir].frame, d_hold[dir].len);
            d_hold[dir].held = false;
        }
    }
    if (d_hold[dir].held && d_now >= d_hold[dir].since + D_HOLD_US) {
        net_pipe_send(&to->wire, d_hold[dir].frame, d_hold[dir].len);
        d_hold[dir].held = false;
        moved++;
    }
    return moved;
}

bool d_run(bool (*done)(void *ctx), void *ctx, uint64_t max_us)
{
    uint64_t end = d_now + max_us;
    unsigned idle_spins = 0;
    while (d_now < end) {
        if (done(ctx))
            return true;
        net_iface_poll(&d_a.iface, d_now);
        net_iface_poll(&d_b.iface, d_now);
        unsigned moved = d_shuttle(0) + d_shuttle(1);
        if (moved || net_pipe_pending(&d_a.dev) || net_pipe_pending(&d_b.dev)) {
            idle_spins = 0;
            continue;
        }
        if (done(ctx))
            return true;
        uint64_t at = net_iface_poll_at(&d_a.iface, d_now);
        uint64_t bt = net_iface_poll_at(&d_b.iface, d_now);
        if (bt < at)
            at = bt;
        for (int dir = 0; dir < 2; dir++)
            if (d_hold[dir].held && d_hold[dir].since + D_HOLD_US < at)
                at = d_hold[dir].since + D_HOLD_US;
        if (at <= d_now) {
            /* output due now (the app may have queued some): a poll must then make progress */
            if (++idle_spins > 1000)
                fail_msg("d_run: poll_at says now but nothing moves (busy loop)");
            continue;
        }
        idle_spins = 0;
        d_now = at > end ? end : at;
    }
    return done(ctx);
}
