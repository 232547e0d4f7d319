#include <string.h>

#include "internal.h"

void settings_reset(const struct settings *s)
{
    if (s->defaults)
        memcpy(s->data, s->defaults, s->root->size);
    else
        memset(s->data, 0, s->root->size);
}

const char *settings_status_text(enum settings_status st)
{
    static const char *const texts[] = {
        [SETTINGS_OK] = "ok",
        [SETTINGS_E_PATH] = "no such path",
        [SETTINGS_E_NOT_LEAF] = "not a leaf",
        [SETTINGS_E_JSON] = "invalid JSON",
        [SETTINGS_E_TYPE] = "wrong type",
        [SETTINGS_E_RANGE] = "out of range",
        [SETTINGS_E_INVALID] = "invalid value",
        [SETTINGS_E_READ_ONLY] = "read-only",
        [SETTINGS_E_TOO_LONG] = "too long",
        [SETTINGS_E_TREE] = "bad tree declaration",
        [SETTINGS_E_STORE] = "store error",
    };
    return (unsigned)st < sizeof texts / sizeof texts[0] ? texts[st] : "unknown status";
}
