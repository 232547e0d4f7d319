/* Topic names and filters (spec 4.7). */
#include "mqtt/topic.h"

#include <stdint.h>

#include "mqtt/codec.h"

static bool common_valid(const char *s, size_t len)
{
    return len >= 1 && len <= 65535 && mqtt_utf8_valid((const uint8_t *)s, len);
}

bool mqtt_topic_has_wildcard(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == '+' || s[i] == '#')
            return true;
    return false;
}

bool mqtt_topic_name_valid(const char *name, size_t len)
{
    return common_valid(name, len) && !mqtt_topic_has_wildcard(name, len);
}

bool mqtt_topic_filter_valid(const char *filter, size_t len)
{
    if (!common_valid(filter, len))
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = filter[i];
        if (c != '+' && c != '#')
            continue;
        /* A wildcard is a whole level: '/' (or the start) before it, '/' (or the end) after. */
        if ((i > 0 && filter[i - 1] != '/') || (i + 1 < len && filter[i + 1] != '/'))
            return false;
        if (c == '#' && i + 1 != len)
            return false; /* '#' must be the last level */
    }
    return true;
}

bool mqtt_topic_matches(const char *filter, size_t flen, const char *topic, size_t tlen)
{
    size_t f = 0, t = 0;
    /* 4.7.2: "$SYS/..." and the like are not matched by a filter starting with a wildcard. */
    if (tlen && topic[0] == '$' && flen && (filter[0] == '+' || filter[0] == '#'))
        return false;
    for (;;) {
        if (f < flen && filter[f] == '#')
            return true; /* matches this level and everything under it, or nothing ("a/#" ~ "a") */
        /* Match one level: '+' takes the topic's level whole, else the bytes must agree. */
        if (f < flen && filter[f] == '+') {
            f++;
            while (t < tlen && topic[t] != '/')
                t++;
        } else {
            while (f < flen && filter[f] != '/') {
                if (t >= tlen || topic[t] != filter[f])
                    return false;
                f++, t++;
            }
            if (t < tlen && topic[t] != '/')
                return false;
        }
        /* Both at a level end: either both are done, or both go on to the next level. */
        if (f == flen)
            return t == tlen;
        if (t == tlen) {
            /* Topic ended; the filter may still end in "/#" which also matches the parent. */
            return flen - f == 2 && filter[f + 1] == '#';
        }
        f++, t++; /* skip the two '/' */
    }
}
