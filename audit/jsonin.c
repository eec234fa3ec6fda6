/*
 * jsonin.c - bounded, strict JSON input (see jsonin.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonin.h"
#include "utf8.h"

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int utf8_ok(const char *s)
{
    size_t n = strlen(s);

    return utf8_valid_prefix((const unsigned char *)s, n) == n;
}

/* UTF-8, depth and duplicate keys, depth first.  Returns 0, WA_EFORMAT or WA_ENOMEM. */
static int check_tree(const cJSON *j, int depth, const char *name, struct wa_err *err)
{
    size_t n = 0, i;
    const char **keys;
    int rc = 0;

    if (j->string && !utf8_ok(j->string))
        return wa_err_set(err, WA_EFORMAT, name, -1, "a JSON key is not valid UTF-8");
    if (cJSON_IsString(j) && !utf8_ok(j->valuestring))
        return wa_err_set(err, WA_EFORMAT, name, -1, "a JSON string is not valid UTF-8");
    if (!cJSON_IsObject(j) && !cJSON_IsArray(j))
        return 0;
    if (depth > JSONIN_MAX_DEPTH)
        return wa_err_set(err, WA_EFORMAT, name, -1, "JSON nested deeper than %d levels", JSONIN_MAX_DEPTH);
    for (const cJSON *c = j->child; c; c = c->next) {
        n++;
        if ((rc = check_tree(c, depth + 1, name, err)))
            return rc;
    }
    if (!cJSON_IsObject(j) || n < 2)
        return 0;
    keys = malloc(n * sizeof *keys);
    if (!keys)
        return wa_err_set(err, WA_ENOMEM, name, -1, "out of memory");
    i = 0;
    for (const cJSON *c = j->child; c; c = c->next)
        keys[i++] = c->string ? c->string : "";
    qsort(keys, n, sizeof *keys, cmp_key);
    for (i = 1; i < n; i++)
        if (strcmp(keys[i - 1], keys[i]) == 0) {
            rc = wa_err_set(err, WA_EFORMAT, name, -1, "JSON object has the key \"%.100s\" twice", keys[i]);
            break;
        }
    free(keys);
    return rc;
}

int jsonin_parse(cJSON **out, const char *buf, size_t n, const char *name, struct wa_err *err)
{
    const char *end = NULL;
    cJSON *doc;
    int rc;

    *out = NULL;
    doc = cJSON_ParseWithLengthOpts(buf, n, &end, 0);
    if (!doc) {
        int64_t off = end && end >= buf && end <= buf + n ? (int64_t)(end - buf) : -1;
        return wa_err_set(err, WA_EFORMAT, name, off, "not valid JSON");
    }
    /* cJSON stops after the first value: only whitespace may follow */
    while (end < buf + n && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
        end++;
    if (end < buf + n) {
        cJSON_Delete(doc);
        return wa_err_set(err, WA_EFORMAT, name, (int64_t)(end - buf), "bytes after the JSON value");
    }
    if ((rc = check_tree(doc, 1, name, err))) {
        cJSON_Delete(doc);
        return rc;
    }
    *out = doc;
    return 0;
}

int jsonin_parse_file(cJSON **out, const char *path, size_t max, struct wa_err *err)
{
    struct stat st;
    char *buf = NULL;
    size_t n = 0;
    int fd, rc;

    *out = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return wa_err_sys(err, errno, path, "open");
    if (fstat(fd, &st) != 0) {
        rc = wa_err_sys(err, errno, path, "stat");
        goto done;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = wa_err_set(err, WA_EIO, path, -1, "not a regular file");
        goto done;
    }
    if ((uint64_t)st.st_size > max) {
        rc = wa_err_set(err, WA_ETOOBIG, path, -1, "larger than %zu bytes", max);
        goto done;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        rc = wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
        goto done;
    }
    /* read until EOF, never past max even if the file grows meanwhile */
    for (;;) {
        ssize_t k;
        if (n == (size_t)st.st_size + 1 || n > max) {
            rc = wa_err_set(err, WA_ETOOBIG, path, -1, "the file grew while it was read");
            goto done;
        }
        k = read(fd, buf + n, (size_t)st.st_size + 1 - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            rc = wa_err_sys(err, errno, path, "read");
            goto done;
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    rc = jsonin_parse(out, buf, n, path, err);
done:
    free(buf);
    close(fd);
    return rc;
}

const cJSON *jsonin_get(const cJSON *obj, const char *key)
{
    if (!cJSON_IsObject(obj))
        return NULL;
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

int jsonin_int(const cJSON *j, int64_t lo, int64_t hi, int64_t *v)
{
    double d;

    if (!cJSON_IsNumber(j))
        return 0;
    d = j->valuedouble;
    /* doubles hold integers exactly up to 2^53; refuse anything beyond */
    if (!isfinite(d) || d != floor(d) || d < -9007199254740992.0 || d > 9007199254740992.0)
        return 0;
    if ((int64_t)d < lo || (int64_t)d > hi)
        return 0;
    *v = (int64_t)d;
    return 1;
}
