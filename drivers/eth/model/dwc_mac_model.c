/* DWC MAC 10/100 model (see dwc_mac_model.h). Register offsets and bits are this model's own,
 * from RM0090 section 33.8, deliberately not shared with the driver. */
#include "dwc_mac_model.h"

#include <string.h>
#include <unistd.h>

#include "coe.h"
#include "mmio.h"
#include "mmio_bus.h"

enum {
    R_MACCR = 0x0000, R_MACFFR = 0x0004, R_MACHTHR = 0x0008, R_MACHTLR = 0x000C,
    R_MACMIIAR = 0x0010, R_MACMIIDR = 0x0014, R_MACSR = 0x0038, R_MACIMR = 0x003C,
    R_MACA0HR = 0x0040, R_MACA0LR = 0x0044, R_MMCRIMR = 0x010C, R_MMCTIMR = 0x0110,
    R_DMABMR = 0x1000, R_DMATPDR = 0x1004, R_DMARPDR = 0x1008, R_DMARDLAR = 0x100C,
    R_DMATDLAR = 0x1010, R_DMASR = 0x1014, R_DMAOMR = 0x1018, R_DMAIER = 0x101C,
    R_DMAMFBOCR = 0x1020, R_DMACHTDR = 0x1048, R_DMACHRDR = 0x104C,
};

#define MACCR_RE (1u << 2)
#define MACCR_TE (1u << 3)
#define MACCR_APCS (1u << 7)
#define MACCR_IPCO (1u << 10)
#define MACCR_JD (1u << 22)
#define MACCR_WD (1u << 23)
#define MACCR_CSTF (1u << 25)
#define MACCR_RESET 0x00008000u
#define MACFFR_PM (1u << 0)
#define MACFFR_HU (1u << 1)
#define MACFFR_HM (1u << 2)
#define MACFFR_DAIF (1u << 3)
#define MACFFR_PAM (1u << 4)
#define MACFFR_BFD (1u << 5)
#define MACFFR_HPF (1u << 10)
#define MACFFR_RA (1u << 31)
#define MIIAR_MB (1u << 0)
#define MIIAR_MW (1u << 1)
#define MIIAR_CR(v) (((v) >> 2) & 7u)
#define MIIAR_MR(v) (((v) >> 6) & 0x1Fu)
#define MIIAR_PA(v) (((v) >> 11) & 0x1Fu)
#define DMABMR_SR (1u << 0)
#define DMABMR_DSL(v) (((v) >> 2) & 0x1Fu)
#define DMABMR_EDFE (1u << 7)
#define DMABMR_RESET 0x00020101u
#define DMAOMR_SR (1u << 1)
#define DMAOMR_ST (1u << 13)
#define DMAOMR_FTF (1u << 20)
#define DMAOMR_TSF (1u << 21)
#define DMAOMR_DFRF (1u << 24)
#define DMAOMR_RSF (1u << 25)
#define DMAOMR_DTCEFD (1u << 26)
#define DMAOMR_FEF (1u << 7)
#define SR_TS (1u << 0)
#define SR_TPSS (1u << 1)
#define SR_TBUS (1u << 2)
#define SR_RS (1u << 6)
#define SR_RBUS (1u << 7)
#define SR_RPSS (1u << 8)
#define SR_FBES (1u << 13)
#define SR_AIS (1u << 15)
#define SR_NIS (1u << 16)
#define SR_NORMAL (SR_TS | SR_TBUS | SR_RS | (1u << 14))
#define SR_ABNORMAL (SR_TPSS | (1u << 3) | (1u << 4) | (1u << 5) | SR_RBUS | SR_RPSS | (1u << 9) | \
                     (1u << 10) | SR_FBES)
#define SR_W1C 0x0001FFFFu
#define IER_NISE (1u << 16)
#define IER_AISE (1u << 15)

