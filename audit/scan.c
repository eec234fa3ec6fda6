/*
 * scan.c - the scan pipeline (see scan.h): layouts list the files, the pool
 * reads each distinct file once, then every model is checked and finalized.
 *
 * Reads are grouped by (root, canonical path): a blob shared by several
 * Ollama tags, a symlink and its target, are read once however many files
 * name them.  Results are kept in the read job and copied to every
 * file that names it once the pool is done, so workers never touch the
 * report (archive streams are the exception: a stream owns its model).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lfsptr.h"
#include "facts.h"
#include "lic_model.h"
#include "policy.h"
#include "pool.h"
#include "reader.h"
#include "repo.h"
#include "safepath.h"
#include "scan.h"
#include "stindex.h"

uint64_t scan_test_fail_read_at;
void (*scan_test_hook)(int phase, const char *root, const char *rel);

void scan_opts_init(struct scan_opts *o)
{
    memset(o, 0, sizeof *o);
    o->jobs = 1;
    o->mau = -1;
    o->manifest_from = "manifest";
}

void scan_result_free(struct scan_result *r)
{
    if (!r)
        return;
    report_free(r->rep);
    free(r->path_errors);
    memset(r, 0, sizeof *r);
}

void scan_analyze_model(struct rep_model *m, const struct scan_opts *o)
{
    struct wa_err e;

    /* the only error is running out of memory: the model keeps what was added */
    if (!o->licenses)
        return;
    wa_err_clear(&e);
    if (lic_analyze(m, o->licenses, &e) == 0 && o->policy_rules)
        (void)policy_apply(m, o->policy_rules, o->licenses, &e);
    if (o->facts)
        (void)facts_apply(m, o->facts, o->policy_rules, &e);
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

int scan_shard_of(const char *mpath, const char *fpath, int index, int count)
{
    uint64_t h = 14695981039346656037ULL;
    const char *base;

    if (count <= 0)
        return 1;
    /* only names that are the same on every machine: the file's path inside
     * the model, or for a whole archive its file name */
    if (fpath && *fpath) {
        h = fnv1a(h, fpath);
    } else {
        base = mpath ? strrchr(mpath, '/') : NULL;
        h = fnv1a(h, base ? base + 1 : mpath ? mpath : "");
    }
    return (int)(h % (uint64_t)count) == index - 1;
}

/* ---- one read ---------------------------------------------------------- */

struct target {
    size_t model, file;
};

enum { TASK_READ, TASK_STREAM };

struct read_job {
    int kind;                         /* TASK_READ */
    const char *root;                 /* borrowed from the model */
    const char *src;                  /* borrowed from the first file */
    const char *display;              /* path for error messages */
    struct target *t;
    size_t nt;
    uint64_t size;
    struct reader_opts ro;
    struct reader_result res;
    int rc;
    struct wa_err err;
};

struct scan_state {
    const struct scan_opts *o;
    struct repo_ctx rc;
    struct read_job *jobs;
    size_t n_jobs;
};

/* A reader source over a descriptor that reads into the worker's buffer and
 * counts the bytes for progress. */
struct wsrc {
    int fd;
    uint8_t *buf;
    size_t cap;
    uint64_t pos;
    const char *name;
    struct pool_worker *w;
};

static int wsrc_read(void *ctx, const uint8_t **p, size_t *n, struct wa_err *err)
{
    struct wsrc *s = ctx;
    size_t want = s->pos == 0 && s->cap > READER_FIRST_READ ? READER_FIRST_READ : s->cap;
    ssize_t k;

    do
        k = read(s->fd, s->buf, want);
    while (k < 0 && errno == EINTR);
    if (scan_test_fail_read_at && s->pos + (uint64_t)(k > 0 ? k : 0) >= scan_test_fail_read_at) {
        k = -1;
        errno = EIO;
    }
    if (k < 0) {
        wa_err_sys(err, errno, s->name, "read");
        err->offset = (int64_t)s->pos;
        return WA_EIO;
    }
    s->pos += (uint64_t)k;
    if (s->w)
        pool_worker_add_bytes(s->w, (uint64_t)k);
    *p = s->buf;
    *n = (size_t)k;
    return 0;
}

