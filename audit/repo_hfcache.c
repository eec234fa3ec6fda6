/*
 * repo_hfcache.c - the Hugging Face hub cache (huggingface_hub's
 * file_download.py layout):
 *
 *   <cache>/models--ORG--NAME/
 *       blobs/<etag>                  the content; etag = sha256 (LFS files) or
 *                                     git blob sha1 (regular files)
 *       blobs/<etag>.incomplete       a download that did not finish
 *       snapshots/<commit>/<path>     relative symlinks into ../../blobs (copies
 *                                     where the filesystem has no symlinks)
 *       refs/<branch>                 the commit a branch or tag resolved to
 *       .no_exist/<commit>/<path>     files the Hub said do not exist (not junk)
 *       trees/<commit>.json           optional: the commit's file listing, used
 *                                     as a manifest: huggingface_hub's tree
 *                                     cache ({"format_version": 1, "files":
 *                                     {path: {size, blob_id, lfs_sha256}}})
 *                                     or the Hub API's /tree list (path, size,
 *                                     oid, lfs.oid)
 *
 * PATH may be one models--ORG--NAME folder, one of its snapshots, or a whole
 * cache folder (~/.cache/huggingface/hub, or ~/.cache/huggingface holding
 * hub/).  Each repository folder becomes one model (name ORG/NAME from the
 * folder), at the revision refs/main names (else the only ref or snapshot,
 * else the snapshot written last); other cached revisions are listed in an
 * info finding, and a snapshot folder given as PATH is audited at its own
 * revision.  In a whole cache, datasets--* and spaces--*
 * folders are skipped: they are not models (scan such a folder by name to
 * audit it).  Every snapshot link must resolve inside blobs/; the blob's
 * name is the expected hash.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "hash.h"
#include "repo.h"

#define HF_REF_MAX 256                /* a ref file holds a 40-hex commit */
#define HF_TREE_MAX (64u << 20)

static int is_repo_folder(int fd)
{
    return safepath_is_dir_at(fd, "snapshots") && safepath_is_dir_at(fd, "blobs");
}

/* A cache folder: holds at least one models--* repository folder. */
static int is_cache_folder(int fd)
{
    int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d;
    struct dirent *e;
    int found = 0;

    if (dfd < 0)
        return 0;
    if (!(d = fdopendir(dfd))) {
        close(dfd);
        return 0;
    }
    while (!found && (e = readdir(d))) {
        if (strncmp(e->d_name, "models--", 8) == 0) {
            int sub = openat(fd, e->d_name, O_PATH | O_DIRECTORY | O_CLOEXEC);
            if (sub >= 0) {
                found = is_repo_folder(sub);
                close(sub);
            }
        }
    }
    closedir(d);
    return found;
}

/* Is path a snapshots/<commit> folder of a repository folder? */
static int is_snapshot_folder(const char *path)
{
    char *real = realpath(path, NULL), *parent;
    int yes = 0;

    if (!real)
        return 0;
    parent = strrchr(real, '/');
    if (parent && parent != real) {
        *parent = '\0';
        char *pname = strrchr(real, '/');
        if (pname && strcmp(pname + 1, "snapshots") == 0) {
            int fd;
            *pname = '\0';
            fd = open(*real ? real : "/", O_PATH | O_DIRECTORY | O_CLOEXEC);
            if (fd >= 0) {
                yes = is_repo_folder(fd);
                close(fd);
            }
        }
    }
    free(real);
    return yes;
}

static int hf_detect(const struct repo_probe *pr)
{
    if (!S_ISDIR(pr->st.st_mode))
        return 0;
    if (is_repo_folder(pr->fd) || is_cache_folder(pr->fd) || is_snapshot_folder(pr->path))
        return 1;
    if (safepath_is_dir_at(pr->fd, "hub")) {
        int sub = openat(pr->fd, "hub", O_PATH | O_DIRECTORY | O_CLOEXEC);
        int yes = sub >= 0 && is_cache_folder(sub);
        if (sub >= 0)
            close(sub);
        return yes;
    }
    return 0;
}

/* ---- one repository folder ------------------------------------------------ */

struct ref {
    char *name;                       /* "main", "pr/1" */
    char commit[64];
};

struct tree_entry {
    char *path;
    char algo[16];
    char hex[HASH_SHA256_HEX];
    int64_t size;
};

