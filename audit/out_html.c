/*
 * out_html.c - the report as one self-contained HTML page for procurement
 * and legal readers.
 *
 * No external assets and no script: one inline style sheet, allowed by its
 * hash in a Content-Security-Policy that forbids everything else (scripts,
 * images, frames, forms, base URLs), so a hostile repository whose file
 * names or license texts hold markup can at worst show that markup as text.
 * Every string from the report goes through esc(): invalid UTF-8 becomes
 * \xNN, control and bidirectional-override characters become visible
 * escapes, and & < > " ' become entities.
 *
 * The page: the verdict in large type with its reasons (the deny and review
 * findings), per model the license evidence (the text as found with the
 * inserted and deleted spans highlighted), the obligations as a checklist,
 * the lineage as an inline SVG graph, the openness class on a spectrum bar,
 * publisher facts, the file table with integrity status, and a note that
 * the page records facts and gives no legal advice.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "findcode.h"
#include "hash.h"
#include "jsonout.h"
#include "out_int.h"

#define SVG_NAME_MAX 44         /* characters of a name shown in a lineage box */

static const char css[] =
    ":root{--allow:#1a7f37;--review:#9a6700;--deny:#cf222e;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;"
    "--bg:#f6f8fa;--card:#fff}"
    "*{box-sizing:border-box}"
    "body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 -apple-system,'Segoe UI',Helvetica,"
    "Arial,'Noto Sans',sans-serif}"
    "main{max-width:1120px;margin:0 auto;padding:28px 24px 48px}"
    "header.top{display:flex;justify-content:space-between;align-items:baseline;border-bottom:1px solid var(--line);"
    "padding-bottom:10px;margin-bottom:22px}"
    "header.top .brand{font-weight:700;font-size:18px;letter-spacing:.2px}"
    "header.top .meta{color:var(--muted);font-size:13px}"
    "h2{font-size:22px;margin:0 0 4px;overflow-wrap:anywhere}"
    "h3{font-size:15px;text-transform:uppercase;letter-spacing:.6px;color:var(--muted);margin:26px 0 10px}"
    ".card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 18px}"
    ".verdict{display:flex;gap:26px;align-items:center;border-left:10px solid var(--muted)}"
    ".verdict.allow{border-left-color:var(--allow)}.verdict.review{border-left-color:var(--review)}"
    ".verdict.deny{border-left-color:var(--deny)}"
    ".verdict .word{font-size:56px;font-weight:800;letter-spacing:2px;line-height:1}"
    ".allow .word,.t-allow{color:var(--allow)}.review .word,.t-review{color:var(--review)}"
    ".deny .word,.t-deny{color:var(--deny)}"
    ".verdict .why{flex:1;min-width:0}.verdict .why p{margin:0 0 6px}"
    ".reasons{margin:6px 0 0;padding-left:18px}.reasons li{margin:2px 0;overflow-wrap:anywhere}"
    ".badge{display:inline-block;border-radius:999px;padding:1px 9px;font-size:12px;font-weight:600;"
    "border:1px solid currentColor;white-space:nowrap}"
    ".b-allow,.b-verified{color:var(--allow)}.b-review,.b-unverified{color:var(--review)}"
    ".b-deny,.b-bad{color:var(--deny)}.b-info{color:var(--muted)}"
    ".model-head{display:flex;justify-content:space-between;gap:16px;align-items:flex-start}"
    ".sub{color:var(--muted);font-size:13px;overflow-wrap:anywhere}"
    ".kv{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:0}"
    ".kv dt{color:var(--muted)}.kv dd{margin:0;overflow-wrap:anywhere}"
    ".grid2{display:grid;grid-template-columns:1fr 1fr;gap:18px}"
    "table{border-collapse:collapse;width:100%;font-size:13.5px}"
    "th{text-align:left;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line);padding:6px 8px}"
    "td{border-bottom:1px solid #eaeef2;padding:6px 8px;vertical-align:top;overflow-wrap:anywhere}"
    "td.nw{white-space:nowrap;overflow-wrap:normal}"
    "code,.mono,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}"
    ".esc{color:var(--deny);background:#ffebe9;border-radius:3px;padding:0 2px}"
    ".lic-ids{display:flex;gap:18px;flex-wrap:wrap;margin-bottom:10px}"
    ".lic-ids div{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:8px 12px}"
    ".lic-ids b{display:block;font-size:17px;overflow-wrap:anywhere}"
    ".conf{display:inline-block;width:70px;height:8px;background:#eaeef2;border-radius:4px;vertical-align:middle}"
    ".conf i{display:block;height:8px;border-radius:4px;background:#0969da}"
    ".w0{width:0%}.w5{width:5%}.w10{width:10%}.w15{width:15%}.w20{width:20%}.w25{width:25%}.w30{width:30%}.w35{width:35%}.w40{width:40%}.w45{width:45%}.w50{width:50%}.w55{width:55%}.w60{width:60%}.w65{width:65%}.w70{width:70%}.w75{width:75%}.w80{width:80%}.w85{width:85%}.w90{width:90%}.w95{width:95%}.w100{width:100%}"
    "details{border:1px solid var(--line);border-radius:8px;margin:10px 0;background:#fff}"
    "summary{cursor:pointer;padding:8px 12px;font-weight:600}"
    "pre.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;padding:12px 14px;max-height:520px;overflow:auto;"
    "background:#fbfcfd;border-top:1px solid var(--line)}"
    "ins{background:#dafbe1;color:#116329;text-decoration:none;border-bottom:2px solid #4ac26b}"
    "del{background:#ffebe9;color:#a40e26}"
    ".legend{font-size:12.5px;color:var(--muted);margin:6px 0}"
    "ul.check{list-style:none;padding:0;margin:0}ul.check li{padding:6px 0;border-bottom:1px solid #eaeef2}"
    "ul.check input{margin-right:10px;transform:scale(1.15)}"
    ".spectrum{display:flex;border-radius:8px;overflow:hidden;border:1px solid var(--line);margin:8px 0}"
    ".spectrum span{flex:1;text-align:center;padding:6px 0;font-size:13px;color:var(--muted);background:#fff}"
    ".spectrum span.on{color:#fff;font-weight:700}"
    ".spectrum .c-none.on{background:#6e7781}.spectrum .c-III.on{background:#bf8700}"
    ".spectrum .c-II.on{background:#2f81f7}.spectrum .c-I.on{background:var(--allow)}"
    "svg.lineage{width:100%;height:auto;display:block}"
    "svg .node rect{fill:#fff;stroke:#8c959f;stroke-width:1.2}svg .node.self rect{fill:#ddf4ff;stroke:#0969da}"
    "svg text{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:13px;fill:#1f2328}"
    "svg text.small{font-size:11.5px;fill:#59636e}svg path.edge{stroke:#8c959f;stroke-width:1.5;fill:none}"
    "svg text.rel{font-size:11.5px;fill:#0969da}"
    "footer{color:var(--muted);font-size:12.5px;margin-top:28px;border-top:1px solid var(--line);padding-top:12px}"
    "@media print{body{background:#fff}.card{break-inside:avoid}}";

