/*
 * facts.c - procurement facts and the policy rules on them (see facts.h).
 *
 * Order inside facts_apply: scale (parameters from the weight headers),
 * publisher and upstream publishers, governing law, openness class; then
 * the policy's "publishers", "openness" and "scale" rules turn those facts
 * into findings, each naming the fact, its evidence and the policy entry.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "datadir.h"
#include "facts.h"
#include "jsonout.h"
#include "lic_re.h"
#include "lic_text.h"
#include "openness.h"
#include "publisher.h"

#define FACTS_TEXT_MAX (1u << 20)     /* license/card bytes searched for law and compute */

struct facts_db {
    struct publisher_db *pub;
    struct openness_db *open;
    struct lic_re *law[2];            /* "governed by the laws of <v>", "governed ... under <v> laws" */
    struct lic_re *flops;             /* "<n> x 10^<e> FLOPs", "<n>e<e> FLOPs" */
    struct lic_re *gpu_hours;         /* "<n>[,ddd...][K|M|B|million|billion] [H100] GPU hours" */
};

static const char *const law_patterns[2] = {
    "governed\\s+(?:by|and\\s+construed\\s+(?:under|by|in\\s+accordance\\s+with)|in\\s+all\\s+respects\\s+by)"
    "(?:\\s+and\\s+(?:construed|constructed|interpreted)\\s+in\\s+accordance\\s+with)?"
    "\\s+(?:the\\s+)?laws?\\s+of\\s+(?:the\\s+)?(?<v>[^.;:()\\[\\]]{2,160}?)"
    "(?=\\s*,?\\s*(?:without|excluding|exclusive|notwithstanding|except|and\\s+(?:the\\s+)?(?:UN|United\\s+Nations)"
    "|and\\s+any\\s+dispute)|\\s*[.;:(]|\\s*$)",
    "governed\\s+and\\s+construed\\s+under\\s+(?<v>[a-z][a-z ]{1,40}?)\\s+laws",
};

void facts_db_free(struct facts_db *db)
{
    if (!db)
        return;
    publisher_db_free(db->pub);
    openness_db_free(db->open);
    for (int i = 0; i < 2; i++)
        lic_re_free(db->law[i]);
    lic_re_free(db->flops);
    lic_re_free(db->gpu_hours);
    free(db);
}

static int load_json(const char *rel, size_t max, char **text, char *path, size_t pn, struct wa_err *err)
{
    size_t n;
    int rc = datadir_find(path, pn, rel);

    if (rc)
        return wa_err_set(err, rc, rel, -1, "not found in the data folder (set %s)", DATADIR_ENV);
    return datadir_read(text, &n, rel, max, err);
}

int facts_db_load(struct facts_db **out, struct wa_err *err)
{
    struct facts_db *db = calloc(1, sizeof *db);
    char path[4096], *text = NULL;
    int rc;

    *out = NULL;
    if (!db)
        return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
    if ((rc = load_json("manifests/publishers.json", PUBLISHER_DB_MAX, &text, path, sizeof path, err)) ||
        (rc = publisher_db_parse(&db->pub, text, path, err)))
        goto fail;
    free(text);
    text = NULL;
    if ((rc = load_json("rules/openness.json", OPENNESS_DB_MAX, &text, path, sizeof path, err)) ||
        (rc = openness_db_parse(&db->open, text, path, err)))
        goto fail;
    free(text);
    text = NULL;
    for (int i = 0; i < 2; i++)
        if ((rc = lic_re_compile(&db->law[i], law_patterns[i], "facts.c governing law", err)))
            goto fail;
    if ((rc = lic_re_compile(&db->flops,
                             "(?<n>\\d+(?:\\.\\d+)?)\\s*(?:x|\\*|\xc3\x97)\\s*10\\s*\\^?\\s*(?<mult>\\d{2})\\s*FLOP"
                             "|(?<v>\\d+(?:\\.\\d+)?e\\+?\\d{2})\\s*FLOP",
                             "facts.c training compute", err)) ||
        (rc = lic_re_compile(&db->gpu_hours,
                             /* 1,234,567 (thousands grouped), or 39.3 / 39,3 (a decimal point or
                              * comma); never from the middle of a number */
                             "(?<![\\d.,])(?<n>\\d{1,3}(?:,\\d{3})+(?![\\d,])(?:\\.\\d+)?|\\d+(?:[.,]\\d+)?)"
                             "\\s*(?<mult>million|M|billion|B|thousand|K)?\\s+"
                             "(?:[A-Z0-9-]+\\s+)?GPU[- ]hours",
                             "facts.c training compute", err)))
        goto fail;
    *out = db;
    return 0;
fail:
    free(text);
    facts_db_free(db);
    return rc;
}

