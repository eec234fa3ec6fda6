/*
 * report_merge.c - joining reports (see report_merge.h).
 */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "facts.h"
#include "report_merge.h"

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int same_json(const cJSON *a, const cJSON *b)
{
    return (!a && !b) || (a && b && cJSON_Compare(a, b, 1));
}

/* "Same or unknown": take src's value when dst has none; a different known
 * value is a conflict. */
static int join_str(char **dst, char **src, const struct rep_model *m, const char *what,
                    const char *src_name, struct wa_err *err)
{
    if (!*src)
        return 0;
    if (!*dst) {
        *dst = *src;
        *src = NULL;
        return 0;
    }
    if (strcmp(*dst, *src) != 0)
        return wa_err_set(err, WA_EFORMAT, src_name, -1, "model %s: %s \"%.100s\" conflicts with \"%.100s\" "
                          "in an earlier report", m->path, what, *src, *dst);
    return 0;
}

static int join_json(cJSON **dst, cJSON **src, const struct rep_model *m, const char *what,
                     const char *src_name, struct wa_err *err)
{
    if (!*src)
        return 0;
    if (!*dst) {
        *dst = *src;
        *src = NULL;
        return 0;
    }
    if (!cJSON_Compare(*dst, *src, 1))
        return wa_err_set(err, WA_EFORMAT, src_name, -1, "model %s: %s conflicts with an earlier report",
                          m->path, what);
    return 0;
}

static int same_file(const struct rep_file *a, const struct rep_file *b)
{
    if (a->size != b->size || a->has_sha256 != b->has_sha256 || a->has_sha1 != b->has_sha1 ||
        a->role != b->role || a->format != b->format || a->integrity != b->integrity ||
        a->has_expected != b->has_expected || a->valid != b->valid || a->tensors != b->tensors ||
        a->parameters != b->parameters || a->problems.n != b->problems.n || !same_json(a->facts, b->facts))
        return 0;
    if ((a->has_sha256 && strcmp(a->sha256, b->sha256)) || (a->has_sha1 && strcmp(a->sha1, b->sha1)))
        return 0;
    if (a->has_expected && (strcmp(a->expected.algo, b->expected.algo) || strcmp(a->expected.hex, b->expected.hex) ||
                            strcmp(a->expected.from, b->expected.from) || a->expected.size != b->expected.size))
        return 0;
    for (size_t i = 0; i < a->problems.n; i++) {
        const struct problem *p = &a->problems.v[i], *q = &b->problems.v[i];
        if (strcmp(p->code, q->code) || strcmp(p->message, q->message) || p->offset != q->offset || p->sev != q->sev)
            return 0;
    }
    return 1;
}

static int same_license(const struct rep_license *a, const struct rep_license *b)
{
    return same_str(a->id, b->id) && same_str(a->name, b->name) && same_str(a->source, b->source) &&
           same_str(a->method, b->method) && same_str(a->scope, b->scope) && a->confidence == b->confidence &&
           a->modified == b->modified && same_json(a->clauses, b->clauses) &&
           same_json(a->evidence, b->evidence) && same_str(a->text, b->text);
}

/* Append the elements of src[0..ns) that dst lacks (by same()), moving them;
 * what is moved is zeroed in src so freeing src does not free it twice.
 * Quadratic, which the entry caps of report_read keep small. */
static int union_into(void **dst, size_t *nd, void *src, size_t ns, size_t size,
                      int (*same)(const void *, const void *))
{
    for (size_t i = 0; i < ns; i++) {
        char *e = (char *)src + i * size, *slot;
        int found = 0;
        for (size_t k = 0; k < *nd && !found; k++)
            found = same((char *)*dst + k * size, e);
        if (found)
            continue;
        if (!(slot = report_grow(dst, nd, size)))
            return WA_ENOMEM;
        memcpy(slot, e, size);
        memset(e, 0, size);
    }
    return 0;
}

static int same_license_v(const void *a, const void *b) { return same_license(a, b); }

static int same_base_v(const void *a, const void *b)
{
    const struct rep_base_model *x = a, *y = b;
    return same_str(x->name, y->name) && same_str(x->relation, y->relation) && same_str(x->license, y->license) &&
           same_str(x->source, y->source);
}

static int same_obligation_v(const void *a, const void *b)
{
    const struct rep_obligation *x = a, *y = b;
    return same_str(x->id, y->id) && same_str(x->text, y->text) && same_str(x->license, y->license);
}

static int same_finding_v(const void *a, const void *b)
{
    const struct rep_finding *x = a, *y = b;
    return x->severity == y->severity && same_str(x->code, y->code) && same_str(x->message, y->message) &&
           same_str(x->file, y->file) && same_json(x->detail, y->detail);
}

static int cmp_file_path(const void *a, const void *b)
{
    const char *x = ((const struct rep_file *)a)->path, *y = ((const struct rep_file *)b)->path;

    return strcmp(x ? x : "", y ? y : "");
}

/* Union of the files of d and s by path, in path order: both lists are
 * sorted and walked once, so shards of 100k-file models merge in n log n. */
