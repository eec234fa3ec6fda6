/*
 * sbom.c - placeholder until the CycloneDX/SPDX reader lands (see sbom.h):
 * `verify --sbom` says it is not built yet and exits 2.
 */
#include <stddef.h>

#include "sbom.h"

int sbom_read(struct manifest **out, const char *path, struct wa_err *err)
{
    *out = NULL;
    return wa_err_set(err, WA_EUNSUPP, path, -1, "--sbom is not built yet");
}
