/*
 * jsonin.h - reading JSON documents given as input (native reports for
 * merge, SBOMs for verify) with fixed bounds: a size cap on the file, a
 * depth cap on nesting, no duplicate keys (two parsers must never disagree
 * about what a document says), nothing after the value, every string and
 * key valid UTF-8 (RFC 8259; what weightaudit writes always is).  The one
 * place that turns a cJSON parse failure into a wa_err with the byte offset.
 */
#ifndef WA_JSONIN_H
#define WA_JSONIN_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "err.h"

#define JSONIN_MAX_DEPTH 64     /* objects/arrays inside each other */

/* Parse buf[0..n) (need not be NUL-terminated).  name is the file named in
 * errors.  0, WA_EFORMAT (not JSON, trailing bytes, duplicate key, too
 * deep, not UTF-8) or WA_ENOMEM.  *out is the document (caller deletes) or NULL. */
int jsonin_parse(cJSON **out, const char *buf, size_t n, const char *name, struct wa_err *err);

/* Read path (at most max bytes, else WA_ETOOBIG) and parse it as above.
 * WA_EIO when it cannot be opened or read, or is not a regular file. */
int jsonin_parse_file(cJSON **out, const char *path, size_t max, struct wa_err *err);

/* The member key of obj, case-sensitive; NULL when absent or obj is no object. */
const cJSON *jsonin_get(const cJSON *obj, const char *key);

/* 1 when j is a number holding an integer in [lo, hi]; the value in *v. */
int jsonin_int(const cJSON *j, int64_t lo, int64_t hi, int64_t *v);

#endif
