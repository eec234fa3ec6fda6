/*
 * repo_archive.c - a model shipped as an archive (.tar, .tar.gz, .tar.zst,
 * .tar.xz, .tar.bz2, .zip), read with libarchive as a stream and never
 * extracted: each entry's bytes go straight through the reader (hash,
 * validator, capture), in one worker, in archive order.  This is the only
 * module that talks to libarchive; its errors are translated here.
 *
 * Nothing in an archive records what its files should hash to, so entries
 * are "unverified" unless scan --manifest gives the hashes.  Entry names
 * that are absolute or climb with ".." are unsafe-path (their data is not
 * read), as are devices and FIFOs, and symlinks whose target would leave
 * the archive's tree.  Against archive bombs: at most ARCHIVE_MAX_ENTRIES
 * entries, and at most ARCHIVE_RATIO x the archive's size (plus
 * ARCHIVE_SLACK) of uncompressed bytes; past either the reading stops with a
 * deny finding.  A single top-level folder shared by every entry (what
 * `tar czf model.tar.gz model/` makes) is not part of the file paths, so a
 * manifest written from the folder matches the archive.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "pool.h"
#include "repo.h"
#include "scan.h"

#define ARCHIVE_MAX_ENTRIES 100000
#define ARCHIVE_RATIO 200ULL
#define ARCHIVE_SLACK (4ULL << 30)
#define ARCHIVE_BLOCK (1u << 20)

static const char *const suffixes[] = {
    ".tar", ".tar.gz", ".tgz", ".tar.zst", ".tar.zstd", ".tzst", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".zip",
    NULL,
};

static int ar_detect(const struct repo_probe *pr)
{
    size_t n = strlen(pr->path);

    if (!S_ISREG(pr->st.st_mode))
        return 0;
    for (const char *const *s = suffixes; *s; s++) {
        size_t k = strlen(*s);
        if (n > k && strcasecmp(pr->path + n - k, *s) == 0)
            return 1;
    }
    return 0;
}

struct ar_arg {
    char *path;
};

static void ar_free(void *p)
{
    struct ar_arg *a = p;

    if (a)
        free(a->path);
    free(a);
}

/* ---- reading ------------------------------------------------------------ */

struct ar_read {
    int fd;
    unsigned char *buf;
    uint64_t compressed;
    struct pool_worker *w;
};

static la_ssize_t read_cb(struct archive *a, void *ctx, const void **buf)
{
    struct ar_read *r = ctx;
    ssize_t k;

    do
        k = read(r->fd, r->buf, ARCHIVE_BLOCK);
    while (k < 0 && errno == EINTR);
    if (k < 0) {
        archive_set_error(a, errno, "read: %s", strerror(errno));
        return -1;
    }
    r->compressed += (uint64_t)k;
    if (r->w)
        pool_worker_add_bytes(r->w, (uint64_t)k);
    *buf = r->buf;
    return k;
}

/* One entry's data as a reader source: sparse holes come back as zeros. */
struct entry_src {
    struct archive *a;
    int64_t pos;                      /* bytes handed out */
    int64_t size;                     /* entry size, -1 unknown */
    const uint8_t *blk;               /* a block waiting behind a hole */
    size_t blk_n;
    int64_t blk_off;
    int eof;
    uint64_t *total;                  /* uncompressed bytes so far, all entries */
    uint64_t limit;
    int over;                         /* the limit was hit */
};

static const uint8_t zeros[65536];

static int entry_read(void *ctx, const uint8_t **p, size_t *n, struct wa_err *err)
{
    struct entry_src *s = ctx;

    for (;;) {
        if (s->blk) {
            if (s->blk_off > s->pos) {        /* a hole before the block */
                int64_t gap = s->blk_off - s->pos;
                *n = gap > (int64_t)sizeof zeros ? sizeof zeros : (size_t)gap;
                *p = zeros;
            } else {
                *p = s->blk;
                *n = s->blk_n;
                s->blk = NULL;
            }
            break;
        }
        if (s->eof) {
            if (s->size > s->pos) {           /* a hole at the end */
                int64_t gap = s->size - s->pos;
                *n = gap > (int64_t)sizeof zeros ? sizeof zeros : (size_t)gap;
                *p = zeros;
                break;
            }
            *n = 0;
            return 0;
        }
        {
            const void *b;
            size_t len;
            la_int64_t off;
            int r = archive_read_data_block(s->a, &b, &len, &off);
            if (r == ARCHIVE_EOF) {
                s->eof = 1;
                continue;
            }
            if (r < ARCHIVE_WARN) {
                wa_err_set(err, WA_EIO, NULL, s->pos, "archive: %s",
                           archive_error_string(s->a) ? archive_error_string(s->a) : "read error");
                return WA_EIO;
            }
            if (off < s->pos) {
                wa_err_set(err, WA_EIO, NULL, s->pos, "archive: data blocks out of order");
                return WA_EIO;
            }
            s->blk = b;
            s->blk_n = len;
            s->blk_off = off;
            if (!len)
                s->blk = NULL;
        }
    }
    s->pos += (int64_t)*n;
    *s->total += *n;
    if (*s->total > s->limit) {
        s->over = 1;
        wa_err_set(err, WA_ETOOBIG, NULL, s->pos, "archive: more uncompressed data than allowed");
        return WA_ETOOBIG;
    }
    return 0;
}

