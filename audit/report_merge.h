/*
 * report_merge.h - joining reports: the partial reports of `scan --shard
 * I/N` (each holds a share of the files of the same models) or reports of
 * different models.  Models are matched by path; the files of a model are
 * the union of its files in every input, and a file listed by two inputs
 * with different facts is an error (shards must partition the files).
 * Licenses, base models, obligations and findings are unioned without
 * duplicates; single-valued facts (name, revision, declared license,
 * publisher, card ...) must agree where both inputs give them.
 */
#ifndef WA_REPORT_MERGE_H
#define WA_REPORT_MERGE_H

#include "err.h"
#include "report.h"

/* Move everything of src into dst (src is left empty but must still be
 * freed).  src_name names src in errors.  0, WA_EFORMAT for a conflict
 * (err says which model, which file or fact), WA_ENOMEM.  Call
 * report_finalize(dst) when all inputs are in. */
int report_merge(struct report *dst, struct report *src, const char *src_name, struct wa_err *err);

#endif
