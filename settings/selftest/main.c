/* settings-selftest: the settings library on the target, and the image that measures its size.
 *
 * Boot 1: the .noinit store is empty -> defaults; a few sets (one refused), get, float
 * formatting, save, then a warm reset. Boot 2: the values come back from RAM that survived the
 * reset; exit through semihosting with 0 if everything matched. Built with SETTINGS_BASELINE,
 * the same image without the settings calls: the difference of the two is the library's cost. */
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "cortex_m.h"
#include "log/log.h"
#include "semihost.h"

#ifndef SETTINGS_BASELINE
#include "settings/settings.h"
#include "settings/store.h"

#include "tree.h"

static struct cfg cfg;
static const struct settings tree = {.root = &cfg_root, .data = &cfg, .defaults = &cfg_defaults};

/* Survives a warm reset: neither loaded nor zeroed by startup. */
static uint8_t store_ram[512] __attribute__((section(".noinit")));

static unsigned failures;

static void expect(bool ok, const char *what)
{
    if (!ok) {
        failures++;
        LOG_ERROR("selftest: FAILED: %s", what);
    }
}

static void set(const char *path, const char *json, enum settings_status expected)
{
    char reason[SETTINGS_REASON_MAX];
    enum settings_status st =
        settings_set_path(&tree, path, strlen(path), json, strlen(json), reason, sizeof reason);
    LOG_INFO("selftest: set %s = %s: %s%s%s", path, json, settings_status_text(st),
             st ? ": " : "", st ? reason : "");
    expect(st == expected, path);
}

static void expect_get(const char *path, const char *json)
{
    char out[64];
    size_t len;
    enum settings_status st =
        settings_get_path(&tree, path, strlen(path), out, sizeof out, &len, NULL, 0);
    LOG_INFO("selftest: get %s = %s", path, st == SETTINGS_OK ? out : settings_status_text(st));
    expect(st == SETTINGS_OK && strcmp(out, json) == 0, path);
}

static int run(void)
{
    char reason[SETTINGS_REASON_MAX];
    struct settings_backend store;
    settings_ram_backend(&store, store_ram, sizeof store_ram);
    if (settings_check(&tree, reason, sizeof reason) != SETTINGS_OK) {
        LOG_ERROR("selftest: tree: %s", reason);
        return 1;
    }
    LOG_INFO("selftest: layout %08lx, image %lu bytes", (unsigned long)settings_layout_hash(&tree),
             (unsigned long)settings_store_size(&tree));
    if (settings_load(&tree, &store, reason, sizeof reason) == SETTINGS_OK) {
        /* Boot 2: what boot 1 saved. */
        expect_get("/led", "true");
        expect_get("/telemetry_period", "60");
        expect_get("/mode", "\"blink\"");
        expect_get("/pid/1/ki", "0.3");
        expect_get("/setpoint", "-2.5e-300");
        expect_get("/net/broker", "\"mqtt.example\"");
        LOG_INFO("selftest: %s after warm reset", failures ? "FAILED" : "PASSED");
        return failures ? 1 : 0;
    }
    /* Boot 1. */
    expect_get("/telemetry_period", "10");
    set("/led", "true", SETTINGS_OK);
    set("/telemetry_period", "60", SETTINGS_OK);
    set("/telemetry_period", "0", SETTINGS_E_RANGE);
    set("/mode", "\"blink\"", SETTINGS_OK);
    set("/pid/1/ki", "0.3", SETTINGS_OK);
    set("/pid/0/kp", "-1", SETTINGS_E_RANGE);
    set("/setpoint", "-2.5e-300", SETTINGS_OK);
    set("/net/broker", "\"mqtt.example\"", SETTINGS_OK);
    set("/name", "\"x\"", SETTINGS_E_READ_ONLY);
    expect_get("/pid/1/ki", "0.3");
    expect_get("/setpoint", "-2.5e-300");
    enum settings_status st = settings_save(&tree, &store, reason, sizeof reason);
    LOG_INFO("selftest: save: %s", reason);
    expect(st == SETTINGS_OK, "save");
    if (failures)
        return 1;
    LOG_INFO("selftest: warm reset");
    cortex_m_system_reset();
}
#endif

int main(void)
{
    board_init();
    log_banner("settings-selftest");
#ifdef SETTINGS_BASELINE
    semihost_exit(0);
#else
    semihost_exit(run());
#endif
}
