/*
 * lic_db.c - loading the license database (see lic_db.h): rules files,
 * canonical texts with their optional and replaceable parts, the clause
 * detectors, the keyword and family tables, and the 3-gram index.
 * Every error names the file it comes from.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "datadir.h"
#include "lic_db_int.h"

#define RULES_FILE_MAX (1u << 20)
#define RULES_MAX 1024

static int read_file(const char *path, size_t max, char **buf, size_t *len, struct wa_err *err)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    char *b;
    size_t n;

    *buf = NULL;
    if (!f)
        return wa_err_sys(err, errno, path, "open");
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return wa_err_set(err, WA_EIO, path, -1, "not a regular file");
    }
    if ((uint64_t)st.st_size > max) {
        fclose(f);
        return wa_err_set(err, WA_ETOOBIG, path, -1, "larger than %zu bytes", max);
    }
    b = malloc((size_t)st.st_size + 1);
    if (!b) {
        fclose(f);
        return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
    }
    n = fread(b, 1, (size_t)st.st_size, f);
    fclose(f);
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

/* Parse a JSON file; a syntax error names the byte offset. */
static int load_json(cJSON **out, const char *path, struct wa_err *err)
{
    char *buf;
    size_t len;
    int rc = read_file(path, RULES_FILE_MAX, &buf, &len, err);
    const char *end = NULL;

    *out = NULL;
    if (rc)
        return rc;
    *out = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
    if (!*out) {
        int64_t off = end && end >= buf ? (int64_t)(end - buf) : -1;
        free(buf);
        return wa_err_set(err, WA_EFORMAT, path, off, "not valid JSON");
    }
    free(buf);
    return 0;
}

int lic_category_rank(const char *c)
{
    if (!c)
        return 4;
    if (strcmp(c, "permissive") == 0)
        return 0;
    if (strcmp(c, "copyleft") == 0)
        return 1;
    if (strcmp(c, "use-restricted") == 0 || strcmp(c, "custom-commercial") == 0)
        return 2;
    if (strcmp(c, "non-commercial") == 0)
        return 3;
    return 4;
}

static const char *str_of(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- shingles ------------------------------------------------------------ */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* LSD radix sort of 64-bit keys (the shingle and word arrays are sorted at
 * every start, so this is on the start-up path of each command). */
static int sort_u64(uint64_t *v, size_t n)
{
    uint64_t *tmp;
    size_t count[256];

    if (n < 64) {
        qsort(v, n, sizeof *v, cmp_u64);
        return 0;
    }
    tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return WA_ENOMEM;
    for (int pass = 0; pass < 8; pass++) {
        int shift = pass * 8;
        uint64_t *src = pass % 2 ? tmp : v, *dst = pass % 2 ? v : tmp;
        size_t sum = 0;
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++)
            count[(src[i] >> shift) & 0xFF]++;
        for (int b = 0; b < 256; b++) {
            size_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++)
            dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
    }
    free(tmp);
    return 0;
}

static uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

int lic_shingles_raw(uint64_t **out, size_t *n, const struct lic_tok *t, size_t nt)
{
    size_t k = nt >= 3 ? nt - 2 : nt;
    uint64_t *v;

    *out = NULL;
    *n = 0;
    if (k == 0)
        return 0;
    v = malloc(k * sizeof *v);
    if (!v)
        return WA_ENOMEM;
    for (size_t i = 0; i < k; i++)
        v[i] = nt >= 3 ? t[i].h * 0x9E3779B97F4A7C15ULL ^ rotl(t[i + 1].h, 21) ^ rotl(t[i + 2].h, 42) : t[i].h;
    *out = v;
    *n = k;
    return 0;
}

int lic_shingles(uint64_t **out, size_t *n, const struct lic_tok *t, size_t nt)
{
    size_t k = nt >= 3 ? nt - 2 : nt, m = 0;
    uint64_t *v;

    *out = NULL;
    *n = 0;
    if (k == 0)
        return 0;
    v = malloc(k * sizeof *v);
    if (!v)
        return WA_ENOMEM;
    for (size_t i = 0; i < k; i++)
        v[i] = nt >= 3 ? t[i].h * 0x9E3779B97F4A7C15ULL ^ rotl(t[i + 1].h, 21) ^ rotl(t[i + 2].h, 42) : t[i].h;
    if (sort_u64(v, k)) {
        free(v);
        return WA_ENOMEM;
    }
    for (size_t i = 0; i < k; i++)
        if (m == 0 || v[m - 1] != v[i])
            v[m++] = v[i];
    *out = v;
    *n = m;
    return 0;
}

