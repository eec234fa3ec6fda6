/*
 * utf8.h - strict UTF-8 validation (the rules of Rust's str::from_utf8:
 * no overlong forms, no surrogates, nothing above U+10FFFF).
 */
#ifndef WA_UTF8_H
#define WA_UTF8_H

#include <stddef.h>

/* Returns the length of the longest valid prefix; == n when all is valid. */
size_t utf8_valid_prefix(const unsigned char *p, size_t n);

#endif
