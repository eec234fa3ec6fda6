/*
 * test_publisher.c - publisher and upstream publisher facts from the
 * repository name, base models and licensors; unknown stays unknown.
 */
#include "wa_test.h"

#include "publisher.h"

static struct publisher_db *db;

static int setup(void **state)
{
    struct wa_err err;

    (void)state;
    return publisher_db_load(&db, root_path("manifests/publishers.json"), &err);
}

static int teardown(void **state)
{
    (void)state;
    publisher_db_free(db);
    return 0;
}

static const char *get(const cJSON *o, const char *k)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, k);

    return cJSON_IsString(j) ? j->valuestring : NULL;
}

static void test_known_org(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);

    (void)state;
    report_set_str(&m->name, "mistralai/Mistral-7B-v0.1");
    assert_int_equal(publisher_resolve(m, db), 0);
    assert_string_equal(get(m->publisher, "name"), "Mistral AI");
    assert_string_equal(get(m->publisher, "entity"), "Mistral AI SAS");
    assert_string_equal(get(m->publisher, "jurisdiction"), "FR");
    assert_non_null(strstr(get(m->publisher, "source"), "repository name mistralai/Mistral-7B-v0.1"));
    assert_int_equal(cJSON_GetArraySize(m->upstream_publishers), 0);
    report_free(r);
}

static void test_org_case_insensitive(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);

    (void)state;
    report_set_str(&m->name, "qwen/Qwen2.5-7B");
    assert_int_equal(publisher_resolve(m, db), 0);
    assert_string_equal(get(m->publisher, "jurisdiction"), "CN");
    report_free(r);
}

static void test_unknown_org_is_not_guessed(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);

    (void)state;
    report_set_str(&m->name, "someone/their-model");
    assert_int_equal(publisher_resolve(m, db), 0);
    assert_string_equal(get(m->publisher, "name"), "someone");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(m->publisher, "entity")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(m->publisher, "jurisdiction")));
    assert_non_null(strstr(get(m->publisher, "source"), "unknown"));
    report_free(r);
}

static void test_off_hub_name_has_no_org(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    struct rep_license *l;
    const char *why;
    size_t len;

    (void)state;
    /* a git remote on another host: the path is not a hub org */
    report_set_str(&m->name, "mistralai/Mistral-7B-Instruct-v0.3");
    m->name_off_hub = 1;
    assert_null(publisher_hub_org(m, &len, &why));
    assert_non_null(strstr(why, "not on Hugging Face"));
    assert_int_equal(publisher_resolve(m, db), 0);
    assert_null(m->publisher);
    /* its license's licensor still stands in, as for a model with no name */
    l = report_add_license(m);
    report_set_str(&l->id, "LicenseRef-Llama-3.1-Community");
    report_set_str(&l->source, "LICENSE");
    assert_int_equal(publisher_resolve(m, db), 0);
    assert_string_equal(get(m->publisher, "name"), "Meta");
    assert_non_null(strstr(get(m->publisher, "source"), "licensor of LicenseRef-Llama-3.1-Community"));
    /* on the hub the org is the publisher */
    m->name_off_hub = 0;
    assert_non_null(publisher_hub_org(m, &len, &why));
    assert_int_equal(len, strlen("mistralai"));
    assert_int_equal(publisher_resolve(m, db), 0);
    assert_string_equal(get(m->publisher, "name"), "Mistral AI");
    report_free(r);
}

static void test_ollama_names(void **state)
{
    static const struct { const char *name, *publisher; } cases[] = {
        { "hf.co/Qwen/Qwen2.5-7B-Instruct-GGUF:Q4_K_M", "Alibaba Cloud (Qwen)" },
        { "huggingface.co/mistralai/x-GGUF:latest", "Mistral AI" },
        { "HF.CO/deepseek-ai/x:latest", "DeepSeek" },
        { "hf.co/someone/x:latest", "someone" },         /* unknown, by name */
        { "mistralai/x:latest", "mistralai" },           /* an ollama.com account: unknown */
        { "library/llama3.2:latest", NULL },             /* Ollama's namespace: no publisher */
        { "registry.example.com/Qwen/x:latest", NULL },  /* another registry */
        { "hf.co/x:latest", NULL },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct report *r = report_new();
        struct rep_model *m = report_add_model(r);
        m->layout = LAYOUT_OLLAMA;
        report_set_str(&m->name, cases[i].name);
        assert_int_equal(publisher_resolve(m, db), 0);
        if (!cases[i].publisher ? m->publisher != NULL
                                : !m->publisher || strcmp(get(m->publisher, "name"), cases[i].publisher) != 0)
            fail_msg("%s: publisher %s, want %s", cases[i].name, m->publisher ? get(m->publisher, "name") : "null",
                     cases[i].publisher ? cases[i].publisher : "null");
        if (cases[i].publisher && strcmp(cases[i].publisher, "mistralai") == 0)
            assert_true(cJSON_IsNull(cJSON_GetObjectItem(m->publisher, "jurisdiction")));
        report_free(r);
    }
}

static void test_ollama_library_takes_licensor(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    struct rep_license *l;

    (void)state;
    m->layout = LAYOUT_OLLAMA;
    report_set_str(&m->name, "library/llama3.2:latest");
    l = report_add_license(m);
    report_set_str(&l->id, "LicenseRef-Llama-3.2-Community");
    report_set_str(&l->source, "ollama");
    assert_int_equal(publisher_resolve(m, db), 0);
    assert_string_equal(get(m->publisher, "name"), "Meta");
    assert_non_null(strstr(get(m->publisher, "source"), "licensor of LicenseRef-Llama-3.2-Community"));
    report_free(r);
}

