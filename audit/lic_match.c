/*
 * lic_match.c - candidate selection, alignment and classification of the
 * differences between a text and the canonical texts (see lic_match.h).
 *
 * The alignment is Myers' O((N+M)D) greedy diff over token hashes, after
 * the common prefix and suffix are taken off; D is capped (LIC_MAX_D) so a
 * text that is nothing like a candidate costs bounded time and memory.
 */
#include <stdlib.h>
#include <string.h>

#include "lic_db_int.h"
#include "lic_match.h"

#define LIC_CANDIDATES 4
#define LIC_MAX_D 2500              /* edits explored per alignment */
#define SEGMENT_MIN 60              /* an inserted block this long may be a license of its own */
#define NOTICE_MAX_TOKENS 400       /* longer texts are not looked at as notices */

struct hunk {
    size_t a0, a1, b0, b1;          /* canonical [a0,a1) replaced by input [b0,b1) */
    int trivial;
    int explained;                  /* a whole other license (a segment), not a change */
};

struct align {
    struct hunk *h;
    size_t n, cap;
    size_t common;                  /* tokens of the canonical text found in the input */
};

static int push_hunk(struct align *al, size_t a0, size_t a1, size_t b0, size_t b1)
{
    if (al->n == al->cap) {
        size_t cap = al->cap ? al->cap * 2 : 16;
        struct hunk *nh = realloc(al->h, cap * sizeof *nh);
        if (!nh)
            return WA_ENOMEM;
        al->h = nh;
        al->cap = cap;
    }
    al->h[al->n++] = (struct hunk){ a0, a1, b0, b1, 0, 0 };
    return 0;
}

/* Myers diff of A[0..n) and B[0..m).  0 done, 1 more than LIC_MAX_D edits,
 * WA_ENOMEM.  Marks deleted A and inserted B tokens. */
static int myers(const struct lic_tok *A, size_t n, const struct lic_tok *B, size_t m,
                 unsigned char *adel, unsigned char *bins, size_t limit)
{
    size_t maxd = n + m < limit ? n + m : limit;
    long off = (long)maxd + 1;
    long *V = malloc((2 * maxd + 3) * sizeof *V);
    int32_t **trace = calloc(maxd + 1, sizeof *trace);
    long d, found = -1;

    if (!V || !trace) {
        free(V);
        free(trace);
        return WA_ENOMEM;
    }
    V[off + 1] = 0;
    for (d = 0; d <= (long)maxd; d++) {
        for (long k = -d; k <= d; k += 2) {
            long x, y;
            if (k == -d || (k != d && V[off + k - 1] < V[off + k + 1]))
                x = V[off + k + 1];
            else
                x = V[off + k - 1] + 1;
            y = x - k;
            while (x < (long)n && y < (long)m && A[x].h == B[y].h) {
                x++;
                y++;
            }
            V[off + k] = x;
            if (x >= (long)n && y >= (long)m)
                found = d;
        }
        trace[d] = malloc((size_t)(2 * d + 1) * sizeof **trace);
        if (!trace[d]) {
            found = -2;
            break;
        }
        for (long k = -d; k <= d; k++)
            trace[d][k + d] = (int32_t)V[off + k];
        if (found >= 0)
            break;
    }
    if (found >= 0) {
        long x = (long)n, y = (long)m;
        for (long dd = found; dd > 0; dd--) {
            const int32_t *pv = trace[dd - 1];
            long k = x - y, pk, px, py;
#define PV(kk) ((long)pv[(kk) + (dd - 1)])
            if (k == -dd || (k != dd && PV(k - 1) < PV(k + 1)))
                pk = k + 1;
            else
                pk = k - 1;
            px = PV(pk);
            py = px - pk;
#undef PV
            if (pk == k + 1)
                bins[py] = 1;       /* down: B[py] inserted */
            else
                adel[px] = 1;       /* right: A[px] deleted */
            x = px;
            y = py;
        }
    }
    for (long i = 0; i <= d && i <= (long)maxd; i++)
        free(trace[i]);
    free(trace);
    free(V);
    if (found == -2)
        return WA_ENOMEM;
    return found >= 0 ? 0 : 1;
}