struct repo_state {
    struct repo_ctx *rc;
    struct safepath_root root;
    const char *display;
    const char *root_path;
    char *name;
    struct ref *refs;
    size_t n_refs;
    long *models;                     /* model indices of this folder */
    size_t n_models;
    struct rep_model *m;              /* while listing one snapshot */
    char snap[300];                   /* "snapshots/<commit>" */
    struct tree_entry *tree;
    size_t n_tree;
};

static char *name_from_folder(const char *path)
{
    char *copy = strdup(path), *b, *out = NULL;
    static const char *const prefixes[] = { "models--", "datasets--", "spaces--", NULL };

    if (!copy)
        return NULL;
    /* strip trailing slashes */
    for (size_t n = strlen(copy); n > 1 && copy[n - 1] == '/'; n--)
        copy[n - 1] = '\0';
    b = basename(copy);
    for (const char *const *p = prefixes; *p; p++) {
        size_t k = strlen(*p);
        if (strncmp(b, *p, k) == 0 && b[k]) {
            const char *s = b + k;
            out = malloc(strlen(s) + 1);
            if (out) {
                char *o = out;
                while (*s) {
                    if (s[0] == '-' && s[1] == '-') {
                        *o++ = '/';
                        s += 2;
                    } else {
                        *o++ = *s++;
                    }
                }
                *o = '\0';
            }
            break;
        }
    }
    free(copy);
    return out;
}

static int is_commit(const char *s)
{
    return strlen(s) == 40 && hash_is_hex(s, 40);
}

static void repo_finding_all(struct repo_state *rs, enum finding_sev sev, const char *code, const char *file,
                             const char *msg)
{
    for (size_t i = 0; i < rs->n_models; i++)
        report_add_finding(&rs->rc->rep->models[rs->models[i]], sev, code, file, "%s", msg);
}

static int ref_entry(void *ctx, const char *rel, enum repo_walk_kind kind, const struct stat *st,
                     const struct wa_err *err)
{
    struct repo_state *rs = ctx;
    unsigned char *buf = NULL;
    size_t n = 0;
    struct wa_err e;
    struct ref *v;

    (void)st;
    (void)err;
    if (kind != WALK_FILE || strlen(rel) < 6)
        return 0;
    if (repo_read_small(&buf, &n, &rs->root, rel, HF_REF_MAX, &e))
        return 0;
    while (n && isspace(buf[n - 1]))
        buf[--n] = '\0';
    v = realloc(rs->refs, (rs->n_refs + 1) * sizeof *v);
    if (!v) {
        free(buf);
        return WA_ENOMEM;
    }
    rs->refs = v;
    v[rs->n_refs].name = strdup(rel + 5);    /* after "refs/" */
    snprintf(v[rs->n_refs].commit, sizeof v[rs->n_refs].commit, "%s", is_commit((char *)buf) ? (char *)buf : "");
    if (v[rs->n_refs].name)
        rs->n_refs++;
    free(buf);
    return 0;
}

static int cmp_tree(const void *a, const void *b)
{
    return strcmp(((const struct tree_entry *)a)->path, ((const struct tree_entry *)b)->path);
}

static void tree_free(struct repo_state *rs)
{
    for (size_t i = 0; i < rs->n_tree; i++)
        free(rs->tree[i].path);
    free(rs->tree);
    rs->tree = NULL;
    rs->n_tree = 0;
}

/* One entry of a tree listing, validated: a clean path, a hash of the
 * algorithm's length, a size that is a whole number >= 0 (or absent: -1).
 * 0 when it was taken, 1 when it is malformed, WA_ENOMEM. */
static int tree_take(struct repo_state *rs, const char *path, const char *algo, const cJSON *hex,
                     const cJSON *size)
{
    size_t want = strcmp(algo, "sha256") == 0 ? 64 : 40;
    struct tree_entry *t = &rs->tree[rs->n_tree];
    double v = cJSON_IsNumber(size) ? size->valuedouble : -1;

    if (!path || !safepath_is_clean(path) || !cJSON_IsString(hex) ||
        strlen(hex->valuestring) != want || !hash_is_hex(hex->valuestring, want))
        return 1;
    if (size && !cJSON_IsNull(size) && (!cJSON_IsNumber(size) || v < 0 || v > 9007199254740992.0 ||
                                        (double)(int64_t)v != v))
        return 1;
    snprintf(t->algo, sizeof t->algo, "%s", algo);
    snprintf(t->hex, sizeof t->hex, "%s", hex->valuestring);
    t->size = v >= 0 ? (int64_t)v : -1;
    if (!(t->path = strdup(path)))
        return WA_ENOMEM;
    rs->n_tree++;
    return 0;
}

