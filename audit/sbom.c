/*
 * sbom.c - CycloneDX and SPDX JSON documents read into a manifest (see
 * sbom.h).  Files are gathered with the component or package that holds
 * them; when several hold files, the one that is the model at PATH (by its
 * recorded path or name) is read, and the document is refused when none or
 * several are.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jsonin.h"
#include "sbom.h"

#define HOLDER_TOP ((size_t)-1)         /* files not held by any component/package */

struct entry {
    const char *id;                     /* SPDX: SPDXID (for relationships); NULL otherwise */
    const char *path;                   /* points into the document */
    const char *sha256;
    int64_t size;
    size_t holder;                      /* index of the holding component/package, or HOLDER_TOP */
};

struct holder {
    const char *id;                     /* SPDXID or bom-ref, may be NULL */
    const cJSON *obj;                   /* the component or package */
};

/* What a holder of files says about the model it is. */
struct cand {
    size_t holder;                      /* index into rd.h, or HOLDER_TOP */
    char *name;                         /* "group/name" (CycloneDX), name (SPDX), or NULL */
    char *path;                         /* the model path weightaudit recorded, or NULL */
    int score;
};

struct rd {
    const char *name;
    struct wa_err *err;
    struct entry *e;
    size_t n, cap;
    struct holder *h;
    size_t nh, caph;
};

static int fail(struct rd *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct rd *d, const char *fmt, ...)
{
    char msg[WA_ERR_MSG];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return wa_err_set(d->err, WA_EFORMAT, d->name, -1, "%s", msg);
}

static int oom(struct rd *d)
{
    return wa_err_set(d->err, WA_ENOMEM, d->name, -1, "out of memory");
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = jsonin_get(o, key);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A path an SBOM may name: relative, '/'-separated, nothing that climbs
 * out or is empty.  A leading "./" (SPDX) is dropped. */
static int check_path(struct rd *d, const char **path, const char *where)
{
    const char *p = *path;

    while (p[0] == '.' && p[1] == '/')
        p += 2;
    if (!*p)
        return fail(d, "%s: empty file path", where);
    if (strlen(p) > SBOM_MAX_PATH)
        return fail(d, "%s: file path longer than %d bytes", where, SBOM_MAX_PATH);
    if (*p == '/')
        return fail(d, "%s: absolute file path \"%.200s\" (paths must be relative to the model)", where, p);
    for (const char *c = p; *c;) {
        size_t k = strcspn(c, "/");
        if (k == 0 || (k == 1 && c[0] == '.') || (k == 2 && c[0] == '.' && c[1] == '.'))
            return fail(d, "%s: unsafe file path \"%.200s\" (empty, \".\" or \"..\" component)", where, p);
        c += k;
        if (*c == '/')
            c++;
    }
    *path = p;
    return 0;
}

static int add_entry(struct rd *d, const char *id, const char *path, const char *sha, int64_t size, size_t holder,
                     const char *where)
{
    int rc;

    if ((rc = check_path(d, &path, where)))
        return rc;
    if (!hash_is_hex(sha, 64))
        return fail(d, "%s: SHA-256 of \"%.200s\" is not 64 hex digits", where, path);
    if (d->n == SBOM_MAX_ENTRIES)
        return fail(d, "more than %d files", SBOM_MAX_ENTRIES);
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        struct entry *v = realloc(d->e, cap * sizeof *v);
        if (!v)
            return oom(d);
        d->e = v;
        d->cap = cap;
    }
    d->e[d->n++] = (struct entry){ id, path, sha, size, holder };
    return 0;
}

static int add_holder(struct rd *d, const char *id, const cJSON *obj, size_t *index)
{
    if (d->nh == SBOM_MAX_ENTRIES)
        return fail(d, "more than %d components or packages", SBOM_MAX_ENTRIES);
    if (d->nh == d->caph) {
        size_t cap = d->caph ? d->caph * 2 : 16;
        struct holder *v = realloc(d->h, cap * sizeof *v);
        if (!v)
            return oom(d);
        d->h = v;
        d->caph = cap;
    }
    d->h[d->nh] = (struct holder){ id, obj };
    *index = d->nh++;
    return 0;
}

