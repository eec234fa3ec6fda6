/*
 * test_openness.c - Model Openness Framework classes from what a repository
 * shows, following the Model Openness Tool's rules.
 */
#include "wa_test.h"

#include "openness.h"

static struct openness_db *db;

static int setup(void **state)
{
    struct wa_err err;

    (void)state;
    return openness_db_load(&db, root_path("rules/openness.json"), &err);
}

static int teardown(void **state)
{
    (void)state;
    openness_db_free(db);
    return 0;
}

static struct rep_file *add(struct rep_model *m, const char *path, enum file_role role, const char *content)
{
    struct rep_file *f = report_add_file(m);

    report_set_str(&f->path, path);
    f->role = role;
    if (content) {
        f->content = (unsigned char *)strdup(content);
        f->content_len = strlen(content);
    }
    return f;
}

static const char *README =
    "---\nlicense: apache-2.0\n---\n# Model\n\n## Training Data\nWe trained on public text.\n\n"
    "## Evaluation\n| task | score |\n\nSee our technical report: https://arxiv.org/abs/2401.00001\n";

/* A repository with everything class III asks for, under license id. */
static struct rep_model *model(struct report *r, const char *license, const char *readme)
{
    struct rep_model *m = report_add_model(r);

    add(m, "README.md", ROLE_CARD, readme);
    add(m, "config.json", ROLE_CONFIG, "{\"model_type\": \"llama\"}");
    add(m, "model.safetensors", ROLE_WEIGHTS, NULL);
    report_set_str(&m->concluded_license, license);
    m->card = cJSON_Parse("{\"license\":\"x\",\"library_name\":\"transformers\","
                          "\"datasets\":[\"allenai/c4\"],"
                          "\"model-index\":[{\"name\":\"m\",\"results\":[{\"dataset\":{\"name\":\"mmlu\"},"
                          "\"metrics\":[{\"type\":\"acc\",\"value\":0.5}]}]}]}");
    return m;
}

static const char *cls(const struct rep_model *m)
{
    return cJSON_GetObjectItem(m->openness, "class")->valuestring;
}

static const cJSON *entry(const cJSON *arr, const char *key)
{
    const cJSON *e;

    cJSON_ArrayForEach(e, arr)
        if (strcmp(cJSON_GetObjectItem(e, "key")->valuestring, key) == 0)
            return e;
    return NULL;
}

static void test_open_release_reaches_class_three(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = model(r, "Apache-2.0", README);
    const cJSON *present, *missing, *e;

    (void)state;
    assert_int_equal(openness_classify(m, db), 0);
    assert_string_equal(cls(m), "III");
    assert_int_equal(openness_class_number(m), 3);
    present = cJSON_GetObjectItem(m->openness, "present");
    e = entry(present, "model_architecture");
    assert_non_null(e);
    assert_string_equal(cJSON_GetObjectItem(e, "evidence")->valuestring, "config.json");
    assert_string_equal(cJSON_GetObjectItem(e, "license")->valuestring, "Apache-2.0");
    e = entry(present, "inference_code");
    assert_string_equal(cJSON_GetObjectItem(e, "evidence")->valuestring, "README.md library_name: transformers");
    /* datasets are listed but their licenses are not in the repository */
    e = entry(present, "datasets");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(e, "license")));
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(e, "open")));
    /* class II needs training and evaluation code, and licensed evaluation data */
    assert_string_equal(cJSON_GetObjectItem(m->openness, "next_class")->valuestring, "II");
    missing = cJSON_GetObjectItem(m->openness, "missing");
    assert_non_null(entry(missing, "training_code"));
    assert_non_null(entry(missing, "evaluation_code"));
    assert_non_null(entry(missing, "evaluation_data"));
    assert_null(entry(missing, "inference_code"));
    assert_null(entry(missing, "model_card"));
    report_free(r);
}

static void test_restrictive_license_is_no_class(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = model(r, "LicenseRef-Llama-3.1-Community", README);
    const cJSON *e;

    (void)state;
    assert_int_equal(openness_classify(m, db), 0);
    assert_string_equal(cls(m), "none");
    e = entry(cJSON_GetObjectItem(m->openness, "missing"), "model_parameters_final");
    assert_non_null(e);
    assert_non_null(strstr(cJSON_GetObjectItem(e, "reason")->valuestring,
                           "LicenseRef-Llama-3.1-Community is not an open license"));
    report_free(r);
}

