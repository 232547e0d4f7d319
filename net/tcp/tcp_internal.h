/* What the files of the TCP module call in each other; not part of the public API.
 *
 *   proto.c    the protocol instance: handler callbacks, demultiplexing, closed ports
 *   listen.c   passive open: LISTEN, half-open connections (through tcp->listen)
 *   input.c    a segment against a socket in every other state (RFC 9293 3.10.7)
 *   output.c   what leaves: SYN, data, FIN, ACK, RST, probes
 *   timers.c   retransmission, persist, delayed ACK, keepalive, TIME_WAIT, user timeout
 *   rtt.c      RFC 6298 RTO;  cc.c  RFC 5681 / RFC 6582 / RFC 6675 congestion control
 *   sack.c     SACK: the sender's scoreboard and recovery (RFC 6675), through tcp->sack
 *   rxbuf.c    receive buffer with out-of-order pieces and SACK blocks;  txbuf.c  send buffer
 *   isn.c      RFC 6528 initial sequence numbers (SipHash-2-4 of the 4-tuple)
 *   socket.c   the application's calls */
#ifndef NET_TCP_INTERNAL_H
#define NET_TCP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/socket/tcp.h"
#include "net/wire/tcp.h"
#include "seq.h"

#define TCP_MIN_MSS 64             /* a smaller MSS from the peer is raised to this */
#define TCP_TS_OPT_LEN 12          /* NOP NOP TS(10): every segment once timestamps are on */
#define TCP_MAX_CWND (1u << 30)
#define TCP_TS_TICK_SHIFT 10       /* timestamp clock: 2^10 us per tick */

static inline uint32_t tcp_min32(uint32_t a, uint32_t b)
{
    return a < b ? a : b;
}

static inline uint32_t tcp_max32(uint32_t a, uint32_t b)
{
    return a > b ? a : b;
}

/* Payload bytes in a segment without SACK blocks. */
static inline uint32_t tcp_seg_max(const struct net_tcp_socket *s)
{
    return s->mss - (s->ts_ok ? TCP_TS_OPT_LEN : 0u);
}

/* Sequence number of the first byte not yet queued: the FIN goes there. */
static inline uint32_t tcp_data_end(const struct net_tcp_socket *s)
{
    return s->tx_seq + s->tx_len;
}

/* Connection states where both sequence spaces are known. */
static inline bool tcp_synchronized(uint8_t state)
{
    return state >= NET_TCP_SYN_RECEIVED;
}

/* Our timestamp clock: milliseconds (RFC 7323 5.4: 1 ms to 1 s per tick), offset per connection. */
/* The timestamp clock (RFC 7323 5.4: 1 ms to 1 s per tick): 1024 us ticks, a shift where
 * milliseconds would be a 64-bit division (a 700-byte library routine on a Cortex-M). */
static inline uint32_t tcp_ts_now(const struct net_tcp_socket *s, uint64_t now)
{
    return (uint32_t)(now >> TCP_TS_TICK_SHIFT) + s->ts_offset;
}

/* proto.c */
void tcp_link(struct net_tcp *tcp, struct net_tcp_socket *s);
void tcp_unlink(struct net_tcp *tcp, struct net_tcp_socket *s);
bool tcp_port_in_use(const struct net_tcp *tcp, uint16_t port);
bool tcp_tuple_in_use(const struct net_tcp *tcp, const struct net_endpoint *local,
                      const struct net_endpoint *remote);
bool tcp_challenge_allowed(struct net_tcp *tcp, uint64_t now);
/* Sends the segment r to remote, straight into the device's buffer: r->payload_len bytes read
 * from s's send ring at offset off (s NULL without payload), header and checksum, counted. */
enum net_tx_result tcp_xmit(struct net_tcp *tcp, uint64_t now, net_ip4 remote,
                            const struct net_tcp_repr *r, const struct net_tcp_socket *s,
                            uint32_t off);
/* RST for a segment no connection takes (RFC 9293 3.10.7.1). */
void tcp_reply_rst(struct net_tcp *tcp, uint64_t now, net_ip4 remote,
                   const struct net_tcp_repr *seg);

/* listen.c, installed in tcp->listen by net_tcp_listen() (docs/net.md, "Pay for what you use"):
 * NULL in an image that never listens, where every port is closed. */
struct tcp_listen_ops {
    /* A segment no connection took: to a listening socket, or answered as a closed port. */
    void (*input)(struct net_tcp *tcp, uint64_t now, net_ip4 local, net_ip4 remote,
                  const struct net_tcp_repr *seg);
    /* A half-open passive connection gives up (RST, timeouts, neighbour unreachable): the
     * socket listens again, without a word to its task. */
    void (*relisten)(struct net_tcp_socket *s);
    /* A SYN for a connection in TIME_WAIT: true when it ended it (the SYN is looked up again,
     * for a listening socket). Without listening sockets the SYN is TIME_WAIT's to answer. */
    bool (*time_wait_syn)(struct net_tcp_socket *s, const struct net_tcp_repr *seg);
};

