/*
 * gguf.c - streaming GGUF validator (see gguf.h).
 *
 * One state machine over the byte stream.  Fixed-size fields (magic,
 * counts, types, lengths, dimensions, offsets) are gathered into a small
 * buffer whatever the chunking; variable payloads are either collected
 * (keys, tensor names, the general.* strings shown as facts, each under a
 * cap checked first) or skipped by counting.  Metadata values nest through
 * an explicit stack of array frames, never recursion.  The first error
 * stops the parse (later bytes are only counted); checks that need every
 * key or every tensor (duplicates, alignment, overlaps) run when the last
 * one has arrived, and the file length is checked at finish.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "err.h"
#include "gguf.h"
#include "jsonout.h"

/* metadata value types */
enum {
    VT_UINT8, VT_INT8, VT_UINT16, VT_INT16, VT_UINT32, VT_INT32, VT_FLOAT32, VT_BOOL,
    VT_STRING, VT_ARRAY, VT_UINT64, VT_INT64, VT_FLOAT64, VT_COUNT
};

static const uint8_t vt_size[VT_COUNT] = { 1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8 };
static const char *const vt_name[VT_COUNT] = {
    "uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "bool",
    "string", "array", "uint64", "int64", "float64",
};

/* ggml types: elements per block, bytes per block (ggml-common.h block
 * structs); a zero block marks an id that was removed or never used. */
static const struct {
    const char *name;
    uint32_t block, size;
} ggml_types[] = {
    [0] = { "F32", 1, 4 },        [1] = { "F16", 1, 2 },
    [2] = { "Q4_0", 32, 18 },     [3] = { "Q4_1", 32, 20 },
    /* 4, 5: Q4_2, Q4_3, removed */
    [6] = { "Q5_0", 32, 22 },     [7] = { "Q5_1", 32, 24 },
    [8] = { "Q8_0", 32, 34 },     [9] = { "Q8_1", 32, 36 },
    [10] = { "Q2_K", 256, 84 },   [11] = { "Q3_K", 256, 110 },
    [12] = { "Q4_K", 256, 144 },  [13] = { "Q5_K", 256, 176 },
    [14] = { "Q6_K", 256, 210 },  [15] = { "Q8_K", 256, 292 },
    [16] = { "IQ2_XXS", 256, 66 }, [17] = { "IQ2_XS", 256, 74 },
    [18] = { "IQ3_XXS", 256, 98 }, [19] = { "IQ1_S", 256, 50 },
    [20] = { "IQ4_NL", 32, 18 },  [21] = { "IQ3_S", 256, 110 },
    [22] = { "IQ2_S", 256, 82 },  [23] = { "IQ4_XS", 256, 136 },
    [24] = { "I8", 1, 1 },        [25] = { "I16", 1, 2 },
    [26] = { "I32", 1, 4 },       [27] = { "I64", 1, 8 },
    [28] = { "F64", 1, 8 },       [29] = { "IQ1_M", 256, 56 },
    [30] = { "BF16", 1, 2 },
    /* 31-33: Q4_0_4_4, Q4_0_4_8, Q4_0_8_8, removed from GGUF files */
    [34] = { "TQ1_0", 256, 54 },  [35] = { "TQ2_0", 256, 66 },
    /* 36-38: IQ4_NL_4_4, IQ4_NL_4_8, IQ4_NL_8_8, removed */
    [39] = { "MXFP4", 32, 17 },   [40] = { "NVFP4", 64, 36 },
    [41] = { "Q1_0", 128, 18 },   [42] = { "Q2_0", 64, 18 },
};
#define N_GGML_TYPES (sizeof ggml_types / sizeof ggml_types[0])

/* general.file_type (llama.h llama_ftype) */
static const char *const file_types[] = {
    "ALL_F32", "MOSTLY_F16", "MOSTLY_Q4_0", "MOSTLY_Q4_1", "MOSTLY_Q4_1_SOME_F16",
    NULL, NULL, "MOSTLY_Q8_0", "MOSTLY_Q5_0", "MOSTLY_Q5_1", "MOSTLY_Q2_K",
    "MOSTLY_Q3_K_S", "MOSTLY_Q3_K_M", "MOSTLY_Q3_K_L", "MOSTLY_Q4_K_S", "MOSTLY_Q4_K_M",
    "MOSTLY_Q5_K_S", "MOSTLY_Q5_K_M", "MOSTLY_Q6_K", "MOSTLY_IQ2_XXS", "MOSTLY_IQ2_XS",
    "MOSTLY_Q2_K_S", "MOSTLY_IQ3_XS", "MOSTLY_IQ3_XXS", "MOSTLY_IQ1_S", "MOSTLY_IQ4_NL",
    "MOSTLY_IQ3_S", "MOSTLY_IQ3_M", "MOSTLY_IQ2_S", "MOSTLY_IQ2_M", "MOSTLY_IQ4_XS",
    "MOSTLY_IQ1_M", "MOSTLY_BF16", NULL, NULL, NULL, "MOSTLY_TQ1_0", "MOSTLY_TQ2_0",
    "MOSTLY_MXFP4_MOE",
};

int gguf_type_info(uint32_t type, const char **name, uint32_t *block, uint32_t *size)
{
    if (type >= N_GGML_TYPES || ggml_types[type].block == 0)
        return -1;
    if (name)
        *name = ggml_types[type].name;
    if (block)
        *block = ggml_types[type].block;
    if (size)
        *size = ggml_types[type].size;
    return 0;
}

enum g_state {
    S_MAGIC, S_VERSION, S_NTENSORS, S_NKV,
    S_KEY_LEN, S_KEY, S_VTYPE, S_ARR_TYPE, S_ARR_LEN, S_SCALAR, S_STR_LEN, S_STR_KEEP,
    S_SKIP, S_BOOLS,
    S_TI_NAME_LEN, S_TI_NAME, S_TI_NDIMS, S_TI_DIM, S_TI_TYPE, S_TI_OFFSET,
    S_DATA, S_STOPPED,
};