/* descriptors */
#define DES0_OWN (1u << 31)
#define TDES0_IC (1u << 30)
#define TDES0_LS (1u << 29)
#define TDES0_FS (1u << 28)
#define TDES0_CIC(v) (((v) >> 22) & 3u)
#define TDES0_TER (1u << 21)
#define TDES0_TCH (1u << 20)
#define TDES0_CONTROL 0x7FF00000u
#define TDES0_IHE (1u << 16)
#define TDES0_ES (1u << 15)
#define TDES0_IPE (1u << 12)
#define TDES1_TBS1(v) ((v) & 0x1FFFu)
#define TDES1_TBS2(v) (((v) >> 16) & 0x1FFFu)
#define RDES0_AFM (1u << 30)
#define RDES0_FL(n) (((uint32_t)(n) & 0x3FFFu) << 16)
#define RDES0_ES (1u << 15)
#define RDES0_DE (1u << 14)
#define RDES0_FS (1u << 9)
#define RDES0_LS (1u << 8)
#define RDES0_GIANT (1u << 7)
#define RDES0_FT (1u << 5)
#define RDES0_RWT (1u << 4)
#define RDES0_ESA (1u << 0)
#define RDES1_DIC (1u << 31)
#define RDES1_RBS2(v) (((v) >> 16) & 0x1FFFu)
#define RDES1_RER (1u << 15)
#define RDES1_RCH (1u << 14)
#define RDES1_RBS1(v) ((v) & 0x1FFFu)
#define RDES4_IPPT(pt) ((uint32_t)(pt) & 7u)
#define RDES4_IPHE (1u << 3)
#define RDES4_IPPE (1u << 4)
#define RDES4_IPCB (1u << 5)
#define RDES4_IPV4PR (1u << 6)
#define RDES4_IPV6PR (1u << 7)

#define MIN_FRAME 60u
#define MAX_FRAME 1518u
#define WATCHDOG_CUT 2048u
#define MDIO_BUSY_READS 2u
#define MDC_MAX_HZ 2500000u
#define ENGINE_TX 1
#define ENGINE_RX 2

static void violation(struct dwc_mac_model *m, const char *what)
{
    m->stats.violations++;
    size_t n = strlen(what);
    if (n >= sizeof m->last_violation)
        n = sizeof m->last_violation - 1;
    memcpy(m->last_violation, what, n);
    m->last_violation[n] = 0;
    static const char prefix[] = "dwc_mac_model: driver broke a rule: ";
    (void)!write(2, prefix, sizeof prefix - 1);
    (void)!write(2, what, n);
    (void)!write(2, "\n", 1);
}

static bool line(struct dwc_mac_model *m)
{
    uint32_t sr = __atomic_load_n(&m->sr, __ATOMIC_SEQ_CST);
    return ((sr & SR_NIS) && (m->dmaier & IER_NISE)) || ((sr & SR_AIS) && (m->dmaier & IER_AISE));
}

bool dwc_mac_model_irq_line(struct dwc_mac_model *m)
{
    return line(m);
}

static void status(struct dwc_mac_model *m, uint32_t bits)
{
    if (bits & SR_NORMAL & m->dmaier)
        bits |= SR_NIS;
    if (bits & SR_ABNORMAL & m->dmaier)
        bits |= SR_AIS;
    __atomic_fetch_or(&m->sr, bits, __ATOMIC_SEQ_CST);
    if (line(m) && m->raise_irq) {
        m->stats.irqs_raised++;
        m->raise_irq(m->irq_ctx);
    }
}

static unsigned desc_words(const struct dwc_mac_model *m)
{
    return (m->dmabmr & DMABMR_EDFE) ? 8u : 4u;
}

static volatile uint32_t *desc_at(struct dwc_mac_model *m, uint32_t bus)
{
    if (bus & 3u) {
        violation(m, "descriptor address not word aligned");
        return 0;
    }
    return (volatile uint32_t *)mmio_bus_ptr(bus);
}

/* Ring mode: the next descriptor follows this one (plus the skip length), or the list starts
 * over after the one marked end-of-ring. Chained mode: word 3 holds its address. */
static uint32_t next_desc(const struct dwc_mac_model *m, uint32_t cur, bool chained, bool end,
                          uint32_t word3, uint32_t list)
{
    if (end)
        return list;
    if (chained)
        return word3;
    return cur + desc_words(m) * 4u + DMABMR_DSL(m->dmabmr) * 4u;
}

