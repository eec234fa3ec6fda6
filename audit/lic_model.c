/*
 * lic_model.c - the license analysis of one model (see lic_model.h):
 * every license-ish file through the matcher and the clause detectors, the
 * card, config and adapter files and GGUF facts for declarations, lineage
 * and modality, then the concluded license, obligations and findings.
 * Works on the captured contents only: no file is opened here, except by
 * lic_model_load_path, which reads a folder for `weightaudit license`.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonout.h"
#include "lic_card.h"
#include "lic_clause.h"
#include "lic_match.h"
#include "lic_model.h"

#define CONFIG_MAX (4u << 20)

enum file_kind { FK_NONE, FK_LICENSE, FK_CARD, FK_CONFIG, FK_ADAPTER };

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int ci_has(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; *s; s++)
        if (strncasecmp(s, w, n) == 0)
            return 1;
    return 0;
}

static int ci_starts(const char *s, const char *w)
{
    return strncasecmp(s, w, strlen(w)) == 0;
}

static enum file_kind kind_of(const struct rep_model *m, const struct rep_file *f)
{
    const char *b = base_name(f->path ? f->path : "");

    if (strcasecmp(b, "README.md") == 0 || f->role == ROLE_CARD)
        return strchr(f->path ? f->path : "", '/') && f->role != ROLE_CARD ? FK_NONE : FK_CARD;
    if (strcmp(b, "config.json") == 0 && !strchr(f->path, '/'))
        return FK_CONFIG;
    if (strcmp(b, "adapter_config.json") == 0)
        return FK_ADAPTER;
    if (ci_starts(b, "LICENSE") || ci_starts(b, "LICENCE") || ci_starts(b, "COPYING") || ci_starts(b, "NOTICE") ||
        ci_starts(b, "USE_POLICY") || ci_starts(b, "USE-POLICY") || ci_starts(b, "THIRD_PARTY") ||
        ci_starts(b, "THIRD-PARTY") || ci_starts(b, "ThirdParty") || ci_has(b, "license") || ci_has(b, "licence") ||
        f->role == ROLE_LICENSE || (m->layout == LAYOUT_OLLAMA && f->role == ROLE_LICENSE))
        return FK_LICENSE;
    return FK_NONE;
}

/* weights, code or all, from the file name. */
static const char *scope_of(const char *path)
{
    const char *b = base_name(path);

    if (ci_starts(b, "NOTICE") || ci_has(b, "third_party") || ci_has(b, "third-party") || ci_has(b, "thirdparty"))
        return "code";
    if (ci_has(b, "model") || ci_has(b, "weight"))
        return "weights";
    if (ci_has(b, "code") || ci_has(b, "software") || ci_has(b, "source"))
        return "code";
    return "all";
}

static int is_notice_file(const char *path)
{
    const char *b = base_name(path);
    return ci_starts(b, "NOTICE") || ci_has(b, "third_party") || ci_has(b, "third-party") || ci_has(b, "thirdparty");
}

/* ---- adding entries ---------------------------------------------------------- */

static int add_license(struct rep_model *m, const char *id, const char *name, const char *source,
                       const char *method, const char *scope, double conf, int modified, cJSON *clauses,
                       cJSON *evidence)
{
    struct rep_license *l = report_add_license(m);

    if (!l || report_set_str(&l->id, id) || report_set_str(&l->name, name) || report_set_str(&l->source, source) ||
        report_set_str(&l->method, method) || report_set_str(&l->scope, scope)) {
        cJSON_Delete(clauses);
        cJSON_Delete(evidence);
        return WA_ENOMEM;
    }
    l->confidence = conf;
    l->modified = modified;
    l->clauses = clauses ? clauses : cJSON_CreateArray();
    l->evidence = evidence;
    return 0;
}

/* The text of one hit: the file, with the other hits' token ranges blanked,
 * so a license appended to another does not lend it its clauses. */
static char *hit_text(const struct lic_doc *d, const struct lic_result *r, size_t k, const struct lic_toks *t)
{
    char *s = malloc(d->len + 1);

    if (!s)
        return NULL;
    memcpy(s, d->text, d->len);
    s[d->len] = '\0';
    for (size_t j = 0; t && j < r->n_hits; j++) {
        const struct lic_hit *o = &r->hits[j];
        if (j == k || o->tok_end <= o->tok_start || o->tok_end > t->n)
            continue;
        if (k != 0 && j != 0)
            continue;
        if (k != 0 && j == 0) {
            /* a segment: keep only its own range */
            const struct lic_hit *h = &r->hits[k];
            size_t a = t->v[h->tok_start].off, b = t->v[h->tok_end - 1].end;
            memset(s, ' ', a);
            memset(s + b, ' ', d->len - b);
            break;
        }
        memset(s + t->v[o->tok_start].off, ' ', t->v[o->tok_end - 1].end - t->v[o->tok_start].off);
    }
    return s;
}

