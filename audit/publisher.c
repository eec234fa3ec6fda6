/*
 * publisher.c - publisher and jurisdiction facts (see publisher.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "publisher.h"
#include "slurp.h"

struct pub {
    const char *name, *entity, *jurisdiction, *source;  /* point into db->doc */
    cJSON *orgs, *licenses;           /* licenses: id prefixes it is licensor of */
};

struct publisher_db {
    cJSON *doc;
    struct pub *v;
    size_t n;
    cJSON *eu;
};

void publisher_db_free(struct publisher_db *db)
{
    if (!db)
        return;
    cJSON_Delete(db->doc);
    free(db->v);
    free(db);
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(o, key);

    return cJSON_IsString(j) ? j->valuestring : NULL;
}

int publisher_db_parse(struct publisher_db **out, const char *json, const char *name, struct wa_err *err)
{
    struct publisher_db *db = calloc(1, sizeof *db);
    cJSON *list;
    size_t i = 0;

    *out = NULL;
    if (!db)
        return wa_err_set(err, WA_ENOMEM, name, -1, "out of memory");
    db->doc = cJSON_Parse(json);
    if (!db->doc) {
        const char *at = cJSON_GetErrorPtr();
        publisher_db_free(db);
        return wa_err_set(err, WA_EFORMAT, name, at ? (int64_t)(at - json) : -1, "not valid JSON");
    }
    list = cJSON_GetObjectItemCaseSensitive(db->doc, "publishers");
    db->eu = cJSON_GetObjectItemCaseSensitive(db->doc, "eu_members");
    if (!cJSON_IsArray(list) || !cJSON_IsArray(db->eu)) {
        publisher_db_free(db);
        return wa_err_set(err, WA_EFORMAT, name, -1, "needs a \"publishers\" array and an \"eu_members\" array");
    }
    db->v = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *db->v);
    if (!db->v) {
        publisher_db_free(db);
        return wa_err_set(err, WA_ENOMEM, name, -1, "out of memory");
    }
    for (cJSON *p = list->child; p; p = p->next, i++) {
        struct pub *e = &db->v[i];
        const char *j;
        e->name = str_of(p, "name");
        e->entity = str_of(p, "entity");
        e->jurisdiction = str_of(p, "jurisdiction");
        e->source = str_of(p, "source");
        e->orgs = cJSON_GetObjectItemCaseSensitive(p, "orgs");
        e->licenses = cJSON_GetObjectItemCaseSensitive(p, "license_prefixes");
        j = e->jurisdiction;
        if (!e->name || !e->source || !cJSON_IsArray(e->orgs) ||
            (j && (strlen(j) != 2 || j[0] < 'A' || j[0] > 'Z' || j[1] < 'A' || j[1] > 'Z'))) {
            publisher_db_free(db);
            return wa_err_set(err, WA_EFORMAT, name, -1,
                              "publisher %zu: needs name, source, orgs and an ISO 3166-1 alpha-2 jurisdiction", i);
        }
    }
    db->n = i;
    *out = db;
    return 0;
}

int publisher_db_load(struct publisher_db **out, const char *path, struct wa_err *err)
{
    char *text;
    size_t n;
    int rc;

    *out = NULL;
    if ((rc = slurp_file(path, PUBLISHER_DB_MAX, &text, &n, err)))
        return rc;
    rc = publisher_db_parse(out, text, path, err);
    free(text);
    return rc;
}

int publisher_is_eu(const struct publisher_db *db, const char *cc)
{
    const cJSON *e;

    if (!cc)
        return 0;
    cJSON_ArrayForEach(e, db->eu)
        if (cJSON_IsString(e) && strcmp(e->valuestring, cc) == 0)
            return 1;
    return 0;
}

int publisher_jurisdiction_matches(const struct publisher_db *db, const char *jurisdiction,
                                   const char *entry)
{
    if (!jurisdiction || !entry)
        return 0;
    if (strcasecmp(jurisdiction, entry) == 0)
        return 1;
    return strcasecmp(entry, "EU") == 0 && publisher_is_eu(db, jurisdiction);
}

static const struct pub *by_org(const struct publisher_db *db, const char *org, size_t len)
{
    for (size_t i = 0; i < db->n; i++) {
        const cJSON *o;
        cJSON_ArrayForEach(o, db->v[i].orgs)
            if (cJSON_IsString(o) && strlen(o->valuestring) == len && strncasecmp(o->valuestring, org, len) == 0)
                return &db->v[i];
    }
    return NULL;
}

static const struct pub *by_license(const struct publisher_db *db, const char *id)
{
    for (size_t i = 0; id && i < db->n; i++) {
        const cJSON *l;
        cJSON_ArrayForEach(l, db->v[i].licenses)
            if (cJSON_IsString(l) && l->valuestring[0] && strncmp(id, l->valuestring, strlen(l->valuestring)) == 0)
                return &db->v[i];
    }
    return NULL;
}

/* What a known publisher's "source" ends with, after why it was taken. */
#define KNOWN_SOURCE "; manifests/publishers.json: "

