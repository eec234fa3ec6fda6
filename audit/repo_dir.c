/*
 * repo_dir.c - the "directory" layout: anything that is no other layout.
 * Every file beneath the folder is listed (symlinks followed only while they
 * stay inside), hashed and validated; nothing records what the files should
 * be, so they are "unverified" unless scan --manifest gives the hashes.  A
 * single file given as PATH (that is not an archive) is a one-file model.
 */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "repo.h"

static int dir_detect(const struct repo_probe *pr)
{
    return S_ISDIR(pr->st.st_mode) || S_ISREG(pr->st.st_mode);
}

static int list_single_file(struct repo_ctx *rc, const struct repo_probe *pr, struct wa_err *err)
{
    char *real = realpath(pr->path, NULL), *dcopy = NULL, *bcopy = NULL, *gcopy = NULL;
    struct rep_file *f;
    long mi;
    int rc_ = WA_ENOMEM;

    if (!real)
        return wa_err_sys(err, errno, pr->path, "realpath");
    if (!(dcopy = strdup(real)) || !(bcopy = strdup(real)) || !(gcopy = strdup(pr->path)))
        goto done;
    mi = repo_model_add(rc, LAYOUT_DIRECTORY, pr->path, dirname(dcopy));
    if (mi < 0)
        goto done;
    f = repo_file_add(&rc->rep->models[mi], basename(gcopy));
    if (!f || report_set_str(&f->src, basename(bcopy)))
        goto done;
    f->size = pr->st.st_size;
    f->mtime = (double)pr->st.st_mtim.tv_sec + (double)pr->st.st_mtim.tv_nsec / 1e9;
    rc_ = 0;
done:
    if (rc_)
        wa_err_set(err, rc_, pr->path, -1, "out of memory");
    free(real);
    free(dcopy);
    free(bcopy);
    free(gcopy);
    return rc_;
}

static int dir_list(struct repo_ctx *rc, const struct repo_probe *pr, struct wa_err *err)
{
    struct safepath_root root;
    long mi;
    int r;

    if (S_ISREG(pr->st.st_mode))
        return list_single_file(rc, pr, err);
    if ((r = safepath_root_from_fd(&root, pr->fd, pr->path, err)))
        return r;
    mi = repo_model_add(rc, LAYOUT_DIRECTORY, pr->path, pr->path);
    r = mi < 0 ? wa_err_set(err, WA_ENOMEM, pr->path, -1, "out of memory")
               : repo_list_tree(rc, (size_t)mi, &root, NULL, NULL, err);
    safepath_root_close(&root);
    return r;
}

const struct repo_ops repo_dir = {
    .name = "directory",
    .layout = LAYOUT_DIRECTORY,
    .detect = dir_detect,
    .list = dir_list,
};
