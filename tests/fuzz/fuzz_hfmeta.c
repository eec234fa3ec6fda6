/*
 * fuzz_hfmeta.c - libFuzzer target for the local-dir download metadata
 * parser (commit, etag, timestamp).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hfmeta.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hfmeta m;
    const char *why = NULL;
    char *copy = malloc(size ? size : 1);

    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (hfmeta_parse(&m, copy, size, &why) == 0) {
        size_t n = strlen(m.etag);
        if (n != 64 && n != 40)
            abort();
        if ((n == 64) != m.etag_is_sha256)
            abort();
        (void)hfmeta_stale(&m, 1700000000);
    } else if (!why) {
        abort();
    }
    free(copy);
    return 0;
}
