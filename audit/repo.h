/*
 * repo.h - the layouts of a model repository on disk, behind one small table.
 *
 * Each layout module (repo_hfcache.c, repo_localdir.c, repo_git.c,
 * repo_ollama.c, repo_archive.c, repo_dir.c) recognises its layout from the
 * path it is given and lists the files of each model it finds there: one
 * rep_model per model, one rep_file per file, each with the path to open
 * (rep_file.src, canonical, relative to rep_model.root), the hash its
 * provenance recorded (rep_file.expected) and, where the listing already
 * shows it, a failed integrity (missing, unsafe-path, incomplete) with the
 * reason in rep_file.note.  scan.c then reads every listed file once in the
 * pool and compares.  An archive cannot be read file by file: its module
 * registers one stream task that reads the whole archive in one worker and
 * adds the entries as it meets them.
 *
 * This header also holds what the layout modules share: the role and
 * content-capture rules by file name, a bounded directory walker and the
 * helper that places a file found on disk (following its symlinks beneath
 * the root, see safepath.h).
 */
#ifndef WA_REPO_H
#define WA_REPO_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "err.h"
#include "reader.h"
#include "report.h"
#include "safepath.h"

struct scan_opts;
struct pool_worker;

#define REPO_MAX_FILES 200000       /* entries listed per model (about 3 KB of memory each in a JSON report) */
#define REPO_MAX_DEPTH 64           /* directory nesting walked */
#define REPO_CAPTURE_MAX (4u << 20) /* content kept for the license engine, per file */
#define REPO_INDEX_MAX (64u << 20)  /* a *.index.json larger than this is refused */

/* What a layout is given to probe: the path as the user wrote it, opened. */
struct repo_probe {
    const char *path;
    int fd;                         /* O_PATH descriptor of path (symlinks in path followed) */
    struct stat st;                 /* of path */
};

struct repo_ctx;

/* A whole-archive reading task (see repo_add_stream). */
typedef void (*repo_stream_fn)(struct repo_ctx *rc, size_t model, void *arg, struct pool_worker *w);

struct repo_ops {
    const char *name;
    enum layout layout;
    /* 1 when the probed path is this layout. */
    int (*detect)(const struct repo_probe *pr);
    /* Add the models found at the path with their files.  Problems with
     * single files are recorded in the report; an error return means
     * nothing could be listed at all (then the path is reported). */
    int (*list)(struct repo_ctx *rc, const struct repo_probe *pr, struct wa_err *err);
    /* Optional: after every file was read, before the common checks. */
    void (*after_read)(struct repo_ctx *rc, size_t model);
};

extern const struct repo_ops repo_hfcache, repo_localdir, repo_git, repo_ollama, repo_archive, repo_dir;

/* The layout of a probed path (the first whose detect() says yes). */
const struct repo_ops *repo_detect(const struct repo_probe *pr);
const struct repo_ops *repo_ops_for(enum layout l);

/* ---- shared by scan.c and the layout modules ------------------------- */

struct repo_stream {
    size_t model;
    repo_stream_fn fn;
    void *arg;                      /* owned by the layout; freed by free_arg */
    void (*free_arg)(void *arg);
    uint64_t size;                  /* bytes it will read, for ordering */
};

struct repo_ctx {
    struct report *rep;
    const struct scan_opts *opts;
    struct repo_stream *streams;
    size_t n_streams;
};

/* Add a model: path as shown, root the directory its file srcs are
 * relative to (NULL for archives).  Returns its index, or -1 (ENOMEM).
 * rep_model pointers move when a model is added: keep indices. */
long repo_model_add(struct repo_ctx *rc, enum layout layout, const char *path, const char *root);

/* Register a stream task for model.  0 or WA_ENOMEM. */
int repo_add_stream(struct repo_ctx *rc, size_t model, repo_stream_fn fn, void *arg,
                    void (*free_arg)(void *), uint64_t size);

/* Add a file to m with its role from the name.  NULL on ENOMEM.  rep_file
 * pointers move when a file is added: keep indices across calls. */
struct rep_file *repo_file_add(struct rep_model *m, const char *path);

/* Indices of m's files sorted by path (caller frees); NULL on ENOMEM. */
size_t *repo_files_sorted(const struct rep_model *m);
/* Index of the file at path, using ix = repo_files_sorted(m) taken when m
 * had n files (files added since are not seen); -1 when absent. */
long repo_files_find(const struct rep_model *m, const size_t *ix, size_t n, const char *path);

