/*
 * manifest.c - the in-memory manifest (see manifest.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"

struct manifest *manifest_new(void)
{
    return calloc(1, sizeof(struct manifest));
}

void manifest_free(struct manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        free(m->v[i].path);
    free(m->v);
    free(m->name);
    free(m->revision);
    free(m);
}

int manifest_add(struct manifest *m, const char *path, int64_t size, const char *sha256)
{
    struct manifest_entry *e;

    if (!sha256 || !hash_is_hex(sha256, 64))
        return WA_EFORMAT;
    if ((m->n & (m->n - 1)) == 0) {
        size_t cap = m->n ? m->n * 2 : 1;
        struct manifest_entry *v = realloc(m->v, cap * sizeof *v);
        if (!v)
            return WA_ENOMEM;
        m->v = v;
    }
    e = &m->v[m->n];
    e->path = strdup(path);
    if (!e->path)
        return WA_ENOMEM;
    e->size = size;
    for (int i = 0; i < 64; i++)
        e->sha256[i] = (char)tolower((unsigned char)sha256[i]);
    e->sha256[64] = '\0';
    m->n++;
    return 0;
}

const struct manifest_entry *manifest_find(const struct manifest *m, const char *path)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->v[i].path, path) == 0)
            return &m->v[i];
    return NULL;
}
