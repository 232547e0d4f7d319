/* TCP (RFC 9293) on one interface, with caller-provided buffers and no heap.
 *
 *   static struct net_tcp tcp;                       // the protocol: one per interface
 *   net_tcp_init(&tcp, &iface, NULL);                // default timings; registers with iface
 *
 *   static uint8_t rx[8192], tx[8192];
 *   static struct net_tcp_socket echo;
 *   net_tcp_socket_init(&echo, &tcp, rx, sizeof rx, tx, sizeof tx);
 *   net_tcp_set_waker(&echo, wake_my_task, NULL);
 *   net_tcp_listen(&echo, 1234);
 *   ... on a wake-up:  n = net_tcp_recv(&echo, buf, sizeof buf);  net_tcp_send(&echo, buf, n);
 *                      when net_tcp_state(&echo) == NET_TCP_CLOSED: net_tcp_listen() again
 *
 * A socket is one connection. A server serves several clients at once by listening with several
 * sockets on the same port (the backlog): each SYN takes one listening socket, which becomes that
 * connection; when the connection is over, the application listens with it again.
 *
 * Everything runs inside net_iface_poll(): segments are processed as they arrive, timers fire,
 * queued data leaves. The socket calls below only move bytes between the caller and the socket's
 * buffers and change what the next poll does; none blocks. The waker is called from inside the
 * poll when there is something for the task: NET_EV_RX (data, or the end of the stream), NET_EV_TX
 * (room to send), NET_EV_STATE (connected, closed), NET_EV_ERROR (reset, refused, timed out).
 *
 * The state, public so the caller can allocate it, is private: use the functions. */
#ifndef NET_SOCKET_TCP_H
#define NET_SOCKET_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/addr.h"
#include "net/err.h"
#include "net/event.h"
#include "net/iface.h"
#include "net/tcp_config.h"

enum net_tcp_state {
    NET_TCP_CLOSED,
    NET_TCP_LISTEN,
    NET_TCP_SYN_SENT,
    NET_TCP_SYN_RECEIVED,
    NET_TCP_ESTABLISHED,
    NET_TCP_FIN_WAIT_1,
    NET_TCP_FIN_WAIT_2,
    NET_TCP_CLOSE_WAIT,
    NET_TCP_CLOSING,
    NET_TCP_LAST_ACK,
    NET_TCP_TIME_WAIT,
    NET_TCP_STATE_COUNT
};

/* Why a connection ended other than by both sides closing (net_tcp_error). */
enum net_tcp_error {
    NET_TCP_ERR_NONE,
    NET_TCP_ERR_REFUSED,   /* the peer answered our SYN with a RST (nobody listens there) */
    NET_TCP_ERR_RESET,     /* the peer reset the connection */
    NET_TCP_ERR_TIMEOUT,   /* data (or our SYN) stayed unacknowledged: user timeout, retries */
    NET_TCP_ERR_KEEPALIVE, /* the peer stopped answering keepalive probes */
    NET_TCP_ERR_NO_ROUTE,  /* no route to the peer, or it does not answer ARP */
    NET_TCP_ERR_ABORTED,   /* net_tcp_abort() */
    NET_TCP_ERR_COUNT
};

/* Timings, for the whole protocol instance (net_tcp_config_default gives the values below). */
struct net_tcp_config {
    uint32_t msl_us;            /* TIME_WAIT lasts 2 MSL. 30 s (RFC 9293 says 2 min; Linux
                                   keeps TIME_WAIT 60 s) */
    uint32_t rto_initial_us;    /* before any RTT sample: 1 s (RFC 6298 2.1) */
    uint32_t rto_min_us;        /* 200 ms, as Linux (RFC 6298 2.4 suggests 1 s) */
    uint32_t rto_max_us;        /* 60 s (RFC 6298 2.5) */
    uint32_t delayed_ack_us;    /* 40 ms (RFC 9293 3.8.6.3: less than 0.5 s) */
    uint32_t user_timeout_us;   /* default of every socket: 300 s (RFC 5482: 5 min) */
    uint32_t keepalive_idle_us; /* when a socket turns keepalive on without values: 2 h */
    uint32_t keepalive_interval_us; /* 75 s */
    uint8_t keepalive_probes;   /* 9 */
    uint8_t syn_retries;        /* SYNs sent again before connect gives up: 6 */
    uint8_t synack_retries;     /* SYN-ACKs sent again before a half-open connection is
                                   dropped (its socket listens again): 4 */
    uint16_t challenge_acks_per_s; /* RFC 5961 7: challenge ACKs sent per second, all sockets */
};

