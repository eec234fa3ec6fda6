/*
 * safetensors.h - streaming validator for .safetensors files.
 *
 * A push parser: feed chunks of any size, then finish.  The rules are those
 * of the reference implementation (huggingface/safetensors, tensor.rs):
 * an 8-byte little-endian header length N <= 100,000,000; N bytes of UTF-8
 * JSON object (trailing JSON whitespace allowed, which is how writers pad
 * to 8 bytes); an optional "__metadata__" object of string values; every
 * other key a tensor {dtype, shape, data_offsets}; byte ranges sorted,
 * contiguous from 0, each exactly shape x dtype bits / 8 with overflow
 * checked; the last end equal to the data length.  Stricter than the
 * reference in one way an attacker could use: a tensor name given twice is
 * invalid (the reference keeps the last silently).
 *
 * Memory is bounded by the header (plus one record per tensor); tensor data
 * is only counted, never stored.
 */
#ifndef WA_SAFETENSORS_H
#define WA_SAFETENSORS_H

#include <stddef.h>
#include <stdint.h>

#include "fmt.h"

#define SAFETENSORS_MAX_HEADER 100000000ULL
#define SAFETENSORS_MAX_METADATA_FACTS 1024   /* __metadata__ entries shown in facts */

struct safetensors;

int safetensors_new(struct safetensors **out);

/* Push n bytes.  Never fails on bad input (that becomes a problem at
 * finish); returns WA_ENOMEM only. */
int safetensors_feed(struct safetensors *st, const uint8_t *p, size_t n);

/* 0 once the header has been read (or found bad): the rest of the file only
 * needs to be counted. */
int safetensors_wants_rest(const struct safetensors *st);

/* Account for n bytes not fed (valid only once wants_rest() is 0). */
int safetensors_skip(struct safetensors *st, uint64_t n);

/* Final checks; moves problems, facts and tensors into res. */
int safetensors_finish(struct safetensors *st, struct fmt_result *res);

void safetensors_free(struct safetensors *st);

/* Bits per element of a dtype name, 0 when unknown. */
unsigned safetensors_dtype_bits(const char *name, size_t len);

extern const struct fmt_ops fmt_safetensors;

#endif
