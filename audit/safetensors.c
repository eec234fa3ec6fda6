/*
 * safetensors.c - streaming safetensors validator (see safetensors.h).
 *
 * Three states: the 8 length bytes, the header (gathered into a buffer that
 * grows with the bytes actually received, never with the declared length),
 * then the tensor data, which is only counted.  The header is checked in the
 * reference's order: UTF-8, JSON syntax, the shape of every entry, then
 * (ours) duplicate names, then the byte ranges in offset order.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "err.h"
#include "jsonlex.h"
#include "safetensors.h"
#include "utf8.h"

enum st_state { ST_LEN, ST_HEADER, ST_DATA, ST_STOPPED };

struct st_tensor {
    size_t name_off, name_len;    /* decoded name in st->names */
    size_t key_pos;               /* header offset of the key's opening quote */
    int dtype;                    /* index into dtypes[] */
    uint64_t nelements;
    int overflow;                 /* shape product overflowed 64 bits */
    uint64_t begin, end;          /* data_offsets */
};

struct safetensors {
    enum st_state state;
    uint8_t lenbuf[8];
    size_t lenhave;
    uint64_t n;                   /* declared header length */
    char *hdr;                    /* header bytes received so far */
    size_t hdr_have, hdr_cap;
    uint64_t total;               /* bytes fed or skipped */
    int header_ok;                /* header parsed and ranges valid */
    uint64_t data_len;            /* tensor data length the header implies */
    char *names;                  /* decoded keys, capacity = header length */
    size_t names_len;
    char *values;                 /* decoded __metadata__ values */
    size_t values_len;
    struct st_tensor *tv;
    size_t tn, tcap;
    struct fmt_result res;
};

static const struct {
    const char *name;
    unsigned bits;
} dtypes[] = {
    { "BOOL", 8 }, { "F4", 4 }, { "F6_E2M3", 6 }, { "F6_E3M2", 6 },
    { "U8", 8 }, { "I8", 8 }, { "F8_E5M2", 8 }, { "F8_E4M3", 8 },
    { "F8_E8M0", 8 }, { "F8_E4M3FNUZ", 8 }, { "F8_E5M2FNUZ", 8 },
    { "I16", 16 }, { "U16", 16 }, { "F16", 16 }, { "BF16", 16 },
    { "I32", 32 }, { "U32", 32 }, { "F32", 32 }, { "C64", 64 },
    { "F64", 64 }, { "I64", 64 }, { "U64", 64 },
};
#define N_DTYPES (sizeof dtypes / sizeof dtypes[0])

