/*
 * report.c - building, ordering and serialising the in-memory report
 * (see report.h).  report_to_json is the native format; every other output
 * reads the same structure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "err.h"
#include "jsonout.h"
#include "report.h"
#include "report_int.h"

static const char *const verdict_names[] = { "allow", "review", "deny" };
static const char *const layout_names[] = { "directory", "hf-cache", "hf-local-dir", "git", "ollama", "archive" };
static const char *const role_names[] = { "other", "weights", "index", "license", "card", "config", "tokenizer" };
static const char *const integrity_names[] = { "unverified", "verified", "mismatch", "lfs-pointer",
                                               "incomplete", "missing", "unreadable", "unsafe-path" };
static const char *const sev_names[] = { "info", "review", "deny" };

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

const char *verdict_name(enum verdict v) { return (unsigned)v < N_OF(verdict_names) ? verdict_names[v] : "review"; }
const char *layout_name(enum layout l) { return (unsigned)l < N_OF(layout_names) ? layout_names[l] : "directory"; }
const char *role_name(enum file_role r) { return (unsigned)r < N_OF(role_names) ? role_names[r] : "other"; }
const char *integrity_name(enum integrity i) { return (unsigned)i < N_OF(integrity_names) ? integrity_names[i] : "unverified"; }
const char *finding_sev_name(enum finding_sev s) { return (unsigned)s < N_OF(sev_names) ? sev_names[s] : "info"; }

static int lookup(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

int verdict_parse(const char *s) { return lookup(verdict_names, N_OF(verdict_names), s); }
int layout_parse(const char *s) { return lookup(layout_names, N_OF(layout_names), s); }
int role_parse(const char *s) { return lookup(role_names, N_OF(role_names), s); }
int integrity_parse(const char *s) { return lookup(integrity_names, N_OF(integrity_names), s); }

void *report_grow(void **v, size_t *n, size_t size)
{
    /* capacity is the next power of two >= n, so no separate field is needed */
    if ((*n & (*n - 1)) == 0) {
        size_t cap = *n ? *n * 2 : 1;
        void *nv = realloc(*v, cap * size);
        if (!nv)
            return NULL;
        *v = nv;
    }
    void *e = (char *)*v + *n * size;
    memset(e, 0, size);
    (*n)++;
    return e;
}

struct report *report_new(void)
{
    return calloc(1, sizeof(struct report));
}

int report_sde_parse(const char *s, int64_t *t)
{
    int64_t v = 0;

    if (!s || !*s)
        return 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
        if (v > REPORT_SDE_MAX)
            return -1;
    }
    *t = v;
    return 1;
}

int64_t report_now(void)
{
    int64_t t;

    return report_sde_parse(getenv("SOURCE_DATE_EPOCH"), &t) == 1 ? t : (int64_t)time(NULL);
}

static void file_free(struct rep_file *f)
{
    free(f->path);
    problem_list_free(&f->problems);
    cJSON_Delete(f->facts);
    free(f->src);
    free(f->note);
    free(f->content);
    for (size_t i = 0; i < f->tensor_n; i++)
        free(f->tensor_v[i].name);
    free(f->tensor_v);
}

static void model_free(struct rep_model *m)
{
    for (size_t i = 0; i < m->n_files; i++)
        file_free(&m->files[i]);
    free(m->files);
    for (size_t i = 0; i < m->n_licenses; i++) {
        struct rep_license *l = &m->licenses[i];
        free(l->id);
        free(l->name);
        free(l->source);
        free(l->method);
        free(l->scope);
        cJSON_Delete(l->clauses);
        cJSON_Delete(l->evidence);
        free(l->text);
    }
    free(m->licenses);
    for (size_t i = 0; i < m->n_base_models; i++) {
        free(m->base_models[i].name);
        free(m->base_models[i].relation);
        free(m->base_models[i].license);
        free(m->base_models[i].source);
    }
    free(m->base_models);
    for (size_t i = 0; i < m->n_obligations; i++) {
        free(m->obligations[i].id);
        free(m->obligations[i].text);
        free(m->obligations[i].license);
    }
    free(m->obligations);
    for (size_t i = 0; i < m->n_findings; i++) {
        free(m->findings[i].code);
        free(m->findings[i].message);
        free(m->findings[i].file);
        cJSON_Delete(m->findings[i].detail);
    }
    free(m->findings);
    free(m->path);
    free(m->name);
    free(m->revision);
    free(m->declared_license);
    free(m->concluded_license);
    free(m->governing_law);
    free(m->root);
    cJSON_Delete(m->publisher);
    cJSON_Delete(m->upstream_publishers);
    cJSON_Delete(m->openness);
    cJSON_Delete(m->scale);
    cJSON_Delete(m->card);
}