/* ---- canonical texts and their regions ---------------------------------- */

static int tokens_of(const char *s, uint64_t **out, size_t *n)
{
    struct lic_toks t;
    int rc = lic_text_tokenize(&t, s, strlen(s));

    *out = NULL;
    *n = 0;
    if (rc)
        return rc;
    if (t.n) {
        *out = malloc(t.n * sizeof **out);
        if (!*out) {
            lic_toks_free(&t);
            return WA_ENOMEM;
        }
        for (size_t i = 0; i < t.n; i++)
            (*out)[i] = t.v[i].h;
    }
    *n = t.n;
    lic_toks_free(&t);
    return 0;
}

static int add_region(struct lic_region **v, size_t *n, const struct lic_region *r)
{
    struct lic_region *nv = realloc(*v, (*n + 1) * sizeof *nv);

    if (!nv)
        return WA_ENOMEM;
    *v = nv;
    nv[(*n)++] = *r;
    return 0;
}

/* Every occurrence of phrase in the text becomes a region. */
static int regions_for(struct lic_ctext *ct, const char *phrase, int optional, size_t max,
                       const cJSON *alts, const char *where, struct wa_err *err)
{
    uint64_t *p;
    size_t np, found = 0;
    int rc = tokens_of(phrase, &p, &np);

    if (rc)
        return wa_err_set(err, rc, where, -1, "out of memory");
    for (size_t i = 0; np && i + np <= ct->toks.n; i++) {
        size_t k = 0;
        while (k < np && ct->toks.v[i + k].h == p[k])
            k++;
        if (k < np)
            continue;
        struct lic_region r = { .s = i, .e = i + np, .max = max };
        if (alts) {
            const cJSON *a;
            cJSON_ArrayForEach(a, alts) {
                uint64_t *at;
                size_t na;
                if (!cJSON_IsString(a) || tokens_of(a->valuestring, &at, &na))
                    continue;
                uint64_t *nalt = realloc(r.alt, (r.alt_off ? r.alt_off[r.n_alt - 1] + r.alt_len[r.n_alt - 1] : 0) * sizeof *nalt + na * sizeof *nalt + 8);
                size_t *no = realloc(r.alt_off, (r.n_alt + 1) * sizeof *no);
                size_t *nl = no ? realloc(r.alt_len, (r.n_alt + 1) * sizeof *nl) : NULL;
                if (!nalt || !no || !nl) {
                    free(at);
                    free(nalt ? nalt : r.alt);
                    free(no ? no : r.alt_off);
                    free(nl ? nl : r.alt_len);
                    free(p);
                    return wa_err_set(err, WA_ENOMEM, where, -1, "out of memory");
                }
                r.alt = nalt;
                r.alt_off = no;
                r.alt_len = nl;
                r.alt_off[r.n_alt] = r.n_alt ? r.alt_off[r.n_alt - 1] + r.alt_len[r.n_alt - 1] : 0;
                r.alt_len[r.n_alt] = na;
                if (na)
                    memcpy(r.alt + r.alt_off[r.n_alt], at, na * sizeof *at);
                r.n_alt++;
                free(at);
            }
        }
        if (add_region(optional ? &ct->opt : &ct->repl, optional ? &ct->n_opt : &ct->n_repl, &r)) {
            free(r.alt);
            free(r.alt_off);
            free(r.alt_len);
            free(p);
            return wa_err_set(err, WA_ENOMEM, where, -1, "out of memory");
        }
        found++;
        i += np - 1;
    }
    free(p);
    (void)found;   /* a phrase absent from one of several texts is fine */
    return 0;
}

