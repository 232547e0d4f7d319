/* Exact conversions between IEEE 754 floats and decimal text, with no libc printf/strtod (they
 * would pull newlib's heap into the firmware) and no heap of our own: the arithmetic runs on
 * fixed-size big integers on the stack (about 1 KiB at the deepest).
 *
 * Text -> float is correctly rounded (round half to even), straight from the decimal digits to
 * the target format: no detour through double for floats, so no double rounding.
 * Float -> text prints the shortest digits that read back as exactly the same value (for float:
 * the same float, so 0.1f prints "0.1", not "0.10000000149011612"). */
#ifndef SETTINGS_FPCONV_H
#define SETTINGS_FPCONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Significant digits a decimal may carry (after dropping leading and trailing zeros). 40 is
 * more than twice the 17 a double ever needs; longer numbers are refused, not approximated. */
#define FP_DECIMAL_DIGITS_MAX 40

/* Room fp_format_* needs, NUL included: "-2.2250738585072014e-308" is 24 characters. */
#define FP_TEXT_MAX 32

/* value = (negative ? -1 : 1) * digits * 10^exp10, digits as ASCII without leading or trailing
 * zeros (ndigits == 0 means zero). */
struct fp_decimal {
    char digits[FP_DECIMAL_DIGITS_MAX];
    uint8_t ndigits;
    bool negative;
    int32_t exp10;
};

enum fp_status {
    FP_OK,
    FP_OVERFLOW,  /* rounds to infinity: beyond the format's largest finite value */
    FP_UNDERFLOW, /* non-zero, but rounds to zero */
};

enum fp_status fp_decimal_to_double(const struct fp_decimal *d, double *out);
enum fp_status fp_decimal_to_float(const struct fp_decimal *d, float *out);

/* Writes v as a JSON number: the shortest round-trip digits, plain notation ("0.1", "100.0",
 * "-0.0") for 1e-5 <= |v| < 1e16, else scientific ("1e-45", "3.4028235e38"). NaN and infinities
 * have no JSON spelling and are written as "null". Returns the length (without the NUL), or 0
 * when size < FP_TEXT_MAX. */
size_t fp_format_double(double v, char *buf, size_t size);
size_t fp_format_float(float v, char *buf, size_t size);

#endif