/* The Hub API's /tree list: [{"type", "path", "oid", "size", "lfs": {"oid",
 * "size"}}]; folders are skipped.  Returns the malformed entries. */
static size_t tree_from_list(struct repo_state *rs, const cJSON *doc)
{
    const cJSON *it;
    size_t bad = 0;

    cJSON_ArrayForEach(it, doc) {
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(it, "type");
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(it, "path");
        const cJSON *lfs = cJSON_GetObjectItemCaseSensitive(it, "lfs");
        const char *path = cJSON_IsString(p) ? p->valuestring : NULL;
        int r;
        if (cJSON_IsString(type) && strcmp(type->valuestring, "file") != 0)
            continue;
        if (cJSON_IsObject(lfs))
            r = tree_take(rs, path, "sha256", cJSON_GetObjectItemCaseSensitive(lfs, "oid"),
                          cJSON_GetObjectItemCaseSensitive(lfs, "size"));
        else
            r = tree_take(rs, path, "git_sha1", cJSON_GetObjectItemCaseSensitive(it, "oid"),
                          cJSON_GetObjectItemCaseSensitive(it, "size"));
        if (r == WA_ENOMEM)
            break;
        bad += r != 0;
    }
    return bad;
}

/* huggingface_hub's own cache file (_tree_cache.py): {"format_version": 1,
 * "files": {"<path>": {"size", "blob_id", "lfs_sha256", "lfs_size", ...}}}.
 * An LFS file (lfs_sha256 not null) is expected by its sha256, any other by
 * its git blob id.  Returns the malformed entries. */
static size_t tree_from_files(struct repo_state *rs, const cJSON *files)
{
    const cJSON *it;
    size_t bad = 0;

    cJSON_ArrayForEach(it, files) {
        const cJSON *lfs = cJSON_GetObjectItemCaseSensitive(it, "lfs_sha256");
        const cJSON *size = cJSON_GetObjectItemCaseSensitive(it, "size");
        const cJSON *lfs_size = cJSON_GetObjectItemCaseSensitive(it, "lfs_size");
        int r;
        if (!cJSON_IsObject(it) || !size || cJSON_IsNull(size) || (lfs && !cJSON_IsNull(lfs) && !cJSON_IsString(lfs)))
            r = 1;
        else if (cJSON_IsString(lfs))
            r = tree_take(rs, it->string, "sha256", lfs, lfs_size && !cJSON_IsNull(lfs_size) ? lfs_size : size);
        else
            r = tree_take(rs, it->string, "git_sha1", cJSON_GetObjectItemCaseSensitive(it, "blob_id"), size);
        if (r == WA_ENOMEM)
            break;
        bad += r != 0;
    }
    return bad;
}

/* The entries of a parsed tree file: the list itself, or the "files" object
 * of a format_version 1 tree cache; NULL with why set. */
static const cJSON *tree_entries(const cJSON *doc, const char **why)
{
    const cJSON *ver, *files;

    if (cJSON_IsArray(doc))
        return doc;
    if (!cJSON_IsObject(doc)) {
        *why = "neither a JSON array of tree entries nor huggingface_hub's tree cache object";
        return NULL;
    }
    ver = cJSON_GetObjectItemCaseSensitive(doc, "format_version");
    files = cJSON_GetObjectItemCaseSensitive(doc, "files");
    if (!cJSON_IsNumber(ver) || ver->valuedouble != 1) {
        *why = "an unknown format_version (weightaudit reads version 1)";
        return NULL;
    }
    if (!cJSON_IsObject(files)) {
        *why = "format_version 1 without a \"files\" object";
        return NULL;
    }
    return files;
}

/* A path listed twice (a JSON object may repeat a key): which is meant is
 * not known, so the tree is not used.  The entries are sorted. */
