/*
 * test_safetensors.c - every rule of the streaming validator, valid and
 * invalid, with the exact problem code and byte offset; and the chunking
 * proof: the same verdict, problems and SHA-256 whatever the chunk size.
 */
#include "wa_test.h"

#include <cjson/cJSON.h>

#include "hash.h"
#include "jsonlex.h"
#include "safetensors.h"

struct outcome {
    int valid;
    char code[PROBLEM_CODE_MAX];
    int64_t offset;
    int64_t tensors, parameters;
    char sha[HASH_SHA256_HEX];
};

/* Validate buf fed in chunks of `chunk` bytes (0 = all at once). */
static void run(const unsigned char *buf, size_t n, size_t chunk, struct outcome *o,
                struct fmt_result *keep)
{
    struct safetensors *st;
    struct hash_ctx *h;
    struct fmt_result res;

    assert_int_equal(safetensors_new(&st), 0);
    assert_int_equal(hash_new(&h, HASH_SHA256, 0), 0);
    if (chunk == 0)
        chunk = n ? n : 1;
    for (size_t i = 0; i < n; i += chunk) {
        size_t k = n - i < chunk ? n - i : chunk;
        assert_int_equal(safetensors_feed(st, buf + i, k), 0);
        assert_int_equal(hash_update(h, buf + i, k), 0);
    }
    fmt_result_init(&res);
    assert_int_equal(safetensors_finish(st, &res), 0);
    memset(o, 0, sizeof *o);
    o->valid = res.valid;
    o->offset = -2;
    if (res.problems.n) {
        snprintf(o->code, sizeof o->code, "%s", res.problems.v[0].code);
        o->offset = res.problems.v[0].offset;
    }
    o->tensors = res.tensors;
    o->parameters = res.parameters;
    assert_int_equal(hash_final(h, o->sha), 0);
    hash_free(h);
    safetensors_free(st);
    if (keep)
        *keep = res;
    else
        fmt_result_free(&res);
}

static void check(const char *hdr, size_t hdr_len, size_t data_len, int valid, const char *code,
                  int64_t offset)
{
    size_t n = 8 + hdr_len + data_len;
    unsigned char *buf = calloc(1, n);
    struct outcome o;

    for (int i = 0; i < 8; i++)
        buf[i] = (unsigned char)((uint64_t)hdr_len >> (8 * i));
    memcpy(buf + 8, hdr, hdr_len);
    run(buf, n, 0, &o, NULL);
    free(buf);
    if (o.valid != valid || (code && strcmp(o.code, code) != 0) || (code && o.offset != offset))
        fail_msg("header %.*s: got valid=%d code=%s offset=%lld, want valid=%d code=%s offset=%lld",
                 (int)hdr_len, hdr, o.valid, o.code, (long long)o.offset, valid, code ? code : "-",
                 (long long)offset);
}
#define CHECK(h, data, valid, code, off) check(h, sizeof(h) - 1, data, valid, code, off)

static void test_generated_cases_all_chunkings(void **state)
{
    size_t n;
    unsigned char *js = slurp(td_path("safetensors/cases.json"), &n);
    cJSON *cases;
    int count = 0;
    static const size_t chunks[] = { 1, 7, 4096, 0 };

    (void)state;
    assert_non_null(js);
    cases = cJSON_Parse((char *)js);
    assert_non_null(cases);
    for (cJSON *c = cases->child; c; c = c->next) {
        char path[512];
        size_t len = 0;
        unsigned char *buf;
        struct outcome first, o;
        cJSON *code = cJSON_GetObjectItem(c, "code"), *off = cJSON_GetObjectItem(c, "offset");

        snprintf(path, sizeof path, "safetensors/%s.safetensors", c->string);
        buf = slurp(td_path(path), &len);
        assert_non_null(buf);
        for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
            run(buf, len, chunks[k], &o, NULL);
            if (k == 0) {
                first = o;
                if (o.valid != cJSON_IsTrue(cJSON_GetObjectItem(c, "valid")))
                    fail_msg("%s: valid=%d (first problem %s at %lld)", c->string, o.valid, o.code,
                             (long long)o.offset);
                if (cJSON_IsString(code) && strcmp(o.code, code->valuestring) != 0)
                    fail_msg("%s: code %s, want %s", c->string, o.code, code->valuestring);
                if (cJSON_IsNumber(off) && o.offset != (int64_t)off->valuedouble)
                    fail_msg("%s: offset %lld, want %lld", c->string, (long long)o.offset,
                             (long long)off->valuedouble);
            } else if (memcmp(&first, &o, sizeof o) != 0) {
                fail_msg("%s: chunk size %zu gives a different outcome", c->string, chunks[k]);
            }
        }
        free(buf);
        count++;
    }
    assert_true(count >= 40);
    cJSON_Delete(cases);
    free(js);
}