/* ---- scale --------------------------------------------------------------- */

static const char *dir_end(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s : path;   /* the folder is path[0 .. dir_end) */
}

static int same_dir(const char *a, const char *b)
{
    size_t la = (size_t)(dir_end(a) - a), lb = (size_t)(dir_end(b) - b);

    return la == lb && strncmp(a, b, la) == 0;
}

/* The base of a weight file name without its shard counter, precision
 * variant and extension: "model-00001-of-00002.safetensors" and
 * "diffusion_pytorch_model.fp16.safetensors" name one set of weights with
 * "model" and "diffusion_pytorch_model". */
static void weight_set(const char *path, char *out, size_t n)
{
    static const char *const variants[] = { ".fp16", ".bf16", ".fp32", ".fp8", ".non_ema", ".ema", NULL };
    const char *base = strrchr(path, '/');
    char *dot;
    size_t len;

    base = base ? base + 1 : path;
    snprintf(out, n, "%.*s/%s", (int)(dir_end(path) - path), path, base);
    if ((dot = strrchr(out, '.')) && dot > strrchr(out, '/'))
        *dot = '\0';
    for (int again = 1; again;) {
        again = 0;
        len = strlen(out);
        for (const char *const *v = variants; *v; v++) {
            size_t vl = strlen(*v);
            if (len > vl && strcasecmp(out + len - vl, *v) == 0) {
                out[len - vl] = '\0';
                again = 1;
                break;
            }
        }
    }
    /* "-00001-of-00002" */
    len = strlen(out);
    if (len > 15) {
        char *p = out + len - 15;
        if (p[0] == '-' && isdigit((unsigned char)p[1]) && strncmp(p + 6, "-of-", 4) == 0)
            *p = '\0';
    }
}

/* Is f listed as a shard by an index of its own folder?  -1 when the folder
 * has no index (every file counts). */
static int listed_by_index(const struct rep_model *m, const struct rep_file *f)
{
    int has_index = 0;
    const char *base = strrchr(f->path, '/');

    base = base ? base + 1 : f->path;
    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *x = &m->files[i];
        char needle[600];
        if (x->role != ROLE_INDEX || !x->content || !same_dir(x->path, f->path))
            continue;
        has_index = 1;
        snprintf(needle, sizeof needle, "\"%s\"", base);
        if (strstr((const char *)x->content, needle))
            return 1;
    }
    return has_index ? 0 : -1;
}

