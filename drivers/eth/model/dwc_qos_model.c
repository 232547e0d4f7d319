/* DWC Ethernet QoS model (see dwc_qos_model.h). Register offsets and bits are this model's own,
 * from RM0433 section 58.11, deliberately not shared with the driver. */
#include "dwc_qos_model.h"

#include <string.h>
#include <unistd.h>

#include "coe.h"
#include "mmio.h"
#include "mmio_bus.h"

/* ---- register map ------------------------------------------------------------------------- */
enum {
    R_MACCR = 0x0000, R_MACECR = 0x0004, R_MACPFR = 0x0008, R_MACHT0R = 0x0010,
    R_MACHT1R = 0x0014, R_MACISR = 0x00B0, R_MACIER = 0x00B4, R_MACVR = 0x0110,
    R_MACMDIOAR = 0x0200, R_MACMDIODR = 0x0204, R_MACA0HR = 0x0300, R_MACA0LR = 0x0304,
    R_MMC_CONTROL = 0x0700, R_MMC_RX_IM = 0x070C, R_MMC_TX_IM = 0x0710,
    R_MTLOMR = 0x0C00, R_MTLISR = 0x0C20, R_MTLTXQOMR = 0x0D00, R_MTLRXQOMR = 0x0D30,
    R_MTLRXQMPOCR = 0x0D34,
    R_DMAMR = 0x1000, R_DMASBMR = 0x1004, R_DMAISR = 0x1008, R_DMADSR = 0x100C,
    R_DMACCR = 0x1100, R_DMACTXCR = 0x1104, R_DMACRXCR = 0x1108, R_DMACTXDLAR = 0x1114,
    R_DMACRXDLAR = 0x111C, R_DMACTXDTPR = 0x1120, R_DMACRXDTPR = 0x1128, R_DMACTXRLR = 0x112C,
    R_DMACRXRLR = 0x1130, R_DMACIER = 0x1134, R_DMACRXIWTR = 0x1138, R_DMACCATXDR = 0x1144,
    R_DMACCARXDR = 0x114C, R_DMACSR = 0x1160, R_DMACMFCR = 0x116C,
};

#define MACCR_RE (1u << 0)
#define MACCR_TE (1u << 1)
#define MACCR_JE (1u << 16)
#define MACCR_ACS (1u << 20)
#define MACCR_CST (1u << 21)
#define MACCR_S2KP (1u << 22)
#define MACCR_IPC (1u << 27)
#define MACCR_RESET 0x00008000u
#define MACPFR_PR (1u << 0)
#define MACPFR_HUC (1u << 1)
#define MACPFR_HMC (1u << 2)
#define MACPFR_DAIF (1u << 3)
#define MACPFR_PM (1u << 4)
#define MACPFR_DBF (1u << 5)
#define MACPFR_HPF (1u << 10)
#define MACPFR_RA (1u << 31)
#define MDIOAR_MB (1u << 0)
#define MDIOAR_C45E (1u << 1)
#define MDIOAR_GOC(v) (((v) >> 2) & 3u)
#define MDIOAR_CR(v) (((v) >> 8) & 0xFu)
#define MDIOAR_RDA(v) (((v) >> 16) & 0x1Fu)
#define MDIOAR_PA(v) (((v) >> 21) & 0x1Fu)
#define MTLTXQOMR_FTQ (1u << 0)
#define MTLTXQOMR_RESET 0x00070008u
#define MTLTXQOMR_READ_ONLY 0x01FF000Cu /* TQS (2 KiB) and TXQEN (enabled) */
#define MTLRXQOMR_FEP (1u << 4)
#define MTLRXQOMR_RSF (1u << 5)
#define MTLRXQOMR_DIS_TCP_EF (1u << 6)
#define MTLRXQOMR_RESET 0x00700000u
#define DMAMR_SWR (1u << 0)
#define DMASBMR_RESET 0x01010000u
#define DMACCR_DSL(v) (((v) >> 18) & 7u)
#define DMACTXCR_ST (1u << 0)
#define DMACRXCR_SR (1u << 0)
#define DMACRXCR_RBSZ(v) (((v) >> 1) & 0x3FFFu)
#define CSR_TI (1u << 0)
#define CSR_TPS (1u << 1)
#define CSR_TBU (1u << 2)
#define CSR_RI (1u << 6)
#define CSR_RBU (1u << 7)
#define CSR_RPS (1u << 8)
#define CSR_RWT (1u << 9)
#define CSR_ETI (1u << 10)
#define CSR_ERI (1u << 11)
#define CSR_FBE (1u << 12)
#define CSR_CDE (1u << 13)
#define CSR_AIS (1u << 14)
#define CSR_NIS (1u << 15)
#define CSR_NORMAL (CSR_TI | CSR_TBU | CSR_RI | CSR_ERI)
#define CSR_ABNORMAL (CSR_TPS | CSR_RBU | CSR_RPS | CSR_RWT | CSR_ETI | CSR_FBE | CSR_CDE)
#define CSR_W1C 0xFFFFu

