/*
 * test_out.c - the JSON and HTML writers: odd and non-UTF-8 file names come
 * out as safe strings, an id outside the SPDX License List never appears as
 * a CycloneDX license id, SPDX expressions and LicenseRefs are valid, purls
 * are encoded, serial numbers and namespaces follow the content, and every
 * run gives the same bytes.  Also the SPDX id table against the schema it
 * was generated from, and the finding-code table's order.
 */
#include "wa_test.h"

#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "findcode.h"
#include "jsonin.h"
#include "out.h"
#include "out_int.h"
#include "report.h"
#include "spdxid.h"
#include "utf8.h"

/* A one-model report with hostile names and licenses of every kind. */
static struct report *odd_report(void)
{
    static const char *const names[] = {
        "plain.safetensors",
        "quote\"and\\backslash.bin",
        "<script>alert(1)</script>.json",
        "ctrl\x01\x1b[0mtab\tnl\n.txt",
        "raw-\xff\xfe-latin1-caf\xe9.bin",          /* not UTF-8 */
        "trunc-\xe2\x82.bin",                         /* a cut multi-byte sequence */
        "ok-\xc3\xa9\xe2\x82\xac.txt",                /* valid UTF-8: e-acute, euro */
    };
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    struct rep_license *l;

    assert_non_null(m);
    report_set_str(&m->path, "models/odd\xff");
    report_set_str(&m->name, "acme/odd-model");
    report_set_str(&m->revision, "0123456789ABCDEF0123456789abcdef01234567");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct rep_file *f = report_add_file(m);
        report_set_str(&f->path, names[i]);
        f->size = (int64_t)i * 100;
        f->has_sha256 = 1;
        hash_sha256_hex(names[i], strlen(names[i]), f->sha256);
        f->role = i == 0 ? ROLE_WEIGHTS : ROLE_OTHER;
    }
    l = report_add_license(m);
    report_set_str(&l->id, "apache-2.0");           /* wrong case: must come out canonical */
    report_set_str(&l->source, "README.md");
    report_set_str(&l->method, "card");
    l = report_add_license(m);
    report_set_str(&l->id, "LicenseRef-Llama 3.1/Community");   /* characters an idstring lacks */
    report_set_str(&l->name, "Llama \"3.1\" <Community>");
    report_set_str(&l->source, "LICENSE");
    report_set_str(&l->method, "text");
    report_set_str(&l->text, "Llama text \xff with a bad byte");
    l = report_add_license(m);
    report_set_str(&l->id, "Totally-Made-Up-1.0");
    report_set_str(&l->source, "NOTICE");
    report_set_str(&l->method, "notice");
    l = report_add_license(m);
    report_set_str(&l->id, "MIT");
    report_set_str(&l->source, "LICENSE-code");
    report_set_str(&l->method, "text");
    l->modified = 1;
    report_set_str(&m->declared_license, "Totally-Made-Up-1.0");
    report_set_str(&m->concluded_license, "LicenseRef-Llama 3.1/Community");
    report_add_finding(m, FIND_DENY, "integrity_mismatch", names[4], "%s differs", names[4]);
    report_add_finding(m, FIND_REVIEW, "license_unknown", NULL, "no match <b>here</b>");
    r->timestamp = 1700000000;
    report_finalize(r);
    return r;
}

static char *render(const struct report *r, out_fn fn)
{
    struct outbuf b = { 0 };
    struct wa_err err;

    wa_err_clear(&err);
    assert_int_equal(fn(&b, r, &err), 0);
    assert_false(b.oom);
    assert_non_null(b.p);
    return b.p;
}

/* Render with fn, check it is UTF-8 JSON, return the parsed document. */
static cJSON *render_json(const struct report *r, out_fn fn)
{
    char *s = render(r, fn);
    struct wa_err err;
    cJSON *doc = NULL;

    assert_int_equal(utf8_valid_prefix((const unsigned char *)s, strlen(s)), strlen(s));
    assert_int_equal(jsonin_parse(&doc, s, strlen(s), "out", &err), 0);
    free(s);
    return doc;
}

/* Every string value under j (depth first) passes pred. */
static void each_string(const cJSON *j, const char *key, void (*fn)(const char *key, const char *s))
{
    for (const cJSON *c = j->child; c; c = c->next) {
        if (cJSON_IsString(c))
            fn(c->string ? c->string : key, c->valuestring);
        else
            each_string(c, c->string ? c->string : key, fn);
    }
}

static const cJSON *get(const cJSON *o, const char *k)
{
    return cJSON_GetObjectItemCaseSensitive(o, k);
}

static int array_has_string(const cJSON *a, const char *key, const char *want)
{
    for (const cJSON *e = a ? a->child : NULL; e; e = e->next) {
        const cJSON *v = key ? get(e, key) : e;
        if (cJSON_IsString(v) && strcmp(v->valuestring, want) == 0)
            return 1;
    }
    return 0;
}