struct g_kv {
    size_t key_off;               /* in keys arena */
    uint32_t key_len;
    int64_t key_pos;              /* file offset of the key's length field */
    uint32_t type;                /* value type (VT_ARRAY for arrays) */
    int kept;                     /* value captured for the facts */
    int str_cut;                  /* string longer than GGUF_MAX_FACT_STRING: not shown */
    union { uint64_t u; int64_t i; double f; } v;
    size_t str_off, str_len;      /* kept string, in strs arena */
};

struct g_tensor {
    size_t name_off;              /* in names arena */
    uint32_t name_len;
    uint32_t type;
    int64_t info_pos;             /* file offset of the name's length field */
    int64_t off_pos;              /* file offset of the offset field */
    uint64_t offset, nbytes, nelements;
    size_t index;                 /* order in the file */
};

struct g_frame {
    uint32_t etype;               /* element type */
    uint64_t left;                /* elements still to read */
};

struct gguf {
    enum g_state state;
    uint64_t pos;                 /* bytes fed or skipped */
    /* fixed-size field being gathered */
    uint8_t fbuf[8];
    unsigned need, have;
    uint64_t field_pos;
    /* payload being collected or skipped */
    uint64_t left;                /* bytes (S_SKIP, S_BOOLS, S_KEY, S_TI_NAME, S_STR_KEEP) */
    uint64_t str_pos;             /* file offset of the payload */
    uint64_t str_total;           /* declared length of a kept string */
    uint32_t scalar_type;         /* value type read in S_SCALAR */
    const char *what;             /* what is being read, for "truncated" */
    /* header */
    uint32_t version;
    uint64_t n_tensors, n_kv;
    /* metadata */
    struct g_kv *kv;
    size_t kv_n, kv_cap;
    char *keys;
    size_t keys_len, keys_cap;
    char *strs;
    size_t strs_len, strs_cap;
    size_t kept_n;
    struct g_frame stack[GGUF_MAX_DEPTH];
    unsigned depth;
    uint32_t alignment;
    int64_t alignment_pos;
    /* tensor infos */
    struct g_tensor *tv;
    size_t tn, tcap;
    char *names;
    size_t names_len, names_cap;
    uint32_t ndims, dim_i;
    uint64_t dims[GGUF_MAX_DIMS];
    uint64_t header_end, data_start;
    uint64_t data_end;            /* end of the furthest tensor, relative to data_start */
    int64_t data_end_pos;         /* offset field of that tensor */
    int header_ok;
    struct fmt_result res;
};

/* ---- helpers ----------------------------------------------------------- */

static uint64_t le(const uint8_t *b, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = n; i-- > 0;)
        v = (v << 8) | b[i];
    return v;
}

static int add_problem(struct gguf *g, enum problem_sev sev, const char *code, int64_t off,
                       const char *fmt, va_list ap)
{
    char msg[512];

    vsnprintf(msg, sizeof msg, fmt, ap);
    return problem_add(&g->res.problems, sev, code, off, "%s", msg);
}

