/*
 * fuzz_stindex.c - libFuzzer target for the safetensors index parser and
 * its cross-check: any input parses or is refused cleanly; a parsed index
 * is checked against shards made from its own entries (every other tensor
 * left out), which must never crash or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "stindex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct stindex *ix = NULL;
    struct wa_err err;
    struct report *r;
    struct rep_model *m;
    struct stindex_shard *sh;
    struct fmt_tensor *tv;

    if (stindex_parse(&ix, data, size, "fuzz.index.json", &err))
        return 0;
    r = report_new();
    m = r ? report_add_model(r) : NULL;
    sh = calloc(ix->n_shards + 1, sizeof *sh);
    tv = calloc(ix->n + 1, sizeof *tv);
    if (m && sh && tv) {
        size_t k = 0;
        for (size_t s = 0; s < ix->n_shards; s++) {
            sh[s].path = ix->shards[s];
            sh[s].state = (enum stindex_state)(s % 3);
            sh[s].tensors = tv + k;
            for (size_t i = 0; i < ix->n; i++)
                if (strcmp(ix->v[i].shard, ix->shards[s]) == 0 && i % 2 == 0) {
                    tv[k].name = ix->v[i].tensor;
                    tv[k].nbytes = i;
                    k++;
                    sh[s].n_tensors++;
                }
        }
        stindex_check(m, "fuzz.index.json", ix, sh);
    }
    free(tv);
    free(sh);
    report_free(r);
    stindex_free(ix);
    return 0;
}
