/*
 * reader.h - one sequential pass over one file: every chunk goes to the
 * SHA-256 hasher, the optional git blob SHA-1 hasher, the format validator
 * chosen by the first bytes, and (for small metadata files) an in-memory
 * copy that later stages (license engine, index cross-check) read.
 *
 * Bytes come from a reader_src, so a plain file, stdin and a libarchive
 * entry are read the same way.  With no_hash, a validator that has seen its
 * header lets the reader skip the rest (a seek, or a skip in the archive).
 */
#ifndef WA_READER_H
#define WA_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "err.h"
#include "fmt.h"
#include "hash.h"

#define READER_CHUNK (4u << 20)       /* sequential read size */
#define READER_FIRST_READ (64u << 10) /* first read of a file: detection, headers */
#define READER_AHEAD_SLOTS 4
#define READER_AHEAD_CHUNK (1u << 20)  /* smaller than READER_CHUNK: stays in cache between the two threads */

struct reader_src {
    /* Next chunk: *p valid until the next call; *n == 0 at end. */
    int (*read)(void *ctx, const uint8_t **p, size_t *n, struct wa_err *err);
    /* Skip to the end without reading; *skipped = bytes passed over.  May be NULL. */
    int (*skip_rest)(void *ctx, uint64_t *skipped, struct wa_err *err);
    void *ctx;
    int64_t size;                     /* expected size, -1 when unknown */
};

struct reader_opts {
    int no_hash;                      /* skip bytes no validator needs; no digests */
    int git_sha1;                     /* also compute the git blob id (needs src->size) */
    int sha1;                         /* also compute plain SHA-1 (SPDX file checksums) */
    int validate;                     /* run the format validator */
    size_t capture_max;               /* keep the first capture_max bytes in memory */
    int read_ahead;                   /* reader_path: read ahead on a second thread */
};

struct reader_result {
    uint64_t size;                    /* bytes in the file (read or skipped) */
    int has_sha256;
    char sha256[HASH_SHA256_HEX];
    int has_git_sha1;
    char git_sha1[HASH_SHA256_HEX];
    int has_sha1;
    char sha1[HASH_SHA256_HEX];
    enum wa_format format;
    struct fmt_result fmt;            /* validator result; fmt.valid == -1 when none ran */
    unsigned char *content;           /* captured bytes (NUL-terminated), or NULL */
    size_t content_len;
    int content_truncated;            /* the file was longer than capture_max */
};

void reader_result_init(struct reader_result *r);
void reader_result_free(struct reader_result *r);

/* Read src once.  name is used for format detection and errors.  Returns 0
 * (format problems are in out->fmt, not errors) or WA_EIO/WA_ENOMEM. */
int reader_run(struct reader_result *out, struct reader_src *src, const char *name,
               const struct reader_opts *o, struct wa_err *err);

/* Plain-file source over an open descriptor (size from fstat, -1 for pipes). */
struct reader_ahead;

struct reader_fd_src {
    int fd;
    uint8_t *buf;
    size_t cap;
    uint64_t pos;                     /* bytes handed to the consumer */
    int64_t size;
    const char *name;
    struct reader_ahead *ahead;       /* read-ahead thread, NULL = plain reads */
};
int reader_fd_src_init(struct reader_fd_src *s, struct reader_src *src, int fd, const char *name);
/* Read ahead on a second thread (READER_AHEAD_SLOTS buffers of READER_AHEAD_CHUNK)
 * so the next read overlaps hashing of the current chunk: worth it for one
 * large file, not for many files hashed in parallel.  Call right after
 * reader_fd_src_init.  Files smaller than one chunk stay synchronous, and
 * WEIGHTAUDIT_READ_AHEAD=0 turns it off (for A/B measurements). */
int reader_fd_src_read_ahead(struct reader_fd_src *s);
void reader_fd_src_free(struct reader_fd_src *s);

/* Open a regular file (or FIFO when allow_fifo) for reading without
 * blocking on FIFOs, without touching its atime where the kernel allows,
 * and without following a final symlink when nofollow.  dirfd may be
 * AT_FDCWD.  *st receives fstat of the opened file. */
int reader_open(int *fd, int dirfd, const char *path, int nofollow, int allow_fifo,
                struct stat *st, struct wa_err *err);

/* Convenience: open path and run the reader over it. */
int reader_path(struct reader_result *out, int dirfd, const char *path, const char *display,
                int nofollow, const struct reader_opts *o, struct wa_err *err);

#endif
