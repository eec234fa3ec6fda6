/*
 * report_read.h - a native JSON report (weightaudit-report/1) read back
 * into the in-memory report, so that `merge` can join the partial reports
 * of `scan --shard I/N` and write any output format from them.
 *
 * Strict and bounded: the file size, the number of models, files and other
 * entries, and every string length are capped; a member of the wrong type,
 * a missing member, an unknown enum value or a malformed digest is an error
 * that names the file and the JSON path ("models[0].files[3].sha256: ...").
 * Members the schema does not know are ignored.
 */
#ifndef WA_REPORT_READ_H
#define WA_REPORT_READ_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "report.h"

#define REPORT_READ_MAX_BYTES (512u << 20)  /* a report of a 100k-file model is ~60 MB */
#define REPORT_READ_MAX_MODELS 100000
#define REPORT_READ_MAX_FILES 1000000       /* per model */
#define REPORT_READ_MAX_ENTRIES 10000       /* licenses, findings, obligations, base models per model */
#define REPORT_READ_MAX_STRING (4u << 20)   /* one string (license texts are the longest) */
#define REPORT_READ_MAX_PATH 4096           /* a file or model path */

/* The "shard" member of a partial report; index == 0 when there is none. */
struct report_shard {
    int64_t index;      /* 1..count */
    int64_t count;
};

/* Parse buf[0..n) (name is the file named in errors) into a new report.
 * Verdicts are taken as written; call report_finalize to recompute them.
 * The report's timestamp is 0.  0, WA_EFORMAT (with the JSON path of the
 * first problem in err), WA_ETOOBIG or WA_ENOMEM.  shard may be NULL. */
int report_parse(struct report **out, struct report_shard *shard, const char *buf, size_t n,
                 const char *name, struct wa_err *err);

/* report_parse on the file at path (at most REPORT_READ_MAX_BYTES).
 * Also WA_EIO when it cannot be read. */
int report_read(struct report **out, struct report_shard *shard, const char *path, struct wa_err *err);

#endif
