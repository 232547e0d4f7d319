#include "image.h"

static volatile int counter;

int main(void)
{
    return counter++;
}