static void test_file_names_safe_in_every_json_format(void **state)
{
    struct report *r = odd_report();
    const out_fn fns[] = { out_json, out_cyclonedx, out_spdx, out_sarif };
    cJSON *doc;
    const cJSON *files;

    (void)state;
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        doc = render_json(r, fns[i]);
        cJSON_Delete(doc);
    }
    /* native: names round-trip as text with \xNN for the bad bytes */
    doc = render_json(r, out_json);
    files = get(cJSON_GetArrayItem(get(doc, "models"), 0), "files");
    assert_true(array_has_string(files, "path", "raw-\\xff\\xfe-latin1-caf\\xe9.bin"));
    assert_true(array_has_string(files, "path", "trunc-\\xe2\\x82.bin"));
    assert_true(array_has_string(files, "path", "ok-\xc3\xa9\xe2\x82\xac.txt"));
    assert_true(array_has_string(files, "path", "quote\"and\\backslash.bin"));
    assert_true(array_has_string(files, "path", "ctrl\x01\x1b[0mtab\tnl\n.txt"));
    assert_string_equal(get(cJSON_GetArrayItem(get(doc, "models"), 0), "path")->valuestring, "models/odd\\xff");
    cJSON_Delete(doc);
    /* CycloneDX: the same names on the file components */
    doc = render_json(r, out_cyclonedx);
    files = get(cJSON_GetArrayItem(get(doc, "components"), 0), "components");
    assert_true(array_has_string(files, "name", "raw-\\xff\\xfe-latin1-caf\\xe9.bin"));
    assert_true(array_has_string(files, "name", "<script>alert(1)</script>.json"));
    cJSON_Delete(doc);
    /* SPDX: "./" + name */
    doc = render_json(r, out_spdx);
    assert_true(array_has_string(get(doc, "files"), "fileName", "./raw-\\xff\\xfe-latin1-caf\\xe9.bin"));
    cJSON_Delete(doc);
    /* SARIF: percent-encoded URI of the raw bytes */
    doc = render_json(r, out_sarif);
    {
        const cJSON *res = get(cJSON_GetArrayItem(get(doc, "runs"), 0), "results");
        const cJSON *loc = get(get(cJSON_GetArrayItem(get(cJSON_GetArrayItem(res, 0), "locations"), 0),
                                   "physicalLocation"), "artifactLocation");
        const cJSON *base = get(get(cJSON_GetArrayItem(get(doc, "runs"), 0), "originalUriBaseIds"), "MODEL1");
        assert_string_equal(get(loc, "uri")->valuestring, "raw-%FF%FE-latin1-caf%E9.bin");
        assert_string_equal(get(loc, "uriBaseId")->valuestring, "MODEL1");
        assert_string_equal(get(base, "uri")->valuestring, "models/odd%FF/");
        assert_string_equal(get(base, "uriBaseId")->valuestring, "%SRCROOT%");
    }
    cJSON_Delete(doc);
    report_free(r);
}

static void check_cdx_id(const char *key, const char *s)
{
    /* only license.id is an "id" in our CycloneDX output */
    if (strcmp(key, "id") == 0) {
        const char *canon = spdxid_lookup(s);
        assert_non_null(canon);
        assert_string_equal(canon, s);
    }
}

static void test_cyclonedx_license_ids_only_from_the_spdx_list(void **state)
{
    struct report *r = odd_report();
    cJSON *doc = render_json(r, out_cyclonedx);
    const cJSON *lic = get(cJSON_GetArrayItem(get(doc, "components"), 0), "licenses");
    int ids = 0, names = 0;

    (void)state;
    each_string(doc, "", check_cdx_id);
    for (const cJSON *e = lic->child; e; e = e->next) {
        const cJSON *l = get(e, "license");
        ids += get(l, "id") != NULL;
        names += get(l, "name") != NULL;
        if (get(l, "id"))
            assert_string_equal(get(l, "id")->valuestring, "Apache-2.0");
    }
    assert_int_equal(ids, 1);       /* apache-2.0 as Apache-2.0; the modified MIT is a name */
    assert_int_equal(names, 4);     /* Llama ref, made-up, modified MIT, concluded Llama ref */
    cJSON_Delete(doc);
    report_free(r);
}

/* A valid SPDX expression of ours: listed ids, LicenseRef-[A-Za-z0-9.-]+,
 * operators, parentheses, NONE/NOASSERTION alone. */
