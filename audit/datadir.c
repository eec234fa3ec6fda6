/*
 * datadir.c - finding data files at run time (see datadir.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"

static int is_file(const char *p)
{
    struct stat st;

    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Folder of the running executable, "" when unknown. */
static void exe_dir(char *out, size_t n)
{
    char buf[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", buf, sizeof buf - 1);
    char *slash;

    out[0] = '\0';
    if (k <= 0)
        return;
    buf[k] = '\0';
    slash = strrchr(buf, '/');
    if (!slash)
        return;
    *slash = '\0';
    snprintf(out, n, "%s", buf[0] ? buf : "/");
}

static int safe_rel(const char *rel)
{
    const char *p = rel;

    if (!*rel || *rel == '/')
        return 0;
    while (*p) {
        size_t k = strcspn(p, "/");
        if ((k == 2 && p[0] == '.' && p[1] == '.') || k == 0)
            return 0;
        p += k;
        if (*p == '/')
            p++;
    }
    return 1;
}

int datadir_find(char *out, size_t n, const char *rel)
{
    char exe[PATH_MAX], cand[PATH_MAX + 64];
    const char *env = getenv(DATADIR_ENV);
    const char *bases[4];
    const char *suffix[4] = { "", "", "/../share/weightaudit", "" };

    if (!safe_rel(rel))
        return WA_EUSAGE;
    exe_dir(exe, sizeof exe);
    bases[0] = env && *env ? env : NULL;
    bases[1] = exe[0] ? exe : NULL;
    bases[2] = exe[0] ? exe : NULL;
    bases[3] = ".";
    for (int i = 0; i < 4; i++) {
        int k;
        if (!bases[i])
            continue;
        k = snprintf(cand, sizeof cand, "%s%s/%s", bases[i], suffix[i], rel);
        if (k < 0 || (size_t)k >= sizeof cand || !is_file(cand))
            continue;
        if ((size_t)k >= n)
            return WA_ETOOBIG;
        memcpy(out, cand, (size_t)k + 1);
        return 0;
    }
    return WA_ENOTFOUND;
}

int datadir_read(char **out, size_t *len, const char *rel, size_t max, struct wa_err *err)
{
    char path[PATH_MAX + 64];
    char *buf = NULL;
    size_t n = 0;
    FILE *f;
    int rc = datadir_find(path, sizeof path, rel);

    *out = NULL;
    *len = 0;
    if (rc)
        return wa_err_set(err, rc, rel, -1, "not found in the data folders ($%s, beside the "
                          "executable, ../share/weightaudit, .)", DATADIR_ENV);
    if (!(f = fopen(path, "rb")))
        return wa_err_sys(err, errno, path, "open");
    buf = malloc(max + 1);
    if (!buf) {
        fclose(f);
        return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
    }
    n = fread(buf, 1, max + 1, f);
    if (ferror(f))
        rc = wa_err_sys(err, errno, path, "read");
    else if (n > max)
        rc = wa_err_set(err, WA_ETOOBIG, path, -1, "larger than %zu bytes", max);
    fclose(f);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}
