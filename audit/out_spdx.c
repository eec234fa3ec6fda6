/*
 * out_spdx.c - the report as an SPDX 2.3 JSON document.
 *
 * One package per model (and one per base model, related by DESCENDANT_OF),
 * its files with SHA-1 (when the report has it: SPDX requires it, and the
 * package verification code is built from it) and SHA-256, related by
 * CONTAINS.  License fields are valid SPDX license expressions: ids on the
 * SPDX License List in their canonical case, LicenseRef-... for everything
 * else, NOASSERTION when unknown; a modified license text is never given the
 * id of the clean license.  Every LicenseRef- used has an entry in
 * hasExtractedLicensingInfos with the full text as found, else the
 * canonical text from the data folder.  Findings are REVIEW annotations on
 * the package.  The document namespace ends in a UUID made from the hash of
 * the document itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "hash.h"
#include "jsonout.h"
#include "out_int.h"
#include "spdxid.h"

#define NS_PLACEHOLDER "https://spdx.org/spdxdocs/weightaudit-placeholder"
#define CREATOR "Tool: weightaudit-" WA_VERSION

/* LicenseRef ids used in the document, each with where its text can come from. */
struct refs {
    struct ref {
        char *id;                           /* LicenseRef-... */
        const struct rep_model *m;          /* a model with a license entry that maps to it, or NULL */
        const struct rep_license *l;
        char *fallback_id;                  /* the report id it came from */
    } *v;
    size_t n, cap;
    int oom;
};

static void refs_free(struct refs *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->v[i].id);
        free(r->v[i].fallback_id);
    }
    free(r->v);
}

