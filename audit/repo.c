/*
 * repo.c - the layout table and what the layout modules share (see repo.h):
 * roles and capture by file name, the bounded directory walker, placing a
 * file found on disk beneath its root.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "repo.h"

/* Order matters: the first layout whose detect() says yes wins.  Archives
 * are files; the hf cache and Ollama store have distinctive folders; a git
 * work tree has .git; a local-dir download has .cache/huggingface/download;
 * anything else is a plain directory. */
static const struct repo_ops *const layouts[] = {
    &repo_archive, &repo_hfcache, &repo_ollama, &repo_git, &repo_localdir, &repo_dir,
};
#define N_LAYOUTS (sizeof layouts / sizeof layouts[0])

const struct repo_ops *repo_detect(const struct repo_probe *pr)
{
    for (size_t i = 0; i < N_LAYOUTS; i++)
        if (layouts[i]->detect(pr))
            return layouts[i];
    return &repo_dir;
}

const struct repo_ops *repo_ops_for(enum layout l)
{
    for (size_t i = 0; i < N_LAYOUTS; i++)
        if (layouts[i]->layout == l)
            return layouts[i];
    return &repo_dir;
}

long repo_model_add(struct repo_ctx *rc, enum layout layout, const char *path, const char *root)
{
    struct rep_model *m = report_add_model(rc->rep);

    if (!m)
        return -1;
    m->layout = layout;
    if (report_set_str(&m->path, path) || report_set_str(&m->root, root))
        return -1;
    return (long)(rc->rep->n_models - 1);
}

int repo_add_stream(struct repo_ctx *rc, size_t model, repo_stream_fn fn, void *arg,
                    void (*free_arg)(void *), uint64_t size)
{
    struct repo_stream *v = realloc(rc->streams, (rc->n_streams + 1) * sizeof *v);

    if (!v)
        return WA_ENOMEM;
    rc->streams = v;
    v[rc->n_streams].model = model;
    v[rc->n_streams].fn = fn;
    v[rc->n_streams].arg = arg;
    v[rc->n_streams].free_arg = free_arg;
    v[rc->n_streams].size = size;
    rc->n_streams++;
    return 0;
}

/* ---- roles ----------------------------------------------------------- */

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s + 1 : path;
}

static int starts_with(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static int in_list(const char *b, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(b, *list) == 0)
            return 1;
    return 0;
}

static const char *const weight_ext[] = {
    ".safetensors", ".gguf", ".ggml", ".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".joblib",
    ".onnx", ".onnx_data", ".h5", ".hdf5", ".keras", ".msgpack", ".npz", ".npy", ".tflite", ".pb",
    ".mlmodel", ".ot", ".llamafile", ".nemo", ".mar", ".pdparams", NULL,
};

/* Weight formats no loader runs code from and weightaudit does not parse
 * (Flax msgpack, TFLite flatbuffers, TF graphs, Core ML, tch .ot). */
static const char *const inert_weight_ext[] = { ".msgpack", ".tflite", ".pb", ".mlmodel", ".ot", NULL };

int repo_weights_inert(const char *path)
{
    for (const char *const *e = inert_weight_ext; path && *e; e++)
        if (fmt_name_ends_with(path, *e))
            return 1;
    return 0;
}

static const char *const tokenizer_names[] = {
    "special_tokens_map.json", "added_tokens.json", "vocab.json", "vocab.txt", "merges.txt",
    "spiece.model", "sentencepiece.model", "sentencepiece.bpe.model", "bpe.codes", NULL,
};

static const char *const config_names[] = {
    "params.json", "modelfile", "configuration.json", "chat_template.json", "chat_template.jinja",
    "model_index.json", NULL,
};

enum file_role repo_role_for(const char *path, enum wa_format fmt)
{
    const char *b = base_name(path);