/* isn.c */
uint64_t tcp_siphash(const uint32_t key[4], const uint8_t *data, size_t len);
/* RFC 6528: s->iss from a keyed hash of the 4-tuple plus a 4-microsecond clock; s->ts_offset
 * (RFC 7323 7.1) from the other half of the same hash. */
void tcp_isn(struct net_tcp_socket *s, uint64_t now);

/* input.c: returns true when the segment must be looked up again (a SYN ended TIME_WAIT). */
bool tcp_socket_input(struct net_tcp_socket *s, uint64_t now, struct net_tcp_repr *seg);
/* The peer's SYN (either side of the handshake): its sequence number, options, window. */
void tcp_take_syn(struct net_tcp_socket *s, const struct net_tcp_repr *seg);

/* output.c */
enum tcp_seg_result { SEG_SENT, SEG_BLOCKED };
/* Sends one segment: seq, flags (ACK added when synchronized), *len payload bytes from the send
 * ring (cut to what fits beside the options). SEG_BLOCKED: the device or ARP made it wait. */
enum tcp_seg_result tcp_send_segment(struct net_tcp_socket *s, uint64_t now, uint32_t seq,
                                     uint8_t flags, uint32_t *len);
/* Fast retransmit, NewReno's partial ACK: the first unacknowledged segment again. */
enum tcp_seg_result tcp_retransmit_first(struct net_tcp_socket *s, uint64_t now);
void tcp_count_fast_retransmit(struct net_tcp_socket *s);
bool tcp_output(struct net_tcp_socket *s, uint64_t now);
bool tcp_wants_output(const struct net_tcp_socket *s);
void tcp_send_rst(struct net_tcp_socket *s, uint64_t now);
bool tcp_send_probe(struct net_tcp_socket *s, uint64_t now); /* SEQ = SND.UNA - 1, no data */
uint8_t tcp_our_wscale(const struct net_tcp_socket *s);
uint32_t tcp_rcv_window(const struct net_tcp_socket *s);

/* timers.c */
bool tcp_timers(struct net_tcp_socket *s, uint64_t now);
/* The socket's earliest timer (UINT64_MAX: none). */
static inline uint64_t tcp_socket_deadline(const struct net_tcp_socket *s)
{
    uint64_t t = UINT64_MAX;
    if (s->rtx_at && s->rtx_at < t)
        t = s->rtx_at;
    if (s->ack_at && s->ack_at < t)
        t = s->ack_at;
    if (s->keep_at && s->keep_at < t)
        t = s->keep_at;
    return t;
}
uint32_t tcp_current_rto(const struct net_tcp_socket *s);
void tcp_arm_rtx(struct net_tcp_socket *s, uint64_t now);
void tcp_enter_time_wait(struct net_tcp_socket *s, uint64_t now);
/* Keepalive, in tcp->keepalive once a socket called net_tcp_set_keepalive(). */
struct tcp_keepalive_ops {
    /* The peer was heard from (or the setting changed): the idle time starts again. */
    void (*touch)(struct net_tcp_socket *s, uint64_t now);
    void (*timeout)(struct net_tcp_socket *s, uint64_t now); /* keep_at passed */
};
extern const struct tcp_keepalive_ops tcp_keepalive_ops;
static inline void tcp_keepalive_touch(struct net_tcp_socket *s, uint64_t now)
{
    if (s->keepalive)
        s->tcp->keepalive->touch(s, now);
}

/* rtt.c */
void tcp_rtt_init(struct net_tcp_socket *s, const struct net_tcp_config *cfg);
void tcp_rtt_sample(struct net_tcp_socket *s, uint32_t rtt_us, const struct net_tcp_config *cfg);

/* cc.c */
void tcp_cc_init(struct net_tcp_socket *s);
void tcp_cc_new_ack(struct net_tcp_socket *s, uint32_t ack, uint32_t acked);
void tcp_cc_dup_ack(struct net_tcp_socket *s);
void tcp_cc_timeout(struct net_tcp_socket *s);
/* After the scoreboard took an ACK's blocks: enough SACKed above SND.UNA is a loss too
 * (RFC 6675 5), even before three duplicate ACKs. */
void tcp_cc_sack_check(struct net_tcp_socket *s);
/* Extra window RFC 3042 limited transmit allows on the first two duplicate ACKs. */
static inline uint32_t tcp_cc_window(const struct net_tcp_socket *s)
{
    uint32_t w = s->cwnd;
    if (!s->in_recovery && s->dupacks > 0 && s->dupacks < 3)
        w += (uint32_t)s->dupacks * s->mss;
    return tcp_min32(w, s->snd_wnd);
}

