/*
 * datadir.c - finding rules/, licenses/ and manifests/ next to the binary,
 * in its installation prefix, or in the current directory (see datadir.h).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"

static int has_rules(const char *dir)
{
    char p[PATH_MAX];
    struct stat st;

    if (snprintf(p, sizeof p, "%s/rules", dir) >= (int)sizeof p)
        return 0;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int take(char *buf, size_t n, const char *dir)
{
    if (!has_rules(dir) || strlen(dir) >= n)
        return 0;
    snprintf(buf, n, "%s", dir);
    return 1;
}

int datadir_find(char *buf, size_t n, struct wa_err *err)
{
    char exe[PATH_MAX], cand[PATH_MAX + 32];
    const char *env = getenv("WEIGHTAUDIT_DATA");
    ssize_t k;

    if (env && *env) {
        if (take(buf, n, env))
            return 0;
        return wa_err_set(err, WA_ENOTFOUND, env, -1,
                          "WEIGHTAUDIT_DATA does not name a folder holding rules/");
    }
    k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        char *slash;
        exe[k] = '\0';
        slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            if (take(buf, n, exe[0] ? exe : "/"))
                return 0;
            snprintf(cand, sizeof cand, "%s/../share/weightaudit", exe);
            if (take(buf, n, cand))
                return 0;
        }
    }
    if (take(buf, n, "."))
        return 0;
    return wa_err_set(err, WA_ENOTFOUND, NULL, -1,
                      "cannot find the weightaudit data (rules/, licenses/): looked next to the "
                      "executable, in ../share/weightaudit and in the current directory; set "
                      "WEIGHTAUDIT_DATA");
}
