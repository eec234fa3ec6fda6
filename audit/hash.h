/*
 * hash.h - SHA-256 and git blob SHA-1 over streamed bytes (OpenSSL EVP).
 *
 * This is the only module that talks to OpenSSL's digest API.  A hasher is
 * fed the same chunks the format validators see, so each byte of a weight
 * file is read once.  A git blob id is SHA-1 over "blob <size>\0" followed by
 * the content, so the size must be known before the first byte.
 */
#ifndef WA_HASH_H
#define WA_HASH_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define HASH_SHA256_HEX 65   /* 64 hex digits + NUL */
#define HASH_SHA1_HEX 41

enum hash_algo { HASH_SHA256, HASH_GIT_SHA1, HASH_SHA1 };   /* HASH_SHA1: plain SHA-1 (SPDX) */

struct hash_ctx;

/* New hasher.  For HASH_GIT_SHA1, blob_size is the content size that goes
 * into the blob header; it is ignored for SHA-256. */
int hash_new(struct hash_ctx **out, enum hash_algo algo, uint64_t blob_size);
int hash_update(struct hash_ctx *h, const void *p, size_t n);
/* Write the lower-case hex digest into hex (HASH_SHA256_HEX bytes). */
int hash_final(struct hash_ctx *h, char *hex);
void hash_free(struct hash_ctx *h);

/* One-shot SHA-256 of a buffer, as hex. */
int hash_sha256_hex(const void *p, size_t n, char hex[HASH_SHA256_HEX]);

/* One-shot SHA-1 of a buffer in urlsafe base64 ('-' and '_', '=' padded):
 * huggingface_hub's _short_hash, which names partial local-dir downloads. */
#define HASH_SHA1_B64URL 29  /* 28 characters + NUL */
int hash_sha1_b64url(const void *p, size_t n, char out[HASH_SHA1_B64URL]);

/* 1 when s is exactly n lower- or upper-case hex digits. */
int hash_is_hex(const char *s, size_t n);

#endif
