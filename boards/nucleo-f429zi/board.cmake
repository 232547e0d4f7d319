# NUCLEO-F429ZI (STM32F429ZI, Cortex-M4 with single-precision FPU). Issue 2: boots on HSI, blinks
# its LEDs and logs (RTT, USART3 on the ST-LINK virtual COM port, ITM). Full port: issue 9.
set(BOARD_CROSS ON)
set(BOARD_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
set(BOARD_CHIP stm32f429)
set(BOARD_LINKER_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/../../chips/stm32f429/stm32f429.ld)
set(BOARD_SOURCES board.c clocks.c)
set(BOARD_DRIVERS uart/stm32_usart gpio/stm32_gpio)
# Ethernet: the ETH global interrupt (RM0090); its driver comes with issue 9.
list(APPEND BOARD_DEFINES BOARD_ETH_IRQ=61)