/* Align canonical A with input B; 0, 1 (too different) or WA_ENOMEM.
 * A match is only accepted when at least half of A is found in B, that is
 * with at most |B| + (|A| - |A|/2) - |A|/2 = |B| edits: no need to look further. */
static int align(struct align *al, const struct lic_tok *A, size_t N, const struct lic_tok *B, size_t M)
{
    size_t limit = M + 1 < LIC_MAX_D ? M + 1 : LIC_MAX_D;
    size_t p = 0, s = 0, i = 0, j = 0;
    unsigned char *adel, *bins;
    int rc = 0;

    memset(al, 0, sizeof *al);
    while (p < N && p < M && A[p].h == B[p].h)
        p++;
    while (s < N - p && s < M - p && A[N - 1 - s].h == B[M - 1 - s].h)
        s++;
    adel = calloc(N + 1, 1);
    bins = calloc(M + 1, 1);
    if (!adel || !bins) {
        free(adel);
        free(bins);
        return WA_ENOMEM;
    }
    if (N - p - s == 0 || M - p - s == 0) {
        memset(adel + p, 1, N - p - s);
        memset(bins + p, 1, M - p - s);
    } else if ((rc = myers(A + p, N - p - s, B + p, M - p - s, adel + p, bins + p, limit)) != 0) {
        free(adel);
        free(bins);
        return rc;
    }
    while (i < N || j < M) {
        if (i < N && j < M && !adel[i] && !bins[j]) {
            i++;
            j++;
            al->common++;
            continue;
        }
        size_t a0 = i, b0 = j;
        while (i < N && adel[i])
            i++;
        while (j < M && bins[j])
            j++;
        if (i == a0 && j == b0) {   /* cannot happen with a valid script; stay safe */
            if (i < N)
                i++;
            if (j < M)
                j++;
        }
        if ((rc = push_hunk(al, a0, i, b0, j)))
            break;
    }
    free(adel);
    free(bins);
    return rc;
}

/* ---- which differences count ------------------------------------------- */