/* An error: the file is invalid; stop parsing.  0 or WA_ENOMEM. */
static int fail(struct gguf *g, const char *code, int64_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(struct gguf *g, const char *code, int64_t off, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = add_problem(g, SEV_ERROR, code, off, fmt, ap);
    va_end(ap);
    g->state = S_STOPPED;
    return rc;
}

static int note(struct gguf *g, enum problem_sev sev, const char *code, int64_t off,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int note(struct gguf *g, enum problem_sev sev, const char *code, int64_t off,
                const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = add_problem(g, sev, code, off, fmt, ap);
    va_end(ap);
    return rc;
}

/* Start gathering a fixed-size field. */
static void expect(struct gguf *g, enum g_state s, unsigned size, const char *what)
{
    g->state = s;
    g->need = size;
    g->have = 0;
    g->field_pos = g->pos;
    g->what = what;
}

/* Make room for k more bytes in an arena (k already checked against a cap). */
static int reserve(char **buf, size_t *cap, size_t len, size_t k)
{
    size_t c = *cap ? *cap : 256;
    char *b;

    if (len + k <= *cap)
        return 0;
    while (c < len + k)
        c *= 2;
    b = realloc(*buf, c);
    if (!b)
        return WA_ENOMEM;
    *buf = b;
    *cap = c;
    return 0;
}

static const char *key_of(const struct gguf *g, const struct g_kv *kv)
{
    return g->keys + kv->key_off;
}

static int key_is(const struct gguf *g, const struct g_kv *kv, const char *s)
{
    size_t n = strlen(s);

    return kv->key_len == n && memcmp(key_of(g, kv), s, n) == 0;
}

static uint64_t align_up(uint64_t v, uint32_t a)
{
    uint64_t r = v % a;

    return r ? v + (a - r) : v;
}

/* ---- metadata ---------------------------------------------------------- */

static int begin_tensor_infos(struct gguf *g);

static int next_kv(struct gguf *g)
{
    if (g->kv_n < g->n_kv) {
        expect(g, S_KEY_LEN, 8, "a metadata key");
        return 0;
    }
    return begin_tensor_infos(g);
}

static int begin_value(struct gguf *g, uint32_t type);

/* A value at the current depth is complete: move on to the next element of
 * the enclosing array, or close it, or finish the key/value. */
static int value_done(struct gguf *g)
{
    while (g->depth > 0) {
        struct g_frame *f = &g->stack[g->depth - 1];
        if (f->left > 0) {
            f->left--;
            return begin_value(g, f->etype);
        }
        g->depth--;
    }
    g->kv_n++;
    return next_kv(g);
}

static int keeping(const struct gguf *g)
{
    return g->depth == 0 && g->kv_n < g->kv_cap && g->kv[g->kv_n].kept;
}

static int begin_value(struct gguf *g, uint32_t type)
{
    if (type == VT_STRING) {
        expect(g, S_STR_LEN, 8, "a metadata string");
        return 0;
    }
    if (type == VT_ARRAY) {
        if (g->depth >= GGUF_MAX_DEPTH)
            return fail(g, "kv_invalid", (int64_t)g->pos,
                        "key \"%.*s\": arrays nested deeper than %d levels", (int)g->kv[g->kv_n].key_len,
                        key_of(g, &g->kv[g->kv_n]), GGUF_MAX_DEPTH);
        expect(g, S_ARR_TYPE, 4, "a metadata array");
        return 0;
    }
    expect(g, S_SCALAR, vt_size[type], "a metadata value");
    g->scalar_type = type;
    return 0;
}

/* The key/value record for key number kv_n (allocated as keys arrive). */
static int new_kv(struct gguf *g, struct g_kv **out)
{
    if (g->kv_n == g->kv_cap) {
        size_t cap = g->kv_cap ? g->kv_cap * 2 : 32;
        struct g_kv *v = realloc(g->kv, cap * sizeof *v);
        if (!v)
            return WA_ENOMEM;
        g->kv = v;
        g->kv_cap = cap;
    }
    *out = &g->kv[g->kv_n];
    memset(*out, 0, sizeof **out);
    return 0;
}

static int key_done(struct gguf *g)
{
    struct g_kv *kv = &g->kv[g->kv_n];
    const unsigned char *k = (const unsigned char *)key_of(g, kv);

    if (kv->key_len == 0)
        return fail(g, "kv_invalid", kv->key_pos, "metadata key %zu is empty", g->kv_n);
    /* the spec: a key is ASCII; a NUL would cut it short for ggml's C strings */
    for (uint32_t i = 0; i < kv->key_len; i++)
        if (k[i] == 0 || k[i] > 0x7f)
            return fail(g, "kv_invalid", kv->key_pos + 8 + (int64_t)i, "metadata key %zu is not ASCII%s (byte 0x%02x)",
                        g->kv_n, k[i] ? "" : " without NUL", k[i]);
    expect(g, S_VTYPE, 4, "a metadata value type");
    return 0;
}

/* ggml keeps a tensor name as a C string and compares names with strcmp:
 * "a\0b" would load as "a" (and be a duplicate of "a\0c"), so a NUL in a
 * name is refused. */
static int tensor_name_done(struct gguf *g)
{
    const struct g_tensor *t = &g->tv[g->tn];
    const char *name = g->names + t->name_off;
    const char *nul = memchr(name, '\0', t->name_len);

    if (nul)
        return fail(g, "name_invalid", t->info_pos + 8 + (int64_t)(nul - name),
                    "tensor name %zu holds a NUL byte at position %d (ggml reads it as \"%.*s\")", g->tn,
                    (int)(nul - name), (int)(nul - name), name);
    expect(g, S_TI_NDIMS, 4, "a tensor's dimension count");
    return 0;
}

struct name_ref {
    const char *p;
    size_t len;
    int64_t pos;
};

static int cmp_name(const void *a, const void *b)
{
    const struct name_ref *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int r = memcmp(x->p, y->p, n);

    if (r)
        return r;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* First name given twice, by the file offset of its second occurrence.
 * *dup = index into refs of that occurrence, or -1. */
static int find_duplicate(struct name_ref *refs, size_t n, int64_t *dup_pos, size_t *dup_i)
{
    *dup_pos = -1;
    qsort(refs, n, sizeof *refs, cmp_name);
    for (size_t i = 1; i < n; i++) {
        if (refs[i].len == refs[i - 1].len && memcmp(refs[i].p, refs[i - 1].p, refs[i].len) == 0 &&
            (*dup_pos < 0 || refs[i].pos < *dup_pos)) {
            *dup_pos = refs[i].pos;
            *dup_i = i;
        }
    }
    return 0;
}

/* Every key has arrived: duplicates, then general.alignment. */
static int kvs_complete(struct gguf *g)
{
    if (g->kv_n > 1) {
        struct name_ref *refs = malloc(g->kv_n * sizeof *refs);
        int64_t dup;
        size_t di = 0;
        if (!refs)
            return WA_ENOMEM;
        for (size_t i = 0; i < g->kv_n; i++) {
            refs[i].p = key_of(g, &g->kv[i]);
            refs[i].len = g->kv[i].key_len;
            refs[i].pos = g->kv[i].key_pos;
        }
        find_duplicate(refs, g->kv_n, &dup, &di);
        if (dup >= 0) {
            int rc = fail(g, "duplicate_key", dup, "metadata key \"%.*s\" is given twice",
                          (int)(refs[di].len > 200 ? 200 : refs[di].len), refs[di].p);
            free(refs);
            return rc;
        }
        free(refs);
    }
    g->alignment = GGUF_DEFAULT_ALIGNMENT;
    for (size_t i = 0; i < g->kv_n; i++) {
        struct g_kv *kv = &g->kv[i];
        if (!key_is(g, kv, "general.alignment"))
            continue;
        g->alignment_pos = kv->key_pos;
        if (kv->type != VT_UINT32)
            return fail(g, "alignment_invalid", kv->key_pos,
                        "general.alignment must be a uint32, not %s", vt_name[kv->type]);
        if (kv->v.u == 0 || (kv->v.u & (kv->v.u - 1)) != 0)
            return fail(g, "alignment_invalid", kv->key_pos,
                        "general.alignment %llu is not a power of two", (unsigned long long)kv->v.u);
        g->alignment = (uint32_t)kv->v.u;
    }
    return 0;
}

/* ---- tensor infos ------------------------------------------------------- */

static int header_complete(struct gguf *g);

static int begin_tensor_infos(struct gguf *g)
{
    int rc = kvs_complete(g);

    if (rc || g->state == S_STOPPED)
        return rc;
    if (g->n_tensors == 0)
        return header_complete(g);
    expect(g, S_TI_NAME_LEN, 8, "a tensor info");
    return 0;
}

static int new_tensor(struct gguf *g, struct g_tensor **out)
{
    if (g->tn == g->tcap) {
        size_t cap = g->tcap ? g->tcap * 2 : 32;
        struct g_tensor *v = realloc(g->tv, cap * sizeof *v);
        if (!v)
            return WA_ENOMEM;
        g->tv = v;
        g->tcap = cap;
    }
    *out = &g->tv[g->tn];
    memset(*out, 0, sizeof **out);
    (*out)->index = g->tn;
    return 0;
}

#define TNAME(g, t) (int)(t)->name_len, (g)->names + (t)->name_off

/* Dimensions and type known: element count, block rule, byte size. */
static int tensor_type_done(struct gguf *g, struct g_tensor *t, uint32_t type)
{
    uint32_t block, size;
    uint64_t ne = 1;
    const char *tname;

    if (gguf_type_info(type, &tname, &block, &size))
        return fail(g, "type_unknown", (int64_t)g->field_pos,
                    "tensor \"%.*s\": ggml type %u is unknown or no longer supported", TNAME(g, t), type);
    t->type = type;
    for (uint32_t i = 0; i < g->ndims; i++) {
        if (g->dims[i] != 0 && ne > (uint64_t)INT64_MAX / g->dims[i])
            return fail(g, "overflow", t->info_pos,
                        "tensor \"%.*s\": the element count overflows 63 bits", TNAME(g, t));
        ne *= g->dims[i];
    }
    if (g->dims[0] % block)
        return fail(g, "block_size_mismatch", (int64_t)g->field_pos,
                    "tensor \"%.*s\": %llu elements per row is not a multiple of the %s block size %u",
                    TNAME(g, t), (unsigned long long)g->dims[0], tname, block);
    if (ne / block > (uint64_t)INT64_MAX / size)
        return fail(g, "overflow", t->info_pos, "tensor \"%.*s\": the byte size overflows 63 bits",
                    TNAME(g, t));
    t->nelements = ne;
    t->nbytes = ne / block * size;
    expect(g, S_TI_OFFSET, 8, "a tensor offset");
    return 0;
}

static int cmp_offset(const void *a, const void *b)
{
    const struct g_tensor *x = a, *y = b;

    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    if (x->nbytes != y->nbytes)
        return x->nbytes < y->nbytes ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int cmp_index(const void *a, const void *b)
{
    const struct g_tensor *x = a, *y = b;

    return x->index < y->index ? -1 : x->index > y->index;
}

/* Every tensor info has arrived: names, overlaps, layout. */
static int header_complete(struct gguf *g)
{
    int rc = 0;

    g->header_end = g->pos;
    g->data_start = g->n_tensors ? align_up(g->pos, g->alignment) : g->pos;
    if (g->tn > 1) {
        struct name_ref *refs = malloc(g->tn * sizeof *refs);
        int64_t dup;
        size_t di = 0;
        if (!refs)
            return WA_ENOMEM;
        for (size_t i = 0; i < g->tn; i++) {
            refs[i].p = g->names + g->tv[i].name_off;
            refs[i].len = g->tv[i].name_len;
            refs[i].pos = g->tv[i].info_pos;
        }
        find_duplicate(refs, g->tn, &dup, &di);
        if (dup >= 0)
            rc = fail(g, "duplicate_tensor", dup, "tensor name \"%.*s\" is given twice",
                      (int)refs[di].len, refs[di].p);
        free(refs);
        if (rc || g->state == S_STOPPED)
            return rc;
    }

    /* ggml's loader wants the infos' order, each tensor padded to the
     * alignment and nothing else between them; other readers accept any
     * non-overlapping layout, so a difference is only flagged. */
    uint64_t expect_off = 0;
    int canonical = 1;
    for (size_t i = 0; i < g->tn && canonical; i++) {
        struct g_tensor *t = &g->tv[i];
        if (t->offset != expect_off || t->nbytes > UINT64_MAX - g->alignment)
            canonical = 0;
        else
            expect_off += align_up(t->nbytes, g->alignment);
    }

    if (g->tn > 1)
        qsort(g->tv, g->tn, sizeof *g->tv, cmp_offset);
    uint64_t end = 0;
    int64_t end_pos = -1;
    for (size_t i = 0; i < g->tn; i++) {
        struct g_tensor *t = &g->tv[i];
        if (t->offset > UINT64_MAX - t->nbytes || t->offset + t->nbytes > UINT64_MAX - g->data_start) {
            rc = fail(g, "overflow", t->off_pos, "tensor \"%.*s\": offset %llu + size %llu overflows",
                      TNAME(g, t), (unsigned long long)t->offset, (unsigned long long)t->nbytes);
            break;
        }
        if (i > 0 && t->offset < end && t->nbytes > 0) {
            const struct g_tensor *p = NULL;
            for (size_t j = i; j-- > 0;)
                if (g->tv[j].offset + g->tv[j].nbytes > t->offset && g->tv[j].nbytes > 0) {
                    p = &g->tv[j];
                    break;
                }
            rc = fail(g, "tensor_overlap", t->off_pos,
                      "tensor \"%.*s\" (bytes %llu..%llu of the data section) overlaps tensor \"%.*s\"",
                      TNAME(g, t), (unsigned long long)t->offset,
                      (unsigned long long)(t->offset + t->nbytes), p ? (int)p->name_len : 0,
                      p ? g->names + p->name_off : "");
            break;
        }
        if (t->offset + t->nbytes >= end) {
            end = t->offset + t->nbytes;
            end_pos = t->off_pos;
        }
    }
    if (g->tn > 1)
        qsort(g->tv, g->tn, sizeof *g->tv, cmp_index);
    if (rc || g->state == S_STOPPED)
        return rc;
    g->data_end = end;
    g->data_end_pos = end_pos;
    if (!canonical &&
        (rc = note(g, SEV_REVIEW, "layout_noncanonical", (int64_t)g->header_end,
                   "tensor data is not laid out in tensor-info order with only alignment padding "
                   "between tensors (ggml's loader refuses such a file; the gaps can hide bytes)")))
        return rc;
    g->header_ok = 1;
    g->state = S_DATA;
    return 0;
}

/* ---- fixed-size fields -------------------------------------------------- */

static int field_done(struct gguf *g)
{
    uint64_t v = le(g->fbuf, g->need);
    int64_t at = (int64_t)g->field_pos;

    switch (g->state) {
    case S_MAGIC:
        if (memcmp(g->fbuf, "GGUF", 4) != 0)
            return fail(g, "bad_magic", 0, "the file does not start with the GGUF magic");
        expect(g, S_VERSION, 4, "the version");
        return 0;
    case S_VERSION:
        g->version = (uint32_t)v;
        if (v == 1)
            return fail(g, "version_unsupported", at, "GGUF version 1 (32-bit counts) is no longer supported");
        if (v != 0 && (v & 0xffff) == 0)
            return fail(g, "version_unsupported", at,
                        "GGUF version 0x%08llx: a big-endian file, or not a GGUF file", (unsigned long long)v);
        if (v != 2 && v != 3)
            return fail(g, "version_unsupported", at, "GGUF version %llu is not supported (2 and 3 are)",
                        (unsigned long long)v);
        expect(g, S_NTENSORS, 8, "the tensor count");
        return 0;
    case S_NTENSORS:
        if (v > GGUF_MAX_TENSORS)
            return fail(g, "count_too_large", at, "tensor count %llu exceeds the limit of %u",
                        (unsigned long long)v, GGUF_MAX_TENSORS);
        g->n_tensors = v;
        expect(g, S_NKV, 8, "the metadata count");
        return 0;
    case S_NKV:
        if (v > GGUF_MAX_KV)
            return fail(g, "count_too_large", at, "metadata count %llu exceeds the limit of %u",
                        (unsigned long long)v, GGUF_MAX_KV);
        g->n_kv = v;
        return next_kv(g);
    case S_KEY_LEN: {
        struct g_kv *kv;
        int rc;
        if (v > GGUF_MAX_KEY_LEN)
            return fail(g, "string_too_long", at, "metadata key %zu is %llu bytes long (limit %u)",
                        g->kv_n, (unsigned long long)v, GGUF_MAX_KEY_LEN);
        if (g->keys_len + v > GGUF_MAX_KEY_BYTES)
            return fail(g, "count_too_large", at, "metadata keys exceed %u bytes in all", GGUF_MAX_KEY_BYTES);
        if ((rc = new_kv(g, &kv)) || (rc = reserve(&g->keys, &g->keys_cap, g->keys_len, (size_t)v + 1)))
            return rc;
        kv->key_off = g->keys_len;
        kv->key_len = (uint32_t)v;
        kv->key_pos = at;
        g->state = S_KEY;
        g->left = v;
        g->what = "a metadata key";
        if (v == 0)
            return key_done(g);
        return 0;
    }
    case S_VTYPE: {
        struct g_kv *kv = &g->kv[g->kv_n];
        if (v >= VT_COUNT)
            return fail(g, "kv_invalid", at, "key \"%.*s\": unknown value type %llu", (int)kv->key_len,
                        key_of(g, kv), (unsigned long long)v);
        kv->type = (uint32_t)v;
        /* general.* scalars and strings are kept for the facts (and
         * general.alignment always: the layout depends on it) */
        if (v != VT_ARRAY && kv->key_len > 8 && memcmp(key_of(g, kv), "general.", 8) == 0 &&
            (g->kept_n < GGUF_MAX_FACTS || key_is(g, kv, "general.alignment"))) {
            kv->kept = 1;
            g->kept_n++;
        }
        g->depth = 0;
        return begin_value(g, (uint32_t)v);
    }
    case S_ARR_TYPE:
        if (v >= VT_COUNT)
            return fail(g, "kv_invalid", at, "key \"%.*s\": unknown array element type %llu",
                        (int)g->kv[g->kv_n].key_len, key_of(g, &g->kv[g->kv_n]), (unsigned long long)v);
        g->stack[g->depth].etype = (uint32_t)v;
        expect(g, S_ARR_LEN, 8, "a metadata array length");
        return 0;
    case S_ARR_LEN: {
        uint32_t et = g->stack[g->depth].etype;
        if (v > GGUF_MAX_ARRAY)
            return fail(g, "count_too_large", at, "key \"%.*s\": array of %llu elements exceeds the limit of %llu",
                        (int)g->kv[g->kv_n].key_len, key_of(g, &g->kv[g->kv_n]), (unsigned long long)v,
                        (unsigned long long)GGUF_MAX_ARRAY);
        g->stack[g->depth].left = v;
        g->depth++;
        if (et != VT_STRING && et != VT_ARRAY) {
            /* scalars: skipped by counting (bools each checked); the
             * frame, with nothing left, closes in value_done */
            g->stack[g->depth - 1].left = 0;
            g->left = v * vt_size[et];
            g->state = et == VT_BOOL ? S_BOOLS : S_SKIP;
            g->what = "a metadata array";
            if (g->left == 0)
                return value_done(g);
            return 0;
        }
        return value_done(g);
    }
    case S_SCALAR: {
        struct g_kv *kv = &g->kv[g->kv_n];
        uint32_t type = g->scalar_type;
        if (type == VT_BOOL && v > 1)
            return fail(g, "kv_invalid", at, "key \"%.*s\": bool value %llu is neither 0 nor 1",
                        (int)kv->key_len, key_of(g, kv), (unsigned long long)v);
        if (keeping(g)) {
            switch (type) {
            case VT_INT8: kv->v.i = (int8_t)v; break;
            case VT_INT16: kv->v.i = (int16_t)v; break;
            case VT_INT32: kv->v.i = (int32_t)v; break;
            case VT_INT64: kv->v.i = (int64_t)v; break;
            case VT_FLOAT32: { uint32_t u = (uint32_t)v; float f; memcpy(&f, &u, 4); kv->v.f = f; break; }
            case VT_FLOAT64: memcpy(&kv->v.f, &v, 8); break;
            default: kv->v.u = v; break;
            }
        }
        return value_done(g);
    }
    case S_STR_LEN:
        if (v > GGUF_MAX_STRING)
            return fail(g, "string_too_long", at, "key \"%.*s\": string of %llu bytes exceeds the limit of %llu",
                        (int)g->kv[g->kv_n].key_len, key_of(g, &g->kv[g->kv_n]), (unsigned long long)v,
                        (unsigned long long)GGUF_MAX_STRING);
        g->str_pos = g->pos;
        g->left = v;
        g->what = "a metadata string";
        if (keeping(g)) {
            struct g_kv *kv = &g->kv[g->kv_n];
            size_t keep = v > GGUF_MAX_FACT_STRING ? 0 : (size_t)v;
            int rc = reserve(&g->strs, &g->strs_cap, g->strs_len, keep + 1);
            if (rc)
                return rc;
            kv->str_off = g->strs_len;
            kv->str_len = 0;
            kv->str_cut = v > GGUF_MAX_FACT_STRING;
            g->state = kv->str_cut ? S_SKIP : S_STR_KEEP;
        } else {
            g->state = S_SKIP;
        }
        if (v == 0)
            return value_done(g);
        return 0;
    case S_TI_NAME_LEN: {
        struct g_tensor *t;
        int rc;
        if (v > GGUF_MAX_NAME)
            return fail(g, "string_too_long", at, "tensor name %zu is %llu bytes long (ggml's limit is %u)",
                        g->tn, (unsigned long long)v, GGUF_MAX_NAME);
        if ((rc = new_tensor(g, &t)) || (rc = reserve(&g->names, &g->names_cap, g->names_len, (size_t)v + 1)))
            return rc;
        t->name_off = g->names_len;
        t->name_len = (uint32_t)v;
        t->info_pos = at;
        g->state = S_TI_NAME;
        g->left = v;
        g->what = "a tensor name";
        if (v == 0)
            expect(g, S_TI_NDIMS, 4, "a tensor's dimension count");
        return 0;
    }
    case S_TI_NDIMS: {
        struct g_tensor *t = &g->tv[g->tn];
        /* ggml refuses only more than GGML_MAX_DIMS and fills the missing
         * dimensions with 1: no dimensions at all is a scalar of one element */
        if (v > GGUF_MAX_DIMS)
            return fail(g, "dims_invalid", at, "tensor \"%.*s\": %llu dimensions (0 to %u allowed)",
                        TNAME(g, t), (unsigned long long)v, GGUF_MAX_DIMS);
        g->ndims = (uint32_t)v;
        g->dim_i = 0;
        for (uint32_t i = 0; i < GGUF_MAX_DIMS; i++)
            g->dims[i] = 1;
        if (v == 0)
            expect(g, S_TI_TYPE, 4, "a tensor type");
        else
            expect(g, S_TI_DIM, 8, "a tensor dimension");
        return 0;
    }
    case S_TI_DIM: {
        struct g_tensor *t = &g->tv[g->tn];
        if (v > (uint64_t)INT64_MAX)
            return fail(g, "dims_invalid", at, "tensor \"%.*s\": dimension %u is negative (%lld)",
                        TNAME(g, t), g->dim_i, (long long)v);
        g->dims[g->dim_i++] = v;
        if (g->dim_i < g->ndims)
            expect(g, S_TI_DIM, 8, "a tensor dimension");
        else
            expect(g, S_TI_TYPE, 4, "a tensor type");
        return 0;
    }
    case S_TI_TYPE:
        return tensor_type_done(g, &g->tv[g->tn], (uint32_t)v);
    case S_TI_OFFSET: {
        struct g_tensor *t = &g->tv[g->tn];
        t->offset = v;
        t->off_pos = at;
        if (v % g->alignment)
            return fail(g, "offset_misaligned", at,
                        "tensor \"%.*s\": offset %llu is not a multiple of the alignment %u",
                        TNAME(g, t), (unsigned long long)v, g->alignment);
        g->tn++;
        if (g->tn < g->n_tensors) {
            expect(g, S_TI_NAME_LEN, 8, "a tensor info");
            return 0;
        }
        return header_complete(g);
    }
    default:
        return 0;
    }
}

/* ---- the push interface ----------------------------------------------- */

int gguf_new(struct gguf **out)
{
    struct gguf *g = calloc(1, sizeof *g);

    *out = g;
    if (!g)
        return WA_ENOMEM;
    fmt_result_init(&g->res);
    g->res.format = FORMAT_GGUF;
    g->alignment = GGUF_DEFAULT_ALIGNMENT;
    g->alignment_pos = -1;
    expect(g, S_MAGIC, 4, "the magic");
    return WA_OK;
}

void gguf_free(struct gguf *g)
{
    if (!g)
        return;
    free(g->kv);
    free(g->keys);
    free(g->strs);
    free(g->tv);
    free(g->names);
    fmt_result_free(&g->res);
    free(g);
}

int gguf_feed(struct gguf *g, const uint8_t *p, size_t n)
{
    int rc = 0;

    while (n && !rc) {
        size_t k;
        switch (g->state) {
        case S_DATA:
        case S_STOPPED:
            g->pos += n;
            return WA_OK;
        case S_KEY:
        case S_TI_NAME:
        case S_STR_KEEP: {
            k = g->left < n ? (size_t)g->left : n;
            if (g->state == S_KEY) {
                memcpy(g->keys + g->keys_len, p, k);
                g->keys_len += k;
            } else if (g->state == S_TI_NAME) {
                memcpy(g->names + g->names_len, p, k);
                g->names_len += k;
            } else {
                memcpy(g->strs + g->strs_len, p, k);
                g->strs_len += k;
                g->kv[g->kv_n].str_len += k;
            }
            p += k;
            n -= k;
            g->pos += k;
            g->left -= k;
            if (g->left)
                break;
            if (g->state == S_KEY) {
                rc = key_done(g);
            } else if (g->state == S_TI_NAME) {
                rc = tensor_name_done(g);
            } else {
                rc = value_done(g);
            }
            break;
        }
        case S_SKIP:
            k = g->left < n ? (size_t)g->left : n;
            p += k;
            n -= k;
            g->pos += k;
            g->left -= k;
            if (!g->left)
                rc = value_done(g);
            break;
        case S_BOOLS: {
            size_t i;
            k = g->left < n ? (size_t)g->left : n;
            for (i = 0; i < k && p[i] <= 1; i++)
                ;
            p += i;
            n -= i;
            g->pos += i;
            g->left -= i;
            if (i < k) {
                struct g_kv *kv = &g->kv[g->kv_n];
                rc = fail(g, "kv_invalid", (int64_t)g->pos, "key \"%.*s\": bool value %u is neither 0 nor 1",
                          (int)kv->key_len, key_of(g, kv), p[0]);
            } else if (!g->left) {
                rc = value_done(g);
            }
            break;
        }
        default:
            k = g->need - g->have < n ? g->need - g->have : n;
            memcpy(g->fbuf + g->have, p, k);
            g->have += (unsigned)k;
            p += k;
            n -= k;
            g->pos += k;
            if (g->have == g->need)
                rc = field_done(g);
            break;
        }
    }
    return rc;
}

int gguf_wants_rest(const struct gguf *g)
{
    return g->state != S_DATA && g->state != S_STOPPED;
}

int gguf_skip(struct gguf *g, uint64_t n)
{
    if (gguf_wants_rest(g))
        return WA_EUSAGE;
    g->pos += n;
    return WA_OK;
}

/* ---- facts ------------------------------------------------------------- */

static cJSON *kv_value(const struct g_kv *kv)
{
    switch (kv->type) {
    case VT_STRING:
        if (kv->str_cut)
            return cJSON_CreateNull();
        return NULL;   /* strings are added by the caller, sanitised */
    case VT_BOOL:
        return cJSON_CreateBool(kv->v.u != 0);
    case VT_INT8: case VT_INT16: case VT_INT32: case VT_INT64:
        return cJSON_CreateNumber((double)kv->v.i);
    case VT_FLOAT32: case VT_FLOAT64:
        return cJSON_CreateNumber(kv->v.f);
    default:
        return cJSON_CreateNumber((double)kv->v.u);
    }
}

static const struct g_kv *find_kv(const struct gguf *g, const char *key)
{
    for (size_t i = 0; i < g->kv_n; i++)
        if (g->kv[i].kept && key_is(g, &g->kv[i], key))
            return &g->kv[i];
    return NULL;
}

static int kv_uint(const struct gguf *g, const char *key, uint64_t *out)
{
    const struct g_kv *kv = find_kv(g, key);

    if (!kv || kv->type == VT_STRING || kv->type == VT_FLOAT32 || kv->type == VT_FLOAT64 ||
        kv->type == VT_BOOL)
        return -1;
    if ((kv->type == VT_INT8 || kv->type == VT_INT16 || kv->type == VT_INT32 || kv->type == VT_INT64) &&
        kv->v.i < 0)
        return -1;
    *out = kv->v.u;
    return 0;
}

/* Add the kept value of key (string, number or bool) to obj as name. */
static void add_kv_to(cJSON *obj, const char *name, const struct gguf *g, const struct g_kv *kv)
{
    if (kv->type == VT_STRING && !kv->str_cut)
        jsonout_add_strn(obj, name, g->strs + kv->str_off, kv->str_len);
    else
        cJSON_AddItemToObject(obj, name, kv_value(kv));
}

static int build_facts(struct gguf *g)
{
    cJSON *facts = cJSON_CreateObject(), *dt, *md, *gf, *bm;
    uint64_t bytes_by_type[N_GGML_TYPES] = { 0 };
    size_t count_by_type[N_GGML_TYPES] = { 0 };
    uint64_t u;
    char key[64];
    int dominant = -1;

    if (!facts)
        return WA_ENOMEM;
    for (size_t i = 0; i < g->tn; i++) {
        count_by_type[g->tv[i].type]++;
        bytes_by_type[g->tv[i].type] += g->tv[i].nbytes;
    }
    dt = cJSON_AddObjectToObject(facts, "dtypes");
    /* alphabetical, so output is stable */
    for (;;) {
        int best = -1;
        for (size_t i = 0; i < N_GGML_TYPES; i++)
            if (count_by_type[i] && (best < 0 || strcmp(ggml_types[i].name, ggml_types[best].name) < 0))
                best = (int)i;
        if (best < 0)
            break;
        cJSON_AddNumberToObject(dt, ggml_types[best].name, (double)count_by_type[best]);
        if (dominant < 0 || bytes_by_type[best] > bytes_by_type[dominant] ||
            (bytes_by_type[best] == bytes_by_type[dominant] && best < dominant))
            dominant = best;
        count_by_type[best] = 0;
    }

    /* every kept general.* value, sorted by key */
    md = cJSON_AddObjectToObject(facts, "metadata");
    {
        const struct g_kv **kept = malloc((g->kept_n + 1) * sizeof *kept);
        size_t kn = 0;
        if (!kept) {
            cJSON_Delete(facts);
            return WA_ENOMEM;
        }
        for (size_t i = 0; i < g->kv_n; i++)
            if (g->kv[i].kept)
                kept[kn++] = &g->kv[i];
        for (size_t i = 1; i < kn; i++)   /* insertion sort: at most GGUF_MAX_FACTS */
            for (size_t j = i; j > 0; j--) {
                const struct g_kv *a = kept[j - 1], *b = kept[j];
                size_t m = a->key_len < b->key_len ? a->key_len : b->key_len;
                int r = memcmp(key_of(g, a), key_of(g, b), m);
                if (r < 0 || (r == 0 && a->key_len <= b->key_len))
                    break;
                kept[j - 1] = b;
                kept[j] = a;
            }
        for (size_t i = 0; i < kn; i++) {
            char *k = strndup(key_of(g, kept[i]), kept[i]->key_len);
            if (!k) {
                free(kept);
                cJSON_Delete(facts);
                return WA_ENOMEM;
            }
            add_kv_to(md, k, g, kept[i]);
            free(k);
        }
        free(kept);
    }

    gf = cJSON_AddObjectToObject(facts, "gguf");
    cJSON_AddNumberToObject(gf, "version", g->version);
    cJSON_AddNumberToObject(gf, "tensor_count", (double)g->n_tensors);
    cJSON_AddNumberToObject(gf, "kv_count", (double)g->n_kv);
    cJSON_AddNumberToObject(gf, "alignment", g->alignment);
    cJSON_AddNumberToObject(gf, "data_offset", (double)g->data_start);
    {
        uint64_t end = align_up(g->data_start + g->data_end, g->alignment);
        jsonout_add_int(gf, "trailing_bytes", g->pos > end ? (int64_t)(g->pos - end) : 0);
    }
    {
        const struct g_kv *a = find_kv(g, "general.architecture");
        if (a && a->type == VT_STRING && !a->str_cut)
            jsonout_add_strn(gf, "architecture", g->strs + a->str_off, a->str_len);
        else
            cJSON_AddNullToObject(gf, "architecture");
    }
    if (kv_uint(g, "general.file_type", &u) == 0) {
        cJSON_AddNumberToObject(gf, "file_type", (double)u);
        jsonout_add_str(gf, "file_type_name",
                        u < sizeof file_types / sizeof file_types[0] ? file_types[u] : NULL);
    } else {
        cJSON_AddNullToObject(gf, "file_type");
        cJSON_AddNullToObject(gf, "file_type_name");
    }
    if (kv_uint(g, "general.quantization_version", &u) == 0)
        cJSON_AddNumberToObject(gf, "quantization_version", (double)u);
    else
        cJSON_AddNullToObject(gf, "quantization_version");
    jsonout_add_str(gf, "dominant_type", dominant >= 0 ? ggml_types[dominant].name : NULL);

    /* general.base_model.N.* as a list */
    bm = cJSON_AddArrayToObject(gf, "base_models");
    {
        uint64_t count = 0;
        if (kv_uint(g, "general.base_model.count", &count) != 0) {
            count = 0;
            for (unsigned i = 0; i < GGUF_MAX_BASE_MODELS; i++) {
                static const char *const f[] = { "name", "organization", "repo_url", "version" };
                for (size_t j = 0; j < 4; j++) {
                    snprintf(key, sizeof key, "general.base_model.%u.%s", i, f[j]);
                    if (find_kv(g, key))
                        count = i + 1;
                }
            }
        }
        if (count > GGUF_MAX_BASE_MODELS)
            count = GGUF_MAX_BASE_MODELS;
        for (unsigned i = 0; i < count; i++) {
            static const char *const f[] = { "name", "organization", "repo_url", "version", "author", "url" };
            cJSON *o = cJSON_CreateObject();
            for (size_t j = 0; j < sizeof f / sizeof f[0]; j++) {
                const struct g_kv *kv;
                snprintf(key, sizeof key, "general.base_model.%u.%s", i, f[j]);
                kv = find_kv(g, key);
                if (kv)
                    add_kv_to(o, f[j], g, kv);
                else
                    cJSON_AddNullToObject(o, f[j]);
            }
            cJSON_AddItemToArray(bm, o);
        }
    }
    cJSON_Delete(g->res.facts);
    g->res.facts = facts;
    return 0;
}

static int export_tensors(struct gguf *g)
{
    uint64_t params = 0;
    int over = 0;

    for (size_t i = 0; i < g->tn; i++) {
        struct g_tensor *t = &g->tv[i];
        int rc = fmt_result_add_tensor(&g->res, g->names + t->name_off, t->name_len, t->nbytes,
                                       t->nelements, ggml_types[t->type].name);
        if (rc)
            return rc;
        if (params > UINT64_MAX - t->nelements)
            over = 1;
        else
            params += t->nelements;
    }
    g->res.tensors = (int64_t)g->tn;
    g->res.parameters = over || params > INT64_MAX ? -1 : (int64_t)params;
    return 0;
}

int gguf_finish(struct gguf *g, struct fmt_result *res)
{
    int rc = 0;

    if (g->state != S_DATA && g->state != S_STOPPED) {
        if (g->state == S_MAGIC)
            rc = fail(g, "bad_magic", 0, "a file of %llu bytes is too short for the GGUF magic",
                      (unsigned long long)g->pos);
        else
            rc = fail(g, "truncated", (int64_t)g->pos, "the file ends (%llu bytes) inside %s",
                      (unsigned long long)g->pos, g->what);
    } else if (g->header_ok) {
        uint64_t need = g->data_start + g->data_end;
        uint64_t padded = align_up(need, g->alignment);
        g->res.header_size = g->data_start;
        if (g->pos < need) {
            const struct g_tensor *t = NULL;
            for (size_t i = 0; i < g->tn; i++)
                if (g->data_start + g->tv[i].offset + g->tv[i].nbytes > g->pos) {
                    t = &g->tv[i];
                    break;
                }
            rc = note(g, SEV_ERROR, "tensor_out_of_bounds", t ? t->off_pos : g->data_end_pos,
                      "tensor \"%.*s\" ends at byte %llu but the file has %llu bytes", t ? (int)t->name_len : 0,
                      t ? g->names + t->name_off : "", t ? (unsigned long long)(g->data_start + t->offset + t->nbytes)
                                                     : (unsigned long long)need,
                      (unsigned long long)g->pos);
        } else if (g->tn > 0 && g->pos < padded) {
            /* ggml sizes the data section as the sum of GGML_PAD(nbytes,
             * alignment) over all tensors, the last included, and reads it
             * whole: a file that stops before the last tensor's padding
             * does not load */
            const struct g_tensor *t = NULL;
            for (size_t i = 0; i < g->tn; i++)
                if (g->tv[i].offset + g->tv[i].nbytes == g->data_end && (!t || g->tv[i].nbytes > 0))
                    t = &g->tv[i];
            rc = note(g, SEV_ERROR, "tensor_out_of_bounds", (int64_t)padded,
                      "the file ends at byte %llu, inside the padding of tensor \"%.*s\" to the alignment %u "
                      "(ggml reads the data section up to byte %llu)",
                      (unsigned long long)g->pos, t ? (int)t->name_len : 0, t ? g->names + t->name_off : "",
                      g->alignment, (unsigned long long)padded);
        } else if (g->pos > padded) {
            rc = note(g, SEV_REVIEW, "trailing_data", (int64_t)padded,
                      "%llu bytes follow the last tensor's data (and its alignment padding)",
                      (unsigned long long)(g->pos - padded));
        }
        if (!rc)
            rc = export_tensors(g);
        if (!rc)
            rc = build_facts(g);
    }
    if (rc)
        return rc;
    g->res.valid = problem_worst(&g->res.problems) < SEV_ERROR;
    fmt_result_free(res);
    *res = g->res;
    fmt_result_init(&g->res);
    return WA_OK;
}

/* ---- table entry ------------------------------------------------------- */

static int g_sniff(const uint8_t *head, size_t n, const char *filename)
{
    size_t len = filename ? strlen(filename) : 0;

    if (n >= 4 && memcmp(head, "GGUF", 4) == 0)
        return 100;
    return len >= 5 && strcmp(filename + len - 5, ".gguf") == 0 ? 50 : 0;
}

FMT_PUSH_OPS(fmt_gguf, gguf, gguf, "gguf", FORMAT_GGUF, g_sniff);
