/*
 * test_manifest.c - weightaudit-manifest/1: reading (every refusal with the
 * file and what is wrong), writing sorted, and the round trip.
 */
#include "wa_test.h"

#include <cjson/cJSON.h>

#include "jsonout.h"
#include "manifest.h"

#define H64 "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393"

static int refused(const char *json, const char *part)
{
    struct manifest *m = NULL;
    struct wa_err err;
    int rc = manifest_parse(&m, json, strlen(json), "m.json", &err);

    if (rc == 0) {
        manifest_free(m);
        return 0;
    }
    assert_string_equal(err.file, "m.json");
    if (part && !strstr(err.msg, part))
        fail_msg("error '%s' lacks '%s'", err.msg, part);
    return 1;
}

static void test_parse(void **state)
{
    const char *good = "{\"schema\": \"weightaudit-manifest/1\", \"name\": \"o/n\", \"revision\": null, \"files\": ["
                       "{\"path\": \"b/x.bin\", \"size\": 3, \"sha256\": \"" H64 "\"},"
                       "{\"path\": \"a.json\", \"sha256\": \"" H64 "\"}]}";
    struct manifest *m = NULL;
    struct wa_err err;

    (void)state;
    assert_int_equal(manifest_parse(&m, good, strlen(good), "m.json", &err), 0);
    assert_string_equal(m->name, "o/n");
    assert_null(m->revision);
    assert_int_equal(m->n, 2);
    assert_string_equal(m->v[0].path, "a.json");   /* sorted */
    assert_int_equal(m->v[0].size, -1);
    assert_int_equal(m->v[1].size, 3);
    assert_non_null(manifest_find(m, "b/x.bin"));
    manifest_free(m);

    assert_true(refused("{\"schema\": \"x\", \"files\": []}", "schema"));
    assert_true(refused("{\"schema\": \"weightaudit-manifest/1\"}", "files"));
    assert_true(refused("{\"schema\": \"weightaudit-manifest/1\", \"files\": [1]}", "files[0] is not an object"));
    assert_true(refused("{\"schema\": \"weightaudit-manifest/1\", \"files\": [{\"path\": \"../x\", \"sha256\": \"" H64
                        "\"}]}", "files[0].path"));
    assert_true(refused("{\"schema\": \"weightaudit-manifest/1\", \"files\": [{\"path\": \"x\", \"sha256\": \"abc\"}]}",
                        "files[0].sha256"));
    assert_true(refused("{\"schema\": \"weightaudit-manifest/1\", \"files\": [{\"path\": \"x\", \"size\": -2, "
                        "\"sha256\": \"" H64 "\"}]}", "files[0].size"));
    assert_true(refused("{\"schema\": \"weightaudit-manifest/1\", \"files\": [{\"path\": \"x\", \"sha256\": \"" H64
                        "\"}, {\"path\": \"x\", \"sha256\": \"" H64 "\"}]}", "listed twice"));
    assert_true(refused("{\"schema\": \"weightaudit-manifest/1\", \"name\": 3, \"files\": []}", "name"));
    assert_true(refused("{\"schema\"", "not JSON"));
    assert_true(refused("{} {}", "trailing"));
}

static void test_write_round_trip(void **state)
{
    struct manifest *m = manifest_new(), *back = NULL;
    struct wa_err err;
    cJSON *j;
    char *s;

    (void)state;
    assert_int_equal(manifest_add(m, "z.safetensors", 10, H64), 0);
    assert_int_equal(manifest_add(m, "a.json", 2, H64), 0);
    assert_int_equal(manifest_add(m, "bad", 2, "xyz"), WA_EFORMAT);
    manifest_sort(m);
    j = manifest_to_json(m);
    s = jsonout_print(j);
    assert_non_null(strstr(s, "\"schema\": \"weightaudit-manifest/1\""));
    assert_true(strstr(s, "a.json") < strstr(s, "z.safetensors"));
    assert_int_equal(manifest_parse(&back, s, strlen(s), "again", &err), 0);
    assert_int_equal(back->n, 2);
    assert_int_equal(back->v[1].size, 10);
    manifest_free(back);
    free(s);
    cJSON_Delete(j);
    manifest_free(m);
}

static void test_read_errors(void **state)
{
    struct manifest *m = NULL;
    struct wa_err err;

    (void)state;
    assert_int_equal(manifest_read(&m, "/nonexistent/m.json", &err), WA_EIO);
    assert_string_equal(err.file, "/nonexistent/m.json");
    assert_int_equal(manifest_read(&m, "/tmp", &err), WA_EIO);
    assert_int_equal(manifest_read(&m, root_path("manifests/examples/tiny-llama.json"), &err), 0);
    assert_int_equal(m->n, 6);
    manifest_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_write_round_trip),
        cmocka_unit_test(test_read_errors),
    };
    return cmocka_run_group_tests_name("manifest", tests, NULL, NULL);
}
