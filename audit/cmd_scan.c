/*
 * cmd_scan.c - `weightaudit scan PATH...`: options, progress on stderr, the
 * outputs, exit codes.  The work is scan_run() (scan.c).
 *
 * Exit: 0 nothing fails under --fail-on; 1 the audit failed (deny verdict,
 * or review with --fail-on review); 2 bad usage, a PATH missing or
 * unreadable, a malformed --manifest, or nothing at all could be read.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "facts.h"
#include "lic_db.h"
#include "policy.h"
#include "jsonout.h"
#include "manifest.h"
#include "out.h"
#include "out_text.h"
#include "scan.h"

static const char scan_help[] =
    "Usage: weightaudit scan PATH... [options]\n"
    "\n"
    "Audit model repositories: detect the layout of each PATH (hf-cache,\n"
    "hf-local-dir, git, ollama, archive, directory), hash and validate every\n"
    "file in one read, check it against what its download recorded, cross-check\n"
    "sharded indexes, and give a verdict.\n"
    "\n"
    "Options:\n"
    "  --format F              text, json, cyclonedx, spdx, sarif or html (repeatable,\n"
    "                          each with its own -o; the files are read once)\n"
    "  -o FILE                 write the output given before it to FILE\n"
    "  --jobs N                reading threads (default: online cores)\n"
    "  --no-hash               headers and sizes only, no digests\n"
    "  --manifest FILE         expected hashes from a weightaudit manifest\n"
    "  --fail-on deny|review|never   which verdict exits 1 (default deny)\n"
    "  --shard I/N             read part I (1..N) of the weight files; writes a\n"
    "                          partial report for `weightaudit merge`\n"
    "  --policy FILE|NAME, --mau N, --region CODE\n"
    "                          organisation facts for the license policy\n"
    "  --progress, --no-progress   progress on stderr (default: when a terminal)\n"
    "  --quiet                 no report on stdout, no progress (files from -o\n"
    "                          are still written)\n"
    "  --help                  this text\n"
    "\n"
    "Exit: 0 pass, 1 the audit failed, 2 could not complete.\n";

struct progress {
    int tty;
    int shown;
    double last;
};

static void fmt_bytes(char *buf, size_t n, double v)
{
    static const char *const u[] = { "B", "KiB", "MiB", "GiB", "TiB" };
    int i = 0;

    while (v >= 1024 && i < 4) {
        v /= 1024;
        i++;
    }
    snprintf(buf, n, i ? "%.1f %s" : "%.0f %s", v, u[i]);
}

static void show_progress(void *ctx, uint64_t done, uint64_t total, double s, int final)
{
    struct progress *p = ctx;
    char d[32], t[32], r[32];
    double rate = s > 0 ? (double)done / s : 0;

    if (!final && !p->tty && s - p->last < 1.0)
        return;       /* a log file gets a line a second, a terminal a refresh */
    p->last = s;
    fmt_bytes(d, sizeof d, (double)done);
    fmt_bytes(t, sizeof t, (double)total);
    fmt_bytes(r, sizeof r, rate);
    if (final) {
        if (p->shown || !p->tty)
            fprintf(stderr, "%sscan: %s read in %.1fs (%s/s)\n", p->tty ? "\r\033[K" : "", d, s, r);
        return;
    }
    if (total && rate > 0 && done < total)
        fprintf(stderr, "%sscan: %s of %s (%d%%)  %s/s  ETA %.0fs%s", p->tty ? "\r\033[K" : "", d, t,
                (int)((double)done * 100 / (double)total), r, (double)(total - done) / rate, p->tty ? "" : "\n");
    else
        fprintf(stderr, "%sscan: %s of %s%s", p->tty ? "\r\033[K" : "", d, t, p->tty ? "" : "\n");
    p->shown = 1;
}

static int parse_shard(const char *s, int *index, int *count)
{
    char *end;
    long i, n;

    i = strtol(s, &end, 10);
    if (end == s || *end != '/')
        return -1;
    s = end + 1;
    n = strtol(s, &end, 10);
    if (end == s || *end || n < 1 || n > 65536 || i < 1 || i > n)
        return -1;
    *index = (int)i;
    *count = (int)n;
    return 0;
}

static int write_output(const char *format, const char *path, const struct report *rep)
{
    struct wa_err err;

    wa_err_clear(&err);
    if (out_write(rep, format, path, &err)) {
        cli_report_err(&err);
        return -1;
    }
    return 0;
}

