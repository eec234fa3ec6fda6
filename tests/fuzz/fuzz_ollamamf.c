/*
 * fuzz_ollamamf.c - libFuzzer target for the Ollama manifest parser.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ollamamf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ollamamf *m = NULL;
    struct wa_err err;

    if (ollamamf_parse(&m, data, size, "fuzz", &err) == 0) {
        for (size_t i = 0; i < m->n; i++)
            if (strlen(m->v[i].digest) != 64 || m->v[i].size < 0 || !m->v[i].media_type)
                abort();
        ollamamf_free(m);
    }
    return 0;
}
