/*
 * cmd_verify.c - `weightaudit verify PATH --manifest FILE | --sbom FILE`:
 * re-hash the model at PATH (in parallel, through the same scan as `scan`)
 * and compare every file with what the manifest or SBOM recorded: each
 * mismatch, each missing file and each extra file is listed.  From an SBOM
 * of several models, the files of the one that is PATH (its recorded path
 * or name, see sbom.h) are compared.
 *
 * Exit: 0 every file matches; 1 a mismatch, a missing or an extra file;
 * 2 bad usage, PATH missing, a malformed or unreadable manifest/SBOM.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonout.h"
#include "manifest.h"
#include "out_text.h"
#include "sbom.h"
#include "scan.h"

static const char verify_help[] =
    "Usage: weightaudit verify PATH --manifest FILE | --sbom FILE [options]\n"
    "\n"
    "Re-hash the model at PATH and compare it with a manifest written by\n"
    "`weightaudit manifest` (or an SBOM): every mismatch, missing and extra file\n"
    "is listed.  From an SBOM of several models, the model whose recorded path\n"
    "or name is PATH is the one compared.\n"
    "\n"
    "Options:\n"
    "  --format text|json   output format (default text)\n"
    "  -o FILE              write the output to FILE\n"
    "  --jobs N             reading threads (default: online cores)\n"
    "  --quiet              no output, exit code only\n"
    "\n"
    "Exit: 0 all match, 1 a mismatch, missing or extra file, 2 could not complete.\n";

enum outcome { V_OK, V_MISMATCH, V_MISSING, V_EXTRA };
static const char *const outcome_names[] = { "ok", "mismatch", "missing", "extra" };

static enum outcome outcome_of(const struct rep_file *f, const char *from)
{
    if (!f->has_expected || strcmp(f->expected.from, from) != 0)
        return V_EXTRA;
    switch (f->integrity) {
    case INTEG_VERIFIED: return V_OK;
    case INTEG_MISSING: return V_MISSING;
    default: return V_MISMATCH;    /* differs, unreadable, a pointer, incomplete, unsafe */
    }
}