static void test_missing_component_blocks_class(void **state)
{
    struct report *r = report_new();
    /* no technical report, no paper, no data-card section */
    struct rep_model *m = model(r, "MIT", "---\nlicense: mit\n---\n# Model\n## Evaluation\n");
    const cJSON *missing;

    (void)state;
    assert_int_equal(openness_classify(m, db), 0);
    assert_string_equal(cls(m), "none");
    missing = cJSON_GetObjectItem(m->openness, "missing");
    assert_string_equal(cJSON_GetObjectItem(entry(missing, "technical_report"), "reason")->valuestring,
                        "not in the repository");
    assert_non_null(entry(missing, "data_card"));
    report_free(r);
}

static void test_paper_stands_in_for_report(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = model(r, "Apache-2.0",
                                "---\n---\n# M\n## Training data\nx\n## Results\nSee https://arxiv.org/abs/2401.00001\n");

    (void)state;
    assert_int_equal(openness_classify(m, db), 0);
    assert_string_equal(cls(m), "III");
    assert_non_null(strstr(cJSON_GetObjectItem(entry(cJSON_GetObjectItem(m->openness, "present"),
                                                     "technical_report"), "evidence")->valuestring,
                           "research paper stands in"));
    report_free(r);
}

static void test_code_license_scope(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = model(r, "Apache-2.0", README);
    struct rep_license *l = report_add_license(m);

    (void)state;
    /* code under a non-open license: the architecture component fails */
    report_set_str(&l->id, "CC-BY-NC-4.0");
    report_set_str(&l->scope, "code");
    add(m, "train.py", ROLE_OTHER, NULL);
    assert_int_equal(openness_classify(m, db), 0);
    assert_string_equal(cls(m), "none");
    assert_string_equal(cJSON_GetObjectItem(entry(cJSON_GetObjectItem(m->openness, "present"), "training_code"),
                                            "license")->valuestring, "CC-BY-NC-4.0");
    report_free(r);
}

/* A card with no model-index and no paper tag: only the README text can
 * show an evaluation section, a data card or a report. */
static struct rep_model *bare(struct report *r, const char *readme)
{
    struct rep_model *m = report_add_model(r);

    add(m, "README.md", ROLE_CARD, readme);
    add(m, "config.json", ROLE_CONFIG, "{\"model_type\": \"llama\"}");
    add(m, "model.safetensors", ROLE_WEIGHTS, NULL);
    report_set_str(&m->concluded_license, "Apache-2.0");
    m->card = cJSON_Parse("{\"license\":\"apache-2.0\"}");
    return m;
}

static int present(const struct rep_model *m, const char *key)
{
    return entry(cJSON_GetObjectItem(m->openness, "present"), key) != NULL;
}

static void test_report_words_are_not_a_report(void **state)
{
    static const char *const phrases[] = {
        "No technical report has been published yet.",
        "Technical report coming soon.",
        "We have not released a technical report.",
        "For details see the Llama 3 technical report of Meta.",
        "Technical report: TBD",
        "The technical report will be released at https://arxiv.org/abs/2401.00001 soon.",
        "Technical report: to be released (https://example.org/report.pdf).",
        "See our technical report.",
        "Technical report: https://arxiv.org/abs/XXXX.XXXXX",
        "## Training data\n\nTrained on RefinedWeb; see the paper https://arxiv.org/abs/2306.01116.",
        "## Base model\n\nLlama 3 technical report: https://arxiv.org/abs/2407.21783",
        NULL
    };
    char readme[512];

    (void)state;
    for (const char *const *p = phrases; *p; p++) {
        struct report *r = report_new();
        struct rep_model *m;
        snprintf(readme, sizeof readme,
                 "---\nlicense: apache-2.0\n---\n# x\n\n## Training data\n\nWe trained on 2T tokens of public web "
                 "text.\n\n## Evaluation\n\n| MMLU | 61.2 |\n\n%s\n", *p);
        m = bare(r, readme);
        assert_int_equal(openness_classify(m, db), 0);
        if (present(m, "technical_report") || present(m, "research_paper"))
            fail_msg("counted as a report or paper: %s", *p);
        assert_string_equal(cls(m), "none");
        report_free(r);
    }
}

