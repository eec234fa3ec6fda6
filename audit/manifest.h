/*
 * manifest.h - a list of files with their expected size and SHA-256: what a
 * pinned manifest (weightaudit-manifest/1) or an SBOM says a model holds.
 * `scan --manifest` uses it as the source of expected hashes; `verify`
 * re-hashes a tree and compares it with one.
 */
#ifndef WA_MANIFEST_H
#define WA_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "hash.h"

#define MANIFEST_SCHEMA "weightaudit-manifest/1"

struct manifest_entry {
    char *path;                     /* relative, '/'-separated */
    int64_t size;                   /* -1 when the document gives none */
    char sha256[HASH_SHA256_HEX];   /* lower-case hex */
};

struct manifest {
    char *name;                     /* "org/name" or NULL */
    char *revision;                 /* or NULL */
    struct manifest_entry *v;
    size_t n;
};

struct manifest *manifest_new(void);
void manifest_free(struct manifest *m);

/* Append an entry (path copied, sha256 given as 64 hex digits, any case).
 * 0, WA_EFORMAT for a bad digest, or WA_ENOMEM. */
int manifest_add(struct manifest *m, const char *path, int64_t size, const char *sha256);

/* Entry for path, NULL when absent. */
const struct manifest_entry *manifest_find(const struct manifest *m, const char *path);

#define MANIFEST_MAX_BYTES (256u << 20)   /* a manifest file larger than this is refused */
#define MANIFEST_MAX_FILES 1000000

/* Read a weightaudit-manifest/1 file: bounded, strict (schema, clean
 * relative paths, 64-hex sha256, sizes >= 0, no path twice).  Errors:
 * WA_EIO (cannot read), WA_ETOOBIG, WA_EFORMAT with the file, the byte
 * offset for JSON syntax errors and what is wrong ("files[3].sha256: ..."). */
int manifest_read(struct manifest **out, const char *path, struct wa_err *err);
/* The same over bytes in memory (name for errors). */
int manifest_parse(struct manifest **out, const void *p, size_t n, const char *name, struct wa_err *err);

/* Sort the entries by path (byte order). */
void manifest_sort(struct manifest *m);

/* The manifest as JSON (entries in their current order).  NULL on ENOMEM. */
struct cJSON *manifest_to_json(const struct manifest *m);

#endif