static const char *tree_duplicate(const struct repo_state *rs)
{
    for (size_t i = 1; i < rs->n_tree; i++)
        if (strcmp(rs->tree[i - 1].path, rs->tree[i].path) == 0)
            return rs->tree[i].path;
    return NULL;
}

/* trees/<commit>.json: the commit's file listing, if present, in either form
 * (the Hub API's /tree list, or huggingface_hub's tree cache object). */
static void load_tree(struct repo_state *rs, const char *commit)
{
    char rel[300];
    unsigned char *buf = NULL;
    size_t n = 0, bad;
    struct wa_err e;
    cJSON *doc;
    const cJSON *entries;
    const char *why = NULL, *dup;

    snprintf(rel, sizeof rel, "trees/%s.json", commit);
    if (faccessat(rs->root.fd, rel, F_OK, AT_SYMLINK_NOFOLLOW) != 0)
        return;
    if (repo_read_small(&buf, &n, &rs->root, rel, HF_TREE_MAX, &e)) {
        report_add_finding(rs->m, FIND_REVIEW, "hf_tree_invalid", NULL, "%s: %s", rel, e.msg);
        return;
    }
    doc = cJSON_ParseWithLength((const char *)buf, n);
    free(buf);
    if (!(entries = tree_entries(doc, &why))) {
        report_add_finding(rs->m, FIND_REVIEW, "hf_tree_invalid", NULL, "%s: %s; not used", rel,
                           doc ? why : "not valid JSON");
        cJSON_Delete(doc);
        return;
    }
    if (!(rs->tree = calloc((size_t)cJSON_GetArraySize(entries) + 1, sizeof *rs->tree))) {
        cJSON_Delete(doc);
        return;
    }
    bad = entries == doc ? tree_from_list(rs, entries) : tree_from_files(rs, entries);
    cJSON_Delete(doc);
    if (rs->n_tree)
        qsort(rs->tree, rs->n_tree, sizeof *rs->tree, cmp_tree);
    if ((dup = tree_duplicate(rs))) {
        report_add_finding(rs->m, FIND_REVIEW, "hf_tree_invalid", dup, "%s: %s is listed twice; not used", rel, dup);
        tree_free(rs);
        return;
    }
    if (bad)
        report_add_finding(rs->m, FIND_REVIEW, "hf_tree_invalid", NULL,
                           "%s: %zu malformed entr%s (a bad path, hash or size) not used", rel, bad,
                           bad == 1 ? "y" : "ies");
}

static const struct tree_entry *tree_find(const struct repo_state *rs, const char *path)
{
    struct tree_entry key = { (char *)path, "", "", 0 };

    return rs->n_tree ? bsearch(&key, rs->tree, rs->n_tree, sizeof *rs->tree, cmp_tree) : NULL;
}

/* Expected hash from a blob name: 64 hex = sha256 (LFS), 40 hex = git blob id. */
static void expect_blob_name(struct rep_file *f, const char *blob)
{
    size_t n = strlen(blob);

    if (n == 64 && hash_is_hex(blob, 64))
        repo_file_expect(f, "sha256", blob, "hf-blob-name", -1);
    else if (n == 40 && hash_is_hex(blob, 40))
        repo_file_expect(f, "git_sha1", blob, "hf-blob-name", -1);
}