/* Record every LicenseRef- in the normalised expression expr. */
static void refs_note(struct refs *r, const char *expr, const struct rep_model *m, const struct rep_license *l,
                      const char *report_id)
{
    const char *p = expr;

    while ((p = strstr(p, "LicenseRef-"))) {
        size_t n = strspn(p + 11, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-") + 11;
        size_t i;
        for (i = 0; i < r->n; i++)
            if (strlen(r->v[i].id) == n && strncmp(r->v[i].id, p, n) == 0)
                break;
        if (i < r->n) {
            if (!r->v[i].l && l) {      /* a license entry with text beats a bare id */
                r->v[i].m = m;
                r->v[i].l = l;
            }
        } else {
            if (r->n == r->cap) {
                size_t cap = r->cap ? r->cap * 2 : 8;
                struct ref *nv = realloc(r->v, cap * sizeof *nv);
                if (!nv) {
                    r->oom = 1;
                    return;
                }
                r->v = nv;
                r->cap = cap;
            }
            r->v[r->n].id = strndup(p, n);
            r->v[r->n].m = m;
            r->v[r->n].l = l;
            r->v[r->n].fallback_id = report_id ? strdup(report_id) : NULL;
            if (!r->v[r->n].id) {
                r->oom = 1;
                return;
            }
            r->n++;
        }
        p += n;
    }
}

/* The SPDX expression for a license entry: modified texts get their own
 * LicenseRef so they never pass as the clean license. */
static char *license_expr(const struct rep_license *l)
{
    if (l->modified) {
        char *base = spdxid_ref(l->id), *out;
        size_t n;
        if (!base)
            return NULL;
        n = strlen(base) + 10;
        if ((out = malloc(n)))
            snprintf(out, n, "%s-modified", base);
        free(base);
        return out;
    }
    return spdxid_expression(l->id);
}

/* Add key: normalised expression of value, noting LicenseRefs. */
static void add_expr(cJSON *o, const char *key, const char *value, struct refs *refs, const struct rep_model *m)
{
    char *e = spdxid_expression(value);

    if (!e) {
        refs->oom = 1;
        return;
    }
    cJSON_AddStringToObject(o, key, e);
    refs_note(refs, e, m, NULL, value);
    free(e);
}

/* licenseDeclared: what the card declares.  A card listing several licenses
 * declares them all, "(A AND B)"; else the report's declared license. */
static void add_declared(cJSON *pkg, const struct rep_model *m, struct refs *refs)
{
    struct outbuf b = { 0 };
    const char *seen[16];
    size_t n = 0;

    for (size_t i = 0; i < m->n_licenses && n < sizeof seen / sizeof seen[0]; i++) {
        const struct rep_license *l = &m->licenses[i];
        int dup = 0;
        if (!l->method || strcmp(l->method, "card") != 0 || !out_is_license(l->id))
            continue;
        for (size_t k = 0; k < n && !dup; k++)
            dup = strcasecmp(seen[k], l->id) == 0;
        if (!dup)
            seen[n++] = l->id;
    }
    if (n < 2) {
        add_expr(pkg, "licenseDeclared", m->declared_license, refs, m);
        return;
    }
    outbuf_puts(&b, "(");
    for (size_t k = 0; k < n; k++) {
        char *e = spdxid_expression(seen[k]);
        if (!e) {
            refs->oom = 1;
            break;
        }
        refs_note(refs, e, m, NULL, seen[k]);
        outbuf_printf(&b, "%s%s%s%s", k ? " AND " : "", strchr(e, ' ') ? "(" : "", e, strchr(e, ' ') ? ")" : "");
        free(e);
    }
    outbuf_puts(&b, ")");
    if (b.oom)
        refs->oom = 1;
    else if (!refs->oom)
        cJSON_AddStringToObject(pkg, "licenseDeclared", b.p);
    outbuf_free(&b);
}

static void annotate(cJSON *pkg, const char *date, const char *type, const char *comment)
{
    cJSON *a = cJSON_GetObjectItemCaseSensitive(pkg, "annotations"), *x;

    if (!a)
        a = cJSON_AddArrayToObject(pkg, "annotations");
    x = cJSON_CreateObject();
    cJSON_AddStringToObject(x, "annotationDate", date);
    cJSON_AddStringToObject(x, "annotationType", type);
    cJSON_AddStringToObject(x, "annotator", CREATOR);
    jsonout_add_str(x, "comment", comment);
    cJSON_AddItemToArray(a, x);
}

static void relate(cJSON *rels, const char *a, const char *type, const char *b, const char *comment)
{
    cJSON *r = cJSON_CreateObject();

    cJSON_AddStringToObject(r, "spdxElementId", a);
    cJSON_AddStringToObject(r, "relationshipType", type);
    cJSON_AddStringToObject(r, "relatedSpdxElement", b);
    if (comment)
        jsonout_add_str(r, "comment", comment);
    cJSON_AddItemToArray(rels, r);
}

static void add_checksum(cJSON *a, const char *alg, const char *hex)
{
    cJSON *c = cJSON_CreateObject();

    cJSON_AddStringToObject(c, "algorithm", alg);
    cJSON_AddStringToObject(c, "checksumValue", hex);
    cJSON_AddItemToArray(a, c);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* SPDX 2.3 7.9: SHA-1 over the sorted, concatenated SHA-1s of the files. */
static int verification_code(const struct rep_model *m, char out[HASH_SHA256_HEX])
{
    const char **v = malloc((m->n_files ? m->n_files : 1) * sizeof *v);
    struct hash_ctx *h = NULL;
    size_t n = 0;
    int rc;

    if (!v)
        return WA_ENOMEM;
    for (size_t i = 0; i < m->n_files; i++)
        if (m->files[i].has_sha1)
            v[n++] = m->files[i].sha1;
    qsort(v, n, sizeof *v, cmp_str);
    rc = hash_new(&h, HASH_SHA1, 0);
    for (size_t i = 0; !rc && i < n; i++)
        rc = hash_update(h, v[i], 40);
    if (!rc)
        rc = hash_final(h, out);
    hash_free(h);
    free(v);
    return rc;
}

static const char *file_type(const struct rep_file *f)
{
    switch (f->role) {
    case ROLE_CARD: return "DOCUMENTATION";
    case ROLE_LICENSE: return "TEXT";
    case ROLE_WEIGHTS: return f->format == FORMAT_TEXT ? "TEXT" : "BINARY";
    default: break;
    }
    return f->format == FORMAT_TEXT || f->format == FORMAT_JSON ? "TEXT" : "OTHER";
}

/* 1 when f has no digest because it could not be read whole (missing, an
 * interrupted download, unreadable, unsafe path), as opposed to a file that
 * was not hashed (scan --no-hash). */
static int unreadable(const struct rep_file *f)
{
    return f->integrity == INTEG_MISSING || f->integrity == INTEG_INCOMPLETE || f->integrity == INTEG_UNREADABLE ||
           f->integrity == INTEG_UNSAFE_PATH;
}

static int has_finding(const struct rep_model *m, const char *code)
{
    for (size_t i = 0; i < m->n_findings; i++)
        if (m->findings[i].code && strcmp(m->findings[i].code, code) == 0)
            return 1;
    return 0;
}

static void add_package_files(cJSON *pkg, cJSON *files, cJSON *rels, const struct rep_model *m, size_t mi,
                              const char *pkg_id, struct refs *refs)
{
    size_t with_sha1 = 0, listed = 0, absent = 0, unhashed = 0;
    char comment[400];

    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *f = &m->files[i];
        if (f->path && !f->has_sha256 && !unreadable(f))
            unhashed++;
        else if (!f->path || !f->has_sha256)
            absent++;
    }
    if (unhashed) {
        /* files not hashed (scan --no-hash): no SPDX file could carry its
         * checksums, so the package does not claim its files were analysed */
        cJSON_AddBoolToObject(pkg, "filesAnalyzed", 0);
        snprintf(comment, sizeof comment, "%zu recorded file(s) were not hashed (%s), so the package lists no files "
                 "(filesAnalyzed false).", unhashed,
                 has_finding(m, "hash_skipped") ? "scan --no-hash" : "the report has no digest for them");
        if (absent)
            snprintf(comment + strlen(comment), sizeof comment - strlen(comment), " %zu further recorded file(s) "
                     "could not be read (missing, incomplete, unreadable or unsafe path).", absent);
        cJSON_AddStringToObject(pkg, "comment", comment);
        return;
    }
    absent = 0;
    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *f = &m->files[i];
        cJSON *o, *sums, *info;
        char id[64], *name, c[200];
        size_t len;
        if (!f->path || !f->has_sha256) {
            absent++;       /* no content was read: nothing an SPDX file could say */
            continue;
        }
        listed++;
        with_sha1 += f->has_sha1;
        o = cJSON_CreateObject();
        snprintf(id, sizeof id, "SPDXRef-Model-%zu-File-%zu", mi + 1, i + 1);
        cJSON_AddStringToObject(o, "SPDXID", id);
        len = strlen(f->path) + 3;
        if ((name = malloc(len))) {
            snprintf(name, len, "./%s", f->path);
            jsonout_add_str(o, "fileName", name);
            free(name);
        }
        cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "fileTypes"), cJSON_CreateString(file_type(f)));
        sums = cJSON_AddArrayToObject(o, "checksums");
        if (f->has_sha1)
            add_checksum(sums, "SHA1", f->sha1);
        add_checksum(sums, "SHA256", f->sha256);
        cJSON_AddStringToObject(o, "licenseConcluded", "NOASSERTION");
        info = cJSON_AddArrayToObject(o, "licenseInfoInFiles");
        for (size_t k = 0; k < m->n_licenses; k++) {
            const struct rep_license *l = &m->licenses[k];
            char *e;
            if (!l->source || strcmp(l->source, f->path) != 0 || !out_is_license(l->id) || !(e = license_expr(l)))
                continue;
            int dup = 0;
            for (const cJSON *x = info->child; x && !dup; x = x->next)
                dup = strcmp(x->valuestring, e) == 0;
            if (!dup) {
                cJSON_AddItemToArray(info, cJSON_CreateString(e));
                refs_note(refs, e, m, l, l->id);
            }
            free(e);
        }
        if (!info->child)
            cJSON_AddItemToArray(info, cJSON_CreateString("NOASSERTION"));
        cJSON_AddStringToObject(o, "copyrightText", "NOASSERTION");
        snprintf(c, sizeof c, "role %s; format %s; integrity %s%s%s", role_name(f->role), fmt_name(f->format),
                 integrity_name(f->integrity), f->has_expected ? "; expected hash from " : "",
                 f->has_expected ? f->expected.from : "");
        cJSON_AddStringToObject(o, "comment", c);
        cJSON_AddItemToArray(files, o);
        relate(rels, pkg_id, "CONTAINS", id, NULL);
    }
    /* SPDX 2.3: files analysed (true) allows an omitted verification code, so
     * it is given only when every listed file has its SHA-1 */
    cJSON_AddBoolToObject(pkg, "filesAnalyzed", 1);
    if (listed && with_sha1 == listed) {
        char code[HASH_SHA256_HEX];
        if (verification_code(m, code) == 0) {
            cJSON *v = cJSON_AddObjectToObject(pkg, "packageVerificationCode");
            cJSON_AddStringToObject(v, "packageVerificationCodeValue", code);
        }
    }
    comment[0] = '\0';
    if (absent)
        snprintf(comment, sizeof comment, "%zu recorded file(s) could not be read (missing, incomplete, unreadable or "
                 "unsafe path) and are not listed as SPDX files.", absent);
    if (with_sha1 < listed)
        snprintf(comment + strlen(comment), sizeof comment - strlen(comment),
                 "%s%zu file(s) carry no SHA-1 (only SHA-256), so no package verification code is given.",
                 comment[0] ? " " : "", listed - with_sha1);
    if (comment[0])
        cJSON_AddStringToObject(pkg, "comment", comment);
}