/* ---- CycloneDX ---------------------------------------------------------------- */

/* The SHA-256 of a component, NULL when it has none; two different ones are an error. */
static int cdx_sha256(struct rd *d, const cJSON *c, const char *where, const char **out)
{
    const cJSON *hashes = jsonin_get(c, "hashes"), *h;

    *out = NULL;
    if (!hashes)
        return 0;
    if (!cJSON_IsArray(hashes))
        return fail(d, "%s.hashes: expected an array", where);
    cJSON_ArrayForEach(h, hashes) {
        const char *alg = str(h, "alg"), *content = str(h, "content");
        if (!alg || strcmp(alg, "SHA-256") != 0)
            continue;
        if (!content)
            return fail(d, "%s.hashes: a SHA-256 entry without content", where);
        if (*out && strcasecmp(*out, content) != 0)
            return fail(d, "%s.hashes: two different SHA-256 values", where);
        *out = content;
    }
    return 0;
}

static int64_t cdx_size(const cJSON *c)
{
    const cJSON *props = jsonin_get(c, "properties"), *p;
    int64_t v;

    if (!cJSON_IsArray(props))
        return -1;
    cJSON_ArrayForEach(p, props) {
        const char *name = str(p, "name"), *value = str(p, "value");
        char *end;
        if (!name || !value || strcmp(name, "weightaudit:size") != 0 || !*value)
            continue;
        v = strtoll(value, &end, 10);
        if (!*end && v >= 0)
            return v;
    }
    return -1;
}

static int cdx_walk(struct rd *d, const cJSON *list, size_t holder, char *where, size_t wlen, int depth)
{
    const cJSON *c;
    long i = 0;
    int rc;

    if (!list)
        return 0;
    if (!cJSON_IsArray(list))
        return fail(d, "%s: expected an array", where);
    if (depth > 16)
        return fail(d, "%s: components nested deeper than 16 levels", where);
    cJSON_ArrayForEach(c, list) {
        const char *type = str(c, "type"), *name = str(c, "name"), *sha;
        size_t self;
        int k = snprintf(where + wlen, 256 - wlen, "[%ld]", i++);
        size_t len = wlen + (k > 0 ? (size_t)k : 0);
        if (len >= 200)
            len = wlen;
        if (!cJSON_IsObject(c))
            return fail(d, "%s: expected an object", where);
        if ((rc = cdx_sha256(d, c, where, &sha)))
            return rc;
        if (type && strcmp(type, "file") == 0 && sha) {
            if (!name)
                return fail(d, "%s: a file component without a name", where);
            if ((rc = add_entry(d, NULL, name, sha, cdx_size(c), holder, where)))
                return rc;
        }
        if (jsonin_get(c, "components")) {
            if ((rc = add_holder(d, str(c, "bom-ref"), c, &self)))
                return rc;
            snprintf(where + len, 256 - len, ".components");
            if ((rc = cdx_walk(d, jsonin_get(c, "components"), self, where, strlen(where), depth + 1)))
                return rc;
        }
        where[wlen] = '\0';
    }
    return 0;
}

/* name and version of the component holding the files */
static int cdx_names(struct manifest *m, const cJSON *c)
{
    const char *group = str(c, "group"), *name = str(c, "name"), *version = str(c, "version");

    if (name && strlen(name) < 1024) {
        size_t n = strlen(name) + (group ? strlen(group) + 1 : 0) + 1;
        if (!(m->name = malloc(n)))
            return WA_ENOMEM;
        snprintf(m->name, n, "%s%s%s", group && strlen(group) < 1024 ? group : "", group ? "/" : "", name);
    }
    if (version && strlen(version) < 1024 && !(m->revision = strdup(version)))
        return WA_ENOMEM;
    return 0;
}

static int read_cyclonedx(struct rd *d, const cJSON *root)
{
    char where[256] = "components";

    return cdx_walk(d, jsonin_get(root, "components"), HOLDER_TOP, where, strlen(where), 0);
}

/* ---- SPDX ------------------------------------------------------------------------ */

static int cmp_entry_id(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->id, ((const struct entry *)b)->id);
}

static int cmp_holder_id(const void *a, const void *b)
{
    return strcmp(((const struct holder *)a)->id, ((const struct holder *)b)->id);
}

