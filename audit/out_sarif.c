/*
 * out_sarif.c - the findings as a SARIF 2.1.0 log for CI code scanning.
 *
 * One run, one result per finding: ruleId = the finding code, level from
 * the severity (deny -> error, review -> warning, info -> note), one
 * location = the file concerned (the model itself for findings about the
 * whole model) with region.startLine 1 (the findings are about whole
 * files).  A location is the file's path inside the model (files[].path),
 * percent-encoded, relative to a base id per model (MODEL1, MODEL2 ...)
 * that run.originalUriBaseIds declares: file:///abs/path/ for an absolute
 * model path, else a path relative to %SRCROOT%.  The base is the folder
 * of a single-file model or of an archive (whose locations are the archive
 * itself, the entry being the result's "file" property) and the revision's
 * snapshot folder in the hf cache, so every location names a real path.
 * The rules are the whole table of findcode.c (plus any code missing from
 * it), with the short and full descriptions and help text GitHub code
 * scanning displays.  Every result
 * carries a partialFingerprints.primaryLocationLineHash computed from its
 * rule, the model's name (else the last part of its path), the file inside
 * the model and the message without the model's path, since weight files
 * have no source lines for an uploader to hash: it stays the same wherever
 * the model is checked out.  Nothing in the log depends on the time.
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

/* The model path without "./" prefixes and trailing slashes ("" for "."). */
static char *model_dir(const char *mp)
{
    size_t n;

    if (!mp)
        mp = "";
    while (mp[0] == '.' && mp[1] == '/')
        mp += 2;
    while (mp[0] == '/' && mp[1] == '/')
        mp++;
    if (strcmp(mp, ".") == 0)
        mp = "";
    n = strlen(mp);
    while (n > 1 && mp[n - 1] == '/')
        n--;
    return strndup(mp, n);
}

/* Where the files of a model are, for SARIF: one uriBaseId per model,
 * declared in run.originalUriBaseIds, and every location relative to it. */
struct sarif_base {
    char id[32];        /* MODEL1, MODEL2 ... */
    char *uri;          /* the base: file:///abs/dir/ or rel/dir/ (on %SRCROOT%) */
    int absolute;
    char *only;         /* every location is this file (an archive), or NULL */
    char *whole;        /* the location of findings about the whole model */
    char *key;          /* what stands for the model in fingerprints */
};

static void base_free(struct sarif_base *b)
{
    free(b->uri);
    free(b->only);
    free(b->whole);
    free(b->key);
}

/* A single-file model: the path names the one file (tiny.gguf), whose
 * path inside the model is the same name. */
static int single_file(const struct rep_model *m, const char *last)
{
    return m->layout == LAYOUT_DIRECTORY && m->n_files == 1 && m->files[0].path &&
           strcmp(m->files[0].path, last) == 0;
}

/* 0 or WA_ENOMEM */
static int base_of(const struct rep_model *m, size_t index, struct sarif_base *b)
{
    struct outbuf u = { 0 };
    char *dir = model_dir(m->path), *slash;
    const char *last, *parent;
    int rc = 0;

    memset(b, 0, sizeof *b);
    snprintf(b->id, sizeof b->id, "MODEL%zu", index + 1);
    if (!dir)
        return WA_ENOMEM;
    slash = strrchr(dir, '/');
    last = slash ? slash + 1 : dir;
    b->absolute = dir[0] == '/';
    if ((m->layout == LAYOUT_ARCHIVE || single_file(m, last)) && *last) {
        /* the model is a file: the base is the folder holding it */
        if (m->layout == LAYOUT_ARCHIVE && !(b->only = strdup(last)))
            rc = WA_ENOMEM;
        if (!(b->whole = strdup(last)))
            rc = WA_ENOMEM;
        if (!slash)
            parent = "";
        else if (slash == dir)
            parent = "/";
        else {
            *slash = '\0';
            parent = dir;
        }
    } else {
        parent = dir;
        if (!(b->whole = strdup(".")))
            rc = WA_ENOMEM;
    }
    if (b->absolute)
        outbuf_puts(&u, "file://");
    uri_part(&u, parent);
    if (u.n && u.p[u.n - 1] != '/')
        outbuf_puts(&u, "/");
    if (m->layout == LAYOUT_HF_CACHE && m->revision && out_is_commit(m->revision)) {
        /* the files of a cached revision are in its snapshot folder */
        outbuf_puts(&u, "snapshots/");
        uri_part(&u, m->revision);
        outbuf_puts(&u, "/");
    }
    if (u.n == 0)
        outbuf_puts(&u, "./");
    if (u.oom)
        rc = WA_ENOMEM;
    b->uri = u.p;
    /* the model's name, else the last part of its path: never the checkout */
    if (!(b->key = strdup(m->name && *m->name ? m->name : *last ? last : ".")))
        rc = WA_ENOMEM;
    free(dir);
    return rc;
}

/* The location of a finding, relative to the model's base. */
static char *location_uri(const struct sarif_base *b, const char *file)
{
    struct outbuf u = { 0 };

    if (file)
        while (file[0] == '.' && file[1] == '/')
            file += 2;
    if (b->only || !file || !*file)
        outbuf_puts(&u, b->only ? b->only : b->whole);
    else
        uri_part(&u, file);
    if (u.n == 0)
        outbuf_puts(&u, ".");
    if (u.oom) {
        outbuf_free(&u);
        return NULL;
    }
    return u.p;
}

