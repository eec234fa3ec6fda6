/*
 * test_gguf.c - every rule of the streaming GGUF validator, valid and
 * invalid, with the exact problem code and byte offset (the generated cases
 * of tests/gen/gen_gguf.py and a few built here); the chunking proof (the
 * same verdict, problems and facts whatever the chunk size); facts; the
 * --no-hash skip; and detection through the validator table.
 */
#include "wa_test.h"

#include <cjson/cJSON.h>

#include "err.h"
#include "gguf.h"

struct outcome {
    int valid;
    size_t nproblems;
    char code[PROBLEM_CODE_MAX];
    int64_t offset;
    int64_t tensors, parameters;
    uint64_t header_size;
    char facts[4096];             /* printed facts, to compare chunkings */
};

/* Validate buf fed in chunks of `chunk` bytes (0 = all at once). */
static void run(const unsigned char *buf, size_t n, size_t chunk, struct outcome *o,
                struct fmt_result *keep)
{
    struct gguf *g;
    struct fmt_result res;

    assert_int_equal(gguf_new(&g), 0);
    if (chunk == 0)
        chunk = n ? n : 1;
    for (size_t i = 0; i < n; i += chunk) {
        size_t k = n - i < chunk ? n - i : chunk;
        assert_int_equal(gguf_feed(g, buf + i, k), 0);
    }
    fmt_result_init(&res);
    assert_int_equal(gguf_finish(g, &res), 0);
    memset(o, 0, sizeof *o);
    o->valid = res.valid;
    o->offset = -2;
    o->nproblems = res.problems.n;
    if (res.problems.n) {   /* the first of the worst severity */
        const struct problem *p = problem_first(&res.problems, problem_worst(&res.problems));
        snprintf(o->code, sizeof o->code, "%s", p->code);
        o->offset = p->offset;
    }
    o->tensors = res.tensors;
    o->parameters = res.parameters;
    o->header_size = res.header_size;
    if (res.facts) {
        char *s = cJSON_PrintUnformatted(res.facts);
        snprintf(o->facts, sizeof o->facts, "%s", s);
        free(s);
    }
    gguf_free(g);
    if (keep)
        *keep = res;
    else
        fmt_result_free(&res);
}

static void test_generated_cases_all_chunkings(void **state)
{
    size_t n;
    unsigned char *js = slurp(td_path("gguf/cases.json"), &n);
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

        snprintf(path, sizeof path, "gguf/%s.gguf", c->string);
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
                if (cJSON_IsNull(code) && o.nproblems != 0)
                    fail_msg("%s: unexpected problem %s at %lld", c->string, o.code, (long long)o.offset);
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
    assert_true(count >= 60);
    cJSON_Delete(cases);
    free(js);
}