static int wsrc_skip_rest(void *ctx, uint64_t *skipped, struct wa_err *err)
{
    struct wsrc *s = ctx;
    struct stat st;

    if (fstat(s->fd, &st) != 0)
        return wa_err_sys(err, errno, s->name, "stat");
    *skipped = (uint64_t)st.st_size > s->pos ? (uint64_t)st.st_size - s->pos : 0;
    s->pos += *skipped;
    if (s->w)
        pool_worker_add_bytes(s->w, *skipped);
    return 0;
}

static void run_read(void *ctx, void *arg, struct pool_worker *w)
{
    struct read_job *j = arg;
    struct safepath_root root;
    struct reader_src src;
    struct wsrc ws;
    struct stat st;
    size_t bufsize;
    int fd = -1;

    (void)ctx;
    wa_err_clear(&j->err);
    reader_result_init(&j->res);
    if ((j->rc = safepath_root_open(&root, j->root, &j->err)))
        return;
    if (scan_test_hook)
        scan_test_hook(0, j->root, j->src);
    j->rc = safepath_open(&fd, &root, j->src, &st, &j->err);
    safepath_root_close(&root);
    if (j->rc)
        return;
    if (scan_test_hook)
        scan_test_hook(1, j->root, j->src);
    memset(&ws, 0, sizeof ws);
    ws.fd = fd;
    ws.buf = pool_worker_buf(w, &bufsize);
    ws.cap = bufsize;
    ws.name = j->display;
    ws.w = w;
    src.read = wsrc_read;
    src.skip_rest = wsrc_skip_rest;
    src.ctx = &ws;
    src.size = st.st_size;
#ifdef POSIX_FADV_SEQUENTIAL
    if (st.st_size > 0)
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    j->rc = reader_run(&j->res, &src, j->display, &j->ro, &j->err);
    /* rewritten in place while it was read (same size): the digest is of
     * bytes that may never have stood together in the file */
    if (j->rc == 0) {
        struct stat after;
        if (fstat(fd, &after) == 0 && (after.st_mtim.tv_sec != st.st_mtim.tv_sec ||
                                       after.st_mtim.tv_nsec != st.st_mtim.tv_nsec || after.st_size != st.st_size))
            j->rc = wa_err_set(&j->err, WA_EIO, j->display, -1,
                               "the file changed while it was read (its modification time moved)");
    }
    close(fd);
}

static void reader_opts_for(const struct rep_file *f, const struct scan_opts *o, struct reader_opts *ro)
{
    size_t cap = repo_capture_for(f);

    ro->validate = 1;
    ro->no_hash = o->no_hash;
    ro->sha1 = o->sha1;
    if (f->want_git_sha1 || (f->has_expected && strcmp(f->expected.algo, "git_sha1") == 0))
        ro->git_sha1 = 1;
    /* small files are kept whole so a Git LFS pointer is recognised */
    if (cap < LFSPTR_MAX && (f->size < 0 || f->size <= LFSPTR_MAX))
        cap = LFSPTR_MAX;
    if (cap > ro->capture_max)
        ro->capture_max = cap;
}

/* Store a reader result in a file (copies: one result may serve several). */
static int apply_result(struct rep_file *f, const struct reader_result *r)
{
    f->was_read = 1;
    f->size = (int64_t)r->size;
    f->has_sha256 = r->has_sha256;
    memcpy(f->sha256, r->sha256, sizeof f->sha256);
    f->has_git_sha1 = r->has_git_sha1;
    memcpy(f->git_sha1, r->git_sha1, sizeof f->git_sha1);
    f->has_sha1 = r->has_sha1;
    memcpy(f->sha1, r->sha1, sizeof f->sha1);
    f->format = r->format;
    f->valid = r->fmt.valid;
    f->tensors = r->fmt.tensors;
    f->parameters = r->fmt.parameters;
    if (f->role == ROLE_OTHER)
        f->role = repo_role_for(f->path, f->format);
    for (size_t i = 0; i < r->fmt.problems.n; i++) {
        const struct problem *p = &r->fmt.problems.v[i];
        if (problem_add(&f->problems, p->sev, p->code, p->offset, "%s", p->message))
            return WA_ENOMEM;
    }
    f->problems.dropped += r->fmt.problems.dropped;
    if (r->fmt.facts) {
        if (!f->facts) {
            if (!(f->facts = cJSON_Duplicate(r->fmt.facts, 1)))
                return WA_ENOMEM;
        } else {
            for (cJSON *it = r->fmt.facts->child; it; it = it->next)
                if (!cJSON_GetObjectItemCaseSensitive(f->facts, it->string))
                    cJSON_AddItemToObject(f->facts, it->string, cJSON_Duplicate(it, 1));
        }
    }
    free(f->content);
    f->content = NULL;
    f->content_len = 0;
    if (r->content) {
        if (!(f->content = malloc(r->content_len + 1)))
            return WA_ENOMEM;
        memcpy(f->content, r->content, r->content_len + 1);
        f->content_len = r->content_len;
        f->content_truncated = r->content_truncated;
    }
    if (r->fmt.tensor_n) {
        f->tensor_v = calloc(r->fmt.tensor_n, sizeof *f->tensor_v);
        if (!f->tensor_v)
            return WA_ENOMEM;
        for (size_t i = 0; i < r->fmt.tensor_n; i++) {
            f->tensor_v[i] = r->fmt.tensor_v[i];
            if (!(f->tensor_v[i].name = strdup(r->fmt.tensor_v[i].name)))
                return WA_ENOMEM;
            f->tensor_n++;
        }
    }
    return 0;
}

