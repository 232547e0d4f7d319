/* A TAP file descriptor for the interface `name` (which must exist or may be created), or -1. */
#ifndef LWIP_BENCH_TAP_OPEN_H
#define LWIP_BENCH_TAP_OPEN_H

int tap_open(const char *name);

#endif