/* Counters of the whole protocol instance. */
struct net_tcp_counters {
    uint32_t rx_segs, tx_segs;
    uint32_t rx_bad_checksum;  /* caught by the checksum, never delivered */
    uint32_t rx_malformed;     /* header or options do not parse */
    uint32_t rx_not_unicast;   /* to a broadcast or multicast address: never answered */
    uint32_t rx_no_socket;     /* nothing listens / no such connection: answered with RST */
    uint32_t rx_out_of_window; /* sequence number outside the window (answered with an ACK) */
    uint32_t rx_paws;          /* older timestamp than the connection's (RFC 7323 PAWS) */
    uint32_t rx_ooo;           /* out-of-order segments kept */
    uint32_t rx_ooo_dropped;   /* out-of-order segments dropped: no range left to track them */
    uint32_t rx_dup_acks;
    uint32_t rst_rx, rst_tx;
    uint32_t challenge_acks;   /* sent (RFC 5961) */
    uint32_t challenge_acks_limited; /* held back by the rate limit */
    uint32_t retransmits;      /* segments sent again (all causes) */
    uint32_t fast_retransmits; /* loss recovery: dup ACKs, NewReno partial ACKs, SACK holes */
    uint32_t rto_expired;      /* retransmission timeouts */
    uint32_t zero_window_probes;
    uint32_t keepalive_probes;
    uint32_t syn_evicted;      /* half-open connections given up for a newer SYN (no free socket) */
    uint32_t syn_no_listener;  /* SYNs to a port whose listening sockets were all busy */
    uint32_t syn_unreachable;  /* half-open connections dropped: their peer does not answer ARP */
    uint32_t conn_active;      /* connections opened by connect() */
    uint32_t conn_passive;     /* connections accepted by a listening socket */
    uint32_t conn_reset;       /* ended by a RST from the peer */
    uint32_t conn_timeout;     /* ended by a timeout (user timeout, retries, keepalive) */
    uint32_t tx_blocked;       /* a segment had to wait: device full or neighbour unresolved */
};

/* Counters of one connection (reset by listen/connect). */
struct net_tcp_socket_counters {
    uint32_t rx_segs, tx_segs;
    uint64_t rx_bytes, tx_bytes; /* payload delivered in order / sent for the first time */
    uint32_t retransmits, fast_retransmits, rto_expired;
    uint32_t rx_ooo, rx_dup_acks, rx_out_of_window;
    uint32_t challenge_acks, zero_window_probes;
};

struct net_tcp;

/* An out-of-order piece of the receive buffer: [left, right) in sequence space. */
struct net_tcp_range {
    uint32_t left, right;
};

struct net_tcp_socket {
    struct net_tcp_socket *next; /* in the protocol's list while not CLOSED */
    struct net_tcp *tcp;
    uint8_t state;    /* enum net_tcp_state */
    uint8_t error;    /* enum net_tcp_error */
    uint8_t snd_wscale, rcv_wscale;
    uint8_t dupacks;
    uint8_t backoff;  /* retransmission timeouts in a row */
    uint8_t keep_sent;
    uint8_t ooo_count;
    /* flags */
    bool passive;     /* opened by listen: a reset half-open connection listens again */
    bool ts_ok, sack_ok, ws_ok;
    bool nodelay, quickack;
    bool ack_now;     /* an ACK must go out on the next output */
    bool fin_queued;  /* close() called: FIN after the queued data */
    bool rx_fin;      /* the peer's FIN is in (in order) */
    bool rx_fin_ooo;  /* a FIN arrived beyond a hole, at rx_fin_seq */
    bool in_recovery; /* NewReno fast recovery */
    bool rtt_timing;  /* rtt_seq is being timed */
    bool tx_blocked;  /* the last send had to wait: the next poll tries again */
    bool keepalive;
    bool persist;     /* rtx_at is the zero-window probe timer */
    bool force;       /* the persist timer fired: send a runt into a small window */
    bool rexmit;      /* retransmit the first unacknowledged segment (fast retransmit) */
    bool arp_failed;  /* the last segment could not leave: its neighbour does not answer */
    uint16_t mss;     /* largest payload to the peer, without options */
    uint16_t segs_unacked;
    uint32_t wake;    /* NET_EV_* gathered, handed to the waker once per input or poll */

    struct net_endpoint local, remote;

