# QEMU mps2-an500: Cortex-M7 with FPU, LAN9118 Ethernet, CMSDK UART0. The embedded default.
set(BOARD_CROSS ON)
set(BOARD_CPU_FLAGS "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard")
set(BOARD_CHIP mps2)
set(BOARD_LINKER_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/../../chips/mps2/mps2.ld)
set(BOARD_SOURCES ../mps2-an500/board.c)
set(BOARD_DRIVERS uart/cmsdk_uart eth/lan9118)
set(BOARD_QEMU_MACHINE mps2-an500)