int64_t facts_parameters(const struct rep_model *m)
{
    /* sets of weights: name -> (sum over its shards of one variant, best variant) */
    struct set {
        char key[512];
        char variant[512];
        int64_t sum;
        int unknown;
    } *sets = calloc(m->n_files + 1, sizeof *sets);
    size_t n_sets = 0;
    int64_t total = 0, gguf_max = -1;
    int have_st = 0, unknown = 0;

    if (!sets)
        return m->parameters;
    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *f = &m->files[i];
        char key[512], var[512];
        size_t k;
        if (f->role != ROLE_WEIGHTS || f->shard_out || !f->path)
            continue;
        if (f->format == FORMAT_GGUF) {
            /* a folder of GGUF files holds one model per quantisation */
            if (f->parameters > gguf_max)
                gguf_max = f->parameters;
            continue;
        }
        if (f->format != FORMAT_SAFETENSORS || listed_by_index(m, f) == 0)
            continue;   /* not a tensor format we count, or a copy beside an indexed set */
        have_st = 1;
        weight_set(f->path, key, sizeof key);
        /* the variant: the name with only the shard counter removed */
        snprintf(var, sizeof var, "%s", f->path);
        {
            size_t len = strlen(var);
            char *dot = strrchr(var, '.');
            if (dot)
                *dot = '\0';
            len = strlen(var);
            if (len > 15 && var[len - 15] == '-' && strncmp(var + len - 9, "-of-", 4) == 0)
                var[len - 15] = '\0';
        }
        for (k = 0; k < n_sets; k++)
            if (strcmp(sets[k].key, key) == 0 && strcmp(sets[k].variant, var) == 0)
                break;
        if (k == n_sets) {
            snprintf(sets[k].key, sizeof sets[k].key, "%s", key);
            snprintf(sets[k].variant, sizeof sets[k].variant, "%s", var);
            n_sets++;
        }
        if (f->parameters < 0)
            sets[k].unknown = 1;
        else
            sets[k].sum += f->parameters;
    }
    /* each set counts once: its variants are the same weights in other precisions */
    for (size_t a = 0; a < n_sets; a++) {
        int64_t best = -1;
        int first = 1, unk = 0;
        for (size_t b = 0; b < a && first; b++)
            if (strcmp(sets[b].key, sets[a].key) == 0)
                first = 0;
        if (!first)
            continue;
        for (size_t b = a; b < n_sets; b++)
            if (strcmp(sets[b].key, sets[a].key) == 0) {
                if (sets[b].unknown)
                    unk = 1;
                else if (sets[b].sum > best)
                    best = sets[b].sum;
            }
        if (unk && best < 0)
            unknown = 1;
        else
            total += best;
    }
    free(sets);
    if (have_st)
        return unknown ? -1 : total;
    return gguf_max;
}

static double number_of(const char *s, size_t n)
{
    char buf[64];

    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    return strtod(buf, NULL);
}

/* A count as the card writes it: "1,234,567" (commas group thousands: a
 * comma before exactly three digits, as the pattern matched), "39.3", or
 * "39,3" (a decimal comma). */
static double count_of(const char *s, size_t n)
{
    char buf[64];
    size_t k = 0;
    int grouped = 0;

    for (size_t i = 0; i + 3 < n && !grouped; i++)
        grouped = s[i] == ',' && isdigit((unsigned char)s[i + 1]) && isdigit((unsigned char)s[i + 2]) &&
                  isdigit((unsigned char)s[i + 3]) && (i + 4 == n || !isdigit((unsigned char)s[i + 4]));
    for (size_t i = 0; i < n && k + 1 < sizeof buf; i++) {
        if (s[i] == ',' && grouped)
            continue;
        buf[k++] = s[i] == ',' ? '.' : s[i];
    }
    buf[k] = '\0';
    return strtod(buf, NULL);
}

#define QUOTE_SIDE 160   /* bytes of context kept before and after a match */

/* Does a sentence start at flat[s]?  After ". ", "! ", "? " or a table
 * cell's "|". */
static int sentence_starts(const char *flat, size_t s)
{
    if (s == 0 || flat[s - 1] == '|')
        return 1;
    return s >= 2 && flat[s - 1] == ' ' && strchr(".!?|", flat[s - 2]);
}

/* The sentence of flat[start..end) (flat: one block of the card): back to
 * the end of the previous one and on to its own end, at most QUOTE_SIDE
 * bytes either side (cut at a space, marked "..."). */
static void quote_sentence(const char *flat, size_t len, size_t start, size_t end, char *out, size_t n)
{
    size_t s = start, e = end;
    int cut_s = 0, cut_e = 0;

    while (!sentence_starts(flat, s) && start - s < QUOTE_SIDE)
        s--;
    if (!sentence_starts(flat, s)) {
        cut_s = 1;
        while (s < start && flat[s] != ' ')
            s++;
    }
    while (s < start && flat[s] == ' ')
        s++;
    while (e < len && e - end < QUOTE_SIDE && flat[e] != '|' &&
           !(strchr(".!?", flat[e]) && (e + 1 == len || flat[e + 1] == ' ')))
        e++;
    if (e < len && strchr(".!?", flat[e]))
        e++;
    else if (e < len && flat[e] != '|') {
        cut_e = 1;
        while (e > end && flat[e] != ' ')
            e--;
    }
    while (e > end && flat[e - 1] == ' ')
        e--;
    snprintf(out, n, "%s%.*s%s", cut_s ? "..." : "", (int)(e - s), flat + s, cut_e ? "..." : "");
}

