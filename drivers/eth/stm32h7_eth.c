/* STM32H7 Ethernet driver: DWC Ethernet QoS MAC, MTL and DMA (RM0433 section 58), LAN8742A PHY.
 * Register offsets and bits below are ours, from RM0433 section 58.11 "Ethernet registers". */
#include "stm32h7_eth.h"

#include <string.h>

#include "mmio.h"

/* MAC */
#define MACCR 0x0000u
#define MACCR_RE (1u << 0)
#define MACCR_TE (1u << 1)
#define MACCR_DM (1u << 13)  /* full duplex */
#define MACCR_FES (1u << 14) /* 100 Mbit/s */
#define MACCR_ACS (1u << 20) /* strip pad and FCS of length-type frames */
#define MACCR_CST (1u << 21) /* strip the FCS of type frames */
#define MACCR_IPC (1u << 27) /* receive checksum offload */
#define MACPFR 0x0008u
#define MACPFR_HMC (1u << 2) /* multicast through the hash table */
#define MACHT0R 0x0010u
#define MACHT1R 0x0014u
#define MACIER 0x00B4u
#define MACMDIOAR 0x0200u
#define MACMDIOAR_MB (1u << 0)
#define MACMDIOAR_GOC_WRITE (1u << 2)
#define MACMDIOAR_GOC_READ (3u << 2)
#define MACMDIOAR_CR(cr) ((uint32_t)(cr) << 8)
#define MACMDIOAR_RDA(reg) ((uint32_t)((reg) & 0x1Fu) << 16)
#define MACMDIOAR_PA(phy) ((uint32_t)((phy) & 0x1Fu) << 21)
#define MACMDIODR 0x0204u
#define MACA0HR 0x0300u
#define MACA0LR 0x0304u
/* The MMC counters interrupt when half full unless masked: every one the H7 implements. */
#define MMC_RX_INTERRUPT_MASK 0x070Cu
#define MMC_RX_ALL ((1u << 5) | (1u << 6) | (1u << 17) | (1u << 26) | (1u << 27))
#define MMC_TX_INTERRUPT_MASK 0x0710u
#define MMC_TX_ALL ((1u << 14) | (1u << 15) | (1u << 21) | (1u << 26) | (1u << 27))
/* MTL */
#define MTLTXQOMR 0x0D00u
#define MTLTXQOMR_TSF (1u << 1) /* store and forward: needed for checksum insertion */
#define MTLRXQOMR 0x0D30u
#define MTLRXQOMR_RSF (1u << 5) /* store and forward: frames with errors are dropped whole */
#define MTLRXQMPOCR 0x0D34u /* queue overflow and missed packets, cleared when read */
#define MTLRXQMPOCR_OVF(v) ((v) & 0x7FFu)
#define MTLRXQMPOCR_OVF_OVERFLOW (1u << 11)
#define MTLRXQMPOCR_MIS(v) (((v) >> 16) & 0x7FFu)
#define MTLRXQMPOCR_MIS_OVERFLOW (1u << 27)
/* DMA */
#define DMAMR 0x1000u
#define DMAMR_SWR (1u << 0)
#define DMASBMR 0x1004u
#define DMASBMR_AAL (1u << 12)
#define DMACCR 0x1100u
#define DMACCR_DSL_MASK (7u << 18) /* 0: descriptors back to back */
#define DMACTXCR 0x1104u
#define DMACTXCR_ST (1u << 0)
#define DMACTXCR_OSF (1u << 4)
#define DMACTXCR_TXPBL(n) ((uint32_t)(n) << 16)
#define DMACRXCR 0x1108u
#define DMACRXCR_SR (1u << 0)
#define DMACRXCR_RBSZ(bytes) ((uint32_t)(bytes) << 1)
#define DMACRXCR_RXPBL(n) ((uint32_t)(n) << 16)
#define DMACTXDLAR 0x1114u
#define DMACRXDLAR 0x111Cu
#define DMACTXDTPR 0x1120u
#define DMACRXDTPR 0x1128u
#define DMACTXRLR 0x112Cu
#define DMACRXRLR 0x1130u
#define DMACIER 0x1134u
#define DMACSR 0x1160u
#define DMAC_TI (1u << 0)
#define DMAC_TPS (1u << 1)
#define DMAC_TBU (1u << 2)
#define DMAC_RI (1u << 6)
#define DMAC_RBU (1u << 7)
#define DMAC_RPS (1u << 8)
#define DMAC_RWT (1u << 9)
#define DMAC_ETI (1u << 10)
#define DMAC_ERI (1u << 11)
#define DMAC_FBE (1u << 12)
#define DMAC_CDE (1u << 13)
#define DMAC_AIS (1u << 14)
#define DMAC_NIS (1u << 15)