/* The message without the model's path, so that fingerprints do not
 * depend on where the model was checked out.  Caller frees. */
static char *strip_path(const char *msg, const char *path)
{
    struct outbuf b = { 0 };
    size_t n = path ? strlen(path) : 0;

    if (!msg)
        msg = "";
    if (n < 2)
        return strdup(msg);
    for (const char *p = msg, *q; *p; p = q + n) {
        if (!(q = strstr(p, path))) {
            outbuf_puts(&b, p);
            break;
        }
        outbuf_add(&b, p, (size_t)(q - p));
        outbuf_puts(&b, "<model>");
    }
    if (b.oom) {
        outbuf_free(&b);
        return NULL;
    }
    return b.p ? b.p : strdup("");
}

int out_sarif(struct outbuf *out, const struct report *r, struct wa_err *err)
{
    cJSON *doc = cJSON_CreateObject(), *runs, *run, *driver, *rules, *results, *ad, *props;
    const char **extra = NULL;          /* codes used that the table lacks */
    struct sarif_base *bases = NULL;
    size_t n_extra = 0, n_table = 0, n_bases = 0;
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

    if (r->n_models && !(bases = calloc(r->n_models, sizeof *bases))) {
        rc = WA_ENOMEM;
        goto done;
    }
    for (; n_bases < r->n_models; n_bases++)
        if ((rc = base_of(&r->models[n_bases], n_bases, &bases[n_bases]))) {
            n_bases++;
            goto done;
        }
    if (n_bases) {
        /* every location is relative to its model: an absolute model path is
         * a file:// base, a relative one is relative to %SRCROOT% */
        cJSON *ids = cJSON_AddObjectToObject(run, "originalUriBaseIds");
        for (size_t i = 0; i < n_bases; i++) {
            cJSON *base = cJSON_CreateObject();
            jsonout_add_str(base, "uri", bases[i].uri);
            if (!bases[i].absolute)
                cJSON_AddStringToObject(base, "uriBaseId", "%SRCROOT%");
            cJSON_AddItemToObject(ids, bases[i].id, base);
        }
    }
    ad = cJSON_AddObjectToObject(run, "automationDetails");
    {
        /* the category keeps uploads for different models apart; an
         * absolute path would change with the checkout, so it gives way to
         * the model's name (or the last part of its path) */
        struct outbuf id = { 0 };
        outbuf_puts(&id, "weightaudit/");
        if (r->n_models == 1 && r->models[0].path) {
            char *dir = model_dir(r->models[0].path);
            if (!dir) {
                rc = WA_ENOMEM;
                goto done;
            }
            outbuf_puts(&id, dir[0] == '/' ? bases[0].key : dir);
            outbuf_puts(&id, "/");
            free(dir);
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
            char *uri = NULL, *stripped = NULL, hex[HASH_SHA256_HEX], fpv[40], *seed;
            const char *file;
            int index = -1;
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
            if (!(uri = location_uri(&bases[i], f->file)) ||
                !(stripped = strip_path(f->message, m->path))) {
                free(uri);
                cJSON_Delete(res);
                rc = WA_ENOMEM;
                goto done;
            }
            loc = cJSON_CreateObject();
            phys = cJSON_AddObjectToObject(loc, "physicalLocation");
            art = cJSON_AddObjectToObject(phys, "artifactLocation");
            cJSON_AddStringToObject(art, "uri", uri);
            cJSON_AddStringToObject(art, "uriBaseId", bases[i].id);
            cJSON_AddNumberToObject(cJSON_AddObjectToObject(phys, "region"), "startLine", 1);
            cJSON_AddItemToArray(cJSON_AddArrayToObject(res, "locations"), loc);
            /* rule, model, file inside the model and message: the same
             * wherever the model is checked out */
            file = f->file ? f->file : "";
            while (file[0] == '.' && file[1] == '/')
                file += 2;
            len = strlen(code) + strlen(bases[i].key) + strlen(file) + strlen(stripped) + 4;
            if ((seed = malloc(len))) {
                snprintf(seed, len, "%s\n%s\n%s\n%s", code, bases[i].key, file, stripped);
                hash_sha256_hex(seed, strlen(seed), hex);
                free(seed);
                snprintf(fpv, sizeof fpv, "%.16s:1", hex);
                fp = cJSON_AddObjectToObject(res, "partialFingerprints");
                cJSON_AddStringToObject(fp, "primaryLocationLineHash", fpv);
            }
            free(stripped);
            free(uri);
            rp = cJSON_AddObjectToObject(res, "properties");
            cJSON_AddStringToObject(rp, "severity", finding_sev_name(f->severity));
            jsonout_add_str(rp, "model", m->name ? m->name : m->path);
            if (f->file)
                jsonout_add_str(rp, "file", f->file);
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
    for (size_t i = 0; i < n_bases; i++)
        base_free(&bases[i]);
    free(bases);
    cJSON_Delete(doc);
    return rc;
}