static void assert_valid_expression(const char *e)
{
    char *copy = strdup(e), *save = NULL;

    if (!strcmp(e, "NONE") || !strcmp(e, "NOASSERTION")) {
        free(copy);
        return;
    }
    for (char *t = strtok_r(copy, " ()", &save); t; t = strtok_r(NULL, " ()", &save)) {
        size_t n = strlen(t);
        if (!strcmp(t, "AND") || !strcmp(t, "OR") || !strcmp(t, "WITH"))
            continue;
        if (!strncmp(t, "LicenseRef-", 11)) {
            assert_true(n > 11);
            assert_int_equal(strspn(t + 11, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-"), n - 11);
            continue;
        }
        if (t[n - 1] == '+')
            t[n - 1] = '\0';
        assert_non_null(spdxid_lookup(t));
        assert_string_equal(spdxid_lookup(t), t);
    }
    free(copy);
}

static void test_spdx_expressions_and_extracted_texts(void **state)
{
    struct report *r = odd_report();
    cJSON *doc = render_json(r, out_spdx);
    const cJSON *pkg = cJSON_GetArrayItem(get(doc, "packages"), 0), *ext = get(doc, "hasExtractedLicensingInfos");
    char *s;

    (void)state;
    assert_string_equal(get(pkg, "licenseDeclared")->valuestring, "LicenseRef-Totally-Made-Up-1.0");
    assert_string_equal(get(pkg, "licenseConcluded")->valuestring, "LicenseRef-Llama-3.1-Community");
    assert_valid_expression(get(pkg, "licenseDeclared")->valuestring);
    assert_valid_expression(get(pkg, "licenseConcluded")->valuestring);
    for (const cJSON *e = get(pkg, "licenseInfoFromFiles")->child; e; e = e->next)
        assert_valid_expression(e->valuestring);
    /* every LicenseRef used has an extracted text */
    s = cJSON_PrintUnformatted(doc);
    for (const char *p = s; (p = strstr(p, "LicenseRef-")); p++) {
        size_t n = strspn(p + 11, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-") + 11;
        char id[200];
        snprintf(id, sizeof id, "%.*s", (int)n, p);
        if (!array_has_string(ext, "licenseId", id))
            fail_msg("%s has no hasExtractedLicensingInfos entry", id);
    }
    free(s);
    assert_true(array_has_string(ext, "extractedText", "Llama text \\xff with a bad byte"));
    assert_true(array_has_string(ext, "licenseId", "LicenseRef-MIT-modified"));
    /* the package verification code needs every file's SHA-1: none here */
    assert_null(get(pkg, "packageVerificationCode"));
    cJSON_Delete(doc);
    report_free(r);
}

static void test_spdx_verification_code(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    cJSON *doc;
    const cJSON *pkg;

    (void)state;
    report_set_str(&m->path, "m");
    /* SPDX 2.3 7.9: SHA1 of the sorted, concatenated SHA-1 values */
    const char *sha1s[] = { "ffffffffffffffffffffffffffffffffffffffff", "0000000000000000000000000000000000000001" };
    for (int i = 0; i < 2; i++) {
        struct rep_file *f = report_add_file(m);
        report_set_str(&f->path, i ? "b" : "a");
        f->has_sha256 = f->has_sha1 = 1;
        memset(f->sha256, 'a', 64);
        strcpy(f->sha1, sha1s[i]);
    }
    report_finalize(r);
    doc = render_json(r, out_spdx);
    pkg = cJSON_GetArrayItem(get(doc, "packages"), 0);
    /* python3 -c "import hashlib; print(hashlib.sha1(b'0'*39 + b'1' + b'f'*40).hexdigest())" */
    assert_string_equal(get(get(pkg, "packageVerificationCode"), "packageVerificationCodeValue")->valuestring,
                        "cf9569a8f803bc0679bd1ea428d852a361f4cfd4");
    assert_true(cJSON_IsTrue(get(pkg, "filesAnalyzed")));
    cJSON_Delete(doc);
    report_free(r);
}

/* A canonical text stands in for a missing license text, but never for a
 * modified one: that would claim the clean terms. */
static void test_canonical_text_never_for_a_modified_license(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    struct rep_license *l;
    const cJSON *ext;
    cJSON *doc;
    char dir[4096];

    (void)state;
    snprintf(dir, sizeof dir, "%s", root_path("tests/data/datadir"));
    setenv("WEIGHTAUDIT_DATA", dir, 1);
    report_set_str(&m->path, "m");
    for (int i = 0; i < 2; i++) {
        l = report_add_license(m);
        report_set_str(&l->id, "LicenseRef-Llama-3.1-Community");
        report_set_str(&l->source, i ? "LICENSE" : "NOTICE");
        report_set_str(&l->method, "text");
        l->modified = i;
    }
    report_finalize(r);
    doc = render_json(r, out_spdx);
    ext = get(doc, "hasExtractedLicensingInfos");
    assert_int_equal(cJSON_GetArraySize(ext), 2);
    for (const cJSON *e = ext->child; e; e = e->next) {
        const char *id = get(e, "licenseId")->valuestring, *text = get(e, "extractedText")->valuestring;
        if (!strcmp(id, "LicenseRef-Llama-3.1-Community"))
            assert_string_equal(text, "Test copy of a canonical license text, found through WEIGHTAUDIT_DATA.\n");
        else if (!strcmp(id, "LicenseRef-Llama-3.1-Community-modified"))
            assert_non_null(strstr(text, "was not available to weightaudit"));
        else
            fail_msg("unexpected %s", id);
    }
    cJSON_Delete(doc);
    setenv("WEIGHTAUDIT_DATA", "/nonexistent", 1);
    report_free(r);
}

/* The license entry that decided the concluded license: a modified text
 * for the weights beats the card's clean keyword; a modified text of code
 * does not decide. */
static void test_deciding_license(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    struct rep_license *card, *code, *text;
    cJSON *doc;
    const cJSON *lic;

    (void)state;
    report_set_str(&m->path, "m");
    report_set_str(&m->concluded_license, "Apache-2.0");
    card = report_add_license(m);
    report_set_str(&card->id, "Apache-2.0");
    report_set_str(&card->source, "README.md");
    report_set_str(&card->method, "card");
    report_set_str(&card->scope, "all");
    code = report_add_license(m);
    report_set_str(&code->id, "Apache-2.0");
    report_set_str(&code->source, "LICENSE-CODE");
    report_set_str(&code->method, "text");
    report_set_str(&code->scope, "code");
    code->modified = 1;
    assert_ptr_equal(out_deciding_license(m), &m->licenses[0]);
    text = report_add_license(m);
    report_set_str(&text->id, "Apache-2.0");
    report_set_str(&text->source, "LICENSE");
    report_set_str(&text->method, "text");
    report_set_str(&text->scope, "all");
    report_set_str(&text->text, "Apache License, changed");
    text->modified = 1;
    assert_ptr_equal(out_deciding_license(m), &m->licenses[2]);
    report_set_str(&m->concluded_license, "MIT");
    assert_null(out_deciding_license(m));
    report_set_str(&m->concluded_license, "Apache-2.0");
    report_finalize(r);
    doc = render_json(r, out_spdx);
    assert_string_equal(get(cJSON_GetArrayItem(get(doc, "packages"), 0), "licenseConcluded")->valuestring,
                        "LicenseRef-Apache-2.0-modified");
    cJSON_Delete(doc);
    doc = render_json(r, out_cyclonedx);
    lic = get(cJSON_GetArrayItem(get(doc, "components"), 0), "licenses");
    for (const cJSON *e = lic->child; e; e = e->next) {
        const cJSON *l = get(e, "license");
        if (strcmp(get(l, "acknowledgement")->valuestring, "concluded") != 0)
            continue;
        assert_null(get(l, "id"));
        assert_string_equal(get(l, "name")->valuestring, "Apache-2.0 (modified text)");
        assert_string_equal(get(get(l, "text"), "content")->valuestring, "Apache License, changed");
    }
    cJSON_Delete(doc);
    report_free(r);
}

static void test_source_date_epoch(void **state)
{
    static const char *const bad[] = { "abc", "99999999999999", "-1", "253402300800", " 17", "+17", "17 ", "1e9",
                                       "0x10", "99999999999999999999999999" };
    int64_t t = -7;

    (void)state;
    assert_int_equal(report_sde_parse(NULL, &t), 0);
    assert_int_equal(report_sde_parse("", &t), 0);
    assert_int_equal(t, -7);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(report_sde_parse(bad[i], &t), -1);
        assert_int_equal(t, -7);
    }
    assert_int_equal(report_sde_parse("0", &t), 1);
    assert_int_equal(t, 0);
    assert_int_equal(report_sde_parse("1700000000", &t), 1);
    assert_int_equal(t, 1700000000);
    assert_int_equal(report_sde_parse("253402300799", &t), 1);
    assert_int_equal(t, 253402300799LL);
    assert_int_equal(report_sde_parse("0017", &t), 1);
    assert_int_equal(t, 17);
    /* an invalid value falls back to the report's time, never 1970 or year 3170843 */
    {
        struct report *r = report_new();
        r->timestamp = 1700000000;
        setenv("SOURCE_DATE_EPOCH", "99999999999999", 1);
        assert_int_equal(out_time(r), 1700000000);
        setenv("SOURCE_DATE_EPOCH", "abc", 1);
        assert_int_equal(out_time(r), 1700000000);
        assert_true(report_now() > 1700000000);
        setenv("SOURCE_DATE_EPOCH", "1", 1);
        assert_int_equal(out_time(r), 1);
        assert_int_equal(report_now(), 1);
        unsetenv("SOURCE_DATE_EPOCH");
        report_free(r);
    }
}

static void test_model_name(void **state)
{
    static const char *const cases[][2] = {
        { "/tmp/x/models/llama31-ft", "llama31-ft" }, { "/tmp/x/models/llama31-ft//", "llama31-ft" },
        { "models/tiny.gguf", "tiny.gguf" }, { "tiny", "tiny" }, { ".", "model" }, { "..", "model" },
        { "a/..", "model" }, { "/", "model" }, { "", "model" }, { ".hidden", ".hidden" },
    };
    struct rep_model m;
    char buf[64];

    (void)state;
    memset(&m, 0, sizeof m);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        m.path = (char *)cases[i][0];
        assert_string_equal(out_model_name(&m, buf, sizeof buf), cases[i][1]);
    }
    m.path = NULL;
    assert_string_equal(out_model_name(&m, buf, sizeof buf), "model");
    m.path = (char *)"/tmp/x/models/llama31-ft";
    m.name = (char *)"acme/llama31-ft";
    assert_string_equal(out_model_name(&m, buf, sizeof buf), "acme/llama31-ft");
}

/* Several card licenses: SPDX licenseDeclared is their conjunction, each
 * LicenseRef with its extracted text; one card license stays as it is. */
static void test_spdx_declared_card_licenses(void **state)
{
    static const char *const ids[] = { "LicenseRef-Gemma", "mit", "MIT" };
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    const cJSON *pkg;
    cJSON *doc;

    (void)state;
    report_set_str(&m->path, "m");
    report_set_str(&m->declared_license, "LicenseRef-Gemma");
    report_set_str(&m->concluded_license, "LicenseRef-Gemma");
    for (size_t i = 0; i < 3; i++) {
        struct rep_license *l = report_add_license(m);
        report_set_str(&l->id, ids[i]);
        report_set_str(&l->source, "README.md");
        report_set_str(&l->method, "card");
    }
    report_finalize(r);
    doc = render_json(r, out_spdx);
    pkg = cJSON_GetArrayItem(get(doc, "packages"), 0);
    assert_string_equal(get(pkg, "licenseDeclared")->valuestring, "(LicenseRef-Gemma AND MIT)");
    assert_int_equal(cJSON_GetArraySize(get(doc, "hasExtractedLicensingInfos")), 1);
    assert_string_equal(get(cJSON_GetArrayItem(get(doc, "hasExtractedLicensingInfos"), 0), "licenseId")->valuestring,
                        "LicenseRef-Gemma");
    cJSON_Delete(doc);
    m->n_licenses = 1;      /* one card license: the report's declared license */
    doc = render_json(r, out_spdx);
    assert_string_equal(get(cJSON_GetArrayItem(get(doc, "packages"), 0), "licenseDeclared")->valuestring,
                        "LicenseRef-Gemma");
    cJSON_Delete(doc);
    m->n_licenses = 3;
    report_free(r);
}

static void test_purl(void **state)
{
    char *p;

    (void)state;
    p = out_purl("meta-llama/Llama-3.1-8B", "0E9E39F249A16976918F6564B8830BC894C89659");
    assert_string_equal(p, "pkg:huggingface/meta-llama/Llama-3.1-8B@0e9e39f249a16976918f6564b8830bc894c89659");
    free(p);
    p = out_purl("gpt2", "abcdef1");
    assert_string_equal(p, "pkg:huggingface/gpt2@abcdef1");
    free(p);
    p = out_purl("org/na me@x#y", NULL);
    assert_string_equal(p, "pkg:huggingface/org/na%20me%40x%23y");
    free(p);
    p = out_purl("org/caf\xc3\xa9", "main");     /* not a commit: no version */
    assert_string_equal(p, "pkg:huggingface/org/caf%C3%A9");
    free(p);
    assert_null(out_purl("a/b/c", NULL));
    assert_null(out_purl("/abs", NULL));
    assert_null(out_purl("trailing/", NULL));
    assert_null(out_purl(NULL, NULL));
    assert_null(out_purl("", NULL));
}

static void test_uuid_and_time(void **state)
{
    char buf[40];

    (void)state;
    out_uuid("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", buf, sizeof buf);
    assert_string_equal(buf, "01234567-89ab-8def-8123-456789abcdef");
    out_uuid("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", buf, sizeof buf);
    assert_string_equal(buf, "ffffffff-ffff-8fff-bfff-ffffffffffff");
    out_iso8601(1700000000, buf, sizeof buf);
    assert_string_equal(buf, "2023-11-14T22:13:20Z");
    out_iso8601(0, buf, sizeof buf);
    assert_string_equal(buf, "1970-01-01T00:00:00Z");
}

static void test_same_bytes_and_content_derived_ids(void **state)
{
    struct report *r = odd_report();
    const out_fn fns[] = { out_json, out_cyclonedx, out_spdx, out_sarif, out_html };
    char *a, *b;

    (void)state;
    unsetenv("SOURCE_DATE_EPOCH");
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        a = render(r, fns[i]);
        b = render(r, fns[i]);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    /* the serial number follows the content: another timestamp, another serial */
    a = render(r, out_cyclonedx);
    setenv("SOURCE_DATE_EPOCH", "1", 1);
    b = render(r, out_cyclonedx);
    unsetenv("SOURCE_DATE_EPOCH");
    assert_string_not_equal(a, b);
    assert_non_null(strstr(b, "\"timestamp\": \"1970-01-01T00:00:01Z\""));
    assert_non_null(strstr(a, "\"timestamp\": \"2023-11-14T22:13:20Z\""));
    assert_true(strstr(a, "urn:uuid:") && strstr(b, "urn:uuid:") &&
                strncmp(strstr(a, "urn:uuid:"), strstr(b, "urn:uuid:"), 45) != 0);
    free(a);
    free(b);
    /* an invalid SOURCE_DATE_EPOCH is ignored */
    setenv("SOURCE_DATE_EPOCH", "soon", 1);
    a = render(r, out_spdx);
    unsetenv("SOURCE_DATE_EPOCH");
    assert_non_null(strstr(a, "\"created\": \"2023-11-14T22:13:20Z\""));
    free(a);
    report_free(r);
}

static void test_html_escapes_everything(void **state)
{
    struct report *r = odd_report();
    char *h = render(r, out_html);

    (void)state;
    assert_null(strstr(h, "<script"));
    assert_null(strstr(h, "<b>here"));
    assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt;.json"));
    assert_non_null(strstr(h, "quote&quot;and\\backslash.bin"));
    assert_non_null(strstr(h, "ctrl<span class=\"esc\">\\x01</span><span class=\"esc\">\\x1b</span>[0mtab"));
    assert_non_null(strstr(h, "raw-\\xff\\xfe-latin1-caf\\xe9.bin"));
    assert_non_null(strstr(h, "Content-Security-Policy"));
    assert_int_equal(utf8_valid_prefix((const unsigned char *)h, strlen(h)), strlen(h));
    free(h);
    report_free(r);
}

static void test_html_bidi_controls_are_visible(void **state)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    struct rep_file *f;
    char *h;

    (void)state;
    report_set_str(&m->path, "m");
    f = report_add_file(m);
    report_set_str(&f->path, "invoice\xe2\x80\xaegpj.exe");   /* U+202E RIGHT-TO-LEFT OVERRIDE */
    h = render(r, out_html);
    assert_null(strstr(h, "\xe2\x80\xae"));
    assert_non_null(strstr(h, "invoice<span class=\"esc\">\\u{202e}</span>gpj.exe"));
    free(h);
    report_free(r);
}

