/*
 * fmt.h - the weight-format validators behind one small table.
 *
 * reader.c reads each file once, in large sequential chunks, and hands every
 * chunk both to the hasher and to the validator chosen here by the file's
 * first bytes (magic), falling back to its name.  A validator is a push
 * parser: feed() takes chunks of any size and the verdict never depends on
 * how the bytes were split.  After its header a validator may declare that
 * it needs no more bytes (wants_rest() == 0); with --no-hash the reader then
 * skips the rest and only reports how many bytes there were (skip()).
 *
 * A validator whose container must be read by a pull library (zip-format
 * PyTorch checkpoints through libarchive) sets pull instead of feed: it is
 * given a read function that returns the file's next chunk (already hashed
 * by the reader) and must return once it has read what it needs.
 */
#ifndef WA_FMT_H
#define WA_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "problem.h"

struct cJSON;

/* Values of the report's "format" field. */
enum wa_format {
    FORMAT_OTHER = 0,
    FORMAT_SAFETENSORS,
    FORMAT_GGUF,
    FORMAT_PICKLE,
    FORMAT_ONNX,
    FORMAT_NUMPY,
    FORMAT_KERAS,
    FORMAT_HDF5,
    FORMAT_TENSORFLOW,
    FORMAT_TEXT,
    FORMAT_JSON,
};

const char *fmt_name(enum wa_format f);

/* 1 when the file name s ends in suffix, case aside (".GGUF" is ".gguf"). */
int fmt_name_ends_with(const char *s, const char *suffix);

/* One tensor, kept so that model.safetensors.index.json can be cross-checked. */
struct fmt_tensor {
    char *name;
    uint64_t nbytes;
    uint64_t nelements;
    const char *dtype;            /* static string */
};

struct fmt_result {
    enum wa_format format;
    int valid;                    /* 1 valid, 0 invalid, -1 not validated */
    int64_t tensors;              /* -1 unknown */
    int64_t parameters;           /* -1 unknown */
    uint64_t header_size;         /* bytes of header/metadata before tensor data, 0 unknown */
    struct problem_list problems;
    struct cJSON *facts;          /* format facts (dtypes, metadata, general.*, imports); owned, may be NULL */
    struct fmt_tensor *tensor_v;  /* owned */
    size_t tensor_n;
};

void fmt_result_init(struct fmt_result *r);
void fmt_result_free(struct fmt_result *r);

/* Append a tensor (name copied).  0 or WA_ENOMEM. */
int fmt_result_add_tensor(struct fmt_result *r, const char *name, size_t name_len,
                          uint64_t nbytes, uint64_t nelements, const char *dtype);

/* Pull reader for fmt_ops.pull: sets *p and *n to the next chunk (n == 0
 * at end).  Returns 0 or a negative WA_E code. */
typedef int (*fmt_read_fn)(void *ctx, const uint8_t **p, size_t *n);

struct fmt_ops {
    const char *name;
    enum wa_format format;
    /* Score how well the first bytes (n of them, n may be < 64 for tiny files)
     * and file name fit; 0 = not this format, 100 = magic matched. */
    int (*sniff)(const uint8_t *head, size_t n, const char *filename);
    int (*open)(void **st);
    int (*feed)(void *st, const uint8_t *p, size_t n);
    int (*wants_rest)(void *st);
    int (*skip)(void *st, uint64_t n);
    int (*pull)(void *st, fmt_read_fn rd, void *rdctx);
    /* Final checks; fill res (format, valid, counts, problems, facts, tensors). */
    int (*finish)(void *st, struct fmt_result *res);
    void (*free)(void *st);
};

/* The fmt_ops of a push validator whose module has the typed API
 * PREFIX_new(struct TYPE **), PREFIX_feed, PREFIX_wants_rest, PREFIX_skip,
 * PREFIX_finish and PREFIX_free: the void * adapters the table needs, once. */
#define FMT_PUSH_OPS(var, prefix, type, fmt_name_str, fmt_enum, sniff_fn)                          \
    static int prefix##_op_open(void **out) { return prefix##_new((struct type **)out); }          \
    static int prefix##_op_feed(void *st, const uint8_t *p, size_t n) { return prefix##_feed(st, p, n); } \
    static int prefix##_op_wants_rest(void *st) { return prefix##_wants_rest(st); }                \
    static int prefix##_op_skip(void *st, uint64_t n) { return prefix##_skip(st, n); }             \
    static int prefix##_op_finish(void *st, struct fmt_result *res) { return prefix##_finish(st, res); } \
    static void prefix##_op_free(void *st) { prefix##_free(st); }                                  \
    const struct fmt_ops var = {                                                                   \
        .name = fmt_name_str, .format = fmt_enum, .sniff = sniff_fn,                                \
        .open = prefix##_op_open, .feed = prefix##_op_feed, .wants_rest = prefix##_op_wants_rest,  \
        .skip = prefix##_op_skip, .pull = NULL, .finish = prefix##_op_finish,                      \
        .free = prefix##_op_free,                                                                  \
    }

/* Choose the validator for a file: by magic first, then by name.  Returns
 * NULL when no validator applies (the file is then only hashed). */
const struct fmt_ops *fmt_detect(const uint8_t *head, size_t n, const char *filename);

/* Format of a file that has no validator, from its name and first bytes
 * (text, json, onnx, ...). */
enum wa_format fmt_guess(const uint8_t *head, size_t n, const char *filename);

/* Bytes the reader should gather before calling fmt_detect. */
#define FMT_SNIFF_BYTES 4096

#endif
