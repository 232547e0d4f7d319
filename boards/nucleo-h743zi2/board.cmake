# NUCLEO-H743ZI2 (STM32H743ZI, Cortex-M7 with double-precision FPU). Issue 2: boots on HSI, blinks
# its LEDs and logs (RTT, USART3 on the ST-LINK virtual COM port, ITM). Full port: issue 8.
set(BOARD_CROSS ON)
set(BOARD_CPU_FLAGS "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard")
set(BOARD_CHIP stm32h743)
set(BOARD_LINKER_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/../../chips/stm32h743/stm32h743.ld)
set(BOARD_SOURCES board.c clocks.c)
set(BOARD_DRIVERS uart/stm32_usart gpio/stm32_gpio)
# Ethernet: the ETH global interrupt (RM0433); its driver comes with issue 8.
list(APPEND BOARD_DEFINES BOARD_ETH_IRQ=61)
