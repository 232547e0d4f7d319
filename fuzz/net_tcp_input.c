/* fuzz-deps: kit_net kit_log */
/* TCP's input path: a socket is driven into one of the eleven states by a scripted peer, then the
 * fuzzer's segments arrive (between clock steps, application reads and writes), and after every
 * step the socket's invariants must hold and everything the stack sends must be a well-formed
 * segment.
 *
 * Input: [state][app] then records [ctl][len][len bytes of TCP segment]. ctl bit 0: use the
 * connection's ports; bit 1: fill in a right checksum; bit 2: sequence number relative to
 * RCV.NXT, bit 3: ACK relative to SND.UNA (both as signed 16-bit offsets from the segment's own
 * fields); bits 4..7: clock step before the segment, 2^(n-1) ms (0: none). app bit 0: the task
 * reads everything after each segment, bit 1: it writes 700 bytes, bit 2: it closes once,
 * bit 3: timestamps and SACK in the handshake, bit 4: nodelay, bit 5: no delayed ACK, bit 6:
 * SACK not enabled on our side (net_tcp_enable_sack not called: NewReno recovery). */
#include <stdint.h>
#include <string.h>

#include "net/iface.h"
#include "net/pipe.h"
#include "net/socket/tcp.h"
#include "net/wire/ethernet.h"
#include "net/wire/ipv4.h"
#include "net/wire/tcp.h"

#define CHECK(x)                                                                                   \
    do {                                                                                           \
        if (!(x))                                                                                  \
            __builtin_trap();                                                                      \
    } while (0)

#define US NET_IP4(10, 0, 0, 2)
#define PEER NET_IP4(10, 0, 0, 1)
#define PORT 80
#define PEER_PORT 40000
#define PEER_ISN 7000u

static const struct net_mac mac_us = {{2, 0, 0, 0, 0, 2}}, mac_peer = {{2, 0, 0, 0, 0, 1}};
static struct net_pipe_end dev, peer;
static struct net_pipe_frame dev_slots[8], peer_slots[64];
static struct net_iface iface;
static struct net_tcp tcp;
static struct net_tcp_socket sock;
static uint8_t rx_buf[3000], tx_buf[3000];
static uint64_t now;
static uint32_t our_iss;
static uint8_t app;

static uint32_t entropy(void *ctx)
{
    (void)ctx;
    return 0x9e3779b9;
}

static void poll(void)
{
    net_iface_poll(&iface, now);
}

/* Reads what the stack sent: every frame must parse, checksums right. Remembers our ISS. */
static void drain(void)
{
    uint8_t f[1600];
    size_t n;
    while ((n = net_pipe_recv(&peer, f, sizeof f)) > 0) {
        struct net_eth_repr eth;
        CHECK(net_eth_parse(f, n, &eth) == NET_WIRE_OK);
        if (eth.ethertype != NET_ETHERTYPE_IPV4)
            continue;
        struct net_ipv4_repr ip;
        CHECK(net_ipv4_parse(eth.payload, eth.payload_len, true, &ip) == NET_WIRE_OK);
        if (ip.protocol != NET_IP_PROTO_TCP)
            continue;
        struct net_tcp_repr seg;
        CHECK(net_tcp_parse(ip.payload, ip.payload_len, ip.src, ip.dst, true, &seg) ==
              NET_WIRE_OK);
        CHECK(ip.payload_len <= 1480);
        if (seg.flags & NET_TCP_SYN)
            our_iss = seg.seq;
    }
}

static void send_raw(uint8_t *tcp_seg, size_t len, bool fix_cksum)
{
    uint8_t f[1600];
    if (len > 1480)
        len = 1480;
    memcpy(f + 34, tcp_seg, len);
    if (fix_cksum && len >= 20) {
        f[34 + 16] = f[34 + 17] = 0;
        uint32_t sum = 0;
        uint8_t pseudo[12] = {10, 0, 0, 1, 10, 0, 0, 2, 0, 6, (uint8_t)(len >> 8), (uint8_t)len};
        for (size_t i = 0; i < 12; i += 2)
            sum += (uint32_t)(pseudo[i] << 8 | pseudo[i + 1]);
        for (size_t i = 0; i + 1 < len; i += 2)
            sum += (uint32_t)(f[34 + i] << 8 | f[34 + i + 1]);
        if (len & 1)
            sum += (uint32_t)f[34 + len - 1] << 8;
        while (sum >> 16)
            sum = (sum & 0xffff) + (sum >> 16);
        uint16_t c = (uint16_t)~sum;
        f[34 + 16] = (uint8_t)(c >> 8);
        f[34 + 17] = (uint8_t)c;
    }
    struct net_ipv4_repr ip = {.src = PEER, .dst = US, .protocol = NET_IP_PROTO_TCP, .ttl = 64,
                               .payload_len = len};
    net_ipv4_emit(&ip, f + 14, 20, true);
    struct net_eth_repr eth = {.dst = mac_us, .src = mac_peer, .ethertype = NET_ETHERTYPE_IPV4};
    net_eth_emit(&eth, f, 14);
    size_t n = 34 + len;
    if (n < 60) {
        memset(f + n, 0, 60 - n);
        n = 60;
    }
    net_pipe_send(&peer, f, n);
    poll();
    drain();
}