static int analyze_text(struct rep_model *m, const struct lic_db *db, const struct rep_file *f, const char *method,
                        const char *scope, int *material, struct wa_err *err)
{
    struct lic_doc d;
    struct lic_result r;
    struct lic_toks t = { 0 };
    int rc;

    if ((rc = lic_text_decode(&d, f->content, f->content_len)))
        return wa_err_set(err, rc, f->path, -1, "out of memory");
    if (d.binary) {
        lic_doc_free(&d);
        return report_add_finding(m, FIND_REVIEW, "license_file_binary", f->path,
                                  "%s is not a text file (binary content), so it states no license that can be read",
                                  f->path) ? 0 : WA_ENOMEM;
    }
    if (d.empty) {
        lic_doc_free(&d);
        return report_add_finding(m, FIND_REVIEW, "license_file_empty", f->path, "%s is empty", f->path) ? 0 : WA_ENOMEM;
    }
    *material = 1;
    if (f->content_truncated &&
        !report_add_finding(m, FIND_REVIEW, "license_text_truncated", f->path,
                            "%s is larger than %u bytes; only its beginning was compared, so it counts as modified",
                            f->path, LIC_TEXT_MAX)) {
        lic_doc_free(&d);
        return WA_ENOMEM;
    }
    if ((rc = lic_match(&r, db, &d, err))) {
        lic_doc_free(&d);
        return rc;
    }
    if (r.n_hits > 1 && (rc = lic_text_tokenize(&t, d.text, d.len))) {
        lic_result_free(&r);
        lic_doc_free(&d);
        return wa_err_set(err, rc, f->path, -1, "out of memory");
    }
    for (size_t k = 0; k < r.n_hits && rc == 0; k++) {
        const struct lic_hit *h = &r.hits[k];
        char *txt = hit_text(&d, &r, k, r.n_hits > 1 ? &t : NULL);
        cJSON *cl = txt ? lic_clause_detect(db, txt, d.len) : NULL, *ev = NULL;
        int modified = h->modified || f->content_truncated;
        if (!cl) {
            free(txt);
            rc = WA_ENOMEM;
            break;
        }
        /* a clean text says what the rule says, in the rule's words (a lower-cased copy
         * still attributes "Built with Llama"); a modified or unknown text what it says */
        if (!modified && strcmp(h->method, "text") == 0) {
            cJSON_Delete(cl);
            cl = cJSON_CreateArray();
            if (!cl) {
                free(txt);
                rc = WA_ENOMEM;
                break;
            }
            lic_clause_merge(cl, h->rule.clauses, 0);
        }
        /* implied clauses (incorporated policies); for a notice, the license's own clauses */
        lic_clause_merge(cl, h->rule.clauses, strcmp(h->method, "notice") != 0);
        if (h->n_spans) {
            ev = cJSON_CreateArray();
            for (size_t s = 0; ev && s < h->n_spans; s++) {
                cJSON *e = cJSON_CreateObject();
                cJSON_AddStringToObject(e, "kind", h->spans[s].deleted ? "deleted" : "inserted");
                jsonout_add_str(e, "text", h->spans[s].text);
                cJSON_AddNumberToObject(e, "offset", (double)h->spans[s].offset);
                cJSON_AddItemToArray(ev, e);
            }
        }
        rc = add_license(m, h->rule.id, h->rule.name, f->path, strcmp(method, "text") == 0 ? h->method : method,
                         scope, h->confidence, modified, cl, ev);
        if (rc == 0)
            m->licenses[m->n_licenses - 1].text = txt;    /* the text as found, for SPDX and HTML */
        else
            free(txt);
        if (rc == 0 && h->modified &&
            !report_add_finding(m, FIND_REVIEW, "license_modified", f->path,
                                "%s holds the %s (%s) with changes: %zu passage(s) inserted or deleted "
                                "(%zu word(s)); a modified license is not the published license and never passes as it",
                                f->path, h->rule.name, h->rule.id, h->n_spans_total, h->words_changed))
            rc = WA_ENOMEM;
        if (rc == 0 && h->notice_extra &&
            !report_add_finding(m, FIND_REVIEW, "license_notice_extra_text", f->path,
                                "%s names the %s (%s) in a short notice but also holds other text that was not identified",
                                f->path, h->rule.name, h->rule.id))
            rc = WA_ENOMEM;
    }
    /* a restriction written in a notice or a code-only license may still be
     * about the weights: never let it pass unread */
    if (rc == 0 && (strcmp(scope, "code") == 0 || (r.n_hits == 0 && is_notice_file(f->path)))) {
        cJSON *cl = lic_clause_detect(db, d.text, d.len), *c;
        char what[200] = "";
        cJSON_ArrayForEach(c, cl) {
            const char *cid = cJSON_GetObjectItemCaseSensitive(c, "id")->valuestring;
            if (strcmp(cid, "non-commercial") == 0 || strcmp(cid, "mau-cap") == 0 ||
                strcmp(cid, "territory-exclusion") == 0 || strcmp(cid, "revenue-cap") == 0)
                snprintf(what + strlen(what), sizeof what - strlen(what), "%s%s", what[0] ? ", " : "", cid);
        }
        cJSON_Delete(cl);
        if (what[0] && !report_add_finding(m, FIND_REVIEW, "license_restriction_elsewhere", f->path,
                                           "%s is not taken as the license of the weights, but it states restrictions (%s); "
                                           "check that they do not cover the weights", f->path, what))
            rc = WA_ENOMEM;
    }
    if (rc == 0 && r.n_hits == 0 && !is_notice_file(f->path)) {
        cJSON *cl = lic_clause_detect(db, d.text, d.len);
        rc = cl ? add_license(m, "NOASSERTION", NULL, f->path, strcmp(method, "text") == 0 ? "text" : method, scope,
                              0.0, 0, cl, NULL)
                : WA_ENOMEM;
        if (rc == 0 && !(m->licenses[m->n_licenses - 1].text = strdup(d.text)))
            rc = WA_ENOMEM;
        if (rc == 0 && !report_add_finding(m, FIND_REVIEW, "license_unidentified", f->path,
                                           "%s holds license text that matches no known license", f->path))
            rc = WA_ENOMEM;
    }
    lic_toks_free(&t);
    lic_result_free(&r);
    lic_doc_free(&d);
    return rc;
}

/* ---- card ------------------------------------------------------------------ */

struct ctx {
    struct rep_model *m;
    const struct lic_db *db;
    const char *card_path;
    int multimodal;             /* 1, 0, -1 */
    int rc;
};

static const struct rep_file *find_link(struct rep_model *m, const char *link)
{
    const char *p = link;
    const char *blob;

    if (!link || !*link)
        return NULL;
    if ((blob = strstr(link, "/blob/")) || (blob = strstr(link, "/resolve/"))) {
        /* https://huggingface.co/ORG/NAME/blob/REV/FILE: a file of this repository */
        const char *q = strchr(blob + 1, '/');
        q = q ? strchr(q + 1, '/') : NULL;
        if (!q)
            return NULL;
        p = q + 1;
    } else if (strstr(link, "://")) {
        return NULL;
    }
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    while (*p == '/')
        p++;
    return report_find_file(m, p);
}