/* A failed read: the file's integrity says why. */
static void apply_error(struct rep_file *f, int rc, const struct wa_err *err)
{
    if (rc == WA_EUNSAFE) {
        f->integrity = INTEG_UNSAFE_PATH;
        repo_file_note(f, "%s", err->msg);
    } else {
        char buf[WA_ERR_MSG + 64];
        f->integrity = INTEG_UNREADABLE;
        if (err->offset >= 0)
            snprintf(buf, sizeof buf, "offset %lld: %s", (long long)err->offset, err->msg);
        else
            snprintf(buf, sizeof buf, "%s", err->msg);
        repo_file_note(f, "%s", buf);
    }
}

/* ---- stream tasks (archives) ---------------------------------------------- */

int repo_read_into(struct repo_ctx *rc, struct rep_file *f, struct reader_src *src, struct pool_worker *w)
{
    struct reader_opts ro;
    struct reader_result res;
    struct wa_err err;
    int r;

    (void)w;
    memset(&ro, 0, sizeof ro);
    reader_opts_for(f, rc->opts, &ro);
    reader_result_init(&res);
    wa_err_clear(&err);
    r = reader_run(&res, src, f->path, &ro, &err);
    if (r)
        apply_error(f, r, &err);
    else
        r = apply_result(f, &res);
    reader_result_free(&res);
    return r;
}

struct stream_arg {
    int kind;                         /* TASK_STREAM */
    struct scan_state *ss;
    struct repo_stream *st;
};

static void run_task(void *ctx, void *arg, struct pool_worker *w)
{
    if (*(const int *)arg == TASK_READ) {
        run_read(ctx, arg, w);
    } else {
        struct stream_arg *a = arg;
        a->st->fn(&a->ss->rc, a->st->model, a->st->arg, w);
    }
}

/* ---- listing ------------------------------------------------------------- */

static int add_path_error(struct scan_result *out, const struct wa_err *e)
{
    struct wa_err *v = realloc(out->path_errors, (out->n_path_errors + 1) * sizeof *v);

    if (!v)
        return WA_ENOMEM;
    out->path_errors = v;
    v[out->n_path_errors++] = *e;
    return 0;
}

static int list_path(struct scan_state *ss, struct scan_result *out, const char *path, struct wa_err *err)
{
    struct repo_probe pr;
    struct wa_err perr;
    const struct repo_ops *ops;
    int rc;

    wa_err_clear(&perr);
    pr.path = path;
    pr.fd = open(path, O_PATH | O_CLOEXEC);
    if (pr.fd < 0 || fstat(pr.fd, &pr.st) != 0) {
        int e = errno;
        if (e == ENOENT)
            wa_err_set(&perr, WA_ENOTFOUND, path, -1, "no such file or directory");
        else
            wa_err_sys(&perr, e, path, "open");
        if (pr.fd >= 0)
            close(pr.fd);
        return add_path_error(out, &perr);
    }
    if (!S_ISDIR(pr.st.st_mode) && !S_ISREG(pr.st.st_mode)) {
        close(pr.fd);
        wa_err_set(&perr, WA_EUNSAFE, path, -1, "not a directory, archive or regular file");
        return add_path_error(out, &perr);
    }
    ops = repo_detect(&pr);
    /* an archive is read in one pass: it belongs to one --shard part whole */
    if (ops->layout == LAYOUT_ARCHIVE && ss->o->shard_count &&
        !scan_shard_of(path, "", ss->o->shard_index, ss->o->shard_count)) {
        close(pr.fd);
        return 0;
    }
    rc = ops->list(&ss->rc, &pr, &perr);
    close(pr.fd);
    if (rc == WA_ENOMEM) {
        *err = perr;
        return rc;
    }
    if (rc) {
        if (!perr.file[0])
            snprintf(perr.file, sizeof perr.file, "%s", path);
        return add_path_error(out, &perr);
    }
    return 0;
}

