/* The STM32H7 Ethernet driver (drivers/eth/stm32h7_eth.c) against the DWC Ethernet QoS model
 * (drivers/eth/model/dwc_qos_model.c): bring-up registers, both rings under traffic with wrap
 * and exhaustion, checksum offload both ways, the address filter, link loss and return, giant
 * frames, interrupts, and the failure paths (no REF_CLK, no PHY). */
#include "eth_harness.h"

#include <string.h>

#include "dwc_qos_model.h"
#include "mmio.h"
#include "stm32h7_eth.h"

/* Register offsets this test reads back (RM0433 58.11). */
#define MACCR 0x0000u
#define MACPFR 0x0008u
#define MACA0HR 0x0300u
#define MACA0LR 0x0304u
#define MTLTXQOMR 0x0D00u
#define MTLRXQOMR 0x0D30u
#define DMACRXCR 0x1108u
#define DMACTXCR 0x1104u
#define DMACTXDLAR 0x1114u
#define DMACRXDLAR 0x111Cu
#define DMACRXDTPR 0x1128u
#define DMACTXRLR 0x112Cu
#define DMACRXRLR 0x1130u
#define DMACIER 0x1134u
#define DMACSR 0x1160u

static struct dwc_qos_model model;
static struct stm32h7_eth eth;
static struct stm32h7_eth_dma dma;
static const uint8_t our_mac[6] = OUR_MAC;
static const struct stm32_eth_config cfg = {
    .base = ETH_BASE_ADDR, .hclk_hz = 200000000u, .phy_addr = 0, .mac = OUR_MAC};

static uint32_t reg(uint32_t off)
{
    return dwc_qos_model_read(&model, off);
}

static int setup(void **state)
{
    (void)state;
    h_wire_setup();
    dwc_qos_model_init(&model, &h_wire, 0);
    model.hclk_hz = cfg.hclk_hz;
    model.raise_irq = h_raise_irq;
    assert_true(dwc_qos_model_map(&model, ETH_BASE_ADDR));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(model.stats.violations, 0);
    h_wire_teardown();
    return 0;
}

static void open_ok(void)
{
    enum lan8742_err perr = LAN8742_ERR_MDIO;
    assert_int_equal(stm32h7_eth_open(&eth, &dma, &cfg, &perr), STM32_ETH_OK);
    assert_int_equal(perr, LAN8742_OK);
}

/* The link comes up through the PHY poll, as netapp's link watch does it. */
static void open_link_up(void)
{
    open_ok();
    assert_true(net_device_link_up(&eth.dev));
}

/* The interrupt task: acknowledge, then the poll task would run. */
static uint32_t irq(void)
{
    uint32_t ev = stm32h7_eth_irq(&eth);
    assert_false(dwc_qos_model_irq_line(&model));
    return ev;
}

static size_t rx(uint8_t *out)
{
    uint8_t *frame;
    size_t len;
    if (!net_device_rx_acquire(&eth.dev, &frame, &len))
        return 0;
    memcpy(out, frame, len);
    net_device_rx_release(&eth.dev);
    return len;
}

static void tx(const uint8_t *frame, size_t len)
{
    uint8_t *buf;
    assert_true(net_device_tx_acquire(&eth.dev, len, &buf));
    memcpy(buf, frame, len);
    net_device_tx_commit(&eth.dev, len);
}

