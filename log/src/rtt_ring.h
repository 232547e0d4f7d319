/* SEGGER RTT's shared-memory layout and its ring write, apart from the sink so the host tests can
 * drive it (tests/unit/log/test_rtt.c plays the debugger's part).
 *
 * The layout is the protocol: a debugger (OpenOCD `rtt`, pyOCD, J-Link) searches target RAM for
 * the 16-byte ID "SEGGER RTT", reads the buffer counts after it, then the buffer descriptors, and
 * drains each up buffer from RdOff to WrOff, writing RdOff back. On the 32-bit target a descriptor
 * is 24 bytes and the block with one up and one down buffer 72 bytes. */
#ifndef LOG_RTT_RING_H
#define LOG_RTT_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RTT_ID "SEGGER RTT"
#define RTT_ID_SIZE 16
#define RTT_MODE_NO_BLOCK_SKIP 0u /* flags: a write that does not fit is dropped whole */

struct rtt_buffer {
    const char *name;
    char *buf;
    uint32_t size;
    volatile uint32_t wr; /* WrOff: advanced by the target only */
    volatile uint32_t rd; /* RdOff: advanced by the debugger only (for an up buffer) */
    uint32_t flags;
};

struct rtt_control_block {
    char id[RTT_ID_SIZE];
    int32_t max_up;
    int32_t max_down;
    struct rtt_buffer up[1];
    struct rtt_buffer down[1];
};

#if UINTPTR_MAX == 0xFFFFFFFFu
_Static_assert(sizeof(struct rtt_buffer) == 24, "RTT buffer descriptor must be 6 words");
_Static_assert(sizeof(struct rtt_control_block) == 72, "RTT control block layout");
#endif

/* The target's block (log/src/rtt.c). The asm label gives it the name SEGGER's tools look up in
 * the ELF, without a reserved identifier in C. */
extern struct rtt_control_block log_rtt_control_block __asm__("_SEGGER_RTT");

/* Free bytes in an up buffer (one slot stays empty to tell full from empty); 0 if the indices
 * are out of range, which only a confused debugger could cause. */
uint32_t rtt_ring_free(const struct rtt_buffer *b);

/* Copies all of data into the ring and publishes it (WrOff last, after a barrier), or nothing at
 * all if it does not fit. Not reentrant: the caller serialises writers. */
bool rtt_ring_write_skip(struct rtt_buffer *b, const char *data, size_t len);

/* Sets up cb with one up buffer "Terminal" (and one unused down buffer, so channel 0 exists both
 * ways as in the usual layout tools are tested against),
 * writing the ID last so a debugger never finds a half-built block. */
void rtt_control_block_init(struct rtt_control_block *cb, char *up, uint32_t up_size, char *down,
                            uint32_t down_size);

#endif
