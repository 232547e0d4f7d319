/* The two IEEE 754 binary formats the converters handle, described by numbers so one exact
 * algorithm serves both (private to settings). */
#ifndef SETTINGS_FP_LAYOUT_H
#define SETTINGS_FP_LAYOUT_H

struct fp_layout {
    unsigned mant_bits; /* significand bits including the hidden one: 53 / 24 */
    int min_exp;        /* exponent of the last significand bit of subnormals: -1074 / -149 */
    int max_exp;        /* the same for the largest finite numbers: 971 / 104 */
    int max10;          /* values >= 10^max10 certainly overflow: 309 / 39 */
    int min10;          /* values < 10^min10 are below half the smallest subnormal: -324 / -46 */
};

static const struct fp_layout fp_binary64 = {53, -1074, 971, 309, -324};
static const struct fp_layout fp_binary32 = {24, -149, 104, 39, -46};

#endif
