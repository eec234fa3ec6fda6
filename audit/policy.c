/*
 * policy.c - reading a policy and deciding, license by license and clause
 * by clause, what an organisation may do with a model (see policy.h).
 * The licenses that govern a model are the concluded license (with the
 * clauses of its texts and policies) and the licenses of its base models:
 * a fine-tune stays bound by its base model's license.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "jsonout.h"
#include "lic_clause.h"
#include "lic_model.h"
#include "policy.h"
#include "slurp.h"

#define POLICY_FILE_MAX (1u << 20)

static int bad(struct wa_err *err, const char *file, const char *fmt, const char *key)
{
    return wa_err_set(err, WA_EFORMAT, file, -1, fmt, key);
}

static int check_list(const cJSON *o, const char *name, const char *file, struct wa_err *err)
{
    const cJSON *k;

    if (!o)
        return 0;
    if (!cJSON_IsObject(o))
        return bad(err, file, "policy: \"%s\" must be an object with \"ids\", \"families\" and \"categories\"", name);
    cJSON_ArrayForEach(k, o) {
        const cJSON *e;
        if (strcmp(k->string, "ids") != 0 && strcmp(k->string, "families") != 0 && strcmp(k->string, "categories") != 0)
            return wa_err_set(err, WA_EFORMAT, file, -1, "policy: \"%s\" has an unknown key \"%s\"", name, k->string);
        if (!cJSON_IsArray(k))
            return wa_err_set(err, WA_EFORMAT, file, -1, "policy: \"%s.%s\" must be an array of strings", name, k->string);
        cJSON_ArrayForEach(e, k)
            if (!cJSON_IsString(e))
                return wa_err_set(err, WA_EFORMAT, file, -1, "policy: \"%s.%s\" must be an array of strings", name, k->string);
    }
    return 0;
}

static int sev_of(const cJSON *v, enum finding_sev *out, const char *key, const char *file, struct wa_err *err)
{
    if (!v) {
        *out = FIND_REVIEW;
        return 0;
    }
    if (cJSON_IsString(v) && strcmp(v->valuestring, "review") == 0)
        *out = FIND_REVIEW;
    else if (cJSON_IsString(v) && strcmp(v->valuestring, "deny") == 0)
        *out = FIND_DENY;
    else
        return bad(err, file, "policy: \"%s\" must be \"review\" or \"deny\" (an unknown or modified license is never allowed)", key);
    return 0;
}

int policy_add_region(struct policy *p, const char *code)
{
    size_t n = code ? strlen(code) : 0;

    if (n < 2 || n > 3 || p->org.n_regions >= POLICY_MAX_REGIONS)
        return WA_EUSAGE;
    for (size_t i = 0; i < n; i++)
        if (!isalpha((unsigned char)code[i]))
            return WA_EUSAGE;
    for (size_t i = 0; i < n; i++)
        p->org.regions[p->org.n_regions][i] = (char)toupper((unsigned char)code[i]);
    p->org.regions[p->org.n_regions][n] = '\0';
    if (strcmp(p->org.regions[p->org.n_regions], "GB") == 0)
        strcpy(p->org.regions[p->org.n_regions], "UK");
    p->org.n_regions++;
    return 0;
}

void policy_set_mau(struct policy *p, int64_t mau)
{
    p->org.monthly_active_users = mau;
}

static int count_or_null(const cJSON *v, int64_t *out, const char *key, const char *file, struct wa_err *err)
{
    *out = -1;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 9e18 ||
        v->valuedouble != (double)(int64_t)v->valuedouble)
        return wa_err_set(err, WA_EFORMAT, file, -1, "policy: \"%s\" must be a non-negative integer or null", key);
    *out = (int64_t)v->valuedouble;
    return 0;
}

static int load_org(struct policy *p, const cJSON *o, const char *file, struct wa_err *err)
{
    const cJSON *k;

    p->org.monthly_active_users = -1;
    p->org.commercial_use = -1;
    p->org.annual_revenue_usd = -1;
    if (!o)
        return 0;
    if (!cJSON_IsObject(o))
        return bad(err, file, "policy: \"%s\" must be an object", "organisation");
    cJSON_ArrayForEach(k, o) {
        if (strcmp(k->string, "monthly_active_users") == 0) {
            /* range-checked before the cast (fuzz_policy: 2.2e126 users) */
            if (count_or_null(k, &p->org.monthly_active_users, "organisation.monthly_active_users", file, err))
                return WA_EFORMAT;
        } else if (strcmp(k->string, "regions") == 0) {
            const cJSON *e;
            if (!cJSON_IsArray(k))
                return bad(err, file, "policy: \"organisation.%s\" must be an array of region codes", k->string);
            cJSON_ArrayForEach(e, k)
                if (!cJSON_IsString(e) || policy_add_region(p, e->valuestring))
                    return bad(err, file, "policy: \"organisation.%s\" must hold 2-3 letter region codes (eu, us, de, uk ...)", k->string);
        } else if (strcmp(k->string, "commercial_use") == 0) {
            if (cJSON_IsNull(k))
                continue;
            if (!cJSON_IsBool(k))
                return bad(err, file, "policy: \"organisation.%s\" must be true, false or null", k->string);
            p->org.commercial_use = cJSON_IsTrue(k);
        } else if (strcmp(k->string, "annual_revenue_usd") == 0) {
            if (cJSON_IsNull(k))
                continue;
            if (!cJSON_IsNumber(k) || k->valuedouble < 0)
                return bad(err, file, "policy: \"organisation.%s\" must be a non-negative number or null", k->string);
            p->org.annual_revenue_usd = k->valuedouble;
        } else {
            return bad(err, file, "policy: \"organisation\" has an unknown key \"%s\"", k->string);
        }
    }
    return 0;
}