/* The license a card or GGUF declares: keyword, license_name, license_link. */
static int declare(struct ctx *c, const char *source, const char *method, const char *scope, const char *kw,
                   const char *lname, const char *link, char **declared, struct wa_err *err)
{
    struct rep_model *m = c->m;
    struct lic_keyword k;
    int found = 0, rc;
    const char *id = NULL, *name = NULL;
    const cJSON *clauses = NULL;
    char shown[300];

    snprintf(shown, sizeof shown, "%s%s%s", kw ? kw : "", lname ? " / " : "", lname ? lname : "");
    if (kw && strcasecmp(kw, "other") != 0 && (found = lic_db_keyword(c->db, kw, &k)))
        id = k.id, name = k.name, clauses = k.clauses;
    if (!id && lname && (found = lic_db_keyword(c->db, lname, &k)))
        id = k.id, name = k.name, clauses = k.clauses;
    if (!id && link) {
        struct lic_rule_info in;
        const struct rep_file *lf = find_link(m, link);
        if (lic_db_url(c->db, link, &in) == 1) {
            id = in.id, name = in.name, clauses = in.clauses;
            found = 1;
            k.family_only = 0;
        } else if (!lf && !strstr(link, "://")) {
            if (!report_add_finding(m, FIND_REVIEW, "license_link_missing", source,
                                    "%s points to the license file \"%s\", which is not in the repository", source, link))
                return WA_ENOMEM;
        } else if (lf && (!kw || strcasecmp(kw, "other") == 0)) {
            /* "license: other" under a name of the publisher's own, with the
             * text in the repository: the text is the declaration, and is
             * identified (and judged) as every license file is */
            return report_add_finding(m, FIND_INFO, "license_card_link", source,
                                      "%s names its license \"%s\" and points to %s for the text; the text decides",
                                      source, lname ? lname : "other", lf->path)
                       ? 0 : WA_ENOMEM;
        }
    }
    if (found && k.family_only) {
        if (!report_add_finding(m, FIND_REVIEW, "license_family_only", source,
                                "%s declares \"%s\", a license family (%s), not one license; the license text decides",
                                source, shown, name ? name : "family"))
            return WA_ENOMEM;
        id = "NOASSERTION";
    }
    if (!id) {
        if (!report_add_finding(m, FIND_REVIEW, "license_unknown_keyword", source,
                                "%s declares the license \"%s\", which weightaudit does not know", source, shown))
            return WA_ENOMEM;
        id = "NOASSERTION";
    }
    {
        cJSON *cl = cJSON_CreateArray();
        if (!cl)
            return wa_err_set(err, WA_ENOMEM, source, -1, "out of memory");
        if (clauses)
            lic_clause_merge(cl, clauses, 0);
        rc = add_license(m, id, name, source, method, scope, strcmp(id, "NOASSERTION") == 0 ? 0.0 : 0.9, 0, cl, NULL);
        if (rc)
            return wa_err_set(err, rc, source, -1, "out of memory");
    }
    if (declared && !*declared && report_set_str(declared, id))
        return WA_ENOMEM;
    return 0;
}

static int add_base(struct ctx *c, const char *name, const char *relation, const char *source)
{
    struct rep_base_model *b;
    const char *lic = NULL, *p = name;
    int mm = -1;
    char buf[512];

    if (!name || !*name)
        return 0;
    if (strncmp(p, "https://huggingface.co/", 23) == 0)
        p += 23;
    snprintf(buf, sizeof buf, "%s", p);
    for (size_t i = 0; i < c->m->n_base_models; i++)
        if (strcasecmp(c->m->base_models[i].name, buf) == 0)
            return 0;
    b = report_add_base_model(c->m);
    if (!b || report_set_str(&b->name, buf) || report_set_str(&b->source, source))
        return WA_ENOMEM;
    if (relation && (strcmp(relation, "finetune") == 0 || strcmp(relation, "adapter") == 0 ||
                     strcmp(relation, "quantized") == 0 || strcmp(relation, "merge") == 0) &&
        report_set_str(&b->relation, relation))
        return WA_ENOMEM;
    if (lic_db_family(c->db, buf, &lic, &mm)) {
        if (report_set_str(&b->license, lic))
            return WA_ENOMEM;
        if (mm == 1 || (mm == 0 && c->multimodal < 0))
            c->multimodal = mm;
    }
    return 0;
}

static void base_cb(const char *s, void *arg)
{
    struct ctx *c = arg;
    const cJSON *rel = cJSON_GetObjectItemCaseSensitive(c->m->card, "base_model_relation");
    if (c->rc == 0)
        c->rc = add_base(c, s, cJSON_IsString(rel) ? rel->valuestring : NULL, c->card_path);
}

static int multimodal_tag(const char *s)
{
    static const char *const mm[] = { "image-text-to-text", "visual-question-answering", "image-to-text",
                                      "any-to-any", "video-text-to-text", "text-to-image", "image-to-image",
                                      "document-question-answering", "multimodal", "vision", "image-text" };
    for (size_t i = 0; i < sizeof mm / sizeof mm[0]; i++)
        if (strcasecmp(s, mm[i]) == 0)
            return 1;
    return 0;
}

static void tag_cb(const char *s, void *arg)
{
    struct ctx *c = arg;
    if (multimodal_tag(s))
        c->multimodal = 1;
}

#define CARD_MAX_LICENSES 8

/* The card's license: keyword(s); a list keeps its distinct entries. */
struct card_lics {
    const char *v[CARD_MAX_LICENSES];
    size_t n, more;
};

static void license_cb(const char *s, void *arg)
{
    struct card_lics *l = arg;
    for (size_t i = 0; i < l->n; i++)
        if (strcasecmp(l->v[i], s) == 0)
            return;
    if (l->n < CARD_MAX_LICENSES)
        l->v[l->n++] = s;
    else
        l->more++;
}

