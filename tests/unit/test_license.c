/*
 * test_license.c - the license engine and the policy: every case of the
 * corpus in tests/licenses/ (exact id, modified and clause values), the
 * clause detectors against every canonical text, the normaliser, the card
 * parser, the model-level analysis on hand-built models (scopes, card and
 * text conflicts, lineage, GGUF facts, adapters, modality) and the verdict
 * with its reasons for the policy cases of the spec.
 */
#include "wa_test.h"

#include <unistd.h>

#include <cjson/cJSON.h>

#include "lic_card.h"
#include "lic_clause.h"
#include "lic_db.h"
#include "lic_match.h"
#include "lic_model.h"
#include "lic_text.h"
#include "policy.h"
#include "report.h"

static struct lic_db *db;

static int setup(void **state)
{
    struct wa_err e;
    (void)state;
    wa_err_clear(&e);
    if (lic_db_load(&db, root_path(""), &e)) {
        fprintf(stderr, "lic_db_load: %s: %s\n", e.file, e.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lic_db_free(db);
    return 0;
}

/* ---- helpers ---------------------------------------------------------------- */

static struct rep_file *add(struct rep_model *m, const char *path, const char *content)
{
    struct rep_file *f = report_add_file(m);
    assert_non_null(f);
    assert_int_equal(report_set_str(&f->path, path), 0);
    if (content) {
        f->content_len = strlen(content);
        f->content = malloc(f->content_len + 1);
        memcpy(f->content, content, f->content_len + 1);
    }
    f->format = FORMAT_TEXT;
    return f;
}

static char *canon(const char *id)
{
    char rel[512];
    size_t n = 0;
    snprintf(rel, sizeof rel, "licenses/%s.txt", id);
    char *t = (char *)slurp(root_path(rel), &n);
    assert_non_null(t);
    return t;
}

static struct rep_model *model(struct report **r)
{
    *r = report_new();
    assert_non_null(*r);
    struct rep_model *m = report_add_model(*r);
    assert_non_null(m);
    report_set_str(&m->path, "model");
    return m;
}

static void analyze(struct rep_model *m)
{
    struct wa_err e;
    wa_err_clear(&e);
    assert_int_equal(lic_analyze(m, db, &e), 0);
}

static const struct rep_finding *finding(const struct rep_model *m, const char *code)
{
    for (size_t i = 0; i < m->n_findings; i++)
        if (strcmp(m->findings[i].code, code) == 0)
            return &m->findings[i];
    return NULL;
}

static const struct rep_license *lic_from(const struct rep_model *m, const char *source)
{
    for (size_t i = 0; i < m->n_licenses; i++)
        if (strcmp(m->licenses[i].source, source) == 0)
            return &m->licenses[i];
    return NULL;
}

static const struct rep_license *lic_id(const struct rep_model *m, const char *id)
{
    for (size_t i = 0; i < m->n_licenses; i++)
        if (strcmp(m->licenses[i].id, id) == 0)
            return &m->licenses[i];
    return NULL;
}

/* ---- the corpus --------------------------------------------------------------- */

static void test_corpus(void **state)
{
    size_t n = 0;
    char *js = (char *)slurp(root_path("tests/licenses/expected.json"), &n);
    cJSON *doc, *c;
    int failed = 0, total = 0;

    (void)state;
    assert_non_null(js);
    doc = cJSON_Parse(js);
    free(js);
    assert_non_null(doc);
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "cases")) {
        const char *file = cJSON_GetObjectItem(c, "file")->valuestring;
        const char *want = cJSON_GetObjectItem(c, "id")->valuestring;
        int want_mod = cJSON_IsTrue(cJSON_GetObjectItem(c, "modified"));
        cJSON *want_cl = cJSON_GetObjectItem(c, "clauses");
        char path[1024];
        struct report *r;
        struct rep_model *m = model(&r);
        struct wa_err e;
        const struct rep_license *d;
        cJSON *cl, *got_cl = cJSON_CreateObject(), *x;

        snprintf(path, sizeof path, "tests/licenses/%s", file);
        wa_err_clear(&e);
        assert_int_equal(lic_model_load_path(m, root_path(path), &e), 0);
        assert_int_equal(lic_analyze_ex(m, db, LIC_SINGLE_FILE, &e), 0);
        d = lic_model_deciding(m, db);
        cl = lic_model_clauses(m, db);
        cJSON_ArrayForEach(x, cl)
            cJSON_AddItemToObject(got_cl, cJSON_GetObjectItem(x, "id")->valuestring,
                                  cJSON_Duplicate(cJSON_GetObjectItem(x, "value"), 1));
        total++;
        if (strcmp(m->concluded_license, want) != 0 || (d ? d->modified : 0) != want_mod ||
            !cJSON_Compare(got_cl, want_cl, 1)) {
            char *g = cJSON_PrintUnformatted(got_cl), *w = cJSON_PrintUnformatted(want_cl);
            fprintf(stderr, "corpus %s: got %s modified=%d %s, want %s modified=%d %s\n", file,
                    m->concluded_license, d ? d->modified : 0, g, want, want_mod, w);
            free(g);
            free(w);
            failed++;
        }
        cJSON_Delete(cl);
        cJSON_Delete(got_cl);
        report_free(r);
    }
    cJSON_Delete(doc);
    fprintf(stderr, "license corpus: %d/%d exact\n", total - failed, total);
    assert_int_equal(failed, 0);
    assert_true(total > 200);
}

