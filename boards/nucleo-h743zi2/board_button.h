/* The NUCLEO boards' blue user button B1 (PC13), beyond the common board interface. */
#ifndef BOARD_BUTTON_H
#define BOARD_BUTTON_H

#include <stdbool.h>

/* True while B1 is held down (read now, no debouncing). */
bool board_button_pressed(void);

#endif
