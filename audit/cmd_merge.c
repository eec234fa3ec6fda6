/*
 * cmd_merge.c - `weightaudit merge REPORT...`: read native JSON reports
 * (the partial reports of scan --shard I/N, or whole reports), join them
 * (report_merge), recompute the verdicts and write the result in any output
 * format, several at once with repeated --format F -o FILE pairs.
 * Exit 0 pass, 1 the merged verdict fails under --fail-on, 2 an input is
 * unreadable or malformed, shards are missing or conflict, or bad usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "out.h"
#include "report.h"
#include "report_merge.h"
#include "report_read.h"

static const char merge_help[] =
    "Usage: weightaudit merge REPORT... [options]\n"
    "\n"
    "Join native JSON reports (--format json) into one: the partial reports of\n"
    "`scan --shard I/N` (every shard 1..N must be given), or reports of different\n"
    "models.  The files of a model are the union of its files in every report;\n"
    "a file given twice with different facts is an error.  Verdicts are\n"
    "recomputed from the findings.\n"
    "\n"
    "Options:\n"
    "  --format F           json (default), cyclonedx, spdx, sarif or html; repeat\n"
    "                       --format F -o FILE to write several formats at once\n"
    "  -o FILE              write the preceding --format to FILE (default stdout)\n"
    "  --fail-on V          deny (default), review or never: which verdict exits 1\n"
    "  --quiet              no output on stdout, exit code only\n"
    "  --help               this text\n"
    "\n"
    "SOURCE_DATE_EPOCH, when set, is the timestamp of the documents written.\n"
    "Exit: 0 pass, 1 the merged verdict fails, 2 unreadable or malformed input,\n"
    "missing or conflicting shards, bad usage.\n";

/* Every shard 1..N of one scan, once each; or no shards at all. */
static int check_shards(const struct report_shard *s, char **names, int n)
{
    int64_t count = 0;
    unsigned char *seen;
    int rc = EXIT_PASS, first = -1;

    for (int i = 0; i < n; i++) {
        if (!s[i].index)
            continue;
        if (first < 0) {
            first = i;
            count = s[i].count;
        } else if (s[i].count != count) {
            cli_error("%s: shard %lld/%lld does not belong to the same scan as %s (shard %lld/%lld)", names[i],
                      (long long)s[i].index, (long long)s[i].count, names[first],
                      (long long)s[first].index, (long long)s[first].count);
            return EXIT_CANNOT;
        }
    }
    if (first < 0)
        return EXIT_PASS;
    if (!(seen = calloc((size_t)count + 1, 1))) {
        cli_error("out of memory");
        return EXIT_CANNOT;
    }
    for (int i = 0; i < n; i++) {
        if (!s[i].index)
            continue;
        if (seen[s[i].index]) {
            cli_error("%s: shard %lld/%lld is given twice", names[i], (long long)s[i].index, (long long)count);
            rc = EXIT_CANNOT;
            goto done;
        }
        seen[s[i].index] = 1;
    }
    for (int64_t k = 1; k <= count; k++)
        if (!seen[k]) {
            cli_error("shard %lld/%lld is missing: merge needs every shard of the scan", (long long)k,
                      (long long)count);
            rc = EXIT_CANNOT;
            goto done;
        }
done:
    free(seen);
    return rc;
}

int cmd_merge(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "fail-on", required_argument, NULL, 'F' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct cli_outputs outs = { 0 };
    struct report *merged = NULL;
    struct report_shard *shards = NULL;
    struct wa_err err;
    const char *fail_on = "deny";
    int c, quiet = 0, rc = EXIT_CANNOT, n;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (cli_outputs_add_format(&outs, optarg)) {
                cli_error("merge: at most %d --format options", CLI_MAX_OUTPUTS);
                return EXIT_CANNOT;
            }
            break;
        case 'o':
            if (cli_outputs_set_path(&outs, optarg)) {
                cli_error("merge: -o %s: give one -o after each --format", optarg);
                return EXIT_CANNOT;
            }
            break;
        case 'F': fail_on = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(merge_help, stdout); return EXIT_PASS;
        default:
            cli_error("merge: unknown or incomplete option '%s' (see merge --help)", argv[optind - 1]);
            return EXIT_CANNOT;
        }
    }
    if (strcmp(fail_on, "deny") != 0 && strcmp(fail_on, "review") != 0 && strcmp(fail_on, "never") != 0) {
        cli_error("merge: --fail-on must be deny, review or never, not '%s'", fail_on);
        return EXIT_CANNOT;
    }
    for (int i = 0; i < outs.n; i++) {
        if (!outs.format[i])
            outs.format[i] = "json";
        if (!out_find(outs.format[i])) {
            cli_error("merge: unknown --format '%s' (known: %s)", outs.format[i], out_format_names());
            return EXIT_CANNOT;
        }
    }
    n = argc - optind;
    if (n < 1) {
        cli_error("merge: expects at least one REPORT (see merge --help)");
        return EXIT_CANNOT;
    }
    cli_check_source_date_epoch("the merge time");
    if (!(merged = report_new()) || !(shards = calloc((size_t)n, sizeof *shards))) {
        cli_error("out of memory");
        goto done;
    }
    wa_err_clear(&err);
    for (int i = 0; i < n; i++) {
        struct report *one = NULL;
        const char *name = argv[optind + i];
        if (report_read(&one, &shards[i], name, &err) || report_merge(merged, one, name, &err)) {
            cli_report_err(&err);
            report_free(one);
            goto done;
        }
        report_free(one);
    }
    if ((rc = check_shards(shards, argv + optind, n)) != EXIT_PASS)
        goto done;
    merged->timestamp = report_now();
    report_finalize(merged);

    if (!quiet) {
        if (outs.n == 0)
            cli_outputs_add_format(&outs, "json");
        for (int i = 0; i < outs.n; i++)
            if (out_write(merged, outs.format[i], outs.path[i], &err)) {
                cli_report_err(&err);
                rc = EXIT_CANNOT;
                goto done;
            }
    }
    rc = (merged->verdict == VERDICT_DENY && strcmp(fail_on, "never") != 0) ||
                 (merged->verdict == VERDICT_REVIEW && strcmp(fail_on, "review") == 0)
             ? EXIT_AUDIT_FAIL
             : EXIT_PASS;
done:
    free(shards);
    report_free(merged);
    return rc;
}
