/* Persistence: round trips through RAM, flash-like and file backends; every corrupted byte, an
 * older layout, an empty store, an interrupted save all fall back to defaults; unchanged values
 * are not rewritten. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "settings/crc32.h"
#include "settings/store.h"
#include "test_tree.h"

static struct cfg cfg;
static const struct settings tree = {.root = &cfg_root, .data = &cfg, .defaults = &cfg_defaults};

static uint8_t region[1024];
static struct settings_backend ram;

static int setup(void **state)
{
    (void)state;
    settings_reset(&tree);
    memset(region, 0xFF, sizeof region);
    settings_ram_backend(&ram, region, sizeof region);
    return 0;
}

static void set(const char *path, const char *json)
{
    char reason[SETTINGS_REASON_MAX];
    enum settings_status st =
        settings_set_path(&tree, path, strlen(path), json, strlen(json), reason, sizeof reason);
    if (st != SETTINGS_OK)
        fail_msg("set %s: %s", path, reason);
}

static void change_some_values(void)
{
    set("/led", "true");
    set("/telemetry_period", "77");
    set("/i64", "-9223372036854775808");
    set("/u64", "18446744073709551615");
    set("/gain", "0.1");
    set("/mode", "\"on\"");
    set("/name", "\"h\\u00e9llo\"");
    set("/net/ip/3", "99");
    set("/net/host", "\"mqtt\"");
    set("/pid/2/kd", "-1e-300");
    set("/weights/0", "0.5");
}

static void expect_defaults(void)
{
    assert_memory_equal(&cfg, &cfg_defaults, sizeof cfg);
}

static void expect_load(enum settings_status expected, const char *reason_part)
{
    char reason[SETTINGS_REASON_MAX] = "";
    enum settings_status st = settings_load(&tree, &ram, reason, sizeof reason);
    if (st != expected || !strstr(reason, reason_part))
        fail_msg("load: %s '%s', expected %s '%s'", settings_status_text(st), reason,
                 settings_status_text(expected), reason_part);
}

static void save_ok(const struct settings_backend *b)
{
    char reason[SETTINGS_REASON_MAX];
    enum settings_status st = settings_save(&tree, b, reason, sizeof reason);
    if (st != SETTINGS_OK)
        fail_msg("save: %s", reason);
}

static void test_crc32_check_value(void **state)
{
    (void)state;
    assert_int_equal(crc32_update(0, "123456789", 9), 0xCBF43926u);
    assert_int_equal(crc32_update(crc32_update(0, "1234", 4), "56789", 5), 0xCBF43926u);
    assert_int_equal(crc32_update(0, "", 0), 0);
}

static void test_round_trip(void **state)
{
    (void)state;
    change_some_values();
    cfg.serial = 99; /* read-only: the firmware's, not stored */
    struct cfg saved = cfg;
    save_ok(&ram);
    assert_int_equal(memcmp(region, "KSET", 4), 0);

    settings_reset(&tree);
    expect_load(SETTINGS_OK, "restored 34 values (0 refused)");
    saved.serial = cfg_defaults.serial;
    assert_memory_equal(&cfg, &saved, sizeof cfg);
}

static void test_store_size_matches_the_writable_leaves(void **state)
{
    (void)state;
    /* The writable leaves' sizes (serial and info are read-only, padding is not stored). */
    uint32_t expected = sizeof cfg.led + sizeof cfg.telemetry_period + sizeof cfg.i8 +
                        sizeof cfg.i16 + sizeof cfg.i32 + sizeof cfg.i64 + sizeof cfg.u8 +
                        sizeof cfg.u16 + sizeof cfg.u64 + sizeof cfg.gain + sizeof cfg.ratio +
                        sizeof cfg.mode + sizeof cfg.name + sizeof cfg.net.ip +
                        sizeof cfg.net.port + sizeof cfg.net.host +
                        3 * (sizeof cfg.pid[0].kp + sizeof cfg.pid[0].ki + sizeof cfg.pid[0].kd) +
                        sizeof cfg.weights + sizeof cfg.even + sizeof cfg.offset;
    assert_int_equal(expected, 161);
    assert_int_equal(settings_store_size(&tree), SETTINGS_STORE_HEADER_SIZE + expected);
}

