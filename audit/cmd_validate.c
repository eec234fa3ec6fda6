/*
 * cmd_validate.c - `weightaudit validate FILE|-`: one weight file through
 * the reader (hash + format validator in one pass), printed as text or JSON.
 * Exit 0 valid, 1 invalid or dangerous, 2 unreadable or bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "jsonout.h"
#include "reader.h"

static const char validate_help[] =
    "Usage: weightaudit validate FILE|- [options]\n"
    "\n"
    "Stream-validate one weight file (safetensors, GGUF, pickle; the format is\n"
    "chosen by the file's magic bytes, then by its name) and hash it in the same\n"
    "pass.  '-' reads standard input.\n"
    "\n"
    "Options:\n"
    "  --format text|json   output format (default text)\n"
    "  -o FILE              write the output to FILE\n"
    "  --no-hash            read only the header; check the length from the size\n"
    "  --quiet              no output, exit code only\n"
    "  --help               this text\n"
    "\n"
    "Exit: 0 valid, 1 invalid or dangerous, 2 unreadable or bad usage.\n";

/* Recognised formats that have no deep validator: valid is null, not a failure. */
static int known_without_validator(enum wa_format f)
{
    return f == FORMAT_ONNX || f == FORMAT_NUMPY || f == FORMAT_KERAS || f == FORMAT_HDF5 ||
           f == FORMAT_TENSORFLOW;
}

static cJSON *to_json(const char *path, const struct reader_result *r)
{
    cJSON *o = cJSON_CreateObject(), *probs;

    jsonout_add_str(o, "path", path);
    cJSON_AddStringToObject(o, "format", fmt_name(r->format));
    jsonout_add_tri(o, "valid", r->fmt.valid);
    jsonout_add_int(o, "size", (int64_t)r->size);
    jsonout_add_str(o, "sha256", r->has_sha256 ? r->sha256 : NULL);
    jsonout_add_int(o, "tensors", r->fmt.tensors);
    jsonout_add_int(o, "parameters", r->fmt.parameters);
    if (r->fmt.facts) {
        for (cJSON *f = r->fmt.facts->child; f; f = f->next)
            cJSON_AddItemToObject(o, f->string, cJSON_Duplicate(f, 1));
    }
    if (!cJSON_GetObjectItemCaseSensitive(o, "dtypes"))
        cJSON_AddNullToObject(o, "dtypes");
    if (!cJSON_GetObjectItemCaseSensitive(o, "metadata"))
        cJSON_AddNullToObject(o, "metadata");
    probs = cJSON_AddArrayToObject(o, "problems");
    for (size_t i = 0; i < r->fmt.problems.n; i++) {
        const struct problem *p = &r->fmt.problems.v[i];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "code", p->code);
        jsonout_add_str(j, "message", p->message);
        jsonout_add_int(j, "offset", p->offset);
        cJSON_AddStringToObject(j, "severity", problem_sev_name(p->sev));
        cJSON_AddItemToArray(probs, j);
    }
    if (r->fmt.problems.dropped)
        cJSON_AddNumberToObject(o, "problems_dropped", (double)r->fmt.problems.dropped);
    return o;
}

static void print_text(FILE *f, const char *path, const struct reader_result *r)
{
    const char *state = r->fmt.valid == 0 ? "INVALID"
                        : problem_worst(&r->fmt.problems) >= SEV_DENY ? "DANGEROUS (well-formed)"
                        : r->fmt.valid == 1 ? "valid" : "not validated";
    cJSON *dt = r->fmt.facts ? cJSON_GetObjectItemCaseSensitive(r->fmt.facts, "dtypes") : NULL;

    fprintf(f, "%s: %s %s\n", path, state, fmt_name(r->format));
    if (r->fmt.tensors >= 0)
        fprintf(f, "  tensors:    %lld\n", (long long)r->fmt.tensors);
    if (r->fmt.parameters >= 0)
        fprintf(f, "  parameters: %lld\n", (long long)r->fmt.parameters);
    if (cJSON_IsObject(dt) && dt->child) {
        fprintf(f, "  dtypes:    ");
        for (cJSON *d = dt->child; d; d = d->next)
            fprintf(f, " %s (%d)", d->string, d->valueint);
        fputc('\n', f);
    }
    fprintf(f, "  size:       %llu bytes\n", (unsigned long long)r->size);
    fprintf(f, "  sha256:     %s\n", r->has_sha256 ? r->sha256 : "(not computed: --no-hash)");
    for (size_t i = 0; i < r->fmt.problems.n; i++) {
        const struct problem *p = &r->fmt.problems.v[i];
        char *msg = jsonout_safe_string(p->message, strlen(p->message));
        if (p->offset >= 0)
            fprintf(f, "  %s: %s at offset %lld: %s\n", problem_sev_name(p->sev), p->code,
                    (long long)p->offset, msg ? msg : "");
        else
            fprintf(f, "  %s: %s: %s\n", problem_sev_name(p->sev), p->code, msg ? msg : "");
        free(msg);
    }
}

int cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "no-hash", no_argument, NULL, 'n' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "progress", no_argument, NULL, 'P' },
        { "no-progress", no_argument, NULL, 'N' },
        { NULL, 0, NULL, 0 },
    };
    struct reader_opts ro = { .validate = 1, .read_ahead = 1 };
    struct reader_result r;
    struct wa_err err;
    const char *format = "text", *outpath = NULL, *path;
    int c, quiet = 0, rc, status;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': format = optarg; break;
        case 'o': outpath = optarg; break;
        case 'n': ro.no_hash = 1; break;
        case 'q': quiet = 1; break;
        case 'P': case 'N': break;
        case 'h': fputs(validate_help, stdout); return EXIT_PASS;
        default:
            cli_error("validate: unknown or incomplete option '%s' (see validate --help)", argv[optind - 1]);
            return EXIT_CANNOT;
        }
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        cli_error("validate: --format must be text or json, not '%s'", format);
        return EXIT_CANNOT;
    }
    if (optind != argc - 1) {
        cli_error("validate: expects exactly one FILE (or '-' for stdin)");
        return EXIT_CANNOT;
    }
    path = argv[optind];
    wa_err_clear(&err);
    reader_result_init(&r);
    if (strcmp(path, "-") == 0) {
        struct reader_fd_src s;
        struct reader_src src;
        rc = reader_fd_src_init(&s, &src, STDIN_FILENO, "-");
        if (!rc)
            rc = reader_fd_src_read_ahead(&s);
        if (!rc)
            rc = reader_run(&r, &src, "-", &ro, &err);
        reader_fd_src_free(&s);
    } else {
        rc = reader_path(&r, AT_FDCWD, path, path, 0, &ro, &err);
    }
    if (rc) {
        if (!err.file[0])
            snprintf(err.file, sizeof err.file, "%s", path);
        cli_report_err(&err);
        reader_result_free(&r);
        return EXIT_CANNOT;
    }

    if (r.fmt.valid < 0 && !known_without_validator(r.format))
        problem_add(&r.fmt.problems, SEV_ERROR, "format_unknown", -1,
                    "not a recognised weight format (safetensors, GGUF, pickle)");
    if (r.fmt.valid < 0 && !known_without_validator(r.format))
        r.fmt.valid = 0;
    status = r.fmt.valid == 0 || problem_worst(&r.fmt.problems) >= SEV_DENY ? EXIT_AUDIT_FAIL : EXIT_PASS;

    if (!quiet) {
        FILE *f = stdout;
        if (outpath && !(f = fopen(outpath, "w"))) {
            cli_error("%s: cannot write: %s", outpath, strerror(errno));
            reader_result_free(&r);
            return EXIT_CANNOT;
        }
        if (strcmp(format, "json") == 0) {
            cJSON *j = to_json(path, &r);
            char *s = jsonout_print(j);
            if (s)
                fputs(s, f);
            free(s);
            cJSON_Delete(j);
        } else {
            print_text(f, path, &r);
        }
        if (f != stdout)
            fclose(f);
    }
    if (status != EXIT_PASS && !quiet) {
        const struct problem *p = problem_first(&r.fmt.problems, SEV_DENY);
        if (p) {
            struct wa_err e;
            wa_err_set(&e, WA_EFORMAT, path, p->offset, "%s: %s", p->code, p->message);
            cli_report_err(&e);
        }
    }
    reader_result_free(&r);
    return status;
}
