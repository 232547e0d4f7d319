/* Byte-array literals for the MQTT unit tests: EXPECT_BYTES(buf, n, 0x10, 0x02, ...). */
#ifndef TEST_MQTT_BYTES_H
#define TEST_MQTT_BYTES_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define B(...) ((const uint8_t[]){__VA_ARGS__})
#define BLEN(...) sizeof((const uint8_t[]){__VA_ARGS__})

/* Prints both sides on a mismatch: a hex dump says more than "memcmp failed". */
static inline int bytes_equal(const uint8_t *got, size_t got_len, const uint8_t *want,
                              size_t want_len)
{
    if (got_len == want_len && memcmp(got, want, want_len) == 0)
        return 1;
    fprintf(stderr, "got  (%zu):", got_len);
    for (size_t i = 0; i < got_len; i++)
        fprintf(stderr, " %02x", got[i]);
    fprintf(stderr, "\nwant (%zu):", want_len);
    for (size_t i = 0; i < want_len; i++)
        fprintf(stderr, " %02x", want[i]);
    fprintf(stderr, "\n");
    return 0;
}

#define EXPECT_BYTES(got, got_len, ...)                                                            \
    assert_true(bytes_equal((got), (got_len), B(__VA_ARGS__), BLEN(__VA_ARGS__)))

#endif
