/* Dictionary logging (LOG_DICT=1, CMake -DKIT_LOG_DICT=ON): what LOG_INFO and friends expand to
 * when the image carries no message text. Included by log.h; nothing here is called directly.
 *
 * Each call site gets a static entry in the section `log_dict`, which the Cortex-M linker script
 * keeps in the ELF but does not load (INFO): its level as a digit, its argument types as five
 * letters, its format string. At run time the call passes the entry's address and the types as a
 * constant; log_dict_write() sends a record: the entry's offset in the section, the timestamp, and
 * the arguments (integers as LEB128 varints of their bits, strings up to their NUL), framed with
 * COBS between 0x00 bytes so a reader resynchronises after a lost or partial record.
 * tools/logdecode reads the entries from the ELF and prints the text build's lines.
 *
 * The argument types, chosen at compile time with _Generic, two bits each from bit 0, above them
 * a 1 that marks the end (so no arguments is 1): */
#ifndef LOG_DICT_H
#define LOG_DICT_H

#include <stdint.h>

#define LOG_DICT_I32 0u  /* anything of 4 bytes or fewer, promoted: int, long (32-bit), pointer */
#define LOG_DICT_I64 1u  /* 8 bytes: long long, and long, size_t, pointers on a 64-bit host */
#define LOG_DICT_STR 2u  /* char *: the bytes up to the NUL (as many as the record holds) */
#define LOG_DICT_SPAN 3u /* LOG_SPAN(len, ptr) for "%.*s": len, then at most len bytes */

/* The level digit of a fault handler's message: no timestamp, as log_panic prints it. */
#define LOG_DICT_PANIC '0'

/* "%.*s" of bytes that need not end in a NUL; built by LOG_SPAN in log.h. */
struct log_span {
    const char *ptr;
    int len;
};

void log_dict_write(const char *entry, uint32_t types, ...);
void log_dict_panic(const char *entry, uint32_t types, ...);

/* `1 ? x : x` decays arrays to pointers and promotes bit-fields and chars, as the call will. */
#define LOG_DICT_T(x)                                                                              \
    _Generic((x), char *: LOG_DICT_STR, const char *: LOG_DICT_STR,                                \
             struct log_span: LOG_DICT_SPAN,                                                       \
             default: (sizeof(1 ? (x) : (x)) > 4 ? LOG_DICT_I64 : LOG_DICT_I32))

/* The types of k arguments, without the end mark. */
#define LOG_DICT_A1(a) LOG_DICT_T(a)
#define LOG_DICT_A2(a, b) (LOG_DICT_A1(a) | LOG_DICT_T(b) << 2)
#define LOG_DICT_A3(a, b, c) (LOG_DICT_A2(a, b) | LOG_DICT_T(c) << 4)
#define LOG_DICT_A4(a, b, c, d) (LOG_DICT_A3(a, b, c) | LOG_DICT_T(d) << 6)
#define LOG_DICT_A5(a, b, c, d, e) (LOG_DICT_A4(a, b, c, d) | LOG_DICT_T(e) << 8)
#define LOG_DICT_A6(a, b, c, d, e, f) (LOG_DICT_A5(a, b, c, d, e) | LOG_DICT_T(f) << 10)
#define LOG_DICT_A7(a, b, c, d, e, f, g) (LOG_DICT_A6(a, b, c, d, e, f) | LOG_DICT_T(g) << 12)
#define LOG_DICT_A8(a, b, c, d, e, f, g, h)                                                        \
    (LOG_DICT_A7(a, b, c, d, e, f, g) | LOG_DICT_T(h) << 14)
#define LOG_DICT_A9(a, b, c, d, e, f, g, h, i)                                                     \
    (LOG_DICT_A8(a, b, c, d, e, f, g, h) | LOG_DICT_T(i) << 16)

/* The entry: level digit, the types as five letters 'A' + 4 bits (low bits first), the format.
 * No byte of it is 0 before the format's terminator, so the decoder can list the entries. */
#define LOG_DICT_CALL(fn, lv, fs, ty, ...)                                                         \
    do {                                                                                           \
        static const struct {                                                                      \
            char level, types[5], fmt[sizeof(fs)];                                                 \
        } log_dict_entry_ __attribute__((section("log_dict"))) = {                                 \
            (lv),                                                                                  \
            {'A' + ((ty) & 15u), 'A' + ((ty) >> 4 & 15u), 'A' + ((ty) >> 8 & 15u),                \
             'A' + ((ty) >> 12 & 15u), 'A' + ((ty) >> 16 & 15u)},                                  \
            fs};                                                                                   \
        fn(&log_dict_entry_.level, __VA_ARGS__);                                                   \
    } while (0)