static void ctext_free(struct lic_ctext *ct)
{
    free(ct->path);
    free(ct->text);
    lic_toks_free(&ct->toks);
    free(ct->sh);
    for (size_t i = 0; i < ct->n_repl; i++) {
        free(ct->repl[i].alt);
        free(ct->repl[i].alt_off);
        free(ct->repl[i].alt_len);
    }
    free(ct->opt);
    free(ct->repl);
}

static int load_text(struct lic_ctext *ct, const char *datadir, const char *rel, const cJSON *match,
                     const char *where, struct wa_err *err)
{
    char path[4096], *raw;
    size_t len;
    struct lic_doc d;
    int rc;
    const cJSON *a;

    if (strstr(rel, "..") || rel[0] == '/')
        return wa_err_set(err, WA_EFORMAT, where, -1, "text path \"%s\" must stay inside the data folder", rel);
    snprintf(path, sizeof path, "%s/%s", datadir, rel);
    if ((rc = read_file(path, LIC_TEXT_MAX, &raw, &len, err)))
        return rc;
    rc = lic_text_decode(&d, (unsigned char *)raw, len);
    free(raw);
    if (rc)
        return wa_err_set(err, rc, path, -1, "out of memory");
    ct->text = d.text;
    ct->len = d.len;
    if (!(ct->path = strdup(rel)))
        return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
    if ((rc = lic_text_tokenize(&ct->toks, ct->text, ct->len)) ||
        (rc = lic_shingles_raw(&ct->sh, &ct->n_sh, ct->toks.v, ct->toks.n)))
        return wa_err_set(err, rc, path, -1, "out of memory");
    if (ct->toks.n < 10)
        return wa_err_set(err, WA_EFORMAT, path, -1, "canonical text has almost no words");
    if (!match)
        return 0;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(match, "optional")) {
        if (cJSON_IsString(a) && (rc = regions_for(ct, a->valuestring, 1, 0, NULL, where, err)))
            return rc;
    }
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(match, "replaceable")) {
        const char *t = str_of(a, "text");
        const cJSON *mx = cJSON_GetObjectItemCaseSensitive(a, "max");
        if (!t)
            return wa_err_set(err, WA_EFORMAT, where, -1, "match.replaceable entries need a \"text\"");
        if ((rc = regions_for(ct, t, 0, cJSON_IsNumber(mx) && mx->valuedouble > 0 && mx->valuedouble < 1e6 ? (size_t)mx->valuedouble : 0,
                              cJSON_GetObjectItemCaseSensitive(a, "alts"), where, err)))
            return rc;
    }
    return 0;
}

/* ---- rules ------------------------------------------------------------- */

static int valid_category(const char *c)
{
    static const char *const ok[] = { "permissive", "copyleft", "non-commercial", "use-restricted",
                                      "custom-commercial", "policy" };
    for (size_t i = 0; c && i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(c, ok[i]) == 0)
            return 1;
    return 0;
}

static int add_detector(struct lic_db *db, const char *clause, const char *scope, const char *pat,
                        const char *where, struct wa_err *err)
{
    struct lic_detector *nd;
    int rc;

    nd = realloc(db->det, (db->n_det + 1) * sizeof *nd);
    if (!nd)
        return wa_err_set(err, WA_ENOMEM, where, -1, "out of memory");
    db->det = nd;
    memset(&nd[db->n_det], 0, sizeof *nd);
    if ((rc = lic_re_compile(&nd[db->n_det].re, pat, where, err)))
        return rc;
    nd[db->n_det].clause = clause;
    nd[db->n_det].scope = scope;
    db->n_det++;
    return 0;
}

/* Patterns already compiled, to share identical detectors between rules. */
struct seen { const char *clause, *scope, *pat; };

static int load_rule(struct lic_db *db, struct lic_rule *r, const char *datadir, const char *path,
                     struct seen **seen, size_t *n_seen, struct wa_err *err)
{
    cJSON *j, *a, *c;
    int rc;
    struct lic_rule_info *in = &r->info;