void report_free(struct report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_models; i++)
        model_free(&r->models[i]);
    free(r->models);
    cJSON_Delete(r->policy);
    free(r);
}

struct rep_model *report_add_model(struct report *r)
{
    struct rep_model *m = report_grow((void **)&r->models, &r->n_models, sizeof *m);

    if (m)
        m->parameters = -1;
    return m;
}

struct rep_file *report_add_file(struct rep_model *m)
{
    struct rep_file *f = report_grow((void **)&m->files, &m->n_files, sizeof *f);

    if (f) {
        f->size = -1;
        f->valid = -1;
        f->tensors = -1;
        f->parameters = -1;
        f->mtime = -1;
        f->expected.size = -1;
    }
    return f;
}

struct rep_license *report_add_license(struct rep_model *m)
{
    return report_grow((void **)&m->licenses, &m->n_licenses, sizeof(struct rep_license));
}

struct rep_base_model *report_add_base_model(struct rep_model *m)
{
    return report_grow((void **)&m->base_models, &m->n_base_models, sizeof(struct rep_base_model));
}

struct rep_obligation *report_add_obligation(struct rep_model *m)
{
    return report_grow((void **)&m->obligations, &m->n_obligations, sizeof(struct rep_obligation));
}

struct rep_finding *report_add_finding(struct rep_model *m, enum finding_sev sev, const char *code,
                                       const char *file, const char *fmt, ...)
{
    struct rep_finding *f;
    char buf[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    f = report_grow((void **)&m->findings, &m->n_findings, sizeof *f);
    if (!f)
        return NULL;
    f->severity = sev;
    if (report_set_str(&f->code, code) || report_set_str(&f->message, buf) ||
        report_set_str(&f->file, file))
        return NULL;
    return f;
}

int report_set_str(char **dst, const char *s)
{
    char *c = NULL;

    if (s && !(c = strdup(s)))
        return WA_ENOMEM;
    free(*dst);
    *dst = c;
    return 0;
}

struct rep_file *report_find_file(struct rep_model *m, const char *path)
{
    for (size_t i = 0; i < m->n_files; i++)
        if (m->files[i].path && strcmp(m->files[i].path, path) == 0)
            return &m->files[i];
    return NULL;
}

/* ---- ordering and verdict ---------------------------------------------- */

static int strcmp_null(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp_null(((const struct rep_file *)a)->path, ((const struct rep_file *)b)->path);
}

static int cmp_finding(const void *a, const void *b)
{
    const struct rep_finding *x = a, *y = b;
    int r;

    if (x->severity != y->severity)
        return x->severity > y->severity ? -1 : 1;
    if ((r = strcmp_null(x->code, y->code)))
        return r;
    if ((r = strcmp_null(x->file, y->file)))
        return r;
    return strcmp_null(x->message, y->message);
}

static int cmp_license(const void *a, const void *b)
{
    const struct rep_license *x = a, *y = b;
    int r = strcmp_null(x->source, y->source);

    return r ? r : strcmp_null(x->id, y->id);
}

static int cmp_obligation(const void *a, const void *b)
{
    const struct rep_obligation *x = a, *y = b;
    int r = strcmp_null(x->id, y->id);

    return r ? r : strcmp_null(x->text, y->text);
}

static int cmp_model(const void *a, const void *b)
{
    const struct rep_model *x = a, *y = b;
    int r = strcmp_null(x->path, y->path);

    /* one hf-cache folder holds a model per snapshot: same path, other revision */
    if (!r)
        r = strcmp_null(x->name, y->name);
    return r ? r : strcmp_null(x->revision, y->revision);
}

/* qsort(NULL, 0) is undefined: empty arrays are NULL here */
static void sort(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(v, n, size, cmp);
}

void report_finalize(struct report *r)
{
    /* nothing audited is not an allow: with no model the verdict is review */
    r->verdict = r->n_models ? VERDICT_ALLOW : VERDICT_REVIEW;
    sort(r->models, r->n_models, sizeof *r->models, cmp_model);
    for (size_t i = 0; i < r->n_models; i++) {
        struct rep_model *m = &r->models[i];
        sort(m->files, m->n_files, sizeof *m->files, cmp_file);
        sort(m->findings, m->n_findings, sizeof *m->findings, cmp_finding);
        sort(m->licenses, m->n_licenses, sizeof *m->licenses, cmp_license);
        sort(m->obligations, m->n_obligations, sizeof *m->obligations, cmp_obligation);
        m->verdict = VERDICT_ALLOW;
        for (size_t k = 0; k < m->n_findings; k++) {
            enum verdict v = m->findings[k].severity == FIND_DENY     ? VERDICT_DENY
                             : m->findings[k].severity == FIND_REVIEW ? VERDICT_REVIEW
                                                                       : VERDICT_ALLOW;
            if (v > m->verdict)
                m->verdict = v;
        }
        if (m->verdict > r->verdict)
            r->verdict = m->verdict;
    }
}

/* ---- native JSON --------------------------------------------------------- */

static cJSON *dup_or_null(const cJSON *j)
{
    return j ? jsonout_dup(j) : cJSON_CreateNull();
}

static cJSON *file_json(const struct rep_file *f)
{
    cJSON *o = cJSON_CreateObject(), *probs;

    jsonout_add_str(o, "path", f->path);
    jsonout_add_int(o, "size", f->size);
    jsonout_add_str(o, "sha256", f->has_sha256 ? f->sha256 : NULL);
    if (f->has_sha1)
        cJSON_AddStringToObject(o, "sha1", f->sha1);
    cJSON_AddStringToObject(o, "role", role_name(f->role));
    cJSON_AddStringToObject(o, "format", fmt_name(f->format));
    cJSON_AddStringToObject(o, "integrity", integrity_name(f->integrity));
    if (f->has_expected) {
        cJSON *e = cJSON_AddObjectToObject(o, "expected");
        cJSON_AddStringToObject(e, f->expected.algo, f->expected.hex);
        cJSON_AddStringToObject(e, "from", f->expected.from);
        if (f->expected.size >= 0)
            cJSON_AddNumberToObject(e, "size", (double)f->expected.size);
    } else {
        cJSON_AddNullToObject(o, "expected");
    }
    jsonout_add_tri(o, "valid", f->valid);
    jsonout_add_int(o, "tensors", f->tensors);
    jsonout_add_int(o, "parameters", f->parameters);
    probs = cJSON_AddArrayToObject(o, "problems");
    for (size_t i = 0; i < f->problems.n; i++) {
        const struct problem *p = &f->problems.v[i];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "code", p->code);
        jsonout_add_str(j, "message", p->message);
        jsonout_add_int(j, "offset", p->offset);
        cJSON_AddStringToObject(j, "severity", problem_sev_name(p->sev));
        cJSON_AddItemToArray(probs, j);
    }
    if (f->facts)
        cJSON_AddItemToObject(o, "facts", jsonout_dup(f->facts));
    return o;
}

