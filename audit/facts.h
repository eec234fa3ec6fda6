/*
 * facts.h - procurement facts beyond the license, and the policy rules that
 * act on them: who published the model and under which jurisdiction
 * (publisher.c), the governing law its license names, how open the release
 * is (openness.c), and how large the model is (exact parameter count from
 * the weight headers, dtypes, quantisation, training compute the card
 * states).  Facts only, each with its evidence: weightaudit gives no legal
 * advice, and every report says so (REPORT_DISCLAIMER).
 *
 * Runs in scan's per-model hook after the license engine (it reads the
 * licenses found) and after the policy's license findings.
 */
#ifndef WA_FACTS_H
#define WA_FACTS_H

#include "err.h"
#include "policy.h"
#include "report.h"


struct facts_db;

/* Load manifests/publishers.json and rules/openness.json from the data
 * folder (datadir.h).  0, or the loader's error (file named). */
int facts_db_load(struct facts_db **out, struct wa_err *err);
void facts_db_free(struct facts_db *db);

/* The exact parameter count of a model: tensors summed over its weight
 * files, counting each set of weights once (a folder's index names its
 * shards; fp16/bf16 variants and a GGUF per quantisation are the same
 * weights again).  -1 when a counted file's count is unknown. */
int64_t facts_parameters(const struct rep_model *m);

/* Recompute the scale facts the weight files give (parameters, dtypes,
 * quantisation), keeping those from the card; m->parameters follows.
 * 0 or WA_ENOMEM.  merge calls it after joining partial reports. */
int facts_scale_update(struct rep_model *m);

/* Fill m->publisher, m->upstream_publishers, m->governing_law, m->openness,
 * m->scale and m->parameters; then, when p is given, add the findings its
 * "publishers", "openness" and "scale" rules call for.  0 or WA_ENOMEM. */
int facts_apply(struct rep_model *m, const struct facts_db *db, const struct policy *p, struct wa_err *err);

/* The governing law a license text names ("the State of California"), or
 * NULL.  Caller frees. */
char *facts_governing_law(const struct facts_db *db, const char *text, size_t len);

#endif
