/*
 * test_facts.c - procurement facts: governing law from the shipped license
 * texts, the exact parameter count (each set of weights once), training
 * compute from a card, and the policy's publisher/openness/scale rules.
 */
#include "wa_test.h"

#include <unistd.h>

#include "facts.h"

static struct facts_db *db;

static int setup(void **state)
{
    struct wa_err err;

    (void)state;
    setenv("WEIGHTAUDIT_DATA", root_path(""), 1);
    return facts_db_load(&db, &err);
}

static int teardown(void **state)
{
    (void)state;
    facts_db_free(db);
    return 0;
}

static void law_of(const char *license_file, const char *want)
{
    char rel[256];
    size_t n = 0;
    unsigned char *text;
    char *got;

    snprintf(rel, sizeof rel, "licenses/%s", license_file);
    text = slurp(root_path(rel), &n);
    assert_non_null(text);
    got = facts_governing_law(db, (const char *)text, n);
    if (!want) {
        if (got)
            fail_msg("%s: governing law \"%s\", want none", license_file, got);
    } else if (!got || strcmp(got, want) != 0) {
        fail_msg("%s: governing law \"%s\", want \"%s\"", license_file, got ? got : "(none)", want);
    }
    free(got);
    free(text);
}

static void test_governing_law(void **state)
{
    (void)state;
    law_of("LicenseRef-Llama-3.1-Community.txt", "State of California");
    law_of("LicenseRef-Mistral-Research-License.txt", "France");
    law_of("LicenseRef-DeepSeek-License-1.0.txt", "PRC");
    law_of("LicenseRef-Gemma.txt", "State of California");
    law_of("LicenseRef-Tencent-Hunyuan-Community.txt",
           "Hong Kong Special Administrative Region of the People's Republic of China");
    law_of("LicenseRef-Stability-AI-Community.txt", "United States and the State of California");
    law_of("Apache-2.0.txt", NULL);
    law_of("MIT.txt", NULL);
}

static struct rep_file *weights(struct rep_model *m, const char *path, int64_t params, enum wa_format fmt)
{
    struct rep_file *f = report_add_file(m);

    report_set_str(&f->path, path);
    f->role = ROLE_WEIGHTS;
    f->format = fmt;
    f->parameters = params;
    return f;
}

static void test_parameters_each_set_once(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    struct rep_file *ix;

    (void)state;
    /* Mistral's layout: consolidated.safetensors beside indexed HF shards */
    weights(m, "consolidated.safetensors", 700, FORMAT_SAFETENSORS);
    weights(m, "model-00001-of-00002.safetensors", 400, FORMAT_SAFETENSORS);
    weights(m, "model-00002-of-00002.safetensors", 300, FORMAT_SAFETENSORS);
    ix = report_add_file(m);
    report_set_str(&ix->path, "model.safetensors.index.json");
    ix->role = ROLE_INDEX;
    ix->content = (unsigned char *)strdup("{\"weight_map\": {\"a\": \"model-00001-of-00002.safetensors\", "
                                          "\"b\": \"model-00002-of-00002.safetensors\"}}");
    /* a diffusers component with an fp16 variant: counted once */
    weights(m, "unet/diffusion_pytorch_model.safetensors", 50, FORMAT_SAFETENSORS);
    weights(m, "unet/diffusion_pytorch_model.fp16.safetensors", 50, FORMAT_SAFETENSORS);
    /* another component: added */
    weights(m, "vae/diffusion_pytorch_model.safetensors", 5, FORMAT_SAFETENSORS);
    assert_int_equal(facts_parameters(m), 700 + 50 + 5);
    /* an unreadable shard of the indexed set makes the count unknown */
    m->files[1].parameters = -1;
    assert_int_equal(facts_parameters(m), -1);
    report_free(r);
}

static void test_parameters_gguf_folder(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);

    (void)state;
    /* one model in several quantisations: the count of one, not the sum */
    weights(m, "model-Q4_K_M.gguf", 8000, FORMAT_GGUF);
    weights(m, "model-Q8_0.gguf", 8000, FORMAT_GGUF);
    assert_int_equal(facts_parameters(m), 8000);
    report_free(r);
}

static struct rep_model *model_with_card(struct report *r, const char *readme)
{
    struct rep_model *m = report_add_model(r);
    struct rep_file *f = report_add_file(m);

