/* Topic names and topic filters (spec 4.7): validation and matching. */
#ifndef MQTT_TOPIC_H
#define MQTT_TOPIC_H

#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) holds a '+' or '#' (a loop of its own: no libc memchr in the image). */
bool mqtt_topic_has_wildcard(const char *s, size_t len);

/* A name a message can be published to: 1..65535 bytes of valid UTF-8, no '+' or '#'. */
bool mqtt_topic_name_valid(const char *name, size_t len);

/* A filter one can subscribe to: 1..65535 bytes of valid UTF-8; '+' only as a whole level; '#'
 * only as the whole last level. */
bool mqtt_topic_filter_valid(const char *filter, size_t len);

/* True when topic name `topic` matches `filter` (both assumed valid). '+' matches exactly one
 * level (possibly empty), '#' the parent level and any number below it; a topic starting with
 * '$' is not matched by a filter starting with a wildcard. */
bool mqtt_topic_matches(const char *filter, size_t flen, const char *topic, size_t tlen);

#endif
