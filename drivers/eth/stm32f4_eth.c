/* STM32F4 Ethernet driver: DWC MAC 10/100 and its DMA (RM0090 section 33), LAN8742A PHY.
 * Register offsets and bits below are ours, from RM0090 section 33.8 "Ethernet registers". */
#include "stm32f4_eth.h"

#include <string.h>

#include "mmio.h"

/* MAC */
#define MACCR 0x0000u
#define MACCR_RE (1u << 2)
#define MACCR_TE (1u << 3)
#define MACCR_APCS (1u << 7)  /* strip pad and FCS of length-type frames */
#define MACCR_IPCO (1u << 10) /* receive checksum offload */
#define MACCR_DM (1u << 11)   /* full duplex */
#define MACCR_FES (1u << 14)  /* 100 Mbit/s */
#define MACCR_CSTF (1u << 25) /* strip the FCS of type frames */
#define MACFFR 0x0004u
#define MACFFR_HM (1u << 2) /* multicast through the hash table */
#define MACHTHR 0x0008u
#define MACHTLR 0x000Cu
#define MACMIIAR 0x0010u
#define MACMIIAR_MB (1u << 0)
#define MACMIIAR_MW (1u << 1)
#define MACMIIAR_CR(cr) ((uint32_t)(cr) << 2)
#define MACMIIAR_MR(reg) ((uint32_t)((reg) & 0x1Fu) << 6)
#define MACMIIAR_PA(phy) ((uint32_t)((phy) & 0x1Fu) << 11)
#define MACMIIDR 0x0014u
#define MACIMR 0x003Cu
#define MACIMR_PMTIM (1u << 3)
#define MACIMR_TSTIM (1u << 9)
#define MACA0HR 0x0040u
#define MACA0LR 0x0044u
/* The MMC counters interrupt when half full unless masked: every one the F4 implements. */
#define MMCRIMR 0x010Cu
#define MMCRIMR_ALL ((1u << 5) | (1u << 6) | (1u << 17))
#define MMCTIMR 0x0110u
#define MMCTIMR_ALL ((1u << 14) | (1u << 15) | (1u << 21))
/* DMA */
#define DMABMR 0x1000u
#define DMABMR_SR (1u << 0)
#define DMABMR_EDFE (1u << 7)
#define DMABMR_PBL(n) ((uint32_t)(n) << 8)
#define DMABMR_FB (1u << 16)
#define DMABMR_RDP(n) ((uint32_t)(n) << 17)
#define DMABMR_USP (1u << 23)
#define DMABMR_AAB (1u << 25)
#define DMATPDR 0x1004u
#define DMARPDR 0x1008u
#define DMARDLAR 0x100Cu
#define DMATDLAR 0x1010u
#define DMASR 0x1014u
#define DMASR_TS (1u << 0)
#define DMASR_RS (1u << 6)
#define DMASR_RBUS (1u << 7)
#define DMASR_FBES (1u << 13)
#define DMASR_W1C 0x0001FFFFu
#define DMAOMR 0x1018u
#define DMAOMR_SR (1u << 1)
#define DMAOMR_OSF (1u << 2)
#define DMAOMR_ST (1u << 13)
#define DMAOMR_TSF (1u << 21)
#define DMAOMR_RSF (1u << 25)
#define DMAIER 0x101Cu
#define DMAIER_TIE (1u << 0)
#define DMAIER_RIE (1u << 6)
#define DMAIER_RBUIE (1u << 7)
#define DMAIER_FBEIE (1u << 13)
#define DMAIER_AISE (1u << 15)
#define DMAIER_NISE (1u << 16)
#define DMAMFBOCR 0x1020u
#define DMAMFBOCR_MFC(v) ((v) & 0xFFFFu)
#define DMAMFBOCR_OMFC (1u << 16)
#define DMAMFBOCR_MFA(v) (((v) >> 17) & 0x7FFu)
#define DMAMFBOCR_OFOC (1u << 28)

