/*
 * test_pool.c - every task runs exactly once, biggest first with one
 * worker, byte counts reach the progress callback, the final call carries
 * the total, and each worker keeps its own buffer.
 */
#include "wa_test.h"

#include <pthread.h>

#include "pool.h"

struct rec {
    pthread_mutex_t lock;
    size_t order[64];
    size_t n;
    int runs[64];
    int progress_calls, final_calls;
    uint64_t final_done, final_total;
    void *bufs[8];
};

struct arg {
    struct rec *r;
    size_t idx;
    uint64_t size;
};

static void task(void *ctx, void *a, struct pool_worker *w)
{
    struct rec *r = ctx;
    struct arg *x = a;
    size_t bs;
    void *b = pool_worker_buf(w, &bs);

    assert_true(bs == 4096);
    memset(b, 0xAB, bs);            /* the buffer is ours alone */
    pthread_mutex_lock(&r->lock);
    r->order[r->n++] = x->idx;
    r->runs[x->idx]++;
    if (!r->bufs[pool_worker_id(w)])
        r->bufs[pool_worker_id(w)] = b;
    else
        assert_ptr_equal(r->bufs[pool_worker_id(w)], b);
    pthread_mutex_unlock(&r->lock);
    pool_worker_add_bytes(w, x->size);
}

static void progress(void *ctx, uint64_t done, uint64_t total, double s, int final)
{
    struct rec *r = ctx;

    (void)s;
    assert_true(done <= total);
    if (final) {
        r->final_calls++;
        r->final_done = done;
        r->final_total = total;
    } else {
        r->progress_calls++;
    }
}

static void run(int threads, size_t n, struct rec *r)
{
    struct pool_task t[64];
    struct arg a[64];
    struct pool_opts o = { .threads = threads, .buf_size = 4096, .progress = progress,
                           .progress_ctx = r, .interval_ms = 1 };
    struct wa_err err;

    memset(r, 0, sizeof *r);
    pthread_mutex_init(&r->lock, NULL);
    for (size_t i = 0; i < n; i++) {
        a[i].r = r;
        a[i].idx = i;
        a[i].size = (i * 37) % 11 * 1000 + i;   /* distinct sizes */
        t[i].size = a[i].size;
        t[i].arg = &a[i];
    }
    assert_int_equal(pool_run(t, n, task, r, &o, &err), 0);
    pthread_mutex_destroy(&r->lock);
}

static void test_one_worker_biggest_first(void **state)
{
    struct rec r;

    (void)state;
    run(1, 20, &r);
    assert_int_equal(r.n, 20);
    for (size_t i = 1; i < r.n; i++) {
        uint64_t a = (r.order[i - 1] * 37) % 11 * 1000 + r.order[i - 1];
        uint64_t b = (r.order[i] * 37) % 11 * 1000 + r.order[i];
        assert_true(a > b);
    }
    assert_int_equal(r.final_calls, 1);
    assert_true(r.final_done == r.final_total);
}

static void test_many_workers_each_once(void **state)
{
    struct rec r;

    (void)state;
    run(4, 64, &r);
    assert_int_equal(r.n, 64);
    for (size_t i = 0; i < 64; i++)
        assert_int_equal(r.runs[i], 1);
    assert_true(r.final_done == r.final_total);
}

static void test_empty(void **state)
{
    struct rec r;

    (void)state;
    run(3, 0, &r);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.final_calls, 1);
    assert_true(r.final_total == 0);
}

static void test_more_threads_than_tasks(void **state)
{
    struct rec r;

    (void)state;
    run(8, 2, &r);
    assert_int_equal(r.n, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_worker_biggest_first),
        cmocka_unit_test(test_many_workers_each_once),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_more_threads_than_tasks),
    };
    return cmocka_run_group_tests_name("pool", tests, NULL, NULL);
}
