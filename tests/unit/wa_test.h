/*
 * wa_test.h - small helpers shared by the cmocka unit tests.
 */
#ifndef WA_TEST_H
#define WA_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Path under the generated test data directory ($WA_TESTDATA). */
static inline const char *td_path(const char *rel)
{
    static char buf[4096];
    const char *base = getenv("WA_TESTDATA");

    snprintf(buf, sizeof buf, "%s/%s", base ? base : "build/testdata", rel);
    return buf;
}

/* Path under the repository root ($WA_ROOT). */
static inline const char *root_path(const char *rel)
{
    static char buf[4096];
    const char *base = getenv("WA_ROOT");

    snprintf(buf, sizeof buf, "%s/%s", base ? base : ".", rel);
    return buf;
}

/* Whole file into memory (test inputs are small).  Caller frees. */
static inline unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long len;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        buf = malloc((size_t)len + 1);
        if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
            free(buf);
            buf = NULL;
        }
        if (buf) {
            buf[len] = 0;
            *n = (size_t)len;
        }
    }
    fclose(f);
    return buf;
}

#endif
