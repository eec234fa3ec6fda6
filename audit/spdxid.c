/*
 * spdxid.c - SPDX License List lookups and expression normalising (see
 * spdxid.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spdxid.h"
#include "spdxid_list.h"

#define N_IDS (sizeof spdxid_list / sizeof spdxid_list[0])
#define EXPR_MAX_TOKENS 64      /* longer "expressions" become one LicenseRef */

const char *spdxid_list_version(void)
{
    return SPDXID_LIST_VERSION;
}

size_t spdxid_count(void)
{
    return N_IDS;
}

const char *spdxid_at(size_t i)
{
    return i < N_IDS ? spdxid_list[i] : NULL;
}

static const char *lookup_n(const char *id, size_t n)
{
    size_t lo = 0, hi = N_IDS;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *c = spdxid_list[mid];
        int r = strncasecmp(id, c, n);
        if (r == 0 && c[n] != '\0')
            r = -1;             /* id is a proper prefix of c: it sorts first */
        if (r == 0)
            return c;
        if (r < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *spdxid_lookup(const char *id)
{
    return id ? lookup_n(id, strlen(id)) : NULL;
}

static char *ref_n(const char *s, size_t n)
{
    static const char prefix[] = "LicenseRef-";
    const size_t plen = sizeof prefix - 1;
    char *out, *o;

    if (n >= plen && strncasecmp(s, prefix, plen) == 0) {
        s += plen;
        n -= plen;
    }
    out = malloc(plen + (n ? n : 7) + 1);
    if (!out)
        return NULL;
    memcpy(out, prefix, plen);
    o = out + plen;
    if (n == 0) {
        memcpy(o, "unknown", 7);
        o += 7;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        *o++ = (char)(isascii(c) && (isalnum(c) || c == '.' || c == '-') ? c : '-');
    }
    *o = '\0';
    return out;
}

char *spdxid_ref(const char *s)
{
    return ref_n(s ? s : "", s ? strlen(s) : 0);
}

struct tok {
    const char *p;
    size_t n;
};

static int tok_is(const struct tok *t, const char *word)
{
    return t->n == strlen(word) && strncasecmp(t->p, word, t->n) == 0;
}

/* Split s into words and parentheses; -1 when there are too many. */
static int tokenize(const char *s, struct tok *v, int max)
{
    int n = 0;

    while (*s) {
        if (isspace((unsigned char)*s)) {
            s++;
            continue;
        }
        if (n == max)
            return -1;
        v[n].p = s;
        if (*s == '(' || *s == ')') {
            v[n++].n = 1;
            s++;
            continue;
        }
        while (*s && !isspace((unsigned char)*s) && *s != '(' && *s != ')')
            s++;
        v[n].n = (size_t)(s - v[n].p);
        n++;
    }
    return n;
}

/* Growable output string. */
struct sbuf {
    char *p;
    size_t n, cap;
    int oom;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* One license operand: listed id (optionally with +), or a LicenseRef. */
static void add_license(struct sbuf *b, const struct tok *t)
{
    size_t n = t->n;
    const char *id;
    char *ref;

    if (n > 1 && t->p[n - 1] == '+' && (id = lookup_n(t->p, n - 1))) {
        sb_add(b, id, strlen(id));
        sb_add(b, "+", 1);
        return;
    }
    if ((id = lookup_n(t->p, n))) {
        sb_add(b, id, strlen(id));
        return;
    }
    ref = ref_n(t->p, n);
    if (!ref) {
        b->oom = 1;
        return;
    }
    sb_add(b, ref, strlen(ref));
    free(ref);
}

/* Normalise a compound expression; 0 when it is not well formed. */
static int compound(struct sbuf *b, const struct tok *v, int n)
{
    int depth = 0, want_operand = 1;

    for (int i = 0; i < n; i++) {
        const struct tok *t = &v[i];
        if (t->n == 1 && *t->p == '(') {
            if (!want_operand)
                return 0;
            depth++;
            sb_add(b, "(", 1);
        } else if (t->n == 1 && *t->p == ')') {
            if (want_operand || depth == 0)
                return 0;
            depth--;
            sb_add(b, ")", 1);
        } else if (tok_is(t, "AND") || tok_is(t, "OR")) {
            if (want_operand)
                return 0;
            sb_add(b, tok_is(t, "AND") ? " AND " : " OR ", tok_is(t, "AND") ? 5 : 4);
            want_operand = 1;
        } else if (tok_is(t, "WITH")) {
            const char *exc;
            if (want_operand || i + 1 >= n || !(exc = lookup_n(v[i + 1].p, v[i + 1].n)))
                return 0;
            sb_add(b, " WITH ", 6);
            sb_add(b, exc, strlen(exc));
            i++;
        } else {
            if (!want_operand || tok_is(t, "NONE") || tok_is(t, "NOASSERTION"))
                return 0;
            add_license(b, t);
            want_operand = 0;
        }
    }
    return depth == 0 && !want_operand;
}

char *spdxid_expression(const char *s)
{
    struct tok v[EXPR_MAX_TOKENS];
    struct sbuf b = { 0 };
    int n = s ? tokenize(s, v, EXPR_MAX_TOKENS) : 0;

    if (n == 0)
        return strdup("NOASSERTION");
    if (n == 1 && (tok_is(&v[0], "NONE") || tok_is(&v[0], "NOASSERTION")))
        return strdup(tok_is(&v[0], "NONE") ? "NONE" : "NOASSERTION");
    if (n == 1) {
        add_license(&b, &v[0]);
    } else if (n < 0 || !compound(&b, v, n)) {
        /* not an expression we can keep: one LicenseRef for all of it */
        free(b.p);
        return spdxid_ref(s);
    }
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}
