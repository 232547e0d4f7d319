/* Path walking (every way a path can be wrong) and iteration (order, subtrees, resuming). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "test_tree.h"

static struct cfg cfg;
static const struct settings tree = {.root = &cfg_root, .data = &cfg, .defaults = &cfg_defaults};

#define N_PATHS (sizeof cfg_paths / sizeof cfg_paths[0])

static int setup(void **state)
{
    (void)state;
    settings_reset(&tree);
    return 0;
}

static void expect_found(const char *path, uint32_t offset, bool leaf)
{
    struct settings_ref ref;
    char reason[SETTINGS_REASON_MAX];
    enum settings_status st = settings_lookup(&tree, path, strlen(path), &ref, reason, sizeof reason);
    if (st != SETTINGS_OK)
        fail_msg("%s: %s", path, reason);
    assert_int_equal(ref.offset, offset);
    assert_int_equal(setting_is_leaf(ref.desc), leaf);
}

static void expect_path_error(const char *path, size_t len, const char *reason_part)
{
    struct settings_ref ref;
    char reason[SETTINGS_REASON_MAX] = "";
    enum settings_status st = settings_lookup(&tree, path, len, &ref, reason, sizeof reason);
    if (st != SETTINGS_E_PATH || !strstr(reason, reason_part))
        fail_msg("'%.*s': %s '%s', expected '%s'", (int)len, path, settings_status_text(st),
                 reason, reason_part);
}

static void test_lookup_finds_nodes_and_leaves(void **state)
{
    (void)state;
    expect_found("", 0, false);
    expect_found("/led", offsetof(struct cfg, led), true);
    expect_found("/net", offsetof(struct cfg, net), false);
    expect_found("/net/ip", offsetof(struct cfg, net.ip), false);
    expect_found("/net/ip/2", offsetof(struct cfg, net.ip[2]), true);
    expect_found("/pid", offsetof(struct cfg, pid), false);
    expect_found("/pid/2", offsetof(struct cfg, pid[2]), false);
    expect_found("/pid/2/kd", offsetof(struct cfg, pid[2].kd), true);
    expect_found("/weights/3", offsetof(struct cfg, weights[3]), true);
    expect_found("/info/boots", offsetof(struct cfg, info.boots), true);
    /* Only len counts: what follows in memory is not part of the path. */
    struct settings_ref ref;
    assert_int_equal(settings_lookup(&tree, "/ledXYZ", 4, &ref, NULL, 0), SETTINGS_OK);
    assert_int_equal(ref.offset, offsetof(struct cfg, led));
}

static void test_lookup_rejects_bad_paths(void **state)
{
    (void)state;
    expect_path_error("/nope", 5, "/ has no 'nope'");
    expect_path_error("/net/nope", 9, "/net has no 'nope'");
    expect_path_error("/Led", 4, "has no 'Led'");
    expect_path_error("/le", 3, "has no 'le'");
    expect_path_error("/ledd", 5, "has no 'ledd'");
    expect_path_error("led", 3, "must start with '/'");
    expect_path_error("/", 1, "empty segment after /");
    expect_path_error("/led/", 5, "empty segment after /led");
    expect_path_error("/net/", 5, "empty segment after /net");
    expect_path_error("//led", 5, "empty segment after /");
    expect_path_error("/net//ip", 8, "empty segment after /net");
    expect_path_error("/pid/3", 6, "index 3 out of range: /pid has 3 elements");
    expect_path_error("/pid/99999", 10, "index 99999 out of range");
    expect_path_error("/pid/999999", 11, "not an index");
    expect_path_error("/pid/01", 7, "'01' is not an index of /pid");
    expect_path_error("/pid/-1", 7, "not an index");
    expect_path_error("/pid/+1", 7, "not an index");
    expect_path_error("/pid/1x", 7, "not an index");
    expect_path_error("/pid/kp", 7, "not an index");
    expect_path_error("/net/ip/4", 9, "index 4 out of range: /net/ip has 4 elements");
    expect_path_error("/led/x", 6, "/led is a leaf, it has no 'x'");
    expect_path_error("/pid/0/kp/x", 11, "/pid/0/kp is a leaf");
    expect_path_error("/pid/0/kp/x/y/z/a/b/c/d/e", 25, "is a leaf");
    expect_path_error("/le\0d", 5, "has no");
    char longpath[200];
    memset(longpath, 'a', sizeof longpath);
    longpath[0] = '/';
    expect_path_error(longpath, sizeof longpath, "path longer than 127 bytes");
    /* '/' repeated: never mistaken for the root. */
    expect_path_error("///", 3, "empty segment");
}

