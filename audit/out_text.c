/*
 * out_text.c - the text report (see out_text.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"
#include "err.h"
#include "jsonout.h"
#include "out.h"
#include "out_text.h"

char *out_text_safe(const char *s)
{
    char *u = jsonout_safe_string(s ? s : "", s ? strlen(s) : 0), *out, *o;

    if (!u)
        return NULL;
    out = malloc(strlen(u) * 4 + 1);
    if (!out) {
        free(u);
        return NULL;
    }
    o = out;
    for (const unsigned char *p = (const unsigned char *)u; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            o += sprintf(o, "\\x%02x", *p);
        else
            *o++ = (char)*p;
    }
    *o = '\0';
    free(u);
    return out;
}

static void human_size(char *buf, size_t n, int64_t v)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
    double d = (double)v;
    int u = 0;

    if (v < 0) {
        snprintf(buf, n, "-");
        return;
    }
    while (d >= 1024 && u < 5) {
        d /= 1024;
        u++;
    }
    if (u == 0)
        snprintf(buf, n, "%lld B", (long long)v);
    else
        snprintf(buf, n, "%.1f %s", d, units[u]);
}

static void upper(char *dst, const char *s, size_t n)
{
    size_t i = 0;

    for (; s[i] && i + 1 < n; i++)
        dst[i] = (char)toupper((unsigned char)s[i]);
    dst[i] = '\0';
}

/* fputs of a string made safe for the terminal */
static void put_safe(FILE *f, const char *s)
{
    char *t = out_text_safe(s);

    fputs(t ? t : "?", f);
    free(t);
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *j = o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;

    return cJSON_IsString(j) ? j->valuestring : NULL;
}

/* "Mistral AI (Mistral AI SAS, FR)" or "someone (unknown)" */
static void put_publisher(FILE *f, const cJSON *p)
{
    const char *e = jstr(p, "entity"), *j = jstr(p, "jurisdiction");

    put_safe(f, jstr(p, "name") ? jstr(p, "name") : "?");
    if (!e && !j) {
        fputs(" (entity and jurisdiction unknown)", f);
        return;
    }
    fputs(" (", f);
    put_safe(f, e ? e : "entity unknown");
    fputs(", ", f);
    put_safe(f, j ? j : "jurisdiction unknown");
    fputc(')', f);
}

/* Publisher, governing law, openness and scale: facts, with no advice. */
static void facts_text(FILE *f, const struct rep_model *m)
{
    const cJSON *e;

    if (m->publisher) {
        fputs("   publisher: ", f);
        put_publisher(f, m->publisher);
        fputc('\n', f);
    }
    cJSON_ArrayForEach(e, m->upstream_publishers) {
        fputs("   upstream publisher: ", f);
        put_publisher(f, e);
        fputc('\n', f);
    }
    if (m->governing_law) {
        fputs("   governing law (as the license states it): ", f);
        put_safe(f, m->governing_law);
        fputc('\n', f);
    }
    if (m->openness) {
        const cJSON *miss = cJSON_GetObjectItemCaseSensitive(m->openness, "missing");
        int first = 1;
        fputs("   openness (Model Openness Framework): class ", f);
        put_safe(f, jstr(m->openness, "class") ? jstr(m->openness, "class") : "?");
        if (jstr(m->openness, "next_class") && cJSON_GetArraySize(miss) > 0) {
            fprintf(f, "; class %s also needs:", jstr(m->openness, "next_class"));
            cJSON_ArrayForEach(e, miss) {
                const char *why = jstr(e, "reason");
                fputs(first ? " " : ", ", f);
                put_safe(f, jstr(e, "component") ? jstr(e, "component") : "?");
                if (why && strncmp(why, "present", 7) == 0)
                    fputs(" (not openly licensed)", f);
                first = 0;
            }
        }
        fputc('\n', f);
    }
    if (m->scale) {
        const cJSON *dt = cJSON_GetObjectItemCaseSensitive(m->scale, "dtypes");
        const cJSON *fl = cJSON_GetObjectItemCaseSensitive(m->scale, "training_compute_flops");
        const cJSON *gh = cJSON_GetObjectItemCaseSensitive(m->scale, "training_gpu_hours");
        fputs("   scale:", f);
        if (m->parameters >= 0)
            fprintf(f, " %lld parameters (weight headers)", (long long)m->parameters);
        else
            fputs(" parameters unknown", f);
        cJSON_ArrayForEach(e, dt)
            fprintf(f, "%s%s x%d", e == dt->child ? "; dtypes " : ", ", e->string, e->valueint);
        if (jstr(m->scale, "quantization")) {
            fputs("; quantization ", f);
            put_safe(f, jstr(m->scale, "quantization"));
        }
        if (cJSON_IsNumber(fl))
            fprintf(f, "; training compute %.3g FLOPs (card)", fl->valuedouble);
        if (cJSON_IsNumber(gh))
            fprintf(f, "; %.3g GPU hours (card)", gh->valuedouble);
        fputc('\n', f);
    }
}