    if ((rc = load_json(&r->json, path, err)))
        return rc;
    j = r->json;
    if (!cJSON_IsObject(j))
        return wa_err_set(err, WA_EFORMAT, path, -1, "a rules file must hold a JSON object");
    if (!cJSON_GetObjectItemCaseSensitive(j, "id") && !cJSON_GetObjectItemCaseSensitive(j, "clauses") &&
        !cJSON_GetObjectItemCaseSensitive(j, "texts"))
        return 1;   /* another table that lives in rules/ (openness.json): not a license */
    in->json = j;
    in->id = str_of(j, "id");
    in->name = str_of(j, "name");
    in->family = str_of(j, "family");
    in->version = str_of(j, "version");
    in->kind = str_of(j, "kind");
    in->category = str_of(j, "category");
    in->summary = str_of(j, "summary");
    in->policy = str_of(j, "policy");
    in->policy_of = str_of(j, "policy_of");
    in->clauses = cJSON_GetObjectItemCaseSensitive(j, "clauses");
    in->obligations = cJSON_GetObjectItemCaseSensitive(j, "obligations");
    if (!in->kind)
        in->kind = "license";
    if (!in->id || !in->name || !in->family)
        return wa_err_set(err, WA_EFORMAT, path, -1, "\"id\", \"name\" and \"family\" are required strings");
    if (!valid_category(in->category))
        return wa_err_set(err, WA_EFORMAT, path, -1,
                          "\"category\" must be permissive, copyleft, non-commercial, use-restricted, custom-commercial or policy");
    if (in->clauses && !cJSON_IsArray(in->clauses))
        return wa_err_set(err, WA_EFORMAT, path, -1, "\"clauses\" must be an array");
    if (in->obligations && !cJSON_IsArray(in->obligations))
        return wa_err_set(err, WA_EFORMAT, path, -1, "\"obligations\" must be an array");

    a = cJSON_GetObjectItemCaseSensitive(j, "texts");
    if (a && !cJSON_IsArray(a))
        return wa_err_set(err, WA_EFORMAT, path, -1, "\"texts\" must be an array of paths");
    r->n_texts = (size_t)cJSON_GetArraySize(a);
    if (r->n_texts) {
        size_t k = 0;
        r->texts = calloc(r->n_texts, sizeof *r->texts);
        if (!r->texts)
            return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
        cJSON_ArrayForEach(c, a) {
            if (!cJSON_IsString(c))
                return wa_err_set(err, WA_EFORMAT, path, -1, "\"texts\" must be an array of paths");
            if ((rc = load_text(&r->texts[k++], datadir, c->valuestring,
                                cJSON_GetObjectItemCaseSensitive(j, "match"), path, err)))
                return rc;
        }
        in->has_text = 1;
    }
    /* title words: the name and match.title may stand before the text */
    {
        const char *title = str_of(cJSON_GetObjectItemCaseSensitive(j, "match"), "title");
        char buf[1024];
        uint64_t *t;
        size_t nt;
        snprintf(buf, sizeof buf, "%s %s %s the license agreement version spdx identifier", in->name,
                 title ? title : "", in->id);
        if (tokens_of(buf, &t, &nt))
            return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
        qsort(t, nt, sizeof *t, cmp_u64);
        r->title = t;
        r->n_title = nt;
    }
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(j, "notices")) {
        struct lic_re **nv;
        if (!cJSON_IsString(c))
            return wa_err_set(err, WA_EFORMAT, path, -1, "\"notices\" must be an array of patterns");
        nv = realloc(r->notices, (r->n_notices + 1) * sizeof *nv);
        if (!nv)
            return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
        r->notices = nv;
        if ((rc = lic_re_compile(&r->notices[r->n_notices], c->valuestring, path, err)))
            return rc;
        r->n_notices++;
    }
    cJSON_ArrayForEach(c, in->clauses) {
        const char *cid = str_of(c, "id");
        const cJSON *p;
        if (!cid)
            return wa_err_set(err, WA_EFORMAT, path, -1, "every clause needs an \"id\"");
        if (!cJSON_GetObjectItemCaseSensitive(c, "value"))
            return wa_err_set(err, WA_EFORMAT, path, -1, "clause \"%s\" needs a \"value\"", cid);
        cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(c, "patterns")) {
            const char *pat = cJSON_IsString(p) ? p->valuestring : str_of(p, "re");
            const char *scope = cJSON_IsObject(p) && str_of(p, "scope") ? str_of(p, "scope") : "all";
            int dup = 0;
            if (!pat)
                return wa_err_set(err, WA_EFORMAT, path, -1, "clause \"%s\": a pattern is a string or {\"re\": ...}", cid);
            for (size_t i = 0; i < *n_seen && !dup; i++)
                dup = strcmp((*seen)[i].clause, cid) == 0 && strcmp((*seen)[i].scope, scope) == 0 &&
                      strcmp((*seen)[i].pat, pat) == 0;
            if (dup)
                continue;
            struct seen *ns = realloc(*seen, (*n_seen + 1) * sizeof *ns);
            if (!ns)
                return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
            *seen = ns;
            ns[*n_seen].clause = cid;
            ns[*n_seen].scope = scope;
            ns[*n_seen].pat = pat;
            (*n_seen)++;
            if ((rc = add_detector(db, cid, scope, pat, path, err)))
                return rc;
        }
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_rule(const void *a, const void *b)
{
    return strcasecmp(((const struct lic_rule *)a)->info.id, ((const struct lic_rule *)b)->info.id);
}