static int do_card(struct ctx *c, const struct rep_file *f, struct wa_err *err)
{
    struct rep_model *m = c->m;
    struct lic_doc d;
    cJSON *card = NULL;
    struct wa_err ce;
    int rc;
    struct card_lics lics = { { NULL }, 0, 0 };
    const char *lic;
    const cJSON *pt;

    if ((rc = lic_text_decode(&d, f->content, f->content_len)))
        return wa_err_set(err, rc, f->path, -1, "out of memory");
    wa_err_clear(&ce);
    rc = d.binary ? 0 : lic_card_parse(&card, d.text, d.len, &ce);
    lic_doc_free(&d);
    if (rc == WA_ENOMEM)
        return wa_err_set(err, rc, f->path, -1, "out of memory");
    if (rc) {
        return report_add_finding(m, FIND_REVIEW, "card_invalid", f->path, "%s: %s%s", f->path, ce.msg,
                                  "; the license it declares could not be read")
                   ? 0 : WA_ENOMEM;
    }
    if (!card)
        return 0;
    cJSON_Delete(m->card);
    m->card = card;
    c->card_path = f->path;
    lic_card_strings(card, "license", license_cb, &lics);
    lic = lics.n ? lics.v[0] : NULL;
    {
        const cJSON *ln = cJSON_GetObjectItemCaseSensitive(card, "license_name");
        const cJSON *ll = cJSON_GetObjectItemCaseSensitive(card, "license_link");
        if (lic || cJSON_IsString(ln)) {
            rc = declare(c, f->path, "card", "all", lic, cJSON_IsString(ln) ? ln->valuestring : NULL,
                         cJSON_IsString(ll) ? ll->valuestring : NULL, &m->declared_license, err);
            if (rc)
                return rc;
        }
    }
    /* "license: [apache-2.0, cc-by-nc-4.0]": every entry is reported, and
     * since the card does not say which one covers the weights, the first
     * one cannot be taken for the answer */
    if (lics.n > 1) {
        char all[512];
        size_t k = 0;
        for (size_t i = 0; i < lics.n && k < sizeof all; i++)
            k += (size_t)snprintf(all + k, sizeof all - k, "%s%s", i ? ", " : "", lics.v[i]);
        for (size_t i = 1; i < lics.n; i++)
            if ((rc = declare(c, f->path, "card", "all", lics.v[i], NULL, NULL, &m->declared_license, err)))
                return rc;
        if (!report_add_finding(m, FIND_REVIEW, "license_card_several", f->path,
                                "%s declares %zu licenses (%s%s) without saying which covers the weights; "
                                "each one's terms apply until that is settled",
                                f->path, lics.n + lics.more, all, lics.more ? ", ..." : ""))
            return WA_ENOMEM;
    }
    lic_card_strings(card, "base_model", base_cb, c);
    if (c->rc)
        return c->rc;
    pt = cJSON_GetObjectItemCaseSensitive(card, "pipeline_tag");
    if (cJSON_IsString(pt))
        c->multimodal = multimodal_tag(pt->valuestring) ? 1 : c->multimodal < 0 ? 0 : c->multimodal;
    lic_card_strings(card, "tags", tag_cb, c);
    return 0;
}

/* ---- config.json, adapter_config.json, GGUF ---------------------------------- */

static cJSON *parse_json_file(const struct rep_file *f)
{
    if (!f->content || f->content_len > CONFIG_MAX)
        return NULL;
    return cJSON_ParseWithLength((const char *)f->content, f->content_len);
}

static int config_multimodal(const cJSON *j)
{
    static const char *const mm_types[] = { "mllama", "llama4", "llava", "llava_next", "llava_onevision",
                                            "qwen2_vl", "qwen2_5_vl", "paligemma", "idefics", "idefics2",
                                            "idefics3", "pixtral", "blip-2", "gemma3", "mistral3", "smolvlm",
                                            "internvl_chat", "kosmos-2", "florence2" };
    const cJSON *mt = cJSON_GetObjectItemCaseSensitive(j, "model_type"), *a;

    if (cJSON_GetObjectItemCaseSensitive(j, "vision_config") || cJSON_GetObjectItemCaseSensitive(j, "vision_tower") ||
        cJSON_GetObjectItemCaseSensitive(j, "mm_vision_tower") || cJSON_GetObjectItemCaseSensitive(j, "image_token_index"))
        return 1;
    for (size_t i = 0; cJSON_IsString(mt) && i < sizeof mm_types / sizeof mm_types[0]; i++)
        if (strcmp(mt->valuestring, mm_types[i]) == 0)
            return 1;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(j, "architectures"))
        if (cJSON_IsString(a) && (strstr(a->valuestring, "ForConditionalGeneration") || strstr(a->valuestring, "Vision") ||
                                  strstr(a->valuestring, "Llava") || strstr(a->valuestring, "ImageText")))
            return 1;
    return cJSON_IsString(mt) ? 0 : -1;
}

static int do_config(struct ctx *c, const struct rep_file *f)
{
    cJSON *j = parse_json_file(f), *cfg, *facts;
    const cJSON *mt, *ar;
    int mm;

    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return 0;
    }
    mm = config_multimodal(j);
    if (mm == 1 || (mm == 0 && c->multimodal < 0))
        c->multimodal = mm;
    if (!c->m->card && !(c->m->card = cJSON_CreateObject())) {
        cJSON_Delete(j);
        return WA_ENOMEM;
    }
    cfg = cJSON_CreateObject();
    mt = cJSON_GetObjectItemCaseSensitive(j, "model_type");
    ar = cJSON_GetObjectItemCaseSensitive(j, "architectures");
    jsonout_add_str(cfg, "model_type", cJSON_IsString(mt) ? mt->valuestring : NULL);
    cJSON_AddItemToObject(cfg, "architectures", cJSON_IsArray(ar) ? cJSON_Duplicate(ar, 1) : cJSON_CreateNull());
    facts = c->m->card;
    cJSON_DeleteItemFromObjectCaseSensitive(facts, "config");
    cJSON_AddItemToObject(facts, "config", cfg);
    cJSON_Delete(j);
    return 0;
}

static int do_adapter(struct ctx *c, const struct rep_file *f)
{
    cJSON *j = parse_json_file(f);
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(j, "base_model_name_or_path");
    int rc = 0;

    if (cJSON_IsString(b))
        rc = add_base(c, b->valuestring, "adapter", f->path);
    cJSON_Delete(j);
    return rc;
}

/* A GGUF fact, at the top level, under "metadata" or under "gguf". */
static const cJSON *gguf_fact(const cJSON *facts, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(facts, key);
    if (!v)
        v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(facts, "metadata"), key);
    if (!v)
        v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(facts, "gguf"), key);
    return v;
}

