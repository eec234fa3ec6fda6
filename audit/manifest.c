/*
 * manifest.c - the in-memory manifest and the weightaudit-manifest/1 file
 * format (see manifest.h):
 *
 *   {"schema": "weightaudit-manifest/1", "name": "org/name"|null,
 *    "revision": "commit"|null,
 *    "files": [{"path": "relative/path", "size": N, "sha256": "hex"}, ...]}
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "jsonout.h"
#include "manifest.h"
#include "safepath.h"
#include "utf8.h"

struct manifest *manifest_new(void)
{
    return calloc(1, sizeof(struct manifest));
}

void manifest_free(struct manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i].path);
    free(m->v);
    free(m->name);
    free(m->revision);
    free(m);
}

int manifest_add(struct manifest *m, const char *path, int64_t size, const char *sha256)
{
    struct manifest_entry *e;

    if (!sha256 || !hash_is_hex(sha256, 64))
        return WA_EFORMAT;
    if ((m->n & (m->n - 1)) == 0) {
        size_t cap = m->n ? m->n * 2 : 1;
        struct manifest_entry *v = realloc(m->v, cap * sizeof *v);
        if (!v)
            return WA_ENOMEM;
        m->v = v;
    }
    e = &m->v[m->n];
    e->path = strdup(path);
    if (!e->path)
        return WA_ENOMEM;
    e->size = size;
    for (int i = 0; i < 64; i++)
        e->sha256[i] = (char)tolower((unsigned char)sha256[i]);
    e->sha256[64] = '\0';
    m->n++;
    return 0;
}

const struct manifest_entry *manifest_find(const struct manifest *m, const char *path)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->v[i].path, path) == 0)
            return &m->v[i];
    return NULL;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct manifest_entry *)a)->path, ((const struct manifest_entry *)b)->path);
}

void manifest_sort(struct manifest *m)
{
    if (m->n)
        qsort(m->v, m->n, sizeof *m->v, cmp_entry);
}

/* ---- reading -------------------------------------------------------------- */

static int opt_string(char **dst, cJSON *doc, const char *key, const char *name, struct wa_err *err)
{
    cJSON *it = cJSON_GetObjectItemCaseSensitive(doc, key);

    if (!it || cJSON_IsNull(it))
        return 0;
    if (!cJSON_IsString(it) || !it->valuestring)
        return wa_err_set(err, WA_EFORMAT, name, -1, "\"%s\" is not a string or null", key);
    if (!(*dst = strdup(it->valuestring)))
        return wa_err_set(err, WA_ENOMEM, name, -1, "out of memory");
    return 0;
}

