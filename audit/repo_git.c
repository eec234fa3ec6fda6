/*
 * repo_git.c - a git work tree (a `git clone` of a Hugging Face repository,
 * with or without git-lfs), read through libgit2.  This is the only module
 * that talks to libgit2; its errors are translated here.
 *
 * What HEAD's tree records is the expected content: for a file whose blob
 * in HEAD is a Git LFS pointer (lfsptr.h), the pointer's sha256 and size;
 * for any other file, its git blob id (computed over the raw bytes of the
 * work file: a checkout that converted line ends, or any clean/smudge
 * filter other than LFS, shows as a mismatch, said in the note).  A work
 * file that is still a pointer is "lfs-pointer": the weights were never
 * downloaded.  Files of HEAD absent from the work tree are missing; work
 * files HEAD does not have are unverified.  revision = HEAD's commit; name
 * = ORG/NAME from the origin remote's URL (a hub organisation only when
 * the remote is on Hugging Face: name_off_hub otherwise).
 *
 * Read-only: the repository is opened without searching upwards, nothing
 * is ever written (no index refresh, no lock), no filter or hook runs.
 * Ownership checks (safe.directory) are off because nothing of the
 * repository's configuration is executed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "hash.h"
#include "lfsptr.h"
#include "publisher.h"
#include "repo.h"

static int git_detect(const struct repo_probe *pr)
{
    struct stat st;

    return S_ISDIR(pr->st.st_mode) && fstatat(pr->fd, ".git", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
           (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode));
}

static int git_fail(struct wa_err *err, const char *path, const char *what)
{
    const git_error *e = git_error_last();

    return wa_err_set(err, WA_EIO, path, -1, "git: %s: %s", what, e && e->message ? e->message : "failed");
}

enum head_kind { HEAD_BLOB, HEAD_LFS, HEAD_LINK };

struct head_entry {
    char *path;
    enum head_kind kind;
    char oid[HASH_SHA1_HEX];
    char sha256[HASH_SHA256_HEX];     /* HEAD_LFS */
    int64_t size;
    int seen;                         /* found in the work tree */
};

struct git_state {
    git_repository *repo;
    git_odb *odb;
    struct head_entry *v;
    size_t n, cap;
    struct rep_model *m;
    struct repo_ctx *rc;
    size_t model;
    const struct safepath_root *root;
    int failed;
};

static int tree_cb(const char *dir, const git_tree_entry *e, void *payload)
{
    struct git_state *gs = payload;
    git_filemode_t mode = git_tree_entry_filemode(e);
    struct head_entry *h;
    size_t len = 0;
    git_object_t type;

    if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE && mode != GIT_FILEMODE_LINK)
        return 0;     /* trees are walked into, submodules skipped */
    if (gs->n == gs->cap) {
        size_t nc = gs->cap ? gs->cap * 2 : 64;
        struct head_entry *nv = realloc(gs->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        gs->v = nv;
        gs->cap = nc;
    }
    if (gs->n >= REPO_MAX_FILES)
        return -1;
    h = &gs->v[gs->n];
    memset(h, 0, sizeof *h);
    if (!(h->path = malloc(strlen(dir) + strlen(git_tree_entry_name(e)) + 1)))
        return -1;
    strcpy(h->path, dir);
    strcat(h->path, git_tree_entry_name(e));
    git_oid_tostr(h->oid, sizeof h->oid, git_tree_entry_id(e));
    h->kind = mode == GIT_FILEMODE_LINK ? HEAD_LINK : HEAD_BLOB;
    h->size = -1;
    if (git_odb_read_header(&len, &type, gs->odb, git_tree_entry_id(e)) == 0)
        h->size = (int64_t)len;
    if (h->kind == HEAD_BLOB && h->size >= 0 && h->size <= LFSPTR_MAX) {
        git_blob *b = NULL;
        struct lfsptr lp;
        if (git_blob_lookup(&b, gs->repo, git_tree_entry_id(e)) == 0 &&
            lfsptr_parse(&lp, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b), NULL) == 0) {
            h->kind = HEAD_LFS;
            memcpy(h->sha256, lp.oid, sizeof h->sha256);
            h->size = (int64_t)lp.size;
        }
        git_blob_free(b);
    }
    gs->n++;
    return 0;
}

