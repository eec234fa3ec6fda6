/*
 * cli.c - shared helpers of the command modules (see cli.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "report.h"

void cli_error(const char *fmt, ...)
{
    va_list ap;

    fputs("weightaudit: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_report_err(const struct wa_err *e)
{
    char buf[WA_ERR_FILE + WA_ERR_MSG + 64];

    wa_err_format(e, buf, sizeof buf);
    cli_error("%s", buf);
}

void cli_check_source_date_epoch(const char *what_time)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    char shown[44];
    size_t k = 0;
    int64_t t;

    if (report_sde_parse(s, &t) >= 0)
        return;
    for (; s[k] && k < 40; k++)
        shown[k] = s[k] >= 0x20 && s[k] < 0x7f ? s[k] : '?';
    snprintf(shown + k, sizeof shown - k, "%s", s[k] ? "..." : "");
    cli_error("warning: SOURCE_DATE_EPOCH '%s' is not a number of seconds from 0 to %lld (9999-12-31); ignored, "
              "the documents carry %s", shown, (long long)REPORT_SDE_MAX, what_time);
}

int64_t cli_parse_count(const char *s)
{
    char *end;
    long long v;

    if (!s || !*s || *s == '-')
        return -1;
    v = strtoll(s, &end, 10);
    if (*end || v < 0)
        return -1;
    return v;
}

int cli_online_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

int cli_outputs_add_format(struct cli_outputs *o, const char *fmt)
{
    if (o->n >= CLI_MAX_OUTPUTS)
        return -1;
    o->format[o->n] = fmt;
    o->path[o->n] = NULL;
    o->n++;
    return 0;
}

int cli_outputs_set_path(struct cli_outputs *o, const char *path)
{
    if (o->n == 0) {
        /* -o before any --format: the default format goes there */
        o->format[0] = NULL;
        o->n = 1;
    }
    if (o->path[o->n - 1])
        return -1;
    o->path[o->n - 1] = path;
    return 0;
}

int cmd_not_built(const char *name)
{
    cli_error("%s: this command is not built yet", name);
    return EXIT_CANNOT;
}
