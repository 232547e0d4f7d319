#include "lan9118.h"

/* System control and status registers (SMSC LAN9118 datasheet, section 5.3). */
#define RX_DATA_FIFO 0x00
#define TX_DATA_FIFO 0x20
#define RX_STATUS_FIFO 0x40
#define TX_STATUS_FIFO 0x48
#define ID_REV 0x50
#define IRQ_CFG 0x54
#define INT_STS 0x58
#define INT_EN 0x5C
#define BYTE_TEST 0x64
#define FIFO_INT 0x68
#define RX_CFG 0x6C
#define TX_CFG 0x70
#define HW_CFG 0x74
#define RX_FIFO_INF 0x7C
#define TX_FIFO_INF 0x80
#define PMT_CTRL 0x84
#define RX_DROP 0xA0
#define MAC_CSR_CMD 0xA4
#define MAC_CSR_DATA 0xA8

#define BYTE_TEST_VALUE 0x87654321u
#define ID_REV_CHIP_ID(v) ((v) >> 16)
#define CHIP_ID_LAN9118 0x0118u

#define IRQ_CFG_IRQ_EN (1u << 8)
#define IRQ_CFG_IRQ_POL (1u << 4)  /* active high */
#define IRQ_CFG_IRQ_TYPE (1u << 0) /* push-pull */
#define HW_CFG_SRST (1u << 0)
#define PMT_CTRL_READY (1u << 0)
#define TX_CFG_TX_ON (1u << 1)
#define TX_CFG_TXSAO (1u << 2) /* TX status overrun allowed: we never read TX status */
#define RX_FIFO_INF_RXSUSED(v) (((v) >> 16) & 0xFFu)
#define TX_FIFO_INF_TDFREE(v) ((v)&0xFFFFu)

/* TX command words (datasheet 3.12.2). */
#define TX_CMD_A_FIRST_SEG (1u << 13)
#define TX_CMD_A_LAST_SEG (1u << 12)

/* RX status word (datasheet 3.13.3). */
#define RX_STS_LENGTH(v) (((v) >> 16) & 0x3FFFu)
#define RX_STS_ERROR (1u << 15)
#define RX_STS_FILTER_FAIL (1u << 30)

/* MAC CSRs, reached through MAC_CSR_CMD / MAC_CSR_DATA (datasheet 5.4). */
#define MAC_CSR_BUSY (1u << 31)
#define MAC_CSR_READ (1u << 30)
#define MAC_CR 1
#define MAC_ADDRH 2
#define MAC_ADDRL 3
#define MAC_MII_ACC 6
#define MAC_MII_DATA 7
#define MAC_CR_RXEN (1u << 2)
#define MAC_CR_TXEN (1u << 3)
#define MAC_CR_MCPAS (1u << 19)
#define MAC_CR_FDPX (1u << 20)

/* PHY (internal, address 1) registers. */
#define PHY_ADDR 1
#define PHY_BMCR 0
#define PHY_BMSR 1
#define PHY_INT_SRC 29
#define PHY_INT_MASK 30
#define PHY_BMCR_ANENABLE (1u << 12)
#define PHY_BMCR_ANRESTART (1u << 9)
#define PHY_BMSR_LINK (1u << 2)
#define PHY_INT_LINK_DOWN (1u << 4)
#define PHY_INT_AN_COMPLETE (1u << 6)
#define MII_ACC_BUSY (1u << 0)
#define MII_ACC_WRITE (1u << 1)

/* Every wait on the chip is bounded: a missing or wedged chip must not hang the firmware. */
#define SPIN_LIMIT 100000u

static inline uint32_t rd(uintptr_t base, uint32_t off)
{
    return *(volatile uint32_t *)(base + off);
}

static inline void wr(uintptr_t base, uint32_t off, uint32_t v)
{
    *(volatile uint32_t *)(base + off) = v;
}

static int mac_csr_wait(uintptr_t base)
{
    for (unsigned i = 0; i < SPIN_LIMIT; i++)
        if (!(rd(base, MAC_CSR_CMD) & MAC_CSR_BUSY))
            return 0;
    return -1;
}

static uint32_t mac_read(uintptr_t base, uint32_t reg)
{
    wr(base, MAC_CSR_CMD, MAC_CSR_BUSY | MAC_CSR_READ | reg);
    mac_csr_wait(base);
    return rd(base, MAC_CSR_DATA);
}

static void mac_write(uintptr_t base, uint32_t reg, uint32_t value)
{
    wr(base, MAC_CSR_DATA, value);
    wr(base, MAC_CSR_CMD, MAC_CSR_BUSY | reg);
    mac_csr_wait(base);
}

static int mii_wait(uintptr_t base)
{
    for (unsigned i = 0; i < SPIN_LIMIT; i++)
        if (!(mac_read(base, MAC_MII_ACC) & MII_ACC_BUSY))
            return 0;
    return -1;
}

static uint16_t phy_read(uintptr_t base, uint32_t reg)
{
    mii_wait(base);
    mac_write(base, MAC_MII_ACC, (PHY_ADDR << 11) | (reg << 6) | MII_ACC_BUSY);
    mii_wait(base);
    return (uint16_t)mac_read(base, MAC_MII_DATA);
}

static void phy_write(uintptr_t base, uint32_t reg, uint16_t value)
{
    mii_wait(base);
    mac_write(base, MAC_MII_DATA, value);
    mac_write(base, MAC_MII_ACC, (PHY_ADDR << 11) | (reg << 6) | MII_ACC_WRITE | MII_ACC_BUSY);
    mii_wait(base);
}

