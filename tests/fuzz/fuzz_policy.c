/*
 * fuzz_policy.c - libFuzzer target for the policy file parser: any input
 * either parses or is refused with an error naming the file; a parsed
 * policy has bounded facts (regions, thresholds) and writes back to JSON.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct policy *p = NULL;
    struct wa_err err;
    cJSON *j;

    wa_err_clear(&err);
    if (policy_parse(&p, (const char *)data, size, "fuzz.json", "fuzz", &err)) {
        if (p || strcmp(err.file, "fuzz.json") != 0)
            abort();
        return 0;
    }
    if (!p || !p->name || p->org.n_regions < 0 || p->org.n_regions > POLICY_MAX_REGIONS)
        abort();
    for (int i = 0; i < p->org.n_regions; i++)
        if (strlen(p->org.regions[i]) >= sizeof p->org.regions[i])
            abort();
    policy_set_mau(p, 1000);
    (void)policy_add_region(p, "eu");
    j = policy_to_json(p);
    cJSON_Delete(j);
    policy_free(p);
    return 0;
}