/* ---- escaping ------------------------------------------------------------ */

/* Append s[0..n) as HTML text (also safe in attribute values): invalid UTF-8
 * as \xNN, control characters as \xNN (except \n and \t when pre), bidi
 * controls as \u{XXXX}, each escape marked so it stands out. */
static void escn(struct outbuf *b, const char *s, size_t n, int pre)
{
    char *safe = jsonout_safe_string(s ? s : "", s ? n : 0);
    const unsigned char *p;

    if (!safe) {
        b->oom = 1;
        return;
    }
    for (p = (const unsigned char *)safe; *p; p++) {
        unsigned c = *p;
        if (c == '&')
            outbuf_puts(b, "&amp;");
        else if (c == '<')
            outbuf_puts(b, "&lt;");
        else if (c == '>')
            outbuf_puts(b, "&gt;");
        else if (c == '"')
            outbuf_puts(b, "&quot;");
        else if (c == '\'')
            outbuf_puts(b, "&#39;");
        else if (pre && (c == '\n' || c == '\t'))
            outbuf_add(b, (const char *)p, 1);
        else if (c < 0x20 || c == 0x7f)
            outbuf_printf(b, "<span class=\"esc\">\\x%02x</span>", c);
        else if (c == 0xe2 && p[1] == 0x80 && ((p[2] >= 0x8e && p[2] <= 0x8f) || (p[2] >= 0xaa && p[2] <= 0xae))) {
            outbuf_printf(b, "<span class=\"esc\">\\u{%04x}</span>", 0x2000 + ((p[1] & 0x3f) << 6) + (p[2] & 0x3f));
            p += 2;
        } else if (c == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9) {
            outbuf_printf(b, "<span class=\"esc\">\\u{%04x}</span>", 0x2000 + ((p[1] & 0x3f) << 6) + (p[2] & 0x3f));
            p += 2;
        } else
            outbuf_add(b, (const char *)p, 1);
    }
    free(safe);
}

static void esc(struct outbuf *b, const char *s)
{
    escn(b, s, s ? strlen(s) : 0, 0);
}

/* esc() of s, or a dash when NULL. */
static void esc_or_dash(struct outbuf *b, const char *s)
{
    if (s && *s)
        esc(b, s);
    else
        outbuf_puts(b, "&mdash;");
}

/* First max characters of s (UTF-8 aware), with an ellipsis when cut. */
static void esc_short(struct outbuf *b, const char *s, size_t max)
{
    size_t i = 0, chars = 0;

    while (s[i] && chars < max) {
        i++;
        while (((unsigned char)s[i] & 0xc0) == 0x80)
            i++;
        chars++;
    }
    escn(b, s, i, 0);
    if (s[i])
        outbuf_puts(b, "&hellip;");
}

/* ---- small formatters ------------------------------------------------------ */

static void human_count(char *buf, size_t n, int64_t v, const char *const units[4])
{
    if (v < 0)
        snprintf(buf, n, "unknown");
    else if (v >= 1000000000000LL)
        snprintf(buf, n, "%.2f %s", (double)v / 1e12, units[3]);
    else if (v >= 1000000000LL)
        snprintf(buf, n, "%.2f %s", (double)v / 1e9, units[2]);
    else if (v >= 1000000LL)
        snprintf(buf, n, "%.2f %s", (double)v / 1e6, units[1]);
    else if (v >= 1000LL)
        snprintf(buf, n, "%.1f %s", (double)v / 1e3, units[0]);
    else
        snprintf(buf, n, "%lld", (long long)v);
}

static void human_size(char *buf, size_t n, int64_t v)
{
    static const char *const u[4] = { "kB", "MB", "GB", "TB" };

    human_count(buf, n, v, u);
    if (v >= 0 && v < 1000)
        snprintf(buf, n, "%lld B", (long long)v);
}