static void test_facts(void **state)
{
    size_t len = 0;
    unsigned char *buf = slurp(td_path("gguf/valid_license_facts.gguf"), &len);
    struct outcome o;
    struct fmt_result res;
    cJSON *md, *gf, *bm;

    (void)state;
    assert_non_null(buf);
    run(buf, len, 3, &o, &res);
    assert_int_equal(res.valid, 1);
    assert_int_equal(res.format, FORMAT_GGUF);
    assert_int_equal(res.tensors, 2);
    assert_int_equal(res.parameters, 512 + 8);
    assert_int_equal(res.tensor_n, 2);
    assert_string_equal(res.tensor_v[0].name, "token_embd.weight");
    assert_string_equal(res.tensor_v[0].dtype, "Q4_K");
    assert_int_equal(res.tensor_v[0].nbytes, 2 * 144);
    assert_int_equal(res.tensor_v[0].nelements, 512);
    assert_string_equal(res.tensor_v[1].dtype, "F32");
    md = cJSON_GetObjectItem(res.facts, "metadata");
    assert_string_equal(cJSON_GetObjectItem(md, "general.license")->valuestring, "other");
    assert_string_equal(cJSON_GetObjectItem(md, "general.license.name")->valuestring, "llama3");
    assert_string_equal(cJSON_GetObjectItem(md, "general.license.link")->valuestring,
                        "https://llama.meta.com/llama3/license/");
    assert_string_equal(md->child->string, "general.architecture");   /* sorted */
    gf = cJSON_GetObjectItem(res.facts, "gguf");
    assert_int_equal(cJSON_GetObjectItem(gf, "version")->valueint, 3);
    assert_int_equal(cJSON_GetObjectItem(gf, "alignment")->valueint, 32);
    assert_int_equal(cJSON_GetObjectItem(gf, "tensor_count")->valueint, 2);
    assert_int_equal(cJSON_GetObjectItem(gf, "trailing_bytes")->valueint, 0);
    assert_string_equal(cJSON_GetObjectItem(gf, "dominant_type")->valuestring, "Q4_K");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(gf, "file_type")));
    assert_int_equal(cJSON_GetObjectItem(gf, "data_offset")->valueint, (int)res.header_size);
    bm = cJSON_GetObjectItem(gf, "base_models");
    assert_int_equal(cJSON_GetArraySize(bm), 2);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(bm, 0), "organization")->valuestring,
                        "Meta Llama");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(bm, 0), "version")));
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(bm, 1), "version")->valuestring, "v0.1");
    fmt_result_free(&res);
    free(buf);

    buf = slurp(td_path("gguf/valid_v3_basic.gguf"), &len);
    assert_non_null(buf);
    run(buf, len, 0, &o, &res);
    gf = cJSON_GetObjectItem(res.facts, "gguf");
    assert_int_equal(cJSON_GetObjectItem(gf, "file_type")->valueint, 15);
    assert_string_equal(cJSON_GetObjectItem(gf, "file_type_name")->valuestring, "MOSTLY_Q4_K_M");
    assert_int_equal(cJSON_GetObjectItem(gf, "quantization_version")->valueint, 2);
    assert_int_equal(cJSON_GetObjectItem(gf, "kv_count")->valueint, 20);
    assert_string_equal(cJSON_GetObjectItem(gf, "architecture")->valuestring, "llama");
    /* only general.* values are kept */
    md = cJSON_GetObjectItem(res.facts, "metadata");
    assert_null(cJSON_GetObjectItem(md, "llama.context_length"));
    assert_int_equal(cJSON_GetArraySize(md), 5);
    cJSON *dt = cJSON_GetObjectItem(res.facts, "dtypes");
    assert_int_equal(cJSON_GetObjectItem(dt, "Q8_0")->valueint, 1);
    assert_string_equal(dt->child->string, "F16");   /* alphabetical */
    fmt_result_free(&res);
    free(buf);

    /* a string over GGUF_MAX_FACT_STRING is skipped, shown as null */
    buf = slurp(td_path("gguf/valid_long_string.gguf"), &len);
    assert_non_null(buf);
    run(buf, len, 1000, &o, &res);
    md = cJSON_GetObjectItem(res.facts, "metadata");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(md, "general.description")));
    assert_string_equal(cJSON_GetObjectItem(md, "general.architecture")->valuestring, "llama");
    fmt_result_free(&res);
    free(buf);
}

static void test_alignment_and_types(void **state)
{
    size_t len = 0;
    unsigned char *buf = slurp(td_path("gguf/valid_alignment_64.gguf"), &len);
    struct outcome o;
    struct fmt_result res;

    (void)state;
    assert_non_null(buf);
    run(buf, len, 0, &o, &res);
    assert_int_equal(res.valid, 1);
    assert_int_equal(res.header_size % 64, 0);
    assert_int_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(res.facts, "gguf"), "alignment")->valueint, 64);
    fmt_result_free(&res);
    free(buf);

    buf = slurp(td_path("gguf/valid_all_types.gguf"), &len);
    assert_non_null(buf);
    run(buf, len, 0, &o, &res);
    assert_int_equal(res.valid, 1);
    assert_int_equal(res.tensors, 35);
    fmt_result_free(&res);
    free(buf);

    const char *name;
    uint32_t block, size;
    assert_int_equal(gguf_type_info(12, &name, &block, &size), 0);
    assert_string_equal(name, "Q4_K");
    assert_int_equal(block, 256);
    assert_int_equal(size, 144);
    assert_int_equal(gguf_type_info(34, &name, &block, &size), 0);
    assert_string_equal(name, "TQ1_0");
    assert_int_equal(size, 54);
    assert_int_equal(gguf_type_info(39, &name, &block, &size), 0);
    assert_int_equal(block, 32);
    assert_int_equal(size, 17);
    assert_int_equal(gguf_type_info(30, &name, NULL, &size), 0);
    assert_string_equal(name, "BF16");
    static const uint32_t removed[] = { 4, 5, 31, 32, 33, 36, 37, 38, 43, 1000, UINT32_MAX };
    for (size_t i = 0; i < sizeof removed / sizeof removed[0]; i++)
        assert_int_equal(gguf_type_info(removed[i], NULL, NULL, NULL), -1);
}