/* ---- --manifest ------------------------------------------------------------ */

static int apply_manifest_to(struct rep_model *m, const struct manifest *mf, const char *from)
{
    size_t n_before = m->n_files;
    size_t *ix = repo_files_sorted(m);
    unsigned char *listed;

    if (!ix)
        return WA_ENOMEM;
    listed = calloc(n_before ? n_before : 1, 1);
    if (!listed) {
        free(ix);
        return WA_ENOMEM;
    }
    for (size_t i = 0; i < mf->n; i++) {
        const struct manifest_entry *e = &mf->v[i];
        long k = repo_files_find(m, ix, n_before, e->path);
        struct rep_file *f;
        if (k >= 0 && (size_t)k < n_before) {
            f = &m->files[k];
            listed[k] = 1;
        } else {
            if (!(f = repo_file_add(m, e->path))) {
                free(ix);
                free(listed);
                return WA_ENOMEM;
            }
            f->integrity = INTEG_MISSING;
            repo_file_note(f, "listed in the %s, not in the model", from);
        }
        repo_file_expect(f, "sha256", e->sha256, from, e->size);
    }
    for (size_t i = 0; i < n_before; i++) {
        const struct rep_file *f = &m->files[i];
        if (!listed[i] && f->integrity != INTEG_MISSING &&
            !report_add_finding(m, FIND_REVIEW, "manifest_extra", f->path, "%s is not in the %s", f->path, from)) {
            free(ix);
            free(listed);
            return WA_ENOMEM;
        }
    }
    free(ix);
    free(listed);
    return 0;
}

static int apply_manifest(struct report *rep, const struct manifest *mf, const char *from, struct wa_err *err)
{
    size_t applied = 0;

    for (size_t i = 0; i < rep->n_models; i++) {
        struct rep_model *m = &rep->models[i];
        int match = rep->n_models == 1 ||
                    (mf->name && m->name && strcmp(mf->name, m->name) == 0 &&
                     (!mf->revision || !m->revision || strcmp(mf->revision, m->revision) == 0));
        if (!match)
            continue;
        if (apply_manifest_to(m, mf, from))
            return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
        applied++;
    }
    if (!applied && rep->n_models)
        return wa_err_set(err, WA_EUSAGE, NULL, -1,
                          "the %s (name %s) matches none of the %zu models found; scan one model with it",
                          from, mf->name ? mf->name : "null", rep->n_models);
    return 0;
}

/* ---- building the reads ------------------------------------------------------ */

struct keyed {
    const char *root, *src;
    struct target t;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int r = strcmp(x->root, y->root);

    if (!r)
        r = strcmp(x->src, y->src);
    if (!r)
        r = (x->t.model > y->t.model) - (x->t.model < y->t.model);
    if (!r)
        r = (x->t.file > y->t.file) - (x->t.file < y->t.file);
    return r;
}

