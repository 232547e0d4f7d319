# native-f4model: a Linux process running the NUCLEO-F429ZI's Ethernet driver
# (drivers/eth/stm32f4_eth.c, unchanged) against the behavioural model of its DWC MAC 10/100
# DMA and LAN8742A PHY (drivers/eth/model/), the model's cable being a TAP interface. The same
# command line and tests as `native` (docs/boards.md "Without the boards").
set(BOARD_CROSS OFF)
set(BOARD_CHIP native)
set(BOARD_SOURCES ../native/board.c ../common/model_glue.c ../common/stm32_eth_board.c eth.c)
set(BOARD_DRIVERS eth/tap eth/lan8742 eth/stm32f4_eth eth/model/mmio_bus eth/model/wire
    eth/model/coe eth/model/lan8742_model eth/model/dwc_mac_model)
# Every register access of the driver goes to the model (chips/cortex-m/mmio.h); the board
# raises BOARD_ETH_IRQ itself (the model's interrupt line, and the TAP fd for its receive side).
list(APPEND BOARD_DEFINES BOARD_ETH_IRQ=0 KIT_MMIO_HOOKS=1 BOARD_ETH_IRQ_BY_BOARD=1)
