/*
 * sbom.h - an SBOM read back as a manifest, for `verify PATH --sbom FILE`.
 *
 * Reads a CycloneDX JSON document (file components with a SHA-256 hash;
 * weightaudit's own documents nest them in the machine-learning-model
 * component and give their size as the weightaudit:size property) or an
 * SPDX 2.x JSON document (files with a SHA256 checksum, fileName "./path"),
 * written by weightaudit or by any other tool.  The entries are the files of
 * one model: when the files belong to several components/packages (an SBOM
 * of several models), those of the one that is the model at PATH are read:
 * the one whose recorded model path (weightaudit:path, the SPDX package
 * comment's "Model path:") or name is PATH itself, else the only one whose
 * recorded path ends in PATH's last part or whose name is PATH's org/name
 * (a hf-cache folder models--org--name) or ends in its last part; none or
 * several such is an error listing the candidates.  Any path that is
 * absolute, climbs out with "..", or is listed twice is refused.  Bounded:
 * file size, entry count and string lengths are capped.
 */
#ifndef WA_SBOM_H
#define WA_SBOM_H

#include <stddef.h>

#include "err.h"
#include "manifest.h"

#define SBOM_MAX_BYTES (512u << 20)     /* an SBOM of a 100k-file model is well below */
#define SBOM_MAX_ENTRIES 1000000
#define SBOM_MAX_PATH 4096

/* Read the SBOM at path into a new manifest (name/revision from the
 * component or package that holds the files, when it has them).
 * 0; WA_EFORMAT when the document is malformed or unusable, with a message
 * naming the file and what is wrong (verify exits 2); WA_ETOOBIG; WA_EIO;
 * WA_ENOMEM. */
int sbom_read(struct manifest **out, const char *path, struct wa_err *err);

/* The same from a buffer; name is the file named in errors. */
int sbom_parse(struct manifest **out, const char *buf, size_t n, const char *name, struct wa_err *err);

/* The same, for the model at model_path (as given; model_real is its
 * realpath or NULL): in a document of several models, the files of the
 * component or package that is that model (see above).  sbom_read and
 * sbom_parse are these with model_path NULL: only a document of one model. */
int sbom_read_for(struct manifest **out, const char *path, const char *model_path, const char *model_real,
                  struct wa_err *err);
int sbom_parse_for(struct manifest **out, const char *buf, size_t n, const char *name, const char *model_path,
                   const char *model_real, struct wa_err *err);

#endif