static int in_sorted(const uint64_t *v, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid] == h)
            return 1;
        if (v[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static int all_markers(const struct lic_tok *t, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!(t[i].flags & LIC_TOK_MARKER))
            return 0;
    return 1;
}

static int in_sorted(const uint64_t *v, size_t n, uint64_t h);

static int replaceable(const struct lic_db *db, const struct lic_ctext *ct, const struct hunk *h, const struct lic_tok *B)
{
    for (size_t r = 0; r < ct->n_repl; r++) {
        const struct lic_region *g = &ct->repl[r];
        if (!(g->s <= h->a0 && h->a1 <= g->e && (h->a0 < h->a1 || (g->s <= h->a0 && h->a0 <= g->e))))
            continue;
        if (!g->n_alt) {
            int legal = 0;
            for (size_t i = h->b0; i < h->b1 && !legal; i++)
                legal = in_sorted(db->legal, db->n_legal, B[i].h);
            if (h->b1 - h->b0 <= g->max && !legal)
                return 1;
            continue;
        }
        /* the region as it reads in the input must be one of the alternatives */
        size_t len = (h->a0 - g->s) + (h->b1 - h->b0) + (g->e - h->a1);
        for (size_t k = 0; k < g->n_alt; k++) {
            const uint64_t *alt = g->alt + g->alt_off[k];
            size_t q = 0, ok = g->alt_len[k] == len;
            for (size_t i = g->s; ok && i < h->a0; i++)
                ok = ct->toks.v[i].h == alt[q++];
            for (size_t i = h->b0; ok && i < h->b1; i++)
                ok = B[i].h == alt[q++];
            for (size_t i = h->a1; ok && i < g->e; i++)
                ok = ct->toks.v[i].h == alt[q++];
            if (ok)
                return 1;
        }
    }
    return 0;
}

static int optional_gone(const struct lic_ctext *ct, const struct hunk *h)
{
    if (h->b1 != h->b0 || h->a1 == h->a0)
        return 0;
    for (size_t i = h->a0; i < h->a1; i++) {
        int cov = (ct->toks.v[i].flags & LIC_TOK_MARKER) != 0;
        for (size_t r = 0; !cov && r < ct->n_opt; r++)
            cov = ct->opt[r].s <= i && i < ct->opt[r].e;
        if (!cov)
            return 0;
    }
    return 1;
}

static int title_only(const struct lic_rule *r, const struct lic_ctext *ct, const struct hunk *h,
                      const struct lic_tok *B)
{
    /* a title line added, doubled or dropped near the top of the text */
    if (h->a0 > 40 || h->b0 > 60)
        return 0;
    for (size_t i = h->a0; i < h->a1; i++)
        if (!in_sorted(r->title, r->n_title, ct->toks.v[i].h) && !(ct->toks.v[i].flags & LIC_TOK_MARKER))
            return 0;
    for (size_t i = h->b0; i < h->b1; i++)
        if (!in_sorted(r->title, r->n_title, B[i].h) && !(B[i].flags & LIC_TOK_MARKER))
            return 0;
    return h->b1 - h->b0 <= 40;
}

static void classify(const struct lic_db *db, const struct lic_rule *r, const struct lic_ctext *ct, struct align *al,
                     const struct lic_tok *B)
{
    for (size_t k = 0; k < al->n; k++) {
        struct hunk *h = &al->h[k];
        h->trivial = (all_markers(ct->toks.v, h->a0, h->a1) && all_markers(B, h->b0, h->b1)) ||
                     replaceable(db, ct, h, B) || optional_gone(ct, h) || title_only(r, ct, h, B);
    }
}

static size_t changed_words(const struct align *al)
{
    size_t n = 0;
    for (size_t k = 0; k < al->n; k++)
        if (!al->h[k].trivial && !al->h[k].explained)
            n += (al->h[k].a1 - al->h[k].a0) + (al->h[k].b1 - al->h[k].b0);
    return n;
}

/* ---- candidates ---------------------------------------------------------- */

struct cand {
    uint32_t text;
    double dice;
};

static int cmp_cand(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->dice != y->dice)
        return x->dice > y->dice ? -1 : 1;
    return x->text < y->text ? -1 : x->text > y->text;
}

static size_t candidates(const struct lic_db *db, const struct lic_tok *t, size_t nt, struct cand *out, size_t max)
{
    uint64_t *sh;
    size_t nsh, n = 0;
    uint32_t *cnt;

    if (lic_shingles(&sh, &nsh, t, nt) || nsh == 0) {
        free(sh);
        return 0;
    }
    cnt = calloc(db->n_refs + 1, sizeof *cnt);
    if (!cnt) {
        free(sh);
        return 0;
    }
    /* the input's 3-grams in an open-addressing set; every canonical text's
     * 3-grams are looked up in it */
    {
        size_t cap = 64;
        uint64_t *set;
        while (cap < nsh * 2)
            cap *= 2;
        set = calloc(cap, sizeof *set);
        if (!set) {
            free(cnt);
            free(sh);
            return 0;
        }
        for (size_t i = 0; i < nsh; i++) {
            uint64_t v = sh[i] | 1;     /* 0 marks an empty slot */
            size_t k = (size_t)(v * 0x9E3779B97F4A7C15ULL >> 7) & (cap - 1);
            while (set[k] && set[k] != v)
                k = (k + 1) & (cap - 1);
            set[k] = v;
        }
        for (size_t i = 0; i < db->n_refs; i++) {
            const struct lic_ctext *ct = &db->rules[db->refs[i].rule].texts[db->refs[i].text];
            for (size_t j = 0; j < ct->n_sh; j++) {
                uint64_t v = ct->sh[j] | 1;
                size_t k = (size_t)(v * 0x9E3779B97F4A7C15ULL >> 7) & (cap - 1);
                while (set[k] && set[k] != v)
                    k = (k + 1) & (cap - 1);
                if (set[k])
                    cnt[i]++;
            }
        }
        free(set);
    }
    {
        struct cand *all = calloc(db->n_refs + 1, sizeof *all);
        if (all) {
            for (size_t i = 0; i < db->n_refs; i++) {
                const struct lic_ctext *ct = &db->rules[db->refs[i].rule].texts[db->refs[i].text];
                all[i].text = (uint32_t)i;
                all[i].dice = 2.0 * (cnt[i] < ct->n_sh ? cnt[i] : ct->n_sh) / (double)(nsh + ct->n_sh);
            }
            qsort(all, db->n_refs, sizeof *all, cmp_cand);
            for (size_t i = 0; i < db->n_refs && n < max; i++)
                if (all[i].dice >= 0.08)
                    out[n++] = all[i];
            free(all);
        }
    }
    free(cnt);
    free(sh);
    return n;
}

