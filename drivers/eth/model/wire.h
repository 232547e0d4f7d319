/* The cable of a modelled Ethernet controller: a file descriptor that carries one whole frame
 * (without FCS) per read() and write(), as a TAP interface (IFF_NO_PI) or a SOCK_SEQPACKET
 * socket does, and a carrier the PHY model reports as its link. */
#ifndef MODEL_WIRE_H
#define MODEL_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MODEL_WIRE_FRAME_MAX 16384 /* beyond any frame a MAC would accept, jumbo or not */

struct model_wire {
    int fd;
    bool (*carrier)(void *ctx); /* NULL: always up */
    void *carrier_ctx;
    uint32_t frames_in, frames_out, send_errors;
};

/* The next frame: its length (up to MODEL_WIRE_FRAME_MAX; longer ones are cut there), or 0 when
 * none is waiting. Never blocks. */
size_t model_wire_recv(struct model_wire *w, uint8_t *buf, size_t cap);

/* Sends one frame; a full or refusing peer loses it (counted), as a cable would. */
void model_wire_send(struct model_wire *w, const uint8_t *frame, size_t len);

bool model_wire_carrier(struct model_wire *w);

#endif