static void test_finetune_upstream(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    struct rep_base_model *b;
    struct rep_license *l;

    (void)state;
    report_set_str(&m->name, "mistralai/Llama-finetune");
    b = report_add_base_model(m);
    report_set_str(&b->name, "meta-llama/Llama-3.1-8B");
    report_set_str(&b->relation, "finetune");
    l = report_add_license(m);
    report_set_str(&l->id, "LicenseRef-Llama-3.1-Community");
    report_set_str(&l->source, "LICENSE");
    assert_int_equal(publisher_resolve(m, db), 0);
    assert_string_equal(get(m->publisher, "jurisdiction"), "FR");
    /* Meta appears once, from the base model (the licensor is the same) */
    assert_int_equal(cJSON_GetArraySize(m->upstream_publishers), 1);
    cJSON *up = cJSON_GetArrayItem(m->upstream_publishers, 0);
    assert_string_equal(get(up, "name"), "Meta");
    assert_string_equal(get(up, "jurisdiction"), "US");
    assert_non_null(strstr(get(up, "source"), "base model meta-llama/Llama-3.1-8B (finetune)"));
    report_free(r);
}

static void test_licensor_as_publisher_without_name(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    struct rep_license *l;

    (void)state;
    l = report_add_license(m);
    report_set_str(&l->id, "LicenseRef-DeepSeek-License-1.0");
    report_set_str(&l->source, "LICENSE-MODEL");
    assert_int_equal(publisher_resolve(m, db), 0);
    assert_string_equal(get(m->publisher, "name"), "DeepSeek");
    assert_non_null(strstr(get(m->publisher, "source"), "licensor of LicenseRef-DeepSeek-License-1.0 in LICENSE-MODEL"));
    report_free(r);
}

static void test_listed_only_when_known(void **state)
{
    struct report *r = report_new(), *r2 = report_new();
    struct rep_model *known = report_add_model(r), *lookalike = report_add_model(r2);
    cJSON *list = cJSON_Parse("[\"nobody\", \"META\"]");
    cJSON *orgs = cJSON_Parse("[\"facebook\"]");
    cJSON *entity = cJSON_Parse("[\"Meta Platforms, Inc.\"]");

    (void)state;
    report_set_str(&known->name, "meta-llama/Llama-3.1-8B");
    report_set_str(&lookalike->name, "Meta/x");
    assert_int_equal(publisher_resolve(known, db), 0);
    assert_int_equal(publisher_resolve(lookalike, db), 0);
    /* both are called Meta; only one is the Meta of publishers.json */
    assert_string_equal(get(lookalike->publisher, "name"), "Meta");
    assert_string_equal(publisher_listed(db, known->publisher, list), "META");
    assert_string_equal(publisher_listed(db, known->publisher, orgs), "facebook");
    assert_string_equal(publisher_listed(db, known->publisher, entity), "Meta Platforms, Inc.");
    assert_null(publisher_listed(db, lookalike->publisher, list));
    assert_null(publisher_listed(db, lookalike->publisher, entity));
    assert_null(publisher_listed(db, NULL, list));
    cJSON_Delete(list);
    cJSON_Delete(orgs);
    cJSON_Delete(entity);
    report_free(r);
    report_free(r2);
}

static void test_eu_membership(void **state)
{
    (void)state;
    assert_true(publisher_is_eu(db, "FR"));
    assert_false(publisher_is_eu(db, "GB"));
    assert_false(publisher_is_eu(db, "CH"));
    assert_true(publisher_jurisdiction_matches(db, "DE", "EU"));
    assert_true(publisher_jurisdiction_matches(db, "CN", "cn"));
    assert_false(publisher_jurisdiction_matches(db, "US", "EU"));
    assert_false(publisher_jurisdiction_matches(db, NULL, "US"));
}

static void test_malformed_db(void **state)
{
    struct publisher_db *bad;
    struct wa_err err;

    (void)state;
    assert_int_equal(publisher_db_parse(&bad, "{\"publishers\": 3}", "x.json", &err), WA_EFORMAT);
    assert_null(bad);
    assert_int_equal(publisher_db_parse(&bad, "{\"eu_members\":[],\"publishers\":[{\"name\":\"A\",\"orgs\":[],"
                                              "\"source\":\"s\",\"jurisdiction\":\"usa\"}]}", "x.json", &err),
                     WA_EFORMAT);
    assert_non_null(strstr(err.msg, "alpha-2"));
    assert_int_equal(publisher_db_parse(&bad, "not json", "x.json", &err), WA_EFORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_org),
        cmocka_unit_test(test_org_case_insensitive),
        cmocka_unit_test(test_unknown_org_is_not_guessed),
        cmocka_unit_test(test_off_hub_name_has_no_org),
        cmocka_unit_test(test_ollama_names),
        cmocka_unit_test(test_ollama_library_takes_licensor),
        cmocka_unit_test(test_finetune_upstream),
        cmocka_unit_test(test_licensor_as_publisher_without_name),
        cmocka_unit_test(test_listed_only_when_known),
        cmocka_unit_test(test_eu_membership),
        cmocka_unit_test(test_malformed_db),
    };
    return cmocka_run_group_tests_name("publisher", tests, setup, teardown);
}
