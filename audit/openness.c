/*
 * openness.c - Model Openness Framework classification (see openness.h).
 *
 * Each component is looked for in the repository by a small rule (a file
 * name pattern, a model-card field, a README heading); each found component
 * gets the license that covers it the way the Model Openness Tool resolves
 * it (the component's own license, else the license for its content type,
 * else the distribution license); then the class rules of the tool apply.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "openness.h"
#include "slurp.h"

struct comp {
    int id;
    const char *key, *name, *content_type;
    int cls, required;
};

struct openness_db {
    cJSON *doc;
    struct comp *v;
    size_t n;
    cJSON *open, *libs;
};

void openness_db_free(struct openness_db *db)
{
    if (!db)
        return;
    cJSON_Delete(db->doc);
    free(db->v);
    free(db);
}

int openness_db_parse(struct openness_db **out, const char *json, const char *name, struct wa_err *err)
{
    struct openness_db *db = calloc(1, sizeof *db);
    cJSON *list;
    size_t i = 0;

    *out = NULL;
    if (!db)
        return wa_err_set(err, WA_ENOMEM, name, -1, "out of memory");
    db->doc = cJSON_Parse(json);
    if (!db->doc) {
        openness_db_free(db);
        return wa_err_set(err, WA_EFORMAT, name, -1, "not valid JSON");
    }
    list = cJSON_GetObjectItemCaseSensitive(db->doc, "components");
    db->open = cJSON_GetObjectItemCaseSensitive(db->doc, "open_licenses");
    db->libs = cJSON_GetObjectItemCaseSensitive(db->doc, "library_licenses");
    if (!cJSON_IsArray(list) || !cJSON_IsArray(db->open) || !cJSON_IsObject(db->libs)) {
        openness_db_free(db);
        return wa_err_set(err, WA_EFORMAT, name, -1,
                          "needs \"components\", \"open_licenses\" and \"library_licenses\"");
    }
    db->v = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *db->v);
    if (!db->v) {
        openness_db_free(db);
        return wa_err_set(err, WA_ENOMEM, name, -1, "out of memory");
    }
    for (cJSON *c = list->child; c; c = c->next, i++) {
        struct comp *k = &db->v[i];
        cJSON *id = cJSON_GetObjectItemCaseSensitive(c, "id"), *cls = cJSON_GetObjectItemCaseSensitive(c, "class");
        cJSON *key = cJSON_GetObjectItemCaseSensitive(c, "key"), *nm = cJSON_GetObjectItemCaseSensitive(c, "name");
        cJSON *ct = cJSON_GetObjectItemCaseSensitive(c, "content_type");
        if (!cJSON_IsNumber(id) || !cJSON_IsNumber(cls) || cls->valueint < 1 || cls->valueint > 3 ||
            !cJSON_IsString(key) || !cJSON_IsString(nm) || !cJSON_IsString(ct)) {
            openness_db_free(db);
            return wa_err_set(err, WA_EFORMAT, name, -1, "component %zu: needs id, key, name, content_type, class 1-3", i);
        }
        k->id = id->valueint;
        k->key = key->valuestring;
        k->name = nm->valuestring;
        k->content_type = ct->valuestring;
        k->cls = cls->valueint;
        k->required = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "required"));
    }
    db->n = i;
    *out = db;
    return 0;
}

int openness_db_load(struct openness_db **out, const char *path, struct wa_err *err)
{
    char *text;
    size_t n;
    int rc;

    *out = NULL;
    if ((rc = slurp_file(path, OPENNESS_DB_MAX, &text, &n, err)))
        return rc;
    rc = openness_db_parse(out, text, path, err);
    free(text);
    return rc;
}

int openness_license_is_open(const struct openness_db *db, const char *id)
{
    const cJSON *e;

    if (!id)
        return 0;
    cJSON_ArrayForEach(e, db->open)
        if (cJSON_IsString(e) && strcmp(e->valuestring, id) == 0)
            return 1;
    return 0;
}

/* ---- evidence in the repository ---------------------------------------- */

static int ext_in(const char *base, const char *const *exts)
{
    const char *dot = strrchr(base, '.');

    if (!exts)
        return 1;
    if (!dot)
        return 0;
    for (const char *const *e = exts; *e; e++)
        if (strcasecmp(dot + 1, *e) == 0)
            return 1;
    return 0;
}

/* Extensions of documents, of source code and of data files. */
static const char *const DOC_EXT[] = { "pdf", "md", "markdown", "tex", "html", "htm", "txt", "rst", "docx", "odt", NULL };
static const char *const CODE_EXT[] = { "py", "sh", "bash", "ipynb", "js", "ts", "rs", "go", "c", "cc", "cpp", "cu",
                                        "h", "hpp", "jl", "r", "scala", "java", "lua", "pl", "rb", "swift", NULL };
static const char *const DATA_EXT[] = { "json", "jsonl", "ndjson", "csv", "tsv", "parquet", "arrow", "txt", "tar",
                                        "gz", "zst", "xz", "bz2", "zip", "h5", "hdf5", "npy", "npz", "tfrecord",
                                        "wav", "flac", "mp3", "jpg", "jpeg", "png", "webp", "mp4", NULL };

/* A file of the repository that can be evidence: recorded as present and
 * not empty. */
static int usable(const struct rep_file *f)
{
    return f->path && f->integrity != INTEG_MISSING && f->size != 0;
}

/* First file (in path order) whose path or base name matches one of the
 * patterns (fnmatch, case-insensitive), with one of the extensions (exts
 * NULL: any) and not empty. */
