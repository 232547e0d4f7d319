/* A recording register file for register-sequence tests: every mapped register is plain storage
 * with a reset value, each write is logged in order, and a test may add behaviour (ready bits
 * that follow enables, a status that mirrors a switch) through two hooks. Unmapped addresses
 * fault (mmio_bus). */
#ifndef REG_FAKE_H
#define REG_FAKE_H

#include <stdbool.h>
#include <stdint.h>

#define REG_LOG_MAX 8192

struct reg_write {
    uintptr_t addr;
    uint32_t value;
};

extern struct reg_write reg_log[REG_LOG_MAX];
extern unsigned reg_log_len;
extern unsigned long reg_reads;

/* Called before a read returns (may change the stored value) and after a write is stored. */
extern uint32_t (*reg_fake_on_read)(uintptr_t addr, uint32_t stored);
extern void (*reg_fake_on_write)(uintptr_t addr, uint32_t old, uint32_t value);

void reg_fake_init(void);
void reg_fake_map(uintptr_t base, uint32_t size);
/* Maps [base, base + size) onto real memory `mem` (which code may also write directly, as
 * drivers/gpio/stm32_gpio.c does); writes through the bus are logged too. */
void reg_fake_map_memory(uintptr_t base, uint32_t size, uint32_t *mem);
/* Sets a register without logging (reset values, hook behaviour). */
void reg_fake_set(uintptr_t addr, uint32_t value);
uint32_t reg_fake_get(uintptr_t addr);

/* Index of the first logged write at or after `from` to addr with (value & mask) == want, or -1. */
int reg_log_find(uintptr_t addr, uint32_t mask, uint32_t want, int from);
/* Index of the first / last write to addr, or -1. */
int reg_log_first(uintptr_t addr);
int reg_log_last(uintptr_t addr);
/* How many writes to addr. */
unsigned reg_log_count(uintptr_t addr);

#endif
