/*
 * publisher.h - who published a model and under which jurisdiction, from
 * manifests/publishers.json: the publisher from the repository name (or,
 * for a non-derivative with no name, the licensor of its license), and the
 * upstream publishers of its base models and of the licenses it inherits.
 * Unknown publishers are reported with entity and jurisdiction null, never
 * guessed.  Facts only: weightaudit gives no legal advice.
 */
#ifndef WA_PUBLISHER_H
#define WA_PUBLISHER_H

#include "err.h"
#include "report.h"

#define PUBLISHER_DB_MAX (4u << 20)     /* bytes of publishers.json */

struct publisher_db;

int publisher_db_load(struct publisher_db **out, const char *path, struct wa_err *err);
/* From a JSON text already in memory (tests, fuzzing). */
int publisher_db_parse(struct publisher_db **out, const char *json, const char *name, struct wa_err *err);
void publisher_db_free(struct publisher_db *db);

/* 1 when the ISO 3166-1 alpha-2 code is an EU member state. */
int publisher_is_eu(const struct publisher_db *db, const char *cc);

/* 1 when a jurisdiction matches a policy entry: the same code, or "EU" for a
 * member state. */
int publisher_jurisdiction_matches(const struct publisher_db *db, const char *jurisdiction,
                                   const char *entry);

/* The entry of list (a policy's array of names) that names the
 * manifests/publishers.json record of pub, a publisher fact made by
 * publisher_resolve: the record's name, legal entity or one of its hub
 * organisations (case-insensitive).  NULL when none does, and always for a
 * publisher not in publishers.json: an unknown org is never taken for a
 * known publisher by its name. */
const char *publisher_listed(const struct publisher_db *db, const cJSON *pub, const cJSON *list);

/* The same for the record whose hub organisation org is (for a deny list
 * only: a name that is no hub organisation, a mirror elsewhere, may still
 * be denied by it). */
const char *publisher_org_listed(const struct publisher_db *db, const char *org, const cJSON *list);

/* 1 when h[0..n) is a Hugging Face host: hf.co, huggingface.co (www. or
 * not), case-insensitive. */
int publisher_hub_host(const char *h, size_t n);

/* The Hugging Face organisation m's name gives (the "Qwen" of
 * Qwen/Qwen2.5-7B), pointing into m->name, *len its length; or NULL with
 * *why saying why there is none (no name, no org in it, a git remote on
 * another host, Ollama's "library" or an ollama.com account namespace).  An
 * Ollama model pulled from Hugging Face (hf.co/ORG/NAME:TAG) has ORG.  Only
 * a hub organisation is matched against the orgs of publishers.json; an
 * ollama.com namespace is reported by name as an unknown publisher. */
const char *publisher_hub_org(const struct rep_model *m, size_t *len, const char **why);

/* Fill m->publisher and m->upstream_publishers (replacing what is there)
 * from m->name, m->base_models and the licenses found.  0 or WA_ENOMEM. */
int publisher_resolve(struct rep_model *m, const struct publisher_db *db);

#endif
