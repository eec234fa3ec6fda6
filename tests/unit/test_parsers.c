/*
 * test_parsers.c - the small formats the layouts read: Git LFS pointers
 * (git-lfs docs/spec.md), local-dir download metadata (huggingface_hub
 * _local_folder.py), Ollama manifests.
 */
#include "wa_test.h"

#include "hfmeta.h"
#include "lfsptr.h"
#include "ollamamf.h"

#define H64 "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393"
#define H40 "a16a55fda99d2f2e7b69cce5cf93ff4ad3049930"

static int ptr(const char *s)
{
    struct lfsptr p;

    return lfsptr_parse(&p, s, strlen(s), NULL);
}

static void test_lfsptr(void **state)
{
    struct lfsptr p;
    const char *v1 = "version https://git-lfs.github.com/spec/v1\noid sha256:" H64 "\nsize 12345\n";

    (void)state;
    assert_int_equal(lfsptr_parse(&p, v1, strlen(v1), NULL), 0);
    assert_string_equal(p.oid, H64);
    assert_int_equal(p.size, 12345);
    assert_int_equal(ptr("version https://hawser.github.com/spec/v1\noid sha256:" H64 "\nsize 0\n"), 0);
    assert_int_equal(ptr("version https://git-lfs.github.com/spec/v1\next-0-x y\noid sha256:" H64 "\nsize 1\n"), 0);
    /* refused */
    assert_int_equal(ptr(""), -1);
    assert_int_equal(ptr("version https://git-lfs.github.com/spec/v1\noid sha256:" H64 "\nsize 1"), -1);
    assert_int_equal(ptr("version https://git-lfs.github.com/spec/v1\r\noid sha256:" H64 "\r\nsize 1\r\n"), -1);
    assert_int_equal(ptr("version https://git-lfs.github.com/spec/v1\nsize 1\noid sha256:" H64 "\n"), -1);
    assert_int_equal(ptr("version https://git-lfs.github.com/spec/v2\noid sha256:" H64 "\nsize 1\n"), -1);
    assert_int_equal(ptr("oid sha256:" H64 "\nversion https://git-lfs.github.com/spec/v1\nsize 1\n"), -1);
    assert_int_equal(ptr("version https://git-lfs.github.com/spec/v1\noid sha1:" H40 "\nsize 1\n"), -1);
    assert_int_equal(ptr("version https://git-lfs.github.com/spec/v1\noid sha256:" H64 "\nsize 01\n"), -1);
    assert_int_equal(ptr("version https://git-lfs.github.com/spec/v1\noid sha256:" H64 "\nsize -1\n"), -1);
    assert_int_equal(ptr("version https://git-lfs.github.com/spec/v1\noid sha256:" H64 "\n"), -1);
    assert_int_equal(ptr("version https://git-lfs.github.com/spec/v1\noid sha256:" H64
                         "\nsize 99999999999999999999\n"), -1);
    {
        char big[2048];
        memset(big, 'a', sizeof big);
        assert_int_equal(lfsptr_parse(&p, big, sizeof big, NULL), -1);
    }
}

static int meta(const char *s, struct hfmeta *m)
{
    return hfmeta_parse(m, s, strlen(s), NULL);
}

static void test_hfmeta(void **state)
{
    struct hfmeta m;

    (void)state;
    assert_int_equal(meta(H40 "\n" H64 "\n1712656091.123\n", &m), 0);
    assert_string_equal(m.commit, H40);
    assert_string_equal(m.etag, H64);
    assert_true(m.etag_is_sha256);
    assert_false(hfmeta_stale(&m, 1712656092));    /* one second of slack */
    assert_true(hfmeta_stale(&m, 1712656093));
    /* the slack is one second of the float mtime, as huggingface_hub's
     * st_mtime - 1 <= timestamp: not a whole second more */
    assert_false(hfmeta_stale(&m, 1712656092.123));
    assert_true(hfmeta_stale(&m, 1712656092.2));
    assert_int_equal(meta(H40 "\n" H40 "\n1712656091\n", &m), 0);
    assert_false(m.etag_is_sha256);
    assert_int_equal(meta(H40 "\n\"" H64 "\"\n1\n", &m), 0);
    assert_string_equal(m.etag, H64);
    assert_int_equal(meta(H40 "\nabc\n1\n", &m), -1);
    assert_int_equal(meta(H40 "\n" H64 "\nnan\n", &m), -1);
    assert_int_equal(meta(H40 "\n" H64 "\n", &m), -1);
    assert_int_equal(meta("xyz\n" H64 "\n1\n", &m), -1);
    assert_int_equal(meta(H40 "\n" H64 "\n1\nextra\n", &m), -1);
}

static void test_ollamamf(void **state)
{
    const char *good = "{\"schemaVersion\": 2, \"config\": {\"mediaType\": \"c\", \"digest\": \"sha256:" H64
                       "\", \"size\": 5}, \"layers\": [{\"mediaType\": \"application/vnd.ollama.image.model\", "
                       "\"digest\": \"sha256:" H64 "\", \"size\": 4661211424}]}";
    struct ollamamf *m = NULL;
    struct wa_err err;

    (void)state;
    assert_int_equal(ollamamf_parse(&m, good, strlen(good), "mf", &err), 0);
    assert_int_equal(m->n, 2);
    assert_true(m->v[0].is_config);
    assert_int_equal(m->v[1].size, 4661211424LL);
    assert_string_equal(m->v[1].media_type, "application/vnd.ollama.image.model");
    ollamamf_free(m);
    assert_int_equal(ollamamf_parse(&m, "{}", 2, "mf", &err), WA_EFORMAT);
    assert_non_null(strstr(err.msg, "layers"));
    assert_int_equal(ollamamf_parse(&m, "{\"layers\": [{\"digest\": \"sha256:abc\", \"size\": 1}]}", 49, "mf", &err),
                     WA_EFORMAT);
    assert_non_null(strstr(err.msg, "layers[0].digest"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lfsptr),
        cmocka_unit_test(test_hfmeta),
        cmocka_unit_test(test_ollamamf),
    };
    return cmocka_run_group_tests_name("parsers", tests, NULL, NULL);
}