static struct entry *find_file(struct rd *d, const char *id)
{
    struct entry key = { .id = id };

    /* bsearch(NULL, 0) is undefined: a document may list no file at all */
    return id && d->n ? bsearch(&key, d->e, d->n, sizeof *d->e, cmp_entry_id) : NULL;
}

static long find_package(struct rd *d, const char *id)
{
    struct holder key = { .id = id }, *h;

    h = id && d->nh ? bsearch(&key, d->h, d->nh, sizeof *d->h, cmp_holder_id) : NULL;
    return h ? (long)(h - d->h) : -1;
}

/* File f is held by package p; a file held by two packages is refused. */
static int hold(struct rd *d, struct entry *f, long p)
{
    if (f->holder != HOLDER_TOP && f->holder != (size_t)p)
        return fail(d, "file %.200s is contained in two packages", f->path);
    f->holder = (size_t)p;
    return 0;
}

static int read_spdx(struct rd *d, const cJSON *root)
{
    const cJSON *files = jsonin_get(root, "files"), *pkgs = jsonin_get(root, "packages");
    const cJSON *rels = jsonin_get(root, "relationships"), *x;
    long i = 0;
    int rc;

    if (files && !cJSON_IsArray(files))
        return fail(d, "files: expected an array");
    if (pkgs && !cJSON_IsArray(pkgs))
        return fail(d, "packages: expected an array");
    if (rels && !cJSON_IsArray(rels))
        return fail(d, "relationships: expected an array");
    cJSON_ArrayForEach(x, files) {
        const char *id = str(x, "SPDXID"), *path = str(x, "fileName"), *sha = NULL;
        const cJSON *sums = jsonin_get(x, "checksums"), *s;
        char where[64];
        snprintf(where, sizeof where, "files[%ld]", i++);
        if (!cJSON_IsObject(x) || !id || !path)
            return fail(d, "%s: a file needs SPDXID and fileName", where);
        if (sums && !cJSON_IsArray(sums))
            return fail(d, "%s.checksums: expected an array", where);
        cJSON_ArrayForEach(s, sums) {
            const char *alg = str(s, "algorithm"), *value = str(s, "checksumValue");
            if (!alg || strcmp(alg, "SHA256") != 0)
                continue;
            if (!value)
                return fail(d, "%s.checksums: a SHA256 entry without checksumValue", where);
            if (sha && strcasecmp(sha, value) != 0)
                return fail(d, "%s.checksums: two different SHA256 values", where);
            sha = value;
        }
        if (sha && (rc = add_entry(d, id, path, sha, -1, HOLDER_TOP, where)))
            return rc;
    }
    i = 0;
    cJSON_ArrayForEach(x, pkgs) {
        size_t idx;
        const char *id = str(x, "SPDXID");
        if (!cJSON_IsObject(x) || !id)
            return fail(d, "packages[%ld]: a package needs an SPDXID", i);
        if ((rc = add_holder(d, id, x, &idx)))
            return rc;
        i++;
    }
    if (d->n > 1)
        qsort(d->e, d->n, sizeof *d->e, cmp_entry_id);
    if (d->nh > 1)
        qsort(d->h, d->nh, sizeof *d->h, cmp_holder_id);
    for (size_t k = 1; k < d->n; k++)
        if (!strcmp(d->e[k - 1].id, d->e[k].id))
            return fail(d, "the SPDXID %.100s is used by two files", d->e[k].id);
    for (size_t k = 1; k < d->nh; k++)
        if (!strcmp(d->h[k - 1].id, d->h[k].id))
            return fail(d, "the SPDXID %.100s is used by two packages", d->h[k].id);
    /* which package holds each file: hasFiles, CONTAINS, CONTAINED_BY */
    for (size_t k = 0; k < d->nh; k++) {
        const cJSON *has = jsonin_get(d->h[k].obj, "hasFiles"), *fid;
        if (!cJSON_IsArray(has))
            continue;
        cJSON_ArrayForEach(fid, has) {
            struct entry *f = cJSON_IsString(fid) ? find_file(d, fid->valuestring) : NULL;
            if (f && (rc = hold(d, f, (long)k)))
                return rc;
        }
    }
    cJSON_ArrayForEach(x, rels) {
        const char *a = str(x, "spdxElementId"), *type = str(x, "relationshipType"), *b = str(x, "relatedSpdxElement");
        struct entry *f;
        long p;
        rc = 0;
        if (!a || !type || !b)
            continue;
        if (!strcmp(type, "CONTAINS") && (p = find_package(d, a)) >= 0 && (f = find_file(d, b)))
            rc = hold(d, f, p);
        else if (!strcmp(type, "CONTAINED_BY") && (p = find_package(d, b)) >= 0 && (f = find_file(d, a)))
            rc = hold(d, f, p);
        if (rc)
            return rc;
    }
    return 0;
}

