/* A JSON object flattened to text pairs for the telemetry table: nested objects give dotted
 * keys ("app.led"), scalars and arrays are kept as their JSON text. Enough JSON for what devices
 * send; anything else is refused (false), never read past len. */
#include <string.h>

#include "kitconf.h"

struct cursor {
    const char *p, *end;
};

static void skip_ws(struct cursor *c)
{
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
        c->p++;
}

/* Past one string (c->p on its quote); false when unterminated. */
static bool skip_string(struct cursor *c)
{
    for (c->p++; c->p < c->end; c->p++) {
        if (*c->p == '\\')
            c->p++;
        else if (*c->p == '"')
            return ++c->p, true;
    }
    return false;
}

/* Past one value that is not an object (scalar or array, taken as text). */
static bool skip_value(struct cursor *c)
{
    if (c->p >= c->end)
        return false;
    if (*c->p == '"')
        return skip_string(c);
    if (*c->p == '[') {
        int depth = 0;
        for (; c->p < c->end; c->p++) {
            if (*c->p == '"') {
                if (!skip_string(c))
                    return false;
                c->p--;
            } else if (*c->p == '[' || *c->p == '{') {
                depth++;
            } else if ((*c->p == ']' || *c->p == '}') && --depth == 0) {
                return ++c->p, true;
            }
        }
        return false;
    }
    const char *start = c->p;
    while (c->p < c->end && !strchr(",}] \t\r\n", *c->p))
        c->p++;
    return c->p > start;
}

static void copy(char *dst, size_t size, const char *s, size_t n)
{
    if (n >= size)
        n = size - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static bool object(struct cursor *c, const char *prefix, struct flat *out, int depth)
{
    if (depth > 8 || c->p >= c->end || *c->p != '{')
        return false;
    c->p++;
    skip_ws(c);
    if (c->p < c->end && *c->p == '}')
        return ++c->p, true;
    for (;;) {
        skip_ws(c);
        if (c->p >= c->end || *c->p != '"')
            return false;
        const char *k0 = c->p + 1;
        if (!skip_string(c))
            return false;
        char key[64];
        size_t plen = strlen(prefix);
        copy(key, sizeof key, prefix, plen);
        if (plen && plen + 1 < sizeof key)
            key[plen++] = '.', key[plen] = '\0';
        copy(key + plen, sizeof key - plen, k0, (size_t)(c->p - 1 - k0));
        skip_ws(c);
        if (c->p >= c->end || *c->p != ':')
            return false;
        c->p++;
        skip_ws(c);
        if (c->p < c->end && *c->p == '{') {
            if (!object(c, key, out, depth + 1))
                return false;
        } else {
            const char *v0 = c->p;
            if (!skip_value(c))
                return false;
            if (out->n < FLAT_MAX) {
                copy(out->key[out->n], sizeof out->key[0], key, strlen(key));
                copy(out->value[out->n], sizeof out->value[0], v0, (size_t)(c->p - v0));
                out->n++;
            }
        }
        skip_ws(c);
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end && *c->p == '}')
            return ++c->p, true;
        return false;
    }
}

bool flat_parse(const char *json, size_t len, struct flat *out)
{
    struct cursor c = {json, json + len};
    out->n = 0;
    skip_ws(&c);
    if (!object(&c, "", out, 0))
        return false;
    skip_ws(&c);
    return c.p == c.end;
}
