/*
 * test_sbom.c - sbom_read: CycloneDX and SPDX documents written by our own
 * writers read back into the same entries (every hashed file, its SHA-256,
 * its size where the format carries it, the model's name and revision);
 * documents of other tools; and every way a document can be malformed or
 * unsafe (the exit-2 path of verify --sbom).
 */
#include "wa_test.h"

#include <cjson/cJSON.h>
#include <unistd.h>

#include "out.h"
#include "report_read.h"
#include "sbom.h"

static const char *const reports[] = {
    "apache-allow.json", "llama31-deny.json", "licenseref-review.json", "base-models.json", "hostile-names.json",
};

static struct manifest *parse_ok(const char *doc, size_t n)
{
    struct manifest *m = NULL;
    struct wa_err err;

    wa_err_clear(&err);
    if (sbom_parse(&m, doc, n, "sbom.json", &err) != 0)
        fail_msg("sbom_parse: %s", err.msg);
    return m;
}

static void round_trip(const struct report *r, out_fn fn, int has_size)
{
    const struct rep_model *rm = &r->models[0];
    struct outbuf b = { 0 };
    struct wa_err err;
    struct manifest *m;
    size_t hashed = 0;

    assert_int_equal(fn(&b, r, &err), 0);
    m = parse_ok(b.p, b.n);
    for (size_t i = 0; i < rm->n_files; i++) {
        const struct rep_file *f = &rm->files[i];
        const struct manifest_entry *e;
        if (!f->has_sha256)
            continue;       /* nothing an SBOM could say to verify */
        hashed++;
        e = manifest_find(m, f->path);
        if (!e)
            fail_msg("%s missing after the round trip", f->path);
        assert_string_equal(e->sha256, f->sha256);
        assert_int_equal(e->size, has_size ? f->size : -1);
    }
    assert_int_equal(m->n, hashed);
    if (rm->name) {
        assert_non_null(m->name);
        assert_string_equal(m->name, rm->name);
    }
    if (rm->revision) {
        assert_non_null(m->revision);
        assert_string_equal(m->revision, rm->revision);
    }
    manifest_free(m);
    outbuf_free(&b);
}

static void test_round_trip_own_documents(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
        char rel[128];
        struct report *r = NULL;
        struct wa_err err;
        snprintf(rel, sizeof rel, "tests/data/reports/%s", reports[i]);
        if (report_read(&r, NULL, root_path(rel), &err))
            fail_msg("%s: %s", rel, err.msg);
        report_finalize(r);
        round_trip(r, out_cyclonedx, 1);
        round_trip(r, out_spdx, 0);
        report_free(r);
    }
}

static void test_other_tools(void **state)
{
    static const char cdx[] =
        "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"components\": ["
        " {\"type\": \"file\", \"name\": \"weights/model.bin\", \"hashes\": ["
        "   {\"alg\": \"SHA-1\", \"content\": \"0000000000000000000000000000000000000000\"},"
        "   {\"alg\": \"SHA-256\", \"content\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}]},"
        " {\"type\": \"library\", \"name\": \"torch\", \"version\": \"2.3\"},"
        " {\"type\": \"file\", \"name\": \"./config.json\", \"hashes\": ["
        "   {\"alg\": \"SHA-256\", \"content\": \"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"}]},"
        " {\"type\": \"file\", \"name\": \"no-hash.txt\"}]}";
    static const char spdx[] =
        "{\"spdxVersion\": \"SPDX-2.2\", \"SPDXID\": \"SPDXRef-DOCUMENT\", \"files\": ["
        " {\"SPDXID\": \"SPDXRef-1\", \"fileName\": \"./a/b.safetensors\", \"checksums\": ["
        "   {\"algorithm\": \"SHA1\", \"checksumValue\": \"0000000000000000000000000000000000000000\"},"
        "   {\"algorithm\": \"SHA256\", \"checksumValue\": \"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\"}]},"
        " {\"SPDXID\": \"SPDXRef-2\", \"fileName\": \"./sha1-only\", \"checksums\": ["
        "   {\"algorithm\": \"SHA1\", \"checksumValue\": \"0000000000000000000000000000000000000000\"}]}],"
        " \"packages\": [{\"SPDXID\": \"SPDXRef-P\", \"name\": \"org/model\", \"versionInfo\": \"v1\","
        "   \"hasFiles\": [\"SPDXRef-1\"]}]}";
    struct manifest *m;

    (void)state;
    m = parse_ok(cdx, sizeof cdx - 1);
    assert_int_equal(m->n, 2);
    assert_string_equal(manifest_find(m, "weights/model.bin")->sha256,
                        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    assert_non_null(manifest_find(m, "config.json"));
    assert_null(m->name);
    manifest_free(m);
    m = parse_ok(spdx, sizeof spdx - 1);
    assert_int_equal(m->n, 1);
    assert_non_null(manifest_find(m, "a/b.safetensors"));
    assert_string_equal(m->name, "org/model");
    assert_string_equal(m->revision, "v1");
    manifest_free(m);
}