static void regs_reset(struct dwc_mac_model *m)
{
    m->maccr = MACCR_RESET;
    m->macffr = 0;
    m->macht[0] = m->macht[1] = 0;
    m->maca0hr = 0x0000FFFFu;
    m->maca0lr = 0xFFFFFFFFu;
    m->macimr = 0;
    m->miiar = m->miidr = 0;
    m->mdio_busy_reads = 0;
    m->mmc_masks[0] = m->mmc_masks[1] = 0;
    m->dmabmr = DMABMR_RESET;
    m->dmaomr = m->dmaier = m->rdlar = m->tdlar = 0;
    __atomic_store_n(&m->sr, 0, __ATOMIC_SEQ_CST);
    m->missed_mfc = m->missed_mfa = 0;
    m->tx_cur = m->rx_cur = 0;
    m->tx_suspended = m->rx_suspended = false;
    m->rx_partial = 0;
    m->fifo_head = m->fifo_count = 0;
    m->fifo_bytes = 0;
}

void dwc_mac_model_init(struct dwc_mac_model *m, struct model_wire *wire, uint8_t phy_addr)
{
    memset(m, 0, sizeof *m);
    m->wire = wire;
    lan8742_model_init(&m->phy, wire, phy_addr);
    regs_reset(m);
}

/* ---- receive: wire -> FIFO ---------------------------------------------------------------- */

static bool filter_accepts(struct dwc_mac_model *m, const uint8_t *da)
{
    uint32_t ffr = m->macffr;
    if (ffr & (MACFFR_RA | MACFFR_PM))
        return true;
    static const uint8_t bcast[6] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    if (memcmp(da, bcast, 6) == 0)
        return !(ffr & MACFFR_BFD);
    uint8_t a0[6] = {(uint8_t)m->maca0lr, (uint8_t)(m->maca0lr >> 8), (uint8_t)(m->maca0lr >> 16),
                     (uint8_t)(m->maca0lr >> 24), (uint8_t)m->maca0hr, (uint8_t)(m->maca0hr >> 8)};
    bool perfect = memcmp(da, a0, 6) == 0;
    unsigned bit = coe_hash_bit(da);
    bool hash = (m->macht[bit >> 5] >> (bit & 31u)) & 1u;
    bool pass;
    if (da[0] & 1u) {
        if (ffr & MACFFR_PAM)
            return true;
        pass = (ffr & MACFFR_HM) ? hash || ((ffr & MACFFR_HPF) && perfect) : perfect;
    } else {
        pass = (ffr & MACFFR_HU) ? hash || ((ffr & MACFFR_HPF) && perfect) : perfect;
    }
    return (ffr & MACFFR_DAIF) ? !pass : pass;
}

static bool is_vlan(const uint8_t *f)
{
    return f[12] == 0x81 && f[13] == 0x00;
}

static bool ingress(struct dwc_mac_model *m, struct dwc_mac_fifo_frame *f, const uint8_t *in,
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
    uint32_t st = 0;
    size_t n = len < WATCHDOG_CUT ? len : WATCHDOG_CUT;
    memcpy(f->data, in, n);
    if (n < MIN_FRAME) {
        memset(f->data + n, 0, MIN_FRAME - n);
        n = MIN_FRAME;
    }
    if (len > WATCHDOG_CUT && !(m->maccr & MACCR_WD))
        st |= RDES0_RWT | RDES0_ES;
    size_t off = is_vlan(f->data) ? 4u : 0u;
    uint16_t type = (uint16_t)(f->data[12 + off] << 8 | f->data[13 + off]);
    if (type >= 0x0600u)
        st |= RDES0_FT;
    if (n > MAX_FRAME - 4 + off && !(m->maccr & MACCR_IPCO))
        st |= RDES0_GIANT | RDES0_ES; /* bit 7 means "giant" only without checksum offload */

    f->rdes4 = 0;
    if (m->maccr & MACCR_IPCO) {
        if (!(m->dmabmr & DMABMR_EDFE))
            violation(m, "IPv4 checksum offload without enhanced descriptors (RM0090 33.6.8)");
        struct coe_rx c;
        coe_rx_check(f->data, n, &c);
        if (c.ipv4 || c.ipv6) {
            f->rdes4 = RDES4_IPPT(c.payload_type) | (c.ipv4 ? RDES4_IPV4PR : 0) |
                       (c.ipv6 ? RDES4_IPV6PR : 0) | (c.header_error ? RDES4_IPHE : 0) |
                       (c.payload_error ? RDES4_IPPE : 0) | (c.payload_bypassed ? RDES4_IPCB : 0);
            bool drop = (m->dmaomr & DMAOMR_RSF) && !(m->dmaomr & (DMAOMR_DTCEFD | DMAOMR_FEF));
            if ((c.header_error || c.payload_error) && drop) {
                m->stats.rx_cksum_dropped++;
                return false;
            }
        }
    }
    if ((st & RDES0_RWT) && !(m->dmaomr & DMAOMR_FEF)) {
        m->stats.rx_error_dropped++;
        return false;
    }
    bool strip = type >= 0x0600u ? (m->maccr & MACCR_CSTF) != 0 : (m->maccr & MACCR_APCS) != 0;
    if (type < 0x0600u && (m->maccr & MACCR_APCS) && 14u + type < n)
        n = 14u + type;
    if (!strip) {
        uint32_t fcs = coe_crc32(f->data, n);
        for (int i = 0; i < 4; i++)
            f->data[n + (size_t)i] = (uint8_t)(fcs >> (8 * i));
        n += 4;
    }
    f->len = (uint16_t)n;
    f->rdes0_status = st;
    return true;
}

