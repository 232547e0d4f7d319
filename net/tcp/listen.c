/* Passive open: listening sockets, the SYN that turns one into a half-open connection (RFC 9293
 * 3.10.7.2), and what a server needs against SYN floods (the oldest half-open connection of a
 * busy port gives way, one that ends silently listens again). The protocol reaches this file
 * only through tcp->listen, installed by net_tcp_listen(): an image that only connects (an MQTT
 * device) links none of it, and answers every segment no connection takes with a RST. */
#include "tcp_internal.h"

/* A half-open passive connection gives up: the socket listens again, and its task, which never
 * heard of the connection, hears nothing now either. */
static void relisten(struct net_tcp_socket *s)
{
    tcp_stop_timers(s);
    s->remote = (struct net_endpoint){0, 0};
    s->local.addr = 0;
    tcp_rx_clear(s);
    s->tx_head = s->tx_len = 0;
    s->fin_queued = s->rx_fin = s->rx_fin_ooo = false;
    s->state = NET_TCP_LISTEN;
}

/* A SYN to a listening socket: it becomes that half-open connection. */
static void open_passive(struct net_tcp_socket *s, uint64_t now, net_ip4 local, net_ip4 remote,
                         const struct net_tcp_repr *seg)
{
    s->local = (struct net_endpoint){local, seg->dst_port};
    s->remote = (struct net_endpoint){remote, seg->src_port};
    tcp_isn(s, now);
    tcp_conn_reset(s, now);
    s->counters.rx_segs = 1;
    s->rcv_wscale = tcp_our_wscale(s); /* tcp_take_syn takes it back when the peer has none */
    tcp_take_syn(s, seg);
    s->snd_wl2 = s->iss;
    s->state = NET_TCP_SYN_RECEIVED; /* the task hears of it once established */
    tcp_output(s, now);              /* the SYN-ACK */
}

/* Every listening socket on the port is busy: give up the oldest half-open connection there
 * (as a SYN queue drops its oldest entry under a flood), so a flood cannot keep new clients out
 * for longer than it lasts. NULL when the port serves no connection either: it is closed. */
static struct net_tcp_socket *evict_half_open(struct net_tcp *tcp, uint16_t port, bool *served)
{
    struct net_tcp_socket *oldest = NULL;
    for (struct net_tcp_socket *s = tcp->sockets; s; s = s->next) {
        if (!s->passive || s->local.port != port)
            continue;
        *served = true;
        if (s->state == NET_TCP_SYN_RECEIVED && (!oldest || s->opened_at < oldest->opened_at))
            oldest = s;
    }
    if (oldest) {
        relisten(oldest);
        tcp->counters.syn_evicted++;
    }
    return oldest;
}

/* A segment no connection takes (RFC 9293 3.10.7.1, 3.10.7.2): a SYN opens a listening socket of
 * its port; a listening port ignores a RST and answers an ACK with one; a closed port answers
 * everything but a RST with one. */
static void listen_input(struct net_tcp *tcp, uint64_t now, net_ip4 local, net_ip4 remote,
                         const struct net_tcp_repr *seg)
{
    struct net_tcp_socket *listener = NULL;
    for (struct net_tcp_socket *s = tcp->sockets; s && !listener; s = s->next)
        if (s->state == NET_TCP_LISTEN && s->local.port == seg->dst_port)
            listener = s; /* the first in the list: the one that listened last */
    uint8_t f = seg->flags;
    bool syn = (f & (NET_TCP_SYN | NET_TCP_ACK | NET_TCP_RST)) == NET_TCP_SYN;
    bool served = false;
    if (!listener && syn)
        listener = evict_half_open(tcp, seg->dst_port, &served);
    if (!listener) {
        if (served) {
            tcp->counters.syn_no_listener++; /* busy, not closed: the peer retries */
            return;
        }
        tcp->counters.rx_no_socket++;
        tcp_reply_rst(tcp, now, remote, seg);
        return;
    }
    if (f & NET_TCP_RST)
        return;
    if (f & NET_TCP_ACK) {
        tcp_reply_rst(tcp, now, remote, seg);
        return;
    }
    if (syn && !(f & NET_TCP_FIN))
        open_passive(listener, now, local, remote, seg);
}

/* A SYN for a connection in TIME_WAIT: a new incarnation (RFC 6191: newer timestamp, or higher
 * sequence number) ends it, and a listening socket takes the SYN (true: look it up again). */
static bool time_wait_syn(struct net_tcp_socket *s, const struct net_tcp_repr *seg)
{
    bool newer = s->ts_ok && seg->has_timestamp ? seq_gt(seg->ts_val, s->ts_recent)
                                                 : seq_gt(seg->seq, s->rcv_nxt);
    if (newer)
        tcp_closed(s, NET_TCP_ERR_NONE);
    return newer;
}

static const struct tcp_listen_ops listen_ops = {listen_input, relisten, time_wait_syn};

enum net_err net_tcp_listen(struct net_tcp_socket *s, uint16_t port)
{
    if (port == 0 || s->state != NET_TCP_CLOSED)
        return NET_ERR_INVALID;
    s->tcp->listen = &listen_ops;
    s->error = NET_TCP_ERR_NONE;
    s->passive = true;
    s->local = (struct net_endpoint){0, port};
    s->remote = (struct net_endpoint){0, 0};
    tcp_rx_clear(s);
    s->tx_head = s->tx_len = 0;
    s->state = NET_TCP_LISTEN;
    tcp_link(s->tcp, s);
    return NET_OK;
}