static int build_jobs(struct scan_state *ss, struct scan_result *out)
{
    struct report *rep = ss->rc.rep;
    struct keyed *k = NULL;
    size_t n = 0, cap = 0;

    for (size_t mi = 0; mi < rep->n_models; mi++) {
        struct rep_model *m = &rep->models[mi];
        for (size_t fi = 0; fi < m->n_files; fi++) {
            struct rep_file *f = &m->files[fi];
            if (ss->o->shard_count && f->role == ROLE_WEIGHTS &&
                !scan_shard_of(m->path, f->path, ss->o->shard_index, ss->o->shard_count))
                f->shard_out = 1;
            if (!f->src || !m->root || f->shard_out || f->integrity != INTEG_UNVERIFIED)
                continue;
            if (n == cap) {
                size_t nc = cap ? cap * 2 : 64;
                struct keyed *v = realloc(k, nc * sizeof *v);
                if (!v) {
                    free(k);
                    return WA_ENOMEM;
                }
                k = v;
                cap = nc;
            }
            k[n].root = m->root;
            k[n].src = f->src;
            k[n].t.model = mi;
            k[n].t.file = fi;
            n++;
        }
    }
    if (n)
        qsort(k, n, sizeof *k, cmp_keyed);
    ss->jobs = calloc(n ? n : 1, sizeof *ss->jobs);
    if (!ss->jobs) {
        free(k);
        return WA_ENOMEM;
    }
    for (size_t i = 0; i < n;) {
        size_t e = i;
        struct read_job *j = &ss->jobs[ss->n_jobs++];
        j->kind = TASK_READ;
        while (e < n && strcmp(k[e].root, k[i].root) == 0 && strcmp(k[e].src, k[i].src) == 0)
            e++;
        j->root = k[i].root;
        j->src = k[i].src;
        j->t = malloc((e - i) * sizeof *j->t);
        if (!j->t) {
            free(k);
            return WA_ENOMEM;
        }
        for (size_t x = i; x < e; x++) {
            struct rep_file *f = &rep->models[k[x].t.model].files[k[x].t.file];
            j->t[j->nt++] = k[x].t;
            reader_opts_for(f, ss->o, &j->ro);
            if (f->size > 0 && (uint64_t)f->size > j->size)
                j->size = (uint64_t)f->size;
        }
        j->display = rep->models[k[i].t.model].files[k[i].t.file].path;
        i = e;
    }
    out->files_to_read += ss->n_jobs;
    free(k);
    return 0;
}

/* ---- the checks ----------------------------------------------------------------- */

static int is_integrity_code(const char *code)
{
    static const char *const own[] = { "integrity_mismatch", "lfs_pointer", "download_incomplete",
                                       "file_missing", "file_unreadable", "unsafe_path", NULL };
    for (const char *const *c = own; *c; c++)
        if (strcmp(*c, code) == 0)
            return 1;
    return 0;
}

static void compare_expected(struct rep_file *f, const struct scan_opts *o)
{
    const struct rep_expected *e = &f->expected;
    const char *got = NULL;

    if (e->size >= 0 && f->size >= 0 && f->size != e->size) {
        f->integrity = INTEG_MISMATCH;
        repo_file_note(f, "%lld bytes, %s recorded %lld", (long long)f->size, e->from, (long long)e->size);
        return;
    }
    if (strcmp(e->algo, "sha256") == 0 && f->has_sha256)
        got = f->sha256;
    else if (strcmp(e->algo, "git_sha1") == 0 && f->has_git_sha1)
        got = f->git_sha1;
    if (!got) {
        if (o->no_hash)
            repo_file_note(f, "not hashed (--no-hash)");
        return;
    }
    if (strcmp(got, e->hex) == 0) {
        f->integrity = INTEG_VERIFIED;
    } else {
        f->integrity = INTEG_MISMATCH;
        if (!f->note)   /* a layout may have said more (git: line ends) */
            repo_file_note(f, "%s %s, %s recorded %s", strcmp(e->algo, "sha256") == 0 ? "sha256" : "git blob id",
                       got, e->from, e->hex);
    }
}