static int do_gguf(struct ctx *c, const struct rep_file *f, char **declared, struct wa_err *err)
{
    const cJSON *lic = gguf_fact(f->facts, "general.license");
    const cJSON *ln = gguf_fact(f->facts, "general.license.name");
    const cJSON *ll = gguf_fact(f->facts, "general.license.link");
    const cJSON *bms = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(f->facts, "gguf"), "base_models");
    const cJSON *b;
    int rc;

    if (cJSON_IsString(lic) || cJSON_IsString(ln)) {
        rc = declare(c, f->path, "gguf", "weights", cJSON_IsString(lic) ? lic->valuestring : NULL,
                     cJSON_IsString(ln) ? ln->valuestring : NULL, cJSON_IsString(ll) ? ll->valuestring : NULL,
                     declared, err);
        if (rc)
            return rc;
    }
    cJSON_ArrayForEach(b, bms) {
        const cJSON *org = cJSON_GetObjectItemCaseSensitive(b, "organization");
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(b, "name");
        const cJSON *url = cJSON_GetObjectItemCaseSensitive(b, "repo_url");
        char buf[512];
        if (cJSON_IsString(url) && strncmp(url->valuestring, "https://huggingface.co/", 23) == 0)
            snprintf(buf, sizeof buf, "%s", url->valuestring + 23);
        else if (cJSON_IsString(org) && cJSON_IsString(nm))
            snprintf(buf, sizeof buf, "%s/%s", org->valuestring, nm->valuestring);
        else if (cJSON_IsString(nm))
            snprintf(buf, sizeof buf, "%s", nm->valuestring);
        else
            continue;
        if ((rc = add_base(c, buf, NULL, f->path)))
            return rc;
    }
    for (int i = 0; i < 16 && !bms; i++) {
        char key[64];
        const cJSON *nm, *org, *url;
        char buf[512];
        snprintf(key, sizeof key, "general.base_model.%d.name", i);
        nm = gguf_fact(f->facts, key);
        snprintf(key, sizeof key, "general.base_model.%d.organization", i);
        org = gguf_fact(f->facts, key);
        snprintf(key, sizeof key, "general.base_model.%d.repo_url", i);
        url = gguf_fact(f->facts, key);
        if (!cJSON_IsString(nm) && !cJSON_IsString(url))
            continue;
        if (cJSON_IsString(url) && strncmp(url->valuestring, "https://huggingface.co/", 23) == 0)
            snprintf(buf, sizeof buf, "%s", url->valuestring + 23);
        else if (cJSON_IsString(org) && cJSON_IsString(nm))
            snprintf(buf, sizeof buf, "%s/%s", org->valuestring, nm->valuestring);
        else
            snprintf(buf, sizeof buf, "%s", cJSON_IsString(nm) ? nm->valuestring : "");
        if ((rc = add_base(c, buf, NULL, f->path)))
            return rc;
    }
    return 0;
}

/* ---- conclusion --------------------------------------------------------------- */

static int is_policy_doc(const struct lic_db *db, const char *id)
{
    struct lic_rule_info in;
    return id && lic_db_get(db, id, &in) == 0 && strcmp(in.kind, "policy") == 0;
}

static const char *category_of(const struct lic_db *db, const char *id)
{
    struct lic_rule_info in;
    struct lic_keyword k;
    if (!id || strcmp(id, "NOASSERTION") == 0 || strcmp(id, "NONE") == 0)
        return NULL;
    if (lic_db_get(db, id, &in) == 0)
        return in.category;
    if (lic_db_keyword(db, id, &k))
        return k.category;
    return NULL;
}

int lic_model_evidence_tier(const struct rep_license *l)
{
    int w = l->scope && strcmp(l->scope, "weights") == 0;

    if (!l->scope || strcmp(l->scope, "code") == 0 || !l->method)
        return -1;
    if (strcmp(l->method, "text") == 0)
        return w ? 0 : 1;
    if (strcmp(l->method, "ollama") == 0)
        return 2;
    if (strcmp(l->method, "gguf") == 0)
        return 3;
    if (strcmp(l->method, "notice") == 0)
        return w ? 4 : 5;
    if (strcmp(l->method, "card") == 0)
        return 6;
    return -1;
}

/* An acceptable use policy beside its license never decides on its own. */
static int tier(const struct lic_db *db, const struct rep_license *l)
{
    return is_policy_doc(db, l->id) ? -1 : lic_model_evidence_tier(l);
}

static int restrictiveness(const struct lic_db *db, const struct rep_license *l)
{
    return lic_category_rank(category_of(db, l->id)) * 2 + (l->modified ? 1 : 0);
}

static const struct rep_license *pick(const struct rep_model *m, const struct lic_db *db, int policies)
{
    const struct rep_license *best = NULL;
    int bt = 99;

    for (size_t i = 0; i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        int t = tier(db, l);
        if (policies && t < 0 && l->scope && strcmp(l->scope, "code") != 0 && is_policy_doc(db, l->id))
            t = 7;
        if (t < 0 || (policies && t != 7))
            continue;
        if (!best || t < bt ||
            (t == bt && (restrictiveness(db, l) > restrictiveness(db, best) ||
                         (restrictiveness(db, l) == restrictiveness(db, best) &&
                          (strcmp(l->source, best->source) < 0 ||
                           (strcmp(l->source, best->source) == 0 && strcmp(l->id, best->id) < 0)))))) {
            best = l;
            bt = t;
        }
    }
    return best;
}

/* The license that decides; when only acceptable use policies were found,
 * the policy stands in (the concluded id is then the policy's). */
const struct rep_license *lic_model_deciding(const struct rep_model *m, const struct lic_db *db)
{
    const struct rep_license *d = pick(m, db, 0);
    return d ? d : pick(m, db, 1);
}

static const char *family_of(const struct lic_db *db, const char *id)
{
    struct lic_rule_info in;
    return id && lic_db_get(db, id, &in) == 0 ? in.family : NULL;
}

cJSON *lic_model_clauses(const struct rep_model *m, const struct lic_db *db)
{
    const struct rep_license *d = lic_model_deciding(m, db);
    cJSON *out = cJSON_CreateArray();
    const char *fam;

    if (!out || !d)
        return out;
    if (d->clauses)
        lic_clause_merge(out, d->clauses, 0);
    fam = family_of(db, d->id);
    for (size_t i = 0; i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        const char *lf = family_of(db, l->id);
        if (l == d || !l->clauses || (l->scope && strcmp(l->scope, "code") == 0))
            continue;
        /* an acceptable use policy or another text of the same family adds its clauses */
        if (fam && lf && strcmp(fam, lf) == 0 && (is_policy_doc(db, l->id) || strcmp(l->method, "text") == 0))
            lic_clause_merge(out, l->clauses, 0);
    }
    return out;
}