static int cmp_head(const void *a, const void *b)
{
    return strcmp(((const struct head_entry *)a)->path, ((const struct head_entry *)b)->path);
}

static struct head_entry *head_find(struct git_state *gs, const char *path)
{
    struct head_entry key;

    key.path = (char *)path;
    return gs->n ? bsearch(&key, gs->v, gs->n, sizeof *gs->v, cmp_head) : NULL;
}

/* A symlink tracked by git: its blob is the link text. */
static void check_link(struct git_state *gs, struct rep_file *f, struct head_entry *h, const char *rel)
{
    char target[4096];
    ssize_t k = readlinkat(gs->root->fd, rel, target, sizeof target);
    struct hash_ctx *hc = NULL;
    char hex[HASH_SHA256_HEX];
    struct wa_err e;
    char *canon = NULL;

    repo_file_expect(f, "git_sha1", h->oid, "git-tree", h->size);
    if (k < 0) {
        f->integrity = INTEG_MISMATCH;
        repo_file_note(f, "HEAD has a symbolic link here, the work tree does not");
        return;
    }
    f->size = k;
    if (hash_new(&hc, HASH_GIT_SHA1, (uint64_t)k) == 0 && hash_update(hc, target, (size_t)k) == 0 &&
        hash_final(hc, hex) == 0) {
        f->has_git_sha1 = 1;
        memcpy(f->git_sha1, hex, sizeof f->git_sha1);
    }
    hash_free(hc);
    if (safepath_resolve(&canon, gs->root, rel, NULL, &e) == WA_EUNSAFE) {
        f->integrity = INTEG_UNSAFE_PATH;
        repo_file_note(f, "%s", e.msg);
    } else if (!f->has_git_sha1 || strcmp(f->git_sha1, h->oid) != 0) {
        f->integrity = INTEG_MISMATCH;
        repo_file_note(f, "the symbolic link points elsewhere than in HEAD (git blob id %s, HEAD %s)",
                       f->git_sha1, h->oid);
    } else {
        f->integrity = INTEG_VERIFIED;
    }
    free(canon);
}

static int skip_git(void *ctx, const char *rel)
{
    const char *b = strrchr(rel, '/');

    (void)ctx;
    return strcmp(b ? b + 1 : rel, ".git") == 0;
}

static int work_entry(void *ctx, const char *rel, enum repo_walk_kind kind, const struct stat *st,
                      const struct wa_err *err)
{
    struct git_state *gs = ctx;
    struct rep_model *m = &gs->rc->rep->models[gs->model];
    struct head_entry *h;
    struct rep_file *f;
    int r;

    (void)st;
    if (strcmp(rel, ".git") == 0)
        return 0;   /* a .git file (worktree or submodule link) */
    if (kind == WALK_ERROR)
        return repo_walk_error(m, rel, err);
    h = head_find(gs, rel);
    if (h)
        h->seen = 1;
    if (kind == WALK_SPECIAL) {
        if (!(f = repo_file_add(m, rel)))
            return WA_ENOMEM;
        f->integrity = INTEG_UNSAFE_PATH;
        repo_file_note(f, "not a regular file");
        return 0;
    }
    if (h && h->kind == HEAD_LINK && kind == WALK_LINK) {
        if (!(f = repo_file_add(m, rel)))
            return WA_ENOMEM;
        check_link(gs, f, h, rel);
        return 0;
    }
    r = repo_add_located(m, gs->root, rel, rel, NULL);
    if (r)
        return r == 1 ? 0 : r;
    f = &m->files[m->n_files - 1];
    if (!h)
        return 0;   /* untracked or ignored: unverified */
    if (h->kind == HEAD_LFS)
        repo_file_expect(f, "sha256", h->sha256, "lfs-pointer", h->size);
    else
        repo_file_expect(f, "git_sha1", h->oid, "git-tree", h->size);
    return 0;
}