static void test_open_programs_the_mac(void **state)
{
    (void)state;
    open_ok();
    /* address 02:00:00:00:00:10: bytes 0..3 low, 4..5 high */
    assert_int_equal(reg(MACA0LR), 0x00000002u);
    assert_int_equal(reg(MACA0HR) & 0xFFFFu, 0x1000u);
    assert_int_equal(reg(MACPFR), 1u << 2); /* hash multicast, nothing else passes */
    /* IPC, CST, ACS; transmitter and receiver wait for the link */
    uint32_t maccr = reg(MACCR);
    assert_true(maccr & (1u << 27));
    assert_true(maccr & (1u << 21));
    assert_true(maccr & (1u << 20));
    assert_int_equal(maccr & 3u, 0);
    assert_true(reg(MTLTXQOMR) & (1u << 1)); /* TSF */
    assert_true(reg(MTLRXQOMR) & (1u << 5)); /* RSF */
    /* rings */
    assert_int_equal(reg(DMACTXDLAR), mmio_bus_addr(dma.tx));
    assert_int_equal(reg(DMACRXDLAR), mmio_bus_addr(dma.rx));
    assert_int_equal(reg(DMACTXRLR), STM32H7_ETH_TX_DESC - 1);
    assert_int_equal(reg(DMACRXRLR), STM32H7_ETH_RX_DESC - 1);
    assert_int_equal(reg(DMACRXDTPR), mmio_bus_addr(&dma.rx[STM32H7_ETH_RX_DESC - 1]));
    assert_int_equal((reg(DMACRXCR) >> 1) & 0x3FFFu, STM32H7_ETH_BUF_SIZE);
    assert_true(reg(DMACRXCR) & 1u);
    assert_true(reg(DMACTXCR) & 1u);
    uint32_t ier = reg(DMACIER);
    assert_int_equal(ier & ((1u << 15) | (1u << 14) | (1u << 6) | (1u << 0) | (1u << 7) |
                            (1u << 12)),
                     (1u << 15) | (1u << 14) | (1u << 6) | (1u << 0) | (1u << 7) | (1u << 12));
    for (unsigned i = 0; i < STM32H7_ETH_RX_DESC; i++)
        assert_true(dma.rx[i].des3 & (1u << 31));
    /* the PHY was reset and told to autonegotiate every 10/100 mode */
    assert_int_equal(model.phy.resets, 1);
    assert_int_equal(model.phy.anar, 0x01E1u);
    assert_true(model.phy.bmcr & (1u << 12));
    assert_int_equal(eth.dev.caps.mtu, 1500);
    assert_int_equal(eth.dev.caps.checksum & 0x0F0Fu, 0x0F0Fu);
}

static void test_link_loss_and_return(void **state)
{
    (void)state;
    open_link_up();
    assert_int_equal(reg(MACCR) & ((1u << 14) | (1u << 13) | 3u), (1u << 14) | (1u << 13) | 3u);
    h_carrier = false;
    assert_false(net_device_link_up(&eth.dev));
    assert_int_equal(reg(MACCR) & 3u, 0); /* TE and RE off while down */
    assert_false(net_device_link_up(&eth.dev));
    h_carrier = true;
    assert_true(net_device_link_up(&eth.dev));
    assert_int_equal(reg(MACCR) & 3u, 3u);
    assert_int_equal(eth.stats.link_changes, 3);

    /* and frames flow again */
    uint8_t f[128], got[2048];
    size_t n = h_frame(f, our_mac, 100, 1);
    h_peer_send(f, n);
    dwc_qos_model_wire_event(&model);
    assert_int_equal(rx(got), n);
    assert_memory_equal(got, f, n);
}

static void test_rx_many_frames_wrap_the_ring(void **state)
{
    (void)state;
    open_link_up();
    model.pace_wire = true;
    uint8_t f[1600], got[2048];
    /* Frames of every length class, several times round the ring. */
    for (unsigned i = 0; i < 10 * STM32H7_ETH_RX_DESC; i++) {
        size_t payload = 46 + (i * 97) % (1500 - 46 + 1);
        size_t n = h_frame(f, our_mac, payload, (uint8_t)i);
        h_peer_send(f, n);
        dwc_qos_model_wire_event(&model);
        assert_true(irq() & STM32_ETH_EV_RX);
        size_t len = rx(got);
        assert_int_equal(len, n);
        assert_memory_equal(got, f, n);
        assert_int_equal(rx(got), 0);
    }
    assert_int_equal(eth.stats.rx_frames, 10 * STM32H7_ETH_RX_DESC);
    assert_int_equal(eth.stats.rx_errors + eth.stats.rx_oversize, 0);
}

static void test_rx_short_frame_padded(void **state)
{
    (void)state;
    open_link_up();
    uint8_t f[64], got[2048];
    size_t n = h_frame(f, our_mac, 10, 9); /* 24 bytes: the sending MAC pads to 60 */
    h_peer_send(f, n);
    dwc_qos_model_wire_event(&model);
    assert_int_equal(rx(got), 60);
    assert_memory_equal(got, f, n);
}

/* Frames arrive faster than they are read: the ring fills, the DMA suspends (RBU), the queue
 * overflows and counts; once the driver releases buffers the flow resumes. */
