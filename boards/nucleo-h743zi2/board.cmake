# NUCLEO-H743ZI2 (STM32H743ZI rev V or Y, Cortex-M7 with double-precision FPU; UM2407): PLL1 from
# the ST-LINK's 8 MHz MCO to 400 MHz (or 480 on rev V), the log on RTT, USART3 (ST-LINK virtual
# COM port) and ITM, LEDs, the user button, the RNG, Ethernet (DWC QoS + LAN8742A). docs/boards.md.
set(BOARD_CROSS ON)
set(BOARD_CPU_FLAGS "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard")
set(BOARD_CHIP stm32h743)
set(BOARD_LINKER_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/../../chips/stm32h743/stm32h743.ld)
set(BOARD_SOURCES board.c clocks.c eth.c eth_hw.c ../common/stm32_eth_board.c)
set(BOARD_DRIVERS uart/stm32_usart gpio/stm32_gpio rng/stm32_rng eth/lan8742 eth/stm32h7_eth)
# Core clock: 400 (voltage scale 1) or 480 MHz (VOS0, silicon revision V only; rev Y runs 400).
set(NUCLEO_H743ZI2_CPU_MHZ 400 CACHE STRING "NUCLEO-H743ZI2 core clock: 400 or 480 (MHz)")
set_property(CACHE NUCLEO_H743ZI2_CPU_MHZ PROPERTY STRINGS 400 480)
if(NOT NUCLEO_H743ZI2_CPU_MHZ MATCHES "^(400|480)$")
  message(FATAL_ERROR "NUCLEO_H743ZI2_CPU_MHZ must be 400 or 480, not '${NUCLEO_H743ZI2_CPU_MHZ}'")
endif()
list(APPEND BOARD_DEFINES BOARD_CPU_MHZ=${NUCLEO_H743ZI2_CPU_MHZ})
# Ethernet: the ETH global interrupt (RM0433).
list(APPEND BOARD_DEFINES BOARD_ETH_IRQ=61)
# The scheduler's clock: TIM2, tickless, to the microsecond (sched/port/cortex-m/monotonic_tim2.c).
set(SCHED_MONOTONIC tim2)
# Flashing and debugging (scripts/flash.sh reads these lines): OpenOCD's board script, pyOCD's
# target and J-Link's device names.
set(BOARD_OPENOCD_CONFIG board/st_nucleo_h743zi.cfg)
set(BOARD_PYOCD_TARGET stm32h743zitx)
set(BOARD_JLINK_DEVICE STM32H743ZI)
