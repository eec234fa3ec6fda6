/*
 * jsonout.h - helpers for writing JSON with cJSON: strings that may not be
 * UTF-8 (file names), nullable numbers, and deterministic printing with
 * two-space indentation.  Every JSON document weightaudit writes goes
 * through jsonout_print.
 */
#ifndef WA_JSONOUT_H
#define WA_JSONOUT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

/* A copy of s made safe for JSON: invalid UTF-8 bytes become the text
 * "\xNN" (backslash, x, two hex digits).  Caller frees. NULL on ENOMEM. */
char *jsonout_safe_string(const char *s, size_t n);

/* Add key: string (sanitised), or null when s is NULL.  Returns the item. */
cJSON *jsonout_add_str(cJSON *obj, const char *key, const char *s);
cJSON *jsonout_add_strn(cJSON *obj, const char *key, const char *s, size_t n);
/* Add key: integer, or null when v < 0. */
cJSON *jsonout_add_int(cJSON *obj, const char *key, int64_t v);
/* Add key: true/false, or null when v < 0. */
cJSON *jsonout_add_tri(cJSON *obj, const char *key, int v);
/* A sanitised string item, for arrays. */
cJSON *jsonout_str(const char *s);

/* A deep copy of j in which every string value and every key is made safe
 * as by jsonout_safe_string (report members such as facts, card and evidence
 * hold text from files, which need not be UTF-8).  NULL when j is NULL or
 * on ENOMEM. */
cJSON *jsonout_dup(const cJSON *j);

/* Print with two-space indentation and a final newline.  Caller frees. */
char *jsonout_print(const cJSON *item);

/* Write doc to path (or stdout when path is NULL or "-").  0 or WA_EIO. */
int jsonout_write(const cJSON *doc, const char *path);

#endif