static void add_model(cJSON *doc, const struct rep_model *m, size_t mi, const char *date, struct refs *refs)
{
    cJSON *pkgs = cJSON_GetObjectItemCaseSensitive(doc, "packages");
    cJSON *files = cJSON_GetObjectItemCaseSensitive(doc, "files");
    cJSON *rels = cJSON_GetObjectItemCaseSensitive(doc, "relationships");
    cJSON *pkg = cJSON_CreateObject(), *lff;
    const char *pub = out_publisher(m, "name"), *ent = out_publisher(m, "entity");
    const struct rep_license *dl;
    int analysed;
    char id[48], buf[1200], mname[600], *purl = m->layout != LAYOUT_OLLAMA ? out_purl(m->name, m->revision) : NULL;

    snprintf(id, sizeof id, "SPDXRef-Model-%zu", mi + 1);
    cJSON_AddStringToObject(pkg, "SPDXID", id);
    jsonout_add_str(pkg, "name", out_model_name(m, mname, sizeof mname));
    if (m->revision)
        jsonout_add_str(pkg, "versionInfo", m->revision);
    if (pub) {
        snprintf(buf, sizeof buf, "Organization: %s", pub);
        jsonout_add_str(pkg, "supplier", buf);
        snprintf(buf, sizeof buf, "Organization: %s", ent ? ent : pub);
        jsonout_add_str(pkg, "originator", buf);
    }
    if ((m->layout == LAYOUT_HF_CACHE || m->layout == LAYOUT_HF_LOCAL_DIR) && purl && out_is_commit(m->revision) &&
        strchr(m->name, '/')) {
        /* it came from the Hub: the repository at that commit (VCS form of SPDX 7.7) */
        snprintf(buf, sizeof buf, "git+https://huggingface.co/%s@%s", m->name, m->revision);
        jsonout_add_str(pkg, "downloadLocation", strspn(m->name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                            "0123456789._-/") == strlen(m->name) ? buf : "NOASSERTION");
    } else {
        cJSON_AddStringToObject(pkg, "downloadLocation", "NOASSERTION");
    }
    add_package_files(pkg, files, rels, m, mi, id, refs);
    if ((dl = out_deciding_license(m)) && dl->modified) {
        /* the text that decided is modified: its own LicenseRef, never the clean id */
        char *e = license_expr(dl);
        if (!e) {
            refs->oom = 1;
        } else {
            cJSON_AddStringToObject(pkg, "licenseConcluded", e);
            refs_note(refs, e, m, dl, dl->id);
            free(e);
        }
    } else {
        add_expr(pkg, "licenseConcluded", m->concluded_license, refs, m);
    }
    lff = cJSON_AddArrayToObject(pkg, "licenseInfoFromFiles");
    /* SPDX 2.3 7.14: none when the files were not analysed */
    analysed = !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(pkg, "filesAnalyzed"));
    for (size_t i = 0; analysed && i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        char *e;
        int dup = 0;
        if (!out_is_license(l->id) || !l->method || strcmp(l->method, "card") == 0 || !(e = license_expr(l)))
            continue;       /* the card declares; the files hold */
        for (const cJSON *x = lff->child; x && !dup; x = x->next)
            dup = strcmp(x->valuestring, e) == 0;
        if (!dup) {
            cJSON_AddItemToArray(lff, cJSON_CreateString(e));
            refs_note(refs, e, m, l, l->id);
        }
        free(e);
    }
    if (!lff->child)
        cJSON_DeleteItemFromObjectCaseSensitive(pkg, "licenseInfoFromFiles");
    add_declared(pkg, m, refs);
    cJSON_AddStringToObject(pkg, "copyrightText", "NOASSERTION");
    snprintf(buf, sizeof buf, "weightaudit verdict: %s. Model path: %.900s (layout %s).", verdict_name(m->verdict),
             m->path ? m->path : "", layout_name(m->layout));
    {
        cJSON *old = cJSON_GetObjectItemCaseSensitive(pkg, "comment");
        if (old) {
            size_t k = strlen(buf);
            snprintf(buf + k, sizeof buf - k, " %s", old->valuestring);
            cJSON_DeleteItemFromObjectCaseSensitive(pkg, "comment");
        }
        jsonout_add_str(pkg, "comment", buf);
    }
    if (purl) {
        cJSON *refs_a = cJSON_AddArrayToObject(pkg, "externalRefs"), *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "referenceCategory", "PACKAGE-MANAGER");
        cJSON_AddStringToObject(x, "referenceType", "purl");
        jsonout_add_str(x, "referenceLocator", purl);
        cJSON_AddItemToArray(refs_a, x);
    }
    cJSON_AddStringToObject(pkg, "primaryPackagePurpose", "OTHER");
    for (size_t i = 0; i < m->n_findings; i++) {
        const struct rep_finding *f = &m->findings[i];
        size_t len = strlen(f->message ? f->message : "") + (f->file ? strlen(f->file) : 0) + 120;
        char *c = malloc(len);
        if (!c)
            continue;
        snprintf(c, len, "weightaudit finding %s (%s): %s%s%s", f->code ? f->code : "?", finding_sev_name(f->severity),
                 f->message ? f->message : "", f->file ? " [file: " : "", f->file ? f->file : "");
        if (f->file)
            strcat(c, "]");
        annotate(pkg, date, "REVIEW", c);
        free(c);
    }
    for (size_t i = 0; i < m->n_obligations; i++) {
        const struct rep_obligation *o = &m->obligations[i];
        size_t len = strlen(o->text ? o->text : "") + strlen(o->id ? o->id : "") + 40;
        char *c = malloc(len);
        if (!c)
            continue;
        snprintf(c, len, "obligation %s: %s", o->id ? o->id : "?", o->text ? o->text : "");
        annotate(pkg, date, "OTHER", c);
        free(c);
    }
    cJSON_AddItemToArray(pkgs, pkg);
    relate(rels, "SPDXRef-DOCUMENT", "DESCRIBES", id, NULL);

    for (size_t i = 0; i < m->n_base_models; i++) {
        const struct rep_base_model *b = &m->base_models[i];
        cJSON *bp;
        char bid[64], *bpurl;
        if (!b->name)
            continue;
        bp = cJSON_CreateObject();
        snprintf(bid, sizeof bid, "SPDXRef-Model-%zu-Base-%zu", mi + 1, i + 1);
        cJSON_AddStringToObject(bp, "SPDXID", bid);
        jsonout_add_str(bp, "name", b->name);
        cJSON_AddStringToObject(bp, "downloadLocation", "NOASSERTION");
        cJSON_AddBoolToObject(bp, "filesAnalyzed", 0);
        cJSON_AddStringToObject(bp, "licenseConcluded", "NOASSERTION");
        add_expr(bp, "licenseDeclared", b->license, refs, m);
        cJSON_AddStringToObject(bp, "copyrightText", "NOASSERTION");
        snprintf(buf, sizeof buf, "Base model of %.500s%s%s%s%.300s.", out_model_name(m, mname, sizeof mname),
                 b->relation ? " (" : "", b->relation ? b->relation : "", b->relation ? "), named in " : ", named in ",
                 b->source ? b->source : "the model's metadata");
        jsonout_add_str(bp, "comment", buf);
        if ((bpurl = out_purl(b->name, NULL))) {
            cJSON *ra = cJSON_AddArrayToObject(bp, "externalRefs"), *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "referenceCategory", "PACKAGE-MANAGER");
            cJSON_AddStringToObject(x, "referenceType", "purl");
            jsonout_add_str(x, "referenceLocator", bpurl);
            cJSON_AddItemToArray(ra, x);
            free(bpurl);
        }
        cJSON_AddItemToArray(pkgs, bp);
        relate(rels, id, "DESCENDANT_OF", bid, b->relation);
    }
    free(purl);
}

