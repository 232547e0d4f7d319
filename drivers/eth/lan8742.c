/* LAN8742A bring-up and link polling (datasheet DS00001989 sections 3.7 "Auto-negotiation",
 * 4.2 "Register descriptions"). */
#include "lan8742.h"

/* The datasheet gives the soft reset 0.5 s at most; an MDIO read takes 64 MDC periods, 25 us at
 * the 2.5 MHz maximum, so this many reads is more than that at any MDC. */
#define RESET_POLL_LIMIT 40000u

static bool rd(struct lan8742 *phy, uint8_t reg, uint16_t *v)
{
    return phy->mdio.read(phy->mdio.ctx, phy->addr, reg, v);
}

static bool wr(struct lan8742 *phy, uint8_t reg, uint16_t v)
{
    return phy->mdio.write(phy->mdio.ctx, phy->addr, reg, v);
}

enum lan8742_err lan8742_init(struct lan8742 *phy, const struct lan8742_mdio *mdio, uint8_t addr)
{
    phy->mdio = *mdio;
    phy->addr = addr;
    phy->revision = 0;
    phy->link = (struct lan8742_link){0};

    uint16_t id1, id2;
    if (!rd(phy, PHY_ID1, &id1) || !rd(phy, PHY_ID2, &id2))
        return LAN8742_ERR_MDIO;
    if (id1 != LAN8742_ID1 || (id2 & LAN8742_ID2_MASK) != LAN8742_ID2)
        return LAN8742_ERR_ID;
    phy->revision = (uint8_t)(id2 & ~LAN8742_ID2_MASK);

    if (!wr(phy, PHY_BMCR, PHY_BMCR_RESET))
        return LAN8742_ERR_MDIO;
    uint16_t bmcr = PHY_BMCR_RESET;
    for (uint32_t i = 0; i < RESET_POLL_LIMIT && (bmcr & PHY_BMCR_RESET); i++)
        if (!rd(phy, PHY_BMCR, &bmcr))
            return LAN8742_ERR_MDIO;
    if (bmcr & PHY_BMCR_RESET)
        return LAN8742_ERR_RESET;

    if (!wr(phy, PHY_ANAR, PHY_ANAR_ALL_10_100) ||
        !wr(phy, PHY_BMCR, PHY_BMCR_ANENABLE | PHY_BMCR_ANRESTART))
        return LAN8742_ERR_MDIO;
    return LAN8742_OK;
}

bool lan8742_poll(struct lan8742 *phy, struct lan8742_link *link)
{
    struct lan8742_link now = {0};
    uint16_t bmsr, pscsr;
    /* The link bit latches low: the first read reports a drop since the last poll, the second
     * the state now. A drop and return between two polls still reads as up. */
    /* With autonegotiation on, the link bit is only set once it completed; PSCSR then gives
     * the result (or the forced mode, had someone turned it off). */
    if (rd(phy, PHY_BMSR, &bmsr) && rd(phy, PHY_BMSR, &bmsr) && (bmsr & PHY_BMSR_LINK) &&
        rd(phy, LAN8742_PSCSR, &pscsr)) {
        uint16_t speed = pscsr & LAN8742_PSCSR_SPEED_MASK;
        now.up = true;
        now.speed100 = speed == LAN8742_PSCSR_100HD || speed == LAN8742_PSCSR_100FD;
        now.full_duplex = speed == LAN8742_PSCSR_10FD || speed == LAN8742_PSCSR_100FD;
    }
    bool changed = now.up != phy->link.up ||
                   (now.up && (now.speed100 != phy->link.speed100 ||
                               now.full_duplex != phy->link.full_duplex));
    phy->link = now;
    *link = now;
    return changed;
}

const char *lan8742_err_str(enum lan8742_err err)
{
    switch (err) {
    case LAN8742_OK: return "ok";
    case LAN8742_ERR_MDIO: return "MDIO transaction timed out";
    case LAN8742_ERR_ID: return "no LAN8742A at that address";
    case LAN8742_ERR_RESET: return "PHY reset did not complete";
    }
    return "?";
}