/* descriptors */
#define DES_OWN (1u << 31)
#define TDES2_B1L(v) ((v) & 0x3FFFu)
#define TDES2_B2L(v) (((v) >> 16) & 0x3FFFu)
#define TDES2_IOC (1u << 31)
#define TDES3_FL(v) ((v) & 0x7FFFu)
#define TDES3_CIC(v) (((v) >> 16) & 3u)
#define TDES3_LD (1u << 28)
#define TDES3_FD (1u << 29)
#define TDES3_CTXT (1u << 30)
#define TDES3_WB_IHE (1u << 0)
#define TDES3_WB_PCE (1u << 12)
#define TDES3_WB_ES (1u << 15)
#define RDES3_BUF1V (1u << 24)
#define RDES3_BUF2V (1u << 25)
#define RDES3_IOC (1u << 30)
#define RDES1_PT(pt) ((uint32_t)(pt) & 7u)
#define RDES1_IPHE (1u << 3)
#define RDES1_IPV4 (1u << 4)
#define RDES1_IPV6 (1u << 5)
#define RDES1_IPCB (1u << 6)
#define RDES1_IPCE (1u << 7)
#define RDES3_WB_ES (1u << 15)
#define RDES3_WB_RWT (1u << 22)
#define RDES3_WB_GP (1u << 23)
#define RDES3_WB_RS1V (1u << 26)
#define RDES3_WB_LD (1u << 28)
#define RDES3_WB_FD (1u << 29)

#define DESC_BYTES 16u
#define MIN_FRAME 60u
#define MAX_FRAME 1518u
#define WATCHDOG_CUT 2048u
#define MDIO_BUSY_READS 2u
#define MDC_MAX_HZ 2500000u
#define ENGINE_TX 1
#define ENGINE_RX 2

/* ---- helpers ------------------------------------------------------------------------------ */

static void violation(struct dwc_qos_model *m, const char *what)
{
    m->stats.violations++;
    size_t n = strlen(what);
    if (n >= sizeof m->last_violation)
        n = sizeof m->last_violation - 1;
    memcpy(m->last_violation, what, n);
    m->last_violation[n] = 0;
    /* async-signal-safe: the model runs inside the native port's signal handlers */
    static const char prefix[] = "dwc_qos_model: driver broke a rule: ";
    (void)!write(2, prefix, sizeof prefix - 1);
    (void)!write(2, what, n);
    (void)!write(2, "\n", 1);
}

static bool line(struct dwc_qos_model *m)
{
    uint32_t csr = __atomic_load_n(&m->csr, __ATOMIC_SEQ_CST);
    return ((csr & CSR_NIS) && (m->dmacier & CSR_NIS)) ||
           ((csr & CSR_AIS) && (m->dmacier & CSR_AIS));
}

bool dwc_qos_model_irq_line(struct dwc_qos_model *m)
{
    return line(m);
}

/* Sets status bits, their summaries where enabled, and raises the line if it is (still) high. */
static void status(struct dwc_qos_model *m, uint32_t bits)
{
    uint32_t en = m->dmacier;
    if (bits & CSR_NORMAL & en)
        bits |= CSR_NIS;
    if (bits & CSR_ABNORMAL & en)
        bits |= CSR_AIS;
    __atomic_fetch_or(&m->csr, bits, __ATOMIC_SEQ_CST);
    if (line(m) && m->raise_irq) {
        m->stats.irqs_raised++;
        m->raise_irq(m->irq_ctx);
    }
}

static volatile uint32_t *desc_at(struct dwc_qos_model *m, uint32_t bus)
{
    if (bus & 3u) {
        violation(m, "descriptor address not word aligned");
        return 0;
    }
    return (volatile uint32_t *)mmio_bus_ptr(bus);
}

static uint32_t next_desc(struct dwc_qos_model *m, uint32_t cur, uint32_t list, uint32_t rlr)
{
    uint32_t step = DESC_BYTES + DMACCR_DSL(m->dmaccr) * 8u;
    if (cur == list + rlr * step)
        return list;
    return cur + step;
}

/* ---- reset -------------------------------------------------------------------------------- */

