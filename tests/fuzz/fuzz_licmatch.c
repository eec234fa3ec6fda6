/*
 * fuzz_licmatch.c - libFuzzer target for the license normaliser, matcher
 * and clause detectors: any bytes are decoded, tokenized, matched against
 * the real database and scanned by every clause pattern.  The database is
 * loaded once from $WA_ROOT (default: the current directory).  The first
 * byte picks whether the input is also appended to a canonical text, so the
 * alignment of near-identical texts is explored too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lic_clause.h"
#include "lic_db.h"
#include "lic_match.h"
#include "lic_text.h"

static struct lic_db *db;

static void load(void)
{
    struct wa_err e;
    const char *root = getenv("WA_ROOT");
    if (db)
        return;
    if (lic_db_load(&db, root ? root : ".", &e))
        abort();
}

static void run(const unsigned char *p, size_t n)
{
    struct lic_doc d;
    struct lic_result r;
    struct wa_err e;
    cJSON *c;

    if (lic_text_decode(&d, p, n))
        abort();
    if (lic_match(&r, db, &d, &e))
        abort();
    for (size_t i = 0; i < r.n_hits; i++)
        if (!r.hits[i].rule.id || r.hits[i].confidence < 0 || r.hits[i].confidence > 1)
            abort();
    lic_result_free(&r);
    if (!d.binary && (c = lic_clause_detect(db, d.text, d.len)) != NULL)
        cJSON_Delete(c);
    lic_doc_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char mit_head[] =
        "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and "
        "associated documentation files (the \"Software\"), to deal in the Software without restriction, ";
    load();
    if (size > 0 && data[0] == 'M') {
        size_t n = sizeof mit_head - 1 + size;
        unsigned char *b = malloc(n);
        if (!b)
            return 0;
        memcpy(b, mit_head, sizeof mit_head - 1);
        memcpy(b + sizeof mit_head - 1, data, size);
        run(b, n);
        free(b);
        return 0;
    }
    run(data, size);
    return 0;
}