static void human_params(char *buf, size_t n, int64_t v)
{
    static const char *const u[4] = { "thousand", "million", "billion", "trillion" };

    human_count(buf, n, v, u);
}

static const char *integrity_class(enum integrity i)
{
    return i == INTEG_VERIFIED ? "b-verified" : i == INTEG_UNVERIFIED ? "b-unverified" : "b-bad";
}

static const char *sev_class(enum finding_sev s)
{
    return s == FIND_DENY ? "b-deny" : s == FIND_REVIEW ? "b-review" : "b-info";
}

/* base64 of the SHA-256 of s, for the CSP style hash (out: at least 45 bytes). */
static void sha256_b64(const char *s, char *out, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char hex[HASH_SHA256_HEX];
    unsigned char d[32];
    size_t k = 0;

    hash_sha256_hex(s, strlen(s), hex);
    for (int i = 0; i < 32; i++) {
        unsigned v = 0;
        sscanf(hex + 2 * i, "%2x", &v);
        d[i] = (unsigned char)v;
    }
    for (int i = 0; i < 32 && k + 5 <= n; i += 3) {
        unsigned v = (unsigned)d[i] << 16 | (i + 1 < 32 ? (unsigned)d[i + 1] << 8 : 0) | (i + 2 < 32 ? d[i + 2] : 0);
        out[k++] = tab[v >> 18 & 63];
        out[k++] = tab[v >> 12 & 63];
        out[k++] = i + 1 < 32 ? tab[v >> 6 & 63] : '=';
        out[k++] = i + 2 < 32 ? tab[v & 63] : '=';
    }
    out[k] = '\0';
}

/* ---- sections -------------------------------------------------------------- */

static const char *finding_title(const struct rep_finding *f)
{
    const struct findcode *fc = findcode_lookup(f->code);

    return fc ? fc->title : f->code ? f->code : "finding";
}

/* The reasons for a verdict: deny and review findings (info when nothing else). */
static void reasons(struct outbuf *b, const struct rep_model *m)
{
    size_t shown = 0;

    outbuf_puts(b, "<ul class=\"reasons\">");
    /* deny and review findings; the info ones only when there is nothing else */
    for (int pass = 0; pass < 2 && !(pass == 1 && shown); pass++)
        for (size_t i = 0; i < m->n_findings; i++) {
            const struct rep_finding *f = &m->findings[i];
            if ((pass == 0) != (f->severity != FIND_INFO))
                continue;
            shown++;
            outbuf_printf(b, "<li><span class=\"badge %s\">%s</span> <b>", sev_class(f->severity),
                          finding_sev_name(f->severity));
            esc(b, finding_title(f));
            outbuf_puts(b, "</b>: ");
            esc(b, f->message);
            outbuf_puts(b, "</li>");
        }
    if (!shown)
        outbuf_puts(b, "<li>No findings: integrity verified where records allowed, license allowed by the policy.</li>");
    outbuf_puts(b, "</ul>");
}

static void verdict_card(struct outbuf *b, const struct report *r)
{
    const char *v = verdict_name(r->verdict);
    static const char *const what[2][3] = {
        { "The policy allows adopting the audited model. Keep the obligations listed below.",
          "A person must review the points below before the model can be adopted.",
          "The model must not be adopted as it is, for the reasons below." },
        { "The policy allows adopting the audited models. Keep the obligations listed below.",
          "A person must review the points below before the models can be adopted.",
          "The models must not be adopted as they are, for the reasons below." },
    };

    outbuf_printf(b, "<section class=\"card verdict %s\"><div class=\"word\">%s</div><div class=\"why\">", v,
                  r->verdict == VERDICT_ALLOW ? "ALLOW" : r->verdict == VERDICT_REVIEW ? "REVIEW" : "DENY");
    outbuf_printf(b, "<p><b>%s</b></p>", what[r->n_models > 1][r->verdict <= VERDICT_DENY ? r->verdict : 1]);
    if (r->n_models == 0) {
        outbuf_puts(b, "<p>The report holds no model.</p>");
    } else if (r->n_models == 1) {
        reasons(b, &r->models[0]);
    } else {
        outbuf_printf(b, "<p>%zu models:</p><ul class=\"reasons\">", r->n_models);
        for (size_t i = 0; i < r->n_models; i++) {
            const struct rep_model *m = &r->models[i];
            outbuf_printf(b, "<li><span class=\"badge b-%s\">%s</span> ", verdict_name(m->verdict),
                          verdict_name(m->verdict));
            esc(b, m->name ? m->name : m->path);
            outbuf_puts(b, "</li>");
        }
        outbuf_puts(b, "</ul>");
    }
    outbuf_puts(b, "</div></section>\n");
}

/* The license text with evidence spans: inserted spans found at their
 * offset are highlighted in place, deleted spans are shown struck out
 * where they were removed (before what replaced them, when a span was
 * replaced).  Offsets are byte offsets into the text.  Evidence that has
 * no place in the text (no offset, an inserted span not found there, an
 * overlap) is listed after it, so no difference is ever left out. */
struct span {
    size_t off, len, idx;
    int inserted;
    const char *text;
};

