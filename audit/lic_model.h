/*
 * lic_model.h - the license side of one model: from the captured contents
 * of its license files, model card, config.json, adapter_config.json and
 * GGUF facts to the report's licenses, declared and concluded license,
 * lineage (base models), obligations, card facts and license findings.
 *
 * What the scanner must capture (struct rep_file.content / content_len,
 * content_truncated; at most LIC_TEXT_MAX bytes each):
 *   LICENSE*, LICENCE*, COPYING*, NOTICE*, USE_POLICY*, THIRD_PARTY*,
 *   any file whose name contains "license"/"licence", README.md (the card),
 *   config.json, adapter_config.json, and Ollama license layers (role
 *   ROLE_LICENSE in an LAYOUT_OLLAMA model: method "ollama").
 *   GGUF files need no content: their facts ("general.license",
 *   "general.license.name", "general.license.link", general.base_model.N.*
 *   at the top level of facts, under "metadata" or under "gguf") are read.
 * Files are recognised by name (any folder depth), or by role ROLE_LICENSE /
 * ROLE_CARD; a file without content is ignored.
 *
 * lic_analyze adds to m: licenses[] (one per identified license per file,
 * with scope weights|code|all from the file name: LICENSE-MODEL/-WEIGHTS ->
 * weights, LICENSE-CODE, NOTICE, third-party notices -> code), the card
 * declaration (method card), GGUF (gguf) and Ollama (ollama) declarations,
 * declared_license (from the card, else GGUF/Ollama), concluded_license
 * (the license that covers the weights), base_models[] with their family
 * license, obligations[] (from the concluded license, its acceptable use
 * policy and the base models' licenses), card (the front matter, plus
 * "config": {model_type, architectures} and "multimodal": true|false|null)
 * and findings (codes listed in README "Licenses and policy").
 */
#ifndef WA_LIC_MODEL_H
#define WA_LIC_MODEL_H

#include <cjson/cJSON.h>

#include "err.h"
#include "lic_db.h"
#include "report.h"

/* Identify the licenses of m (see above).  Call once per model, before
 * policy_apply.  0, or WA_ENOMEM (m may then be partly filled). */
int lic_analyze(struct rep_model *m, const struct lic_db *db, struct wa_err *err);

/* Same, with flags: LIC_SINGLE_FILE = the model is one text the user named
 * (`license FILE`): its scope is "all" whatever its name. */
#define LIC_SINGLE_FILE 1
int lic_analyze_ex(struct rep_model *m, const struct lic_db *db, int flags, struct wa_err *err);

/* The licenses[] entry that decided concluded_license, or NULL (NONE). */
const struct rep_license *lic_model_deciding(const struct rep_model *m, const struct lic_db *db);

/* The rank of a license entry as evidence about the weights, from its method
 * and scope: lower is stronger (a text for the weights 0, a text for all 1,
 * an Ollama layer 2, GGUF metadata 3, a notice 4/5, the card 6); -1 for a
 * code-only entry, which never decides. */
int lic_model_evidence_tier(const struct rep_license *l);

/* The clauses that govern the weights: the deciding license's, plus those
 * of acceptable use policies and other weights/all-scope texts of the same
 * license family (e.g. USE_POLICY.md's EU exclusion).  New array; NULL on ENOMEM. */
cJSON *lic_model_clauses(const struct rep_model *m, const struct lic_db *db);

/* 1 multimodal, 0 text-only, -1 unknown (from config.json, the card and
 * the base model family). */
int lic_model_multimodal(const struct rep_model *m);

/* Read what `weightaudit license PATH` needs without the scanner: PATH is a
 * file (treated as a license text, or a card when named README.md) or a
 * folder (its license-ish files, card, config.json, adapter_config.json, at
 * the top level; never following a symlink out of the folder; each read up
 * to LIC_TEXT_MAX bytes).  Fills m->path and m->files.  0, WA_EIO /
 * WA_ENOTFOUND when PATH cannot be read. */
int lic_model_load_path(struct rep_model *m, const char *path, struct wa_err *err);

#endif
