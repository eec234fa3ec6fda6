/*
 * ollamamf.h - an Ollama model manifest (OCI-like image manifest):
 *
 *   {"schemaVersion": 2, "mediaType": "...manifest.v2+json",
 *    "config": {"mediaType": "...", "digest": "sha256:<hex>", "size": N},
 *    "layers": [{"mediaType": "application/vnd.ollama.image.model",
 *                "digest": "sha256:<hex>", "size": N}, ...]}
 *
 * stored at <models>/manifests/<registry>/<namespace>/<model>/<tag>, the
 * blobs at <models>/blobs/sha256-<hex>.  Parsed strictly and bounded: the
 * digest must be sha256 with 64 hex digits, the size a non-negative
 * integer; at most OLLAMAMF_MAX_LAYERS layers.
 */
#ifndef WA_OLLAMAMF_H
#define WA_OLLAMAMF_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "hash.h"

#define OLLAMAMF_MAX (1u << 20)          /* manifest file size */
#define OLLAMAMF_MAX_LAYERS 4096

struct ollamamf_layer {
    char *media_type;                    /* may be "" */
    char digest[HASH_SHA256_HEX];        /* lower-case hex, without "sha256:" */
    int64_t size;
    int is_config;
};

struct ollamamf {
    struct ollamamf_layer *v;            /* the config first (when present), then the layers */
    size_t n;
};

int ollamamf_parse(struct ollamamf **out, const void *p, size_t n, const char *name, struct wa_err *err);
void ollamamf_free(struct ollamamf *m);

#endif
