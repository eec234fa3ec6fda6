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

/* First file (in path order) whose path or base name matches one of the
 * patterns (fnmatch, case-insensitive). */
static const char *file_matching(const struct rep_model *m, const char *const *pats)
{
    const char *best = NULL;

    for (size_t i = 0; i < m->n_files; i++) {
        const char *p = m->files[i].path, *base;
        if (!p || m->files[i].integrity == INTEG_MISSING)
            continue;
        base = strrchr(p, '/');
        base = base ? base + 1 : p;
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

static const char *file_with_role(const struct rep_model *m, enum file_role role)
{
    const char *best = NULL;

    for (size_t i = 0; i < m->n_files; i++)
        if (m->files[i].role == role && m->files[i].integrity != INTEG_MISSING && m->files[i].path &&
            (!best || strcmp(m->files[i].path, best) < 0))
            best = m->files[i].path;
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

/* A markdown heading line whose text holds one of the words. */
static int readme_heading(const struct rep_model *m, const char *const *words)
{
    const char *s = readme_body(m);

    while (s && *s) {
        const char *eol = strchr(s, '\n');
        size_t len = eol ? (size_t)(eol - s) : strlen(s);
        if (*s == '#' && len < 300) {
            char line[300];
            memcpy(line, s, len);
            line[len] = '\0';
            for (const char *const *w = words; *w; w++)
                if (strcasestr(line, *w))
                    return 1;
        }
        s = eol ? eol + 1 : NULL;
    }
    return 0;
}

static int readme_mentions(const struct rep_model *m, const char *needle)
{
    const char *s = readme_body(m);

    return s && strcasestr(s, needle) != NULL;
}

static int card_has_arxiv_tag(const struct rep_model *m)
{
    const cJSON *tags = card_item(m, "tags"), *t;

    cJSON_ArrayForEach(t, tags)
        if (cJSON_IsString(t) && strncasecmp(t->valuestring, "arxiv:", 6) == 0)
            return 1;
    return 0;
}

static int model_index_has(const struct rep_model *m, const char *what)
{
    const cJSON *mi = card_item(m, "model-index"), *entry, *res;

    cJSON_ArrayForEach(entry, mi) {
        const cJSON *results = cJSON_GetObjectItemCaseSensitive(entry, "results");
        cJSON_ArrayForEach(res, results) {
            if (strcmp(what, "results") == 0 && nonempty(cJSON_GetObjectItemCaseSensitive(res, "metrics")))
                return 1;
            if (strcmp(what, "dataset") == 0 && nonempty(cJSON_GetObjectItemCaseSensitive(res, "dataset")))
                return 1;
        }
    }
    return 0;
}

struct evidence {
    char text[256];               /* the file or card field that shows the component */
    const char *license;          /* a license that covers it regardless of the repo's, or NULL */
    int no_license;               /* its license is not in the repository at all */
};

static int found_file(struct evidence *ev, const char *path)
{
    if (!path)
        return 0;
    snprintf(ev->text, sizeof ev->text, "%s", path);
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
        static const char *const p[] = { "config.json", "modeling_*.py", "params.json", NULL };
        if (found_file(ev, file_matching(m, p)))
            return 1;
        for (size_t i = 0; i < m->n_files; i++)
            if (m->files[i].format == FORMAT_GGUF && m->files[i].facts)
                return found_card(ev, m->files[i].path);   /* general.architecture in the header */
        return 0;
    }
    if (strcmp(key, "model_parameters_final") == 0)
        return found_file(ev, file_with_role(m, ROLE_WEIGHTS));
    if (strcmp(key, "model_card") == 0)
        return found_file(ev, file_with_role(m, ROLE_CARD));
    if (strcmp(key, "evaluation_results") == 0) {
        static const char *const w[] = { "evaluation", "benchmark", "results", NULL };
        if (model_index_has(m, "results"))
            return found_card(ev, "README.md model-index results");
        if (readme_heading(m, w))
            return found_card(ev, "README.md evaluation section");
        return 0;
    }
    if (strcmp(key, "data_card") == 0) {
        static const char *const p[] = { "*data*card*", "*datasheet*", "DATA.md", NULL };
        static const char *const w[] = { "training data", "dataset", "data card", "pretraining data", NULL };
        if (found_file(ev, file_matching(m, p)))
            return 1;
        if (readme_heading(m, w))
            return found_card(ev, "README.md training-data section");
        return 0;
    }
    if (strcmp(key, "technical_report") == 0) {
        static const char *const p[] = { "*technical*report*", "*tech*report*", "*report*.pdf", NULL };
        if (found_file(ev, file_matching(m, p)))
            return 1;
        if (readme_mentions(m, "technical report") || readme_mentions(m, "tech report"))
            return found_card(ev, "README.md technical report reference");
        return 0;
    }
    if (strcmp(key, "research_paper") == 0) {
        static const char *const p[] = { "*paper*.pdf", NULL };
        if (card_has_arxiv_tag(m))
            return found_card(ev, "README.md tags arxiv:");
        if (readme_mentions(m, "arxiv.org/abs/") || readme_mentions(m, "arxiv.org/pdf/"))
            return found_card(ev, "README.md arXiv link");
        return found_file(ev, file_matching(m, p));
    }
    if (strcmp(key, "sample_model_outputs") == 0) {
        static const char *const p[] = { "samples/*", "*sample*output*", "outputs/*", NULL };
        return found_file(ev, file_matching(m, p));
    }
    if (strcmp(key, "training_code") == 0) {
        static const char *const p[] = { "train*.py", "*finetune*.py", "*fine_tune*.py", "training/*",
                                         "train*.sh", NULL };
        return found_file(ev, file_matching(m, p));
    }
    if (strcmp(key, "inference_code") == 0 || strcmp(key, "supporting_libraries") == 0) {
        static const char *const p[] = { "inference*.py", "generate*.py", "modeling_*.py", "run_*.py", NULL };
        const cJSON *lib = card_item(m, "library_name");
        if (strcmp(key, "inference_code") == 0 && found_file(ev, file_matching(m, p)))
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
        static const char *const p[] = { "eval*.py", "evaluation/*", "*benchmark*.py", NULL };
        return found_file(ev, file_matching(m, p));
    }
    if (strcmp(key, "evaluation_data") == 0) {
        if (model_index_has(m, "dataset")) {
            found_card(ev, "README.md model-index datasets");
            ev->no_license = 1;   /* the datasets' own licenses are not in the repository */
            return 1;
        }
        return 0;
    }
    if (strcmp(key, "datasets") == 0) {
        if (nonempty(card_item(m, "datasets"))) {
            found_card(ev, "README.md datasets list");
            ev->no_license = 1;
            return 1;
        }
        return 0;
    }
    if (strcmp(key, "data_preprocessing_code") == 0) {
        static const char *const p[] = { "preprocess*.py", "*data_prep*", "prepare_data*", "*tokenize_data*", NULL };
        return found_file(ev, file_matching(m, p));
    }
    if (strcmp(key, "model_parameters_intermediate") == 0) {
        static const char *const p[] = { "checkpoint-*/*", "*/checkpoint-*/*", "*intermediate*", NULL };
        return found_file(ev, file_matching(m, p));
    }
    if (strcmp(key, "model_metadata") == 0) {
        static const char *const p[] = { "trainer_state.json", "training_args.bin", "training_args.json",
                                         "optimizer.pt", NULL };
        return found_file(ev, file_matching(m, p));
    }
    return 0;
}

/* The license covering a component, as the Model Openness Tool resolves it. */
static const char *license_for(const struct rep_model *m, const char *content_type)
{
    const char *scope = strcmp(content_type, "code") == 0 ? "code" : strcmp(content_type, "data") == 0 ? "weights" : NULL;
    const char *dist = m->concluded_license;

    if (scope)
        for (size_t i = 0; i < m->n_licenses; i++)
            if (m->licenses[i].scope && strcmp(m->licenses[i].scope, scope) == 0 && m->licenses[i].id &&
                strcmp(m->licenses[i].id, "NOASSERTION") != 0)
                return m->licenses[i].id;
    if (!dist || strcmp(dist, "NONE") == 0 || strcmp(dist, "NOASSERTION") == 0)
        dist = m->declared_license;
    if (dist && (strcmp(dist, "NONE") == 0 || strcmp(dist, "NOASSERTION") == 0))
        dist = NULL;
    return dist;
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
        s[i].license = s[i].ev.license ? s[i].ev.license
                       : s[i].ev.no_license ? NULL
                                            : license_for(m, db->v[i].content_type);
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
