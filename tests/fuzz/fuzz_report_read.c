/*
 * fuzz_report_read.c - libFuzzer target for report_parse (merge input) and,
 * for every report it accepts, all the writers: each JSON output must parse
 * back (strict: UTF-8, no duplicate keys), the native output must read back
 * as a report, and the HTML page must contain no markup from the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonin.h"
#include "out.h"
#include "report_read.h"

static void render(const struct report *r, out_fn fn, int is_json, int is_native)
{
    struct outbuf b = { 0 };
    struct wa_err err;
    cJSON *doc = NULL;

    if (fn(&b, r, &err) != 0 || b.oom || !b.p)
        abort();
    if (is_json) {
        if (jsonin_parse(&doc, b.p, b.n, "out", &err) != 0)
            abort();
        cJSON_Delete(doc);
    }
    if (is_native) {
        struct report *again = NULL;
        if (report_parse(&again, NULL, b.p, b.n, "out", &err) != 0)
            abort();
        report_free(again);
    }
    if (!is_json && (strstr(b.p, "<script") || strstr(b.p, "<img") || strstr(b.p, "<iframe")))
        abort();
    outbuf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct report *r = NULL;
    struct report_shard shard;
    struct wa_err err;
    int rc = report_parse(&r, &shard, (const char *)data, size, "fuzz.json", &err);

    if (rc != 0) {
        if (r || !err.msg[0])
            abort();
        return 0;
    }
    report_finalize(r);
    render(r, out_json, 1, 1);
    render(r, out_cyclonedx, 1, 0);
    render(r, out_spdx, 1, 0);
    render(r, out_sarif, 1, 0);
    render(r, out_html, 0, 0);
    report_free(r);
    return 0;
}