static void test_counts_and_facts(void **state)
{
    static const char h[] = "{\"__metadata__\":{\"format\":\"pt\",\"a\":\"b\"},"
                            "\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                            "\"b\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[24,32]}}";
    unsigned char buf[8 + sizeof h - 1 + 32] = { 0 };
    struct outcome o;
    struct fmt_result res;

    (void)state;
    buf[0] = sizeof h - 1;
    memcpy(buf + 8, h, sizeof h - 1);
    run(buf, sizeof buf, 5, &o, &res);
    assert_int_equal(res.valid, 1);
    assert_int_equal(res.tensors, 2);
    assert_int_equal(res.parameters, 10);
    assert_int_equal(res.header_size, 8 + sizeof h - 1);
    assert_int_equal(res.tensor_n, 2);
    /* sorted by offset: w then b */
    assert_string_equal(res.tensor_v[0].name, "w");
    assert_int_equal(res.tensor_v[0].nbytes, 24);
    assert_string_equal(res.tensor_v[1].dtype, "BF16");
    cJSON *dt = cJSON_GetObjectItem(res.facts, "dtypes");
    assert_int_equal(cJSON_GetObjectItem(dt, "F32")->valueint, 1);
    assert_string_equal(dt->child->string, "BF16");   /* alphabetical */
    cJSON *md = cJSON_GetObjectItem(res.facts, "metadata");
    assert_string_equal(cJSON_GetObjectItem(md, "format")->valuestring, "pt");
    assert_string_equal(md->child->string, "a");       /* sorted */
    fmt_result_free(&res);
}