/* The end of the markdown block that starts at text[at]: a paragraph ends
 * at a blank line or where a heading, table row, list item, quote or
 * front matter line begins; a heading or table row is a block of its own.
 * A sentence (and a compute figure) never runs across blocks. */
static size_t block_end(const char *text, size_t len, size_t at)
{
    size_t k = at;
    int own_line;

    while (k < len && (text[k] == ' ' || text[k] == '\t'))
        k++;
    /* a blank line, a heading, a table row */
    own_line = k >= len || text[k] == '\n' || text[k] == '\r' || text[k] == '#' || text[k] == '|';
    for (size_t i = at; i < len; i++) {
        if (text[i] != '\n')
            continue;
        if (own_line)
            return i + 1;
        for (k = i + 1; k < len && (text[k] == ' ' || text[k] == '\t'); k++)
            ;
        if (k >= len || text[k] == '\n' || text[k] == '\r' || strchr("#|-*>+", text[k]))
            return i + 1;
    }
    return len;
}

/* Training compute the card states: FLOPs, or GPU hours, each the first
 * the card gives, quoted with its sentence. */
static void card_compute(const struct facts_db *db, const struct rep_model *m, cJSON *scale)
{
    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *f = &m->files[i];
        const char *text = (const char *)f->content;
        size_t tlen, at, next;
        int have_flops = 0, have_hours = 0;
        if (f->role != ROLE_CARD || !f->content)
            continue;
        tlen = f->content_len < FACTS_TEXT_MAX ? f->content_len : FACTS_TEXT_MAX;
        for (at = 0; at < tlen && (!have_flops || !have_hours); at = next) {
            struct lic_re_match mt;
            char q[2 * QUOTE_SIDE + 256], ev[sizeof q + 300];
            size_t len;
            char *flat;
            size_t from = at;
            next = block_end(text, tlen, at);
            /* a list item's or quote's marker is not part of its sentence */
            while (from < next && (text[from] == ' ' || text[from] == '\t'))
                from++;
            if (from + 1 < next && strchr("-*>+", text[from]) && text[from + 1] == ' ')
                from += 2;
            if (!(flat = lic_text_flat(text + from, next - from, &len)))
                return;
            if (!have_flops && lic_re_search(db->flops, flat, len, 0, &mt) == 1) {
                double v = mt.v_s != (size_t)-1 ? number_of(flat + mt.v_s, mt.v_e - mt.v_s)
                                                : number_of(flat + mt.n_s, mt.n_e - mt.n_s) *
                                                      pow(10.0, number_of(flat + mt.mult_s, mt.mult_e - mt.mult_s));
                cJSON_AddNumberToObject(scale, "training_compute_flops", v);
                quote_sentence(flat, len, mt.start, mt.end, q, sizeof q);
                snprintf(ev, sizeof ev, "%.250s: \"%s\"", f->path, q);
                jsonout_add_str(scale, "training_compute_source", ev);
                have_flops = 1;
            }
            if (!have_hours && lic_re_search(db->gpu_hours, flat, len, 0, &mt) == 1) {
                double v = count_of(flat + mt.n_s, mt.n_e - mt.n_s);
                if (mt.mult_s != (size_t)-1) {
                    char c = (char)tolower((unsigned char)flat[mt.mult_s]);
                    v *= c == 'b' ? 1e9 : c == 'm' ? 1e6 : c == 'k' || c == 't' ? 1e3 : 1;
                }
                cJSON_AddNumberToObject(scale, "training_gpu_hours", v);
                quote_sentence(flat, len, mt.start, mt.end, q, sizeof q);
                snprintf(ev, sizeof ev, "%.250s: \"%s\"", f->path, q);
                jsonout_add_str(scale, "training_gpu_hours_source", ev);
                have_hours = 1;
            }
            free(flat);
        }
        return;
    }
}

/* Dtype -> tensor count over the counted weight files, and the GGUF
 * quantisation. */
