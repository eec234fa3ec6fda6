/*
 * lfsptr.h - Git LFS pointer files (git-lfs docs/spec.md).
 *
 * A pointer is what git stores instead of a large file, and what a clone
 * made without the LFS objects (GIT_LFS_SKIP_SMUDGE=1, no git-lfs) leaves in
 * the work tree:
 *
 *     version https://git-lfs.github.com/spec/v1
 *     oid sha256:<64 lower-case hex>
 *     size <decimal>
 *
 * Parsed strictly: at most LFSPTR_MAX bytes, UTF-8 free of CR, every line
 * "key value\n" with one space, keys of [a-z0-9.-], "version" first and the
 * others in ascending order, no key twice, the v1 (or pre-release "hawser")
 * version URL, an sha256 oid and a size.  repo_git.c takes the expected hash
 * and size of LFS files from the pointer in HEAD; every layout uses it to
 * recognise weights that were never downloaded.
 */
#ifndef WA_LFSPTR_H
#define WA_LFSPTR_H

#include <stddef.h>
#include <stdint.h>

#include "hash.h"

#define LFSPTR_MAX 1024             /* git-lfs's blobSizeCutoff */

struct lfsptr {
    char oid[HASH_SHA256_HEX];      /* lower-case hex */
    uint64_t size;
};

/* 0 when p[0..n) is a valid pointer (out filled), -1 otherwise.  why (may
 * be NULL) receives a short reason for the refusal. */
int lfsptr_parse(struct lfsptr *out, const void *p, size_t n, const char **why);

#endif
