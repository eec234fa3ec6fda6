/*
 * slurp.c - bounded whole-file reads (see slurp.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slurp.h"

int slurp_file(const char *path, size_t max, char **out, size_t *n, struct wa_err *err)
{
    struct stat st;
    char *buf = NULL;
    size_t have = 0;
    int fd, rc = 0;

    *out = NULL;
    *n = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return wa_err_sys(err, errno, path, "open");
    if (fstat(fd, &st) != 0) {
        rc = wa_err_sys(err, errno, path, "stat");
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = wa_err_set(err, WA_EUNSAFE, path, -1, "not a regular file");
        goto out;
    }
    if ((uint64_t)st.st_size > max) {
        rc = wa_err_set(err, WA_ETOOBIG, path, -1, "file is %lld bytes, more than the limit of %zu",
                        (long long)st.st_size, max);
        goto out;
    }
    buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        rc = wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
        goto out;
    }
    while (have < (size_t)st.st_size) {
        ssize_t k = read(fd, buf + have, (size_t)st.st_size - have);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            rc = wa_err_sys(err, errno, path, "read");
            goto out;
        }
        if (k == 0)
            break;   /* shrank while reading: take what is there */
        have += (size_t)k;
    }
    buf[have] = '\0';
    *out = buf;
    *n = have;
    buf = NULL;
out:
    free(buf);
    close(fd);
    return rc;
}