static void send_seg(uint8_t flags, uint32_t seq, uint32_t ack, size_t payload)
{
    struct net_tcp_repr r = {.src_port = PEER_PORT, .dst_port = PORT, .seq = seq, .ack = ack,
                             .flags = flags, .window = 2000, .payload_len = payload};
    if (flags & NET_TCP_SYN) {
        r.mss = 536;
        if (app & 8) {
            r.sack_permitted = true;
            r.has_timestamp = true;
            r.ts_val = 100;
            r.has_wscale = true;
            r.wscale = 2;
        }
    } else if (sock.ts_ok) {
        r.has_timestamp = true;
        r.ts_val = 100;
    }
    uint8_t seg[1600];
    size_t hlen = net_tcp_header_len(&r);
    memset(seg + hlen, 'p', payload);
    CHECK(net_tcp_emit(&r, seg, sizeof seg, PEER, US, true) == NET_WIRE_OK);
    send_raw(seg, hlen + payload, false);
}

static void establish(void)
{
    net_tcp_listen(&sock, PORT);
    send_seg(NET_TCP_SYN, PEER_ISN, 0, 0);
    send_seg(NET_TCP_ACK, PEER_ISN + 1, our_iss + 1, 0);
}

static void setup(uint8_t state)
{
    net_pipe_init(&dev, dev_slots, 8, &peer, peer_slots, 64, 1500);
    struct net_iface_config cfg = {.dev = &dev.dev, .mac = mac_us, .entropy = entropy};
    net_iface_init(&iface, &cfg);
    net_iface_set_ipv4(&iface, US, 24);
    net_iface_add_neighbor(&iface, PEER, &mac_peer);
    struct net_tcp_config tc;
    net_tcp_config_default(&tc);
    tc.challenge_acks_per_s = 3;
    net_tcp_init(&tcp, &iface, &tc);
    if (!(app & 64))
        net_tcp_enable_sack(&tcp);
    net_tcp_socket_init(&sock, &tcp, rx_buf, sizeof rx_buf, tx_buf, sizeof tx_buf);
    net_tcp_set_nodelay(&sock, (app & 16) != 0);
    net_tcp_set_delayed_ack(&sock, (app & 32) == 0);
    now = 1000000000;
    poll();
    drain();
    switch (state % NET_TCP_STATE_COUNT) {
    case NET_TCP_CLOSED:
        break;
    case NET_TCP_LISTEN:
        net_tcp_listen(&sock, PORT);
        break;
    case NET_TCP_SYN_SENT: {
        struct net_endpoint to = {PEER, PEER_PORT};
        net_tcp_connect(&sock, &to, PORT);
        poll();
        drain();
        break;
    }
    case NET_TCP_SYN_RECEIVED:
        net_tcp_listen(&sock, PORT);
        send_seg(NET_TCP_SYN, PEER_ISN, 0, 0);
        break;
    case NET_TCP_ESTABLISHED:
        establish();
        break;
    case NET_TCP_FIN_WAIT_1:
        establish();
        net_tcp_close(&sock);
        poll();
        drain();
        break;
    case NET_TCP_FIN_WAIT_2:
        establish();
        net_tcp_close(&sock);
        poll();
        drain();
        send_seg(NET_TCP_ACK, PEER_ISN + 1, our_iss + 2, 0);
        break;
    case NET_TCP_CLOSE_WAIT:
        establish();
        send_seg(NET_TCP_ACK | NET_TCP_FIN, PEER_ISN + 1, our_iss + 1, 10);
        break;
    case NET_TCP_CLOSING:
        establish();
        net_tcp_close(&sock);
        poll();
        drain();
        send_seg(NET_TCP_ACK | NET_TCP_FIN, PEER_ISN + 1, our_iss + 1, 0);
        break;
    case NET_TCP_LAST_ACK:
        establish();
        send_seg(NET_TCP_ACK | NET_TCP_FIN, PEER_ISN + 1, our_iss + 1, 0);
        net_tcp_close(&sock);
        poll();
        drain();
        break;
    case NET_TCP_TIME_WAIT:
        establish();
        net_tcp_close(&sock);
        poll();
        drain();
        send_seg(NET_TCP_ACK | NET_TCP_FIN, PEER_ISN + 1, our_iss + 2, 0);
        break;
    }
}

