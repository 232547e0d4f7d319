#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: impair [options] ENDPOINT_A ENDPOINT_B\n"
    "\n"
    "Bridges Ethernet frames between two endpoints and impairs them on the way.\n"
    "Endpoints:\n"
    "  tap:NAME[@NETNS]       TAP device (created, or attached if it exists and is free);\n"
    "                         @NETNS opens it inside /run/netns/NETNS (or a path to a netns file)\n"
    "  raw:IFNAME[@NETNS]     AF_PACKET on an existing interface, e.g. the TAP a native firmware holds\n"
    "  udp:LOCALPORT:REMOTEPORT  one frame per datagram on 127.0.0.1 (QEMU -netdev dgram / socket,udp=)\n"
    "  tcp-listen:PORT        4-byte big-endian length + frame (QEMU -netdev stream/socket, connect=)\n"
    "  tcp:PORT               same framing, connecting to 127.0.0.1:PORT (QEMU stream server=on)\n"
    "Impairments (RATE: 5%, 0.5%, or a bare percent; TIME: 10ms, 500us, 1s, or bare ms).\n"
    "Prefix a value with a2b: or b2a: to impair one direction only; default is both:\n"
    "  --loss RATE  --corrupt RATE  --dup RATE  --reorder RATE  --delay TIME  --jitter TIME\n"
    "  --reorder-hold TIME    longest a reordered frame waits for a successor (default 10ms)\n"
    "Other:\n"
    "  --seed N               deterministic decisions (default: random, printed at start)\n"
    "  --pcap FILE            write every forwarded frame (both directions)\n"
    "  --pcap-dropped FILE    write every dropped frame\n"
    "  --stats                print per-direction counters on exit (SIGUSR1: print any time)\n"
    "See docs/impair.md.\n";

int parse_rate(const char *s, uint32_t *ppm)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno)
        return -1;
    if (*end == '%')
        end++;
    if (*end != '\0' || !(v >= 0.0 && v <= 100.0))
        return -1;
    *ppm = (uint32_t)llround(v * (RATE_ONE / 100));
    return 0;
}

int parse_time(const char *s, uint64_t *us)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !(v >= 0.0 && v <= 3600.0e3))
        return -1;
    double scale;
    if (strcmp(end, "") == 0 || strcmp(end, "ms") == 0)
        scale = 1e3;
    else if (strcmp(end, "us") == 0)
        scale = 1.0;
    else if (strcmp(end, "s") == 0)
        scale = 1e6;
    else
        return -1;
    *us = (uint64_t)llround(v * scale);
    return 0;
}

enum {
    OPT_LOSS = 256, OPT_CORRUPT, OPT_DUP, OPT_REORDER, OPT_DELAY, OPT_JITTER, OPT_REORDER_HOLD,
    OPT_SEED, OPT_PCAP, OPT_PCAP_DROPPED, OPT_STATS,
};

/* Splits an optional "a2b:" / "b2a:" prefix off a value: which directions it applies to. */
static const char *split_direction(const char *arg, bool apply[DIR_COUNT])
{
    apply[DIR_A2B] = apply[DIR_B2A] = true;
    if (strncmp(arg, "a2b:", 4) == 0) {
        apply[DIR_B2A] = false;
        return arg + 4;
    }
    if (strncmp(arg, "b2a:", 4) == 0) {
        apply[DIR_A2B] = false;
        return arg + 4;
    }
    return arg;
}

static int set_impairment(struct options *o, int opt, const char *name, const char *arg)
{
    bool apply[DIR_COUNT];
    const char *value = split_direction(arg, apply);
    uint32_t ppm = 0;
    uint64_t us = 0;
    int bad = (opt == OPT_DELAY || opt == OPT_JITTER) ? parse_time(value, &us)
                                                      : parse_rate(value, &ppm);
    if (bad) {
        fprintf(stderr, "impair: bad value '%s' for --%s\n", arg, name);
        return -1;
    }
    for (int d = 0; d < DIR_COUNT; d++) {
        if (!apply[d])
            continue;
        struct impairment *im = &o->dir[d];
        switch (opt) {
        case OPT_LOSS: im->loss_ppm = ppm; break;
        case OPT_CORRUPT: im->corrupt_ppm = ppm; break;
        case OPT_DUP: im->dup_ppm = ppm; break;
        case OPT_REORDER: im->reorder_ppm = ppm; break;
        case OPT_DELAY: im->delay_us = us; break;
        case OPT_JITTER: im->jitter_us = us; break;
        default: break;
        }
    }
    return 0;
}

int options_parse(struct options *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"loss", required_argument, NULL, OPT_LOSS},
        {"corrupt", required_argument, NULL, OPT_CORRUPT},
        {"dup", required_argument, NULL, OPT_DUP},
        {"reorder", required_argument, NULL, OPT_REORDER},
        {"delay", required_argument, NULL, OPT_DELAY},
        {"jitter", required_argument, NULL, OPT_JITTER},
        {"reorder-hold", required_argument, NULL, OPT_REORDER_HOLD},
        {"seed", required_argument, NULL, OPT_SEED},
        {"pcap", required_argument, NULL, OPT_PCAP},
        {"pcap-dropped", required_argument, NULL, OPT_PCAP_DROPPED},
        {"stats", no_argument, NULL, OPT_STATS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
    o->reorder_hold_us = 10000;

    int opt, index;
    while ((opt = getopt_long(argc, argv, "h", longopts, &index)) != -1) {
        switch (opt) {
        case OPT_LOSS: case OPT_CORRUPT: case OPT_DUP: case OPT_REORDER: case OPT_DELAY:
        case OPT_JITTER:
            if (set_impairment(o, opt, longopts[index].name, optarg))
                return -1;
            break;
        case OPT_REORDER_HOLD:
            if (parse_time(optarg, &o->reorder_hold_us)) {
                fprintf(stderr, "impair: bad value '%s' for --reorder-hold\n", optarg);
                return -1;
            }
            break;
        case OPT_SEED: {
            char *end;
            errno = 0;
            o->seed = strtoull(optarg, &end, 0);
            if (end == optarg || *end || errno) {
                fprintf(stderr, "impair: bad seed '%s'\n", optarg);
                return -1;
            }
            o->seed_given = true;
            break;
        }
        case OPT_PCAP: o->pcap_path = optarg; break;
        case OPT_PCAP_DROPPED: o->pcap_dropped_path = optarg; break;
        case OPT_STATS: o->print_stats = true; break;
        case 'h':
            fputs(usage, stdout);
            return 1;
        default:
            fputs(usage, stderr);
            return -1;
        }
    }
    if (argc - optind != 2) {
        fputs(usage, stderr);
        return -1;
    }
    o->endpoint[0] = argv[optind];
    o->endpoint[1] = argv[optind + 1];
    return 0;
}