static int entry_skip_rest(void *ctx, uint64_t *skipped, struct wa_err *err)
{
    struct entry_src *s = ctx;

    if (s->size < 0) {
        *skipped = 0;     /* libarchive passes over the rest at the next header */
        return 0;
    }
    *skipped = s->size > s->pos ? (uint64_t)(s->size - s->pos) : 0;
    s->pos += (int64_t)*skipped;
    if (archive_read_data_skip(s->a) < ARCHIVE_WARN)
        return wa_err_set(err, WA_EIO, NULL, s->pos, "archive: %s",
                          archive_error_string(s->a) ? archive_error_string(s->a) : "skip failed");
    return 0;
}

/* Clean an entry name: strip "./" and leading "/" duplicates; 0 when the
 * name stays inside, -1 when it is absolute or climbs with "..". */
static int clean_name(char *out, size_t cap, const char *name)
{
    size_t k = 0;
    int unsafe = name[0] == '/';
    const char *p = name;

    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            unsafe = 1;
        if (n && !(n == 1 && p[0] == '.')) {
            if (k + n + 2 > cap)
                return -1;
            if (k)
                out[k++] = '/';
            memcpy(out + k, p, n);
            k += n;
        }
        p = e ? e + 1 : p + n;
    }
    out[k] = '\0';
    return unsafe || k == 0 ? -1 : 0;
}

/* Does a link at path with this target stay inside the tree? */
static int link_inside(const char *path, const char *target)
{
    int depth = 0;
    const char *p;

    if (target[0] == '/')
        return 0;
    for (p = path; *p; p++)
        depth += *p == '/';
    for (p = target; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (--depth < 0)
                return 0;
        } else if (n && !(n == 1 && p[0] == '.')) {
            depth++;
        }
        p = e ? e + 1 : p + n;
    }
    return 1;
}

static void strip_common_folder(struct rep_model *m)
{
    size_t plen = 0;

    if (!m->n_files)
        return;
    {
        const char *s = strchr(m->files[0].path, '/');
        if (!s)
            return;
        plen = (size_t)(s - m->files[0].path) + 1;
    }
    for (size_t i = 0; i < m->n_files; i++) {
        const char *p = m->files[i].path;
        if (m->files[i].integrity == INTEG_UNSAFE_PATH || strlen(p) <= plen ||
            strncmp(p, m->files[0].path, plen) != 0)
            return;
    }
    /* roles come from base names: they do not change */
    for (size_t i = 0; i < m->n_files; i++) {
        char *p = m->files[i].path;
        memmove(p, p + plen, strlen(p + plen) + 1);
    }
}

