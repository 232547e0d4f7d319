/* The minimum a linker script here needs from an image: the entry point and a vector table. */
#ifndef LINK_TEST_IMAGE_H
#define LINK_TEST_IMAGE_H

void reset_handler(void);
int main(void);

__attribute__((section(".vectors"), used)) void (*const vector_table[2])(void) = {0, reset_handler};

void reset_handler(void)
{
    main();
    for (;;)
        ;
}

#endif