/* Descriptors (RM0090 33.6.7, 33.6.8), enhanced format. */
#define TDES0_OWN (1u << 31)
#define TDES0_IC (1u << 30)
#define TDES0_LS (1u << 29)
#define TDES0_FS (1u << 28)
#define TDES0_CIC_FULL (3u << 22) /* IPv4 header and TCP/UDP/ICMP checksums, pseudo-header too */
#define TDES0_TER (1u << 21)
#define TDES0_ES (1u << 15)
#define TDES1_TBS1(len) ((uint32_t)(len) & 0x1FFFu)
#define RDES0_OWN (1u << 31)
#define RDES0_FL(v) (((v) >> 16) & 0x3FFFu)
#define RDES0_ES (1u << 15)
#define RDES0_FS (1u << 9)
#define RDES0_LS (1u << 8)
#define RDES0_ESA (1u << 0) /* extended status in RDES4 */
#define RDES1_RER (1u << 15)
#define RDES1_RBS1(len) ((uint32_t)(len) & 0x1FFFu)
#define RDES4_IPHE (1u << 3)
#define RDES4_IPPE (1u << 4)

#define DMA_PBL 32u
#define SWR_SPIN_LIMIT 1000000u
#define MDIO_SPIN_LIMIT 100000u
#define RX_SKIP_MAX 16

static inline uint32_t rd(const struct stm32f4_eth *e, uint32_t off)
{
    return mmio_read32(e->base + off);
}

static inline void wr(const struct stm32f4_eth *e, uint32_t off, uint32_t v)
{
    mmio_write32(e->base + off, v);
}

static bool wait_clear(const struct stm32f4_eth *e, uint32_t off, uint32_t mask, uint32_t limit)
{
    for (uint32_t spin = 0; spin < limit; spin++)
        if (!(rd(e, off) & mask))
            return true;
    return false;
}

/* MDC must stay at or below 2.5 MHz: RM0090 ETH_MACMIIAR.CR, by AHB clock range. */
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
    return 4;     /* /102, up to 180 MHz */
}

bool stm32f4_eth_mdio_read(void *eth, uint8_t phy, uint8_t reg, uint16_t *value)
{
    struct stm32f4_eth *e = eth;
    if (!wait_clear(e, MACMIIAR, MACMIIAR_MB, MDIO_SPIN_LIMIT))
        return false;
    wr(e, MACMIIAR, MACMIIAR_PA(phy) | MACMIIAR_MR(reg) | MACMIIAR_CR(e->mdio_cr) | MACMIIAR_MB);
    if (!wait_clear(e, MACMIIAR, MACMIIAR_MB, MDIO_SPIN_LIMIT))
        return false;
    *value = (uint16_t)rd(e, MACMIIDR);
    return true;
}

bool stm32f4_eth_mdio_write(void *eth, uint8_t phy, uint8_t reg, uint16_t value)
{
    struct stm32f4_eth *e = eth;
    if (!wait_clear(e, MACMIIAR, MACMIIAR_MB, MDIO_SPIN_LIMIT))
        return false;
    wr(e, MACMIIDR, value);
    wr(e, MACMIIAR, MACMIIAR_PA(phy) | MACMIIAR_MR(reg) | MACMIIAR_CR(e->mdio_cr) | MACMIIAR_MW |
                        MACMIIAR_MB);
    return wait_clear(e, MACMIIAR, MACMIIAR_MB, MDIO_SPIN_LIMIT);
}

/* ---- receive ------------------------------------------------------------------------------ */

/* Gives receive descriptor i back to the DMA (all its words again, OWN last) and tells a DMA
 * that may have suspended on it to look again. */
static void rx_give(struct stm32f4_eth *e, unsigned i)
{
    struct stm32f4_eth_desc *d = &e->dma->rx[i];
    d->des1 = RDES1_RBS1(STM32F4_ETH_BUF_SIZE) | (i == STM32F4_ETH_RX_DESC - 1 ? RDES1_RER : 0);
    d->des2 = mmio_bus_addr(e->dma->rx_buf[i]);
    d->des3 = 0;
    d->des4 = 0;
    mmio_dma_barrier();
    d->des0 = RDES0_OWN;
    mmio_dma_barrier();
}

