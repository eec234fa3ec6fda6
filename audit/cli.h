/*
 * cli.h - what the command modules (cmd_*.c) share: exit codes, the one
 * error style ("weightaudit: PATH: offset N: what is wrong"), option
 * helpers.  Only main.c and cmd_*.c print or exit.
 */
#ifndef WA_CLI_H
#define WA_CLI_H

#include <stdint.h>

#include "err.h"

#define WA_VERSION "0.1.0"

enum { EXIT_PASS = 0, EXIT_AUDIT_FAIL = 1, EXIT_CANNOT = 2 };

/* Print "weightaudit: <message>\n" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print a wa_err in the one error style. */
void cli_report_err(const struct wa_err *e);

/* One warning on stderr when SOURCE_DATE_EPOCH is set but not a valid
 * timestamp (report_sde_parse): it is ignored and the documents carry
 * what_time ("the scan time", "the merge time") instead. */
void cli_check_source_date_epoch(const char *what_time);

/* Parse a non-negative integer option value; -1 on error. */
int64_t cli_parse_count(const char *s);

/* Number of online cores (at least 1). */
int cli_online_cores(void);

/* Up to CLI_MAX_OUTPUTS "--format F [-o FILE]" pairs; a -o applies to the
 * --format given before it. */
#define CLI_MAX_OUTPUTS 8
struct cli_outputs {
    int n;
    const char *format[CLI_MAX_OUTPUTS];
    const char *path[CLI_MAX_OUTPUTS];     /* NULL = stdout */
};
int cli_outputs_add_format(struct cli_outputs *o, const char *fmt);
int cli_outputs_set_path(struct cli_outputs *o, const char *path);

typedef int (*cmd_fn)(int argc, char **argv);

struct cmd {
    const char *name;
    cmd_fn fn;
    const char *usage;      /* one line after "weightaudit " */
    const char *summary;
};

int cmd_scan(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_license(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_manifest(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* For commands not built yet: say so, exit 2. */
int cmd_not_built(const char *name);

#endif
