/*
 * fuzz_lfsptr.c - libFuzzer target for the Git LFS pointer parser: any
 * input is accepted or refused without reading past it; an accepted one
 * has a 64-hex oid.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lfsptr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct lfsptr p;
    const char *why = NULL;
    uint8_t *copy = malloc(size ? size : 1);   /* exact-size buffer: overreads are caught */

    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (lfsptr_parse(&p, copy, size, &why) == 0) {
        if (strlen(p.oid) != 64)
            abort();
    } else if (!why) {
        abort();
    }
    free(copy);
    return 0;
}