static void test_placeholder_sections_are_not_evidence(void **state)
{
    static const char *const readmes[] = {
        "# x\n\n## Training data\n\nNot disclosed.\n\n## Results\n\nNone yet.\n\n"
        "Technical report: https://example.com/r.pdf\n",
        "# x\n\n## Training Data\n\n<!-- This should link to a Dataset Card. -->\n\n[More Information Needed]\n\n"
        "## Evaluation\n\n### Results\n\n[More Information Needed]\n",
        "# x\n\n## Datasets\n\nN/A\n\n## Benchmarks\n\nTBD\n\n## Evaluation\n\nComing soon.\n",
        "# x\n\n## Training data\n\nThe training data is not disclosed.\n\n## Evaluation\n\n"
        "We have not released a technical report.\n",
        "# x\n\n## Training data\n\n\n## Evaluation\n\nFor details see the Llama 3 technical report of Meta.\n",
        "# x\n\n```python\n# training data\nload()\n# evaluation\nrun(0.5)\n```\n",
        NULL
    };

    (void)state;
    for (const char *const *p = readmes; *p; p++) {
        struct report *r = report_new();
        struct rep_model *m = bare(r, *p);
        assert_int_equal(openness_classify(m, db), 0);
        if (present(m, "data_card") || present(m, "evaluation_results"))
            fail_msg("a placeholder section counted: %s", *p);
        report_free(r);
    }
}

static void test_real_evidence_counts(void **state)
{
    static const char *const readmes[] = {
        "# x\n\n## Training data\n\nWe trained on 2T tokens of public web text.\n\n## Evaluation\n\n"
        "| task | score |\n|---|---|\n| MMLU | 61.2 |\n\nTechnical report: https://arxiv.org/abs/2401.00001\n",
        "# x\n\n## Training Data\n\nDolma v1.7, a 3T-token open corpus.\n\n## Results\n\nMMLU: 61.2%\n\n"
        "Read the [technical report](https://example.org/files/x-report.pdf).\n",
        "# x\n\n## Datasets\n\nThe Pile.\n\n## Benchmarks\n\n```\nhellaswag acc 0.76\n```\n\n"
        "## Technical report\n\nhttps://doi.org/10.1234/abcd.5678\n",
        NULL
    };

    (void)state;
    for (const char *const *p = readmes; *p; p++) {
        struct report *r = report_new();
        struct rep_model *m = bare(r, *p);
        assert_int_equal(openness_classify(m, db), 0);
        if (!present(m, "data_card") || !present(m, "evaluation_results") || !present(m, "technical_report"))
            fail_msg("real evidence not counted: %s", *p);
        assert_string_equal(cls(m), "III");
        report_free(r);
    }
}

static void test_files_must_be_the_component(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    struct rep_file *f;

    (void)state;
    add(m, "README.md", ROLE_CARD, "---\nlicense: apache-2.0\n---\n");   /* metadata only */
    add(m, "config.json", ROLE_CONFIG, "{}");
    add(m, "model.safetensors", ROLE_WEIGHTS, NULL);
    add(m, "evaluation/README.md", ROLE_OTHER, NULL);
    add(m, "training/notes.txt", ROLE_OTHER, NULL);
    add(m, "data_prep.md", ROLE_OTHER, NULL);
    add(m, "checkpoint-1000/trainer_state.json", ROLE_OTHER, NULL);
    add(m, "technical_report_script.py", ROLE_OTHER, NULL);
    f = add(m, "technical_report.pdf", ROLE_OTHER, NULL);
    f->size = 0;
    report_set_str(&m->concluded_license, "Apache-2.0");
    m->card = cJSON_Parse("{\"license\":\"apache-2.0\"}");
    assert_int_equal(openness_classify(m, db), 0);
    assert_false(present(m, "model_card"));
    assert_false(present(m, "model_architecture"));
    assert_false(present(m, "evaluation_code"));
    assert_false(present(m, "training_code"));
    assert_false(present(m, "data_preprocessing_code"));
    assert_false(present(m, "model_parameters_intermediate"));
    assert_false(present(m, "technical_report"));
    assert_true(present(m, "model_parameters_final"));
    report_free(r);
}

