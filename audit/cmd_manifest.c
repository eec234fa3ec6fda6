/*
 * cmd_manifest.c - `weightaudit manifest PATH [-o FILE]`: scan one model and
 * write its pinned manifest (weightaudit-manifest/1): name, revision and
 * every file's path, size and sha256, sorted by path.  `verify --manifest`
 * and `scan --manifest` read it back.
 *
 * Exit: 0 written; 1 written, but some files failed their own integrity
 * check or could not be read (they are left out: a lockfile must not pin
 * a damaged download); 2 bad usage, PATH missing, not exactly one model.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonout.h"
#include "manifest.h"
#include "out_text.h"
#include "scan.h"

static const char manifest_help[] =
    "Usage: weightaudit manifest PATH [-o FILE] [--jobs N]\n"
    "\n"
    "Hash every file of the model at PATH (any layout scan knows) and write a\n"
    "pinned manifest: {\"schema\": \"weightaudit-manifest/1\", \"name\", \"revision\",\n"
    "\"files\": [{\"path\", \"size\", \"sha256\"}]}, sorted by path.  Check it later\n"
    "with `weightaudit verify PATH --manifest FILE` or `scan --manifest FILE`.\n"
    "\n"
    "Exit: 0 written, 1 some files failed their integrity check and were left\n"
    "out, 2 could not complete.\n";

static int integrity_failed(enum integrity i)
{
    return i != INTEG_VERIFIED && i != INTEG_UNVERIFIED;
}

int cmd_manifest(int argc, char **argv)
{
    static const struct option longopts[] = {
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
    const char *out = NULL;
    struct rep_model *m;
    int c, status = EXIT_PASS, quiet = 0;
    int64_t v;
    cJSON *doc;

    scan_opts_init(&so);
    so.jobs = cli_online_cores();
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'j':
            if ((v = cli_parse_count(optarg)) < 1 || v > 1024) {
                cli_error("manifest: --jobs must be a number from 1 to 1024, not '%s'", optarg);
                return EXIT_CANNOT;
            }
            so.jobs = (int)v;
            break;
        case 'q': quiet = 1; break;
        case 'N': case 'P': break;
        case 'h': fputs(manifest_help, stdout); return EXIT_PASS;
        default:
            cli_error("manifest: unknown or incomplete option '%s' (see manifest --help)", argv[optind - 1]);
            return EXIT_CANNOT;
        }
    }
    if (optind != argc - 1) {
        cli_error("manifest: expects exactly one PATH");
        return EXIT_CANNOT;
    }
    wa_err_clear(&err);
    if (scan_run(&res, (const char *const *)argv + optind, 1, &so, &err)) {
        cli_report_err(&err);
        scan_result_free(&res);
        return EXIT_CANNOT;
    }
    if (res.n_path_errors) {
        cli_report_err(&res.path_errors[0]);
        scan_result_free(&res);
        return EXIT_CANNOT;
    }
    if (res.rep->n_models != 1) {
        cli_error("manifest: %s holds %zu models; give the folder of one", argv[optind], res.rep->n_models);
        scan_result_free(&res);
        return EXIT_CANNOT;
    }
    m = &res.rep->models[0];
    if (!(mf = manifest_new()) || report_set_str(&mf->name, m->name) || report_set_str(&mf->revision, m->revision)) {
        cli_error("manifest: out of memory");
        status = EXIT_CANNOT;
        goto done;
    }
    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *f = &m->files[i];
        if (integrity_failed(f->integrity) || !f->has_sha256) {
            char *p = out_text_safe(f->path);
            if (!quiet)
                cli_error("%s: left out of the manifest: %s%s%s", p ? p : "?", integrity_name(f->integrity),
                          f->note ? ": " : "", f->note ? f->note : "");
            free(p);
            status = EXIT_AUDIT_FAIL;
            continue;
        }
        if (manifest_add(mf, f->path, f->size, f->sha256)) {
            cli_error("manifest: out of memory");
            status = EXIT_CANNOT;
            goto done;
        }
    }
    manifest_sort(mf);
    doc = manifest_to_json(mf);
    if (!doc || jsonout_write(doc, out)) {
        cli_error("%s: cannot write the manifest", out ? out : "stdout");
        status = EXIT_CANNOT;
    }
    cJSON_Delete(doc);
done:
    manifest_free(mf);
    scan_result_free(&res);
    return status;
}
