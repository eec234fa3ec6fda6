/*
 * cmd_license.c - `weightaudit license PATH`: identify the license of one
 * text file or of a model folder, without the scanner (lic_model_load_path
 * reads the license-ish files), and print the license JSON of SPEC.md or a
 * short text.  Exit 0 identified, 1 NONE / NOASSERTION / modified,
 * 2 unreadable path, bad usage or unreadable license data.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "jsonout.h"
#include "lic_clause.h"
#include "lic_db.h"
#include "lic_model.h"
#include "policy.h"
#include "report.h"

static const char license_help[] =
    "Usage: weightaudit license PATH [options]\n"
    "\n"
    "Identify the license of a text file, or of a model folder (its LICENSE*,\n"
    "LICENCE*, COPYING*, NOTICE*, USE_POLICY* files, the README.md model card,\n"
    "config.json and adapter_config.json).  Each text is compared with the\n"
    "canonical license texts; a changed text is reported as modified, with the\n"
    "inserted and deleted passages as evidence.\n"
    "\n"
    "Options:\n"
    "  --format text|json   output format (default text)\n"
    "  -o FILE              write the output to FILE\n"
    "  --quiet              no output, exit code only\n"
    "  --policy NAME|FILE   also apply a policy and print the verdict with its reasons\n"
    "  --mau N              the organisation's monthly active users (implies --policy default)\n"
    "  --region CODE        a region the organisation is in, e.g. eu, us, de (repeatable)\n"
    "  --help               this text\n"
    "\n"
    "Exit: 0 a license was identified, 1 none (NONE), unidentified (NOASSERTION)\n"
    "or modified, 2 unreadable path or bad usage.\n";

static double round3(double x)
{
    return (double)(long)(x * 1000 + 0.5) / 1000;
}

static cJSON *finding_json(const struct rep_finding *f)
{
    cJSON *j = cJSON_CreateObject();
    jsonout_add_str(j, "code", f->code);
    cJSON_AddStringToObject(j, "severity", finding_sev_name(f->severity));
    jsonout_add_str(j, "message", f->message);
    jsonout_add_str(j, "file", f->file);
    return j;
}

static cJSON *to_json(const struct rep_model *m, const struct lic_db *db, const char *path, int *identified)
{
    const struct rep_license *d = lic_model_deciding(m, db);
    const char *id = m->concluded_license ? m->concluded_license : "NONE";
    struct lic_rule_info in;
    struct lic_keyword kw;
    const char *name = NULL;
    cJSON *o = cJSON_CreateObject(), *a, *cl;
    int modified = d && d->modified;

    /* a changed text beside the deciding one (an acceptable use policy
     * appended to the license, a second license file for the weights)
     * changes the terms too: the answer is not "clean" */
    for (size_t i = 0; i < m->n_licenses; i++)
        if (m->licenses[i].modified && !(m->licenses[i].scope && strcmp(m->licenses[i].scope, "code") == 0))
            modified = 1;
    if (d && d->name)
        name = d->name;
    else if (lic_db_get(db, id, &in) == 0)
        name = in.name;
    else if (lic_db_keyword(db, id, &kw))
        name = kw.name;
    jsonout_add_str(o, "path", path);
    jsonout_add_str(o, "id", id);
    jsonout_add_str(o, "name", name);
    cJSON_AddNumberToObject(o, "confidence", d ? round3(d->confidence) : 0.0);
    cJSON_AddBoolToObject(o, "modified", modified);
    cl = lic_model_clauses(m, db);
    cJSON_AddItemToObject(o, "clauses", cl ? cl : cJSON_CreateArray());
    jsonout_add_str(o, "declared", m->declared_license);
    a = cJSON_AddArrayToObject(o, "sources");
    for (size_t i = 0; i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        cJSON *s = cJSON_CreateObject();
        jsonout_add_str(s, "file", l->source);
        jsonout_add_str(s, "id", l->id);
        jsonout_add_str(s, "name", l->name);
        jsonout_add_str(s, "method", l->method);
        jsonout_add_str(s, "scope", l->scope);
        cJSON_AddNumberToObject(s, "confidence", round3(l->confidence));
        cJSON_AddBoolToObject(s, "modified", l->modified);
        cJSON_AddItemToObject(s, "evidence", l->evidence ? cJSON_Duplicate(l->evidence, 1) : cJSON_CreateArray());
        cJSON_AddItemToObject(s, "clauses", l->clauses ? cJSON_Duplicate(l->clauses, 1) : cJSON_CreateArray());
        cJSON_AddItemToArray(a, s);
    }
    a = cJSON_AddArrayToObject(o, "base_models");
    for (size_t i = 0; i < m->n_base_models; i++) {
        cJSON *b = cJSON_CreateObject();
        jsonout_add_str(b, "name", m->base_models[i].name);
        jsonout_add_str(b, "relation", m->base_models[i].relation);
        jsonout_add_str(b, "license", m->base_models[i].license);
        cJSON_AddItemToArray(a, b);
    }
    a = cJSON_AddArrayToObject(o, "obligations");
    for (size_t i = 0; i < m->n_obligations; i++) {
        cJSON *b = cJSON_CreateObject();
        jsonout_add_str(b, "id", m->obligations[i].id);
        jsonout_add_str(b, "text", m->obligations[i].text);
        jsonout_add_str(b, "license", m->obligations[i].license);
        cJSON_AddItemToArray(a, b);
    }
    a = cJSON_AddArrayToObject(o, "findings");
    for (size_t i = 0; i < m->n_findings; i++)
        cJSON_AddItemToArray(a, finding_json(&m->findings[i]));
    *identified = strcmp(id, "NONE") != 0 && strcmp(id, "NOASSERTION") != 0 && !modified;
    return o;
}

