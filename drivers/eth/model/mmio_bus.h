/* The host side of chips/cortex-m/mmio.h (KIT_MMIO_HOOKS): a tiny bus that routes each register
 * access to whatever is mapped at that address (a device model, a test's register recorder), and
 * the mapping between host pointers and 32-bit DMA bus addresses.
 *
 * An access to an address nothing is mapped at aborts with its address: on the host that is the
 * equivalent of a bus fault, and a wrong register offset in a driver shows up at once.
 *
 * Bus addresses: descriptors hold 32-bit addresses, host pointers are 64-bit. A pointer maps to
 * its distance from an anchor in this program's static data, plus MMIO_BUS_DMA_BASE; static
 * objects (the only kind a firmware driver hands a DMA) are all within reach. Anything else
 * (the stack, a heap) aborts: a DMA cannot reach it on the target either. */
#ifndef MMIO_BUS_H
#define MMIO_BUS_H

#include <stdbool.h>
#include <stdint.h>

#define MMIO_BUS_DMA_BASE 0x20000000u /* where bus addresses of static data start */
#define MMIO_BUS_MAX_REGIONS 16

struct mmio_region_ops {
    uint32_t (*read)(void *ctx, uint32_t offset);
    void (*write)(void *ctx, uint32_t offset, uint32_t value);
};

/* Maps [base, base + size) to ops (offsets relative to base). Returns false when the table is
 * full or the range overlaps a mapped one. */
bool mmio_bus_map(uintptr_t base, uint32_t size, const struct mmio_region_ops *ops, void *ctx);
void mmio_bus_unmap(uintptr_t base);
void mmio_bus_unmap_all(void);

#endif
