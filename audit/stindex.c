/*
 * stindex.c - parsing a safetensors index and cross-checking it against the
 * shards' tensors (see stindex.h).  Both sides are sorted by tensor name and
 * walked together, so the check is O(n log n) whatever the model's size.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "safepath.h"
#include "stindex.h"
#include "utf8.h"

void stindex_free(struct stindex *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->n; i++) {
        free(ix->v[i].tensor);
        free(ix->v[i].shard);
    }
    free(ix->v);
    for (size_t i = 0; i < ix->n_shards; i++)
        free(ix->shards[i]);
    free(ix->shards);
    free(ix);
}

static int cmp_entry(const void *a, const void *b)
{
    const struct stindex_entry *x = a, *y = b;
    int r = strcmp(x->tensor, y->tensor);

    return r ? r : strcmp(x->shard, y->shard);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int stindex_parse(struct stindex **out, const void *p, size_t n, const char *name, struct wa_err *err)
{
    struct stindex *ix = NULL;
    const char *end = NULL;
    cJSON *doc = NULL, *wm, *meta, *e;
    size_t count = 0;
    int rc = WA_ENOMEM;

    *out = NULL;
    if (utf8_valid_prefix(p, n) != n)
        return wa_err_set(err, WA_EFORMAT, name, (int64_t)utf8_valid_prefix(p, n), "not UTF-8");
    doc = cJSON_ParseWithLengthOpts(p, n, &end, 0);
    if (!doc) {
        const char *ep = cJSON_GetErrorPtr();
        int64_t off = ep && ep >= (const char *)p && ep <= (const char *)p + n ? ep - (const char *)p : -1;
        return wa_err_set(err, WA_EFORMAT, name, off, "not JSON");
    }
    for (; end && end < (const char *)p + n; end++)
        if (*end != ' ' && *end != '\n' && *end != '\r' && *end != '\t') {
            rc = wa_err_set(err, WA_EFORMAT, name, end - (const char *)p, "trailing characters after the JSON");
            goto fail;
        }
    if (!cJSON_IsObject(doc)) {
        rc = wa_err_set(err, WA_EFORMAT, name, -1, "not a JSON object");
        goto fail;
    }
    wm = cJSON_GetObjectItemCaseSensitive(doc, "weight_map");
    if (!cJSON_IsObject(wm)) {
        rc = wa_err_set(err, WA_EFORMAT, name, -1, "no \"weight_map\" object");
        goto fail;
    }
    if (!(ix = calloc(1, sizeof *ix)))
        goto fail;
    meta = cJSON_GetObjectItemCaseSensitive(doc, "metadata");
    if (meta && !cJSON_IsNull(meta)) {
        cJSON *ts;
        if (!cJSON_IsObject(meta)) {
            rc = wa_err_set(err, WA_EFORMAT, name, -1, "\"metadata\" is not an object");
            goto fail;
        }
        ts = cJSON_GetObjectItemCaseSensitive(meta, "total_size");
        if (ts && !cJSON_IsNull(ts)) {
            double d = ts->valuedouble;
            if (!cJSON_IsNumber(ts) || !(d >= 0) || d > 9007199254740992.0 || floor(d) != d) {
                rc = wa_err_set(err, WA_EFORMAT, name, -1,
                                "\"metadata.total_size\" is not a non-negative integer");
                goto fail;
            }
            ix->has_total_size = 1;
            ix->total_size = (uint64_t)d;
        }
    }
    cJSON_ArrayForEach(e, wm) count++;
    if (count && !(ix->v = calloc(count, sizeof *ix->v)))
        goto fail;
    cJSON_ArrayForEach(e, wm) {
        if (!cJSON_IsString(e) || !e->valuestring) {
            rc = wa_err_set(err, WA_EFORMAT, name, -1, "weight_map[\"%.200s\"] is not a string", e->string);
            goto fail;
        }
        if (!safepath_is_clean(e->valuestring)) {
            rc = wa_err_set(err, WA_EFORMAT, name, -1,
                            "weight_map[\"%.200s\"] names \"%.200s\", which is not a plain relative path",
                            e->string, e->valuestring);
            goto fail;
        }
        if (!(ix->v[ix->n].tensor = strdup(e->string)) || !(ix->v[ix->n].shard = strdup(e->valuestring))) {
            ix->n++;
            goto fail;
        }
        ix->n++;
    }
    if (ix->n) {
        qsort(ix->v, ix->n, sizeof *ix->v, cmp_entry);
        char **tmp = malloc(ix->n * sizeof *tmp);
        if (!tmp || !(ix->shards = calloc(ix->n, sizeof *ix->shards))) {
            free(tmp);
            goto fail;
        }
        for (size_t i = 0; i < ix->n; i++)
            tmp[i] = ix->v[i].shard;
        qsort(tmp, ix->n, sizeof *tmp, cmp_str);
        for (size_t i = 0; i < ix->n; i++) {
            if (ix->n_shards && strcmp(ix->shards[ix->n_shards - 1], tmp[i]) == 0)
                continue;
            if (!(ix->shards[ix->n_shards] = strdup(tmp[i]))) {
                free(tmp);
                goto fail;
            }
            ix->n_shards++;
        }
        free(tmp);
    }
    cJSON_Delete(doc);
    *out = ix;
    return 0;
fail:
    if (rc == WA_ENOMEM)
        wa_err_set(err, rc, name, -1, "out of memory");
    cJSON_Delete(doc);
    stindex_free(ix);
    return rc;
}

/* ---- the cross-check ---------------------------------------------------- */

