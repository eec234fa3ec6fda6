/*
 * safepath.h - reaching files beneath a model root without ever leaving it.
 *
 * The layout modules (repo_*.c) list the files of a model as paths relative
 * to the model's root directory; those paths may go through symbolic links
 * (a Hugging Face cache is made of them).  safepath_resolve() follows the
 * links one component at a time, checks every target against the root and
 * returns the canonical path (no symlink left in it); safepath_open() opens
 * a canonical path so that no symlink at all is followed (openat2 with
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS where the
 * kernel has it, otherwise a walk of O_NOFOLLOW directory opens), so a link
 * swapped in after the resolution cannot lead outside either.  Only regular
 * files are opened: FIFOs, devices and sockets are refused before any open
 * (opening a device can have side effects).  Nothing is ever written and
 * atime is left alone where the kernel allows (O_NOATIME).
 *
 * Errors: WA_EUNSAFE (a link leaves the root, an absolute link outside it, a
 * link loop, not a regular file), WA_ENOTFOUND (a component is missing: a
 * dangling link), WA_EIO (permission, I/O; errno in sys_errno).
 */
#ifndef WA_SAFEPATH_H
#define WA_SAFEPATH_H

#include <sys/stat.h>

#include "err.h"

#define SAFEPATH_MAX_LINKS 40      /* as the kernel's MAXSYMLINKS */
#define SAFEPATH_MAX_PATH 4096

struct safepath_root {
    int fd;                        /* O_PATH directory descriptor, -1 when closed */
    char *abs;                     /* realpath of the root, for absolute link targets */
};

/* Open the directory at path (symlinks in path itself are followed: the
 * user named it).  0, WA_ENOTFOUND, WA_EUNSAFE (not a directory), WA_EIO. */
int safepath_root_open(struct safepath_root *r, const char *path, struct wa_err *err);
/* Use an already open root (dup'ed). */
int safepath_root_from_fd(struct safepath_root *r, int dirfd, const char *path, struct wa_err *err);
void safepath_root_close(struct safepath_root *r);

/* Canonical form of rel beneath the root, every symlink resolved: *out is a
 * malloc'd '/'-separated relative path ("" for the root itself).  *links
 * (may be NULL) receives how many symlinks were followed. */
int safepath_resolve(char **out, const struct safepath_root *r, const char *rel, int *links,
                     struct wa_err *err);

/* lstat of a canonical path beneath the root (no link followed). */
int safepath_lstat(const struct safepath_root *r, const char *canon, struct stat *st,
                   struct wa_err *err);

/* Open a canonical path (as safepath_resolve returns) for reading: regular
 * files only, no symlink followed anywhere, O_NOATIME where permitted.
 * *st receives fstat of the opened file. */
int safepath_open(int *fd, const struct safepath_root *r, const char *canon, struct stat *st,
                  struct wa_err *err);

/* "a directory", "a FIFO", "a socket", "a device", ... for messages. */
const char *safepath_kind_name(mode_t mode);

/* 1 when rel (relative to dirfd, links followed) is a directory. */
int safepath_is_dir_at(int dirfd, const char *rel);

/* Test hook: 0 makes safepath_open use the O_NOFOLLOW walk even where
 * openat2 exists, so both paths are exercised. */
void safepath_use_openat2(int enabled);

/* 1 when rel is a clean relative path: not empty, not absolute, no "." or
 * ".." component, no empty component, no NUL/backslash-free check needed. */
int safepath_is_clean(const char *rel);

#endif
