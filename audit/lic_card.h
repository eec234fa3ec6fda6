/*
 * lic_card.h - the model card's YAML front matter (README.md between the
 * leading "---" lines), parsed with libyaml into cJSON.  The one module that
 * talks to libyaml.  Bounded: front matter up to LIC_CARD_MAX bytes, nesting
 * up to LIC_CARD_DEPTH, LIC_CARD_NODES nodes; aliases are not expanded
 * (they read as null), so a "billion laughs" card costs nothing.
 */
#ifndef WA_LIC_CARD_H
#define WA_LIC_CARD_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "err.h"

#define LIC_CARD_MAX (1u << 20)
#define LIC_CARD_DEPTH 32
#define LIC_CARD_NODES 50000

/* Parse the front matter of a card (decoded UTF-8 text).  *out: an object
 * (scalars as strings, "null"/"~" as null), or NULL when the card has no
 * front matter.  0; WA_EFORMAT (bad YAML, not a mapping, unclosed) or
 * WA_ETOOBIG with err->offset the byte offset (line in the message). */
int lic_card_parse(cJSON **out, const char *text, size_t len, struct wa_err *err);

/* A string, or every string of a list, under key: calls fn for each. */
void lic_card_strings(const cJSON *card, const char *key, void (*fn)(const char *s, void *arg), void *arg);

#endif