static int string_array(const cJSON *v, const char *key, const char *file, struct wa_err *err)
{
    const cJSON *e;

    if (!cJSON_IsArray(v))
        return wa_err_set(err, WA_EFORMAT, file, -1, "policy: \"%s\" must be an array of strings", key);
    cJSON_ArrayForEach(e, v)
        if (!cJSON_IsString(e) || !e->valuestring[0])
            return wa_err_set(err, WA_EFORMAT, file, -1, "policy: \"%s\" must be an array of strings", key);
    return 0;
}

static int sev3_of(const cJSON *v, enum finding_sev def, enum finding_sev *out, const char *key, const char *file,
                   struct wa_err *err)
{
    *out = def;
    if (!v)
        return 0;
    if (cJSON_IsString(v) && strcmp(v->valuestring, "info") == 0)
        *out = FIND_INFO;
    else if (cJSON_IsString(v) && strcmp(v->valuestring, "review") == 0)
        *out = FIND_REVIEW;
    else if (cJSON_IsString(v) && strcmp(v->valuestring, "deny") == 0)
        *out = FIND_DENY;
    else
        return wa_err_set(err, WA_EFORMAT, file, -1, "policy: \"%s\" must be \"info\", \"review\" or \"deny\"", key);
    return 0;
}

/* "publishers", "openness" and "scale": rules on procurement facts. */
static int load_facts(struct policy *p, const char *file, struct wa_err *err)
{
    struct policy_facts *f = &p->facts;
    const cJSON *pub = cJSON_GetObjectItemCaseSensitive(p->json, "publishers");
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(p->json, "openness");
    const cJSON *sc = cJSON_GetObjectItemCaseSensitive(p->json, "scale");
    const cJSON *k;
    int rc;

    f->unknown_publisher = FIND_REVIEW;
    f->below_class = FIND_REVIEW;
    f->max_parameters = f->review_parameters_above = -1;
    if (pub) {
        if (!cJSON_IsObject(pub))
            return bad(err, file, "policy: \"%s\" must be an object", "publishers");
        cJSON_ArrayForEach(k, pub) {
            const cJSON **slot = strcmp(k->string, "deny_jurisdictions") == 0     ? &f->deny_jurisdictions
                                 : strcmp(k->string, "review_jurisdictions") == 0 ? &f->review_jurisdictions
                                 : strcmp(k->string, "deny") == 0                 ? &f->deny_publishers
                                 : strcmp(k->string, "allow") == 0                ? &f->allow_publishers
                                                                                  : NULL;
            if (slot) {
                if ((rc = string_array(k, k->string, file, err)))
                    return rc;
                *slot = k;
            } else if (strcmp(k->string, "unknown") == 0) {
                if ((rc = sev3_of(k, FIND_REVIEW, &f->unknown_publisher, "publishers.unknown", file, err)))
                    return rc;
            } else {
                return wa_err_set(err, WA_EFORMAT, file, -1, "policy: \"publishers\" has an unknown key \"%s\"",
                                  k->string);
            }
        }
    }
    if (op) {
        if (!cJSON_IsObject(op))
            return bad(err, file, "policy: \"%s\" must be an object", "openness");
        cJSON_ArrayForEach(k, op) {
            if (strcmp(k->string, "minimum_class") == 0) {
                if (cJSON_IsNull(k))
                    continue;
                if (!cJSON_IsString(k) ||
                    !(f->minimum_class = strcmp(k->valuestring, "III") == 0 ? 3
                                         : strcmp(k->valuestring, "II") == 0 ? 2
                                         : strcmp(k->valuestring, "I") == 0 ? 1 : 0))
                    return bad(err, file, "policy: \"%s\" must be \"I\", \"II\", \"III\" or null", "openness.minimum_class");
            } else if (strcmp(k->string, "below") == 0) {
                if ((rc = sev3_of(k, FIND_REVIEW, &f->below_class, "openness.below", file, err)))
                    return rc;
            } else {
                return wa_err_set(err, WA_EFORMAT, file, -1, "policy: \"openness\" has an unknown key \"%s\"", k->string);
            }
        }
    }
    if (sc) {
        if (!cJSON_IsObject(sc))
            return bad(err, file, "policy: \"%s\" must be an object", "scale");
        cJSON_ArrayForEach(k, sc) {
            if (strcmp(k->string, "max_parameters") == 0)
                rc = count_or_null(k, &f->max_parameters, "scale.max_parameters", file, err);
            else if (strcmp(k->string, "review_parameters_above") == 0)
                rc = count_or_null(k, &f->review_parameters_above, "scale.review_parameters_above", file, err);
            else
                rc = wa_err_set(err, WA_EFORMAT, file, -1, "policy: \"scale\" has an unknown key \"%s\"", k->string);
            if (rc)
                return rc;
        }
    }
    return 0;
}

