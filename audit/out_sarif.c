/*
 * out_sarif.c - the findings as a SARIF 2.1.0 log for CI code scanning.
 *
 * One run, one result per finding: ruleId = the finding code, level from
 * the severity (deny -> error, review -> warning, info -> note), one
 * location = the file concerned (the model path for findings about the whole
 * model) as a relative, percent-encoded URI with region.startLine 1 (the
 * findings are about whole files).  The rules are the whole table of
 * findcode.c (plus any code missing from it), with the short and full
 * descriptions and help text GitHub code scanning displays.  Every result
 * carries a partialFingerprints.primaryLocationLineHash computed from its
 * rule, location and message, since weight files have no source lines for
 * an uploader to hash.  Nothing in the log depends on the time.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "findcode.h"
#include "hash.h"
#include "jsonout.h"
#include "out_int.h"

static const char *level_of(enum finding_sev s)
{
    return s == FIND_DENY ? "error" : s == FIND_REVIEW ? "warning" : "note";
}

static cJSON *text_obj(const char *s)
{
    cJSON *o = cJSON_CreateObject();

    jsonout_add_str(o, "text", s);
    return o;
}

static cJSON *rule(const char *code, const struct findcode *fc)
{
    cJSON *r = cJSON_CreateObject(), *help, *props, *tags, *cfg;
    char title[200], full[600], helptext[600], *md;
    int security = fc && (fc->kind == FINDCODE_INTEGRITY || fc->kind == FINDCODE_SAFETY);
    size_t len;

    if (fc) {
        snprintf(title, sizeof title, "%s", fc->title);
        snprintf(full, sizeof full, "%s", fc->full);
        snprintf(helptext, sizeof helptext, "%s", fc->help);
    } else {
        snprintf(title, sizeof title, "weightaudit finding %.100s", code);
        snprintf(full, sizeof full, "A weightaudit finding with the code %.100s; its message says what was found "
                 "and in which file.", code);
        snprintf(helptext, sizeof helptext, "Read the finding's message and the weightaudit report for the file "
                 "concerned.");
    }
    jsonout_add_str(r, "id", code);
    jsonout_add_str(r, "name", code);
    cJSON_AddItemToObject(r, "shortDescription", text_obj(title));
    cJSON_AddItemToObject(r, "fullDescription", text_obj(full));
    help = text_obj(helptext);
    len = strlen(title) + strlen(full) + strlen(helptext) + 40;
    if ((md = malloc(len))) {
        snprintf(md, len, "**%s**\n\n%s\n\n**What to do:** %s", title, full, helptext);
        jsonout_add_str(help, "markdown", md);
        free(md);
    }
    cJSON_AddItemToObject(r, "help", help);
    cfg = cJSON_AddObjectToObject(r, "defaultConfiguration");
    cJSON_AddStringToObject(cfg, "level", security ? "error" : "warning");
    props = cJSON_AddObjectToObject(r, "properties");
    tags = cJSON_AddArrayToObject(props, "tags");
    if (security)
        cJSON_AddItemToArray(tags, cJSON_CreateString("security"));
    cJSON_AddItemToArray(tags, cJSON_CreateString(findcode_kind_name(fc ? fc->kind : FINDCODE_OTHER)));
    cJSON_AddItemToArray(tags, cJSON_CreateString("ai-model"));
    cJSON_AddStringToObject(props, "precision", "high");
    cJSON_AddStringToObject(props, "problem.severity", security ? "error" : "warning");
    if (security)
        cJSON_AddStringToObject(props, "security-severity", fc->kind == FINDCODE_SAFETY ? "9.0" : "8.0");
    return r;
}

/* Percent-encode a path for a URI reference; '/' stays. */
static void uri_part(struct outbuf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isascii(*p) && (isalnum(*p) || strchr("-._~/", *p)))
            outbuf_add(b, (const char *)p, 1);
        else {
            char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
            outbuf_add(b, e, 3);
        }
    }
}

/* The location of a finding: model path joined with the file; "./" and
 * trailing slashes dropped.  *absolute is set for an absolute model path. */
static char *location_uri(const struct rep_model *m, const char *file, int *absolute)
{
    struct outbuf b = { 0 };
    const char *mp = m->path ? m->path : "";
    size_t n;

    *absolute = mp[0] == '/';
    if (*absolute)
        outbuf_puts(&b, "file://");
    while (mp[0] == '.' && mp[1] == '/')
        mp += 2;
    if (strcmp(mp, ".") == 0)
        mp = "";
    n = strlen(mp);
    while (n > 1 && mp[n - 1] == '/')
        n--;
    {
        char *dir = strndup(mp, n);
        if (!dir) {
            outbuf_free(&b);
            return NULL;
        }
        uri_part(&b, dir);
        free(dir);
    }
    if (file) {
        while (file[0] == '.' && file[1] == '/')
            file += 2;
        if (n && mp[n - 1] != '/')
            outbuf_puts(&b, "/");
        uri_part(&b, file);
    }
    if (b.n == 0)
        outbuf_puts(&b, ".");
    if (b.oom) {
        outbuf_free(&b);
        return NULL;
    }
    return b.p;
}