static void test_unchanged_save_does_not_erase(void **state)
{
    (void)state;
    change_some_values();
    save_ok(&ram);
    /* Poison a byte of the padding-free payload tail area beyond the image: a second save of
     * the same values must not erase (which would restore 0xFF there). */
    uint32_t end = settings_store_size(&tree);
    region[end + 10] = 0x00;
    char reason[SETTINGS_REASON_MAX];
    assert_int_equal(settings_save(&tree, &ram, reason, sizeof reason), SETTINGS_OK);
    assert_string_equal(reason, "unchanged");
    assert_int_equal(region[end + 10], 0x00);
    /* A real change is written. */
    set("/u8", "5");
    assert_int_equal(settings_save(&tree, &ram, reason, sizeof reason), SETTINGS_OK);
    assert_non_null(strstr(reason, "saved"));
    assert_int_equal(region[end + 10], 0xFF);
}

static void test_empty_store_gives_defaults(void **state)
{
    (void)state;
    change_some_values();
    expect_load(SETTINGS_E_STORE, "store is empty");
    expect_defaults();
}

/* Every byte of the image, flipped in turn: the load must refuse it and leave the defaults. */
static void test_every_corrupted_byte_gives_defaults(void **state)
{
    (void)state;
    change_some_values();
    save_ok(&ram);
    uint8_t good[sizeof region];
    memcpy(good, region, sizeof region);
    uint32_t size = settings_store_size(&tree);
    for (uint32_t i = 0; i < size; i++) {
        for (unsigned bit = 0; bit < 8; bit += 3) {
            memcpy(region, good, sizeof region);
            region[i] ^= (uint8_t)(1u << bit);
            change_some_values();
            char reason[SETTINGS_REASON_MAX] = "";
            if (settings_load(&tree, &ram, reason, sizeof reason) != SETTINGS_E_STORE)
                fail_msg("byte %u bit %u flipped: load accepted it", i, bit);
            if (memcmp(&cfg, &cfg_defaults, sizeof cfg) != 0)
                fail_msg("byte %u bit %u flipped: not the defaults (%s)", i, bit, reason);
        }
    }
    memcpy(region, good, sizeof region);
    expect_load(SETTINGS_OK, "restored");
}

static void test_reasons_for_corruption(void **state)
{
    (void)state;
    save_ok(&ram);
    uint8_t good[sizeof region];
    memcpy(good, region, sizeof region);
    region[0] ^= 1;
    expect_load(SETTINGS_E_STORE, "bad magic");
    memcpy(region, good, sizeof region);
    region[4] = 2;
    expect_load(SETTINGS_E_STORE, "unknown image format 2");
    memcpy(region, good, sizeof region);
    region[40] ^= 0x10;
    expect_load(SETTINGS_E_STORE, "CRC mismatch");
    memcpy(region, good, sizeof region);
    region[15] = 0x7F; /* a length no image of this tree has (far beyond the region, too) */
    expect_load(SETTINGS_E_STORE, "layout changed");
    memcpy(region, good, sizeof region);
    region[25] = 0;
    expect_load(SETTINGS_E_STORE, "header padding");
}

/* The same struct declared as an "older firmware" would have: one leaf fewer. */
SETTING_TABLE(struct cfg, old_fields) = {
    SETTING_BOOL(struct cfg, led),
    SETTING_U32(struct cfg, telemetry_period, .min = 1, .max = 3600),
};
static const struct setting_desc old_root = SETTINGS_ROOT(struct cfg, old_fields);