int policy_parse(struct policy **out, const char *buf, size_t n, const char *path, const char *name,
                 struct wa_err *err)
{
    struct policy *p;
    const char *end = NULL;
    const cJSON *k;
    int rc;

    *out = NULL;
    if (n > POLICY_FILE_MAX)
        return wa_err_set(err, WA_ETOOBIG, path, -1, "policy larger than %u bytes", POLICY_FILE_MAX);
    p = calloc(1, sizeof *p);
    if (!p)
        return wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
    p->json = cJSON_ParseWithLengthOpts(buf, n, &end, 0);
    if (!p->json) {
        int64_t off = end && end >= buf ? (int64_t)(end - buf) : -1;
        policy_free(p);
        return wa_err_set(err, WA_EFORMAT, path, off, "policy is not valid JSON");
    }
    rc = 0;
    if (!cJSON_IsObject(p->json))
        rc = bad(err, path, "policy: %s", "must be a JSON object");
    for (k = rc ? NULL : p->json->child; k; k = k->next) {
        static const char *const known[] = { "$schema", "name", "description", "allow", "review", "deny",
                                             "unknown", "modified", "organisation", "publishers",
                                             "openness", "scale" };
        int ok = 0;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            ok |= strcmp(k->string, known[i]) == 0;
        if (!ok) {
            rc = bad(err, path, "policy: unknown key \"%s\"", k->string);
            break;
        }
    }
    if (rc == 0) {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(p->json, "name");
        p->allow = cJSON_GetObjectItemCaseSensitive(p->json, "allow");
        p->review = cJSON_GetObjectItemCaseSensitive(p->json, "review");
        p->deny = cJSON_GetObjectItemCaseSensitive(p->json, "deny");
        if (nm && !cJSON_IsString(nm))
            rc = bad(err, path, "policy: \"%s\" must be a string", "name");
        else if (!(rc = check_list(p->allow, "allow", path, err)) && !(rc = check_list(p->review, "review", path, err)) &&
                 !(rc = check_list(p->deny, "deny", path, err)) &&
                 !(rc = sev_of(cJSON_GetObjectItemCaseSensitive(p->json, "unknown"), &p->unknown, "unknown", path, err)) &&
                 !(rc = sev_of(cJSON_GetObjectItemCaseSensitive(p->json, "modified"), &p->modified, "modified", path, err)))
            rc = load_org(p, cJSON_GetObjectItemCaseSensitive(p->json, "organisation"), path, err);
        if (rc == 0)
            rc = load_facts(p, path, err);
        if (rc == 0 && (!(p->name = strdup(cJSON_IsString(nm) ? nm->valuestring : name)) || !(p->file = strdup(path))))
            rc = wa_err_set(err, WA_ENOMEM, path, -1, "out of memory");
    }
    if (rc) {
        policy_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

int policy_load(struct policy **out, const char *nf, const char *datadir, struct wa_err *err)
{
    char path[4096];
    char *buf;
    size_t n;
    int rc;
    struct stat st;

    *out = NULL;
    if (!nf || !*nf)
        nf = "default";
    if (strchr(nf, '/') || (strlen(nf) > 5 && strcmp(nf + strlen(nf) - 5, ".json") == 0 && stat(nf, &st) == 0))
        snprintf(path, sizeof path, "%s", nf);
    else {
        for (const char *c = nf; *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_')
                return wa_err_set(err, WA_ENOTFOUND, nf, -1, "no such policy (a name from rules/policies/ or a file)");
        snprintf(path, sizeof path, "%s/rules/policies/%s.json", datadir, nf);
    }
    /* a regular file of bounded size: a FIFO or device given as --policy
     * is refused, never waited on */
    if ((rc = slurp_file(path, POLICY_FILE_MAX, &buf, &n, err))) {
        if (rc == WA_EIO && err && err->sys_errno == ENOENT)
            return wa_err_set(err, WA_ENOTFOUND, path, -1, "cannot read the policy");
        return rc;
    }
    rc = policy_parse(out, buf, n, path, nf, err);
    free(buf);
    return rc;
}

void policy_free(struct policy *p)
{
    if (!p)
        return;
    free(p->name);
    free(p->file);
    cJSON_Delete(p->json);
    free(p);
}

cJSON *policy_to_json(const struct policy *p)
{
    cJSON *o = cJSON_CreateObject(), *org, *rg;

    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "name", p->name);
    cJSON_AddStringToObject(o, "file", p->file);
    org = cJSON_AddObjectToObject(o, "organisation");
    jsonout_add_int(org, "monthly_active_users", p->org.monthly_active_users);
    rg = cJSON_AddArrayToObject(org, "regions");
    for (int i = 0; i < p->org.n_regions; i++)
        cJSON_AddItemToArray(rg, cJSON_CreateString(p->org.regions[i]));
    jsonout_add_tri(org, "commercial_use", p->org.commercial_use);
    if (p->org.annual_revenue_usd >= 0)
        cJSON_AddNumberToObject(org, "annual_revenue_usd", p->org.annual_revenue_usd);
    else
        cJSON_AddNullToObject(org, "annual_revenue_usd");
    {
        static const char *const cls[] = { NULL, "I", "II", "III" };
        const struct policy_facts *f = &p->facts;
        cJSON *rules = cJSON_AddObjectToObject(o, "facts_rules");
        if (f->deny_jurisdictions)
            cJSON_AddItemToObject(rules, "deny_jurisdictions", cJSON_Duplicate(f->deny_jurisdictions, 1));
        if (f->review_jurisdictions)
            cJSON_AddItemToObject(rules, "review_jurisdictions", cJSON_Duplicate(f->review_jurisdictions, 1));
        if (f->deny_publishers)
            cJSON_AddItemToObject(rules, "deny_publishers", cJSON_Duplicate(f->deny_publishers, 1));
        if (f->allow_publishers)
            cJSON_AddItemToObject(rules, "allow_publishers", cJSON_Duplicate(f->allow_publishers, 1));
        if (f->minimum_class)
            cJSON_AddStringToObject(rules, "minimum_openness_class", cls[f->minimum_class]);
        if (f->max_parameters >= 0)
            cJSON_AddNumberToObject(rules, "max_parameters", (double)f->max_parameters);
        if (f->review_parameters_above >= 0)
            cJSON_AddNumberToObject(rules, "review_parameters_above", (double)f->review_parameters_above);
    }
    return o;
}

/* ---- regions ------------------------------------------------------------- */

static const char *const eu_members[] = { "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
                                          "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK",
                                          "SI", "ES", "SE" };

static int org_in(const struct policy_org *o, const char *excluded, char *which, size_t wn)
{
    for (int i = 0; i < o->n_regions; i++) {
        const char *r = o->regions[i];
        int eu = strcmp(r, "EU") == 0, eea;
        for (size_t k = 0; !eu && k < sizeof eu_members / sizeof eu_members[0]; k++)
            eu = strcmp(r, eu_members[k]) == 0;
        eea = eu || strcmp(r, "EEA") == 0 || strcmp(r, "IS") == 0 || strcmp(r, "LI") == 0 || strcmp(r, "NO") == 0;
        if (strcmp(r, excluded) == 0 || (strcmp(excluded, "EU") == 0 && eu) || (strcmp(excluded, "EEA") == 0 && eea)) {
            snprintf(which, wn, "%s", r);
            return 1;
        }
    }
    return 0;
}

/* ---- decisions ----------------------------------------------------------- */

struct gov {
    const char *id;
    const char *source;         /* file, or NULL */
    const char *via;            /* "" or "base model X" */
    int modified;
    cJSON *clauses;             /* owned */
};

static int listed(const cJSON *list, const char *key, const char *v)
{
    const cJSON *e;
    if (!v)
        return 0;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(list, key))
        if (cJSON_IsString(e) && strcasecmp(e->valuestring, v) == 0)
            return 1;
    return 0;
}

static cJSON *detail(const char *id, const char *file, const char *clause, const cJSON *value, const char *fact,
                     cJSON *fact_value, const char *policy, const char *entry)
{
    cJSON *d = cJSON_CreateObject();
    if (!d) {
        cJSON_Delete(fact_value);
        return NULL;
    }
    jsonout_add_str(d, "license", id);
    jsonout_add_str(d, "file", file);
    if (clause) {
        cJSON *c = cJSON_AddObjectToObject(d, "clause");
        cJSON_AddStringToObject(c, "id", clause);
        if (value)
            cJSON_AddItemToObject(c, "value", cJSON_Duplicate(value, 1));
    }
    if (fact) {
        cJSON *f = cJSON_AddObjectToObject(d, "fact");
        cJSON_AddItemToObject(f, fact, fact_value ? fact_value : cJSON_CreateNull());
    } else {
        cJSON_Delete(fact_value);
    }
    jsonout_add_str(d, "policy", policy);
    if (entry)
        jsonout_add_str(d, "policy_entry", entry);
    return d;
}

#define FIND(sev, code, det, ...)                                                              \
    do {                                                                                       \
        struct rep_finding *f_ = report_add_finding(m, (sev), (code), g->source, __VA_ARGS__); \
        if (!f_) {                                                                             \
            cJSON_Delete(det);                                                                 \
            return WA_ENOMEM;                                                                  \
        }                                                                                      \
        f_->detail = (det);                                                                    \
    } while (0)

static void fmt_int(char *buf, size_t n, double v)
{
    char raw[64];
    size_t len, k = 0;
    snprintf(raw, sizeof raw, "%.0f", v);
    len = strlen(raw);
    for (size_t i = 0; i < len && k + 2 < n; i++) {
        buf[k++] = raw[i];
        if ((len - i - 1) % 3 == 0 && i + 1 < len)
            buf[k++] = ',';
    }
    buf[k] = '\0';
}

static int decide(struct rep_model *m, const struct policy *p, const struct lic_db *db, const struct gov *g)
{
    struct lic_rule_info in;
    struct lic_keyword kw;
    const char *name = g->id, *family = NULL, *category = NULL;
    char lab[400], where[600], nbuf[64], fbuf[64];
    const char *entry = NULL;
    char e[64];
    enum finding_sev sev = FIND_REVIEW;
    int have_rule = lic_db_get(db, g->id, &in) == 0, mm = lic_model_multimodal(m);
    const cJSON *c;

    if (have_rule) {
        const cJSON *mmj = cJSON_GetObjectItemCaseSensitive(in.json, "models_multimodal");
        name = in.name;
        family = in.family;
        category = in.category;
        /* every model under this license is (Llama 4) or is not (Llama 3.3) multimodal */
        if (mm < 0 && cJSON_IsBool(mmj))
            mm = cJSON_IsTrue(mmj);
    } else if (lic_db_keyword(db, g->id, &kw)) {
        name = kw.name ? kw.name : g->id;
        category = kw.category;
    }
    snprintf(lab, sizeof lab, "%s (%s)", name, g->id);
    if (g->source)
        snprintf(where, sizeof where, "%s: %s%s", g->source, g->via, lab);
    else
        snprintf(where, sizeof where, "%s%s", g->via, lab);

    if (strcmp(g->id, "NONE") == 0 || strcmp(g->id, "NOASSERTION") == 0) {
        FIND(p->unknown, "policy_unknown_license", detail(g->id, g->source, NULL, NULL, NULL, NULL, p->name, "unknown"),
             "%s%s: %s; policy '%s' sends unknown or missing licenses to %s", g->via,
             strcmp(g->id, "NONE") == 0 ? "no license was found" : "the license could not be identified",
             g->source ? g->source : "no license file", p->name, finding_sev_name(p->unknown));
        return 0;
    }
    if (g->modified)
        FIND(p->modified, "policy_modified_license", detail(g->id, g->source, NULL, NULL, NULL, NULL, p->name, "modified"),
             "%s has been modified from the published text; policy '%s' sends modified licenses to %s", where,
             p->name, finding_sev_name(p->modified));

    /* the lists: ids, then families, then categories; deny > review > allow at each level */
    {
        static const char *const keys[] = { "ids", "families", "categories" };
        const char *vals[3] = { g->id, family, category };
        for (int lvl = 0; lvl < 3 && !entry; lvl++) {
            if (listed(p->deny, keys[lvl], vals[lvl]))
                sev = FIND_DENY, snprintf(e, sizeof e, "deny.%s", keys[lvl]), entry = e;
            else if (listed(p->review, keys[lvl], vals[lvl]))
                sev = FIND_REVIEW, snprintf(e, sizeof e, "review.%s", keys[lvl]), entry = e;
            else if (listed(p->allow, keys[lvl], vals[lvl]))
                sev = FIND_INFO, snprintf(e, sizeof e, "allow.%s", keys[lvl]), entry = e;
            if (entry)
                snprintf(e + strlen(e), sizeof e - strlen(e), ":%s", vals[lvl]);
        }
    }
    if (!entry)
        FIND(FIND_REVIEW, "policy_unlisted", detail(g->id, g->source, NULL, NULL, NULL, NULL, p->name, NULL),
             "%s (category %s) is in none of the allow, review or deny lists of policy '%s'", where,
             category ? category : "unknown", p->name);
    else
        FIND(sev, sev == FIND_DENY ? "policy_deny" : sev == FIND_REVIEW ? "policy_review" : "policy_allow",
             detail(g->id, g->source, NULL, NULL, NULL, NULL, p->name, entry),
             "%s: policy '%s' %s it (%s)", where, p->name,
             sev == FIND_DENY ? "denies" : sev == FIND_REVIEW ? "sends to review" : "allows", entry);

    cJSON_ArrayForEach(c, g->clauses) {
        const cJSON *idj = cJSON_GetObjectItemCaseSensitive(c, "id"), *v = cJSON_GetObjectItemCaseSensitive(c, "value");
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(c, "scope");
        const char *cid = cJSON_IsString(idj) ? idj->valuestring : "";
        if (strcmp(cid, "mau-cap") == 0 && cJSON_IsNumber(v)) {
            fmt_int(nbuf, sizeof nbuf, v->valuedouble);
            if (p->org.monthly_active_users < 0)
                FIND(FIND_REVIEW, "mau_unknown",
                     detail(g->id, g->source, cid, v, "monthly_active_users", NULL, p->name, NULL),
                     "%s needs a separate license from the licensor above %s monthly active users (clause mau-cap); "
                     "the organisation's monthly active users are unknown (set organisation.monthly_active_users "
                     "in the policy or pass --mau)", where, nbuf);
            else {
                fmt_int(fbuf, sizeof fbuf, (double)p->org.monthly_active_users);
                if ((double)p->org.monthly_active_users > v->valuedouble)
                    FIND(FIND_DENY, "mau_cap_exceeded",
                         detail(g->id, g->source, cid, v, "monthly_active_users",
                                cJSON_CreateNumber((double)p->org.monthly_active_users), p->name, NULL),
                         "%s grants no rights above %s monthly active users without a separate license (clause "
                         "mau-cap); the organisation has %s", where, nbuf, fbuf);
                else
                    FIND(FIND_INFO, "mau_cap_ok",
                         detail(g->id, g->source, cid, v, "monthly_active_users",
                                cJSON_CreateNumber((double)p->org.monthly_active_users), p->name, NULL),
                         "%s: the organisation's %s monthly active users are below the %s threshold (clause mau-cap)",
                         where, fbuf, nbuf);
            }
        } else if (strcmp(cid, "revenue-cap") == 0 && cJSON_IsNumber(v)) {
            fmt_int(nbuf, sizeof nbuf, v->valuedouble);
            if (p->org.commercial_use == 0)
                FIND(FIND_INFO, "revenue_cap_not_applicable",
                     detail(g->id, g->source, cid, v, "commercial_use", cJSON_CreateFalse(), p->name, NULL),
                     "%s limits free commercial use to organisations under USD %s annual revenue (clause revenue-cap); "
                     "the organisation makes no commercial use", where, nbuf);
            else if (p->org.annual_revenue_usd < 0)
                FIND(FIND_REVIEW, "revenue_unknown",
                     detail(g->id, g->source, cid, v, "annual_revenue_usd", NULL, p->name, NULL),
                     "%s allows commercial use free of charge only below USD %s annual revenue (clause revenue-cap); "
                     "the organisation's annual revenue is unknown (organisation.annual_revenue_usd)", where, nbuf);
            else if (p->org.annual_revenue_usd > v->valuedouble) {
                fmt_int(fbuf, sizeof fbuf, p->org.annual_revenue_usd);
                FIND(FIND_DENY, "revenue_cap_exceeded",
                     detail(g->id, g->source, cid, v, "annual_revenue_usd", cJSON_CreateNumber(p->org.annual_revenue_usd), p->name, NULL),
                     "%s requires a separate (enterprise) license above USD %s annual revenue (clause revenue-cap); "
                     "the organisation's revenue is USD %s", where, nbuf, fbuf);
            } else {
                fmt_int(fbuf, sizeof fbuf, p->org.annual_revenue_usd);
                FIND(FIND_INFO, "revenue_cap_ok",
                     detail(g->id, g->source, cid, v, "annual_revenue_usd", cJSON_CreateNumber(p->org.annual_revenue_usd), p->name, NULL),
                     "%s: the organisation's annual revenue (USD %s) is below the USD %s cap (clause revenue-cap)",
                     where, fbuf, nbuf);
            }
        } else if (strcmp(cid, "territory-exclusion") == 0 && cJSON_IsArray(v)) {
            const char *scope = cJSON_IsString(sc) ? sc->valuestring : "all";
            int multimodal_only = strcmp(scope, "multimodal") == 0;
            char regions[128] = "", hit[8] = "", which[8] = "";
            const cJSON *r;
            cJSON *facts = cJSON_CreateArray();
            for (int i = 0; facts && i < p->org.n_regions; i++)
                cJSON_AddItemToArray(facts, cJSON_CreateString(p->org.regions[i]));
            cJSON_ArrayForEach(r, v) {
                if (!cJSON_IsString(r))
                    continue;
                snprintf(regions + strlen(regions), sizeof regions - strlen(regions), "%s%s", regions[0] ? ", " : "", r->valuestring);
                if (!hit[0] && org_in(&p->org, r->valuestring, which, sizeof which))
                    snprintf(hit, sizeof hit, "%s", r->valuestring);
            }
            if (multimodal_only && mm == 0) {
                FIND(FIND_INFO, "territory_not_applicable", detail(g->id, g->source, cid, v, "regions", facts, p->name, NULL),
                     "%s withholds the rights to its multimodal models in %s (clause territory-exclusion); this model is "
                     "text-only (config.json / model card)", where, regions);
            } else if (p->org.n_regions == 0) {
                FIND(FIND_REVIEW, "territory_unknown", detail(g->id, g->source, cid, v, "regions", facts, p->name, NULL),
                     "%s grants no rights %sin %s (clause territory-exclusion); the organisation's regions are unknown "
                     "(set organisation.regions in the policy or pass --region)",
                     where, multimodal_only ? "to multimodal models " : "", regions);
            } else if (!hit[0]) {
                FIND(FIND_INFO, "territory_ok", detail(g->id, g->source, cid, v, "regions", facts, p->name, NULL),
                     "%s excludes %s (clause territory-exclusion); the organisation is not there", where, regions);
            } else if (multimodal_only && mm < 0) {
                FIND(FIND_REVIEW, "territory_multimodal_unknown",
                     detail(g->id, g->source, cid, v, "regions", facts, p->name, NULL),
                     "%s grants no rights to its multimodal models to individuals domiciled in, or companies with their "
                     "principal place of business in, %s (clause territory-exclusion); the organisation is in %s and "
                     "whether this model is multimodal is unknown", where, hit, which);
            } else {
                FIND(FIND_DENY, "territory_excluded", detail(g->id, g->source, cid, v, "regions", facts, p->name, NULL),
                     "%s grants no rights %sin %s (clause territory-exclusion); the organisation is in %s%s", where,
                     multimodal_only ? "to its multimodal models to individuals or companies domiciled " : "", hit,
                     which, multimodal_only ? " and this model is multimodal" : "");
            }
        } else if (strcmp(cid, "non-commercial") == 0 && cJSON_IsTrue(v)) {
            if (p->org.commercial_use == 1)
                FIND(FIND_DENY, "non_commercial", detail(g->id, g->source, cid, v, "commercial_use", cJSON_CreateTrue(), p->name, NULL),
                     "%s grants only non-commercial use (clause non-commercial); the organisation's use is commercial", where);
            else if (p->org.commercial_use < 0)
                FIND(FIND_REVIEW, "non_commercial_unknown", detail(g->id, g->source, cid, v, "commercial_use", NULL, p->name, NULL),
                     "%s grants only non-commercial use (clause non-commercial); whether the organisation's use is "
                     "commercial is unknown (organisation.commercial_use)", where);
            else
                FIND(FIND_INFO, "non_commercial_ok", detail(g->id, g->source, cid, v, "commercial_use", cJSON_CreateFalse(), p->name, NULL),
                     "%s grants only non-commercial use (clause non-commercial); the organisation's use is not commercial",
                     where);
        } else if (strcmp(cid, "output-use-restriction") == 0 && cJSON_IsTrue(v)) {
            FIND(FIND_INFO, "output_use_restricted", detail(g->id, g->source, cid, v, NULL, NULL, p->name, NULL),
                 "%s forbids using the model's outputs to improve other models (clause output-use-restriction)", where);
        } else if (strcmp(cid, "acceptable-use-policy") == 0 && cJSON_IsTrue(v)) {
            FIND(FIND_INFO, "acceptable_use_policy", detail(g->id, g->source, cid, v, NULL, NULL, p->name, NULL),
                 "%s makes every use subject to an acceptable use policy (clause acceptable-use-policy)", where);
        }
    }
    return 0;
}

int policy_apply(struct rep_model *m, const struct policy *p, const struct lic_db *db, struct wa_err *err)
{
    const struct rep_license *d = lic_model_deciding(m, db);
    struct gov g = { 0 };
    int rc;

    g.id = m->concluded_license ? m->concluded_license : "NONE";
    g.source = d ? d->source : NULL;
    g.via = "";
    g.modified = d ? d->modified : 0;
    g.clauses = lic_model_clauses(m, db);
    if (!g.clauses)
        return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
    /* a policy document standing in for its license: the license's clauses too */
    if (!d) {
        struct lic_rule_info in;
        if (lic_db_get(db, g.id, &in) == 0)
            lic_clause_merge(g.clauses, in.clauses, 0);
    }
    rc = decide(m, p, db, &g);
    cJSON_Delete(g.clauses);
    for (size_t i = 0; rc == 0 && i < m->n_base_models; i++) {
        const struct rep_base_model *b = &m->base_models[i];
        struct lic_rule_info in;
        char via[600];
        if (!b->license || (m->concluded_license && strcmp(b->license, m->concluded_license) == 0))
            continue;
        snprintf(via, sizeof via, "base model %s is under ", b->name);
        g.id = b->license;
        g.source = b->source;
        g.via = via;
        g.modified = 0;
        g.clauses = cJSON_CreateArray();
        if (!g.clauses)
            return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
        if (lic_db_get(db, b->license, &in) == 0)
            lic_clause_merge(g.clauses, in.clauses, 0);
        rc = decide(m, p, db, &g);
        cJSON_Delete(g.clauses);
    }
    if (rc)
        return wa_err_set(err, rc, NULL, -1, "out of memory");
    return 0;
}
