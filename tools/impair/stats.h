/* Per-direction counters, printed as one "key=value" line per direction so scripts parse them:
 *   impair: a2b rx=1000 tx=803 lost=197 corrupted=0 ...
 * Every frame read, and every duplicate made, ends in exactly one counter:
 *   rx + duplicated = runt + oversize + lost + tx + queue_full + tx_error + pending */
#ifndef IMPAIR_STATS_H
#define IMPAIR_STATS_H

#include <stdint.h>
#include <stdio.h>

struct direction_stats {
    uint64_t rx, rx_bytes;          /* frames read from the source endpoint */
    uint64_t tx, tx_bytes;          /* frames written to the destination (duplicates included) */
    uint64_t lost;                  /* dropped by --loss */
    uint64_t corrupted;             /* one bit flipped by --corrupt */
    uint64_t duplicated;            /* extra copies made by --dup */
    uint64_t reordered;             /* held back by --reorder and sent after a later frame */
    uint64_t reorder_expired;       /* held back, but no later frame came within --reorder-hold */
    uint64_t queue_full;            /* no room in the delay queue */
    uint64_t tx_error;              /* the destination refused it (down, not connected, full) */
    uint64_t runt;                  /* shorter than an Ethernet header */
    uint64_t oversize;              /* longer than the bridge carries */
    uint64_t pending;               /* still queued when the bridge stopped */
};

void stats_print(FILE *out, const char *name, const struct direction_stats *s);

#endif
