/*
 * pool.c - pthread worker pool, biggest task first (see pool.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pool.h"

struct pool {
    struct pool_task *tasks;
    size_t *order;                 /* task indices, biggest first */
    size_t n;
    size_t next;                   /* next position in order (under lock) */
    size_t running;                /* workers still running (under lock) */
    pthread_mutex_t lock;
    pthread_cond_t done_cv;
    pool_fn fn;
    void *ctx;
    atomic_uint_fast64_t bytes;
};

struct pool_worker {
    struct pool *p;
    int id;
    void *buf;
    size_t buf_size;
    pthread_t thread;
};

void *pool_worker_buf(struct pool_worker *w, size_t *size)
{
    if (size)
        *size = w->buf_size;
    return w->buf;
}

int pool_worker_id(const struct pool_worker *w)
{
    return w->id;
}

void pool_worker_add_bytes(struct pool_worker *w, uint64_t n)
{
    atomic_fetch_add_explicit(&w->p->bytes, n, memory_order_relaxed);
}

static int cmp_bigger(const void *a, const void *b, void *base)
{
    const struct pool_task *t = base;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    uint64_t sx = t[x].size, sy = t[y].size;

    if (sx != sy)
        return sx > sy ? -1 : 1;
    return x < y ? -1 : x > y;   /* equal sizes keep their given order */
}

static void *worker_main(void *arg)
{
    struct pool_worker *w = arg;
    struct pool *p = w->p;

    for (;;) {
        size_t i;
        pthread_mutex_lock(&p->lock);
        if (p->next >= p->n) {
            p->running--;
            pthread_cond_signal(&p->done_cv);
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        i = p->order[p->next++];
        pthread_mutex_unlock(&p->lock);
        p->fn(p->ctx, p->tasks[i].arg, w);
    }
}

static double since(const struct timespec *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int pool_run(struct pool_task *tasks, size_t n, pool_fn fn, void *ctx, const struct pool_opts *o,
             struct wa_err *err)
{
    struct pool p;
    struct pool_worker *w = NULL;
    struct timespec t0;
    pthread_condattr_t ca;
    uint64_t total = 0;
    int threads = o->threads < 1 ? 1 : o->threads, started = 0, rc = 0;
    unsigned interval = o->interval_ms ? o->interval_ms : 200;

    memset(&p, 0, sizeof p);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (n == 0)
        goto progress_final;
    if ((size_t)threads > n)
        threads = (int)n;
    p.tasks = tasks;
    p.n = n;
    p.fn = fn;
    p.ctx = ctx;
    atomic_init(&p.bytes, 0);
    p.order = malloc(n * sizeof *p.order);
    w = calloc((size_t)threads, sizeof *w);
    if (!p.order || !w) {
        rc = wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        p.order[i] = i;
        total += tasks[i].size;
    }
    qsort_r(p.order, n, sizeof *p.order, cmp_bigger, tasks);

    pthread_mutex_init(&p.lock, NULL);
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&p.done_cv, &ca);
    pthread_condattr_destroy(&ca);

    pthread_mutex_lock(&p.lock);
    for (int i = 0; i < threads; i++) {
        w[i].p = &p;
        w[i].id = i;
        w[i].buf_size = o->buf_size;
        if (o->buf_size && !(w[i].buf = malloc(o->buf_size)))
            break;
        if (pthread_create(&w[i].thread, NULL, worker_main, &w[i]) != 0) {
            free(w[i].buf);
            w[i].buf = NULL;
            break;
        }
        started++;
        p.running++;
    }
    if (started == 0) {
        pthread_mutex_unlock(&p.lock);
        rc = wa_err_set(err, WA_ENOMEM, NULL, -1, "cannot start a worker thread");
        goto destroy;
    }
    while (p.running) {
        if (o->progress) {
            struct timespec until;
            clock_gettime(CLOCK_MONOTONIC, &until);
            until.tv_nsec += (long)(interval % 1000) * 1000000L;
            until.tv_sec += interval / 1000 + until.tv_nsec / 1000000000L;
            until.tv_nsec %= 1000000000L;
            pthread_cond_timedwait(&p.done_cv, &p.lock, &until);
            if (p.running) {
                uint64_t done = atomic_load(&p.bytes);
                pthread_mutex_unlock(&p.lock);
                o->progress(o->progress_ctx, done, total, since(&t0), 0);
                pthread_mutex_lock(&p.lock);
            }
        } else {
            pthread_cond_wait(&p.done_cv, &p.lock);
        }
    }
    pthread_mutex_unlock(&p.lock);
    for (int i = 0; i < started; i++)
        pthread_join(w[i].thread, NULL);
destroy:
    pthread_cond_destroy(&p.done_cv);
    pthread_mutex_destroy(&p.lock);
done:
    if (w)
        for (int i = 0; i < threads; i++)
            free(w[i].buf);
    free(w);
    free(p.order);
    if (rc)
        return rc;
progress_final:
    if (o->progress)
        o->progress(o->progress_ctx, atomic_load(&p.bytes), total, since(&t0), 1);
    return 0;
}
