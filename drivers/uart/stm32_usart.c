#include "stm32_usart.h"

#include "chip.h"
#include "cortex_m.h"

/* Register offsets and bits: RM0433 section 48 (H7) / RM0090 section 30 (F4). */
#define USART_REG(u, offset) (*(volatile uint32_t *)((u)->base + (offset)))
#if defined(STM32_USART_ISR_LAYOUT)
#define USART_CR1(u) USART_REG(u, 0x00)
#define USART_BRR(u) USART_REG(u, 0x0C)
#define USART_STATUS(u) USART_REG(u, 0x1C) /* ISR */
#define USART_TX(u) USART_REG(u, 0x28)     /* TDR */
#define CR1_UE (1u << 0)
#else
#define USART_STATUS(u) USART_REG(u, 0x00) /* SR */
#define USART_TX(u) USART_REG(u, 0x04)     /* DR */
#define USART_BRR(u) USART_REG(u, 0x08)
#define USART_CR1(u) USART_REG(u, 0x0C)
#define CR1_UE (1u << 13)
#endif
#define CR1_TE (1u << 3)
#define CR1_TXEIE (1u << 7)
#define STATUS_TXE (1u << 7)

/* At 115200 baud a byte takes ~87 us: this many polls is more than that at any clock here. */
#define TXE_SPIN_LIMIT 100000u

void stm32_usart_init(struct stm32_usart *u, uintptr_t base, uint32_t kernel_hz, uint32_t baud,
                      char *ring, uint32_t ring_size)
{
    u->base = base;
    u->ring = ring;
    u->size = ring_size;
    u->head = u->tail = 0;
    USART_CR1(u) = 0;
    USART_BRR(u) = (kernel_hz + baud / 2) / baud; /* 16x oversampling: BRR = fck / baud */
    USART_CR1(u) = CR1_TE | CR1_UE;
}

bool stm32_usart_write(struct stm32_usart *u, const char *s, size_t len)
{
    uint32_t primask = cortex_m_primask_save_disable();
    uint32_t head = u->head, tail = u->tail;
    uint32_t used = head >= tail ? head - tail : u->size - (tail - head);
    bool fits = len <= u->size - 1 - used;
    if (fits) {
        for (size_t i = 0; i < len; i++) {
            u->ring[head] = s[i];
            head = head + 1 == u->size ? 0 : head + 1;
        }
        u->head = head;
        USART_CR1(u) |= CR1_TXEIE;
    }
    cortex_m_primask_restore(primask);
    return fits;
}

static bool send_polled(struct stm32_usart *u, char c)
{
    for (uint32_t spin = 0; spin < TXE_SPIN_LIMIT; spin++) {
        if (USART_STATUS(u) & STATUS_TXE) {
            USART_TX(u) = (uint8_t)c;
            return true;
        }
    }
    return false;
}

void stm32_usart_write_polled(struct stm32_usart *u, const char *s, size_t len)
{
    uint32_t primask = cortex_m_primask_save_disable();
    USART_CR1(u) &= ~CR1_TXEIE;
    bool ok = true;
    while (ok && u->tail != u->head) {
        ok = send_polled(u, u->ring[u->tail]);
        u->tail = u->tail + 1 == u->size ? 0 : u->tail + 1;
    }
    for (size_t i = 0; ok && i < len; i++)
        ok = send_polled(u, s[i]);
    cortex_m_primask_restore(primask);
}

void stm32_usart_irq(struct stm32_usart *u)
{
    /* Under PRIMASK like the writers: a writer preempting between "ring empty" and clearing TXEIE
     * would otherwise see its bytes stranded with the interrupt off. */
    uint32_t primask = cortex_m_primask_save_disable();
    uint32_t tail = u->tail;
    while (tail != u->head && (USART_STATUS(u) & STATUS_TXE)) {
        USART_TX(u) = (uint8_t)u->ring[tail];
        tail = tail + 1 == u->size ? 0 : tail + 1;
    }
    u->tail = tail;
    if (tail == u->head)
        USART_CR1(u) &= ~CR1_TXEIE; /* nothing left: the interrupt would fire for ever */
    cortex_m_primask_restore(primask);
}