/* Same layout, but a narrower range for telemetry_period, as a newer firmware might have. */
SETTING_TABLE(struct cfg, narrow_fields) = {
    SETTING_BOOL(struct cfg, led),
    SETTING_U32(struct cfg, telemetry_period, .min = 1, .max = 60),
};
static const struct setting_desc narrow_root = SETTINGS_ROOT(struct cfg, narrow_fields);

static void test_older_layout_gives_defaults(void **state)
{
    (void)state;
    static struct cfg old_cfg;
    const struct settings old = {.root = &old_root, .data = &old_cfg, .defaults = &cfg_defaults};
    settings_reset(&old);
    old_cfg.led = true;
    char reason[SETTINGS_REASON_MAX];
    assert_int_equal(settings_save(&old, &ram, reason, sizeof reason), SETTINGS_OK);
    assert_int_not_equal(settings_layout_hash(&old), settings_layout_hash(&tree));
    change_some_values();
    expect_load(SETTINGS_E_STORE, "layout changed");
    expect_defaults();
}

static void test_tightened_range_keeps_that_default_only(void **state)
{
    (void)state;
    static struct cfg a_cfg;
    const struct settings a = {.root = &old_root, .data = &a_cfg, .defaults = &cfg_defaults};
    const struct settings b = {.root = &narrow_root, .data = &a_cfg, .defaults = &cfg_defaults};
    assert_int_equal(settings_layout_hash(&a), settings_layout_hash(&b)); /* ranges not hashed */
    settings_reset(&a);
    a_cfg.led = true;
    a_cfg.telemetry_period = 600; /* fine for a, out of range for b */
    char reason[SETTINGS_REASON_MAX];
    assert_int_equal(settings_save(&a, &ram, reason, sizeof reason), SETTINGS_OK);
    assert_int_equal(settings_load(&b, &ram, reason, sizeof reason), SETTINGS_OK);
    assert_string_equal(reason, "restored 1 values (1 refused)");
    assert_true(a_cfg.led);
    assert_int_equal(a_cfg.telemetry_period, cfg_defaults.telemetry_period);
}

static void test_region_too_small(void **state)
{
    (void)state;
    struct settings_backend tiny;
    settings_ram_backend(&tiny, region, 100);
    char reason[SETTINGS_REASON_MAX];
    assert_int_equal(settings_save(&tree, &tiny, reason, sizeof reason), SETTINGS_E_STORE);
    assert_non_null(strstr(reason, "store region too small"));
    settings_ram_backend(&tiny, region, 16);
    assert_int_equal(settings_load(&tree, &tiny, reason, sizeof reason), SETTINGS_E_STORE);
    assert_non_null(strstr(reason, "store region too small: 16 bytes, need 193"));
}

/* ---- a flash-like backend: 32-byte program units, programming only erased bytes ---------- */

static uint8_t flash_mem[2048];
static unsigned flash_erases, flash_programs, program_budget;

static int fake_erase(uintptr_t base, uint32_t size)
{
    memset((void *)base, 0xFF, size);
    flash_erases++;
    return 0;
}

static int fake_program(uintptr_t address, const void *data, uint32_t len)
{
    uint8_t *dst = (uint8_t *)address;
    if ((address - (uintptr_t)flash_mem) % 32 || len % 32)
        fail_msg("unaligned program at %lu, %u bytes", (unsigned long)(address - (uintptr_t)flash_mem),
                 len);
    for (uint32_t i = 0; i < len; i++)
        if (dst[i] != 0xFF)
            fail_msg("programming a byte that is not erased");
    if (program_budget == 0)
        return -1; /* power lost */
    program_budget--;
    memcpy(dst, data, len);
    flash_programs++;
    return 0;
}

static const struct settings_flash fake_flash = {
    .base = (uintptr_t)flash_mem, .size = sizeof flash_mem, .program_unit = 32,
    .erase = fake_erase, .program = fake_program,
};