static int cmp_span(const void *a, const void *b)
{
    const struct span *x = a, *y = b;

    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    if (x->inserted != y->inserted)
        return x->inserted - y->inserted;       /* what was removed, then what replaced it */
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void evidence_item(struct outbuf *b, const cJSON *e)
{
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(e, "kind");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "text");
    int ins = cJSON_IsString(kind) && !strcmp(kind->valuestring, "inserted");

    outbuf_puts(b, ins ? "<ins>" : "<del>");
    escn(b, cJSON_IsString(t) ? t->valuestring : "", cJSON_IsString(t) ? strlen(t->valuestring) : 0, 1);
    outbuf_puts(b, ins ? "</ins>\n" : "</del>\n");
}

/* The evidence not marked in placed (all of it when placed is NULL). */
static void evidence_list(struct outbuf *b, const cJSON *evidence, const unsigned char *placed, const char *title)
{
    size_t i = 0, left = 0;

    for (const cJSON *e = evidence ? evidence->child : NULL; e; e = e->next, i++)
        left += !placed || !placed[i];
    if (!left)
        return;
    if (title) {
        outbuf_puts(b, "<div class=\"legend\">");
        outbuf_puts(b, title);
        outbuf_puts(b, "</div>");
    }
    outbuf_puts(b, "<pre class=\"text\">");
    i = 0;
    for (const cJSON *e = evidence->child; e; e = e->next, i++)
        if (!placed || !placed[i])
            evidence_item(b, e);
    outbuf_puts(b, "</pre>");
}

static void marked_text(struct outbuf *b, const char *text, const cJSON *evidence)
{
    size_t n = strlen(text), ns = 0, pos = 0, idx = 0, cap = (size_t)cJSON_GetArraySize(evidence);
    struct span *v = cap ? calloc(cap, sizeof *v) : NULL;
    unsigned char *placed = cap ? calloc(cap, 1) : NULL;

    for (const cJSON *e = evidence ? evidence->child : NULL; v && placed && e; e = e->next, idx++) {
        const cJSON *kind = cJSON_GetObjectItemCaseSensitive(e, "kind");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "text");
        const cJSON *off = cJSON_GetObjectItemCaseSensitive(e, "offset");
        struct span s;
        if (!cJSON_IsString(kind) || !cJSON_IsString(t) || !cJSON_IsNumber(off) || off->valuedouble < 0 ||
            off->valuedouble > (double)n)
            continue;
        s.off = (size_t)off->valuedouble;
        s.idx = idx;
        s.text = t->valuestring;
        s.inserted = strcmp(kind->valuestring, "inserted") == 0;
        s.len = s.inserted ? strlen(s.text) : 0;
        if (!s.inserted)                /* a removal goes before the character it is in */
            while (s.off > 0 && s.off < n && ((unsigned char)text[s.off] & 0xc0) == 0x80)
                s.off--;
        /* an insertion in place only where the text really is there, on a character boundary */
        if (s.inserted && (s.off + s.len > n || memcmp(text + s.off, s.text, s.len) != 0 ||
                           (s.off < n && ((unsigned char)text[s.off] & 0xc0) == 0x80)))
            continue;
        v[ns++] = s;
    }
    if (ns > 1)
        qsort(v, ns, sizeof *v, cmp_span);
    outbuf_puts(b, "<pre class=\"text\">");
    for (size_t i = 0; i < ns; i++) {
        if (v[i].off < pos && v[i].inserted)
            continue;           /* overlaps the previous insertion: listed below */
        if (v[i].off > pos)
            escn(b, text + pos, v[i].off - pos, 1);
        outbuf_puts(b, v[i].inserted ? "<ins>" : "<del>");
        escn(b, v[i].text, strlen(v[i].text), 1);
        outbuf_puts(b, v[i].inserted ? "</ins>" : "</del>");
        if (v[i].off + v[i].len > pos)
            pos = v[i].off + v[i].len;
        placed[v[i].idx] = 1;
    }
    escn(b, text + pos, n - pos, 1);
    outbuf_puts(b, "</pre>");
    evidence_list(b, evidence, placed, "Also differs from the canonical text (no place in the text shown):");
    free(v);
    free(placed);
}

