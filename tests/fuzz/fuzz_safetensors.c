/*
 * fuzz_safetensors.c - libFuzzer target for the streaming safetensors
 * validator.  The first byte picks a chunking so the fuzzer also explores
 * how the input is split; the outcome must not depend on it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "safetensors.h"

static void run(const uint8_t *p, size_t n, size_t chunk, struct fmt_result *res)
{
    struct safetensors *st;

    if (safetensors_new(&st))
        abort();
    for (size_t i = 0; i < n; i += chunk) {
        size_t k = n - i < chunk ? n - i : chunk;
        if (safetensors_feed(st, p + i, k))
            abort();
    }
    fmt_result_init(res);
    if (safetensors_finish(st, res))
        abort();
    safetensors_free(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fmt_result a, b;
    size_t chunk;

    if (size < 1)
        return 0;
    chunk = (size_t)data[0] % 13 + 1;
    data++;
    size--;
    run(data, size, size ? size : 1, &a);
    run(data, size, chunk, &b);
    if (a.valid != b.valid || a.problems.n != b.problems.n || a.tensors != b.tensors ||
        a.parameters != b.parameters)
        abort();
    for (size_t i = 0; i < a.problems.n; i++)
        if (strcmp(a.problems.v[i].code, b.problems.v[i].code) != 0 ||
            a.problems.v[i].offset != b.problems.v[i].offset)
            abort();
    fmt_result_free(&a);
    fmt_result_free(&b);
    return 0;
}
