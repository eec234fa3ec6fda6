/*
 * pool.h - the worker threads that read files (see STYLE.md: repo_*.c list
 * the files, pool.c runs the reads, reader.c does one pass per file).
 *
 * Tasks are taken biggest first, so the longest reads start at once and the
 * small files fill the gaps at the end: with N workers the wall time is
 * close to max(total/N, biggest file).  Each worker owns one read buffer of
 * buf_size bytes, reused for every task it runs, so memory is bounded by
 * threads x buf_size whatever the number or size of the files.  Workers
 * report bytes as they read them; the calling thread wakes every
 * interval_ms to hand the running totals to a progress callback (the pool
 * itself never prints).
 */
#ifndef WA_POOL_H
#define WA_POOL_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct pool_worker;

struct pool_task {
    uint64_t size;                 /* bytes it will read (ordering and progress total) */
    void *arg;                     /* handed to the task function */
};

/* Run one task on a worker.  buf/buf_size: the worker's own buffer. */
typedef void (*pool_fn)(void *ctx, void *arg, struct pool_worker *w);

/* Progress: bytes done, bytes expected, seconds since the start; final is 1
 * on the last call.  Called from the thread that called pool_run. */
typedef void (*pool_progress_fn)(void *ctx, uint64_t done, uint64_t total, double seconds, int final);

struct pool_opts {
    int threads;                   /* >= 1 */
    size_t buf_size;               /* per-worker buffer, 0 = none */
    pool_progress_fn progress;     /* may be NULL */
    void *progress_ctx;
    unsigned interval_ms;          /* between progress calls (default 200) */
};

/* Run every task once (biggest first).  Returns 0, or WA_ENOMEM when not
 * even one worker could be started (then nothing ran). */
int pool_run(struct pool_task *tasks, size_t n, pool_fn fn, void *ctx, const struct pool_opts *o,
             struct wa_err *err);

/* For task functions: the worker's buffer, its number, and the byte counter. */
void *pool_worker_buf(struct pool_worker *w, size_t *size);
int pool_worker_id(const struct pool_worker *w);
void pool_worker_add_bytes(struct pool_worker *w, uint64_t n);

#endif
