/*
 * fuzz_card.c - libFuzzer target for the model card front matter parser
 * (libyaml behind lic_card): any bytes, with and without a leading
 * "---" line, must parse or fail cleanly, within the nesting and node caps.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lic_card.h"

static void run(const char *p, size_t n)
{
    cJSON *c = NULL;
    struct wa_err e;
    int rc = lic_card_parse(&c, p, n, &e);

    if (rc == 0 && c && !cJSON_IsObject(c))
        abort();
    if (rc != 0 && c)
        abort();
    cJSON_Delete(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *b = malloc(size + 8);

    if (!b)
        return 0;
    run((const char *)data, size);
    memcpy(b, "---\n", 4);
    memcpy(b + 4, data, size);
    run(b, size + 4);
    free(b);
    return 0;
}