static void overflow(struct dwc_mac_model *m)
{
    m->stats.rx_overflow++;
    m->missed_mfa++; /* missed by the application: the FIFO overflowed */
}

/* One frame off the wire into the FIFO. Paced: only when the FIFO is empty, so the rest wait on
 * the wire as if still arriving (and the one in the FIFO is not flushed, see below). */
static bool wire_in_one(struct dwc_mac_model *m)
{
    if (m->pace_wire && m->fifo_count)
        return false;
    size_t n = model_wire_recv(m->wire, m->scratch, sizeof m->scratch);
    if (!n)
        return false;
    if (m->fifo_count == DWC_MAC_FIFO_SLOTS) {
        overflow(m);
        return true;
    }
    struct dwc_mac_fifo_frame *f = &m->fifo[(m->fifo_head + m->fifo_count) % DWC_MAC_FIFO_SLOTS];
    if (!ingress(m, f, m->scratch, n))
        return true;
    if (m->fifo_count && m->fifo_bytes + f->len > DWC_MAC_RX_FIFO) {
        overflow(m);
        return true;
    }
    m->fifo_count++;
    m->fifo_bytes += f->len;
    return true;
}

/* ---- receive: FIFO -> descriptors --------------------------------------------------------- */

static void fifo_pop(struct dwc_mac_model *m)
{
    m->fifo_bytes -= m->fifo[m->fifo_head].len;
    m->fifo_head = (m->fifo_head + 1) % DWC_MAC_FIFO_SLOTS;
    m->fifo_count--;
    m->rx_partial = 0;
}

static void rx_fatal(struct dwc_mac_model *m, const char *why)
{
    violation(m, why);
    m->dmaomr &= ~DMAOMR_SR;
    status(m, SR_FBES | SR_RPSS);
}