static void expect_bad(const char *doc, const char *want)
{
    struct manifest *m = NULL;
    struct wa_err err;
    int rc;

    wa_err_clear(&err);
    rc = sbom_parse(&m, doc, strlen(doc), "bad.json", &err);
    assert_null(m);
    if (rc != WA_EFORMAT || !strstr(err.msg, want) || strcmp(err.file, "bad.json"))
        fail_msg("%s\nwant \"%s\", got rc %d: %s: %s", doc, want, rc, err.file, err.msg);
}

#define H64 "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
#define CDX_FILE(name, hash) "{\"type\": \"file\", \"name\": \"" name "\", \"hashes\": [{\"alg\": \"SHA-256\", \"content\": \"" hash "\"}]}"
#define CDX(list) "{\"bomFormat\": \"CycloneDX\", \"components\": [" list "]}"

static void test_malformed(void **state)
{
    (void)state;
    expect_bad("{\"bomFormat\": \"CycloneDX\",}", "not valid JSON");
    expect_bad("[1, 2]", "not a JSON object");
    expect_bad("{\"name\": \"x\"}", "neither a CycloneDX document");
    expect_bad("{\"spdxVersion\": \"SPDX-3.0\"}", "neither a CycloneDX document");
    expect_bad(CDX(""), "lists no file with a SHA-256 hash");
    expect_bad(CDX(CDX_FILE("/etc/passwd", H64)), "absolute file path \"/etc/passwd\"");
    expect_bad(CDX(CDX_FILE("a/../../etc/passwd", H64)), "unsafe file path");
    expect_bad(CDX(CDX_FILE("a//b", H64)), "unsafe file path");
    expect_bad(CDX(CDX_FILE("a/./b", H64)), "unsafe file path");
    expect_bad(CDX(CDX_FILE("./", H64)), "empty file path");
    expect_bad(CDX(CDX_FILE("x", "1234")), "SHA-256 of \"x\" is not 64 hex digits");
    expect_bad(CDX(CDX_FILE("x", H64) "," CDX_FILE("./x", H64)), "the file x is listed twice");
    expect_bad(CDX("{\"type\": \"file\", \"name\": \"x\", \"hashes\": {}}"), "components[0].hashes: expected an array");
    expect_bad(CDX("{\"type\": \"file\", \"name\": \"x\", \"hashes\": [{\"alg\": \"SHA-256\", \"content\": \"" H64
                   "\"}, {\"alg\": \"SHA-256\", \"content\": \"" "e" H64 "\"}]}"),
               "two different SHA-256 values");
    expect_bad(CDX("{\"type\": \"file\", \"hashes\": [{\"alg\": \"SHA-256\", \"content\": \"" H64 "\"}]}"),
               "a file component without a name");
    expect_bad(CDX("{\"type\": \"machine-learning-model\", \"name\": \"a\", \"components\": [" CDX_FILE("w", H64) "]},"
                   "{\"type\": \"machine-learning-model\", \"name\": \"b\", \"components\": [" CDX_FILE("v", H64) "]}"),
               "the files belong to more than one component");
    expect_bad("{\"bomFormat\": \"CycloneDX\", \"components\": {}}", "components: expected an array");
    expect_bad("{\"bomFormat\": \"CycloneDX\", \"components\": [7]}", "components[0]: expected an object");
    expect_bad("{\"spdxVersion\": \"SPDX-2.3\", \"files\": [{\"fileName\": \"a\"}]}", "files[0]: a file needs SPDXID");
    expect_bad("{\"spdxVersion\": \"SPDX-2.3\", \"files\": [{\"SPDXID\": \"SPDXRef-1\", \"fileName\": \"../a\", "
               "\"checksums\": [{\"algorithm\": \"SHA256\", \"checksumValue\": \"" H64 "\"}]}]}",
               "unsafe file path \"../a\"");
    expect_bad("{\"spdxVersion\": \"SPDX-2.3\", \"files\": [{\"SPDXID\": \"SPDXRef-1\", \"fileName\": \"a\", "
               "\"checksums\": [{\"algorithm\": \"SHA256\", \"checksumValue\": \"" H64 "\"}]}],"
               " \"packages\": [{\"SPDXID\": \"P1\", \"hasFiles\": [\"SPDXRef-1\"]}, {\"SPDXID\": \"P2\"}],"
               " \"relationships\": [{\"spdxElementId\": \"P2\", \"relationshipType\": \"CONTAINS\","
               " \"relatedSpdxElement\": \"SPDXRef-1\"}]}",
               "file a is contained in two packages");
    expect_bad("{\"spdxVersion\": \"SPDX-2.3\", \"files\": [{\"SPDXID\": \"S\", \"fileName\": \"a\", \"checksums\": "
               "[{\"algorithm\": \"SHA256\", \"checksumValue\": \"" H64 "\"}]}, {\"SPDXID\": \"S\", \"fileName\": \"b\","
               " \"checksums\": [{\"algorithm\": \"SHA256\", \"checksumValue\": \"" H64 "\"}]}]}",
               "the SPDXID S is used by two files");
    expect_bad("{\"spdxVersion\": \"SPDX-2.3\", \"files\": {}}", "files: expected an array");
}

