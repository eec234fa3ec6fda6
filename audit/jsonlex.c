/*
 * jsonlex.c - strict JSON cursor (see jsonlex.h).  The grammar is RFC 8259;
 * where serde_json (the safetensors reference's parser) adds a rule, such as
 * refusing lone surrogates, floats that overflow, or nesting deeper than 127,
 * this cursor follows serde_json.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonlex.h"

void jl_init(struct jl *c, const void *p, size_t n)
{
    c->p = p;
    c->n = n;
    c->pos = 0;
    c->err = NULL;
    c->err_pos = 0;
}

int jl_fail(struct jl *c, size_t pos, const char *msg)
{
    if (!c->err) {
        c->err = msg;
        c->err_pos = pos;
    }
    return -1;
}

int jl_peek(struct jl *c)
{
    while (c->pos < c->n) {
        unsigned char ch = c->p[c->pos];
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')
            return ch;
        c->pos++;
    }
    return -1;
}

int jl_expect(struct jl *c, int ch)
{
    int got = jl_peek(c);

    if (got != ch)
        return jl_fail(c, c->pos, got < 0 ? "unexpected end of JSON" : "unexpected character");
    c->pos++;
    return 0;
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
    return -1;
}

/* Read the 4 hex digits of a \u escape whose 'u' is at c->pos - 1. */
static int read_hex4(struct jl *c, unsigned *out)
{
    unsigned v = 0;

    if (c->n - c->pos < 4)
        return jl_fail(c, c->n, "unexpected end of hex escape");
    for (int i = 0; i < 4; i++) {
        int h = hexval(c->p[c->pos + (size_t)i]);
        if (h < 0)
            return jl_fail(c, c->pos + (size_t)i, "invalid hex escape");
        v = v * 16 + (unsigned)h;
    }
    c->pos += 4;
    *out = v;
    return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int jl_string(struct jl *c, char *out, size_t *len)
{
    size_t k = 0;

    if (jl_peek(c) != '"')
        return jl_fail(c, c->pos, "expected a string");
    c->pos++;
    for (;;) {
        unsigned char ch;
        if (c->pos >= c->n)
            return jl_fail(c, c->n, "unterminated string");
        ch = c->p[c->pos];
        if (ch == '"') {
            c->pos++;
            break;
        }
        if (ch < 0x20)
            return jl_fail(c, c->pos, "control character in string");
        if (ch != '\\') {
            if (out)
                out[k] = (char)ch;
            k++;
            c->pos++;
            continue;
        }
        size_t esc = c->pos;
        c->pos++;
        if (c->pos >= c->n)
            return jl_fail(c, c->n, "unterminated escape");
        ch = c->p[c->pos++];
        char simple = 0;
        switch (ch) {
        case '"': simple = '"'; break;
        case '\\': simple = '\\'; break;
        case '/': simple = '/'; break;
        case 'b': simple = '\b'; break;
        case 'f': simple = '\f'; break;
        case 'n': simple = '\n'; break;
        case 'r': simple = '\r'; break;
        case 't': simple = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (read_hex4(c, &cp))
                return -1;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return jl_fail(c, esc, "lone trailing surrogate in hex escape");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (c->n - c->pos < 2 || c->p[c->pos] != '\\' || c->p[c->pos + 1] != 'u')
                    return jl_fail(c, esc, "lone leading surrogate in hex escape");
                c->pos += 2;
                if (read_hex4(c, &lo))
                    return -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return jl_fail(c, esc, "lone leading surrogate in hex escape");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            char tmp[4];
            size_t m = put_utf8(tmp, cp);
            if (out)
                memcpy(out + k, tmp, m);
            k += m;
            continue;
        }
        default:
            return jl_fail(c, esc, "invalid escape");
        }
        if (out)
            out[k] = simple;
        k++;
    }
    if (len)
        *len = k;
    return 0;
}

