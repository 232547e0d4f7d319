/* Command line of the bridge: two endpoints and the impairments of each direction. */
#ifndef IMPAIR_OPTIONS_H
#define IMPAIR_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

enum direction { DIR_A2B = 0, DIR_B2A = 1, DIR_COUNT = 2 };

/* Rates are in parts per million so "0.5%" is exact; times are in microseconds. */
#define RATE_ONE 1000000u

struct impairment {
    uint32_t loss_ppm;
    uint32_t corrupt_ppm;
    uint32_t dup_ppm;
    uint32_t reorder_ppm;
    uint64_t delay_us;
    uint64_t jitter_us;
};

struct options {
    const char *endpoint[2];         /* A, B */
    struct impairment dir[DIR_COUNT];
    uint64_t reorder_hold_us;        /* a held frame leaves anyway after this long */
    uint64_t seed;
    bool seed_given;
    const char *pcap_path;           /* forwarded frames */
    const char *pcap_dropped_path;   /* dropped frames */
    bool print_stats;                /* on exit */
};

/* Fills *o from argv. Returns 0 when the bridge should run, 1 when it printed help, -1 on a
 * usage error (already reported on stderr). */
int options_parse(struct options *o, int argc, char **argv);

/* Parsers, exposed for the help text and tests: "5%", "0.5%", "5" (percent) -> ppm;
 * "10ms", "500us", "1s", "10" (ms) -> us. Return 0 on success. */
int parse_rate(const char *s, uint32_t *ppm);
int parse_time(const char *s, uint64_t *us);

#endif
