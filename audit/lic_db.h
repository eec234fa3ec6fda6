/*
 * lic_db.h - the license database: every rules/<id>.json with its canonical
 * texts (licenses/), the clause detectors (PCRE2 patterns from the rules),
 * the Hugging Face keyword table (rules/hub/keywords.json) and the known
 * base model families (manifests/families.json).
 *
 * Loaded once (lic_db_load) and then only read, so one database can serve
 * many models and threads.  Loading tokenizes every canonical text and
 * builds the token 3-gram index the matcher uses to pick candidates.
 */
#ifndef WA_LIC_DB_H
#define WA_LIC_DB_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "err.h"

struct lic_db;

/* What the rest of the program may read about one license. */
struct lic_rule_info {
    const char *id;             /* SPDX id or LicenseRef-... */
    const char *name;
    const char *family;         /* "llama", "apache", ... */
    const char *version;        /* may be NULL */
    const char *kind;           /* "license" or "policy" (an acceptable use policy document) */
    const char *category;       /* permissive, copyleft, non-commercial, use-restricted,
                                   custom-commercial; "policy" for policy documents */
    const char *summary;        /* plain words */
    const char *policy;         /* id of the acceptable use policy it incorporates, or NULL */
    const char *policy_of;      /* for a policy document: the license it belongs to */
    const cJSON *clauses;       /* array of {"id","value",["scope"],["implied"],...} as in the rules file */
    const cJSON *obligations;   /* array of {"id","text"} */
    const cJSON *json;          /* the whole rules file, for `rules ID` */
    int has_text;               /* a canonical text is shipped */
};

/* Load from datadir (holding rules/, licenses/, manifests/).  0, or a
 * negative code with err naming the file and what is wrong. */
int lic_db_load(struct lic_db **out, const char *datadir, struct wa_err *err);

/* Load from the data folder datadir_find() locates (WEIGHTAUDIT_DATA, next
 * to the executable, ../share/weightaudit, the current directory); the
 * folder goes into dir (n bytes) for policy_load.  0, WA_ENOTFOUND (err
 * says where it looked), or lic_db_load's errors. */
int lic_db_load_default(struct lic_db **out, char *dir, size_t n, struct wa_err *err);
void lic_db_free(struct lic_db *db);

size_t lic_db_count(const struct lic_db *db);
/* The i-th rule (sorted by id), 0 <= i < lic_db_count. */
int lic_db_at(const struct lic_db *db, size_t i, struct lic_rule_info *out);
/* By exact id (case-insensitive).  0 found, WA_ENOTFOUND. */
int lic_db_get(const struct lic_db *db, const char *id, struct lic_rule_info *out);

/* A card keyword (license:, license_name:, GGUF general.license), an id or
 * an alias, case-insensitive: fills id/name/category (pointers into the
 * database) and, for keywords known only from the Hub table, the implied
 * clauses.  Returns 1 found with a rule, 2 found in the keyword table only
 * (no canonical text), 0 unknown. */
struct lic_keyword {
    const char *id, *name, *category;
    const cJSON *clauses;       /* may be NULL */
    int family_only;            /* bsd, cc, gpl, openrail...: no single license */
};
int lic_db_keyword(const struct lic_db *db, const char *kw, struct lic_keyword *out);

/* A license URL (license_link, GGUF general.license.link): the rule whose
 * urls list matches.  1 found, 0 not. */
int lic_db_url(const struct lic_db *db, const char *url, struct lic_rule_info *out);

/* Known base model family of a repo id ("org/name"): license id and
 * multimodal (1, 0, -1 unknown).  1 found, 0 not. */
int lic_db_family(const struct lic_db *db, const char *repo, const char **license, int *multimodal);

/* Rank of a category for "more permissive than" comparisons:
 * permissive 0, copyleft 1, use-restricted 2, custom-commercial 2,
 * non-commercial 3, unknown 4. */
int lic_category_rank(const char *category);

#endif
