/* netapp_args_parse / netapp_config_check / netapp_args_usage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "netapp/config.h"

static char err[160];

/* Parses a NULL-terminated list of arguments (argv[0] added) over the given starting config. */
static enum netapp_args_result parse_with(struct netapp_config *cfg,
                                          const struct netapp_option *extra, size_t n, ...)
{
    char *argv[32] = {"app"};
    int argc = 1;
    va_list ap;
    va_start(ap, n);
    for (char *a; (a = va_arg(ap, char *)) != NULL && argc < 31;)
        argv[argc++] = a;
    va_end(ap);
    return netapp_args_parse(cfg, argc, argv, extra, n, err, sizeof err);
}

#define PARSE(cfg, ...) parse_with((cfg), NULL, 0, __VA_ARGS__, (char *)NULL)

static struct netapp_config base(void)
{
    struct netapp_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.mac = (struct net_mac){{0x02, 0, 0, 0, 0, 1}};
    return cfg;
}

static void test_no_arguments_keep_defaults(void **state)
{
    (void)state;
    struct netapp_config cfg = base();
    char *argv[] = {"app"};
    assert_int_equal(netapp_args_parse(&cfg, 1, argv, NULL, 0, err, sizeof err), NETAPP_ARGS_OK);
    assert_int_equal(cfg.addr, 0);
    assert_int_equal(cfg.mac.b[0], 0x02);
    assert_string_equal(err, "");
}

static void test_every_network_option(void **state)
{
    (void)state;
    struct netapp_config cfg = base();
    assert_int_equal(PARSE(&cfg, "--tap", "fw0", "--mac", "02:AB:cd:00:11:22", "--ip",
                           "10.77.1.2/24", "--gw", "10.77.1.1", "--dns", "10.77.1.53"),
                     NETAPP_ARGS_OK);
    assert_string_equal(cfg.ifname, "fw0");
    const uint8_t mac[6] = {0x02, 0xab, 0xcd, 0x00, 0x11, 0x22};
    assert_memory_equal(cfg.mac.b, mac, 6);
    assert_int_equal(cfg.addr, NET_IP4(10, 77, 1, 2));
    assert_int_equal(cfg.prefix_len, 24);
    assert_int_equal(cfg.gateway, NET_IP4(10, 77, 1, 1));
    assert_int_equal(cfg.dns, NET_IP4(10, 77, 1, 53));
}

static void test_equals_form(void **state)
{
    (void)state;
    struct netapp_config cfg = base();
    assert_int_equal(PARSE(&cfg, "--ip=192.168.7.9/16", "--tap=x"), NETAPP_ARGS_OK);
    assert_int_equal(cfg.addr, NET_IP4(192, 168, 7, 9));
    assert_int_equal(cfg.prefix_len, 16);
    assert_string_equal(cfg.ifname, "x");
}

static void test_help(void **state)
{
    (void)state;
    struct netapp_config cfg = base();
    assert_int_equal(PARSE(&cfg, "--help"), NETAPP_ARGS_HELP);
    assert_int_equal(PARSE(&cfg, "--ip", "10.0.0.2/8", "-h"), NETAPP_ARGS_HELP);
}

/* Each malformed command line is refused with a message naming the option. */
static void expect_error(const char *needle, ...)
{
    struct netapp_config cfg = base();
    char *argv[16] = {"app"};
    int argc = 1;
    va_list ap;
    va_start(ap, needle);
    for (char *a; (a = va_arg(ap, char *)) != NULL && argc < 15;)
        argv[argc++] = a;
    va_end(ap);
    assert_int_equal(netapp_args_parse(&cfg, argc, argv, NULL, 0, err, sizeof err),
                     NETAPP_ARGS_ERROR);
    if (!strstr(err, needle))
        fail_msg("error '%s' does not mention '%s'", err, needle);
}

static void test_malformed_values(void **state)
{
    (void)state;
    expect_error("--mac", "--mac", "02:00:00:00:00", NULL);
    expect_error("--mac", "--mac", "02:00:00:00:00:0g", NULL);
    expect_error("--mac", "--mac", "", NULL);
    expect_error("--ip", "--ip", "10.0.0.2", NULL);
    expect_error("--ip", "--ip", "10.0.0.256/24", NULL);
    expect_error("--ip", "--ip", "10.0.0.2/33", NULL);
    expect_error("--ip", "--ip", "10.0.0.2/24x", NULL);
    expect_error("--gw", "--ip", "10.0.0.2/24", "--gw", "10.0.0", NULL);
    expect_error("--dns", "--dns", "nameserver", NULL);
    expect_error("--tap", "--tap", "", NULL);
    expect_error("--tap", "--tap", "a-name-that-is-too-long", NULL);
    expect_error("--tap", "--tap", "a/b", NULL);
}

