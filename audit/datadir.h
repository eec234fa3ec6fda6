/*
 * datadir.h - where weightaudit finds its data (licenses/, rules/,
 * manifests/) at run time.  The one lookup every module uses, so an
 * installed binary, a build tree and a test run agree:
 *
 *   1. $WEIGHTAUDIT_DATA (a folder holding licenses/, rules/ ...)
 *   2. the folder of the executable (a build tree: ./weightaudit beside licenses/)
 *   3. <folder of the executable>/../share/weightaudit (make install)
 *   4. the current directory
 *
 * The first folder where the file exists wins.
 */
#ifndef WA_DATADIR_H
#define WA_DATADIR_H

#include <stddef.h>

#include "err.h"

#define DATADIR_ENV "WEIGHTAUDIT_DATA"

/* Full path of rel (e.g. "licenses/MIT.txt") in the first data folder that
 * has it, into out (n bytes).  0, WA_ENOTFOUND, or WA_EUSAGE when rel is
 * absolute or climbs out with "..". */
int datadir_find(char *out, size_t n, const char *rel);

/* The bytes of rel (NUL-terminated, at most max bytes, else WA_ETOOBIG)
 * from the first data folder that has it.  Caller frees *out. */
int datadir_read(char **out, size_t *len, const char *rel, size_t max, struct wa_err *err);

#endif
