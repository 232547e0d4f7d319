# NUCLEO-F429ZI (STM32F429ZI, Cortex-M4 with single-precision FPU; UM1974): the PLL from the
# ST-LINK's 8 MHz MCO to 180 MHz with over-drive, the log on RTT, USART3 (ST-LINK virtual COM
# port) and ITM, LEDs, the user button, the RNG on PLL48CLK, Ethernet (DWC MAC + LAN8742A).
# docs/boards.md.
set(BOARD_CROSS ON)
set(BOARD_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
set(BOARD_CHIP stm32f429)
set(BOARD_LINKER_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/../../chips/stm32f429/stm32f429.ld)
set(BOARD_SOURCES board.c clocks.c eth.c eth_hw.c ../common/stm32_eth_board.c)
set(BOARD_DRIVERS uart/stm32_usart gpio/stm32_gpio rng/stm32_rng eth/lan8742 eth/stm32f4_eth)
# Ethernet: the ETH global interrupt (RM0090).
list(APPEND BOARD_DEFINES BOARD_ETH_IRQ=61)
# The scheduler's clock: TIM2, tickless, to the microsecond (sched/port/cortex-m/monotonic_tim2.c).
set(SCHED_MONOTONIC tim2)
# ON: the same images linked to boot in QEMU's netduinoplus2 (STM32F405: no CCM, so the stack goes
# to SRAM; no Ethernet). For checking startup, clock fallback, scheduler and log without a board.
option(NUCLEO_F429ZI_QEMU "Link the NUCLEO-F429ZI images for QEMU netduinoplus2" OFF)
if(NUCLEO_F429ZI_QEMU)
  set(BOARD_LINKER_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/../../chips/stm32f429/stm32f429_qemu.ld)
  set(BOARD_QEMU_MACHINE netduinoplus2)
  list(APPEND BOARD_DEFINES NUCLEO_F429ZI_QEMU=1)
  # QEMU's STM32 timer model raises no compare interrupt: the tickless TIM2 alarm cannot fire.
  set(SCHED_MONOTONIC systick)
endif()
# Flashing and debugging (scripts/flash.sh reads these lines): OpenOCD's board script, pyOCD's
# target and J-Link's device names.
set(BOARD_OPENOCD_CONFIG board/st_nucleo_f4.cfg)
set(BOARD_PYOCD_TARGET stm32f429zitx)
set(BOARD_JLINK_DEVICE STM32F429ZI)