static int check_file(struct rep_model *m, struct rep_file *f, const struct scan_opts *o)
{
    const char *note = f->note ? f->note : "";
    struct lfsptr lp;
    int rc = 0;

    if (f->was_read && f->integrity == INTEG_UNVERIFIED) {
        if (f->content && f->size >= 0 && f->size <= LFSPTR_MAX && f->content_len == (size_t)f->size &&
            lfsptr_parse(&lp, f->content, f->content_len, NULL) == 0) {
            f->integrity = INTEG_LFS_POINTER;
            repo_file_note(f, "a Git LFS pointer (oid sha256:%s, size %llu) stands where the file should be: "
                              "the content was never downloaded", lp.oid, (unsigned long long)lp.size);
            f->valid = -1;            /* the pointer is not the weights: no format verdict */
            f->format = FORMAT_TEXT;
            f->tensors = f->parameters = -1;
            problem_list_free(&f->problems);
        } else if (f->has_expected) {
            compare_expected(f, o);
        }
    }
    note = f->note ? f->note : "";
#define FIND(sev, code, ...) \
    do { if (!report_add_finding(m, sev, code, f->path, __VA_ARGS__)) rc = WA_ENOMEM; } while (0)
    switch (f->integrity) {
    case INTEG_MISMATCH:
        FIND(FIND_DENY, "integrity_mismatch", "%s: content differs from what %s recorded: %s", f->path,
             f->expected.from, note);
        break;
    case INTEG_LFS_POINTER:
        FIND(FIND_DENY, "lfs_pointer", "%s: %s", f->path, note);
        break;
    case INTEG_INCOMPLETE:
        FIND(FIND_DENY, "download_incomplete", "%s: download incomplete%s%s", f->path, *note ? ": " : "", note);
        break;
    case INTEG_MISSING:
        FIND(f->has_expected && strcmp(f->expected.from, "local-dir-metadata") == 0 ? FIND_REVIEW : FIND_DENY,
             "file_missing", "%s: missing%s%s", f->path, *note ? ": " : "", note);
        break;
    case INTEG_UNREADABLE:
        /* a weight file that could not be read is not proved intact: no allow */
        FIND(f->role == ROLE_WEIGHTS || f->role == ROLE_INDEX ? FIND_DENY : FIND_REVIEW, "file_unreadable",
             "%s: could not be read%s%s", f->path, *note ? ": " : "", note);
        break;
    case INTEG_UNSAFE_PATH:
        FIND(FIND_DENY, "unsafe_path", "%s: %s", f->path, *note ? note : "unsafe path");
        break;
    case INTEG_UNVERIFIED:
    case INTEG_VERIFIED:
        break;
    }
    /* a weight file in no format weightaudit checks (a llamafile executable,
     * a .nemo or .mar archive of pickles and code, a torch tar): hashed but
     * not validated nor scanned for code, so not an allow on its own */
    if (f->role == ROLE_WEIGHTS && f->format == FORMAT_OTHER && f->was_read && f->integrity != INTEG_LFS_POINTER &&
        !repo_weights_inert(f->path))
        FIND(FIND_REVIEW, "weights_format_unknown",
             "%s: named like a weight file, but in no format weightaudit can check: hashed, not validated or "
             "scanned for code", f->path);
    if (f->valid == 0) {
        const struct problem *p = problem_first(&f->problems, SEV_ERROR);
        if (p && p->offset >= 0)
            FIND(FIND_DENY, "file_invalid", "%s: invalid %s: offset %lld: %s: %s", f->path, fmt_name(f->format),
                 (long long)p->offset, p->code, p->message);
        else
            FIND(FIND_DENY, "file_invalid", "%s: invalid %s%s%s%s%s", f->path, fmt_name(f->format),
                 p ? ": " : "", p ? p->code : "", p ? ": " : "", p ? p->message : "");
    }
    /* well-formed but dangerous or doubtful (a pickle importing os.system) */
    for (size_t i = 0; i < f->problems.n; i++) {
        const struct problem *p = &f->problems.v[i];
        if ((p->sev == SEV_DENY || p->sev == SEV_REVIEW) && !is_integrity_code(p->code))
            FIND(p->sev == SEV_DENY ? FIND_DENY : FIND_REVIEW, p->code, "%s: %s", f->path, p->message);
    }
#undef FIND
    return rc;
}

static char *dir_of(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? strndup(path, (size_t)(s - path)) : strdup("");
}