int cmd_scan(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "jobs", required_argument, NULL, 'j' },
        { "no-hash", no_argument, NULL, 'n' },
        { "manifest", required_argument, NULL, 'm' },
        { "fail-on", required_argument, NULL, 'F' },
        { "quiet", no_argument, NULL, 'q' },
        { "progress", no_argument, NULL, 'P' },
        { "no-progress", no_argument, NULL, 'N' },
        { "shard", required_argument, NULL, 's' },
        { "policy", required_argument, NULL, 'p' },
        { "mau", required_argument, NULL, 'u' },
        { "region", required_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct scan_opts so;
    struct scan_result res = { 0 };
    struct cli_outputs outs;
    struct manifest *mf = NULL;
    struct progress prog = { 0, 0, 0 };
    struct wa_err err;
    struct lic_db *ldb = NULL;
    struct policy *pol = NULL;
    struct facts_db *fdb = NULL;
    char datadir[4096];
    const char *manifest_path = NULL, *fail_on = "deny";
    int c, quiet = 0, progress = -1, status = EXIT_PASS;
    int64_t v;

    scan_opts_init(&so);
    so.jobs = cli_online_cores();
    memset(&outs, 0, sizeof outs);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!out_find(optarg)) {
                cli_error("scan: --format must be one of %s, not '%s'", out_format_names(), optarg);
                return EXIT_CANNOT;
            }
            if (strcmp(optarg, "spdx") == 0)
                so.sha1 = 1;   /* SPDX file checksums carry SHA-1 */
            if (cli_outputs_add_format(&outs, optarg)) {
                cli_error("scan: at most %d outputs", CLI_MAX_OUTPUTS);
                return EXIT_CANNOT;
            }
            break;
        case 'o':
            if (cli_outputs_set_path(&outs, optarg)) {
                cli_error("scan: -o %s: give a --format before each further -o", optarg);
                return EXIT_CANNOT;
            }
            break;
        case 'j':
            v = cli_parse_count(optarg);
            if (v < 1 || v > 1024) {
                cli_error("scan: --jobs must be a number from 1 to 1024, not '%s'", optarg);
                return EXIT_CANNOT;
            }
            so.jobs = (int)v;
            break;
        case 'n': so.no_hash = 1; break;
        case 'm': manifest_path = optarg; break;
        case 'F':
            if (strcmp(optarg, "deny") && strcmp(optarg, "review") && strcmp(optarg, "never")) {
                cli_error("scan: --fail-on must be deny, review or never, not '%s'", optarg);
                return EXIT_CANNOT;
            }
            fail_on = optarg;
            break;
        case 'q': quiet = 1; break;
        case 'P': progress = 1; break;
        case 'N': progress = 0; break;
        case 's':
            if (parse_shard(optarg, &so.shard_index, &so.shard_count)) {
                cli_error("scan: --shard must be I/N with 1 <= I <= N, not '%s'", optarg);
                return EXIT_CANNOT;
            }
            break;
        case 'p': so.policy = optarg; break;
        case 'u':
            if ((so.mau = cli_parse_count(optarg)) < 0) {
                cli_error("scan: --mau must be a non-negative number, not '%s'", optarg);
                return EXIT_CANNOT;
            }
            break;
        case 'r': so.region = optarg; break;
        case 'h': fputs(scan_help, stdout); return EXIT_PASS;
        default:
            cli_error("scan: unknown or incomplete option '%s' (see scan --help)", argv[optind - 1]);
            return EXIT_CANNOT;
        }
    }
    if (optind >= argc) {
        cli_error("scan: expects at least one PATH (see scan --help)");
        return EXIT_CANNOT;
    }
    if (outs.n == 0)
        cli_outputs_add_format(&outs, "text");
    for (int i = 0; i < outs.n; i++)
        if (!outs.format[i])
            outs.format[i] = "text";
    wa_err_clear(&err);
    if (manifest_path) {
        if (manifest_read(&mf, manifest_path, &err)) {
            cli_report_err(&err);
            return EXIT_CANNOT;
        }
        so.manifest = mf;
    }
    if (quiet)
        progress = 0;
    if (progress < 0)
        progress = isatty(STDERR_FILENO);
    if (progress) {
        prog.tty = isatty(STDERR_FILENO);
        so.progress = show_progress;
        so.progress_ctx = &prog;
    }

    /* the license database, the policy and the facts catalogues: a malformed
     * policy is an input error */
    if (lic_db_load_default(&ldb, datadir, sizeof datadir, &err) || policy_load(&pol, so.policy, datadir, &err) ||
        facts_db_load(&fdb, &err)) {
        cli_report_err(&err);
        status = EXIT_CANNOT;
        goto out;
    }
    if (so.mau >= 0)
        policy_set_mau(pol, so.mau);
    if (so.region && policy_add_region(pol, so.region)) {
        cli_error("scan: --region needs a 2-3 letter code (eu, us, de, uk ...), not '%s'", so.region);
        status = EXIT_CANNOT;
        goto out;
    }
    so.licenses = ldb;
    so.policy_rules = pol;
    so.facts = fdb;
    cli_check_source_date_epoch("the scan time");
    if (scan_run(&res, (const char *const *)argv + optind, (size_t)(argc - optind), &so, &err)) {
        cli_report_err(&err);
        status = EXIT_CANNOT;
        goto out;
    }
    if (res.rep && !res.rep->policy)
        res.rep->policy = policy_to_json(pol);
    for (size_t i = 0; i < res.n_path_errors; i++)
        cli_report_err(&res.path_errors[i]);
    for (int i = 0; i < outs.n; i++) {
        if (quiet && !outs.path[i])
            continue;
        if (write_output(outs.format[i], outs.path[i], res.rep))
            status = EXIT_CANNOT;
    }
    if (status == EXIT_PASS) {
        if (res.n_path_errors) {
            status = EXIT_CANNOT;
        } else if (res.rep && res.rep->n_models == 0) {
            /* an empty folder, an Ollama store holding only an interrupted
             * pull: the audit could not be done, and a CI gate must not pass */
            cli_error("scan: no model found in the path%s given: nothing was audited", argc - optind > 1 ? "s" : "");
            status = EXIT_CANNOT;
        } else if (res.files_to_read && !res.files_read) {
            cli_error("scan: none of the %llu files could be read", (unsigned long long)res.files_to_read);
            status = EXIT_CANNOT;
        } else if ((strcmp(fail_on, "deny") == 0 && res.rep->verdict == VERDICT_DENY) ||
                   (strcmp(fail_on, "review") == 0 && res.rep->verdict >= VERDICT_REVIEW)) {
            status = EXIT_AUDIT_FAIL;
        }
    }
out:
    scan_result_free(&res);
    manifest_free(mf);
    policy_free(pol);
    lic_db_free(ldb);
    facts_db_free(fdb);
    return status;
}
