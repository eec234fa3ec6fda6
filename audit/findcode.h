/*
 * findcode.h - the one table of finding codes: for each code a title, what
 * it means and what to do about it.  SARIF writes it as the rules of the
 * run (shortDescription / fullDescription / help), the HTML report uses the
 * titles beside the verdict.  A module that adds a finding code adds one
 * row here; a code missing from the table still gets a generic rule, so
 * output never fails because of a new code.
 */
#ifndef WA_FINDCODE_H
#define WA_FINDCODE_H

#include <stddef.h>

enum findcode_kind {
    FINDCODE_INTEGRITY,     /* the bytes are not what the publisher released */
    FINDCODE_SAFETY,        /* the file could run code or is malformed */
    FINDCODE_LICENSE,       /* what the license allows or demands */
    FINDCODE_OTHER,
};

struct findcode {
    const char *code;       /* stable id, as in findings[].code */
    enum findcode_kind kind;
    const char *title;      /* one line, no final period */
    const char *full;       /* what the finding means */
    const char *help;       /* what to do about it */
};

/* The row for code, or NULL when the table has none. */
const struct findcode *findcode_lookup(const char *code);

/* For tests and documentation: the i-th row, NULL past the end. */
const struct findcode *findcode_at(size_t i);

const char *findcode_kind_name(enum findcode_kind k);

#endif