static int dtype_index(const char *name, size_t len)
{
    for (size_t i = 0; i < N_DTYPES; i++)
        if (strlen(dtypes[i].name) == len && memcmp(dtypes[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

unsigned safetensors_dtype_bits(const char *name, size_t len)
{
    int i = dtype_index(name, len);

    return i < 0 ? 0 : dtypes[i].bits;
}

int safetensors_new(struct safetensors **out)
{
    struct safetensors *st = calloc(1, sizeof *st);

    *out = st;
    if (!st)
        return WA_ENOMEM;
    fmt_result_init(&st->res);
    st->res.format = FORMAT_SAFETENSORS;
    return WA_OK;
}

void safetensors_free(struct safetensors *st)
{
    if (!st)
        return;
    free(st->hdr);
    free(st->names);
    free(st->values);
    free(st->tv);
    fmt_result_free(&st->res);
    free(st);
}

/* Problem at a header-relative position: the file offset is 8 + pos. */
static int hdr_problem(struct safetensors *st, const char *code, size_t pos, const char *msg,
                       const char *name, size_t name_len)
{
    int rc;

    if (name)
        rc = problem_add(&st->res.problems, SEV_ERROR, code, (int64_t)(8 + pos),
                         "tensor \"%.*s\": %s", (int)(name_len > 200 ? 200 : name_len), name, msg);
    else
        rc = problem_add(&st->res.problems, SEV_ERROR, code, (int64_t)(8 + pos), "%s", msg);
    return rc ? rc : -1;
}

/* ---- header schema ---------------------------------------------------- */

struct st_meta {
    const char *key, *val;        /* decoded, in the names / values arenas */
    size_t key_len, val_len;
    size_t key_pos;
};

struct hdr_parse {
    struct safetensors *st;
    struct jl c;
    int seen_metadata;            /* the key was present (null or object) */
    int has_metadata;             /* it was an object */
    struct st_meta *mv;
    size_t mn, mcap;
};

/* dtype: a string, or (as serde accepts for a unit variant) a one-key
 * object whose value is null; {"F32":{}} is refused, as serde refuses it. */
static int parse_dtype(struct hdr_parse *h, struct st_tensor *t, const char *tname, size_t tlen)
{
    struct jl *c = &h->c;
    size_t pos = c->pos, len;
    int ch = jl_peek(c);

    if (ch == '{') {
        c->pos++;
        pos = c->pos;
        if (jl_peek(c) != '"')
            return hdr_problem(h->st, "dtype_unknown", pos, "dtype is not a string", tname, tlen);
        {
            char *tmp = h->st->names + h->st->names_len;
            if (jl_string(c, tmp, &len))
                return hdr_problem(h->st, "header_not_json", c->err_pos, c->err, NULL, 0);
            t->dtype = dtype_index(tmp, len);
            if (t->dtype < 0)
                return hdr_problem(h->st, "dtype_unknown", pos, "unknown dtype", tname, tlen);
        }
        if (jl_expect(c, ':'))
            return hdr_problem(h->st, "header_not_json", c->err_pos, c->err, NULL, 0);
        ch = jl_peek(c);
        /* serde's unit variant takes only unit (null): {} is a value */
        if (ch == 'n') {
            int which;
            jl_literal(c, &which);
        } else {
            return hdr_problem(h->st, "dtype_unknown", c->pos, "dtype variant carries a value", tname, tlen);
        }
        if (jl_peek(c) != '}')
            return hdr_problem(h->st, "dtype_unknown", c->pos, "dtype object must have a single key", tname, tlen);
        c->pos++;
        return 0;
    }
    if (ch != '"')
        return hdr_problem(h->st, "dtype_unknown", pos, "dtype is not a string", tname, tlen);
    {
        char *tmp = h->st->names + h->st->names_len;
        if (jl_string(c, tmp, &len))
            return hdr_problem(h->st, "header_not_json", c->err_pos, c->err, NULL, 0);
        t->dtype = dtype_index(tmp, len);
    }
    if (t->dtype < 0)
        return hdr_problem(h->st, "dtype_unknown", pos, "unknown dtype", tname, tlen);
    return 0;
}

static int parse_shape(struct hdr_parse *h, struct st_tensor *t, const char *tname, size_t tlen)
{
    struct jl *c = &h->c;
    struct jl_num num;
    uint64_t prod = 1;

    t->overflow = 0;
    if (jl_peek(c) != '[')
        return hdr_problem(h->st, "shape_invalid", c->pos, "shape is not an array", tname, tlen);
    c->pos++;
    if (jl_peek(c) == ']') {
        c->pos++;
        t->nelements = 1;
        return 0;
    }
    for (;;) {
        size_t pos = c->pos;
        int ch = jl_peek(c);
        pos = c->pos;
        if (!(ch == '-' || (ch >= '0' && ch <= '9')) || jl_number(c, &num) || num.kind != JL_UINT)
            return hdr_problem(h->st, "shape_invalid", pos,
                               "shape holds something other than a non-negative integer", tname, tlen);
        /* the reference folds with checked_mul and stops at the first overflow */
        if (!t->overflow) {
            if (num.u != 0 && prod > UINT64_MAX / num.u)
                t->overflow = 1;
            else
                prod *= num.u;
        }
        ch = jl_peek(c);
        c->pos++;
        if (ch == ']')
            break;
    }
    t->nelements = t->overflow ? 0 : prod;
    return 0;
}

static int parse_offsets(struct hdr_parse *h, struct st_tensor *t, const char *tname, size_t tlen)
{
    struct jl *c = &h->c;
    struct jl_num num;
    uint64_t v[2];
    size_t start = c->pos;
    int k = 0;

    if (jl_peek(c) != '[')
        return hdr_problem(h->st, "offsets_invalid", c->pos, "data_offsets is not an array", tname, tlen);
    start = c->pos;
    c->pos++;
    if (jl_peek(c) != ']') {
        for (;;) {
            int ch = jl_peek(c);
            size_t pos = c->pos;
            if (k == 2)
                return hdr_problem(h->st, "offsets_invalid", pos,
                                   "data_offsets must hold exactly 2 integers", tname, tlen);
            if (!(ch == '-' || (ch >= '0' && ch <= '9')) || jl_number(c, &num) || num.kind != JL_UINT)
                return hdr_problem(h->st, "offsets_invalid", pos,
                                   "data_offsets holds something other than a non-negative integer",
                                   tname, tlen);
            v[k++] = num.u;
            ch = jl_peek(c);
            c->pos++;
            if (ch == ']')
                break;
        }
    } else {
        c->pos++;
    }
    if (k != 2)
        return hdr_problem(h->st, "offsets_invalid", start, "data_offsets must hold exactly 2 integers",
                           tname, tlen);
    t->begin = v[0];
    t->end = v[1];
    return 0;
}

/* A tensor entry: {"dtype":..,"shape":..,"data_offsets":..} (other keys
 * ignored, as serde does), or the sequence form [dtype, shape, offsets]
 * that serde's derived Deserialize also accepts. */
static int parse_tensor(struct hdr_parse *h, struct st_tensor *t, const char *tname, size_t tlen)
{
    struct jl *c = &h->c;
    size_t pos = c->pos;
    int ch = jl_peek(c);

    pos = c->pos;
    if (ch == '[') {
        c->pos++;
        if (jl_peek(c) == ']')
            return hdr_problem(h->st, "tensor_invalid", pos, "tensor entry is an empty array", tname, tlen);
        if (parse_dtype(h, t, tname, tlen))
            return -1;
        if (jl_peek(c) != ',')
            return hdr_problem(h->st, "tensor_invalid", pos, "tensor entry array must have 3 elements", tname, tlen);
        c->pos++;
        if (parse_shape(h, t, tname, tlen))
            return -1;
        if (jl_peek(c) != ',')
            return hdr_problem(h->st, "tensor_invalid", pos, "tensor entry array must have 3 elements", tname, tlen);
        c->pos++;
        if (parse_offsets(h, t, tname, tlen))
            return -1;
        if (jl_peek(c) != ']')
            return hdr_problem(h->st, "tensor_invalid", pos, "tensor entry array must have 3 elements", tname, tlen);
        c->pos++;
        return 0;
    }
    if (ch != '{')
        return hdr_problem(h->st, "tensor_invalid", pos, "tensor entry is not an object", tname, tlen);
    c->pos++;
    int have_dtype = 0, have_shape = 0, have_off = 0;
    if (jl_peek(c) == '}') {
        c->pos++;
    } else {
        char *tmp = h->st->names + h->st->names_len;
        for (;;) {
            size_t kpos = c->pos, klen;
            jl_peek(c);
            kpos = c->pos;
            jl_string(c, tmp, &klen);
            jl_expect(c, ':');
            int *seen = NULL;
            int which = 0;
            if (klen == 5 && memcmp(tmp, "dtype", 5) == 0)
                seen = &have_dtype, which = 1;
            else if (klen == 5 && memcmp(tmp, "shape", 5) == 0)
                seen = &have_shape, which = 2;
            else if (klen == 12 && memcmp(tmp, "data_offsets", 12) == 0)
                seen = &have_off, which = 3;
            if (seen && *seen)
                return hdr_problem(h->st, "tensor_invalid", kpos, "a field is given twice", tname, tlen);
            if (seen)
                *seen = 1;
            if (which == 1 && parse_dtype(h, t, tname, tlen))
                return -1;
            if (which == 2 && parse_shape(h, t, tname, tlen))
                return -1;
            if (which == 3 && parse_offsets(h, t, tname, tlen))
                return -1;
            if (which == 0 && jl_skip_value(c, 2))
                return hdr_problem(h->st, "header_not_json", c->err_pos, c->err, NULL, 0);
            ch = jl_peek(c);
            c->pos++;
            if (ch == '}')
                break;
        }
    }
    if (!have_dtype)
        return hdr_problem(h->st, "tensor_invalid", pos, "missing field dtype", tname, tlen);
    if (!have_shape)
        return hdr_problem(h->st, "tensor_invalid", pos, "missing field shape", tname, tlen);
    if (!have_off)
        return hdr_problem(h->st, "tensor_invalid", pos, "missing field data_offsets", tname, tlen);
    return 0;
}

/* "__metadata__": null, or an object whose values are all strings.  Keys
 * are decoded into the names arena and values into their own, so that a
 * header of millions of keys costs O(n log n), not a quadratic search. */
static int parse_metadata(struct hdr_parse *h, size_t kpos)
{
    struct safetensors *st = h->st;
    struct jl *c = &h->c;
    int ch = jl_peek(c);

    if (h->seen_metadata)
        return hdr_problem(st, "metadata_invalid", kpos, "__metadata__ is given twice", NULL, 0);
    h->seen_metadata = 1;
    if (ch == 'n') {
        int which;
        jl_literal(c, &which);
        return 0;
    }
    if (ch != '{')
        return hdr_problem(st, "metadata_invalid", c->pos, "__metadata__ is not an object", NULL, 0);
    c->pos++;
    h->has_metadata = 1;
    if (jl_peek(c) == '}') {
        c->pos++;
        return 0;
    }
    if (!st->values && !(st->values = malloc(c->n + 1)))
        return WA_ENOMEM;
    for (;;) {
        struct st_meta *m;
        size_t klen, vlen;
        if (h->mn == h->mcap) {
            size_t cap = h->mcap ? h->mcap * 2 : 16;
            struct st_meta *v = realloc(h->mv, cap * sizeof *v);
            if (!v)
                return WA_ENOMEM;
            h->mv = v;
            h->mcap = cap;
        }
        m = &h->mv[h->mn++];
        jl_peek(c);
        m->key_pos = c->pos;
        m->key = st->names + st->names_len;
        jl_string(c, (char *)m->key, &klen);
        m->key_len = klen;
        st->names_len += klen;
        jl_expect(c, ':');
        if (jl_peek(c) != '"')
            return hdr_problem(st, "metadata_invalid", c->pos, "__metadata__ values must be strings",
                               NULL, 0);
        m->val = st->values + st->values_len;
        jl_string(c, (char *)m->val, &vlen);
        m->val_len = vlen;
        st->values_len += vlen;
        ch = jl_peek(c);
        c->pos++;
        if (ch == '}')
            return 0;
    }
}

static int cmp_meta(const void *a, const void *b)
{
    const struct st_meta *x = a, *y = b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int r = memcmp(x->key, y->key, n);

    if (r)
        return r;
    if (x->key_len != y->key_len)
        return x->key_len < y->key_len ? -1 : 1;
    return x->key_pos < y->key_pos ? -1 : x->key_pos > y->key_pos;
}

/* Sorted metadata as facts; a key given twice keeps its last value, as
 * serde does, and is flagged for review since readers may disagree. */
static int metadata_facts(struct safetensors *st, struct hdr_parse *h, cJSON **out)
{
    cJSON *obj;
    size_t shown = 0;

    *out = NULL;
    if (!h->has_metadata)
        return 0;
    obj = cJSON_CreateObject();
    if (!obj)
        return WA_ENOMEM;
    if (h->mn)   /* qsort(NULL, 0) is undefined */
        qsort(h->mv, h->mn, sizeof *h->mv, cmp_meta);
    for (size_t i = 0; i < h->mn; i++) {
        struct st_meta *m = &h->mv[i];
        if (i + 1 < h->mn && m->key_len == h->mv[i + 1].key_len &&
            memcmp(m->key, h->mv[i + 1].key, m->key_len) == 0) {
            problem_add(&st->res.problems, SEV_REVIEW, "duplicate_metadata_key",
                        (int64_t)(8 + h->mv[i + 1].key_pos),
                        "__metadata__ key \"%.*s\" is given twice; the last value counts",
                        (int)(m->key_len > 100 ? 100 : m->key_len), m->key);
            continue;
        }
        /* cJSON strings end at NUL: such keys stay valid but are not shown */
        if (memchr(m->key, 0, m->key_len) || memchr(m->val, 0, m->val_len))
            continue;
        if (shown++ >= SAFETENSORS_MAX_METADATA_FACTS)
            continue;
        char *k = strndup(m->key, m->key_len), *v = strndup(m->val, m->val_len);
        if (!k || !v || !cJSON_AddItemToObject(obj, k, cJSON_CreateString(v))) {
            free(k);
            free(v);
            cJSON_Delete(obj);
            return WA_ENOMEM;
        }
        free(k);
        free(v);
    }
    *out = obj;
    return 0;
}

static int cmp_range(const void *a, const void *b)
{
    const struct st_tensor *x = a, *y = b;

    if (x->begin != y->begin)
        return x->begin < y->begin ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return x->key_pos < y->key_pos ? -1 : x->key_pos > y->key_pos;
}

struct name_ref {
    const char *p;
    size_t len, key_pos;
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
    return x->key_pos < y->key_pos ? -1 : x->key_pos > y->key_pos;
}

static int check_duplicates(struct safetensors *st)
{
    struct name_ref *v;
    int rc = 0;

    if (st->tn < 2)
        return 0;
    v = malloc(st->tn * sizeof *v);
    if (!v)
        return WA_ENOMEM;
    for (size_t i = 0; i < st->tn; i++) {
        v[i].p = st->names + st->tv[i].name_off;
        v[i].len = st->tv[i].name_len;
        v[i].key_pos = st->tv[i].key_pos;
    }
    qsort(v, st->tn, sizeof *v, cmp_name);
    for (size_t i = 1; i < st->tn; i++) {
        if (v[i].len == v[i - 1].len && memcmp(v[i].p, v[i - 1].p, v[i].len) == 0) {
            rc = hdr_problem(st, "duplicate_tensor", v[i].key_pos, "tensor name is given twice",
                             v[i].p, v[i].len);
            break;
        }
    }
    free(v);
    return rc;
}

/* Metadata::validate of the reference, in data_offsets order. */
static int check_ranges(struct safetensors *st)
{
    uint64_t start = 0;

    if (st->tn)   /* qsort(NULL, 0) is undefined */
        qsort(st->tv, st->tn, sizeof *st->tv, cmp_range);
    for (size_t i = 0; i < st->tn; i++) {
        struct st_tensor *t = &st->tv[i];
        const char *nm = st->names + t->name_off;
        if (t->begin != start || t->end < t->begin)
            return hdr_problem(st, "offsets_invalid", t->key_pos,
                               t->end < t->begin ? "data_offsets end before they begin"
                               : t->begin > start ? "gap before this tensor's data_offsets"
                                                  : "data_offsets overlap the previous tensor's",
                               nm, t->name_len);
        start = t->end;
        unsigned bits = dtypes[t->dtype].bits;
        if (t->overflow || (t->nelements != 0 && t->nelements > UINT64_MAX / bits))
            return hdr_problem(st, "overflow", t->key_pos, "shape x dtype size overflows 64 bits",
                               nm, t->name_len);
        uint64_t nbits = t->nelements * bits;
        if (nbits % 8)
            return hdr_problem(st, "misaligned_slice", t->key_pos,
                               "sub-byte dtype with a bit count that is not a whole number of bytes",
                               nm, t->name_len);
        if (t->end - t->begin != nbits / 8) {
            int rc = problem_add(&st->res.problems, SEV_ERROR, "size_mismatch", (int64_t)(8 + t->key_pos),
                                 "tensor \"%.*s\": data_offsets span %llu bytes but shape x dtype needs %llu",
                                 (int)(t->name_len > 200 ? 200 : t->name_len), nm,
                                 (unsigned long long)(t->end - t->begin),
                                 (unsigned long long)(nbits / 8));
            return rc ? rc : -1;
        }
    }
    st->data_len = start;
    return 0;
}

static int add_tensor(struct safetensors *st, struct st_tensor **out)
{
    if (st->tn == st->tcap) {
        size_t cap = st->tcap ? st->tcap * 2 : 64;
        struct st_tensor *v = realloc(st->tv, cap * sizeof *v);
        if (!v)
            return WA_ENOMEM;
        st->tv = v;
        st->tcap = cap;
    }
    *out = &st->tv[st->tn++];
    memset(*out, 0, sizeof **out);
    return 0;
}

/* The facts that `validate` prints: dtypes with tensor counts, metadata. */
static int build_facts(struct safetensors *st, cJSON *metadata)
{
    size_t counts[N_DTYPES] = { 0 };
    cJSON *facts = cJSON_CreateObject(), *dt;

    if (!facts)
        return WA_ENOMEM;
    for (size_t i = 0; i < st->tn; i++)
        counts[st->tv[i].dtype]++;
    dt = cJSON_AddObjectToObject(facts, "dtypes");
    /* alphabetical, so output is stable */
    for (;;) {
        int best = -1;
        for (size_t i = 0; i < N_DTYPES; i++)
            if (counts[i] && (best < 0 || strcmp(dtypes[i].name, dtypes[best].name) < 0))
                best = (int)i;
        if (best < 0)
            break;
        cJSON_AddNumberToObject(dt, dtypes[best].name, (double)counts[best]);
        counts[best] = 0;
    }
    if (metadata)
        cJSON_AddItemToObject(facts, "metadata", metadata);
    else
        cJSON_AddNullToObject(facts, "metadata");
    st->res.facts = facts;
    return 0;
}

static int parse_header(struct safetensors *st)
{
    struct hdr_parse h;
    size_t n = st->hdr_have, ok;
    int rc = 0;

    memset(&h, 0, sizeof h);
    h.st = st;
    ok = utf8_valid_prefix((const unsigned char *)st->hdr, n);
    if (ok != n)
        return hdr_problem(st, "header_not_utf8", ok, "header is not valid UTF-8", NULL, 0);

    /* pass 1: syntax of the whole document, as serde_json reads it first */
    jl_init(&h.c, st->hdr, n);
    if (jl_peek(&h.c) != '{') {
        if (jl_skip_value(&h.c, 0) == 0 && jl_peek(&h.c) < 0)
            return hdr_problem(st, "header_not_json", 0, "header is JSON but not an object", NULL, 0);
        return hdr_problem(st, "header_not_json", h.c.err ? h.c.err_pos : h.c.pos,
                           h.c.err ? h.c.err : "header is not a JSON object", NULL, 0);
    }
    if (jl_skip_value(&h.c, 0))
        return hdr_problem(st, "header_not_json", h.c.err_pos, h.c.err, NULL, 0);
    if (jl_peek(&h.c) >= 0)
        return hdr_problem(st, "header_not_json", h.c.pos, "trailing characters after the JSON object",
                           NULL, 0);

    /* pass 2: the entries; syntax is known good so only types can fail */
    st->names = malloc(n + 1);
    if (!st->names)
        return WA_ENOMEM;
    jl_init(&h.c, st->hdr, n);
    jl_expect(&h.c, '{');
    if (jl_peek(&h.c) == '}')
        goto entries_done;
    for (;;) {
        size_t kpos, klen;
        char *key = st->names + st->names_len;
        jl_peek(&h.c);
        kpos = h.c.pos;
        jl_string(&h.c, key, &klen);
        jl_expect(&h.c, ':');
        if (klen == 12 && memcmp(key, "__metadata__", 12) == 0) {
            rc = parse_metadata(&h, kpos);
        } else {
            struct st_tensor *t;
            rc = add_tensor(st, &t);
            if (rc)
                break;
            t->name_off = st->names_len;
            t->name_len = klen;
            t->key_pos = kpos;
            st->names_len += klen;
            rc = parse_tensor(&h, t, key, klen);
        }
        if (rc)
            break;
        int ch = jl_peek(&h.c);
        h.c.pos++;
        if (ch == '}')
            break;
    }
entries_done:
    if (!rc)
        rc = check_duplicates(st);
    if (!rc)
        rc = check_ranges(st);
    if (!rc) {
        cJSON *meta;
        rc = metadata_facts(st, &h, &meta);
        if (!rc)
            rc = build_facts(st, meta);
    }
    free(h.mv);
    return rc;
}

/* Record tensors and the parameter count into res, for a good header. */
static int export_tensors(struct safetensors *st)
{
    uint64_t params = 0;
    int over = 0;

    for (size_t i = 0; i < st->tn; i++) {
        struct st_tensor *t = &st->tv[i];
        uint64_t nbytes = t->end >= t->begin ? t->end - t->begin : 0;
        int rc = fmt_result_add_tensor(&st->res, st->names + t->name_off, t->name_len, nbytes,
                                       t->nelements, dtypes[t->dtype].name);
        if (rc)
            return rc;
        if (params > UINT64_MAX - t->nelements)
            over = 1;
        else
            params += t->nelements;
    }
    st->res.tensors = (int64_t)st->tn;
    st->res.parameters = over || params > INT64_MAX ? -1 : (int64_t)params;
    return 0;
}

static int header_complete(struct safetensors *st)
{
    int rc = parse_header(st);

    free(st->hdr);
    st->hdr = NULL;
    st->hdr_cap = st->hdr_have = 0;
    if (rc == WA_ENOMEM)
        return rc;
    if (rc == 0) {
        st->header_ok = 1;
        rc = export_tensors(st);
        if (rc)
            return rc;
        st->state = ST_DATA;
    } else {
        st->state = ST_STOPPED;
    }
    return 0;
}

int safetensors_feed(struct safetensors *st, const uint8_t *p, size_t n)
{
    st->total += n;
    while (n) {
        switch (st->state) {
        case ST_LEN: {
            size_t k = 8 - st->lenhave < n ? 8 - st->lenhave : n;
            memcpy(st->lenbuf + st->lenhave, p, k);
            st->lenhave += k;
            p += k;
            n -= k;
            if (st->lenhave < 8)
                break;
            st->n = 0;
            for (int i = 7; i >= 0; i--)
                st->n = (st->n << 8) | st->lenbuf[i];
            if (st->n > SAFETENSORS_MAX_HEADER) {
                if (problem_add(&st->res.problems, SEV_ERROR, "header_too_large", 0,
                                "header length %llu exceeds the limit of 100000000 bytes",
                                (unsigned long long)st->n))
                    return WA_ENOMEM;
                st->state = ST_STOPPED;
                break;
            }
            st->state = ST_HEADER;
            if (st->n == 0 && header_complete(st))
                return WA_ENOMEM;
            break;
        }
        case ST_HEADER: {
            size_t want = (size_t)(st->n - st->hdr_have);
            size_t k = want < n ? want : n;
            if (st->hdr_have + k > st->hdr_cap) {
                /* grow with the bytes received, not the declared length */
                size_t cap = st->hdr_cap ? st->hdr_cap : 4096;
                while (cap < st->hdr_have + k)
                    cap *= 2;
                if (cap > st->n)
                    cap = (size_t)st->n;
                char *b = realloc(st->hdr, cap + 1);
                if (!b)
                    return WA_ENOMEM;
                st->hdr = b;
                st->hdr_cap = cap;
            }
            memcpy(st->hdr + st->hdr_have, p, k);
            st->hdr_have += k;
            p += k;
            n -= k;
            if (st->hdr_have == st->n && header_complete(st))
                return WA_ENOMEM;
            break;
        }
        case ST_DATA:
        case ST_STOPPED:
            return WA_OK;   /* data is only counted */
        }
    }
    return WA_OK;
}

int safetensors_wants_rest(const struct safetensors *st)
{
    return st->state == ST_LEN || st->state == ST_HEADER;
}

int safetensors_skip(struct safetensors *st, uint64_t n)
{
    if (safetensors_wants_rest(st))
        return WA_EUSAGE;
    st->total += n;
    return WA_OK;
}

int safetensors_finish(struct safetensors *st, struct fmt_result *res)
{
    int rc = 0;

    if (st->state == ST_LEN) {
        rc = problem_add(&st->res.problems, SEV_ERROR, "header_length", 0,
                         "file is %llu bytes, too short for the 8-byte header length",
                         (unsigned long long)st->total);
    } else if (st->state == ST_HEADER) {
        rc = problem_add(&st->res.problems, SEV_ERROR, "header_length", 0,
                         "header length %llu runs past the end of the file (%llu bytes)",
                         (unsigned long long)st->n, (unsigned long long)st->total);
    } else if (st->header_ok) {
        uint64_t expect = 8 + st->n + st->data_len;
        st->res.header_size = 8 + st->n;
        if (st->total != expect)
            rc = problem_add(&st->res.problems, SEV_ERROR, "data_length_mismatch",
                             (int64_t)(st->total < expect ? st->total : expect),
                             st->total < expect
                                 ? "file is truncated: the header describes %llu bytes of tensor data "
                                   "but the file ends after %llu (size %llu, expected %llu)"
                                 : "the header describes %llu bytes of tensor data but %llu follow "
                                   "(size %llu, expected %llu): trailing bytes",
                             (unsigned long long)st->data_len,
                             (unsigned long long)(st->total - 8 - st->n),
                             (unsigned long long)st->total, (unsigned long long)expect);
    }
    if (rc)
        return rc;
    st->res.valid = problem_worst(&st->res.problems) < SEV_ERROR;
    fmt_result_free(res);
    *res = st->res;
    fmt_result_init(&st->res);
    return WA_OK;
}

/* ---- table entry ------------------------------------------------------- */

static int st_sniff(const uint8_t *head, size_t n, const char *filename)
{
    size_t len = filename ? strlen(filename) : 0;
    int by_name = len >= 12 && strcmp(filename + len - 12, ".safetensors") == 0;

    if (n >= 9) {
        uint64_t hl = 0;
        for (int i = 7; i >= 0; i--)
            hl = (hl << 8) | head[i];
        size_t i = 8;
        while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
            i++;
        if (hl >= 2 && hl <= SAFETENSORS_MAX_HEADER && i < n && head[i] == '{' &&
            (i + 1 >= n || head[i + 1] == '"' || head[i + 1] == '}' || head[i + 1] == ' ' ||
             head[i + 1] == '\n'))
            return 100;
    }
    return by_name ? 50 : 0;
}

FMT_PUSH_OPS(fmt_safetensors, safetensors, safetensors, "safetensors", FORMAT_SAFETENSORS, st_sniff);