static void test_spdxid(void **state)
{
    char *e;

    (void)state;
    assert_string_equal(spdxid_lookup("apache-2.0"), "Apache-2.0");
    assert_string_equal(spdxid_lookup("MIT"), "MIT");
    assert_string_equal(spdxid_lookup("openmdw-1.0"), "OpenMDW-1.0");
    assert_null(spdxid_lookup("Apache-2"));
    assert_null(spdxid_lookup("Apache-2.00"));
    assert_null(spdxid_lookup("LicenseRef-Apache-2.0"));
    assert_null(spdxid_lookup(""));
    e = spdxid_ref("LicenseRef-Llama 3.1/Community\xff");
    assert_string_equal(e, "LicenseRef-Llama-3.1-Community-");
    free(e);
    e = spdxid_ref("");
    assert_string_equal(e, "LicenseRef-unknown");
    free(e);
    static const char *const cases[][2] = {
        { NULL, "NOASSERTION" },
        { "   ", "NOASSERTION" },
        { "none", "NONE" },
        { "mit", "MIT" },
        { "gpl-2.0+", "GPL-2.0+" },
        { "apache-2.0 or mit", "Apache-2.0 OR MIT" },
        { "(MIT AND bsd-3-clause) OR LicenseRef-X", "(MIT AND BSD-3-Clause) OR LicenseRef-X" },
        { "GPL-2.0-or-later WITH Classpath-exception-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0" },
        { "GPL-2.0-or-later WITH Unknown-exception", "LicenseRef-GPL-2.0-or-later-WITH-Unknown-exception" },
        { "llama3.1", "LicenseRef-llama3.1" },
        { "MIT OR", "LicenseRef-MIT-OR" },
        { "(MIT", "LicenseRef--MIT" },
        { "MIT AND NONE", "LicenseRef-MIT-AND-NONE" },
        { "Llama 3.1 Community", "LicenseRef-Llama-3.1-Community" },
        { "LicenseRef-a.b-c", "LicenseRef-a.b-c" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        e = spdxid_expression(cases[i][0]);
        if (strcmp(e, cases[i][1]) != 0)
            fail_msg("spdxid_expression(%s) = %s, want %s", cases[i][0] ? cases[i][0] : "NULL", e, cases[i][1]);
        assert_valid_expression(e);
        free(e);
    }
}

static void test_spdxid_table_matches_schema(void **state)
{
    size_t n = 0;
    unsigned char *buf = slurp(root_path("tests/schemas/spdx.schema.json"), &n);
    cJSON *doc, *en;
    size_t count = 0;

    (void)state;
    assert_non_null(buf);
    doc = cJSON_ParseWithLength((const char *)buf, n);
    assert_non_null(doc);
    en = cJSON_GetObjectItemCaseSensitive(doc, "enum");
    for (const cJSON *e = en->child; e; e = e->next, count++) {
        const char *c = spdxid_lookup(e->valuestring);
        if (!c || strcmp(c, e->valuestring) != 0)
            fail_msg("%s from the schema is not in the table (regenerate audit/spdxid_list.h)", e->valuestring);
    }
    assert_int_equal(count, spdxid_count());
    for (size_t i = 1; i < spdxid_count(); i++)
        assert_true(strcasecmp(spdxid_at(i - 1), spdxid_at(i)) < 0);
    cJSON_Delete(doc);
    free(buf);
}

/* A one-model report at path with one file and a finding on it, one about
 * the whole model, and one whose message holds the model's path. */
static struct report *located_report(const char *path, enum layout layout, const char *file)
{
    struct report *r = report_new();
    struct rep_model *m = report_add_model(r);
    struct rep_file *f = report_add_file(m);

    m->layout = layout;
    report_set_str(&m->path, path);
    if (layout == LAYOUT_HF_CACHE) {
        report_set_str(&m->name, "acme/tiny");
        report_set_str(&m->revision, "4c2a3d5b8e9f0a1b2c3d4e5f60718293a4b5c6d7");
    }
    report_set_str(&f->path, file);
    report_add_finding(m, FIND_DENY, "integrity_mismatch", file, "%s: differs", file);
    report_add_finding(m, FIND_INFO, "integrity_unverified", NULL, "1 of 1 files unverified");
    report_add_finding(m, FIND_REVIEW, "walk_limit", NULL, "%s/deep: nested too deep", path);
    r->timestamp = 1700000000;
    report_finalize(r);
    return r;
}

static const cJSON *sarif_run(const cJSON *doc)
{
    return cJSON_GetArrayItem(get(doc, "runs"), 0);
}

static const cJSON *result_location(const cJSON *doc, const char *code)
{
    for (const cJSON *res = get(sarif_run(doc), "results")->child; res; res = res->next)
        if (strcmp(get(res, "ruleId")->valuestring, code) == 0)
            return get(get(cJSON_GetArrayItem(get(res, "locations"), 0), "physicalLocation"), "artifactLocation");
    fail_msg("no result for %s", code);
    return NULL;
}

static const char *base_uri(const cJSON *doc, const cJSON *loc)
{
    const cJSON *base = get(get(sarif_run(doc), "originalUriBaseIds"), get(loc, "uriBaseId")->valuestring);

    assert_non_null(base);
    return get(base, "uri")->valuestring;
}

/* The fingerprints of a SARIF log, concatenated in result order. */
static char *fingerprints(const cJSON *doc)
{
    struct outbuf b = { 0 };

    for (const cJSON *res = get(sarif_run(doc), "results")->child; res; res = res->next) {
        outbuf_puts(&b, get(get(res, "partialFingerprints"), "primaryLocationLineHash")->valuestring);
        outbuf_puts(&b, " ");
    }
    return b.p;
}

static void check_located(const char *path, enum layout layout, const char *file, const char *want_base,
                          const char *want_uri, const char *want_whole)
{
    struct report *r = located_report(path, layout, file);
    cJSON *doc = render_json(r, out_sarif);
    const cJSON *loc = result_location(doc, "integrity_mismatch");

    assert_string_equal(get(loc, "uri")->valuestring, want_uri);
    assert_string_equal(base_uri(doc, loc), want_base);
    loc = result_location(doc, "integrity_unverified");
    assert_string_equal(get(loc, "uri")->valuestring, want_whole);
    assert_string_equal(base_uri(doc, loc), want_base);
    cJSON_Delete(doc);
    report_free(r);
}

static void test_sarif_locations_relative_to_the_model(void **state)
{
    struct report *a, *b;
    cJSON *da, *db;
    char *fa, *fb;

    (void)state;
    /* an absolute PATH: the file's path inside the model, on a file:// base */
    check_located("/home/runner/work/repo/models/tiny", LAYOUT_DIRECTORY, "model.safetensors",
                  "file:///home/runner/work/repo/models/tiny/", "model.safetensors", ".");
    check_located("/srv/m/tiny/", LAYOUT_GIT, "sub dir/w.bin", "file:///srv/m/tiny/", "sub%20dir/w.bin", ".");
    /* a relative PATH: the same URI, on a base relative to %SRCROOT% */
    check_located("./models/tiny/", LAYOUT_DIRECTORY, "./model.safetensors", "models/tiny/", "model.safetensors", ".");
    check_located(".", LAYOUT_DIRECTORY, "model.safetensors", "./", "model.safetensors", ".");
    /* a single-file model is the file in its folder, never tiny.gguf/tiny.gguf */
    check_located("/data/tiny.gguf", LAYOUT_DIRECTORY, "tiny.gguf", "file:///data/", "tiny.gguf", "tiny.gguf");
    check_located("/tiny.gguf", LAYOUT_DIRECTORY, "tiny.gguf", "file:///", "tiny.gguf", "tiny.gguf");
    check_located("tiny.gguf", LAYOUT_DIRECTORY, "tiny.gguf", "./", "tiny.gguf", "tiny.gguf");
    /* an archive: its entries do not exist on disk, the archive does */
    check_located("/data/a/tiny.zip", LAYOUT_ARCHIVE, "config.json", "file:///data/a/", "tiny.zip", "tiny.zip");
    /* the hf cache: the files are in the revision's snapshot folder */
    check_located("/c/hub/models--acme--tiny", LAYOUT_HF_CACHE, "config.json",
                  "file:///c/hub/models--acme--tiny/snapshots/4c2a3d5b8e9f0a1b2c3d4e5f60718293a4b5c6d7/",
                  "config.json", ".");
    /* fingerprints and the category do not depend on the checkout */
    a = located_report("/home/runner/work/one/models/tiny", LAYOUT_DIRECTORY, "model.safetensors");
    b = located_report("/tmp/elsewhere/tiny", LAYOUT_DIRECTORY, "model.safetensors");
    da = render_json(a, out_sarif);
    db = render_json(b, out_sarif);
    fa = fingerprints(da);
    fb = fingerprints(db);
    assert_string_equal(fa, fb);
    assert_string_equal(get(get(sarif_run(da), "automationDetails"), "id")->valuestring, "weightaudit/tiny/");
    assert_string_equal(get(get(sarif_run(db), "automationDetails"), "id")->valuestring, "weightaudit/tiny/");
    free(fa);
    free(fb);
    cJSON_Delete(da);
    cJSON_Delete(db);
    report_free(a);
    report_free(b);
}

static void test_findcode_table(void **state)
{
    const struct findcode *f;

    (void)state;
    for (size_t i = 1; (f = findcode_at(i)); i++)
        assert_true(strcmp(findcode_at(i - 1)->code, f->code) < 0);     /* bsearch needs the order */
    for (size_t i = 0; (f = findcode_at(i)); i++) {
        assert_ptr_equal(findcode_lookup(f->code), f);
        assert_true(strlen(f->title) > 0 && strlen(f->title) < 1024);
        assert_true(strlen(f->full) > 0 && strlen(f->full) < 1024);      /* GitHub's limits */
        assert_true(strlen(f->help) > 0);
    }
    assert_null(findcode_lookup("no_such_code"));
    assert_null(findcode_lookup(NULL));
}

/* Every code of the README's finding tables ("| code | severity | ...")
 * has a row in the table, so that tool.driver.rules of a SARIF log never
 * falls back to the generic rule for a code the program emits.  The rows of
 * the validators' tables whose severity is "error" are left out: those
 * problems make the file invalid and are carried by file_invalid; their
 * review and deny problems are findings under their own code. */
static void test_findcode_covers_the_readme_tables(void **state)
{
    size_t n = 0, checked = 0;
    char *buf = (char *)slurp(root_path("README.md"), &n), *line, *save = NULL;
    int in_table = 0;

    (void)state;
    assert_non_null(buf);
    for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *first, *second, *end;
        if (strncmp(line, "| code | severity |", 19) == 0) {
            in_table = 1;
            continue;
        }
        if (line[0] != '|') {
            in_table = 0;
            continue;
        }
        if (!in_table || strncmp(line, "| `", 3) != 0)
            continue;
        first = line + 1;
        if (!(second = strchr(first, '|')) || !(end = strchr(second + 1, '|')))
            continue;
        *second++ = '\0';
        *end = '\0';
        while (*second == ' ')
            second++;
        if (strncmp(second, "error ", 6) == 0 || strcmp(second, "error") == 0)
            continue;
        for (char *p = first; (p = strchr(p, '`'));) {
            char *q = strchr(p + 1, '`');
            if (!q)
                break;
            *q = '\0';
            if (p[1] >= 'a' && p[1] <= 'z' && strspn(p + 1, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(p + 1)) {
                if (!findcode_lookup(p + 1))
                    fail_msg("finding code %s of README.md has no row in audit/findcode.c", p + 1);
                checked++;
            }
            p = q + 1;
        }
    }
    assert_true(checked >= 90);      /* the tables were found */
    free(buf);
}

static void test_shard_names(void **state)
{
    char b[32];

    (void)state;
    assert_true(out_shard("model-00002-of-00004.safetensors", b, sizeof b));
    assert_string_equal(b, "2/4");
    assert_true(out_shard("sub/dir/pytorch_model-00001-of-00002.bin", b, sizeof b));
    assert_string_equal(b, "1/2");
    assert_false(out_shard("model.safetensors", b, sizeof b));
    assert_false(out_shard("model-00005-of-00004.safetensors", b, sizeof b));
    assert_false(out_shard("model-1-of-.safetensors", b, sizeof b));
    assert_false(out_shard("x-00001-of-00002/model.bin", b, sizeof b));
}

static void test_out_write_and_unknown_format(void **state)
{
    struct report *r = report_new();
    struct wa_err err;
    char path[256];
    size_t n = 0;
    unsigned char *buf;

    (void)state;
    wa_err_clear(&err);
    assert_int_equal(out_write(r, "pdf", "/dev/null", &err), WA_EUNSUPP);
    assert_non_null(strstr(err.msg, "unknown output format 'pdf'"));
    assert_non_null(out_find("text"));
    assert_string_equal(out_format_names(), "text, json, cyclonedx, spdx, sarif, html");
    snprintf(path, sizeof path, "/tmp/wa-test-out-%d.json", (int)getpid());
    assert_int_equal(out_write(r, "sarif", path, &err), 0);
    buf = slurp(path, &n);
    assert_non_null(buf);
    assert_non_null(strstr((char *)buf, "\"version\": \"2.1.0\""));
    free(buf);
    unlink(path);
    assert_int_equal(out_write(r, "json", "/nonexistent-dir/x.json", &err), WA_EIO);
    assert_string_equal(err.file, "/nonexistent-dir/x.json");
    report_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_names_safe_in_every_json_format),
        cmocka_unit_test(test_cyclonedx_license_ids_only_from_the_spdx_list),
        cmocka_unit_test(test_spdx_expressions_and_extracted_texts),
        cmocka_unit_test(test_spdx_verification_code),
        cmocka_unit_test(test_canonical_text_never_for_a_modified_license),
        cmocka_unit_test(test_deciding_license),
        cmocka_unit_test(test_source_date_epoch),
        cmocka_unit_test(test_model_name),
        cmocka_unit_test(test_spdx_declared_card_licenses),
        cmocka_unit_test(test_purl),
        cmocka_unit_test(test_uuid_and_time),
        cmocka_unit_test(test_same_bytes_and_content_derived_ids),
        cmocka_unit_test(test_html_escapes_everything),
        cmocka_unit_test(test_html_bidi_controls_are_visible),
        cmocka_unit_test(test_spdxid),
        cmocka_unit_test(test_spdxid_table_matches_schema),
        cmocka_unit_test(test_sarif_locations_relative_to_the_model),
        cmocka_unit_test(test_findcode_table),
        cmocka_unit_test(test_findcode_covers_the_readme_tables),
        cmocka_unit_test(test_shard_names),
        cmocka_unit_test(test_out_write_and_unknown_format),
    };
    setenv("WEIGHTAUDIT_DATA", "/nonexistent", 1);     /* no canonical texts: the report's only */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