int lic_model_multimodal(const struct rep_model *m)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(m->card, "multimodal");
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : -1;
}

static int add_obligations(struct rep_model *m, const struct lic_db *db, const char *id)
{
    struct lic_rule_info in;
    const cJSON *o;

    if (!id || lic_db_get(db, id, &in) != 0)
        return 0;
    cJSON_ArrayForEach(o, in.obligations) {
        const cJSON *oid = cJSON_GetObjectItemCaseSensitive(o, "id"), *txt = cJSON_GetObjectItemCaseSensitive(o, "text");
        int have = 0;
        if (!cJSON_IsString(oid) || !cJSON_IsString(txt))
            continue;
        for (size_t i = 0; i < m->n_obligations && !have; i++)
            have = strcmp(m->obligations[i].id, oid->valuestring) == 0;
        if (have)
            continue;
        struct rep_obligation *ob = report_add_obligation(m);
        if (!ob || report_set_str(&ob->id, oid->valuestring) || report_set_str(&ob->text, txt->valuestring) ||
            report_set_str(&ob->license, in.id))
            return WA_ENOMEM;
    }
    if (in.policy)
        return add_obligations(m, db, in.policy);
    return 0;
}

static const char *label(const struct lic_db *db, const char *id, char *buf, size_t n)
{
    struct lic_rule_info in;
    struct lic_keyword k;
    if (id && (strcmp(id, "NOASSERTION") == 0 || strcmp(id, "NONE") == 0))
        snprintf(buf, n, "%s (%s)", id[1] == 'O' ? "an unidentified license" : "no license", id);
    else if (id && lic_db_get(db, id, &in) == 0)
        snprintf(buf, n, "%s (%s)", in.name, id);
    else if (id && lic_db_keyword(db, id, &k) && k.name)
        snprintf(buf, n, "%s (%s)", k.name, id);
    else
        snprintf(buf, n, "%s", id ? id : "no license");
    return buf;
}

static int conclude(struct rep_model *m, const struct lic_db *db, int had_material)
{
    const struct rep_license *d = lic_model_deciding(m, db);
    char a[300], b[300];
    int n_code = 0, n_policy = 0;
    const char *policy_of = NULL;

    for (size_t i = 0; i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        if (l->scope && strcmp(l->scope, "code") == 0)
            n_code++;
        if (is_policy_doc(db, l->id)) {
            struct lic_rule_info in;
            n_policy++;
            if (lic_db_get(db, l->id, &in) == 0)
                policy_of = in.policy_of;
        }
    }
    if (d && is_policy_doc(db, d->id)) {
        if (report_set_str(&m->concluded_license, d->id))
            return WA_ENOMEM;
        return report_add_finding(m, FIND_REVIEW, "license_policy_only", d->source,
                                  "only an acceptable use policy was found (%s); the license it belongs to, %s, is not in the repository",
                                  d->source, label(db, policy_of ? policy_of : "NOASSERTION", a, sizeof a)) ? 0 : WA_ENOMEM;
    }
    if (!d) {
        if (n_policy && policy_of) {
            if (report_set_str(&m->concluded_license, policy_of))
                return WA_ENOMEM;
            return report_add_finding(m, FIND_REVIEW, "license_policy_only", NULL,
                                      "only an acceptable use policy was found; the license it belongs to, %s, is not in the repository",
                                      label(db, policy_of, a, sizeof a)) ? 0 : WA_ENOMEM;
        }
        if (n_code || had_material) {
            if (report_set_str(&m->concluded_license, "NOASSERTION"))
                return WA_ENOMEM;
            if (n_code)
                return report_add_finding(m, FIND_REVIEW, "license_code_only", NULL,
                                          "only licenses for code or third-party components were found; nothing states the license of the weights")
                           ? 0 : WA_ENOMEM;
            return 0;
        }
        if (report_set_str(&m->concluded_license, "NONE"))
            return WA_ENOMEM;
        return report_add_finding(m, FIND_REVIEW, "license_missing", NULL,
                                  "no license found: no LICENSE, COPYING or NOTICE text, no license in the model card, no GGUF general.license")
                   ? 0 : WA_ENOMEM;
    }
    if (report_set_str(&m->concluded_license, d->id))
        return WA_ENOMEM;
    /* other evidence about the weights that names another license */
    for (size_t i = 0; i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        int t = tier(db, l), td = tier(db, d);
        if (l == d || t < 0 || strcmp(l->id, d->id) == 0)
            continue;
        if (strcmp(l->method, "card") == 0 && td < 6) {
            int stricter = lic_category_rank(category_of(db, d->id)) > lic_category_rank(category_of(db, l->id)) &&
                           strcmp(d->id, "NOASSERTION") != 0;
            if (!report_add_finding(m, stricter ? FIND_DENY : FIND_REVIEW, "license_card_conflict", d->source,
                                    "the model card %s declares %s, but %s holds %s%s", l->source,
                                    label(db, l->id, a, sizeof a), d->source, label(db, d->id, b, sizeof b),
                                    stricter ? ", which is more restrictive: the card understates the restrictions" : ""))
                return WA_ENOMEM;
        } else if (t == td || (strcmp(l->method, "card") != 0 && strcmp(d->method, "card") != 0)) {
            if (!report_add_finding(m, FIND_REVIEW, "license_conflict", l->source,
                                    "%s names %s while %s names %s; the more restrictive one is taken", l->source,
                                    label(db, l->id, a, sizeof a), d->source, label(db, d->id, b, sizeof b)))
                return WA_ENOMEM;
        }
    }
    if (strcmp(d->method, "card") == 0 &&
        !report_add_finding(m, FIND_INFO, "license_card_only", d->source,
                            "the license, %s, is declared only in %s; no license text ships with the model",
                            label(db, d->id, a, sizeof a), d->source))
        return WA_ENOMEM;
    if (strcmp(d->method, "notice") == 0 &&
        !report_add_finding(m, FIND_INFO, "license_notice_only", d->source,
                            "%s names %s in a short notice; the full license text is not in the repository", d->source,
                            label(db, d->id, a, sizeof a)))
        return WA_ENOMEM;
    return 0;
}