static void scale_from_files(const struct rep_model *m, cJSON *scale)
{
    cJSON *dtypes = cJSON_CreateObject();
    const char *quant = NULL;

    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *f = &m->files[i];
        const cJSON *dt, *d, *g;
        if (f->role != ROLE_WEIGHTS || !f->facts)
            continue;
        dt = cJSON_GetObjectItemCaseSensitive(f->facts, "dtypes");
        cJSON_ArrayForEach(d, dt) {
            cJSON *have = cJSON_GetObjectItemCaseSensitive(dtypes, d->string);
            if (!cJSON_IsNumber(d))
                continue;
            if (have)
                cJSON_SetNumberValue(have, have->valuedouble + d->valuedouble);
            else
                cJSON_AddNumberToObject(dtypes, d->string, d->valuedouble);
        }
        g = cJSON_GetObjectItemCaseSensitive(f->facts, "gguf");
        if (g && !quant) {
            const cJSON *q = cJSON_GetObjectItemCaseSensitive(g, "file_type_name");
            if (!cJSON_IsString(q))
                q = cJSON_GetObjectItemCaseSensitive(g, "dominant_type");
            if (cJSON_IsString(q))
                quant = q->valuestring;
        }
    }
    /* sorted keys, so output is stable */
    {
        cJSON *sorted = cJSON_CreateObject();
        while (dtypes->child) {
            cJSON *best = dtypes->child;
            for (cJSON *c = dtypes->child; c; c = c->next)
                if (strcmp(c->string, best->string) < 0)
                    best = c;
            cJSON_AddItemToObject(sorted, best->string, cJSON_DetachItemViaPointer(dtypes, best));
        }
        cJSON_Delete(dtypes);
        dtypes = sorted;
    }
    cJSON_ReplaceItemInObjectCaseSensitive(scale, "dtypes", dtypes);
    jsonout_add_str(scale, "quantization", quant);
}

static void set_num_or_null(cJSON *o, const char *key, int64_t v)
{
    cJSON_DeleteItemFromObjectCaseSensitive(o, key);
    jsonout_add_int(o, key, v);
}

/* Recompute what the weight files say (parameters, dtypes, quantisation),
 * keeping what came from the card.  Also used by merge after the files of
 * several partial reports were joined. */
int facts_scale_update(struct rep_model *m)
{
    char src[160];
    size_t counted = 0;

    if (!m->scale && !(m->scale = cJSON_CreateObject()))
        return WA_ENOMEM;
    m->parameters = facts_parameters(m);
    for (size_t i = 0; i < m->n_files; i++)
        counted += m->files[i].role == ROLE_WEIGHTS && !m->files[i].shard_out;
    set_num_or_null(m->scale, "parameters", m->parameters);
    snprintf(src, sizeof src, "tensor headers of %zu weight file%s (each set of weights counted once)", counted,
             counted == 1 ? "" : "s");
    cJSON_DeleteItemFromObjectCaseSensitive(m->scale, "parameters_source");
    cJSON_AddStringToObject(m->scale, "parameters_source", src);
    if (!cJSON_GetObjectItemCaseSensitive(m->scale, "dtypes"))
        cJSON_AddNullToObject(m->scale, "dtypes");
    cJSON_DeleteItemFromObjectCaseSensitive(m->scale, "quantization");
    scale_from_files(m, m->scale);
    return 0;
}

/* ---- governing law ------------------------------------------------------- */

char *facts_governing_law(const struct facts_db *db, const char *text, size_t len)
{
    size_t flen;
    char *flat = lic_text_flat(text, len < FACTS_TEXT_MAX ? len : FACTS_TEXT_MAX, &flen), *out = NULL;
    struct lic_re_match mt;

    if (!flat)
        return NULL;
    for (int i = 0; i < 2 && !out; i++) {
        if (lic_re_search(db->law[i], flat, flen, 0, &mt) != 1 || mt.v_s == (size_t)-1)
            continue;
        while (mt.v_e > mt.v_s && (flat[mt.v_e - 1] == ' ' || flat[mt.v_e - 1] == ','))
            mt.v_e--;
        out = strndup(flat + mt.v_s, mt.v_e - mt.v_s);
    }
    free(flat);
    return out;
}

/* The license text that governs the weights: the concluded license's own
 * text first, then any weights/all text. */
static const struct rep_license *governing_text(const struct rep_model *m)
{
    const struct rep_license *best = NULL;

    for (size_t i = 0; i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        if (!l->text || (l->scope && strcmp(l->scope, "code") == 0))
            continue;
        if (m->concluded_license && l->id && strcmp(l->id, m->concluded_license) == 0)
            return l;
        if (!best)
            best = l;
    }
    return best;
}

