/*
 * lic_text.c - decoding, SPDX-style normalisation and tokenizing of license
 * texts (see lic_text.h).  Everything here is one linear pass over the
 * text with fixed-size scratch buffers; nothing depends on the input being
 * well-formed UTF-8.
 */
#include <stdlib.h>
#include <string.h>

#include "lic_text.h"

/* ---- decoding ------------------------------------------------------------ */

static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int decode_utf16(struct lic_doc *d, const unsigned char *p, size_t n, int le)
{
    size_t units = n / 2, k = 0;
    char *o = malloc(units * 3 + 8);

    if (!o)
        return WA_ENOMEM;
    for (size_t i = 0; i < units; i++) {
        uint32_t u = le ? (uint32_t)(p[2 * i] | (p[2 * i + 1] << 8)) : (uint32_t)((p[2 * i] << 8) | p[2 * i + 1]);
        if (u >= 0xD800 && u < 0xDC00 && i + 1 < units) {
            uint32_t u2 = le ? (uint32_t)(p[2 * i + 2] | (p[2 * i + 3] << 8))
                             : (uint32_t)((p[2 * i + 2] << 8) | p[2 * i + 3]);
            if (u2 >= 0xDC00 && u2 < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (u2 - 0xDC00);
                i++;
            } else {
                u = 0xFFFD;
            }
        } else if (u >= 0xD800 && u < 0xE000) {
            u = 0xFFFD;
        }
        k += put_utf8(o + k, u);
    }
    o[k] = '\0';
    d->text = o;
    d->len = k;
    d->utf16 = 1;
    return 0;
}

/* UTF-16 without a BOM: most odd (LE) or even (BE) bytes are zero. */
static int sniff_utf16(const unsigned char *p, size_t n)
{
    size_t m = n < 2048 ? n : 2048, z_even = 0, z_odd = 0;

    if (m < 8)
        return -1;
    for (size_t i = 0; i + 1 < m; i += 2) {
        z_even += p[i] == 0;
        z_odd += p[i + 1] == 0;
    }
    if (z_odd * 10 > (m / 2) * 4 && z_even * 20 < m / 2)
        return 1;
    if (z_even * 10 > (m / 2) * 4 && z_odd * 20 < m / 2)
        return 0;
    return -1;
}

int lic_text_decode(struct lic_doc *d, const unsigned char *p, size_t n)
{
    int le = -1, rc;
    size_t start = 0, ctrl = 0;

    memset(d, 0, sizeof *d);
    if (n > LIC_TEXT_MAX)
        n = LIC_TEXT_MAX;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        start = 3;
        d->base = 3;
    } else if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
        le = 1;
        start = 2;
    } else if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
        le = 0;
        start = 2;
    } else {
        le = sniff_utf16(p, n);
    }
    if (le >= 0) {
        if ((rc = decode_utf16(d, p + start, n - start, le)))
            return rc;
    } else {
        d->text = malloc(n - start + 1);
        if (!d->text)
            return WA_ENOMEM;
        memcpy(d->text, p + start, n - start);
        d->text[n - start] = '\0';
        d->len = n - start;
    }
    d->empty = 1;
    for (size_t i = 0; i < d->len; i++) {
        unsigned char c = (unsigned char)d->text[i];
        if (c == 0) {
            d->binary = 1;
            break;
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
            ctrl++;
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
            d->empty = 0;
    }
    if (ctrl * 20 > d->len)
        d->binary = 1;
    if (d->binary)
        d->empty = 0;
    return 0;
}

void lic_doc_free(struct lic_doc *d)
{
    if (!d)
        return;
    free(d->text);
    d->text = NULL;
    d->len = 0;
}

/* ---- characters ---------------------------------------------------------- */

/* Code point at s[i] (len bytes left); *k = its length.  Invalid bytes come
 * back as themselves (>= 0x80) with length 1 and count as letters. */
