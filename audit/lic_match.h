/*
 * lic_match.h - identifying one license text against the database.
 *
 * 1. candidates: the text's token 3-grams are looked up in the index of all
 *    canonical texts; the best few by Dice similarity go on;
 * 2. alignment: a Myers diff of the token sequences gives the inserted and
 *    deleted spans; differences inside a replaceable field (copyright
 *    holder, Apache appendix placeholders, alternatives of the SPDX
 *    templates), an optional part, a title line or list markers do not
 *    count; anything else makes the match `modified`, with the spans as
 *    evidence.  The candidate with the fewest differing words wins, which
 *    tells near versions (Llama 3.1/3.2/3.3/4, OpenMDW 1.0/1.1) apart;
 * 3. segments: a large inserted block that is itself a whole known license
 *    is reported as a second license of the same file, not as a change;
 * 4. notices: a short text that is no full license may be a notice
 *    ("Licensed under the Apache License, Version 2.0", an
 *    SPDX-License-Identifier line, a bare license URL): method "notice".
 */
#ifndef WA_LIC_MATCH_H
#define WA_LIC_MATCH_H

#include <stddef.h>

#include "err.h"
#include "lic_db.h"
#include "lic_text.h"

#define LIC_SPANS_MAX 40         /* evidence spans kept per match */
#define LIC_SPAN_TEXT_MAX 400    /* bytes of text kept per span */

struct lic_span {
    int deleted;                 /* 0 inserted (in the file), 1 deleted (from the canonical text) */
    size_t offset;               /* byte offset in the file where it is / would be */
    char *text;
};

struct lic_hit {
    struct lic_rule_info rule;   /* rule.id NULL: not identified */
    const char *method;          /* "text" or "notice" */
    double confidence;
    int modified;
    size_t tok_start, tok_end;   /* tokens of the file this hit covers */
    struct lic_span *spans;
    size_t n_spans;
    size_t n_spans_total;        /* before the LIC_SPANS_MAX cut */
    size_t words_changed;        /* inserted + deleted words that count */
    int notice_extra;            /* notice inside a longer text: more than the notice */
};

struct lic_result {
    struct lic_hit *hits;        /* best first; n_hits == 0: nothing identified */
    size_t n_hits;
    int ambiguous_notice;        /* notices of different licenses in one short text */
};

/* Match a decoded document.  0 or WA_ENOMEM. */
int lic_match(struct lic_result *res, const struct lic_db *db, const struct lic_doc *doc,
              struct wa_err *err);
void lic_result_free(struct lic_result *res);

#endif
