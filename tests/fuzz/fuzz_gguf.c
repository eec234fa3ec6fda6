/*
 * fuzz_gguf.c - libFuzzer target for the streaming GGUF validator.  The
 * first byte picks a chunking; the outcome (verdict, problems, counts,
 * facts) must not depend on it, nor on whether the bytes after the header
 * are fed or only counted (the --no-hash path).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "gguf.h"

/* skip_rest: once the validator wants no more bytes, count the rest. */
static void run(const uint8_t *p, size_t n, size_t chunk, int skip_rest, struct fmt_result *res)
{
    struct gguf *g;
    size_t i;

    if (gguf_new(&g))
        abort();
    for (i = 0; i < n; i += chunk) {
        size_t k = n - i < chunk ? n - i : chunk;
        if (skip_rest && !gguf_wants_rest(g))
            break;
        if (gguf_feed(g, p + i, k))
            abort();
    }
    if (i < n && gguf_skip(g, n - i))
        abort();
    fmt_result_init(res);
    if (gguf_finish(g, res))
        abort();
    gguf_free(g);
}

static int same(const struct fmt_result *a, const struct fmt_result *b)
{
    char *fa, *fb;
    int eq;

    if (a->valid != b->valid || a->problems.n != b->problems.n || a->tensors != b->tensors ||
        a->parameters != b->parameters || a->header_size != b->header_size || a->tensor_n != b->tensor_n)
        return 0;
    for (size_t i = 0; i < a->problems.n; i++)
        if (strcmp(a->problems.v[i].code, b->problems.v[i].code) != 0 ||
            a->problems.v[i].offset != b->problems.v[i].offset)
            return 0;
    fa = a->facts ? cJSON_PrintUnformatted(a->facts) : NULL;
    fb = b->facts ? cJSON_PrintUnformatted(b->facts) : NULL;
    eq = (!fa && !fb) || (fa && fb && strcmp(fa, fb) == 0);
    free(fa);
    free(fb);
    return eq;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fmt_result a, b, c;
    size_t chunk;

    if (size < 1)
        return 0;
    chunk = (size_t)data[0] % 13 + 1;
    data++;
    size--;
    run(data, size, size ? size : 1, 0, &a);
    run(data, size, chunk, 0, &b);
    run(data, size, chunk, 1, &c);
    if (!same(&a, &b) || !same(&a, &c))
        abort();
    fmt_result_free(&a);
    fmt_result_free(&b);
    fmt_result_free(&c);
    return 0;
}
