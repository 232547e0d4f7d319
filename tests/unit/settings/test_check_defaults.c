/* settings_check as cross images build it (tree_check.c without SETTINGS_CHECK_STRUCTURE): the
 * defaults are checked against their leaves' rules, with the leaf's path in the reason; the
 * structure is left to the native builds (test_app_trees.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_tree.h"

static struct cfg data;

static void test_accepts_valid_defaults(void **state)
{
    (void)state;
    const struct settings s = {.root = &cfg_root, .data = &data, .defaults = &cfg_defaults};
    char reason[SETTINGS_REASON_MAX];
    if (settings_check(&s, reason, sizeof reason) != SETTINGS_OK)
        fail_msg("%s", reason);
    const struct settings no_defaults = {.root = &cfg_root, .data = &data};
    assert_int_equal(settings_check(&no_defaults, reason, sizeof reason), SETTINGS_OK);
}

static void test_refuses_a_bad_default(void **state)
{
    (void)state;
    static struct cfg bad;
    bad = cfg_defaults;
    bad.pid[2].kp = 101.0f; /* range 0..100 */
    const struct settings s = {.root = &cfg_root, .data = &data, .defaults = &bad};
    char reason[SETTINGS_REASON_MAX];
    assert_int_equal(settings_check(&s, reason, sizeof reason), SETTINGS_E_TREE);
    assert_string_equal(reason, "/pid/2/kp: default refused: out of range: 0.0..100.0");
    bad = cfg_defaults;
    bad.even = 3;
    assert_int_equal(settings_check(&s, reason, sizeof reason), SETTINGS_E_TREE);
    assert_string_equal(reason, "/even: default refused: must be even");
}

static void test_refuses_a_rootless_tree(void **state)
{
    (void)state;
    const struct settings s = {.root = &cfg_root, .data = NULL};
    char reason[SETTINGS_REASON_MAX];
    assert_int_equal(settings_check(&s, reason, sizeof reason), SETTINGS_E_TREE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts_valid_defaults),
        cmocka_unit_test(test_refuses_a_bad_default),
        cmocka_unit_test(test_refuses_a_rootless_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
