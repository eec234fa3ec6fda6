/*
 * lfsptr.c - strict Git LFS pointer parser (see lfsptr.h).
 */
#include <string.h>

#include "lfsptr.h"
#include "utf8.h"

static int fail(const char **why, const char *msg)
{
    if (why)
        *why = msg;
    return -1;
}

static int key_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

int lfsptr_parse(struct lfsptr *out, const void *data, size_t n, const char **why)
{
    const char *p = data, *end = p + n;
    char prev_key[64] = "";
    int line = 0, have_oid = 0, have_size = 0;

    if (n == 0)
        return fail(why, "empty");
    if (n > LFSPTR_MAX)
        return fail(why, "longer than 1024 bytes");
    if (end[-1] != '\n')
        return fail(why, "does not end with a newline");
    if (utf8_valid_prefix(data, n) != n)
        return fail(why, "not UTF-8");
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *sp, *k = p, *v;
        size_t klen, vlen;

        sp = memchr(p, ' ', (size_t)(nl - p));
        if (!sp)
            return fail(why, "a line without a space");
        klen = (size_t)(sp - k);
        v = sp + 1;
        vlen = (size_t)(nl - v);
        if (klen == 0 || klen >= sizeof prev_key)
            return fail(why, "bad key");
        for (size_t i = 0; i < klen; i++)
            if (!key_char((unsigned char)k[i]))
                return fail(why, "bad key character");
        for (size_t i = 0; i < vlen; i++)
            if (v[i] == '\r' || v[i] == '\0')
                return fail(why, "CR or NUL in a value");
        if (line == 0) {
            static const char v1[] = "https://git-lfs.github.com/spec/v1";
            static const char hawser[] = "https://hawser.github.com/spec/v1";
            if (klen != 7 || memcmp(k, "version", 7) != 0)
                return fail(why, "first key is not version");
            if (!(vlen == sizeof v1 - 1 && memcmp(v, v1, vlen) == 0) &&
                !(vlen == sizeof hawser - 1 && memcmp(v, hawser, vlen) == 0))
                return fail(why, "unknown version");
        } else {
            char key[64];
            memcpy(key, k, klen);
            key[klen] = '\0';
            if (strcmp(key, "version") == 0)
                return fail(why, "version given twice");
            if (line > 1 && strcmp(key, prev_key) <= 0)
                return fail(why, "keys not in ascending order");
            memcpy(prev_key, key, klen + 1);
            if (strcmp(key, "oid") == 0) {
                if (vlen != 7 + 64 || memcmp(v, "sha256:", 7) != 0)
                    return fail(why, "oid is not sha256:<64 hex>");
                for (size_t i = 0; i < 64; i++) {
                    char c = v[7 + i];
                    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
                        return fail(why, "oid is not lower-case hex");
                }
                memcpy(out->oid, v + 7, 64);
                out->oid[64] = '\0';
                have_oid = 1;
            } else if (strcmp(key, "size") == 0) {
                uint64_t s = 0;
                if (vlen == 0 || vlen > 20 || (vlen > 1 && v[0] == '0'))
                    return fail(why, "bad size");
                for (size_t i = 0; i < vlen; i++) {
                    if (v[i] < '0' || v[i] > '9')
                        return fail(why, "bad size");
                    if (s > (UINT64_MAX - (uint64_t)(v[i] - '0')) / 10)
                        return fail(why, "size overflows");
                    s = s * 10 + (uint64_t)(v[i] - '0');
                }
                out->size = s;
                have_size = 1;
            }
        }
        line++;
        p = nl + 1;
    }
    if (!have_oid || !have_size)
        return fail(why, "oid or size missing");
    return 0;
}
