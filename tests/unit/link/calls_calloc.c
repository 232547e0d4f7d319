#include <stdlib.h>

#include "image.h"

void *volatile pointer;

int main(void)
{
    void *p = calloc(4, 4);
    return p != 0;
}