/* n_dimensions 0 (ggml fills ne[] with 1): a scalar of one element */
static void test_ndims_zero(void **state)
{
    size_t len = 0;
    unsigned char *buf = slurp(td_path("gguf/valid_ndims_0.gguf"), &len);
    struct outcome o;
    struct fmt_result res;

    (void)state;
    assert_non_null(buf);
    run(buf, len, 0, &o, &res);
    assert_int_equal(res.valid, 1);
    assert_int_equal(res.problems.n, 0);
    assert_int_equal(res.tensors, 2);
    assert_int_equal(res.parameters, 1 + 8);
    assert_string_equal(res.tensor_v[0].name, "x");
    assert_int_equal(res.tensor_v[0].nelements, 1);
    assert_int_equal(res.tensor_v[0].nbytes, 4);
    fmt_result_free(&res);
    free(buf);

    /* one element is not a whole block of a quantised type */
    buf = slurp(td_path("gguf/bad_ndims_0_block.gguf"), &len);
    assert_non_null(buf);
    run(buf, len, 1, &o, NULL);
    assert_int_equal(o.valid, 0);
    assert_string_equal(o.code, "block_size_mismatch");
    free(buf);
}

/* ggml reads every tensor padded to the alignment, the last one too */
static void test_last_tensor_padding(void **state)
{
    size_t len = 0;
    unsigned char *buf = slurp(td_path("gguf/valid_padded_end.gguf"), &len);
    struct outcome o;
    struct gguf *g;
    struct fmt_result res;

    (void)state;
    assert_non_null(buf);
    run(buf, len, 0, &o, NULL);
    assert_int_equal(o.valid, 1);
    assert_int_equal(o.nproblems, 0);
    assert_int_equal(len, o.header_size + 416);   /* 68 bytes at 320, padded to 416 */
    /* one byte of the padding missing: too short */
    run(buf, len - 1, 5, &o, NULL);
    assert_int_equal(o.valid, 0);
    assert_string_equal(o.code, "tensor_out_of_bounds");
    assert_int_equal(o.offset, (int64_t)len);
    /* no padding at all (the last tensor ends at 388) */
    run(buf, len - 28, 0, &o, NULL);
    assert_int_equal(o.valid, 0);
    assert_string_equal(o.code, "tensor_out_of_bounds");
    assert_int_equal(o.offset, (int64_t)len);
    /* the same through the --no-hash skip */
    assert_int_equal(gguf_new(&g), 0);
    assert_int_equal(gguf_feed(g, buf, (size_t)o.header_size), 0);
    assert_int_equal(gguf_skip(g, len - o.header_size - 28), 0);
    fmt_result_init(&res);
    assert_int_equal(gguf_finish(g, &res), 0);
    assert_int_equal(res.valid, 0);
    assert_string_equal(res.problems.v[0].code, "tensor_out_of_bounds");
    assert_int_equal(res.problems.v[0].offset, (int64_t)len);
    fmt_result_free(&res);
    gguf_free(g);
    free(buf);

    buf = slurp(td_path("gguf/bad_unpadded_end.gguf"), &len);
    assert_non_null(buf);
    run(buf, len, 1, &o, NULL);
    assert_int_equal(o.valid, 0);
    assert_string_equal(o.code, "tensor_out_of_bounds");
    assert_int_equal(o.offset, (int64_t)(o.header_size + 416));
    free(buf);
}

static void test_no_hash_skip(void **state)
{
    size_t len = 0;
    unsigned char *buf = slurp(td_path("gguf/valid_v3_basic.gguf"), &len);
    struct gguf *g;
    struct fmt_result res;
    struct outcome o;
    uint64_t hs;

    (void)state;
    assert_non_null(buf);
    run(buf, len, 0, &o, NULL);
    hs = o.header_size;
    for (int delta = -1; delta <= 1; delta++) {
        assert_int_equal(gguf_new(&g), 0);
        assert_int_equal(gguf_wants_rest(g), 1);
        assert_int_equal(gguf_skip(g, 5), WA_EUSAGE);   /* not before the header */
        assert_int_equal(gguf_feed(g, buf, (size_t)hs), 0);
        assert_int_equal(gguf_wants_rest(g), 0);
        assert_int_equal(gguf_skip(g, len - hs + (uint64_t)(int64_t)delta), 0);
        fmt_result_init(&res);
        assert_int_equal(gguf_finish(g, &res), 0);
        assert_int_equal(res.valid, delta >= 0);
        if (delta < 0)
            assert_string_equal(res.problems.v[0].code, "tensor_out_of_bounds");
        else if (delta > 0)   /* a byte past the aligned end: flagged, still valid */
            assert_string_equal(res.problems.v[0].code, "trailing_data");
        fmt_result_free(&res);
        gguf_free(g);
    }
    free(buf);
}