/* {"name","entity","jurisdiction","source"}; for an unknown org the name is
 * the org and the rest null. */
static cJSON *fact(const struct pub *p, const char *org, size_t org_len, const char *why)
{
    cJSON *o = cJSON_CreateObject();
    char *src;
    size_t n;

    if (!o)
        return NULL;
    if (p) {
        cJSON_AddStringToObject(o, "name", p->name);
        if (p->entity)
            cJSON_AddStringToObject(o, "entity", p->entity);
        else
            cJSON_AddNullToObject(o, "entity");
        if (p->jurisdiction)
            cJSON_AddStringToObject(o, "jurisdiction", p->jurisdiction);
        else
            cJSON_AddNullToObject(o, "jurisdiction");
        n = strlen(why) + strlen(p->source) + 40;
        src = malloc(n);
        if (src) {
            snprintf(src, n, "%s" KNOWN_SOURCE "%s", why, p->source);
            cJSON_AddStringToObject(o, "source", src);
            free(src);
        }
    } else {
        char *nm = strndup(org, org_len);
        cJSON_AddStringToObject(o, "name", nm ? nm : "");
        free(nm);
        cJSON_AddNullToObject(o, "entity");
        cJSON_AddNullToObject(o, "jurisdiction");
        n = strlen(why) + 64;
        src = malloc(n);
        if (src) {
            snprintf(src, n, "%s; not in manifests/publishers.json (unknown)", why);
            cJSON_AddStringToObject(o, "source", src);
            free(src);
        }
    }
    return o;
}

/* The record a fact made by fact() stands for, or NULL for an unknown
 * publisher (whose name may well be a known publisher's: models--Meta--x). */
static const struct pub *record_of(const struct publisher_db *db, const cJSON *pub)
{
    const char *name = str_of(pub, "name"), *src = str_of(pub, "source");
    size_t sl = src ? strlen(src) : 0;

    if (!name || !src)
        return NULL;
    for (size_t i = 0; i < db->n; i++) {
        const struct pub *p = &db->v[i];
        size_t pl = strlen(KNOWN_SOURCE) + strlen(p->source);
        if (strcmp(p->name, name) == 0 && sl >= pl &&
            strncmp(src + sl - pl, KNOWN_SOURCE, strlen(KNOWN_SOURCE)) == 0 &&
            strcmp(src + sl - strlen(p->source), p->source) == 0)
            return p;
    }
    return NULL;
}

static const char *record_listed(const struct pub *p, const cJSON *list)
{
    const cJSON *e;

    if (!p)
        return NULL;
    cJSON_ArrayForEach(e, list) {
        const cJSON *o;
        if (!cJSON_IsString(e))
            continue;
        if (strcasecmp(e->valuestring, p->name) == 0 || (p->entity && strcasecmp(e->valuestring, p->entity) == 0))
            return e->valuestring;
        cJSON_ArrayForEach(o, p->orgs)
            if (cJSON_IsString(o) && strcasecmp(o->valuestring, e->valuestring) == 0)
                return e->valuestring;
    }
    return NULL;
}

const char *publisher_listed(const struct publisher_db *db, const cJSON *pub, const cJSON *list)
{
    return pub ? record_listed(record_of(db, pub), list) : NULL;
}

const char *publisher_org_listed(const struct publisher_db *db, const char *org, const cJSON *list)
{
    return org ? record_listed(by_org(db, org, strlen(org)), list) : NULL;
}

static int has_named(const cJSON *arr, const cJSON *pub)
{
    const cJSON *e;
    const char *n = str_of(pub, "name");

    cJSON_ArrayForEach(e, arr) {
        const char *m = str_of(e, "name");
        if (n && m && strcasecmp(n, m) == 0)
            return 1;
    }
    return 0;
}

int publisher_hub_host(const char *h, size_t n)
{
    static const char *const hosts[] = { "hf.co", "huggingface.co", "www.hf.co", "www.huggingface.co", NULL };

    for (const char *const *k = hosts; *k; k++)
        if (strlen(*k) == n && strncasecmp(h, *k, n) == 0)
            return 1;
    return 0;
}

/* An Ollama model name: namespace/model:tag on registry.ollama.ai, or
 * registry/namespace/model:tag.  Only a model pulled from Hugging Face
 * (hf.co/ORG/NAME:TAG) has a hub org; *ns is set to an ollama.com account
 * namespace (a name, but not a Hugging Face organisation's). */
