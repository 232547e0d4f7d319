/* Resumable depth-first iteration over the leaves under a path. The state is a stack of frames
 * (node or array, index of the child being visited), so a path is rebuilt from it at any time
 * and the walk continues exactly where it stopped, however long the caller waits. */
#include <string.h>

#include "internal.h"

enum settings_status settings_iter_start(struct settings_iter *it, const struct settings *s,
                                         const char *path, size_t path_len, char *reason,
                                         size_t reason_size)
{
    struct settings_ref ref;
    memset(it, 0, sizeof *it);
    enum settings_status st = tree_walk(s->root, path, path_len, it, &ref, reason, reason_size);
    if (st != SETTINGS_OK) {
        it->done = true;
        return st;
    }
    if (setting_is_leaf(ref.desc)) {
        it->leaf_start = true; /* the frames lead to it; yielded once */
    } else {
        if (it->depth >= SETTINGS_MAX_DEPTH) {
            it->done = true;
            reason_printf(reason, reason_size, "path deeper than %u", SETTINGS_MAX_DEPTH);
            return SETTINGS_E_PATH;
        }
        it->frame[it->depth++] = (struct settings_iter_frame){ref.desc, ref.offset, 0, ref.read_only};
    }
    it->base_depth = it->depth;
    return SETTINGS_OK;
}

bool settings_iter_next(struct settings_iter *it, struct settings_ref *leaf, char *path,
                        size_t path_size)
{
    if (it->done)
        return false;
    if (it->leaf_start) {
        it->done = true;
        if (it->depth == 0) /* the root is never a leaf; guard anyway */
            return false;
        const struct settings_iter_frame *f = &it->frame[it->depth - 1];
        *leaf = tree_child(f->desc, f->offset, f->read_only, f->index);
        if (path)
            tree_frames_path(it, it->depth, path, path_size);
        return true;
    }
    while (it->depth >= it->base_depth && it->depth > 0) {
        struct settings_iter_frame *f = &it->frame[it->depth - 1];
        if (f->index >= tree_child_count(f->desc)) {
            if (it->depth == it->base_depth)
                break;
            it->depth--;
            it->frame[it->depth - 1].index++;
            continue;
        }
        struct settings_ref child = tree_child(f->desc, f->offset, f->read_only, f->index);
        if (setting_is_leaf(child.desc)) {
            *leaf = child;
            if (path)
                tree_frames_path(it, it->depth, path, path_size);
            f->index++;
            return true;
        }
        if (it->depth >= SETTINGS_MAX_DEPTH) {
            f->index++; /* deeper than the limit (settings_check refuses such trees): skip */
            continue;
        }
        it->frame[it->depth++] =
            (struct settings_iter_frame){child.desc, child.offset, 0, child.read_only};
    }
    it->done = true;
    return false;
}