/* Descriptors (RM0433 58.10). Transmit, read format. */
#define TDES2_B1L(len) ((uint32_t)(len) & 0x3FFFu)
#define TDES2_IOC (1u << 31)
#define TDES3_FL(len) ((uint32_t)(len) & 0x7FFFu)
#define TDES3_CIC_FULL (3u << 16) /* IPv4 header and TCP/UDP/ICMP checksums, pseudo-header too */
#define TDES3_LD (1u << 28)
#define TDES3_FD (1u << 29)
#define TDES3_OWN (1u << 31)
/* Transmit, write-back format. */
#define TDES3_WB_ES (1u << 15)
/* Receive, read format. */
#define RDES3_BUF1V (1u << 24)
#define RDES3_IOC (1u << 30)
#define RDES3_OWN (1u << 31)
/* Receive, write-back format. */
#define RDES1_WB_IPHE (1u << 3)
#define RDES1_WB_IPCE (1u << 7)
#define RDES3_WB_PL(des3) ((des3) & 0x7FFFu)
#define RDES3_WB_ES (1u << 15)
#define RDES3_WB_RS1V (1u << 26)
#define RDES3_WB_LD (1u << 28)
#define RDES3_WB_FD (1u << 29)
#define RDES3_WB_CTXT (1u << 30)

/* DMA programmable burst length: 32 beats. */
#define DMA_PBL 32u

/* Bounds on busy waits, in register reads. SWR completes within a few REF_CLK cycles once the
 * PHY's clock runs; an MDIO transaction is 64 MDC periods (~30 us at 2 MHz). */
#define SWR_SPIN_LIMIT 1000000u
#define MDIO_SPIN_LIMIT 100000u

/* Frames skipped in one rx_acquire at most, so a flood of bad frames cannot hold the poll task. */
#define RX_SKIP_MAX 16

static inline uint32_t rd(const struct stm32h7_eth *e, uint32_t off)
{
    return mmio_read32(e->base + off);
}

static inline void wr(const struct stm32h7_eth *e, uint32_t off, uint32_t v)
{
    mmio_write32(e->base + off, v);
}

static bool wait_clear(const struct stm32h7_eth *e, uint32_t off, uint32_t mask, uint32_t limit)
{
    for (uint32_t spin = 0; spin < limit; spin++)
        if (!(rd(e, off) & mask))
            return true;
    return false;
}

/* MDC must stay at or below 2.5 MHz: RM0433 MACMDIOAR.CR, by AHB clock range. */
static uint32_t mdio_clock_range(uint32_t hclk_hz)
{
    uint32_t mhz = hclk_hz / 1000000u;
    if (mhz < 35)
        return 2; /* /16 */
    if (mhz < 60)
        return 3; /* /26 */
    if (mhz < 100)
        return 0; /* /42 */
    if (mhz < 150)
        return 1; /* /62 */
    if (mhz < 250)
        return 4; /* /102 */
    return 5;     /* /124, up to 300 MHz */
}

