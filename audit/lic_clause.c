/*
 * lic_clause.c - running the clause detectors and turning what they
 * capture into values (numbers with "million", region names into codes).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lic_clause.h"
#include "lic_db_int.h"

static const struct {
    const char *id, *meaning;
} clause_ids[] = {
    { "mau-cap", "above this many monthly active users a separate license from the licensor is needed" },
    { "revenue-cap", "above this annual revenue (USD) a separate license from the licensor is needed" },
    { "territory-exclusion", "the license grants no rights in these regions (scope: all models, or multimodal models only)" },
    { "non-commercial", "only non-commercial use (research, evaluation, personal, non-production) is granted" },
    { "acceptable-use-policy", "use is subject to an acceptable use policy or use-based restrictions" },
    { "output-use-restriction", "outputs of the model may not be used to train or improve certain other models" },
    { "attribution", "derived products must display this attribution" },
    { "naming", "names of derived models must begin with this word" },
    { "share-alike", "adaptations must be shared under the same license" },
};
#define N_IDS (sizeof clause_ids / sizeof clause_ids[0])

const char *lic_clause_meaning(const char *id)
{
    for (size_t i = 0; id && i < N_IDS; i++)
        if (strcmp(clause_ids[i].id, id) == 0)
            return clause_ids[i].meaning;
    return NULL;
}

int lic_clause_rank(const char *id)
{
    for (size_t i = 0; id && i < N_IDS; i++)
        if (strcmp(clause_ids[i].id, id) == 0)
            return (int)i;
    return (int)N_IDS;
}

static const struct {
    const char *name, *code;
} regions[] = {
    { "european union", "EU" }, { "e.u.", "EU" }, { "eu", "EU" },
    { "european economic area", "EEA" }, { "eea", "EEA" },
    { "united kingdom", "UK" }, { "great britain", "UK" }, { "uk", "UK" },
    { "south korea", "KR" }, { "republic of korea", "KR" }, { "korea", "KR" },
    { "people's republic of china", "CN" }, { "china", "CN" }, { "prc", "CN" },
    { "united states", "US" }, { "usa", "US" },
    { "russia", "RU" }, { "russian federation", "RU" },
};

const char *lic_region_code(const char *name)
{
    for (size_t i = 0; name && i < sizeof regions / sizeof regions[0]; i++)
        if (strcasecmp(regions[i].name, name) == 0)
            return regions[i].code;
    return NULL;
}

static int word_at(const char *s, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);
    if (i + k > n || strncasecmp(s + i, w, k) != 0)
        return 0;
    if (i > 0 && ((s[i - 1] >= 'a' && s[i - 1] <= 'z') || (s[i - 1] >= 'A' && s[i - 1] <= 'Z')))
        return 0;
    if (i + k < n && ((s[i + k] >= 'a' && s[i + k] <= 'z') || (s[i + k] >= 'A' && s[i + k] <= 'Z')))
        return 0;
    return 1;
}

/* Region codes named in s[0..n), added to arr (no duplicates). */
static void parse_regions(cJSON *arr, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t r = 0; r < sizeof regions / sizeof regions[0]; r++)
            if (word_at(s, n, i, regions[r].name)) {
                const cJSON *e;
                int have = 0;
                cJSON_ArrayForEach(e, arr)
                    have |= strcmp(e->valuestring, regions[r].code) == 0;
                if (!have)
                    cJSON_AddItemToArray(arr, cJSON_CreateString(regions[r].code));
                i += strlen(regions[r].name) - 1;
                break;
            }
}

/* "700", "1,000,000", "1.5" with "million" -> number; -1 when not a number. */
static double parse_number(const char *s, size_t n, const char *mult, size_t mn)
{
    char buf[64];
    size_t k = 0;
    double v;
    char *end;

    for (size_t i = 0; i < n && k < sizeof buf - 1; i++) {
        if (s[i] == ',')
            continue;
        buf[k++] = s[i];
    }
    while (k && buf[k - 1] == '.')
        k--;
    buf[k] = '\0';
    if (!k)
        return -1;
    v = strtod(buf, &end);
    if (*end || v < 0)
        return -1;
    if (mult && mn) {
        if (strncasecmp(mult, "million", mn) == 0 && mn == 7)
            v *= 1e6;
        else if (strncasecmp(mult, "billion", mn) == 0 && mn == 7)
            v *= 1e9;
        else if (strncasecmp(mult, "thousand", mn) == 0 && mn == 8)
            v *= 1e3;
    }
    return v;
}

static cJSON *find_clause(cJSON *arr, const char *id, const char *scope)
{
    cJSON *e;
    cJSON_ArrayForEach(e, arr) {
        const cJSON *i = cJSON_GetObjectItemCaseSensitive(e, "id");
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(e, "scope");
        const char *sc = cJSON_IsString(s) ? s->valuestring : NULL;
        if (cJSON_IsString(i) && strcmp(i->valuestring, id) == 0 &&
            ((!scope && !sc) || (scope && sc && strcmp(scope, sc) == 0)))
            return e;
    }
    return NULL;
}

static int cmp_clause(const void *a, const void *b)
{
    const cJSON *x = *(cJSON *const *)a, *y = *(cJSON *const *)b;
    const cJSON *xi = cJSON_GetObjectItemCaseSensitive(x, "id"), *yi = cJSON_GetObjectItemCaseSensitive(y, "id");
    const cJSON *xs = cJSON_GetObjectItemCaseSensitive(x, "scope"), *ys = cJSON_GetObjectItemCaseSensitive(y, "scope");
    int r = lic_clause_rank(cJSON_IsString(xi) ? xi->valuestring : NULL) -
            lic_clause_rank(cJSON_IsString(yi) ? yi->valuestring : NULL);
    if (r)
        return r;
    if (cJSON_IsString(xi) && cJSON_IsString(yi) && (r = strcmp(xi->valuestring, yi->valuestring)))
        return r;
    return strcmp(cJSON_IsString(xs) ? xs->valuestring : "", cJSON_IsString(ys) ? ys->valuestring : "");
}

