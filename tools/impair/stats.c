#include "stats.h"

#include <inttypes.h>

void stats_print(FILE *out, const char *name, const struct direction_stats *s)
{
    fprintf(out,
            "impair: %s rx=%" PRIu64 " rx_bytes=%" PRIu64 " tx=%" PRIu64 " tx_bytes=%" PRIu64
            " lost=%" PRIu64 " corrupted=%" PRIu64 " duplicated=%" PRIu64 " reordered=%" PRIu64
            " reorder_expired=%" PRIu64 " queue_full=%" PRIu64 " tx_error=%" PRIu64
            " runt=%" PRIu64 " oversize=%" PRIu64 " pending=%" PRIu64 "\n",
            name, s->rx, s->rx_bytes, s->tx, s->tx_bytes, s->lost, s->corrupted, s->duplicated,
            s->reordered, s->reorder_expired, s->queue_full, s->tx_error, s->runt, s->oversize,
            s->pending);
    fflush(out);
}