static uint32_t cp_at(const char *s, size_t i, size_t len, size_t *k)
{
    const unsigned char *p = (const unsigned char *)s + i;
    size_t left = len - i;

    if (p[0] < 0x80) {
        *k = 1;
        return p[0];
    }
    if ((p[0] & 0xE0) == 0xC0 && left >= 2 && (p[1] & 0xC0) == 0x80) {
        *k = 2;
        return ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    }
    if ((p[0] & 0xF0) == 0xE0 && left >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        *k = 3;
        return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
    if ((p[0] & 0xF8) == 0xF0 && left >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
        (p[3] & 0xC0) == 0x80) {
        *k = 4;
        return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
               ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    }
    *k = 1;
    return p[0];
}

/* Non-ASCII code points that only separate words: spaces, quotes, dashes,
 * bullets, symbols such as (c) and (R), arrows, boxes, the BOM. */
static int cp_is_sep(uint32_t c)
{
    return c == 0xA0 || c == 0xAB || c == 0xBB || c == 0xA9 || c == 0xAE || c == 0xB7 ||
           c == 0xAD || c == 0xA7 || c == 0xB6 || (c >= 0x2000 && c <= 0x206F) ||
           (c >= 0x2190 && c <= 0x21FF) || (c >= 0x2500 && c <= 0x27BF) || c == 0x3000 ||
           c == 0xFEFF || c == 0xFFFD || (c >= 0xFF01 && c <= 0xFF0F) || c == 0x2122;
}

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n';
}

/* ---- words --------------------------------------------------------------- */

#define FNV_OFF 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

uint64_t lic_text_word_hash(const char *w, size_t n)
{
    uint64_t h = FNV_OFF;

    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)w[i];
        h *= FNV_PRIME;
    }
    return h;
}

/* SPDX equivalentwords.txt (British/American and other varietal spellings),
 * folded to the first spelling; plus plural/participle forms of license. */
/* SPDX equivalentwords.txt (British/American and other varietal spellings),
 * folded to one spelling; plus plural/participle forms of license. */
struct equiv {
    const char *from;
    unsigned char n_from;
    const char *to;
    unsigned char n_to;
};
#define E(a, b) { a, sizeof(a) - 1, b, sizeof(b) - 1 }
static const struct equiv equiv[] = {   /* sorted: fold_equiv looks up by first letter */
    E("acknowledgement", "acknowledgment"),
    E("analogue", "analog"),
    E("analyse", "analyze"),
    E("artefact", "artifact"),
    E("authorisation", "authorization"),
    E("authorised", "authorized"),
    E("calibre", "caliber"),
    E("cancelled", "canceled"),
    E("capitalisations", "capitalizations"),
    E("catalogue", "catalog"),
    E("categorise", "categorize"),
    E("centre", "center"),
    E("emphasised", "emphasized"),
    E("favour", "favor"),
    E("favourite", "favorite"),
    E("fulfil", "fulfill"),
    E("fulfilment", "fulfillment"),
    E("https", "http"),
    E("initialise", "initialize"),
    E("judgment", "judgement"),
    E("labelling", "labeling"),
    E("labour", "labor"),
    E("licence", "license"),
    E("licenced", "licensed"),
    E("licencee", "licensee"),
    E("licencees", "licensees"),
    E("licences", "licenses"),
    E("licencing", "licensing"),
    E("licencor", "licensor"),
    E("maximise", "maximize"),
    E("merchantibility", "merchantability"),
    E("modelled", "modeled"),
    E("modelling", "modeling"),
    E("offence", "offense"),
    E("optimise", "optimize"),
    E("organisation", "organization"),
    E("organisations", "organizations"),
    E("organise", "organize"),
    E("practise", "practice"),
    E("programme", "program"),
    E("realise", "realize"),
    E("recognise", "recognize"),
    E("signalling", "signaling"),
    E("sublicence", "sublicense"),
    E("sublicences", "sublicenses"),
    E("utilisation", "utilization"),
    E("whilst", "while"),
    E("wilful", "wilfull"),
};
#undef E

/* Where the entries of each first letter start in equiv[] (27 bounds). */
static void equiv_index(unsigned char *lo)
{
    size_t k = 0;
    for (int c = 0; c < 26; c++) {
        lo[c] = (unsigned char)k;
        while (k < sizeof equiv / sizeof equiv[0] && equiv[k].from[0] == 'a' + c)
            k++;
    }
    lo[26] = (unsigned char)k;
}