static void test_files_and_limits(void **state)
{
    struct manifest *m = NULL;
    struct wa_err err;
    char path[64];
    FILE *f;

    (void)state;
    assert_int_equal(sbom_read(&m, "/nonexistent/sbom.json", &err), WA_EIO);
    assert_string_equal(err.file, "/nonexistent/sbom.json");
    snprintf(path, sizeof path, "/tmp/wa-test-sbom-%d.json", (int)getpid());
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(CDX(CDX_FILE("deep/dir/w.safetensors", H64)) "\n", f);
    fclose(f);
    assert_int_equal(sbom_read(&m, path, &err), 0);
    assert_int_equal(m->n, 1);
    assert_string_equal(m->v[0].path, "deep/dir/w.safetensors");
    manifest_free(m);
    unlink(path);
    /* nesting of components beyond the cap */
    {
        char doc[4096] = "{\"bomFormat\": \"CycloneDX\", \"components\": ";
        for (int i = 0; i < 20; i++)
            strcat(doc, "[{\"type\": \"library\", \"name\": \"n\", \"components\": ");
        strcat(doc, "[]");
        for (int i = 0; i < 20; i++)
            strcat(doc, "}]");
        strcat(doc, "}");
        assert_int_equal(sbom_parse(&m, doc, strlen(doc), "n.json", &err), WA_EFORMAT);
        assert_non_null(strstr(err.msg, "nested deeper"));
    }
}

/* An SBOM of three models: /data/models/alpha, the hf-cache model
 * acme/beta and /other/alpha (the same last part as the first). */
static struct report *three_models(void)
{
    static const char *const paths[] = { "/data/models/alpha", "/cache/hub/models--acme--beta", "/other/alpha" };
    static const char *const files[] = { "a.safetensors", "b.safetensors", "c.safetensors" };
    struct report *r = report_new();

    for (size_t i = 0; i < 3; i++) {
        struct rep_model *m = report_add_model(r);
        struct rep_file *f = report_add_file(m);
        m->layout = i == 1 ? LAYOUT_HF_CACHE : LAYOUT_DIRECTORY;
        report_set_str(&m->path, paths[i]);
        if (i == 1) {
            report_set_str(&m->name, "acme/beta");
            report_set_str(&m->revision, "4c2a3d5b8e9f0a1b2c3d4e5f60718293a4b5c6d7");
        }
        report_set_str(&f->path, files[i]);
        f->size = 10;
        f->has_sha256 = 1;
        hash_sha256_hex(files[i], strlen(files[i]), f->sha256);
        f->role = ROLE_WEIGHTS;
    }
    r->timestamp = 1700000000;
    report_finalize(r);
    return r;
}

