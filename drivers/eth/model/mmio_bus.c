/* Register accesses routed to models, and host pointers as 32-bit DMA bus addresses. */
#include "mmio_bus.h"

#include <stdio.h>
#include <stdlib.h>

#include "mmio.h"

struct region {
    uintptr_t base;
    uint32_t size;
    const struct mmio_region_ops *ops;
    void *ctx;
};

static struct region regions[MMIO_BUS_MAX_REGIONS];
static unsigned region_count;

/* Anchor for bus addresses: any object in this program's static data. */
static char dma_anchor;
#define DMA_WINDOW 0x40000000u /* +-1 GiB around the anchor: every static object of a program */

bool mmio_bus_map(uintptr_t base, uint32_t size, const struct mmio_region_ops *ops, void *ctx)
{
    if (region_count == MMIO_BUS_MAX_REGIONS || size == 0)
        return false;
    for (unsigned i = 0; i < region_count; i++)
        if (base < regions[i].base + regions[i].size && regions[i].base < base + size)
            return false;
    regions[region_count++] = (struct region){base, size, ops, ctx};
    return true;
}

void mmio_bus_unmap(uintptr_t base)
{
    for (unsigned i = 0; i < region_count; i++) {
        if (regions[i].base == base) {
            regions[i] = regions[--region_count];
            return;
        }
    }
}

void mmio_bus_unmap_all(void)
{
    region_count = 0;
}

__attribute__((noreturn)) static void bus_fault(const char *what, uintptr_t addr)
{
    fprintf(stderr, "mmio_bus: %s at %#lx: nothing mapped there (bus fault)\n", what,
            (unsigned long)addr);
    abort();
}

static const struct region *find(uintptr_t addr)
{
    for (unsigned i = 0; i < region_count; i++)
        if (addr >= regions[i].base && addr - regions[i].base < regions[i].size)
            return &regions[i];
    return 0;
}

uint32_t mmio_read32(uintptr_t addr)
{
    const struct region *r = find(addr);
    if (!r || (addr & 3u))
        bus_fault("read", addr);
    return r->ops->read(r->ctx, (uint32_t)(addr - r->base));
}

void mmio_write32(uintptr_t addr, uint32_t value)
{
    const struct region *r = find(addr);
    if (!r || (addr & 3u))
        bus_fault("write", addr);
    r->ops->write(r->ctx, (uint32_t)(addr - r->base), value);
}

uint32_t mmio_bus_addr(const volatile void *p)
{
    intptr_t d = (intptr_t)(uintptr_t)p - (intptr_t)(uintptr_t)&dma_anchor;
    if (d <= -(intptr_t)DMA_WINDOW / 2 || d >= (intptr_t)DMA_WINDOW / 2) {
        fprintf(stderr, "mmio_bus: %p is not static data: no DMA can reach it\n",
                (const void *)p);
        abort();
    }
    return (uint32_t)(MMIO_BUS_DMA_BASE + DMA_WINDOW / 2 + d);
}

void *mmio_bus_ptr(uint32_t bus_addr)
{
    if (bus_addr < MMIO_BUS_DMA_BASE || bus_addr - MMIO_BUS_DMA_BASE >= DMA_WINDOW)
        return 0; /* the model reports a bus error: outside every memory */
    intptr_t d = (intptr_t)(bus_addr - MMIO_BUS_DMA_BASE) - (intptr_t)(DMA_WINDOW / 2);
    return (void *)((uintptr_t)&dma_anchor + (uintptr_t)d);
}