static void test_rx_exhaustion_and_recovery(void **state)
{
    (void)state;
    open_link_up();
    uint8_t f[1600], got[2048];
    unsigned sent = 3 * STM32H7_ETH_RX_DESC;
    for (unsigned i = 0; i < sent; i++) {
        size_t n = h_frame(f, our_mac, 1000, (uint8_t)i);
        h_peer_send(f, n);
    }
    dwc_qos_model_wire_event(&model);
    uint32_t ev = irq();
    assert_true(ev & STM32_ETH_EV_RX);
    assert_true(ev & STM32_ETH_EV_RX_STALL);
    unsigned got_frames = 0;
    uint8_t expect_seed = 0;
    while (rx(got)) {
        assert_int_equal(got[14], expect_seed);
        expect_seed++;
        got_frames++;
    }
    /* N-1 descriptors in use, plus the frames of 1014 bytes the 2 KiB queue held */
    assert_int_equal(got_frames, STM32H7_ETH_RX_DESC - 1 + 2048 / 1014);
    stm32h7_eth_update_stats(&eth);
    assert_int_equal(eth.stats.rx_missed, sent - got_frames);
    assert_int_equal(eth.stats.rx_unavailable, 1);

    /* recovered: new frames come through */
    for (unsigned i = 0; i < 2 * STM32H7_ETH_RX_DESC; i++) {
        size_t n = h_frame(f, our_mac, 200, (uint8_t)(100 + i));
        h_peer_send(f, n);
        dwc_qos_model_wire_event(&model);
        assert_int_equal(rx(got), n);
        assert_memory_equal(got, f, n);
    }
}

/* The stack holds a received frame while it builds the reply: rx and tx at once. */
static void test_rx_and_tx_held_together(void **state)
{
    (void)state;
    open_link_up();
    uint8_t f[256], got[2048];
    size_t n = h_frame(f, our_mac, 64, 5);
    h_peer_send(f, n);
    dwc_qos_model_wire_event(&model);
    uint8_t *in, *out;
    size_t len;
    assert_true(net_device_rx_acquire(&eth.dev, &in, &len));
    assert_true(net_device_tx_acquire(&eth.dev, len, &out));
    assert_ptr_not_equal(in, out);
    memcpy(out, in, len);
    out[0] = 0x02; /* back to the peer */
    out[5] = 0x20;
    net_device_tx_commit(&eth.dev, len);
    net_device_rx_release(&eth.dev);
    assert_int_equal(h_peer_recv(got, sizeof got), len);
    assert_memory_equal(got + 6, f + 6, len - 6);
}

static void test_tx_many_frames_wrap_the_ring(void **state)
{
    (void)state;
    open_link_up();
    uint8_t f[1600], got[2048];
    static const uint8_t peer[6] = PEER_MAC;
    for (unsigned i = 0; i < 10 * STM32H7_ETH_TX_DESC; i++) {
        size_t n = h_frame(f, peer, 46 + (i * 131) % 1455, (uint8_t)i);
        tx(f, n);
        assert_true(irq() & STM32_ETH_EV_TX);
        assert_int_equal(h_peer_recv(got, sizeof got), n);
        assert_memory_equal(got, f, n);
    }
    /* completions are counted when the descriptors are reclaimed */
    uint8_t *buf;
    assert_true(net_device_tx_acquire(&eth.dev, 60, &buf));
    net_device_tx_commit(&eth.dev, 0); /* abandoned: nothing sent */
    assert_int_equal(h_peer_recv(got, sizeof got), 0);
    assert_int_equal(eth.stats.tx_frames, 10 * STM32H7_ETH_TX_DESC);
    assert_int_equal(eth.stats.tx_errors, 0);
}

/* With the link down the MAC does not transmit: frames wait in their descriptors, the ring
 * fills (N-1), tx_acquire refuses; when the link returns they all go, in order. */
static void test_tx_ring_full_while_link_down(void **state)
{
    (void)state;
    open_link_up();
    h_carrier = false;
    assert_false(net_device_link_up(&eth.dev));
    uint8_t f[256], got[2048];
    static const uint8_t peer[6] = PEER_MAC;
    for (unsigned i = 0; i < STM32H7_ETH_TX_DESC - 1; i++)
        tx(f, h_frame(f, peer, 100, (uint8_t)i));
    uint8_t *buf;
    assert_false(net_device_tx_acquire(&eth.dev, 100, &buf));
    assert_int_equal(eth.stats.tx_ring_full, 1);
    assert_int_equal(h_peer_recv(got, sizeof got), 0);
    h_carrier = true;
    assert_true(net_device_link_up(&eth.dev));
    for (unsigned i = 0; i < STM32H7_ETH_TX_DESC - 1; i++) {
        assert_int_equal(h_peer_recv(got, sizeof got), 114);
        assert_int_equal(got[14], (uint8_t)i);
    }
    assert_true(net_device_tx_acquire(&eth.dev, 100, &buf));
}

