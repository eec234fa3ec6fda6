/*
 * report_read.c - the native report read back into struct report (see
 * report_read.h).  One function per object of the schema; each checks the
 * members it needs and records the JSON path of what it is reading, so an
 * error says where the document is wrong.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "jsonin.h"
#include "problem.h"
#include "report_read.h"

struct rd {
    const char *name;           /* file named in errors */
    struct wa_err *err;
    char path[256];             /* JSON path of the object being read */
};

/* Error at the current path (plus member key, when given). */
static int fail(struct rd *d, const char *key, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct rd *d, const char *key, const char *fmt, ...)
{
    char what[300];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return wa_err_set(d->err, WA_EFORMAT, d->name, -1, "%s%s%s: %s", d->path,
                      d->path[0] && key ? "." : "", key ? key : "", what);
}

static int oom(struct rd *d)
{
    return wa_err_set(d->err, WA_ENOMEM, d->name, -1, "out of memory");
}

/* Enter "key" or "[i]" below the current path; returns the old length. */
static size_t enter(struct rd *d, const char *key, long idx)
{
    size_t n = strlen(d->path);

    if (idx >= 0)
        snprintf(d->path + n, sizeof d->path - n, "%s%s[%ld]", n ? "." : "", key, idx);
    else
        snprintf(d->path + n, sizeof d->path - n, "%s%s", n ? "." : "", key);
    return n;
}

static void leave(struct rd *d, size_t n)
{
    d->path[n] = '\0';
}

/* ---- typed members -------------------------------------------------------- */

static const cJSON *member(struct rd *d, const cJSON *o, const char *key, int required, int *rc)
{
    const cJSON *v = jsonin_get(o, key);

    if (!v && required)
        *rc = fail(d, key, "missing");
    return v;
}

/* A string member: *out = copy, NULL for null/absent when allowed. */
static int get_str(struct rd *d, const cJSON *o, const char *key, int required, int nullable,
                   size_t max, char **out)
{
    int rc = 0;
    const cJSON *v = member(d, o, key, required, &rc);

    if (rc)
        return rc;
    if (!v || (nullable && cJSON_IsNull(v)))
        return 0;
    if (!cJSON_IsString(v))
        return fail(d, key, nullable ? "expected a string or null" : "expected a string");
    if (strlen(v->valuestring) > max)
        return fail(d, key, "longer than %zu bytes", max);
    if (report_set_str(out, v->valuestring))
        return oom(d);
    return 0;
}

/* A non-negative integer member; -1 for null/absent when allowed. */
static int get_count(struct rd *d, const cJSON *o, const char *key, int required, int64_t *out)
{
    int rc = 0;
    const cJSON *v = member(d, o, key, required, &rc);

    *out = -1;
    if (rc || !v || cJSON_IsNull(v))
        return rc;
    if (!jsonin_int(v, 0, INT64_MAX, out))
        return fail(d, key, "expected a non-negative integer or null");
    return 0;
}

/* An enum member parsed by fn (which returns -1 for unknown names). */
static int get_enum(struct rd *d, const cJSON *o, const char *key, int (*fn)(const char *), int *out)
{
    int rc = 0;
    const cJSON *v = member(d, o, key, 1, &rc);

    if (rc)
        return rc;
    if (!cJSON_IsString(v) || (*out = fn(v->valuestring)) < 0)
        return fail(d, key, "unknown value %s%.40s%s", cJSON_IsString(v) ? "\"" : "",
                    cJSON_IsString(v) ? v->valuestring : "(not a string)", cJSON_IsString(v) ? "\"" : "");
    return 0;
}

/* A member that must be an array (of at most max entries). */
static int get_array(struct rd *d, const cJSON *o, const char *key, size_t max, const cJSON **out)
{
    int rc = 0;
    const cJSON *v = member(d, o, key, 1, &rc);

    if (rc)
        return rc;
    if (!cJSON_IsArray(v))
        return fail(d, key, "expected an array");
    if ((size_t)cJSON_GetArraySize(v) > max)
        return fail(d, key, "more than %zu entries", max);
    *out = v;
    return 0;
}

