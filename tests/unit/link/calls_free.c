#include <stdlib.h>

#include "image.h"

void *volatile pointer;

int main(void)
{
    free(pointer);
    return 0;
}