/* Hand-made streams (as hex-like byte strings) for rules the generator does not cover. */
static void test_small_streams(void **state)
{
    struct outcome o;
    /* header only, 0 tensors, 0 kv: valid, 24 bytes */
    static const unsigned char empty[] = "GGUF\x03\0\0\0" "\0\0\0\0\0\0\0\0" "\0\0\0\0\0\0\0\0";
    /* 8 trailing zero bytes after a tensor-less header are alignment padding */
    unsigned char padded[32] = { 0 };
    /* 9 bytes past the 32-byte boundary are not */
    unsigned char over[33 + 9] = { 0 };

    (void)state;
    run(empty, 24, 1, &o, NULL);
    assert_int_equal(o.valid, 1);
    assert_int_equal(o.nproblems, 0);
    assert_int_equal(o.tensors, 0);
    memcpy(padded, empty, 24);
    run(padded, sizeof padded, 5, &o, NULL);
    assert_int_equal(o.valid, 1);
    assert_int_equal(o.nproblems, 0);
    memcpy(over, empty, 24);
    run(over, sizeof over, 5, &o, NULL);
    assert_int_equal(o.valid, 1);
    assert_string_equal(o.code, "trailing_data");
    assert_int_equal(o.offset, 32);
    /* 3 bytes: too short for the magic */
    run((const unsigned char *)"GGU", 3, 1, &o, NULL);
    assert_string_equal(o.code, "bad_magic");
    assert_int_equal(o.offset, 0);
}

/* One F32 tensor of 8 elements named by the 3 bytes nm, data padded. */
static size_t one_tensor(unsigned char *buf, const char nm[3])
{
    static const unsigned char head[] = "GGUF\x03\0\0\0" "\x01\0\0\0\0\0\0\0" "\0\0\0\0\0\0\0\0"
                                        "\x03\0\0\0\0\0\0\0";
    static const unsigned char info[] = "\x01\0\0\0" "\x08\0\0\0\0\0\0\0" "\0\0\0\0" "\0\0\0\0\0\0\0\0";

    memset(buf, 0, 96);
    memcpy(buf, head, 32);
    memcpy(buf + 32, nm, 3);
    memcpy(buf + 35, info, 24);   /* ends at 59; data at 64, 32 bytes */
    return 96;
}

/* ggml compares tensor names with strcmp: a NUL inside a name is refused */
static void test_tensor_name_nul(void **state)
{
    unsigned char buf[96];
    struct outcome o;
    size_t n;

    (void)state;
    n = one_tensor(buf, "a_b");
    run(buf, n, 0, &o, NULL);
    assert_int_equal(o.valid, 1);
    assert_int_equal(o.nproblems, 0);
    n = one_tensor(buf, "a\0b");
    for (size_t chunk = 0; chunk < 3; chunk++) {
        run(buf, n, chunk, &o, NULL);
        assert_int_equal(o.valid, 0);
        assert_string_equal(o.code, "name_invalid");
        assert_int_equal(o.offset, 24 + 8 + 1);   /* the NUL itself */
    }
    n = one_tensor(buf, "ab\0");
    run(buf, n, 0, &o, NULL);
    assert_string_equal(o.code, "name_invalid");
    assert_int_equal(o.offset, 24 + 8 + 2);
}

static void test_detect(void **state)
{
    (void)state;
    assert_ptr_equal(fmt_detect((const uint8_t *)"GGUF\x03\0\0\0", 8, "model.bin"), &fmt_gguf);
    assert_ptr_equal(fmt_detect((const uint8_t *)"", 0, "model.gguf"), &fmt_gguf);
    assert_ptr_not_equal(fmt_detect((const uint8_t *)"\x10\0\0\0\0\0\0\0{\"a\"", 12, "model.gguf"),
                         &fmt_gguf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_cases_all_chunkings),
        cmocka_unit_test(test_facts),
        cmocka_unit_test(test_alignment_and_types),
        cmocka_unit_test(test_ndims_zero),
        cmocka_unit_test(test_last_tensor_padding),
        cmocka_unit_test(test_no_hash_skip),
        cmocka_unit_test(test_small_streams),
        cmocka_unit_test(test_tensor_name_nul),
        cmocka_unit_test(test_detect),
    };
    return cmocka_run_group_tests_name("gguf", tests, NULL, NULL);
}
