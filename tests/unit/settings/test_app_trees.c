/* Every settings tree of the kit passes the full settings_check here, in a native build.
 *
 * A tree's structure (names, kinds, ranges, depth, path lengths) is the same constant on every
 * target, so cross images check only their defaults at boot and rely on this test (and on the
 * native builds of the apps, which run the full check at start-up and are booted by the
 * integration tests) to have refused a malformed tree before it ships. A new image with a tree
 * adds it here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app_trees.h"
#include "mqtt_device.h"

static void expect_checks(const struct settings *s)
{
    char reason[SETTINGS_REASON_MAX];
    if (settings_check(s, reason, sizeof reason) != SETTINGS_OK)
        fail_msg("%s", reason);
}

static void test_mqtt_device(void **state)
{
    (void)state;
    expect_checks(&mqttdev_settings);
}

static void test_settings_selftest(void **state)
{
    (void)state;
    expect_checks(&app_tree_selftest);
}

static void test_miniconf_bench(void **state)
{
    (void)state;
    expect_checks(&app_tree_miniconf_bench);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mqtt_device),
        cmocka_unit_test(test_settings_selftest),
        cmocka_unit_test(test_miniconf_bench),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
