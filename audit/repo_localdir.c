/*
 * repo_localdir.c - a `hf download --local-dir DIR` folder (huggingface_hub
 * _local_folder.py): the files as in the repository, and beside them
 * .cache/huggingface/download/<path>.metadata (commit, etag, timestamp; see
 * hfmeta.h).  The etag is the expected sha256 (LFS) or git blob id; the
 * commit is the revision; a metadata file older than its file is stale.
 * .cache/ at the top is huggingface_hub's, not part of the model.
 * huggingface_hub writes a partial file in the download folder while a file
 * downloads: one left behind is an interrupted download.  It is named
 * <path>.<etag>.incomplete (0.23 - 0.27) or, from 0.28, [<dir>/]<short
 * hash>.<etag>[.<uuid8>].incomplete, the short hash being urlsafe base64 of
 * SHA-1(<name>.metadata); the <name>.lock (or <name>.metadata) beside it
 * says which file that is.
 * The repository's name is not recorded in this layout (null).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hfmeta.h"
#include "repo.h"

#define DL_DIR ".cache/huggingface/download"

static int ld_detect(const struct repo_probe *pr)
{
    return S_ISDIR(pr->st.st_mode) && safepath_is_dir_at(pr->fd, DL_DIR);
}

static int skip_cache(void *ctx, const char *rel)
{
    (void)ctx;
    return strcmp(rel, ".cache") == 0;
}

struct commit_count {
    char commit[HASH_SHA1_HEX];
    size_t n;
};

struct ld_state {
    struct repo_ctx *rc;
    size_t model;
    const struct safepath_root *root;
    struct commit_count *commits;
    size_t n_commits;
    size_t *ix;                       /* the listed files sorted by path */
    size_t n_ix;
};

/* The file at path: the listed ones by binary search, then those added since. */
static struct rep_file *find(struct ld_state *ls, const char *path)
{
    struct rep_model *m = &ls->rc->rep->models[ls->model];
    long k = ls->ix ? repo_files_find(m, ls->ix, ls->n_ix, path) : -1;

    if (k >= 0)
        return &m->files[k];
    for (size_t i = ls->n_ix; i < m->n_files; i++)
        if (strcmp(m->files[i].path, path) == 0)
            return &m->files[i];
    return NULL;
}

static void count_commit(struct ld_state *ls, const char *commit)
{
    struct commit_count *v;

    for (size_t i = 0; i < ls->n_commits; i++)
        if (strcmp(ls->commits[i].commit, commit) == 0) {
            ls->commits[i].n++;
            return;
        }
    if (!(v = realloc(ls->commits, (ls->n_commits + 1) * sizeof *v)))
        return;
    ls->commits = v;
    snprintf(v[ls->n_commits].commit, sizeof v->commit, "%s", commit);
    v[ls->n_commits++].n = 1;
}

/* Apply one parsed metadata file to the file at path. */
static int apply_meta(struct ld_state *ls, const char *path, const struct hfmeta *hm)
{
    struct rep_model *m = &ls->rc->rep->models[ls->model];
    struct rep_file *f = find(ls, path);
    cJSON *meta;

    if (!f) {
        /* recorded, not there */
        if (!(f = repo_file_add(m, path)))
            return WA_ENOMEM;
        f->integrity = INTEG_MISSING;
        repo_file_note(f, "%s/%s.metadata records it; the file is not there", DL_DIR, path);
    }
    if (hm->commit[0])
        count_commit(ls, hm->commit);
    repo_file_expect(f, hm->etag_is_sha256 ? "sha256" : "git_sha1", hm->etag, "local-dir-metadata", -1);
    if (!f->facts && !(f->facts = cJSON_CreateObject()))
        return WA_ENOMEM;
    meta = cJSON_AddObjectToObject(f->facts, "local_dir_metadata");
    if (!meta)
        return WA_ENOMEM;
    if (hm->commit[0])
        cJSON_AddStringToObject(meta, "commit", hm->commit);
    cJSON_AddNumberToObject(meta, "timestamp", hm->timestamp);
    if (f->integrity != INTEG_MISSING && f->mtime >= 0 && hfmeta_stale(hm, f->mtime))
        cJSON_AddBoolToObject(meta, "stale", 1);
    return 0;
}

/* ---- interrupted downloads ---------------------------------------------- */

#define SHORT_HASH_LEN (HASH_SHA1_B64URL - 1)   /* urlsafe base64 of a SHA-1, '=' padded */

/* 1 when s (n chars) could be a short hash: 27 urlsafe base64 characters
 * and the '=' of the padding. */
