/*
 * repo_ollama.c - an Ollama model store (~/.ollama/models, or $OLLAMA_MODELS):
 *
 *   manifests/<registry>/<namespace>/<model>/<tag>   one manifest per model tag
 *   blobs/sha256-<hex>                                content-addressed layers
 *   blobs/sha256-<hex>-partial[-N]                    a download in progress
 *
 * Each manifest is one model, named namespace/model:tag (registry/... for
 * registries other than registry.ollama.ai), revision = the manifest's own
 * sha256 (what `ollama list` shows the first 12 digits of).  Every layer
 * and the config blob become files (path blobs/sha256-<hex>) whose digest
 * and size the manifest records; license layers have role license and
 * params layers role config, so their content is kept for the license
 * engine; the media type is in the file's facts.  A blob shared by several
 * manifests is read once.  PATH may also be ~/.ollama (holding models/).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hash.h"
#include "ollamamf.h"
#include "repo.h"
#include "scan.h"

static int ol_detect(const struct repo_probe *pr)
{
    return S_ISDIR(pr->st.st_mode) && ((safepath_is_dir_at(pr->fd, "manifests") && safepath_is_dir_at(pr->fd, "blobs")) ||
                                       (safepath_is_dir_at(pr->fd, "models/manifests") && safepath_is_dir_at(pr->fd, "models/blobs")));
}

struct ol_state {
    struct repo_ctx *rc;
    const struct safepath_root *root;
    const char *display;
    const char *root_path;
};

static const char *layer_kind(const char *mt)
{
    static const char prefix[] = "application/vnd.ollama.image.";

    if (strncmp(mt, prefix, sizeof prefix - 1) == 0)
        return mt + sizeof prefix - 1;
    return "";
}

static enum file_role layer_role(const struct ollamamf_layer *l, int *want_content)
{
    const char *k = layer_kind(l->media_type);

    *want_content = 0;
    if (l->is_config || strncmp(k, "config", 6) == 0 || strcmp(k, "params") == 0) {
        *want_content = 1;
        return ROLE_CONFIG;
    }
    if (strcmp(k, "license") == 0)
        return ROLE_LICENSE;
    if (strcmp(k, "model") == 0 || strcmp(k, "adapter") == 0 || strcmp(k, "projector") == 0 ||
        strncmp(k, "tensor", 6) == 0 || strcmp(k, "embed") == 0)
        return ROLE_WEIGHTS;
    if (strcmp(k, "template") == 0 || strcmp(k, "system") == 0 || strcmp(k, "messages") == 0)
        *want_content = 1;
    return ROLE_OTHER;
}

/* Model name from manifests/<registry>/<namespace>/<model>/<tag>. */
static char *model_name(const char *rel)
{
    const char *p = rel + strlen("manifests/");
    const char *parts[8];
    size_t lens[8], n = 0;
    char *out;

    while (*p && n < 8) {
        const char *e = strchr(p, '/');
        parts[n] = p;
        lens[n] = e ? (size_t)(e - p) : strlen(p);
        n++;
        if (!e)
            break;
        p = e + 1;
    }
    if (n < 2)
        return strdup(rel);
    out = malloc(strlen(rel) + 2);
    if (!out)
        return NULL;
    out[0] = '\0';
    for (size_t i = 0; i < n - 1; i++) {
        if (i == 0 && n == 4 && lens[0] == 18 && strncmp(parts[0], "registry.ollama.ai", 18) == 0)
            continue;     /* the default registry is not part of the name */
        if (out[0])
            strcat(out, "/");
        strncat(out, parts[i], lens[i]);
    }
    strcat(out, ":");
    strncat(out, parts[n - 1], lens[n - 1]);
    return out;
}