static int check_index(struct rep_model *m, size_t fi, const size_t *sorted)
{
    struct rep_file *idx = &m->files[fi];
    struct stindex *ix = NULL;
    struct stindex_shard *sh = NULL;
    struct wa_err err;
    char **paths = NULL;
    char *dir;
    int rc = 0;

    if (!idx->was_read || idx->integrity == INTEG_LFS_POINTER || idx->integrity == INTEG_UNSAFE_PATH)
        return 0;
    if (!idx->content || idx->content_truncated)
        return report_add_finding(m, FIND_DENY, "index_invalid", idx->path,
                                  "%s: larger than %u bytes, not cross-checked", idx->path, REPO_INDEX_MAX)
                   ? 0 : WA_ENOMEM;
    wa_err_clear(&err);
    rc = stindex_parse(&ix, idx->content, idx->content_len, idx->path, &err);
    if (rc == WA_ENOMEM)
        return rc;
    if (rc) {
        char buf[WA_ERR_FILE + WA_ERR_MSG + 64];
        wa_err_format(&err, buf, sizeof buf);
        return report_add_finding(m, FIND_DENY, "index_invalid", idx->path, "%s", buf) ? 0 : WA_ENOMEM;
    }
    if (!(dir = dir_of(idx->path)) || !(sh = calloc(ix->n_shards ? ix->n_shards : 1, sizeof *sh)) ||
        !(paths = calloc(ix->n_shards ? ix->n_shards : 1, sizeof *paths))) {
        rc = WA_ENOMEM;
        goto done;
    }
    for (size_t s = 0; s < ix->n_shards; s++) {
        long k;
        if (!(paths[s] = repo_join(dir, ix->shards[s]))) {
            rc = WA_ENOMEM;
            goto done;
        }
        sh[s].path = paths[s];
        k = repo_files_find(m, sorted, m->n_files, paths[s]);
        if (k < 0) {
            sh[s].state = STINDEX_ABSENT;
            continue;
        }
        const struct rep_file *f = &m->files[k];
        if (f->integrity == INTEG_MISSING || f->integrity == INTEG_INCOMPLETE || f->integrity == INTEG_LFS_POINTER)
            sh[s].state = f->integrity == INTEG_MISSING ? STINDEX_ABSENT : STINDEX_UNKNOWN;
        else if (f->was_read && f->valid == 1 && f->format == FORMAT_SAFETENSORS)
            sh[s].state = STINDEX_READ;
        else
            sh[s].state = STINDEX_UNKNOWN;
        sh[s].tensors = f->tensor_v;
        sh[s].n_tensors = f->tensor_n;
    }
    rc = stindex_check(m, idx->path, ix, sh);
done:
    if (paths)
        for (size_t s = 0; s < ix->n_shards; s++)
            free(paths[s]);
    free(paths);
    free(sh);
    free(dir);
    stindex_free(ix);
    return rc;
}

static int check_model(struct rep_model *m, const struct scan_opts *o)
{
    size_t unverified = 0, weights = 0, read = 0;
    size_t *sorted;
    int rc = 0;

    for (size_t i = 0; i < m->n_files && !rc; i++) {
        struct rep_file *f = &m->files[i];
        if (f->shard_out)
            continue;
        rc = check_file(m, f, o);
        if (f->integrity == INTEG_UNVERIFIED)
            unverified++;
        if (f->role == ROLE_WEIGHTS && f->integrity != INTEG_MISSING && f->integrity != INTEG_LFS_POINTER)
            weights++;
        read += f->was_read;
    }
    if (rc)
        return rc;
    if (!(sorted = repo_files_sorted(m)))
        return WA_ENOMEM;
    for (size_t i = 0; i < m->n_files && !rc; i++)
        if (m->files[i].role == ROLE_INDEX && !m->files[i].shard_out)
            rc = check_index(m, i, sorted);
    free(sorted);
    if (rc)
        return rc;
    for (size_t i = 0; i < m->n_files; i++)
        weights += m->files[i].shard_out && m->files[i].role == ROLE_WEIGHTS;
    m->parameters = facts_parameters(m);
    if (!weights && !report_add_finding(m, FIND_REVIEW, "weights_absent", NULL,
                                        "no weight file in the model (%zu files)", m->n_files))
        return WA_ENOMEM;
    if (o->no_hash && read &&
        !report_add_finding(m, FIND_INFO, "hash_skipped", NULL,
                            "--no-hash: headers were validated and sizes compared, no file was hashed"))
        return WA_ENOMEM;
    if (unverified && !o->no_hash &&
        !report_add_finding(m, FIND_INFO, "integrity_unverified", NULL,
                            "%zu of %zu files have no recorded hash to be checked against", unverified,
                            m->n_files))
        return WA_ENOMEM;
    scan_analyze_model(m, o);
    return 0;
}

/* Files another --shard part reads are left out of this part's report. */
static void drop_shard_out(struct rep_model *m)
{
    size_t k = 0;

    for (size_t i = 0; i < m->n_files; i++) {
        struct rep_file *f = &m->files[i];
        if (f->shard_out) {
            free(f->path);
            free(f->src);
            free(f->note);
            free(f->content);
            problem_list_free(&f->problems);
            cJSON_Delete(f->facts);
            for (size_t t = 0; t < f->tensor_n; t++)
                free(f->tensor_v[t].name);
            free(f->tensor_v);
            continue;
        }
        if (k != i)
            m->files[k] = *f;
        k++;
    }
    m->n_files = k;
}