int cmd_verify(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "manifest", required_argument, NULL, 'm' },
        { "sbom", required_argument, NULL, 's' },
        { "format", required_argument, NULL, 'f' },
        { "jobs", required_argument, NULL, 'j' },
        { "quiet", no_argument, NULL, 'q' },
        { "no-progress", no_argument, NULL, 'N' },
        { "progress", no_argument, NULL, 'P' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct scan_opts so;
    struct scan_result res;
    struct manifest *mf = NULL;
    struct wa_err err;
    const char *mpath = NULL, *spath = NULL, *format = "text", *out = NULL, *from;
    size_t counts[4] = { 0 };
    int c, rc, quiet = 0, status = EXIT_PASS;
    int64_t v;
    FILE *f = stdout;

    scan_opts_init(&so);
    so.jobs = cli_online_cores();
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': mpath = optarg; break;
        case 's': spath = optarg; break;
        case 'f': format = optarg; break;
        case 'o': out = optarg; break;
        case 'j':
            if ((v = cli_parse_count(optarg)) < 1 || v > 1024) {
                cli_error("verify: --jobs must be a number from 1 to 1024, not '%s'", optarg);
                return EXIT_CANNOT;
            }
            so.jobs = (int)v;
            break;
        case 'q': quiet = 1; break;
        case 'N': case 'P': break;
        case 'h': fputs(verify_help, stdout); return EXIT_PASS;
        default:
            cli_error("verify: unknown or incomplete option '%s' (see verify --help)", argv[optind - 1]);
            return EXIT_CANNOT;
        }
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        cli_error("verify: --format must be text or json, not '%s'", format);
        return EXIT_CANNOT;
    }
    if (optind != argc - 1 || !!mpath == !!spath) {
        cli_error("verify: expects one PATH and exactly one of --manifest FILE or --sbom FILE");
        return EXIT_CANNOT;
    }
    wa_err_clear(&err);
    if (mpath) {
        rc = manifest_read(&mf, mpath, &err);
    } else {
        /* an SBOM of several models: the one that is PATH */
        char *real = realpath(argv[optind], NULL);
        rc = sbom_read_for(&mf, spath, argv[optind], real, &err);
        free(real);
    }
    if (rc) {
        cli_report_err(&err);
        return EXIT_CANNOT;
    }
    from = mpath ? "manifest" : "sbom";
    so.manifest = mf;
    so.manifest_from = from;
    if (scan_run(&res, (const char *const *)argv + optind, 1, &so, &err)) {
        cli_report_err(&err);
        scan_result_free(&res);
        manifest_free(mf);
        return EXIT_CANNOT;
    }
    if (res.n_path_errors || res.rep->n_models == 0) {
        if (res.n_path_errors)
            cli_report_err(&res.path_errors[0]);
        else
            cli_error("verify: %s: no model found", argv[optind]);
        scan_result_free(&res);
        manifest_free(mf);
        return EXIT_CANNOT;
    }
    for (size_t mi = 0; mi < res.rep->n_models; mi++)
        for (size_t i = 0; i < res.rep->models[mi].n_files; i++)
            counts[outcome_of(&res.rep->models[mi].files[i], from)]++;
    if (counts[V_MISMATCH] || counts[V_MISSING] || counts[V_EXTRA])
        status = EXIT_AUDIT_FAIL;

    if (!quiet && out && !(f = fopen(out, "w"))) {
        cli_error("%s: cannot write: %s", out, strerror(errno));
        status = EXIT_CANNOT;
        goto done;
    }
    if (!quiet && strcmp(format, "json") == 0) {
        cJSON *doc = cJSON_CreateObject(), *lists[4];
        char *s;
        jsonout_add_str(doc, "path", argv[optind]);
        jsonout_add_str(doc, from, mpath ? mpath : spath);
        cJSON_AddBoolToObject(doc, "ok", status == EXIT_PASS);
        cJSON_AddNumberToObject(doc, "matched", (double)counts[V_OK]);
        for (int k = 1; k < 4; k++)
            lists[k] = cJSON_AddArrayToObject(doc, outcome_names[k]);
        for (size_t mi = 0; mi < res.rep->n_models; mi++)
            for (size_t i = 0; i < res.rep->models[mi].n_files; i++) {
                const struct rep_file *x = &res.rep->models[mi].files[i];
                enum outcome o = outcome_of(x, from);
                cJSON *j;
                if (o == V_OK)
                    continue;
                j = cJSON_CreateObject();
                jsonout_add_str(j, "path", x->path);
                jsonout_add_int(j, "size", x->size);
                jsonout_add_str(j, "sha256", x->has_sha256 ? x->sha256 : NULL);
                if (o != V_EXTRA) {
                    jsonout_add_int(j, "expected_size", x->expected.size);
                    jsonout_add_str(j, "expected_sha256", x->expected.hex);
                    cJSON_AddStringToObject(j, "integrity", integrity_name(x->integrity));
                }
                cJSON_AddItemToArray(lists[o], j);
            }
        s = jsonout_print(doc);
        if (s)
            fputs(s, f);
        free(s);
        cJSON_Delete(doc);
    } else if (!quiet) {
        for (size_t mi = 0; mi < res.rep->n_models; mi++)
            for (size_t i = 0; i < res.rep->models[mi].n_files; i++) {
                const struct rep_file *x = &res.rep->models[mi].files[i];
                enum outcome o = outcome_of(x, from);
                char *p;
                if (o == V_OK)
                    continue;
                p = out_text_safe(x->path);
                fprintf(f, "%-9s %s", o == V_MISMATCH ? "MISMATCH" : o == V_MISSING ? "MISSING" : "EXTRA", p ? p : "?");
                if (o == V_MISMATCH && x->note) {
                    char *n = out_text_safe(x->note);
                    fprintf(f, ": %s", n ? n : "");
                    free(n);
                }
                fputc('\n', f);
                free(p);
            }
        fprintf(f, "verify: %zu match, %zu mismatch, %zu missing, %zu extra: %s\n", counts[V_OK],
                counts[V_MISMATCH], counts[V_MISSING], counts[V_EXTRA], status == EXIT_PASS ? "OK" : "FAILED");
    }
    if (f != stdout && fclose(f) != 0)
        status = EXIT_CANNOT;
done:
    scan_result_free(&res);
    manifest_free(mf);
    return status;
}