static void regs_reset(struct dwc_qos_model *m)
{
    m->maccr = MACCR_RESET;
    m->macpfr = 0;
    m->macht[0] = m->macht[1] = 0;
    m->maca0hr = 0x8000FFFFu;
    m->maca0lr = 0xFFFFFFFFu;
    m->macier = 0;
    m->mdioar = m->mdiodr = 0;
    m->mdio_busy_reads = 0;
    memset(m->mmc_masks, 0, sizeof m->mmc_masks);
    m->mtl_txqomr = MTLTXQOMR_RESET;
    m->mtl_rxqomr = MTLRXQOMR_RESET;
    m->mtl_ovf = m->mtl_mis = 0;
    m->dmamr = 0;
    m->dmasbmr = DMASBMR_RESET;
    m->dmaccr = m->txcr = m->rxcr = 0;
    m->txdlar = m->rxdlar = m->txdtpr = m->rxdtpr = m->txrlr = m->rxrlr = 0;
    m->dmacier = 0;
    __atomic_store_n(&m->csr, 0, __ATOMIC_SEQ_CST);
    m->dropped = 0;
    m->tx_cur = m->rx_cur = 0;
    m->tx_suspended = m->rx_suspended = false;
    m->rx_partial = 0;
    m->fifo_head = m->fifo_count = 0;
    m->fifo_bytes = 0;
}

void dwc_qos_model_init(struct dwc_qos_model *m, struct model_wire *wire, uint8_t phy_addr)
{
    memset(m, 0, sizeof *m);
    m->wire = wire;
    lan8742_model_init(&m->phy, wire, phy_addr);
    regs_reset(m);
}

/* ---- receive: wire -> MTL queue ----------------------------------------------------------- */

static bool filter_accepts(struct dwc_qos_model *m, const uint8_t *da)
{
    uint32_t pfr = m->macpfr;
    if (pfr & (MACPFR_RA | MACPFR_PR))
        return true;
    static const uint8_t bcast[6] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    if (memcmp(da, bcast, 6) == 0)
        return !(pfr & MACPFR_DBF);
    uint8_t a0[6] = {(uint8_t)m->maca0lr, (uint8_t)(m->maca0lr >> 8), (uint8_t)(m->maca0lr >> 16),
                     (uint8_t)(m->maca0lr >> 24), (uint8_t)m->maca0hr, (uint8_t)(m->maca0hr >> 8)};
    bool perfect = memcmp(da, a0, 6) == 0;
    unsigned bit = coe_hash_bit(da);
    bool hash = (m->macht[bit >> 5] >> (bit & 31u)) & 1u;
    bool pass;
    if (da[0] & 1u) { /* multicast */
        if (pfr & MACPFR_PM)
            return true;
        pass = (pfr & MACPFR_HMC) ? hash || ((pfr & MACPFR_HPF) && perfect) : perfect;
    } else {
        pass = (pfr & MACPFR_HUC) ? hash || ((pfr & MACPFR_HPF) && perfect) : perfect;
    }
    return (pfr & MACPFR_DAIF) ? !pass : pass;
}

static bool is_vlan(const uint8_t *f)
{
    return f[12] == 0x81 && f[13] == 0x00;
}

/* One frame as received from the cable (no FCS, maybe shorter than 60): what the MAC and the
 * MTL do before it reaches the queue. Returns false when it is dropped there. */