/* rxbuf.c: what became of a segment's text */
enum tcp_rx_result {
    TCP_RX_IN_ORDER, /* rcv_nxt moved */
    TCP_RX_FILLED,   /* rcv_nxt moved and swallowed out-of-order pieces: a hole was filled */
    TCP_RX_OOO,      /* kept beyond a hole */
    TCP_RX_DROPPED,  /* beyond a hole and no range left to track it */
};

/* sack.c, installed in tcp->sack by net_tcp_enable_sack(); NULL: SACK is neither offered nor
 * accepted, so sack_ok is never set and none of this is called. */
struct tcp_sack_ops {
    /* An acceptable ACK (after SND.UNA moved): its blocks, and recovery when they show a loss. */
    void (*ack)(struct net_tcp_socket *s, const struct net_tcp_repr *seg);
    uint32_t (*pipe)(const struct net_tcp_socket *s); /* in flight during SACK recovery */
    /* What SACK recovery sends again (tcp_output, while in_recovery). */
    enum tcp_seg_result (*recover)(struct net_tcp_socket *s, uint64_t now, bool *sent);
    /* Our ACK's blocks for the out-of-order data we hold, most recent first. */
    size_t (*blocks)(const struct net_tcp_socket *s, struct net_tcp_sack_block *out, size_t max);
    /* The receive buffer's out-of-order pieces (rxbuf.c): data beyond a hole kept, and in-order
     * data reaching `*end` swallowing the pieces it touches (true: a hole was filled). */
    enum tcp_rx_result (*rx_ooo)(struct net_tcp_socket *s, uint32_t seq, const uint8_t *data,
                                 uint32_t len);
    bool (*rx_fill)(struct net_tcp_socket *s, uint32_t *end);
};

/* The scoreboard's parts (sack.c; public here for the unit tests) */
static inline void tcp_sb_clear(struct net_tcp_socket *s)
{
    s->sb_count = 0;
}
void tcp_sb_update(struct net_tcp_socket *s, const struct net_tcp_repr *seg);
void tcp_sb_trim(struct net_tcp_socket *s); /* after SND.UNA moved */
uint32_t tcp_sb_high(const struct net_tcp_socket *s);
uint32_t tcp_sb_sacked_above(const struct net_tcp_socket *s, uint32_t seq);
uint32_t tcp_sb_pipe(const struct net_tcp_socket *s);
/* The first hole at or after `from` below the highest SACKed byte: [start, end). */
bool tcp_sb_next_hole(const struct net_tcp_socket *s, uint32_t from, uint32_t *start,
                      uint32_t *end);
/* SACK recovery: RFC 6675's IsLost for the byte seq (more than DupThresh - 1 segments above). */
static inline bool tcp_sb_is_lost(const struct net_tcp_socket *s, uint32_t seq)
{
    return tcp_sb_sacked_above(s, seq) > 2u * s->mss;
}

/* Data in flight as loss recovery counts it: the SACK pipe, or everything unacknowledged. */
static inline uint32_t tcp_in_flight(const struct net_tcp_socket *s)
{
    return s->in_recovery && s->sack_ok ? s->tcp->sack->pipe(s) : s->snd_nxt - s->snd_una;
}

/* rxbuf.c */
enum tcp_rx_result tcp_rx_data(struct net_tcp_socket *s, uint32_t seq, const uint8_t *data,
                               uint32_t len);
enum tcp_rx_result tcp_rx_ooo(struct net_tcp_socket *s, uint32_t seq, const uint8_t *data,
                              uint32_t len);
bool tcp_rx_fill(struct net_tcp_socket *s, uint32_t *end);
size_t tcp_sack_blocks(const struct net_tcp_socket *s, struct net_tcp_sack_block *out,
                       size_t max); /* sack.c */
void tcp_rx_clear(struct net_tcp_socket *s);

/* txbuf.c */
void tcp_tx_read(const struct net_tcp_socket *s, uint32_t offset, uint8_t *dst, uint32_t len);
void tcp_tx_release(struct net_tcp_socket *s, uint32_t len);

/* socket.c */
void tcp_set_state(struct net_tcp_socket *s, enum net_tcp_state state);
/* Ends the connection: CLOSED, out of the protocol's list, the task told (err NONE: quietly). */
void tcp_closed(struct net_tcp_socket *s, enum net_tcp_error err);
void tcp_stop_timers(struct net_tcp_socket *s);
/* Sequence state for a new connection (ISS chosen, options not yet known). */
void tcp_conn_reset(struct net_tcp_socket *s, uint64_t now);
void tcp_flush_wake(struct net_tcp_socket *s);

#endif