static void fold_equiv(char *w, size_t *n, const unsigned char *lo)
{
    int c;

    if (*n < 4 || *n > 16 || w[0] < 'a' || w[0] > 'z')
        return;
    c = w[0] - 'a';
    for (size_t i = lo[c]; i < lo[c + 1]; i++)
        if (equiv[i].n_from == *n && memcmp(w, equiv[i].from, *n) == 0) {
            memcpy(w, equiv[i].to, equiv[i].n_to);
            *n = equiv[i].n_to;
            return;
        }
}

static int shape_marker(const char *w, size_t n, int first_in_line)
{
    size_t digits = 0, dots = 0, roman = 0;

    if (n > 8)
        return 0;
    if (n == 1 && ((w[0] >= 'a' && w[0] <= 'z') || is_digit((unsigned char)w[0])))
        return 1;
    for (size_t i = 0; i < n; i++) {
        if (is_digit((unsigned char)w[i]))
            digits++;
        else if (w[i] == '.')
            dots++;
        else if (w[i] == 'i' || w[i] == 'v' || w[i] == 'x' || w[i] == 'l' || w[i] == 'c')
            roman++;
    }
    if (roman == n && n <= 6)
        return 1;
    if (digits == n && n <= 2)
        return 1;
    if (dots && digits + dots == n && n <= 8 && first_in_line)
        return 1;
    return 0;
}

#define WORD_MAX 64

struct tok_state {
    struct lic_toks *out;
    int oom;
    /* a "non"/"sub"/"per" waiting to be joined with the next word */
    char pend[WORD_MAX];
    size_t pend_n;
    uint32_t pend_off, pend_end, pend_flags;
    uint64_t last;          /* hash of the last emitted word */
    uint64_t h_copyright, h_owner, h_holder;
    unsigned char equiv_lo[27];   /* equiv[] bounds by first letter */
};


static void emit(struct tok_state *st, const char *w, size_t n, uint32_t off, uint32_t end, uint32_t flags)
{
    struct lic_toks *t = st->out;
    uint64_t h;

    if (st->oom || t->n >= LIC_TOKENS_MAX)
        return;
    h = lic_text_word_hash(w, n);
    if (h == st->h_owner && st->last == st->h_copyright)
        h = st->h_holder;   /* "copyright owner" = "copyright holder" */
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        struct lic_tok *v = realloc(t->v, cap * sizeof *v);
        if (!v) {
            st->oom = 1;
            return;
        }
        t->v = v;
        t->cap = cap;
    }
    t->v[t->n].h = h;
    t->v[t->n].off = off;
    t->v[t->n].end = end;
    t->v[t->n].flags = flags;
    t->n++;
    st->last = h;
}

static void flush_pending(struct tok_state *st)
{
    if (st->pend_n) {
        emit(st, st->pend, st->pend_n, st->pend_off, st->pend_end, st->pend_flags);
        st->pend_n = 0;
    }
}

static void word(struct tok_state *st, char *w, size_t n, uint32_t off, uint32_t end, uint32_t flags)
{
    if (st->pend_n) {
        int per = st->pend_n == 3 && memcmp(st->pend, "per", 3) == 0;
        if ((!per || (n == 4 && memcmp(w, "cent", 4) == 0)) && st->pend_n + n < WORD_MAX) {
            char j[WORD_MAX];
            size_t k = st->pend_n + n;
            memcpy(j, st->pend, st->pend_n);
            memcpy(j + st->pend_n, w, n);
            fold_equiv(j, &k, st->equiv_lo);
            emit(st, j, k, st->pend_off, end, 0);
            st->pend_n = 0;
            return;
        }
        flush_pending(st);
    }
    if ((n == 3 && (memcmp(w, "non", 3) == 0 || memcmp(w, "sub", 3) == 0 || memcmp(w, "per", 3) == 0))) {
        memcpy(st->pend, w, n);
        st->pend_n = n;
        st->pend_off = off;
        st->pend_end = end;
        st->pend_flags = flags;
        return;
    }
    fold_equiv(w, &n, st->equiv_lo);
    emit(st, w, n, off, end, flags);
}

/* ---- lines ---------------------------------------------------------------- */

static int ci_prefix(const char *s, size_t n, const char *p)
{
    size_t k = strlen(p);

    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != p[i])
            return 0;
    }
    return 1;
}

