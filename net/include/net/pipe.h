/* An in-memory Ethernet cable: two ends, each a net_device, what one end transmits the other
 * receives. For unit tests (two interfaces talking, or a test script playing the peer) and the
 * fuzzers. Storage is the caller's: each end has a queue of frame slots it receives into. */
#ifndef NET_PIPE_H
#define NET_PIPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/device.h"

#ifndef NET_PIPE_FRAME_MAX
#define NET_PIPE_FRAME_MAX 1536
#endif

struct net_pipe_frame {
    uint16_t len;
    uint8_t data[NET_PIPE_FRAME_MAX];
};

struct net_pipe_end {
    struct net_device dev;
    struct net_pipe_end *peer;
    struct net_pipe_frame *slots; /* this end's receive queue */
    uint16_t count, head, len;
    bool rx_held, tx_held;
    bool link;
    bool tx_refuse; /* tests: make tx_acquire fail, as a full ring would */
    uint32_t tx_frames, rx_frames;
};

/* Connects a and b; both get caps.mtu = mtu and no checksum offload. */
void net_pipe_init(struct net_pipe_end *a, struct net_pipe_frame *a_slots, size_t a_count,
                   struct net_pipe_end *b, struct net_pipe_frame *b_slots, size_t b_count,
                   uint16_t mtu);

/* Copies a frame into the peer's queue, as if this end transmitted it. false when full or too
 * long (longer than NET_PIPE_FRAME_MAX: a test may send frames past the MTU). */
bool net_pipe_send(struct net_pipe_end *end, const void *frame, size_t len);

/* Takes the oldest frame this end received: its length (0 when none, or when cap is too small:
 * then the frame is dropped). */
size_t net_pipe_recv(struct net_pipe_end *end, void *buf, size_t cap);

/* Frames waiting at this end. */
size_t net_pipe_pending(const struct net_pipe_end *end);

void net_pipe_set_link(struct net_pipe_end *end, bool up);

#endif