static int spdx_names(struct manifest *m, const cJSON *pkg)
{
    const char *name = str(pkg, "name"), *version = str(pkg, "versionInfo");

    if (name && strlen(name) < 1024 && !(m->name = strdup(name)))
        return WA_ENOMEM;
    if (version && strlen(version) < 1024 && !(m->revision = strdup(version)))
        return WA_ENOMEM;
    return 0;
}

/* ---- common --------------------------------------------------------------------- */

static int cmp_entry_path(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

/* ---- which holder is the model at PATH ------------------------------------------ */

/* path without "./" prefixes and trailing slashes, into a new string */
static char *norm_path(const char *p)
{
    size_t n;

    while (p[0] == '.' && p[1] == '/' && p[2])
        p += 2;
    n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        n--;
    return strndup(p, n);
}

static const char *last_part(const char *p)
{
    const char *s = strrchr(p, '/');

    return s ? s + 1 : p;
}

/* weightaudit:path of a CycloneDX component */
static const char *cdx_path(const cJSON *c)
{
    const cJSON *props = jsonin_get(c, "properties"), *p;

    if (!cJSON_IsArray(props))
        return NULL;
    cJSON_ArrayForEach(p, props) {
        const char *name = str(p, "name"), *value = str(p, "value");
        if (name && value && strcmp(name, "weightaudit:path") == 0)
            return value;
    }
    return NULL;
}

/* The candidate's name and recorded path.  0 or WA_ENOMEM. */
static int cand_names(struct rd *d, struct cand *c, int is_spdx)
{
    const cJSON *o = c->holder == HOLDER_TOP ? NULL : d->h[c->holder].obj;
    const char *name = o ? str(o, "name") : NULL, *path = NULL;

    if (!o)
        return 0;
    if (is_spdx) {
        /* weightaudit's package comment: "... Model path: PATH (layout L)." */
        const char *comment = str(o, "comment"), *s, *e;
        if (comment && (s = strstr(comment, "Model path: ")) && (e = strstr(s + 12, " (layout ")) &&
            !(c->path = strndup(s + 12, (size_t)(e - s - 12))))
            return WA_ENOMEM;
        if (name && !(c->name = strdup(name)))
            return WA_ENOMEM;
    } else {
        const char *group = str(o, "group");
        if ((path = cdx_path(o)) && !(c->path = strdup(path)))
            return WA_ENOMEM;
        if (name) {
            size_t n = strlen(name) + (group ? strlen(group) + 1 : 0) + 1;
            if (!(c->name = malloc(n)))
                return WA_ENOMEM;
            snprintf(c->name, n, "%s%s%s", group ? group : "", group ? "/" : "", name);
        }
    }
    return 0;
}

/* How well candidate c is the model at PATH: 2 its recorded path (or a
 * name that is a path) is PATH itself; 1 its recorded path ends in PATH's
 * last part, or its name is PATH's "org/name" (a hf-cache folder
 * models--org--name) or ends in PATH's last part; 0 nothing says so. */
static int cand_score(const struct cand *c, const char *path, const char *real, const char *hfname)
{
    const char *base = last_part(path);
    const char *keys[2] = { c->path, c->name };
    int score = 0;

    for (int k = 0; k < 2; k++) {
        char *n;
        if (!keys[k] || !(n = norm_path(keys[k])))
            continue;
        if (!strcmp(n, path) || (real && !strcmp(n, real)))
            score = 2;
        else if ((*base && !strcmp(last_part(n), base)) || (hfname && !strcmp(n, hfname)))
            score = score > 1 ? score : 1;
        free(n);
    }
    return score;
}

/* A list of the candidates for an error message, into buf. */
static void cand_list(char *buf, size_t size, const struct cand *c, size_t n, const struct rd *d)
{
    size_t len = 0, shown = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < n && len + 90 < size; i++, shown++) {
        const char *id = c[i].holder == HOLDER_TOP ? "(top level)" : d->h[c[i].holder].id;
        int k = snprintf(buf + len, size - len, "%s\"%.80s\"", i ? ", " : "",
                         c[i].name ? c[i].name : id ? id : "(unnamed)");
        if (k > 0 && (size_t)k < size - len)
            len += (size_t)k;
        if (c[i].path && strcmp(c[i].path, c[i].name ? c[i].name : "") && len + 80 < size) {
            k = snprintf(buf + len, size - len, " at %.120s", c[i].path);
            if (k > 0 && (size_t)k < size - len)
                len += (size_t)k;
        }
    }
    if (shown < n && len + 20 < size)
        snprintf(buf + len, size - len, " and %zu more", n - shown);
}