/* ---- hits ------------------------------------------------------------------ */

static char *span_text(const char *text, size_t s, size_t e)
{
    size_t n = e > s ? e - s : 0;
    int cut = n > LIC_SPAN_TEXT_MAX;
    char *o;

    if (cut)
        n = LIC_SPAN_TEXT_MAX;
    o = malloc(n + 4);
    if (!o)
        return NULL;
    memcpy(o, text + s, n);
    if (cut)
        memcpy(o + n, "...", 3), n += 3;
    o[n] = '\0';
    return o;
}

static int add_span(struct lic_hit *h, int deleted, size_t offset, char *text)
{
    h->n_spans_total++;
    if (!text)
        return WA_ENOMEM;
    if (h->n_spans >= LIC_SPANS_MAX) {
        free(text);
        return 0;
    }
    struct lic_span *ns = realloc(h->spans, (h->n_spans + 1) * sizeof *ns);
    if (!ns) {
        free(text);
        return WA_ENOMEM;
    }
    h->spans = ns;
    ns[h->n_spans].deleted = deleted;
    ns[h->n_spans].offset = offset;
    ns[h->n_spans].text = text;
    h->n_spans++;
    return 0;
}

static int push_hit(struct lic_result *res, const struct lic_hit *h)
{
    struct lic_hit *nh = realloc(res->hits, (res->n_hits + 1) * sizeof *nh);
    if (!nh)
        return WA_ENOMEM;
    res->hits = nh;
    nh[res->n_hits++] = *h;
    return 0;
}

static void hit_free(struct lic_hit *h)
{
    for (size_t i = 0; i < h->n_spans; i++)
        free(h->spans[i].text);
    free(h->spans);
}

struct best {
    const struct lic_rule *rule;
    const struct lic_ctext *ct;
    struct align al;
    size_t changed;
    double dice;
};

static int best_match(const struct lic_db *db, const struct lic_tok *B, size_t M, struct best *out, int depth);

/* Large inserted blocks that are whole licenses of their own are marked
 * explained.  0 or <0 error. */
static int explain_segments(const struct lic_db *db, const struct lic_rule *r, const struct lic_tok *B, struct align *al)
{
    for (size_t k = 0; k < al->n; k++) {
        struct hunk *hk = &al->h[k];
        struct best sb;
        int rc;
        if (hk->trivial || hk->b1 - hk->b0 < SEGMENT_MIN)
            continue;
        rc = best_match(db, B + hk->b0, hk->b1 - hk->b0, &sb, 1);
        if (rc < 0)
            return rc;
        if (rc == 1 && sb.rule != r && (double)sb.al.common / (double)sb.ct->toks.n >= 0.9 &&
            (double)sb.al.common / (double)(hk->b1 - hk->b0) >= 0.8)
            hk->explained = 1;
        free(sb.al.h);
    }
    return 0;
}