static const char *file_matching_ext(const struct rep_model *m, const char *const *pats, const char *const *exts)
{
    const char *best = NULL;

    for (size_t i = 0; i < m->n_files; i++) {
        const char *p = m->files[i].path, *base;
        if (!usable(&m->files[i]))
            continue;
        base = strrchr(p, '/');
        base = base ? base + 1 : p;
        if (!ext_in(base, exts))
            continue;
        for (const char *const *pat = pats; *pat; pat++) {
            if (fnmatch(*pat, base, FNM_CASEFOLD) == 0 || fnmatch(*pat, p, FNM_CASEFOLD) == 0) {
                if (!best || strcmp(p, best) < 0)
                    best = p;
                break;
            }
        }
    }
    return best;
}

static const char *file_matching(const struct rep_model *m, const char *const *pats)
{
    return file_matching_ext(m, pats, NULL);
}

static const char *file_with_role(const struct rep_model *m, enum file_role role)
{
    const char *best = NULL;

    for (size_t i = 0; i < m->n_files; i++)
        if (m->files[i].role == role && m->files[i].integrity != INTEG_MISSING && m->files[i].path &&
            (!best || strcmp(m->files[i].path, best) < 0))
            best = m->files[i].path;
    return best;
}

/* A path inside a folder of intermediate checkpoints ("checkpoint-1000/",
 * "checkpoints/", "intermediate/", "step-500/"). */
static int in_checkpoint_dir(const char *p)
{
    static const char *const pats[] = { "checkpoint-*/*", "*/checkpoint-*/*", "checkpoints/*", "*/checkpoints/*",
                                        "intermediate*/*", "*/intermediate*/*", "step*[0-9]/*", "*/step*[0-9]/*",
                                        "global_step*/*", "*/global_step*/*", NULL };

    for (const char *const *pat = pats; *pat; pat++)
        if (fnmatch(*pat, p, FNM_CASEFOLD) == 0)
            return 1;
    return 0;
}

/* A weight file: intermediate 0 prefers one outside checkpoint folders
 * (the final parameters), intermediate 1 takes only one inside them. */
static const char *weights_file(const struct rep_model *m, int intermediate)
{
    const char *best = NULL, *any = NULL;

    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *f = &m->files[i];
        int ck;
        if (f->role != ROLE_WEIGHTS || !usable(f))
            continue;
        ck = in_checkpoint_dir(f->path);
        if (!any || strcmp(f->path, any) < 0)
            any = f->path;
        if (ck == intermediate && (!best || strcmp(f->path, best) < 0))
            best = f->path;
    }
    return best ? best : intermediate ? NULL : any;
}

/* config.json with something in it (a captured "{}" names no architecture). */
static const char *config_with_content(const struct rep_model *m)
{
    const char *best = NULL;

    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *f = &m->files[i];
        const char *base;
        int ok;
        if (!usable(f))
            continue;
        base = strrchr(f->path, '/');
        base = base ? base + 1 : f->path;
        if (strcasecmp(base, "config.json") != 0)
            continue;
        if (f->content && !f->content_truncated) {
            cJSON *j = cJSON_Parse((const char *)f->content);
            ok = cJSON_IsObject(j) && j->child;
            cJSON_Delete(j);
        } else
            ok = f->content != NULL || f->size > 2;
        if (ok && (!best || strcmp(f->path, best) < 0))
            best = f->path;
    }
    return best;
}

static int match_any(const char *const *pats, const char *path, const char *base)
{
    for (const char *const *pat = pats; *pat; pat++)
        if (fnmatch(*pat, base, FNM_CASEFOLD) == 0 || fnmatch(*pat, path, FNM_CASEFOLD) == 0)
            return 1;
    return 0;
}

/* A data file of the repository: evaluation 1 = evaluation data (in an
 * eval/ or evaluation/ folder, or named eval/test/benchmark), 0 = training
 * data (in a data/ or datasets/ folder, or named train, and not evaluation
 * data).  Metadata (configs, tokenizers, trainer state, results and
 * metrics) is never data. */
static const char *data_file(const struct rep_model *m, int evaluation)
{
    static const char *const not_data[] = { "*config*", "*tokenizer*", "*vocab*", "*merges*", "*state*", "*args*",
                                            "*result*", "*metric*", "*score*", "*requirements*", "*readme*",
                                            "*license*", "*licence*", "*notice*", "*index*", "*manifest*",
                                            "*generation*", "*special_tokens*", NULL };
    static const char *const eval_pats[] = { "eval/*", "*/eval/*", "evals/*", "*/evals/*", "evaluation/*",
                                             "*/evaluation/*", "eval_data/*", "*/eval_data/*", "eval-data/*",
                                             "benchmark*/*", "*/benchmark*/*", "test/*", "*/test/*",
                                             "eval[._-]*", "*[._-]eval[._-]*", "*[._-]eval.*", "evaluation[._-]*",
                                             "*[._-]evaluation[._-]*", "test[._-]*", "*[._-]test[._-]*",
                                             "*[._-]test.*", "benchmark[._-]*", "*[._-]benchmark[._-]*", NULL };
    static const char *const train_pats[] = { "data/*", "*/data/*", "dataset/*", "*/dataset/*", "datasets/*",
                                              "*/datasets/*", "training_data/*", "*/training_data/*",
                                              "train_data/*", "*/train_data/*", "training-data/*", "corpus/*",
                                              "*/corpus/*", "train[._-]*", "*[._-]train[._-]*", "*[._-]train.*",
                                              NULL };
    const char *best = NULL;

    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *f = &m->files[i];
        const char *base;
        int is_eval;
        if (f->role != ROLE_OTHER || !usable(f) || in_checkpoint_dir(f->path))
            continue;
        base = strrchr(f->path, '/');
        base = base ? base + 1 : f->path;
        if (base[0] == '.' || !ext_in(base, DATA_EXT) || match_any(not_data, f->path, base))
            continue;
        is_eval = match_any(eval_pats, f->path, base);
        if (evaluation ? !is_eval : (is_eval || !match_any(train_pats, f->path, base)))
            continue;
        if (!best || strcmp(f->path, best) < 0)
            best = f->path;
    }
    return best;
}