static bool ingress(struct dwc_qos_model *m, struct dwc_qos_fifo_frame *f, const uint8_t *in,
                    size_t len)
{
    if (len < 14) {
        m->stats.rx_error_dropped++;
        return false;
    }
    if (!(m->maccr & MACCR_RE) || !lan8742_model_link(&m->phy)) {
        m->stats.rx_not_receiving++;
        return false;
    }
    if (!filter_accepts(m, in)) {
        m->stats.rx_filtered++;
        return false;
    }
    uint32_t err = 0;
    size_t n = len < WATCHDOG_CUT ? len : WATCHDOG_CUT;
    memcpy(f->data, in, n);
    if (n < MIN_FRAME) { /* the sender's MAC padded it on the cable */
        memset(f->data + n, 0, MIN_FRAME - n);
        n = MIN_FRAME;
    }
    if (len > WATCHDOG_CUT && !(m->maccr & MACCR_JE))
        err |= RDES3_WB_RWT;
    size_t limit = MAX_FRAME - 4 + (is_vlan(in) ? 4u : 0u); /* without the FCS */
    if (n > limit && !(m->maccr & (MACCR_JE | MACCR_S2KP)))
        err |= RDES3_WB_GP;

    f->rdes1 = 0;
    if (m->maccr & MACCR_IPC) {
        struct coe_rx st;
        coe_rx_check(f->data, n, &st);
        if (st.ipv4 || st.ipv6) {
            f->rdes1 = RDES1_PT(st.payload_type) | (st.ipv4 ? RDES1_IPV4 : 0) |
                       (st.ipv6 ? RDES1_IPV6 : 0) | (st.header_error ? RDES1_IPHE : 0) |
                       (st.payload_error ? RDES1_IPCE : 0) | (st.payload_bypassed ? RDES1_IPCB : 0);
            bool drop_cksum = (m->mtl_rxqomr & MTLRXQOMR_RSF) &&
                              !(m->mtl_rxqomr & (MTLRXQOMR_DIS_TCP_EF | MTLRXQOMR_FEP));
            if ((st.header_error || st.payload_error) && drop_cksum) {
                m->stats.rx_cksum_dropped++;
                return false;
            }
        }
    }
    /* Watchdog cuts are errors the queue drops unless it forwards error frames. */
    if ((err & RDES3_WB_RWT) && !(m->mtl_rxqomr & MTLRXQOMR_FEP)) {
        m->stats.rx_error_dropped++;
        return false;
    }

    /* FCS: stripped from type frames with CST; length frames lose pad and FCS with ACS. */
    uint16_t type = (uint16_t)(f->data[12 + (is_vlan(f->data) ? 4 : 0)] << 8 |
                               f->data[13 + (is_vlan(f->data) ? 4 : 0)]);
    bool strip = type >= 0x0600u ? (m->maccr & MACCR_CST) != 0 : (m->maccr & MACCR_ACS) != 0;
    if (type < 0x0600u && (m->maccr & MACCR_ACS) && 14u + type < n)
        n = 14u + type;
    if (!strip) {
        uint32_t fcs = coe_crc32(f->data, n);
        for (int i = 0; i < 4; i++)
            f->data[n + (size_t)i] = (uint8_t)(fcs >> (8 * i));
        n += 4;
    }
    f->len = (uint16_t)n;
    f->rdes3_err = err;
    return true;
}

static bool fifo_has_room(struct dwc_qos_model *m, size_t len)
{
    if (m->fifo_count == DWC_QOS_FIFO_SLOTS)
        return false;
    /* A single frame always fits (store and forward of what the MAC accepted at all). */
    return m->fifo_count == 0 || m->fifo_bytes + len <= DWC_QOS_RX_FIFO;
}

static void overflow(struct dwc_qos_model *m)
{
    m->stats.rx_overflow++;
    if (m->rx_suspended)
        m->mtl_mis++; /* lost because the DMA had no descriptor to drain the queue into */
    else
        m->mtl_ovf++;
}

/* Takes one frame off the wire into the queue (or drops it there). Returns false when there was
 * none, or when pacing leaves it on the wire because the queue is not empty. */
static bool wire_in_one(struct dwc_qos_model *m)
{
    if (m->pace_wire && m->fifo_count)
        return false;
    size_t n = model_wire_recv(m->wire, m->scratch, sizeof m->scratch);
    if (!n)
        return false;
    if (m->fifo_count == DWC_QOS_FIFO_SLOTS) {
        overflow(m);
        return true;
    }
    struct dwc_qos_fifo_frame *f =
        &m->fifo[(m->fifo_head + m->fifo_count) % DWC_QOS_FIFO_SLOTS];
    if (!ingress(m, f, m->scratch, n))
        return true; /* dropped by the MAC, counted there */
    if (!fifo_has_room(m, f->len)) {
        overflow(m);
        return true;
    }
    m->fifo_count++;
    m->fifo_bytes += f->len;
    return true;
}

/* ---- receive: MTL queue -> descriptors ---------------------------------------------------- */

static void rx_suspend(struct dwc_qos_model *m)
{
    if (!m->rx_suspended) {
        m->rx_suspended = true;
        status(m, CSR_RBU);
    }
}

static void rx_fatal(struct dwc_qos_model *m, const char *why)
{
    violation(m, why);
    m->rxcr &= ~DMACRXCR_SR;
    status(m, CSR_FBE | CSR_RPS);
}

