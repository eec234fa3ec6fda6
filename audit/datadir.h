/*
 * datadir.h - where the shipped data lives (rules/, licenses/, manifests/).
 *
 * The binary finds its data the same way from a source checkout and from an
 * installation (`make install` copies the folders to $PREFIX/share/weightaudit):
 *   1. $WEIGHTAUDIT_DATA, when set (must hold rules/);
 *   2. the directory of the executable (/proc/self/exe), then
 *      <exe dir>/../share/weightaudit;
 *   3. the current directory.
 * The first candidate that holds rules/ wins.
 */
#ifndef WA_DATADIR_H
#define WA_DATADIR_H

#include <stddef.h>

#include "err.h"

/* Fill buf with the data directory (no trailing slash).  0, or
 * WA_ENOTFOUND with the places tried in err. */
int datadir_find(char *buf, size_t n, struct wa_err *err);

#endif