static const cJSON *card_item(const struct rep_model *m, const char *key)
{
    return m->card ? cJSON_GetObjectItemCaseSensitive(m->card, key) : NULL;
}

static int nonempty(const cJSON *j)
{
    if (cJSON_IsString(j))
        return j->valuestring[0] != '\0';
    if (cJSON_IsArray(j) || cJSON_IsObject(j))
        return j->child != NULL;
    return 0;
}

/* The README body after its YAML front matter (NUL-terminated capture). */
static const char *readme_body(const struct rep_model *m)
{
    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *f = &m->files[i];
        const char *s;
        if (f->role != ROLE_CARD || !f->content)
            continue;
        s = (const char *)f->content;
        if (strncmp(s, "---", 3) == 0) {
            const char *end = strstr(s + 3, "\n---");
            if (end) {
                s = strchr(end + 4, '\n');
                s = s ? s + 1 : end + 4;
            }
        }
        return s;
    }
    return NULL;
}

/* ---- what a README sentence says --------------------------------------- */

static int is_word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* 1 when the phrase w occurs in s[0..n) as whole words (case-insensitive). */
static int has_word(const char *s, size_t n, const char *w)
{
    size_t wl = strlen(w);

    for (size_t i = 0; wl && i + wl <= n; i++)
        if (strncasecmp(s + i, w, wl) == 0 && (i == 0 || !is_word_char(s[i - 1]) || !is_word_char(w[0])) &&
            (i + wl == n || !is_word_char(s[i + wl]) || !is_word_char(w[wl - 1])))
            return 1;
    return 0;
}

static int has_any_word(const char *s, size_t n, const char *const *ws)
{
    for (const char *const *w = ws; *w; w++)
        if (has_word(s, n, *w))
            return 1;
    return 0;
}

static const char *memcasestr(const char *s, size_t n, const char *needle)
{
    size_t nl = strlen(needle);

    for (size_t i = 0; nl && i + nl <= n; i++)
        if (strncasecmp(s + i, needle, nl) == 0)
            return s + i;
    return NULL;
}

static size_t count_words(const char *s, size_t n)
{
    size_t k = 0;

    for (size_t i = 0; i < n; i++)
        if (isalnum((unsigned char)s[i]) && (i == 0 || !isalnum((unsigned char)s[i - 1])))
            k++;
    return k;
}

/* Words that put a statement in the future or leave it open: the thing is
 * not there (yet), whatever else the sentence says. */
static const char *const FUTURE_WORDS[] = {
    "soon", "upcoming", "forthcoming", "tbd", "tba", "todo", "to be released", "to be published",
    "to be announced", "to be added", "to be determined", "later", "planned", "pending",
    "in preparation", "in progress", "work in progress", "wip", "will be", "will release",
    "will publish", "will share", "will make", "will provide", "will add", "will update",
    "not yet", "more information needed", "more info needed", NULL
};
/* Words that deny a statement. */
static const char *const NEGATION_WORDS[] = {
    "no", "not", "none", "never", "nothing", "without", "cannot", "n/a", "unavailable", "undisclosed",
    "unreleased", "unpublished", "unknown", "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't",
    "weren't", "haven't", "hasn't", "won't", "can't", "yet", NULL
};
/* Words about making something available: a denied sentence with one of
 * them says the thing is withheld. */
static const char *const DISCLOSURE_WORDS[] = {
    "disclose", "disclosed", "release", "released", "publish", "published", "available", "public",
    "publicly", "share", "shared", "provide", "provided", "report", "paper", "details", "information",
    "documented", "reported", "included", "open-source", "open-sourced", NULL
};

/* A whole sentence that only stands in for missing content. */
static const char *const PLACEHOLDERS[] = {
    "not disclosed", "undisclosed", "none", "none yet", "n/a", "na", "nil", "tbd", "tba", "todo",
    "coming soon", "soon", "to be released", "to be announced", "to be added", "to be determined",
    "to be confirmed", "more information needed", "more info needed", "unknown", "not available",
    "not applicable", "not yet", "not yet available", "not public", "not released", "pending", "wip",
    "work in progress", "redacted", "withheld", "confidential", "proprietary", "internal", NULL
};

/* A sentence that denies or defers: any future word, or a negation. */
static int sentence_denies(const char *s, size_t n)
{
    return has_any_word(s, n, FUTURE_WORDS) || has_any_word(s, n, NEGATION_WORDS);
}

/* A sentence that has real content for a section: not a placeholder, not
 * in the future, and not a short or disclosure-related denial ("We have not
 * released a technical report."). */
static int sentence_substantive(const char *s, size_t n)
{
    char norm[64];
    size_t k = 0;

    while (n && !isalnum((unsigned char)*s))
        s++, n--;
    while (n && !isalnum((unsigned char)s[n - 1]) && s[n - 1] != ')' && s[n - 1] != ']')
        n--;
    if (!n)
        return 0;
    if (n < sizeof norm) {
        for (size_t i = 0; i < n; i++)
            if (!(k && norm[k - 1] == ' ' && isspace((unsigned char)s[i])))
                norm[k++] = isspace((unsigned char)s[i]) ? ' ' : (char)tolower((unsigned char)s[i]);
        norm[k] = '\0';
        for (const char *const *p = PLACEHOLDERS; *p; p++)
            if (strcmp(norm, *p) == 0)
                return 0;
    }
    if (has_any_word(s, n, FUTURE_WORDS))
        return 0;
    if (has_any_word(s, n, NEGATION_WORDS) &&
        (count_words(s, n) <= 6 || has_any_word(s, n, DISCLOSURE_WORDS)))
        return 0;
    return 1;
}

/* Calls fn on each sentence of s[0..n): split at line ends and at . ! ?
 * followed by white space (a URL's dots do not split).  Stops at the first
 * non-zero return and gives it back. */