struct seen {                       /* a tensor found in a shard file */
    const char *tensor;
    size_t shard;                   /* index into ix->shards */
    uint64_t nbytes;
};

static int cmp_seen(const void *a, const void *b)
{
    const struct seen *x = a, *y = b;
    int r = strcmp(x->tensor, y->tensor);

    return r ? r : (x->shard > y->shard) - (x->shard < y->shard);
}

struct limiter {
    struct rep_model *m;
    size_t counts[6];
    int rc;
};

enum { C_MISSING, C_MISPLACED, C_DUPLICATE, C_UNLISTED, C_SHARD, C_TOTAL };
static const char *const codes[] = { "index_tensor_missing", "index_tensor_misplaced",
                                     "index_tensor_duplicate", "index_tensor_unlisted",
                                     "index_shard_missing", "index_total_size" };
static const enum finding_sev sevs[] = { FIND_DENY, FIND_DENY, FIND_DENY, FIND_REVIEW, FIND_DENY,
                                         FIND_REVIEW };

#define ADD(L, c, file, ...)                                                              \
    do {                                                                                  \
        if ((L)->counts[c]++ < STINDEX_MAX_FINDINGS &&                                    \
            !report_add_finding((L)->m, sevs[c], codes[c], file, __VA_ARGS__))            \
            (L)->rc = WA_ENOMEM;                                                          \
    } while (0)

static size_t shard_index(const struct stindex *ix, const char *name)
{
    size_t lo = 0, hi = ix->n_shards;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int r = strcmp(ix->shards[mid], name);
        if (r == 0)
            return mid;
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (size_t)-1;
}