/* Checksum offload on transmit: the stack leaves IPv4 and UDP checksums at 0. */
static void test_tx_checksum_insertion(void **state)
{
    (void)state;
    open_link_up();
    uint8_t f[1600], got[2048];
    static const uint8_t peer[6] = PEER_MAC;
    for (size_t payload = 0; payload < 1472; payload += 367) {
        size_t n = h_udp_frame(f, peer, payload, true);
        tx(f, n);
        size_t len = h_peer_recv(got, sizeof got);
        assert_int_equal(len, n < 60 ? 60 : n);
        assert_true(h_ipv4_udp_cksums_ok(got, len));
    }
}

/* Checksum offload on receive: good frames pass, a bad UDP checksum is dropped by the MAC. */
static void test_rx_checksum_errors_dropped(void **state)
{
    (void)state;
    open_link_up();
    uint8_t f[1600], got[2048];
    size_t n = h_udp_frame(f, our_mac, 100, false);
    h_peer_send(f, n);
    f[14 + 28] ^= 0xFF; /* payload byte: the UDP checksum no longer matches */
    h_peer_send(f, n);
    n = h_udp_frame(f, our_mac, 20, false);
    f[14 + 10] ^= 1; /* IPv4 header checksum */
    h_peer_send(f, n);
    dwc_qos_model_wire_event(&model);
    assert_int_equal(rx(got), 14 + 28 + 100);
    assert_int_equal(rx(got), 0);
    assert_int_equal(model.stats.rx_cksum_dropped, 2);
}

static void test_rx_filter(void **state)
{
    (void)state;
    open_link_up();
    uint8_t f[128], got[2048];
    static const uint8_t other[6] = {0x02, 0, 0, 0, 0, 0x99};
    static const uint8_t bcast[6] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    static const struct net_mac group = {{0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB}}; /* mDNS */
    size_t n = h_frame(f, other, 50, 1);
    h_peer_send(f, n);
    n = h_frame(f, group.b, 50, 2);
    h_peer_send(f, n);
    n = h_frame(f, bcast, 50, 3);
    h_peer_send(f, n);
    dwc_qos_model_wire_event(&model);
    assert_int_equal(rx(got), 64);
    assert_int_equal(got[14], 3); /* only the broadcast */
    assert_int_equal(rx(got), 0);
    assert_int_equal(model.stats.rx_filtered, 2);

    eth.dev.ops->set_multicast(&eth.dev, &group, 1);
    n = h_frame(f, group.b, 50, 4);
    h_peer_send(f, n);
    dwc_qos_model_wire_event(&model);
    assert_int_equal(rx(got), 64);
    assert_int_equal(got[14], 4);

    static const struct net_mac moved = {{0x02, 0, 0, 0, 0, 0x99}};
    eth.dev.ops->set_mac(&eth.dev, &moved);
    n = h_frame(f, other, 50, 5);
    h_peer_send(f, n);
    dwc_qos_model_wire_event(&model);
    assert_int_equal(rx(got), 64);
    assert_int_equal(got[14], 5);
}

/* A frame longer than a buffer (a giant from a peer with a larger MTU) spans descriptors: it is
 * dropped whole and counted, and the next frame is intact. */
static void test_rx_giant_spans_descriptors(void **state)
{
    (void)state;
    open_link_up();
    static uint8_t f[2100], got[2048];
    size_t n = h_frame(f, our_mac, 1900, 1);
    h_peer_send(f, n);
    n = h_frame(f, our_mac, 300, 2);
    h_peer_send(f, n);
    dwc_qos_model_wire_event(&model);
    assert_int_equal(rx(got), n);
    assert_int_equal(got[14], 2);
    assert_int_equal(eth.stats.rx_oversize, 1);
    /* beyond 2048 bytes the watchdog cuts it and the queue drops it */
    n = h_frame(f, our_mac, 2080, 3);
    h_peer_send(f, n);
    dwc_qos_model_wire_event(&model);
    assert_int_equal(rx(got), 0);
    assert_int_equal(model.stats.rx_error_dropped, 1);
}

