/*
 * gguf.h - streaming validator for GGUF (v2, v3) model files.
 *
 * A push parser, like safetensors.h: feed chunks of any size, then finish;
 * the verdict never depends on the chunking.  It reads the header (magic,
 * version, counts), every metadata key/value (all value types, arrays nested
 * up to GGUF_MAX_DEPTH), every tensor info (name, dimensions, ggml type,
 * offset), then only counts the tensor data: wants_rest() is 0 from there.
 * The rules are those of ggml's own reader (ggml/src/gguf.cpp) and of the
 * spec (ggml/docs/gguf.md), plus the checks a streaming auditor needs:
 * tensors sorted by offset must not overlap and must end inside the file.
 *
 * Memory is bounded by what arrives: keys (for the duplicate check), tensor
 * records and a few kept general.* values; a declared length is checked
 * against its cap before anything is allocated for it, and string or array
 * payloads that are not kept are skipped by counting.
 */
#ifndef WA_GGUF_H
#define WA_GGUF_H

#include <stddef.h>
#include <stdint.h>

#include "fmt.h"

#define GGUF_MAX_TENSORS (1u << 20)          /* tensor_count */
#define GGUF_MAX_KV (1u << 20)               /* metadata_kv_count */
#define GGUF_MAX_KEY_LEN 65535u              /* spec: a key is at most 2^16-1 bytes */
#define GGUF_MAX_KEY_BYTES (64u << 20)       /* all keys together (kept for the duplicate check) */
#define GGUF_MAX_STRING (1ull << 30)         /* one string value, as ggml's GGUF_MAX_STRING_LENGTH */
#define GGUF_MAX_ARRAY (1ull << 30)          /* elements of one array, as ggml's GGUF_MAX_ARRAY_ELEMENTS */
#define GGUF_MAX_DEPTH 8                     /* arrays nested in arrays */
#define GGUF_MAX_NAME 63u                    /* tensor name bytes: ggml's GGML_MAX_NAME 64 less its NUL */
#define GGUF_MAX_DIMS 4u
#define GGUF_MAX_FACTS 256                   /* general.* values kept for the facts */
#define GGUF_MAX_FACT_STRING (64u << 10)     /* one kept general.* string; longer ones are not shown */
#define GGUF_MAX_BASE_MODELS 64              /* general.base_model.N entries shown */
#define GGUF_DEFAULT_ALIGNMENT 32u

struct gguf;

int gguf_new(struct gguf **out);

/* Push n bytes.  Bad input becomes a problem, never an error; returns
 * WA_ENOMEM only. */
int gguf_feed(struct gguf *g, const uint8_t *p, size_t n);

/* 0 once the tensor infos have been read (or the header found bad). */
int gguf_wants_rest(const struct gguf *g);

/* Account for n bytes not fed (only once wants_rest() is 0, else WA_EUSAGE). */
int gguf_skip(struct gguf *g, uint64_t n);

/* Final checks (tensors inside the file, trailing bytes); moves problems,
 * facts and tensors into res.  0 or WA_ENOMEM. */
int gguf_finish(struct gguf *g, struct fmt_result *res);

void gguf_free(struct gguf *g);

/* ggml type: name ("Q4_K"), elements per block and bytes per block.
 * Returns 0, or -1 for an id that is unknown or removed (4, 5, 31-33, 36-38). */
int gguf_type_info(uint32_t type, const char **name, uint32_t *block, uint32_t *size);

extern const struct fmt_ops fmt_gguf;

#endif
