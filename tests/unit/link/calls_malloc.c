#include <stdlib.h>

#include "image.h"

void *volatile pointer;

int main(void)
{
    void *p = malloc(16);
    return p != 0;
}
