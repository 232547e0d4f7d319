# QEMU mps2-an500: Cortex-M7 with FPU, LAN9118 Ethernet, CMSDK UART0. The embedded default.
set(BOARD_CROSS ON)
set(BOARD_CPU_FLAGS "-mcpu=cortex-m7 -mthumb -mfpu=fpv5-d16 -mfloat-abi=hard")
set(BOARD_CHIP mps2)
set(BOARD_LINKER_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/../../chips/mps2/mps2.ld)
set(BOARD_SOURCES ../mps2-an500/board.c)
set(BOARD_DRIVERS uart/cmsdk_uart eth/lan9118 eth/lan9118_netdev)
set(BOARD_QEMU_MACHINE mps2-an500)
# Ethernet: the LAN9118 interrupt (hw/arm/mps2.c).
list(APPEND BOARD_DEFINES BOARD_ETH_IRQ=13)