static void rx_advance(struct stm32f4_eth *e)
{
    rx_give(e, e->rx_next);
    e->rx_next = (e->rx_next + 1) % STM32F4_ETH_RX_DESC;
    wr(e, DMARPDR, 0); /* poll demand: any value */
}

static bool rx_acquire(struct net_device *dev, uint8_t **frame, size_t *len)
{
    struct stm32f4_eth *e = stm32f4_eth_of(dev);
    if (e->rx_held)
        return false;
    for (unsigned n = 0; n < RX_SKIP_MAX; n++) {
        struct stm32f4_eth_desc *d = &e->dma->rx[e->rx_next];
        uint32_t des0 = d->des0;
        if (des0 & RDES0_OWN)
            return false;
        mmio_dma_barrier();
        if (e->rx_dropping || !(des0 & RDES0_LS)) {
            if (des0 & RDES0_LS) {
                e->rx_dropping = false;
                e->stats.rx_oversize++;
            } else {
                e->rx_dropping = true;
            }
            rx_advance(e);
            continue;
        }
        size_t fl = RDES0_FL(des0);
        bool cksum_err = (des0 & RDES0_ESA) && (d->des4 & (RDES4_IPHE | RDES4_IPPE));
        if (!(des0 & RDES0_FS) || (des0 & RDES0_ES) || cksum_err) {
            e->stats.rx_errors++;
        } else if (fl > STM32F4_ETH_FRAME_MAX || fl > STM32F4_ETH_BUF_SIZE) {
            e->stats.rx_oversize++;
        } else {
            e->rx_held = true;
            e->stats.rx_frames++;
            *frame = e->dma->rx_buf[e->rx_next];
            *len = fl;
            return true;
        }
        rx_advance(e);
    }
    return false;
}

static void rx_release(struct net_device *dev)
{
    struct stm32f4_eth *e = stm32f4_eth_of(dev);
    if (!e->rx_held)
        return;
    e->rx_held = false;
    rx_advance(e);
}

/* ---- transmit ----------------------------------------------------------------------------- */

static void tx_reclaim(struct stm32f4_eth *e)
{
    while (e->tx_clean != e->tx_head) {
        uint32_t des0 = e->dma->tx[e->tx_clean].des0;
        if (des0 & TDES0_OWN)
            return;
        if (des0 & TDES0_ES)
            e->stats.tx_errors++;
        else
            e->stats.tx_frames++;
        e->tx_clean = (e->tx_clean + 1) % STM32F4_ETH_TX_DESC;
    }
}

static bool tx_acquire(struct net_device *dev, size_t len, uint8_t **frame)
{
    struct stm32f4_eth *e = stm32f4_eth_of(dev);
    if (e->tx_held || len > STM32F4_ETH_BUF_SIZE)
        return false;
    tx_reclaim(e);
    if ((e->tx_head + 1) % STM32F4_ETH_TX_DESC == e->tx_clean) {
        e->stats.tx_ring_full++;
        return false;
    }
    e->tx_held = true;
    *frame = e->dma->tx_buf[e->tx_head];
    return true;
}

static void tx_commit(struct net_device *dev, size_t len)
{
    struct stm32f4_eth *e = stm32f4_eth_of(dev);
    if (!e->tx_held)
        return;
    e->tx_held = false;
    if (len == 0 || len > STM32F4_ETH_BUF_SIZE)
        return;
    unsigned i = e->tx_head;
    struct stm32f4_eth_desc *d = &e->dma->tx[i];
    d->des1 = TDES1_TBS1(len);
    d->des2 = mmio_bus_addr(e->dma->tx_buf[i]);
    d->des3 = 0;
    mmio_dma_barrier();
    d->des0 = TDES0_OWN | TDES0_IC | TDES0_FS | TDES0_LS | TDES0_CIC_FULL |
              (i == STM32F4_ETH_TX_DESC - 1 ? TDES0_TER : 0);
    e->tx_head = (i + 1) % STM32F4_ETH_TX_DESC;
    mmio_dma_barrier();
    wr(e, DMATPDR, 0); /* poll demand: the DMA suspends whenever it runs out of descriptors */
}