/* Best full-text match of B[0..M); found: 1, none: 0, <0 error.  At depth
 * 0, inserted blocks that are licenses of their own do not count against a
 * candidate. */
static int best_match(const struct lic_db *db, const struct lic_tok *B, size_t M, struct best *out, int depth)
{
    struct cand c[LIC_CANDIDATES];
    size_t nc = candidates(db, B, M, c, LIC_CANDIDATES);
    int have = 0;

    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < nc; i++) {
        const struct lic_rule *r = &db->rules[db->refs[c[i].text].rule];
        const struct lic_ctext *ct = &r->texts[db->refs[c[i].text].text];
        struct align al;
        int rc = align(&al, ct->toks.v, ct->toks.n, B, M);
        if (rc < 0) {
            free(al.h);
            if (have)
                free(out->al.h);
            return rc;
        }
        if (rc == 1) {
            free(al.h);
            continue;
        }
        classify(db, r, ct, &al, B);
        if (depth == 0 && (rc = explain_segments(db, r, B, &al)) < 0) {
            free(al.h);
            if (have)
                free(out->al.h);
            return rc;
        }
        size_t ch = changed_words(&al);
        if (!have || ch < out->changed) {
            if (have)
                free(out->al.h);
            out->rule = r;
            out->ct = ct;
            out->al = al;
            out->changed = ch;
            out->dice = c[i].dice;
            have = 1;
            if (ch == 0)
                break;
        } else {
            free(al.h);
        }
    }
    return have;
}

static int accepted(const struct best *b, size_t M)
{
    double cov_c = (double)b->al.common / (double)b->ct->toks.n;
    double cov_i = M ? (double)b->al.common / (double)M : 0;
    return cov_c >= 0.8 || (cov_c >= 0.5 && cov_i >= 0.5);
}

static double round3(double x)
{
    return (double)(long)(x * 1000 + 0.5) / 1000;
}

/* A hit from a finished alignment; segment is 1 when matching a block of a larger text. */
static int make_hit(struct lic_result *res, const struct lic_db *db, const struct lic_doc *doc,
                    const struct lic_tok *B, size_t M, size_t boff, struct best *b, int segment)
{
    struct lic_hit h;
    size_t extra_tokens = 0;
    int rc = 0;

    memset(&h, 0, sizeof h);
    h.rule = b->rule->info;
    h.method = "text";
    h.tok_start = boff;
    h.tok_end = boff + M;
    /* large inserted blocks that are licenses of their own */
    for (size_t k = 0; !segment && k < b->al.n; k++) {
        struct hunk *hk = &b->al.h[k];
        struct best sb;
        if (!hk->explained)
            continue;
        rc = best_match(db, B + hk->b0, hk->b1 - hk->b0, &sb, 1);
        if (rc < 0)
            return rc;
        if (rc == 1) {
            rc = make_hit(res, db, doc, B + hk->b0, hk->b1 - hk->b0, boff + hk->b0, &sb, 1);
            free(sb.al.h);
            if (rc < 0)
                return rc;
            extra_tokens += hk->b1 - hk->b0;
            /* a block that also replaced canonical words still changes the first license */
            if (hk->a1 > hk->a0)
                hk->explained = 0;
        }
        rc = 0;
    }
    b->changed = changed_words(&b->al);
    h.words_changed = b->changed;
    h.modified = b->changed > 0;
    if (!h.modified) {
        h.confidence = 1.0;
    } else {
        size_t den = b->ct->toks.n > M - extra_tokens ? b->ct->toks.n : M - extra_tokens;
        h.confidence = round3((double)b->al.common / (double)(den ? den : 1));
        if (h.confidence > 0.99)
            h.confidence = 0.99;
    }
    for (size_t k = 0; k < b->al.n && rc == 0; k++) {
        const struct hunk *hk = &b->al.h[k];
        size_t at;
        if (hk->trivial || hk->explained)
            continue;
        at = hk->b0 < M ? B[hk->b0].off : (M ? B[M - 1].end : 0);
        if (hk->b1 > hk->b0)
            rc = add_span(&h, 0, doc->base + B[hk->b0].off,
                          span_text(doc->text, B[hk->b0].off, B[hk->b1 - 1].end));
        if (rc == 0 && hk->a1 > hk->a0)
            rc = add_span(&h, 1, doc->base + at,
                          span_text(b->ct->text, b->ct->toks.v[hk->a0].off, b->ct->toks.v[hk->a1 - 1].end));
    }
    if (rc == 0)
        rc = push_hit(res, &h);
    if (rc) {
        hit_free(&h);
        return rc;
    }
    /* the main hit goes first */
    if (!segment && res->n_hits > 1) {
        struct lic_hit last = res->hits[res->n_hits - 1];
        memmove(res->hits + 1, res->hits, (res->n_hits - 1) * sizeof *res->hits);
        res->hits[0] = last;
    }
    return 0;
}