/* ---- policy rules ---------------------------------------------------------- */

/* The policy entry naming this publisher (name, entity or hub org). */
static const char *named_by(const cJSON *list, const cJSON *pub, const char *org)
{
    const char *keys[] = { "name", "entity" };
    const cJSON *e;

    cJSON_ArrayForEach(e, list) {
        if (!cJSON_IsString(e))
            continue;
        for (int k = 0; k < 2; k++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(pub, keys[k]);
            if (cJSON_IsString(v) && strcasecmp(v->valuestring, e->valuestring) == 0)
                return e->valuestring;
        }
        if (org && strcasecmp(org, e->valuestring) == 0)
            return e->valuestring;
    }
    return NULL;
}

static const char *jurisdiction_entry(const struct facts_db *db, const cJSON *list, const char *j)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, list) {
        const char *v = cJSON_IsString(e) ? e->valuestring : NULL;
        if (!v)
            continue;
        if (publisher_jurisdiction_matches(db->pub, j, v) ||
            (strcasecmp(v, "UK") == 0 && strcmp(j, "GB") == 0))
            return v;
    }
    return NULL;
}

static cJSON *pub_detail(const cJSON *pub, const char *role, const char *policy, const char *entry)
{
    cJSON *d = cJSON_CreateObject();

    if (!d)
        return NULL;
    cJSON_AddItemToObject(d, "publisher", cJSON_Duplicate(pub, 1));
    cJSON_AddStringToObject(d, "role", role);
    jsonout_add_str(d, "policy", policy);
    if (entry)
        jsonout_add_str(d, "policy_entry", entry);
    return d;
}