static void check_invariants(void)
{
    const struct net_tcp_socket *s = &sock;
    CHECK(s->state < NET_TCP_STATE_COUNT);
    CHECK(s->rx_len <= s->rx_size && s->tx_len <= s->tx_size);
    CHECK(s->rx_head < s->rx_size && s->tx_head < s->tx_size);
    CHECK(s->ooo_count <= NET_TCP_OOO_RANGES);
    if (s->state >= NET_TCP_SYN_RECEIVED) {
        CHECK((int32_t)(s->snd_nxt - s->snd_una) >= 0);
        CHECK((int32_t)(s->snd_max - s->snd_nxt) >= 0);
        /* everything unacknowledged is still in the buffer (the FIN aside) */
        CHECK((int32_t)(s->tx_seq + s->tx_len + 1 - s->snd_max) >= 0);
        CHECK(s->sb_count <= NET_TCP_OOO_RANGES);
        for (unsigned i = 0; i < s->sb_count; i++) {
            /* the scoreboard: ascending, disjoint, inside (SND.UNA, SND.MAX] */
            CHECK((int32_t)(s->sb[i].left - s->snd_una) >= 0);
            CHECK((int32_t)(s->sb[i].right - s->sb[i].left) > 0);
            CHECK((int32_t)(s->snd_max - s->sb[i].right) >= 0);
            if (i)
                CHECK((int32_t)(s->sb[i].left - s->sb[i - 1].right) > 0);
        }
        for (unsigned i = 0; i < s->ooo_count; i++) {
            /* pieces lie beyond RCV.NXT, inside the buffer */
            CHECK((int32_t)(s->ooo[i].left - s->rcv_nxt) > 0);
            CHECK(s->ooo[i].right - s->rcv_nxt <= s->rx_size - s->rx_len);
        }
    }
    uint64_t at = net_iface_poll_at(&iface, now);
    CHECK(at >= now);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    app = data[1];
    setup(data[0]);
    bool closed = false;
    size_t i = 2;
    while (i + 2 <= size) {
        uint8_t ctl = data[i];
        size_t len = data[i + 1];
        i += 2;
        if (len > size - i)
            len = size - i;
        uint8_t seg[300];
        memset(seg, 0, sizeof seg);
        memcpy(seg, data + i, len);
        i += len;
        if (len < 20)
            len = 20; /* a header's worth, zeros where the input ran out */
        if (ctl & 1) {
            seg[0] = PEER_PORT >> 8;
            seg[1] = (uint8_t)PEER_PORT;
            seg[2] = 0;
            seg[3] = PORT;
        }
        if (ctl & 4) {
            uint32_t seq = sock.rcv_nxt + (uint32_t)(int16_t)(seg[4] << 8 | seg[5]);
            seg[4] = (uint8_t)(seq >> 24), seg[5] = (uint8_t)(seq >> 16);
            seg[6] = (uint8_t)(seq >> 8), seg[7] = (uint8_t)seq;
        }
        if (ctl & 8) {
            uint32_t ack = sock.snd_una + (uint32_t)(int16_t)(seg[8] << 8 | seg[9]);
            seg[8] = (uint8_t)(ack >> 24), seg[9] = (uint8_t)(ack >> 16);
            seg[10] = (uint8_t)(ack >> 8), seg[11] = (uint8_t)ack;
        }
        unsigned step = ctl >> 4;
        if (step) {
            now += (1000ull << (step - 1));
            poll();
            drain();
        }
        send_raw(seg, len, (ctl & 2) != 0);
        if (app & 1) {
            uint8_t buf[512];
            while (net_tcp_recv(&sock, buf, sizeof buf) > 0) {
            }
        }
        if (app & 2) {
            static const uint8_t junk[700];
            net_tcp_send(&sock, junk, sizeof junk);
        }
        if ((app & 4) && !closed) {
            net_tcp_close(&sock);
            closed = true;
        }
        poll();
        drain();
        check_invariants();
    }
    /* let every timer run out: the socket must end up closed or waiting, never spinning */
    for (int k = 0; k < 64; k++) {
        uint64_t at = net_iface_poll_at(&iface, now);
        if (at == UINT64_MAX)
            break;
        CHECK(at >= now);
        if (at == now) {
            /* output due now: one poll must do it (the peer end is drained, ARP is static) */
            poll();
            drain();
            CHECK(net_iface_poll_at(&iface, now) > now);
            continue;
        }
        now = at;
        poll();
        drain();
        check_invariants();
    }
    net_tcp_deinit(&tcp);
    return 0;
}