/* ---- notices ------------------------------------------------------------- */

static const struct lic_rule *rule_by_id(const struct lic_db *db, const char *id)
{
    for (size_t i = 0; id && i < db->n_rules; i++)
        if (strcmp(db->rules[i].info.id, id) == 0)
            return &db->rules[i];
    return NULL;
}

/* 1 when the three words a[0..2] follow each other somewhere in the
 * license's own texts. */
static int trigram_in_texts(const struct lic_rule *r, const struct lic_tok *a)
{
    for (size_t k = 0; k < r->n_texts; k++) {
        const struct lic_toks *c = &r->texts[k].toks;
        for (size_t j = 0; j + 2 < c->n; j++)
            if (c->v[j].h == a[0].h && c->v[j + 1].h == a[1].h && c->v[j + 2].h == a[2].h)
                return 1;
    }
    return 0;
}

/* Words of a notice that neither the license's own wording nor its title
 * nor the phrasing of notices explain (copyright lines are left out by the
 * tokenizer, as everywhere).  A word counts as explained when it sits in a
 * run of three words that the license text itself holds (the Apache
 * boilerplate notice is in its appendix), or in its title, or is one of
 * the few words notices are written with: single words are not enough, since
 * "Not for commercial use." takes each of its words from the Apache text. */
static int notice_extra(const struct lic_rule *r, const struct lic_doc *doc)
{
    static const char *const phrasing[] = { "this", "these", "model", "models", "weights", "code", "repository",
                                            "project", "software", "files", "file", "is", "are", "be", "released",
                                            "licensed", "distributed", "made", "available", "provided", "under",
                                            "the", "terms", "of", "see", "for", "details", "a", "an", "and", "its",
                                            "all", "with", "by", "to", "as", "at", "copy", "license", "licence",
                                            "version", "v", "spdx", "identifier", "here", "https", "http", "www" };
    struct lic_toks t;
    size_t extra = 0;
    unsigned char *covered;

    if (lic_text_tokenize(&t, doc->text, doc->len))
        return 1;
    if (!(covered = calloc(t.n + 1, 1))) {
        lic_toks_free(&t);
        return 1;
    }
    for (size_t j = 0; j + 2 < t.n; j++)
        if (trigram_in_texts(r, &t.v[j]))
            covered[j] = covered[j + 1] = covered[j + 2] = 1;
    for (size_t i = 0; i < t.n && !extra; i++) {
        int known = covered[i] || (t.v[i].flags & LIC_TOK_MARKER) || in_sorted(r->title, r->n_title, t.v[i].h);
        for (size_t k = 0; !known && k < sizeof phrasing / sizeof phrasing[0]; k++)
            known = t.v[i].h == lic_text_word_hash(phrasing[k], strlen(phrasing[k]));
        if (!known)
            extra++;
    }
    free(covered);
    lic_toks_free(&t);
    return extra > 0;
}

