/*
 * out.c - the writer table, writing a rendered document to its file, and
 * the helpers the writers share (see out.h, out_int.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "datadir.h"
#include "hash.h"
#include "jsonout.h"
#include "lic_model.h"
#include "out.h"
#include "out_int.h"

/* ---- output buffer ------------------------------------------------------ */

void outbuf_add(struct outbuf *b, const char *s, size_t n)
{
    if (b->oom || n == 0)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        char *p;
        while (cap < b->n + n + 1)
            cap *= 2;
        p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void outbuf_puts(struct outbuf *b, const char *s)
{
    outbuf_add(b, s, strlen(s));
}

void outbuf_printf(struct outbuf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    int k;

    va_start(ap, fmt);
    k = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (k < 0) {
        b->oom = 1;
        return;
    }
    if ((size_t)k < sizeof small) {
        outbuf_add(b, small, (size_t)k);
        return;
    }
    char *big = malloc((size_t)k + 1);
    if (!big) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)k + 1, fmt, ap);
    va_end(ap);
    outbuf_add(b, big, (size_t)k);
    free(big);
}

void outbuf_free(struct outbuf *b)
{
    if (!b)
        return;
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* ---- the table ---------------------------------------------------------- */

static const struct {
    const char *name;
    out_fn fn;
} formats[] = {
    { "text", out_text },
    { "json", out_json },
    { "cyclonedx", out_cyclonedx },
    { "spdx", out_spdx },
    { "sarif", out_sarif },
    { "html", out_html },
};
#define N_FORMATS (sizeof formats / sizeof formats[0])

out_fn out_find(const char *format)
{
    for (size_t i = 0; format && i < N_FORMATS; i++)
        if (strcmp(formats[i].name, format) == 0)
            return formats[i].fn;
    return NULL;
}

const char *out_format_names(void)
{
    return "text, json, cyclonedx, spdx, sarif, html";
}

int out_json(struct outbuf *out, const struct report *r, struct wa_err *err)
{
    cJSON *doc = report_to_json(r);
    int rc;

    if (!doc)
        return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
    rc = out_json_emit(out, doc, err);
    cJSON_Delete(doc);
    return rc;
}

static int write_all(FILE *f, const struct outbuf *b)
{
    return (b->n && fwrite(b->p, 1, b->n, f) != b->n) ? -1 : 0;
}

int out_write(const struct report *r, const char *format, const char *path, struct wa_err *err)
{
    out_fn fn = out_find(format);
    struct outbuf b = { 0 };
    char tmp[WA_ERR_FILE];
    struct stat st;
    FILE *f = NULL;
    int rc, k;

    if (!fn)
        return wa_err_set(err, WA_EUNSUPP, NULL, -1, "unknown output format '%s' (known: %s)",
                          format ? format : "", out_format_names());
    if ((rc = fn(&b, r, err)))
        goto done;
    if (b.oom) {
        rc = wa_err_set(err, WA_ENOMEM, path, -1, "out of memory while writing %s", format);
        goto done;
    }
    if (!path || strcmp(path, "-") == 0) {
        if (write_all(stdout, &b) || fflush(stdout) != 0)
            rc = wa_err_sys(err, errno, "(stdout)", "write");
        goto done;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* /dev/stdout, a FIFO ...: nothing to replace, write straight into it */
        if (!(f = fopen(path, "wb")) || write_all(f, &b) || fflush(f) != 0)
            rc = wa_err_sys(err, errno, path, f ? "write" : "cannot write");
        if (f && fclose(f) != 0 && !rc)
            rc = wa_err_sys(err, errno, path, "write");
        goto done;
    }
    k = snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    if (k < 0 || (size_t)k >= sizeof tmp) {
        rc = wa_err_set(err, WA_EIO, path, -1, "output path too long");
        goto done;
    }
    if (!(f = fopen(tmp, "wb"))) {
        rc = wa_err_sys(err, errno, path, "cannot write");
        goto done;
    }
    if (write_all(f, &b) || fflush(f) != 0) {
        rc = wa_err_sys(err, errno, path, "write");
        fclose(f);
        unlink(tmp);
        goto done;
    }
    if (fclose(f) != 0) {
        rc = wa_err_sys(err, errno, path, "write");
        unlink(tmp);
        goto done;
    }
    if (rename(tmp, path) != 0) {
        rc = wa_err_sys(err, errno, path, "rename");
        unlink(tmp);
    }
done:
    outbuf_free(&b);
    return rc;
}

/* ---- shared helpers ----------------------------------------------------- */

int64_t out_time(const struct report *r)
{
    int64_t t;

    if (report_sde_parse(getenv("SOURCE_DATE_EPOCH"), &t) == 1)
        return t;
    return r->timestamp > 0 && r->timestamp <= REPORT_SDE_MAX ? r->timestamp : 0;
}

void out_iso8601(int64_t t, char *buf, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (!gmtime_r(&tt, &tm) || strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, n, "1970-01-01T00:00:00Z");
}

void out_uuid(const char *hex, char *buf, size_t n)
{
    char h[33];

    memcpy(h, hex, 32);
    h[32] = '\0';
    h[12] = '8';                                        /* version 8: custom */
    h[16] = "89ab"[(isdigit((unsigned char)h[16]) ? h[16] - '0' : tolower((unsigned char)h[16]) - 'a' + 10) & 3];  /* variant 10xx */
    snprintf(buf, n, "%.8s-%.4s-%.4s-%.4s-%.12s", h, h + 8, h + 12, h + 16, h + 20);
}

int out_json_digest(const cJSON *doc, char hex[HASH_SHA256_HEX])
{
    char *s = jsonout_print(doc);
    int rc;

    if (!s)
        return WA_ENOMEM;
    rc = hash_sha256_hex(s, strlen(s), hex);
    free(s);
    return rc;
}

int out_json_emit(struct outbuf *out, const cJSON *doc, struct wa_err *err)
{
    char *s = jsonout_print(doc);

    if (!s)
        return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
    outbuf_puts(out, s);
    free(s);
    return out->oom ? wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory") : 0;
}

int out_is_commit(const char *s)
{
    size_t n = s ? strlen(s) : 0;

    return n >= 7 && n <= 64 && strspn(s, "0123456789abcdefABCDEF") == n;
}

/* Percent-encode s[0..n) for a purl segment: unreserved characters stay. */
static void purl_part(struct outbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";

    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isascii(c) && (isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~')) {
            outbuf_add(b, (const char *)&c, 1);
        } else {
            char e[3] = { '%', hex[c >> 4], hex[c & 15] };
            outbuf_add(b, e, 3);
        }
    }
}

