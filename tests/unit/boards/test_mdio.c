/* MDIO register sequences of both MACs (RM0433 MACMDIOAR/MACMDIODR, RM0090 ETH_MACMIIAR/MIIDR)
 * recorded on the bus in front of the MAC models, and the LAN8742A bring-up and link polling
 * (lan8742.c) against the PHY model, with the values the datasheet (DS00001989) asks for. */
#include "eth_harness.h"

#include <string.h>

#include "dwc_mac_model.h"
#include "dwc_qos_model.h"
#include "lan8742.h"
#include "mmio_bus.h"
#include "stm32f4_eth.h"
#include "stm32h7_eth.h"

static struct dwc_qos_model qos;
static struct dwc_mac_model mac;
static struct stm32h7_eth h7;
static struct stm32f4_eth f4;

/* A recorder in front of a model: logs each write, then forwards. */
static struct {
    uint32_t off, value;
} writes[64];
static unsigned nwrites;
static const struct mmio_region_ops *inner;
static void *inner_ctx;

static uint32_t rec_read(void *ctx, uint32_t off)
{
    (void)ctx;
    return inner->read(inner_ctx, off);
}

static void rec_write(void *ctx, uint32_t off, uint32_t v)
{
    (void)ctx;
    if (nwrites < 64)
        writes[nwrites++] = (__typeof__(writes[0])){off, v};
    inner->write(inner_ctx, off, v);
}

static const struct mmio_region_ops recorder = {rec_read, rec_write};
static const struct mmio_region_ops qos_ops = {dwc_qos_model_read, dwc_qos_model_write};
static const struct mmio_region_ops mac_ops = {dwc_mac_model_read, dwc_mac_model_write};

static int setup(void **state)
{
    (void)state;
    h_wire_setup();
    nwrites = 0;
    qos.stats.violations = mac.stats.violations = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(qos.stats.violations + mac.stats.violations, 0);
    h_wire_teardown();
    return 0;
}

static void map_h7(uint32_t hclk)
{
    dwc_qos_model_init(&qos, &h_wire, 0);
    qos.hclk_hz = hclk;
    inner = &qos_ops;
    inner_ctx = &qos;
    assert_true(mmio_bus_map(ETH_BASE_ADDR, DWC_QOS_MODEL_SIZE, &recorder, 0));
    h7 = (struct stm32h7_eth){.base = ETH_BASE_ADDR, .mdio_cr = 4}; /* 150..250 MHz: /102 */
}

static void map_f4(uint32_t hclk)
{
    dwc_mac_model_init(&mac, &h_wire, 0);
    mac.hclk_hz = hclk;
    inner = &mac_ops;
    inner_ctx = &mac;
    assert_true(mmio_bus_map(ETH_BASE_ADDR, DWC_MAC_MODEL_SIZE, &recorder, 0));
    f4 = (struct stm32f4_eth){.base = ETH_BASE_ADDR, .mdio_cr = 4}; /* 150..180 MHz: /102 */
}

/* H7: write = data register first, then address register with PA, RDA, CR, GOC = 01, MB. */
static void test_h7_mdio_write_and_read(void **state)
{
    (void)state;
    map_h7(200000000u);
    assert_true(stm32h7_eth_mdio_write(&h7, 0, 4, 0x01E1));
    assert_int_equal(nwrites, 2);
    assert_int_equal(writes[0].off, 0x204);
    assert_int_equal(writes[0].value, 0x01E1);
    assert_int_equal(writes[1].off, 0x200);
    assert_int_equal(writes[1].value, (0u << 21) | (4u << 16) | (4u << 8) | (1u << 2) | 1u);
    assert_int_equal(qos.phy.anar, 0x01E1);

    nwrites = 0;
    uint16_t v = 0;
    assert_true(stm32h7_eth_mdio_read(&h7, 0, 2, &v)); /* PHY identifier 1 */
    assert_int_equal(v, 0x0007);
    assert_int_equal(nwrites, 1);
    assert_int_equal(writes[0].value, (2u << 16) | (4u << 8) | (3u << 2) | 1u); /* GOC = 11 */

    /* another PHY address: nobody answers (all ones) */
    assert_true(stm32h7_eth_mdio_read(&h7, 1, 2, &v));
    assert_int_equal(v, 0xFFFF);
    assert_int_equal(writes[1].value >> 21, 1u);
}

/* F4: PA in 15:11, MR in 10:6, CR in 4:2, MW bit 1, MB bit 0. */
static void test_f4_mdio_write_and_read(void **state)
{
    (void)state;
    map_f4(180000000u);
    assert_true(stm32f4_eth_mdio_write(&f4, 0, 4, 0x01E1));
    assert_int_equal(nwrites, 2);
    assert_int_equal(writes[0].off, 0x14);
    assert_int_equal(writes[0].value, 0x01E1);
    assert_int_equal(writes[1].off, 0x10);
    assert_int_equal(writes[1].value, (0u << 11) | (4u << 6) | (4u << 2) | 2u | 1u);

    nwrites = 0;
    uint16_t v = 0;
    assert_true(stm32f4_eth_mdio_read(&f4, 0, 3, &v));
    assert_int_equal(v & 0xFFF0, 0xC130);
    assert_int_equal(writes[0].value, (3u << 6) | (4u << 2) | 1u);
}

/* A MAC that stays busy makes every MDIO call return false instead of hanging. */
static uint32_t busy_read(void *ctx, uint32_t off)
{
    (void)ctx;
    return off == 0x200 || off == 0x10 ? 1u : 0u;
}

