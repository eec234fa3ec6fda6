/*
 * test_reader.c - the one-pass reader: the same digest, verdict and capture
 * whatever the source's chunking; a read that fails halfway is an I/O error
 * with the offset; --no-hash skips what the validator does not need; the
 * read-ahead thread hands out every byte once, in order.
 */
#include "wa_test.h"

#include <fcntl.h>
#include <unistd.h>

#include "reader.h"

/* A memory source that returns `chunk` bytes per call and can fail after
 * `fail_at` bytes (failure injection). */
struct mem_src {
    const uint8_t *p;
    size_t n, pos, chunk;
    size_t fail_at;               /* SIZE_MAX = never */
    int skips;                    /* skip_rest calls */
};

static int mem_read(void *ctx, const uint8_t **p, size_t *n, struct wa_err *err)
{
    struct mem_src *m = ctx;
    size_t k = m->n - m->pos < m->chunk ? m->n - m->pos : m->chunk;

    if (m->pos >= m->fail_at) {
        wa_err_set(err, WA_EIO, "mem", (int64_t)m->pos, "injected read failure");
        return WA_EIO;
    }
    *p = m->p + m->pos;
    *n = k;
    m->pos += k;
    return 0;
}

static int mem_skip(void *ctx, uint64_t *skipped, struct wa_err *err)
{
    struct mem_src *m = ctx;

    (void)err;
    m->skips++;
    *skipped = m->n - m->pos;
    m->pos = m->n;
    return 0;
}

static int run_mem(const uint8_t *p, size_t n, size_t chunk, size_t fail_at, const struct reader_opts *o,
                   struct reader_result *r, struct mem_src *ms_out)
{
    struct mem_src ms = { p, n, 0, chunk, fail_at, 0 };
    struct reader_src src = { mem_read, mem_skip, &ms, (int64_t)n };
    struct wa_err err;
    int rc;

    wa_err_clear(&err);
    reader_result_init(r);
    rc = reader_run(r, &src, "model.safetensors", o, &err);
    if (ms_out)
        *ms_out = ms;
    return rc;
}

static uint8_t *make_st(size_t data, size_t *n)
{
    char h[128];
    int hl = snprintf(h, sizeof h, "{\"t\":{\"dtype\":\"U8\",\"shape\":[%zu],\"data_offsets\":[0,%zu]}}", data, data);
    uint8_t *b = malloc(8 + (size_t)hl + data);

    memset(b, 0, 8);
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)((uint64_t)hl >> (8 * i));
    memcpy(b + 8, h, (size_t)hl);
    for (size_t i = 0; i < data; i++)
        b[8 + (size_t)hl + i] = (uint8_t)(i * 31 + 7);
    *n = 8 + (size_t)hl + data;
    return b;
}

static void test_same_digest_any_chunking(void **state)
{
    size_t n;
    uint8_t *b = make_st(100000, &n);
    struct reader_opts o = { .validate = 1, .git_sha1 = 1 };
    struct reader_result r;
    char first[HASH_SHA256_HEX], sha1[HASH_SHA256_HEX], want[HASH_SHA256_HEX];
    static const size_t chunks[] = { 1, 3, 4095, 4096, 4097, 65536, 1 << 20 };

    (void)state;
    assert_int_equal(hash_sha256_hex(b, n, want), 0);
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        assert_int_equal(run_mem(b, n, chunks[i], SIZE_MAX, &o, &r, NULL), 0);
        assert_int_equal(r.format, FORMAT_SAFETENSORS);
        assert_int_equal(r.fmt.valid, 1);
        assert_int_equal(r.size, n);
        assert_true(r.has_sha256 && r.has_git_sha1);
        assert_string_equal(r.sha256, want);
        if (i == 0) {
            memcpy(first, r.sha256, sizeof first);
            memcpy(sha1, r.git_sha1, sizeof sha1);
        } else {
            assert_string_equal(r.git_sha1, sha1);
        }
        reader_result_free(&r);
    }
    free(b);
}

static void test_git_blob_sha1(void **state)
{
    struct reader_opts o = { .git_sha1 = 1 };
    struct reader_result r;
    static const uint8_t hello[] = "hello\n";

    (void)state;
    assert_int_equal(run_mem(hello, 6, 2, SIZE_MAX, &o, &r, NULL), 0);
    /* git hash-object of "hello\n" */
    assert_string_equal(r.git_sha1, "ce013625030ba8dba906f756967f9e9ca394464a");
    assert_int_equal(r.format, FORMAT_TEXT);
    assert_int_equal(r.fmt.valid, -1);   /* no validator asked for */
    reader_result_free(&r);
}

