/*
 * err.h - the one error convention of weightaudit.
 *
 * Every fallible function returns 0 on success or a negative WA_E* code and,
 * when the caller passed a struct wa_err, fills it with the detail a user
 * needs: which file, which byte offset, what is wrong.  Core modules never
 * print; only main.c and cmd_*.c turn a wa_err into a message.
 */
#ifndef WA_ERR_H
#define WA_ERR_H

#include <stddef.h>
#include <stdint.h>

enum wa_code {
    WA_OK        = 0,
    WA_EFORMAT   = -1,   /* input violates its format */
    WA_ETRUNC    = -2,   /* input ended early */
    WA_EMISMATCH = -3,   /* content differs from what was expected */
    WA_ETOOBIG   = -4,   /* a declared size is beyond a fixed bound */
    WA_EIO       = -5,   /* read/open/stat failed; errno saved in sys_errno */
    WA_ENOMEM    = -6,   /* allocation failed */
    WA_EUSAGE    = -7,   /* bad arguments */
    WA_EUNSAFE   = -8,   /* path escapes the audited tree, or is not a regular file */
    WA_ENOTFOUND = -9,   /* the thing asked for does not exist */
    WA_EUNSUPP   = -10,  /* recognised but not supported */
};

#define WA_ERR_MSG 512
#define WA_ERR_FILE 1024

struct wa_err {
    int code;                   /* one of enum wa_code */
    int sys_errno;              /* errno at the failure, 0 if none */
    int64_t offset;             /* byte offset in file, -1 when not meaningful */
    char file[WA_ERR_FILE];     /* file concerned, "" when none */
    char msg[WA_ERR_MSG];       /* what is wrong, without file or offset */
};

/* Reset to "no error". */
void wa_err_clear(struct wa_err *e);

/* Record an error and return code, so callers can `return wa_err_set(...)`.
 * e may be NULL.  file may be NULL; offset -1 when not meaningful. */
int wa_err_set(struct wa_err *e, int code, const char *file, int64_t offset,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Like wa_err_set for a failed system call: appends strerror(errnum). */
int wa_err_sys(struct wa_err *e, int errnum, const char *file, const char *what);

/* Short stable name of a code ("format", "io", ...). */
const char *wa_code_name(int code);

/* Format "PATH: offset N: message" (parts omitted when absent) into buf. */
void wa_err_format(const struct wa_err *e, char *buf, size_t n);

#endif