/* ---- link and filter ---------------------------------------------------------------------- */

static bool link_up(struct net_device *dev)
{
    struct stm32f4_eth *e = stm32f4_eth_of(dev);
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
            wr(e, DMATPDR, 0); /* frames that waited for the link */
        }
        e->link_up = link.up;
    }
    return e->link_up;
}

/* The Synopsys hash filter (RM0090 33.5.3 "Hash filtering"): the upper 6 bits of the CRC-32 of
 * the destination address (as the MAC computes it, LSB first) pick one of 64 bits in
 * MACHTHR:MACHTLR. */
static unsigned hash_index(const uint8_t mac[6])
{
    uint32_t crc = 0xFFFFFFFFu;
    for (int i = 0; i < 6; i++) {
        crc ^= mac[i];
        for (int b = 0; b < 8; b++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    crc = ~crc;
    unsigned idx = 0;
    for (int b = 0; b < 6; b++)
        idx |= ((crc >> b) & 1u) << (5 - b);
    return idx;
}

static void set_multicast(struct net_device *dev, const struct net_mac *groups, size_t count)
{
    struct stm32f4_eth *e = stm32f4_eth_of(dev);
    uint32_t ht[2] = {0, 0}; /* low, high */
    for (size_t i = 0; i < count; i++) {
        unsigned idx = hash_index(groups[i].b);
        ht[idx >> 5] |= 1u << (idx & 31u);
    }
    wr(e, MACHTLR, ht[0]);
    wr(e, MACHTHR, ht[1]);
}

static void program_mac(struct stm32f4_eth *e, const uint8_t mac[6])
{
    wr(e, MACA0HR, (uint32_t)mac[4] | (uint32_t)mac[5] << 8);
    wr(e, MACA0LR, (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 |
                       (uint32_t)mac[3] << 24);
}

static void set_mac(struct net_device *dev, const struct net_mac *mac)
{
    program_mac(stm32f4_eth_of(dev), mac->b);
}

static const struct net_device_ops stm32f4_eth_ops = {
    .rx_acquire = rx_acquire,
    .rx_release = rx_release,
    .tx_acquire = tx_acquire,
    .tx_commit = tx_commit,
    .link_up = link_up,
    .set_mac = set_mac,
    .set_multicast = set_multicast,
};

/* ---- bring-up ----------------------------------------------------------------------------- */

static void rings_init(struct stm32f4_eth *e)
{
    struct stm32f4_eth_dma *m = e->dma;
    memset(m->tx, 0, sizeof m->tx);
    memset(m->rx, 0, sizeof m->rx);
    e->rx_next = e->tx_head = e->tx_clean = 0;
    e->rx_held = e->tx_held = e->rx_dropping = false;
    m->tx[STM32F4_ETH_TX_DESC - 1].des0 = TDES0_TER;
    for (unsigned i = 0; i < STM32F4_ETH_RX_DESC; i++)
        rx_give(e, i);
    wr(e, DMATDLAR, mmio_bus_addr(m->tx));
    wr(e, DMARDLAR, mmio_bus_addr(m->rx));
}

enum stm32_eth_err stm32f4_eth_open(struct stm32f4_eth *e, struct stm32f4_eth_dma *dma,
                                    const struct stm32_eth_config *cfg,
                                    enum lan8742_err *phy_err)
{
    memset(e, 0, sizeof *e);
    e->base = cfg->base;
    e->dma = dma;
    e->mdio_cr = mdio_clock_range(cfg->hclk_hz);
    if (((uintptr_t)dma & 3u) != 0)
        return STM32_ETH_ERR_DMA_MEM;

    /* RM0090 33.6.1: software reset of MAC and DMA; it needs the PHY's RMII clock to finish. */
    wr(e, DMABMR, DMABMR_SR);
    if (!wait_clear(e, DMABMR, DMABMR_SR, SWR_SPIN_LIMIT))
        return STM32_ETH_ERR_RESET;

    struct lan8742_mdio mdio = {stm32f4_eth_mdio_read, stm32f4_eth_mdio_write, e};
    enum lan8742_err perr = lan8742_init(&e->phy, &mdio, cfg->phy_addr);
    if (phy_err)
        *phy_err = perr;
    if (perr != LAN8742_OK)
        return STM32_ETH_ERR_PHY;

    /* DMA (RM0090 33.6.1 order): bus mode, descriptor lists, then the MAC, then start. Enhanced
     * descriptors (checksum offload needs them), aligned fixed 32-beat bursts both ways. */
    wr(e, DMABMR, DMABMR_EDFE | DMABMR_AAB | DMABMR_FB | DMABMR_USP | DMABMR_RDP(DMA_PBL) |
                      DMABMR_PBL(DMA_PBL));
    rings_init(e);

    program_mac(e, cfg->mac);
    wr(e, MACFFR, MACFFR_HM);
    wr(e, MACHTHR, 0);
    wr(e, MACHTLR, 0);
    wr(e, MACIMR, MACIMR_PMTIM | MACIMR_TSTIM);
    wr(e, MMCRIMR, MMCRIMR_ALL);
    wr(e, MMCTIMR, MMCTIMR_ALL);
    wr(e, MACCR, MACCR_IPCO | MACCR_CSTF | MACCR_APCS | MACCR_FES | MACCR_DM);

    wr(e, DMAIER, DMAIER_NISE | DMAIER_AISE | DMAIER_RIE | DMAIER_TIE | DMAIER_RBUIE |
                      DMAIER_FBEIE);
    /* Store and forward both ways: checksum insertion needs the whole frame; received frames
     * with errors (checksum errors included: DTCEFD stays 0) are dropped in the FIFO. */
    wr(e, DMAOMR, DMAOMR_RSF | DMAOMR_TSF | DMAOMR_OSF);
    wr(e, DMAOMR, rd(e, DMAOMR) | DMAOMR_ST | DMAOMR_SR);
    /* TE and RE wait for the link (link_up), with its speed and duplex. */

    e->dev.ops = &stm32f4_eth_ops;
    e->dev.caps.mtu = STM32F4_ETH_MTU;
    e->dev.caps.checksum = NET_CKSUM_RX_IPV4 | NET_CKSUM_RX_ICMP | NET_CKSUM_RX_UDP |
                           NET_CKSUM_RX_TCP | NET_CKSUM_TX_IPV4 | NET_CKSUM_TX_ICMP |
                           NET_CKSUM_TX_UDP | NET_CKSUM_TX_TCP;
    return STM32_ETH_OK;
}

uint32_t stm32f4_eth_irq(struct stm32f4_eth *e)
{
    uint32_t sr = rd(e, DMASR);
    wr(e, DMASR, sr & DMASR_W1C); /* write 1 to clear, summaries included */
    e->stats.irqs++;
    uint32_t ev = 0;
    if (sr & DMASR_RS)
        ev |= STM32_ETH_EV_RX;
    if (sr & DMASR_TS)
        ev |= STM32_ETH_EV_TX;
    if (sr & DMASR_RBUS) {
        ev |= STM32_ETH_EV_RX_STALL;
        e->stats.rx_unavailable++;
    }
    if (sr & DMASR_FBES) {
        ev |= STM32_ETH_EV_FATAL;
        e->stats.fatal_bus_errors++;
    }
    return ev;
}

void stm32f4_eth_update_stats(struct stm32f4_eth *e)
{
    /* Both counters clear when read; an overflowed one counts as its maximum. */
    uint32_t v = rd(e, DMAMFBOCR);
    e->stats.rx_missed += (v & DMAMFBOCR_OMFC) ? 0xFFFFu : DMAMFBOCR_MFC(v);
    e->stats.rx_missed += (v & DMAMFBOCR_OFOC) ? 0x7FFu : DMAMFBOCR_MFA(v);
}