/* The holder whose files to read: the only one, else the one that is the
 * model at model_path.  0 or an error naming the candidates. */
static int choose_holder(struct rd *d, const char *model_path, const char *model_real, int is_spdx, size_t *out)
{
    struct cand *c = NULL;
    size_t n = 0, at = 0;
    char *path = NULL, *real = NULL, *hfname = NULL, list[320];
    const char *what = is_spdx ? "package" : "component";
    int rc = 0, top = 0, best = 0;
    /* one slot per holder, the last for HOLDER_TOP: every holder is taken
     * once, in document order, in time linear in the entries (a hostile
     * SBOM may give each of a million files a component of its own) */
    unsigned char *seen = calloc(d->nh + 1, 1);

    if (!seen || !(c = calloc(d->nh + 1, sizeof *c))) {
        free(seen);
        return oom(d);
    }
    for (size_t i = 0; i < d->n; i++) {
        size_t slot = d->e[i].holder == HOLDER_TOP ? d->nh : d->e[i].holder;
        if (seen[slot])
            continue;
        seen[slot] = 1;
        c[n++] = (struct cand){ .holder = d->e[i].holder };
    }
    free(seen);
    if (n == 1) {
        *out = c[0].holder;
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (cand_names(d, &c[i], is_spdx)) {
            rc = oom(d);
            goto done;
        }
    cand_list(list, sizeof list, c, n, d);
    if (!model_path) {
        rc = fail(d, "the files belong to more than one %s (%s); verify checks one model at a time", what, list);
        goto done;
    }
    if (!(path = norm_path(model_path)) || (model_real && !(real = norm_path(model_real)))) {
        rc = oom(d);
        goto done;
    }
    {
        const char *base = last_part(!strcmp(path, ".") && real ? real : path);
        if (!strncmp(base, "models--", 8) && strstr(base + 8, "--")) {
            /* a hf-cache folder models--org--name is org/name */
            char *o, *q;
            if (!(hfname = strdup(base + 8))) {
                rc = oom(d);
                goto done;
            }
            for (o = q = hfname; *q; )
                if (q[0] == '-' && q[1] == '-') {
                    *o++ = '/';
                    q += 2;
                } else
                    *o++ = *q++;
            *o = '\0';
        }
        if (!strcmp(path, ".") && real) {
            free(path);
            if (!(path = strdup(real))) {
                rc = oom(d);
                goto done;
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        c[i].score = cand_score(&c[i], path, real, hfname);
        if (c[i].score > best) {
            best = c[i].score;
            at = i;
            top = 1;
        } else if (c[i].score == best && best > 0) {
            top++;
        }
    }
    if (best == 0)
        rc = fail(d, "the files belong to more than one %s and none is the model at %.120s by its recorded path or "
                  "name (%s)", what, model_path, list);
    else if (top > 1)
        rc = fail(d, "the files belong to more than one %s and %d match the model at %.120s alike (%s); give "
                  "PATH as the SBOM records it", what, top, model_path, list);
    else
        *out = c[at].holder;
done:
    for (size_t i = 0; i < n; i++) {
        free(c[i].name);
        free(c[i].path);
    }
    free(c);
    free(path);
    free(real);
    free(hfname);
    return rc;
}

static int from_doc(struct manifest **out, const cJSON *root, const char *name, const char *model_path,
                    const char *model_real, struct wa_err *err)
{
    struct rd d = { .name = name, .err = err };
    struct manifest *m = NULL;
    const char *fmt = str(root, "bomFormat"), *spdx = str(root, "spdxVersion");
    size_t holder = HOLDER_TOP;
    int rc, is_spdx = 0;

    *out = NULL;
    if (!cJSON_IsObject(root))
        return fail(&d, "not a JSON object (expected a CycloneDX or SPDX JSON document)");
    if (fmt && strcmp(fmt, "CycloneDX") == 0) {
        rc = read_cyclonedx(&d, root);
    } else if (spdx && strncmp(spdx, "SPDX-2.", 7) == 0) {
        is_spdx = 1;
        rc = read_spdx(&d, root);
    } else {
        return fail(&d, "neither a CycloneDX document (bomFormat) nor an SPDX 2.x JSON document (spdxVersion)");
    }
    if (rc)
        goto done;
    if (d.n == 0) {
        rc = fail(&d, "the document lists no file with a SHA-256 hash: nothing to verify");
        goto done;
    }
    if ((rc = choose_holder(&d, model_path, model_real, is_spdx, &holder)))
        goto done;
    {
        /* only the files of that model */
        size_t k = 0;
        for (size_t i = 0; i < d.n; i++)
            if (d.e[i].holder == holder)
                d.e[k++] = d.e[i];
        d.n = k;
    }
    qsort(d.e, d.n, sizeof *d.e, cmp_entry_path);
    for (size_t i = 1; i < d.n; i++)
        if (strcmp(d.e[i - 1].path, d.e[i].path) == 0) {
            rc = fail(&d, "the file %.300s is listed twice", d.e[i].path);
            goto done;
        }
    if (!(m = manifest_new())) {
        rc = oom(&d);
        goto done;
    }
    for (size_t i = 0; i < d.n; i++)
        if ((rc = manifest_add(m, d.e[i].path, d.e[i].size, d.e[i].sha256))) {
            rc = rc == WA_ENOMEM ? oom(&d) : fail(&d, "bad SHA-256 for %.300s", d.e[i].path);
            goto done;
        }
    if (holder != HOLDER_TOP &&
        (is_spdx ? spdx_names(m, d.h[holder].obj) : cdx_names(m, d.h[holder].obj))) {
        rc = oom(&d);
        goto done;
    }
done:
    free(d.e);
    free(d.h);
    if (rc) {
        manifest_free(m);
        m = NULL;
    }
    *out = m;
    return rc;
}

int sbom_parse_for(struct manifest **out, const char *buf, size_t n, const char *name, const char *model_path,
                   const char *model_real, struct wa_err *err)
{
    cJSON *doc = NULL;
    int rc;

    *out = NULL;
    if (n > SBOM_MAX_BYTES)
        return wa_err_set(err, WA_ETOOBIG, name, -1, "larger than %u bytes", SBOM_MAX_BYTES);
    if ((rc = jsonin_parse(&doc, buf, n, name, err)))
        return rc;
    rc = from_doc(out, doc, name, model_path, model_real, err);
    cJSON_Delete(doc);
    return rc;
}

int sbom_parse(struct manifest **out, const char *buf, size_t n, const char *name, struct wa_err *err)
{
    return sbom_parse_for(out, buf, n, name, NULL, NULL, err);
}

int sbom_read_for(struct manifest **out, const char *path, const char *model_path, const char *model_real,
                  struct wa_err *err)
{
    cJSON *doc = NULL;
    int rc;

    *out = NULL;
    if ((rc = jsonin_parse_file(&doc, path, SBOM_MAX_BYTES, err)))
        return rc;
    rc = from_doc(out, doc, path, model_path, model_real, err);
    cJSON_Delete(doc);
    return rc;
}

int sbom_read(struct manifest **out, const char *path, struct wa_err *err)
{
    return sbom_read_for(out, path, NULL, NULL, err);
}
