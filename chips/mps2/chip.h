/* ARM MPS2 FPGA images as QEMU models them (AN500: Cortex-M7, AN386: Cortex-M4).
 * Addresses from QEMU's `info mtree` for mps2-an500 and the AN500 application note. */
#ifndef CHIP_MPS2_H
#define CHIP_MPS2_H

#include "irq_names.h"

#define CHIP_FOR_EACH_IRQ(X) CORTEX_M_IRQS_0_31(X)
#define CHIP_IRQ_COUNT 32

/* AN500 is a Cortex-M7, AN386 a Cortex-M4: cortex_m_caches_enable() reads CLIDR and leaves a
 * core without caches alone. */
#define CHIP_HAS_L1_CACHE 1

#define CHIP_NVIC_PRIO_BITS 3 /* QEMU's armv7m NVIC implements 8 levels here */
#define CHIP_SYSCLK_HZ 25000000u

#define MPS2_UART0_BASE 0x40004000u
#define MPS2_FPGAIO_BASE 0x40028000u
#define MPS2_LAN9118_BASE 0xA0000000u

/* IRQ numbers (QEMU hw/arm/mps2.c). */
#define MPS2_UART0_RX_IRQ 0
#define MPS2_UART0_TX_IRQ 1
#define MPS2_TIMER0_IRQ 8
#define MPS2_TIMER1_IRQ 9
#define MPS2_DUALTIMER_IRQ 10
#define MPS2_ETHERNET_IRQ 13
/* Vectors no device drives in QEMU's model: free for the scheduler's software-task dispatchers. */
#define MPS2_FREE_IRQ_FIRST 24
#define MPS2_FREE_IRQ_COUNT 8
/* The same under the name every chip provides. */
#define CHIP_FREE_IRQ_FIRST MPS2_FREE_IRQ_FIRST
#define CHIP_FREE_IRQ_COUNT MPS2_FREE_IRQ_COUNT

/* Hot code run from RAM (SSRAM2/3), copied there at boot (mps2.ld .ramcode). long_call: RAM is
 * 512 MiB away from the image, beyond a BL's reach. */
#define KIT_RAM_CODE __attribute__((section(".ramcode"), noinline, long_call))

#endif
