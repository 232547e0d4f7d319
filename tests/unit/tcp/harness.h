/* TCP test harness.
 *
 * Script mode (t_*): the stack under test at 10.0.0.2 on a pipe whose other end the test plays as
 * the peer 10.0.0.1: it sends crafted segments (t_send) and reads what the stack answers (t_recv).
 * The peer's MAC is a static neighbour, so no ARP frame ever crosses: every frame is a segment.
 *
 * Duo mode (d_*): two stacks, A 10.0.0.1 and B 10.0.0.2, each on its own pipe; the test moves
 * frames between the two pipes and may drop, duplicate or hold back (reorder) any of them.
 *
 * Time is simulated: it only moves when the test says, or (t_wait, d_run) jumps from one poll
 * deadline to the next, so timer tests are exact and fast. */
#ifndef TCP_TEST_HARNESS_H
#define TCP_TEST_HARNESS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs these first */
#include <setjmp.h>
#include <cmocka.h>

#include "net/iface.h"
#include "net/pipe.h"
#include "net/socket/tcp.h"
#include "net/wire/tcp.h"

#define T_IP_US NET_IP4(10, 0, 0, 2)
#define T_IP_PEER NET_IP4(10, 0, 0, 1)
#define T_MAC_US ((struct net_mac){{0x02, 0, 0, 0, 0, 0x02}})
#define T_MAC_PEER ((struct net_mac){{0x02, 0, 0, 0, 0, 0x01}})
#define T_SEC 1000000ull
#define T_MS 1000ull

/* ---- script mode ---- */
extern struct net_iface t_iface;
extern struct net_tcp t_tcp;
extern struct net_pipe_end t_dev, t_peer;
extern uint64_t t_now;
extern bool t_no_sack; /* set before t_setup/d_setup: no net_tcp_enable_sack (NewReno) */

/* Timings for tests: short and round (rto_min 100 ms, initial RTO 1 s, MSL 1 s...). */
void t_config(struct net_tcp_config *cfg);
/* Fresh interface and TCP (cfg NULL: t_config's). */
void t_setup(const struct net_tcp_config *cfg);
void t_poll(void);
/* Moves time forward by us, polling at every deadline on the way (timers fire in order). */
void t_wait(uint64_t us);

/* A segment from the peer: seg's ports, numbers, flags, window and options; payload copied from
 * data. Polls afterwards. */
void t_send(const struct net_tcp_repr *seg, const void *data, size_t len);
/* The next segment the stack sent (checksum verified): false when there is none. The payload is
 * copied to data (cap bytes at most) and seg->payload points there. */
bool t_recv(struct net_tcp_repr *seg, uint8_t *data, size_t cap);
/* Asserts a segment is there and returns it (payload in a static buffer). */
struct net_tcp_repr t_expect(void);
void t_expect_nothing(void);
size_t t_pending(void);

/* Records waker calls for one socket. */
struct t_events {
    uint32_t all;   /* OR of every event seen */
    unsigned calls;
};
void t_waker(void *ctx, uint32_t events);

/* ---- duo mode ---- */
enum d_action { D_PASS, D_DROP, D_DUP, D_HOLD, D_CORRUPT };
/* dir 0: A to B, 1: B to A; n counts frames per direction from 0. */
typedef enum d_action (*d_filter_fn)(int dir, uint32_t n, const uint8_t *frame, size_t len);

struct d_side {
    struct net_pipe_end dev, wire;
    struct net_iface iface;
    struct net_tcp tcp;
};
extern struct d_side d_a, d_b;
extern uint64_t d_now;
extern uint32_t d_frames[2], d_dropped[2];

void d_setup(const struct net_tcp_config *cfg, d_filter_fn filter);
/* Runs both stacks until done(ctx) or max_us of simulated time passed; returns done's verdict. */
bool d_run(bool (*done)(void *ctx), void *ctx, uint64_t max_us);

#endif