/* Every canonical text yields exactly the clauses its rule declares. */
static void test_canonical_clauses(void **state)
{
    (void)state;
    for (size_t i = 0; i < lic_db_count(db); i++) {
        struct lic_rule_info in;
        const cJSON *t, *c;
        lic_db_at(db, i, &in);
        cJSON_ArrayForEach(t, cJSON_GetObjectItem(in.json, "texts")) {
            size_t n = 0;
            char *txt = (char *)slurp(root_path(t->valuestring), &n);
            cJSON *got, *want = cJSON_CreateArray();
            assert_non_null(txt);
            got = lic_clause_detect(db, txt, n);
            cJSON_ArrayForEach(c, in.clauses)
                if (!cJSON_IsTrue(cJSON_GetObjectItem(c, "implied"))) {
                    cJSON *o = cJSON_CreateObject();
                    cJSON_AddStringToObject(o, "id", cJSON_GetObjectItem(c, "id")->valuestring);
                    cJSON_AddItemToObject(o, "value", cJSON_Duplicate(cJSON_GetObjectItem(c, "value"), 1));
                    if (cJSON_GetObjectItem(c, "scope"))
                        cJSON_AddStringToObject(o, "scope", cJSON_GetObjectItem(c, "scope")->valuestring);
                    else if (strcmp(cJSON_GetObjectItem(c, "id")->valuestring, "territory-exclusion") == 0)
                        cJSON_AddStringToObject(o, "scope", "all");
                    cJSON_AddItemToArray(want, o);
                }
            lic_clause_sort(want);
            if (!cJSON_Compare(got, want, 1)) {
                char *g = cJSON_PrintUnformatted(got), *w = cJSON_PrintUnformatted(want);
                fail_msg("%s: clauses %s, rule says %s", t->valuestring, g, w);
            }
            cJSON_Delete(got);
            cJSON_Delete(want);
            free(txt);
        }
    }
}

/* Each canonical text is identified as itself, clean, and no other text is
 * an exact match for it (near versions stay apart). */
static void test_canonical_identity(void **state)
{
    (void)state;
    for (size_t i = 0; i < lic_db_count(db); i++) {
        struct lic_rule_info in;
        const cJSON *t;
        lic_db_at(db, i, &in);
        cJSON_ArrayForEach(t, cJSON_GetObjectItem(in.json, "texts")) {
            size_t n = 0;
            unsigned char *raw = slurp(root_path(t->valuestring), &n);
            struct lic_doc d;
            struct lic_result r;
            struct wa_err e;
            assert_int_equal(lic_text_decode(&d, raw, n), 0);
            assert_int_equal(lic_match(&r, db, &d, &e), 0);
            assert_true(r.n_hits >= 1);
            if (strcmp(r.hits[0].rule.id, in.id) != 0 || r.hits[0].modified)
                fail_msg("%s identified as %s (modified %d)", t->valuestring, r.hits[0].rule.id, r.hits[0].modified);
            lic_result_free(&r);
            lic_doc_free(&d);
            free(raw);
        }
    }
}

/* ---- normaliser ---------------------------------------------------------------- */

static int same_tokens(const char *a, const char *b)
{
    struct lic_toks x, y;
    int same;
    assert_int_equal(lic_text_tokenize(&x, a, strlen(a)), 0);
    assert_int_equal(lic_text_tokenize(&y, b, strlen(b)), 0);
    same = x.n == y.n;
    for (size_t i = 0; same && i < x.n; i++)
        same = x.v[i].h == y.v[i].h;
    lic_toks_free(&x);
    lic_toks_free(&y);
    return same;
}