bool stm32h7_eth_mdio_read(void *eth, uint8_t phy, uint8_t reg, uint16_t *value)
{
    struct stm32h7_eth *e = eth;
    if (!wait_clear(e, MACMDIOAR, MACMDIOAR_MB, MDIO_SPIN_LIMIT))
        return false;
    wr(e, MACMDIOAR, MACMDIOAR_PA(phy) | MACMDIOAR_RDA(reg) | MACMDIOAR_CR(e->mdio_cr) |
                         MACMDIOAR_GOC_READ | MACMDIOAR_MB);
    if (!wait_clear(e, MACMDIOAR, MACMDIOAR_MB, MDIO_SPIN_LIMIT))
        return false;
    *value = (uint16_t)rd(e, MACMDIODR);
    return true;
}

bool stm32h7_eth_mdio_write(void *eth, uint8_t phy, uint8_t reg, uint16_t value)
{
    struct stm32h7_eth *e = eth;
    if (!wait_clear(e, MACMDIOAR, MACMDIOAR_MB, MDIO_SPIN_LIMIT))
        return false;
    wr(e, MACMDIODR, value);
    wr(e, MACMDIOAR, MACMDIOAR_PA(phy) | MACMDIOAR_RDA(reg) | MACMDIOAR_CR(e->mdio_cr) |
                         MACMDIOAR_GOC_WRITE | MACMDIOAR_MB);
    return wait_clear(e, MACMDIOAR, MACMDIOAR_MB, MDIO_SPIN_LIMIT);
}

/* ---- receive ------------------------------------------------------------------------------ */

/* Gives receive descriptor i back to the DMA. The write-back format overwrote the buffer
 * address, so every word is written again, OWN last. The tail pointer then moves to i itself:
 * the DMA may use everything before it, and i waits for the next release (the ring keeps one
 * descriptor back, see stm32h7_eth.h). */
static void rx_give(struct stm32h7_eth *e, unsigned i)
{
    struct stm32h7_eth_desc *d = &e->dma->rx[i];
    d->des0 = mmio_bus_addr(e->dma->rx_buf[i]);
    d->des1 = 0;
    d->des2 = 0;
    mmio_dma_barrier();
    d->des3 = RDES3_OWN | RDES3_IOC | RDES3_BUF1V;
    mmio_dma_barrier();
    wr(e, DMACRXDTPR, mmio_bus_addr(d));
}

static void rx_advance(struct stm32h7_eth *e)
{
    rx_give(e, e->rx_next);
    e->rx_next = (e->rx_next + 1) % STM32H7_ETH_RX_DESC;
}

static bool rx_acquire(struct net_device *dev, uint8_t **frame, size_t *len)
{
    struct stm32h7_eth *e = stm32h7_eth_of(dev);
    if (e->rx_held)
        return false;
    for (unsigned n = 0; n < RX_SKIP_MAX; n++) {
        struct stm32h7_eth_desc *d = &e->dma->rx[e->rx_next];
        uint32_t des3 = d->des3;
        if (des3 & RDES3_OWN)
            return false;
        mmio_dma_barrier(); /* the rest of the descriptor is read after OWN was seen clear */
        uint32_t des1 = d->des1;
        if (des3 & RDES3_WB_CTXT) { /* a context descriptor (timestamps, which are off) */
            rx_advance(e);
            continue;
        }
        /* A frame over several descriptors is longer than any buffer: drop it whole. */
        if (e->rx_dropping || !(des3 & RDES3_WB_LD)) {
            if (des3 & RDES3_WB_LD) {
                e->rx_dropping = false;
                e->stats.rx_oversize++;
            } else {
                e->rx_dropping = true;
            }
            rx_advance(e);
            continue;
        }
        size_t pl = RDES3_WB_PL(des3);
        if (!(des3 & RDES3_WB_FD)) {
            e->stats.rx_errors++;
        } else if ((des3 & RDES3_WB_ES) ||
                   ((des3 & RDES3_WB_RS1V) && (des1 & (RDES1_WB_IPHE | RDES1_WB_IPCE)))) {
            e->stats.rx_errors++;
        } else if (pl > STM32H7_ETH_FRAME_MAX || pl > STM32H7_ETH_BUF_SIZE) {
            e->stats.rx_oversize++;
        } else {
            e->rx_held = true;
            e->stats.rx_frames++;
            *frame = e->dma->rx_buf[e->rx_next];
            *len = pl;
            return true;
        }
        rx_advance(e);
    }
    return false;
}

