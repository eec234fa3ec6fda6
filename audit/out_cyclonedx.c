/*
 * out_cyclonedx.c - the report as a CycloneDX 1.6 JSON ML-BOM.
 *
 * Each model is a machine-learning-model component (purl
 * pkg:huggingface/ORG/NAME@COMMIT when known, version = revision) whose
 * nested components are its files, each a "file" component with its SHA-256
 * (and SHA-1 when known) and its role, format, integrity and shard as
 * properties.  Licenses are {"license": {"id": SPDX}} only for ids on the
 * SPDX License List and never for a modified text; anything else is
 * {"license": {"name", "text"}}.  Base models are pedigree.ancestors;
 * datasets named by the card are "data" components the model card refers
 * to.  Verdict, findings and obligations are properties under the
 * weightaudit: namespace.  The serial number is a UUID made from the hash of
 * the document itself, so the same report gives the same bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "jsonout.h"
#include "out_int.h"
#include "spdxid.h"

#define SERIAL_PLACEHOLDER "urn:uuid:00000000-0000-0000-0000-000000000000"

/* {"name": "weightaudit:<name>", "value": value} appended to props. */
static void prop(cJSON *props, const char *name, const char *value)
{
    cJSON *p;
    char full[160];

    if (!value)
        return;
    snprintf(full, sizeof full, "weightaudit:%s", name);
    p = cJSON_CreateObject();
    jsonout_add_str(p, "name", full);
    jsonout_add_str(p, "value", value);
    cJSON_AddItemToArray(props, p);
}

static void prop_int(cJSON *props, const char *name, int64_t v)
{
    char buf[32];

    if (v < 0)
        return;
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    prop(props, name, buf);
}

/* A JSON value as a property value: strings as they are, others printed. */
static void prop_json(cJSON *props, const char *name, const cJSON *v)
{
    char *s;

    if (!v || cJSON_IsNull(v))
        return;
    if (cJSON_IsString(v)) {
        prop(props, name, v->valuestring);
        return;
    }
    s = cJSON_PrintUnformatted(v);
    prop(props, name, s);
    free(s);
}

/* Attach props to obj as "properties" unless empty. */
static void add_props(cJSON *obj, cJSON *props)
{
    if (cJSON_GetArraySize(props) > 0)
        cJSON_AddItemToObject(obj, "properties", props);
    else
        cJSON_Delete(props);
}

static void add_hash(cJSON *hashes, const char *alg, const char *hex)
{
    cJSON *h = cJSON_CreateObject();

    cJSON_AddStringToObject(h, "alg", alg);
    cJSON_AddStringToObject(h, "content", hex);
    cJSON_AddItemToArray(hashes, h);
}

static cJSON *entity(const char *name)
{
    cJSON *e = cJSON_CreateObject();

    jsonout_add_str(e, "name", name);
    return e;
}

/* 1 for an entry of license material that was found but not identified. */
static int unidentified(const struct rep_license *l)
{
    return l && l->id && strcasecmp(l->id, "NOASSERTION") == 0;
}

/* The name of a license entry: its name; for an unidentified license, the
 * card's license_name when the card is its source, else "Unidentified
 * license in SOURCE"; else the id. */
static void license_name(const struct rep_model *m, const struct rep_license *l, const char *id, char *buf,
                         size_t n)
{
    const char *ln = NULL;

    if (unidentified(l)) {
        if (l->method && strcmp(l->method, "card") == 0)
            ln = out_card_first(m, "license_name");
        if (ln)
            snprintf(buf, n, "%.500s", ln);
        else
            snprintf(buf, n, "Unidentified license in %.400s", l->source ? l->source : "the model's material");
        return;
    }
    snprintf(buf, n, "%.500s%s", l && l->name ? l->name : id, l && l->modified ? " (modified text)" : "");
}

/* One license entry.  id is the report's id; ack "declared"/"concluded".
 * l (may be NULL) gives the name and text; with facts, also its source,
 * method, confidence and clauses as properties.  with_text 0 leaves the
 * text out (another entry of the same component carries it). */