static int ci_contains_word(const char *s, size_t n, const char *w)
{
    size_t k = strlen(w);

    for (size_t i = 0; i + k <= n; i++)
        if ((i == 0 || !is_alnum((unsigned char)s[i - 1])) && ci_prefix(s + i, n - i, w) &&
            (i + k == n || !is_alnum((unsigned char)s[i + k])))
            return 1;
    return 0;
}

/* Skip white space and markdown decoration at a line start. */
static size_t skip_lead(const char *s, size_t i, size_t end)
{
    while (i < end && (is_space((unsigned char)s[i]) || s[i] == '#' || s[i] == '>' || s[i] == '*' ||
                       s[i] == '_' || s[i] == '-' || s[i] == '`'))
        i++;
    return i;
}

/* 1 when w (n bytes) is a year or a year range: 2024, 2023-2025, 2023-,
 * 2018-present. */
static int year_word(const char *w, size_t n)
{
    size_t i = 0;

    for (int part = 0; part < 2; part++) {
        size_t d = 0;
        while (i < n && is_digit((unsigned char)w[i]))
            i++, d++;
        if (d != 4 && !(part == 1 && d == 0))
            return 0;
        if (i == n)
            return 1;
        if (part == 1 || (w[i] != '-' && w[i] != '/'))
            return 0;
        i++;
        if (n - i == 7 && ci_prefix(w + i, 7, "present"))
            return 1;   /* "2018-present" */
    }
    return i == n;
}

/* 1 when the words after "Copyright (c)" look like a holder and nothing
 * else: years, names (capitalised words, handles and addresses), the
 * connectives of company names and "All rights reserved".  Anything that
 * reads like a term ("(EU users excluded)", "Royalty of 5% applies",
 * "Terminates 2025-01-01", "Weights: CC BY-NC 4.0") is not a notice: the
 * line is then compared as license text, where it shows as an insertion. */
static int holder_shape(const char *p, size_t n)
{
    static const char *const small[] = { "and", "of", "the", "its", "a", "an", "by", "for", "at", "to", "in",
                                         "affiliates", "affiliate", "contributors", "contributor", "authors",
                                         "author", "team", "company", "inc", "ltd", "llc", "gmbh", "co",
                                         "corp", "all", "rights", "reserved", "present", "et", "al", "de",
                                         "la", "von", "van", "der", "den", "du", "le", "project", "community",
                                         "original", "holders", "holder", "owner", "owners", "name", "yyyy",
                                         "copyright", "c", "other", "others" };
    size_t i = 0;
    int words = 0;

    while (i < n) {
        size_t b, e;
        int lower = 1, digits = 0, inner = 0;
        char c = p[i];
        if ((c == '[' || c == '<' || c == '{') && i + 1 < n) {
            /* a template's placeholder: "<year>", "[name of copyright owner]" */
            const char close = c == '[' ? ']' : c == '<' ? '>' : '}';
            const char *q = memchr(p + i + 1, close, n - i - 1);
            if (q && q - (p + i) <= 48) {
                i = (size_t)(q - p) + 1;
                continue;
            }
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == ',' || c == '.' || c == '&' || c == '(' || c == ')' || c == '[' ||
            c == ']' || c == '<' || c == '>' || c == '{' || c == '}' || c == '"' || c == '\'' || c == '/' ||
            c == '-' || c == '+' || c == '*' || c == '_' || c == '`') {
            i++;
            continue;
        }
        if ((unsigned char)c >= 0x80) {   /* "\xc2\xa9", non-Latin names: whole UTF-8 sequences */
            i++;
            while (i < n && ((unsigned char)p[i] & 0xc0) == 0x80)
                i++;
            continue;
        }
        b = i;
        while (i < n && p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != ',' && p[i] != '(' && p[i] != ')' &&
               p[i] != '[' && p[i] != ']' && p[i] != '<' && p[i] != '>' && p[i] != '"')
            i++;
        e = i;
        while (e > b && (p[e - 1] == '.' || p[e - 1] == ';' || p[e - 1] == '!'))
            e--;      /* "Inc.", "reserved." */
        if (e == b)
            continue;
        if (++words > 24)
            return 0;
        for (size_t k = b; k < e; k++) {
            unsigned char ch = (unsigned char)p[k];
            if (ch >= 'A' && ch <= 'Z')
                lower = 0;
            else if (is_digit(ch))
                digits = 1;
            else if (ch == '@' || ch == '.' || ch == '-' || ch == '_' || ch == ':' || ch == '/' || ch == '+')
                inner = 1;
            else if (ch == '%' || ch == '$' || ch == '=')
                return 0;
        }
        if (memchr(p + b, '@', e - b) || (e - b > 3 && memchr(p + b, ':', e - b) && p[b] != ':' &&
                                          ci_prefix(p + b, e - b, "http")))
            continue;   /* an address or a link */
        if (memchr(p + b, ':', e - b))
            return 0;   /* "Weights:" */
        if (digits && !year_word(p + b, e - b) && !(!lower && e - b > 1 && !is_digit((unsigned char)p[b])))
            return 0;   /* "5", "4.0", "2025-01-01"; "A29", "Qwen2" are names */
        if (!lower || digits || inner)
            continue;   /* "Meta", "NVIDIA", "deepseek-ai", "zai.org" */
        {
            int ok = words == 1;   /* a lower-case handle right after the year: "unsloth" */
            for (size_t k = 0; !ok && k < sizeof small / sizeof small[0]; k++)
                ok = strlen(small[k]) == e - b && ci_prefix(p + b, e - b, small[k]);
            if (!ok)
                return 0;
        }
    }
    return 1;
}