static int merge_files(struct rep_model *d, struct rep_model *s, const char *src_name, struct wa_err *err)
{
    struct rep_file *old = d->files, *slot;
    size_t n_old = d->n_files, i = 0, k = 0;
    int rc = 0;

    if (s->n_files == 0)
        return 0;
    if (n_old > 1)
        qsort(old, n_old, sizeof *old, cmp_file_path);
    if (s->n_files > 1)
        qsort(s->files, s->n_files, sizeof *s->files, cmp_file_path);
    d->files = NULL;
    d->n_files = 0;
    while (i < n_old || k < s->n_files) {
        int c = i == n_old ? 1 : k == s->n_files ? -1 : cmp_file_path(&old[i], &s->files[k]);
        if (c == 0 && !same_file(&old[i], &s->files[k]) && !rc)
            rc = wa_err_set(err, WA_EFORMAT, src_name, -1, "model %s: file %.300s is listed with different "
                            "facts by two reports (shards must not overlap)", d->path, s->files[k].path);
        if (!(slot = report_grow((void **)&d->files, &d->n_files, sizeof *slot))) {
            rc = wa_err_set(err, WA_ENOMEM, src_name, -1, "out of memory");
            break;
        }
        if (c <= 0) {
            *slot = old[i++];           /* moved: old is freed as an array only */
            k += c == 0;                /* the same file twice: keep one (s frees its copy) */
        } else {
            *slot = s->files[k];
            memset(&s->files[k++], 0, sizeof *slot);
        }
    }
    /* on ENOMEM what was not moved stays with old: free it with the model */
    for (; i < n_old; i++) {
        if ((slot = report_grow((void **)&d->files, &d->n_files, sizeof *slot)))
            *slot = old[i];
    }
    free(old);
    return rc;
}

static int merge_model(struct rep_model *d, struct rep_model *s, const char *src_name, struct wa_err *err)
{
    int rc;

    if (d->layout != s->layout)
        return wa_err_set(err, WA_EFORMAT, src_name, -1, "model %s: layout %s conflicts with %s in an earlier report",
                          d->path, layout_name(s->layout), layout_name(d->layout));
    if ((rc = join_str(&d->name, &s->name, d, "name", src_name, err)) ||
        (rc = join_str(&d->revision, &s->revision, d, "revision", src_name, err)) ||
        (rc = join_str(&d->declared_license, &s->declared_license, d, "declared_license", src_name, err)) ||
        (rc = join_str(&d->concluded_license, &s->concluded_license, d, "concluded_license", src_name, err)) ||
        (rc = join_str(&d->governing_law, &s->governing_law, d, "governing_law", src_name, err)) ||
        (rc = join_json(&d->publisher, &s->publisher, d, "publisher", src_name, err)) ||
        (rc = join_json(&d->openness, &s->openness, d, "openness", src_name, err)) ||
        (rc = join_json(&d->card, &s->card, d, "card", src_name, err)))
        return rc;
    if ((rc = merge_files(d, s, src_name, err)))
        return rc;
    if (union_into((void **)&d->licenses, &d->n_licenses, s->licenses, s->n_licenses, sizeof *s->licenses, same_license_v) ||
        union_into((void **)&d->base_models, &d->n_base_models, s->base_models, s->n_base_models,
                   sizeof *s->base_models, same_base_v) ||
        union_into((void **)&d->obligations, &d->n_obligations, s->obligations, s->n_obligations,
                   sizeof *s->obligations, same_obligation_v) ||
        union_into((void **)&d->findings, &d->n_findings, s->findings, s->n_findings, sizeof *s->findings,
                   same_finding_v))
        return wa_err_set(err, WA_ENOMEM, src_name, -1, "out of memory");
    if (s->upstream_publishers) {
        if (!d->upstream_publishers && !(d->upstream_publishers = cJSON_CreateArray()))
            return wa_err_set(err, WA_ENOMEM, src_name, -1, "out of memory");
        for (const cJSON *u = s->upstream_publishers->child; u; u = u->next) {
            int found = 0;
            for (const cJSON *v = d->upstream_publishers->child; v && !found; v = v->next)
                found = cJSON_Compare(u, v, 1);
            if (!found)
                cJSON_AddItemToArray(d->upstream_publishers, cJSON_Duplicate(u, 1));
        }
    }
    /* each --shard part counted only its own weight files: count again over
     * the joined files, keeping what the card said (training compute) */
    if (!d->scale) {
        d->scale = s->scale;
        s->scale = NULL;
    }
    if (facts_scale_update(d))
        return wa_err_set(err, WA_ENOMEM, src_name, -1, "out of memory");
    return 0;
}

int report_merge(struct report *dst, struct report *src, const char *src_name, struct wa_err *err)
{
    int rc;

    if (src->policy) {
        if (!dst->policy) {
            dst->policy = src->policy;
            src->policy = NULL;
        } else if (!cJSON_Compare(dst->policy, src->policy, 1)) {
            return wa_err_set(err, WA_EFORMAT, src_name, -1, "the policy differs from an earlier report's");
        }
    }
    for (size_t i = 0; i < src->n_models; i++) {
        struct rep_model *s = &src->models[i], *d = NULL;
        for (size_t k = 0; k < dst->n_models && !d; k++)
            if (same_str(dst->models[k].path, s->path))
                d = &dst->models[k];
        if (d) {
            if ((rc = merge_model(d, s, src_name, err)))
                return rc;
            continue;
        }
        if (!(d = report_add_model(dst)))
            return wa_err_set(err, WA_ENOMEM, src_name, -1, "out of memory");
        *d = *s;                /* move the whole model */
        memset(s, 0, sizeof *s);
    }
    return 0;
}
