# native: the firmware as a Linux process (TAP for Ethernet, stdout for the log).
set(BOARD_CROSS OFF)
set(BOARD_CHIP native)
set(BOARD_SOURCES board.c eth_tap.c)
set(BOARD_DRIVERS eth/tap eth/tap_netdev)
# Ethernet: the TAP fd is bound to this (free) IRQ of the emulated NVIC.
list(APPEND BOARD_DEFINES BOARD_ETH_IRQ=0)
