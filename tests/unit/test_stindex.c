/*
 * test_stindex.c - the safetensors index: parsing (bounds, errors with
 * offsets) and every rule of the cross-check, each with its finding code.
 */
#include "wa_test.h"

#include "stindex.h"

static struct stindex *parse(const char *json)
{
    struct stindex *ix = NULL;
    struct wa_err err;

    if (stindex_parse(&ix, json, strlen(json), "i.json", &err))
        fail_msg("parse failed: %s", err.msg);
    return ix;
}

static int parse_fails(const char *json, const char *msg_part)
{
    struct stindex *ix = NULL;
    struct wa_err err;
    int rc = stindex_parse(&ix, json, strlen(json), "i.json", &err);

    if (rc == 0) {
        stindex_free(ix);
        return 0;
    }
    if (msg_part && !strstr(err.msg, msg_part))
        fail_msg("error '%s' lacks '%s'", err.msg, msg_part);
    return rc == WA_EFORMAT;
}

static void test_parse(void **state)
{
    struct stindex *ix;

    (void)state;
    ix = parse("{\"metadata\": {\"total_size\": 24}, \"weight_map\": {\"b\": \"s2\", \"a\": \"s1\", \"c\": \"s1\"}}");
    assert_true(ix->has_total_size);
    assert_int_equal(ix->total_size, 24);
    assert_int_equal(ix->n, 3);
    assert_string_equal(ix->v[0].tensor, "a");
    assert_int_equal(ix->n_shards, 2);
    assert_string_equal(ix->shards[0], "s1");
    assert_string_equal(ix->shards[1], "s2");
    stindex_free(ix);
    ix = parse("{\"weight_map\": {}}");
    assert_false(ix->has_total_size);
    assert_int_equal(ix->n_shards, 0);
    stindex_free(ix);

    assert_true(parse_fails("[]", "not a JSON object"));
    assert_true(parse_fails("{\"metadata\": {}}", "weight_map"));
    assert_true(parse_fails("{\"weight_map\": {\"a\": 1}}", "not a string"));
    assert_true(parse_fails("{\"weight_map\": {\"a\": \"../x\"}}", "not a plain relative path"));
    assert_true(parse_fails("{\"weight_map\": {\"a\": \"/x\"}}", NULL));
    assert_true(parse_fails("{\"metadata\": {\"total_size\": -1}, \"weight_map\": {}}", "total_size"));
    assert_true(parse_fails("{\"metadata\": {\"total_size\": 1.5}, \"weight_map\": {}}", "total_size"));
    assert_true(parse_fails("{\"weight_map\": {}} x", "trailing"));
    assert_true(parse_fails("{\"weight_map\": {", "not JSON"));
    assert_true(parse_fails("\xff", "not UTF-8"));
}

struct shard_spec {
    enum stindex_state state;
    const char *tensors[4];
    uint64_t nbytes;
};

/* Run the check of json against shards (parallel to the sorted shard names). */
static struct report *check(const char *json, const struct shard_spec *spec)
{
    struct stindex *ix = parse(json);
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    struct stindex_shard sh[8];
    struct fmt_tensor tv[8][4];

    memset(sh, 0, sizeof sh);
    memset(tv, 0, sizeof tv);
    for (size_t s = 0; s < ix->n_shards; s++) {
        sh[s].path = ix->shards[s];
        sh[s].state = spec[s].state;
        sh[s].tensors = tv[s];
        for (size_t t = 0; t < 4 && spec[s].tensors[t]; t++) {
            tv[s][t].name = (char *)spec[s].tensors[t];
            tv[s][t].nbytes = spec[s].nbytes;
            sh[s].n_tensors++;
        }
    }
    assert_int_equal(stindex_check(m, "i.json", ix, sh), 0);
    stindex_free(ix);
    report_finalize(r);
    return r;
}

static int count(const struct report *r, const char *code)
{
    int n = 0;

    for (size_t i = 0; i < r->models[0].n_findings; i++)
        n += strcmp(r->models[0].findings[i].code, code) == 0;
    return n;
}

static const char *IDX = "{\"metadata\": {\"total_size\": 40}, \"weight_map\": "
                         "{\"a\": \"s1\", \"b\": \"s1\", \"c\": \"s2\", \"d\": \"s2\"}}";