static cJSON *license_entry(const struct rep_model *m, const struct rep_license *l, const char *id,
                            const char *ack, int facts, int with_text)
{
    cJSON *wrap = cJSON_CreateObject(), *lic = cJSON_AddObjectToObject(wrap, "license"), *props;
    const char *spdx = spdxid_lookup(id);
    int modified = l && l->modified;

    if (spdx && !modified) {
        cJSON_AddStringToObject(lic, "id", spdx);
    } else {
        char name[600];
        const char *text;
        char *owned = NULL;
        license_name(m, l, id, name, sizeof name);
        jsonout_add_str(lic, "name", name);
        text = !with_text ? NULL : l ? out_license_text(m, l, &owned) : (owned = out_canonical_text(id));
        if (text) {
            cJSON *t = cJSON_AddObjectToObject(lic, "text");
            cJSON_AddStringToObject(t, "contentType", "text/plain");
            jsonout_add_str(t, "content", text);
        }
        free(owned);
    }
    cJSON_AddStringToObject(lic, "acknowledgement", ack);
    props = cJSON_CreateArray();
    prop(props, "license_id", id);
    if (l && facts) {
        char conf[16];
        prop(props, "source", l->source);
        prop(props, "method", l->method);
        prop(props, "scope", l->scope);
        snprintf(conf, sizeof conf, "%.3f", l->confidence);
        prop(props, "confidence", conf);
        prop(props, "modified", l->modified ? "true" : "false");
        for (const cJSON *c = l->clauses ? l->clauses->child : NULL; c; c = c->next) {
            const cJSON *cid = cJSON_GetObjectItemCaseSensitive(c, "id");
            char nm[120];
            if (!cJSON_IsString(cid))
                continue;
            snprintf(nm, sizeof nm, "clause:%.100s", cid->valuestring);
            prop_json(props, nm, cJSON_GetObjectItemCaseSensitive(c, "value"));
        }
    }
    add_props(lic, props);
    return wrap;
}

/* The entry of m's licenses for id that is not a modified text, or NULL. */
static const struct rep_license *find_license(const struct rep_model *m, const char *id)
{
    for (size_t i = 0; id && i < m->n_licenses; i++)
        if (m->licenses[i].id && !strcmp(m->licenses[i].id, id) && !m->licenses[i].modified)
            return &m->licenses[i];
    return NULL;
}

/* The licenses of a model: one "declared" entry per distinct license found
 * in its material (the first source's facts as properties), one per
 * unidentified license (by name: the card's license_name or "Unidentified
 * license in SOURCE", with the text found), and the concluded license (for
 * NOASSERTION the unidentified license that decided, by name).  A NONE
 * conclusion is no license: it is in the model's properties only. */
static cJSON *model_licenses(const struct rep_model *m)
{
    cJSON *a = cJSON_CreateArray();
    const struct rep_license *match;

    for (size_t i = 0; i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        int dup = 0;
        if (!out_is_license(l->id) && !unidentified(l))
            continue;
        for (size_t k = 0; k < i && !dup; k++) {
            const struct rep_license *o = &m->licenses[k];
            if (unidentified(l)) {
                char n1[600], n2[600];
                if (!unidentified(o))
                    continue;
                license_name(m, o, o->id, n1, sizeof n1);
                license_name(m, l, l->id, n2, sizeof n2);
                dup = strcmp(n1, n2) == 0;
            } else {
                dup = o->id && strcmp(o->id, l->id) == 0 && o->modified == l->modified;
            }
        }
        if (!dup)
            cJSON_AddItemToArray(a, license_entry(m, l, l->id, "declared", 1, 1));
    }
    if ((match = out_deciding_license(m)) && match->modified) {
        /* the text that decided is modified: a name and that text, never the clean id */
        cJSON_AddItemToArray(a, license_entry(m, match, m->concluded_license, "concluded", 0, 1));
    } else if (unidentified(match)) {
        /* NOASSERTION: the unidentified license that decided, by the name its
         * declared entry has (and that entry's text) */
        cJSON_AddItemToArray(a, license_entry(m, match, m->concluded_license, "concluded", 0, 0));
    } else if (out_is_license(m->concluded_license)) {
        /* a declared entry of the same license already carries its text */
        match = find_license(m, m->concluded_license);
        cJSON_AddItemToArray(a, license_entry(m, match, m->concluded_license, "concluded", 0, !match));
    }
    return a;
}