char *out_purl(const char *name, const char *rev)
{
    struct outbuf b = { 0 };
    const char *slash;

    if (!name || !*name || name[0] == '/' || name[strlen(name) - 1] == '/')
        return NULL;
    slash = strchr(name, '/');
    if (slash && strchr(slash + 1, '/'))
        return NULL;                    /* only org/name or name */
    outbuf_puts(&b, "pkg:huggingface/");
    if (slash) {
        purl_part(&b, name, (size_t)(slash - name));
        outbuf_puts(&b, "/");
        purl_part(&b, slash + 1, strlen(slash + 1));
    } else {
        purl_part(&b, name, strlen(name));
    }
    if (out_is_commit(rev)) {
        outbuf_puts(&b, "@");
        for (const char *p = rev; *p; p++) {
            char c = (char)tolower((unsigned char)*p);
            outbuf_add(&b, &c, 1);
        }
    }
    if (b.oom) {
        outbuf_free(&b);
        return NULL;
    }
    return b.p;
}

char *out_canonical_text(const char *id)
{
    /* licenses/<ID>.txt, then without "LicenseRef-", then with "-License"
     * appended (LicenseRef-Llama-3.1-Community -> Llama-3.1-Community-License.txt) */
    static const char *const pattern[] = { "licenses/%s.txt", "licenses/%s.txt", "licenses/%s-License.txt" };
    char rel[300], *text = NULL;
    size_t len;

    if (!id || !*id || strchr(id, '/') || strstr(id, "..") || strlen(id) > 200)
        return NULL;
    for (int i = 0; i < 3; i++) {
        const char *name = id;
        if (i > 0 && strncmp(name, "LicenseRef-", 11) == 0)
            name += 11;
        else if (i > 0 && i < 2)
            continue;           /* no prefix to drop: same as the first try */
        if (!*name)
            return NULL;
        snprintf(rel, sizeof rel, pattern[i], name);
        if (datadir_read(&text, &len, rel, OUT_LICENSE_TEXT_MAX, NULL) == 0)
            return text;
    }
    return NULL;
}