int jl_number(struct jl *c, struct jl_num *out)
{
    size_t start, digits_start;
    int neg = 0, frac = 0, over = 0;
    uint64_t v = 0;

    jl_peek(c);
    start = c->pos;
    if (c->pos < c->n && c->p[c->pos] == '-') {
        neg = 1;
        c->pos++;
    }
    digits_start = c->pos;
    if (c->pos >= c->n || c->p[c->pos] < '0' || c->p[c->pos] > '9')
        return jl_fail(c, c->pos, "invalid number");
    if (c->p[c->pos] == '0') {
        c->pos++;
        if (c->pos < c->n && c->p[c->pos] >= '0' && c->p[c->pos] <= '9')
            return jl_fail(c, c->pos, "invalid number (leading zero)");
    } else {
        while (c->pos < c->n && c->p[c->pos] >= '0' && c->p[c->pos] <= '9') {
            unsigned d = (unsigned)(c->p[c->pos] - '0');
            if (v > (UINT64_MAX - d) / 10)
                over = 1;
            else
                v = v * 10 + d;
            c->pos++;
        }
    }
    if (c->pos < c->n && c->p[c->pos] == '.') {
        frac = 1;
        c->pos++;
        if (c->pos >= c->n || c->p[c->pos] < '0' || c->p[c->pos] > '9')
            return jl_fail(c, c->pos, "invalid number (fraction)");
        while (c->pos < c->n && c->p[c->pos] >= '0' && c->p[c->pos] <= '9')
            c->pos++;
    }
    if (c->pos < c->n && (c->p[c->pos] == 'e' || c->p[c->pos] == 'E')) {
        frac = 1;
        c->pos++;
        if (c->pos < c->n && (c->p[c->pos] == '+' || c->p[c->pos] == '-'))
            c->pos++;
        if (c->pos >= c->n || c->p[c->pos] < '0' || c->p[c->pos] > '9')
            return jl_fail(c, c->pos, "invalid number (exponent)");
        while (c->pos < c->n && c->p[c->pos] >= '0' && c->p[c->pos] <= '9')
            c->pos++;
    }
    (void)digits_start;
    if (!frac && !over) {
        if (!neg) {
            out->kind = JL_UINT;
            out->u = v;
            return 0;
        }
        /* serde_json: -0 becomes a float; other negatives fit in i64 or
         * fall back to f64 */
        out->kind = (v == 0 || v > (uint64_t)INT64_MAX + 1) ? JL_FLOAT : JL_NEGINT;
        out->u = 0;
        return 0;
    }
    /* serde_json parses these as f64 and refuses a result out of range */
    {
        char buf[64];
        size_t len = c->pos - start;
        double d;
        if (len < sizeof buf) {
            memcpy(buf, c->p + start, len);
            buf[len] = '\0';
            d = strtod(buf, NULL);
        } else {
            char *tmp = malloc(len + 1);
            if (!tmp)
                return jl_fail(c, start, "out of memory");
            memcpy(tmp, c->p + start, len);
            tmp[len] = '\0';
            d = strtod(tmp, NULL);
            free(tmp);
        }
        if (isinf(d))
            return jl_fail(c, start, "number out of range");
    }
    out->kind = JL_FLOAT;
    out->u = 0;
    return 0;
}

int jl_literal(struct jl *c, int *which)
{
    static const char *const words[] = { "true", "false", "null" };
    int ch = jl_peek(c);

    for (int i = 0; i < 3; i++) {
        size_t len = strlen(words[i]);
        if (ch != words[i][0])
            continue;
        for (size_t j = 0; j < len; j++)
            if (c->pos + j >= c->n || c->p[c->pos + j] != (unsigned char)words[i][j])
                return jl_fail(c, c->pos + j, c->pos + j >= c->n ? "unexpected end of JSON"
                                                                 : "invalid literal");
        c->pos += len;
        *which = words[i][0];
        return 0;
    }
    return jl_fail(c, c->pos, ch < 0 ? "unexpected end of JSON" : "expected a value");
}

int jl_skip_value(struct jl *c, int depth)
{
    int ch = jl_peek(c), which;
    struct jl_num num;

    switch (ch) {
    case '"':
        return jl_string(c, NULL, NULL);
    case '{':
    case '[': {
        int close = ch == '{' ? '}' : ']';
        if (depth + 1 >= JL_MAX_DEPTH + 1)
            return jl_fail(c, c->pos, "recursion limit exceeded");
        c->pos++;
        if (jl_peek(c) == close) {
            c->pos++;
            return 0;
        }
        for (;;) {
            if (close == '}') {
                if (jl_string(c, NULL, NULL) || jl_expect(c, ':'))
                    return -1;
            }
            if (jl_skip_value(c, depth + 1))
                return -1;
            ch = jl_peek(c);
            if (ch == ',') {
                c->pos++;
                continue;
            }
            if (ch == close) {
                c->pos++;
                return 0;
            }
            return jl_fail(c, c->pos, ch < 0 ? "unexpected end of JSON"
                                             : "expected ',' or a closing bracket");
        }
    }
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        return jl_number(c, &num);
    default:
        return jl_literal(c, &which);
    }
}