static void test_normaliser(void **state)
{
    (void)state;
    assert_true(same_tokens("the Licence is granted", "THE LICENSE IS GRANTED"));
    assert_true(same_tokens("non-commercial use", "noncommercial use"));
    assert_true(same_tokens("a sub-license", "a sublicense"));
    assert_true(same_tokens("\xe2\x80\x9cLicensee\xe2\x80\x9d means", "\"Licensee\" means"));
    assert_true(same_tokens("see https://example.org/x", "see http://example.org/x"));
    assert_true(same_tokens("the [text](https://example.org/long/url) here", "the text here"));
    assert_true(same_tokens("Copyright (c) 2024 Foo Inc.\n\nPermission is granted", "Permission is granted"));
    assert_true(same_tokens("the copyright owner", "the copyright holder"));
    assert_true(same_tokens("10 per cent", "10 percent"));
    assert_true(same_tokens("one\r\ntwo\r\n", "one two"));
    assert_true(same_tokens("terms & conditions", "terms and conditions"));
    assert_true(same_tokens("<p>the <b>License</b><br/>text</p>", "the License text"));
    assert_true(!same_tokens("the <year> of", "the of"));
    assert_true(!same_tokens("more than 700 million users", "more than 7 million users"));
    assert_true(!same_tokens("Llama 3.1", "Llama 3.2"));
    assert_true(!same_tokens("you may not use it", "you may use it"));
    /* a line that says what may be done is never a copyright notice */
    assert_true(!same_tokens("Copyright 2024 Foo. Commercial use is prohibited.\n\nPermission", "Permission"));
    /* list markers are flagged, numbers in sentences are not */
    {
        struct lic_toks t;
        const char *s = "1. Definitions\n(a) foo\nmore than 1 million";
        assert_int_equal(lic_text_tokenize(&t, s, strlen(s)), 0);
        assert_true(t.v[0].flags & LIC_TOK_MARKER);
        assert_true(t.v[2].flags & LIC_TOK_MARKER);
        assert_false(t.v[6].flags & LIC_TOK_MARKER);
        lic_toks_free(&t);
    }
}

static void test_decode(void **state)
{
    struct lic_doc d;
    (void)state;
    assert_int_equal(lic_text_decode(&d, (const unsigned char *)"\xff\xfeL\0i\0c\0", 8), 0);
    assert_string_equal(d.text, "Lic");
    assert_true(d.utf16);
    lic_doc_free(&d);
    assert_int_equal(lic_text_decode(&d, (const unsigned char *)"\xef\xbb\xbfMIT", 6), 0);
    assert_string_equal(d.text, "MIT");
    assert_int_equal((int)d.base, 3);
    lic_doc_free(&d);
    assert_int_equal(lic_text_decode(&d, (const unsigned char *)"a\0b\0c\0d\0e\0f\0g\0h\0", 16), 0);
    assert_string_equal(d.text, "abcdefgh");    /* UTF-16LE without BOM */
    lic_doc_free(&d);
    assert_int_equal(lic_text_decode(&d, (const unsigned char *)"\x01\x02\x03\x00\x05", 5), 0);
    assert_true(d.binary);
    lic_doc_free(&d);
    assert_int_equal(lic_text_decode(&d, (const unsigned char *)" \n\t ", 4), 0);
    assert_true(d.empty);
    lic_doc_free(&d);
}

/* ---- card parser ---------------------------------------------------------------- */

static void test_card(void **state)
{
    cJSON *c;
    struct wa_err e;
    const char *ok = "---\nlicense: other\nlicense_name: qwen\nbase_model:\n- a/b\n- c/d\ntags: [x, y]\nempty: ~\n---\n# body\n";
    (void)state;
    wa_err_clear(&e);
    assert_int_equal(lic_card_parse(&c, ok, strlen(ok), &e), 0);
    assert_non_null(c);
    assert_string_equal(cJSON_GetObjectItem(c, "license_name")->valuestring, "qwen");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "base_model")), 2);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(c, "empty")));
    cJSON_Delete(c);
    assert_int_equal(lic_card_parse(&c, "# no front matter\n", 18, &e), 0);
    assert_null(c);
    assert_int_equal(lic_card_parse(&c, "---\nlicense: [unclosed\n---\n", 27, &e), WA_EFORMAT);
    assert_int_equal(lic_card_parse(&c, "---\nlicense: mit\n", 17, &e), WA_EFORMAT);
    assert_int_equal(lic_card_parse(&c, "---\n- a\n- b\n---\n", 16, &e), WA_EFORMAT);
    {
        char deep[400] = "---\nk: ";
        for (int i = 0; i < 100; i++)
            strcat(deep, "[");
        strcat(deep, "\n---\n");
        assert_int_not_equal(lic_card_parse(&c, deep, strlen(deep), &e), 0);
    }
    {
        const char *bomb = "---\na: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c]\n---\n";
        assert_int_equal(lic_card_parse(&c, bomb, strlen(bomb), &e), 0);
        assert_non_null(c);
        cJSON_Delete(c);
    }
    {
        const char *crlf = "\xef\xbb\xbf---\r\nlicense: mit\r\n---\r\n";
        assert_int_equal(lic_card_parse(&c, crlf, strlen(crlf), &e), 0);
        assert_string_equal(cJSON_GetObjectItem(c, "license")->valuestring, "mit");
        cJSON_Delete(c);
    }
}

