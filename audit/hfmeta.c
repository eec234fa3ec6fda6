/*
 * hfmeta.c - parsing local-dir download metadata (see hfmeta.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hfmeta.h"

static int fail(const char **why, const char *msg)
{
    if (why)
        *why = msg;
    return -1;
}

/* Next line of buf (without CR/LF and surrounding blanks) into out. */
static int next_line(const char **p, const char *end, char *out, size_t cap)
{
    const char *s = *p, *e;
    size_t n;

    if (s >= end)
        return -1;
    e = memchr(s, '\n', (size_t)(end - s));
    if (!e)
        e = end;
    *p = e < end ? e + 1 : end;
    while (s < e && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    n = (size_t)(e - s);
    if (n >= cap)
        return -1;
    memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}

static int all_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]))
            return 0;
    return s[n] == '\0';
}

int hfmeta_parse(struct hfmeta *out, const char *buf, size_t n, const char **why)
{
    const char *p = buf, *end = buf + n;
    char line[128], *e;
    double ts;

    memset(out, 0, sizeof *out);
    if (n > HFMETA_MAX)
        return fail(why, "larger than 4096 bytes");
    if (memchr(buf, '\0', n))
        return fail(why, "holds a NUL byte");
    if (next_line(&p, end, line, sizeof line))
        return fail(why, "no commit line");
    if (strlen(line) == 40 && all_hex(line, 40)) {
        for (int i = 0; i < 40; i++)
            out->commit[i] = (char)tolower((unsigned char)line[i]);
    } else if (line[0]) {
        return fail(why, "the first line is not a 40-hex commit");
    }
    if (next_line(&p, end, line, sizeof line))
        return fail(why, "no etag line");
    /* huggingface_hub stores the etag normalised; tolerate quotes and W/ */
    {
        char *s = line;
        size_t k;
        if (s[0] == 'W' && s[1] == '/')
            s += 2;
        k = strlen(s);
        if (k >= 2 && s[0] == '"' && s[k - 1] == '"') {
            s[k - 1] = '\0';
            s++;
        }
        k = strlen(s);
        if ((k == 64 && all_hex(s, 64)) || (k == 40 && all_hex(s, 40))) {
            for (size_t i = 0; i < k; i++)
                out->etag[i] = (char)tolower((unsigned char)s[i]);
            out->etag_is_sha256 = k == 64;
        } else {
            return fail(why, "the etag is neither a sha256 (64 hex) nor a git blob id (40 hex)");
        }
    }
    if (next_line(&p, end, line, sizeof line))
        return fail(why, "no timestamp line");
    ts = strtod(line, &e);
    if (e == line || *e || !isfinite(ts) || ts < 0)
        return fail(why, "the timestamp is not a number of seconds");
    out->timestamp = ts;
    for (; p < end; p++)
        if (!isspace((unsigned char)*p))
            return fail(why, "more than three lines");
    return 0;
}

int hfmeta_stale(const struct hfmeta *m, double mtime)
{
    /* huggingface_hub: metadata is valid while st_mtime - 1 <= timestamp */
    return mtime - 1 > m->timestamp;
}
