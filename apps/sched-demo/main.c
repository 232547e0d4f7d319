#include "board.h"
#include "log/log.h"

int main(void)
{
    board_init();
    LOG_INFO("sched-demo on %s", BOARD_NAME);
    board_reset(0);
}
