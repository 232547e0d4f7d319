# QEMU mps2-an386: Cortex-M4F. Used to run the on-target tests on an ARMv7E-M core without caches.
set(BOARD_CROSS ON)
set(BOARD_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard")
set(BOARD_CHIP mps2)
set(BOARD_LINKER_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/../../chips/mps2/mps2.ld)
set(BOARD_SOURCES ../mps2-an500/board.c)
set(BOARD_DRIVERS uart/cmsdk_uart eth/lan9118 eth/lan9118_netdev)
set(BOARD_QEMU_MACHINE mps2-an386)
# Ethernet: the LAN9118 interrupt (hw/arm/mps2.c).
list(APPEND BOARD_DEFINES BOARD_ETH_IRQ=13)
