/* Shared between the log's own files; not part of the API. */
#ifndef LOG_FMT_INTERNAL_H
#define LOG_FMT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

/* *v /= divisor, returning the remainder, in 32-bit divisions only (divisor 1..65536): the
 * formatter's digits and the log's timestamp without libgcc's 64-bit division. */
uint32_t fmt_divmod(uint64_t *v, uint32_t divisor);

#endif