/* A JSON member kept as is (object, array ...); NULL for null/absent. */
static int get_json(struct rd *d, const cJSON *o, const char *key, int required, int want_object,
                    cJSON **out)
{
    int rc = 0;
    const cJSON *v = member(d, o, key, required, &rc);

    if (rc || !v || cJSON_IsNull(v))
        return rc;
    if (want_object == 1 && !cJSON_IsObject(v))
        return fail(d, key, "expected an object or null");
    if (want_object == 2 && !cJSON_IsArray(v))
        return fail(d, key, "expected an array");
    cJSON_Delete(*out);
    if (!(*out = cJSON_Duplicate(v, 1)))
        return oom(d);
    return 0;
}

static int is_lower_hex(const char *s, size_t n)
{
    return strlen(s) == n && strspn(s, "0123456789abcdef") == n;
}

/* A digest member: n lower-case hex digits, or null when allowed. */
static int get_hex(struct rd *d, const cJSON *o, const char *key, size_t n, int required,
                   int *has, char *out)
{
    int rc = 0;
    const cJSON *v = member(d, o, key, required, &rc);

    *has = 0;
    if (rc || !v || cJSON_IsNull(v))
        return rc;
    if (!cJSON_IsString(v) || !is_lower_hex(v->valuestring, n))
        return fail(d, key, "expected %zu lower-case hex digits%s", n, required ? " or null" : "");
    memcpy(out, v->valuestring, n + 1);
    *has = 1;
    return 0;
}

/* ---- enums without a parser in their own module ----------------------------- */

static int parse_format(const char *s)
{
    for (int f = FORMAT_OTHER; f <= FORMAT_JSON; f++)
        if (strcmp(fmt_name((enum wa_format)f), s) == 0)
            return f;
    return -1;
}

static int parse_problem_sev(const char *s)
{
    for (int v = SEV_INFO; v <= SEV_ERROR; v++)
        if (strcmp(problem_sev_name((enum problem_sev)v), s) == 0)
            return v;
    return -1;
}

static int parse_finding_sev(const char *s)
{
    for (int v = FIND_INFO; v <= FIND_DENY; v++)
        if (strcmp(finding_sev_name((enum finding_sev)v), s) == 0)
            return v;
    return -1;
}

static int parse_from(const char *s)
{
    static const char *const from[] = { "hf-blob-name", "lfs-pointer", "git-tree", "local-dir-metadata",
                                        "ollama-manifest", "manifest", "sbom" };

    for (size_t i = 0; i < sizeof from / sizeof from[0]; i++)
        if (strcmp(from[i], s) == 0)
            return (int)i;
    return -1;
}

static int parse_method(const char *s)
{
    static const char *const m[] = { "text", "card", "notice", "gguf", "ollama" };

    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (strcmp(m[i], s) == 0)
            return (int)i;
    return -1;
}

static int parse_scope(const char *s)
{
    return strcmp(s, "weights") == 0 ? 0 : strcmp(s, "code") == 0 ? 1 : strcmp(s, "all") == 0 ? 2 : -1;
}

static int parse_relation(const char *s)
{
    static const char *const r[] = { "finetune", "adapter", "quantized", "merge" };

    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        if (strcmp(r[i], s) == 0)
            return (int)i;
    return -1;
}

/* A string member restricted to an enum (kept as a string); null allowed when nullable. */
static int get_str_enum(struct rd *d, const cJSON *o, const char *key, int required, int nullable,
                        int (*fn)(const char *), char **out)
{
    int rc = get_str(d, o, key, required, nullable, 64, out);

    if (!rc && *out && fn(*out) < 0)
        rc = fail(d, key, "unknown value \"%.40s\"", *out);
    return rc;
}

/* ---- objects ---------------------------------------------------------------- */