static const char *ollama_org(const char *name, size_t *len, const char **ns, size_t *ns_len, const char **why)
{
    size_t c0 = strcspn(name, "/");
    const char *org;

    if (!name[c0] || c0 == 0) {
        *why = "no namespace in the Ollama model name";
        return NULL;
    }
    if (memchr(name, '.', c0) || memchr(name, ':', c0)) {
        /* a registry host */
        if (!publisher_hub_host(name, c0)) {
            *why = "an Ollama registry other than Hugging Face's, so it names no Hugging Face organisation";
            return NULL;
        }
        org = name + c0 + 1;
        *len = strcspn(org, "/:");
        if (*len == 0 || org[*len] != '/') {
            *len = 0;
            *why = "no organisation after the Hugging Face host";
            return NULL;
        }
        return org;
    }
    if (c0 == 7 && strncmp(name, "library", 7) == 0) {
        *why = "\"library\" is Ollama's own curated namespace, not a publisher";
        return NULL;
    }
    *ns = name;
    *ns_len = c0;
    *why = "an ollama.com namespace, not a Hugging Face organisation";
    return NULL;
}

/* publisher_hub_org, and an Ollama account namespace in *ns. */
static const char *hub_org(const struct rep_model *m, size_t *len, const char **ns, size_t *ns_len, const char **why)
{
    const char *slash;

    *len = *ns_len = 0;
    *ns = *why = NULL;
    if (!m->name) {
        *why = "no repository name";
        return NULL;
    }
    if (m->name_off_hub) {
        *why = "its git remote is not on Hugging Face, so it names no Hugging Face organisation";
        return NULL;
    }
    if (m->layout == LAYOUT_OLLAMA)
        return ollama_org(m->name, len, ns, ns_len, why);
    if (!(slash = strchr(m->name, '/')) || slash == m->name) {
        *why = "no organisation in it";
        return NULL;
    }
    *len = (size_t)(slash - m->name);
    return m->name;
}

const char *publisher_hub_org(const struct rep_model *m, size_t *len, const char **why)
{
    const char *ns;
    size_t ns_len;

    return hub_org(m, len, &ns, &ns_len, why);
}

/* The org part of "org/name", or NULL. */
static const char *org_of(const char *name, size_t *len)
{
    const char *slash;

    if (!name || !(slash = strchr(name, '/')) || slash == name)
        return NULL;
    *len = (size_t)(slash - name);
    return name;
}

static int add_upstream(struct rep_model *m, cJSON *up)
{
    if (!up)
        return WA_ENOMEM;
    if (has_named(m->upstream_publishers, up) ||
        (m->publisher && str_of(m->publisher, "name") && str_of(up, "name") &&
         strcasecmp(str_of(m->publisher, "name"), str_of(up, "name")) == 0)) {
        cJSON_Delete(up);
        return 0;
    }
    cJSON_AddItemToArray(m->upstream_publishers, up);
    return 0;
}

int publisher_resolve(struct rep_model *m, const struct publisher_db *db)
{
    const char *org, *no_org, *ns;
    size_t org_len = 0, ns_len;
    char why[512];
    int rc = 0;

    cJSON_Delete(m->publisher);
    cJSON_Delete(m->upstream_publishers);
    m->publisher = NULL;
    m->upstream_publishers = cJSON_CreateArray();
    if (!m->upstream_publishers)
        return WA_ENOMEM;

    org = hub_org(m, &org_len, &ns, &ns_len, &no_org);
    if (org) {
        snprintf(why, sizeof why, "repository name %s", m->name);
        m->publisher = fact(by_org(db, org, org_len), org, org_len, why);
    } else if (ns) {
        /* an ollama.com account: reported by name, never matched to a hub org */
        snprintf(why, sizeof why, "Ollama model %s: namespace %.*s is %s", m->name, (int)ns_len, ns, no_org);
        m->publisher = fact(NULL, ns, ns_len, why);
    } else if (m->n_base_models == 0) {
        /* a model that names no base: its licensor is its publisher */
        for (size_t i = 0; i < m->n_licenses && !m->publisher; i++) {
            const struct pub *p = by_license(db, m->licenses[i].id);
            if (p) {
                snprintf(why, sizeof why, "licensor of %s in %s", m->licenses[i].id,
                         m->licenses[i].source ? m->licenses[i].source : "the license");
                m->publisher = fact(p, NULL, 0, why);
            }
        }
    }

    for (size_t i = 0; i < m->n_base_models && !rc; i++) {
        const char *bn = m->base_models[i].name;
        size_t len = 0;
        const char *bo = org_of(bn, &len);
        if (!bo)
            continue;
        snprintf(why, sizeof why, "base model %s%s%s", bn, m->base_models[i].relation ? " (" : "",
                 m->base_models[i].relation ? m->base_models[i].relation : "");
        if (m->base_models[i].relation)
            strncat(why, ")", sizeof why - strlen(why) - 1);
        rc = add_upstream(m, fact(by_org(db, bo, len), bo, len, why));
    }
    /* the licensor of an inherited license is upstream of a re-publisher */
    for (size_t i = 0; i < m->n_licenses && !rc; i++) {
        const struct pub *p = by_license(db, m->licenses[i].id);
        if (!p)
            continue;
        snprintf(why, sizeof why, "licensor of %s in %s", m->licenses[i].id,
                 m->licenses[i].source ? m->licenses[i].source : "the license");
        rc = add_upstream(m, fact(p, NULL, 0, why));
    }
    return rc;
}