/* The one file read for the model at path, or the error. */
static void pick(const char *doc, size_t n, const char *path, const char *want_file, const char *want_err)
{
    struct manifest *m = NULL;
    struct wa_err err;
    int rc;

    wa_err_clear(&err);
    rc = sbom_parse_for(&m, doc, n, "multi.json", path, NULL, &err);
    if (want_file) {
        if (rc)
            fail_msg("%s: %s", path ? path : "(none)", err.msg);
        assert_int_equal(m->n, 1);
        assert_string_equal(m->v[0].path, want_file);
        manifest_free(m);
    } else {
        assert_int_equal(rc, WA_EFORMAT);
        assert_null(m);
        if (!strstr(err.msg, want_err))
            fail_msg("%s: want \"%s\", got \"%s\"", path ? path : "(none)", want_err, err.msg);
    }
}

static void test_several_models(void **state)
{
    struct report *r = three_models();
    const out_fn fns[] = { out_cyclonedx, out_spdx };

    (void)state;
    for (size_t i = 0; i < 2; i++) {
        struct outbuf b = { 0 };
        struct wa_err err;
        const char *what = i ? "package" : "component";
        char want[128];
        assert_int_equal(fns[i](&b, r, &err), 0);
        /* the recorded path itself wins over a shared last part */
        pick(b.p, b.n, "/data/models/alpha", "a.safetensors", NULL);
        pick(b.p, b.n, "/other/alpha/", "c.safetensors", NULL);
        /* a hf-cache folder elsewhere: models--acme--beta is acme/beta */
        pick(b.p, b.n, "/mnt/copy/models--acme--beta", "b.safetensors", NULL);
        /* a folder named like the model */
        pick(b.p, b.n, "./beta", "b.safetensors", NULL);
        /* two alike: refused, naming the candidates */
        pick(b.p, b.n, "/mnt/alpha", NULL, "and 2 match the model at /mnt/alpha alike");
        pick(b.p, b.n, "/mnt/alpha", NULL, "/data/models/alpha");
        pick(b.p, b.n, "/mnt/alpha", NULL, "/other/alpha");
        /* none: refused, naming all of them */
        snprintf(want, sizeof want, "the files belong to more than one %s and none is the model at /mnt/gamma", what);
        pick(b.p, b.n, "/mnt/gamma", NULL, want);
        pick(b.p, b.n, "/mnt/gamma", NULL, "\"acme/beta\" at /cache/hub/models--acme--beta");
        /* without a PATH (sbom_parse): one model only */
        snprintf(want, sizeof want, "the files belong to more than one %s (", what);
        pick(b.p, b.n, NULL, NULL, want);
        outbuf_free(&b);
    }
    report_free(r);
}

/* The documents the pending verify --sbom CLI cases use fail the way those cases expect. */
static void test_bad_sbom_files(void **state)
{
    static const char *const cases[][2] = {
        { "tests/data/bad-sboms/not-json.cdx.json", "not valid JSON" },
        { "tests/data/bad-sboms/not-an-sbom.json", "neither a CycloneDX document (bomFormat) nor an SPDX 2.x JSON document" },
        { "tests/data/bad-sboms/absolute-path.cdx.json", "absolute file path \"/etc/passwd\"" },
        { "tests/data/bad-sboms/climbs-out.spdx.json", "unsafe file path \"../../etc/shadow\"" },
        { "tests/data/bad-sboms/two-models.cdx.json", "the files belong to more than one component" },
        { "tests/hostile/sbom/bsearch-empty-files.json", "lists no file with a SHA-256 hash" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct manifest *m = NULL;
        struct wa_err err;
        char path[4096];
        snprintf(path, sizeof path, "%s", root_path(cases[i][0]));
        wa_err_clear(&err);
        assert_int_equal(sbom_read(&m, path, &err), WA_EFORMAT);
        assert_null(m);
        assert_string_equal(err.file, path);
        if (!strstr(err.msg, cases[i][1]))
            fail_msg("%s: want \"%s\", got \"%s\"", cases[i][0], cases[i][1], err.msg);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_own_documents),
        cmocka_unit_test(test_other_tools),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_files_and_limits),
        cmocka_unit_test(test_several_models),
        cmocka_unit_test(test_bad_sbom_files),
    };
    setenv("WEIGHTAUDIT_DATA", "/nonexistent", 1);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
