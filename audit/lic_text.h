/*
 * lic_text.h - turning the bytes of a license file into what the matcher
 * and the clause detectors compare, following the SPDX License List
 * Matching Guidelines.
 *
 * decode:   UTF-8 (BOM removed), UTF-16 LE/BE (with a BOM, or recognised by
 *           its zero bytes) to UTF-8; NUL bytes or many control characters
 *           make the text binary.  CRLF needs no special care: every kind of
 *           white space separates words.
 * tokenize: words in lower case (ASCII), with offsets into the decoded text.
 *           Punctuation, quotes, dashes, bullets and markdown emphasis only
 *           separate words; varietal spellings (licence/license, ...) and
 *           "non-"/"sub-" prefixes are folded; http and https are one word;
 *           markdown links keep their text and drop their target; copyright
 *           lines ("Copyright (c) 2024 Foo", "(c) Foo") are replaceable and
 *           left out; list markers ("1.", "(a)", "iv)", "4.1" at a line start)
 *           are kept but flagged, so that a different numbering or bullet
 *           style is not a modification.
 * flat:     the decoded text for the PCRE2 clause patterns: quotes and
 *           dashes in ASCII, markdown emphasis removed, white space runs as
 *           one space.
 */
#ifndef WA_LIC_TEXT_H
#define WA_LIC_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Largest license text read (bytes), as the scanner's capture limit. */
#define LIC_TEXT_MAX (4u << 20)
/* Most tokens kept from one text; the rest of a longer file is not compared. */
#define LIC_TOKENS_MAX 400000

struct lic_doc {
    char *text;             /* decoded UTF-8, NUL-terminated; owned */
    size_t len;
    size_t base;            /* bytes before text[0] in the file (UTF-8 BOM), for offsets */
    int utf16;              /* decoded from UTF-16: offsets are into the decoded text */
    int binary;             /* not text: NUL bytes or mostly control characters */
    int empty;              /* nothing but white space */
};

/* Decode p[0..n).  0, or WA_ENOMEM.  Free with lic_doc_free. */
int lic_text_decode(struct lic_doc *d, const unsigned char *p, size_t n);
void lic_doc_free(struct lic_doc *d);

#define LIC_TOK_MARKER 1u   /* looks like a list marker: 1. (a) iv) 4.1 */

struct lic_tok {
    uint64_t h;             /* hash of the normalised word */
    uint32_t off, end;      /* byte range in the decoded text */
    uint32_t flags;
};

struct lic_toks {
    struct lic_tok *v;
    size_t n, cap;
};

/* Tokenize text[0..len).  0 or WA_ENOMEM.  Free with lic_toks_free. */
int lic_text_tokenize(struct lic_toks *out, const char *text, size_t len);
void lic_toks_free(struct lic_toks *t);

/* Hash of one word as the tokenizer computes it (for tests and tables). */
uint64_t lic_text_word_hash(const char *w, size_t n);

/* The flattened text for clause patterns.  Caller frees; NULL on ENOMEM. */
char *lic_text_flat(const char *text, size_t len, size_t *out_len);

#endif