/* hasExtractedLicensingInfos: the text of every LicenseRef used. */
static void add_extracted(cJSON *doc, struct refs *refs)
{
    cJSON *a = cJSON_AddArrayToObject(doc, "hasExtractedLicensingInfos");

    for (size_t i = 0; i < refs->n; i++) {
        struct ref *x = &refs->v[i];
        cJSON *o = cJSON_CreateObject();
        char *owned = NULL;
        const char *text = NULL;
        if (x->l)
            text = out_license_text(x->m, x->l, &owned);
        if (!text && !(x->l && x->l->modified))     /* a modified text has no canonical stand-in */
            text = owned = out_canonical_text(x->fallback_id ? x->fallback_id : x->id);
        cJSON_AddStringToObject(o, "licenseId", x->id);
        if (text) {
            jsonout_add_str(o, "extractedText", text);
        } else {
            char msg[400];
            snprintf(msg, sizeof msg, "The text of this license was not available to weightaudit (no license file "
                     "text in the report and no canonical text for %.200s in the data folder).",
                     x->fallback_id ? x->fallback_id : x->id);
            jsonout_add_str(o, "extractedText", msg);
        }
        jsonout_add_str(o, "name", x->l && x->l->name ? x->l->name : x->id + 11);
        if (x->l && x->l->source) {
            char c[600];
            snprintf(c, sizeof c, "Found in %.400s (%s).", x->l->source, x->l->method ? x->l->method : "?");
            jsonout_add_str(o, "comment", c);
        }
        free(owned);
        cJSON_AddItemToArray(a, o);
    }
}

