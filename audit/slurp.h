/*
 * slurp.h - read a whole small file (a policy, a rule set, a manifest) with
 * a fixed maximum checked before anything is allocated.
 */
#ifndef WA_SLURP_H
#define WA_SLURP_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Read path into a NUL-terminated buffer (*out, caller frees; *n = length
 * without the NUL).  WA_ETOOBIG when the file is larger than max, WA_EIO
 * when it cannot be read, WA_EUNSAFE when it is not a regular file. */
int slurp_file(const char *path, size_t max, char **out, size_t *n, struct wa_err *err);

#endif