static void test_failure_halfway(void **state)
{
    size_t n;
    uint8_t *b = make_st(50000, &n);
    struct reader_opts o = { .validate = 1 };
    struct reader_result r;
    struct mem_src ms;
    struct wa_err err;
    struct reader_src src;

    (void)state;
    /* through run_mem: the error code */
    assert_int_equal(run_mem(b, n, 4096, 20000, &o, &r, &ms), WA_EIO);
    reader_result_free(&r);
    /* and the offset recorded in the error */
    ms = (struct mem_src){ b, n, 0, 4096, 20000, 0 };
    src = (struct reader_src){ mem_read, mem_skip, &ms, (int64_t)n };
    reader_result_init(&r);
    assert_int_equal(reader_run(&r, &src, "x", &o, &err), WA_EIO);
    assert_int_equal(err.offset, 20480);
    assert_non_null(strstr(err.msg, "injected"));
    reader_result_free(&r);
    free(b);
}

static void test_no_hash_skips_data(void **state)
{
    size_t n;
    uint8_t *b = make_st(1 << 20, &n);
    struct reader_opts o = { .validate = 1, .no_hash = 1 };
    struct reader_result r;
    struct mem_src ms;

    (void)state;
    assert_int_equal(run_mem(b, n, 4096, SIZE_MAX, &o, &r, &ms), 0);
    assert_int_equal(ms.skips, 1);
    assert_false(r.has_sha256);
    assert_int_equal(r.fmt.valid, 1);
    assert_int_equal(r.size, n);
    reader_result_free(&r);
    /* one byte short: the validator sees the length through skip() */
    assert_int_equal(run_mem(b, n - 1, 4096, SIZE_MAX, &o, &r, &ms), 0);
    assert_int_equal(r.fmt.valid, 0);
    assert_string_equal(r.fmt.problems.v[0].code, "data_length_mismatch");
    reader_result_free(&r);
    free(b);
}

static void test_capture(void **state)
{
    static const char text[] = "Apache License\nVersion 2.0, January 2004\n";
    struct reader_opts o = { .capture_max = 10 };
    struct reader_result r;

    (void)state;
    assert_int_equal(run_mem((const uint8_t *)text, sizeof text - 1, 3, SIZE_MAX, &o, &r, NULL), 0);
    assert_int_equal(r.content_len, 10);
    assert_true(r.content_truncated);
    assert_memory_equal(r.content, "Apache Lic", 10);
    assert_int_equal(r.content[10], 0);
    reader_result_free(&r);
    o.capture_max = 4096;
    assert_int_equal(run_mem((const uint8_t *)text, sizeof text - 1, 5, SIZE_MAX, &o, &r, NULL), 0);
    assert_string_equal((char *)r.content, text);
    assert_false(r.content_truncated);
    reader_result_free(&r);
}

static void test_read_ahead_file(void **state)
{
    char path[] = "/tmp/wa-reader-XXXXXX";
    int fd = mkstemp(path);
    size_t n;
    uint8_t *b = make_st((9u << 20) + 12345, &n);   /* spans many read-ahead slots */
    char want[HASH_SHA256_HEX];
    struct reader_opts o = { .validate = 1, .read_ahead = 1 };
    struct reader_result r;
    struct wa_err err;

    (void)state;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, b, n), (ssize_t)n);
    close(fd);
    assert_int_equal(hash_sha256_hex(b, n, want), 0);
    reader_result_init(&r);
    assert_int_equal(reader_path(&r, AT_FDCWD, path, "big", 0, &o, &err), 0);
    assert_string_equal(r.sha256, want);
    assert_int_equal(r.fmt.valid, 1);
    assert_int_equal(r.size, n);
    reader_result_free(&r);
    /* --no-hash with read-ahead running: stopped cleanly, length still checked */
    o.no_hash = 1;
    assert_int_equal(reader_path(&r, AT_FDCWD, path, "big", 0, &o, &err), 0);
    assert_int_equal(r.fmt.valid, 1);
    assert_int_equal(r.size, n);
    reader_result_free(&r);
    unlink(path);
    free(b);
}

static void test_open_refuses_special(void **state)
{
    struct wa_err err;
    struct stat st;
    int fd;

    (void)state;
    assert_int_equal(reader_open(&fd, AT_FDCWD, "/dev/null", 0, 0, &st, &err), WA_EUNSAFE);
    assert_non_null(strstr(err.msg, "device"));
    assert_int_equal(reader_open(&fd, AT_FDCWD, "/tmp", 0, 0, &st, &err), WA_EUNSAFE);
    assert_int_equal(reader_open(&fd, AT_FDCWD, "/nonexistent/x", 0, 0, &st, &err), WA_EIO);
    assert_int_equal(fd, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_digest_any_chunking),
        cmocka_unit_test(test_git_blob_sha1),
        cmocka_unit_test(test_failure_halfway),
        cmocka_unit_test(test_no_hash_skips_data),
        cmocka_unit_test(test_capture),
        cmocka_unit_test(test_read_ahead_file),
        cmocka_unit_test(test_open_refuses_special),
    };
    return cmocka_run_group_tests_name("reader", tests, NULL, NULL);
}