/* A copyright notice line: "Copyright (c) 2024 Foo", "(c) 2024 Foo",
 * "Copyright [yyyy] [name]", "All rights reserved."  A line that also says
 * what may or may not be done is not a notice (it may hide a restriction):
 * the words must be a holder's (holder_shape) and none of the words below. */
static int copyright_line(const char *s, size_t ls, size_t le)
{
    static const char *const legal[] = { "shall", "must", "may", "not", "only", "use", "license",
                                         "licensed", "prohibited", "permitted", "commercial",
                                         "grant", "granted", "restrict", "restricted", "except",
                                         "without", "subject", "terms", "agreement", "outside",
                                         "excluding", "excluded", "exclude", "revocable", "revoked",
                                         "terminates", "terminate", "expires", "royalty", "fee",
                                         "users", "research", "evaluation", "personal", "noncommercial" };
    size_t i = skip_lead(s, ls, le), n;
    const char *p = s + i;
    int is_c = 0;

    n = le - i;
    if (n == 0 || n > 300)
        return 0;
    if (ci_prefix(p, n, "copyright")) {
        size_t j = 9;
        while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == ':'))
            j++;
        if (j >= n)
            return 0;
        if (is_digit((unsigned char)p[j]) || p[j] == '[' || p[j] == '<' || p[j] == '{' ||
            ci_prefix(p + j, n - j, "(c)") || ci_prefix(p + j, n - j, "\xc2\xa9") ||
            ci_prefix(p + j, n - j, "&copy;") || (p[j] >= 'A' && p[j] <= 'Z' && n <= 120))
            is_c = 1;   /* "Copyright 2024 Foo", "Copyright (c) Foo", "Copyright Foo Inc." on a line of its own */
    } else if ((ci_prefix(p, n, "(c) ") && n > 4 && is_digit((unsigned char)p[4])) || ci_prefix(p, n, "\xc2\xa9")) {
        is_c = 1;   /* "(c) 2024 Foo", "\xc2\xa9 Foo"; "(c) \"Gemma\" means" is a list item */
    } else if (ci_prefix(p, n, "all rights reserved")) {
        return n < 24 ? 2 : 0;
    }
    if (!is_c)
        return 0;
    for (size_t k = 0; k < sizeof legal / sizeof legal[0]; k++)
        if (ci_contains_word(p, n, legal[k]))
            return 0;
    return holder_shape(p, n);
}

/* Length of an HTML tag at s[i] ("<br>", "</p>", "<a href=...>"), 0 if none:
 * markdown copies of licenses carry a few. */