static void value_text(FILE *f, const cJSON *v)
{
    if (cJSON_IsNumber(v))
        fprintf(f, "%.0f", v->valuedouble);
    else if (cJSON_IsString(v))
        fprintf(f, "\"%s\"", v->valuestring);
    else if (cJSON_IsArray(v)) {
        const cJSON *e;
        int first = 1;
        cJSON_ArrayForEach(e, v) {
            fprintf(f, "%s%s", first ? "" : ", ", cJSON_IsString(e) ? e->valuestring : "?");
            first = 0;
        }
    } else
        fputs(cJSON_IsTrue(v) ? "yes" : "no", f);
}

static void print_text(FILE *f, const cJSON *j)
{
    const cJSON *e;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(j, "name");
    const cJSON *decl = cJSON_GetObjectItemCaseSensitive(j, "declared");

    fprintf(f, "%s: %s", cJSON_GetObjectItemCaseSensitive(j, "path")->valuestring,
            cJSON_GetObjectItemCaseSensitive(j, "id")->valuestring);
    if (cJSON_IsString(name))
        fprintf(f, " (%s)", name->valuestring);
    fputc('\n', f);
    fprintf(f, "  confidence: %.2f   modified: %s\n", cJSON_GetObjectItemCaseSensitive(j, "confidence")->valuedouble,
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "modified")) ? "YES" : "no");
    if (cJSON_IsString(decl))
        fprintf(f, "  declared in the model card: %s\n", decl->valuestring);
    if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(j, "verdict")))
        fprintf(f, "  verdict: %s (policy %s)\n", cJSON_GetObjectItemCaseSensitive(j, "verdict")->valuestring,
                cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "policy"), "name")->valuestring);
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "clauses")) {
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(e, "scope");
        fprintf(f, "  clause %-24s ", cJSON_GetObjectItemCaseSensitive(e, "id")->valuestring);
        value_text(f, cJSON_GetObjectItemCaseSensitive(e, "value"));
        if (cJSON_IsString(sc) && strcmp(sc->valuestring, "all") != 0)
            fprintf(f, " (%s models)", sc->valuestring);
        fputc('\n', f);
    }
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "sources")) {
        const cJSON *ev;
        fprintf(f, "  source %s: %s via %s, scope %s, confidence %.2f%s\n",
                cJSON_GetObjectItemCaseSensitive(e, "file")->valuestring,
                cJSON_GetObjectItemCaseSensitive(e, "id")->valuestring,
                cJSON_GetObjectItemCaseSensitive(e, "method")->valuestring,
                cJSON_GetObjectItemCaseSensitive(e, "scope")->valuestring,
                cJSON_GetObjectItemCaseSensitive(e, "confidence")->valuedouble,
                cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "modified")) ? ", MODIFIED" : "");
        cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(e, "evidence")) {
            char *t = jsonout_safe_string(cJSON_GetObjectItemCaseSensitive(ev, "text")->valuestring,
                                          strlen(cJSON_GetObjectItemCaseSensitive(ev, "text")->valuestring));
            fprintf(f, "    %s at byte %.0f: \"%.160s%s\"\n", cJSON_GetObjectItemCaseSensitive(ev, "kind")->valuestring,
                    cJSON_GetObjectItemCaseSensitive(ev, "offset")->valuedouble, t ? t : "",
                    t && strlen(t) > 160 ? "..." : "");
            free(t);
        }
    }
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "obligations"))
        fprintf(f, "  obligation %s: %s\n", cJSON_GetObjectItemCaseSensitive(e, "id")->valuestring,
                cJSON_GetObjectItemCaseSensitive(e, "text")->valuestring);
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "findings"))
        fprintf(f, "  %s %s: %s\n", cJSON_GetObjectItemCaseSensitive(e, "severity")->valuestring,
                cJSON_GetObjectItemCaseSensitive(e, "code")->valuestring,
                cJSON_GetObjectItemCaseSensitive(e, "message")->valuestring);
}

