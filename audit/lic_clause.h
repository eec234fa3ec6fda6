/*
 * lic_clause.h - the clause detectors: every PCRE2 pattern of every rules
 * file runs on every license text, so a modified or unknown license still
 * yields its user cap, territory exclusion, revenue cap, non-commercial
 * term, acceptable-use policy, attribution and naming duties and output-use
 * restrictions.
 *
 * Clause ids and their values:
 *   mau-cap                 number: monthly active users above which a separate license is needed
 *   revenue-cap             number: annual revenue (USD) above which a separate license is needed
 *   territory-exclusion     array of region codes (EU, EEA, UK, KR, CN, US, RU) with "scope":
 *                           "all" or "multimodal" (Llama 3.2/3.3/4 acceptable use policies)
 *   non-commercial          true: only non-commercial / research / non-production use is granted
 *   acceptable-use-policy   true: use is subject to an acceptable use policy or use restrictions
 *   output-use-restriction  true: outputs may not be used to improve other models
 *   attribution             text that derived products must display ("Built with Llama")
 *   naming                  word derived model names must begin with ("Llama")
 *   share-alike             true: adaptations must be shared under the same license
 */
#ifndef WA_LIC_CLAUSE_H
#define WA_LIC_CLAUSE_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "lic_db.h"

/* Run every detector on text (decoded UTF-8).  Returns a new array of
 * {"id","value"[,"scope"]} in a fixed clause order, or NULL on ENOMEM. */
cJSON *lic_clause_detect(const struct lic_db *db, const char *text, size_t len);

/* Plain-words meaning of a clause id, or NULL when unknown. */
const char *lic_clause_meaning(const char *id);

/* Position of a clause id in the fixed order (unknown ids last). */
int lic_clause_rank(const char *id);

/* Add to dst (an array) every clause of src not already there (same id and
 * scope); with implied_only, only those marked "implied" in src.  Copies
 * only id, value and scope.  0 or WA_ENOMEM. */
int lic_clause_merge(cJSON *dst, const cJSON *src, int implied_only);

/* Sort an array of clauses into the fixed order. */
void lic_clause_sort(cJSON *arr);

/* Region code for a name ("European Union" -> "EU"), NULL when unknown. */
const char *lic_region_code(const char *name);

#endif
