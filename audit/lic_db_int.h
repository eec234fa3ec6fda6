/*
 * lic_db_int.h - the database internals shared by the lic_* files
 * (lic_db.c loads them, lic_match.c and lic_clause.c read them).
 */
#ifndef WA_LIC_DB_INT_H
#define WA_LIC_DB_INT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "lic_db.h"
#include "lic_re.h"
#include "lic_text.h"

/* A token range of a canonical text where a difference does not count. */
struct lic_region {
    size_t s, e;                /* tokens [s, e) */
    size_t max;                 /* replaceable: at most this many tokens in its place */
    uint64_t *alt;              /* replaceable: or exactly one of these token sequences */
    size_t *alt_off, *alt_len;  /* alternative k = alt[alt_off[k] .. +alt_len[k]] */
    size_t n_alt;
};

struct lic_ctext {
    char *path;                 /* relative to the data dir */
    char *text;                 /* decoded */
    size_t len;
    struct lic_toks toks;
    uint64_t *sh;               /* its token 3-grams (hashes, in text order) */
    size_t n_sh;
    struct lic_region *opt;     /* optional parts (may be left out) */
    size_t n_opt;
    struct lic_region *repl;    /* replaceable parts */
    size_t n_repl;
};

struct lic_rule {
    cJSON *json;                /* the rules file (owns every string below) */
    struct lic_rule_info info;
    struct lic_ctext *texts;
    size_t n_texts;
    struct lic_re **notices;
    size_t n_notices;
    uint64_t *title;            /* sorted words that may stand before the text (title lines) */
    size_t n_title;
};

struct lic_detector {
    const char *clause;         /* clause id */
    const char *scope;          /* "all" or e.g. "multimodal" */
    struct lic_re *re;
};

struct lic_tref {
    uint32_t rule, text;
};

struct lic_family {
    const char *match, *license;
    int multimodal;
};

struct lic_db {
    struct lic_rule *rules;     /* sorted by id */
    size_t n_rules;
    struct lic_detector *det;
    size_t n_det;
    struct lic_tref *refs;      /* every canonical text */
    size_t n_refs;
    cJSON *keywords;            /* rules/hub/keywords.json */
    cJSON *families_json;
    struct lic_family *fam;
    size_t n_fam;
    uint64_t *legal;            /* sorted words that may not hide in a replaceable field */
    size_t n_legal;
};

/* Shingles (token 3-gram hashes) of a token array, sorted and unique /
 * as they come; caller frees. */
int lic_shingles(uint64_t **out, size_t *n, const struct lic_tok *t, size_t nt);
int lic_shingles_raw(uint64_t **out, size_t *n, const struct lic_tok *t, size_t nt);

#endif