    report_set_str(&f->path, "README.md");
    f->role = ROLE_CARD;
    f->content = (unsigned char *)strdup(readme);
    f->content_len = strlen(readme);
    weights(m, "model.safetensors", 1234, FORMAT_SAFETENSORS);
    report_set_str(&m->name, "mistralai/x");
    return m;
}

static void test_training_compute(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = model_with_card(r, "# x\nTrained with 3.8 \xc3\x97 10^25 FLOPs over 39.3M H100-80GB GPU hours.\n");
    struct wa_err err;

    (void)state;
    assert_int_equal(facts_apply(m, db, NULL, &err), 0);
    assert_true(cJSON_GetObjectItem(m->scale, "training_compute_flops")->valuedouble > 3.79e25);
    assert_true(cJSON_GetObjectItem(m->scale, "training_compute_flops")->valuedouble < 3.81e25);
    assert_true(cJSON_GetObjectItem(m->scale, "training_gpu_hours")->valuedouble == 39.3e6);
    assert_int_equal(cJSON_GetObjectItem(m->scale, "parameters")->valueint, 1234);
    assert_int_equal(m->parameters, 1234);
    report_free(r);
    r = report_new();
    m = model_with_card(r, "# y\nCompute: 6e23 FLOPs.\n");
    assert_int_equal(facts_apply(m, db, NULL, &err), 0);
    assert_true(cJSON_GetObjectItem(m->scale, "training_compute_flops")->valuedouble == 6e23);
    assert_null(cJSON_GetObjectItem(m->scale, "training_gpu_hours"));
    report_free(r);
}

static void gpu_hours_of(const char *card, double want, const char *want_source)
{
    struct report *r = report_new();
    struct rep_model *m = model_with_card(r, card);
    const cJSON *v, *src;
    struct wa_err err;

    assert_int_equal(facts_apply(m, db, NULL, &err), 0);
    v = cJSON_GetObjectItem(m->scale, "training_gpu_hours");
    src = cJSON_GetObjectItem(m->scale, "training_gpu_hours_source");
    if (want < 0) {
        if (v)
            fail_msg("%s: %g GPU hours, want none", card, v->valuedouble);
    } else if (!cJSON_IsNumber(v) || v->valuedouble != want) {
        fail_msg("%s: %g GPU hours, want %g", card, v ? v->valuedouble : -1.0, want);
    } else if (!cJSON_IsString(src) || strcmp(src->valuestring, want_source) != 0) {
        fail_msg("%s: source %s, want %s", card, src ? src->valuestring : "(none)", want_source);
    }
    report_free(r);
}

static void test_gpu_hours_numbers(void **state)
{
    (void)state;
    /* thousands separators, and a suffix after a grouped number */
    gpu_hours_of("# x\nIt took 1,234,567 GPU hours.\n", 1234567, "README.md: \"It took 1,234,567 GPU hours.\"");
    gpu_hours_of("# x\nTraining used 6.4e24 FLOPs in total. It took 2,788K H800 GPU hours.\n", 2788000,
                 "README.md: \"It took 2,788K H800 GPU hours.\"");
    gpu_hours_of("# x\n\nWe used 1,200 thousand GPU-hours.", 1200000, "README.md: \"We used 1,200 thousand GPU-hours.\"");
    gpu_hours_of("# x\nDeepSeek-V3 requires only 2.788M H800 GPU hours for its full\ntraining.\n", 2788000,
                 "README.md: \"DeepSeek-V3 requires only 2.788M H800 GPU hours for its full training.\"");
    gpu_hours_of("# x\n- 1.5 billion GPU hours\n", 1.5e9, "README.md: \"1.5 billion GPU hours\"");
    /* a decimal comma stays a decimal comma */
    gpu_hours_of("| H100 | 39,3M GPU hours |\n", 39.3e6, "README.md: \"39,3M GPU hours\"");
    /* never a number read from its middle */
    gpu_hours_of("# x\nAbout 1.234.567 GPU hours.\n", -1, NULL);
    /* the sentence is the card's, not the heading's or the front matter's */
    gpu_hours_of("---\nlicense: mit\n---\n# Training\nIt took 916k GPU hours. Then more.\n", 916000,
                 "README.md: \"It took 916k GPU hours.\"");
}