/* Every canonical text, numbered; each keeps its sorted 3-gram array, which
 * is the index the matcher intersects with. */
static int build_index(struct lic_db *db, struct wa_err *err)
{
    size_t t = 0;

    for (size_t i = 0; i < db->n_rules; i++)
        db->n_refs += db->rules[i].n_texts;
    db->refs = calloc(db->n_refs ? db->n_refs : 1, sizeof *db->refs);
    if (!db->refs)
        return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
    for (size_t i = 0; i < db->n_rules; i++)
        for (size_t j = 0; j < db->rules[i].n_texts; j++, t++) {
            db->refs[t].rule = (uint32_t)i;
            db->refs[t].text = (uint32_t)j;
        }
    return 0;
}

static int load_tables(struct lic_db *db, const char *datadir, struct wa_err *err)
{
    char path[4096];
    int rc;
    const cJSON *a, *e;
    size_t k = 0;

    snprintf(path, sizeof path, "%s/rules/hub/keywords.json", datadir);
    if ((rc = load_json(&db->keywords, path, err)))
        return rc;
    a = cJSON_GetObjectItemCaseSensitive(db->keywords, "keywords");
    if (!cJSON_IsArray(a))
        return wa_err_set(err, WA_EFORMAT, path, -1, "\"keywords\" must be an array");
    cJSON_ArrayForEach(e, a)
        if (!str_of(e, "keyword") || !str_of(e, "id") || !str_of(e, "category"))
            return wa_err_set(err, WA_EFORMAT, path, -1, "each keyword needs \"keyword\", \"id\" and \"category\"");

    snprintf(path, sizeof path, "%s/manifests/families.json", datadir);
    if ((rc = load_json(&db->families_json, path, err)))
        return rc;
    a = cJSON_GetObjectItemCaseSensitive(db->families_json, "families");
    if (!cJSON_IsArray(a))
        return wa_err_set(err, WA_EFORMAT, path, -1, "\"families\" must be an array");
    db->fam = calloc((size_t)cJSON_GetArraySize(a) + 1, sizeof *db->fam);
    if (!db->fam)
        return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
    cJSON_ArrayForEach(e, a) {
        const cJSON *mm = cJSON_GetObjectItemCaseSensitive(e, "multimodal");
        if (!str_of(e, "match") || !str_of(e, "license"))
            return wa_err_set(err, WA_EFORMAT, path, -1, "each family needs \"match\" and \"license\"");
        db->fam[k].match = str_of(e, "match");
        db->fam[k].license = str_of(e, "license");
        db->fam[k].multimodal = cJSON_IsBool(mm) ? cJSON_IsTrue(mm) : -1;
        k++;
    }
    db->n_fam = k;
    return 0;
}