/* ORG/NAME from a remote URL: the last two components of its path. */
static char *name_from_url(const char *url)
{
    const char *p = url, *end;
    const char *a = NULL, *b = NULL;
    size_t blen;
    char *out;

    if (strstr(url, "://"))
        p = strstr(url, "://") + 3;
    else if (strchr(url, ':') && (!strchr(url, '/') || strchr(url, ':') < strchr(url, '/')))
        p = strchr(url, ':') + 1;     /* scp-like user@host:org/name */
    else
        return NULL;                  /* a local path: no name */
    if (strstr(url, "://") && (p = strchr(p, '/')) == NULL)
        return NULL;                  /* host only */
    end = p + strlen(p);
    while (end > p && end[-1] == '/')
        end--;
    if (end - p > 4 && strncmp(end - 4, ".git", 4) == 0)
        end -= 4;
    for (const char *s = p; s < end;) {
        const char *e = memchr(s, '/', (size_t)(end - s));
        size_t len = e ? (size_t)(e - s) : (size_t)(end - s);
        if (len) {
            a = b;
            b = s;
        }
        s = e ? e + 1 : end;
    }
    if (!b)
        return NULL;
    blen = (size_t)(end - b);
    if (!a)
        return strndup(b, blen);
    out = malloc((size_t)(end - a) + 1);
    if (!out)
        return NULL;
    memcpy(out, a, (size_t)(end - a));
    out[end - a] = '\0';
    return out;
}

/* 1 when a remote URL is on Hugging Face (huggingface.co or hf.co, www. or
 * not): https://[user[:token]@]HOST[:port]/..., ssh://git@HOST/..., or
 * scp-like git@HOST:ORG/NAME.  Only there is ORG a hub organisation. */
static int hub_url(const char *url)
{
    const char *h, *end, *at;
    size_t n;

    if (strstr(url, "://")) {
        h = strstr(url, "://") + 3;
        end = h + strcspn(h, "/?#");
        at = memchr(h, '@', (size_t)(end - h));
        if (at)
            h = at + 1;
        n = strcspn(h, ":/?#");
    } else {
        end = strchr(url, ':');
        if (!end)
            return 0;
        at = memchr(url, '@', (size_t)(end - url));
        h = at ? at + 1 : url;
        n = (size_t)(end - h);
    }
    return publisher_hub_host(h, n);
}