static cJSON *file_component(const struct rep_model *m, size_t mi, size_t fi)
{
    const struct rep_file *f = &m->files[fi];
    cJSON *c = cJSON_CreateObject(), *props = cJSON_CreateArray();
    char ref[64], shard[32];

    cJSON_AddStringToObject(c, "type", "file");
    snprintf(ref, sizeof ref, "model-%zu-file-%zu", mi + 1, fi + 1);
    cJSON_AddStringToObject(c, "bom-ref", ref);
    jsonout_add_str(c, "name", f->path);
    if (f->has_sha256 || f->has_sha1) {
        cJSON *hashes = cJSON_AddArrayToObject(c, "hashes");
        if (f->has_sha256)
            add_hash(hashes, "SHA-256", f->sha256);
        if (f->has_sha1)
            add_hash(hashes, "SHA-1", f->sha1);
    }
    prop(props, "role", role_name(f->role));
    prop(props, "format", fmt_name(f->format));
    prop(props, "integrity", integrity_name(f->integrity));
    prop_int(props, "size", f->size);
    if (out_shard(f->path, shard, sizeof shard))
        prop(props, "shard", shard);
    if (f->has_expected) {
        char nm[40];
        snprintf(nm, sizeof nm, "expected.%s", f->expected.algo);
        prop(props, nm, f->expected.hex);
        prop(props, "expected.from", f->expected.from);
    }
    if (f->valid >= 0)
        prop(props, "valid", f->valid ? "true" : "false");
    prop_int(props, "tensors", f->tensors);
    prop_int(props, "parameters", f->parameters);
    for (size_t i = 0; i < f->problems.n; i++) {
        const struct problem *p = &f->problems.v[i];
        char nm[80], *val;
        size_t len = strlen(p->message) + 64;
        snprintf(nm, sizeof nm, "problem:%s", p->code);
        if ((val = malloc(len))) {
            if (p->offset >= 0)
                snprintf(val, len, "%s at offset %lld: %s", problem_sev_name(p->sev), (long long)p->offset, p->message);
            else
                snprintf(val, len, "%s: %s", problem_sev_name(p->sev), p->message);
            prop(props, nm, val);
            free(val);
        }
    }
    add_props(c, props);
    return c;
}

static cJSON *ancestor(const struct rep_model *m, size_t mi, size_t bi)
{
    const struct rep_base_model *b = &m->base_models[bi];
    cJSON *c = cJSON_CreateObject(), *props = cJSON_CreateArray();
    char ref[64], *purl;

    cJSON_AddStringToObject(c, "type", "machine-learning-model");
    snprintf(ref, sizeof ref, "model-%zu-base-%zu", mi + 1, bi + 1);
    cJSON_AddStringToObject(c, "bom-ref", ref);
    jsonout_add_str(c, "name", b->name);
    if ((purl = out_purl(b->name, NULL))) {
        jsonout_add_str(c, "purl", purl);
        free(purl);
    }
    if (out_is_license(b->license))
        cJSON_AddItemToArray(cJSON_AddArrayToObject(c, "licenses"),
                             license_entry(m, find_license(m, b->license), b->license, "declared", 0, 1));
    prop(props, "relation", b->relation);
    prop(props, "source", b->source);
    add_props(c, props);
    return c;
}

struct ds_ctx {
    cJSON *datasets;            /* modelParameters.datasets */
    cJSON *components;          /* top-level components */
    size_t mi, n;
};

static void add_dataset(void *p, const char *name)
{
    struct ds_ctx *c = p;
    cJSON *comp = cJSON_CreateObject(), *data, *d, *r;
    char ref[64];

    snprintf(ref, sizeof ref, "model-%zu-dataset-%zu", c->mi + 1, ++c->n);
    cJSON_AddStringToObject(comp, "type", "data");
    cJSON_AddStringToObject(comp, "bom-ref", ref);
    jsonout_add_str(comp, "name", name);
    data = cJSON_AddArrayToObject(comp, "data");
    d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "type", "dataset");
    jsonout_add_str(d, "name", name);
    cJSON_AddItemToArray(data, d);
    cJSON_AddItemToArray(c->components, comp);
    r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "ref", ref);
    cJSON_AddItemToArray(c->datasets, r);
}

static void add_card_prop(void *p, const char *v)
{
    cJSON **pp = p;
    prop(pp[0], (const char *)pp[1], v);
}

