/*
 * err.c - filling and formatting struct wa_err (see err.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

void wa_err_clear(struct wa_err *e)
{
    if (!e)
        return;
    e->code = WA_OK;
    e->sys_errno = 0;
    e->offset = -1;
    e->file[0] = '\0';
    e->msg[0] = '\0';
}

int wa_err_set(struct wa_err *e, int code, const char *file, int64_t offset,
               const char *fmt, ...)
{
    va_list ap;

    if (!e)
        return code;
    e->code = code;
    e->sys_errno = 0;
    e->offset = offset;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

int wa_err_sys(struct wa_err *e, int errnum, const char *file, const char *what)
{
    int code = wa_err_set(e, WA_EIO, file, -1, "%s: %s", what, strerror(errnum));

    if (e)
        e->sys_errno = errnum;
    return code;
}

const char *wa_code_name(int code)
{
    switch (code) {
    case WA_OK: return "ok";
    case WA_EFORMAT: return "format";
    case WA_ETRUNC: return "truncated";
    case WA_EMISMATCH: return "mismatch";
    case WA_ETOOBIG: return "too-big";
    case WA_EIO: return "io";
    case WA_ENOMEM: return "no-memory";
    case WA_EUSAGE: return "usage";
    case WA_EUNSAFE: return "unsafe";
    case WA_ENOTFOUND: return "not-found";
    case WA_EUNSUPP: return "unsupported";
    }
    return "unknown";
}

void wa_err_format(const struct wa_err *e, char *buf, size_t n)
{
    int k = 0;

    if (n == 0)
        return;
    buf[0] = '\0';
    if (e->file[0])
        k = snprintf(buf, n, "%s: ", e->file);
    if (k >= 0 && (size_t)k < n && e->offset >= 0)
        k += snprintf(buf + k, n - (size_t)k, "offset %lld: ", (long long)e->offset);
    if (k >= 0 && (size_t)k < n)
        snprintf(buf + k, n - (size_t)k, "%s", e->msg[0] ? e->msg : wa_code_name(e->code));
}