/* ---- model level ------------------------------------------------------------------ */

static void test_code_and_weights_scopes(void **state)
{
    struct report *r;
    struct rep_model *m = model(&r);
    char *mit = canon("MIT"), *ds = canon("LicenseRef-DeepSeek-License-1.0");
    (void)state;
    add(m, "LICENSE-CODE", mit);
    add(m, "LICENSE-MODEL", ds);
    analyze(m);
    assert_string_equal(m->concluded_license, "LicenseRef-DeepSeek-License-1.0");
    assert_string_equal(lic_from(m, "LICENSE-CODE")->scope, "code");
    assert_string_equal(lic_from(m, "LICENSE-CODE")->id, "MIT");
    assert_string_equal(lic_from(m, "LICENSE-MODEL")->scope, "weights");
    assert_null(finding(m, "license_conflict"));
    free(mit);
    free(ds);
    report_free(r);
}

static void test_code_only(void **state)
{
    struct report *r;
    struct rep_model *m = model(&r);
    char *mit = canon("MIT");
    (void)state;
    add(m, "LICENSE-CODE", mit);
    analyze(m);
    assert_string_equal(m->concluded_license, "NOASSERTION");
    assert_non_null(finding(m, "license_code_only"));
    free(mit);
    report_free(r);
}

static void test_card_text_conflict(void **state)
{
    struct report *r;
    struct rep_model *m = model(&r);
    char *ll = canon("LicenseRef-Llama-3.1-Community");
    (void)state;
    add(m, "README.md", "---\nlicense: apache-2.0\n---\n# x\n");
    add(m, "LICENSE", ll);
    analyze(m);
    assert_string_equal(m->declared_license, "Apache-2.0");
    assert_string_equal(m->concluded_license, "LicenseRef-Llama-3.1-Community");
    assert_non_null(finding(m, "license_card_conflict"));
    assert_int_equal(finding(m, "license_card_conflict")->severity, FIND_DENY);
    free(ll);
    report_free(r);

    /* the other way round: the card is the stricter one: review */
    m = model(&r);
    char *ap = canon("Apache-2.0");
    add(m, "README.md", "---\nlicense: llama3.1\n---\n");
    add(m, "LICENSE", ap);
    analyze(m);
    assert_int_equal(finding(m, "license_card_conflict")->severity, FIND_REVIEW);
    free(ap);
    report_free(r);
}

static void test_card_other_link(void **state)
{
    struct report *r;
    struct rep_model *m = model(&r);
    char *q = canon("LicenseRef-Qwen-Research");
    (void)state;
    add(m, "README.md", "---\nlicense: other\nlicense_name: my-own\nlicense_link: LICENSE\n---\n");
    add(m, "LICENSE", q);
    analyze(m);
    assert_string_equal(m->concluded_license, "LicenseRef-Qwen-Research");
    /* the publisher's own name for it is no unknown keyword: the linked text decides */
    assert_non_null(finding(m, "license_card_link"));
    assert_null(finding(m, "license_unknown_keyword"));
    assert_null(finding(m, "license_card_conflict"));
    free(q);
    report_free(r);

    m = model(&r);
    add(m, "README.md", "---\nlicense: other\nlicense_name: x\nlicense_link: LICENSE.md\n---\n");
    analyze(m);
    assert_non_null(finding(m, "license_link_missing"));
    report_free(r);
}

static void test_lineage(void **state)
{
    struct report *r;
    struct rep_model *m = model(&r);
    (void)state;
    add(m, "README.md", "---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B-Instruct\nbase_model_relation: finetune\n---\n");
    analyze(m);
    assert_int_equal((int)m->n_base_models, 1);
    assert_string_equal(m->base_models[0].license, "LicenseRef-Llama-3.1-Community");
    assert_string_equal(m->base_models[0].relation, "finetune");
    assert_non_null(finding(m, "license_more_permissive_than_base"));
    assert_non_null(finding(m, "license_card_only"));
    /* the base model's obligations come along */
    {
        int has = 0;
        for (size_t i = 0; i < m->n_obligations; i++)
            has |= strcmp(m->obligations[i].id, "llama-attribution") == 0;
        assert_true(has);
    }
    report_free(r);
}

