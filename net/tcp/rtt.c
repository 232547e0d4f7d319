/* Retransmission timeout per RFC 6298: smoothed RTT and its variation from samples timed one
 * segment at a time (Karn's algorithm: a retransmitted segment is never timed, see output.c). */
#include "tcp_internal.h"

/* Clock granularity G (2.4): the poll that notices the timer may come this much later. */
#define TCP_CLOCK_G_US 1000u

void tcp_rtt_init(struct net_tcp_socket *s, const struct net_tcp_config *cfg)
{
    s->srtt = 0; /* 0: no sample yet */
    s->rttvar = 0;
    s->rto = cfg->rto_initial_us;
    s->rtt_timing = false;
}

static uint32_t clamp(uint32_t v, uint32_t lo, uint32_t hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void tcp_rtt_sample(struct net_tcp_socket *s, uint32_t r, const struct net_tcp_config *cfg)
{
    if (r == 0)
        r = 1;
    if (s->srtt == 0) {
        /* 2.2: the first measurement */
        s->srtt = r;
        s->rttvar = r / 2;
    } else {
        /* 2.3: RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R|, then SRTT = 7/8 SRTT + 1/8 R */
        uint32_t delta = s->srtt > r ? s->srtt - r : r - s->srtt;
        s->rttvar = s->rttvar - s->rttvar / 4 + delta / 4;
        s->srtt = s->srtt - s->srtt / 8 + r / 8;
        if (s->srtt == 0)
            s->srtt = 1;
    }
    uint64_t k = 4ull * s->rttvar;
    uint64_t rto = (uint64_t)s->srtt + (k > TCP_CLOCK_G_US ? k : TCP_CLOCK_G_US);
    s->rto = clamp(rto > UINT32_MAX ? UINT32_MAX : (uint32_t)rto, cfg->rto_min_us,
                   cfg->rto_max_us);
}
