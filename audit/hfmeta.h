/*
 * hfmeta.h - the download metadata huggingface_hub leaves beside a
 * `hf download --local-dir` folder (huggingface_hub _local_folder.py):
 * .cache/huggingface/download/<path>.metadata holds three lines,
 *
 *     <commit hash>
 *     <etag>          sha256 of an LFS file (64 hex) or git blob id (40 hex)
 *     <timestamp>     float seconds, when the metadata was written
 *
 * A file modified after the metadata was written (mtime later than the
 * timestamp, with huggingface_hub's one second of slack) makes the
 * metadata stale.  Parsed strictly and bounded (HFMETA_MAX bytes).
 */
#ifndef WA_HFMETA_H
#define WA_HFMETA_H

#include <stddef.h>
#include <stdint.h>

#include "hash.h"

#define HFMETA_MAX 4096

struct hfmeta {
    char commit[HASH_SHA1_HEX];       /* 40 lower-case hex, "" when not a commit */
    char etag[HASH_SHA256_HEX];       /* lower-case hex */
    int etag_is_sha256;               /* 64 hex: sha256; otherwise 40 hex: git blob id */
    double timestamp;                 /* seconds since the epoch */
};

/* 0 when buf[0..n) is valid metadata; -1 with *why otherwise. */
int hfmeta_parse(struct hfmeta *out, const char *buf, size_t n, const char **why);

/* 1 when a file of this mtime (seconds, with the fraction, as Python's
 * st_mtime) is newer than the metadata. */
int hfmeta_stale(const struct hfmeta *m, double mtime);

#endif