static int lineage(struct rep_model *m, const struct lic_db *db)
{
    char a[300], b[300];
    const char *cat = category_of(db, m->concluded_license);

    for (size_t i = 0; i < m->n_base_models; i++) {
        const struct rep_base_model *bm = &m->base_models[i];
        const char *bc = category_of(db, bm->license);
        if (!bm->license) {
            /* a fine-tune of a base nobody identified: its terms still bind */
            if (!report_add_finding(m, FIND_REVIEW, "base_license_unknown", NULL,
                                    "the base model %s has a license weightaudit does not know (not a known family in "
                                    "manifests/families.json); a derivative stays bound by its base model's license, "
                                    "so check that license", bm->name))
                return WA_ENOMEM;
            continue;
        }
        if (cat && bc && lic_category_rank(cat) < lic_category_rank(bc) &&
            !report_add_finding(m, FIND_REVIEW, "license_more_permissive_than_base", NULL,
                                "the model is under %s (%s), but its base model %s is under %s (%s); a derivative stays "
                                "bound by its base model's license",
                                label(db, m->concluded_license, a, sizeof a), cat, bm->name,
                                label(db, bm->license, b, sizeof b), bc))
            return WA_ENOMEM;
    }
    return 0;
}

int lic_analyze(struct rep_model *m, const struct lic_db *db, struct wa_err *err)
{
    return lic_analyze_ex(m, db, 0, err);
}

static int cmp_path_idx(const void *a, const void *b, void *arg)
{
    const struct rep_model *m = arg;
    const struct rep_file *x = &m->files[*(const size_t *)a], *y = &m->files[*(const size_t *)b];
    return strcmp(x->path ? x->path : "", y->path ? y->path : "");
}

int lic_analyze_ex(struct rep_model *m, const struct lic_db *db, int flags, struct wa_err *err)
{
    struct ctx c = { .m = m, .db = db, .multimodal = -1 };
    size_t *order = malloc((m->n_files + 1) * sizeof *order);
    int rc = 0, had_material = 0;

    if (!order)
        return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
    for (size_t i = 0; i < m->n_files; i++)
        order[i] = i;
    qsort_r(order, m->n_files, sizeof *order, cmp_path_idx, m);
    /* the card first: its base models and modality; then configs; then texts */
    for (int pass = 0; pass < 3 && rc == 0; pass++)
        for (size_t k = 0; k < m->n_files && rc == 0; k++) {
            const struct rep_file *f = &m->files[order[k]];
            enum file_kind fk = f->path ? kind_of(m, f) : FK_NONE;
            if (pass == 0 && fk == FK_CARD && f->content && (!c.card_path))
                rc = do_card(&c, f, err);
            else if (pass == 1 && fk == FK_CONFIG && f->content)
                rc = do_config(&c, f);
            else if (pass == 1 && fk == FK_ADAPTER && f->content)
                rc = do_adapter(&c, f);
            else if (pass == 1 && f->format == FORMAT_GGUF && f->facts)
                rc = do_gguf(&c, f, m->declared_license ? NULL : &m->declared_license, err);
            else if (pass == 2 && fk == FK_LICENSE && f->content) {
                const char *method = m->layout == LAYOUT_OLLAMA && f->role == ROLE_LICENSE ? "ollama" : "text";
                rc = analyze_text(m, db, f, method, (flags & LIC_SINGLE_FILE) ? "all" : scope_of(f->path),
                                  &had_material, err);
            }
        }
    free(order);
    if (rc)
        return rc == WA_ENOMEM ? wa_err_set(err, rc, NULL, -1, "out of memory") : rc;
    if (c.multimodal >= 0 || m->card) {
        if (!m->card && !(m->card = cJSON_CreateObject()))
            return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
        cJSON_DeleteItemFromObjectCaseSensitive(m->card, "multimodal");
        if (c.multimodal >= 0)
            cJSON_AddBoolToObject(m->card, "multimodal", c.multimodal);
        else
            cJSON_AddNullToObject(m->card, "multimodal");
    }
    if ((rc = conclude(m, db, had_material)) || (rc = lineage(m, db)))
        return wa_err_set(err, rc, NULL, -1, "out of memory");
    if ((rc = add_obligations(m, db, m->concluded_license)))
        return wa_err_set(err, rc, NULL, -1, "out of memory");
    for (size_t i = 0; i < m->n_base_models; i++)
        if ((rc = add_obligations(m, db, m->base_models[i].license)))
            return wa_err_set(err, rc, NULL, -1, "out of memory");
    return 0;
}

/* ---- reading a folder for `weightaudit license` ------------------------------ */

static int wanted_name(const char *b)
{
    return ci_starts(b, "LICENSE") || ci_starts(b, "LICENCE") || ci_starts(b, "COPYING") || ci_starts(b, "NOTICE") ||
           ci_starts(b, "USE_POLICY") || ci_starts(b, "USE-POLICY") || ci_starts(b, "THIRD_PARTY") ||
           ci_starts(b, "THIRD-PARTY") || ci_starts(b, "ThirdParty") || ci_has(b, "license") || ci_has(b, "licence") ||
           strcasecmp(b, "README.md") == 0 || strcmp(b, "config.json") == 0 || strcmp(b, "adapter_config.json") == 0;
}

/* Read one file through an fd opened without following a final symlink. */
static int read_fd(int fd, struct rep_file *f, const char *shown, struct wa_err *err)
{
    size_t cap = 65536, n = 0;
    unsigned char *buf = malloc(cap + 1);

    if (!buf)
        return wa_err_set(err, WA_ENOMEM, shown, -1, "out of memory");
    for (;;) {
        ssize_t k;
        if (n == cap) {
            if (cap >= LIC_TEXT_MAX) {
                unsigned char probe;
                if (read(fd, &probe, 1) == 1)
                    f->content_truncated = 1;
                break;
            }
            cap = cap * 2 > LIC_TEXT_MAX ? LIC_TEXT_MAX : cap * 2;
            unsigned char *nb = realloc(buf, cap + 1);
            if (!nb) {
                free(buf);
                return wa_err_set(err, WA_ENOMEM, shown, -1, "out of memory");
            }
            buf = nb;
        }
        k = read(fd, buf + n, cap - n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            free(buf);
            return wa_err_sys(err, e, shown, "read");
        }
        if (k == 0)
            break;
        n += (size_t)k;
    }
    buf[n] = '\0';
    f->content = buf;
    f->content_len = n;
    f->size = (int64_t)n;
    return 0;
}

