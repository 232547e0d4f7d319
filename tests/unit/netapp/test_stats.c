/* netapp_stats_format: the text the integration tests parse (tests/integration/netcore.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "board.h"
#include "net/pipe.h"
#include "netapp/netapp.h"

/* The board's part of the text: the test plays the driver. */
static struct board_eth_stats driver;

void board_eth_stats(struct board_eth_stats *out)
{
    *out = driver;
}

static struct netapp app;
static struct net_pipe_end a, b;
static struct net_pipe_frame a_slots[2], b_slots[2];

static int setup(void **state)
{
    (void)state;
    memset(&app, 0, sizeof app);
    memset(&driver, 0, sizeof driver);
    net_pipe_init(&a, a_slots, 2, &b, b_slots, 2, 1500);
    app.dev = &a.dev;
    struct net_iface_config cfg = {.dev = &a.dev, .mac = {{0x02, 0, 0, 0, 0, 1}}};
    net_iface_init(&app.iface, &cfg);
    return 0;
}

/* The value of `key` in text ("key=value" tokens), or -1 when absent. */
static long value_of(const char *text, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = text; (p = strstr(p, key)) != NULL; p += n) {
        bool starts = p == text || p[-1] == ' ' || p[-1] == '\n';
        if (starts && p[n] == '=')
            return strtol(p + n + 1, NULL, 10);
    }
    return -1;
}

static void test_every_counter_present(void **state)
{
    (void)state;
    struct net_counters *c = &app.iface.counters;
    c->eth.rx = 11;
    c->ipv4.drop = 3;
    c->udp.tx = 4000000000u;
    c->frag_rx = 9;
    c->drops[NET_DROP_IPV4_BAD_CHECKSUM] = 2;
    c->drops[NET_DROP_FRAG_TOO_MANY_HOLES] = 1;
    driver.rx_oversize = 5;
    driver.irqs = 77;
    char text[1400];
    size_t len = netapp_stats_format(&app, text, sizeof text);
    assert_int_equal(len, strlen(text));
    assert_int_equal(value_of(text, "eth.rx"), 11);
    assert_int_equal(value_of(text, "ipv4.drop"), 3);
    assert_int_equal(value_of(text, "udp.tx"), 4000000000L);
    assert_int_equal(value_of(text, "tcp.rx"), 0);
    assert_int_equal(value_of(text, "frag_rx"), 9);
    assert_int_equal(value_of(text, "drops"), 3);
    assert_int_equal(value_of(text, "drop.ipv4_bad_checksum"), 2);
    assert_int_equal(value_of(text, "drop.fragments_too_many_holes"), 1);
    assert_int_equal(value_of(text, "drop.eth_malformed"), -1); /* zero: left out */
    assert_int_equal(value_of(text, "dev.rx_oversize"), 5);
    assert_int_equal(value_of(text, "dev.irqs"), 77);
    assert_int_equal(text[len - 1], '\n');
}

/* Every reason at once: lines stay short enough for the log, keys stay distinct. */
static void test_all_reasons_lines_short(void **state)
{
    (void)state;
    for (int r = 0; r < NET_DROP_REASON_COUNT; r++)
        app.iface.counters.drops[r] = 1000000u + (uint32_t)r;
    char text[4096];
    size_t len = netapp_stats_format(&app, text, sizeof text);
    size_t line = 0;
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') {
            assert_true(line < 120);
            line = 0;
        } else {
            line++;
        }
    }
    int found = 0;
    for (const char *p = text; (p = strstr(p, "drop.")) != NULL; p++)
        found++;
    assert_int_equal(found, NET_DROP_REASON_COUNT);
    assert_int_equal(value_of(text, "drop.icmp_error_rate_limited"),
                     1000000 + NET_DROP_ICMP_RATE_LIMITED);
}

/* A short buffer keeps whole tokens only: every token in it still parses as key=number. */
static void test_small_buffer_whole_tokens(void **state)
{
    (void)state;
    for (int r = 0; r < NET_DROP_REASON_COUNT; r++)
        app.iface.counters.drops[r] = 7;
    for (size_t cap = 1; cap < 600; cap += 7) {
        char text[600];
        memset(text, '#', sizeof text);
        size_t len = netapp_stats_format(&app, text, cap);
        assert_true(len < cap);
        assert_int_equal(text[len], '\0');
        assert_int_equal(text[cap < sizeof text ? cap : sizeof text - 1], cap < 600 ? '#' : '\0');
        char copy[600];
        memcpy(copy, text, len + 1);
        for (char *tok = strtok(copy, " \n"); tok; tok = strtok(NULL, " \n")) {
            char *eq = strchr(tok, '=');
            assert_non_null(eq);
            assert_true(eq[1] >= '0' && eq[1] <= '9');
        }
    }
}

static void test_without_device_driver_only(void **state)
{
    (void)state;
    app.dev = NULL;
    driver.rx_frames = 3;
    char text[256];
    netapp_stats_format(&app, text, sizeof text);
    assert_int_equal(value_of(text, "dev.rx"), 3);
    assert_int_equal(value_of(text, "eth.rx"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_every_counter_present, setup),
        cmocka_unit_test_setup(test_all_reasons_lines_short, setup),
        cmocka_unit_test_setup(test_small_buffer_whole_tokens, setup),
        cmocka_unit_test_setup(test_without_device_driver_only, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