int lic_db_load(struct lic_db **out, const char *datadir, struct wa_err *err)
{
    struct lic_db *db = calloc(1, sizeof *db);
    char dir[4096], path[4200];
    char **names = NULL;
    size_t n_names = 0;
    struct seen *seen = NULL;
    size_t n_seen = 0;
    DIR *d;
    struct dirent *e;
    int rc = 0;

    *out = NULL;
    if (!db)
        return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
    snprintf(dir, sizeof dir, "%s/rules", datadir);
    d = opendir(dir);
    if (!d) {
        rc = wa_err_sys(err, errno, dir, "open rules folder");
        goto out;
    }
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        char **nn;
        if (e->d_name[0] == '.' || l < 6 || strcmp(e->d_name + l - 5, ".json") != 0)
            continue;
        if (n_names >= RULES_MAX) {
            rc = wa_err_set(err, WA_ETOOBIG, dir, -1, "more than %d rules files", RULES_MAX);
            break;
        }
        nn = realloc(names, (n_names + 1) * sizeof *nn);
        if (!nn || !(nn[n_names] = strdup(e->d_name))) {
            free(nn ? nn : names);
            names = NULL;
            n_names = 0;
            rc = wa_err_set(err, WA_ENOMEM, dir, -1, "out of memory");
            break;
        }
        names = nn;
        n_names++;
    }
    closedir(d);
    if (rc)
        goto out;
    qsort(names, n_names, sizeof *names, cmp_str);
    db->rules = calloc(n_names ? n_names : 1, sizeof *db->rules);
    if (!db->rules) {
        rc = wa_err_set(err, WA_ENOMEM, dir, -1, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n_names; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        db->n_rules++;
        rc = load_rule(db, &db->rules[db->n_rules - 1], datadir, path, &seen, &n_seen, err);
        if (rc == 1) {
            cJSON_Delete(db->rules[db->n_rules - 1].json);
            memset(&db->rules[--db->n_rules], 0, sizeof db->rules[0]);
            rc = 0;
            continue;
        }
        if (rc)
            goto out;
        for (size_t k = 0; k + 1 < db->n_rules; k++)
            if (strcasecmp(db->rules[k].info.id, db->rules[db->n_rules - 1].info.id) == 0) {
                rc = wa_err_set(err, WA_EFORMAT, path, -1, "id \"%s\" is defined twice", db->rules[k].info.id);
                goto out;
            }
    }
    qsort(db->rules, db->n_rules, sizeof *db->rules, cmp_rule);
    if ((rc = load_tables(db, datadir, err)) || (rc = build_index(db, err)))
        goto out;
    {
        /* words that change what a license allows: never inside a replaceable field */
        static const char legal[] = "not no nor only shall must may might prohibited prohibit prohibits restrict "
                                    "restricted restriction restrictions commercial noncommercial except without never "
                                    "cannot exclude excluding excluded limited revocable terminate forbidden forbid "
                                    "research unless solely exclusively neither void";
        if (tokens_of(legal, &db->legal, &db->n_legal)) {
            rc = wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
            goto out;
        }
        qsort(db->legal, db->n_legal, sizeof *db->legal, cmp_u64);
    }
out:
    for (size_t i = 0; i < n_names; i++)
        free(names[i]);
    free(names);
    free(seen);
    if (rc) {
        lic_db_free(db);
        return rc;
    }
    *out = db;
    return 0;
}

int lic_db_load_default(struct lic_db **out, char *dir, size_t n, struct wa_err *err)
{
    static const char probe[] = "rules/hub/keywords.json";
    size_t len;

    *out = NULL;
    if (datadir_find(dir, n, probe) != 0)
        return wa_err_set(err, WA_ENOTFOUND, getenv(DATADIR_ENV), -1,
                          "cannot find the weightaudit data (rules/, licenses/): looked in $%s, next to the "
                          "executable, in ../share/weightaudit and in the current directory", DATADIR_ENV);
    len = strlen(dir);
    if (len < sizeof probe)
        return wa_err_set(err, WA_ENOTFOUND, dir, -1, "unexpected data path");
    dir[len - sizeof probe] = '\0';     /* drop "/rules/hub/keywords.json" */
    if (!dir[0])
        snprintf(dir, n, "/");
    return lic_db_load(out, dir, err);
}

void lic_db_free(struct lic_db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->n_rules; i++) {
        struct lic_rule *r = &db->rules[i];
        for (size_t j = 0; j < r->n_texts; j++)
            ctext_free(&r->texts[j]);
        free(r->texts);
        for (size_t j = 0; j < r->n_notices; j++)
            lic_re_free(r->notices[j]);
        free(r->notices);
        free(r->title);
        cJSON_Delete(r->json);
    }
    free(db->rules);
    for (size_t i = 0; i < db->n_det; i++)
        lic_re_free(db->det[i].re);
    free(db->det);
    free(db->refs);
    cJSON_Delete(db->keywords);
    cJSON_Delete(db->families_json);
    free(db->fam);
    free(db->legal);
    free(db);
}

