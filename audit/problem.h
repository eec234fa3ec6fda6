/*
 * problem.h - what a validator found wrong with one file.
 *
 * A problem has a stable code (listed in README.md), a message, the byte
 * offset it concerns (-1 = whole file) and a severity: an "error" makes the
 * file invalid; "deny" and "review" mark a well-formed file that is
 * dangerous or doubtful (a pickle importing os.system).  Lists are capped at
 * PROBLEM_MAX entries so a hostile file cannot grow them without bound;
 * beyond that a more severe problem replaces a less severe one (so many
 * notes cannot push a deny out) and `dropped` counts what was left out.
 */
#ifndef WA_PROBLEM_H
#define WA_PROBLEM_H

#include <stddef.h>
#include <stdint.h>

#define PROBLEM_MAX 64
#define PROBLEM_CODE_MAX 40

enum problem_sev {
    SEV_INFO = 0,
    SEV_REVIEW = 1,
    SEV_DENY = 2,      /* well-formed but dangerous */
    SEV_ERROR = 3,     /* the file is invalid */
};

struct problem {
    char code[PROBLEM_CODE_MAX];  /* stable machine name, e.g. "offsets_invalid" */
    char *message;                /* human sentence, owned */
    int64_t offset;               /* byte offset in the file, -1 = none */
    enum problem_sev sev;
};

struct problem_list {
    struct problem *v;
    size_t n, cap;
    size_t dropped;               /* problems not stored because of PROBLEM_MAX */
};

/* Append a problem.  Returns 0, or WA_ENOMEM.  Beyond PROBLEM_MAX entries
 * it replaces the last of the least severe entries when it is more severe
 * than they are, else it is only counted in dropped. */
int problem_add(struct problem_list *l, enum problem_sev sev, const char *code,
                int64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Highest severity present, SEV_INFO when empty. */
enum problem_sev problem_worst(const struct problem_list *l);

/* First problem of at least sev, NULL when none. */
const struct problem *problem_first(const struct problem_list *l, enum problem_sev sev);

/* Has a problem with this code. */
int problem_has(const struct problem_list *l, const char *code);

const char *problem_sev_name(enum problem_sev s);

/* Move all problems of src to the end of dst (src is left empty). */
int problem_move(struct problem_list *dst, struct problem_list *src);

void problem_list_free(struct problem_list *l);

#endif