int lan9118_init(uintptr_t base, const uint8_t mac[6])
{
    if (rd(base, BYTE_TEST) != BYTE_TEST_VALUE || ID_REV_CHIP_ID(rd(base, ID_REV)) != CHIP_ID_LAN9118)
        return -1;

    wr(base, HW_CFG, HW_CFG_SRST);
    unsigned spin = 0;
    while ((rd(base, HW_CFG) & HW_CFG_SRST) && ++spin < SPIN_LIMIT)
        ;
    while (!(rd(base, PMT_CTRL) & PMT_CTRL_READY) && ++spin < SPIN_LIMIT)
        ;
    if (spin >= SPIN_LIMIT)
        return -1;

    mac_write(base, MAC_ADDRL, (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 |
                                   (uint32_t)mac[3] << 24);
    mac_write(base, MAC_ADDRH, (uint32_t)mac[4] | (uint32_t)mac[5] << 8);

    phy_write(base, PHY_BMCR, PHY_BMCR_ANENABLE | PHY_BMCR_ANRESTART);
    phy_write(base, PHY_INT_MASK, PHY_INT_LINK_DOWN | PHY_INT_AN_COMPLETE);
    (void)phy_read(base, PHY_INT_SRC);

    /* Interrupt when at least one RX status is waiting (level 0) and on PHY events. */
    wr(base, FIFO_INT, 0x48000000u & ~0xFFu);
    wr(base, INT_STS, 0xFFFFFFFFu);
    wr(base, INT_EN, LAN9118_INT_RSFL | LAN9118_INT_RXDF | LAN9118_INT_PHY | LAN9118_INT_RXE |
                         LAN9118_INT_TXE);
    wr(base, IRQ_CFG, IRQ_CFG_IRQ_EN | IRQ_CFG_IRQ_POL | IRQ_CFG_IRQ_TYPE);

    wr(base, TX_CFG, TX_CFG_TX_ON | TX_CFG_TXSAO);
    wr(base, RX_CFG, 0); /* no offset, no end padding */
    mac_write(base, MAC_CR, MAC_CR_TXEN | MAC_CR_RXEN | MAC_CR_FDPX);
    return 0;
}

int lan9118_rx_frame(uintptr_t base, uint8_t *buf, size_t cap)
{
    if (!RX_FIFO_INF_RXSUSED(rd(base, RX_FIFO_INF)))
        return LAN9118_RX_NONE;
    uint32_t status = rd(base, RX_STATUS_FIFO);
    uint32_t len_with_crc = RX_STS_LENGTH(status);
    uint32_t words = (len_with_crc + 3) / 4;

    if ((status & (RX_STS_ERROR | RX_STS_FILTER_FAIL)) || len_with_crc < 4 + 14 ||
        len_with_crc - 4 > cap) {
        /* Skip the frame by reading it out. (The chip's fast-forward would be quicker for long
         * frames, but QEMU's model loses FIFO space on it, and bad frames are rare.) */
        while (words--)
            (void)rd(base, RX_DATA_FIFO);
        return (status & (RX_STS_ERROR | RX_STS_FILTER_FAIL)) ? LAN9118_RX_ERROR : LAN9118_RX_TOO_BIG;
    }

    size_t len = len_with_crc - 4;
    size_t i = 0;
    for (; words; words--) {
        uint32_t w = rd(base, RX_DATA_FIFO);
        for (unsigned b = 0; b < 4; b++, i++, w >>= 8)
            if (i < len)
                buf[i] = (uint8_t)w; /* the FIFO is little-endian; the CRC bytes are dropped */
    }
    return (int)len;
}

bool lan9118_tx_ready(uintptr_t base, size_t len)
{
    return TX_FIFO_INF_TDFREE(rd(base, TX_FIFO_INF)) >= len + 8 + 3;
}

int lan9118_tx_frame(uintptr_t base, const uint8_t *frame, size_t len)
{
    if (len == 0 || len > 2047 || !lan9118_tx_ready(base, len))
        return -1;
    wr(base, TX_DATA_FIFO, TX_CMD_A_FIRST_SEG | TX_CMD_A_LAST_SEG | (uint32_t)len);
    wr(base, TX_DATA_FIFO, ((uint32_t)len << 16) | (uint32_t)len); /* tag = length */
    size_t i = 0;
    for (; i + 4 <= len; i += 4)
        wr(base, TX_DATA_FIFO, (uint32_t)frame[i] | (uint32_t)frame[i + 1] << 8 |
                                   (uint32_t)frame[i + 2] << 16 | (uint32_t)frame[i + 3] << 24);
    if (i < len) {
        uint32_t w = 0;
        for (unsigned b = 0; i < len; i++, b += 8)
            w |= (uint32_t)frame[i] << b;
        wr(base, TX_DATA_FIFO, w);
    }
    return 0;
}

uint32_t lan9118_irq_ack(uintptr_t base)
{
    uint32_t sts = rd(base, INT_STS) & rd(base, INT_EN);
    if (sts & LAN9118_INT_PHY)
        (void)phy_read(base, PHY_INT_SRC);
    wr(base, INT_STS, sts);
    return sts;
}

bool lan9118_link_up(uintptr_t base)
{
    return (phy_read(base, PHY_BMSR) & PHY_BMSR_LINK) != 0;
}

uint32_t lan9118_rx_dropped(uintptr_t base)
{
    return rd(base, RX_DROP);
}

void lan9118_set_multicast_all(uintptr_t base, bool all)
{
    uint32_t cr = mac_read(base, MAC_CR);
    mac_write(base, MAC_CR, all ? cr | MAC_CR_MCPAS : cr & ~MAC_CR_MCPAS);
}