static void busy_write(void *ctx, uint32_t off, uint32_t v)
{
    (void)ctx;
    (void)off;
    (void)v;
}

static void test_mdio_busy_is_bounded(void **state)
{
    (void)state;
    static const struct mmio_region_ops stuck = {busy_read, busy_write};
    assert_true(mmio_bus_map(ETH_BASE_ADDR, 0x2000, &stuck, 0));
    h7 = (struct stm32h7_eth){.base = ETH_BASE_ADDR};
    f4 = (struct stm32f4_eth){.base = ETH_BASE_ADDR};
    uint16_t v;
    assert_false(stm32h7_eth_mdio_read(&h7, 0, 1, &v));
    assert_false(stm32h7_eth_mdio_write(&h7, 0, 1, 0));
    assert_false(stm32f4_eth_mdio_read(&f4, 0, 1, &v));
    assert_false(stm32f4_eth_mdio_write(&f4, 0, 1, 0));
    struct lan8742 phy;
    struct lan8742_mdio mdio = {stm32h7_eth_mdio_read, stm32h7_eth_mdio_write, &h7};
    assert_int_equal(lan8742_init(&phy, &mdio, 0), LAN8742_ERR_MDIO);
}

/* ---- the PHY driver's own sequence, straight against the PHY model ------------------------- */

static struct lan8742_model phy_model;
static struct {
    bool write;
    uint8_t reg;
    uint16_t value;
} ops[64];
static unsigned nops;

static bool phy_rd(void *ctx, uint8_t phy, uint8_t reg, uint16_t *v)
{
    (void)ctx;
    *v = lan8742_model_read(&phy_model, phy, reg);
    if (nops < 64)
        ops[nops++] = (__typeof__(ops[0])){false, reg, *v};
    return true;
}

static bool phy_wr(void *ctx, uint8_t phy, uint8_t reg, uint16_t v)
{
    (void)ctx;
    lan8742_model_write(&phy_model, phy, reg, v);
    if (nops < 64)
        ops[nops++] = (__typeof__(ops[0])){true, reg, v};
    return true;
}

static const struct lan8742_mdio phy_mdio = {phy_rd, phy_wr, 0};

static int phy_setup(void **state)
{
    setup(state);
    lan8742_model_init(&phy_model, &h_wire, 0);
    nops = 0;
    return 0;
}

static void test_phy_init_sequence(void **state)
{
    (void)state;
    struct lan8742 phy;
    assert_int_equal(lan8742_init(&phy, &phy_mdio, 0), LAN8742_OK);
    assert_int_equal(phy.revision, 1);
    /* identifiers read first; then soft reset, polled until clear; advertise all; AN restart */
    assert_false(ops[0].write);
    assert_int_equal(ops[0].reg, 2);
    assert_int_equal(ops[1].reg, 3);
    assert_true(ops[2].write);
    assert_int_equal(ops[2].reg, 0);
    assert_int_equal(ops[2].value, 0x8000);
    unsigned i = 3;
    while (i < nops && !ops[i].write) {
        assert_int_equal(ops[i].reg, 0);
        i++;
    }
    assert_int_equal(ops[i - 1].value & 0x8000, 0); /* polled until the reset bit cleared */
    assert_true(ops[i].write);
    assert_int_equal(ops[i].reg, 4);
    assert_int_equal(ops[i].value, 0x01E1);
    assert_true(ops[i + 1].write);
    assert_int_equal(ops[i + 1].reg, 0);
    assert_int_equal(ops[i + 1].value, 0x1200); /* AN enable + restart */
    assert_int_equal(nops, i + 2);
}

static void test_phy_link_polling(void **state)
{
    (void)state;
    struct lan8742 phy;
    assert_int_equal(lan8742_init(&phy, &phy_mdio, 0), LAN8742_OK);
    struct lan8742_link link;
    assert_true(lan8742_poll(&phy, &link)); /* down -> up */
    assert_true(link.up && link.speed100 && link.full_duplex);
    assert_false(lan8742_poll(&phy, &link));
    h_carrier = false;
    assert_true(lan8742_poll(&phy, &link));
    assert_false(link.up);
    assert_false(lan8742_poll(&phy, &link));
    h_carrier = true;
    assert_true(lan8742_poll(&phy, &link));
    assert_true(link.up);
    /* autonegotiation off, forced 10 half: PSCSR reports it, the poll sees a change */
    lan8742_model_write(&phy_model, 0, 0, 0x0000);
    assert_true(lan8742_poll(&phy, &link));
    assert_true(link.up);
    assert_false(link.speed100 || link.full_duplex);
}

static void test_phy_wrong_id(void **state)
{
    (void)state;
    struct lan8742 phy;
    phy_model.absent = true;
    assert_int_equal(lan8742_init(&phy, &phy_mdio, 0), LAN8742_ERR_ID);
    phy_model.absent = false;
    assert_int_equal(lan8742_init(&phy, &phy_mdio, 3), LAN8742_ERR_ID); /* nobody at 3 */
    phy_model.stuck_in_reset = true;
    assert_int_equal(lan8742_init(&phy, &phy_mdio, 0), LAN8742_ERR_RESET);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_h7_mdio_write_and_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_f4_mdio_write_and_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mdio_busy_is_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_phy_init_sequence, phy_setup, teardown),
        cmocka_unit_test_setup_teardown(test_phy_link_polling, phy_setup, teardown),
        cmocka_unit_test_setup_teardown(test_phy_wrong_id, phy_setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