/* Moves the head frame into descriptors. Returns false when it had to stop (no descriptor). */
static bool rx_deliver_head(struct dwc_qos_model *m)
{
    struct dwc_qos_fifo_frame *f = &m->fifo[m->fifo_head];
    uint32_t rbsz = DMACRXCR_RBSZ(m->rxcr);
    if (rbsz == 0 || (rbsz & 3u)) {
        rx_fatal(m, "RBSZ is zero or not a multiple of 4");
        return false;
    }
    bool ioc = false;
    while (m->rx_partial < f->len) {
        if (m->rx_cur == m->rxdtpr) {
            rx_suspend(m);
            return false;
        }
        volatile uint32_t *d = desc_at(m, m->rx_cur);
        if (!d) {
            rx_fatal(m, "receive descriptor outside memory");
            return false;
        }
        uint32_t des3 = d[3];
        if (!(des3 & DES_OWN)) {
            rx_suspend(m);
            return false;
        }
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        m->rx_suspended = false; /* RBU is raised once per suspension, not per retry */
        if (!(des3 & (RDES3_BUF1V | RDES3_BUF2V))) {
            violation(m, "receive descriptor owned by the DMA with no valid buffer");
            rx_fatal(m, "receive descriptor without buffer");
            return false;
        }
        bool first = m->rx_partial == 0;
        const uint32_t bufs[2] = {(des3 & RDES3_BUF1V) ? d[0] : 0, (des3 & RDES3_BUF2V) ? d[2] : 0};
        for (int b = 0; b < 2 && m->rx_partial < f->len; b++) {
            if (!((des3 >> 24) & (1u << b)))
                continue;
            uint8_t *buf = mmio_bus_ptr(bufs[b]);
            if (!buf) {
                rx_fatal(m, "receive buffer outside memory");
                return false;
            }
            size_t chunk = f->len - m->rx_partial;
            if (chunk > rbsz)
                chunk = rbsz;
            memcpy(buf, f->data + m->rx_partial, chunk);
            m->rx_partial += chunk;
        }
        bool last = m->rx_partial >= f->len;
        ioc |= (des3 & RDES3_IOC) != 0;
        uint32_t wb3 = (uint32_t)(last ? f->len : m->rx_partial) & 0x7FFFu;
        if (first)
            wb3 |= RDES3_WB_FD;
        if (last) {
            wb3 |= RDES3_WB_LD | f->rdes3_err | (f->rdes3_err ? RDES3_WB_ES : 0);
            if (f->rdes1)
                wb3 |= RDES3_WB_RS1V;
        }
        d[0] = 0;
        d[1] = last ? f->rdes1 : 0;
        d[2] = 0;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        d[3] = wb3; /* OWN clear: the descriptor is the driver's again */
        m->rx_cur = next_desc(m, m->rx_cur, m->rxdlar, m->rxrlr);
    }
    m->rx_partial = 0;
    m->fifo_bytes -= f->len;
    m->fifo_head = (m->fifo_head + 1) % DWC_QOS_FIFO_SLOTS;
    m->fifo_count--;
    m->stats.rx_frames++;
    if (ioc)
        status(m, CSR_RI);
    return true;
}

/* The queue drains into descriptors while frames arrive: one frame in, as much out as the
 * descriptors allow, and again. */
static void rx_run(struct dwc_qos_model *m)
{
    do {
        while ((m->rxcr & DMACRXCR_SR) && m->fifo_count)
            if (!rx_deliver_head(m))
                break;
    } while (wire_in_one(m));
}

/* ---- transmit ----------------------------------------------------------------------------- */

static void tx_fatal(struct dwc_qos_model *m, const char *why)
{
    violation(m, why);
    m->txcr &= ~DMACTXCR_ST;
    status(m, CSR_FBE | CSR_TPS);
}

/* Gathers the frame starting at tx_cur. Returns the number of descriptors it spans, 0 when it
 * cannot go yet (not all owned, or the tail is in the middle), -1 after a fatal error. */
static int tx_gather(struct dwc_qos_model *m, size_t *len, bool *ioc, uint32_t *cic, uint32_t *fl)
{
    uint32_t cur = m->tx_cur;
    size_t total = 0;
    unsigned ring = m->txrlr + 1u;
    *ioc = false;
    for (unsigned n = 1; n <= ring; n++) {
        if (cur == m->txdtpr)
            return 0;
        volatile uint32_t *d = desc_at(m, cur);
        if (!d) {
            tx_fatal(m, "transmit descriptor outside memory");
            return -1;
        }
        uint32_t des3 = d[3];
        if (!(des3 & DES_OWN))
            return 0;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        uint32_t des2 = d[2];
        if (n == 1) {
            if (!(des3 & TDES3_FD)) {
                violation(m, "first transmit descriptor of a frame without FD");
            }
            *cic = TDES3_CIC(des3);
            *fl = TDES3_FL(des3);
        } else if (des3 & TDES3_FD) {
            violation(m, "FD in the middle of a frame");
        }
        const uint32_t addr[2] = {d[0], d[1]};
        const uint32_t blen[2] = {TDES2_B1L(des2), TDES2_B2L(des2)};
        for (int b = 0; b < 2; b++) {
            if (!blen[b])
                continue;
            const uint8_t *buf = mmio_bus_ptr(addr[b]);
            if (!buf) {
                tx_fatal(m, "transmit buffer outside memory");
                return -1;
            }
            if (total + blen[b] > MODEL_WIRE_FRAME_MAX) {
                violation(m, "transmit frame larger than any MAC sends");
                return -1;
            }
            memcpy(m->scratch + total, buf, blen[b]);
            total += blen[b];
        }
        *ioc |= (des2 & TDES2_IOC) != 0;
        if (des3 & TDES3_LD) {
            *len = total;
            return (int)n;
        }
        cur = next_desc(m, cur, m->txdlar, m->txrlr);
    }
    violation(m, "transmit frame without LD over the whole ring");
    return -1;
}