int out_sarif(struct outbuf *out, const struct report *r, struct wa_err *err)
{
    cJSON *doc = cJSON_CreateObject(), *runs, *run, *driver, *rules, *results, *ad, *props;
    const char **extra = NULL;          /* codes used that the table lacks */
    size_t n_extra = 0, n_table = 0;
    int rc = 0;

    cJSON_AddStringToObject(doc, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    cJSON_AddStringToObject(doc, "version", "2.1.0");
    runs = cJSON_AddArrayToObject(doc, "runs");
    run = cJSON_CreateObject();
    cJSON_AddItemToArray(runs, run);
    driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
    cJSON_AddStringToObject(driver, "name", OUT_TOOL_NAME);
    cJSON_AddStringToObject(driver, "version", WA_VERSION);
    cJSON_AddStringToObject(driver, "semanticVersion", WA_VERSION);
    rules = cJSON_AddArrayToObject(driver, "rules");
    for (const struct findcode *fc; (fc = findcode_at(n_table)); n_table++)
        cJSON_AddItemToArray(rules, rule(fc->code, fc));
    /* codes not in the table get a generic rule, in order of first use */
    for (size_t i = 0; i < r->n_models; i++)
        for (size_t k = 0; k < r->models[i].n_findings; k++) {
            const char *code = r->models[i].findings[k].code;
            size_t j;
            if (!code || findcode_lookup(code))
                continue;
            for (j = 0; j < n_extra && strcmp(extra[j], code); j++)
                ;
            if (j < n_extra)
                continue;
            const char **nv = realloc(extra, (n_extra + 1) * sizeof *nv);
            if (!nv) {
                rc = WA_ENOMEM;
                goto done;
            }
            extra = nv;
            extra[n_extra++] = code;
            cJSON_AddItemToArray(rules, rule(code, NULL));
        }

    ad = cJSON_AddObjectToObject(run, "automationDetails");
    {
        /* the category keeps uploads for different models apart */
        struct outbuf id = { 0 };
        outbuf_puts(&id, "weightaudit/");
        if (r->n_models == 1 && r->models[0].path) {
            outbuf_puts(&id, r->models[0].path);
            outbuf_puts(&id, "/");
        }
        jsonout_add_str(ad, "id", id.oom ? "weightaudit/" : id.p);
        outbuf_free(&id);
    }
    results = cJSON_AddArrayToObject(run, "results");
    for (size_t i = 0; i < r->n_models; i++) {
        const struct rep_model *m = &r->models[i];
        for (size_t k = 0; k < m->n_findings; k++) {
            const struct rep_finding *f = &m->findings[k];
            const struct findcode *fc = findcode_lookup(f->code);
            cJSON *res = cJSON_CreateObject(), *loc, *phys, *art, *fp, *rp;
            char *uri, hex[HASH_SHA256_HEX], fpv[40], *seed;
            int absolute, index = -1;
            size_t len;
            const char *code = f->code ? f->code : "unknown";

            if (fc)
                index = (int)(fc - findcode_at(0));
            for (size_t j = 0; !fc && j < n_extra; j++)
                if (!strcmp(extra[j], code))
                    index = (int)(n_table + j);
            jsonout_add_str(res, "ruleId", code);
            if (index >= 0)
                cJSON_AddNumberToObject(res, "ruleIndex", index);
            cJSON_AddStringToObject(res, "level", level_of(f->severity));
            cJSON_AddItemToObject(res, "message",
                                  text_obj(f->message && f->message[0] ? f->message : fc ? fc->title : code));
            if (!(uri = location_uri(m, f->file, &absolute))) {
                cJSON_Delete(res);
                rc = WA_ENOMEM;
                goto done;
            }
            loc = cJSON_CreateObject();
            phys = cJSON_AddObjectToObject(loc, "physicalLocation");
            art = cJSON_AddObjectToObject(phys, "artifactLocation");
            cJSON_AddStringToObject(art, "uri", uri);
            if (!absolute)
                cJSON_AddStringToObject(art, "uriBaseId", "%SRCROOT%");
            cJSON_AddNumberToObject(cJSON_AddObjectToObject(phys, "region"), "startLine", 1);
            cJSON_AddItemToArray(cJSON_AddArrayToObject(res, "locations"), loc);
            len = strlen(code) + strlen(uri) + strlen(f->message ? f->message : "") + 3;
            if ((seed = malloc(len))) {
                snprintf(seed, len, "%s\n%s\n%s", code, uri, f->message ? f->message : "");
                hash_sha256_hex(seed, strlen(seed), hex);
                free(seed);
                snprintf(fpv, sizeof fpv, "%.16s:1", hex);
                fp = cJSON_AddObjectToObject(res, "partialFingerprints");
                cJSON_AddStringToObject(fp, "primaryLocationLineHash", fpv);
            }
            free(uri);
            rp = cJSON_AddObjectToObject(res, "properties");
            cJSON_AddStringToObject(rp, "severity", finding_sev_name(f->severity));
            jsonout_add_str(rp, "model", m->name ? m->name : m->path);
            cJSON_AddItemToArray(results, res);
        }
    }
    props = cJSON_AddObjectToObject(run, "properties");
    cJSON_AddStringToObject(props, "verdict", verdict_name(r->verdict));
    rc = out_json_emit(out, doc, err);
done:
    if (rc == WA_ENOMEM)
        wa_err_set(err, rc, NULL, -1, "out of memory");
    free(extra);
    cJSON_Delete(doc);
    return rc;
}
