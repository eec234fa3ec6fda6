/*
 * fmt.c - the validator table, format detection and fmt_result helpers
 * (see fmt.h).  Adding a format = one fmt_ops in its own module plus one
 * line in `validators` below.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "err.h"
#include "fmt.h"
#include "gguf.h"
#include "pickle.h"
#include "safetensors.h"

static const struct fmt_ops *const validators[] = {
    &fmt_safetensors,
    &fmt_gguf,
    &fmt_pickle,
};
#define N_VALIDATORS (sizeof validators / sizeof validators[0])

const char *fmt_name(enum wa_format f)
{
    switch (f) {
    case FORMAT_SAFETENSORS: return "safetensors";
    case FORMAT_GGUF: return "gguf";
    case FORMAT_PICKLE: return "pickle";
    case FORMAT_ONNX: return "onnx";
    case FORMAT_NUMPY: return "numpy";
    case FORMAT_KERAS: return "keras";
    case FORMAT_HDF5: return "hdf5";
    case FORMAT_TENSORFLOW: return "tensorflow";
    case FORMAT_TEXT: return "text";
    case FORMAT_JSON: return "json";
    case FORMAT_OTHER: break;
    }
    return "other";
}

void fmt_result_init(struct fmt_result *r)
{
    memset(r, 0, sizeof *r);
    r->valid = -1;
    r->tensors = -1;
    r->parameters = -1;
}

void fmt_result_free(struct fmt_result *r)
{
    if (!r)
        return;
    problem_list_free(&r->problems);
    cJSON_Delete(r->facts);
    for (size_t i = 0; i < r->tensor_n; i++)
        free(r->tensor_v[i].name);
    free(r->tensor_v);
    fmt_result_init(r);
}

int fmt_result_add_tensor(struct fmt_result *r, const char *name, size_t name_len,
                          uint64_t nbytes, uint64_t nelements, const char *dtype)
{
    struct fmt_tensor *t;

    if ((r->tensor_n & (r->tensor_n - 1)) == 0) {   /* grow at powers of two */
        size_t cap = r->tensor_n ? r->tensor_n * 2 : 1;
        struct fmt_tensor *v = realloc(r->tensor_v, cap * sizeof *v);
        if (!v)
            return WA_ENOMEM;
        r->tensor_v = v;
    }
    t = &r->tensor_v[r->tensor_n];
    t->name = malloc(name_len + 1);
    if (!t->name)
        return WA_ENOMEM;
    memcpy(t->name, name, name_len);
    t->name[name_len] = '\0';
    t->nbytes = nbytes;
    t->nelements = nelements;
    t->dtype = dtype;
    r->tensor_n++;
    return WA_OK;
}

const struct fmt_ops *fmt_detect(const uint8_t *head, size_t n, const char *filename)
{
    const struct fmt_ops *best = NULL;
    int best_score = 0;

    for (size_t i = 0; i < N_VALIDATORS; i++) {
        int s = validators[i]->sniff(head, n, filename);
        if (s > best_score) {
            best_score = s;
            best = validators[i];
        }
    }
    return best;
}

int fmt_name_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s + 1 : path;
}

/* Mostly printable UTF-8 or ASCII, no NUL: treat as text. */
static int looks_text(const uint8_t *p, size_t n)
{
    size_t bad = 0;

    if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return 1;   /* UTF-16 with BOM */
    for (size_t i = 0; i < n; i++) {
        if (p[i] == 0)
            return 0;
        if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t' && p[i] != '\f')
            bad++;
    }
    return bad * 20 <= n;
}

/* HDF5 puts its signature at 0, or after a user block of 512, 1024, 2048 ... bytes. */
static int hdf5_magic(const uint8_t *head, size_t n)
{
    for (size_t at = 0; at + 8 <= n; at = at ? at * 2 : 512)
        if (memcmp(head + at, "\x89HDF\r\n\x1a\n", 8) == 0)
            return 1;
    return 0;
}

/* Name of the first entry of a zip (NUL-terminated into buf), or NULL. */
static const char *zip_first_entry(const uint8_t *head, size_t n, char *buf, size_t cap)
{
    size_t len;

    if (n < 30 || memcmp(head, "PK\3\4", 4) != 0)
        return NULL;
    len = (size_t)head[26] | (size_t)head[27] << 8;
    if (len == 0 || len >= cap || 30 + len > n)
        return NULL;
    memcpy(buf, head + 30, len);
    buf[len] = '\0';
    return buf;
}

/* TensorFlow SavedModel and checkpoint files: saved_model.pb,
 * variables/variables.index, variables.data-00000-of-00001,
 * model.ckpt-1000.index, model.ckpt-1000.data-00000-of-00001 ... */
static int tensorflow_name(const char *b)
{
    const char *d;

    if (strcmp(b, "saved_model.pb") == 0 || strcmp(b, "saved_model.pbtxt") == 0 ||
        strcmp(b, "fingerprint.pb") == 0 || strcmp(b, "keras_metadata.pb") == 0 ||
        strcmp(b, "variables.index") == 0 || strncmp(b, "variables.data-", 15) == 0)
        return 1;
    if (fmt_name_ends_with(b, ".index") && strstr(b, ".ckpt"))
        return 1;
    d = strstr(b, ".data-");
    return d && strstr(d, "-of-") && strstr(b, ".ckpt");
}

enum wa_format fmt_guess(const uint8_t *head, size_t n, const char *filename)
{
    const char *b = base_name(filename ? filename : "");
    char entry[256];
    const char *first;

    if (n >= 6 && memcmp(head, "\x93NUMPY", 6) == 0)
        return FORMAT_NUMPY;
    if (hdf5_magic(head, n))
        return fmt_name_ends_with(b, ".keras") ? FORMAT_KERAS : FORMAT_HDF5;
    if ((first = zip_first_entry(head, n, entry, sizeof entry))) {
        /* .npz: a zip of .npy; .keras (v3): a zip of config.json,
         * metadata.json and model.weights.h5 */
        if (fmt_name_ends_with(first, ".npy") || fmt_name_ends_with(b, ".npz"))
            return FORMAT_NUMPY;
        if (fmt_name_ends_with(b, ".keras") || strcmp(first, "metadata.json") == 0 || strcmp(first, "config.json") == 0 ||
            strcmp(first, "model.weights.h5") == 0)
            return FORMAT_KERAS;
    }
    if (fmt_name_ends_with(b, ".onnx") || fmt_name_ends_with(b, ".onnx_data") || fmt_name_ends_with(b, ".onnx.data") || fmt_name_ends_with(b, ".ort"))
        return FORMAT_ONNX;
    if (fmt_name_ends_with(b, ".npy") || fmt_name_ends_with(b, ".npz"))
        return FORMAT_NUMPY;
    if (fmt_name_ends_with(b, ".keras"))
        return FORMAT_KERAS;
    if (fmt_name_ends_with(b, ".h5") || fmt_name_ends_with(b, ".hdf5"))
        return FORMAT_HDF5;
    if (tensorflow_name(b))
        return FORMAT_TENSORFLOW;
    if (fmt_name_ends_with(b, ".json") && looks_text(head, n))
        return FORMAT_JSON;
    if (n > 0 && looks_text(head, n))
        return FORMAT_TEXT;
    if (n == 0 && (fmt_name_ends_with(b, ".md") || fmt_name_ends_with(b, ".txt")))
        return FORMAT_TEXT;
    return FORMAT_OTHER;
}