static void model_text(FILE *f, const struct rep_model *m)
{
    char v[16], sz[32];
    size_t counts[8] = { 0 };

    upper(v, verdict_name(m->verdict), sizeof v);
    fputs("\n== ", f);
    put_safe(f, m->path);
    fprintf(f, "  [%s]\n", layout_name(m->layout));
    fputs("   name: ", f);
    put_safe(f, m->name ? m->name : "(unknown)");
    fputs("   revision: ", f);
    put_safe(f, m->revision ? m->revision : "(unknown)");
    if (m->parameters >= 0)
        fprintf(f, "   parameters: %lld", (long long)m->parameters);
    fprintf(f, "\n   verdict: %s\n", v);

    fputs("   why:\n", f);
    if (!m->n_findings)
        fputs("     nothing found against it\n", f);
    for (size_t i = 0; i < m->n_findings; i++) {
        const struct rep_finding *x = &m->findings[i];
        fprintf(f, "     %-7s %-30s ", finding_sev_name(x->severity), x->code);
        put_safe(f, x->message);
        fputc('\n', f);
    }
    fputs("   licenses:", f);
    if (!m->n_licenses)
        fputs(" none identified\n", f);
    else
        fputc('\n', f);
    for (size_t i = 0; i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        fputs("     ", f);
        put_safe(f, l->id ? l->id : "NOASSERTION");
        fputs(" (", f);
        put_safe(f, l->source ? l->source : "?");
        fprintf(f, ", %s%s)\n", l->method ? l->method : "?", l->modified ? ", modified" : "");
    }
    fputs("   obligations:", f);
    if (!m->n_obligations)
        fputs(" none recorded\n", f);
    else
        fputc('\n', f);
    for (size_t i = 0; i < m->n_obligations; i++) {
        fputs("     - ", f);
        put_safe(f, m->obligations[i].text ? m->obligations[i].text : m->obligations[i].id);
        fputc('\n', f);
    }
    facts_text(f, m);
    for (size_t i = 0; i < m->n_files; i++)
        if ((unsigned)m->files[i].integrity < 8)
            counts[m->files[i].integrity]++;
    fprintf(f, "   files: %zu", m->n_files);
    for (int i = 0; i < 8; i++)
        if (counts[i])
            fprintf(f, ", %zu %s", counts[i], integrity_name((enum integrity)i));
    fputc('\n', f);
    if (m->n_files)
        fprintf(f, "     %-12s %-9s %-11s %10s  %s\n", "integrity", "role", "format", "size", "path");
    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *x = &m->files[i];
        human_size(sz, sizeof sz, x->size);
        fprintf(f, "     %-12s %-9s %-11s %10s  ", integrity_name(x->integrity), role_name(x->role),
                fmt_name(x->format), sz);
        put_safe(f, x->path);
        if (x->valid == 0)
            fputs("  (invalid)", f);
        fputc('\n', f);
    }
}

int out_text_write(FILE *f, const struct report *r)
{
    char v[16];

    if (r->n_models == 0) {
        fprintf(f, "weightaudit %s: no model found: nothing was audited\n", WA_VERSION);
        return ferror(f) ? WA_EIO : 0;
    }
    upper(v, verdict_name(r->verdict), sizeof v);
    fprintf(f, "weightaudit %s: verdict %s (%zu model%s)\n", WA_VERSION, v, r->n_models,
            r->n_models == 1 ? "" : "s");
    if (r->shard_count)
        fprintf(f, "partial report: part %d of %d (scan --shard); merge the parts for the verdict\n",
                r->shard_index, r->shard_count);
    for (size_t i = 0; i < r->n_models; i++)
        model_text(f, &r->models[i]);
    fprintf(f, "\n%s\n", REPORT_DISCLAIMER);
    return ferror(f) ? WA_EIO : 0;
}

int out_text(struct outbuf *out, const struct report *r, struct wa_err *err)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    int rc;

    if (!f)
        return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
    rc = out_text_write(f, r);
    if (fclose(f) != 0 || rc) {
        free(buf);
        return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
    }
    outbuf_add(out, buf, n);
    free(buf);
    return out->oom ? WA_ENOMEM : 0;
}