static cJSON *model_card(const struct rep_model *m, size_t mi, cJSON *components)
{
    cJSON *card = cJSON_CreateObject(), *params = cJSON_CreateObject(), *props = cJSON_CreateArray();
    struct ds_ctx ds = { cJSON_CreateArray(), components, mi, 0 };
    const char *s;
    char ref[64];

    snprintf(ref, sizeof ref, "model-%zu-card", mi + 1);
    cJSON_AddStringToObject(card, "bom-ref", ref);
    if ((s = out_card_first(m, "pipeline_tag")))
        jsonout_add_str(params, "task", s);
    if ((s = out_card_first(m, "model_type")))
        jsonout_add_str(params, "architectureFamily", s);
    if ((s = out_card_first(m, "architectures")))
        jsonout_add_str(params, "modelArchitecture", s);
    out_card_strings(m, "datasets", add_dataset, &ds);
    if (cJSON_GetArraySize(ds.datasets) > 0)
        cJSON_AddItemToObject(params, "datasets", ds.datasets);
    else
        cJSON_Delete(ds.datasets);
    if (params->child)
        cJSON_AddItemToObject(card, "modelParameters", params);
    else
        cJSON_Delete(params);
    prop_int(props, "parameters", m->parameters);
    {
        static const char *const keys[] = { "library_name", "language", "tags", "license_name", "license_link" };
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
            char nm[64];
            void *pp[2] = { props, nm };
            snprintf(nm, sizeof nm, "card.%s", keys[i]);
            out_card_strings(m, keys[i], add_card_prop, pp);
        }
    }
    add_props(card, props);
    return card;
}

static cJSON *model_component(const struct rep_model *m, size_t mi, cJSON *components)
{
    cJSON *c = cJSON_CreateObject(), *props = cJSON_CreateArray(), *files, *lic;
    const char *pub = out_publisher(m, "name"), *ent = out_publisher(m, "entity"), *slash;
    char ref[64], *purl = m->layout != LAYOUT_OLLAMA ? out_purl(m->name, m->revision) : NULL;

    cJSON_AddStringToObject(c, "type", "machine-learning-model");
    snprintf(ref, sizeof ref, "model-%zu", mi + 1);
    cJSON_AddStringToObject(c, "bom-ref", ref);
    if (pub)
        cJSON_AddItemToObject(c, "supplier", entity(pub));
    if (ent || pub)
        cJSON_AddItemToObject(c, "manufacturer", entity(ent ? ent : pub));
    slash = m->name ? strchr(m->name, '/') : NULL;
    if (slash && slash != m->name && slash[1] && !strchr(slash + 1, '/')) {   /* ORG/NAME */
        char *group = strndup(m->name, (size_t)(slash - m->name));
        jsonout_add_str(c, "group", group);
        free(group);
        jsonout_add_str(c, "name", slash + 1);
    } else {
        char mname[600];
        jsonout_add_str(c, "name", out_model_name(m, mname, sizeof mname));
    }
    if (m->revision)
        jsonout_add_str(c, "version", m->revision);
    lic = model_licenses(m);
    if (cJSON_GetArraySize(lic) > 0)
        cJSON_AddItemToObject(c, "licenses", lic);
    else
        cJSON_Delete(lic);
    if (purl) {
        jsonout_add_str(c, "purl", purl);
        free(purl);
    }
    if (m->n_base_models) {
        cJSON *ped = cJSON_AddObjectToObject(c, "pedigree"), *anc = cJSON_AddArrayToObject(ped, "ancestors");
        for (size_t i = 0; i < m->n_base_models; i++)
            if (m->base_models[i].name)
                cJSON_AddItemToArray(anc, ancestor(m, mi, i));
    }
    files = cJSON_CreateArray();
    for (size_t i = 0; i < m->n_files; i++)
        if (m->files[i].path)
            cJSON_AddItemToArray(files, file_component(m, mi, i));
    if (cJSON_GetArraySize(files) > 0)
        cJSON_AddItemToObject(c, "components", files);
    else
        cJSON_Delete(files);
    cJSON_AddItemToObject(c, "modelCard", model_card(m, mi, components));

    prop(props, "verdict", verdict_name(m->verdict));
    prop(props, "path", m->path);
    prop(props, "layout", layout_name(m->layout));
    prop(props, "declared_license", m->declared_license ? m->declared_license : "NOASSERTION");
    prop(props, "concluded_license", m->concluded_license ? m->concluded_license : "NOASSERTION");
    prop(props, "publisher.jurisdiction", out_publisher(m, "jurisdiction"));
    prop(props, "publisher.source", out_publisher(m, "source"));
    prop(props, "governing_law", m->governing_law);
    for (const cJSON *u = m->upstream_publishers ? m->upstream_publishers->child : NULL; u; u = u->next) {
        const cJSON *n = cJSON_IsObject(u) ? cJSON_GetObjectItemCaseSensitive(u, "name") : u;
        if (cJSON_IsString(n))
            prop(props, "upstream_publisher", n->valuestring);
    }
    if (cJSON_IsObject(m->openness)) {
        prop_json(props, "openness.class", cJSON_GetObjectItemCaseSensitive(m->openness, "class"));
        prop_json(props, "openness.present", cJSON_GetObjectItemCaseSensitive(m->openness, "present"));
        prop_json(props, "openness.missing", cJSON_GetObjectItemCaseSensitive(m->openness, "missing"));
    }
    if (cJSON_IsObject(m->scale))
        for (const cJSON *k = m->scale->child; k; k = k->next)
            if (!cJSON_IsNull(k)) {
                char nm[96];
                snprintf(nm, sizeof nm, "scale.%.80s", k->string);
                prop_json(props, nm, k);
            }
    for (size_t i = 0; i < m->n_findings; i++) {
        const struct rep_finding *f = &m->findings[i];
        char nm[100], *val;
        size_t len = strlen(f->message ? f->message : "") + (f->file ? strlen(f->file) : 0) + 40;
        snprintf(nm, sizeof nm, "finding:%.80s", f->code ? f->code : "?");
        if (!(val = malloc(len)))
            continue;
        snprintf(val, len, "%s: %s%s%s%s", finding_sev_name(f->severity), f->message ? f->message : "",
                 f->file ? " [file: " : "", f->file ? f->file : "", f->file ? "]" : "");
        prop(props, nm, val);
        free(val);
    }
    for (size_t i = 0; i < m->n_obligations; i++) {
        char nm[100];
        snprintf(nm, sizeof nm, "obligation:%.80s", m->obligations[i].id ? m->obligations[i].id : "?");
        prop(props, nm, m->obligations[i].text);
    }
    add_props(c, props);
    return c;
}

