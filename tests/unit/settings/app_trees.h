/* The settings trees of the kit's images, each from its own source file (test_app_trees.c). */
#ifndef APP_TREES_H
#define APP_TREES_H

#include "settings/settings.h"

extern const struct settings app_tree_selftest;       /* settings/selftest/tree.h */
extern const struct settings app_tree_miniconf_bench; /* miniconf/bench/tree.h */

#endif