static void rx_release(struct net_device *dev)
{
    struct stm32h7_eth *e = stm32h7_eth_of(dev);
    if (!e->rx_held)
        return;
    e->rx_held = false;
    rx_advance(e);
}

/* ---- transmit ----------------------------------------------------------------------------- */

static void tx_reclaim(struct stm32h7_eth *e)
{
    while (e->tx_clean != e->tx_head) {
        struct stm32h7_eth_desc *d = &e->dma->tx[e->tx_clean];
        uint32_t des3 = d->des3;
        if (des3 & TDES3_OWN)
            return;
        if (des3 & TDES3_WB_ES)
            e->stats.tx_errors++;
        else
            e->stats.tx_frames++;
        e->tx_clean = (e->tx_clean + 1) % STM32H7_ETH_TX_DESC;
    }
}

static bool tx_acquire(struct net_device *dev, size_t len, uint8_t **frame)
{
    struct stm32h7_eth *e = stm32h7_eth_of(dev);
    if (e->tx_held || len > STM32H7_ETH_BUF_SIZE)
        return false;
    tx_reclaim(e);
    if ((e->tx_head + 1) % STM32H7_ETH_TX_DESC == e->tx_clean) {
        e->stats.tx_ring_full++;
        return false;
    }
    e->tx_held = true;
    *frame = e->dma->tx_buf[e->tx_head];
    return true;
}

static void tx_commit(struct net_device *dev, size_t len)
{
    struct stm32h7_eth *e = stm32h7_eth_of(dev);
    if (!e->tx_held)
        return;
    e->tx_held = false;
    if (len == 0 || len > STM32H7_ETH_BUF_SIZE)
        return;
    unsigned i = e->tx_head;
    struct stm32h7_eth_desc *d = &e->dma->tx[i];
    d->des0 = mmio_bus_addr(e->dma->tx_buf[i]);
    d->des1 = 0;
    d->des2 = TDES2_B1L(len) | TDES2_IOC;
    mmio_dma_barrier();
    d->des3 = TDES3_OWN | TDES3_FD | TDES3_LD | TDES3_CIC_FULL | TDES3_FL(len);
    e->tx_head = (i + 1) % STM32H7_ETH_TX_DESC;
    mmio_dma_barrier();
    wr(e, DMACTXDTPR, mmio_bus_addr(&e->dma->tx[e->tx_head]));
}

/* ---- link and filter ---------------------------------------------------------------------- */

static bool link_up(struct net_device *dev)
{
    struct stm32h7_eth *e = stm32h7_eth_of(dev);
    struct lan8742_link link;
    if (lan8742_poll(&e->phy, &link)) {
        e->stats.link_changes++;
        /* Transmitter and receiver off while the link is down, and while speed and duplex
         * change; frames queued meanwhile wait in their descriptors. */
        uint32_t cr = rd(e, MACCR) & ~(MACCR_TE | MACCR_RE);
        wr(e, MACCR, cr);
        if (link.up) {
            cr &= ~(MACCR_FES | MACCR_DM);
            cr |= (link.speed100 ? MACCR_FES : 0) | (link.full_duplex ? MACCR_DM : 0);
            wr(e, MACCR, cr);
            wr(e, MACCR, cr | MACCR_TE | MACCR_RE);
        }
        e->link_up = link.up;
    }
    return e->link_up;
}

/* The Synopsys hash filter (RM0433 58.5.7): the upper 6 bits of the bit-reversed CRC-32 of the
 * destination address pick one of 64 bits in MACHT1R:MACHT0R. */