static void license_section(struct outbuf *b, const struct rep_model *m)
{
    outbuf_puts(b, "<h3>License</h3><div class=\"card\"><div class=\"lic-ids\"><div>Declared by the publisher<b>");
    esc_or_dash(b, m->declared_license ? m->declared_license : "none found");
    outbuf_puts(b, "</b></div><div>Concluded by weightaudit<b>");
    esc_or_dash(b, m->concluded_license ? m->concluded_license : "NOASSERTION");
    outbuf_puts(b, "</b></div>");
    if (m->governing_law) {
        outbuf_puts(b, "<div>Governing law<b>");
        esc(b, m->governing_law);
        outbuf_puts(b, "</b></div>");
    }
    outbuf_puts(b, "</div>");
    if (m->n_licenses == 0) {
        outbuf_puts(b, "<p>No license material was found.</p></div>\n");
        return;
    }
    outbuf_puts(b, "<table><thead><tr><th>License</th><th>Found in</th><th>How</th><th>Confidence</th>"
                   "<th>Text</th><th>Clauses</th></tr></thead><tbody>");
    for (size_t i = 0; i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        int pct = (int)(l->confidence * 100 + 0.5);
        outbuf_puts(b, "<tr><td><code>");
        esc_or_dash(b, l->id);
        outbuf_puts(b, "</code><br><span class=\"sub\">");
        esc_or_dash(b, l->name);
        outbuf_puts(b, "</span></td><td><code>");
        esc_or_dash(b, l->source);
        outbuf_puts(b, "</code></td><td>");
        esc_or_dash(b, l->method);
        if (l->scope) {
            outbuf_puts(b, "<br><span class=\"sub\">scope: ");
            esc(b, l->scope);
            outbuf_puts(b, "</span>");
        }
        pct = pct < 0 ? 0 : pct > 100 ? 100 : pct;
        outbuf_printf(b, "</td><td><span class=\"conf\"><i class=\"w%d\"></i></span> %d%%</td>", pct / 5 * 5, pct);
        /* a card keyword or a GGUF field names a license; only a text can be compared */
        outbuf_printf(b, "<td>%s</td><td>",
                      l->modified ? "<span class=\"badge b-deny\">modified</span>"
                      : l->method && (!strcmp(l->method, "card") || !strcmp(l->method, "gguf"))
                          ? "<span class=\"sub\">named, no text</span>"
                          : "<span class=\"badge b-verified\">as published</span>");
        for (const cJSON *c = l->clauses ? l->clauses->child : NULL; c; c = c->next) {
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(c, "id"), *val = cJSON_GetObjectItemCaseSensitive(c, "value");
            char *vs = val && !cJSON_IsString(val) ? cJSON_PrintUnformatted(val) : NULL;
            outbuf_puts(b, "<div><code>");
            esc(b, cJSON_IsString(id) ? id->valuestring : "?");
            outbuf_puts(b, "</code>");
            if (val && !cJSON_IsNull(val)) {
                outbuf_puts(b, ": ");
                esc(b, cJSON_IsString(val) ? val->valuestring : vs ? vs : "");
            }
            outbuf_puts(b, "</div>");
            free(vs);
        }
        outbuf_puts(b, "</td></tr>");
    }
    outbuf_puts(b, "</tbody></table>");
    /* the texts, with what differs from the canonical text */
    for (size_t i = 0; i < m->n_licenses; i++) {
        const struct rep_license *l = &m->licenses[i];
        char *owned = NULL;
        const char *text;
        int has_ev = l->evidence && cJSON_GetArraySize(l->evidence) > 0;
        int dup = 0;
        for (size_t k = 0; k < i && !dup; k++)      /* one text per source file */
            dup = m->licenses[k].source && l->source && !strcmp(m->licenses[k].source, l->source) &&
                  !strcmp(m->licenses[k].method ? m->licenses[k].method : "", l->method ? l->method : "");
        if (dup || (l->method && !strcmp(l->method, "card") && !has_ev))
            continue;
        text = l->text || (l->method && (!strcmp(l->method, "text") || !strcmp(l->method, "notice")))
                   ? out_license_text(m, l, &owned)
                   : NULL;
        if (!text && !has_ev)
            continue;
        outbuf_printf(b, "<details%s><summary>", l->modified || has_ev ? " open" : "");
        outbuf_puts(b, owned ? "Canonical text (the text as found was not kept) for " :
                       text ? "Text as found in " : "Differences found in ");
        esc_or_dash(b, l->source);
        outbuf_puts(b, " &mdash; ");
        esc_or_dash(b, l->id);
        if (l->modified)
            outbuf_puts(b, " <span class=\"badge b-deny\">modified</span>");
        outbuf_puts(b, "</summary>");
        if (has_ev) {
            outbuf_puts(b, "<div class=\"legend\">&nbsp;&nbsp;<ins>added to the canonical text</ins> &nbsp; "
                           "<del>removed from the canonical text</del></div>");
        }
        if (text && !owned) {
            marked_text(b, text, l->evidence);      /* offsets are into the text found */
        } else {
            if (text)
                marked_text(b, text, NULL);
            evidence_list(b, l->evidence, NULL, text ? "Differences of the text as found:" : NULL);
        }
        outbuf_puts(b, "</details>");
        free(owned);
    }
    outbuf_puts(b, "</div>\n");
}

static void obligations_section(struct outbuf *b, const struct rep_model *m)
{
    if (!m->n_obligations)
        return;
    outbuf_puts(b, "<h3>Obligations</h3><div class=\"card\"><ul class=\"check\">");
    for (size_t i = 0; i < m->n_obligations; i++) {
        const struct rep_obligation *o = &m->obligations[i];
        outbuf_puts(b, "<li><label><input type=\"checkbox\">");
        esc_or_dash(b, o->text);
        outbuf_puts(b, "</label> <span class=\"sub\">(");
        esc_or_dash(b, o->id);
        if (o->license) {
            outbuf_puts(b, "; ");
            esc(b, o->license);
        }
        outbuf_puts(b, ")</span></li>");
    }
    outbuf_puts(b, "</ul></div>\n");
}

/* A box of the lineage graph: name and license, at (x, y). */
static void svg_node(struct outbuf *b, int x, int y, int w, const char *name, const char *license, int self)
{
    outbuf_printf(b, "<g class=\"node%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"52\" rx=\"8\"/>",
                  self ? " self" : "", x, y, w);
    outbuf_printf(b, "<text x=\"%d\" y=\"%d\">", x + 12, y + 21);
    esc_short(b, name ? name : "?", SVG_NAME_MAX);
    outbuf_printf(b, "</text><text class=\"small\" x=\"%d\" y=\"%d\">", x + 12, y + 40);
    esc_short(b, license ? license : "license unknown", SVG_NAME_MAX + 8);
    outbuf_puts(b, "</text></g>");
}