int cmd_license(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "quiet", no_argument, NULL, 'q' },
        { "policy", required_argument, NULL, 'p' },
        { "mau", required_argument, NULL, 'm' },
        { "region", required_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { "progress", no_argument, NULL, 'P' },
        { "no-progress", no_argument, NULL, 'N' },
        { NULL, 0, NULL, 0 },
    };
    const char *format = "text", *outpath = NULL, *path;
    char datadir[4096];
    struct wa_err err;
    struct lic_db *db = NULL;
    struct report *r = NULL;
    struct rep_model *m;
    struct stat st;
    cJSON *doc = NULL;
    int c, quiet = 0, identified = 0, status = EXIT_CANNOT, rc, use_policy = 0, n_regions = 0;
    const char *policy_name = NULL, *regions[POLICY_MAX_REGIONS];
    int64_t mau = -1;
    struct policy *pol = NULL;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': format = optarg; break;
        case 'o': outpath = optarg; break;
        case 'q': quiet = 1; break;
        case 'p': policy_name = optarg; use_policy = 1; break;
        case 'm':
            if ((mau = cli_parse_count(optarg)) < 0) {
                cli_error("license: --mau needs a non-negative whole number, not '%s'", optarg);
                return EXIT_CANNOT;
            }
            use_policy = 1;
            break;
        case 'r':
            if (n_regions >= POLICY_MAX_REGIONS) {
                cli_error("license: too many --region");
                return EXIT_CANNOT;
            }
            regions[n_regions++] = optarg;
            use_policy = 1;
            break;
        case 'P': case 'N': break;
        case 'h': fputs(license_help, stdout); return EXIT_PASS;
        default:
            cli_error("license: unknown or incomplete option '%s' (see license --help)", argv[optind - 1]);
            return EXIT_CANNOT;
        }
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        cli_error("license: --format must be text or json, not '%s'", format);
        return EXIT_CANNOT;
    }
    if (optind != argc - 1) {
        cli_error("license: expects exactly one PATH (a license file or a model folder)");
        return EXIT_CANNOT;
    }
    path = argv[optind];
    wa_err_clear(&err);
    if (stat(path, &st) != 0 || (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))) {
        cli_error("%s: cannot read: %s", path, stat(path, &st) != 0 ? "no such file or folder" : "not a file or folder");
        return EXIT_CANNOT;
    }
    if ((rc = lic_db_load_default(&db, datadir, sizeof datadir, &err))) {
        cli_report_err(&err);
        return EXIT_CANNOT;
    }
    if (use_policy) {
        if ((rc = policy_load(&pol, policy_name, datadir, &err))) {
            cli_report_err(&err);
            goto out;
        }
        if (mau >= 0)
            policy_set_mau(pol, mau);
        for (int i = 0; i < n_regions; i++)
            if (policy_add_region(pol, regions[i])) {
                cli_error("license: --region needs a 2-3 letter code (eu, us, de, uk ...), not '%s'", regions[i]);
                goto out;
            }
    }
    r = report_new();
    m = r ? report_add_model(r) : NULL;
    if (!m) {
        cli_error("out of memory");
        goto out;
    }
    if ((rc = lic_model_load_path(m, path, &err)) ||
        (rc = lic_analyze_ex(m, db, S_ISREG(st.st_mode) ? LIC_SINGLE_FILE : 0, &err))) {
        cli_report_err(&err);
        goto out;
    }
    if (pol && (rc = policy_apply(m, pol, db, &err))) {
        cli_report_err(&err);
        goto out;
    }
    report_finalize(r);
    doc = to_json(m, db, path, &identified);
    if (pol) {
        cJSON_AddStringToObject(doc, "verdict", verdict_name(m->verdict));
        cJSON_AddItemToObject(doc, "policy", policy_to_json(pol));
    }
    if (!quiet) {
        if (strcmp(format, "json") == 0) {
            if (jsonout_write(doc, outpath)) {
                cli_error("%s: cannot write", outpath ? outpath : "stdout");
                goto out;
            }
        } else {
            FILE *f = outpath ? fopen(outpath, "w") : stdout;
            if (!f) {
                cli_error("%s: cannot write", outpath);
                goto out;
            }
            print_text(f, doc);
            if (f != stdout)
                fclose(f);
        }
    }
    status = identified ? EXIT_PASS : EXIT_AUDIT_FAIL;
out:
    cJSON_Delete(doc);
    policy_free(pol);
    report_free(r);
    lic_db_free(db);
    return status;
}
