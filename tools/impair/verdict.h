/* What happens to one frame: the random decisions, taken in a fixed order so runs reproduce.
 *
 * Per frame and direction, a draw is taken only for the impairments enabled (rate > 0) in that
 * direction, in this order: loss; corrupt (+ one draw for the bit when it hits); duplicate;
 * reorder; then one jitter draw per copy when jitter > 0. A lost frame takes no further draws. */
#ifndef IMPAIR_VERDICT_H
#define IMPAIR_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"
#include "rng.h"

#define ETH_HEADER_LEN 14u
#define VERDICT_MAX_COPIES 2u

struct verdict {
    bool lost;
    bool corrupted;
    size_t corrupt_bit;         /* bit index in the frame, never inside the Ethernet header */
    unsigned copies;            /* 1, or 2 when duplicated */
    bool reorder;               /* hold back until the next frame of this direction has gone */
    uint64_t delay_us[VERDICT_MAX_COPIES];
};

void verdict_decide(const struct impairment *im, struct rng *r, size_t frame_len,
                    struct verdict *v);

/* Flips the chosen bit: the Ethernet header is left intact so the frame still reaches its
 * addressee, whose IPv4/UDP/TCP checksums must then reject it. */
void verdict_corrupt(const struct verdict *v, uint8_t *frame);

#endif