static int each_sentence(const char *s, size_t n, int (*fn)(const char *, size_t, void *), void *arg)
{
    size_t a = 0;

    for (size_t i = 0; i <= n; i++) {
        int end = i == n || s[i] == '\n' ||
                  ((s[i] == '.' || s[i] == '!' || s[i] == '?') && (i + 1 == n || isspace((unsigned char)s[i + 1])));
        if (!end)
            continue;
        if (i > a) {
            size_t len = i - a + (i < n && s[i] != '\n');
            int r = fn(s + a, len, arg);
            if (r)
                return r;
        }
        a = i + 1;
    }
    return 0;
}

/* Where a link names a paper: arXiv (abs/pdf with an id), doi.org (10.…),
 * OpenReview, the ACL Anthology, or an http(s) link to a .pdf. */
static int paper_link(const char *s, size_t n)
{
    static const char *const hosts[] = { "arxiv.org/abs/", "arxiv.org/pdf/", "doi.org/10.", "openreview.net/forum?id=",
                                         "openreview.net/pdf?id=", "aclanthology.org/", "aclweb.org/anthology/", NULL };
    for (const char *const *h = hosts; *h; h++) {
        const char *p = memcasestr(s, n, *h);
        if (p) {
            size_t off = (size_t)(p - s) + strlen(*h);
            if (off < n && isalnum((unsigned char)s[off]) && s[off] != 'x' && s[off] != 'X')
                return 1;
        }
    }
    for (size_t i = 0; i + 4 <= n; i++) {
        size_t b = i;
        if (strncasecmp(s + i, ".pdf", 4) != 0 || (i + 4 < n && is_word_char(s[i + 4])))
            continue;
        while (b > 0 && !isspace((unsigned char)s[b - 1]) && s[b - 1] != '(' && s[b - 1] != '<' &&
               s[b - 1] != '[' && s[b - 1] != '"' && s[b - 1] != '\'')
            b--;
        if (strncasecmp(s + b, "https://", 8) == 0 || strncasecmp(s + b, "http://", 7) == 0)
            return 1;
    }
    return 0;
}

/* An arXiv identifier as a citation gives it: "arXiv:2402.00838". */
static int arxiv_id(const char *s, size_t n)
{
    for (const char *p = s; (p = memcasestr(p, n - (size_t)(p - s), "arxiv:")); p++) {
        size_t off = (size_t)(p - s) + 6, d = 0;
        while (off < n && s[off] == ' ')
            off++;
        while (off + d < n && isdigit((unsigned char)s[off + d]))
            d++;
        if (d == 4 && off + d < n && s[off + d] == '.' && off + d + 1 < n && isdigit((unsigned char)s[off + d + 1]))
            return 1;
    }
    return 0;
}

struct ref_query {
    int want_report;              /* the sentence must say it is a (technical) report */
};

/* A sentence that links a paper (for a report: and calls it one), and
 * neither denies it nor puts it in the future. */
static int sentence_refers(const char *s, size_t n, void *arg)
{
    const struct ref_query *q = arg;

    if (!paper_link(s, n) && (q->want_report || !arxiv_id(s, n)))
        return 0;
    if (q->want_report && !memcasestr(s, n, "report"))
        return 0;
    return !sentence_denies(s, n);
}

/* Markdown: an ATX heading line ("#".."######" and a space); its level, or 0. */
static int heading_level(const char *s, size_t len)
{
    size_t k = 0;

    while (k < len && s[k] == '#')
        k++;
    return k >= 1 && k <= 6 && (k == len || s[k] == ' ' || s[k] == '\t') ? (int)k : 0;
}

static int is_fence(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    return len >= 3 && (strncmp(s, "```", 3) == 0 || strncmp(s, "~~~", 3) == 0);
}

static int substantive_cb(const char *s, size_t n, void *arg)
{
    (void)arg;
    return sentence_substantive(s, n);
}

/* 1 when the section body s[0..n) says something real: a code block or
 * table with content, or a sentence that is no placeholder or denial.
 * HTML comments (the model-card template's guidance) are not content. */
static int body_substantive(const char *s, size_t n)
{
    int fence = 0;

    for (size_t i = 0; i < n;) {
        const char *eol = memchr(s + i, '\n', n - i);
        size_t len = eol ? (size_t)(eol - (s + i)) : n - i;
        const char *line = s + i;
        if (is_fence(line, len))
            fence = !fence;
        else if (fence) {
            if (count_words(line, len))
                return 1;
        } else {
            /* blank out HTML comments on this line and up to their end */
            const char *c = memcasestr(line, len, "<!--");
            if (c) {
                const char *close = strstr(c, "-->");
                size_t before = (size_t)(c - line);
                if (before && each_sentence(line, before, substantive_cb, NULL))
                    return 1;
                if (!close || close >= s + n)
                    return 0;
                i = (size_t)(close + 3 - s);
                continue;
            }
            if (each_sentence(line, len, substantive_cb, NULL))
                return 1;
        }
        i += len + 1;
    }
    return 0;
}

/* A score: a decimal number ("25.0", "0.76"), a percentage ("76%"), or a
 * table cell that is a number; not a part of a URL, a version or an id. */