static void test_no_ref_clk(void **state)
{
    (void)state;
    model.no_ref_clk = true;
    assert_int_equal(stm32h7_eth_open(&eth, &dma, &cfg, NULL), STM32_ETH_ERR_RESET);
}

static void test_no_phy(void **state)
{
    (void)state;
    model.phy.absent = true;
    enum lan8742_err perr;
    assert_int_equal(stm32h7_eth_open(&eth, &dma, &cfg, &perr), STM32_ETH_ERR_PHY);
    assert_int_equal(perr, LAN8742_ERR_ID);
}

static void test_phy_stuck_in_reset(void **state)
{
    (void)state;
    model.phy.stuck_in_reset = true;
    enum lan8742_err perr;
    assert_int_equal(stm32h7_eth_open(&eth, &dma, &cfg, &perr), STM32_ETH_ERR_PHY);
    assert_int_equal(perr, LAN8742_ERR_RESET);
}

/* MDC stays at or below 2.5 MHz on every AHB clock the board may run at (the model checks). */
static void test_mdc_divider_for_each_clock(void **state)
{
    (void)state;
    static const uint32_t hclk[] = {64000000u, 200000000u, 240000000u, 32000000u, 120000000u};
    for (size_t i = 0; i < sizeof hclk / sizeof hclk[0]; i++) {
        struct stm32_eth_config c = cfg;
        c.hclk_hz = model.hclk_hz = hclk[i];
        assert_int_equal(stm32h7_eth_open(&eth, &dma, &c, NULL), STM32_ETH_OK);
    }
}

/* The line is a level: while a cause stays unacknowledged it stays up. */
static void test_irq_level_until_acknowledged(void **state)
{
    (void)state;
    open_link_up();
    uint8_t f[128];
    h_peer_send(f, h_frame(f, our_mac, 60, 1));
    dwc_qos_model_wire_event(&model);
    assert_true(dwc_qos_model_irq_line(&model));
    assert_int_equal(h_irqs, 1);
    /* clearing RI alone leaves the sticky summary: still high */
    mmio_write32(ETH_BASE_ADDR + DMACSR, 1u << 6);
    assert_true(dwc_qos_model_irq_line(&model));
    assert_int_equal(irq(), 0);
}

/* Frames keep arriving while the ring is full: the DMA stays suspended and says so once, not on
 * every arrival (an interrupt per retry would starve the task that frees the ring). */
static void test_stall_interrupt_once_per_suspension(void **state)
{
    (void)state;
    open_link_up();
    model.pace_wire = true;
    uint8_t f[128], got[2048];
    for (unsigned i = 0; i < 3 * STM32H7_ETH_RX_DESC; i++)
        h_peer_send(f, h_frame(f, our_mac, 60, (uint8_t)i));
    dwc_qos_model_wire_event(&model);
    assert_true(irq() & STM32_ETH_EV_RX_STALL);
    unsigned raised = h_irqs;
    for (int i = 0; i < 5; i++) {
        h_peer_send(f, h_frame(f, our_mac, 60, 0xEE));
        dwc_qos_model_wire_event(&model);
    }
    assert_int_equal(h_irqs, raised);
    assert_false(dwc_qos_model_irq_line(&model));
    /* paced: nothing was lost, every frame comes out in order once the ring drains */
    unsigned n = 0;
    for (;;) {
        size_t len = rx(got);
        if (!len)
            break;
        assert_int_equal(got[14], n < 3 * STM32H7_ETH_RX_DESC ? (uint8_t)n : 0xEE);
        n++;
    }
    assert_int_equal(n, 3 * STM32H7_ETH_RX_DESC + 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_programs_the_mac, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_loss_and_return, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_many_frames_wrap_the_ring, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_short_frame_padded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_exhaustion_and_recovery, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_and_tx_held_together, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_many_frames_wrap_the_ring, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_ring_full_while_link_down, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_checksum_insertion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_checksum_errors_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_filter, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rx_giant_spans_descriptors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_ref_clk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_phy, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phy_stuck_in_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mdc_divider_for_each_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_irq_level_until_acknowledged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stall_interrupt_once_per_suspension, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
