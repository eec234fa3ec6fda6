/*
 * safepath.c - resolving and opening paths beneath a model root without
 * leaving it (see safepath.h).  Resolution is done by hand, one component
 * at a time, so that every symlink target is checked against the root
 * before it is used; opening then follows no link at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/openat2.h>
#endif

#include "safepath.h"

static atomic_int openat2_enabled = 1;

void safepath_use_openat2(int enabled)
{
    atomic_store(&openat2_enabled, enabled);
}

int safepath_is_clean(const char *rel)
{
    const char *p = rel;

    if (!rel || !*rel || *rel == '/')
        return 0;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return 0;
        if (!e)
            break;
        p = e + 1;
        if (!*p)
            return 0;      /* trailing slash */
    }
    return 1;
}

int safepath_root_from_fd(struct safepath_root *r, int dirfd, const char *path, struct wa_err *err)
{
    char buf[64];
    char *abs;

    r->fd = -1;
    r->abs = NULL;
    r->fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
    if (r->fd < 0)
        return wa_err_sys(err, errno, path, "dup");
    /* the absolute path only serves absolute link targets; /proc may be absent */
    snprintf(buf, sizeof buf, "/proc/self/fd/%d", r->fd);
    abs = realpath(buf, NULL);
    if (!abs && path)
        abs = realpath(path, NULL);
    r->abs = abs;
    return 0;
}

int safepath_root_open(struct safepath_root *r, const char *path, struct wa_err *err)
{
    struct stat st;
    int fd;

    r->fd = -1;
    r->abs = NULL;
    fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT)
            return wa_err_set(err, WA_ENOTFOUND, path, -1, "no such file or directory");
        if (e == ENOTDIR)
            return wa_err_set(err, WA_EUNSAFE, path, -1, "not a directory");
        return wa_err_sys(err, e, path, "open");
    }
    if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode)) {
        close(fd);
        return wa_err_set(err, WA_EUNSAFE, path, -1, "not a directory");
    }
    r->fd = fd;
    r->abs = realpath(path, NULL);
    return 0;
}

void safepath_root_close(struct safepath_root *r)
{
    if (!r)
        return;
    if (r->fd >= 0)
        close(r->fd);
    free(r->abs);
    r->fd = -1;
    r->abs = NULL;
}

