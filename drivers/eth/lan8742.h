/* Microchip LAN8742A 10/100 Ethernet PHY (datasheet DS00001989), the PHY of the NUCLEO-144
 * boards, over MDIO. Only the IEEE 802.3 clause 22 registers and the vendor's special
 * control/status register are used, so any MAC reaches it through two callbacks.
 *
 * The PHY is reset, checked (identifier), told to advertise 10/100 half/full and to
 * autonegotiate; the link is then POLLED (on the NUCLEO boards the PHY's nINT pin is its 50 MHz
 * REFCLKO output, so there is no interrupt). lan8742_poll() reports changes: the MAC applies the
 * negotiated speed and duplex when the link comes up. */
#ifndef LAN8742_H
#define LAN8742_H

#include <stdbool.h>
#include <stdint.h>

/* Clause 22 registers. */
#define PHY_BMCR 0
#define PHY_BMCR_SPEED100 (1u << 13)
#define PHY_BMCR_ANENABLE (1u << 12)
#define PHY_BMCR_POWERDOWN (1u << 11)
#define PHY_BMCR_ISOLATE (1u << 10)
#define PHY_BMCR_ANRESTART (1u << 9)
#define PHY_BMCR_FULLDUPLEX (1u << 8)
#define PHY_BMCR_RESET (1u << 15)
#define PHY_BMSR 1
#define PHY_BMSR_ANCOMPLETE (1u << 5)
#define PHY_BMSR_LINK (1u << 2) /* latched low: read twice for the current state */
#define PHY_ID1 2
#define PHY_ID2 3
#define PHY_ANAR 4
#define PHY_ANAR_ALL_10_100 0x01E1u /* 100FD, 100HD, 10FD, 10HD, selector 802.3 */
#define PHY_ANLPAR 5
/* LAN8742A vendor registers. */
#define LAN8742_PSCSR 31 /* PHY special control/status */
#define LAN8742_PSCSR_AUTODONE (1u << 12)
#define LAN8742_PSCSR_SPEED_MASK (7u << 2)
#define LAN8742_PSCSR_10HD (1u << 2)
#define LAN8742_PSCSR_100HD (2u << 2)
#define LAN8742_PSCSR_10FD (5u << 2)
#define LAN8742_PSCSR_100FD (6u << 2)

#define LAN8742_ID1 0x0007u
#define LAN8742_ID2 0xC130u /* low 4 bits: revision */
#define LAN8742_ID2_MASK 0xFFF0u

/* The MAC's MDIO master. Each call returns false when the transaction did not complete (MDIO
 * busy past its bound). */
struct lan8742_mdio {
    bool (*read)(void *ctx, uint8_t phy, uint8_t reg, uint16_t *value);
    bool (*write)(void *ctx, uint8_t phy, uint8_t reg, uint16_t value);
    void *ctx;
};

struct lan8742_link {
    bool up;
    bool speed100;
    bool full_duplex;
};

struct lan8742 {
    struct lan8742_mdio mdio;
    uint8_t addr;
    uint8_t revision;
    struct lan8742_link link;
};

enum lan8742_err {
    LAN8742_OK = 0,
    LAN8742_ERR_MDIO = -1,     /* a transaction timed out */
    LAN8742_ERR_ID = -2,       /* something else (or nothing: 0xFFFF) answers at that address */
    LAN8742_ERR_RESET = -3,    /* the reset bit never cleared */
};

/* Resets the PHY at `addr`, checks its identifier, advertises every 10/100 mode and starts
 * autonegotiation. Does not wait for the link (that takes seconds). */
enum lan8742_err lan8742_init(struct lan8742 *phy, const struct lan8742_mdio *mdio, uint8_t addr);

/* Reads the link state. Returns true when it changed since the last call; *link is the new
 * state (speed and duplex meaningful only while up). A failed MDIO read counts as link down. */
bool lan8742_poll(struct lan8742 *phy, struct lan8742_link *link);

const char *lan8742_err_str(enum lan8742_err err);

#endif
