/*
 * test_report_read.c - the native report read back: every hand-written
 * report round-trips (read, write, compare as JSON), malformed documents are
 * refused with the JSON path of the problem, and shard reports merge.
 */
#include "wa_test.h"

#include <cjson/cJSON.h>

#include "jsonout.h"
#include "report.h"
#include "report_merge.h"
#include "report_read.h"

static const char *const reports[] = {
    "apache-allow.json", "llama31-deny.json", "licenseref-review.json",
    "base-models.json",  "hostile-names.json", "empty.json",
};

static void test_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
        char rel[128];
        size_t n = 0;
        unsigned char *buf;
        struct report *r = NULL;
        struct wa_err err;
        cJSON *orig, *again;

        snprintf(rel, sizeof rel, "tests/data/reports/%s", reports[i]);
        buf = slurp(root_path(rel), &n);
        assert_non_null(buf);
        wa_err_clear(&err);
        if (report_parse(&r, NULL, (const char *)buf, n, rel, &err) != 0)
            fail_msg("%s: %s", rel, err.msg);
        orig = cJSON_ParseWithLength((const char *)buf, n);
        again = report_to_json(r);
        /* the NUL of "\u0000" ends a C string: hostile-names' one license text is cut
         * there, so that text alone is left out of the comparison */
        if (strcmp(reports[i], "hostile-names.json") == 0) {
            cJSON *lics[2] = { cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(orig, "models"), 0), "licenses"),
                               cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(again, "models"), 0), "licenses") };
            for (int k = 0; k < 2; k++)
                for (cJSON *l = lics[k]->child; l; l = l->next)
                    if (!strcmp(cJSON_GetObjectItem(l, "id")->valuestring, "custom-proprietary")) {
                        assert_non_null(strstr(cJSON_GetObjectItem(l, "text")->valuestring, "All rights reserved."));
                        cJSON_DeleteItemFromObject(l, "text");
                    }
        }
        if (!cJSON_Compare(orig, again, 1)) {
            char *a = cJSON_Print(orig), *b = cJSON_Print(again);
            fail_msg("%s does not round-trip:\n%.2000s\n----\n%.2000s", rel, a, b);
        }
        cJSON_Delete(orig);
        cJSON_Delete(again);
        report_free(r);
        free(buf);
    }
}

/* A minimal valid report with one file, into which a case substitutes a fragment. */
static const char base[] =
    "{\"schema\": \"weightaudit-report/1\", \"tool\": {\"name\": \"weightaudit\", \"version\": \"0\"},"
    " \"verdict\": \"allow\", %s \"models\": [{\"path\": \"m\", \"layout\": \"directory\", \"name\": null,"
    " \"revision\": null, \"verdict\": \"allow\", \"files\": [%s], \"licenses\": [%s],"
    " \"declared_license\": null, \"concluded_license\": null, \"base_models\": [%s], \"obligations\": [],"
    " \"publisher\": null, \"upstream_publishers\": [], \"governing_law\": null, \"openness\": null,"
    " \"parameters\": null, \"findings\": [%s]}]}";

static const char file_ok[] =
    "{\"path\": \"a.bin\", \"size\": 3, \"sha256\": null, \"role\": \"other\", \"format\": \"other\","
    " \"integrity\": \"unverified\", \"expected\": null, \"valid\": null, \"tensors\": null,"
    " \"parameters\": null, \"problems\": []}";

static int parse_case(const char *top, const char *files, const char *lic, const char *bases, const char *finds,
                      struct wa_err *err, struct report_shard *shard)
{
    char buf[8192];
    struct report *r = NULL;
    int rc;

    snprintf(buf, sizeof buf, base, top, files, lic, bases, finds);
    wa_err_clear(err);
    rc = report_parse(&r, shard, buf, strlen(buf), "case.json", err);
    if (rc == 0)
        assert_non_null(r);
    else
        assert_null(r);
    report_free(r);
    return rc;
}

static void test_minimal_valid(void **state)
{
    struct wa_err err;
    struct report_shard sh;

    (void)state;
    assert_int_equal(parse_case("", file_ok, "", "", "", &err, &sh), 0);
    assert_int_equal(sh.index, 0);
    assert_int_equal(parse_case("\"shard\": {\"index\": 2, \"count\": 3},", file_ok, "", "", "", &err, &sh), 0);
    assert_int_equal(sh.index, 2);
    assert_int_equal(sh.count, 3);
}

static void expect_fail(const char *top, const char *files, const char *lic, const char *bases, const char *finds,
                        const char *want)
{
    struct wa_err err;
    int rc = parse_case(top, files, lic, bases, finds, &err, NULL);

    if (rc != WA_EFORMAT || !strstr(err.msg, want))
        fail_msg("expected an error containing \"%s\", got rc %d: %s", want, rc, err.msg);
    assert_string_equal(err.file, "case.json");
}