static int add(struct rep_model *m, enum finding_sev sev, const char *code, cJSON *detail, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int add(struct rep_model *m, enum finding_sev sev, const char *code, cJSON *detail, const char *fmt, ...)
{
    char buf[1024];
    struct rep_finding *f;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    f = report_add_finding(m, sev, code, NULL, "%s", buf);
    if (!f) {
        cJSON_Delete(detail);
        return WA_ENOMEM;
    }
    f->detail = detail;
    return 0;
}

static int check_publisher(struct rep_model *m, const struct facts_db *db, const struct policy *p,
                           const cJSON *pub, const char *role, const char *org)
{
    const struct policy_facts *pf = &p->facts;
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(pub, "name");
    const cJSON *jj = cJSON_GetObjectItemCaseSensitive(pub, "jurisdiction");
    const char *name = cJSON_IsString(nm) ? nm->valuestring : "?", *j = cJSON_IsString(jj) ? jj->valuestring : NULL;
    const char *entry;
    int rules = pf->deny_jurisdictions || pf->review_jurisdictions;

    /* deny matches raw names too (the safe direction) ... */
    if ((entry = named_by(pf->deny_publishers, pub, org)) ||
        (entry = publisher_listed(db->pub, pub, pf->deny_publishers)) ||
        (entry = publisher_org_listed(db->pub, org, pf->deny_publishers)))
        return add(m, FIND_DENY, "publisher_denied", pub_detail(pub, role, p->name, entry),
                   "%s %s is on policy '%s' publishers.deny (\"%s\")", role, name, p->name, entry);
    /* ... allow only a publisher manifests/publishers.json knows */
    if ((entry = publisher_listed(db->pub, pub, pf->allow_publishers)))
        return add(m, FIND_INFO, "publisher_allowed", pub_detail(pub, role, p->name, entry),
                   "%s %s is on policy '%s' publishers.allow (\"%s\"): jurisdiction rules not applied", role,
                   name, p->name, entry);
    if (!rules)
        return 0;
    if (!j) {
        const char *as = named_by(pf->allow_publishers, pub, org);
        return add(m, pf->unknown_publisher, "publisher_jurisdiction_unknown", pub_detail(pub, role, p->name, NULL),
                   "%s %s: jurisdiction unknown (not in manifests/publishers.json), so policy '%s' jurisdiction "
                   "rules cannot be checked%s%s%s", role, name, p->name,
                   as ? "; publishers.allow lists \"" : "", as ? as : "",
                   as ? "\", but an allow entry only matches a publisher in manifests/publishers.json" : "");
    }
    if ((entry = jurisdiction_entry(db, pf->deny_jurisdictions, j)))
        return add(m, FIND_DENY, "publisher_jurisdiction_denied", pub_detail(pub, role, p->name, entry),
                   "%s %s is in jurisdiction %s; policy '%s' publishers.deny_jurisdictions lists \"%s\"", role,
                   name, j, p->name, entry);
    if ((entry = jurisdiction_entry(db, pf->review_jurisdictions, j)))
        return add(m, FIND_REVIEW, "publisher_jurisdiction_review", pub_detail(pub, role, p->name, entry),
                   "%s %s is in jurisdiction %s; policy '%s' publishers.review_jurisdictions lists \"%s\"",
                   role, name, j, p->name, entry);
    return add(m, FIND_INFO, "publisher_jurisdiction_ok", pub_detail(pub, role, p->name, NULL),
               "%s %s is in jurisdiction %s, which policy '%s' neither denies nor reviews", role, name, j, p->name);
}

static const char *org_of_name(const char *name, char *buf, size_t n)
{
    const char *slash = name ? strchr(name, '/') : NULL;

    if (!slash || slash == name || (size_t)(slash - name) >= n)
        return NULL;
    memcpy(buf, name, (size_t)(slash - name));
    buf[slash - name] = '\0';
    return buf;
}

/* No publisher at all (a plain folder, a local-dir download, a clone without
 * a remote, and no licensor in publishers.json): jurisdiction rules cannot
 * be checked, and that is never a silent pass. */
static int unknown_publisher(struct rep_model *m, const struct facts_db *db, const struct policy *p)
{
    const struct policy_facts *pf = &p->facts;
    cJSON *d = cJSON_CreateObject();
    const char *no_org, *raw, *entry = NULL;
    char why[512], org[256];
    size_t len;

    if (!d)
        return WA_ENOMEM;
    cJSON_AddNullToObject(d, "publisher");
    cJSON_AddStringToObject(d, "role", "publisher");
    jsonout_add_str(d, "policy", p->name);
    /* a name that is no hub org (a mirror on another host) may still be denied by it */
    if ((raw = org_of_name(m->name, org, sizeof org))) {
        const cJSON *e;
        cJSON_ArrayForEach(e, pf->deny_publishers)
            if (!entry && cJSON_IsString(e) && strcasecmp(e->valuestring, raw) == 0)
                entry = e->valuestring;
        if (!entry)
            entry = publisher_org_listed(db->pub, raw, pf->deny_publishers);
    }
    if (entry) {
        jsonout_add_str(d, "policy_entry", entry);
        return add(m, FIND_DENY, "publisher_denied", d,
                   "publisher: not determined, but repository name %s names \"%s\", which policy '%s' "
                   "publishers.deny lists (\"%s\")", m->name, raw, p->name, entry);
    }
    if (!pf->deny_jurisdictions && !pf->review_jurisdictions) {
        cJSON_Delete(d);
        return 0;
    }
    (void)publisher_hub_org(m, &len, &no_org);
    if (m->name)
        snprintf(why, sizeof why, "repository name %s; %s", m->name, no_org ? no_org : "no publisher");
    else
        snprintf(why, sizeof why, "%s", no_org ? no_org : "no publisher");
    if (m->n_base_models == 0)
        strncat(why, ", and no license whose licensor is in manifests/publishers.json", sizeof why - strlen(why) - 1);
    return add(m, pf->unknown_publisher, "publisher_jurisdiction_unknown", d,
               "publisher: could not be determined (%s), so policy '%s' jurisdiction rules cannot be checked",
               why, p->name);
}

static int apply_policy(struct rep_model *m, const struct facts_db *db, const struct policy *p, int partial)
{
    const struct policy_facts *pf = &p->facts;
    static const char *const cls[] = { "none", "I", "II", "III" };
    char org[256];
    int rc = 0;

    if (m->publisher)
        rc = check_publisher(m, db, p, m->publisher, "publisher", org_of_name(m->name, org, sizeof org));
    else
        rc = unknown_publisher(m, db, p);
    for (size_t i = 0; !rc && m->upstream_publishers && i < (size_t)cJSON_GetArraySize(m->upstream_publishers); i++) {
        const cJSON *up = cJSON_GetArrayItem(m->upstream_publishers, (int)i);
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(up, "name");
        const char *o = NULL;
        /* the hub org of the base model it came from, for policy entries naming orgs */
        for (size_t b = 0; b < m->n_base_models && !o; b++) {
            const char *bo = org_of_name(m->base_models[b].name, org, sizeof org);
            if (bo && cJSON_IsString(nm) && strcasecmp(bo, nm->valuestring) == 0)
                o = bo;
        }
        rc = check_publisher(m, db, p, up, "upstream publisher", o);
    }
    if (!rc && pf->minimum_class) {
        int have = openness_class_number(m);
        /* class I is the most open: a lower number is better, 0 is none */
        if (have == 0 || have > pf->minimum_class) {
            cJSON *d = cJSON_CreateObject();
            cJSON_AddStringToObject(d, "class", cls[have]);
            cJSON_AddStringToObject(d, "minimum_class", cls[pf->minimum_class]);
            jsonout_add_str(d, "policy", p->name);
            rc = add(m, pf->below_class, "openness_below_minimum", d,
                     "Model Openness Framework class %s is below the class %s policy '%s' requires "
                     "(openness.minimum_class); see openness.missing", cls[have], cls[pf->minimum_class], p->name);
        }
    }
    if (!rc && (pf->max_parameters >= 0 || pf->review_parameters_above >= 0)) {
        cJSON *d = cJSON_CreateObject();
        jsonout_add_int(d, "parameters", m->parameters);
        jsonout_add_int(d, "max_parameters", pf->max_parameters);
        jsonout_add_int(d, "review_parameters_above", pf->review_parameters_above);
        jsonout_add_str(d, "policy", p->name);
        if (partial)
            rc = add(m, FIND_REVIEW, "parameters_partial", d,
                     "this --shard part counts only its own weight files, so policy '%s' parameter thresholds "
                     "cannot be checked here; check the merged report", p->name);
        else if (m->parameters < 0)
            rc = add(m, FIND_REVIEW, "parameters_unknown", d,
                     "the parameter count is unknown (a weight file's header was not read or not valid), so "
                     "policy '%s' parameter thresholds cannot be checked", p->name);
        else if (pf->max_parameters >= 0 && m->parameters > pf->max_parameters)
            rc = add(m, FIND_DENY, "parameters_above_max", d,
                     "%lld parameters (from the weight headers) exceed policy '%s' scale.max_parameters %lld",
                     (long long)m->parameters, p->name, (long long)pf->max_parameters);
        else if (pf->review_parameters_above >= 0 && m->parameters > pf->review_parameters_above)
            rc = add(m, FIND_REVIEW, "parameters_above_review", d,
                     "%lld parameters (from the weight headers) are above policy '%s' "
                     "scale.review_parameters_above %lld", (long long)m->parameters, p->name,
                     (long long)pf->review_parameters_above);
        else
            rc = add(m, FIND_INFO, "parameters_within_limits", d,
                     "%lld parameters (from the weight headers) are within policy '%s' scale thresholds",
                     (long long)m->parameters, p->name);
    }
    return rc;
}

int facts_apply(struct rep_model *m, const struct facts_db *db, const struct policy *p, struct wa_err *err)
{
    const struct rep_license *gl;
    int partial = 0, rc;

    cJSON_Delete(m->scale);
    if (!(m->scale = cJSON_CreateObject()))
        goto nomem;
    card_compute(db, m, m->scale);
    if (facts_scale_update(m))
        goto nomem;
    for (size_t i = 0; i < m->n_files; i++)
        partial |= m->files[i].shard_out;
    if (publisher_resolve(m, db->pub))
        goto nomem;
    if ((gl = governing_text(m))) {
        char *law = facts_governing_law(db, gl->text, strlen(gl->text));
        free(m->governing_law);
        m->governing_law = law;
    }
    if (openness_classify(m, db->open))
        goto nomem;
    if (p && (rc = apply_policy(m, db, p, partial)))
        goto nomem;
    return 0;
nomem:
    return wa_err_set(err, WA_ENOMEM, m->path, -1, "out of memory");
}