#define LOG_DICT_N1(fn, lv, fmt) LOG_DICT_CALL(fn, lv, fmt, 1u, 1u)
#define LOG_DICT_N2(fn, lv, fmt, a)                                                                \
    LOG_DICT_CALL(fn, lv, fmt, (LOG_DICT_A1(a) | 1u << 2), (LOG_DICT_A1(a) | 1u << 2), a)
#define LOG_DICT_N3(fn, lv, fmt, a, b)                                                             \
    LOG_DICT_CALL(fn, lv, fmt, (LOG_DICT_A2(a, b) | 1u << 4), (LOG_DICT_A2(a, b) | 1u << 4), a, b)
#define LOG_DICT_N4(fn, lv, fmt, a, b, c)                                                          \
    LOG_DICT_CALL(fn, lv, fmt, (LOG_DICT_A3(a, b, c) | 1u << 6),                                   \
                  (LOG_DICT_A3(a, b, c) | 1u << 6), a, b, c)
#define LOG_DICT_N5(fn, lv, fmt, a, b, c, d)                                                       \
    LOG_DICT_CALL(fn, lv, fmt, (LOG_DICT_A4(a, b, c, d) | 1u << 8),                                \
                  (LOG_DICT_A4(a, b, c, d) | 1u << 8), a, b, c, d)
#define LOG_DICT_N6(fn, lv, fmt, a, b, c, d, e)                                                    \
    LOG_DICT_CALL(fn, lv, fmt, (LOG_DICT_A5(a, b, c, d, e) | 1u << 10),                            \
                  (LOG_DICT_A5(a, b, c, d, e) | 1u << 10), a, b, c, d, e)
#define LOG_DICT_N7(fn, lv, fmt, a, b, c, d, e, f)                                                 \
    LOG_DICT_CALL(fn, lv, fmt, (LOG_DICT_A6(a, b, c, d, e, f) | 1u << 12),                         \
                  (LOG_DICT_A6(a, b, c, d, e, f) | 1u << 12), a, b, c, d, e, f)
#define LOG_DICT_N8(fn, lv, fmt, a, b, c, d, e, f, g)                                              \
    LOG_DICT_CALL(fn, lv, fmt, (LOG_DICT_A7(a, b, c, d, e, f, g) | 1u << 14),                      \
                  (LOG_DICT_A7(a, b, c, d, e, f, g) | 1u << 14), a, b, c, d, e, f, g)
#define LOG_DICT_N9(fn, lv, fmt, a, b, c, d, e, f, g, h)                                           \
    LOG_DICT_CALL(fn, lv, fmt, (LOG_DICT_A8(a, b, c, d, e, f, g, h) | 1u << 16),                   \
                  (LOG_DICT_A8(a, b, c, d, e, f, g, h) | 1u << 16), a, b, c, d, e, f, g, h)
#define LOG_DICT_N10(fn, lv, fmt, a, b, c, d, e, f, g, h, i)                                       \
    LOG_DICT_CALL(fn, lv, fmt, (LOG_DICT_A9(a, b, c, d, e, f, g, h, i) | 1u << 18),                \
                  (LOG_DICT_A9(a, b, c, d, e, f, g, h, i) | 1u << 18), a, b, c, d, e, f, g, h, i)

/* The number of macro arguments, format included: 1 to 10; more gives LOG_DICT_Nmore_than_9_
 * arguments, which does not exist (the error names the problem). */
#define LOG_DICT_COUNT(...)                                                                        \
    LOG_DICT_COUNT_(__VA_ARGS__, more_than_9_arguments, more_than_9_arguments,                     \
                    more_than_9_arguments, more_than_9_arguments, more_than_9_arguments,           \
                    more_than_9_arguments, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, ~)
#define LOG_DICT_COUNT_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, n,  \
                        ...)                                                                       \
    n
#define LOG_DICT_CAT(a, b) LOG_DICT_CAT_(a, b)
#define LOG_DICT_CAT_(a, b) a##b

#define LOG_DICT_EMIT(fn, level, ...)                                                              \
    LOG_DICT_CAT(LOG_DICT_N, LOG_DICT_COUNT(__VA_ARGS__))(fn, level, __VA_ARGS__)

#endif
