/* Topic name/filter validation and matching: the spec's examples (4.7), then every filter and
 * topic over a small alphabet compared with a level-by-level reference matcher. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdbool.h>
#include <string.h>

#include "mqtt/topic.h"

static bool match(const char *f, const char *t)
{
    return mqtt_topic_matches(f, strlen(f), t, strlen(t));
}

static void spec_examples(void **state)
{
    (void)state;
    /* 4.7.1.2 */
    assert_true(match("sport/tennis/player1/#", "sport/tennis/player1"));
    assert_true(match("sport/tennis/player1/#", "sport/tennis/player1/ranking"));
    assert_true(match("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon"));
    assert_true(match("sport/#", "sport"));
    assert_true(match("#", "sport/tennis"));
    /* 4.7.1.3 */
    assert_true(match("sport/tennis/+", "sport/tennis/player1"));
    assert_true(match("sport/tennis/+", "sport/tennis/player2"));
    assert_false(match("sport/tennis/+", "sport/tennis/player1/ranking"));
    assert_false(match("sport/+", "sport"));
    assert_true(match("sport/+", "sport/"));
    assert_true(match("+/+", "/finance"));
    assert_true(match("/+", "/finance"));
    assert_false(match("+", "/finance"));
    /* 4.7.2: $-topics and wildcards */
    assert_false(match("#", "$SYS/broker/uptime"));
    assert_false(match("+/monitor/Clients", "$SYS/monitor/Clients"));
    assert_true(match("$SYS/#", "$SYS/monitor/Clients"));
    assert_true(match("$SYS/monitor/+", "$SYS/monitor/Clients"));
    /* case and exactness */
    assert_false(match("ACCOUNTS", "Accounts"));
    assert_true(match("a/b", "a/b"));
    assert_false(match("a/b", "a/bc"));
    assert_false(match("a/bc", "a/b"));
    assert_false(match("a", "a/b"));
    assert_true(match("a//b", "a//b"));
    assert_true(match("a/+/b", "a//b"));
}

static void validity(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool name, filter;
    } cases[] = {
        {"a", true, true},
        {"a/b", true, true},
        {"/", true, true},
        {"#", false, true},
        {"+", false, true},
        {"a/#", false, true},
        {"a/+/b", false, true},
        {"+/+", false, true},
        {"a#", false, false},
        {"a/#/b", false, false},
        {"a+", false, false},
        {"a/+b", false, false},
        {"#/a", false, false},
        {"##", false, false},
        {"", false, false},
        {"$SYS/x", true, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = strlen(cases[i].s);
        if (mqtt_topic_name_valid(cases[i].s, n) != cases[i].name ||
            mqtt_topic_filter_valid(cases[i].s, n) != cases[i].filter)
            fail_msg("case '%s'", cases[i].s);
    }
    assert_false(mqtt_topic_name_valid("a\0b", 3));
    assert_false(mqtt_topic_filter_valid("\xc0\x80", 2));
}

/* The reference: split both into levels, compare level by level. Deliberately written in a
 * different style from the matcher under test. */
static size_t split(const char *s, const char *lv[], size_t len[])
{
    size_t n = 0;
    const char *start = s;
    for (const char *p = s;; p++) {
        if (*p == '/' || *p == '\0') {
            lv[n] = start;
            len[n++] = (size_t)(p - start);
            if (!*p)
                break;
            start = p + 1;
        }
    }
    return n;
}

static bool reference(const char *f, const char *t)
{
    const char *fl[16], *tl[16];
    size_t fn[16], tn[16];
    size_t nf = split(f, fl, fn), nt = split(t, tl, tn);
    if (t[0] == '$' && (f[0] == '+' || f[0] == '#'))
        return false;
    for (size_t i = 0; i < nf; i++) {
        if (fn[i] == 1 && fl[i][0] == '#')
            return true; /* last level by validity; matches parent too */
        if (i >= nt)
            return false;
        if (fn[i] == 1 && fl[i][0] == '+')
            continue;
        if (fn[i] != tn[i] || memcmp(fl[i], tl[i], fn[i]) != 0)
            return false;
    }
    return nf == nt;
}

static void exhaustive_against_reference(void **state)
{
    (void)state;
    /* Every string up to 5 characters over {a, b, /, +, #, $} (9330 of them): each valid
     * filter against each valid name, about 2.3 million pairs. */
    static const char alphabet[] = "ab/+#$";
    enum { MAXLEN = 5, N = 6 };
    static char strs[9331][MAXLEN + 1];
    size_t count = 0;
    for (size_t len = 1; len <= MAXLEN; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++)
            total *= N;
        for (size_t k = 0; k < total; k++) {
            size_t x = k;
            for (size_t i = 0; i < len; i++, x /= N)
                strs[count][i] = alphabet[x % N];
            strs[count][len] = '\0';
            count++;
        }
    }
    assert_int_equal(count, 9330);
    unsigned filters = 0, names = 0, matches = 0;
    for (size_t j = 0; j < count; j++)
        names += mqtt_topic_name_valid(strs[j], strlen(strs[j]));
    for (size_t i = 0; i < count; i++) {
        const char *f = strs[i];
        if (!mqtt_topic_filter_valid(f, strlen(f)))
            continue;
        filters++;
        for (size_t j = 0; j < count; j++) {
            const char *t = strs[j];
            if (!mqtt_topic_name_valid(t, strlen(t)))
                continue;
            bool want = reference(f, t);
            matches += want;
            if (match(f, t) != want)
                fail_msg("filter '%s' topic '%s': want %d", f, t, want);
        }
    }
    /* The alphabet really exercised the interesting cases. */
    print_message("%u filters x %u names, %u matches\n", filters, names, matches);
    assert_true(filters > 1000 && names > 1000 && matches > 5000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_examples),
        cmocka_unit_test(validity),
        cmocka_unit_test(exhaustive_against_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
