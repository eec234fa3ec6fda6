/*
 * sbom.h - reading a CycloneDX or SPDX document back into the list of files
 * and SHA-256 it records (struct manifest), for `verify --sbom`.
 *
 * Owned by the outputs work (sbom.c is replaced wholesale there); verify
 * depends only on this declaration.
 */
#ifndef WA_SBOM_H
#define WA_SBOM_H

#include "err.h"
#include "manifest.h"

/* Read the SBOM at path.  0, or a WA_E* code with err set (WA_EUNSUPP while
 * SBOM reading is not built). */
int sbom_read(struct manifest **out, const char *path, struct wa_err *err);

#endif