static void test_adapter_and_multimodal(void **state)
{
    struct report *r;
    struct rep_model *m = model(&r);
    (void)state;
    add(m, "adapter_config.json", "{\"base_model_name_or_path\": \"meta-llama/Llama-3.2-11B-Vision-Instruct\", \"r\": 8}");
    analyze(m);
    assert_string_equal(m->base_models[0].relation, "adapter");
    assert_string_equal(m->base_models[0].license, "LicenseRef-Llama-3.2-Community");
    assert_int_equal(lic_model_multimodal(m), 1);
    report_free(r);

    m = model(&r);
    add(m, "config.json", "{\"model_type\": \"llama\", \"architectures\": [\"LlamaForCausalLM\"]}");
    analyze(m);
    assert_int_equal(lic_model_multimodal(m), 0);
    report_free(r);

    m = model(&r);
    add(m, "config.json", "{\"model_type\": \"mllama\", \"vision_config\": {}}");
    analyze(m);
    assert_int_equal(lic_model_multimodal(m), 1);
    report_free(r);
}

static void test_gguf_facts(void **state)
{
    struct report *r;
    struct rep_model *m = model(&r);
    struct rep_file *f;
    (void)state;
    f = add(m, "model-Q4_K_M.gguf", NULL);
    f->format = FORMAT_GGUF;
    f->facts = cJSON_Parse("{\"metadata\": {\"general.license\": \"llama3.1\"},"
                           " \"gguf\": {\"base_models\": [{\"name\": \"Llama 3.1 8B Instruct\", \"organization\": \"Meta Llama\","
                           " \"repo_url\": \"https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct\"}]}}");
    analyze(m);
    assert_string_equal(m->concluded_license, "LicenseRef-Llama-3.1-Community");
    assert_string_equal(lic_id(m, "LicenseRef-Llama-3.1-Community")->method, "gguf");
    assert_string_equal(m->base_models[0].name, "meta-llama/Llama-3.1-8B-Instruct");
    report_free(r);

    m = model(&r);
    f = add(m, "x.gguf", NULL);
    f->format = FORMAT_GGUF;
    f->facts = cJSON_Parse("{\"general.license\": \"apache-2.0\"}");
    analyze(m);
    assert_string_equal(m->concluded_license, "Apache-2.0");
    report_free(r);
}

static void test_nothing(void **state)
{
    struct report *r;
    struct rep_model *m = model(&r);
    (void)state;
    add(m, "model.safetensors", NULL);
    analyze(m);
    assert_string_equal(m->concluded_license, "NONE");
    assert_non_null(finding(m, "license_missing"));
    report_free(r);
}

static void test_modified_evidence(void **state)
{
    struct report *r;
    struct rep_model *m = model(&r);
    char *ap = canon("Apache-2.0"), *t;
    const struct rep_license *l;
    (void)state;
    t = malloc(strlen(ap) + 200);
    sprintf(t, "%s\nYou may not use the Work for commercial purposes.\n", ap);
    add(m, "LICENSE", t);
    analyze(m);
    l = lic_from(m, "LICENSE");
    assert_string_equal(l->id, "Apache-2.0");
    assert_true(l->modified);
    assert_true(l->confidence < 1.0);
    assert_non_null(l->evidence);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(l->evidence, 0), "kind")->valuestring, "inserted");
    assert_non_null(strstr(cJSON_GetObjectItem(cJSON_GetArrayItem(l->evidence, 0), "text")->valuestring, "commercial"));
    assert_int_equal((int)cJSON_GetObjectItem(cJSON_GetArrayItem(l->evidence, 0), "offset")->valuedouble, (int)strlen(ap) + 1);
    assert_non_null(finding(m, "license_modified"));
    free(ap);
    free(t);
    report_free(r);
}

/* ---- policy --------------------------------------------------------------------- */

struct verdict_case {
    const char *what;
    const char *files[3][2];     /* path, content ("@ID" = canonical text of ID) */
    const char *policy;
    int64_t mau;
    const char *region;
    int commercial;              /* -2 keep, else set */
    enum verdict want;
    const char *code;            /* a finding that must be there, or NULL */
};

static enum verdict run_policy(const struct verdict_case *vc, struct rep_model **out, struct report **rr)
{
    struct report *r;
    struct rep_model *m = model(&r);
    struct policy *p;
    struct wa_err e;

