#ifndef LWIP_BENCH_TAPNETIF_H
#define LWIP_BENCH_TAPNETIF_H

#include <stdint.h>

#include "lwip/netif.h"

struct tapnetif {
    int fd;
    uint8_t mac[6];
};

/* netif_add's init function (netif->state is the struct tapnetif). */
err_t tapnetif_init(struct netif *netif);
/* Reads frames forever and hands them to netif->input (tcpip_input: the tcpip thread). */
void tapnetif_input_loop(struct tapnetif *t, struct netif *netif);

#endif
