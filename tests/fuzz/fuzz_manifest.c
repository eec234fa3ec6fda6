/*
 * fuzz_manifest.c - libFuzzer target for the weightaudit-manifest/1
 * parser: a parsed manifest has clean paths, 64-hex digests, no path
 * twice, and writes back to JSON that parses to the same entries.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "jsonout.h"
#include "manifest.h"
#include "safepath.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct manifest *m = NULL, *again = NULL;
    struct wa_err err;
    cJSON *j;
    char *s;

    if (manifest_parse(&m, data, size, "fuzz", &err))
        return 0;
    for (size_t i = 0; i < m->n; i++) {
        if (!safepath_is_clean(m->v[i].path) || strlen(m->v[i].sha256) != 64)
            abort();
        if (i && strcmp(m->v[i - 1].path, m->v[i].path) >= 0)
            abort();
    }
    j = manifest_to_json(m);
    s = j ? jsonout_print(j) : NULL;
    if (s && manifest_parse(&again, s, strlen(s), "again", &err) == 0) {
        if (again->n != m->n)
            abort();
        manifest_free(again);
    }
    free(s);
    cJSON_Delete(j);
    manifest_free(m);
    return 0;
}