static int add_notice(struct lic_result *res, const struct lic_rule_info *in, double conf, int extra)
{
    struct lic_hit h;

    for (size_t i = 0; i < res->n_hits; i++)
        if (strcmp(res->hits[i].rule.id, in->id) == 0)
            return 0;
    if (res->n_hits)
        res->ambiguous_notice = 1;
    memset(&h, 0, sizeof h);
    h.rule = *in;
    h.method = "notice";
    h.confidence = conf;
    h.notice_extra = extra;
    return push_hit(res, &h);
}

static int notices(struct lic_result *res, const struct lic_db *db, const struct lic_doc *doc, size_t M)
{
    size_t fl;
    char *flat = lic_text_flat(doc->text, doc->len, &fl);
    int rc = 0, extra = M > 120;
    const struct lic_rule *byid;
    const char *p;

    if (!flat)
        return WA_ENOMEM;
    /* SPDX-License-Identifier: ID */
    for (p = flat; rc == 0 && (p = strstr(p, "SPDX-License-Identifier:")) != NULL; p++) {
        char id[128];
        size_t n = 0;
        const char *q = p + 24;
        struct lic_keyword kw;
        while (*q == ' ')
            q++;
        while (n < sizeof id - 1 && (q[n] == '.' || q[n] == '-' || q[n] == '+' || (q[n] >= '0' && q[n] <= '9') ||
                                     (q[n] >= 'a' && q[n] <= 'z') || (q[n] >= 'A' && q[n] <= 'Z')))
            n++;
        memcpy(id, q, n);
        id[n] = '\0';
        if (lic_db_keyword(db, id, &kw) == 1 && (byid = rule_by_id(db, kw.id)) != NULL)
            rc = add_notice(res, &byid->info, 0.95,
                            extra || notice_extra(byid, doc));
    }
    for (size_t i = 0; rc == 0 && i < db->n_rules; i++) {
        const struct lic_rule *r = &db->rules[i];
        for (size_t k = 0; k < r->n_notices; k++) {
            struct lic_re_match m;
            if (lic_re_search(r->notices[k], flat, fl, 0, &m) == 1) {
                rc = add_notice(res, &r->info, 0.9, extra || notice_extra(r, doc));
                break;
            }
        }
    }
    if (rc == 0 && M <= 40) {
        struct lic_rule_info in;
        if (lic_db_url(db, flat, &in) == 1 && strcmp(in.kind, "license") == 0 && (byid = rule_by_id(db, in.id)))
            rc = add_notice(res, &in, 0.8, extra || notice_extra(byid, doc));
    }
    free(flat);
    return rc;
}

int lic_match(struct lic_result *res, const struct lic_db *db, const struct lic_doc *doc, struct wa_err *err)
{
    struct lic_toks t;
    struct best b;
    int rc;

    memset(res, 0, sizeof *res);
    if (doc->binary || doc->empty || !doc->text)
        return 0;
    if ((rc = lic_text_tokenize(&t, doc->text, doc->len)))
        return wa_err_set(err, rc, NULL, -1, "out of memory");
    if (t.n == 0) {
        lic_toks_free(&t);
        return 0;
    }
    rc = best_match(db, t.v, t.n, &b, 0);
    if (rc == 1 && accepted(&b, t.n))
        rc = make_hit(res, db, doc, t.v, t.n, 0, &b, 0);
    else if (rc >= 0 && t.n <= NOTICE_MAX_TOKENS)
        rc = notices(res, db, doc, t.n);
    if (rc == 1)
        rc = 0;
    free(b.al.h);
    lic_toks_free(&t);
    if (rc < 0) {
        lic_result_free(res);
        return wa_err_set(err, rc, NULL, -1, "out of memory");
    }
    return 0;
}

void lic_result_free(struct lic_result *res)
{
    for (size_t i = 0; i < res->n_hits; i++)
        hit_free(&res->hits[i]);
    free(res->hits);
    memset(res, 0, sizeof *res);
}
