/*
 * jsonlex.h - a strict RFC 8259 JSON cursor over an in-memory buffer.
 *
 * cJSON is the project's JSON library for everything else; this cursor
 * exists for the places where the exact accept set matters: the safetensors
 * header must be accepted or refused exactly as the reference implementation
 * (serde_json) does, with integers up to 2^64-1 kept exact (cJSON stores
 * numbers as double), lone surrogates refused, nesting capped at serde_json's
 * 127 levels and every error placed at a byte offset.  It never allocates:
 * decoded strings go into a caller buffer at least as large as the input.
 */
#ifndef WA_JSONLEX_H
#define WA_JSONLEX_H

#include <stddef.h>
#include <stdint.h>

#define JL_MAX_DEPTH 127          /* serde_json's recursion limit (128, exclusive) */

struct jl {
    const unsigned char *p;       /* input */
    size_t n;                     /* input length */
    size_t pos;                   /* cursor */
    size_t err_pos;               /* where the first error was found */
    const char *err;              /* first error, NULL when none */
};

enum jl_num_kind {
    JL_UINT,      /* non-negative integer that fits in uint64 */
    JL_NEGINT,    /* negative integer that fits in int64 */
    JL_FLOAT,     /* has a fraction or exponent, or an integer beyond 64 bits */
};

struct jl_num {
    enum jl_num_kind kind;
    uint64_t u;                   /* value when JL_UINT */
};

void jl_init(struct jl *c, const void *p, size_t n);

/* Skip JSON whitespace (space, tab, LF, CR).  Returns the next byte or -1 at end. */
int jl_peek(struct jl *c);

/* Consume ch (after whitespace) or fail.  Returns 0 or -1. */
int jl_expect(struct jl *c, int ch);

/* Parse a string at the cursor; decode it into out (capacity >= remaining
 * input), set *len.  Returns 0 or -1. */
int jl_string(struct jl *c, char *out, size_t *len);

/* Parse a number at the cursor.  Returns 0 or -1 (also for a float that
 * overflows to infinity, which serde_json refuses). */
int jl_number(struct jl *c, struct jl_num *out);

/* Parse true/false/null at the cursor; *which = 't','f','n'. */
int jl_literal(struct jl *c, int *which);

/* Validate and skip any value.  depth = nesting levels already open. */
int jl_skip_value(struct jl *c, int depth);

/* Record an error at pos (first one wins).  Returns -1. */
int jl_fail(struct jl *c, size_t pos, const char *msg);

#endif