static void lineage_section(struct outbuf *b, const struct rep_model *m)
{
    const int w = 380, gap = 18, h = 52, x0 = 20, x1 = 540;
    int n = (int)m->n_base_models, height, my;

    if (n == 0)
        return;
    height = n * (h + gap) - gap + 40;
    my = height / 2 - h / 2;
    outbuf_puts(b, "<h3>Lineage</h3><div class=\"card\">");
    outbuf_printf(b, "<svg class=\"lineage\" viewBox=\"0 0 940 %d\" role=\"img\" aria-label=\"model lineage\">",
                  height);
    outbuf_puts(b, "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                   "markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0L10 5L0 10z\" fill=\"#8c959f\"/></marker></defs>");
    for (int i = 0; i < n; i++) {
        const struct rep_base_model *bm = &m->base_models[i];
        int y = 20 + i * (h + gap);
        outbuf_printf(b, "<path class=\"edge\" marker-end=\"url(#arrow)\" d=\"M%d %d C %d %d, %d %d, %d %d\"/>",
                      x0 + w, my + h / 2, x0 + w + 60, my + h / 2, x1 - 60, y + h / 2, x1 - 2, y + h / 2);
        outbuf_printf(b, "<text class=\"rel\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">", (x0 + w + x1) / 2,
                      (my + h / 2 + y + h / 2) / 2 - 6);
        esc(b, bm->relation ? bm->relation : "derived from");
        outbuf_puts(b, "</text>");
        svg_node(b, x1, y, w, bm->name, bm->license, 0);
    }
    svg_node(b, x0, my, w, m->name ? m->name : m->path, m->concluded_license ? m->concluded_license
                                                                                : m->declared_license, 1);
    outbuf_puts(b, "</svg><div class=\"legend\">Arrows point from the audited model to the models it was derived "
                   "from; each box shows the license recorded for it.</div></div>\n");
}

static void openness_section(struct outbuf *b, const struct rep_model *m)
{
    static const char *const classes[] = { "none", "III", "II", "I" };
    static const char *const labels[] = { "not classed", "Class III: open model", "Class II: open tooling",
                                          "Class I: open science" };
    const cJSON *cls = cJSON_IsObject(m->openness) ? cJSON_GetObjectItemCaseSensitive(m->openness, "class") : NULL;

    if (!cJSON_IsString(cls))
        return;
    outbuf_puts(b, "<div class=\"card\"><b>Openness</b> <span class=\"sub\">(Model Openness Framework class; "
                   "more open to the right)</span><div class=\"spectrum\">");
    for (int i = 0; i < 4; i++)
        outbuf_printf(b, "<span class=\"c-%s%s\">%s</span>", classes[i], strcmp(cls->valuestring, classes[i]) ? "" : " on",
                      labels[i]);
    outbuf_puts(b, "</div><dl class=\"kv\">");
    for (int k = 0; k < 2; k++) {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(m->openness, k ? "missing" : "present");
        const cJSON *next = cJSON_GetObjectItemCaseSensitive(m->openness, "next_class");
        int first = 1;
        if (k && cJSON_IsString(next)) {
            outbuf_puts(b, "<dt>Missing for class ");
            esc(b, next->valuestring);
            outbuf_puts(b, "</dt><dd>");
        } else {
            outbuf_printf(b, "<dt>%s</dt><dd>", k ? "Missing" : "Present");
        }
        for (const cJSON *e = cJSON_IsArray(a) ? a->child : NULL; e; e = e->next) {
            /* plain names, or {component, evidence, license, open} / {component, reason} */
            const cJSON *name = cJSON_IsString(e) ? e : cJSON_GetObjectItemCaseSensitive(e, "component");
            const cJSON *why = cJSON_GetObjectItemCaseSensitive(e, k ? "reason" : "evidence");
            const cJSON *lic = cJSON_GetObjectItemCaseSensitive(e, "license");
            const cJSON *open = cJSON_GetObjectItemCaseSensitive(e, "open");
            if (!cJSON_IsString(name))
                continue;
            outbuf_puts(b, first ? "" : "<br>");
            esc(b, name->valuestring);
            if (cJSON_IsString(why) || cJSON_IsString(lic)) {
                outbuf_puts(b, " <span class=\"sub\">(");
                if (cJSON_IsString(why))
                    esc(b, why->valuestring);
                if (!k && cJSON_IsString(lic)) {
                    outbuf_puts(b, cJSON_IsString(why) ? "; " : "");
                    esc(b, lic->valuestring);
                    outbuf_puts(b, cJSON_IsTrue(open) ? ", open" : ", not an open license");
                } else if (!k && cJSON_IsNull(lic)) {
                    outbuf_puts(b, "; no license in the repository covers it");
                }
                outbuf_puts(b, ")</span>");
            }
            first = 0;
        }
        if (first)
            outbuf_puts(b, "&mdash;");
        outbuf_puts(b, "</dd>");
    }
    outbuf_puts(b, "</dl></div>\n");
}

static void dd(struct outbuf *b, const char *term, const char *value)
{
    if (!value)
        return;
    outbuf_printf(b, "<dt>%s</dt><dd>", term);
    esc(b, value);
    outbuf_puts(b, "</dd>");
}

struct dd_list {
    struct outbuf *b;
    const char *term;
    int n;
};

static void dd_item(void *p, const char *s)
{
    struct dd_list *d = p;

    if (d->n++ == 0)
        outbuf_printf(d->b, "<dt>%s</dt><dd>", d->term);
    else
        outbuf_puts(d->b, ", ");
    esc(d->b, s);
}