static void test_malformed(void **state)
{
    (void)state;
    expect_fail("", "{\"path\": \"a\"}", "", "", "", "models[0].files[0].size: missing");
    expect_fail("", "{\"path\": \"\", \"size\": 1}", "", "", "", "models[0].files[0].path: empty");
    expect_fail("", "{\"path\": \"a.bin\", \"size\": -1, \"sha256\": null}", "", "", "",
                "models[0].files[0].size: expected a non-negative integer or null");
    expect_fail("", "{\"path\": \"a.bin\", \"size\": 1.5, \"sha256\": null}", "", "", "", "size: expected a non-negative");
    expect_fail("", "{\"path\": \"a.bin\", \"size\": 1, \"sha256\": \"ABCDEF\"}", "", "", "",
                "sha256: expected 64 lower-case hex digits");
    expect_fail("", "{\"path\": \"a.bin\", \"size\": 1, \"sha256\": null, \"sha1\": \"zz\"}", "", "", "",
                "sha1: expected 40 lower-case hex digits");
    expect_fail("", "{\"path\": \"a.bin\", \"size\": 1, \"sha256\": null, \"role\": \"weights\", \"format\": \"exe\"}", "",
                "", "", "format: unknown value \"exe\"");
    expect_fail("", "{\"path\": \"a.bin\", \"size\": 1, \"sha256\": null, \"role\": \"weights\", \"format\": \"other\","
                    " \"integrity\": \"fine\"}", "", "", "", "integrity: unknown value \"fine\"");
    expect_fail("", "{\"path\": \"a.bin\", \"size\": 1, \"sha256\": null, \"role\": \"weights\", \"format\": \"other\","
                    " \"integrity\": \"verified\", \"expected\": {\"from\": \"manifest\"}}", "", "", "",
                "models[0].files[0].expected: needs exactly one of sha256 and git_sha1");
    expect_fail("", "{\"path\": \"a.bin\", \"size\": 1, \"sha256\": null, \"role\": \"weights\", \"format\": \"other\","
                    " \"integrity\": \"verified\", \"expected\": {\"git_sha1\": \"0000000000000000000000000000000000000000\","
                    " \"from\": \"somewhere\"}}", "", "", "", "expected.from: expected one of");
    expect_fail("", "{\"path\": \"a.bin\", \"size\": 1, \"sha256\": null, \"role\": \"weights\", \"format\": \"other\","
                    " \"integrity\": \"verified\", \"expected\": null, \"valid\": \"yes\"}", "", "", "",
                "valid: expected true, false or null");
    expect_fail("", "{\"path\": \"a.bin\", \"size\": 1, \"sha256\": null, \"role\": \"weights\", \"format\": \"other\","
                    " \"integrity\": \"verified\", \"expected\": null, \"valid\": true, \"tensors\": null,"
                    " \"parameters\": null, \"problems\": [{\"code\": \"a_code_that_is_far_too_long_for_the_problem_list\","
                    " \"message\": \"x\", \"offset\": null}]}", "", "", "", "problems[0].code: expected a string of 1 to 39");
    expect_fail("", file_ok, "{\"id\": \"MIT\"}", "", "", "models[0].licenses[0].name: missing");
    expect_fail("", file_ok, "{\"id\": \"MIT\", \"name\": null, \"source\": \"L\", \"method\": \"guess\"}", "", "",
                "licenses[0].method: unknown value \"guess\"");
    expect_fail("", file_ok, "{\"id\": \"MIT\", \"name\": null, \"source\": \"L\", \"method\": \"text\", \"confidence\": 2,"
                             " \"modified\": false, \"clauses\": []}", "", "", "confidence: expected a number from 0 to 1");
    expect_fail("", file_ok, "{\"id\": \"MIT\", \"name\": null, \"source\": \"L\", \"method\": \"text\", \"confidence\": 1,"
                             " \"modified\": false, \"clauses\": [], \"evidence\": [{\"kind\": \"moved\", \"text\": \"x\"}]}",
                "", "", "evidence: each entry needs kind inserted|deleted");
    expect_fail("", file_ok, "", "{\"name\": \"b\", \"relation\": \"cousin\", \"license\": null}", "",
                "base_models[0].relation: unknown value \"cousin\"");
    expect_fail("", file_ok, "", "", "{\"code\": \"Bad Code\", \"severity\": \"deny\", \"message\": \"m\", \"file\": null}",
                "findings[0].code: expected lower-case letters");
    expect_fail("", file_ok, "", "", "{\"code\": \"x\", \"severity\": \"fatal\", \"message\": \"m\", \"file\": null}",
                "findings[0].severity: unknown value \"fatal\"");
    expect_fail("", "{\"path\": \"a\",}", "", "", "", "not valid JSON");
    expect_fail("", "1", "", "", "", "models[0].files[0]: expected an object");
    expect_fail("\"shard\": {\"index\": 0, \"count\": 2},", file_ok, "", "", "", "shard: expected");
    expect_fail("\"shard\": {\"index\": 3, \"count\": 2},", file_ok, "", "", "", "shard: expected");
    expect_fail("\"policy\": 7,", file_ok, "", "", "", "policy: expected an object or null");
    {
        char two[1024];
        snprintf(two, sizeof two, "%s, %s", file_ok, file_ok);
        expect_fail("", two, "", "", "", "models[0].files: the path \"a.bin\" is listed twice");
    }
}