static int has_finding(const struct rep_model *m, const char *code, enum finding_sev sev)
{
    for (size_t i = 0; i < m->n_findings; i++)
        if (strcmp(m->findings[i].code, code) == 0 && m->findings[i].severity == sev)
            return 1;
    return 0;
}

static struct policy *policy_with(const char *extra_json)
{
    char path[] = "/tmp/wa-policy-XXXXXX.json";
    int fd = mkstemps(path, 5);
    struct policy *p = NULL;
    struct wa_err err;
    FILE *f = fdopen(fd, "w");

    fprintf(f, "{\"name\": \"t\", \"allow\": {\"categories\": [\"permissive\"]}, %s}", extra_json);
    fclose(f);
    if (policy_load(&p, path, root_path(""), &err))
        fail_msg("policy: %s", err.msg);
    unlink(path);
    return p;
}

static void test_policy_rules(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = model_with_card(r, "# x\n");
    struct policy *p;
    struct wa_err err;

    (void)state;
    /* FR publisher; EU denied -> deny (EU membership follows from the country) */
    p = policy_with("\"publishers\": {\"deny_jurisdictions\": [\"EU\"]}");
    assert_int_equal(facts_apply(m, db, p, &err), 0);
    assert_true(has_finding(m, "publisher_jurisdiction_denied", FIND_DENY));
    policy_free(p);
    report_free(r);

    r = report_new();
    m = model_with_card(r, "# x\n");
    p = policy_with("\"scale\": {\"max_parameters\": 2000, \"review_parameters_above\": 1000}");
    assert_int_equal(facts_apply(m, db, p, &err), 0);
    assert_true(has_finding(m, "parameters_above_review", FIND_REVIEW));
    assert_false(has_finding(m, "parameters_above_max", FIND_DENY));
    policy_free(p);
    report_free(r);

    r = report_new();
    m = model_with_card(r, "# x\n");
    m->files[1].parameters = -1;   /* header not read */
    p = policy_with("\"scale\": {\"max_parameters\": 2000}");
    assert_int_equal(facts_apply(m, db, p, &err), 0);
    assert_true(has_finding(m, "parameters_unknown", FIND_REVIEW));
    policy_free(p);
    report_free(r);

    r = report_new();
    m = model_with_card(r, "# x\n");
    p = policy_with("\"openness\": {\"minimum_class\": \"I\", \"below\": \"deny\"}");
    assert_int_equal(facts_apply(m, db, p, &err), 0);
    assert_true(has_finding(m, "openness_below_minimum", FIND_DENY));
    policy_free(p);
    report_free(r);
}

static const struct rep_finding *finding(const struct rep_model *m, const char *code)
{
    for (size_t i = 0; i < m->n_findings; i++)
        if (strcmp(m->findings[i].code, code) == 0)
            return &m->findings[i];
    return NULL;
}

static void test_no_publisher_with_jurisdiction_rules(void **state)
{
    struct report *r;
    struct rep_model *m;
    struct policy *p;
    struct wa_err err;
    const struct rep_finding *f;

    (void)state;
    /* a plain folder: no repository name, an Apache-2.0 license (no licensor) */
    r = report_new();
    m = model_with_card(r, "# x\n");
    report_set_str(&m->name, NULL);
    p = policy_with("\"publishers\": {\"deny_jurisdictions\": [\"CN\"]}");
    assert_int_equal(facts_apply(m, db, p, &err), 0);
    assert_null(m->publisher);
    f = finding(m, "publisher_jurisdiction_unknown");
    assert_non_null(f);
    assert_int_equal(f->severity, FIND_REVIEW);
    assert_non_null(strstr(f->message, "could not be determined"));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(f->detail, "publisher")));
    policy_free(p);
    report_free(r);

    /* the policy's "unknown" severity applies */
    r = report_new();
    m = model_with_card(r, "# x\n");
    report_set_str(&m->name, NULL);
    p = policy_with("\"publishers\": {\"review_jurisdictions\": [\"US\"], \"unknown\": \"deny\"}");
    assert_int_equal(facts_apply(m, db, p, &err), 0);
    assert_true(has_finding(m, "publisher_jurisdiction_unknown", FIND_DENY));
    policy_free(p);
    report_free(r);

    /* no jurisdiction rules: nothing to check, no finding */
    r = report_new();
    m = model_with_card(r, "# x\n");
    report_set_str(&m->name, NULL);
    p = policy_with("\"publishers\": {\"deny\": [\"Some Lab\"]}");
    assert_int_equal(facts_apply(m, db, p, &err), 0);
    assert_null(finding(m, "publisher_jurisdiction_unknown"));
    policy_free(p);
    report_free(r);
}

