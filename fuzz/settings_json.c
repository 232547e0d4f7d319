/* fuzz-deps: kit_settings kit_log */
/* The JSON reader and the leaf setters on arbitrary bytes: no crash, no over-read (ASan), and
 * the invariants the settings rely on: a refused set changes nothing; what get prints, set
 * accepts and reproduces exactly; every float that parses prints back to the same bits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "settings/json.h"
#include "settings/settings.h"

enum colour { RED, GREEN, BLUE };
static const char *const colour_names[] = {[RED] = "red", [GREEN] = "green", [BLUE] = "blue"};

struct fz {
    bool b;
    int8_t i8;
    int64_t i64;
    uint8_t u8;
    uint64_t u64;
    float f;
    double d;
    enum colour c;
    char s[8];
    double n;
};

static const char *odd_only(int64_t v)
{
    return v % 2 ? NULL : "must be odd";
}

SETTING_TABLE(struct fz, fz_fields) = {
    SETTING_BOOL(struct fz, b),
    SETTING_I8(struct fz, i8),
    SETTING_I64(struct fz, i64, .validate = odd_only),
    SETTING_U8(struct fz, u8, .min = 3, .max = 200),
    SETTING_U64(struct fz, u64),
    SETTING_F32(struct fz, f, .min = -10, .max = 1e30),
    SETTING_F64(struct fz, d),
    SETTING_ENUM(struct fz, c, colour_names),
    SETTING_STRING(struct fz, s),
    SETTING_F64(struct fz, n, .nullable = true),
};
static const struct setting_desc fz_root = SETTINGS_ROOT(struct fz, fz_fields);
static const struct fz fz_defaults = {.i64 = 1, .u8 = 3, .c = BLUE, .s = "x", .n = 2.5};
static struct fz data;
static const struct settings tree = {.root = &fz_root, .data = &data, .defaults = &fz_defaults};

static void check_numbers(const struct json_value *v)
{
    double d;
    if (fp_decimal_to_double(&v->number, &d) == FP_OK) {
        char text[FP_TEXT_MAX];
        size_t n = fp_format_double(d, text, sizeof text);
        struct json_value again;
        double back;
        if (json_read_value(text, n, &again, NULL, 0, NULL) != JSON_OK ||
            fp_decimal_to_double(&again.number, &back) != FP_OK || memcmp(&d, &back, sizeof d))
            abort();
    }
    float f;
    if (fp_decimal_to_float(&v->number, &f) == FP_OK) {
        char text[FP_TEXT_MAX];
        size_t n = fp_format_float(f, text, sizeof text);
        struct json_value again;
        float back;
        if (json_read_value(text, n, &again, NULL, 0, NULL) != JSON_OK ||
            fp_decimal_to_float(&again.number, &back) != FP_OK || memcmp(&f, &back, sizeof f))
            abort();
    }
}

static void check_string(const char *str, size_t len)
{
    /* A decoded string, written back as JSON and read again, is the same bytes. */
    char json[6 * 32 + 3], back[32];
    size_t n = json_write_string(json, sizeof json, str, len);
    struct json_value v;
    if (n >= sizeof json || json_read_value(json, n, &v, back, sizeof back, NULL) != JSON_OK ||
        v.string_len != len || memcmp(back, str, len))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    /* An exact-size copy, so ASan catches a read one past the end. */
    char *text = malloc(size ? size : 1);
    if (!text)
        return 0;
    memcpy(text, in, size);

    struct json_value v;
    struct json_error err;
    char str[32];
    enum json_status st = json_read_value(text, size, &v, str, sizeof str, &err);
    if (st == JSON_SYNTAX && err.offset > size)
        abort();
    if (st == JSON_OK && v.kind == JSON_NUMBER && !v.too_many_digits)
        check_numbers(&v);
    if (st == JSON_OK && v.kind == JSON_STRING) {
        if (strlen(str) != v.string_len)
            abort();
        check_string(str, v.string_len);
    }
    /* No buffer: the same verdict. */
    struct json_value v2;
    enum json_status st2 = json_read_value(text, size, &v2, NULL, 0, NULL);
    if ((st2 == JSON_SYNTAX) != (st == JSON_SYNTAX))
        abort();

    settings_reset(&tree);
    struct settings_iter it;
    struct settings_ref leaf;
    settings_iter_start(&it, &tree, "", 0, NULL, 0);
    while (settings_iter_next(&it, &leaf, NULL, 0)) {
        struct fz before = data;
        char reason[SETTINGS_REASON_MAX];
        if (settings_set(&tree, &leaf, text, size, reason, sizeof reason) != SETTINGS_OK) {
            if (memcmp(&before, &data, sizeof data))
                abort(); /* a refused set changed something */
            continue;
        }
        char out[SETTINGS_VALUE_MAX];
        size_t len;
        if (settings_get(&tree, &leaf, out, sizeof out, &len) != SETTINGS_OK)
            abort();
        struct fz after = data;
        if (settings_set(&tree, &leaf, out, len, reason, sizeof reason) != SETTINGS_OK ||
            memcmp(&after, &data, sizeof data))
            abort(); /* get's output is not accepted back as the same value */
    }
    free(text);
    return 0;
}