    /* send sequence space (RFC 9293 3.3.1); snd_max: the highest ever sent (go-back-N after
     * a timeout rewinds snd_nxt) */
    uint32_t iss, snd_una, snd_nxt, snd_max;
    uint32_t snd_wnd, max_snd_wnd, snd_wl1, snd_wl2;
    /* receive sequence space; rcv_adv: right edge of the window last advertised */
    uint32_t irs, rcv_nxt, rcv_adv;
    uint32_t rx_fin_seq;
    /* timestamps (RFC 7323) */
    uint32_t ts_recent, ts_offset, last_ack_sent;
    /* RTT and RTO (RFC 6298), in microseconds */
    uint32_t srtt, rttvar, rto;
    uint32_t rtt_seq;
    uint64_t rtt_start;
    /* congestion control (RFC 5681, RFC 6582) */
    uint32_t cwnd, ssthresh, recover, bytes_acked;
    /* what the peer's SACK blocks say it holds above SND.UNA, ascending (the sender's
     * scoreboard, RFC 6675), and the highest byte retransmitted in this recovery */
    uint8_t sb_count;
    struct net_tcp_range sb[NET_TCP_OOO_RANGES];
    uint32_t high_rxt;

    /* timers: 0 when off */
    uint64_t rtx_at;  /* retransmission, zero-window probe, or TIME_WAIT's end */
    uint64_t ack_at;  /* delayed ACK */
    uint64_t keep_at; /* keepalive */
    uint64_t stall_since; /* oldest unacknowledged data waiting since (user timeout) */
    uint64_t opened_at;   /* SYN received or sent: the oldest half-open one is evicted first */
    uint32_t user_timeout_us;
    uint32_t keep_idle_us, keep_interval_us;
    uint8_t keep_probes;

    /* send buffer: tx_len bytes from tx_head; the first is sequence number tx_seq */
    uint8_t *tx_buf;
    uint32_t tx_size, tx_head, tx_len, tx_seq;
    /* receive buffer: rx_len bytes ready to read from rx_head; out-of-order pieces sit after
     * them at their place in sequence space, most recent first (the SACK order) */
    uint8_t *rx_buf;
    uint32_t rx_size, rx_head, rx_len;
    struct net_tcp_range ooo[NET_TCP_OOO_RANGES];

    struct net_waker waker;
    struct net_tcp_socket_counters counters;
};

struct tcp_listen_ops;
struct tcp_sack_ops;
struct tcp_keepalive_ops;

struct net_tcp {
    struct net_handler handler; /* first: the interface hands it back */
    struct net_iface *iface;
    /* Parts reached only through these (net/tcp/tcp_internal.h), set by the call that starts
     * using them; NULL: not used, not linked. */
    const struct tcp_listen_ops *listen; /* passive open: net_tcp_listen() */
    const struct tcp_sack_ops *sack;     /* SACK: net_tcp_enable_sack() */
    const struct tcp_keepalive_ops *keepalive; /* net_tcp_set_keepalive() */
    struct net_tcp_socket *sockets;
    struct net_tcp_socket *last_hit; /* the socket the previous segment went to */
    uint64_t last_now;               /* time of the last input or poll, for the socket calls */
    struct net_tcp_config cfg;
    uint32_t secret[4]; /* RFC 6528's key, from the interface's entropy */
    uint16_t challenge_tokens;
    uint64_t challenge_refill_at;
    struct net_tcp_counters counters;
};

void net_tcp_config_default(struct net_tcp_config *cfg);

/* Starts TCP on iface (cfg NULL: the defaults; it is copied). Draws the ISN secret from the
 * interface's entropy source. Sockets used with an earlier instance are initialised again
 * (net_tcp_socket_init) before they serve this one. */
void net_tcp_init(struct net_tcp *tcp, struct net_iface *iface, const struct net_tcp_config *cfg);
/* Stops TCP on its interface: every connection is dropped without a word to the peers. */
void net_tcp_deinit(struct net_tcp *tcp);
/* SACK (RFC 2018) for the connections opened from now on: offered in SYNs and accepted in the
 * peer's, blocks in our ACKs for what arrived beyond a hole, and loss recovery from the peer's
 * blocks (RFC 6675). Without it TCP recovers with NewReno (RFC 6582), one hole per round trip:
 * enough for a device that sends little (an MQTT client), while what streams (tcp-echo,
 * playground, mqtt-stream) turns it on. Call after net_tcp_init. */
void net_tcp_enable_sack(struct net_tcp *tcp);
const struct net_tcp_counters *net_tcp_counters(const struct net_tcp *tcp);

/* A socket with its buffers (each 1 byte .. 1 GiB; the receive buffer size is the largest window
 * offered, scaled as RFC 7323 allows). Closed until listen or connect. Only a CLOSED socket may
 * be initialised again. */
void net_tcp_socket_init(struct net_tcp_socket *s, struct net_tcp *tcp, uint8_t *rx_buf,
                         size_t rx_size, uint8_t *tx_buf, size_t tx_size);