static void test_whole_document(void **state)
{
    struct report *r = NULL;
    struct wa_err err;
    static const char *const bad[][2] = {
        { "[]", "the document is not a JSON object" },
        { "{\"schema\": \"weightaudit-report/2\"}", "schema: expected \"weightaudit-report/1\"" },
        { "{\"schema\": \"weightaudit-report/1\"}", "tool: missing" },
        { "{\"schema\": \"weightaudit-report/1\", \"tool\": {}, \"verdict\": \"allow\", \"models\": []}", "tool: expected" },
        { "{\"schema\": \"weightaudit-report/1\", \"tool\": {\"name\": \"w\", \"version\": \"1\"}, \"verdict\": \"ok\"}",
          "verdict: unknown value \"ok\"" },
        { "{\"schema\": \"weightaudit-report/1\", \"tool\": {\"name\": \"w\", \"version\": \"1\"}, \"verdict\": \"allow\"}",
          "models: missing" },
        { "{\"a\": 1, \"a\": 2}", "has the key \"a\" twice" },
        { "{} x", "bytes after the JSON value" },
        { "", "not valid JSON" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        wa_err_clear(&err);
        assert_int_equal(report_parse(&r, NULL, bad[i][0], strlen(bad[i][0]), "doc.json", &err), WA_EFORMAT);
        assert_null(r);
        if (!strstr(err.msg, bad[i][1]))
            fail_msg("case %zu: want \"%s\", got \"%s\"", i, bad[i][1], err.msg);
    }
    /* nesting beyond the cap */
    {
        char deep[400];
        size_t k = 0;
        for (int i = 0; i < 100; i++)
            deep[k++] = '[';
        for (int i = 0; i < 100; i++)
            deep[k++] = ']';
        assert_int_equal(report_parse(&r, NULL, deep, k, "deep.json", &err), WA_EFORMAT);
        assert_non_null(strstr(err.msg, "nested deeper"));
    }
    assert_int_equal(report_read(&r, NULL, "/nonexistent/report.json", &err), WA_EIO);
    assert_string_equal(err.file, "/nonexistent/report.json");
}

static struct report *load(const char *rel, struct report_shard *sh)
{
    struct report *r = NULL;
    struct wa_err err;

    if (report_read(&r, sh, root_path(rel), &err) != 0)
        fail_msg("%s: %s", rel, err.msg);
    return r;
}

static void test_merge_shards(void **state)
{
    struct report_shard s1, s2;
    struct report *all = report_new(), *a = load("tests/data/reports/shards/tiny-2-of-2.json", &s2),
                  *b = load("tests/data/reports/shards/tiny-1-of-2.json", &s1);
    struct wa_err err;

    (void)state;
    assert_int_equal(s1.index, 1);
    assert_int_equal(s2.index, 2);
    assert_int_equal(report_merge(all, a, "a", &err), 0);
    assert_int_equal(report_merge(all, b, "b", &err), 0);
    report_finalize(all);
    assert_int_equal(all->n_models, 1);
    assert_int_equal(all->models[0].n_files, 6);
    for (size_t i = 1; i < all->models[0].n_files; i++)
        assert_true(strcmp(all->models[0].files[i - 1].path, all->models[0].files[i].path) < 0);
    assert_int_equal(all->models[0].n_findings, 2);     /* the shared info finding once */
    assert_int_equal(all->models[0].n_licenses, 1);
    assert_int_equal(all->models[0].parameters, 3500);
    assert_int_equal(all->verdict, VERDICT_DENY);
    /* more files can still be added after a merge (array capacity kept) */
    for (int i = 0; i < 40; i++) {
        struct rep_file *f = report_add_file(&all->models[0]);
        assert_non_null(f);
        report_set_str(&f->path, "extra");
    }
    report_free(a);
    report_free(b);
    report_free(all);
}

static void test_merge_conflicts(void **state)
{
    struct report *all = report_new(), *a = load("tests/data/reports/shards/tiny-1-of-2.json", NULL),
                  *b = load("tests/data/reports/shards/conflict-2-of-2.json", NULL), *c;
    struct wa_err err;

    (void)state;
    assert_int_equal(report_merge(all, a, "a", &err), 0);
    assert_int_equal(report_merge(all, b, "b.json", &err), WA_EFORMAT);
    assert_string_equal(err.file, "b.json");
    assert_non_null(strstr(err.msg, "file config.json is listed with different facts"));
    /* a model with another name at the same path */
    c = load("tests/data/reports/shards/tiny-2-of-2.json", NULL);
    report_set_str(&c->models[0].name, "someone/else");
    assert_int_equal(report_merge(all, c, "c", &err), WA_EFORMAT);
    assert_non_null(strstr(err.msg, "name \"someone/else\" conflicts with \"acme/tiny\""));
    report_free(a);
    report_free(b);
    report_free(c);
    report_free(all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_minimal_valid),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_whole_document),
        cmocka_unit_test(test_merge_shards),
        cmocka_unit_test(test_merge_conflicts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
