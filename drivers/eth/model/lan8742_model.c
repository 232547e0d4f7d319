/* LAN8742A management registers (DS00001989 4.2). */
#include "lan8742_model.h"

#define REG_BMCR 0
#define REG_BMSR 1
#define REG_ID1 2
#define REG_ID2 3
#define REG_ANAR 4
#define REG_ANLPAR 5
#define REG_ANER 6
#define REG_MCSR 17
#define REG_SMR 18
#define REG_PSCSR 31

#define BMCR_RESET 0x8000u
#define BMCR_SPEED100 0x2000u
#define BMCR_ANENABLE 0x1000u
#define BMCR_ANRESTART 0x0200u
#define BMCR_FULLDUPLEX 0x0100u
#define BMCR_DEFAULT (BMCR_SPEED100 | BMCR_ANENABLE | BMCR_FULLDUPLEX)
#define BMSR_CAPS 0x7809u /* 100FD 100HD 10FD 10HD, AN ability, extended registers */
#define BMSR_LINK 0x0004u
#define BMSR_ANCOMPLETE 0x0020u
#define ANAR_DEFAULT 0x01E1u
#define ANLPAR_PARTNER 0x45E1u /* every 10/100 mode, acknowledge */
#define PSCSR_AUTODONE 0x1000u
#define PSCSR_10HD (1u << 2)
#define PSCSR_100HD (2u << 2)
#define PSCSR_10FD (5u << 2)
#define PSCSR_100FD (6u << 2)
#define RESET_READS 3u

void lan8742_model_init(struct lan8742_model *m, struct model_wire *wire, uint8_t addr)
{
    *m = (struct lan8742_model){.wire = wire, .addr = addr};
    m->bmcr = BMCR_DEFAULT;
    m->anar = ANAR_DEFAULT;
}

static bool carrier(struct lan8742_model *m)
{
    bool up = model_wire_carrier(m->wire);
    if (!up)
        m->link_lost = true;
    return up;
}

bool lan8742_model_link(struct lan8742_model *m)
{
    return m->reset_reads == 0 && carrier(m);
}

static uint16_t speed_bits(const struct lan8742_model *m)
{
    if (m->bmcr & BMCR_ANENABLE)
        return PSCSR_AUTODONE | PSCSR_100FD;
    bool s100 = m->bmcr & BMCR_SPEED100, fd = m->bmcr & BMCR_FULLDUPLEX;
    return (uint16_t)(s100 ? (fd ? PSCSR_100FD : PSCSR_100HD) : (fd ? PSCSR_10FD : PSCSR_10HD));
}

uint16_t lan8742_model_read(struct lan8742_model *m, uint8_t phy, uint8_t reg)
{
    if (m->absent || phy != m->addr)
        return 0xFFFFu;
    m->reads++;
    switch (reg) {
    case REG_BMCR:
        if (m->reset_reads) {
            if (!m->stuck_in_reset)
                m->reset_reads--;
            return (uint16_t)(m->bmcr | BMCR_RESET);
        }
        return m->bmcr;
    case REG_BMSR: {
        bool up = lan8742_model_link(m);
        uint16_t v = BMSR_CAPS;
        if (up && !m->link_lost)
            v |= BMSR_LINK | ((m->bmcr & BMCR_ANENABLE) ? BMSR_ANCOMPLETE : 0);
        m->link_lost = !up; /* reading clears the latch; a link still down keeps it */
        return v;
    }
    case REG_ID1: return 0x0007u;
    case REG_ID2: return 0xC131u; /* revision 1 */
    case REG_ANAR: return m->anar;
    case REG_ANLPAR: return lan8742_model_link(m) ? ANLPAR_PARTNER : 0;
    case REG_ANER: return 0x0001u; /* partner can autonegotiate */
    case REG_SMR: return (uint16_t)(0x00E0u | m->addr); /* all capable, address */
    case REG_PSCSR: return lan8742_model_link(m) ? speed_bits(m) : (uint16_t)(speed_bits(m) & ~PSCSR_AUTODONE);
    default: return 0;
    }
}

void lan8742_model_write(struct lan8742_model *m, uint8_t phy, uint8_t reg, uint16_t value)
{
    if (m->absent || phy != m->addr)
        return;
    m->writes++;
    switch (reg) {
    case REG_BMCR:
        if (value & BMCR_RESET) {
            m->bmcr = BMCR_DEFAULT;
            m->anar = ANAR_DEFAULT;
            m->reset_reads = RESET_READS;
            m->link_lost = true;
            m->resets++;
            return;
        }
        m->bmcr = (uint16_t)(value & ~(BMCR_RESET | BMCR_ANRESTART)); /* both self-clear */
        if (value & BMCR_ANRESTART)
            m->link_lost = true; /* renegotiation drops the link for a moment */
        return;
    case REG_ANAR:
        m->anar = value;
        return;
    default:
        return;
    }
}