static void test_iteration_order(void **state)
{
    (void)state;
    struct settings_iter it;
    struct settings_ref leaf;
    char path[SETTINGS_PATH_MAX];
    assert_int_equal(settings_iter_start(&it, &tree, "", 0, NULL, 0), SETTINGS_OK);
    size_t n = 0;
    while (settings_iter_next(&it, &leaf, path, sizeof path)) {
        assert_true(n < N_PATHS);
        assert_string_equal(path, cfg_paths[n]);
        /* the ref is the one lookup finds for that path */
        struct settings_ref found;
        assert_int_equal(settings_lookup(&tree, path, strlen(path), &found, NULL, 0), SETTINGS_OK);
        assert_ptr_equal(found.desc, leaf.desc);
        assert_int_equal(found.offset, leaf.offset);
        assert_int_equal(found.read_only, leaf.read_only);
        /* and path_of gives the path back */
        char back[SETTINGS_PATH_MAX];
        assert_int_equal(settings_path_of(&tree, &leaf, back, sizeof back), SETTINGS_OK);
        assert_string_equal(back, path);
        n++;
    }
    assert_int_equal(n, N_PATHS);
    /* finished stays finished */
    assert_false(settings_iter_next(&it, &leaf, path, sizeof path));
}

/* Leaves under `start`, as paths joined with spaces. */
static void collect(const char *start, char *out, size_t size)
{
    struct settings_iter it;
    struct settings_ref leaf;
    char path[SETTINGS_PATH_MAX];
    out[0] = '\0';
    assert_int_equal(settings_iter_start(&it, &tree, start, strlen(start), NULL, 0), SETTINGS_OK);
    while (settings_iter_next(&it, &leaf, path, sizeof path)) {
        if (out[0])
            strncat(out, " ", size - strlen(out) - 1);
        strncat(out, path, size - strlen(out) - 1);
    }
}

static void test_iteration_of_subtrees(void **state)
{
    (void)state;
    char out[512];
    collect("/pid", out, sizeof out);
    assert_string_equal(out, "/pid/0/kp /pid/0/ki /pid/0/kd /pid/1/kp /pid/1/ki /pid/1/kd "
                             "/pid/2/kp /pid/2/ki /pid/2/kd");
    collect("/pid/1", out, sizeof out);
    assert_string_equal(out, "/pid/1/kp /pid/1/ki /pid/1/kd");
    collect("/net", out, sizeof out);
    assert_string_equal(out, "/net/ip/0 /net/ip/1 /net/ip/2 /net/ip/3 /net/port /net/host");
    collect("/net/ip", out, sizeof out);
    assert_string_equal(out, "/net/ip/0 /net/ip/1 /net/ip/2 /net/ip/3");
    collect("/led", out, sizeof out); /* a leaf is its own subtree */
    assert_string_equal(out, "/led");
    collect("/pid/2/kd", out, sizeof out);
    assert_string_equal(out, "/pid/2/kd");

    struct settings_iter it;
    struct settings_ref leaf;
    char reason[SETTINGS_REASON_MAX];
    assert_int_equal(settings_iter_start(&it, &tree, "/nope", 5, reason, sizeof reason),
                     SETTINGS_E_PATH);
    assert_non_null(strstr(reason, "no 'nope'"));
    assert_false(settings_iter_next(&it, &leaf, NULL, 0));
}