    if (fmt_name_ends_with(b, ".index.json"))
        return ROLE_INDEX;
    if (starts_with(b, "license") || starts_with(b, "licence") || starts_with(b, "copying") ||
        starts_with(b, "notice") || starts_with(b, "use_policy") || starts_with(b, "use-policy"))
        return ROLE_LICENSE;
    if (strcasecmp(b, "readme.md") == 0)
        return ROLE_CARD;
    if (starts_with(b, "tokenizer") || in_list(b, tokenizer_names) || fmt_name_ends_with(b, ".tiktoken"))
        return ROLE_TOKENIZER;
    if (fmt_name_ends_with(b, "config.json") || in_list(b, config_names))
        return ROLE_CONFIG;
    switch (fmt) {
    case FORMAT_SAFETENSORS: case FORMAT_GGUF: case FORMAT_PICKLE: case FORMAT_ONNX:
    case FORMAT_NUMPY: case FORMAT_KERAS: case FORMAT_HDF5: case FORMAT_TENSORFLOW:
        return ROLE_WEIGHTS;
    default:
        break;
    }
    for (const char *const *e = weight_ext; *e; e++)
        if (fmt_name_ends_with(b, *e))
            return ROLE_WEIGHTS;
    if (strncmp(b, "variables.data-", 15) == 0 || strcmp(b, "variables.index") == 0)
        return ROLE_WEIGHTS;
    return ROLE_OTHER;
}

size_t repo_capture_for(const struct rep_file *f)
{
    const char *b = base_name(f->path ? f->path : "");

    if (f->role == ROLE_INDEX)
        return REPO_INDEX_MAX;
    if (f->want_content || f->role == ROLE_LICENSE || f->role == ROLE_CARD || f->role == ROLE_CONFIG)
        return REPO_CAPTURE_MAX;
    if (strcasecmp(b, "tokenizer_config.json") == 0 || strcasecmp(b, "special_tokens_map.json") == 0)
        return REPO_CAPTURE_MAX;
    return 0;
}

/* ---- files ----------------------------------------------------------- */

static int cmp_file_idx(const void *a, const void *b, void *ctx)
{
    const struct rep_model *m = ctx;

    return strcmp(m->files[*(const size_t *)a].path, m->files[*(const size_t *)b].path);
}

size_t *repo_files_sorted(const struct rep_model *m)
{
    size_t *ix = malloc((m->n_files ? m->n_files : 1) * sizeof *ix);

    if (!ix)
        return NULL;
    for (size_t i = 0; i < m->n_files; i++)
        ix[i] = i;
    qsort_r(ix, m->n_files, sizeof *ix, cmp_file_idx, (void *)m);
    return ix;
}

long repo_files_find(const struct rep_model *m, const size_t *ix, size_t n, const char *path)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int r = strcmp(m->files[ix[mid]].path, path);
        if (r == 0)
            return (long)ix[mid];
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}


struct rep_file *repo_file_add(struct rep_model *m, const char *path)
{
    struct rep_file *f = report_add_file(m);

    if (!f)
        return NULL;
    if (report_set_str(&f->path, path)) {
        m->n_files--;
        return NULL;
    }
    f->role = repo_role_for(path, FORMAT_OTHER);
    return f;
}

void repo_file_note(struct rep_file *f, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    report_set_str(&f->note, buf);
}

void repo_file_expect(struct rep_file *f, const char *algo, const char *hex, const char *from, int64_t size)
{
    size_t i;

    f->has_expected = 1;
    snprintf(f->expected.algo, sizeof f->expected.algo, "%s", algo);
    for (i = 0; hex[i] && i < sizeof f->expected.hex - 1; i++)
        f->expected.hex[i] = (char)tolower((unsigned char)hex[i]);
    f->expected.hex[i] = '\0';
    snprintf(f->expected.from, sizeof f->expected.from, "%s", from);
    f->expected.size = size;
}

int repo_file_locate(struct rep_file *f, const struct safepath_root *root, const char *rel, int *links)
{
    struct wa_err err;
    struct stat st;
    char *canon = NULL;
    int rc, nl = 0;

    wa_err_clear(&err);
    if (links)
        *links = 0;
    rc = safepath_resolve(&canon, root, rel, &nl, &err);
    if (links)
        *links = nl;
    if (rc == WA_EUNSAFE) {
        f->integrity = INTEG_UNSAFE_PATH;
        /* older huggingface_hub (local_dir_use_symlinks) linked local dirs into the cache */
        if (strstr(err.msg, "/models--") && strstr(err.msg, "/blobs/"))
            repo_file_note(f, "%s; it points into a Hugging Face cache: scan that cache folder instead", err.msg);
        else
            repo_file_note(f, "%s", err.msg);
        return 0;
    }
    if (rc == WA_ENOTFOUND) {
        f->integrity = INTEG_MISSING;
        repo_file_note(f, "%s", err.msg);
        return 0;
    }
    if (rc) {
        f->integrity = INTEG_UNREADABLE;
        repo_file_note(f, "%s", err.msg);
        return 0;
    }
    rc = safepath_lstat(root, canon, &st, &err);
    if (rc) {
        f->integrity = rc == WA_ENOTFOUND ? INTEG_MISSING : INTEG_UNREADABLE;
        repo_file_note(f, "%s", err.msg);
        free(canon);
        return 0;
    }
    if (S_ISDIR(st.st_mode)) {
        free(canon);
        return 1;
    }
    if (!S_ISREG(st.st_mode)) {
        f->integrity = INTEG_UNSAFE_PATH;
        repo_file_note(f, "not a regular file (%s)", safepath_kind_name(st.st_mode));
        free(canon);
        return 0;
    }
    free(f->src);
    f->src = canon;
    f->size = st.st_size;
    f->mtime = (double)st.st_mtim.tv_sec + (double)st.st_mtim.tv_nsec / 1e9;
    return 0;
}