static void tx_run(struct dwc_qos_model *m)
{
    unsigned guard = 4u * (m->txrlr + 1u);
    while (guard--) {
        if (!(m->txcr & DMACTXCR_ST) || !(m->maccr & MACCR_TE))
            return; /* frames wait in their descriptors */
        if (m->tx_cur == m->txdtpr) {
            m->tx_suspended = true;
            return;
        }
        volatile uint32_t *d0 = desc_at(m, m->tx_cur);
        if (!d0) {
            tx_fatal(m, "transmit descriptor outside memory");
            return;
        }
        if (!(d0[3] & DES_OWN)) {
            m->tx_suspended = true;
            status(m, CSR_TBU);
            return;
        }
        if (d0[3] & TDES3_CTXT) { /* a context descriptor: nothing to send */
            d0[3] &= ~DES_OWN;
            m->tx_cur = next_desc(m, m->tx_cur, m->txdlar, m->txrlr);
            continue;
        }
        size_t len = 0;
        bool ioc;
        uint32_t cic = 0, fl = 0;
        int ndesc = tx_gather(m, &len, &ioc, &cic, &fl);
        if (ndesc <= 0) {
            m->tx_suspended = true;
            return;
        }
        m->tx_suspended = false;
        if (fl != len)
            violation(m, "TDES3 frame length differs from the sum of the buffer lengths");
        bool pce = false;
        bool ihe = !coe_tx_insert(m->scratch, len, cic, &pce);
        while (len < MIN_FRAME)
            m->scratch[len++] = 0; /* the MAC pads short frames */
        if (lan8742_model_link(&m->phy))
            model_wire_send(m->wire, m->scratch, len);
        else
            m->stats.tx_no_carrier++;
        m->stats.tx_frames++;

        for (int i = 0; i < ndesc; i++) {
            volatile uint32_t *d = desc_at(m, m->tx_cur);
            uint32_t des3 = d[3] & (TDES3_FD | TDES3_LD);
            if (i == ndesc - 1)
                des3 |= (ihe ? TDES3_WB_IHE : 0) | (pce ? TDES3_WB_PCE : 0) |
                        ((ihe || pce) ? TDES3_WB_ES : 0);
            d[0] = 0xA5A5A5A5u; /* timestamp words: not valid without TTSS */
            d[1] = 0xA5A5A5A5u;
            d[2] = 0xA5A5A5A5u;
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            d[3] = des3;
            m->tx_cur = next_desc(m, m->tx_cur, m->txdlar, m->txrlr);
        }
        if (ioc)
            status(m, CSR_TI);
    }
}

/* The engines run from register writes (driver context) and from wire events (an interrupt):
 * one at a time. A caller that finds them busy leaves its work to the one inside. */
static void run(struct dwc_qos_model *m, int what)
{
    __atomic_fetch_or(&m->pending, what, __ATOMIC_SEQ_CST);
    for (;;) {
        if (__atomic_exchange_n(&m->busy, 1, __ATOMIC_SEQ_CST))
            return;
        int p;
        while ((p = __atomic_exchange_n(&m->pending, 0, __ATOMIC_SEQ_CST)) != 0) {
            if (p & ENGINE_TX)
                tx_run(m);
            if (p & ENGINE_RX)
                rx_run(m);
        }
        __atomic_store_n(&m->busy, 0, __ATOMIC_SEQ_CST);
        if (!__atomic_load_n(&m->pending, __ATOMIC_SEQ_CST))
            return;
    }
}

void dwc_qos_model_wire_event(struct dwc_qos_model *m)
{
    run(m, ENGINE_RX);
}

/* ---- MDIO --------------------------------------------------------------------------------- */