static int add_file(struct rep_model *m, int dirfd, const char *name, const char *rel, const char *shown,
                    struct wa_err *err)
{
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    struct rep_file *f;
    int rc;

    if (fd < 0)
        return wa_err_sys(err, errno, shown, "open");
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return wa_err_set(err, WA_EUNSAFE, shown, -1, "not a regular file");
    }
    f = report_add_file(m);
    if (!f || report_set_str(&f->path, rel)) {
        close(fd);
        return wa_err_set(err, WA_ENOMEM, shown, -1, "out of memory");
    }
    f->format = FORMAT_TEXT;
    rc = read_fd(fd, f, shown, err);
    close(fd);
    if (rc == 0 && st.st_size > (off_t)LIC_TEXT_MAX)
        f->content_truncated = 1;
    return rc;
}

/* A Hugging Face cache snapshot (models--ORG--NAME/snapshots/REV) links its
 * files to ../../blobs/HASH: those links stay inside the model's cache folder. */
static int in_hf_blobs(const char *real_dir, const char *target)
{
    char buf[PATH_MAX];
    char *slash;
    size_t n;

    snprintf(buf, sizeof buf, "%s", real_dir);
    if (!(slash = strrchr(buf, '/')) || slash == buf)
        return 0;
    *slash = '\0';                                  /* .../snapshots */
    if (!(slash = strrchr(buf, '/')) || strcmp(slash + 1, "snapshots") != 0)
        return 0;
    *slash = '\0';                                  /* .../models--ORG--NAME */
    if (!strrchr(buf, '/') || strncmp(strrchr(buf, '/') + 1, "models--", 8) != 0)
        return 0;
    n = strlen(buf);
    if (n + 7 >= sizeof buf)
        return 0;
    memcpy(buf + n, "/blobs/", 8);
    return strncmp(target, buf, n + 7) == 0 && !strchr(target + n + 7, '/');
}

int lic_model_load_path(struct rep_model *m, const char *path, struct wa_err *err)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    char real_dir[PATH_MAX];

    if (report_set_str(&m->path, path))
        return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
    if (stat(path, &st) != 0)
        return wa_err_sys(err, errno, path, "cannot read");
    if (S_ISREG(st.st_mode)) {
        int rc;
        char *dup = strdup(path);
        char *dir, *slash;
        int dfd;
        if (!dup)
            return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
        slash = strrchr(dup, '/');
        if (slash) {
            *slash = '\0';
            dir = slash == dup ? "/" : dup;
        } else {
            dir = ".";
        }
        dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0) {
            int en = errno;
            free(dup);
            return wa_err_sys(err, en, path, "open");
        }
        /* the file itself may be a symlink the user named: follow it once */
        {
            int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
            struct rep_file *f;
            if (fd < 0) {
                int en = errno;
                close(dfd);
                free(dup);
                return wa_err_sys(err, en, path, "open");
            }
            f = report_add_file(m);
            if (!f || report_set_str(&f->path, base_name(path))) {
                close(fd);
                close(dfd);
                free(dup);
                return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
            }
            {
                const char *b = base_name(path);
                size_t bl = strlen(b);
                f->role = bl >= 9 && strcasecmp(b + bl - 9, "README.md") == 0 ? ROLE_CARD : ROLE_LICENSE;
            }
            f->format = FORMAT_TEXT;
            rc = read_fd(fd, f, path, err);
            close(fd);
        }
        close(dfd);
        free(dup);
        return rc;
    }
    if (!S_ISDIR(st.st_mode))
        return wa_err_set(err, WA_EUNSAFE, path, -1, "not a regular file or folder");
    if (!realpath(path, real_dir))
        return wa_err_sys(err, errno, path, "cannot resolve");
    d = opendir(path);
    if (!d)
        return wa_err_sys(err, errno, path, "cannot open folder");
    while ((e = readdir(d))) {
        char shown[PATH_MAX + 256];
        struct stat ls;
        int rc;
        if (e->d_name[0] == '.' || !wanted_name(e->d_name))
            continue;
        snprintf(shown, sizeof shown, "%s/%s", path, e->d_name);
        if (fstatat(dirfd(d), e->d_name, &ls, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISLNK(ls.st_mode)) {
            /* a symlink is read only when it resolves inside the folder */
            char target[PATH_MAX];
            size_t rl = strlen(real_dir);
            if (!realpath(shown, target) ||
                ((strncmp(target, real_dir, rl) != 0 || target[rl] != '/') && !in_hf_blobs(real_dir, target))) {
                if (!report_add_finding(m, FIND_REVIEW, "license_file_unsafe", e->d_name,
                                        "%s is a symbolic link that leads out of the folder; it was not read", e->d_name)) {
                    closedir(d);
                    return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
                }
                continue;
            }
            {
                int fd = open(target, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
                struct rep_file *f;
                struct stat fs;
                if (fd < 0 || fstat(fd, &fs) != 0 || !S_ISREG(fs.st_mode)) {
                    if (fd >= 0)
                        close(fd);
                    continue;
                }
                f = report_add_file(m);
                if (!f || report_set_str(&f->path, e->d_name)) {
                    close(fd);
                    closedir(d);
                    return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
                }
                f->format = FORMAT_TEXT;
                rc = read_fd(fd, f, shown, err);
                close(fd);
                if (rc) {
                    closedir(d);
                    return rc;
                }
            }
            continue;
        }
        if (!S_ISREG(ls.st_mode))
            continue;
        if ((rc = add_file(m, dirfd(d), e->d_name, e->d_name, shown, err))) {
            closedir(d);
            return rc;
        }
    }
    closedir(d);
    return 0;
}