static void test_flash_backend_round_trip(void **state)
{
    (void)state;
    struct settings_backend fb;
    settings_flash_backend(&fb, &fake_flash);
    memset(flash_mem, 0xFF, sizeof flash_mem);
    flash_erases = flash_programs = 0;
    program_budget = 1000;
    change_some_values();
    struct cfg saved = cfg;
    save_ok(&fb);
    assert_int_equal(flash_erases, 1);
    assert_true(flash_programs >= 2);
    settings_reset(&tree);
    char reason[SETTINGS_REASON_MAX];
    assert_int_equal(settings_load(&tree, &fb, reason, sizeof reason), SETTINGS_OK);
    assert_memory_equal(&cfg, &saved, sizeof cfg);
    /* unchanged: no erase, no program */
    save_ok(&fb);
    assert_int_equal(flash_erases, 1);
}

static void test_interrupted_save_gives_defaults(void **state)
{
    (void)state;
    struct settings_backend fb;
    settings_flash_backend(&fb, &fake_flash);
    unsigned completed = 0, interrupted = 0;
    for (unsigned budget = 0; budget < 8; budget++) {
        memset(flash_mem, 0xFF, sizeof flash_mem);
        program_budget = 1000;
        settings_reset(&tree);
        save_ok(&fb); /* an older, good image */
        change_some_values();
        program_budget = budget; /* power fails after `budget` program operations */
        char reason[SETTINGS_REASON_MAX];
        enum settings_status st = settings_save(&tree, &fb, reason, sizeof reason);
        program_budget = 1000;
        struct cfg attempted = cfg;
        change_some_values();
        st = settings_load(&tree, &fb, reason, sizeof reason);
        /* either the whole new image made it, or there is none: never a mix */
        if (st == SETTINGS_OK) {
            assert_memory_equal(&cfg, &attempted, sizeof cfg);
            completed++;
        } else {
            expect_defaults();
            interrupted++;
        }
    }
    /* 161 payload bytes = 6 programs of 32, then the header: only the last budget completes */
    assert_int_equal(completed, 1);
    assert_int_equal(interrupted, 7);
}

static void test_file_backend(void **state)
{
    (void)state;
    char path[] = "/tmp/settings-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    struct settings_backend fileb;
    settings_file_backend(&fileb, path, 4096);
    char reason[SETTINGS_REASON_MAX];
    /* absent file: empty store */
    assert_int_equal(settings_load(&tree, &fileb, reason, sizeof reason), SETTINGS_E_STORE);
    assert_non_null(strstr(reason, "empty"));
    change_some_values();
    struct cfg saved = cfg;
    save_ok(&fileb);
    settings_reset(&tree);
    assert_int_equal(settings_load(&tree, &fileb, reason, sizeof reason), SETTINGS_OK);
    assert_memory_equal(&cfg, &saved, sizeof cfg);
    /* a truncated file (crash mid-write of an older tool): corrupt, defaults */
    assert_int_equal(truncate(path, 40), 0);
    assert_int_equal(settings_load(&tree, &fileb, reason, sizeof reason), SETTINGS_E_STORE);
    assert_non_null(strstr(reason, "CRC mismatch"));
    expect_defaults();
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc32_check_value),
        cmocka_unit_test_setup(test_round_trip, setup),
        cmocka_unit_test_setup(test_store_size_matches_the_writable_leaves, setup),
        cmocka_unit_test_setup(test_unchanged_save_does_not_erase, setup),
        cmocka_unit_test_setup(test_empty_store_gives_defaults, setup),
        cmocka_unit_test_setup(test_every_corrupted_byte_gives_defaults, setup),
        cmocka_unit_test_setup(test_reasons_for_corruption, setup),
        cmocka_unit_test_setup(test_older_layout_gives_defaults, setup),
        cmocka_unit_test_setup(test_tightened_range_keeps_that_default_only, setup),
        cmocka_unit_test_setup(test_region_too_small, setup),
        cmocka_unit_test_setup(test_flash_backend_round_trip, setup),
        cmocka_unit_test_setup(test_interrupted_save_gives_defaults, setup),
        cmocka_unit_test_setup(test_file_backend, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