const char *out_license_text(const struct rep_model *m, const struct rep_license *l, char **owned)
{
    *owned = NULL;
    if (l->text && *l->text)
        return l->text;
    if (l->source && l->method && (strcmp(l->method, "text") == 0 || strcmp(l->method, "notice") == 0)) {
        for (size_t i = 0; i < m->n_files; i++) {
            const struct rep_file *f = &m->files[i];
            if (f->path && strcmp(f->path, l->source) == 0 && f->content && !f->content_truncated &&
                f->content_len > 0 && memchr(f->content, 0, f->content_len) == NULL)
                return (const char *)f->content;
        }
    }
    /* the canonical text is not what a modified license says */
    return l->modified ? NULL : (*owned = out_canonical_text(l->id));
}

int out_shard(const char *path, char *buf, size_t n)
{
    /* ...-00001-of-00004.ext: the last "-DIGITS-of-DIGITS" in the base name */
    const char *base = strrchr(path, '/'), *p, *found = NULL;
    unsigned long i = 0, k = 0;

    base = base ? base + 1 : path;
    for (p = base; (p = strchr(p, '-')); p++) {
        char *e1, *e2;
        unsigned long a, c;
        if (!isdigit((unsigned char)p[1]))
            continue;
        a = strtoul(p + 1, &e1, 10);
        if (strncmp(e1, "-of-", 4) != 0 || !isdigit((unsigned char)e1[4]))
            continue;
        c = strtoul(e1 + 4, &e2, 10);
        if (a >= 1 && c >= 1 && a <= c && (*e2 == '.' || *e2 == '\0')) {
            found = p;
            i = a;
            k = c;
        }
    }
    if (!found)
        return 0;
    snprintf(buf, n, "%lu/%lu", i, k);
    return 1;
}

const char *out_publisher(const struct rep_model *m, const char *key)
{
    const cJSON *v = cJSON_IsObject(m->publisher) ? cJSON_GetObjectItemCaseSensitive(m->publisher, key) : NULL;

    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

const cJSON *out_card(const struct rep_model *m, const char *key)
{
    const cJSON *v, *cfg;

    if (!cJSON_IsObject(m->card))
        return NULL;
    v = cJSON_GetObjectItemCaseSensitive(m->card, key);
    if (v && !cJSON_IsNull(v))
        return v;
    cfg = cJSON_GetObjectItemCaseSensitive(m->card, "config");
    v = cJSON_IsObject(cfg) ? cJSON_GetObjectItemCaseSensitive(cfg, key) : NULL;
    return v && !cJSON_IsNull(v) ? v : NULL;
}

void out_card_strings(const struct rep_model *m, const char *key, void (*fn)(void *ctx, const char *s), void *ctx)
{
    const cJSON *v = out_card(m, key);

    if (cJSON_IsString(v)) {
        fn(ctx, v->valuestring);
        return;
    }
    for (const cJSON *e = cJSON_IsArray(v) ? v->child : NULL; e; e = e->next)
        if (cJSON_IsString(e) && e->valuestring[0])
            fn(ctx, e->valuestring);
}

const char *out_card_first(const struct rep_model *m, const char *key)
{
    const cJSON *v = out_card(m, key);

    if (cJSON_IsArray(v))
        v = v->child;
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

const struct rep_license *out_deciding_license(const struct rep_model *m)
{
    const struct rep_license *best = NULL;
    int bt = 99;

    if (!m->concluded_license || !*m->concluded_license || strcasecmp(m->concluded_license, "NONE") == 0)
        return NULL;
    for (size_t i = 0; i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        int t = lic_model_evidence_tier(l);
        if (t < 0 || !l->id || strcmp(l->id, m->concluded_license) != 0)
            continue;
        if (!best || t < bt || (t == bt && l->modified && !best->modified)) {
            best = l;
            bt = t;
        }
    }
    return best;
}

const char *out_model_name(const struct rep_model *m, char *buf, size_t n)
{
    const char *p = m->path ? m->path : "", *end, *start;

    if (m->name && *m->name)
        return m->name;
    end = p + strlen(p);
    while (end > p && end[-1] == '/')
        end--;
    for (start = end; start > p && start[-1] != '/'; start--)
        ;
    if (end == start || (end - start == 1 && *start == '.') || (end - start == 2 && !strncmp(start, "..", 2)))
        snprintf(buf, n, "model");
    else
        snprintf(buf, n, "%.*s", (int)(end - start), start);
    return buf;
}

int out_is_license(const char *id)
{
    return id && *id && strcasecmp(id, "NONE") != 0 && strcasecmp(id, "NOASSERTION") != 0;
}
