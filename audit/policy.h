/*
 * policy.h - the organisation's policy and the verdict reasons.
 *
 * A policy (rules/policies/NAME.json, or any file; JSON Schema in
 * tests/schemas/policy.schema.json) sorts licenses into allow / review /
 * deny by id, family or category, says what unknown/missing and modified
 * licenses get, and carries the organisation's facts: monthly active users,
 * regions, commercial use, annual revenue.  --policy, --mau and --region
 * override (policy_set_mau, policy_add_region).  Its "publishers",
 * "openness" and "scale" rules act on procurement facts (facts.c).
 *
 * policy_apply turns a model's licenses (after lic_analyze) and those facts
 * into findings, each a reason a lawyer can follow: which file, which
 * license, which clause, which organisation fact, which policy entry; the
 * verdict is then the worst finding (report_finalize).
 */
#ifndef WA_POLICY_H
#define WA_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "err.h"
#include "lic_db.h"
#include "report.h"

#define POLICY_MAX_REGIONS 32

struct policy_org {
    int64_t monthly_active_users;   /* -1 unknown */
    char regions[POLICY_MAX_REGIONS][8];   /* upper-case codes as given (EU, DE, US, UK ...) */
    int n_regions;
    int commercial_use;             /* 1, 0, -1 unknown */
    double annual_revenue_usd;      /* < 0 unknown */
};

/* Rules on procurement facts beyond the license (facts.c applies them). */
struct policy_facts {
    const cJSON *deny_jurisdictions;    /* ISO 3166-1 alpha-2 codes, "EU", "UK"; arrays owned by json */
    const cJSON *review_jurisdictions;
    const cJSON *deny_publishers;       /* publisher names, legal entities or hub orgs */
    const cJSON *allow_publishers;      /* trusted: jurisdiction rules are not applied to them */
    enum finding_sev unknown_publisher; /* a publisher whose jurisdiction is unknown while rules exist */
    int minimum_class;                  /* Model Openness Framework class required: 3, 2, 1; 0 = none */
    enum finding_sev below_class;       /* what a release below it gets */
    int64_t max_parameters;             /* deny above, -1 none */
    int64_t review_parameters_above;    /* review above, -1 none */
};

struct policy {
    char *name;
    char *file;                     /* where it was read from */
    cJSON *json;                    /* owns the lists */
    const cJSON *allow, *review, *deny;
    enum finding_sev unknown;       /* NONE / NOASSERTION */
    enum finding_sev modified;      /* modified license text */
    struct policy_org org;
    struct policy_facts facts;
};

/* Load a policy: NULL or "default", a name under DATADIR/rules/policies/, or
 * a file path.  0; WA_ENOTFOUND; WA_EFORMAT with err naming the file and
 * the key that is wrong (a malformed policy is an input error: exit 2). */
int policy_load(struct policy **out, const char *name_or_file, const char *datadir, struct wa_err *err);
/* Parse a policy held in memory (what policy_load does once the file is
 * read): path names it in errors, name is its name when it has no "name". */
int policy_parse(struct policy **out, const char *buf, size_t n, const char *path, const char *name,
                 struct wa_err *err);
void policy_free(struct policy *p);

/* Overrides from the command line. */
void policy_set_mau(struct policy *p, int64_t mau);
/* Add a region code ("eu", "de", "us", "uk"...); WA_EUSAGE when not 2-3 letters or too many. */
int policy_add_region(struct policy *p, const char *code);

/* Add the verdict findings for m.  0 or WA_ENOMEM. */
int policy_apply(struct rep_model *m, const struct policy *p, const struct lic_db *db, struct wa_err *err);

/* {"name","file","organisation":{...}} for report->policy.  NULL on ENOMEM. */
cJSON *policy_to_json(const struct policy *p);

#endif