static const char *FULL_README =
    "---\nlicense: apache-2.0\n---\n# Model\n\n## Training Data\nWe trained on the corpus in data/.\n\n"
    "## Evaluation\n| task | score |\n|---|---|\n| MMLU | 61.2 |\n\n"
    "Technical report: https://arxiv.org/abs/2401.00001\n";

/* Every component MOF asks for, in the repository, data included. */
static struct rep_model *full_release(struct report *r, const char *license)
{
    struct rep_model *m = model(r, license, FULL_README);

    add(m, "train.py", ROLE_OTHER, NULL);
    add(m, "eval.py", ROLE_OTHER, NULL);
    add(m, "inference.py", ROLE_OTHER, NULL);
    add(m, "preprocess.py", ROLE_OTHER, NULL);
    add(m, "checkpoint-1000/model.safetensors", ROLE_WEIGHTS, NULL);
    add(m, "data/train-00000-of-00001.parquet", ROLE_OTHER, NULL);
    add(m, "eval/mmlu.jsonl", ROLE_OTHER, NULL);
    add(m, "eval_results.json", ROLE_OTHER, "{\"eval_accuracy\": 0.61}");
    return m;
}

static void test_full_release_reaches_class_one(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = full_release(r, "Apache-2.0");
    const cJSON *present, *e;

    (void)state;
    assert_int_equal(openness_classify(m, db), 0);
    assert_string_equal(cls(m), "I");
    assert_int_equal(openness_class_number(m), 1);
    assert_null(cJSON_GetObjectItem(m->openness, "next_class"));
    present = cJSON_GetObjectItem(m->openness, "present");
    /* data in the repository falls back to the distribution license */
    e = entry(present, "datasets");
    assert_string_equal(cJSON_GetObjectItem(e, "evidence")->valuestring, "data/train-00000-of-00001.parquet");
    assert_string_equal(cJSON_GetObjectItem(e, "license")->valuestring, "Apache-2.0");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e, "open")));
    e = entry(present, "evaluation_data");
    assert_string_equal(cJSON_GetObjectItem(e, "evidence")->valuestring, "eval/mmlu.jsonl");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e, "open")));
    e = entry(present, "model_parameters_intermediate");
    assert_string_equal(cJSON_GetObjectItem(e, "evidence")->valuestring, "checkpoint-1000/model.safetensors");
    e = entry(present, "model_parameters_final");
    assert_string_equal(cJSON_GetObjectItem(e, "evidence")->valuestring, "model.safetensors");
    report_free(r);

    /* the card's license alone, as the distribution license */
    r = report_new();
    m = full_release(r, "NONE");
    report_set_str(&m->declared_license, "Apache-2.0");
    assert_int_equal(openness_classify(m, db), 0);
    assert_string_equal(cls(m), "I");
    report_free(r);
}

static void test_data_outside_the_repository_is_not_covered(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = model(r, "Apache-2.0", FULL_README);
    const cJSON *missing;

    (void)state;
    /* everything but the data: the card names datasets that live elsewhere;
     * trainer output with results is no evaluation data */
    add(m, "train.py", ROLE_OTHER, NULL);
    add(m, "eval.py", ROLE_OTHER, NULL);
    add(m, "preprocess.py", ROLE_OTHER, NULL);
    add(m, "checkpoint-1000/model.safetensors", ROLE_WEIGHTS, NULL);
    add(m, "eval_results.json", ROLE_OTHER, NULL);
    add(m, "all_results.json", ROLE_OTHER, NULL);
    add(m, "evaluation/config.json", ROLE_OTHER, NULL);
    add(m, "trainer_state.json", ROLE_OTHER, NULL);
    assert_int_equal(openness_classify(m, db), 0);
    assert_string_equal(cls(m), "III");
    missing = cJSON_GetObjectItem(m->openness, "missing");
    assert_non_null(strstr(cJSON_GetObjectItem(entry(missing, "evaluation_data"), "reason")->valuestring,
                           "named in the card, not in the repository"));
    report_free(r);
}