/* A card member (string or strings) as one term of the definition list. */
static void card_strings(struct outbuf *b, const struct rep_model *m, const char *key, const char *term)
{
    struct dd_list d = { b, term, 0 };

    out_card_strings(m, key, dd_item, &d);
    if (d.n)
        outbuf_puts(b, "</dd>");
}

/* Dtypes, quantisation and the training compute the card states. */
static void scale_facts(struct outbuf *b, const struct rep_model *m)
{
    const cJSON *dt = m->scale ? cJSON_GetObjectItemCaseSensitive(m->scale, "dtypes") : NULL, *e;
    const cJSON *q = m->scale ? cJSON_GetObjectItemCaseSensitive(m->scale, "quantization") : NULL;
    const char *keys[2][2] = { { "training_compute_flops", "FLOPs" }, { "training_gpu_hours", "GPU hours" } };
    char buf[64];

    if (cJSON_IsObject(dt) && dt->child) {
        outbuf_puts(b, "<dt>Tensor types</dt><dd>");
        cJSON_ArrayForEach(e, dt) {
            outbuf_puts(b, e == dt->child ? "" : ", ");
            esc(b, e->string);
            outbuf_printf(b, " &times;%d", e->valueint);
        }
        outbuf_puts(b, "</dd>");
    }
    if (cJSON_IsString(q))
        dd(b, "Quantization", q->valuestring);
    for (int k = 0; k < 2; k++) {
        const cJSON *v = m->scale ? cJSON_GetObjectItemCaseSensitive(m->scale, keys[k][0]) : NULL;
        if (cJSON_IsNumber(v)) {
            snprintf(buf, sizeof buf, "%.3g %s (model card)", v->valuedouble, keys[k][1]);
            dd(b, "Training compute", buf);
        }
    }
}

static void facts_section(struct outbuf *b, const struct rep_model *m)
{
    char buf[64];

    outbuf_puts(b, "<div class=\"grid2\"><div class=\"card\"><b>Model</b><dl class=\"kv\">");
    dd(b, "Name", m->name);
    dd(b, "Revision", m->revision);
    dd(b, "Path", m->path);
    dd(b, "Layout", layout_name(m->layout));
    human_params(buf, sizeof buf, m->parameters);
    dd(b, "Parameters", buf);
    scale_facts(b, m);
    card_strings(b, m, "pipeline_tag", "Task");
    card_strings(b, m, "architectures", "Architecture");
    card_strings(b, m, "datasets", "Datasets");
    outbuf_puts(b, "</dl></div><div class=\"card\"><b>Publisher</b><dl class=\"kv\">");
    if (cJSON_IsObject(m->publisher)) {
        dd(b, "Name", out_publisher(m, "name"));
        dd(b, "Legal entity", out_publisher(m, "entity"));
        dd(b, "Jurisdiction", out_publisher(m, "jurisdiction"));
        dd(b, "Source", out_publisher(m, "source"));
    } else {
        outbuf_puts(b, "<dt>Name</dt><dd>not identified</dd>");
    }
    for (const cJSON *u = m->upstream_publishers ? m->upstream_publishers->child : NULL; u; u = u->next) {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(u, "name"), *j = cJSON_GetObjectItemCaseSensitive(u, "jurisdiction");
        if (!cJSON_IsString(nm))
            continue;
        outbuf_puts(b, "<dt>Upstream</dt><dd>");
        esc(b, nm->valuestring);
        if (cJSON_IsString(j)) {
            outbuf_puts(b, " (");
            esc(b, j->valuestring);
            outbuf_puts(b, ")");
        }
        outbuf_puts(b, "</dd>");
    }
    outbuf_puts(b, "</dl></div></div>\n");
}

static void findings_section(struct outbuf *b, const struct rep_model *m)
{
    if (!m->n_findings)
        return;
    outbuf_puts(b, "<h3>Findings</h3><div class=\"card\"><table><thead><tr><th>Severity</th><th>Finding</th>"
                   "<th>What was found</th><th>File</th></tr></thead><tbody>");
    for (size_t i = 0; i < m->n_findings; i++) {
        const struct rep_finding *f = &m->findings[i];
        const struct findcode *fc = findcode_lookup(f->code);
        outbuf_printf(b, "<tr><td><span class=\"badge %s\">%s</span></td><td><b>", sev_class(f->severity),
                      finding_sev_name(f->severity));
        esc(b, finding_title(f));
        outbuf_puts(b, "</b><br><code class=\"sub\">");
        esc(b, f->code);
        outbuf_puts(b, "</code></td><td>");
        esc(b, f->message);
        if (fc) {
            outbuf_puts(b, "<div class=\"sub\">");
            esc(b, fc->help);
            outbuf_puts(b, "</div>");
        }
        outbuf_puts(b, "</td><td><code>");
        esc_or_dash(b, f->file);
        outbuf_puts(b, "</code></td></tr>");
    }
    outbuf_puts(b, "</tbody></table></div>\n");
}

