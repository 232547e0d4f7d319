#include "verdict.h"

static bool hit(struct rng *r, uint32_t ppm)
{
    return ppm && rng_below(r, RATE_ONE) < ppm;
}

static uint64_t delay_with_jitter(const struct impairment *im, struct rng *r)
{
    if (!im->jitter_us)
        return im->delay_us;
    /* Uniform in [delay - jitter, delay + jitter], never negative. */
    uint64_t offset = rng_below(r, 2 * im->jitter_us + 1);
    uint64_t d = im->delay_us + offset;
    return d > im->jitter_us ? d - im->jitter_us : 0;
}

void verdict_decide(const struct impairment *im, struct rng *r, size_t frame_len,
                    struct verdict *v)
{
    *v = (struct verdict){.copies = 1};
    if (hit(r, im->loss_ppm)) {
        v->lost = true;
        return;
    }
    if (hit(r, im->corrupt_ppm) && frame_len > ETH_HEADER_LEN) {
        v->corrupted = true;
        v->corrupt_bit = ETH_HEADER_LEN * 8 + rng_below(r, (frame_len - ETH_HEADER_LEN) * 8);
    }
    if (hit(r, im->dup_ppm))
        v->copies = 2;
    v->reorder = hit(r, im->reorder_ppm);
    for (unsigned i = 0; i < v->copies; i++)
        v->delay_us[i] = delay_with_jitter(im, r);
}

void verdict_corrupt(const struct verdict *v, uint8_t *frame)
{
    if (v->corrupted)
        frame[v->corrupt_bit / 8] ^= (uint8_t)(1u << (v->corrupt_bit % 8));
}
