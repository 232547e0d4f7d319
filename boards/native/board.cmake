# native: the firmware as a Linux process (TAP for Ethernet, stdout for the log).
set(BOARD_CROSS OFF)
set(BOARD_CHIP native)
set(BOARD_SOURCES board.c)
set(BOARD_DRIVERS eth/tap)