static cJSON *model_json(const struct rep_model *m)
{
    cJSON *o = cJSON_CreateObject(), *a;

    jsonout_add_str(o, "path", m->path);
    cJSON_AddStringToObject(o, "layout", layout_name(m->layout));
    jsonout_add_str(o, "name", m->name);
    jsonout_add_str(o, "revision", m->revision);
    cJSON_AddStringToObject(o, "verdict", verdict_name(m->verdict));

    a = cJSON_AddArrayToObject(o, "files");
    for (size_t i = 0; i < m->n_files; i++)
        cJSON_AddItemToArray(a, file_json(&m->files[i]));

    a = cJSON_AddArrayToObject(o, "licenses");
    for (size_t i = 0; i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        cJSON *j = cJSON_CreateObject();
        jsonout_add_str(j, "id", l->id);
        jsonout_add_str(j, "name", l->name);
        jsonout_add_str(j, "source", l->source);
        jsonout_add_str(j, "method", l->method);
        jsonout_add_str(j, "scope", l->scope);
        cJSON_AddNumberToObject(j, "confidence", (double)(int)(l->confidence * 1000 + 0.5) / 1000);
        cJSON_AddBoolToObject(j, "modified", l->modified);
        cJSON_AddItemToObject(j, "clauses", l->clauses ? jsonout_dup(l->clauses) : cJSON_CreateArray());
        if (l->evidence)
            cJSON_AddItemToObject(j, "evidence", jsonout_dup(l->evidence));
        if (l->text)
            jsonout_add_str(j, "text", l->text);
        cJSON_AddItemToArray(a, j);
    }
    jsonout_add_str(o, "declared_license", m->declared_license);
    jsonout_add_str(o, "concluded_license", m->concluded_license);

    a = cJSON_AddArrayToObject(o, "base_models");
    for (size_t i = 0; i < m->n_base_models; i++) {
        const struct rep_base_model *b = &m->base_models[i];
        cJSON *j = cJSON_CreateObject();
        jsonout_add_str(j, "name", b->name);
        jsonout_add_str(j, "relation", b->relation);
        jsonout_add_str(j, "license", b->license);
        if (b->source)
            jsonout_add_str(j, "source", b->source);
        cJSON_AddItemToArray(a, j);
    }
    a = cJSON_AddArrayToObject(o, "obligations");
    for (size_t i = 0; i < m->n_obligations; i++) {
        cJSON *j = cJSON_CreateObject();
        jsonout_add_str(j, "id", m->obligations[i].id);
        jsonout_add_str(j, "text", m->obligations[i].text);
        if (m->obligations[i].license)
            jsonout_add_str(j, "license", m->obligations[i].license);
        cJSON_AddItemToArray(a, j);
    }
    cJSON_AddItemToObject(o, "publisher", dup_or_null(m->publisher));
    cJSON_AddItemToObject(o, "upstream_publishers",
                          m->upstream_publishers ? jsonout_dup(m->upstream_publishers) : cJSON_CreateArray());
    jsonout_add_str(o, "governing_law", m->governing_law);
    cJSON_AddItemToObject(o, "openness", dup_or_null(m->openness));
    if (m->scale)
        cJSON_AddItemToObject(o, "scale", jsonout_dup(m->scale));
    jsonout_add_int(o, "parameters", m->parameters);

    a = cJSON_AddArrayToObject(o, "findings");
    for (size_t i = 0; i < m->n_findings; i++) {
        const struct rep_finding *f = &m->findings[i];
        cJSON *j = cJSON_CreateObject();
        jsonout_add_str(j, "code", f->code);
        cJSON_AddStringToObject(j, "severity", finding_sev_name(f->severity));
        jsonout_add_str(j, "message", f->message);
        jsonout_add_str(j, "file", f->file);
        if (f->detail)
            cJSON_AddItemToObject(j, "detail", jsonout_dup(f->detail));
        cJSON_AddItemToArray(a, j);
    }
    if (m->card)
        cJSON_AddItemToObject(o, "card", jsonout_dup(m->card));
    return o;
}

cJSON *report_to_json(const struct report *r)
{
    cJSON *o = cJSON_CreateObject(), *tool, *models;

    cJSON_AddStringToObject(o, "schema", REPORT_SCHEMA);
    tool = cJSON_AddObjectToObject(o, "tool");
    cJSON_AddStringToObject(tool, "name", "weightaudit");
    cJSON_AddStringToObject(tool, "version", WA_VERSION);
    cJSON_AddStringToObject(o, "verdict", verdict_name(r->verdict));
    cJSON_AddStringToObject(o, "disclaimer", REPORT_DISCLAIMER);
    if (r->policy)
        cJSON_AddItemToObject(o, "policy", jsonout_dup(r->policy));
    if (r->shard_count > 0) {
        cJSON *sh = cJSON_AddObjectToObject(o, "shard");
        cJSON_AddNumberToObject(sh, "index", r->shard_index);
        cJSON_AddNumberToObject(sh, "count", r->shard_count);
    }
    models = cJSON_AddArrayToObject(o, "models");
    for (size_t i = 0; i < r->n_models; i++)
        cJSON_AddItemToArray(models, model_json(&r->models[i]));
    return o;
}