static void test_header_rules(void **state)
{
    (void)state;
    CHECK("{}", 0, 1, NULL, 0);
    CHECK("  {}  ", 0, 1, NULL, 0);                      /* JSON whitespace around */
    CHECK("{}", 1, 0, "data_length_mismatch", 10);        /* trailing byte */
    CHECK("{\"__metadata__\":null}", 0, 1, NULL, 0);      /* serde: Option -> None */
    CHECK("{\"__metadata__\":{\"a\":null}}", 0, 0, "metadata_invalid", 29);
    CHECK("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"dtype\":\"F32\"}}", 4, 0,
          "tensor_invalid", 61);
    /* the sequence form serde's derive accepts */
    CHECK("{\"x\":[\"U8\",[2],[0,2]]}", 2, 1, NULL, 0);
    CHECK("{\"x\":[\"U8\",[2]]}", 2, 0, "tensor_invalid", 13);
    /* a unit variant given as a one-key object */
    CHECK("{\"x\":{\"dtype\":{\"U8\":null},\"shape\":[2],\"data_offsets\":[0,2]}}", 2, 1, NULL, 0);
    CHECK("{\"x\":{\"dtype\":{\"U8\":1},\"shape\":[2],\"data_offsets\":[0,2]}}", 2, 0, "dtype_unknown", 28);
    /* serde's unit variant takes only null: {} (or []) is a value, refused */
    CHECK("{\"x\":{\"dtype\":{\"U8\":{}},\"shape\":[2],\"data_offsets\":[0,2]}}", 2, 0, "dtype_unknown", 28);
    CHECK("{\"x\":{\"dtype\":{\"U8\": {} },\"shape\":[2],\"data_offsets\":[0,2]}}", 2, 0, "dtype_unknown", 29);
    CHECK("{\"x\":{\"dtype\":{\"U8\":[]},\"shape\":[2],\"data_offsets\":[0,2]}}", 2, 0, "dtype_unknown", 28);
    CHECK("{\"x\":[{\"U8\":null},[2],[0,2]]}", 2, 1, NULL, 0);
    CHECK("{\"x\":[{\"U8\":{}},[2],[0,2]]}", 2, 0, "dtype_unknown", 20);
    CHECK("{\"x\":{\"dtype\":\"f32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, 0, "dtype_unknown", 22);
    /* shape: u64 max is a number; one more falls back to a float */
    CHECK("{\"x\":{\"dtype\":\"U8\",\"shape\":[18446744073709551615,0],\"data_offsets\":[0,0]}}", 0, 1, NULL, 0);
    CHECK("{\"x\":{\"dtype\":\"U8\",\"shape\":[18446744073709551616],\"data_offsets\":[0,0]}}", 0, 0,
          "shape_invalid", 36);
    CHECK("{\"x\":{\"dtype\":\"U8\",\"shape\":[01],\"data_offsets\":[0,1]}}", 1, 0, "header_not_json", 37);
    CHECK("{\"x\":{\"dtype\":\"U8\",\"shape\":[1e0],\"data_offsets\":[0,1]}}", 1, 0, "shape_invalid", 36);
    /* overflow stops at the first product that overflows, even if a 0 follows */
    CHECK("{\"x\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296,0],\"data_offsets\":[0,0]}}", 0, 0,
          "overflow", 9);
    CHECK("{\"x\":{\"dtype\":\"F6_E2M3\",\"shape\":[4],\"data_offsets\":[0,3]}}", 3, 1, NULL, 0);
    CHECK("{\"x\":{\"dtype\":\"F6_E3M2\",\"shape\":[3],\"data_offsets\":[0,3]}}", 3, 0, "misaligned_slice", 9);
    CHECK("{\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 2, 0, "data_length_mismatch", 62);
    CHECK("\"x\"", 0, 0, "header_not_json", 8);
    CHECK("{\"a\":\"\x01\"}", 0, 0, "header_not_json", 14);
    CHECK("{\"a\":1e999}", 0, 0, "header_not_json", 13);
}

static void test_depth_limit(void **state)
{
    /* serde_json allows 127 nested containers; an ignored field may nest */
    char h[512];
    int k;

    (void)state;
    for (int depth = 127; depth <= 128; depth++) {
        k = snprintf(h, sizeof h, "{\"x\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0],\"e\":");
        for (int i = 0; i < depth - 2; i++)
            h[k++] = '[';
        for (int i = 0; i < depth - 2; i++)
            h[k++] = ']';
        h[k++] = '}';
        h[k++] = '}';
        h[k] = 0;
        check(h, (size_t)k, 0, depth == 127, depth == 127 ? NULL : "header_not_json", 8 + 56 + 125);
    }
}

static void test_no_hash_skip(void **state)
{
    static const char h[] = "{\"x\":{\"dtype\":\"U8\",\"shape\":[100],\"data_offsets\":[0,100]}}";
    unsigned char buf[8 + sizeof h - 1];
    struct safetensors *st;
    struct fmt_result res;

    (void)state;
    memset(buf, 0, 8);
    buf[0] = sizeof h - 1;
    memcpy(buf + 8, h, sizeof h - 1);
    for (uint64_t skip = 99; skip <= 101; skip++) {
        assert_int_equal(safetensors_new(&st), 0);
        assert_int_equal(safetensors_wants_rest(st), 1);
        assert_int_equal(safetensors_skip(st, 5), WA_EUSAGE);   /* not before the header */
        assert_int_equal(safetensors_feed(st, buf, sizeof buf), 0);
        assert_int_equal(safetensors_wants_rest(st), 0);
        assert_int_equal(safetensors_skip(st, skip), 0);
        fmt_result_init(&res);
        assert_int_equal(safetensors_finish(st, &res), 0);
        assert_int_equal(res.valid, skip == 100);
        if (skip != 100)
            assert_string_equal(res.problems.v[0].code, "data_length_mismatch");
        fmt_result_free(&res);
        safetensors_free(st);
    }
}

static void test_jsonlex_numbers(void **state)
{
    struct jl c;
    struct jl_num num;

    (void)state;
    jl_init(&c, "18446744073709551615", 20);
    assert_int_equal(jl_number(&c, &num), 0);
    assert_int_equal(num.kind, JL_UINT);
    assert_true(num.u == UINT64_MAX);
    jl_init(&c, "-0", 2);
    assert_int_equal(jl_number(&c, &num), 0);
    assert_int_equal(num.kind, JL_FLOAT);   /* serde_json: -0 is a float */
    jl_init(&c, "-5", 2);
    assert_int_equal(jl_number(&c, &num), 0);
    assert_int_equal(num.kind, JL_NEGINT);
    jl_init(&c, "1.", 2);
    assert_int_equal(jl_number(&c, &num), -1);
    assert_int_equal(c.err_pos, 2);
    jl_init(&c, "-", 1);
    assert_int_equal(jl_number(&c, &num), -1);
}

static void test_dtype_bits(void **state)
{
    (void)state;
    assert_int_equal(safetensors_dtype_bits("F4", 2), 4);
    assert_int_equal(safetensors_dtype_bits("F8_E8M0", 7), 8);
    assert_int_equal(safetensors_dtype_bits("C64", 3), 64);
    assert_int_equal(safetensors_dtype_bits("F8_E4M3FNUZ", 11), 8);
    assert_int_equal(safetensors_dtype_bits("F16x", 4), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_cases_all_chunkings),
        cmocka_unit_test(test_counts_and_facts),
        cmocka_unit_test(test_header_rules),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_no_hash_skip),
        cmocka_unit_test(test_jsonlex_numbers),
        cmocka_unit_test(test_dtype_bits),
    };
    return cmocka_run_group_tests_name("safetensors", tests, NULL, NULL);
}