static int has_score(const char *s, size_t n)
{
    int table = 0;

    for (size_t i = 0; i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '|'); i++)
        if (s[i] == '|')
            table = 1;
    for (size_t i = 0; i < n; i++) {
        size_t j = i, d1 = 0, d2 = 0;
        if (!isdigit((unsigned char)s[i]) || (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '/' ||
                                                        s[i - 1] == '.' || s[i - 1] == '-' || s[i - 1] == '_')))
            continue;
        while (j < n && isdigit((unsigned char)s[j]))
            j++, d1++;
        if (j + 1 < n && s[j] == '.' && isdigit((unsigned char)s[j + 1])) {
            j++;
            while (j < n && isdigit((unsigned char)s[j]))
                j++, d2++;
        }
        if (j < n && (isalpha((unsigned char)s[j]) || s[j] == '/' || s[j] == '_' ||
                      (s[j] == '.' && j + 1 < n && isalnum((unsigned char)s[j + 1]))))
            continue;
        if (d2 || (j < n && s[j] == '%'))
            return 1;
        if (table && d1) {
            /* a cell of its own: only blanks between the number and the bars */
            size_t a = i, b = j;
            while (a > 0 && s[a - 1] == ' ')
                a--;
            while (b < n && s[b] == ' ')
                b++;
            if (a > 0 && s[a - 1] == '|' && (b == n || s[b] == '|'))
                return 1;
        }
        i = j;
    }
    return 0;
}

/* An evaluation section's body holds results: a line with a score that is
 * no placeholder or denial (a table row, "MMLU: 25.0"), in text or in a
 * code block; HTML comments are skipped. */
static int body_has_results(const char *s, size_t n)
{
    int fence = 0;

    for (size_t i = 0; i < n;) {
        const char *eol = memchr(s + i, '\n', n - i);
        size_t len = eol ? (size_t)(eol - (s + i)) : n - i;
        const char *line = s + i, *c;
        if (is_fence(line, len)) {
            fence = !fence;
        } else if ((c = memcasestr(line, len, "<!--")) != NULL && !fence) {
            const char *close = strstr(c, "-->");
            size_t before = (size_t)(c - line);
            if (before && has_score(line, before) && each_sentence(line, before, substantive_cb, NULL))
                return 1;
            if (!close || close >= s + n)
                return 0;
            i = (size_t)(close + 3 - s);
            continue;
        } else if (has_score(line, len) && (fence || each_sentence(line, len, substantive_cb, NULL))) {
            return 1;
        }
        i += len + 1;
    }
    return 0;
}

/* A README section whose heading holds one of the words and whose body
 * (up to the next heading of the same or a higher level) has substantive
 * content.  Lines in fenced code blocks are not headings. */
static int readme_section_with(const struct rep_model *m, const char *const *words,
                               int (*body_ok)(const char *, size_t))
{
    const char *s = readme_body(m);
    int fence = 0;

    while (s && *s) {
        const char *eol = strchr(s, '\n');
        size_t len = eol ? (size_t)(eol - s) : strlen(s);
        int lvl = fence ? 0 : heading_level(s, len);
        if (is_fence(s, len))
            fence = !fence;
        if (lvl && len < 300 && has_any_word(s, len, words)) {
            const char *b = eol ? eol + 1 : s + len, *e = b;
            int f2 = 0;
            while (*e) {
                const char *el = strchr(e, '\n');
                size_t l2 = el ? (size_t)(el - e) : strlen(e);
                int lv2 = f2 ? 0 : heading_level(e, l2);
                if (is_fence(e, l2))
                    f2 = !f2;
                if (lv2 && lv2 <= lvl)
                    break;
                e = el ? el + 1 : e + l2;
            }
            if (body_ok(b, (size_t)(e - b)))
                return 1;
        }
        s = eol ? eol + 1 : NULL;
    }
    return 0;
}

static int readme_section(const struct rep_model *m, const char *const *words)
{
    return readme_section_with(m, words, body_substantive);
}

/* A section body that links a paper (or cites an arXiv id) in a sentence
 * that does not deny it. */
static int body_refers(const char *s, size_t n)
{
    struct ref_query q = { 0 };

    return each_sentence(s, n, sentence_refers, &q);
}

/* Headings of sections about something other than the model itself: a
 * paper linked there is the data's or the base model's, not the model's. */
static const char *const OTHER_SUBJECT_WORDS[] = {
    "training data", "dataset", "datasets", "data card", "datasheet", "pretraining data", "pre-training data",
    "training corpus", "corpus", "base model", "base models", "upstream", "related work", "acknowledgements",
    "acknowledgments", NULL
};

/* The README (code blocks too: a citation block counts) links a paper in a
 * sentence that does not deny it, outside sections about the data or the
 * base model; want_report: and calls it a report. */
static int readme_refers(const struct rep_model *m, int want_report)
{
    const char *s = readme_body(m);
    struct ref_query q = { want_report };
    int fence = 0, other = 0;

    while (s && *s) {
        const char *eol = strchr(s, '\n');
        size_t len = eol ? (size_t)(eol - s) : strlen(s);
        int lvl = fence ? 0 : heading_level(s, len);
        if (is_fence(s, len))
            fence = !fence;
        if (lvl)
            other = has_any_word(s, len, OTHER_SUBJECT_WORDS);
        else if (!other && each_sentence(s, len, sentence_refers, &q))
            return 1;
        s = eol ? eol + 1 : NULL;
    }
    return 0;
}

/* The card names a paper: an "arxiv:<id>" or "doi:10.…" tag, or an
 * arxiv/doi/paper field holding an id or a paper link. */
static int card_names_paper(const struct rep_model *m)
{
    static const char *const keys[] = { "arxiv", "doi", "paper", "papers", "technical_report", NULL };
    const cJSON *tags = card_item(m, "tags"), *t;

    cJSON_ArrayForEach(t, tags) {
        if (!cJSON_IsString(t))
            continue;
        if (strncasecmp(t->valuestring, "arxiv:", 6) == 0 && isdigit((unsigned char)t->valuestring[6]))
            return 1;
        if (strncasecmp(t->valuestring, "doi:10.", 7) == 0)
            return 1;
    }
    for (const char *const *k = keys; *k; k++) {
        const cJSON *v = card_item(m, *k), *e;
        cJSON_ArrayForEach(e, v)
            if (cJSON_IsString(e) && (paper_link(e->valuestring, strlen(e->valuestring)) ||
                                      arxiv_id(e->valuestring, strlen(e->valuestring))))
                return 1;
        if (cJSON_IsString(v)) {
            const char *x = v->valuestring;
            size_t n = strlen(x);
            if (paper_link(x, n) || arxiv_id(x, n) || (strcmp(*k, "arxiv") == 0 && isdigit((unsigned char)x[0])) ||
                (strcmp(*k, "doi") == 0 && strncmp(x, "10.", 3) == 0))
                return 1;
        }
    }
    return 0;
}

