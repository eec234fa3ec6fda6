/*
 * cli.c - shared helpers of the command modules (see cli.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

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
