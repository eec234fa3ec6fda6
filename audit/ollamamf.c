/*
 * ollamamf.c - parsing an Ollama manifest (see ollamamf.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ollamamf.h"
#include "utf8.h"

void ollamamf_free(struct ollamamf *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i].media_type);
    free(m->v);
    free(m);
}

static int layer(struct ollamamf *m, cJSON *it, int is_config, size_t idx, const char *name, struct wa_err *err)
{
    cJSON *mt = cJSON_GetObjectItemCaseSensitive(it, "mediaType");
    cJSON *dg = cJSON_GetObjectItemCaseSensitive(it, "digest");
    cJSON *sz = cJSON_GetObjectItemCaseSensitive(it, "size");
    const char *what = is_config ? "config" : "layers";
    struct ollamamf_layer *l = &m->v[m->n];
    double d;

    if (!cJSON_IsObject(it))
        return wa_err_set(err, WA_EFORMAT, name, -1, "%s[%zu] is not an object", what, idx);
    if (!cJSON_IsString(dg) || strncmp(dg->valuestring, "sha256:", 7) != 0 || strlen(dg->valuestring) != 71 ||
        !hash_is_hex(dg->valuestring + 7, 64))
        return wa_err_set(err, WA_EFORMAT, name, -1, "%s[%zu].digest is not sha256:<64 hex>", what, idx);
    d = cJSON_IsNumber(sz) ? sz->valuedouble : -1;
    if (!(d >= 0) || d > 9007199254740992.0 || floor(d) != d)
        return wa_err_set(err, WA_EFORMAT, name, -1, "%s[%zu].size is not a non-negative integer", what, idx);
    if (mt && !cJSON_IsString(mt))
        return wa_err_set(err, WA_EFORMAT, name, -1, "%s[%zu].mediaType is not a string", what, idx);
    l->media_type = strdup(mt ? mt->valuestring : "");
    if (!l->media_type)
        return wa_err_set(err, WA_ENOMEM, name, -1, "out of memory");
    for (int i = 0; i < 64; i++)
        l->digest[i] = (char)tolower((unsigned char)dg->valuestring[7 + i]);
    l->digest[64] = '\0';
    l->size = (int64_t)d;
    l->is_config = is_config;
    m->n++;
    return 0;
}

int ollamamf_parse(struct ollamamf **out, const void *p, size_t n, const char *name, struct wa_err *err)
{
    struct ollamamf *m = NULL;
    cJSON *doc, *cfg, *layers, *it;
    size_t k = 0;
    int rc;

    *out = NULL;
    if (n > OLLAMAMF_MAX)
        return wa_err_set(err, WA_ETOOBIG, name, -1, "larger than %u bytes", OLLAMAMF_MAX);
    if (utf8_valid_prefix(p, n) != n)
        return wa_err_set(err, WA_EFORMAT, name, (int64_t)utf8_valid_prefix(p, n), "not UTF-8");
    doc = cJSON_ParseWithLength(p, n);
    if (!doc)
        return wa_err_set(err, WA_EFORMAT, name, -1, "not JSON");
    if (!cJSON_IsObject(doc)) {
        rc = wa_err_set(err, WA_EFORMAT, name, -1, "not a JSON object");
        goto fail;
    }
    cfg = cJSON_GetObjectItemCaseSensitive(doc, "config");
    layers = cJSON_GetObjectItemCaseSensitive(doc, "layers");
    if (!cJSON_IsArray(layers)) {
        rc = wa_err_set(err, WA_EFORMAT, name, -1, "no \"layers\" array");
        goto fail;
    }
    if (cJSON_GetArraySize(layers) > OLLAMAMF_MAX_LAYERS) {
        rc = wa_err_set(err, WA_ETOOBIG, name, -1, "more than %d layers", OLLAMAMF_MAX_LAYERS);
        goto fail;
    }
    if (!(m = calloc(1, sizeof *m)) ||
        !(m->v = calloc((size_t)cJSON_GetArraySize(layers) + 1, sizeof *m->v))) {
        rc = wa_err_set(err, WA_ENOMEM, name, -1, "out of memory");
        goto fail;
    }
    if (cfg && !cJSON_IsNull(cfg) && (rc = layer(m, cfg, 1, 0, name, err)))
        goto fail;
    cJSON_ArrayForEach(it, layers) {
        if ((rc = layer(m, it, 0, k++, name, err)))
            goto fail;
    }
    cJSON_Delete(doc);
    *out = m;
    return 0;
fail:
    cJSON_Delete(doc);
    ollamamf_free(m);
    return rc;
}
