/*
 * out.h - the report writers: text, json (native), cyclonedx, spdx, sarif, html.
 *
 * Every writer has the same shape, out_fn: a pure function of the report
 * that appends the whole document to an output buffer.  Nothing is written
 * to a file until the document is complete, so a failed render leaves no
 * half-written file.  The only inputs besides the report are
 * SOURCE_DATE_EPOCH (the timestamp, when set) and, for license texts the
 * report lacks, the canonical texts under licenses/ in the data folder
 * (datadir.h).  Same report, same bytes.
 *
 * Callers (scan, merge) use out_write() once per "--format F -o FILE" pair:
 *
 *     struct wa_err err;
 *     if (out_write(report, "cyclonedx", "model.cdx.json", &err)) { cli_report_err(&err); ... }
 *
 * A format that is not in the table is WA_EUNSUPP.
 */
#ifndef WA_OUT_H
#define WA_OUT_H

#include <stdarg.h>
#include <stddef.h>

#include "err.h"
#include "report.h"

/* A growable byte buffer; p is NUL-terminated whenever n > 0. */
struct outbuf {
    char *p;
    size_t n, cap;
    int oom;                    /* an append failed: the content is incomplete */
};

void outbuf_add(struct outbuf *b, const char *s, size_t n);
void outbuf_puts(struct outbuf *b, const char *s);
void outbuf_printf(struct outbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void outbuf_free(struct outbuf *b);

/* Render r into out (appending).  0, WA_ENOMEM, or another WA_E code with
 * the detail in err. */
typedef int (*out_fn)(struct outbuf *out, const struct report *r, struct wa_err *err);

int out_json(struct outbuf *out, const struct report *r, struct wa_err *err);       /* weightaudit-report/1 */
int out_cyclonedx(struct outbuf *out, const struct report *r, struct wa_err *err);  /* CycloneDX 1.6 ML-BOM */
int out_spdx(struct outbuf *out, const struct report *r, struct wa_err *err);       /* SPDX 2.3 JSON */
int out_sarif(struct outbuf *out, const struct report *r, struct wa_err *err);      /* SARIF 2.1.0 */
int out_html(struct outbuf *out, const struct report *r, struct wa_err *err);       /* one self-contained page */
int out_text(struct outbuf *out, const struct report *r, struct wa_err *err);       /* short human summary */

/* The writer for a format name, NULL when unknown. */
out_fn out_find(const char *format);

/* The format names out_find knows, for usage messages: "json, cyclonedx, ...". */
const char *out_format_names(void);

/* Render r as format and write it to path (NULL or "-" = stdout).  A file is
 * replaced whole (written beside it, then renamed) or left untouched.
 * 0, WA_EUNSUPP (unknown format), WA_EIO (with the file in err), WA_ENOMEM. */
int out_write(const struct report *r, const char *format, const char *path, struct wa_err *err);

#endif