static void ar_stream(struct repo_ctx *rc, size_t model, void *arg, struct pool_worker *w)
{
    struct ar_arg *aa = arg;
    struct rep_model *m = &rc->rep->models[model];
    struct archive *a = NULL;
    struct archive_entry *e = NULL;
    struct ar_read rd;
    struct stat st;
    uint64_t total = 0, limit;
    size_t entries = 0, max_entries;
    char name[4096];

    memset(&rd, 0, sizeof rd);
    rd.w = w;
    rd.fd = open(aa->path, O_RDONLY | O_CLOEXEC | O_NOATIME);
    if (rd.fd < 0 && errno == EPERM)
        rd.fd = open(aa->path, O_RDONLY | O_CLOEXEC);
    if (rd.fd < 0 || fstat(rd.fd, &st) != 0) {
        report_add_finding(m, FIND_DENY, "archive_invalid", NULL, "%s: cannot be opened: %s", aa->path,
                           strerror(errno));
        goto done;
    }
    limit = rc->opts->archive_max_bytes ? rc->opts->archive_max_bytes
                                        : (uint64_t)st.st_size * ARCHIVE_RATIO + ARCHIVE_SLACK;
    max_entries = rc->opts->archive_max_entries ? rc->opts->archive_max_entries : ARCHIVE_MAX_ENTRIES;
    if (!(rd.buf = malloc(ARCHIVE_BLOCK)) || !(a = archive_read_new()) || !(e = archive_entry_new())) {
        report_add_finding(m, FIND_DENY, "archive_invalid", NULL, "%s: out of memory", aa->path);
        goto done;
    }
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_zstd(a);
    archive_read_support_filter_xz(a);
    archive_read_support_filter_bzip2(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    archive_read_support_format_zip(a);
    if (archive_read_open(a, &rd, NULL, read_cb, NULL) != ARCHIVE_OK) {
        report_add_finding(m, FIND_DENY, "archive_invalid", NULL, "%s: not a readable archive: %s", aa->path,
                           archive_error_string(a) ? archive_error_string(a) : "unknown error");
        goto done;
    }
    for (;;) {
        int r = archive_read_next_header2(a, e);
        const char *raw;
        struct rep_file *f;
        if (r == ARCHIVE_EOF)
            break;
        if (r < ARCHIVE_WARN) {
            report_add_finding(m, FIND_DENY, "archive_invalid", NULL,
                               "%s: unreadable after %zu entries: %s (the rest was not audited)", aa->path, entries,
                               archive_error_string(a) ? archive_error_string(a) : "unknown error");
            break;
        }
        if (++entries > max_entries) {
            report_add_finding(m, FIND_DENY, "archive_limit", NULL,
                               "%s: more than %zu entries; reading stopped (a possible archive bomb)", aa->path,
                               max_entries);
            break;
        }
        raw = archive_entry_pathname(e);
        if (!raw)
            raw = "";
        if (archive_entry_filetype(e) == AE_IFDIR)
            continue;
        if (clean_name(name, sizeof name, raw) != 0) {
            if (!(f = repo_file_add(m, raw[0] ? raw : "(empty name)")))
                break;
            f->integrity = INTEG_UNSAFE_PATH;
            repo_file_note(f, "the entry name leaves the archive's tree (absolute or \"..\"); not read");
            continue;
        }
        if (!(f = repo_file_add(m, name)))
            break;
        if (archive_entry_hardlink(e) || archive_entry_filetype(e) == AE_IFLNK) {
            const char *t = archive_entry_hardlink(e) ? archive_entry_hardlink(e) : archive_entry_symlink(e);
            int hard = archive_entry_hardlink(e) != NULL;
            char tgt[4096];
            if (!t)
                t = "";
            if (hard ? clean_name(tgt, sizeof tgt, t) != 0 : !link_inside(name, t)) {
                f->integrity = INTEG_UNSAFE_PATH;
                repo_file_note(f, "a %s link to %s, outside the archive's tree", hard ? "hard" : "symbolic", t);
            } else {
                if (!f->facts)
                    f->facts = cJSON_CreateObject();
                cJSON_AddStringToObject(f->facts, hard ? "hardlink" : "symlink", t);
            }
            continue;
        }
        if (archive_entry_filetype(e) != AE_IFREG) {
            f->integrity = INTEG_UNSAFE_PATH;
            repo_file_note(f, "not a regular file (a device, FIFO or socket entry)");
            continue;
        }
        {
            struct entry_src es;
            struct reader_src src;
            memset(&es, 0, sizeof es);
            es.a = a;
            es.size = archive_entry_size_is_set(e) ? archive_entry_size(e) : -1;
            es.total = &total;
            es.limit = limit;
            f->size = es.size;
            f->mtime = archive_entry_mtime_is_set(e) ? (double)archive_entry_mtime(e) + (double)archive_entry_mtime_nsec(e) / 1e9 : -1;
            src.read = entry_read;
            src.skip_rest = es.size >= 0 ? entry_skip_rest : NULL;
            src.ctx = &es;
            src.size = es.size;
            if (repo_read_into(rc, f, &src, w) == WA_ENOMEM)
                break;
            m = &rc->rep->models[model];
            if (es.over) {
                report_add_finding(m, FIND_DENY, "archive_limit", NULL,
                                   "%s: more than %llu bytes uncompressed; reading stopped (a possible archive "
                                   "bomb)", aa->path, (unsigned long long)limit);
                break;
            }
            if (f->integrity == INTEG_UNREADABLE) {
                report_add_finding(m, FIND_DENY, "archive_invalid", f->path,
                                   "%s: the archive is damaged at %s (the rest was not audited)", aa->path, f->path);
                break;
            }
        }
    }
    strip_common_folder(m);
    /* the same path twice: extracting keeps the last one */
    {
        size_t *ix = repo_files_sorted(m);
        for (size_t i = 1; ix && i < m->n_files; i++)
            if (strcmp(m->files[ix[i]].path, m->files[ix[i - 1]].path) == 0)
                report_add_finding(m, FIND_REVIEW, "archive_duplicate_entry", m->files[ix[i]].path,
                                   "%s appears twice in the archive; extracting keeps the last one",
                                   m->files[ix[i]].path);
        free(ix);
    }
done:
    if (e)
        archive_entry_free(e);
    if (a)
        archive_read_free(a);
    if (rd.fd >= 0)
        close(rd.fd);
    free(rd.buf);
}

static int ar_list(struct repo_ctx *rc, const struct repo_probe *pr, struct wa_err *err)
{
    struct ar_arg *a = calloc(1, sizeof *a);
    long mi;

    if (!a || !(a->path = strdup(pr->path))) {
        ar_free(a);
        return wa_err_set(err, WA_ENOMEM, pr->path, -1, "out of memory");
    }
    mi = repo_model_add(rc, LAYOUT_ARCHIVE, pr->path, NULL);
    if (mi < 0 || repo_add_stream(rc, (size_t)mi, ar_stream, a, ar_free, (uint64_t)pr->st.st_size)) {
        ar_free(a);
        return wa_err_set(err, WA_ENOMEM, pr->path, -1, "out of memory");
    }
    return 0;
}

const struct repo_ops repo_archive = {
    .name = "archive",
    .layout = LAYOUT_ARCHIVE,
    .detect = ar_detect,
    .list = ar_list,
};