/* Moves the head frame into descriptors. Returns false when the DMA stopped (suspended). */
static bool rx_deliver_head(struct dwc_mac_model *m)
{
    struct dwc_mac_fifo_frame *f = &m->fifo[m->fifo_head];
    for (;;) {
        volatile uint32_t *d = desc_at(m, m->rx_cur);
        if (!d) {
            rx_fatal(m, "receive descriptor outside memory");
            return false;
        }
        uint32_t des0 = d[0];
        if (!(des0 & DES0_OWN)) {
            bool mid_frame = m->rx_partial != 0;
            if (!m->rx_suspended) {
                m->rx_suspended = true;
                status(m, SR_RBUS);
            }
            if (!mid_frame && !(m->dmaomr & DMAOMR_DFRF) && !m->pace_wire) {
                m->missed_mfc++; /* flushed: no descriptor for it (DFRF clear) */
                fifo_pop(m);
            }
            return false;
        }
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        m->rx_suspended = false;
        uint32_t des1 = d[1];
        bool chained = des1 & RDES1_RCH, end = des1 & RDES1_RER;
        uint32_t sizes[2] = {RDES1_RBS1(des1), chained ? 0u : RDES1_RBS2(des1)};
        uint32_t addrs[2] = {d[2], d[3]};
        if (((sizes[0] | sizes[1]) & 3u) != 0)
            violation(m, "receive buffer size not a multiple of 4");
        if (sizes[0] + sizes[1] == 0) {
            rx_fatal(m, "receive descriptor with no buffer");
            return false;
        }
        bool first = m->rx_partial == 0;
        for (int b = 0; b < 2 && m->rx_partial < f->len; b++) {
            if (!sizes[b])
                continue;
            uint8_t *buf = mmio_bus_ptr(addrs[b]);
            if (!buf) {
                rx_fatal(m, "receive buffer outside memory");
                return false;
            }
            size_t chunk = f->len - m->rx_partial;
            if (chunk > sizes[b])
                chunk = sizes[b];
            memcpy(buf, f->data + m->rx_partial, chunk);
            m->rx_partial += chunk;
        }
        bool last = m->rx_partial >= f->len;
        uint32_t next = next_desc(m, m->rx_cur, chained, end, d[3], m->rdlar);
        /* A frame that does not fit, with the next descriptor not ours: truncated (DE). */
        bool truncated = false;
        if (!last) {
            volatile uint32_t *nd = desc_at(m, next);
            truncated = !nd || !(nd[0] & DES0_OWN);
        }
        uint32_t wb = RDES0_FL(m->rx_partial) | (first ? RDES0_FS : 0);
        if (last || truncated) {
            wb |= RDES0_LS | f->rdes0_status;
            if (truncated)
                wb |= RDES0_DE | RDES0_ES;
            if ((m->dmabmr & DMABMR_EDFE) && f->rdes4) {
                wb |= RDES0_ESA;
                d[4] = f->rdes4;
            }
        }
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        d[0] = wb; /* OWN clear */
        m->rx_cur = next;
        if (last || truncated) {
            fifo_pop(m);
            m->stats.rx_frames++;
            if (!(des1 & RDES1_DIC))
                status(m, SR_RS);
            return true;
        }
    }
}

static void rx_run(struct dwc_mac_model *m)
{
    do {
        while ((m->dmaomr & DMAOMR_SR) && m->fifo_count)
            if (!rx_deliver_head(m))
                break;
    } while (wire_in_one(m));
}

/* ---- transmit ----------------------------------------------------------------------------- */

static void tx_fatal(struct dwc_mac_model *m, const char *why)
{
    violation(m, why);
    m->dmaomr &= ~DMAOMR_ST;
    status(m, SR_FBES | SR_TPSS);
}

/* Gathers the frame at tx_cur: the number of descriptors it spans, 0 when a descriptor of it is
 * not owned yet, -1 after a fatal error. */
static int tx_gather(struct dwc_mac_model *m, size_t *len, uint32_t *first0, uint32_t *last0)
{
    uint32_t cur = m->tx_cur;
    size_t total = 0;
    for (int n = 1; n <= 256; n++) {
        volatile uint32_t *d = desc_at(m, cur);
        if (!d) {
            tx_fatal(m, "transmit descriptor outside memory");
            return -1;
        }
        uint32_t des0 = d[0];
        if (!(des0 & DES0_OWN))
            return 0;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        if (n == 1) {
            if (!(des0 & TDES0_FS))
                violation(m, "first transmit descriptor of a frame without FS");
            *first0 = des0;
        } else if (des0 & TDES0_FS) {
            violation(m, "FS in the middle of a frame");
        }
        uint32_t des1 = d[1];
        bool chained = des0 & TDES0_TCH;
        const uint32_t sizes[2] = {TDES1_TBS1(des1), chained ? 0u : TDES1_TBS2(des1)};
        const uint32_t addrs[2] = {d[2], d[3]};
        for (int b = 0; b < 2; b++) {
            if (!sizes[b])
                continue;
            const uint8_t *buf = mmio_bus_ptr(addrs[b]);
            if (!buf) {
                tx_fatal(m, "transmit buffer outside memory");
                return -1;
            }
            if (total + sizes[b] > MODEL_WIRE_FRAME_MAX) {
                violation(m, "transmit frame larger than any MAC sends");
                return -1;
            }
            memcpy(m->scratch + total, buf, sizes[b]);
            total += sizes[b];
        }
        if (des0 & TDES0_LS) {
            *last0 = des0;
            *len = total;
            return n;
        }
        cur = next_desc(m, cur, chained, des0 & TDES0_TER, d[3], m->tdlar);
    }
    violation(m, "transmit frame without LS");
    return -1;
}