static void test_check_clean(void **state)
{
    struct shard_spec ok[] = { { STINDEX_READ, { "a", "b" }, 10 }, { STINDEX_READ, { "c", "d" }, 10 } };
    struct report *r = check(IDX, ok);

    (void)state;
    assert_int_equal(r->models[0].n_findings, 0);
    assert_int_equal(r->verdict, VERDICT_ALLOW);
    report_free(r);
}

static void test_check_rules(void **state)
{
    struct report *r;

    (void)state;
    {   /* a shard absent */
        struct shard_spec s[] = { { STINDEX_READ, { "a", "b" }, 10 }, { STINDEX_ABSENT, { NULL }, 0 } };
        r = check(IDX, s);
        assert_int_equal(count(r, "index_shard_missing"), 1);
        assert_int_equal(count(r, "index_total_size"), 0);   /* not all shards known */
        assert_int_equal(r->verdict, VERDICT_DENY);
        report_free(r);
    }
    {   /* a tensor missing from its shard */
        struct shard_spec s[] = { { STINDEX_READ, { "a" }, 10 }, { STINDEX_READ, { "c", "d" }, 10 } };
        r = check(IDX, s);
        assert_int_equal(count(r, "index_tensor_missing"), 1);
        assert_int_equal(count(r, "index_total_size"), 1);
        report_free(r);
    }
    {   /* a tensor in the other shard than the index says */
        struct shard_spec s[] = { { STINDEX_READ, { "a" }, 10 }, { STINDEX_READ, { "b", "c", "d" }, 10 } };
        r = check(IDX, s);
        assert_int_equal(count(r, "index_tensor_misplaced"), 1);
        assert_int_equal(count(r, "index_tensor_missing"), 0);
        report_free(r);
    }
    {   /* a tensor in two shards */
        struct shard_spec s[] = { { STINDEX_READ, { "a", "b" }, 10 }, { STINDEX_READ, { "b", "c", "d" }, 10 } };
        r = check(IDX, s);
        assert_int_equal(count(r, "index_tensor_duplicate"), 1);
        report_free(r);
    }
    {   /* a tensor the index does not list: review */
        struct shard_spec s[] = { { STINDEX_READ, { "a", "b", "z" }, 8 }, { STINDEX_READ, { "c", "d" }, 8 } };
        r = check(IDX, s);
        assert_int_equal(count(r, "index_tensor_unlisted"), 1);
        assert_int_equal(count(r, "index_total_size"), 0);   /* 5 x 8 = 40 */
        assert_int_equal(r->verdict, VERDICT_REVIEW);
        report_free(r);
    }
    {   /* total_size wrong: review */
        struct shard_spec s[] = { { STINDEX_READ, { "a", "b" }, 11 }, { STINDEX_READ, { "c", "d" }, 10 } };
        r = check(IDX, s);
        assert_int_equal(count(r, "index_total_size"), 1);
        assert_int_equal(r->verdict, VERDICT_REVIEW);
        report_free(r);
    }
    {   /* unknown shards are not judged */
        struct shard_spec s[] = { { STINDEX_UNKNOWN, { NULL }, 0 }, { STINDEX_READ, { "c", "d" }, 10 } };
        r = check(IDX, s);
        assert_int_equal(r->models[0].n_findings, 0);
        report_free(r);
    }
    {   /* a tensor listed twice in the weight map */
        struct shard_spec s[] = { { STINDEX_READ, { "a" }, 10 }, { STINDEX_READ, { "a" }, 10 } };
        r = check("{\"weight_map\": {\"a\": \"s1\", \"a\": \"s2\"}}", s);
        assert_true(count(r, "index_tensor_duplicate") >= 1);
        report_free(r);
    }
}

static void test_findings_capped(void **state)
{
    char json[65536];
    size_t k = 0;
    struct shard_spec s[] = { { STINDEX_READ, { NULL }, 0 } };
    struct report *r;

    (void)state;
    k += (size_t)snprintf(json + k, sizeof json - k, "{\"weight_map\": {");
    for (int i = 0; i < 100; i++)
        k += (size_t)snprintf(json + k, sizeof json - k, "%s\"t%d\": \"s\"", i ? "," : "", i);
    snprintf(json + k, sizeof json - k, "}}");
    r = check(json, s);
    assert_int_equal(count(r, "index_tensor_missing"), STINDEX_MAX_FINDINGS + 1);
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_check_clean),
        cmocka_unit_test(test_check_rules),
        cmocka_unit_test(test_findings_capped),
    };
    return cmocka_run_group_tests_name("stindex", tests, NULL, NULL);
}