/* ---- the pipeline ---------------------------------------------------------------- */

int scan_run(struct scan_result *out, const char *const *paths, size_t n, const struct scan_opts *o,
             struct wa_err *err)
{
    struct scan_state ss;
    struct pool_task *tasks = NULL;
    struct stream_arg *sargs = NULL;
    struct pool_opts po;
    int rc = 0;

    memset(out, 0, sizeof *out);
    memset(&ss, 0, sizeof ss);
    ss.o = o;
    if (!(out->rep = report_new()))
        return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
    out->rep->timestamp = report_now();
    out->rep->shard_index = o->shard_count ? o->shard_index : 0;
    out->rep->shard_count = o->shard_count;
    ss.rc.rep = out->rep;
    ss.rc.opts = o;

    for (size_t i = 0; i < n && !rc; i++)
        rc = list_path(&ss, out, paths[i], err);
    if (rc)
        goto done;
    if ((rc = build_jobs(&ss, out)))
        goto nomem;

    tasks = calloc(ss.n_jobs + ss.rc.n_streams + 1, sizeof *tasks);
    sargs = calloc(ss.rc.n_streams + 1, sizeof *sargs);
    if (!tasks || !sargs)
        goto nomem;
    for (size_t i = 0; i < ss.n_jobs; i++) {
        tasks[i].size = ss.jobs[i].size;
        tasks[i].arg = &ss.jobs[i];
    }
    memset(&po, 0, sizeof po);
    po.threads = o->jobs;
    po.buf_size = READER_CHUNK;
    po.progress = o->progress;
    po.progress_ctx = o->progress_ctx;
    /* streams (archives) read their own entries; their models are theirs alone */
    for (size_t i = 0; i < ss.rc.n_streams; i++) {
        sargs[i].kind = TASK_STREAM;
        sargs[i].ss = &ss;
        sargs[i].st = &ss.rc.streams[i];
        tasks[ss.n_jobs + i].size = ss.rc.streams[i].size;
        tasks[ss.n_jobs + i].arg = &sargs[i];
    }
    if ((rc = pool_run(tasks, ss.n_jobs + ss.rc.n_streams, run_task, &ss, &po, err)))
        goto done;

    for (size_t i = 0; i < ss.n_jobs; i++) {
        struct read_job *j = &ss.jobs[i];
        for (size_t t = 0; t < j->nt; t++) {
            struct rep_file *f = &out->rep->models[j->t[t].model].files[j->t[t].file];
            if (j->rc)
                apply_error(f, j->rc, &j->err);
            else if (apply_result(f, &j->res))
                goto nomem;
        }
        if (!j->rc)
            out->files_read++;
        reader_result_free(&j->res);
    }
    /* expected hashes from --manifest: once every file is known (archive
     * entries only are after their stream ran) */
    if (o->manifest && (rc = apply_manifest(out->rep, o->manifest, o->manifest_from, err)))
        goto done;
    for (size_t mi = 0; mi < out->rep->n_models; mi++) {
        struct rep_model *m = &out->rep->models[mi];
        const struct repo_ops *ops = repo_ops_for(m->layout);
        if (m->layout == LAYOUT_ARCHIVE)
            for (size_t fi = 0; fi < m->n_files; fi++) {
                out->files_to_read += m->files[fi].was_read || m->files[fi].integrity == INTEG_UNREADABLE;
                out->files_read += m->files[fi].was_read;
            }
        if (ops->after_read)
            ops->after_read(&ss.rc, mi);
        if ((rc = check_model(m, o)))
            goto nomem;
        drop_shard_out(m);
    }
    report_finalize(out->rep);
    goto done;
nomem:
    rc = wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
done:
    for (size_t i = 0; i < ss.n_jobs; i++) {
        reader_result_free(&ss.jobs[i].res);
        free(ss.jobs[i].t);
    }
    free(ss.jobs);
    for (size_t i = 0; i < ss.rc.n_streams; i++)
        if (ss.rc.streams[i].free_arg)
            ss.rc.streams[i].free_arg(ss.rc.streams[i].arg);
    free(ss.rc.streams);
    free(tasks);
    free(sargs);
    return rc;
}