    for (int i = 0; i < 3 && vc->files[i][0]; i++) {
        const char *c = vc->files[i][1];
        char *t = c[0] == '@' ? canon(c + 1) : strdup(c);
        add(m, vc->files[i][0], t);
        free(t);
    }
    analyze(m);
    wa_err_clear(&e);
    assert_int_equal(policy_load(&p, vc->policy, root_path(""), &e), 0);
    if (vc->mau >= 0)
        policy_set_mau(p, vc->mau);
    if (vc->region)
        assert_int_equal(policy_add_region(p, vc->region), 0);
    if (vc->commercial != -2)
        p->org.commercial_use = vc->commercial;
    assert_int_equal(policy_apply(m, p, db, &e), 0);
    policy_free(p);
    report_finalize(r);
    *out = &r->models[0];
    *rr = r;
    return r->models[0].verdict;
}

static void test_verdicts(void **state)
{
    static const char llama32_vision_cfg[] = "{\"model_type\": \"mllama\", \"vision_config\": {}}";
    static const char llama_text_cfg[] = "{\"model_type\": \"llama\", \"architectures\": [\"LlamaForCausalLM\"]}";
    const struct verdict_case cases[] = {
        { "apache allowed", { { "LICENSE", "@Apache-2.0" } }, NULL, -1, NULL, -2, VERDICT_ALLOW, "policy_allow" },
        { "mit card only allowed", { { "README.md", "---\nlicense: mit\n---\n" } }, NULL, -1, NULL, -2, VERDICT_ALLOW, "license_card_only" },
        { "openmdw 1.1 allowed", { { "LICENSE", "@LicenseRef-OpenMDW-1.1" } }, NULL, -1, NULL, -2, VERDICT_ALLOW, NULL },
        { "llama mau unknown", { { "LICENSE", "@LicenseRef-Llama-3.1-Community" } }, NULL, -1, NULL, -2, VERDICT_REVIEW, "mau_unknown" },
        { "llama mau above", { { "LICENSE", "@LicenseRef-Llama-3.1-Community" } }, NULL, 800000000, NULL, -2, VERDICT_DENY, "mau_cap_exceeded" },
        { "llama mau below", { { "LICENSE", "@LicenseRef-Llama-3.1-Community" } }, NULL, 5000, NULL, -2, VERDICT_ALLOW, "mau_cap_ok" },
        { "llama 3.2 vision in EU", { { "LICENSE", "@LicenseRef-Llama-3.2-Community" }, { "config.json", llama32_vision_cfg } },
          NULL, 5000, "de", -2, VERDICT_DENY, "territory_excluded" },
        { "llama 3.2 vision, eu code", { { "LICENSE", "@LicenseRef-Llama-3.2-Community" }, { "config.json", llama32_vision_cfg } },
          NULL, 5000, "eu", -2, VERDICT_DENY, "territory_excluded" },
        { "llama 3.2 vision in US", { { "LICENSE", "@LicenseRef-Llama-3.2-Community" }, { "config.json", llama32_vision_cfg } },
          NULL, 5000, "us", -2, VERDICT_ALLOW, "territory_ok" },
        { "llama 3.2 text in EU", { { "LICENSE", "@LicenseRef-Llama-3.2-Community" }, { "config.json", llama_text_cfg } },
          NULL, 5000, "fr", -2, VERDICT_ALLOW, "territory_not_applicable" },
        { "llama 3.2 unknown modality in EU", { { "LICENSE", "@LicenseRef-Llama-3.2-Community" } },
          NULL, 5000, "it", -2, VERDICT_REVIEW, "territory_multimodal_unknown" },
        { "llama 4 region unknown", { { "LICENSE", "@LicenseRef-Llama-4-Community" } }, NULL, 5000, NULL, -2, VERDICT_REVIEW, "territory_unknown" },
        { "llama 4 text alone in the EU: every Llama 4 model is multimodal", { { "LICENSE", "@LicenseRef-Llama-4-Community" } },
          NULL, 5000, "fr", -2, VERDICT_DENY, "territory_excluded" },
        { "llama 3.3 in the EU: text-only family", { { "LICENSE", "@LicenseRef-Llama-3.3-Community" } },
          NULL, 5000, "fr", -2, VERDICT_ALLOW, "territory_not_applicable" },
        { "llama 4 in EU via AUP", { { "README.md", "---\nlicense: llama4\nbase_model: meta-llama/Llama-4-Scout-17B-16E\n---\n" } },
          NULL, 5000, "nl", -2, VERDICT_DENY, "territory_excluded" },
        { "llama fine-tune labelled apache", { { "README.md", "---\nlicense: apache-2.0\nbase_model: meta-llama/Llama-3.1-8B\n---\n" } },
          NULL, 800000000, NULL, -2, VERDICT_DENY, "mau_cap_exceeded" },
        { "non-commercial, commercial use", { { "LICENSE", "@CC-BY-NC-4.0" } }, NULL, -1, NULL, -2, VERDICT_DENY, "non_commercial" },
        { "non-commercial, use unknown", { { "LICENSE", "@LicenseRef-Qwen-Research" } }, NULL, -1, NULL, -1, VERDICT_REVIEW, "non_commercial_unknown" },
        { "mistral research, commercial", { { "LICENSE", "@LicenseRef-Mistral-Research-License" } }, NULL, -1, NULL, 1, VERDICT_DENY, "non_commercial" },
        { "no license", { { "model.safetensors", "" } }, NULL, -1, NULL, -2, VERDICT_REVIEW, "policy_unknown_license" },
        { "unknown text", { { "LICENSE", "You can do whatever the author says on Tuesdays." } }, NULL, -1, NULL, -2, VERDICT_REVIEW, "license_unidentified" },
        { "apache with an empty license file", { { "LICENSE", "@Apache-2.0" }, { "LICENSE-extra", "" } }, NULL, -1, NULL, -2, VERDICT_REVIEW, "license_file_empty" },
        { "hunyuan in EU", { { "LICENSE", "@LicenseRef-Tencent-Hunyuan-Community" } }, NULL, 10, "eu", -2, VERDICT_DENY, "territory_excluded" },
        { "hunyuan in UK", { { "LICENSE", "@LicenseRef-Tencent-Hunyuan-Community" } }, NULL, 10, "gb", -2, VERDICT_DENY, "territory_excluded" },
        { "hunyuan 3d above 1M", { { "LICENSE", "@LicenseRef-Tencent-Hunyuan-3D-2.1-Community" } }, NULL, 2000000, "us", -2, VERDICT_DENY, "mau_cap_exceeded" },
        { "stability revenue unknown", { { "LICENSE", "@LicenseRef-Stability-AI-Community" } }, NULL, -1, NULL, -2, VERDICT_REVIEW, "revenue_unknown" },
        { "gemma review", { { "LICENSE", "@LicenseRef-Gemma" } }, NULL, -1, NULL, -2, VERDICT_REVIEW, "policy_review" },
        { "falcon is not apache", { { "LICENSE", "@LicenseRef-TII-Falcon-License" } }, NULL, -1, NULL, -2, VERDICT_REVIEW, "policy_review" },
        { "permissive-only denies llama", { { "LICENSE", "@LicenseRef-Llama-3.1-Community" } }, "permissive-only", 10, NULL, -2, VERDICT_DENY, "policy_deny" },
        { "strict reviews llama", { { "LICENSE", "@LicenseRef-Llama-3.1-Community" } }, "strict", 10, NULL, -2, VERDICT_REVIEW, "policy_review" },
        { "strict allows mit", { { "LICENSE", "@MIT" } }, "strict", -1, NULL, -2, VERDICT_ALLOW, NULL },
        { "restriction in a NOTICE file", { { "LICENSE", "@Apache-2.0" }, { "NOTICE", "The model weights may be used for non-commercial purposes only.\n" } },
          NULL, -1, NULL, -2, VERDICT_REVIEW, "license_restriction_elsewhere" },
        { "card says apache, text is llama", { { "README.md", "---\nlicense: apache-2.0\n---\n" }, { "LICENSE", "@LicenseRef-Llama-3.1-Community" } },
          NULL, 10, NULL, -2, VERDICT_DENY, "license_card_conflict" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rep_model *m;
        struct report *r;
        enum verdict v = run_policy(&cases[i], &m, &r);
        if (v != cases[i].want || (cases[i].code && !finding(m, cases[i].code))) {
            for (size_t k = 0; k < m->n_findings; k++)
                fprintf(stderr, "  %s %s: %s\n", finding_sev_name(m->findings[k].severity), m->findings[k].code, m->findings[k].message);
            fail_msg("%s: verdict %s, want %s (finding %s)", cases[i].what, verdict_name(v), verdict_name(cases[i].want),
                     cases[i].code ? cases[i].code : "-");
        }
        /* every deny and review finding names its license or file */
        for (size_t k = 0; k < m->n_findings; k++)
            assert_true(strlen(m->findings[k].message) > 20);
        report_free(r);
    }
}

static void test_modified_never_allowed(void **state)
{
    struct report *r;
    struct rep_model *m = model(&r);
    struct policy *p;
    struct wa_err e;
    char *mit = canon("MIT"), *t;
    (void)state;
    t = malloc(strlen(mit) + 100);
    sprintf(t, "%s\nThis software is for internal evaluation.\n", mit);
    add(m, "LICENSE", t);
    analyze(m);
    assert_int_equal(policy_load(&p, NULL, root_path(""), &e), 0);
    assert_int_equal(policy_apply(m, p, db, &e), 0);
    report_finalize(r);
    assert_int_equal(m->verdict, VERDICT_REVIEW);
    assert_non_null(finding(m, "policy_modified_license"));
    /* the reason chain: license, file, policy entry */
    {
        const struct rep_finding *f = finding(m, "policy_modified_license");
        assert_string_equal(cJSON_GetObjectItem(f->detail, "license")->valuestring, "MIT");
        assert_string_equal(cJSON_GetObjectItem(f->detail, "file")->valuestring, "LICENSE");
        assert_string_equal(cJSON_GetObjectItem(f->detail, "policy")->valuestring, "default");
    }
    policy_free(p);
    free(mit);
    free(t);
    report_free(r);
}

static void test_policy_errors(void **state)
{
    static const char *const bad[] = {
        "{\"alow\": {}}",
        "{\"allow\": {\"ids\": \"MIT\"}}",
        "{\"allow\": {\"names\": []}}",
        "{\"unknown\": \"allow\"}",
        "{\"modified\": \"allow\"}",
        "{\"organisation\": {\"monthly_active_users\": -5}}",
        "{\"organisation\": {\"monthly_active_users\": 1.5}}",
        "{\"organisation\": {\"regions\": [\"europe-west\"]}}",
        "{\"organisation\": {\"commercial_use\": \"yes\"}}",
        "{\"organisation\": {\"employees\": 5}}",
        "[1, 2]",
        "{ \"allow\": ",
    };
    char path[] = "/tmp/wa-policy-XXXXXX.json";
    struct policy *p;
    struct wa_err e;
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int fd = mkstemps(path, 5);
        assert_true(fd >= 0);
        assert_int_equal((int)write(fd, bad[i], strlen(bad[i])), (int)strlen(bad[i]));
        close(fd);
        wa_err_clear(&e);
        if (policy_load(&p, path, root_path(""), &e) != WA_EFORMAT)
            fail_msg("policy %s accepted", bad[i]);
        assert_string_equal(e.file, path);
        unlink(path);
        strcpy(path, "/tmp/wa-policy-XXXXXX.json");
    }
    assert_int_equal(policy_load(&p, "no-such-policy", root_path(""), &e), WA_ENOTFOUND);
    for (const char *const *n = (const char *const[]){ "default", "strict", "permissive-only", NULL }; *n; n++) {
        assert_int_equal(policy_load(&p, *n, root_path(""), &e), 0);
        policy_free(p);
    }
}

