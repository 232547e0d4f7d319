/* Peripheral register access and DMA bus addresses, as functions, for code that host tests and
 * device models must be able to watch: the STM32 clock trees and Ethernet drivers.
 *
 * On the target these are a volatile load/store and a pointer cast. Built with KIT_MMIO_HOOKS
 * (host unit tests, the native build flavours that run a driver against a model of its
 * hardware), every access becomes a call into whoever provides the hooks: a register-sequence
 * recorder, or a behavioural model that reacts to writes the way the silicon does (write-1-to-
 * clear status, tail pointers and poll demands that wake a DMA engine, ready bits that follow
 * enables). Plain memory cannot do that, which is why these are not REG32 lvalues.
 *
 * Bus addresses: a DMA descriptor holds 32-bit addresses. On the target that is the pointer. On a
 * 64-bit host it cannot be, so the hook provider maps pointers to 32-bit bus addresses and back. */
#ifndef KIT_MMIO_H
#define KIT_MMIO_H

#include <stdint.h>

#ifdef KIT_MMIO_HOOKS

uint32_t mmio_read32(uintptr_t addr);
void mmio_write32(uintptr_t addr, uint32_t value);
uint32_t mmio_bus_addr(const volatile void *p);
void *mmio_bus_ptr(uint32_t bus_addr);

#else

static inline uint32_t mmio_read32(uintptr_t addr)
{
    return *(const volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t value)
{
    *(volatile uint32_t *)addr = value;
}

static inline uint32_t mmio_bus_addr(const volatile void *p)
{
    return (uint32_t)(uintptr_t)p;
}

static inline void *mmio_bus_ptr(uint32_t bus_addr)
{
    return (void *)(uintptr_t)bus_addr;
}

#endif

/* Between the CPU's writes to DMA memory (a descriptor, its buffer) and the register write that
 * hands them over (a tail pointer, a poll demand): the writes must reach memory first. On the
 * target a DSB, which also orders Normal memory against the Device-memory register write. */
static inline void mmio_dma_barrier(void)
{
#if defined(__arm__) && !defined(KIT_MMIO_HOOKS)
    __asm__ volatile("dsb 0xF" ::: "memory");
#else
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

/* Read-modify-write: clears `clear`, then sets `set`. Not atomic. */
static inline void mmio_modify32(uintptr_t addr, uint32_t clear, uint32_t set)
{
    mmio_write32(addr, (mmio_read32(addr) & ~clear) | set);
}

#endif