static void mdio_command(struct dwc_qos_model *m, uint32_t v)
{
    static const uint16_t divider[16] = {42, 62, 16, 26, 102, 124};
    unsigned cr = MDIOAR_CR(v);
    if (cr > 5)
        violation(m, "MDIO clock range field reserved value");
    else if (m->hclk_hz && m->hclk_hz / divider[cr] > MDC_MAX_HZ)
        violation(m, "MDC above 2.5 MHz for this AHB clock");
    if (v & MDIOAR_C45E)
        violation(m, "clause 45 access to a clause 22 PHY");
    uint8_t pa = (uint8_t)MDIOAR_PA(v), reg = (uint8_t)MDIOAR_RDA(v);
    switch (MDIOAR_GOC(v)) {
    case 1:
        lan8742_model_write(&m->phy, pa, reg, (uint16_t)m->mdiodr);
        break;
    case 3:
        m->mdiodr = lan8742_model_read(&m->phy, pa, reg);
        break;
    default:
        violation(m, "MDIO operation code other than read or write");
    }
    m->mdioar = v;
    m->mdio_busy_reads = MDIO_BUSY_READS;
}

/* ---- register interface ------------------------------------------------------------------- */

uint32_t dwc_qos_model_read(void *model, uint32_t off)
{
    struct dwc_qos_model *m = model;
    switch (off) {
    case R_MACCR: return m->maccr;
    case R_MACPFR: return m->macpfr;
    case R_MACHT0R: return m->macht[0];
    case R_MACHT1R: return m->macht[1];
    case R_MACIER: return m->macier;
    case R_MACISR: return 0;
    case R_MACVR: return 0x00003042u; /* user version 0x30, Synopsys version 4.2 */
    case R_MACMDIOAR:
        if (m->mdio_busy_reads) {
            m->mdio_busy_reads--;
            return m->mdioar | MDIOAR_MB;
        }
        return m->mdioar & ~MDIOAR_MB;
    case R_MACMDIODR: return m->mdiodr;
    case R_MACA0HR: return m->maca0hr | 0x80000000u;
    case R_MACA0LR: return m->maca0lr;
    case R_MMC_RX_IM: return m->mmc_masks[0];
    case R_MMC_TX_IM: return m->mmc_masks[1];
    case R_MTLTXQOMR: return m->mtl_txqomr;
    case R_MTLRXQOMR: return m->mtl_rxqomr;
    case R_MTLRXQMPOCR: {
        uint32_t v = (m->mtl_ovf > 0x7FFu ? 0x7FFu | (1u << 11) : m->mtl_ovf) |
                     (m->mtl_mis > 0x7FFu ? 0x7FFu << 16 | (1u << 27) : m->mtl_mis << 16);
        m->mtl_ovf = m->mtl_mis = 0; /* clear on read */
        return v;
    }
    case R_DMAMR:
        if (m->dmamr & DMAMR_SWR) {
            if (m->no_ref_clk)
                return m->dmamr;
            m->dmamr &= ~DMAMR_SWR;
            return m->dmamr | DMAMR_SWR; /* one read still busy */
        }
        return m->dmamr;
    case R_DMASBMR: return m->dmasbmr;
    case R_DMAISR: return line(m) ? 1u : 0u;
    case R_DMADSR:
        return ((m->rxcr & DMACRXCR_SR) ? (m->rx_suspended ? 4u : 3u) : 0u) << 8 |
               ((m->txcr & DMACTXCR_ST) ? (m->tx_suspended ? 6u : 1u) : 0u) << 12;
    case R_DMACCR: return m->dmaccr;
    case R_DMACTXCR: return m->txcr;
    case R_DMACRXCR: return m->rxcr;
    case R_DMACTXDLAR: return m->txdlar;
    case R_DMACRXDLAR: return m->rxdlar;
    case R_DMACTXDTPR: return m->txdtpr;
    case R_DMACRXDTPR: return m->rxdtpr;
    case R_DMACTXRLR: return m->txrlr;
    case R_DMACRXRLR: return m->rxrlr;
    case R_DMACIER: return m->dmacier;
    case R_DMACCATXDR: return m->tx_cur;
    case R_DMACCARXDR: return m->rx_cur;
    case R_DMACSR: return __atomic_load_n(&m->csr, __ATOMIC_SEQ_CST);
    case R_DMACMFCR: {
        uint32_t v = m->dropped > 0x7FFu ? 0x7FFu | (1u << 15) : m->dropped;
        m->dropped = 0;
        return v;
    }
    default: return 0; /* registers this model does not implement read as zero */
    }
}

