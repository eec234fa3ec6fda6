/*
 * scan.h - the scan pipeline: from PATHs to a finished report.
 *
 *   layout detection (repo.c) -> one file list per model, each file with its
 *   expected hash and where that came from (repo_*.c) -> --manifest hashes
 *   -> one read of every file in the pool, biggest first (pool.c, reader.c:
 *   hash + format validation + capture of small metadata files) -> per-model
 *   checks: integrity comparison, LFS pointers, the safetensors index
 *   cross-check (stindex.c), findings -> scan_analyze_model() (the license
 *   engine and policy hook) -> report_finalize().
 *
 * Core module: never prints; progress goes to a callback.
 */
#ifndef WA_SCAN_H
#define WA_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "manifest.h"
#include "pool.h"
#include "report.h"

struct lic_db;
struct policy;
struct facts_db;

struct scan_opts {
    int jobs;                       /* worker threads (>= 1) */
    int no_hash;                    /* read headers only: no digests, sizes still compared */
    int sha1;                       /* also plain SHA-1 of every file (SPDX output asks for it) */
    const struct manifest *manifest;/* expected hashes for every file it lists, or NULL */
    const char *manifest_from;      /* expected.from for those: "manifest" (default) or "sbom" */
    int shard_index;                /* --shard I/N: 1..N */
    int shard_count;                /* N, 0 = read everything */
    uint64_t archive_max_bytes;     /* uncompressed bytes read from one archive, 0 = the default bound */
    size_t archive_max_entries;     /* entries read from one archive, 0 = the default bound */
    /* inputs of the license engine and policy (cmd_scan loads them into licenses / policy_rules) */
    const char *policy;             /* --policy FILE|NAME or NULL */
    int64_t mau;                    /* --mau N, -1 unknown */
    const char *region;             /* --region CODE or NULL */
    const struct lic_db *licenses;  /* license database (lic_db_load_default), NULL = no license analysis */
    const struct policy *policy_rules; /* the policy with --mau/--region applied, NULL = no verdict findings */
    const struct facts_db *facts;   /* publishers and openness catalogue (facts_db_load), NULL = none */
    pool_progress_fn progress;      /* NULL = no progress calls */
    void *progress_ctx;
};

void scan_opts_init(struct scan_opts *o);

struct scan_result {
    struct report *rep;
    struct wa_err *path_errors;     /* PATHs that could not be scanned at all */
    size_t n_path_errors;
    uint64_t files_to_read;         /* files the scan tried to read */
    uint64_t files_read;            /* ... and read to the end */
};

/* Scan every path into out->rep (finalized: sorted, verdicts set).  A PATH
 * that is missing or cannot be opened is recorded in out->path_errors and
 * the others are still scanned; problems with single files are findings.
 * Returns 0, or WA_ENOMEM / WA_EUSAGE (a manifest that matches no model)
 * with err set; out is then still freed by scan_result_free. */
int scan_run(struct scan_result *out, const char *const *paths, size_t n, const struct scan_opts *o,
             struct wa_err *err);

void scan_result_free(struct scan_result *r);

/* The hook after integrity, once per model: the license engine
 * (lic_analyze) and the policy (policy_apply) add licenses, lineage,
 * obligations and findings here, when o->licenses / o->policy_rules are set. */
void scan_analyze_model(struct rep_model *m, const struct scan_opts *o);

/* Test hook (failure injection): when non-zero, every file read through
 * the pool fails with an I/O error once this many bytes of it were read. */
extern uint64_t scan_test_fail_read_at;

/* Test hook (races made deterministic): when set, called for every file read
 * through the pool with phase 0 just before it is opened and phase 1 once it
 * is open, before the first read; root is the model root, rel the file's
 * path beneath it.  Lets a test make a file vanish or change mid-scan. */
extern void (*scan_test_hook)(int phase, const char *root, const char *rel);

/* 1 when file path of the model at mpath belongs to part index (1-based) of
 * count under --shard (a hash of the two paths). */
int scan_shard_of(const char *mpath, const char *fpath, int index, int count);

#endif
