/* Behavioural model of the LAN8742A PHY's management registers (datasheet DS00001989 section
 * 4.2), as the MAC models' MDIO engines see it. Our own register definitions, kept apart from the
 * driver's so that a wrong bit in one does not hide in the other.
 *
 *  - A soft reset (BMCR bit 15) restores the defaults; the bit reads 1 for a few reads, then 0.
 *  - The link follows the wire's carrier. BMSR's link bit latches low: a carrier loss is seen by
 *    the next BMSR read even if the carrier is back.
 *  - Autonegotiation (when enabled) completes as soon as there is a carrier, at 100 Mbit/s full
 *    duplex: PSCSR reports that, ANLPAR shows a partner with every 10/100 mode.
 *  - Any other PHY address reads 0xFFFF (nothing drives MDIO, the pull-up wins). */
#ifndef LAN8742_MODEL_H
#define LAN8742_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "wire.h"

struct lan8742_model {
    struct model_wire *wire;
    uint8_t addr;
    uint16_t bmcr, anar;
    unsigned reset_reads; /* BMCR reads that still show the reset bit */
    bool link_lost;       /* latched: a carrier loss not yet reported by BMSR */
    bool absent;          /* test knob: no PHY answers at all */
    bool stuck_in_reset;  /* test knob: the reset bit never clears */
    uint32_t reads, writes, resets;
};

void lan8742_model_init(struct lan8742_model *m, struct model_wire *wire, uint8_t addr);
/* Clause 22 transactions from the MAC's MDIO engine. */
uint16_t lan8742_model_read(struct lan8742_model *m, uint8_t phy, uint8_t reg);
void lan8742_model_write(struct lan8742_model *m, uint8_t phy, uint8_t reg, uint16_t value);
/* The link as the PHY has it now (carrier present and, if enabled, negotiated). */
bool lan8742_model_link(struct lan8742_model *m);

#endif