static void test_iteration_read_only_flags(void **state)
{
    (void)state;
    struct settings_iter it;
    struct settings_ref leaf;
    char path[SETTINGS_PATH_MAX];
    settings_iter_start(&it, &tree, "", 0, NULL, 0);
    while (settings_iter_next(&it, &leaf, path, sizeof path)) {
        bool expected = strcmp(path, "/serial") == 0 || strncmp(path, "/info/", 6) == 0;
        if (leaf.read_only != expected)
            fail_msg("%s: read_only %d", path, leaf.read_only);
    }
}

/* The iterator is plain data: copied away, kept while the tree changes values, copied back, it
 * continues exactly where it stopped, one leaf per "poll", interleaved with another walk. */
static void test_iteration_resumes(void **state)
{
    (void)state;
    struct settings_iter saved, other;
    struct settings_ref leaf;
    char path[SETTINGS_PATH_MAX], reason[SETTINGS_REASON_MAX];
    assert_int_equal(settings_iter_start(&saved, &tree, "", 0, NULL, 0), SETTINGS_OK);
    assert_int_equal(settings_iter_start(&other, &tree, "/pid", 4, NULL, 0), SETTINGS_OK);
    size_t n = 0, n_other = 0;
    for (;;) {
        struct settings_iter poll;
        memcpy(&poll, &saved, sizeof poll);
        memset(&saved, 0xA5, sizeof saved); /* nothing else holds the state */
        bool more = settings_iter_next(&poll, &leaf, path, sizeof path);
        memcpy(&saved, &poll, sizeof saved);
        if (!more)
            break;
        assert_string_equal(path, cfg_paths[n]);
        n++;
        /* meanwhile: values change, another iteration advances */
        assert_int_equal(settings_set_path(&tree, "/u8", 3, n % 2 ? "1" : "2", 1, reason,
                                           sizeof reason),
                         SETTINGS_OK);
        if (settings_iter_next(&other, &leaf, path, sizeof path))
            n_other++;
    }
    assert_int_equal(n, N_PATHS);
    assert_int_equal(n_other, 9);
}

static void test_iteration_small_path_buffer(void **state)
{
    (void)state;
    struct settings_iter it;
    struct settings_ref leaf;
    char path[6];
    settings_iter_start(&it, &tree, "/net", 4, NULL, 0);
    assert_true(settings_iter_next(&it, &leaf, path, sizeof path));
    assert_string_equal(path, "/net"); /* whole segments only, always terminated */
    assert_int_equal(leaf.offset, offsetof(struct cfg, net.ip[0]));
    /* NULL path buffer: refs only */
    assert_true(settings_iter_next(&it, &leaf, NULL, 0));
    assert_int_equal(leaf.offset, offsetof(struct cfg, net.ip[1]));
}

static void test_path_of_rejects_nodes(void **state)
{
    (void)state;
    struct settings_ref ref;
    char path[SETTINGS_PATH_MAX];
    assert_int_equal(settings_lookup(&tree, "/net", 4, &ref, NULL, 0), SETTINGS_OK);
    assert_int_equal(settings_path_of(&tree, &ref, path, sizeof path), SETTINGS_E_NOT_LEAF);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_lookup_finds_nodes_and_leaves, setup),
        cmocka_unit_test_setup(test_lookup_rejects_bad_paths, setup),
        cmocka_unit_test_setup(test_iteration_order, setup),
        cmocka_unit_test_setup(test_iteration_of_subtrees, setup),
        cmocka_unit_test_setup(test_iteration_read_only_flags, setup),
        cmocka_unit_test_setup(test_iteration_resumes, setup),
        cmocka_unit_test_setup(test_iteration_small_path_buffer, setup),
        cmocka_unit_test_setup(test_path_of_rejects_nodes, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
