/*
 * lic_card.c - libyaml event stream to cJSON for the model card front
 * matter (see lic_card.h).  Built with an explicit stack, so deep nesting
 * never recurses.
 */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "lic_card.h"

struct frame {
    cJSON *node;
    char *key;          /* mapping: the key waiting for its value */
    int have_key;
};

static int attach(struct frame *st, int depth, cJSON **root, cJSON *v)
{
    struct frame *f;

    if (depth == 0) {
        if (*root)
            cJSON_Delete(*root);
        *root = v;
        return 0;
    }
    f = &st[depth - 1];
    if (cJSON_IsArray(f->node)) {
        cJSON_AddItemToArray(f->node, v);
        return 0;
    }
    if (!f->have_key) {
        /* the key: a scalar; anything else becomes "" */
        f->key = strdup(cJSON_IsString(v) ? v->valuestring : "");
        f->have_key = 1;
        cJSON_Delete(v);
        return f->key ? 0 : -1;
    }
    cJSON_DeleteItemFromObjectCaseSensitive(f->node, f->key);   /* a key given twice: the last wins */
    cJSON_AddItemToObject(f->node, f->key, v);
    free(f->key);
    f->key = NULL;
    f->have_key = 0;
    return 0;
}

static cJSON *scalar(const yaml_event_t *e)
{
    const char *s = (const char *)e->data.scalar.value;
    size_t n = e->data.scalar.length;

    if (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
        (n == 0 || (n == 1 && s[0] == '~') || (n == 4 && (strncmp(s, "null", 4) == 0 || strncmp(s, "Null", 4) == 0 || strncmp(s, "NULL", 4) == 0))))
        return cJSON_CreateNull();
    char *c = malloc(n + 1);
    cJSON *v;
    if (!c)
        return NULL;
    memcpy(c, s, n);
    c[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (c[i] == '\0')
            c[i] = ' ';
    v = cJSON_CreateString(c);
    free(c);
    return v;
}

static int parse_yaml(cJSON **out, const char *p, size_t n, size_t base, struct wa_err *err)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    struct frame st[LIC_CARD_DEPTH];
    int depth = 0, done = 0, rc = 0;
    size_t nodes = 0;
    cJSON *root = NULL;

    memset(st, 0, sizeof st);
    if (!yaml_parser_initialize(&parser))
        return wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)p, n);
    while (!done) {
        cJSON *v = NULL;
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = wa_err_set(err, WA_EFORMAT, NULL, (int64_t)(base + parser.problem_mark.index),
                            "model card front matter: YAML error at line %zu: %s",
                            (size_t)parser.problem_mark.line + 2, parser.problem ? parser.problem : "syntax error");
            break;
        }
        if (++nodes > LIC_CARD_NODES) {
            yaml_event_delete(&ev);
            rc = wa_err_set(err, WA_ETOOBIG, NULL, -1, "model card front matter: more than %d YAML nodes", LIC_CARD_NODES);
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_DOCUMENT_END_EVENT:
            done = 1;               /* only the first document counts */
            break;
        case YAML_SCALAR_EVENT:
            v = scalar(&ev);
            if (!v || attach(st, depth, &root, v))
                rc = wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
            break;
        case YAML_ALIAS_EVENT:
            if (attach(st, depth, &root, cJSON_CreateNull()))
                rc = wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (depth >= LIC_CARD_DEPTH) {
                rc = wa_err_set(err, WA_ETOOBIG, NULL, (int64_t)(base + ev.start_mark.index),
                                "model card front matter: nesting deeper than %d", LIC_CARD_DEPTH);
                break;
            }
            st[depth].node = ev.type == YAML_SEQUENCE_START_EVENT ? cJSON_CreateArray() : cJSON_CreateObject();
            st[depth].key = NULL;
            st[depth].have_key = 0;
            if (!st[depth].node)
                rc = wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
            else
                depth++;
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (depth > 0) {
                depth--;
                v = st[depth].node;
                free(st[depth].key);
                st[depth].key = NULL;
                st[depth].node = NULL;
                if (attach(st, depth, &root, v))
                    rc = wa_err_set(err, WA_ENOMEM, NULL, -1, "out of memory");
            }
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
        if (rc)
            break;
    }
    while (depth > 0) {
        depth--;
        free(st[depth].key);
        cJSON_Delete(st[depth].node);
    }
    yaml_parser_delete(&parser);
    if (rc) {
        cJSON_Delete(root);
        return rc;
    }
    if (root && cJSON_IsNull(root)) {
        cJSON_Delete(root);
        root = cJSON_CreateObject();        /* "---\n---": empty front matter */
    }
    if (!root)
        root = cJSON_CreateObject();
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return wa_err_set(err, WA_EFORMAT, NULL, (int64_t)base, "model card front matter is not a YAML mapping");
    }
    *out = root;
    return 0;
}

/* Length of the line at p (without its end), and where the next starts. */
static size_t line_at(const char *s, size_t len, size_t i, size_t *next)
{
    size_t e = i;
    while (e < len && s[e] != '\n')
        e++;
    *next = e < len ? e + 1 : e;
    while (e > i && (s[e - 1] == '\r' || s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    return e - i;
}

int lic_card_parse(cJSON **out, const char *s, size_t len, struct wa_err *err)
{
    size_t i = 0, next, n, body;

    *out = NULL;
    if (len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
        i = 3;
    n = line_at(s, len, i, &next);
    if (n != 3 || memcmp(s + i, "---", 3) != 0)
        return 0;                           /* no front matter */
    body = next;
    for (i = next; i < len; i = next) {
        n = line_at(s, len, i, &next);
        if ((n == 3 && (memcmp(s + i, "---", 3) == 0 || memcmp(s + i, "...", 3) == 0))) {
            if (i - body > LIC_CARD_MAX)
                return wa_err_set(err, WA_ETOOBIG, NULL, (int64_t)body, "model card front matter larger than %u bytes", LIC_CARD_MAX);
            return parse_yaml(out, s + body, i - body, body, err);
        }
        if (i - body > LIC_CARD_MAX)
            break;
    }
    return wa_err_set(err, WA_EFORMAT, NULL, 0, "model card front matter: no closing \"---\" line");
}

void lic_card_strings(const cJSON *card, const char *key, void (*fn)(const char *s, void *arg), void *arg)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(card, key), *e;

    if (cJSON_IsString(v)) {
        fn(v->valuestring, arg);
        return;
    }
    if (!cJSON_IsArray(v))
        return;
    cJSON_ArrayForEach(e, v)
        if (cJSON_IsString(e))
            fn(e->valuestring, arg);
}