static int is_short_hash(const char *s, size_t n)
{
    if (n != SHORT_HASH_LEN || s[n - 1] != '=')
        return 0;
    for (size_t i = 0; i < n - 1; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
            return 0;
    return 1;
}

/* The file a short-hash-named partial download belongs to: the NAME whose
 * NAME.lock (or NAME.metadata) beside it in dir gives short_hash(NAME +
 * ".metadata").  Sets *name (malloc'd), NULL when none matches. */
static int name_of_short_hash(const struct safepath_root *root, const char *dir, const char *hash, char **name)
{
    static const char *const suffixes[] = { ".lock", ".metadata", NULL };
    int fd = openat(root->fd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d;
    struct dirent *e;
    int rc = 0;

    *name = NULL;
    if (fd < 0)
        return 0;
    if (!(d = fdopendir(fd))) {
        close(fd);
        return 0;
    }
    while (!*name && !rc && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        for (const char *const *s = suffixes; *s && !*name && !rc; s++) {
            size_t k = strlen(*s);
            char meta[NAME_MAX + 16], sh[SHORT_HASH_LEN + 1];
            if (n <= k || strcmp(e->d_name + n - k, *s) != 0)
                continue;
            snprintf(meta, sizeof meta, "%.*s.metadata", (int)(n - k), e->d_name);
            if ((rc = hash_sha1_b64url(meta, strlen(meta), sh)) || strcmp(sh, hash) != 0)
                continue;
            if (!(*name = strndup(e->d_name, n - k)))
                rc = WA_ENOMEM;
        }
    }
    closedir(d);
    return rc;
}

/* The path (inside the model) a partial download in the download folder
 * stands for.  name is its path there without ".incomplete":
 *   [SUBDIR/]NAME.<etag>                      huggingface_hub 0.23 - 0.27
 *   [SUBDIR/]<short_hash>.<etag>[.<uuid8>]    0.28 and later (uuid: 1.18)
 * the short hash resolved through NAME.lock or NAME.metadata beside it.
 * Sets *path (malloc'd) and *unresolved when a short hash matches no name. */
static int incomplete_path(struct ld_state *ls, const char *rel, const char *name, char **path, int *unresolved)
{
    const char *slash = strrchr(name, '/'), *base = slash ? slash + 1 : name;
    const char *dot = strchr(base, '.');
    char *p, *last, *found = NULL;
    int rc;

    *unresolved = 0;
    if (dot && dot[1] && is_short_hash(base, (size_t)(dot - base))) {
        char *dir = strndup(rel, (size_t)(strrchr(rel, '/') - rel)), hash[SHORT_HASH_LEN + 1];
        if (!dir)
            return WA_ENOMEM;
        snprintf(hash, sizeof hash, "%.*s", SHORT_HASH_LEN, base);
        rc = name_of_short_hash(ls->root, dir, hash, &found);
        free(dir);
        if (rc)
            return rc;
        if (found) {
            int k = (int)(base - name);
            rc = asprintf(path, "%.*s%s", k, name, found) < 0 ? WA_ENOMEM : 0;
            free(found);
            return rc;
        }
        *unresolved = 1;
    }
    /* NAME.<etag> (and, unresolved, <short_hash>.<etag>[.<uuid8>]) */
    if (!(p = strdup(name)))
        return WA_ENOMEM;
    last = strrchr(p, '.');
    if (*unresolved && last && strlen(last + 1) == 8 && hash_is_hex(last + 1, 8)) {
        *last = '\0';
        last = strrchr(p, '.');
    }
    if (last && last > p + (base - name))
        *last = '\0';
    *path = p;
    return 0;
}

/* A partial download left in the download folder: the file is incomplete,
 * or, where it is there, a newer download of it did not finish. */
static int incomplete_entry(struct ld_state *ls, const char *rel, const char *name)
{
    struct rep_model *m = &ls->rc->rep->models[ls->model];
    struct rep_file *f;
    char *p = strndup(name, strlen(name) - 11), *path = NULL;
    int unresolved, rc;

    if (!p)
        return WA_ENOMEM;
    rc = incomplete_path(ls, rel, p, &path, &unresolved);
    free(p);
    if (rc)
        return rc;
    if (!(f = find(ls, path))) {
        if (!(f = repo_file_add(m, path))) {
            free(path);
            return WA_ENOMEM;
        }
        f->integrity = INTEG_INCOMPLETE;
        if (unresolved)
            repo_file_note(f, "only %s exists: the download did not finish (huggingface_hub names it by a "
                           "short hash of the file's name; no NAME.lock or NAME.metadata beside it matches, so "
                           "which file it was is not known)", rel);
        else
            repo_file_note(f, "only %s exists: the download did not finish", rel);
    } else if (!report_add_finding(m, FIND_REVIEW, "download_incomplete", path,
                                   "%s: a newer download of this file did not finish (%s)", path, rel)) {
        free(path);
        return WA_ENOMEM;
    }
    free(path);
    return 0;
}

static int meta_entry(void *ctx, const char *rel, enum repo_walk_kind kind, const struct stat *st,
                      const struct wa_err *err)
{
    struct ld_state *ls = ctx;
    struct rep_model *m = &ls->rc->rep->models[ls->model];
    const char *name = rel + strlen(DL_DIR) + 1;
    size_t n = strlen(name);
    unsigned char *buf = NULL;
    size_t len = 0;
    struct wa_err e;
    struct hfmeta hm;
    const char *why = NULL;
    char *path;
    int rc;

    (void)st;
    (void)err;
    if (kind != WALK_FILE)
        return 0;
    if (n > 11 && strcmp(name + n - 11, ".incomplete") == 0)
        return incomplete_entry(ls, rel, name);
    if (n <= 9 || strcmp(name + n - 9, ".metadata") != 0)
        return 0;     /* .lock files and the like */
    if (!(path = strndup(name, n - 9)))
        return WA_ENOMEM;
    if (repo_read_small(&buf, &len, ls->root, rel, HFMETA_MAX, &e)) {
        rc = report_add_finding(m, FIND_REVIEW, "metadata_invalid", path, "%s: %s", rel, e.msg) ? 0 : WA_ENOMEM;
    } else if (hfmeta_parse(&hm, (const char *)buf, len, &why)) {
        rc = report_add_finding(m, FIND_REVIEW, "metadata_invalid", path, "%s: %s; the file is unverified", rel,
                                why) ? 0 : WA_ENOMEM;
    } else {
        rc = apply_meta(ls, path, &hm);
    }
    free(buf);
    free(path);
    return rc;
}

static int ld_list(struct repo_ctx *rc, const struct repo_probe *pr, struct wa_err *err)
{
    struct safepath_root root;
    struct ld_state ls;
    long mi;
    int r;

    memset(&ls, 0, sizeof ls);
    if ((r = safepath_root_from_fd(&root, pr->fd, pr->path, err)))
        return r;
    mi = repo_model_add(rc, LAYOUT_HF_LOCAL_DIR, pr->path, pr->path);
    if (mi < 0) {
        r = wa_err_set(err, WA_ENOMEM, pr->path, -1, "out of memory");
        goto done;
    }
    ls.rc = rc;
    ls.model = (size_t)mi;
    ls.root = &root;
    if ((r = repo_list_tree(rc, ls.model, &root, skip_cache, NULL, err)))
        goto done;
    ls.n_ix = rc->rep->models[ls.model].n_files;
    if (!(ls.ix = repo_files_sorted(&rc->rep->models[ls.model]))) {
        r = wa_err_set(err, WA_ENOMEM, pr->path, -1, "out of memory");
        goto done;
    }
    r = repo_walk(&root, DL_DIR, NULL, meta_entry, &ls, err);
    if (r == WA_ETOOBIG)
        r = 0;
    if (r)
        goto done;
    if (ls.n_commits) {
        struct rep_model *m = &rc->rep->models[ls.model];
        size_t best = 0;
        for (size_t i = 1; i < ls.n_commits; i++)
            if (ls.commits[i].n > ls.commits[best].n ||
                (ls.commits[i].n == ls.commits[best].n && strcmp(ls.commits[i].commit, ls.commits[best].commit) < 0))
                best = i;
        report_set_str(&m->revision, ls.commits[best].commit);
        if (ls.n_commits > 1)
            report_add_finding(m, FIND_INFO, "revision_mixed", NULL,
                               "the files come from %zu different commits; revision is the most common one",
                               ls.n_commits);
    }
done:
    free(ls.ix);
    free(ls.commits);
    safepath_root_close(&root);
    return r;
}

/* Stale metadata: huggingface_hub itself would no longer trust it.  When the
 * content still matches the etag the file is proven all the same (it was
 * only touched); otherwise it was changed after the download and is left
 * unverified, with a finding. */
static void ld_after_read(struct repo_ctx *rc, size_t model)
{
    struct rep_model *m = &rc->rep->models[model];

    for (size_t i = 0; i < m->n_files; i++) {
        struct rep_file *f = &m->files[i];
        cJSON *meta = f->facts ? cJSON_GetObjectItemCaseSensitive(f->facts, "local_dir_metadata") : NULL;
        const char *got;
        if (!meta || !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(meta, "stale")) || !f->has_expected)
            continue;
        got = strcmp(f->expected.algo, "sha256") == 0 ? (f->has_sha256 ? f->sha256 : NULL)
                                                      : (f->has_git_sha1 ? f->git_sha1 : NULL);
        if (got && strcmp(got, f->expected.hex) == 0) {
            report_add_finding(m, FIND_INFO, "metadata_stale", f->path,
                               "%s: modified after its download metadata was written, but its content still "
                               "matches the recorded etag", f->path);
            continue;
        }
        f->has_expected = 0;
        repo_file_note(f, "changed after the download: %s/%s.metadata is older than the file", DL_DIR, f->path);
        report_add_finding(m, FIND_REVIEW, "metadata_stale", f->path,
                           "%s: changed after the download (%s/%s.metadata is older than the file%s); "
                           "it is unverified", f->path, DL_DIR, f->path,
                           got ? " and its content no longer matches the recorded etag" : "");
    }
}

const struct repo_ops repo_localdir = {
    .name = "hf-local-dir",
    .layout = LAYOUT_HF_LOCAL_DIR,
    .detect = ld_detect,
    .list = ld_list,
    .after_read = ld_after_read,
};