static void test_data_folder_license_of_its_own(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = full_release(r, "Apache-2.0");
    struct rep_license *l = report_add_license(m);
    const cJSON *e;

    (void)state;
    /* data/LICENSE: the datasets' own license, not the repository's */
    add(m, "data/LICENSE", ROLE_LICENSE, "Attribution-NonCommercial 4.0 International");
    report_set_str(&l->id, "CC-BY-NC-4.0");
    report_set_str(&l->source, "data/LICENSE");
    report_set_str(&l->method, "text");
    report_set_str(&l->scope, "all");
    assert_int_equal(openness_classify(m, db), 0);
    assert_string_equal(cls(m), "II");
    e = entry(cJSON_GetObjectItem(m->openness, "missing"), "datasets");
    assert_non_null(e);
    assert_non_null(strstr(cJSON_GetObjectItem(e, "reason")->valuestring, "CC-BY-NC-4.0 is not an open license"));
    /* the evaluation data in eval/ is not under data/: still open */
    assert_null(entry(cJSON_GetObjectItem(m->openness, "missing"), "evaluation_data"));
    report_free(r);

    /* a license file there that names no license the tool knows */
    r = report_new();
    m = full_release(r, "Apache-2.0");
    add(m, "eval/LICENSE.txt", ROLE_LICENSE, "Custom terms: research use at ACME only.");
    assert_int_equal(openness_classify(m, db), 0);
    assert_string_equal(cls(m), "III");
    e = entry(cJSON_GetObjectItem(m->openness, "present"), "evaluation_data");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(e, "license")));
    report_free(r);
}

static void test_license_list(void **state)
{
    (void)state;
    assert_true(openness_license_is_open(db, "Apache-2.0"));
    assert_true(openness_license_is_open(db, "OpenMDW-1.0"));
    assert_true(openness_license_is_open(db, "LicenseRef-OpenMDW-1.1"));
    assert_false(openness_license_is_open(db, "CC-BY-NC-4.0"));
    assert_false(openness_license_is_open(db, "LicenseRef-Gemma"));
    assert_false(openness_license_is_open(db, NULL));
    /* as MOT's licenses.json / mof-licenses.json: OSI-approved or FSF-libre */
    assert_true(openness_license_is_open(db, "LPPL-1.3c"));
    assert_true(openness_license_is_open(db, "AAL"));
    assert_true(openness_license_is_open(db, "CECILL-2.1"));
    assert_true(openness_license_is_open(db, "GPL-3.0-or-later"));
    assert_true(openness_license_is_open(db, "OGL-UK-3.0"));        /* MOT's open data list */
    /* MOT lists ODC-PDDL-1.0 (no SPDX id), not the SPDX PDDL-1.0 */
    assert_false(openness_license_is_open(db, "PDDL-1.0"));
    assert_false(openness_license_is_open(db, "CC-BY-NC-SA-4.0"));
    assert_false(openness_license_is_open(db, "LicenseRef-NVIDIA-Open-Model-License"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_release_reaches_class_three),
        cmocka_unit_test(test_restrictive_license_is_no_class),
        cmocka_unit_test(test_missing_component_blocks_class),
        cmocka_unit_test(test_paper_stands_in_for_report),
        cmocka_unit_test(test_code_license_scope),
        cmocka_unit_test(test_report_words_are_not_a_report),
        cmocka_unit_test(test_placeholder_sections_are_not_evidence),
        cmocka_unit_test(test_real_evidence_counts),
        cmocka_unit_test(test_files_must_be_the_component),
        cmocka_unit_test(test_full_release_reaches_class_one),
        cmocka_unit_test(test_data_outside_the_repository_is_not_covered),
        cmocka_unit_test(test_data_folder_license_of_its_own),
        cmocka_unit_test(test_license_list),
    };
    return cmocka_run_group_tests_name("openness", tests, setup, teardown);
}