static int read_expected(struct rd *d, const cJSON *o, struct rep_file *f)
{
    const cJSON *e = jsonin_get(o, "expected"), *from;
    char h256[HASH_SHA256_HEX], h1[HASH_SHA1_HEX];
    int has256 = 0, has1 = 0, rc;
    size_t n;

    if (!e)
        return fail(d, "expected", "missing");
    if (cJSON_IsNull(e))
        return 0;
    if (!cJSON_IsObject(e))
        return fail(d, "expected", "expected an object or null");
    n = enter(d, "expected", -1);
    if ((rc = get_hex(d, e, "sha256", 64, 0, &has256, h256)) || (rc = get_hex(d, e, "git_sha1", 40, 0, &has1, h1)))
        goto done;
    if (has256 == has1) {
        rc = fail(d, NULL, "needs exactly one of sha256 and git_sha1");
        goto done;
    }
    snprintf(f->expected.algo, sizeof f->expected.algo, "%s", has256 ? "sha256" : "git_sha1");
    snprintf(f->expected.hex, sizeof f->expected.hex, "%s", has256 ? h256 : h1);
    from = jsonin_get(e, "from");
    if (!cJSON_IsString(from) || parse_from(from->valuestring) < 0) {
        rc = fail(d, "from", "expected one of hf-blob-name, lfs-pointer, git-tree, local-dir-metadata, "
                             "ollama-manifest, manifest, sbom");
        goto done;
    }
    snprintf(f->expected.from, sizeof f->expected.from, "%s", from->valuestring);
    if ((rc = get_count(d, e, "size", 0, &f->expected.size)))
        goto done;
    f->has_expected = 1;
done:
    leave(d, n);
    return rc;
}

static int read_problems(struct rd *d, const cJSON *o, struct rep_file *f)
{
    const cJSON *a, *p;
    long i = 0;
    int rc;

    if ((rc = get_array(d, o, "problems", REPORT_READ_MAX_ENTRIES, &a)))
        return rc;
    cJSON_ArrayForEach(p, a) {
        size_t n = enter(d, "problems", i++);
        const cJSON *code = jsonin_get(p, "code"), *msg = jsonin_get(p, "message"), *sev = jsonin_get(p, "severity");
        int64_t off = -1;
        int s = SEV_ERROR;
        if (!cJSON_IsObject(p))
            rc = fail(d, NULL, "expected an object");
        else if (!cJSON_IsString(code) || !code->valuestring[0] || strlen(code->valuestring) >= PROBLEM_CODE_MAX)
            rc = fail(d, "code", "expected a string of 1 to %d bytes", PROBLEM_CODE_MAX - 1);
        else if (!cJSON_IsString(msg) || strlen(msg->valuestring) > REPORT_READ_MAX_STRING)
            rc = fail(d, "message", "expected a string");
        else if (sev && (!cJSON_IsString(sev) || (s = parse_problem_sev(sev->valuestring)) < 0))
            rc = fail(d, "severity", "expected error, deny, review or info");
        else if (!(rc = get_count(d, p, "offset", 1, &off)) &&
                 problem_add(&f->problems, (enum problem_sev)s, code->valuestring, off, "%s", msg->valuestring))
            rc = oom(d);
        leave(d, n);
        if (rc)
            return rc;
    }
    return 0;
}

static int read_file(struct rd *d, const cJSON *o, struct rep_model *m)
{
    struct rep_file *f;
    const cJSON *v;
    int rc, e;

    if (!cJSON_IsObject(o))
        return fail(d, NULL, "expected an object");
    if (!(f = report_add_file(m)))
        return oom(d);
    if ((rc = get_str(d, o, "path", 1, 0, REPORT_READ_MAX_PATH, &f->path)))
        return rc;
    if (!f->path[0])
        return fail(d, "path", "empty");
    if ((rc = get_count(d, o, "size", 1, &f->size)))
        return rc;
    if ((rc = get_hex(d, o, "sha256", 64, 1, &f->has_sha256, f->sha256)) ||
        (rc = get_hex(d, o, "sha1", 40, 0, &f->has_sha1, f->sha1)))
        return rc;
    if ((rc = get_enum(d, o, "role", role_parse, &e)))
        return rc;
    f->role = (enum file_role)e;
    if ((rc = get_enum(d, o, "format", parse_format, &e)))
        return rc;
    f->format = (enum wa_format)e;
    if ((rc = get_enum(d, o, "integrity", integrity_parse, &e)))
        return rc;
    f->integrity = (enum integrity)e;
    if ((rc = read_expected(d, o, f)))
        return rc;
    v = member(d, o, "valid", 1, &rc);
    if (rc)
        return rc;
    if (cJSON_IsBool(v))
        f->valid = cJSON_IsTrue(v);
    else if (!cJSON_IsNull(v))
        return fail(d, "valid", "expected true, false or null");
    if ((rc = get_count(d, o, "tensors", 1, &f->tensors)) || (rc = get_count(d, o, "parameters", 1, &f->parameters)))
        return rc;
    if ((rc = read_problems(d, o, f)))
        return rc;
    return get_json(d, o, "facts", 0, 1, &f->facts);
}