void lic_clause_sort(cJSON *arr)
{
    size_t n = (size_t)cJSON_GetArraySize(arr), k = 0;
    cJSON **v;

    if (n < 2 || !(v = malloc(n * sizeof *v)))
        return;
    while (arr->child) {
        v[k++] = cJSON_DetachItemViaPointer(arr, arr->child);
    }
    qsort(v, k, sizeof *v, cmp_clause);
    for (size_t i = 0; i < k; i++)
        cJSON_AddItemToArray(arr, v[i]);
    free(v);
}

cJSON *lic_clause_detect(const struct lic_db *db, const char *text, size_t len)
{
    size_t fl;
    char *flat = lic_text_flat(text, len, &fl);
    cJSON *out = cJSON_CreateArray();

    if (!flat || !out) {
        free(flat);
        cJSON_Delete(out);
        return NULL;
    }
    for (size_t d = 0; d < db->n_det; d++) {
        const struct lic_detector *det = &db->det[d];
        const char *scope = strcmp(det->scope, "all") == 0 ? NULL : det->scope;
        int is_num = strcmp(det->clause, "mau-cap") == 0 || strcmp(det->clause, "revenue-cap") == 0;
        int is_reg = strcmp(det->clause, "territory-exclusion") == 0;
        size_t from = 0;
        for (int round = 0; round < 16 && from <= fl; round++) {
            struct lic_re_match m;
            cJSON *c;
            if (lic_re_search(det->re, flat, fl, from, &m) != 1)
                break;
            from = m.end > m.start ? m.end : m.start + 1;
            c = find_clause(out, det->clause, is_reg ? (scope ? scope : "all") : NULL);
            if (is_num) {
                double v;
                if (m.n_s == (size_t)-1)
                    continue;
                v = parse_number(flat + m.n_s, m.n_e - m.n_s, m.mult_s == (size_t)-1 ? NULL : flat + m.mult_s,
                                 m.mult_s == (size_t)-1 ? 0 : m.mult_e - m.mult_s);
                if (v < 1)
                    continue;
                if (!c) {
                    c = cJSON_CreateObject();
                    cJSON_AddStringToObject(c, "id", det->clause);
                    cJSON_AddNumberToObject(c, "value", v);
                    cJSON_AddItemToArray(out, c);
                } else {
                    cJSON *val = cJSON_GetObjectItemCaseSensitive(c, "value");
                    if (cJSON_IsNumber(val) && v < val->valuedouble)   /* the stricter number */
                        cJSON_SetNumberValue(val, v);
                }
            } else if (is_reg) {
                cJSON *val;
                if (m.r_s == (size_t)-1)
                    continue;
                if (!c) {
                    c = cJSON_CreateObject();
                    cJSON_AddStringToObject(c, "id", det->clause);
                    cJSON_AddItemToObject(c, "value", cJSON_CreateArray());
                    cJSON_AddStringToObject(c, "scope", scope ? scope : "all");
                    cJSON_AddItemToArray(out, c);
                }
                val = cJSON_GetObjectItemCaseSensitive(c, "value");
                parse_regions(val, flat + m.r_s, m.r_e - m.r_s);
            } else if (m.v_s != (size_t)-1) {
                if (!c) {
                    char *v = strndup(flat + m.v_s, m.v_e - m.v_s);
                    c = cJSON_CreateObject();
                    cJSON_AddStringToObject(c, "id", det->clause);
                    cJSON_AddStringToObject(c, "value", v ? v : "");
                    cJSON_AddItemToArray(out, c);
                    free(v);
                }
            } else if (!c) {
                c = cJSON_CreateObject();
                cJSON_AddStringToObject(c, "id", det->clause);
                cJSON_AddTrueToObject(c, "value");
                cJSON_AddItemToArray(out, c);
            }
        }
    }
    /* a territory clause whose text named no region we know says nothing */
    for (cJSON *c = out->child, *next; c; c = next) {
        cJSON *v = cJSON_GetObjectItemCaseSensitive(c, "value");
        next = c->next;
        if (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 0)
            cJSON_Delete(cJSON_DetachItemViaPointer(out, c));
    }
    free(flat);
    lic_clause_sort(out);
    return out;
}

int lic_clause_merge(cJSON *dst, const cJSON *src, int implied_only)
{
    const cJSON *c;

    cJSON_ArrayForEach(c, src) {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(c, "id");
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(c, "scope");
        const cJSON *val = cJSON_GetObjectItemCaseSensitive(c, "value");
        cJSON *n;
        if (!cJSON_IsString(id) || !val)
            continue;
        if (implied_only && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "implied")))
            continue;
        if (find_clause(dst, id->valuestring, cJSON_IsString(sc) ? sc->valuestring : NULL))
            continue;
        n = cJSON_CreateObject();
        if (!n)
            return -6;
        cJSON_AddStringToObject(n, "id", id->valuestring);
        cJSON_AddItemToObject(n, "value", cJSON_Duplicate(val, 1));
        if (cJSON_IsString(sc))
            cJSON_AddStringToObject(n, "scope", sc->valuestring);
        cJSON_AddItemToArray(dst, n);
    }
    lic_clause_sort(dst);
    return 0;
}
