/*
 * problem.c - bounded lists of per-file problems (see problem.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "problem.h"

int problem_add(struct problem_list *l, enum problem_sev sev, const char *code,
                int64_t offset, const char *fmt, ...)
{
    struct problem *p;
    char buf[1024];
    va_list ap;

    if (l->n >= PROBLEM_MAX) {
        /* full: a more severe problem takes the place of the last of the
         * least severe ones, so a flood of notes cannot hide a deny */
        size_t victim = l->n;
        for (size_t i = 0; i < l->n; i++)
            if (l->v[i].sev < sev && (victim == l->n || l->v[i].sev <= l->v[victim].sev))
                victim = i;
        l->dropped++;
        if (victim == l->n)
            return WA_OK;
        free(l->v[victim].message);
        memmove(&l->v[victim], &l->v[victim + 1], (l->n - victim - 1) * sizeof *l->v);
        l->n--;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 4;
        struct problem *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return WA_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    p = &l->v[l->n];
    memset(p, 0, sizeof *p);
    snprintf(p->code, sizeof p->code, "%s", code);
    p->message = strdup(buf);
    if (!p->message)
        return WA_ENOMEM;
    p->offset = offset;
    p->sev = sev;
    l->n++;
    return WA_OK;
}

enum problem_sev problem_worst(const struct problem_list *l)
{
    enum problem_sev w = SEV_INFO;

    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].sev > w)
            w = l->v[i].sev;
    return w;
}

const struct problem *problem_first(const struct problem_list *l, enum problem_sev sev)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].sev >= sev)
            return &l->v[i];
    return NULL;
}

int problem_has(const struct problem_list *l, const char *code)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].code, code) == 0)
            return 1;
    return 0;
}

const char *problem_sev_name(enum problem_sev s)
{
    switch (s) {
    case SEV_INFO: return "info";
    case SEV_REVIEW: return "review";
    case SEV_DENY: return "deny";
    case SEV_ERROR: return "error";
    }
    return "info";
}

int problem_move(struct problem_list *dst, struct problem_list *src)
{
    for (size_t i = 0; i < src->n; i++) {
        struct problem *p = &src->v[i];
        int rc = problem_add(dst, p->sev, p->code, p->offset, "%s", p->message);
        if (rc)
            return rc;
    }
    dst->dropped += src->dropped;
    problem_list_free(src);
    return WA_OK;
}

void problem_list_free(struct problem_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].message);
    free(l->v);
    memset(l, 0, sizeof *l);
}