static unsigned hash_index(const uint8_t mac[6])
{
    uint32_t crc = 0xFFFFFFFFu;
    for (int i = 0; i < 6; i++) {
        crc ^= mac[i];
        for (int b = 0; b < 8; b++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    crc = ~crc;
    /* bit-reverse, then the top 6 bits = the reversed low 6 bits of crc */
    unsigned idx = 0;
    for (int b = 0; b < 6; b++)
        idx |= ((crc >> b) & 1u) << (5 - b);
    return idx;
}

static void set_multicast(struct net_device *dev, const struct net_mac *groups, size_t count)
{
    struct stm32h7_eth *e = stm32h7_eth_of(dev);
    uint32_t ht[2] = {0, 0};
    for (size_t i = 0; i < count; i++) {
        unsigned idx = hash_index(groups[i].b);
        ht[idx >> 5] |= 1u << (idx & 31u);
    }
    wr(e, MACHT0R, ht[0]);
    wr(e, MACHT1R, ht[1]);
}

static void program_mac(struct stm32h7_eth *e, const uint8_t mac[6])
{
    /* The address takes effect when the low register is written: high first. */
    wr(e, MACA0HR, (uint32_t)mac[4] | (uint32_t)mac[5] << 8);
    wr(e, MACA0LR, (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 |
                       (uint32_t)mac[3] << 24);
}

static void set_mac(struct net_device *dev, const struct net_mac *mac)
{
    program_mac(stm32h7_eth_of(dev), mac->b);
}

static const struct net_device_ops stm32h7_eth_ops = {
    .rx_acquire = rx_acquire,
    .rx_release = rx_release,
    .tx_acquire = tx_acquire,
    .tx_commit = tx_commit,
    .link_up = link_up,
    .set_mac = set_mac,
    .set_multicast = set_multicast,
};

/* ---- bring-up ----------------------------------------------------------------------------- */

static void rings_init(struct stm32h7_eth *e)
{
    struct stm32h7_eth_dma *m = e->dma;
    memset(m->tx, 0, sizeof m->tx);
    memset(m->rx, 0, sizeof m->rx);
    e->rx_next = e->tx_head = e->tx_clean = 0;
    e->rx_held = e->tx_held = e->rx_dropping = false;

    wr(e, DMACTXDLAR, mmio_bus_addr(m->tx));
    wr(e, DMACTXRLR, STM32H7_ETH_TX_DESC - 1);
    wr(e, DMACTXDTPR, mmio_bus_addr(m->tx)); /* tail == current: nothing to send */
    wr(e, DMACRXDLAR, mmio_bus_addr(m->rx));
    wr(e, DMACRXRLR, STM32H7_ETH_RX_DESC - 1);
    /* Every receive descriptor armed; the tail at the last one keeps it back (rx_give). */
    for (unsigned i = 0; i < STM32H7_ETH_RX_DESC; i++)
        rx_give(e, i);
}

enum stm32_eth_err stm32h7_eth_open(struct stm32h7_eth *e, struct stm32h7_eth_dma *dma,
                                    const struct stm32_eth_config *cfg,
                                    enum lan8742_err *phy_err)
{
    memset(e, 0, sizeof *e);
    e->base = cfg->base;
    e->dma = dma;
    e->mdio_cr = mdio_clock_range(cfg->hclk_hz);
    if (((uintptr_t)dma & 3u) != 0)
        return STM32_ETH_ERR_DMA_MEM;

    /* RM0433 58.9.1: software reset of MAC and DMA; it needs the PHY's RMII clock to finish. */
    wr(e, DMAMR, DMAMR_SWR);
    if (!wait_clear(e, DMAMR, DMAMR_SWR, SWR_SPIN_LIMIT))
        return STM32_ETH_ERR_RESET;

    struct lan8742_mdio mdio = {stm32h7_eth_mdio_read, stm32h7_eth_mdio_write, e};
    enum lan8742_err perr = lan8742_init(&e->phy, &mdio, cfg->phy_addr);
    if (phy_err)
        *phy_err = perr;
    if (perr != LAN8742_OK)
        return STM32_ETH_ERR_PHY;

    /* DMA: aligned bursts, back-to-back descriptors, 32-beat bursts, 1536-byte buffers. */
    wr(e, DMASBMR, DMASBMR_AAL);
    wr(e, DMACCR, rd(e, DMACCR) & ~DMACCR_DSL_MASK);
    wr(e, DMACTXCR, DMACTXCR_TXPBL(DMA_PBL) | DMACTXCR_OSF);
    wr(e, DMACRXCR, DMACRXCR_RXPBL(DMA_PBL) | DMACRXCR_RBSZ(STM32H7_ETH_BUF_SIZE));
    rings_init(e);

    /* MTL: store and forward both ways (checksum insertion needs the whole frame; received
     * frames with errors, checksum errors included, are dropped before the DMA). */
    wr(e, MTLTXQOMR, rd(e, MTLTXQOMR) | MTLTXQOMR_TSF);
    wr(e, MTLRXQOMR, rd(e, MTLRXQOMR) | MTLRXQOMR_RSF);

    /* MAC: our address, multicast by hash (empty for now), no MAC or MMC interrupts. */
    program_mac(e, cfg->mac);
    wr(e, MACPFR, MACPFR_HMC);
    wr(e, MACHT0R, 0);
    wr(e, MACHT1R, 0);
    wr(e, MACIER, 0);
    wr(e, MMC_RX_INTERRUPT_MASK, MMC_RX_ALL);
    wr(e, MMC_TX_INTERRUPT_MASK, MMC_TX_ALL);
    wr(e, MACCR, MACCR_IPC | MACCR_CST | MACCR_ACS | MACCR_FES | MACCR_DM);

    wr(e, DMACIER, DMAC_NIS | DMAC_AIS | DMAC_RI | DMAC_TI | DMAC_RBU | DMAC_FBE);
    wr(e, DMACTXCR, rd(e, DMACTXCR) | DMACTXCR_ST);
    wr(e, DMACRXCR, rd(e, DMACRXCR) | DMACRXCR_SR);
    /* TE and RE wait for the link (link_up), with its speed and duplex. */

    e->dev.ops = &stm32h7_eth_ops;
    e->dev.caps.mtu = STM32H7_ETH_MTU;
    e->dev.caps.checksum = NET_CKSUM_RX_IPV4 | NET_CKSUM_RX_ICMP | NET_CKSUM_RX_UDP |
                           NET_CKSUM_RX_TCP | NET_CKSUM_TX_IPV4 | NET_CKSUM_TX_ICMP |
                           NET_CKSUM_TX_UDP | NET_CKSUM_TX_TCP;
    return STM32_ETH_OK;
}

uint32_t stm32h7_eth_irq(struct stm32h7_eth *e)
{
    uint32_t sr = rd(e, DMACSR);
    uint32_t ack = sr & (DMAC_TI | DMAC_TPS | DMAC_TBU | DMAC_RI | DMAC_RBU | DMAC_RPS |
                         DMAC_RWT | DMAC_ETI | DMAC_ERI | DMAC_FBE | DMAC_CDE | DMAC_AIS |
                         DMAC_NIS);
    wr(e, DMACSR, ack); /* write 1 to clear */
    e->stats.irqs++;
    uint32_t ev = 0;
    if (sr & DMAC_RI)
        ev |= STM32_ETH_EV_RX;
    if (sr & DMAC_TI)
        ev |= STM32_ETH_EV_TX;
    if (sr & DMAC_RBU) {
        ev |= STM32_ETH_EV_RX_STALL;
        e->stats.rx_unavailable++;
    }
    if (sr & DMAC_FBE) {
        ev |= STM32_ETH_EV_FATAL;
        e->stats.fatal_bus_errors++;
    }
    return ev;
}

void stm32h7_eth_update_stats(struct stm32h7_eth *e)
{
    /* A counter that overflowed since the last read counts as its maximum: a lower bound. */
    uint32_t v = rd(e, MTLRXQMPOCR);
    e->stats.rx_missed += (v & MTLRXQMPOCR_OVF_OVERFLOW) ? 0x7FFu : MTLRXQMPOCR_OVF(v);
    e->stats.rx_missed += (v & MTLRXQMPOCR_MIS_OVERFLOW) ? 0x7FFu : MTLRXQMPOCR_MIS(v);
}