static size_t html_tag(const char *s, size_t i, size_t le)
{
    static const char *const tags[] = { "br", "p", "b", "i", "u", "em", "strong", "h1", "h2", "h3", "h4", "h5",
                                        "h6", "li", "ul", "ol", "div", "span", "a", "hr", "code", "pre",
                                        "blockquote", "sup", "sub", "center", "details", "summary" };
    size_t j = i + 1, n = 0;
    char name[12];

    if (j < le && s[j] == '/')
        j++;
    while (j < le && n < sizeof name - 1 && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
                                             (s[j] >= '0' && s[j] <= '9'))) {
        name[n++] = (char)(s[j] >= 'A' && s[j] <= 'Z' ? s[j] - 'A' + 'a' : s[j]);
        j++;
    }
    name[n] = '\0';
    if (!n || j >= le || (s[j] != '>' && s[j] != ' ' && s[j] != '/'))
        return 0;
    for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++)
        if (strcmp(name, tags[k]) == 0) {
            while (j < le && j < i + 400 && s[j] != '>')
                j++;
            return j < le && s[j] == '>' ? j + 1 - i : 0;
        }
    return 0;
}

static void tokenize_line(struct tok_state *st, const char *s, size_t ls, size_t le)
{
    size_t i = ls;
    int first = 1;

    while (i < le && !st->oom) {
        unsigned char c = (unsigned char)s[i];
        size_t k;
        uint32_t cp;

        if (c == ']' && i + 1 < le && s[i + 1] == '(') {
            /* markdown link target: keep the text, drop the URL */
            size_t j = i + 2;
            while (j < le && j < i + 600 && s[j] != ')' && !is_space((unsigned char)s[j]))
                j++;
            if (j < le && s[j] == ')') {
                i = j + 1;
                continue;
            }
        }
        if (c == '<') {
            size_t k2 = html_tag(s, i, le);
            if (k2) {
                i += k2;
                continue;
            }
        }
        if (c == '&') {
            char a[4] = "and";
            word(st, a, 3, (uint32_t)i, (uint32_t)i + 1, 0);
            first = 0;
            i++;
            continue;
        }
        cp = cp_at(s, i, le, &k);
        if (is_alnum(c) || (c >= 0x80 && !cp_is_sep(cp))) {
            char w[WORD_MAX];
            size_t n = 0, ws = i, j = i;
            int all_num = 1;
            uint32_t flags = 0;
            while (j < le) {
                unsigned char d = (unsigned char)s[j];
                size_t kk;
                uint32_t cc = cp_at(s, j, le, &kk);
                if (is_alnum(d) || (d >= 0x80 && !cp_is_sep(cc))) {
                    if (!is_digit(d))
                        all_num = 0;
                    for (size_t q = 0; q < kk; q++) {
                        char ch = s[j + q];
                        if (ch >= 'A' && ch <= 'Z')
                            ch = (char)(ch - 'A' + 'a');
                        if (n < WORD_MAX - 1)
                            w[n++] = ch;
                    }
                    j += kk;
                } else if (all_num && (d == '.' || d == ',') && j + 1 < le && is_digit((unsigned char)s[j + 1]) &&
                           j > ws && is_digit((unsigned char)s[j - 1])) {
                    /* 700,000,000 and 3.1 are one word */
                    if (d == '.' && n < WORD_MAX - 1)
                        w[n++] = '.';
                    j++;
                } else {
                    break;
                }
            }
            if (shape_marker(w, n, first)) {
                /* a list marker: "1." "a)" "(iv)" after a line start or the end of a
                 * sentence or clause; "4.1" at a line start */
                size_t a = j, b = ws;
                int lead;
                while (b > ls && (s[b - 1] == ' ' || s[b - 1] == '\t'))
                    b--;
                lead = b == ls || strchr(".:;(*#->|_", s[b - 1]) != NULL;
                if (a < le && s[a] == '\\')
                    a++;
                if ((lead && a < le && (s[a] == ')' || (s[a] == '.' && (a + 1 >= le || !is_alnum((unsigned char)s[a + 1]))))) ||
                    (ws > ls && s[ws - 1] == '(' && a < le && s[a] == ')') || (first && memchr(w, '.', n)))
                    flags |= LIC_TOK_MARKER;
            }
            word(st, w, n, (uint32_t)ws, (uint32_t)j, flags);
            first = 0;
            i = j;
            continue;
        }
        i += k;
    }
}