int safepath_is_dir_at(int dirfd, const char *rel)
{
    struct stat st;

    return fstatat(dirfd, rel, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

const char *safepath_kind_name(mode_t m)
{
    return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket"
           : S_ISCHR(m) || S_ISBLK(m) ? "a device" : S_ISLNK(m) ? "a symbolic link" : "a special file";
}

/* ---- resolution ------------------------------------------------------- */

/* path starts with the directory abs */
static int inside_abs(const char *abs, const char *path)
{
    size_t al = strlen(abs);

    return strncmp(path, abs, al) == 0 && (path[al] == '/' || path[al] == '\0');
}

/* An absolute link target written through another path to the same place
 * (the cache reached through a symlinked home, say): its folder's real
 * path, then its last component.  Only computes a name, reads nothing.
 * Returns the new length, or -1. */
static ssize_t absolute_in_root(const char *abs, char *target, size_t cap)
{
    char *slash = strrchr(target, '/'), *dir;
    char last[NAME_MAX + 1];
    ssize_t n;

    if (!slash || strlen(slash + 1) > NAME_MAX)
        return -1;
    snprintf(last, sizeof last, "%s", slash + 1);
    *slash = '\0';
    dir = realpath(*target ? target : "/", NULL);
    *slash = '/';
    if (!dir)
        return -1;
    n = snprintf(target, cap, "%s/%s", dir, last);
    free(dir);
    if (n < 0 || (size_t)n >= cap || !inside_abs(abs, target))
        return -1;
    return n;
}

int safepath_resolve(char **out, const struct safepath_root *r, const char *rel, int *links_out,
                     struct wa_err *err)
{
    /* canon: resolved prefix (real directories only); todo: what is left */
    char canon[SAFEPATH_MAX_PATH], todo[SAFEPATH_MAX_PATH], target[SAFEPATH_MAX_PATH];
    size_t clen = 0, tlen = strlen(rel);
    int links = 0;

    *out = NULL;
    if (links_out)
        *links_out = 0;
    if (tlen >= sizeof todo)
        return wa_err_set(err, WA_EIO, rel, -1, "path too long");
    memcpy(todo, rel, tlen + 1);
    canon[0] = '\0';

    while (tlen) {
        /* take the first component of todo */
        char *slash = memchr(todo, '/', tlen);
        size_t n = slash ? (size_t)(slash - todo) : tlen;
        char comp[NAME_MAX + 1];
        struct stat st;
        int last;

        if (n > NAME_MAX)
            return wa_err_set(err, WA_EIO, rel, -1, "path component too long");
        memcpy(comp, todo, n);
        comp[n] = '\0';
        if (slash) {
            tlen -= n + 1;
            memmove(todo, slash + 1, tlen + 1);
        } else {
            tlen = 0;
            todo[0] = '\0';
        }
        last = tlen == 0;
        if (n == 0 || strcmp(comp, ".") == 0)
            continue;
        if (strcmp(comp, "..") == 0) {
            if (clen == 0)
                return wa_err_set(err, WA_EUNSAFE, rel, -1, "leaves the model root (\"..\")");
            while (clen && canon[clen - 1] != '/')
                clen--;
            if (clen)
                clen--;   /* the separator */
            canon[clen] = '\0';
            continue;
        }
        if (clen + 1 + n + 1 > sizeof canon)
            return wa_err_set(err, WA_EIO, rel, -1, "path too long");
        size_t before = clen;
        if (clen)
            canon[clen++] = '/';
        memcpy(canon + clen, comp, n + 1);
        clen += n;

        if (fstatat(r->fd, canon, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            int e = errno;
            if (e == ENOENT || e == ENOTDIR)
                return wa_err_set(err, WA_ENOTFOUND, rel, -1, "%s does not exist%s", canon,
                                  links ? " (dangling symbolic link)" : "");
            return wa_err_sys(err, e, rel, "stat");
        }
        if (S_ISLNK(st.st_mode)) {
            ssize_t k;
            if (++links > SAFEPATH_MAX_LINKS)
                return wa_err_set(err, WA_EUNSAFE, rel, -1, "symbolic link loop (more than %d links)",
                                  SAFEPATH_MAX_LINKS);
            k = readlinkat(r->fd, canon, target, sizeof target - 1);
            if (k < 0)
                return wa_err_sys(err, errno, rel, "readlink");
            if ((size_t)k >= sizeof target - 1)
                return wa_err_set(err, WA_EIO, rel, -1, "symbolic link target too long");
            target[k] = '\0';
            if (k == 0)
                return wa_err_set(err, WA_ENOTFOUND, rel, -1, "%s is an empty symbolic link", canon);
            /* the link's own name leaves canon: its target is read from its directory */
            clen = before;
            canon[clen] = '\0';
            if (target[0] == '/') {
                size_t al = r->abs ? strlen(r->abs) : 0;
                if (r->abs && !inside_abs(r->abs, target))
                    k = absolute_in_root(r->abs, target, sizeof target);
                if (!r->abs || k < 0 || !inside_abs(r->abs, target))
                    return wa_err_set(err, WA_EUNSAFE, rel, -1,
                                      "symbolic link leaves the model root (-> %s)", target);
                /* absolute, but inside the root: restart from the root */
                memmove(target, target + al, (size_t)k - al + 1);
                k -= (ssize_t)al;
                clen = 0;
                canon[0] = '\0';
            }
            /* todo = target "/" todo */
            if ((size_t)k + 1 + tlen + 1 > sizeof todo)
                return wa_err_set(err, WA_EIO, rel, -1, "path too long");
            if (tlen) {
                memmove(todo + k + 1, todo, tlen + 1);
                todo[k] = '/';
                memcpy(todo, target, (size_t)k);
                tlen += (size_t)k + 1;
            } else {
                memcpy(todo, target, (size_t)k + 1);
                tlen = (size_t)k;
            }
            continue;
        }
        if (!last && !S_ISDIR(st.st_mode))
            return wa_err_set(err, WA_ENOTFOUND, rel, -1, "%s is not a directory", canon);
    }
    /* a ".." that climbed above the root through a link is caught above; the
     * result is the canonical path */
    *out = strdup(canon);
    if (!*out)
        return wa_err_set(err, WA_ENOMEM, rel, -1, "out of memory");
    if (links_out)
        *links_out = links;
    return 0;
}

int safepath_lstat(const struct safepath_root *r, const char *canon, struct stat *st,
                   struct wa_err *err)
{
    if (fstatat(r->fd, *canon ? canon : ".", st, AT_SYMLINK_NOFOLLOW | (*canon ? 0 : AT_EMPTY_PATH)) != 0) {
        int e = errno;
        if (e == ENOENT || e == ENOTDIR)
            return wa_err_set(err, WA_ENOTFOUND, canon, -1, "no such file");
        return wa_err_sys(err, e, canon, "stat");
    }
    return 0;
}

/* ---- opening ------------------------------------------------------------ */

#define OPEN_FLAGS (O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)

static int open_errno(int e, const char *canon, struct wa_err *err)
{
    if (e == ELOOP || e == EXDEV || e == ENOTDIR)
        return wa_err_set(err, WA_EUNSAFE, canon, -1,
                          "a symbolic link appeared in the path during the scan");
    if (e == ENOENT)
        return wa_err_set(err, WA_ENOTFOUND, canon, -1, "vanished during the scan");
    if (e == ENXIO)
        return wa_err_set(err, WA_EUNSAFE, canon, -1, "not a regular file (a socket)");
    return wa_err_sys(err, e, canon, "open");
}

#if defined(__linux__) && defined(SYS_openat2)
/* -1 with errno ENOSYS when the kernel (or a seccomp filter) lacks openat2 */
static int try_openat2(int dirfd, const char *canon, int flags)
{
    struct open_how how;

    memset(&how, 0, sizeof how);
    how.flags = (unsigned long long)flags;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    return (int)syscall(SYS_openat2, dirfd, canon, &how, sizeof how);
}
#endif

/* The fallback: every directory component opened with O_NOFOLLOW. */
static int walk_open(int rootfd, const char *canon, int flags)
{
    char comp[NAME_MAX + 1];
    const char *p = canon;
    int dfd = rootfd, fd;

    for (;;) {
        const char *slash = strchr(p, '/');
        size_t n;
        if (!slash)
            break;
        n = (size_t)(slash - p);
        if (n == 0 || n > NAME_MAX) {
            errno = ENOENT;
            fd = -1;
            goto out;
        }
        memcpy(comp, p, n);
        comp[n] = '\0';
        if (strcmp(comp, "..") == 0 || strcmp(comp, ".") == 0) {
            errno = EXDEV;
            fd = -1;
            goto out;
        }
        fd = openat(dfd, comp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dfd != rootfd)
            close(dfd);
        if (fd < 0)
            return -1;
        dfd = fd;
        p = slash + 1;
    }
    if (strcmp(p, "..") == 0 || strcmp(p, ".") == 0 || !*p) {
        errno = EXDEV;
        fd = -1;
        goto out;
    }
    fd = openat(dfd, p, flags | O_NOFOLLOW);
out:
    if (dfd != rootfd) {
        int e = errno;
        close(dfd);
        errno = e;
    }
    return fd;
}

static int open_once(int rootfd, const char *canon, int flags)
{
#if defined(__linux__) && defined(SYS_openat2)
    if (atomic_load(&openat2_enabled)) {
        int fd = try_openat2(rootfd, canon, flags);
        if (fd >= 0 || (errno != ENOSYS && errno != E2BIG && errno != EINVAL))
            return fd;
        if (errno != EINVAL)
            atomic_store(&openat2_enabled, 0);   /* not in this kernel: do not ask again */
    }
#endif
    return walk_open(rootfd, canon, flags);
}

int safepath_open(int *fdp, const struct safepath_root *r, const char *canon, struct stat *st,
                  struct wa_err *err)
{
    struct stat pre;
    int fd;

    *fdp = -1;
    if (!*canon)
        return wa_err_set(err, WA_EUNSAFE, canon, -1, "not a regular file (a directory)");
    /* refuse FIFOs, devices and sockets before any open */
    if (fstatat(r->fd, canon, &pre, AT_SYMLINK_NOFOLLOW) != 0)
        return open_errno(errno, canon, err);
    if (!S_ISREG(pre.st_mode)) {
        if (S_ISLNK(pre.st_mode))
            return wa_err_set(err, WA_EUNSAFE, canon, -1,
                              "a symbolic link appeared in the path during the scan");
        return wa_err_set(err, WA_EUNSAFE, canon, -1, "not a regular file (%s)", safepath_kind_name(pre.st_mode));
    }
    fd = open_once(r->fd, canon, OPEN_FLAGS | O_NOATIME);
    if (fd < 0 && errno == EPERM)      /* O_NOATIME needs ownership */
        fd = open_once(r->fd, canon, OPEN_FLAGS);
    if (fd < 0 && errno == EPERM && atomic_load(&openat2_enabled)) {
        /* a seccomp filter may refuse openat2 itself with EPERM */
        fd = walk_open(r->fd, canon, OPEN_FLAGS | O_NOATIME);
        if (fd < 0 && errno == EPERM)
            fd = walk_open(r->fd, canon, OPEN_FLAGS);
    }
    if (fd < 0)
        return open_errno(errno, canon, err);
    if (fstat(fd, st) != 0) {
        int e = errno;
        close(fd);
        return wa_err_sys(err, e, canon, "stat");
    }
    if (!S_ISREG(st->st_mode) || st->st_dev != pre.st_dev || st->st_ino != pre.st_ino) {
        close(fd);
        return wa_err_set(err, WA_EUNSAFE, canon, -1, "replaced during the scan");
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    *fdp = fd;
    return 0;
}
