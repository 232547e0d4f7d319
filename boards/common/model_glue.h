/* What the native model flavours share: the TAP as the model's cable, and the model's interrupt
 * line and the cable's receive side both raising BOARD_ETH_IRQ through the native port. */
#ifndef MODEL_GLUE_H
#define MODEL_GLUE_H

#include <stdbool.h>

#include "wire.h"

#define MODEL_GLUE_DEFAULT_TAP "kit0"

/* Attaches to (or creates) the TAP `ifname` (default kit0) and makes it the wire: frames both
 * ways, carrier = the interface is up and running (`ip link set IF down` pulls the cable).
 * Returns false after logging why. */
bool model_glue_wire(struct model_wire *wire, const char *ifname);

/* Received frames on the wire (its fd readable) and model_glue_raise() both pend
 * BOARD_ETH_IRQ. Returns false after logging why. */
bool model_glue_bind_irq(const struct model_wire *wire);

/* The models' raise_irq callback. */
void model_glue_raise(void *ctx);

#endif