static void test_allow_only_known_publishers(void **state)
{
    static const struct { const char *name, *policy, *code; enum finding_sev sev; } cases[] = {
        /* an org not in publishers.json, spelled like a known publisher's name */
        { "Meta/x", "\"allow\": [\"Meta\"], \"deny_jurisdictions\": [\"CN\"]", "publisher_jurisdiction_unknown",
          FIND_REVIEW },
        { "Cohere/x", "\"allow\": [\"Cohere Inc.\"], \"review_jurisdictions\": [\"CA\"]",
          "publisher_jurisdiction_unknown", FIND_REVIEW },
        /* Meta's own orgs: allowed by name, entity or another of its orgs */
        { "meta-llama/x", "\"allow\": [\"Meta\"], \"deny_jurisdictions\": [\"US\"]", "publisher_allowed", FIND_INFO },
        { "meta-llama/x", "\"allow\": [\"facebook\"], \"deny_jurisdictions\": [\"US\"]", "publisher_allowed",
          FIND_INFO },
        { "facebook/x", "\"allow\": [\"Meta Platforms, Inc.\"], \"deny_jurisdictions\": [\"US\"]",
          "publisher_allowed", FIND_INFO },
        /* deny may match a raw name: the safe direction */
        { "Meta/x", "\"deny\": [\"Meta\"]", "publisher_denied", FIND_DENY },
        { "facebook/x", "\"deny\": [\"meta-llama\"]", "publisher_denied", FIND_DENY },
    };
    struct wa_err err;

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct report *r = report_new();
        struct rep_model *m = model_with_card(r, "# x\n");
        char json[256];
        struct policy *p;
        snprintf(json, sizeof json, "\"publishers\": {%s}", cases[i].policy);
        p = policy_with(json);
        report_set_str(&m->name, cases[i].name);
        assert_int_equal(facts_apply(m, db, p, &err), 0);
        if (!has_finding(m, cases[i].code, cases[i].sev))
            fail_msg("%s with %s: no %s finding", cases[i].name, cases[i].policy, cases[i].code);
        if (cases[i].sev != FIND_INFO && finding(m, "publisher_allowed"))
            fail_msg("%s with %s: allowed", cases[i].name, cases[i].policy);
        policy_free(p);
        report_free(r);
    }
}

static void test_policy_rules_malformed(void **state)
{
    static const char *const bad[] = {
        "\"publishers\": {\"deny_jurisdictions\": \"CN\"}",
        "\"publishers\": {\"nope\": []}",
        "\"openness\": {\"minimum_class\": 3}",
        "\"scale\": {\"max_parameters\": -5}",
        "\"scale\": {\"max_parameters\": 1.5}",
        "\"publishers\": {\"unknown\": \"allow\"}",
    };

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[] = "/tmp/wa-policy-XXXXXX.json";
        int fd = mkstemps(path, 5);
        struct policy *p = NULL;
        struct wa_err err;
        FILE *f = fdopen(fd, "w");
        fprintf(f, "{\"name\": \"t\", %s}", bad[i]);
        fclose(f);
        assert_int_equal(policy_load(&p, path, root_path(""), &err), WA_EFORMAT);
        assert_null(p);
        assert_non_null(strstr(err.file, "wa-policy-"));
        unlink(path);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_governing_law),
        cmocka_unit_test(test_parameters_each_set_once),
        cmocka_unit_test(test_parameters_gguf_folder),
        cmocka_unit_test(test_training_compute),
        cmocka_unit_test(test_gpu_hours_numbers),
        cmocka_unit_test(test_policy_rules),
        cmocka_unit_test(test_no_publisher_with_jurisdiction_rules),
        cmocka_unit_test(test_allow_only_known_publishers),
        cmocka_unit_test(test_policy_rules_malformed),
    };
    return cmocka_run_group_tests_name("facts", tests, setup, teardown);
}