static int model_index_has(const struct rep_model *m, const char *what)
{
    const cJSON *mi = card_item(m, "model-index"), *entry, *res, *met;

    cJSON_ArrayForEach(entry, mi) {
        const cJSON *results = cJSON_GetObjectItemCaseSensitive(entry, "results");
        cJSON_ArrayForEach(res, results) {
            const cJSON *ds = cJSON_GetObjectItemCaseSensitive(res, "dataset");
            if (strcmp(what, "results") == 0)
                cJSON_ArrayForEach(met, cJSON_GetObjectItemCaseSensitive(res, "metrics")) {
                    /* a metric with a value: a number, or a string that is no placeholder */
                    const cJSON *v = cJSON_GetObjectItemCaseSensitive(met, "value");
                    if (cJSON_IsNumber(v) ||
                        (cJSON_IsString(v) && sentence_substantive(v->valuestring, strlen(v->valuestring))))
                        return 1;
                }
            if (strcmp(what, "dataset") == 0 &&
                (nonempty(cJSON_GetObjectItemCaseSensitive(ds, "name")) ||
                 nonempty(cJSON_GetObjectItemCaseSensitive(ds, "type"))))
                return 1;
        }
    }
    return 0;
}

struct evidence {
    char text[256];               /* the file or card field that shows the component */
    const char *path;             /* the file, when a file shows it */
    const char *why;              /* why no license covers it, when no_license */
    const char *license;          /* a license that covers it regardless of the repo's, or NULL */
    int no_license;               /* its license is not in the repository at all */
};

static int found_file(struct evidence *ev, const char *path)
{
    if (!path)
        return 0;
    snprintf(ev->text, sizeof ev->text, "%s", path);
    ev->path = path;
    return 1;
}

static int found_card(struct evidence *ev, const char *what)
{
    snprintf(ev->text, sizeof ev->text, "%s", what);
    return 1;
}

static int detect(const struct openness_db *db, const struct rep_model *m, const char *key,
                  struct evidence *ev)
{
    memset(ev, 0, sizeof *ev);
    if (strcmp(key, "model_architecture") == 0) {
        static const char *const p[] = { "modeling_*.py", "params.json", NULL };
        if (found_file(ev, config_with_content(m)) || found_file(ev, file_matching(m, p)))
            return 1;
        for (size_t i = 0; i < m->n_files; i++)
            if (m->files[i].format == FORMAT_GGUF && m->files[i].facts)
                return found_card(ev, m->files[i].path);   /* general.architecture in the header */
        return 0;
    }
    if (strcmp(key, "model_parameters_final") == 0)
        return found_file(ev, weights_file(m, 0));
    if (strcmp(key, "model_card") == 0) {
        /* a README that documents the model, not only its metadata */
        const char *body = readme_body(m);
        return body && body_substantive(body, strlen(body)) && found_file(ev, file_with_role(m, ROLE_CARD));
    }
    if (strcmp(key, "evaluation_results") == 0) {
        static const char *const w[] = { "evaluation", "evaluations", "eval", "evals", "benchmark", "benchmarks",
                                         "result", "results", "performance", NULL };
        if (model_index_has(m, "results"))
            return found_card(ev, "README.md model-index results");
        if (readme_section_with(m, w, body_has_results))
            return found_card(ev, "README.md evaluation section");
        return 0;
    }
    if (strcmp(key, "data_card") == 0) {
        static const char *const p[] = { "*data*card*", "*datasheet*", "DATA.md", NULL };
        static const char *const w[] = { "training data", "dataset", "datasets", "data card", "datasheet",
                                         "pretraining data", "pre-training data", "training corpus", NULL };
        if (found_file(ev, file_matching_ext(m, p, DOC_EXT)))
            return 1;
        if (readme_section(m, w))
            return found_card(ev, "README.md training-data section");
        return 0;
    }
    if (strcmp(key, "technical_report") == 0) {
        static const char *const p[] = { "*technical*report*", "*tech*report*", "*report*.pdf", NULL };
        static const char *const w[] = { "technical report", "tech report", "report", NULL };
        if (found_file(ev, file_matching_ext(m, p, DOC_EXT)))
            return 1;
        /* a link to the paper, in a sentence or section that calls it a
         * report and does not deny it ("coming soon", "not released") */
        if (readme_refers(m, 1) || readme_section_with(m, w, body_refers))
            return found_card(ev, "README.md technical report link");
        if (cJSON_IsString(card_item(m, "technical_report")) && card_names_paper(m))
            return found_card(ev, "README.md technical_report");
        return 0;
    }
    if (strcmp(key, "research_paper") == 0) {
        static const char *const p[] = { "*paper*.pdf", NULL };
        if (card_names_paper(m))
            return found_card(ev, "README.md paper reference (arxiv/doi)");
        if (readme_refers(m, 0))
            return found_card(ev, "README.md paper link");
        return found_file(ev, file_matching(m, p));
    }
    if (strcmp(key, "sample_model_outputs") == 0) {
        static const char *const p[] = { "samples/*", "*sample*output*", "outputs/*", NULL };
        return found_file(ev, file_matching(m, p));
    }
    if (strcmp(key, "training_code") == 0) {
        static const char *const p[] = { "train*.py", "*finetune*.py", "*fine_tune*.py", "training/*",
                                         "train*.sh", NULL };
        return found_file(ev, file_matching_ext(m, p, CODE_EXT));
    }
    if (strcmp(key, "inference_code") == 0 || strcmp(key, "supporting_libraries") == 0) {
        static const char *const p[] = { "inference*.py", "generate*.py", "modeling_*.py", "run_*.py", NULL };
        const cJSON *lib = card_item(m, "library_name");
        if (strcmp(key, "inference_code") == 0 && found_file(ev, file_matching_ext(m, p, CODE_EXT)))
            return 1;
        if (cJSON_IsString(lib) && lib->valuestring[0]) {
            const cJSON *l = cJSON_GetObjectItemCaseSensitive(db->libs, lib->valuestring);
            snprintf(ev->text, sizeof ev->text, "README.md library_name: %.200s", lib->valuestring);
            ev->license = cJSON_IsString(l) ? l->valuestring : NULL;
            ev->no_license = !ev->license;
            return 1;
        }
        return 0;
    }
    if (strcmp(key, "evaluation_code") == 0) {
        static const char *const p[] = { "eval*.py", "evaluation/*", "eval/*", "*benchmark*.py", NULL };
        return found_file(ev, file_matching_ext(m, p, CODE_EXT));
    }
    if (strcmp(key, "evaluation_data") == 0 || strcmp(key, "datasets") == 0) {
        int evaluation = key[0] == 'e';
        /* data in the repository: the repository's licenses cover it */
        if (found_file(ev, data_file(m, evaluation)))
            return 1;
        /* data only named in the card lives elsewhere, under its own license */
        if (evaluation ? model_index_has(m, "dataset") : nonempty(card_item(m, "datasets"))) {
            found_card(ev, evaluation ? "README.md model-index datasets" : "README.md datasets list");
            ev->no_license = 1;
            ev->why = "named in the card, not in the repository: its own license is not in the repository";
            return 1;
        }
        return 0;
    }
    if (strcmp(key, "data_preprocessing_code") == 0) {
        static const char *const p[] = { "preprocess*.py", "*data_prep*", "prepare_data*", "*tokenize_data*", NULL };
        return found_file(ev, file_matching_ext(m, p, CODE_EXT));
    }
    if (strcmp(key, "model_parameters_intermediate") == 0) {
        /* weights saved during training, not only a folder of that name */
        return found_file(ev, weights_file(m, 1));
    }
    if (strcmp(key, "model_metadata") == 0) {
        static const char *const p[] = { "trainer_state.json", "training_args.bin", "training_args.json",
                                         "optimizer.pt", NULL };
        return found_file(ev, file_matching(m, p));
    }
    return 0;
}

