/*
 * stindex.h - the cross-check of a sharded model's index
 * (model.safetensors.index.json and its kin: {"metadata": {"total_size": N},
 * "weight_map": {"tensor name": "shard file", ...}}) against the tensors the
 * safetensors validator found in each shard, in the same scan.
 *
 * Rules (SPEC.md): every tensor of weight_map is in the shard it names, no
 * tensor is in two shards, every shard named is present, and
 * metadata.total_size equals the sum of the tensors' bytes.  Shard names are
 * relative to the index's own folder (diffusers keep one index per
 * component folder).  The parser is bounded (the caller caps the size) and
 * refuses shard names that would leave the model folder.
 */
#ifndef WA_STINDEX_H
#define WA_STINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "fmt.h"
#include "report.h"

#define STINDEX_MAX_FINDINGS 20     /* per code and index; the rest are counted */

struct stindex_entry {
    char *tensor;
    char *shard;                    /* as written in the index */
};

struct stindex {
    int has_total_size;
    uint64_t total_size;
    struct stindex_entry *v;        /* sorted by tensor name; a name may repeat */
    size_t n;
    char **shards;                  /* distinct shard names, sorted */
    size_t n_shards;
};

/* Parse an index held in memory (n bytes).  WA_EFORMAT with err->msg and
 * err->offset for malformed input, WA_ENOMEM. */
int stindex_parse(struct stindex **out, const void *p, size_t n, const char *name, struct wa_err *err);
void stindex_free(struct stindex *ix);

enum stindex_state {
    STINDEX_ABSENT = 0,             /* no such file in the model (or recorded but missing) */
    STINDEX_UNKNOWN,                /* present but its tensors are not known (not read, invalid,
                                       another --shard part, not safetensors) */
    STINDEX_READ,                   /* read and valid: tensors below are all it holds */
};

/* What the scan knows of each shard, parallel to ix->shards. */
struct stindex_shard {
    const char *path;               /* path of the file in the model (for findings) */
    enum stindex_state state;
    const struct fmt_tensor *tensors;
    size_t n_tensors;
};

/* Add the findings of the cross-check to m (file = index_path or the
 * shard).  Codes: index_shard_missing, index_tensor_missing,
 * index_tensor_misplaced, index_tensor_duplicate (deny); index_tensor_unlisted,
 * index_total_size (review).  0 or WA_ENOMEM. */
int stindex_check(struct rep_model *m, const char *index_path, const struct stindex *ix,
                  const struct stindex_shard *sh);

#endif
