/*
 * fuzz_pickle.c - libFuzzer target for the pickle scanner.  The first byte
 * picks a chunking.  A stream goes to the opcode walker through the push
 * interface (whole, chunked, and chunked with the --no-hash skip once the
 * walker wants no more); a zip ("PK\3\4") goes through the pull interface
 * and libarchive, whole and chunked.  The outcome (verdict, problems with
 * their offsets, facts) must not depend on any of that, except how much of
 * a corrupt deflated entry libarchive yields before it fails.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "pickle.h"

static void push(const uint8_t *p, size_t n, size_t chunk, int skip_rest, struct fmt_result *res)
{
    struct pickle *pk;
    size_t i;

    if (pickle_new(&pk))
        abort();
    for (i = 0; i < n; i += chunk) {
        size_t k = n - i < chunk ? n - i : chunk;
        if (skip_rest && !pickle_wants_rest(pk))
            break;
        if (pickle_feed(pk, p + i, k))
            abort();
    }
    if (i < n && pickle_skip(pk, n - i))
        abort();
    fmt_result_init(res);
    if (pickle_finish(pk, res))
        abort();
    pickle_free(pk);
}

struct src {
    const uint8_t *p;
    size_t n, pos, chunk;
};

static int src_read(void *ctx, const uint8_t **p, size_t *n)
{
    struct src *s = ctx;
    size_t k = s->pos == 0 ? 4096 : s->chunk;

    if (k > s->n - s->pos)
        k = s->n - s->pos;
    *p = s->p + s->pos;
    *n = k;
    s->pos += k;
    return 0;
}

static void pull(const uint8_t *p, size_t n, size_t chunk, struct fmt_result *res)
{
    struct pickle *pk;
    struct src s = { p, n, 0, chunk };

    if (pickle_new(&pk))
        abort();
    if (pickle_pull(pk, src_read, &s))
        abort();
    fmt_result_init(res);
    if (pickle_finish(pk, res))
        abort();
    pickle_free(pk);
}

static int same(const struct fmt_result *a, const struct fmt_result *b)
{
    char *fa, *fb;
    int eq;

    if (a->valid != b->valid || a->problems.n != b->problems.n)
        return 0;
    for (size_t i = 0; i < a->problems.n; i++)
        if (strcmp(a->problems.v[i].code, b->problems.v[i].code) != 0 ||
            a->problems.v[i].offset != b->problems.v[i].offset || a->problems.v[i].sev != b->problems.v[i].sev)
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
    if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0) {
        pull(data, size, size ? size : 1, &a);
        pull(data, size, chunk, &b);
        /* an entry that fails to inflate may yield more or less data
         * before libarchive's error, depending on the chunking, and the
         * bounded problem list may then fill differently: there only the
         * verdict must agree */
        if (problem_has(&a.problems, "zip_invalid") || problem_has(&b.problems, "zip_invalid") ||
            a.problems.dropped || b.problems.dropped) {
            if (a.valid != b.valid || problem_worst(&a.problems) != problem_worst(&b.problems))
                abort();
        } else if (!same(&a, &b)) {
            abort();
        }
        fmt_result_free(&a);
        fmt_result_free(&b);
        return 0;
    }
    push(data, size, size ? size : 1, 0, &a);
    push(data, size, chunk, 0, &b);
    push(data, size, chunk, 1, &c);
    if (!same(&a, &b) || !same(&a, &c))
        abort();
    fmt_result_free(&a);
    fmt_result_free(&b);
    fmt_result_free(&c);
    return 0;
}