static int usable_id(const char *id)
{
    return id && strcmp(id, "NONE") != 0 && strcmp(id, "NOASSERTION") != 0;
}

/* 1 when the file at fpath lies in dir (a prefix ending in '/') */
static int in_dir(const char *fpath, const char *dir, size_t dlen)
{
    return strncmp(fpath, dir, dlen) == 0;
}

/* Length of the folder part of p including its '/', 0 at the root. */
static size_t dir_len(const char *p)
{
    const char *slash = p ? strrchr(p, '/') : NULL;

    return slash ? (size_t)(slash - p) + 1 : 0;
}

/* The component's own license: one stated by a license file (or another
 * license declaration) in the folder of the component's file or a folder
 * above it, short of the repository root (e.g. data/LICENSE for
 * data/train.jsonl); the nearest such folder wins, and in it a license MOF
 * does not count as open wins over an open one.  *found is set when the
 * folder has a license file, even one whose license could not be
 * identified (then NULL: no license the tool can name covers it). */
static const char *own_license(const struct openness_db *db, const struct rep_model *m, const char *path, int *found)
{
    static const char *const names[] = { "LICENSE*", "LICENCE*", "COPYING*", NULL };
    size_t best_dir = 0;
    const char *best = NULL;
    int unknown = 0;

    *found = 0;
    if (!dir_len(path))
        return NULL;
    /* the nearest folder holding a license file or declaration */
    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *f = &m->files[i];
        size_t d = f->path ? dir_len(f->path) : 0;
        const char *base = f->path ? f->path + d : NULL;
        if (d && d > best_dir && in_dir(path, f->path, d) && usable(f) &&
            (f->role == ROLE_LICENSE || match_any(names, base, base)))
            best_dir = d;
    }
    for (size_t i = 0; i < m->n_licenses; i++) {
        size_t d = dir_len(m->licenses[i].source);
        if (d && d > best_dir && in_dir(path, m->licenses[i].source, d))
            best_dir = d;
    }
    if (!best_dir)
        return NULL;
    *found = 1;
    unknown = 1;
    for (size_t i = 0; i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        if (dir_len(l->source) != best_dir || strncmp(l->source, path, best_dir) != 0)
            continue;
        if (!usable_id(l->id)) {
            unknown = 1;
            break;
        }
        unknown = 0;
        if (!best || (openness_license_is_open(db, best) && !openness_license_is_open(db, l->id)) ||
            (openness_license_is_open(db, best) == openness_license_is_open(db, l->id) && strcmp(l->id, best) < 0))
            best = l->id;
    }
    return unknown ? NULL : best;
}

/* The license covering a component, as the Model Openness Tool's
 * ModelEvaluator::resolveLicense resolves it: the component's own license,
 * else the license for its content type (code: a code-scoped license;
 * data: a weights-scoped one; document: none is scoped so), else the
 * distribution-wide license (the concluded license, or the card's
 * declaration when none is concluded).  *own is set when the component has
 * a license file of its own. */
static const char *license_for(const struct openness_db *db, const struct rep_model *m, const char *content_type,
                               const char *path, int *own)
{
    const char *scope = strcmp(content_type, "code") == 0 ? "code" : strcmp(content_type, "data") == 0 ? "weights" : NULL;
    const char *dist = m->concluded_license, *mine = own_license(db, m, path, own);

    if (*own)
        return mine;
    if (scope)
        for (size_t i = 0; i < m->n_licenses; i++)
            if (m->licenses[i].scope && strcmp(m->licenses[i].scope, scope) == 0 && usable_id(m->licenses[i].id))
                return m->licenses[i].id;
    if (!usable_id(dist))
        dist = m->declared_license;
    return usable_id(dist) ? dist : NULL;
}