/* ---- lookups -------------------------------------------------------------- */

size_t lic_db_count(const struct lic_db *db)
{
    return db->n_rules;
}

int lic_db_at(const struct lic_db *db, size_t i, struct lic_rule_info *out)
{
    if (i >= db->n_rules)
        return WA_ENOTFOUND;
    *out = db->rules[i].info;
    return 0;
}

int lic_db_get(const struct lic_db *db, const char *id, struct lic_rule_info *out)
{
    for (size_t i = 0; id && i < db->n_rules; i++)
        if (strcasecmp(db->rules[i].info.id, id) == 0) {
            *out = db->rules[i].info;
            return 0;
        }
    return WA_ENOTFOUND;
}

/* Compare ignoring case, and treating ' ', '_' and '-' as the same. */
static int kw_eq(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x == '_' || x == ' ')
            x = '-';
        if (y == '_' || y == ' ')
            y = '-';
        if (x != y)
            return 0;
        if (!x)
            return 1;
    }
}

static int in_list(const cJSON *a, const char *kw)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
        if (cJSON_IsString(e) && kw_eq(e->valuestring, kw))
            return 1;
    return 0;
}

int lic_db_keyword(const struct lic_db *db, const char *kw, struct lic_keyword *out)
{
    char buf[256];
    size_t n;
    const cJSON *e;

    memset(out, 0, sizeof *out);
    if (!kw)
        return 0;
    while (*kw == ' ' || *kw == '\t' || *kw == '"' || *kw == '\'')
        kw++;
    n = strlen(kw);
    while (n && (kw[n - 1] == ' ' || kw[n - 1] == '\t' || kw[n - 1] == '"' || kw[n - 1] == '\''))
        n--;
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, kw, n);
    buf[n] = '\0';
    for (size_t i = 0; i < db->n_rules; i++) {
        const struct lic_rule_info *in = &db->rules[i].info;
        if (kw_eq(in->id, buf) || in_list(cJSON_GetObjectItemCaseSensitive(in->json, "hub"), buf) ||
            in_list(cJSON_GetObjectItemCaseSensitive(in->json, "names"), buf) || kw_eq(in->name, buf)) {
            out->id = in->id;
            out->name = in->name;
            out->category = in->category;
            out->clauses = in->clauses;
            return 1;
        }
    }
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(db->keywords, "keywords")) {
        if (kw_eq(str_of(e, "keyword"), buf) || kw_eq(str_of(e, "id"), buf)) {
            const cJSON *fo = cJSON_GetObjectItemCaseSensitive(e, "family_only");
            out->id = str_of(e, "id");
            out->name = str_of(e, "name");
            out->category = str_of(e, "category");
            out->clauses = cJSON_GetObjectItemCaseSensitive(e, "clauses");
            out->family_only = cJSON_IsTrue(fo) || strcmp(out->id, "NOASSERTION") == 0;
            return 2;
        }
    }
    return 0;
}

static int ci_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return 1;
    return 0;
}

int lic_db_url(const struct lic_db *db, const char *url, struct lic_rule_info *out)
{
    for (size_t i = 0; url && i < db->n_rules; i++) {
        const cJSON *u;
        cJSON_ArrayForEach(u, cJSON_GetObjectItemCaseSensitive(db->rules[i].json, "urls"))
            if (cJSON_IsString(u) && u->valuestring[0] && ci_contains(url, u->valuestring)) {
                *out = db->rules[i].info;
                return 1;
            }
    }
    return 0;
}

int lic_db_family(const struct lic_db *db, const char *repo, const char **license, int *multimodal)
{
    for (size_t i = 0; repo && i < db->n_fam; i++)
        if (fnmatch(db->fam[i].match, repo, FNM_CASEFOLD) == 0) {
            *license = db->fam[i].license;
            *multimodal = db->fam[i].multimodal;
            return 1;
        }
    return 0;
}
