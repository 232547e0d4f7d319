/* chips/cortex-m/mem.c's memcpy, memmove, memset and strlen, renamed, against the host's C
 * library: every length 0..67 at every source and destination alignment 0..3, overlaps both
 * ways for memmove. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#define memcpy kit_memcpy
#define memmove kit_memmove
#define memset kit_memset
#define strlen kit_strlen
void *kit_memcpy(void *restrict dst, const void *restrict src, size_t n);
void *kit_memmove(void *dst, const void *src, size_t n);
void *kit_memset(void *dst, int c, size_t n);
size_t kit_strlen(const char *s);
#include "mem.c"
#undef memcpy
#undef memmove
#undef memset
#undef strlen

#define MAX_LEN 67
#define BUF 96

static void fill(uint8_t *b, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        b[i] = (uint8_t)(seed * 131u + i * 7u + 1u);
}

static void test_memcpy(void **state)
{
    (void)state;
    uint8_t src[BUF], got[BUF], want[BUF];
    for (size_t n = 0; n <= MAX_LEN; n++)
        for (unsigned sa = 0; sa < 4; sa++)
            for (unsigned da = 0; da < 4; da++) {
                fill(src, BUF, (unsigned)n);
                memset(got, 0xEE, BUF);
                memset(want, 0xEE, BUF);
                assert_ptr_equal(kit_memcpy(got + da, src + sa, n), got + da);
                memcpy(want + da, src + sa, n);
                assert_memory_equal(got, want, BUF); /* nothing written outside [da, da+n) */
            }
}

static void test_memmove_overlaps(void **state)
{
    (void)state;
    uint8_t got[BUF], want[BUF];
    for (size_t n = 0; n <= MAX_LEN; n++)
        for (unsigned from = 0; from < 12; from++)
            for (unsigned to = 0; to < 12; to++) {
                fill(got, BUF, (unsigned)(n + from));
                memcpy(want, got, BUF);
                assert_ptr_equal(kit_memmove(got + to, got + from, n), got + to);
                memmove(want + to, want + from, n);
                assert_memory_equal(got, want, BUF);
            }
}

static void test_memset(void **state)
{
    (void)state;
    uint8_t got[BUF], want[BUF];
    for (size_t n = 0; n <= MAX_LEN; n++)
        for (unsigned da = 0; da < 4; da++) {
            fill(got, BUF, (unsigned)n);
            memcpy(want, got, BUF);
            assert_ptr_equal(kit_memset(got + da, 0x1A5, n), got + da); /* only the low byte */
            memset(want + da, 0x1A5, n);
            assert_memory_equal(got, want, BUF);
        }
}

static void test_strlen(void **state)
{
    (void)state;
    char s[BUF];
    for (size_t n = 0; n < BUF - 4; n++)
        for (unsigned a = 0; a < 4; a++) {
            memset(s, 'x', BUF);
            s[a + n] = '\0';
            assert_int_equal(kit_strlen(s + a), n);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memcpy),
        cmocka_unit_test(test_memmove_overlaps),
        cmocka_unit_test(test_memset),
        cmocka_unit_test(test_strlen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
