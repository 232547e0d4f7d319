#include "reg_fake.h"

#include <stdio.h>
#include <stdlib.h>

#include "mmio_bus.h"

#define MAX_REGS 512

struct reg_write reg_log[REG_LOG_MAX];
unsigned reg_log_len;
unsigned long reg_reads;
uint32_t (*reg_fake_on_read)(uintptr_t addr, uint32_t stored);
void (*reg_fake_on_write)(uintptr_t addr, uint32_t old, uint32_t value);

static struct {
    uintptr_t addr;
    uint32_t value;
} regs[MAX_REGS];
static unsigned reg_count;

static uint32_t *slot(uintptr_t addr)
{
    for (unsigned i = 0; i < reg_count; i++)
        if (regs[i].addr == addr)
            return &regs[i].value;
    if (reg_count == MAX_REGS) {
        fprintf(stderr, "reg_fake: too many registers\n");
        abort();
    }
    regs[reg_count].addr = addr;
    regs[reg_count].value = 0;
    return &regs[reg_count++].value;
}

void reg_fake_set(uintptr_t addr, uint32_t value)
{
    *slot(addr) = value;
}

uint32_t reg_fake_get(uintptr_t addr)
{
    return *slot(addr);
}

struct block {
    uintptr_t base;
};
static struct block blocks[MMIO_BUS_MAX_REGIONS];
static unsigned block_count;

static uint32_t block_read(void *ctx, uint32_t off)
{
    uintptr_t addr = ((struct block *)ctx)->base + off;
    reg_reads++;
    uint32_t *v = slot(addr);
    if (reg_fake_on_read)
        *v = reg_fake_on_read(addr, *v);
    return *v;
}

static void block_write(void *ctx, uint32_t off, uint32_t value)
{
    uintptr_t addr = ((struct block *)ctx)->base + off;
    if (reg_log_len < REG_LOG_MAX)
        reg_log[reg_log_len++] = (struct reg_write){addr, value};
    uint32_t *v = slot(addr);
    uint32_t old = *v;
    *v = value;
    if (reg_fake_on_write)
        reg_fake_on_write(addr, old, value);
}

static const struct mmio_region_ops ops = {block_read, block_write};

static uint32_t memory_read(void *ctx, uint32_t off)
{
    reg_reads++;
    return ((uint32_t *)ctx)[off / 4];
}

static void memory_write(void *ctx, uint32_t off, uint32_t value)
{
    uint32_t *mem = ctx;
    if (reg_log_len < REG_LOG_MAX)
        reg_log[reg_log_len++] = (struct reg_write){(uintptr_t)&mem[off / 4], value};
    mem[off / 4] = value;
}

static const struct mmio_region_ops memory_ops = {memory_read, memory_write};

void reg_fake_map_memory(uintptr_t base, uint32_t size, uint32_t *mem)
{
    if (!mmio_bus_map(base, size, &memory_ops, mem))
        abort();
}

void reg_fake_init(void)
{
    mmio_bus_unmap_all();
    reg_count = 0;
    block_count = 0;
    reg_log_len = 0;
    reg_reads = 0;
    reg_fake_on_read = 0;
    reg_fake_on_write = 0;
}

void reg_fake_map(uintptr_t base, uint32_t size)
{
    if (block_count == MMIO_BUS_MAX_REGIONS)
        abort();
    blocks[block_count].base = base;
    if (!mmio_bus_map(base, size, &ops, &blocks[block_count]))
        abort();
    block_count++;
}

int reg_log_find(uintptr_t addr, uint32_t mask, uint32_t want, int from)
{
    for (unsigned i = from < 0 ? 0u : (unsigned)from; i < reg_log_len; i++)
        if (reg_log[i].addr == addr && (reg_log[i].value & mask) == want)
            return (int)i;
    return -1;
}

int reg_log_first(uintptr_t addr)
{
    return reg_log_find(addr, 0, 0, 0);
}

int reg_log_last(uintptr_t addr)
{
    for (unsigned i = reg_log_len; i-- > 0;)
        if (reg_log[i].addr == addr)
            return (int)i;
    return -1;
}

unsigned reg_log_count(uintptr_t addr)
{
    unsigned n = 0;
    for (unsigned i = 0; i < reg_log_len; i++)
        n += reg_log[i].addr == addr;
    return n;
}
