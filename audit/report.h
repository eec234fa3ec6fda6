/*
 * report.h - the in-memory report: the one structure every output reads.
 *
 * The scanner (repo_*.c, scan.c) creates models and their files, the reader
 * fills hashes and format results, the license engine and policy add
 * licenses, lineage, obligations and findings, and the out_*.c writers turn
 * it into JSON, text, CycloneDX, SPDX, SARIF or HTML.  Field names follow
 * the native JSON report (schema weightaudit-report/1 in SPEC.md); a value
 * that is unknown is NULL / -1 and is written as null, never invented.
 *
 * Arrays are (pointer, count) pairs grown by the report_add_* functions,
 * which return a zeroed element or NULL when out of memory.  Strings are
 * owned (set them with report_set_str); cJSON members are owned.
 */
#ifndef WA_REPORT_H
#define WA_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "fmt.h"
#include "hash.h"
#include "problem.h"

#define REPORT_SCHEMA "weightaudit-report/1"
/* Every report says what it is and what it is not. */
#define REPORT_DISCLAIMER                                                                       \
    "weightaudit records facts found in the files (hashes, license texts, publisher, openness, " \
    "scale) with their evidence; it gives no legal advice."

enum verdict { VERDICT_ALLOW = 0, VERDICT_REVIEW = 1, VERDICT_DENY = 2 };

enum layout {
    LAYOUT_DIRECTORY = 0,
    LAYOUT_HF_CACHE,
    LAYOUT_HF_LOCAL_DIR,
    LAYOUT_GIT,
    LAYOUT_OLLAMA,
    LAYOUT_ARCHIVE,
};

enum file_role {
    ROLE_OTHER = 0,
    ROLE_WEIGHTS,
    ROLE_INDEX,
    ROLE_LICENSE,
    ROLE_CARD,
    ROLE_CONFIG,
    ROLE_TOKENIZER,
};

enum integrity {
    INTEG_UNVERIFIED = 0,   /* hashed, nothing recorded to compare with */
    INTEG_VERIFIED,         /* hash (and size) equal what the provenance recorded */
    INTEG_MISMATCH,         /* differs from what was recorded */
    INTEG_LFS_POINTER,      /* the working file is still a git-lfs pointer */
    INTEG_INCOMPLETE,       /* download not finished (*.incomplete) */
    INTEG_MISSING,          /* recorded but absent */
    INTEG_UNREADABLE,       /* present but could not be read */
    INTEG_UNSAFE_PATH,      /* symlink out of the tree, device, FIFO, ... */
};

enum finding_sev { FIND_INFO = 0, FIND_REVIEW = 1, FIND_DENY = 2 };

/* What a file's content should hash to, and which record said so. */
struct rep_expected {
    char algo[16];              /* "sha256" or "git_sha1" */
    char hex[HASH_SHA256_HEX];  /* lower-case hex */
    char from[32];              /* "hf-blob-name", "lfs-pointer", "git-tree", "local-dir-metadata",
                                   "ollama-manifest", "manifest", "sbom" */
    int64_t size;               /* expected size, -1 when not recorded */
};

struct rep_file {
    char *path;                 /* relative path inside the model, '/'-separated */
    int64_t size;               /* -1 unknown (missing) */
    int has_sha256;
    char sha256[HASH_SHA256_HEX];
    int has_sha1;               /* plain SHA-1 of the content, for SPDX (file checksums and the
                                   package verification code); written as "sha1" when set */
    char sha1[HASH_SHA1_HEX];
    enum file_role role;
    enum wa_format format;
    enum integrity integrity;
    int has_expected;
    struct rep_expected expected;
    int valid;                  /* 1, 0, -1 = not validated (null) */
    int64_t tensors;            /* -1 = null */
    int64_t parameters;         /* -1 = null */
    struct problem_list problems;
    cJSON *facts;               /* format facts (dtypes, gguf general.*, pickle imports); may be NULL */

    /* working data, not written as such */
    char *src;                  /* how to open it: path relative to the model root fd, NULL = none */
    int has_git_sha1;
    char git_sha1[HASH_SHA256_HEX];
    unsigned char *content;     /* captured bytes of small metadata files (NUL-terminated) */
    size_t content_len;
    int content_truncated;
    struct fmt_tensor *tensor_v;   /* tensors found, for the index cross-check */
    size_t tensor_n;
    double mtime;               /* seconds with their fraction, -1 unknown (stale metadata checks) */
    char *note;                 /* why integrity is not verified (unsafe path, dangling link ...),
                                   for the finding; NULL when nothing to say */
    int want_git_sha1;          /* also compute the git blob id although nothing expects one yet */
    int want_content;           /* capture the content whatever the role (ollama template layers) */
    int was_read;               /* the reader went through it (hashes and format results are set) */
    int shard_out;              /* scan --shard: another part reads this file */
};