/* Waits for a connection on port (on the interface's address). Several sockets may listen on
 * one port: each takes one connection. NET_ERR_INVALID: port 0 or the socket is not CLOSED. */
enum net_err net_tcp_listen(struct net_tcp_socket *s, uint16_t port);

/* Opens a connection to remote from local_port (0: a random free ephemeral port). Progress is
 * reported by NET_EV_STATE (ESTABLISHED, or CLOSED with net_tcp_error() saying why). Data may be
 * queued at once: it leaves after the handshake. NET_ERR_INVALID: the socket is not CLOSED or the
 * remote is no unicast address; NET_ERR_NO_ROUTE: the interface has no address; NET_ERR_IN_USE:
 * local_port taken for that remote, or no free ephemeral port. */
enum net_err net_tcp_connect(struct net_tcp_socket *s, const struct net_endpoint *remote,
                             uint16_t local_port);

/* Copies up to len bytes into the send buffer; returns how many (0: no room now, or sending is
 * over: see net_tcp_may_send). */
size_t net_tcp_send(struct net_tcp_socket *s, const void *data, size_t len);
/* Zero copy: the free part of the send buffer that is contiguous (NULL, *len 0: none); write
 * there, then net_tcp_send_commit() the bytes written. */
uint8_t *net_tcp_send_buffer(struct net_tcp_socket *s, size_t *len);
void net_tcp_send_commit(struct net_tcp_socket *s, size_t len);

/* Copies up to cap received bytes out; returns how many (0: nothing now; net_tcp_eof() tells
 * whether the stream is over). */
size_t net_tcp_recv(struct net_tcp_socket *s, void *buf, size_t cap);
/* Zero copy: the received bytes that are contiguous in the buffer (NULL, *len 0: none); then
 * net_tcp_recv_consume() what was used. */
const uint8_t *net_tcp_recv_peek(const struct net_tcp_socket *s, size_t *len);
void net_tcp_recv_consume(struct net_tcp_socket *s, size_t len);

/* Graceful close: the FIN follows the queued data; receiving goes on until the peer's FIN. */
void net_tcp_close(struct net_tcp_socket *s);
/* Abortive close: a RST to the peer (when connected), the socket CLOSED at once. */
void net_tcp_abort(struct net_tcp_socket *s);

enum net_tcp_state net_tcp_state(const struct net_tcp_socket *s);
const char *net_tcp_state_str(enum net_tcp_state state);
enum net_tcp_error net_tcp_error(const struct net_tcp_socket *s);
const char *net_tcp_error_str(enum net_tcp_error err);

/* Connected both ways (ESTABLISHED, or CLOSE_WAIT with the peer done sending). */
bool net_tcp_is_established(const struct net_tcp_socket *s);
/* The application may still queue data (not closed by it, not dead). */
bool net_tcp_may_send(const struct net_tcp_socket *s);
/* Bytes that can be queued / read right now. */
size_t net_tcp_send_space(const struct net_tcp_socket *s);
size_t net_tcp_send_queued(const struct net_tcp_socket *s); /* not yet acknowledged */
size_t net_tcp_recv_available(const struct net_tcp_socket *s);
/* The peer has closed its direction and everything it sent has been read (or the connection
 * is gone). */
bool net_tcp_eof(const struct net_tcp_socket *s);

struct net_endpoint net_tcp_local(const struct net_tcp_socket *s);
struct net_endpoint net_tcp_remote(const struct net_tcp_socket *s);

void net_tcp_set_waker(struct net_tcp_socket *s, net_waker_fn fn, void *ctx);

/* Options (any time). Nagle (RFC 9293 3.7.4) and delayed ACKs (3.8.6.3) are on by default. */
void net_tcp_set_nodelay(struct net_tcp_socket *s, bool nodelay);
void net_tcp_set_delayed_ack(struct net_tcp_socket *s, bool on);
/* Keepalive (RFC 9293 3.8.4): probes after idle_us without a segment from the peer, then every
 * interval_us; the connection ends after `probes` unanswered ones. 0 values: the defaults. */
void net_tcp_set_keepalive(struct net_tcp_socket *s, bool on, uint32_t idle_us,
                           uint32_t interval_us, uint8_t probes);
/* RFC 5482: the connection is aborted when data stays unacknowledged this long (0: the
 * protocol's default). */
void net_tcp_set_user_timeout(struct net_tcp_socket *s, uint32_t timeout_us);

const struct net_tcp_socket_counters *net_tcp_socket_counters(const struct net_tcp_socket *s);

#endif