static int cmp_ref(const void *a, const void *b)
{
    return strcmp(((const struct ref *)a)->id, ((const struct ref *)b)->id);
}

/* A name for the document: the model's, else "weightaudit-report". */
static void doc_name(const struct report *r, char *buf, size_t n)
{
    const struct rep_model *m = r->n_models == 1 ? &r->models[0] : NULL;
    char mname[600];

    snprintf(buf, n, "%s", m ? out_model_name(m, mname, sizeof mname) : "weightaudit-report");
}

int out_spdx(struct outbuf *out, const struct report *r, struct wa_err *err)
{
    cJSON *doc = cJSON_CreateObject(), *ci, *ns;
    struct refs refs = { 0 };
    char date[32], name[300], hex[HASH_SHA256_HEX], uuid[40], nsbuf[400], slug[120];
    size_t k = 0;
    int rc;

    out_iso8601(out_time(r), date, sizeof date);
    doc_name(r, name, sizeof name);
    cJSON_AddStringToObject(doc, "spdxVersion", "SPDX-2.3");
    cJSON_AddStringToObject(doc, "dataLicense", "CC0-1.0");
    cJSON_AddStringToObject(doc, "SPDXID", "SPDXRef-DOCUMENT");
    jsonout_add_str(doc, "name", name);
    ns = cJSON_AddStringToObject(doc, "documentNamespace", NS_PLACEHOLDER);
    ci = cJSON_AddObjectToObject(doc, "creationInfo");
    cJSON_AddStringToObject(ci, "created", date);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(ci, "creators"), cJSON_CreateString(CREATOR));
    cJSON_AddStringToObject(ci, "licenseListVersion", spdxid_list_version());
    {
        char c[200];
        snprintf(c, sizeof c, "weightaudit verdict over all models: %s. The document records facts found in the "
                 "files; it is not legal advice.", verdict_name(r->verdict));
        cJSON_AddStringToObject(ci, "comment", c);
    }
    cJSON_AddArrayToObject(doc, "packages");
    cJSON_AddArrayToObject(doc, "files");
    cJSON_AddArrayToObject(doc, "relationships");
    for (size_t i = 0; i < r->n_models; i++)
        add_model(doc, &r->models[i], i, date, &refs);
    if (refs.oom) {
        refs_free(&refs);
        cJSON_Delete(doc);
        return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
    }
    if (refs.n > 1)
        qsort(refs.v, refs.n, sizeof *refs.v, cmp_ref);
    if (refs.n)
        add_extracted(doc, &refs);
    refs_free(&refs);
    /* move relationships last, for readability */
    cJSON_AddItemToObject(doc, "relationships", cJSON_DetachItemFromObjectCaseSensitive(doc, "relationships"));
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "files")) == 0)
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "files");
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "packages")) == 0)
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "packages");

    if ((rc = out_json_digest(doc, hex))) {
        cJSON_Delete(doc);
        return wa_err_set(err, rc, NULL, -1, "out of memory");
    }
    out_uuid(hex, uuid, sizeof uuid);
    for (const char *p = name; *p && k < sizeof slug - 1; p++) {
        unsigned char c = (unsigned char)*p;
        slug[k++] = (char)((c < 128 && (c == '.' || c == '-' || c == '_' || (c >= '0' && c <= '9') ||
                                        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) ? c : '-');
    }
    slug[k] = '\0';
    snprintf(nsbuf, sizeof nsbuf, "https://spdx.org/spdxdocs/weightaudit-%s-%s", slug, uuid);
    cJSON_SetValuestring(ns, nsbuf);
    rc = out_json_emit(out, doc, err);
    cJSON_Delete(doc);
    return rc;
}
