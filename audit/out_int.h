/*
 * out_int.h - what the writers out_*.c share: the document timestamp,
 * content-derived UUIDs, package URLs, license texts, shard names.
 * Private to the out module (see out.h).
 */
#ifndef WA_OUT_INT_H
#define WA_OUT_INT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "out.h"
#include "report.h"

#define OUT_TOOL_NAME "weightaudit"
#define OUT_LICENSE_TEXT_MAX (1u << 20)     /* canonical texts are far smaller */

/* Seconds since the epoch for the document: SOURCE_DATE_EPOCH when it is
 * valid (report_sde_parse), else the report's timestamp. */
int64_t out_time(const struct report *r);

/* "YYYY-MM-DDThh:mm:ssZ" (UTC) into buf (at least 21 bytes). */
void out_iso8601(int64_t t, char *buf, size_t n);

/* An RFC 9562 UUID (version 8, "custom") made from the first 128 bits of a
 * SHA-256 hex digest, lower case, into buf (at least 37 bytes). */
void out_uuid(const char *sha256_hex, char *buf, size_t n);

/* SHA-256 hex of doc printed by jsonout_print, into hex.  0 or WA_ENOMEM. */
int out_json_digest(const cJSON *doc, char hex[HASH_SHA256_HEX]);

/* Print doc (jsonout_print) onto out.  0 or WA_ENOMEM. */
int out_json_emit(struct outbuf *out, const cJSON *doc, struct wa_err *err);

/* The Hugging Face package URL of a repository name "org/name" (or "name")
 * at revision rev (a commit, lower-cased; omitted when rev is NULL or not a
 * hex commit id): pkg:huggingface/org/name@rev, every part percent-encoded.
 * NULL when name is NULL or not of that shape (or on ENOMEM).  Caller frees. */
char *out_purl(const char *name, const char *rev);

/* 1 when s looks like a git commit id (7 to 64 hex digits). */
int out_is_commit(const char *s);

/* The text of license l of model m: l->text, else the captured content of
 * its source file, else (unless l is a modified text) the canonical text
 * from the data folder (out_canonical_text).  NULL when none; *owned is set
 * to what the caller must free (or NULL): non-NULL means the text is the
 * canonical one, not the one found. */
const char *out_license_text(const struct rep_model *m, const struct rep_license *l, char **owned);

/* The canonical text of a license id from the data folder, or NULL.  Caller frees. */
char *out_canonical_text(const char *id);

/* "I/N" of a sharded file name (model-00001-of-00004.safetensors) into buf;
 * 0 when the name has no shard numbers. */
int out_shard(const char *path, char *buf, size_t n);

/* The publisher member key (name, entity, jurisdiction ...) as a string, or NULL. */
const char *out_publisher(const struct rep_model *m, const char *key);

/* The member key of the model card, else of a "config" object inside it;
 * NULL when absent or null.  Callers check its type. */
const cJSON *out_card(const struct rep_model *m, const char *key);

/* fn(ctx, s) for the card member key when it is a string, or for each
 * non-empty string of it when it is an array; other values are ignored. */
void out_card_strings(const struct rep_model *m, const char *key, void (*fn)(void *ctx, const char *s), void *ctx);

/* The card member key if a non-empty string, else its first array element
 * if that is one, else NULL. */
const char *out_card_first(const struct rep_model *m, const char *key);

/* The license entry of m that decided its concluded license: among the
 * entries with that id (scope other than code), the strongest evidence as
 * the conclusion ranks it (a text for the weights, a text, an Ollama layer,
 * GGUF metadata, a NOTICE, the card), a modified text first among equals.
 * For a NOASSERTION conclusion, the unidentified entry that decided.  NULL
 * when no entry has the concluded id (an acceptable use policy standing in,
 * NONE, a merged report without licenses). */
const struct rep_license *out_deciding_license(const struct rep_model *m);

/* The name a document gives model m: its "org/name" when known, else the
 * base name of its path (a folder or file; "model" for "", "." or ".."), so
 * the same model gives the same bytes wherever it lies.  Points into m or
 * into buf (n bytes). */
const char *out_model_name(const struct rep_model *m, char *buf, size_t n);

/* 1 when id names a license: not NULL, empty, NONE or NOASSERTION (any case). */
int out_is_license(const char *id);

#endif
