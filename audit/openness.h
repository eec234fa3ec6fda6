/*
 * openness.h - where a release stands on the Model Openness Framework
 * (LF AI & Data): which of its components the repository shows, under
 * which license each, and the class reached (I, II, III or none), with
 * what is missing for the next class.  The component catalogue, the class
 * rules and the list of open licenses come from rules/openness.json, taken
 * from lfai/model_openness_tool.
 *
 * Only what the repository itself shows counts (a file, or a model-card
 * field): links to material elsewhere are not followed, since everything
 * runs offline.
 */
#ifndef WA_OPENNESS_H
#define WA_OPENNESS_H

#include "err.h"
#include "report.h"

#define OPENNESS_DB_MAX (1u << 20)

struct openness_db;

int openness_db_load(struct openness_db **out, const char *path, struct wa_err *err);
int openness_db_parse(struct openness_db **out, const char *json, const char *name, struct wa_err *err);
void openness_db_free(struct openness_db *db);

/* 1 when MOF counts the license id as open. */
int openness_license_is_open(const struct openness_db *db, const char *id);

/* Set m->openness = {"class", "present", "missing"} from m's files, card
 * and licenses.  0 or WA_ENOMEM. */
int openness_classify(struct rep_model *m, const struct openness_db *db);

/* Class as a number: 1, 2, 3, or 0 for none (from m->openness). */
int openness_class_number(const struct rep_model *m);

#endif
