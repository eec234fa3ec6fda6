/*
 * lic_re.c - PCRE2 behind the small interface of lic_re.h.  A match limit
 * and a depth limit bound the work of every search, so a hostile text can
 * not make a detector run away.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "lic_re.h"

struct lic_re {
    pcre2_code *code;
    pcre2_match_context *mctx;
    int g_n, g_mult, g_v, g_r;          /* group numbers, 0 = absent */
};

static int group(pcre2_code *c, const char *name)
{
    int k = pcre2_substring_number_from_name(c, (PCRE2_SPTR)name);
    return k > 0 ? k : 0;
}

int lic_re_compile(struct lic_re **out, const char *pattern, const char *where, struct wa_err *err)
{
    struct lic_re *re;
    int ecode;
    PCRE2_SIZE eoff;

    *out = NULL;
    re = calloc(1, sizeof *re);
    if (!re)
        return wa_err_set(err, WA_ENOMEM, where, -1, "out of memory");
    re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
                             PCRE2_CASELESS | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ecode, &eoff,
                             NULL);
    if (!re->code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ecode, msg, sizeof msg);
        free(re);
        return wa_err_set(err, WA_EFORMAT, where, -1, "pattern \"%.200s\": %s at pattern offset %zu",
                          pattern, (char *)msg, (size_t)eoff);
    }
    (void)pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);   /* optional speed-up */
    re->mctx = pcre2_match_context_create(NULL);
    if (!re->mctx) {
        pcre2_code_free(re->code);
        free(re);
        return wa_err_set(err, WA_ENOMEM, where, -1, "out of memory");
    }
    pcre2_set_match_limit(re->mctx, 2000000);
    pcre2_set_depth_limit(re->mctx, 5000);
    re->g_n = group(re->code, "n");
    re->g_mult = group(re->code, "mult");
    re->g_v = group(re->code, "v");
    re->g_r = group(re->code, "r");
    *out = re;
    return 0;
}

void lic_re_free(struct lic_re *re)
{
    if (!re)
        return;
    pcre2_match_context_free(re->mctx);
    pcre2_code_free(re->code);
    free(re);
}

static void span(const PCRE2_SIZE *ov, int rc, int g, size_t *s, size_t *e)
{
    if (g > 0 && g < rc && ov[2 * g] != PCRE2_UNSET) {
        *s = ov[2 * g];
        *e = ov[2 * g + 1];
    } else {
        *s = *e = (size_t)-1;
    }
}

int lic_re_search(const struct lic_re *re, const char *subject, size_t len, size_t from,
                  struct lic_re_match *m)
{
    pcre2_match_data *md;
    PCRE2_SIZE *ov;
    int rc;

    if (from > len)
        return 0;
    md = pcre2_match_data_create_from_pattern(re->code, NULL);
    if (!md)
        return WA_ENOMEM;
    rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, from, 0, md, re->mctx);
    if (rc <= 0) {
        pcre2_match_data_free(md);
        return rc == PCRE2_ERROR_NOMATCH ? 0 : WA_EFORMAT;
    }
    ov = pcre2_get_ovector_pointer(md);
    m->start = ov[0];
    m->end = ov[1];
    span(ov, rc, re->g_n, &m->n_s, &m->n_e);
    span(ov, rc, re->g_mult, &m->mult_s, &m->mult_e);
    span(ov, rc, re->g_v, &m->v_s, &m->v_e);
    span(ov, rc, re->g_r, &m->r_s, &m->r_e);
    pcre2_match_data_free(md);
    return 1;
}