enum status { ST_MISSING, ST_INCLUDED, ST_INVALID, ST_UNLICENSED };

struct state {
    enum status st;
    const char *license;
    struct evidence ev;
};

int openness_class_number(const struct rep_model *m)
{
    const cJSON *c = m->openness ? cJSON_GetObjectItemCaseSensitive(m->openness, "class") : NULL;

    if (!cJSON_IsString(c))
        return 0;
    if (strcmp(c->valuestring, "I") == 0)
        return 1;
    if (strcmp(c->valuestring, "II") == 0)
        return 2;
    if (strcmp(c->valuestring, "III") == 0)
        return 3;
    return 0;
}

static int comp_index(const struct openness_db *db, const char *key)
{
    for (size_t i = 0; i < db->n; i++)
        if (strcmp(db->v[i].key, key) == 0)
            return (int)i;
    return -1;
}

int openness_classify(struct rep_model *m, const struct openness_db *db)
{
    struct state *s = calloc(db->n + 1, sizeof *s);
    static const char *const names[] = { "none", "I", "II", "III" };
    cJSON *o = NULL, *present, *missing;
    int ok[4] = { 0, 1, 1, 1 }, cls = 0, tr, rp;

    if (!s)
        return WA_ENOMEM;
    for (size_t i = 0; i < db->n; i++) {
        if (!detect(db, m, db->v[i].key, &s[i].ev)) {
            s[i].st = ST_MISSING;
            continue;
        }
        if (s[i].ev.license || s[i].ev.no_license) {
            s[i].license = s[i].ev.license;
        } else {
            int own = 0;
            s[i].license = license_for(db, m, db->v[i].content_type, s[i].ev.path, &own);
            if (own && !s[i].license) {
                s[i].ev.no_license = 1;
                s[i].ev.why = "its own license file in the repository could not be identified";
            }
        }
        s[i].st = !s[i].license ? ST_UNLICENSED
                  : openness_license_is_open(db, s[i].license) ? ST_INCLUDED : ST_INVALID;
    }
    /* MOT: a research paper stands in for a missing technical report */
    tr = comp_index(db, "technical_report");
    rp = comp_index(db, "research_paper");
    if (tr >= 0 && rp >= 0 && s[tr].st != ST_INCLUDED && s[rp].st != ST_MISSING) {
        char text[sizeof s[rp].ev.text];
        snprintf(text, sizeof text, "research paper stands in: %.200s", s[rp].ev.text);
        s[tr] = s[rp];
        memcpy(s[tr].ev.text, text, sizeof text);
    }
    /* a class is reached when every required component of it and of every
     * higher-numbered class is included under an open license */
    for (int c = 3; c >= 1; c--) {
        ok[c] = c == 3 ? 1 : ok[c + 1];
        for (size_t i = 0; i < db->n; i++)
            if (db->v[i].cls == c && db->v[i].required && s[i].st != ST_INCLUDED)
                ok[c] = 0;
    }
    for (int c = 3; c >= 1; c--)
        if (ok[c])
            cls = c;

    o = cJSON_CreateObject();
    if (!o)
        goto nomem;
    cJSON_AddStringToObject(o, "class", names[cls]);
    cJSON_AddStringToObject(o, "framework", "Model Openness Framework 1.0");
    present = cJSON_AddArrayToObject(o, "present");
    missing = cJSON_AddArrayToObject(o, "missing");
    for (size_t i = 0; i < db->n; i++) {
        cJSON *e;
        if (s[i].st == ST_MISSING)
            continue;
        e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "component", db->v[i].name);
        cJSON_AddStringToObject(e, "key", db->v[i].key);
        cJSON_AddNumberToObject(e, "mof_class", db->v[i].cls);
        cJSON_AddStringToObject(e, "evidence", s[i].ev.text);
        if (s[i].license)
            cJSON_AddStringToObject(e, "license", s[i].license);
        else
            cJSON_AddNullToObject(e, "license");
        cJSON_AddBoolToObject(e, "open", s[i].st == ST_INCLUDED);
        cJSON_AddItemToArray(present, e);
    }
    /* what the next class needs: its required components and those of every
     * higher-numbered class that are not yet included */
    if (cls != 1) {
        int next = cls == 0 ? 3 : cls - 1;
        for (size_t i = 0; i < db->n; i++) {
            cJSON *e;
            char why[160];
            if (!db->v[i].required || db->v[i].cls < next || s[i].st == ST_INCLUDED)
                continue;
            if (s[i].st == ST_MISSING)
                snprintf(why, sizeof why, "not in the repository");
            else if (s[i].st == ST_UNLICENSED && s[i].ev.why)
                snprintf(why, sizeof why, "present, but no license in the repository covers it (%s)", s[i].ev.why);
            else if (s[i].st == ST_UNLICENSED)
                snprintf(why, sizeof why, "present, but no license in the repository covers it");
            else
                snprintf(why, sizeof why, "present, but %.100s is not an open license", s[i].license);
            e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "component", db->v[i].name);
            cJSON_AddStringToObject(e, "key", db->v[i].key);
            cJSON_AddNumberToObject(e, "mof_class", db->v[i].cls);
            cJSON_AddStringToObject(e, "reason", why);
            cJSON_AddItemToArray(missing, e);
        }
        cJSON_AddStringToObject(o, "next_class", names[next]);
    }
    cJSON_Delete(m->openness);
    m->openness = o;
    free(s);
    return 0;
nomem:
    free(s);
    return WA_ENOMEM;
}