/* ---- walking ------------------------------------------------------------ */

struct walk {
    const struct safepath_root *root;
    repo_skip_fn skip;
    repo_walk_fn fn;
    void *ctx;
    size_t entries;
    struct wa_err *err;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int open_dir(int rootfd, const char *rel)
{
    int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    const char *p = *rel ? rel : ".";
    int fd = openat(rootfd, p, flags | O_NOATIME);

    if (fd < 0 && errno == EPERM)
        fd = openat(rootfd, p, flags);
    return fd;
}

static int walk_dir(struct walk *w, const char *rel, int depth)
{
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    DIR *d;
    int fd, rc = 0;

    if (depth > REPO_MAX_DEPTH) {
        /* this folder is not entered; its siblings still are, so a deep
         * decoy cannot hide the rest of the tree */
        struct wa_err derr;
        wa_err_set(&derr, WA_ETOOBIG, rel, -1, "directories nested deeper than %d levels: not entered, the files "
                   "beneath were not audited", REPO_MAX_DEPTH);
        return w->fn(w->ctx, rel, WALK_ERROR, NULL, &derr);
    }
    fd = open_dir(w->root->fd, rel);
    if (fd < 0 || !(d = fdopendir(fd))) {
        struct wa_err derr;
        wa_err_sys(&derr, errno, rel, "cannot read directory");
        if (fd >= 0)
            close(fd);
        return w->fn(w->ctx, rel, WALK_ERROR, NULL, &derr);
    }
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **v = realloc(names, nc * sizeof *v);
            if (!v) {
                rc = WA_ENOMEM;
                goto out;
            }
            names = v;
            cap = nc;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = WA_ENOMEM;
            goto out;
        }
        n++;
        if (++w->entries > REPO_MAX_FILES) {
            rc = wa_err_set(w->err, WA_ETOOBIG, rel, -1, "more than %d entries", REPO_MAX_FILES);
            goto out;
        }
    }
    closedir(d);
    d = NULL;
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && !rc; i++) {
        char *sub = repo_join(rel, names[i]);
        struct stat st;
        if (!sub) {
            rc = WA_ENOMEM;
            break;
        }
        if (fstatat(w->root->fd, sub, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            /* vanished between readdir and stat: nothing to list */
            free(sub);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (!w->skip || !w->skip(w->ctx, sub))
                rc = walk_dir(w, sub, depth + 1);
        } else {
            enum repo_walk_kind k = S_ISREG(st.st_mode) ? WALK_FILE : S_ISLNK(st.st_mode) ? WALK_LINK
                                                                                             : WALK_SPECIAL;
            rc = w->fn(w->ctx, sub, k, &st, NULL);
        }
        free(sub);
    }
out:
    if (d)
        closedir(d);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (rc == WA_ENOMEM)
        wa_err_set(w->err, rc, rel, -1, "out of memory");
    return rc;
}

int repo_walk(const struct safepath_root *root, const char *start, repo_skip_fn skip,
              repo_walk_fn fn, void *ctx, struct wa_err *err)
{
    struct walk w = { root, skip, fn, ctx, 0, err };

    return walk_dir(&w, start ? start : "", 0);
}