struct rep_license {
    char *id;                   /* SPDX id, LicenseRef-..., NOASSERTION */
    char *name;
    char *source;               /* file (relative path), "README.md", "gguf", "ollama" ... */
    char *method;               /* "text", "card", "notice", "gguf", "ollama" */
    char *scope;                /* "weights", "code", "all" */
    double confidence;          /* 0..1 */
    int modified;
    cJSON *clauses;             /* array of {"id": ..., "value": ...}; may be NULL */
    cJSON *evidence;            /* array of {"kind","text","offset"}; may be NULL */
    char *text;                 /* the license text as found (method text/notice), for the SPDX
                                   extracted text and the HTML evidence; NULL when not kept */
};

struct rep_base_model {
    char *name;
    char *relation;             /* finetune, adapter, quantized, merge, or NULL */
    char *license;              /* id or NULL */
    char *source;               /* where the lineage came from (README.md, adapter_config.json, gguf ...) */
};

struct rep_obligation {
    char *id;
    char *text;
    char *license;              /* which license imposes it, or NULL */
};

struct rep_finding {
    char *code;                 /* stable, listed in README */
    enum finding_sev severity;
    char *message;              /* a reason a lawyer can follow: which file, license, clause, fact */
    char *file;                 /* relative path or NULL */
    cJSON *detail;              /* optional structured detail; may be NULL */
};

struct rep_model {
    char *path;                 /* as given on the command line (or inside a cache) */
    enum layout layout;
    char *name;                 /* "org/name" or NULL */
    char *revision;             /* commit or NULL */
    enum verdict verdict;

    struct rep_file *files;
    size_t n_files;
    struct rep_license *licenses;
    size_t n_licenses;
    char *declared_license;
    char *concluded_license;
    struct rep_base_model *base_models;
    size_t n_base_models;
    struct rep_obligation *obligations;
    size_t n_obligations;
    cJSON *publisher;           /* {"name","entity","jurisdiction","source"} or NULL */
    cJSON *upstream_publishers; /* array or NULL */
    char *governing_law;
    cJSON *openness;            /* {"class","present","missing"} or NULL */
    cJSON *scale;               /* {"parameters","dtypes","quantization","training_compute_flops",...} or NULL */
    int64_t parameters;         /* summed over weight files, -1 unknown */
    struct rep_finding *findings;
    size_t n_findings;
    cJSON *card;                /* parsed model card front matter and config facts, for outputs */

    /* working data */
    char *root;                 /* filesystem directory the file srcs are relative to, or NULL */
    int name_off_hub;           /* name is the path of a git remote on a host other than Hugging
                                   Face: it names no hub organisation (publisher.c) */
};

struct report {
    enum verdict verdict;       /* worst over models */
    struct rep_model *models;
    size_t n_models;
    int64_t timestamp;          /* SOURCE_DATE_EPOCH or scan time, seconds */
    int shard_index;            /* scan --shard I/N: this part (1-based) ... */
    int shard_count;            /* ... of N; 0 = a complete report */
    cJSON *policy;              /* the policy applied (name, facts), may be NULL */
};

const char *verdict_name(enum verdict v);
const char *layout_name(enum layout l);
const char *role_name(enum file_role r);
const char *integrity_name(enum integrity i);
const char *finding_sev_name(enum finding_sev s);
/* Parse the names back (for merge, verify); -1 when unknown. */
int verdict_parse(const char *s);
int layout_parse(const char *s);
int role_parse(const char *s);
int integrity_parse(const char *s);

struct report *report_new(void);
void report_free(struct report *r);

/* SOURCE_DATE_EPOCH (reproducible-builds.org): 1 with *t set when s is a
 * decimal number of seconds from 0 to REPORT_SDE_MAX (9999-12-31T23:59:59Z),
 * digits only; 0 when s is NULL or empty (unset); -1 for anything else,
 * which callers ignore (with a warning: cli_check_source_date_epoch). */
#define REPORT_SDE_MAX 253402300799LL
int report_sde_parse(const char *s, int64_t *t);

/* The timestamp of a report made now: a valid SOURCE_DATE_EPOCH, else the
 * current time. */
int64_t report_now(void);

struct rep_model *report_add_model(struct report *r);
struct rep_file *report_add_file(struct rep_model *m);
struct rep_license *report_add_license(struct rep_model *m);
struct rep_base_model *report_add_base_model(struct rep_model *m);
struct rep_obligation *report_add_obligation(struct rep_model *m);

/* Add a finding; message is printf-style.  Returns NULL on ENOMEM. */
struct rep_finding *report_add_finding(struct rep_model *m, enum finding_sev sev, const char *code,
                                       const char *file, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Replace *dst with a copy of s (NULL allowed).  0 or WA_ENOMEM. */
int report_set_str(char **dst, const char *s);

/* Find a file by relative path, NULL when absent. */
struct rep_file *report_find_file(struct rep_model *m, const char *path);

/* Sort files by path, findings by (severity desc, code, file, message),
 * licenses by source; set each model's verdict to the worst finding and the
 * report's to the worst model.  Call once the model is complete. */
void report_finalize(struct report *r);

/* Native JSON report (schema weightaudit-report/1).  Caller deletes. */
cJSON *report_to_json(const struct report *r);

#endif