static void test_structure_errors(void **state)
{
    (void)state;
    expect_error("unknown option '--bogus'", "--bogus", NULL);
    expect_error("unknown option 'positional'", "positional", NULL);
    expect_error("unknown option '--ipx'", "--ipx", "1", NULL);
    expect_error("needs a value", "--ip", NULL);
}

static void test_inconsistent_configuration(void **state)
{
    (void)state;
    expect_error("unicast", "--mac", "01:00:5e:00:00:01", NULL);
    expect_error("unicast", "--mac", "00:00:00:00:00:00", NULL);
    expect_error("needs a static address", "--gw", "10.0.0.1", NULL);
    expect_error("outside", "--ip", "10.0.0.2/24", "--gw", "10.0.1.1", NULL);
    expect_error("own address", "--ip", "10.0.0.2/24", "--gw", "10.0.0.2", NULL);
    expect_error("network or broadcast", "--ip", "10.0.0.0/24", NULL);
    expect_error("network or broadcast", "--ip", "10.0.0.255/24", NULL);
    expect_error("1..32", "--ip", "10.0.0.2/0", NULL);
    expect_error("unicast host", "--ip", "224.0.0.5/24", NULL);
    expect_error("unicast host", "--ip", "127.0.0.2/8", NULL);
    expect_error("unicast", "--ip", "10.0.0.2/24", "--dns", "255.255.255.255", NULL);
}

static void test_point_to_point_prefixes(void **state)
{
    (void)state;
    struct netapp_config cfg = base();
    assert_int_equal(PARSE(&cfg, "--ip", "10.0.0.0/31"), NETAPP_ARGS_OK);
    cfg = base();
    /* /32: the gateway is reached through the interface route alone */
    assert_int_equal(PARSE(&cfg, "--ip", "10.0.0.7/32", "--gw", "10.9.9.9"), NETAPP_ARGS_OK);
}

struct broker_opt {
    char host[64];
    int calls;
};

static const char *apply_broker(void *ctx, const char *value)
{
    struct broker_opt *b = ctx;
    b->calls++;
    if (strchr(value, ' '))
        return "no spaces";
    strncpy(b->host, value, sizeof b->host - 1);
    return NULL;
}

static void test_application_options(void **state)
{
    (void)state;
    struct broker_opt b = {0};
    const struct netapp_option extra[] = {
        {"--broker", "HOST[:PORT]", "MQTT broker", apply_broker, &b},
    };
    struct netapp_config cfg = base();
    assert_int_equal(parse_with(&cfg, extra, 1, "--broker", "mqtt.lan:1884", "--ip", "10.1.1.5/24",
                                (char *)NULL),
                     NETAPP_ARGS_OK);
    assert_string_equal(b.host, "mqtt.lan:1884");
    assert_int_equal(cfg.addr, NET_IP4(10, 1, 1, 5));

    assert_int_equal(parse_with(&cfg, extra, 1, "--broker=a b", (char *)NULL), NETAPP_ARGS_ERROR);
    assert_non_null(strstr(err, "malformed --broker 'a b': no spaces"));
    assert_int_equal(b.calls, 2);

    /* A built-in name is never shadowed by a prefix match of an application option. */
    assert_int_equal(parse_with(&cfg, extra, 1, "--brokerx", "y", (char *)NULL),
                     NETAPP_ARGS_ERROR);
    assert_int_equal(b.calls, 2);
}

static void test_usage_lists_every_option(void **state)
{
    (void)state;
    const struct netapp_option extra[] = {
        {"--broker", "HOST[:PORT]", "MQTT broker", apply_broker, NULL},
    };
    char usage[1024];
    netapp_args_usage("fw", extra, 1, usage, sizeof usage);
    const char *expected[] = {"usage: fw", "--tap IFNAME", "--mac MAC", "--ip ADDR/PREFIX",
                              "--gw ADDR", "--dns ADDR", "--broker HOST[:PORT]", "MQTT broker",
                              "--help"};
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        if (!strstr(usage, expected[i]))
            fail_msg("usage lacks '%s':\n%s", expected[i], usage);

    /* A small buffer is cut, still terminated, never overrun. */
    char small[40];
    memset(small, 'x', sizeof small);
    netapp_args_usage("fw", extra, 1, small, 20);
    assert_int_equal(strlen(small), 19);
    assert_int_equal(small[20], 'x');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_arguments_keep_defaults),
        cmocka_unit_test(test_every_network_option),
        cmocka_unit_test(test_equals_form),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_malformed_values),
        cmocka_unit_test(test_structure_errors),
        cmocka_unit_test(test_inconsistent_configuration),
        cmocka_unit_test(test_point_to_point_prefixes),
        cmocka_unit_test(test_application_options),
        cmocka_unit_test(test_usage_lists_every_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
