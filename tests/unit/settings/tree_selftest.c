/* settings-selftest's tree (a cross-only image) as a settings object for test_app_trees.c. */
#include "app_trees.h"
#include "tree.h"

static struct cfg data;
const struct settings app_tree_selftest = {
    .root = &cfg_root, .data = &data, .defaults = &cfg_defaults,
};
