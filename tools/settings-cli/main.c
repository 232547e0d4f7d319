/* kitconf: reads and writes a device's settings over MQTT, with miniconf's command syntax.
 *
 *   kitconf [-b HOST[:PORT]] [-t SECONDS] PREFIX COMMAND...
 *   kitconf [-b HOST[:PORT]] [-t SECONDS] --discover FILTER [COMMAND...]
 *   kitconf [-b HOST[:PORT]] [-t SECONDS] [-n COUNT] --watch PREFIX
 *
 * See usage() for the commands and exit statuses. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kitconf.h"

#define DEFAULT_TIMEOUT_S 5.0

static void usage(FILE *f)
{
    fprintf(f,
        "usage: kitconf [-b HOST[:PORT]] [-t SECONDS] PREFIX COMMAND...\n"
        "       kitconf [-b HOST[:PORT]] [-t SECONDS] --discover FILTER [COMMAND...]\n"
        "       kitconf [-b HOST[:PORT]] [-t SECONDS] [-n COUNT] --watch PREFIX\n"
        "\n"
        "PREFIX is the device's topic prefix, e.g. dt/kit/mqtt-device/02-00-00-00-00-01.\n"
        "Commands (PATH is empty for the root, or starts with '/'):\n"
        "  PATH         get a leaf's value                    prints PATH=VALUE\n"
        "  PATH=VALUE   set a leaf (VALUE is JSON: 5, true, \"text\")  prints PATH=VALUE\n"
        "  PATH?        list the leaves under PATH, with values  prints LEAF=VALUE lines\n"
        "  PATH!        dump: the device re-publishes the values under PATH (printed)\n"
        "Options:\n"
        "  -b, --broker HOST[:PORT]  the MQTT broker (default 127.0.0.1:1883, or $KITCONF_BROKER)\n"
        "  -t, --timeout SECONDS     how long to wait for the device (default 5; --watch:\n"
        "                            the longest silence tolerated, default none)\n"
        "  -d, --discover            PREFIX is a filter (+ and # allowed): list the devices\n"
        "                            whose <prefix>/alive is 1; with commands, use the one found\n"
        "  -w, --watch               print <PREFIX>/telemetry as a table\n"
        "  -n, --count N             --watch: stop after N rows\n"
        "Exit status: 0 done, 2 bad usage (or several devices found), 3 timeout (no answer),\n"
        "4 refused by the device (the reason is printed), 5 broker unreachable, 1 other errors.\n");
}

static int run_command(struct kc *k, const char *cmd)
{
    size_t len = strlen(cmd);
    char path[512];
    const char *eq = strchr(cmd, '=');
    char last = len ? cmd[len - 1] : '\0';
    size_t plen = eq ? (size_t)(eq - cmd) : (last == '?' || last == '!') ? len - 1 : len;
    if (plen >= sizeof path) {
        fprintf(stderr, "kitconf: path too long: %s\n", cmd);
        return KC_USAGE;
    }
    memcpy(path, cmd, plen);
    path[plen] = '\0';
    if (path[0] != '\0' && path[0] != '/') {
        fprintf(stderr, "kitconf: '%s': a path is empty or starts with '/'\n", cmd);
        return KC_USAGE;
    }
    if (eq) {
        if (!eq[1]) {
            fprintf(stderr, "kitconf: '%s': no value (an empty payload would be a get)\n", cmd);
            return KC_USAGE;
        }
        return kc_set(k, path, eq + 1);
    }
    if (last == '?')
        return kc_list(k, path);
    if (last == '!')
        return kc_dump(k, path);
    return kc_get(k, path);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"broker", 1, 0, 'b'}, {"timeout", 1, 0, 't'}, {"discover", 0, 0, 'd'},
        {"watch", 0, 0, 'w'}, {"count", 1, 0, 'n'}, {"help", 0, 0, 'h'}, {0, 0, 0, 0},
    };
    const char *broker = getenv("KITCONF_BROKER");
    static char host[256] = "127.0.0.1";
    int port = 1883;
    double timeout = -1;
    bool discover = false, watch = false;
    long count = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "b:t:dwn:h", longopts, NULL)) != -1) {
        char *end;
        switch (ch) {
        case 'b': broker = optarg; break;
        case 't':
            timeout = strtod(optarg, &end);
            if (*end || end == optarg || timeout <= 0 || timeout > 86400) {
                fprintf(stderr, "kitconf: bad timeout '%s'\n", optarg);
                return KC_USAGE;
            }
            break;
        case 'd': discover = true; break;
        case 'w': watch = true; break;
        case 'n':
            count = strtol(optarg, &end, 10);
            if (*end || end == optarg || count <= 0) {
                fprintf(stderr, "kitconf: bad count '%s'\n", optarg);
                return KC_USAGE;
            }
            break;
        case 'h': usage(stdout); return KC_OK;
        default: usage(stderr); return KC_USAGE;
        }
    }
    if (broker) {
        snprintf(host, sizeof host, "%s", broker);
        char *colon = strrchr(host, ':');
        if (colon) {
            char *end;
            long p = strtol(colon + 1, &end, 10);
            if (*end || end == colon + 1 || p < 1 || p > 65535) {
                fprintf(stderr, "kitconf: bad broker port in '%s'\n", broker);
                return KC_USAGE;
            }
            *colon = '\0';
            port = (int)p;
        }
    }
    if (optind >= argc || (!discover && !watch && optind + 1 >= argc) ||
        (watch && optind + 1 != argc)) {
        usage(stderr);
        return KC_USAGE;
    }
    struct kc k = {.prefix = argv[optind],
                   .timeout_s = timeout > 0 ? timeout : DEFAULT_TIMEOUT_S};
    int rc = kc_connect(&k, host, port);
    if (rc) {
        kc_close(&k);
        return rc;
    }
    if (watch) {
        k.timeout_s = timeout > 0 ? timeout : 0;
        rc = kc_watch(&k, count);
        fflush(stdout);
        kc_close(&k);
        return rc;
    }
    if (discover) {
        char **names;
        size_t n;
        rc = kc_discover(&k, argv[optind], &names, &n);
        if (rc == KC_OK && n == 0) {
            fprintf(stderr, "kitconf: no device alive under %s\n", argv[optind]);
            rc = KC_TIMEOUT;
        } else if (rc == KC_OK && optind + 1 == argc) {
            for (size_t i = 0; i < n; i++)
                printf("%s\n", names[i]);
        } else if (rc == KC_OK && n > 1) {
            fprintf(stderr, "kitconf: %zu devices alive under %s, name one:\n", n, argv[optind]);
            for (size_t i = 0; i < n; i++)
                fprintf(stderr, "  %s\n", names[i]);
            rc = KC_USAGE;
        } else if (rc == KC_OK) {
            static char chosen[512];
            snprintf(chosen, sizeof chosen, "%s", names[0]);
            k.prefix = chosen;
        }
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        free(names);
        if (rc != KC_OK || optind + 1 == argc) {
            fflush(stdout);
            kc_close(&k);
            return rc;
        }
    }
    /* Every command runs; the status is the first failure's. */
    for (int i = optind + 1; i < argc; i++) {
        int one = run_command(&k, argv[i]);
        if (one && !rc)
            rc = one;
        if (one == KC_BROKER)
            break;
    }
    fflush(stdout);
    kc_close(&k);
    return rc;
}