static int read_license(struct rd *d, const cJSON *o, struct rep_model *m)
{
    struct rep_license *l;
    const cJSON *v;
    int rc = 0;

    if (!cJSON_IsObject(o))
        return fail(d, NULL, "expected an object");
    if (!(l = report_add_license(m)))
        return oom(d);
    if ((rc = get_str(d, o, "id", 1, 0, 256, &l->id)) || (rc = get_str(d, o, "name", 1, 1, 1024, &l->name)) ||
        (rc = get_str(d, o, "source", 1, 0, REPORT_READ_MAX_PATH, &l->source)) ||
        (rc = get_str_enum(d, o, "method", 1, 0, parse_method, &l->method)) ||
        (rc = get_str_enum(d, o, "scope", 0, 1, parse_scope, &l->scope)) ||
        (rc = get_str(d, o, "text", 0, 0, REPORT_READ_MAX_STRING, &l->text)))
        return rc;
    if (!l->id[0])
        return fail(d, "id", "empty");
    v = member(d, o, "confidence", 1, &rc);
    if (rc)
        return rc;
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0.0 && v->valuedouble <= 1.0))
        return fail(d, "confidence", "expected a number from 0 to 1");
    l->confidence = v->valuedouble;
    v = member(d, o, "modified", 1, &rc);
    if (rc)
        return rc;
    if (!cJSON_IsBool(v))
        return fail(d, "modified", "expected true or false");
    l->modified = cJSON_IsTrue(v);
    if ((rc = get_json(d, o, "clauses", 1, 2, &l->clauses)))
        return rc;
    if ((rc = get_json(d, o, "evidence", 0, 2, &l->evidence)))
        return rc;
    /* evidence items: {kind: inserted|deleted, text, offset} as the outputs read them */
    for (const cJSON *ev = l->evidence ? l->evidence->child : NULL; ev; ev = ev->next) {
        const cJSON *kind = jsonin_get(ev, "kind"), *text = jsonin_get(ev, "text"), *off = jsonin_get(ev, "offset");
        int64_t x;
        if (!cJSON_IsString(kind) || (strcmp(kind->valuestring, "inserted") && strcmp(kind->valuestring, "deleted")) ||
            !cJSON_IsString(text) || (off && !cJSON_IsNull(off) && !jsonin_int(off, 0, INT64_MAX, &x)))
            return fail(d, "evidence", "each entry needs kind inserted|deleted, text, and offset >= 0 or null");
    }
    return 0;
}

static int read_base_model(struct rd *d, const cJSON *o, struct rep_model *m)
{
    struct rep_base_model *b;
    int rc;

    if (!cJSON_IsObject(o))
        return fail(d, NULL, "expected an object");
    if (!(b = report_add_base_model(m)))
        return oom(d);
    if ((rc = get_str(d, o, "name", 1, 0, 1024, &b->name)) ||
        (rc = get_str_enum(d, o, "relation", 1, 1, parse_relation, &b->relation)) ||
        (rc = get_str(d, o, "license", 1, 1, 256, &b->license)) ||
        (rc = get_str(d, o, "source", 0, 0, REPORT_READ_MAX_PATH, &b->source)))
        return rc;
    return 0;
}

static int read_obligation(struct rd *d, const cJSON *o, struct rep_model *m)
{
    struct rep_obligation *ob;
    int rc;

    if (!cJSON_IsObject(o))
        return fail(d, NULL, "expected an object");
    if (!(ob = report_add_obligation(m)))
        return oom(d);
    if ((rc = get_str(d, o, "id", 1, 0, 256, &ob->id)) ||
        (rc = get_str(d, o, "text", 1, 0, REPORT_READ_MAX_STRING, &ob->text)) ||
        (rc = get_str(d, o, "license", 0, 0, 256, &ob->license)))
        return rc;
    return 0;
}

