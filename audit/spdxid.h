/*
 * spdxid.h - SPDX license identifiers and expressions for the outputs.
 *
 * The table of identifiers on the SPDX License List is generated from the
 * CycloneDX spdx.schema.json (tests/schemas/gen_spdxid.py), so an id this
 * module accepts is exactly an id the CycloneDX schema accepts in
 * license.id.  Everything that is not on the list becomes a LicenseRef-
 * (SPDX) or a license name (CycloneDX), never a made-up id.
 */
#ifndef WA_SPDXID_H
#define WA_SPDXID_H

#include <stddef.h>

/* The SPDX License List version the table comes from ("3.28"). */
const char *spdxid_list_version(void);

/* Canonical spelling of id when it is on the SPDX License List (matched
 * without regard to case, as SPDX ids are), else NULL. */
const char *spdxid_lookup(const char *id);

/* For tests: number of ids in the table, and the i-th. */
size_t spdxid_count(void);
const char *spdxid_at(size_t i);

/* "LicenseRef-" followed by s (without a LicenseRef- prefix it may already
 * have) with every character outside [A-Za-z0-9.-] replaced by '-'.  Caller
 * frees; NULL on ENOMEM. */
char *spdxid_ref(const char *s);

/* A valid SPDX license expression for a license value of the report: NULL
 * or blank -> "NOASSERTION"; "NONE"/"NOASSERTION" kept; listed ids in their
 * canonical case (with an optional trailing +); LicenseRef-X sanitised; any
 * other id -> LicenseRef-<id>; AND/OR/WITH and parentheses kept when the
 * expression is well formed, else the whole value becomes one LicenseRef-.
 * Caller frees; NULL on ENOMEM. */
char *spdxid_expression(const char *s);

#endif