static void tx_run(struct dwc_mac_model *m)
{
    for (int guard = 0; guard < 1024; guard++) {
        if (!(m->dmaomr & DMAOMR_ST) || !(m->maccr & MACCR_TE))
            return;
        size_t len = 0;
        uint32_t first0 = 0, last0 = 0;
        int ndesc = tx_gather(m, &len, &first0, &last0);
        if (ndesc < 0)
            return;
        if (ndesc == 0) {
            if (!m->tx_suspended) {
                m->tx_suspended = true;
                status(m, SR_TBUS);
            }
            return;
        }
        m->tx_suspended = false;
        unsigned cic = TDES0_CIC(first0);
        if (cic && !(m->dmaomr & DMAOMR_TSF))
            violation(m, "checksum insertion without transmit store and forward (TSF)");
        bool ipe = false;
        bool ihe = !coe_tx_insert(m->scratch, len, cic, &ipe);
        while (len < MIN_FRAME)
            m->scratch[len++] = 0;
        if (lan8742_model_link(&m->phy))
            model_wire_send(m->wire, m->scratch, len);
        else
            m->stats.tx_no_carrier++;
        m->stats.tx_frames++;
        for (int i = 0; i < ndesc; i++) {
            volatile uint32_t *d = desc_at(m, m->tx_cur);
            uint32_t des0 = d[0];
            uint32_t wb = des0 & TDES0_CONTROL;
            if (i == ndesc - 1)
                wb |= (ihe ? TDES0_IHE : 0) | (ipe ? TDES0_IPE : 0) | ((ihe || ipe) ? TDES0_ES : 0);
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            d[0] = wb;
            m->tx_cur = next_desc(m, m->tx_cur, des0 & TDES0_TCH, des0 & TDES0_TER, d[3], m->tdlar);
        }
        if (last0 & TDES0_IC)
            status(m, SR_TS);
    }
}

static void run(struct dwc_mac_model *m, int what)
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

void dwc_mac_model_wire_event(struct dwc_mac_model *m)
{
    run(m, ENGINE_RX);
}

/* ---- MDIO --------------------------------------------------------------------------------- */

static void mdio_command(struct dwc_mac_model *m, uint32_t v)
{
    static const uint16_t divider[8] = {42, 62, 16, 26, 102};
    unsigned cr = MIIAR_CR(v);
    if (cr > 4)
        violation(m, "MDIO clock range field reserved value");
    else if (m->hclk_hz && m->hclk_hz / divider[cr] > MDC_MAX_HZ)
        violation(m, "MDC above 2.5 MHz for this AHB clock");
    uint8_t pa = (uint8_t)MIIAR_PA(v), reg = (uint8_t)MIIAR_MR(v);
    if (v & MIIAR_MW)
        lan8742_model_write(&m->phy, pa, reg, (uint16_t)m->miidr);
    else
        m->miidr = lan8742_model_read(&m->phy, pa, reg);
    m->miiar = v;
    m->mdio_busy_reads = MDIO_BUSY_READS;
}

/* ---- register interface ------------------------------------------------------------------- */

static uint32_t dma_states(struct dwc_mac_model *m)
{
    uint32_t rps = !(m->dmaomr & DMAOMR_SR) ? 0u : m->rx_suspended ? 4u : 3u;
    uint32_t tps = !(m->dmaomr & DMAOMR_ST) ? 0u : m->tx_suspended ? 6u : 1u;
    return rps << 17 | tps << 20;
}