int repo_read_small(unsigned char **out, size_t *len, const struct safepath_root *root,
                    const char *rel, size_t max, struct wa_err *err)
{
    unsigned char *buf = NULL;
    struct stat st;
    char *canon = NULL;
    size_t n = 0;
    int fd = -1, rc;

    *out = NULL;
    *len = 0;
    if ((rc = safepath_resolve(&canon, root, rel, NULL, err)))
        return rc;
    if ((rc = safepath_open(&fd, root, canon, &st, err)))
        goto done;
    if ((uint64_t)st.st_size > max) {
        rc = wa_err_set(err, WA_ETOOBIG, rel, -1, "larger than %zu bytes", max);
        goto done;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        rc = wa_err_set(err, WA_ENOMEM, rel, -1, "out of memory");
        goto done;
    }
    for (;;) {
        ssize_t k = read(fd, buf + n, (size_t)st.st_size + 1 - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            rc = wa_err_sys(err, errno, rel, "read");
            goto done;
        }
        if (k == 0)
            break;
        n += (size_t)k;
        if (n > (size_t)st.st_size) {   /* grew while we read */
            rc = wa_err_set(err, WA_ETOOBIG, rel, -1, "changed while being read");
            goto done;
        }
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
done:
    if (fd >= 0)
        close(fd);
    if (rc && err && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", rel);
    free(buf);
    free(canon);
    return rc;
}

char *repo_join(const char *a, const char *b)
{
    size_t na = a ? strlen(a) : 0, nb = b ? strlen(b) : 0;
    char *s = malloc(na + nb + 2);

    if (!s)
        return NULL;
    if (na)
        memcpy(s, a, na);
    if (na && nb)
        s[na++] = '/';
    if (nb)
        memcpy(s + na, b, nb);
    s[na + nb] = '\0';
    return s;
}

/* ---- listing a whole tree ------------------------------------------------ */

struct tree_ctx {
    struct rep_model *m;
    const struct safepath_root *root;
    repo_skip_fn skip;
    void *skip_ctx;
};

static int tree_skip(void *ctx, const char *rel)
{
    struct tree_ctx *t = ctx;

    return t->skip ? t->skip(t->skip_ctx, rel) : 0;
}

static void file_pop(struct rep_model *m)
{
    struct rep_file *f = &m->files[m->n_files - 1];

    free(f->path);
    free(f->src);
    free(f->note);
    m->n_files--;
}

int repo_add_located(struct rep_model *m, const struct safepath_root *root, const char *path,
                     const char *rel, int *links)
{
    struct rep_file *f = repo_file_add(m, path);

    if (!f)
        return WA_ENOMEM;
    if (repo_file_locate(f, root, rel, links) == 1) {
        file_pop(m);     /* a link to a directory: its files are listed where they are */
        return 1;
    }
    return 0;
}

int repo_walk_error(struct rep_model *m, const char *path, const struct wa_err *err)
{
    if (err->code == WA_ETOOBIG)
        return report_add_finding(m, FIND_DENY, "walk_limit", path, "%s: %s", path, err->msg) ? 0 : WA_ENOMEM;
    return report_add_finding(m, FIND_REVIEW, "file_unreadable", path, "%s: %s", path, err->msg) ? 0 : WA_ENOMEM;
}

int repo_walk_stopped(struct rep_model *m, int r, const struct wa_err *err)
{
    if (r != WA_ETOOBIG)
        return r;
    return report_add_finding(m, FIND_DENY, "walk_limit", err->file[0] ? err->file : NULL,
                              "listing stopped: %s; the files beyond were not audited", err->msg) ? 0 : WA_ENOMEM;
}

static int tree_entry(void *ctx, const char *rel, enum repo_walk_kind kind, const struct stat *st,
                      const struct wa_err *err)
{
    struct tree_ctx *t = ctx;
    struct rep_file *f;

    switch (kind) {
    case WALK_ERROR:
        return repo_walk_error(t->m, rel, err);
    case WALK_SPECIAL:
        if (!(f = repo_file_add(t->m, rel)))
            return WA_ENOMEM;
        f->integrity = INTEG_UNSAFE_PATH;
        repo_file_note(f, "not a regular file (%s)", safepath_kind_name(st->st_mode));
        return 0;
    case WALK_FILE:
    case WALK_LINK: {
        int rc = repo_add_located(t->m, t->root, rel, rel, NULL);
        return rc == 1 ? 0 : rc;
    }
    }
    return 0;
}

int repo_list_tree(struct repo_ctx *rc, size_t model, const struct safepath_root *root,
                   repo_skip_fn skip, void *skip_ctx, struct wa_err *err)
{
    struct tree_ctx t = { &rc->rep->models[model], root, skip, skip_ctx };
    return repo_walk_stopped(t.m, repo_walk(root, "", tree_skip, tree_entry, &t, err), err);
}