int manifest_parse(struct manifest **out, const void *p, size_t n, const char *name, struct wa_err *err)
{
    struct manifest *m = NULL;
    const char *end = NULL;
    cJSON *doc, *it, *files;
    size_t i = 0;
    int rc;

    *out = NULL;
    if (n > MANIFEST_MAX_BYTES)
        return wa_err_set(err, WA_ETOOBIG, name, -1, "larger than %u bytes", MANIFEST_MAX_BYTES);
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
    it = cJSON_GetObjectItemCaseSensitive(doc, "schema");
    if (!cJSON_IsString(it) || strcmp(it->valuestring, MANIFEST_SCHEMA) != 0) {
        rc = wa_err_set(err, WA_EFORMAT, name, -1, "\"schema\" is not \"%s\"", MANIFEST_SCHEMA);
        goto fail;
    }
    if (!(m = manifest_new())) {
        rc = wa_err_set(err, WA_ENOMEM, name, -1, "out of memory");
        goto fail;
    }
    if ((rc = opt_string(&m->name, doc, "name", name, err)) || (rc = opt_string(&m->revision, doc, "revision", name, err)))
        goto fail;
    files = cJSON_GetObjectItemCaseSensitive(doc, "files");
    if (!cJSON_IsArray(files)) {
        rc = wa_err_set(err, WA_EFORMAT, name, -1, "\"files\" is not an array");
        goto fail;
    }
    cJSON_ArrayForEach(it, files) {
        cJSON *path = cJSON_GetObjectItemCaseSensitive(it, "path");
        cJSON *size = cJSON_GetObjectItemCaseSensitive(it, "size");
        cJSON *sha = cJSON_GetObjectItemCaseSensitive(it, "sha256");
        int64_t sz = -1;

        if (i >= MANIFEST_MAX_FILES) {
            rc = wa_err_set(err, WA_ETOOBIG, name, -1, "more than %d files", MANIFEST_MAX_FILES);
            goto fail;
        }
        if (!cJSON_IsObject(it)) {
            rc = wa_err_set(err, WA_EFORMAT, name, -1, "files[%zu] is not an object", i);
            goto fail;
        }
        if (!cJSON_IsString(path) || !safepath_is_clean(path->valuestring)) {
            rc = wa_err_set(err, WA_EFORMAT, name, -1,
                            "files[%zu].path is not a relative path inside the model", i);
            goto fail;
        }
        if (!cJSON_IsString(sha) || !hash_is_hex(sha->valuestring, 64)) {
            rc = wa_err_set(err, WA_EFORMAT, name, -1, "files[%zu].sha256 is not 64 hex digits", i);
            goto fail;
        }
        if (size && !cJSON_IsNull(size)) {
            double d = size->valuedouble;
            if (!cJSON_IsNumber(size) || !(d >= 0) || d > 9007199254740992.0 || floor(d) != d) {
                rc = wa_err_set(err, WA_EFORMAT, name, -1, "files[%zu].size is not a non-negative integer", i);
                goto fail;
            }
            sz = (int64_t)d;
        }
        if (manifest_add(m, path->valuestring, sz, sha->valuestring)) {
            rc = wa_err_set(err, WA_ENOMEM, name, -1, "out of memory");
            goto fail;
        }
        i++;
    }
    manifest_sort(m);
    for (size_t k = 1; k < m->n; k++)
        if (strcmp(m->v[k].path, m->v[k - 1].path) == 0) {
            rc = wa_err_set(err, WA_EFORMAT, name, -1, "\"%s\" is listed twice", m->v[k].path);
            goto fail;
        }
    cJSON_Delete(doc);
    *out = m;
    return 0;
fail:
    cJSON_Delete(doc);
    manifest_free(m);
    return rc;
}

int manifest_read(struct manifest **out, const char *path, struct wa_err *err)
{
    struct stat st;
    char *buf = NULL;
    size_t n = 0;
    int fd, rc;

    *out = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return wa_err_sys(err, errno, path, "open");
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return wa_err_set(err, WA_EIO, path, -1, "not a regular file");
    }
    if ((uint64_t)st.st_size > MANIFEST_MAX_BYTES) {
        close(fd);
        return wa_err_set(err, WA_ETOOBIG, path, -1, "larger than %u bytes", MANIFEST_MAX_BYTES);
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        close(fd);
        return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
    }
    for (;;) {
        ssize_t k = read(fd, buf + n, (size_t)st.st_size + 1 - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            rc = wa_err_sys(err, errno, path, "read");
            goto done;
        }
        if (k == 0)
            break;
        n += (size_t)k;
        if (n > (size_t)st.st_size) {
            rc = wa_err_set(err, WA_EIO, path, -1, "changed while being read");
            goto done;
        }
    }
    rc = manifest_parse(out, buf, n, path, err);
done:
    close(fd);
    free(buf);
    return rc;
}

cJSON *manifest_to_json(const struct manifest *m)
{
    cJSON *o = cJSON_CreateObject(), *files;

    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "schema", MANIFEST_SCHEMA);
    jsonout_add_str(o, "name", m->name);
    jsonout_add_str(o, "revision", m->revision);
    files = cJSON_AddArrayToObject(o, "files");
    for (size_t i = 0; files && i < m->n; i++) {
        cJSON *e = cJSON_CreateObject();
        if (!e)
            break;
        jsonout_add_str(e, "path", m->v[i].path);
        if (m->v[i].size >= 0)
            cJSON_AddNumberToObject(e, "size", (double)m->v[i].size);
        else
            cJSON_AddNullToObject(e, "size");
        cJSON_AddStringToObject(e, "sha256", m->v[i].sha256);
        cJSON_AddItemToArray(files, e);
    }
    return o;
}