uint32_t dwc_mac_model_read(void *model, uint32_t off)
{
    struct dwc_mac_model *m = model;
    switch (off) {
    case R_MACCR: return m->maccr;
    case R_MACFFR: return m->macffr;
    case R_MACHTHR: return m->macht[1];
    case R_MACHTLR: return m->macht[0];
    case R_MACMIIAR:
        if (m->mdio_busy_reads) {
            m->mdio_busy_reads--;
            return m->miiar | MIIAR_MB;
        }
        return m->miiar & ~MIIAR_MB;
    case R_MACMIIDR: return m->miidr;
    case R_MACSR: return 0;
    case R_MACIMR: return m->macimr;
    case R_MACA0HR: return m->maca0hr | 0x80000000u;
    case R_MACA0LR: return m->maca0lr;
    case R_MMCRIMR: return m->mmc_masks[0];
    case R_MMCTIMR: return m->mmc_masks[1];
    case R_DMABMR:
        if (m->dmabmr & DMABMR_SR) {
            if (m->no_ref_clk)
                return m->dmabmr;
            m->dmabmr &= ~DMABMR_SR;
            return m->dmabmr | DMABMR_SR;
        }
        return m->dmabmr;
    case R_DMARDLAR: return m->rdlar;
    case R_DMATDLAR: return m->tdlar;
    case R_DMASR: return __atomic_load_n(&m->sr, __ATOMIC_SEQ_CST) | dma_states(m);
    case R_DMAOMR: return m->dmaomr;
    case R_DMAIER: return m->dmaier;
    case R_DMAMFBOCR: {
        uint32_t v = (m->missed_mfc > 0xFFFFu ? 0xFFFFu | (1u << 16) : m->missed_mfc) |
                     (m->missed_mfa > 0x7FFu ? (0x7FFu << 17) | (1u << 28) : m->missed_mfa << 17);
        m->missed_mfc = m->missed_mfa = 0;
        return v;
    }
    case R_DMACHTDR: return m->tx_cur;
    case R_DMACHRDR: return m->rx_cur;
    default: return 0;
    }
}

void dwc_mac_model_write(void *model, uint32_t off, uint32_t v)
{
    struct dwc_mac_model *m = model;
    if ((m->dmabmr & DMABMR_SR) && off != R_DMABMR && m->no_ref_clk)
        return;
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
    case R_MACFFR: m->macffr = v; return;
    case R_MACHTHR: m->macht[1] = v; return;
    case R_MACHTLR: m->macht[0] = v; return;
    case R_MACMIIAR:
        if (m->mdio_busy_reads) {
            violation(m, "MDIO command written while the previous one is busy");
            return;
        }
        if (v & MIIAR_MB)
            mdio_command(m, v);
        else
            m->miiar = v;
        return;
    case R_MACMIIDR: m->miidr = v & 0xFFFFu; return;
    case R_MACIMR: m->macimr = v; return;
    case R_MACA0HR: m->maca0hr = v & 0xFFFFu; return;
    case R_MACA0LR: m->maca0lr = v; return;
    case R_MMCRIMR: m->mmc_masks[0] = v; return;
    case R_MMCTIMR: m->mmc_masks[1] = v; return;
    case R_DMABMR:
        if (v & DMABMR_SR) {
            regs_reset(m);
            m->dmabmr = DMABMR_RESET | DMABMR_SR;
            return;
        }
        m->dmabmr = v;
        return;
    case R_DMATPDR:
        m->stats.tx_poll_demands++;
        m->tx_suspended = false;
        run(m, ENGINE_TX);
        return;
    case R_DMARPDR:
        m->stats.rx_poll_demands++;
        run(m, ENGINE_RX);
        return;
    case R_DMARDLAR:
        if (m->dmaomr & DMAOMR_SR)
            violation(m, "receive descriptor list moved while the DMA runs");
        m->rdlar = m->rx_cur = v;
        return;
    case R_DMATDLAR:
        if (m->dmaomr & DMAOMR_ST)
            violation(m, "transmit descriptor list moved while the DMA runs");
        m->tdlar = m->tx_cur = v;
        return;
    case R_DMASR:
        __atomic_fetch_and(&m->sr, ~(v & SR_W1C), __ATOMIC_SEQ_CST);
        return;
    case R_DMAOMR: {
        uint32_t was = m->dmaomr;
        m->dmaomr = v & ~DMAOMR_FTF; /* the flush completes at once */
        if ((v & DMAOMR_ST) && !(was & DMAOMR_ST)) {
            if (!m->tdlar)
                violation(m, "transmit DMA started without a descriptor list");
            run(m, ENGINE_TX);
        }
        if ((v & DMAOMR_SR) && !(was & DMAOMR_SR)) {
            if (!m->rdlar)
                violation(m, "receive DMA started without a descriptor list");
            run(m, ENGINE_RX);
        }
        return;
    }
    case R_DMAIER:
        m->dmaier = v;
        if (line(m) && m->raise_irq)
            m->raise_irq(m->irq_ctx);
        return;
    default:
        return;
    }
}

static const struct mmio_region_ops ops = {dwc_mac_model_read, dwc_mac_model_write};

bool dwc_mac_model_map(struct dwc_mac_model *m, uintptr_t base)
{
    return mmio_bus_map(base, DWC_MAC_MODEL_SIZE, &ops, m);
}