/* A copy of s in which the line breaks inside an HTML tag are spaces (a
 * re-wrapped markdown copy may break "<span style=...>" over two lines),
 * so the tag is layout as on one line; byte offsets are unchanged.  NULL
 * when no tag is broken (or on ENOMEM: the text is then read as it is). */
static char *join_broken_tags(const char *s, size_t len)
{
    char *copy = NULL;

    for (size_t i = 0; i < len; i++) {
        size_t end;
        if (s[i] != '<')
            continue;
        for (end = i + 1; end < len && end < i + 400 && s[end] != '>' && s[end] != '<'; end++)
            ;
        if (end >= len || s[end] != '>' || !memchr(s + i, '\n', end - i))
            continue;
        if (!copy) {
            if (!(copy = malloc(len)))
                return NULL;
            memcpy(copy, s, len);
        }
        for (size_t k = i; k < end; k++)
            if (copy[k] == '\n' || copy[k] == '\r')
                copy[k] = ' ';
        if (html_tag(copy, i, end + 1) != end + 1 - i)   /* not a tag html_tag knows: keep the breaks */
            memcpy(copy + i, s + i, end - i);
        i = end;
    }
    return copy;
}

int lic_text_tokenize(struct lic_toks *out, const char *s, size_t len)
{
    struct tok_state st;
    size_t i = 0;
    int prev_blank = 1, prev_copy = 0;
    char *joined = len && memchr(s, '<', len) ? join_broken_tags(s, len) : NULL;

    if (joined)
        s = joined;
    memset(out, 0, sizeof *out);
    memset(&st, 0, sizeof st);
    st.out = out;
    st.h_copyright = lic_text_word_hash("copyright", 9);
    st.h_owner = lic_text_word_hash("owner", 5);
    st.h_holder = lic_text_word_hash("holder", 6);
    equiv_index(st.equiv_lo);
    while (i < len && !st.oom) {
        size_t ls = i, le = i, next;
        int blank = 1, cl;
        while (le < len && s[le] != '\n')
            le++;
        next = le < len ? le + 1 : le;
        for (size_t j = ls; j < le; j++)
            if (!is_space((unsigned char)s[j]) && s[j] != '>') {   /* ">" alone: a blank line of a quote */
                blank = 0;
                break;
            }
        if (!blank && (prev_blank || prev_copy) && (cl = copyright_line(s, ls, le)) != 0 &&
            (cl == 1 || prev_copy)) {
            prev_copy = 1;
            prev_blank = 0;
            i = next;
            continue;
        }
        if (!blank)
            prev_copy = 0;
        tokenize_line(&st, s, ls, le);
        prev_blank = blank;
        i = next;
    }
    flush_pending(&st);
    free(joined);
    if (st.oom) {
        lic_toks_free(out);
        return WA_ENOMEM;
    }
    return 0;
}

void lic_toks_free(struct lic_toks *t)
{
    if (!t)
        return;
    free(t->v);
    t->v = NULL;
    t->n = t->cap = 0;
}

/* ---- flat text for the clause patterns ---------------------------------- */

char *lic_text_flat(const char *s, size_t len, size_t *out_len)
{
    char *o = malloc(len + 1);
    size_t k = 0, i = 0;
    int space = 1;

    if (!o)
        return NULL;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        size_t n;
        uint32_t cp = cp_at(s, i, len, &n);
        const char *rep = NULL;

        if (is_space(c) || cp == 0xA0 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF ||
            (cp >= 0x2000 && cp <= 0x200B) || c == 0)
            rep = " ";
        else if (c == '*' || c == '`' || c == '\\')
            rep = "";
        else if (cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x2032)
            rep = "'";
        else if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x2033 || cp == 0xAB || cp == 0xBB)
            rep = "\"";
        else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
            rep = "-";
        if (rep) {
            if (*rep == ' ') {
                if (!space)
                    o[k++] = ' ';
                space = 1;
            } else if (*rep) {
                o[k++] = *rep;
                space = 0;
            }
        } else {
            memcpy(o + k, s + i, n);
            k += n;
            space = 0;
        }
        i += n;
    }
    o[k] = '\0';
    *out_len = k;
    return o;
}
