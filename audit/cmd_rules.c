/*
 * cmd_rules.c - `weightaudit rules [ID]`: list the known licenses, or
 * explain one in plain words (grants, clauses with their values,
 * obligations, canonical texts).  ID may be an id, a Hugging Face keyword
 * or a license_name.  Exit 0, or 2 for an unknown ID or unreadable data.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "jsonout.h"
#include "lic_clause.h"
#include "lic_db.h"

static const char rules_help[] =
    "Usage: weightaudit rules [ID] [--format text|json]\n"
    "\n"
    "Without ID: list every license weightaudit knows (id, category, name).\n"
    "With ID (an id such as LicenseRef-Llama-3.1-Community, a Hugging Face\n"
    "keyword such as llama3.1, or a license_name): explain it in plain words:\n"
    "what it grants, its clauses and their values, the obligations.\n"
    "\n"
    "Exit: 0, or 2 when ID is unknown or the rules cannot be read.\n";

static void value_text(FILE *f, const cJSON *v)
{
    if (cJSON_IsNumber(v)) {
        char raw[64];
        snprintf(raw, sizeof raw, "%.0f", v->valuedouble);
        size_t n = strlen(raw);
        for (size_t i = 0; i < n; i++) {
            fputc(raw[i], f);
            if ((n - i - 1) % 3 == 0 && i + 1 < n)
                fputc(',', f);
        }
    } else if (cJSON_IsString(v)) {
        fprintf(f, "\"%s\"", v->valuestring);
    } else if (cJSON_IsArray(v)) {
        const cJSON *e;
        int first = 1;
        cJSON_ArrayForEach(e, v) {
            fprintf(f, "%s%s", first ? "" : ", ", cJSON_IsString(e) ? e->valuestring : "?");
            first = 0;
        }
    } else {
        fputs(cJSON_IsTrue(v) ? "yes" : "no", f);
    }
}

static const char *yesno(const cJSON *g, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(g, k);
    return cJSON_IsTrue(v) ? "yes" : cJSON_IsFalse(v) ? "no" : "not stated";
}

static void explain(FILE *f, const struct lic_rule_info *in)
{
    const cJSON *j = in->json, *e, *g = cJSON_GetObjectItemCaseSensitive(j, "grants");

    fprintf(f, "%s\n  id:        %s\n  family:    %s%s%s\n  category:  %s\n", in->name, in->id, in->family,
            in->version ? " " : "", in->version ? in->version : "", in->category);
    if (in->summary)
        fprintf(f, "\n  %s\n", in->summary);
    if (cJSON_IsObject(g))
        fprintf(f, "\n  grants: commercial use: %s; derivatives: %s; redistribution: %s; use of outputs: %s\n",
                yesno(g, "commercial_use"), yesno(g, "derivatives"), yesno(g, "redistribution"), yesno(g, "use_of_outputs"));
    if (cJSON_GetArraySize(in->clauses)) {
        fprintf(f, "\n  clauses:\n");
        cJSON_ArrayForEach(e, in->clauses) {
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id"), *sc = cJSON_GetObjectItemCaseSensitive(e, "scope");
            const cJSON *ex = cJSON_GetObjectItemCaseSensitive(e, "explain");
            fprintf(f, "    %-24s ", cJSON_IsString(id) ? id->valuestring : "?");
            value_text(f, cJSON_GetObjectItemCaseSensitive(e, "value"));
            if (cJSON_IsString(sc) && strcmp(sc->valuestring, "all") != 0)
                fprintf(f, " (%s models)", sc->valuestring);
            fputc('\n', f);
            if (cJSON_IsString(ex))
                fprintf(f, "      %s\n", ex->valuestring);
            else if (cJSON_IsString(id) && lic_clause_meaning(id->valuestring))
                fprintf(f, "      %s\n", lic_clause_meaning(id->valuestring));
        }
    }
    if (in->policy)
        fprintf(f, "\n  incorporates: %s\n", in->policy);
    if (in->policy_of)
        fprintf(f, "\n  policy of: %s\n", in->policy_of);
    if (cJSON_GetArraySize(in->obligations)) {
        fprintf(f, "\n  obligations:\n");
        cJSON_ArrayForEach(e, in->obligations)
            fprintf(f, "    - %s\n", cJSON_GetObjectItemCaseSensitive(e, "text")->valuestring);
    }
    fprintf(f, "\n  canonical text:");
    if (!cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "texts")))
        fprintf(f, " none shipped (recognised from model cards and notices only)");
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "texts"))
        fprintf(f, " %s", e->valuestring);
    fputc('\n', f);
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "hub"))) {
        fprintf(f, "  Hugging Face keyword:");
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "hub"))
            fprintf(f, " %s", e->valuestring);
        fputc('\n', f);
    }
}

int cmd_rules(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *format = "text";
    char datadir[4096];
    struct wa_err err;
    struct lic_db *db = NULL;
    int c, status = EXIT_CANNOT;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': format = optarg; break;
        case 'h': fputs(rules_help, stdout); return EXIT_PASS;
        default:
            cli_error("rules: unknown or incomplete option '%s' (see rules --help)", argv[optind - 1]);
            return EXIT_CANNOT;
        }
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
        cli_error("rules: --format must be text or json, not '%s'", format);
        return EXIT_CANNOT;
    }
    if (argc - optind > 1) {
        cli_error("rules: expects at most one ID");
        return EXIT_CANNOT;
    }
    wa_err_clear(&err);
    if (lic_db_load_default(&db, datadir, sizeof datadir, &err)) {
        cli_report_err(&err);
        return EXIT_CANNOT;
    }
    if (optind == argc) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < lic_db_count(db); i++) {
            struct lic_rule_info in;
            lic_db_at(db, i, &in);
            if (strcmp(format, "json") == 0) {
                cJSON *o = cJSON_CreateObject();
                cJSON_AddStringToObject(o, "id", in.id);
                cJSON_AddStringToObject(o, "name", in.name);
                cJSON_AddStringToObject(o, "family", in.family);
                cJSON_AddStringToObject(o, "kind", in.kind);
                cJSON_AddStringToObject(o, "category", in.category);
                cJSON_AddItemToArray(arr, o);
            } else {
                printf("%-58s %-18s %s\n", in.id, in.category, in.name);
            }
        }
        if (strcmp(format, "json") == 0)
            jsonout_write(arr, NULL);
        cJSON_Delete(arr);
        status = EXIT_PASS;
    } else {
        struct lic_rule_info in;
        struct lic_keyword kw;
        const char *id = argv[optind];
        int k = lic_db_keyword(db, id, &kw);
        if (k == 1 && lic_db_get(db, kw.id, &in) == 0) {
            if (strcmp(format, "json") == 0)
                jsonout_write(in.json, NULL);
            else
                explain(stdout, &in);
            status = EXIT_PASS;
        } else if (k == 2) {
            if (strcmp(format, "json") == 0) {
                cJSON *o = cJSON_CreateObject();
                cJSON_AddStringToObject(o, "id", kw.id);
                jsonout_add_str(o, "name", kw.name);
                cJSON_AddStringToObject(o, "category", kw.category);
                cJSON_AddItemToObject(o, "clauses", kw.clauses ? cJSON_Duplicate(kw.clauses, 1) : cJSON_CreateArray());
                jsonout_write(o, NULL);
                cJSON_Delete(o);
            } else {
                printf("%s\n  id:        %s\n  category:  %s\n\n  Known from the Hugging Face license list only: weightaudit ships no\n"
                       "  canonical text or clause rules for it.%s\n",
                       kw.name ? kw.name : id, kw.id, kw.category,
                       kw.family_only ? "\n  It names a family of licenses, not one license." : "");
            }
            status = EXIT_PASS;
        } else {
            cli_error("rules: unknown license '%s' (see weightaudit rules)", id);
        }
    }
    lic_db_free(db);
    return status;
}