static int add_layer(struct ol_state *os, struct rep_model *m, const struct ollamamf_layer *l)
{
    char path[128], rel[160];
    struct rep_file *f;
    int want = 0, r;

    snprintf(path, sizeof path, "blobs/sha256-%s", l->digest);
    if (report_find_file(m, path))
        return 0;     /* the same blob twice in one manifest */
    if (faccessat(os->root->fd, path, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
        snprintf(rel, sizeof rel, "%s", path);
    else
        snprintf(rel, sizeof rel, "blobs/sha256:%s", l->digest);    /* older Ollama */
    r = repo_add_located(m, os->root, path, rel, NULL);
    if (r == 1)
        return 0;
    if (r)
        return r;
    f = &m->files[m->n_files - 1];
    f->role = layer_role(l, &want);
    f->want_content = want;
    repo_file_expect(f, "sha256", l->digest, "ollama-manifest", l->size);
    if (!(f->facts = cJSON_CreateObject()))
        return WA_ENOMEM;
    cJSON_AddStringToObject(f->facts, "ollama_media_type", l->is_config && !l->media_type[0] ? "config"
                                                                                          : l->media_type);
    if (f->integrity == INTEG_MISSING) {
        char partial[200];
        snprintf(partial, sizeof partial, "%s-partial", path);
        if (faccessat(os->root->fd, partial, F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
            f->integrity = INTEG_INCOMPLETE;
            repo_file_note(f, "only %s exists: the pull did not finish", partial);
        } else {
            repo_file_note(f, "the manifest lists it; the blob is not in blobs/");
        }
    }
    return 0;
}

static int manifest_entry(void *ctx, const char *rel, enum repo_walk_kind kind, const struct stat *st,
                          const struct wa_err *err)
{
    struct ol_state *os = ctx;
    struct rep_model *m;
    struct rep_file *f;
    struct ollamamf *mf = NULL;
    unsigned char *buf = NULL;
    size_t len = 0;
    struct wa_err e;
    char *name;
    long mi;
    int r = 0;

    (void)st;
    (void)err;
    if (kind != WALK_FILE)
        return 0;
    mi = repo_model_add(os->rc, LAYOUT_OLLAMA, os->display, os->root_path);
    if (mi < 0)
        return WA_ENOMEM;
    m = &os->rc->rep->models[mi];
    name = model_name(rel);
    if (!name || report_set_str(&m->name, name)) {
        free(name);
        return WA_ENOMEM;
    }
    free(name);
    /* the manifest itself: read here, once, to know the layers */
    if (!(f = repo_file_add(m, rel)))
        return WA_ENOMEM;
    f->role = ROLE_CONFIG;
    if (repo_read_small(&buf, &len, os->root, rel, OLLAMAMF_MAX, &e)) {
        f->integrity = e.code == WA_EUNSAFE ? INTEG_UNSAFE_PATH : INTEG_UNREADABLE;
        repo_file_note(f, "%s", e.msg);
        return 0;
    }
    f->was_read = 1;
    f->size = (int64_t)len;
    f->format = FORMAT_JSON;
    f->content = buf;
    f->content_len = len;
    if (hash_sha256_hex(buf, len, f->sha256) == 0) {
        f->has_sha256 = 1;
        report_set_str(&m->revision, f->sha256);
    }
    if (os->rc->opts && os->rc->opts->sha1) {
        /* SPDX: every file carries SHA-1, this one too (it never goes through a reader) */
        struct hash_ctx *h = NULL;
        if (hash_new(&h, HASH_SHA1, 0) == 0 && hash_update(h, buf, len) == 0 && hash_final(h, f->sha1) == 0)
            f->has_sha1 = 1;
        hash_free(h);
    }
    if (ollamamf_parse(&mf, buf, len, rel, &e)) {
        return report_add_finding(m, FIND_DENY, "ollama_manifest_invalid", rel,
                                  "%s: %s; its layers cannot be checked", rel, e.msg) ? 0 : WA_ENOMEM;
    }
    for (size_t i = 0; i < mf->n && !r; i++) {
        r = add_layer(os, m, &mf->v[i]);
        m = &os->rc->rep->models[mi];
    }
    ollamamf_free(mf);
    return r;
}

static int ol_list(struct repo_ctx *rc, const struct repo_probe *pr, struct wa_err *err)
{
    struct safepath_root root;
    struct ol_state os;
    char *models = NULL;
    int r;

    if (!safepath_is_dir_at(pr->fd, "manifests")) {
        /* ~/.ollama: the store is models/ */
        if (!(models = repo_join(pr->path, "models")))
            return wa_err_set(err, WA_ENOMEM, pr->path, -1, "out of memory");
        r = safepath_root_open(&root, models, err);
    } else {
        r = safepath_root_from_fd(&root, pr->fd, pr->path, err);
    }
    if (r) {
        free(models);
        return r;
    }
    os.rc = rc;
    os.root = &root;
    os.display = models ? models : pr->path;
    os.root_path = os.display;
    r = repo_walk(&root, "manifests", NULL, manifest_entry, &os, err);
    if (r == WA_ETOOBIG)
        r = 0;
    safepath_root_close(&root);
    free(models);
    return r;
}

const struct repo_ops repo_ollama = {
    .name = "ollama",
    .layout = LAYOUT_OLLAMA,
    .detect = ol_detect,
    .list = ol_list,
};
