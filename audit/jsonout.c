/*
 * jsonout.c - JSON writing helpers (see jsonout.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "jsonout.h"
#include "utf8.h"

char *jsonout_safe_string(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t ok = utf8_valid_prefix(p, n), cap, k = 0;
    char *out;

    if (ok == n && memchr(s, 0, n) == NULL) {
        out = malloc(n + 1);
        if (out) {
            memcpy(out, s, n);
            out[n] = '\0';
        }
        return out;
    }
    cap = n * 4 + 1;
    out = malloc(cap);
    if (!out)
        return NULL;
    size_t i = 0;
    while (i < n) {
        size_t good = utf8_valid_prefix(p + i, n - i);
        for (size_t j = 0; j < good; j++) {
            if (p[i + j] == 0) {   /* NUL cannot live in a C string */
                memcpy(out + k, "\\x00", 4);
                k += 4;
            } else {
                out[k++] = (char)p[i + j];
            }
        }
        i += good;
        if (i < n) {
            static const char hex[] = "0123456789abcdef";
            out[k++] = '\\';
            out[k++] = 'x';
            out[k++] = hex[p[i] >> 4];
            out[k++] = hex[p[i] & 15];
            i++;
        }
    }
    out[k] = '\0';
    return out;
}

cJSON *jsonout_str(const char *s)
{
    char *safe = jsonout_safe_string(s, strlen(s));
    cJSON *item;

    if (!safe)
        return NULL;
    item = cJSON_CreateString(safe);
    free(safe);
    return item;
}

cJSON *jsonout_add_strn(cJSON *obj, const char *key, const char *s, size_t n)
{
    char *safe;
    cJSON *item;

    if (!s)
        return cJSON_AddNullToObject(obj, key);
    safe = jsonout_safe_string(s, n);
    if (!safe)
        return NULL;
    item = cJSON_AddStringToObject(obj, key, safe);
    free(safe);
    return item;
}

cJSON *jsonout_add_str(cJSON *obj, const char *key, const char *s)
{
    return jsonout_add_strn(obj, key, s, s ? strlen(s) : 0);
}

cJSON *jsonout_add_int(cJSON *obj, const char *key, int64_t v)
{
    if (v < 0)
        return cJSON_AddNullToObject(obj, key);
    return cJSON_AddNumberToObject(obj, key, (double)v);
}

cJSON *jsonout_add_tri(cJSON *obj, const char *key, int v)
{
    if (v < 0)
        return cJSON_AddNullToObject(obj, key);
    return cJSON_AddBoolToObject(obj, key, v != 0);
}

/* Make the strings of one node safe in place; 0 or WA_ENOMEM. */
static int fix_node(cJSON *j)
{
    if (cJSON_IsString(j) && j->valuestring) {
        size_t n = strlen(j->valuestring);
        if (utf8_valid_prefix((const unsigned char *)j->valuestring, n) != n) {
            char *safe = jsonout_safe_string(j->valuestring, n);
            if (!safe || !cJSON_SetValuestring(j, safe)) {
                free(safe);
                return WA_ENOMEM;
            }
            free(safe);
        }
    }
    if (j->string && !(j->type & cJSON_StringIsConst)) {
        size_t n = strlen(j->string);
        if (utf8_valid_prefix((const unsigned char *)j->string, n) != n) {
            char *safe = jsonout_safe_string(j->string, n), *copy;
            if (!safe)
                return WA_ENOMEM;
            copy = cJSON_malloc(strlen(safe) + 1);
            if (!copy) {
                free(safe);
                return WA_ENOMEM;
            }
            strcpy(copy, safe);
            free(safe);
            cJSON_free(j->string);
            j->string = copy;
        }
    }
    for (cJSON *c = j->child; c; c = c->next)
        if (fix_node(c))
            return WA_ENOMEM;
    return 0;
}

cJSON *jsonout_dup(const cJSON *j)
{
    cJSON *d = j ? cJSON_Duplicate(j, 1) : NULL;

    if (d && fix_node(d)) {
        cJSON_Delete(d);
        return NULL;
    }
    return d;
}

char *jsonout_print(const cJSON *item)
{
    char *raw = cJSON_Print(item), *out, *o;
    size_t tabs = 0;

    if (!raw)
        return NULL;
    /* cJSON indents with tabs and writes ":\t"; raw tabs never occur inside
     * strings (they are escaped), so every tab is layout */
    for (char *p = raw; *p; p++)
        tabs += *p == '\t';
    out = malloc(strlen(raw) + tabs + 2);
    if (!out) {
        free(raw);
        return NULL;
    }
    o = out;
    for (char *p = raw; *p; p++) {
        if (*p != '\t') {
            *o++ = *p;
        } else if (p > raw && p[-1] == ':') {
            *o++ = ' ';
        } else {
            *o++ = ' ';
            *o++ = ' ';
        }
    }
    *o++ = '\n';
    *o = '\0';
    free(raw);
    return out;
}

int jsonout_write(const cJSON *doc, const char *path)
{
    char *s = jsonout_print(doc);
    FILE *f;
    int rc = 0;

    if (!s)
        return WA_ENOMEM;
    if (!path || strcmp(path, "-") == 0) {
        if (fputs(s, stdout) == EOF || fflush(stdout) != 0)
            rc = WA_EIO;
    } else {
        f = fopen(path, "w");
        if (!f) {
            free(s);
            return WA_EIO;
        }
        if (fputs(s, f) == EOF)
            rc = WA_EIO;
        if (fclose(f) != 0)
            rc = WA_EIO;
    }
    free(s);
    return rc;
}