static void files_section(struct outbuf *b, const struct rep_model *m)
{
    outbuf_printf(b, "<h3>Files (%zu)</h3><div class=\"card\">", m->n_files);
    if (!m->n_files) {
        outbuf_puts(b, "<p>No files.</p></div>\n");
        return;
    }
    outbuf_puts(b, "<table><thead><tr><th>File</th><th>Role</th><th>Format</th><th>Size</th><th>Integrity</th>"
                   "<th>Valid</th><th>SHA-256</th></tr></thead><tbody>");
    for (size_t i = 0; i < m->n_files; i++) {
        const struct rep_file *f = &m->files[i];
        char size[32];
        if (f->size >= 0)
            human_size(size, sizeof size, f->size);
        else
            snprintf(size, sizeof size, "&mdash;");
        outbuf_puts(b, "<tr><td><code>");
        esc_or_dash(b, f->path);
        outbuf_puts(b, "</code>");
        for (size_t k = 0; k < f->problems.n; k++) {
            const struct problem *p = &f->problems.v[k];
            outbuf_printf(b, "<div class=\"sub\"><span class=\"t-%s\">%s</span> <code>", p->sev >= SEV_DENY ? "deny" : "review",
                          problem_sev_name(p->sev));
            esc(b, p->code);
            outbuf_puts(b, "</code> ");
            if (p->offset >= 0)
                outbuf_printf(b, "at offset %lld: ", (long long)p->offset);
            esc(b, p->message);
            outbuf_puts(b, "</div>");
        }
        outbuf_printf(b, "</td><td class=\"nw\">%s</td><td class=\"nw\">%s</td><td class=\"nw\">%s</td>"
                         "<td class=\"nw\"><span class=\"badge %s\">%s</span>",
                      role_name(f->role), fmt_name(f->format), size, integrity_class(f->integrity),
                      integrity_name(f->integrity));
        if (f->has_expected)
            outbuf_printf(b, "<div class=\"sub\">vs %s</div>", f->expected.from);
        outbuf_printf(b, "</td><td>%s</td><td class=\"mono\">", f->valid == 1 ? "yes" : f->valid == 0 ? "<b class=\"t-deny\">no</b>" : "&mdash;");
        if (f->has_sha256)
            outbuf_printf(b, "<span title=\"%s\">%.12s&hellip;</span>", f->sha256, f->sha256);
        else
            outbuf_puts(b, "&mdash;");
        if (f->integrity == INTEG_MISMATCH && f->has_expected)
            outbuf_printf(b, "<div class=\"sub t-deny\">expected %.12s&hellip;</div>", f->expected.hex);
        outbuf_puts(b, "</td></tr>");
    }
    outbuf_puts(b, "</tbody></table></div>\n");
}

static void model_section(struct outbuf *b, const struct rep_model *m, size_t mi, size_t n)
{
    const char *v = verdict_name(m->verdict);

    outbuf_printf(b, "<section class=\"model\" id=\"model-%zu\"><div class=\"card\"><div class=\"model-head\"><div>", mi + 1);
    outbuf_puts(b, "<h2>");
    esc(b, m->name ? m->name : m->path);
    outbuf_puts(b, "</h2><div class=\"sub\">");
    if (m->revision) {
        outbuf_puts(b, "revision <code>");
        esc(b, m->revision);
        outbuf_puts(b, "</code> &middot; ");
    }
    esc(b, m->path);
    outbuf_printf(b, "</div></div><span class=\"badge b-%s\">%s</span></div>", v, v);
    if (n > 1)
        reasons(b, m);
    outbuf_puts(b, "</div>");
    facts_section(b, m);
    openness_section(b, m);
    findings_section(b, m);
    license_section(b, m);
    obligations_section(b, m);
    lineage_section(b, m);
    files_section(b, m);
    outbuf_puts(b, "</section>\n");
}

int out_html(struct outbuf *out, const struct report *r, struct wa_err *err)
{
    char date[32], hash[64];
    const char *v = verdict_name(r->verdict);

    out_iso8601(out_time(r), date, sizeof date);
    sha256_b64(css, hash, sizeof hash);
    outbuf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    outbuf_printf(out, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "style-src 'sha256-%s'; img-src 'none'; script-src 'none'; object-src 'none'; "
                       "frame-src 'none'; base-uri 'none'; form-action 'none'\">\n", hash);
    outbuf_puts(out, "<meta name=\"referrer\" content=\"no-referrer\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    outbuf_printf(out, "<meta name=\"generator\" content=\"weightaudit %s\">\n<title>weightaudit: %s", WA_VERSION, v);
    if (r->n_models == 1) {
        outbuf_puts(out, " &mdash; ");
        esc(out, r->models[0].name ? r->models[0].name : r->models[0].path);
    }
    outbuf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n", css);
    outbuf_printf(out, "<header class=\"top\"><div class=\"brand\">weightaudit model audit</div><div class=\"meta\">"
                       "%s &middot; weightaudit %s", date, WA_VERSION);
    if (cJSON_IsObject(r->policy)) {
        const cJSON *pn = cJSON_GetObjectItemCaseSensitive(r->policy, "name");
        if (cJSON_IsString(pn)) {
            outbuf_puts(out, " &middot; policy ");
            esc(out, pn->valuestring);
        }
    }
    outbuf_puts(out, "</div></header>\n");
    verdict_card(out, r);
    for (size_t i = 0; i < r->n_models; i++)
        model_section(out, &r->models[i], i, r->n_models);
    outbuf_puts(out, "<footer>This page records facts that weightaudit found in the files (hashes, formats, license "
                     "texts, model card) and the verdict of the organisation's policy over them. It is not legal "
                     "advice. Hashes are SHA-256; &ldquo;verified&rdquo; means equal to the publisher's record "
                     "named beside it.</footer>\n</main>\n</body>\n</html>\n");
    return out->oom ? wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory") : 0;
}