static void test_keywords(void **state)
{
    struct lic_keyword k;
    struct rule_expect { const char *kw, *id; int r; } ex[] = {
        { "apache-2.0", "Apache-2.0", 1 }, { "llama3.1", "LicenseRef-Llama-3.1-Community", 1 },
        { "LLAMA3.2", "LicenseRef-Llama-3.2-Community", 1 }, { "gemma", "LicenseRef-Gemma", 1 },
        { "openmdw-1.1", "LicenseRef-OpenMDW-1.1", 1 }, { "openmdw-1.0", "OpenMDW-1.0", 1 },
        { "creativeml-openrail-m", "LicenseRef-CreativeML-OpenRAIL-M", 1 }, { "openrail++", "LicenseRef-CreativeML-OpenRAIL++-M", 1 },
        { "qwen-research", "LicenseRef-Qwen-Research", 1 }, { "mrl", "LicenseRef-Mistral-Research-License", 1 },
        { "deepseek", "LicenseRef-DeepSeek-License-1.0", 1 }, { "falcon-llm-license", "LicenseRef-TII-Falcon-License", 1 },
        { "gpl-3.0", "GPL-3.0-only", 2 }, { "cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0", 2 }, { "openrail", "NOASSERTION", 2 },
        { "unknown", "NOASSERTION", 2 },
    };
    (void)state;
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        int r = lic_db_keyword(db, ex[i].kw, &k);
        if (r != ex[i].r || strcmp(k.id, ex[i].id) != 0)
            fail_msg("keyword %s: %d %s", ex[i].kw, r, k.id ? k.id : "-");
    }
    assert_int_equal(lic_db_keyword(db, "no-such-license", &k), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normaliser),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_card),
        cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_canonical_identity),
        cmocka_unit_test(test_canonical_clauses),
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_code_and_weights_scopes),
        cmocka_unit_test(test_code_only),
        cmocka_unit_test(test_card_text_conflict),
        cmocka_unit_test(test_card_other_link),
        cmocka_unit_test(test_lineage),
        cmocka_unit_test(test_adapter_and_multimodal),
        cmocka_unit_test(test_gguf_facts),
        cmocka_unit_test(test_nothing),
        cmocka_unit_test(test_modified_evidence),
        cmocka_unit_test(test_verdicts),
        cmocka_unit_test(test_modified_never_allowed),
        cmocka_unit_test(test_policy_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