static int git_list(struct repo_ctx *rc, const struct repo_probe *pr, struct wa_err *err)
{
    struct git_state gs;
    struct safepath_root root;
    git_reference *head = NULL;
    git_commit *commit = NULL;
    git_tree *tree = NULL;
    git_config *cfg = NULL;
    const char *url = NULL;
    struct rep_model *m;
    char hex[GIT_OID_HEXSZ + 1];
    long mi;
    int r, hr;

    memset(&gs, 0, sizeof gs);
    git_libgit2_init();
    git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
    if ((r = safepath_root_from_fd(&root, pr->fd, pr->path, err))) {
        git_libgit2_shutdown();
        return r;
    }
    if (git_repository_open_ext(&gs.repo, pr->path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) != 0) {
        r = git_fail(err, pr->path, "cannot open the repository");
        goto done;
    }
    if (git_repository_is_bare(gs.repo)) {
        r = wa_err_set(err, WA_EUNSUPP, pr->path, -1, "a bare git repository has no work tree to audit");
        goto done;
    }
    mi = repo_model_add(rc, LAYOUT_GIT, pr->path, pr->path);
    if (mi < 0) {
        r = wa_err_set(err, WA_ENOMEM, pr->path, -1, "out of memory");
        goto done;
    }
    gs.rc = rc;
    gs.model = (size_t)mi;
    gs.root = &root;
    m = &rc->rep->models[mi];
    /* the origin URL straight from the configuration (git_remote_lookup
     * leaks pcre2 match data in libgit2 1.5) */
    if (git_repository_config_snapshot(&cfg, gs.repo) == 0 &&
        git_config_get_string(&url, cfg, "remote.origin.url") == 0 && url) {
        char *name = name_from_url(url);
        report_set_str(&m->name, name);
        free(name);
        m->name_off_hub = m->name && !hub_url(url);
    }
    hr = git_repository_head(&head, gs.repo);
    if (hr == 0 && git_reference_peel((git_object **)&commit, head, GIT_OBJECT_COMMIT) == 0 &&
        git_commit_tree(&tree, commit) == 0 && git_repository_odb(&gs.odb, gs.repo) == 0) {
        git_oid_tostr(hex, sizeof hex, git_commit_id(commit));
        report_set_str(&m->revision, hex);
        if (git_tree_walk(tree, GIT_TREEWALK_PRE, tree_cb, &gs) != 0)
            report_add_finding(m, FIND_REVIEW, "git_error", NULL,
                               "git: HEAD's tree could not be read whole: %s; files may be unverified",
                               git_error_last() ? git_error_last()->message : "failed");
        if (gs.n)
            qsort(gs.v, gs.n, sizeof *gs.v, cmp_head);
    } else {
        report_add_finding(m, FIND_REVIEW, "git_error", NULL, "git: no commit at HEAD (%s); nothing to verify against",
                           hr == GIT_EUNBORNBRANCH ? "unborn branch"
                           : git_error_last() && git_error_last()->message ? git_error_last()->message : "failed");
    }
    r = repo_walk_stopped(&rc->rep->models[mi], repo_walk(&root, "", skip_git, work_entry, &gs, err), err);
    if (r)
        goto done;
    m = &rc->rep->models[mi];
    for (size_t i = 0; i < gs.n; i++) {
        struct rep_file *f;
        if (gs.v[i].seen)
            continue;
        if (!(f = repo_file_add(m, gs.v[i].path))) {
            r = wa_err_set(err, WA_ENOMEM, pr->path, -1, "out of memory");
            goto done;
        }
        f->integrity = INTEG_MISSING;
        repo_file_note(f, "in HEAD, not in the work tree");
        if (gs.v[i].kind == HEAD_LFS)
            repo_file_expect(f, "sha256", gs.v[i].sha256, "lfs-pointer", gs.v[i].size);
        else
            repo_file_expect(f, "git_sha1", gs.v[i].oid, "git-tree", gs.v[i].size);
    }
done:
    for (size_t i = 0; i < gs.n; i++)
        free(gs.v[i].path);
    free(gs.v);
    git_config_free(cfg);
    git_tree_free(tree);
    git_commit_free(commit);
    git_reference_free(head);
    git_odb_free(gs.odb);
    git_repository_free(gs.repo);
    safepath_root_close(&root);
    git_libgit2_shutdown();
    return r;
}

/* A mismatch of a text file may come from line-end conversion or a filter:
 * say so, the comparison is of the raw bytes. */
static void git_after_read(struct repo_ctx *rc, size_t model)
{
    struct rep_model *m = &rc->rep->models[model];

    for (size_t i = 0; i < m->n_files; i++) {
        struct rep_file *f = &m->files[i];
        if (f->was_read && f->has_expected && strcmp(f->expected.from, "git-tree") == 0 && f->has_git_sha1 &&
            strcmp(f->git_sha1, f->expected.hex) != 0 && f->content &&
            memchr(f->content, '\r', f->content_len))
            repo_file_note(f, "git blob id %s of the raw bytes, HEAD has %s (the file has CR LF line ends: a "
                              "checkout with line-end conversion also gives this)", f->git_sha1, f->expected.hex);
    }
}

const struct repo_ops repo_git = {
    .name = "git",
    .layout = LAYOUT_GIT,
    .detect = git_detect,
    .list = git_list,
    .after_read = git_after_read,
};