void dwc_qos_model_write(void *model, uint32_t off, uint32_t v)
{
    struct dwc_qos_model *m = model;
    if (m->dmamr & DMAMR_SWR && off != R_DMAMR && m->no_ref_clk)
        return; /* in reset without a clock: nothing takes */
    switch (off) {
    case R_MACCR: {
        uint32_t was = m->maccr;
        m->maccr = v;
        if ((v & MACCR_TE) && !(was & MACCR_TE))
            run(m, ENGINE_TX);
        if ((v & MACCR_RE) && !(was & MACCR_RE))
            run(m, ENGINE_RX);
        return;
    }
    case R_MACPFR: m->macpfr = v; return;
    case R_MACHT0R: m->macht[0] = v; return;
    case R_MACHT1R: m->macht[1] = v; return;
    case R_MACIER: m->macier = v; return;
    case R_MACMDIOAR:
        if (m->mdio_busy_reads) {
            violation(m, "MDIO command written while the previous one is busy");
            return;
        }
        if (v & MDIOAR_MB)
            mdio_command(m, v);
        else
            m->mdioar = v;
        return;
    case R_MACMDIODR: m->mdiodr = v & 0xFFFFu; return;
    case R_MACA0HR: m->maca0hr = v & 0xFFFFu; return;
    case R_MACA0LR: m->maca0lr = v; return;
    case R_MMC_RX_IM: m->mmc_masks[0] = v; return;
    case R_MMC_TX_IM: m->mmc_masks[1] = v; return;
    case R_MTLTXQOMR: /* FTQ (flush) completes at once */
        m->mtl_txqomr = (v & ~(MTLTXQOMR_FTQ | MTLTXQOMR_READ_ONLY)) |
                        (MTLTXQOMR_RESET & MTLTXQOMR_READ_ONLY);
        return;
    case R_MTLRXQOMR: m->mtl_rxqomr = v; return;
    case R_DMAMR:
        if (v & DMAMR_SWR) {
            regs_reset(m);
            m->dmamr = DMAMR_SWR;
            return;
        }
        m->dmamr = v;
        return;
    case R_DMASBMR: m->dmasbmr = v; return;
    case R_DMACCR:
        if (DMACCR_DSL(v))
            violation(m, "descriptor skip length set (the driver's descriptors are packed)");
        m->dmaccr = v;
        return;
    case R_DMACTXCR: {
        uint32_t was = m->txcr;
        m->txcr = v;
        if ((v & DMACTXCR_ST) && !(was & DMACTXCR_ST)) {
            if (!m->txdlar)
                violation(m, "transmit DMA started without a descriptor list");
            m->tx_suspended = false;
            run(m, ENGINE_TX);
        }
        return;
    }
    case R_DMACRXCR: {
        uint32_t was = m->rxcr;
        m->rxcr = v;
        if ((v & DMACRXCR_SR) && !(was & DMACRXCR_SR)) {
            if (!m->rxdlar)
                violation(m, "receive DMA started without a descriptor list");
            run(m, ENGINE_RX);
        }
        return;
    }
    case R_DMACTXDLAR:
        if (m->txcr & DMACTXCR_ST)
            violation(m, "transmit descriptor list moved while the DMA runs");
        m->txdlar = m->tx_cur = v;
        return;
    case R_DMACRXDLAR:
        if (m->rxcr & DMACRXCR_SR)
            violation(m, "receive descriptor list moved while the DMA runs");
        m->rxdlar = m->rx_cur = v;
        return;
    case R_DMACTXRLR: m->txrlr = v & 0x3FFu; return;
    case R_DMACRXRLR: m->rxrlr = v & 0x3FFu; return;
    case R_DMACTXDTPR:
        if (m->txdlar && (v < m->txdlar || v > m->txdlar + m->txrlr * DESC_BYTES))
            violation(m, "transmit tail pointer outside the ring");
        m->txdtpr = v;
        run(m, ENGINE_TX);
        return;
    case R_DMACRXDTPR:
        if (m->rxdlar && (v < m->rxdlar || v > m->rxdlar + m->rxrlr * DESC_BYTES))
            violation(m, "receive tail pointer outside the ring");
        m->rxdtpr = v;
        run(m, ENGINE_RX);
        return;
    case R_DMACIER:
        m->dmacier = v;
        if (line(m) && m->raise_irq)
            m->raise_irq(m->irq_ctx);
        return;
    case R_DMACRXIWTR: return;
    case R_DMACSR:
        __atomic_fetch_and(&m->csr, ~(v & CSR_W1C), __ATOMIC_SEQ_CST);
        return;
    default:
        return; /* read-only or not modelled: ignored, like a write to a read-only register */
    }
}

static const struct mmio_region_ops ops = {dwc_qos_model_read, dwc_qos_model_write};

bool dwc_qos_model_map(struct dwc_qos_model *m, uintptr_t base)
{
    return mmio_bus_map(base, DWC_QOS_MODEL_SIZE, &ops, m);
}
