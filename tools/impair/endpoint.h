/* One side of the bridge: something Ethernet frames come out of and go into.
 *
 * Every kind is non-blocking and read one frame at a time. The kinds (see endpoint_open):
 * tap:NAME[@NETNS], raw:IFNAME[@NETNS], udp:LOCALPORT:REMOTEPORT, tcp-listen:PORT, tcp:PORT. */
#ifndef IMPAIR_ENDPOINT_H
#define IMPAIR_ENDPOINT_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest frame carried: QEMU's stream netdev accepts up to 64 KiB + headroom; bigger ones are
 * dropped and counted. */
#define FRAME_MAX (65536u + 4096u)
/* Bytes a TCP endpoint buffers towards a slow reader before it drops frames. */
#define STREAM_TX_BUFFER (4u << 20)
#define ENDPOINT_MAX_POLLFDS 2

enum endpoint_kind { EP_TAP, EP_RAW, EP_UDP, EP_TCP_LISTEN, EP_TCP_CONNECT };

/* Reads return a frame length > 0, or one of these. */
enum {
    EP_READ_NONE = 0,       /* nothing pending */
    EP_READ_OVERSIZE = -1,  /* a frame was discarded: longer than FRAME_MAX */
    EP_READ_CLOSED = -2,    /* the peer went away (stream kinds reconnect on their own) */
};

struct endpoint {
    enum endpoint_kind kind;
    const char *spec;
    int fd;                         /* frames; -1 while a stream kind is not connected */
    int listen_fd;                  /* tcp-listen only */
    uint16_t port, remote_port;     /* udp / tcp */
    uint64_t retry_at_us;           /* tcp: next connect attempt */
    bool connecting;                /* tcp: connect() in progress */
    /* Stream framing: received bytes [rx_start, rx_end), and bytes waiting to be sent. */
    size_t rx_start, rx_end;
    size_t tx_start, tx_end;
    uint8_t rx[FRAME_MAX + 4];
    uint8_t tx[STREAM_TX_BUFFER];
};

/* Opens the endpoint described by spec (kept by pointer). Returns 0, or -1 with a message in
 * err. A stream endpoint is "open" once it listens (or has a first connect under way). */
int endpoint_open(struct endpoint *ep, const char *spec, char *err, size_t errlen);
void endpoint_close(struct endpoint *ep);

/* Fills up to ENDPOINT_MAX_POLLFDS entries; returns how many. */
int endpoint_pollfds(const struct endpoint *ep, struct pollfd *p);
/* Handles what poll reported for those entries (accepts, connects, flushes). */
void endpoint_service(struct endpoint *ep, const struct pollfd *p, int n, uint64_t now_us);
/* Deadline (us) for a pending reconnect, or UINT64_MAX. */
uint64_t endpoint_deadline(const struct endpoint *ep);

/* Reads one frame into buf (FRAME_MAX bytes). */
int endpoint_read(struct endpoint *ep, uint8_t *buf);
/* Sends one frame; false when it could not be sent (counted by the caller as a tx error). */
bool endpoint_write(struct endpoint *ep, const uint8_t *frame, size_t len);

/* Kind-specific halves, in endpoint_tap.c, endpoint_udp.c, endpoint_tcp.c. */
int tap_open(struct endpoint *ep, const char *name, const char *netns, char *err, size_t errlen);
int raw_open(struct endpoint *ep, const char *name, const char *netns, char *err, size_t errlen);
int udp_open(struct endpoint *ep, char *err, size_t errlen);
int fd_read_frame(struct endpoint *ep, uint8_t *buf);
bool fd_write_frame(struct endpoint *ep, const uint8_t *frame, size_t len);
int tcp_open(struct endpoint *ep, char *err, size_t errlen);
int tcp_pollfds(const struct endpoint *ep, struct pollfd *p);
void tcp_service(struct endpoint *ep, const struct pollfd *p, int n, uint64_t now_us);
int tcp_read_frame(struct endpoint *ep, uint8_t *buf);
bool tcp_write_frame(struct endpoint *ep, const uint8_t *frame, size_t len);
void tcp_close(struct endpoint *ep);

#endif