static int snap_entry(void *ctx, const char *rel, enum repo_walk_kind kind, const struct stat *st,
                      const struct wa_err *err)
{
    struct repo_state *rs = ctx;
    const char *path = rel + strlen(rs->snap) + 1;     /* path inside the snapshot */
    struct rep_file *f;
    const struct tree_entry *te;
    int links = 0, r;

    (void)st;
    if (kind == WALK_ERROR)
        return repo_walk_error(rs->m, path, err);
    if (kind == WALK_SPECIAL) {
        if (!(f = repo_file_add(rs->m, path)))
            return WA_ENOMEM;
        f->integrity = INTEG_UNSAFE_PATH;
        repo_file_note(f, "not a regular file or symbolic link");
        return 0;
    }
    r = repo_add_located(rs->m, &rs->root, path, rel, &links);
    if (r)
        return r == 1 ? 0 : r;
    f = &rs->m->files[rs->m->n_files - 1];
    if (kind == WALK_LINK) {
        char target[4096];
        ssize_t k = readlinkat(rs->root.fd, rel, target, sizeof target - 1);
        const char *blob;
        target[k > 0 ? k : 0] = '\0';
        blob = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
        if (f->src) {
            if (strncmp(f->src, "blobs/", 6) != 0 || strchr(f->src + 6, '/')) {
                f->integrity = INTEG_UNSAFE_PATH;
                repo_file_note(f, "the snapshot link resolves to %s, not into blobs/", f->src);
                free(f->src);
                f->src = NULL;
            } else {
                expect_blob_name(f, f->src + 6);
            }
        } else if (f->integrity == INTEG_MISSING) {
            /* a dangling link: was the blob's download interrupted? */
            char inc[4400];
            expect_blob_name(f, blob);
            snprintf(inc, sizeof inc, "blobs/%s.incomplete", blob);
            if (faccessat(rs->root.fd, inc, F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
                f->integrity = INTEG_INCOMPLETE;
                repo_file_note(f, "only %s exists: the download did not finish", inc);
            } else {
                repo_file_note(f, "the snapshot links to blobs/%s, which does not exist", blob);
            }
        }
    } else if (f->src) {
        /* a copy (no symlinks where the cache was written): compared with the
         * blob of the same hash after reading, see hf_after_read */
        f->want_git_sha1 = 1;
    }
    if ((te = tree_find(rs, path)) && f->integrity != INTEG_UNSAFE_PATH)
        repo_file_expect(f, te->algo, te->hex, "git-tree", te->size);
    return 0;
}

static int add_snapshot_model(struct repo_state *rs, const char *commit)
{
    long mi = repo_model_add(rs->rc, LAYOUT_HF_CACHE, rs->display, rs->root_path);
    long *v;

    if (mi < 0)
        return WA_ENOMEM;
    v = realloc(rs->models, (rs->n_models + 1) * sizeof *v);
    if (!v)
        return WA_ENOMEM;
    rs->models = v;
    v[rs->n_models++] = mi;
    rs->m = &rs->rc->rep->models[mi];
    if (report_set_str(&rs->m->name, rs->name) || report_set_str(&rs->m->revision, commit))
        return WA_ENOMEM;
    return 0;
}

static int list_snapshot(struct repo_state *rs, const char *commit, struct wa_err *err)
{
    int r;

    if ((r = add_snapshot_model(rs, commit)))
        return r;
    snprintf(rs->snap, sizeof rs->snap, "snapshots/%s", commit);
    load_tree(rs, commit);
    r = repo_walk_stopped(rs->m, repo_walk(&rs->root, rs->snap, NULL, snap_entry, rs, err), err);
    tree_free(rs);
    return r;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in dir (relative to the root), sorted; regular entries of the kind
 * asked (dirs when want_dir, else files). */
static char **list_names(const struct safepath_root *root, const char *dir, int want_dir, size_t *n)
{
    int fd = openat(root->fd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    char **v = NULL;
    size_t k = 0;
    DIR *d;
    struct dirent *e;

    *n = 0;
    if (fd < 0)
        return NULL;
    if (!(d = fdopendir(fd))) {
        close(fd);
        return NULL;
    }
    while ((e = readdir(d)) && k < REPO_MAX_FILES) {
        struct stat st;
        char **nv;
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(st.st_mode) != !!want_dir)
            continue;
        if (!want_dir && !S_ISREG(st.st_mode))
            continue;
        if (!(nv = realloc(v, (k + 1) * sizeof *v)))
            break;
        v = nv;
        if ((v[k] = strdup(e->d_name)))
            k++;
    }
    closedir(d);
    if (k)
        qsort(v, k, sizeof *v, cmp_str);
    *n = k;
    return v;
}

static void free_names(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The revision a repository folder stands for: what refs/main names, else
 * the only ref with a snapshot, else the only snapshot, else the snapshot
 * written last (mtime, then name).  NULL when there is no snapshot. */
static const char *current_revision(struct repo_state *rs, char **snaps, size_t n)
{
    const char *one = NULL;
    size_t with_snap = 0;
    long best = -1;
    struct timespec bt = { 0, 0 };

    for (size_t i = 0; i < rs->n_refs; i++) {
        char snap[128];
        if (!rs->refs[i].commit[0])
            continue;
        snprintf(snap, sizeof snap, "snapshots/%s", rs->refs[i].commit);
        if (!safepath_is_dir_at(rs->root.fd, snap))
            continue;
        if (strcmp(rs->refs[i].name, "main") == 0)
            return rs->refs[i].commit;
        if (!one || strcmp(rs->refs[i].commit, one) != 0)
            with_snap++;
        one = rs->refs[i].commit;
    }
    if (with_snap == 1)
        return one;
    if (n == 1)
        return snaps[0];
    for (size_t i = 0; i < n; i++) {
        char snap[600];
        struct stat st;
        snprintf(snap, sizeof snap, "snapshots/%s", snaps[i]);
        if (fstatat(rs->root.fd, snap, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (best < 0 || st.st_mtim.tv_sec > bt.tv_sec ||
            (st.st_mtim.tv_sec == bt.tv_sec && st.st_mtim.tv_nsec > bt.tv_nsec)) {
            best = (long)i;
            bt = st.st_mtim;
        }
    }
    return best >= 0 ? snaps[best] : NULL;
}

static int list_repo(struct repo_ctx *rc, const char *display, const char *root_path, const char *only,
                     struct wa_err *err)
{
    struct repo_state rs;
    char **snaps = NULL, **blobs = NULL;
    size_t n_snaps = 0, n_blobs = 0;
    int r;

    memset(&rs, 0, sizeof rs);
    rs.rc = rc;
    rs.display = display;
    rs.root_path = root_path;
    if ((r = safepath_root_open(&rs.root, root_path, err)))
        return r;
    rs.name = name_from_folder(root_path);
    if (safepath_is_dir_at(rs.root.fd, "refs"))
        repo_walk(&rs.root, "refs", NULL, ref_entry, &rs, err);

    snaps = list_names(&rs.root, "snapshots", 1, &n_snaps);
    if (only) {
        r = list_snapshot(&rs, only, err);
    } else {
        const char *cur = current_revision(&rs, snaps, n_snaps);
        if (cur) {
            r = list_snapshot(&rs, cur, err);
        } else {
            /* nothing downloaded: one empty model says so */
            const char *rev = NULL;
            for (size_t i = 0; i < rs.n_refs; i++)
                if (strcmp(rs.refs[i].name, "main") == 0 && rs.refs[i].commit[0])
                    rev = rs.refs[i].commit;
            r = add_snapshot_model(&rs, rev);
        }
    }
    if (!r && n_snaps > 1) {
        /* the other cached revisions are not this model: say they are there */
        char msg[1200];
        size_t k = (size_t)snprintf(msg, sizeof msg, "%zu other revision%s cached, not audited here (scan "
                                    "snapshots/<commit> to audit one):", n_snaps - 1, n_snaps > 2 ? "s are" : " is");
        for (size_t i = 0; i < n_snaps && k < sizeof msg - 50; i++)
            if (!rs.m || !rs.m->revision || strcmp(snaps[i], rs.m->revision) != 0)
                k += (size_t)snprintf(msg + k, sizeof msg - k, " %s", snaps[i]);
        repo_finding_all(&rs, FIND_INFO, "hf_other_revisions", NULL, msg);
    }
    if (r)
        goto done;

    /* refs must name a snapshot */
    for (size_t i = 0; i < rs.n_refs; i++) {
        char msg[600], snap[128];
        if (!rs.refs[i].commit[0]) {
            snprintf(msg, sizeof msg, "refs/%s does not hold a 40-hex commit", rs.refs[i].name);
            repo_finding_all(&rs, FIND_REVIEW, "ref_dangling", NULL, msg);
            continue;
        }
        snprintf(snap, sizeof snap, "snapshots/%s", rs.refs[i].commit);
        if (!safepath_is_dir_at(rs.root.fd, snap)) {
            snprintf(msg, sizeof msg, "refs/%s names commit %s, which has no snapshot in the cache",
                     rs.refs[i].name, rs.refs[i].commit);
            repo_finding_all(&rs, FIND_REVIEW, "ref_dangling", NULL, msg);
        }
    }
    /* interrupted downloads: huggingface_hub writes blobs/<etag>.incomplete and
     * links the snapshot only once the blob is complete */
    blobs = list_names(&rs.root, "blobs", 0, &n_blobs);
    for (size_t i = 0; i < n_blobs; i++) {
        size_t len = strlen(blobs[i]);
        if (len > 11 && strcmp(blobs[i] + len - 11, ".incomplete") == 0) {
            char msg[600];
            snprintf(msg, sizeof msg, "blobs/%s: a download that did not finish (%.*s)", blobs[i],
                     (int)(len - 11), blobs[i]);
            repo_finding_all(&rs, FIND_DENY, "download_incomplete", NULL, msg);
        }
    }
done:
    free_names(snaps, n_snaps);
    free_names(blobs, n_blobs);
    for (size_t i = 0; i < rs.n_refs; i++)
        free(rs.refs[i].name);
    free(rs.refs);
    free(rs.models);
    free(rs.name);
    tree_free(&rs);
    safepath_root_close(&rs.root);
    return r;
}

static int list_cache(struct repo_ctx *rc, const char *path, struct wa_err *err)
{
    struct safepath_root root;
    char **names;
    size_t n;
    int r = 0;

    if ((r = safepath_root_open(&root, path, err)))
        return r;
    names = list_names(&root, ".", 1, &n);
    for (size_t i = 0; i < n && !r; i++) {
        char *sub;
        /* datasets--* and spaces--* are not models */
        if (strncmp(names[i], "models--", 8) != 0)
            continue;
        if (!(sub = repo_join(path, names[i]))) {
            r = WA_ENOMEM;
            break;
        }
        r = list_repo(rc, sub, sub, NULL, err);
        if (r && r != WA_ENOMEM)
            r = 0;   /* one unreadable repository folder does not stop the others */
        free(sub);
    }
    free_names(names, n);
    safepath_root_close(&root);
    return r;
}

static int hf_list(struct repo_ctx *rc, const struct repo_probe *pr, struct wa_err *err)
{
    if (is_repo_folder(pr->fd))
        return list_repo(rc, pr->path, pr->path, NULL, err);
    if (is_snapshot_folder(pr->path)) {
        char *real = realpath(pr->path, NULL), *commit, *root;
        int r;
        if (!real)
            return wa_err_sys(err, errno, pr->path, "realpath");
        commit = strrchr(real, '/');
        *commit++ = '\0';
        root = strrchr(real, '/');
        *root = '\0';                  /* real is now the repository folder */
        r = list_repo(rc, pr->path, real, commit, err);
        free(real);
        return r;
    }
    if (is_cache_folder(pr->fd))
        return list_cache(rc, pr->path, err);
    {
        char *hub = repo_join(pr->path, "hub");
        int r = hub ? list_cache(rc, hub, err) : WA_ENOMEM;
        free(hub);
        return r;
    }
}

/* Copies (no symlinks): a blob named by the copy's own hash proves it. */
static void hf_after_read(struct repo_ctx *rc, size_t model)
{
    struct rep_model *m = &rc->rep->models[model];
    struct safepath_root root;
    struct wa_err err;
    size_t copies = 0, proven = 0;

    if (!m->root || safepath_root_open(&root, m->root, &err))
        return;
    for (size_t i = 0; i < m->n_files; i++) {
        struct rep_file *f = &m->files[i];
        char rel[128];
        if (!f->want_git_sha1 || f->has_expected || !f->was_read || f->integrity != INTEG_UNVERIFIED)
            continue;
        copies++;
        snprintf(rel, sizeof rel, "blobs/%s", f->sha256);
        if (f->has_sha256 && faccessat(root.fd, rel, F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
            repo_file_expect(f, "sha256", f->sha256, "hf-blob-name", -1);
            proven++;
            continue;
        }
        snprintf(rel, sizeof rel, "blobs/%s", f->git_sha1);
        if (f->has_git_sha1 && faccessat(root.fd, rel, F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
            repo_file_expect(f, "git_sha1", f->git_sha1, "hf-blob-name", -1);
            proven++;
        }
    }
    if (copies > proven)
        report_add_finding(m, FIND_INFO, "hf_copy_unverified", NULL,
                           "%zu snapshot files are copies, not links into blobs/, and no blob carries their "
                           "hash (a cache written without symlinks): they could not be verified",
                           copies - proven);
    safepath_root_close(&root);
}

const struct repo_ops repo_hfcache = {
    .name = "hf-cache",
    .layout = LAYOUT_HF_CACHE,
    .detect = hf_detect,
    .list = hf_list,
    .after_read = hf_after_read,
};