int out_cyclonedx(struct outbuf *out, const struct report *r, struct wa_err *err)
{
    cJSON *doc = cJSON_CreateObject(), *meta, *tools, *comps, *tool, *props, *serial;
    char ts[32], hex[HASH_SHA256_HEX], uuid[40], urn[64];
    int rc;

    cJSON_AddStringToObject(doc, "$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
    cJSON_AddStringToObject(doc, "bomFormat", "CycloneDX");
    cJSON_AddStringToObject(doc, "specVersion", "1.6");
    serial = cJSON_AddStringToObject(doc, "serialNumber", SERIAL_PLACEHOLDER);
    cJSON_AddNumberToObject(doc, "version", 1);
    meta = cJSON_AddObjectToObject(doc, "metadata");
    out_iso8601(out_time(r), ts, sizeof ts);
    cJSON_AddStringToObject(meta, "timestamp", ts);
    tools = cJSON_AddObjectToObject(meta, "tools");
    tool = cJSON_CreateObject();
    cJSON_AddStringToObject(tool, "type", "application");
    cJSON_AddStringToObject(tool, "bom-ref", "tool-weightaudit");
    cJSON_AddStringToObject(tool, "name", OUT_TOOL_NAME);
    cJSON_AddStringToObject(tool, "version", WA_VERSION);
    cJSON_AddStringToObject(tool, "description", "audits downloaded AI model weights: integrity, format, license");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(tools, "components"), tool);
    props = cJSON_CreateArray();
    prop(props, "verdict", verdict_name(r->verdict));
    prop(props, "report_schema", REPORT_SCHEMA);
    if (r->policy)
        prop_json(props, "policy", cJSON_GetObjectItemCaseSensitive(r->policy, "name"));
    add_props(meta, props);

    comps = cJSON_AddArrayToObject(doc, "components");
    {
        cJSON *data = cJSON_CreateArray();      /* dataset components go after the models */
        for (size_t i = 0; i < r->n_models; i++)
            cJSON_AddItemToArray(comps, model_component(&r->models[i], i, data));
        while (data->child)
            cJSON_AddItemToArray(comps, cJSON_DetachItemViaPointer(data, data->child));
        cJSON_Delete(data);
    }
    /* the serial number is derived from everything else in the document */
    if ((rc = out_json_digest(doc, hex))) {
        cJSON_Delete(doc);
        return wa_err_set(err, rc, NULL, -1, "out of memory");
    }
    out_uuid(hex, uuid, sizeof uuid);
    snprintf(urn, sizeof urn, "urn:uuid:%s", uuid);
    cJSON_SetValuestring(serial, urn);
    rc = out_json_emit(out, doc, err);
    cJSON_Delete(doc);
    return rc;
}