static int read_finding(struct rd *d, const cJSON *o, struct rep_model *m)
{
    struct rep_finding *f;
    int rc, sev;

    if (!cJSON_IsObject(o))
        return fail(d, NULL, "expected an object");
    if (!(f = report_add_finding(m, FIND_INFO, "x", NULL, "%s", "")))
        return oom(d);
    if ((rc = get_str(d, o, "code", 1, 0, 64, &f->code)) ||
        (rc = get_str(d, o, "message", 1, 0, REPORT_READ_MAX_STRING, &f->message)) ||
        (rc = get_str(d, o, "file", 1, 1, REPORT_READ_MAX_PATH, &f->file)))
        return rc;
    if (!f->code[0] || strspn(f->code, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(f->code))
        return fail(d, "code", "expected lower-case letters, digits, _ and -");
    if ((rc = get_enum(d, o, "severity", parse_finding_sev, &sev)))
        return rc;
    f->severity = (enum finding_sev)sev;
    return get_json(d, o, "detail", 0, 0, &f->detail);
}

/* Read the array member key of o, one element at a time, with fn. */
static int read_list(struct rd *d, const cJSON *o, const char *key, size_t max,
                     int (*fn)(struct rd *, const cJSON *, struct rep_model *), struct rep_model *m)
{
    const cJSON *a, *e;
    long i = 0;
    int rc;

    if ((rc = get_array(d, o, key, max, &a)))
        return rc;
    cJSON_ArrayForEach(e, a) {
        size_t n = enter(d, key, i++);
        rc = fn(d, e, m);
        leave(d, n);
        if (rc)
            return rc;
    }
    return 0;
}

static int read_model(struct rd *d, const cJSON *o, struct report *r)
{
    struct rep_model *m;
    int rc, e;

    if (!cJSON_IsObject(o))
        return fail(d, NULL, "expected an object");
    if (!(m = report_add_model(r)))
        return oom(d);
    if ((rc = get_str(d, o, "path", 1, 0, REPORT_READ_MAX_PATH, &m->path)))
        return rc;
    if ((rc = get_enum(d, o, "layout", layout_parse, &e)))
        return rc;
    m->layout = (enum layout)e;
    if ((rc = get_str(d, o, "name", 1, 1, 1024, &m->name)) ||
        (rc = get_str(d, o, "revision", 1, 1, 256, &m->revision)))
        return rc;
    if ((rc = get_enum(d, o, "verdict", verdict_parse, &e)))
        return rc;
    m->verdict = (enum verdict)e;
    if ((rc = read_list(d, o, "files", REPORT_READ_MAX_FILES, read_file, m)) ||
        (rc = read_list(d, o, "licenses", REPORT_READ_MAX_ENTRIES, read_license, m)) ||
        (rc = get_str(d, o, "declared_license", 1, 1, 1024, &m->declared_license)) ||
        (rc = get_str(d, o, "concluded_license", 1, 1, 1024, &m->concluded_license)) ||
        (rc = read_list(d, o, "base_models", REPORT_READ_MAX_ENTRIES, read_base_model, m)) ||
        (rc = read_list(d, o, "obligations", REPORT_READ_MAX_ENTRIES, read_obligation, m)) ||
        (rc = get_json(d, o, "publisher", 1, 1, &m->publisher)) ||
        (rc = get_json(d, o, "upstream_publishers", 1, 2, &m->upstream_publishers)) ||
        (rc = get_str(d, o, "governing_law", 1, 1, 1024, &m->governing_law)) ||
        (rc = get_json(d, o, "openness", 1, 1, &m->openness)) ||
        (rc = get_json(d, o, "scale", 0, 1, &m->scale)) ||
        (rc = get_count(d, o, "parameters", 1, &m->parameters)) ||
        (rc = read_list(d, o, "findings", REPORT_READ_MAX_ENTRIES, read_finding, m)) ||
        (rc = get_json(d, o, "card", 0, 1, &m->card)))
        return rc;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A model lists each file once (checked on a sorted copy: the order of the
 * document is kept). */
static int check_unique(struct rd *d, struct rep_model *m, long mi)
{
    const char **v;
    int rc = 0;

    if (m->n_files < 2)
        return 0;
    if (!(v = malloc(m->n_files * sizeof *v)))
        return oom(d);
    for (size_t i = 0; i < m->n_files; i++)
        v[i] = m->files[i].path;
    qsort(v, m->n_files, sizeof *v, cmp_str);
    for (size_t i = 1; i < m->n_files && !rc; i++)
        if (strcmp(v[i - 1], v[i]) == 0) {
            size_t n = enter(d, "models", mi);
            rc = fail(d, "files", "the path \"%.200s\" is listed twice", v[i]);
            leave(d, n);
        }
    free(v);
    return rc;
}

static int read_root(struct rd *d, const cJSON *root, struct report *r, struct report_shard *shard)
{
    const cJSON *v, *models, *e;
    long i = 0;
    int rc = 0, verdict;

    if (!cJSON_IsObject(root))
        return fail(d, NULL, "the document is not a JSON object");
    v = jsonin_get(root, "schema");
    if (!cJSON_IsString(v) || strcmp(v->valuestring, REPORT_SCHEMA) != 0)
        return fail(d, "schema", "expected \"%s\" (is this a weightaudit JSON report?)", REPORT_SCHEMA);
    v = member(d, root, "tool", 1, &rc);
    if (rc)
        return rc;
    if (!cJSON_IsObject(v) || !cJSON_IsString(jsonin_get(v, "name")) || !cJSON_IsString(jsonin_get(v, "version")))
        return fail(d, "tool", "expected an object with name and version");
    if ((rc = get_enum(d, root, "verdict", verdict_parse, &verdict)))
        return rc;
    r->verdict = (enum verdict)verdict;
    if ((rc = get_json(d, root, "policy", 0, 1, &r->policy)))
        return rc;
    v = jsonin_get(root, "shard");
    if (v && !cJSON_IsNull(v)) {
        int64_t idx, cnt;
        if (!cJSON_IsObject(v) || !jsonin_int(jsonin_get(v, "index"), 1, 1000000, &idx) ||
            !jsonin_int(jsonin_get(v, "count"), 1, 1000000, &cnt) || idx > cnt)
            return fail(d, "shard", "expected {\"index\": I, \"count\": N} with 1 <= I <= N");
        if (shard) {
            shard->index = idx;
            shard->count = cnt;
        }
    }
    if ((rc = get_array(d, root, "models", REPORT_READ_MAX_MODELS, &models)))
        return rc;
    cJSON_ArrayForEach(e, models) {
        size_t n = enter(d, "models", i);
        rc = read_model(d, e, r);
        leave(d, n);
        if (!rc)
            rc = check_unique(d, &r->models[r->n_models - 1], i);
        if (rc)
            return rc;
        i++;
    }
    return 0;
}

/* The report of a parsed document; takes doc. */
static int from_doc(struct report **out, struct report_shard *shard, cJSON *doc, const char *name,
                    struct wa_err *err)
{
    struct rd d = { .name = name, .err = err };
    struct report *r = report_new();
    int rc;

    if (!r)
        rc = oom(&d);
    else if ((rc = read_root(&d, doc, r, shard))) {
        report_free(r);
        r = NULL;
        if (shard)
            shard->index = shard->count = 0;
    }
    cJSON_Delete(doc);
    *out = r;
    return rc;
}

int report_parse(struct report **out, struct report_shard *shard, const char *buf, size_t n,
                 const char *name, struct wa_err *err)
{
    cJSON *doc = NULL;
    int rc;

    *out = NULL;
    if (shard)
        shard->index = shard->count = 0;
    if (n > REPORT_READ_MAX_BYTES)
        return wa_err_set(err, WA_ETOOBIG, name, -1, "larger than %u bytes", REPORT_READ_MAX_BYTES);
    if ((rc = jsonin_parse(&doc, buf, n, name, err)))
        return rc;
    return from_doc(out, shard, doc, name, err);
}

int report_read(struct report **out, struct report_shard *shard, const char *path, struct wa_err *err)
{
    cJSON *doc = NULL;
    int rc;

    *out = NULL;
    if (shard)
        shard->index = shard->count = 0;
    if ((rc = jsonin_parse_file(&doc, path, REPORT_READ_MAX_BYTES, err)))
        return rc;
    return from_doc(out, shard, doc, path, err);
}