int stindex_check(struct rep_model *m, const char *index_path, const struct stindex *ix,
                  const struct stindex_shard *sh)
{
    struct limiter L;
    struct seen *seen = NULL;
    size_t n_seen = 0, cap = 0;
    int all_read = 1;

    memset(&L, 0, sizeof L);
    L.m = m;
    for (size_t s = 0; s < ix->n_shards; s++) {
        if (sh[s].state == STINDEX_ABSENT)
            ADD(&L, C_SHARD, sh[s].path ? sh[s].path : index_path,
                "%s names the shard %s, which is not in the model", index_path, ix->shards[s]);
        if (sh[s].state != STINDEX_READ) {
            all_read = 0;
            continue;
        }
        for (size_t t = 0; t < sh[s].n_tensors; t++) {
            if (n_seen == cap) {
                size_t nc = cap ? cap * 2 : 256;
                struct seen *v = realloc(seen, nc * sizeof *v);
                if (!v) {
                    free(seen);
                    return WA_ENOMEM;
                }
                seen = v;
                cap = nc;
            }
            seen[n_seen].tensor = sh[s].tensors[t].name;
            seen[n_seen].shard = s;
            seen[n_seen].nbytes = sh[s].tensors[t].nbytes;
            n_seen++;
        }
    }
    if (n_seen)
        qsort(seen, n_seen, sizeof *seen, cmp_seen);

    /* a tensor held by two shard files */
    for (size_t i = 1; i < n_seen; i++)
        if (strcmp(seen[i].tensor, seen[i - 1].tensor) == 0 && seen[i].shard != seen[i - 1].shard)
            ADD(&L, C_DUPLICATE, sh[seen[i].shard].path, "tensor \"%s\" is in both %s and %s",
                seen[i].tensor, sh[seen[i - 1].shard].path, sh[seen[i].shard].path);
    /* a tensor named twice in the weight map */
    for (size_t i = 1; i < ix->n; i++)
        if (strcmp(ix->v[i].tensor, ix->v[i - 1].tensor) == 0)
            ADD(&L, C_DUPLICATE, index_path, "%s lists tensor \"%s\" twice (in %s and %s)", index_path,
                ix->v[i].tensor, ix->v[i - 1].shard, ix->v[i].shard);

    /* walk both sorted lists */
    uint64_t total = 0;
    size_t i = 0, j = 0;
    while (i < ix->n || j < n_seen) {
        int r = i >= ix->n ? 1 : j >= n_seen ? -1 : strcmp(ix->v[i].tensor, seen[j].tensor);
        if (r < 0) {            /* in the index, in no shard that was read */
            size_t s = shard_index(ix, ix->v[i].shard);
            if (s != (size_t)-1 && sh[s].state == STINDEX_READ)
                ADD(&L, C_MISSING, sh[s].path, "%s places tensor \"%s\" in %s, which does not hold it",
                    index_path, ix->v[i].tensor, sh[s].path);
            i++;
        } else if (r > 0) {     /* in a shard, not in the index */
            ADD(&L, C_UNLISTED, sh[seen[j].shard].path, "tensor \"%s\" of %s is not in %s", seen[j].tensor,
                sh[seen[j].shard].path, index_path);
            total += seen[j].nbytes;
            j++;
        } else {
            /* same name: every index entry and every shard holding it */
            size_t i2 = i, j2 = j;
            while (i2 < ix->n && strcmp(ix->v[i2].tensor, ix->v[i].tensor) == 0)
                i2++;
            while (j2 < n_seen && strcmp(seen[j2].tensor, seen[j].tensor) == 0)
                j2++;
            for (size_t a = i; a < i2; a++) {
                size_t s = shard_index(ix, ix->v[a].shard);
                int found = 0;
                for (size_t b = j; b < j2 && !found; b++)
                    found = seen[b].shard == s;
                if (found || s == (size_t)-1 || sh[s].state != STINDEX_READ)
                    continue;
                if (sh[s].state == STINDEX_READ)
                    ADD(&L, C_MISPLACED, sh[seen[j].shard].path,
                        "%s places tensor \"%s\" in %s, but it is in %s", index_path, ix->v[a].tensor,
                        sh[s].path, sh[seen[j].shard].path);
            }
            total += seen[j].nbytes;
            i = i2;
            j = j2;
        }
    }
    if (all_read && ix->has_total_size && total != ix->total_size)
        ADD(&L, C_TOTAL, index_path,
            "%s gives metadata.total_size %llu, the shards' tensors hold %llu bytes", index_path,
            (unsigned long long)ix->total_size, (unsigned long long)total);
    for (size_t c = 0; c < sizeof L.counts / sizeof L.counts[0]; c++)
        if (L.counts[c] > STINDEX_MAX_FINDINGS &&
            !report_add_finding(m, sevs[c], codes[c], index_path, "%s: %zu more %s not listed one by one",
                                index_path, L.counts[c] - STINDEX_MAX_FINDINGS, codes[c]))
            L.rc = WA_ENOMEM;
    free(seen);
    return L.rc;
}
