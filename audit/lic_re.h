/*
 * lic_re.h - the one wrapper around PCRE2, used by the clause detectors and
 * the short-notice patterns of the license engine.  Patterns are compiled
 * once (case-insensitive, UTF-8, JIT when available) and matched against
 * the flattened license text (see lic_text_flat).  PCRE2 errors come back
 * as WA_EFORMAT with PCRE2's own message and the offset in the pattern.
 */
#ifndef WA_LIC_RE_H
#define WA_LIC_RE_H

#include <stddef.h>

#include "err.h"

struct lic_re;

/* Compile pattern; `where` names the rules file for error messages. */
int lic_re_compile(struct lic_re **out, const char *pattern, const char *where, struct wa_err *err);
void lic_re_free(struct lic_re *re);

/* Largest number of capture groups lic_re_match reports. */
#define LIC_RE_MAX_GROUPS 8

struct lic_re_match {
    size_t start, end;                  /* whole match */
    /* named groups "n" (number), "mult" (million/billion), "v" (value text), "r" (regions);
     * start == (size_t)-1 when the group did not take part */
    size_t n_s, n_e, mult_s, mult_e, v_s, v_e, r_s, r_e;
};

/* Search subject[from..len).  1 found (m filled), 0 not found, <0 error
 * (match limit hit: treated by callers as not found, never as a crash). */
int lic_re_search(const struct lic_re *re, const char *subject, size_t len, size_t from,
                  struct lic_re_match *m);

#endif