/* Role of a file from its path (and format once known). */
enum file_role repo_role_for(const char *path, enum wa_format fmt);
/* 1 for a weight file whose format no loader runs code from and weightaudit
 * does not parse (.msgpack, .tflite, .pb, .mlmodel, .ot): unvalidated, but
 * not a finding. */
int repo_weights_inert(const char *path);
/* Bytes of content to keep for a file of this role and path (0 = none). */
size_t repo_capture_for(const struct rep_file *f);

/* Place file f (found on disk as rel, relative to root): follow its
 * symlinks beneath the root and set f->src (canonical), size and mtime; or,
 * when it cannot be read, set integrity (unsafe-path, missing, unreadable)
 * and f->note.  *links (may be NULL) receives the number of symlinks
 * followed.  Returns 0, or 1 when rel is (or leads to) a directory, which
 * the caller skips. */
int repo_file_locate(struct rep_file *f, const struct safepath_root *root, const char *rel, int *links);

/* Set f->note (printf-style). */
void repo_file_note(struct rep_file *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Set f->expected. algo "sha256" or "git_sha1"; hex is lower-cased. */
void repo_file_expect(struct rep_file *f, const char *algo, const char *hex, const char *from, int64_t size);

/* ---- directory walking ---------------------------------------------- */

enum repo_walk_kind {
    WALK_FILE,                      /* a regular file */
    WALK_LINK,                      /* a symbolic link (not followed) */
    WALK_SPECIAL,                   /* FIFO, device, socket */
    WALK_ERROR,                     /* a directory that could not be read (err set) */
};

/* Called for each entry, rel relative to the root.  Non-zero stops the walk
 * and is returned by repo_walk. */
typedef int (*repo_walk_fn)(void *ctx, const char *rel, enum repo_walk_kind kind,
                            const struct stat *st, const struct wa_err *err);
/* Called for each directory before it is entered; 1 = skip it. */
typedef int (*repo_skip_fn)(void *ctx, const char *rel);

/* Walk the tree beneath root starting at the relative directory start ("" =
 * the root), names in byte order, symlinks not followed, at most
 * REPO_MAX_DEPTH levels (a folder deeper is passed to fn as WALK_ERROR with
 * code WA_ETOOBIG, and the walk goes on) and REPO_MAX_FILES entries
 * (WA_ETOOBIG beyond: the walk stops). */
int repo_walk(const struct safepath_root *root, const char *start, repo_skip_fn skip,
              repo_walk_fn fn, void *ctx, struct wa_err *err);

/* For a walk callback: a WALK_ERROR entry as a finding of m (a folder
 * beyond REPO_MAX_DEPTH: walk_limit, deny, since what it holds was not
 * audited; an unreadable folder: file_unreadable, review).  0 or WA_ENOMEM. */
int repo_walk_error(struct rep_model *m, const char *path, const struct wa_err *err);
/* After repo_walk returned r: WA_ETOOBIG (REPO_MAX_FILES reached, the
 * listing stopped) becomes a walk_limit deny finding and 0; else r. */
int repo_walk_stopped(struct rep_model *m, int r, const struct wa_err *err);

/* repo_file_add + repo_file_locate; a directory (link) is not added and 1
 * is returned.  0, 1 or WA_ENOMEM. */
int repo_add_located(struct rep_model *m, const struct safepath_root *root, const char *path,
                     const char *rel, int *links);

/* List every entry beneath root into model (path = relative path): regular
 * files and symlinks placed with repo_add_located, FIFOs/devices/sockets as
 * unsafe-path, unreadable directories and the walk limit as findings.
 * skip (may be NULL) leaves out directories. */
int repo_list_tree(struct repo_ctx *rc, size_t model, const struct safepath_root *root,
                   repo_skip_fn skip, void *skip_ctx, struct wa_err *err);

/* Read a small file beneath root fully (canonical or not: symlinks are
 * resolved safely), at most max bytes; *out is NUL-terminated, caller
 * frees.  WA_ETOOBIG when larger. */
int repo_read_small(unsigned char **out, size_t *len, const struct safepath_root *root,
                    const char *rel, size_t max, struct wa_err *err);

/* Join a and b with '/' (either may be ""), malloc'd; NULL on ENOMEM. */
char *repo_join(const char *a, const char *b);

/* ---- reading, for stream tasks (implemented in scan.c) --------------- */

/* Read one file's bytes from src into f, in the worker: the reader options
 * follow from f (role, expected, capture), results are stored in f.
 * Returns the reader's code (f->integrity is set to unreadable on error). */
int repo_read_into(struct repo_ctx *rc, struct rep_file *f, struct reader_src *src,
                   struct pool_worker *w);

#endif
