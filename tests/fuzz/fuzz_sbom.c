/*
 * fuzz_sbom.c - libFuzzer target for sbom_parse (verify --sbom): any input
 * either fails with an error or gives entries that are sorted, unique,
 * relative and never climb out of the model folder; the same for the model
 * picked out of a document of several (sbom_parse_for).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sbom.h"

static int one(const uint8_t *data, size_t size, const char *model_path, const char *model_real);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    one(data, size, NULL, NULL);
    one(data, size, "/models/hub/models--org--name", NULL);
    one(data, size, "./tiny-llama/", "/srv/models/tiny-llama");
    return 0;
}

static int one(const uint8_t *data, size_t size, const char *model_path, const char *model_real)
{
    struct manifest *m = NULL;
    struct wa_err err;
    int rc = sbom_parse_for(&m, (const char *)data, size, "fuzz.json", model_path, model_real, &err);

    if (rc != 0) {
        if (m || (rc != WA_EFORMAT && rc != WA_ETOOBIG && rc != WA_ENOMEM) || !err.msg[0])
            abort();
        return 0;
    }
    if (!m || m->n == 0)
        abort();
    for (size_t i = 0; i < m->n; i++) {
        const char *p = m->v[i].path;
        if (!*p || *p == '/' || strstr(p, "//") || !strcmp(p, "..") || !strncmp(p, "../", 3) || strstr(p, "/../") ||
            (strlen(p) >= 3 && !strcmp(p + strlen(p) - 3, "/..")) || strlen(m->v[i].sha256) != 64)
            abort();
        if (i && strcmp(m->v[i - 1].path, p) >= 0)
            abort();
    }
    manifest_free(m);
    return 0;
}
